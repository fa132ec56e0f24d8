// TempDir: a fresh, empty folder under /tmp for one test, removed with everything in it when the
// object goes away.
#pragma once

#include <filesystem>

class TempDir {
 public:
  // Creates /tmp/vitrine-test-XXXXXX (unique). Aborts the test binary if /tmp is unusable, since
  // no test can do anything meaningful then.
  TempDir();
  // Removes the folder recursively; errors are ignored.
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Moving transfers ownership; the moved-from object removes nothing.
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};
