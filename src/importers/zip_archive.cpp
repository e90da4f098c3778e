#include "importers/zip_archive.h"

#include <zip.h>

#include <array>
#include <cstdio>
#include <memory>

namespace kring::importers {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

std::string mib(uint64_t bytes) { return std::to_string(bytes / kMiB) + " MiB"; }

struct ArchiveCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

// The decompressed bytes of one entry as a stream buffer, counted against the limits as they are read.
class EntryBuffer final : public std::streambuf {
 public:
  EntryBuffer(zip_file_t* file, const ZipLimits& limits, uint64_t& total)
      : file_(file), limits_(limits), total_(total) {}
  ~EntryBuffer() override { zip_fclose(file_); }
  EntryBuffer(const EntryBuffer&) = delete;
  EntryBuffer& operator=(const EntryBuffer&) = delete;

  bool too_large() const { return too_large_; }
  bool damaged() const { return damaged_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (too_large_ || damaged_ || eof_) return traits_type::eof();
    zip_int64_t n = zip_fread(file_, buf_.data(), buf_.size());
    if (n < 0) {
      damaged_ = true;
      return traits_type::eof();
    }
    if (n == 0) {
      eof_ = true;
      return traits_type::eof();
    }
    read_ += static_cast<uint64_t>(n);
    total_ += static_cast<uint64_t>(n);
    // The declared sizes were checked before; these are the bytes the entry really expands to.
    if (read_ > limits_.max_entry_bytes || total_ > limits_.max_total_bytes) {
      too_large_ = true;
      return traits_type::eof();
    }
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  zip_file_t* file_;
  const ZipLimits& limits_;
  uint64_t& total_;
  uint64_t read_ = 0;
  bool too_large_ = false;
  bool damaged_ = false;
  bool eof_ = false;
  std::array<char, kChunkBytes> buf_;
};

}  // namespace

Error invalid_zip(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "", "invalid_zip"};
}

Error zip_too_large(std::string message) {
  return Error{ErrorCode::kPayloadTooLarge, std::move(message), "", "zip_too_large"};
}

Status read_zip(std::string_view bytes, const ZipLimits& limits,
                const std::function<bool(std::string_view)>& want,
                const std::function<Status(const std::string& name, std::istream& in)>& fn) {
  if (bytes.size() < 22) return invalid_zip("the upload is not a ZIP archive");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return Error::internal("libzip could not wrap the upload");
  }
  Archive za(zip_open_from_source(src, ZIP_RDONLY, &err));
  if (!za) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return invalid_zip("the upload is not a ZIP archive (" + why + ")");
  }
  zip_error_fini(&err);

  const zip_int64_t count = zip_get_num_entries(za.get(), 0);
  if (count < 0) return invalid_zip("the archive's directory is damaged");
  if (count > limits.max_entries) {
    return zip_too_large("the archive holds more than " + std::to_string(limits.max_entries) + " files");
  }
  // Declared sizes first: refuse before decompressing anything.
  struct Entry {
    zip_uint64_t index;
    std::string name;
  };
  std::vector<Entry> wanted;
  uint64_t declared_total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
      return invalid_zip("entry " + std::to_string(i) + " of the archive is damaged");
    }
    std::string name = st.name;
    if (!(st.valid & ZIP_STAT_SIZE)) return invalid_zip(name + " does not declare its size");
    if (st.size > limits.max_entry_bytes) {
      return zip_too_large(name + " expands to more than " + mib(limits.max_entry_bytes));
    }
    declared_total += st.size;
    if (declared_total > limits.max_total_bytes) {
      return zip_too_large("the archive expands to more than " + mib(limits.max_total_bytes));
    }
    if (name.empty() || name.back() == '/') continue;
    if (want(name)) wanted.push_back({static_cast<zip_uint64_t>(i), std::move(name)});
  }

  uint64_t total = 0;
  for (const Entry& e : wanted) {
    zip_file_t* f = zip_fopen_index(za.get(), e.index, 0);
    if (!f) {
      return invalid_zip(e.name + " cannot be read (" + std::string(zip_strerror(za.get())) + ")");
    }
    EntryBuffer buf(f, limits, total);
    std::istream in(&buf);
    Status st = fn(e.name, in);
    if (buf.too_large()) {
      return zip_too_large(e.name + " expands past the limits (" + mib(limits.max_entry_bytes) +
                           " per file, " + mib(limits.max_total_bytes) + " in all)");
    }
    if (buf.damaged()) return invalid_zip(e.name + " is damaged and cannot be decompressed");
    if (!st.ok()) return st;
  }
  return {};
}

Result<std::string> write_zip(const std::vector<ZipFile>& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return Error::internal("libzip: cannot create a buffer");
  }
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (!za) {
    zip_source_free(src);
    zip_error_fini(&err);
    return Error::internal("libzip: cannot open an archive in memory");
  }
  zip_error_fini(&err);
  zip_source_keep(src);  // the archive is written into src on close; read it back afterwards
  auto fail = [&](const std::string& what) -> Error {
    std::string why = zip_strerror(za);
    zip_discard(za);
    zip_source_free(src);
    return Error::internal("libzip: " + what + ": " + why);
  };
  for (const ZipFile& f : files) {
    zip_source_t* data = zip_source_buffer(za, f.data.data(), f.data.size(), 0);
    if (!data) return fail("cannot add " + f.name);
    zip_int64_t idx = zip_file_add(za, f.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(data);
      return fail("cannot add " + f.name);
    }
    if (zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 0) != 0) {
      return fail("cannot compress " + f.name);
    }
  }
  if (zip_close(za) != 0) return fail("cannot write the archive");

  std::string out;
  if (zip_source_open(src) != 0) {
    zip_source_free(src);
    return Error::internal("libzip: cannot read the archive back");
  }
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  if (size > 0) {
    out.resize(static_cast<size_t>(size));
    zip_int64_t got = zip_source_read(src, out.data(), out.size());
    if (got != size) {
      zip_source_close(src);
      zip_source_free(src);
      return Error::internal("libzip: short read of the archive");
    }
  }
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

}  // namespace kring::importers
