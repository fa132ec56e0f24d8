// Theme archives: the tar.gz a theme author uploads with `vitrine theme push` (libarchive).
// Archives are hostile input: unpacking refuses absolute paths, "..", links, device files and
// other non-regular entries, too many files and decompression bombs, and names the bad entry.
// An archive holds the contents of one version folder at its root ("theme-metadata.json",
// "components/Hero.js", ...); a single top-level folder wrapping everything is also accepted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine::theme_push {

struct ArchiveLimits {
  int max_files = 2000;                     // regular files in the archive
  uint64_t max_file_bytes = 20ull << 20;    // uncompressed size of one file
  uint64_t max_total_bytes = 200ull << 20;  // uncompressed size of all files together
  uint64_t max_ratio = 100;                 // uncompressed total / compressed size
};

struct UnpackedArchive {
  int files = 0;
  uint64_t total_bytes = 0;  // uncompressed
};

// Unpacks a gzip-compressed tar (`archive` holds the whole upload) into `dest`, an existing empty
// folder. On any error `dest` may hold a partial tree (the caller owns and removes it); the
// error is invalid_argument (bad entry: details.entry names it) or payload_too_large (a limit:
// details.limit names it).
Result<UnpackedArchive> unpack_theme_archive(std::string_view archive,
                                             const std::filesystem::path& dest,
                                             const ArchiveLimits& limits);

// Packs every regular file under `dir` (recursively, sorted, symlinks to files inside `dir`
// followed, hidden files and folders skipped) into a gzip-compressed tar with paths relative to
// `dir`. invalid_argument when `dir` is not a folder or holds a link leaving it.
Result<std::string> pack_theme_folder(const std::filesystem::path& dir);

}  // namespace vitrine::theme_push
