// The web app's build output, held in memory and served with content types and cache headers. Paths that
// are not files get index.html so that client-side routes survive a reload.
#pragma once

#include <string>
#include <unordered_map>

#include "http/request.h"

namespace kring::api {

class StaticFiles {
 public:
  // Loads every file below `root` (missing root: serves a short page saying the web app is not built).
  void load(const std::string& root);
  http::Response serve(const std::string& path) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    bool immutable = false;  // hashed asset names: cache for a year
  };
  std::unordered_map<std::string, File> files_;  // "/assets/x.js" -> file
};

}  // namespace kring::api
