// Internal to theme_push's CSS check (css.cc): how modern CSS is masked so that LibSass, a Sass
// compiler, can check and compress the structure around it, and how its output and error
// positions are mapped back (css_mask.cc).
//
// libsass is a Sass compiler, not a CSS parser: it evaluates arithmetic and Sass built-ins inside
// declaration values, so valid modern CSS such as `clamp(1rem, 1rem + 2vw, 3rem)`,
// `min(100%, 600px)`, `rgb(0 0 0 / 50%)` or `@media (400px <= width)` fails with "Incompatible
// units" or "missing argument". Before compiling we therefore replace every function call in a
// declaration value, every custom property value and the prelude of top-level @import, @media and
// @supports with an opaque identifier, let libsass check and compress the structure around them,
// and put the (whitespace-minified) original text back. Positions in libsass's errors are mapped
// back through the same replacements. The pre-scan also refuses Sass-only at-rules: theme CSS is
// plain CSS, and @for/@while/@mixin/@extend let a few bytes of input expand without bound.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "theme_push/assets.h"

namespace vitrine::theme_push::internal {

// One replaced stretch of the checked CSS.
struct Mask {
  size_t orig_begin = 0, orig_end = 0;      // replaced bytes of the checked CSS
  std::string lead;                         // kept before the placeholder ("@" for at-rules)
  size_t masked_begin = 0, masked_end = 0;  // the placeholder in the text libsass compiles
  std::string restored;                     // what replaces the placeholder in the output
};

// The checked CSS prepared for libsass: placeholders in place of the constructs libsass would
// misread, or a problem found before compiling.
struct PreparedCss {
  std::string masked;
  std::vector<Mask> masks;
  std::string prefix;                 // every placeholder is prefix + index + '_'
  std::optional<size_t> unclosed_at;  // '{' still open at the end, reported if libsass is happy
  std::optional<CssProblem> problem;  // refused before libsass runs
};

// Scans `css` (refusing Sass-only at-rules, runaway nesting and unterminated constructs, each as
// PreparedCss::problem) and masks what LibSass would misread.
PreparedCss mask_css(std::string_view css);

// Replaces each placeholder in `text` (libsass output or message) by `pick(mask)`.
template <typename Pick>
std::string restore_placeholders(std::string_view text, const PreparedCss& prepared, Pick pick) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (true) {
    const size_t hit = text.find(prepared.prefix, i);
    if (hit == std::string_view::npos) break;
    size_t j = hit + prepared.prefix.size();
    size_t index = 0;
    const size_t digits_begin = j;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9' && j - digits_begin < 9)
      index = index * 10 + static_cast<size_t>(text[j++] - '0');
    if (j == digits_begin || j >= text.size() || text[j] != '_' || index >= prepared.masks.size()) {
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    out.append(text.substr(i, hit - i));
    out.append(pick(prepared.masks[index]));
    i = j + 1;
  }
  out.append(text.substr(i));
  return out;
}

// Maps a byte offset in the masked text back to the checked CSS.
size_t original_offset(const PreparedCss& prepared, size_t masked_offset);

// 1-based line and column (in code points, as libsass and editors count) of byte `offset`.
std::pair<int, int> position_of(std::string_view text, size_t offset);

// Inverse of position_of, clamped to the text.
size_t offset_of(std::string_view text, size_t line, size_t column);

// CSS whitespace.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The index of the first byte at or after `i` that is neither whitespace nor inside a comment.
size_t skip_space_and_comments(std::string_view text, size_t i);

// `text` without the whitespace and comments CSS does not need (/*! comments, strings, url()
// and the rest kept byte for byte).
std::string minify_whitespace(std::string_view text);

}  // namespace vitrine::theme_push::internal
