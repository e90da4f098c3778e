// Private folders for on-disk search indexes that live exactly as long as the process that made them.
//
// An index is derived data rebuilt at every start, so its folder is scratch: removed when the index closes.
// A process killed with SIGKILL (or a power cut) cannot remove its folders, so each folder holds a lock file
// that its process keeps flock()ed; creating a folder first sweeps folders of the same prefix whose lock is
// free, i.e. whose process is gone. Holding the lock is what marks a folder in use, so a recycled process id
// or another container sharing the directory never loses a live index.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace kring::search {

// Where the folders go: $KRING_SEARCH_DIR, else $TMPDIR unless it is a tmpfs (the index would then live in
// memory again), else /var/tmp.
std::string scratch_base_dir();

class ScratchDir {
 public:
  // Sweeps stale "<prefix>-*" folders under `base`, then creates and locks a new one there.
  static Result<ScratchDir> create(std::string_view prefix, const std::string& base = scratch_base_dir());
  // Removes "<prefix>-*" folders under `base` whose lock is not held; returns how many. Folders without a lock
  // file are left alone (not ours, or still being created).
  static size_t sweep(const std::string& base, std::string_view prefix);

  ScratchDir() = default;
  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&& other) noexcept;
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() { remove(); }

  const std::string& path() const { return path_; }
  bool empty() const { return path_.empty(); }
  // Deletes the folder and releases the lock. Idempotent.
  void remove();

 private:
  std::string path_;
  int lock_fd_ = -1;
};

}  // namespace kring::search
