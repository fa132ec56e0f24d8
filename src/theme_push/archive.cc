// Theme archives with libarchive: a hostile-input unpacker and a deterministic packer.
#include "theme_push/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "core/unique_fd.h"
#include "themes/package.h"

namespace vitrine::theme_push {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kRatioFloorBytes = 1ull << 20;  // the ratio limit applies past this total
constexpr size_t kChunk = 64 * 1024;

struct ReadArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteArchiveDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ReadArchive = std::unique_ptr<archive, ReadArchiveDeleter>;
using WriteArchive = std::unique_ptr<archive, WriteArchiveDeleter>;
using Entry = std::unique_ptr<archive_entry, EntryDeleter>;

std::string errno_text(int err) { return std::strerror(err); }

// An entry name as it may appear in a message: control characters and non-ASCII bytes become
// \xNN so a hostile name cannot forge lines in logs or terminals, and the result is valid JSON.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Unexpected bad_entry(std::string_view name, const std::string& why) {
  std::string shown = printable(name);
  return fail(errc::kInvalidArgument, "archive entry '" + shown + "': " + why, {{"entry", shown}});
}

Unexpected corrupt(const std::string& why) {
  return fail(errc::kInvalidArgument, "not a gzip-compressed tar archive: " + why);
}

Unexpected too_large(const char* limit, uint64_t max, std::string message,
                     std::string_view entry = {}) {
  nlohmann::json details = {{"limit", limit}, {"max", max}};
  if (!entry.empty()) details["entry"] = printable(entry);
  return fail(errc::kPayloadTooLarge, std::move(message), std::move(details));
}

std::string archive_message(archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr && *s != '\0' ? s : "unreadable data";
}

// Why a (normalised, non-empty) path is not a safe relative path, for the message.
std::string unsafe_reason(std::string_view path) {
  for (unsigned char c : path) {
    if (c == '\\') return "path contains a backslash";
    if (c < 0x20 || c == 0x7f) return "path contains a control character";
  }
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view seg = path.substr(start, slash == path.npos ? path.npos : slash - start);
    if (seg == "..") return "path leaves the theme folder";
    if (slash == path.npos) break;
    start = slash + 1;
  }
  return "path has empty or '.' segments";
}

const char* special_kind(mode_t type) {
  switch (type) {
    case AE_IFLNK:
      return "is a symbolic link";
    case AE_IFCHR:
    case AE_IFBLK:
      return "is a device file";
    case AE_IFIFO:
      return "is a named pipe (FIFO)";
    case AE_IFSOCK:
      return "is a socket";
    default:
      return "is not a regular file or folder";
  }
}

// Opens (creating when missing) the folder `rel` under `root_fd`, one segment at a time and never
// through a symlink, so nothing the archive names can make a write land outside `dest`.
Result<UniqueFd> open_dirs(int root_fd, std::string_view rel, std::string_view entry) {
  UniqueFd cur(::fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  if (!cur.valid()) return fail(errc::kIo, "cannot open the destination: " + errno_text(errno));
  size_t start = 0;
  while (start < rel.size()) {
    size_t slash = rel.find('/', start);
    std::string seg(rel.substr(start, slash == rel.npos ? rel.npos : slash - start));
    if (::mkdirat(cur.get(), seg.c_str(), 0755) != 0 && errno != EEXIST) {
      return fail(errc::kIo, "archive entry '" + printable(entry) +
                                 "': cannot create folder: " + errno_text(errno));
    }
    UniqueFd next(
        ::openat(cur.get(), seg.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next.valid()) {
      return fail(errc::kIo, "archive entry '" + printable(entry) +
                                 "': cannot open folder: " + errno_text(errno));
    }
    cur = std::move(next);
    if (slash == rel.npos) break;
    start = slash + 1;
  }
  return cur;
}

Status write_all(int fd, const char* data, size_t size, std::string_view entry) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errc::kIo,
                  "archive entry '" + printable(entry) + "': cannot write: " + errno_text(errno));
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return {};
}

