// list_version_files: the file listing of a version folder, with symlinks resolved and confined.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "themes/package.h"
#include "themes/package_internal.h"

namespace vitrine::themes {
namespace {

namespace fs = std::filesystem;

// Beyond max_files the walk keeps counting so the problem can say how many files there are, but
// only up to this many extra entries: links to folders inside the package can multiply the tree
// (two links per level double it), and a count is not worth an unbounded walk.
constexpr int64_t kExtraEntriesToCount = 100000;

std::string errno_text(int err) { return std::strerror(err); }

// realpath(3) into a std::string; errno is kept for the caller on failure.
bool real_path(const std::string& path, std::string& out) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return false;
  out = resolved;
  std::free(resolved);
  return true;
}

bool bad_name_char(unsigned char c) { return c == '\\' || c < 0x20 || c == 0x7f; }

const char* special_kind(mode_t mode) {
  if (S_ISSOCK(mode)) return "is a socket";
  if (S_ISFIFO(mode)) return "is a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device file";
  return "is not a regular file or folder";
}

int64_t mtime_ns(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

class Walker {
 public:
  Walker(std::string root, std::string display_root, const ValidationLimits& limits)
      : root_(std::move(root)), display_root_(std::move(display_root)), limits_(limits) {
    // A canonical root has no trailing slash except "/" itself.
    inside_prefix_ = root_ == "/" ? root_ : root_ + "/";
    max_entries_ = static_cast<int64_t>(std::max(limits_.max_files, 0)) * 2 + kExtraEntriesToCount;
  }

  void run(const struct stat& root_st) {
    ancestors_.push_back({root_st.st_dev, root_st.st_ino});
    walk_dir(root_, "");
    ancestors_.pop_back();
    if (files_seen_ > limits_.max_files) {
      std::string count =
          stopped() ? "at least " + std::to_string(files_seen_) : std::to_string(files_seen_);
      problem("", "the version folder has " + count + " files, more than the limit of " +
                      std::to_string(limits_.max_files));
    } else if (stopped()) {
      // Many folders or links but few files: still too big to list, and never silently cut.
      problem("", "the version folder has more than " + std::to_string(max_entries_) +
                      " entries (files, folders and links); listing stopped");
    }
  }

  FileListing take() {
    std::sort(out_.files.begin(), out_.files.end(),
              [](const PackageFile& a, const PackageFile& b) { return a.path < b.path; });
    std::stable_sort(out_.problems.begin(), out_.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.file < b.file; });
    return std::move(out_);
  }

 private:
  void problem(const std::string& rel, std::string message) {
    out_.problems.push_back(Problem{detail::join_display(display_root_, detail::printable(rel)), "",
                                    std::move(message)});
  }

  bool inside(const std::string& canonical) const {
    return canonical == root_ || canonical.starts_with(inside_prefix_);
  }

  bool stopped() const { return truncated_; }

  // Walks the folder at `real_dir` (a canonical path inside the root) whose files are listed as
  // `rel_prefix`/<name>.
  void walk_dir(const std::string& real_dir, const std::string& rel_prefix) {
    DIR* d = ::opendir(real_dir.c_str());
    if (d == nullptr) {
      problem(rel_prefix, "cannot read folder: " + errno_text(errno));
      return;
    }
    // Entries are stat'ed relative to the open folder: resolving each full path again from the
    // root was half the cost of a no-op sync (bench/sync.sh).
    int dir_fd = ::dirfd(d);
    std::vector<std::string> names;
    errno = 0;
    while (dirent* e = ::readdir(d)) {
      std::string_view n = e->d_name;
      if (n != "." && n != "..") names.emplace_back(n);
      errno = 0;
    }
    int read_err = errno;
    if (read_err != 0) problem(rel_prefix, "cannot read folder: " + errno_text(read_err));
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      if (entries_seen_ >= max_entries_) {
        truncated_ = true;
        break;
      }
      ++entries_seen_;
      std::string rel = rel_prefix.empty() ? name : rel_prefix + "/" + name;
      std::string real = real_dir == "/" ? "/" + name : real_dir + "/" + name;
      if (std::any_of(name.begin(), name.end(),
                      [](char c) { return bad_name_char(static_cast<unsigned char>(c)); })) {
        // Such names cannot be written as package paths or URLs; the entry is not walked.
        problem(rel, "file name contains a backslash or control character");
        continue;
      }
      visit(dir_fd, name, real, rel);
      if (truncated_) break;
    }
    ::closedir(d);
  }

  void visit(int dir_fd, const std::string& name, const std::string& real, const std::string& rel) {
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      problem(rel, "cannot read: " + errno_text(errno));
      return;
    }
    std::string target = real;
    if (S_ISLNK(st.st_mode)) {
      if (!real_path(real, target)) {
        int err = errno;
        if (err == ENOENT || err == ENOTDIR) {
          problem(rel, "symlink is dangling: its target does not exist");
        } else if (err == ELOOP) {
          problem(rel, "symlink cannot be resolved: too many levels of symbolic links");
        } else {
          problem(rel, "symlink cannot be resolved: " + errno_text(err));
        }
        return;
      }
      // Confinement is decided on the canonical target, so "a/../../x" and chains of links
      // that leave and re-enter are judged by where they finally land.
      if (!inside(target)) {
        problem(rel, "symlink points outside the version folder");
        return;
      }
      if (::stat(target.c_str(), &st) != 0) {
        problem(rel, "cannot read symlink target: " + errno_text(errno));
        return;
      }
    }
    if (S_ISDIR(st.st_mode)) {
      std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
      if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
        // Only a link can reach a folder that contains it; following it would never end.
        problem(rel, "symlink loops back to a folder that contains it");
        return;
      }
      ancestors_.push_back(id);
      walk_dir(target, rel);
      ancestors_.pop_back();
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      problem(rel, std::string(special_kind(st.st_mode)) +
                       "; only regular files and folders are allowed");
      return;
    }
    ++files_seen_;
    if (files_seen_ > limits_.max_files) return;  // reported once, with the count, by run()
    auto size = static_cast<uint64_t>(st.st_size);
    if (size > limits_.max_file_bytes) {
      problem(rel, "file is " + std::to_string(size) + " bytes, more than the limit of " +
                       std::to_string(limits_.max_file_bytes) + " bytes");
      return;
    }
    out_.files.push_back(PackageFile{rel, fs::path(target), size, mtime_ns(st)});
  }

  std::string root_, inside_prefix_, display_root_;
  const ValidationLimits& limits_;
  std::vector<std::pair<dev_t, ino_t>> ancestors_;  // folders being walked, for cycle detection
  int64_t files_seen_ = 0, entries_seen_ = 0, max_entries_ = 0;
  bool truncated_ = false;  // entries were left unvisited because of max_entries_
  FileListing out_;
};

}  // namespace

FileListing list_version_files(const std::filesystem::path& version_dir,
                               const std::string& display_root, const ValidationLimits& limits) {
  FileListing out;
  auto root_problem = [&](std::string message) {
    out.problems.push_back(Problem{display_root, "", std::move(message)});
  };
  std::string root;
  if (!real_path(version_dir.string(), root)) {
    int err = errno;
    root_problem(err == ENOENT ? "version folder is missing"
                               : "cannot open version folder: " + errno_text(err));
    return out;
  }
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) {
    root_problem("cannot open version folder: " + errno_text(errno));
    return out;
  }
  if (!S_ISDIR(st.st_mode)) {
    root_problem("is not a folder");
    return out;
  }
  Walker walker(root, display_root, limits);
  walker.run(st);
  return walker.take();
}

}  // namespace vitrine::themes
