// Images of the media library, checked and scaled with libvips once, at upload. The bytes decide
// the format (magic numbers, then libvips' own loader), never the file name; what is refused is
// refused before any pixel is decoded where the header is enough (SVG, unknown formats, pixel
// counts above the limit). The variants are the responsive widths (WebP) and a square thumbnail.
#pragma once

#include <vips/vips.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vitrine::media {

// The responsive widths made at upload (never wider than the original).
inline constexpr std::array<int, 3> kResponsiveWidths = {320, 640, 1280};
inline constexpr int kThumbnailSize = 160;  // square, centre crop
// Decompression bombs: width × height × frames above this is refused from the header alone.
inline constexpr double kMaxPixels = 50e6;
inline constexpr int kMaxSide = 16384;

// Starts libvips once per process (no operation cache, one thread per operation, untrusted
// loaders blocked: no ImageMagick, PDF or SVG). False when it could not be started.
bool init_image_library();
// libvips' first error line, clearing its per-process buffer.
std::string take_vips_error();

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
using VipsImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;

// An accepted image format.
struct Format {
  std::string name;  // jpeg | png | webp | gif | avif
  std::string mime;  // image/jpeg ...
  std::string ext;   // jpg | png | webp | gif | avif
};

// The format the bytes are, by their magic numbers; nullopt for anything else (SVG included).
std::optional<Format> sniff_format(std::string_view bytes);
// The format named by a Content-Type ("image/png", "image/jpg" too); nullopt otherwise.
std::optional<Format> format_for_type(std::string_view content_type);

struct Variant {
  std::string name;  // "w320.webp", "thumb.webp"
  int width = 0, height = 0;
  std::string bytes;
};

struct ProcessedImage {
  Format format;
  int width = 0, height = 0, frames = 1;
  std::vector<Variant> variants;
};

// The widths of the responsive variants of an image `width` pixels wide: every responsive width
// below it, then min(width, the largest) itself. 1600 → 320, 640, 1280; 800 → 320, 640, 800.
std::vector<int> variant_widths(int width);

// Checks `bytes` (declared as `content_type`: an image/* type, or application/octet-stream to
// let the bytes decide) and makes its variants. unsupported_media_type for SVG, HEIC and
// unknown bytes, invalid_argument when the declared type is not what the bytes are, when the
// image is larger than kMaxPixels / kMaxSide, or when it does not decode (truncated, corrupt).
Result<ProcessedImage> process_image(std::string_view bytes, std::string_view content_type);

}  // namespace vitrine::media