// Moves everything inside `dest`/`top` up into `dest` and removes `top`. `top` is first renamed
// aside so a child with the same name as `top` ("v1/v1/") does not collide with it.
Status strip_top_folder(const fs::path& dest, const std::string& top) {
  std::error_code ec;
  std::set<std::string> children;
  for (const auto& e : fs::directory_iterator(dest / top, ec)) {
    children.insert(e.path().filename().string());
  }
  if (ec) return fail(errc::kIo, "cannot list '" + printable(top) + "': " + ec.message());
  std::string aside = ".vitrine-strip";
  while (aside == top || children.count(aside) != 0) aside += '_';
  fs::rename(dest / top, dest / aside, ec);
  if (ec) return fail(errc::kIo, "cannot move '" + printable(top) + "': " + ec.message());
  for (const auto& child : children) {
    fs::rename(dest / aside / child, dest / child, ec);
    if (ec) return fail(errc::kIo, "cannot move '" + printable(child) + "': " + ec.message());
  }
  fs::remove(dest / aside, ec);
  if (ec) return fail(errc::kIo, "cannot remove '" + printable(top) + "': " + ec.message());
  return {};
}

class Unpacker {
 public:
  Unpacker(std::string_view archive_bytes, const fs::path& dest, const ArchiveLimits& limits)
      : bytes_(archive_bytes), dest_(dest), limits_(limits) {}

