#include "blob/local_blob_store.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <utility>

#include "blob/key_rules.h"
#include "core/ids.h"
#include "core/unique_fd.h"

namespace vitrine::blob {
namespace {

namespace fs = std::filesystem;

// A temporary file that is deleted unless it was renamed into place.
// A temporary file name unique across processes and threads without asking the CSPRNG (whose
// fork check costs a getpid per call): pid, thread number and a per-thread counter.
std::string temp_name() {
  static std::atomic<uint64_t> next_thread{0};
  thread_local const uint64_t thread_no = next_thread++;
  thread_local uint64_t counter = 0;
  return std::string(internal::kReservedSegmentPrefix) + std::to_string(::getpid()) + "-" +
         std::to_string(thread_no) + "-" + std::to_string(counter++);
}

class TempFile {
 public:
  explicit TempFile(fs::path path) : path_(std::move(path)) {}
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const fs::path& path() const { return path_; }
  void committed() { path_.clear(); }

 private:
  fs::path path_;
};

std::string errno_text(int err) { return std::strerror(err); }

Unexpected io_error(std::string_view key, std::string_view action, int err) {
  return fail(errc::kIo,
              "blob \"" + std::string(key) + "\": " + std::string(action) + ": " + errno_text(err));
}

Unexpected not_found(std::string_view key) {
  return fail(errc::kNotFound, "blob \"" + std::string(key) + "\" not found");
}

// Opens the object's file for reading; not_found unless it is a regular file.
Result<std::pair<UniqueFd, uint64_t>> open_object(const fs::path& path, std::string_view key) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return not_found(key);
    return io_error(key, "open", errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error(key, "stat", errno);
  if (!S_ISREG(st.st_mode)) return not_found(key);
  return std::pair<UniqueFd, uint64_t>(std::move(fd), static_cast<uint64_t>(st.st_size));
}

// Reads up to `length` bytes from `offset`; stops early at end of file.
Result<std::string> read_at(int fd, uint64_t offset, uint64_t length, std::string_view key) {
  std::string out;
  out.resize(length);
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(key, "read", errno);
    }
    if (n == 0) break;
    done += static_cast<uint64_t>(n);
  }
  out.resize(done);
  return out;
}

Status write_all(int fd, std::string_view data, std::string_view key) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(key, "write", errno);
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

bool is_temp_name(std::string_view name) {
  return name.starts_with(internal::kReservedSegmentPrefix);
}

}  // namespace

Result<std::unique_ptr<LocalBlobStore>> LocalBlobStore::open_dir(const fs::path& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec);
  if (ec) return fail(errc::kIo, "blob folder " + root.string() + ": " + ec.message());
  absolute = absolute.lexically_normal();
  fs::create_directories(absolute, ec);
  if (ec)
    return fail(errc::kIo, "cannot create blob folder " + absolute.string() + ": " + ec.message());
  if (!fs::is_directory(absolute, ec)) {
    return fail(errc::kIo, "blob folder " + absolute.string() + " is not a folder");
  }
  return std::make_unique<LocalBlobStore>(std::move(absolute));
}

LocalBlobStore::LocalBlobStore(fs::path root) : root_(std::move(root)) {}

