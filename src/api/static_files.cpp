#include "api/static_files.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kring::api {
namespace {

std::string content_type_for(const std::string& ext) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"}, {".webmanifest", "application/manifest+json"}};
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace

void StaticFiles::load(const std::string& root) {
  namespace fs = std::filesystem;
  files_.clear();
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) {
    spdlog::warn("web app not found at '{}': run `make build` to build it", root);
    return;
  }
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string rel = "/" + fs::relative(it->path(), root).generic_string();
    File f{content_type_for(it->path().extension().string()), ss.str(), rel.rfind("/assets/", 0) == 0};
    files_.emplace(std::move(rel), std::move(f));
  }
  spdlog::info("web app: {} files from {}", files_.size(), root);
}

http::Response StaticFiles::serve(const std::string& path) const {
  http::Response r;
  auto it = files_.find(path);
  bool fallback = it == files_.end();
  if (fallback) it = files_.find("/index.html");
  if (it == files_.end()) {
    r.content_type = "text/html; charset=utf-8";
    r.body = "<!doctype html><title>Kring</title><p>The Kring web app is not built. Run <code>make build</code>.";
    return r;
  }
  // A missing asset is a 404, not the app shell (a stale cached page asking for an old bundle).
  if (fallback && path.rfind("/assets/", 0) == 0) {
    return http::Response::error(404, "not_found", "no such file");
  }
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.with_header("Cache-Control", it->second.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (r.content_type.rfind("text/html", 0) == 0) {
    r.with_header("Content-Security-Policy",
                  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    r.with_header("Referrer-Policy", "same-origin");
  }
  return r;
}

}  // namespace kring::api
