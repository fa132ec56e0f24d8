// LocalBlobStore: the BlobStore backend that keeps each object as a file under one folder, at
// <root>/<key>. This is the default backend (file:///abs/dir or file://rel/dir).
//
// Durability: put() writes a temporary file next to the destination and renames it over the
// key, without fsync. A crashed process never leaves a torn object behind (readers see the old
// object or the new one), but a power loss or kernel crash may lose recent writes.
// Temporary files are named ".vitrine-tmp-*" (a reserved segment prefix that keys cannot use)
// and never appear in list(); one left behind by a crash is ignored and can be deleted by hand.
// remove() leaves empty folders in place, so a concurrent put() under them never races.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blob/blob_store.h"

namespace vitrine::blob {

class LocalBlobStore final : public BlobStore {
 public:
  // Creates `root` (and its parents) when missing; a relative root is resolved against the
  // current folder now, so later changes of the working folder do not move the store.
  static Result<std::unique_ptr<LocalBlobStore>> open_dir(const std::filesystem::path& root);

  // Wraps an existing absolute folder without touching the disk; prefer open_dir().
  explicit LocalBlobStore(std::filesystem::path root);

  // The absolute folder holding the objects.
  const std::filesystem::path& root() const { return root_; }

  Status put(std::string_view key, std::string_view data) override;
  Result<std::string> get(std::string_view key) override;
  Result<std::string> get_range(std::string_view key, uint64_t offset, uint64_t length) override;
  Result<BlobInfo> head(std::string_view key) override;
  Status remove(std::string_view key) override;
  Result<std::vector<BlobInfo>> list(std::string_view prefix) override;

  // The file holding `key`, for zero-copy serving (sendfile); nullopt when the key is invalid
  // or no object exists. The file may be replaced at any time: open it once and use that fd.
  std::optional<std::filesystem::path> local_path(std::string_view key);

 private:
  std::filesystem::path root_;
};

}  // namespace vitrine::blob
