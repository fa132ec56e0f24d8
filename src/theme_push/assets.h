// Asset processing of the push pipeline (docs/architecture.md "Theme package"), one file per
// kind (css.cc, images.cc; Markdown is core/markdown.h): CSS
// checked and minified with libsass, preview images scaled with libvips, documentation rendered
// from Markdown with cmark. Pure functions over bytes: no blob store, no database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vitrine::theme_push {

// One CSS syntax problem, 1-based line and column (in characters) in the checked file; 0:0 only
// when libsass gives no position.
struct CssProblem {
  int line = 0, column = 0;
  std::string message;  // libsass's message (first line) or our own pre-check's
};

// Checks `css` (plain CSS; `file_name` is only used in messages) with libsass and returns it
// minified (compressed output style), or the problem found at line:column. Modern CSS libsass
// cannot evaluate (clamp(), rgb(0 0 0 / 50%), range media queries...) is kept verbatim; Sass
// directives (@mixin, @for, @extend...) and imports of Sass files are refused.
struct CssResult {
  std::optional<std::string> minified;  // set when the CSS is valid
  std::optional<CssProblem> problem;    // set when it is not
};
CssResult check_and_minify_css(std::string_view css, std::string_view file_name);

// A preview image scaled for the catalogue: JPEG bytes and the pixel size they ended up with.
struct ScaledImage {
  std::string jpeg;
  int width = 0, height = 0;
};
struct PreviewImages {
  ScaledImage thumbnail;  // fits in kThumbnailWidth x kThumbnailHeight, cropped to fill it
  ScaledImage full;       // at most kFullWidth wide, aspect ratio kept, never upscaled
};
inline constexpr int kThumbnailWidth = 400, kThumbnailHeight = 300, kFullWidth = 1600;

// Decodes a PNG, JPEG, WebP or GIF image (`image`, `file_name` only for messages) and makes both
// previews. invalid_argument naming the file when libvips cannot decode it.
Result<PreviewImages> make_previews(std::string_view image, std::string_view file_name);

// Whether `path` names an image make_previews accepts, by extension (case-insensitive).
bool is_preview_image(std::string_view path);

// Initialises libvips once per process (thread-safe, idempotent); make_previews calls it.
void init_image_library();

}  // namespace vitrine::theme_push