  Result<UnpackedArchive> run() {
    ReadArchive a(archive_read_new());
    if (!a) return fail(errc::kInternal, "cannot allocate an archive reader");
    // Only gzip and tar are enabled; libarchive still passes non-gzip data through its "none"
    // filter, which is why the filter is checked after opening.
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), bytes_.data(), bytes_.size()) != ARCHIVE_OK) {
      return corrupt(archive_message(a.get()));
    }
    if (archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_GZIP) {
      return corrupt("the data is not gzip-compressed");
    }
    root_ = UniqueFd(::open(dest_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!root_.valid()) {
      return fail(errc::kIo, "cannot open '" + dest_.string() + "': " + errno_text(errno));
    }
    while (true) {
      archive_entry* entry = nullptr;
      int r = archive_read_next_header(a.get(), &entry);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) return corrupt(archive_message(a.get()));
      VITRINE_TRY(add_entry(a.get(), entry));
    }
    if (out_.files == 0) return corrupt("the archive holds no files");
    if (top_level_.size() == 1 && !root_file_) {
      VITRINE_TRY(strip_top_folder(dest_, *top_level_.begin()));
    }
    return out_;
  }

 private:
  Status add_entry(archive* a, archive_entry* entry) {
    const char* raw = archive_entry_pathname(entry);
    if (raw == nullptr) raw = archive_entry_pathname_utf8(entry);
    if (raw == nullptr) return bad_entry("?", "path is not readable text");
    std::string_view name = raw;
    if (++entries_ > max_entries()) {
      return too_large("files", static_cast<uint64_t>(limits_.max_files),
                       "the archive has more than " + std::to_string(max_entries()) +
                           " entries (files and folders)");
    }
    if (name.starts_with('/')) return bad_entry(name, "absolute path");
    // "tar -C dir ." writes "./" and "./theme-metadata.json": a harmless prefix.
    std::string_view path = name;
    while (path.starts_with("./")) path.remove_prefix(2);
    mode_t type = archive_entry_filetype(entry);
    bool is_dir = type == AE_IFDIR;
    if (is_dir && path.ends_with('/')) path.remove_suffix(1);
    if (archive_entry_hardlink(entry) != nullptr) {
      return bad_entry(name, "is a hard link; only files and folders are allowed");
    }
    if (archive_entry_symlink(entry) != nullptr || (!is_dir && type != AE_IFREG)) {
      return bad_entry(name,
                       std::string(special_kind(type)) + "; only files and folders are allowed");
    }
    if (path.empty() || path == ".") {
      if (is_dir) return {};  // the root folder itself
      return bad_entry(name, "path is empty");
    }
    if (!themes::is_safe_relative_path(path)) return bad_entry(name, unsafe_reason(path));

    std::string p(path);
    auto [it, inserted] = seen_.emplace(p, is_dir);
    if (!inserted) return bad_entry(name, "appears twice in the archive");
    // A path cannot be a file and also hold entries: "a" as a file and "a/b".
    for (size_t slash = p.find('/'); slash != p.npos; slash = p.find('/', slash + 1)) {
      auto parent = seen_.find(p.substr(0, slash));
      if (parent != seen_.end() && !parent->second) {
        return bad_entry(name, "is inside '" + printable(parent->first) + "', which is a file");
      }
      implied_dirs_.insert(p.substr(0, slash));
    }
    if (!is_dir && implied_dirs_.count(p) != 0) {
      return bad_entry(name, "is a file but other entries are inside it");
    }
    size_t slash = p.find('/');
    top_level_.insert(p.substr(0, slash));
    if (is_dir) {
      auto fd = open_dirs(root_.get(), p, name);
      if (!fd.ok()) return fd.error();
      return {};
    }
    if (slash == p.npos) root_file_ = true;
    return add_file(a, entry, name, p);
  }

  Status add_file(archive* a, archive_entry* entry, std::string_view name, const std::string& p) {
    if (++out_.files > limits_.max_files) {
      return too_large("files", static_cast<uint64_t>(limits_.max_files),
                       "the archive has more than " + std::to_string(limits_.max_files) + " files",
                       name);
    }
    // The header's size is checked first to refuse cheaply; the bytes actually produced are
    // counted below, since a header (a sparse map, say) can claim less than it expands to.
    int64_t declared = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
    if (declared < 0) return corrupt("entry '" + printable(name) + "' has a negative size");
    VITRINE_TRY(check_file_bytes(static_cast<uint64_t>(declared), name));
    if (declared_total_ + static_cast<uint64_t>(declared) > limits_.max_total_bytes) {
      return total_too_large();
    }
    declared_total_ += static_cast<uint64_t>(declared);

    size_t cut = p.rfind('/');
    UniqueFd dir;
    if (cut == p.npos) {
      dir = UniqueFd(::fcntl(root_.get(), F_DUPFD_CLOEXEC, 0));
    } else {
      auto opened = open_dirs(root_.get(), std::string_view(p).substr(0, cut), name);
      if (!opened.ok()) return opened.error();
      dir = std::move(opened).value();
    }
    std::string leaf = cut == p.npos ? p : p.substr(cut + 1);
    UniqueFd fd(::openat(dir.get(), leaf.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd.valid()) {
      return fail(errc::kIo,
                  "archive entry '" + printable(name) + "': cannot create: " + errno_text(errno));
    }
    uint64_t written = 0;
    std::vector<char> buf(kChunk);
    while (true) {
      la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
      if (n == 0) break;
      if (n < 0) return corrupt(archive_message(a));
      written += static_cast<uint64_t>(n);
      out_.total_bytes += static_cast<uint64_t>(n);
      VITRINE_TRY(check_file_bytes(written, name));
      if (out_.total_bytes > limits_.max_total_bytes) return total_too_large();
      if (out_.total_bytes > kRatioFloorBytes &&
          out_.total_bytes > limits_.max_ratio * bytes_.size()) {
        return too_large("ratio", limits_.max_ratio,
                         "the archive expands to more than " + std::to_string(limits_.max_ratio) +
                             " times its size (" + std::to_string(bytes_.size()) +
                             " bytes); is it a decompression bomb?");
      }
      VITRINE_TRY(write_all(fd.get(), buf.data(), static_cast<size_t>(n), name));
    }
    if (fd.close() != 0) {
      return fail(errc::kIo,
                  "archive entry '" + printable(name) + "': cannot write: " + errno_text(errno));
    }
    return {};
  }

  Status check_file_bytes(uint64_t size, std::string_view name) const {
    if (size <= limits_.max_file_bytes) return {};
    return too_large("file_bytes", limits_.max_file_bytes,
                     "archive entry '" + printable(name) + "' is larger than the limit of " +
                         std::to_string(limits_.max_file_bytes) + " bytes",
                     name);
  }

  Unexpected total_too_large() const {
    return too_large("total_bytes", limits_.max_total_bytes,
                     "the archive's files add up to more than " +
                         std::to_string(limits_.max_total_bytes) + " bytes");
  }

  // Folders are not files, but an archive of a million empty folders is still a bomb.
  int64_t max_entries() const { return static_cast<int64_t>(limits_.max_files) * 2 + 1000; }

  std::string_view bytes_;
  const fs::path& dest_;
  const ArchiveLimits& limits_;
  UniqueFd root_;
  UnpackedArchive out_;
  int64_t entries_ = 0;
  uint64_t declared_total_ = 0;
  std::map<std::string, bool> seen_;  // normalised path → is a folder
  std::set<std::string> implied_dirs_;
  std::set<std::string> top_level_;  // first segments of every entry
  bool root_file_ = false;           // a file sits at the archive's root
};

// --- packing ---

struct PackFile {
  std::string rel;
  fs::path source;
  uint64_t size = 0;
};

bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.native(), s = p.native();
  return s == r || (s.size() > r.size() && s.starts_with(r) && s[r.size()] == '/');
}

