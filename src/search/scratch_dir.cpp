#include "search/scratch_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include <spdlog/spdlog.h>

namespace kring::search {

namespace {
constexpr const char* kLockFile = ".owner.lock";
}  // namespace

std::string scratch_base_dir() {
  if (const char* d = std::getenv("KRING_SEARCH_DIR"); d && *d) return d;
  if (const char* d = std::getenv("TMPDIR"); d && *d) {
    struct statfs st {};
    constexpr long kTmpfsMagic = 0x01021994;
    if (statfs(d, &st) == 0 && static_cast<long>(st.f_type) != kTmpfsMagic) return d;
  }
  return "/var/tmp";
}

size_t ScratchDir::sweep(const std::string& base, std::string_view prefix) {
  namespace fs = std::filesystem;
  const std::string start = std::string(prefix) + "-";
  size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(start, 0) != 0 || !it->is_directory(ec)) continue;
    const std::string lock = (it->path() / kLockFile).string();
    int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) continue;
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (free) {
      std::error_code rec;
      fs::remove_all(it->path(), rec);
      if (rec) spdlog::warn("search: removing the stale folder {}: {}", it->path().string(), rec.message());
      else ++removed;
    }
    ::close(fd);
  }
  return removed;
}

Result<ScratchDir> ScratchDir::create(std::string_view prefix, const std::string& base) {
  if (size_t n = sweep(base, prefix); n > 0) {
    spdlog::info("search: removed {} folder(s) left behind by processes that are gone", n);
  }
  // Made under a name sweeps ignore, locked, then renamed: a sweep never sees the folder with a free lock.
  std::string tmpl = base + "/.new-" + std::string(prefix) + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return Error::internal("creating a search folder under " + base + ": " + std::strerror(errno));
  }
  ScratchDir d;
  d.path_ = tmpl;
  const std::string lock = tmpl + "/" + kLockFile;
  d.lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (d.lock_fd_ < 0 || ::flock(d.lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string why = std::strerror(errno);
    d.remove();
    return Error::internal("locking the search folder " + tmpl + ": " + why);
  }
  std::string final_path = base + "/" + std::string(prefix) + "-" + tmpl.substr(tmpl.size() - 6);
  if (::rename(tmpl.c_str(), final_path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    d.remove();
    return Error::internal("naming the search folder " + final_path + ": " + why);
  }
  d.path_ = std::move(final_path);
  return d;
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept
    : path_(std::exchange(other.path_, {})), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

ScratchDir& ScratchDir::operator=(ScratchDir&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

void ScratchDir::remove() {
  if (!path_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);  // while still locked: a sweep never sees it half-removed and free
    if (ec) spdlog::warn("search: removing {}: {}", path_, ec.message());
    path_.clear();
  }
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
}

}  // namespace kring::search