Status LocalBlobStore::put(std::string_view key, std::string_view data) {
  VITRINE_TRY(validate_key(key));
  fs::path path = root_ / key;
  fs::path dir = path.parent_path();

  // Try the temporary file first and create folders only when it fails: sync writes thousands
  // of objects into folders that mostly exist, and a stat per path component showed up as a
  // quarter of its system time.
  TempFile temp(dir / temp_name());
  UniqueFd fd(::open(temp.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid() && errno == ENOENT) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      temp.committed();  // nothing was created, so nothing to delete
      if (ec == std::errc::not_a_directory || ec == std::errc::file_exists) {
        return fail(errc::kConflict,
                    "blob \"" + std::string(key) + "\": a parent of this key is an object");
      }
      return fail(errc::kIo, "blob \"" + std::string(key) + "\": create folder: " + ec.message());
    }
    fd = UniqueFd(::open(temp.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  }
  if (!fd.valid()) {
    int err = errno;
    temp.committed();  // nothing was created, so nothing to delete
    if (err == ENOTDIR)
      return fail(errc::kConflict,
                  "blob \"" + std::string(key) + "\": a parent of this key is an object");
    return io_error(key, "create temporary file", err);
  }
  VITRINE_TRY(write_all(fd.get(), data, key));
  if (fd.close() != 0) return io_error(key, "close", errno);
  if (::rename(temp.path().c_str(), path.c_str()) != 0) {
    if (errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST) {
      return fail(errc::kConflict,
                  "blob \"" + std::string(key) + "\": the key is a folder of other objects");
    }
    return io_error(key, "rename", errno);
  }
  temp.committed();
  return {};
}

Result<std::string> LocalBlobStore::get(std::string_view key) {
  VITRINE_TRY(validate_key(key));
  VITRINE_ASSIGN(auto opened, open_object(root_ / key, key));
  // The open descriptor pins this version of the object even if a put replaces it meanwhile.
  VITRINE_ASSIGN(std::string data, read_at(opened.first.get(), 0, opened.second, key));
  return data;
}

Result<std::string> LocalBlobStore::get_range(std::string_view key, uint64_t offset,
                                              uint64_t length) {
  VITRINE_TRY(validate_key(key));
  VITRINE_ASSIGN(auto opened, open_object(root_ / key, key));
  uint64_t size = opened.second;
  if (offset >= size) return std::string();
  length = std::min(length, size - offset);
  return read_at(opened.first.get(), offset, length, key);
}

Result<BlobInfo> LocalBlobStore::head(std::string_view key) {
  VITRINE_TRY(validate_key(key));
  struct stat st {};
  fs::path path = root_ / key;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return not_found(key);
    return io_error(key, "stat", errno);
  }
  if (!S_ISREG(st.st_mode)) return not_found(key);
  return BlobInfo{std::string(key), static_cast<uint64_t>(st.st_size)};
}

Status LocalBlobStore::remove(std::string_view key) {
  VITRINE_TRY(validate_key(key));
  fs::path path = root_ / key;
  if (::unlink(path.c_str()) != 0) {
    // Missing, or a folder of other keys: either way there is no object to delete.
    if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return {};
    return io_error(key, "delete", errno);
  }
  return {};
}

Result<std::vector<BlobInfo>> LocalBlobStore::list(std::string_view prefix) {
  VITRINE_TRY(internal::validate_prefix(prefix));
  size_t slash = prefix.rfind('/');
  std::string folder_key(slash == std::string_view::npos ? "" : prefix.substr(0, slash + 1));
  std::string_view partial = prefix.substr(folder_key.size());

  std::vector<BlobInfo> out;
  // Folders to walk: (path on disk, key prefix of its entries, name filter for its entries).
  struct Pending {
    fs::path path;
    std::string key_prefix;
    std::string_view name_filter;
  };
  std::vector<Pending> pending = {{root_ / folder_key, folder_key, partial}};
  while (!pending.empty()) {
    Pending folder = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder.path, ec);
    if (ec) {
      // A folder that does not exist (or was just emptied away) holds no objects.
      if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) continue;
      return fail(errc::kIo, "blob list \"" + std::string(prefix) + "\": " + ec.message());
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      std::string name = entry.path().filename().string();
      if (!name.starts_with(folder.name_filter) || is_temp_name(name)) continue;
      // Files placed by hand with names keys cannot have are not objects of this store.
      if (!internal::is_valid_segment(name)) continue;
      std::error_code type_ec;
      if (entry.is_directory(type_ec) && !entry.is_symlink(type_ec)) {
        pending.push_back({entry.path(), folder.key_prefix + name + "/", ""});
      } else if (entry.is_regular_file(type_ec)) {
        uint64_t size = entry.file_size(type_ec);
        if (type_ec) continue;  // removed while we looked
        out.push_back({folder.key_prefix + name, size});
      }
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return fail(errc::kIo, "blob list \"" + std::string(prefix) + "\": " + ec.message());
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BlobInfo& a, const BlobInfo& b) { return a.key < b.key; });
  return out;
}

std::optional<fs::path> LocalBlobStore::local_path(std::string_view key) {
  if (!validate_key(key).ok()) return std::nullopt;
  fs::path path = root_ / key;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return path;
}

}  // namespace vitrine::blob