Status collect(const fs::path& root, const fs::path& real_dir, const std::string& rel_prefix,
               std::vector<fs::path>& ancestors, std::vector<PackFile>& out) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (const auto& e : fs::directory_iterator(real_dir, ec)) entries.push_back(e);
  if (ec) return fail(errc::kIo, "cannot read folder '" + real_dir.string() + "': " + ec.message());
  for (const auto& e : entries) {
    std::string name = e.path().filename().string();
    if (name.starts_with('.')) continue;  // .git, .DS_Store: never part of a theme
    std::string rel = rel_prefix.empty() ? name : rel_prefix + "/" + name;
    fs::path target = e.path();
    if (e.is_symlink(ec)) {
      target = fs::canonical(e.path(), ec);
      if (ec)
        return fail(errc::kInvalidArgument, "'" + rel + "' is a link that cannot be resolved");
      if (!inside(root, target)) {
        return fail(errc::kInvalidArgument, "'" + rel + "' is a link leaving the folder");
      }
    }
    auto st = fs::status(target, ec);
    if (ec) return fail(errc::kIo, "cannot read '" + rel + "': " + ec.message());
    if (fs::is_directory(st)) {
      if (std::find(ancestors.begin(), ancestors.end(), target) != ancestors.end()) {
        return fail(errc::kInvalidArgument, "'" + rel + "' is a link to a folder containing it");
      }
      ancestors.push_back(target);
      VITRINE_TRY(collect(root, target, rel, ancestors, out));
      ancestors.pop_back();
    } else if (fs::is_regular_file(st)) {
      auto size = fs::file_size(target, ec);
      if (ec) return fail(errc::kIo, "cannot read '" + rel + "': " + ec.message());
      out.push_back(PackFile{rel, target, size});
    } else {
      return fail(errc::kInvalidArgument, "'" + rel + "' is not a regular file or folder");
    }
  }
  return {};
}

la_ssize_t append_output(archive*, void* client, const void* data, size_t size) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

}  // namespace

Result<UnpackedArchive> unpack_theme_archive(std::string_view archive,
                                             const std::filesystem::path& dest,
                                             const ArchiveLimits& limits) {
  return Unpacker(archive, dest, limits).run();
}

Result<std::string> pack_theme_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) {
    return fail(errc::kInvalidArgument, "'" + dir.string() + "' is not a folder");
  }
  std::vector<PackFile> files;
  std::vector<fs::path> ancestors{root};
  VITRINE_TRY(collect(root, root, "", ancestors, files));
  std::sort(files.begin(), files.end(),
            [](const PackFile& a, const PackFile& b) { return a.rel < b.rel; });

  std::string out;
  WriteArchive a(archive_write_new());
  if (!a) return fail(errc::kInternal, "cannot allocate an archive writer");
  auto failed = [&](const std::string& what) {
    return fail(errc::kInternal, what + ": " + archive_message(a.get()));
  };
  // Restricted pax writes plain ustar headers unless a name needs an extension; no timestamp in
  // the gzip header either, so the same folder always packs to the same bytes.
  // Without bytes_in_last_block(1) the compressed stream would be padded with zeros to 10 KiB.
  if (archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
      archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
      archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr) < ARCHIVE_WARN) {
    return failed("cannot set up the archive writer");
  }
  if (archive_write_open(a.get(), &out, nullptr, append_output, nullptr) != ARCHIVE_OK) {
    return failed("cannot open the archive writer");
  }
  std::vector<char> buf(kChunk);
  for (const auto& f : files) {
    Entry entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), f.rel.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(f.size));
    archive_entry_set_mtime(entry.get(), 0, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    // ARCHIVE_WARN: a non-ASCII name the "C" locale cannot convert to UTF-8 ("büro.md") is
    // written as its bytes with hdrcharset=BINARY, which is what the name is on disk anyway.
    if (archive_write_header(a.get(), entry.get()) < ARCHIVE_WARN) {
      return failed("cannot add '" + f.rel + "'");
    }
    std::ifstream in(f.source, std::ios::binary);
    if (!in) return fail(errc::kIo, "cannot read '" + f.rel + "'");
    // A file that grows while being packed is cut at its listed size; one that shrinks is
    // padded with zeros by libarchive. Either way the archive stays well-formed.
    uint64_t left = f.size;
    while (left > 0 && in) {
      in.read(buf.data(), static_cast<std::streamsize>(std::min<uint64_t>(buf.size(), left)));
      auto got = static_cast<size_t>(in.gcount());
      if (got == 0) break;
      if (archive_write_data(a.get(), buf.data(), got) < 0) {
        return failed("cannot add '" + f.rel + "'");
      }
      left -= got;
    }
    if (in.bad()) return fail(errc::kIo, "cannot read '" + f.rel + "'");
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return failed("cannot finish the archive");
  return out;
}

}  // namespace vitrine::theme_push
