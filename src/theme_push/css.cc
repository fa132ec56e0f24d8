// The CSS check of the push pipeline (assets.h check_and_minify_css): LibSass checks and
// compresses the masked CSS (css_mask.h), and its output and errors are mapped back.
#include "core/css.h"

#include <sass.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <tuple>

#include "theme_push/assets.h"
#include "theme_push/css_mask.h"

namespace vitrine::theme_push {
namespace {

using internal::is_space;
using internal::Mask;
using internal::offset_of;
using internal::original_offset;
using internal::position_of;
using internal::PreparedCss;
using internal::restore_placeholders;

struct SassDataContextDeleter {
  void operator()(Sass_Data_Context* c) const { sass_delete_data_context(c); }
};
using SassDataContextPtr = std::unique_ptr<Sass_Data_Context, SassDataContextDeleter>;

// libsass resolves `@import "name"` against the server's file system (it happily reads
// /etc/passwd as SCSS). Top-level imports are hidden from it; this importer refuses the rest.
Sass_Import_List refuse_import(const char* url, Sass_Importer_Entry, struct Sass_Compiler*) {
  // What libsass itself turns into a plain CSS @import (Context::import_url): a .css path, a
  // protocol-relative URL or one with a scheme other than file. Returning null lets it do so.
  const std::string_view path(url);
  const size_t scheme_end = path.find("://");
  const bool has_scheme =
      scheme_end != std::string_view::npos && scheme_end > 0 &&
      std::all_of(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(scheme_end),
                  [](char c) { return is_css_name_byte(c); });
  if ((path.size() > 4 && path.substr(path.size() - 4) == ".css") || path.substr(0, 2) == "//" ||
      (has_scheme && path.substr(0, scheme_end) != "file"))
    return nullptr;
  Sass_Import_List list = sass_make_import_list(1);
  list[0] = sass_make_import_entry(url, nullptr, nullptr);
  const std::string message = "@import \"" + std::string(url) +
                              "\" would import a Sass file; only plain CSS imports (url(...) or a "
                              "path ending in .css) are allowed";
  sass_import_set_error(list[0], message.c_str(), std::string::npos, std::string::npos);
  return list;
}

std::string first_line(std::string_view s) {
  s = s.substr(0, s.find('\n'));
  for (std::string_view prefix : {"Internal Error: ", "Error: "})
    if (s.substr(0, prefix.size()) == prefix) s.remove_prefix(prefix.size());
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

CssResult check_and_minify_css(std::string_view css, std::string_view file_name) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (css.substr(0, kBom.size()) == kBom) css.remove_prefix(kBom.size());
  if (const size_t nul = css.find('\0'); nul != std::string_view::npos) {
    // libsass reads a C string: everything after the NUL would silently vanish.
    auto [line, column] = position_of(css, nul);
    return CssResult{std::nullopt, CssProblem{line, column, "NUL byte in a CSS file"}};
  }

  PreparedCss prepared = internal::mask_css(css);
  if (prepared.problem) return CssResult{std::nullopt, std::move(prepared.problem)};
  if (prepared.masked.empty()) return CssResult{std::string(), std::nullopt};  // libsass refuses ""

  SassDataContextPtr data(sass_make_data_context(sass_copy_c_string(prepared.masked.c_str())));
  Sass_Options* options = sass_data_context_get_options(data.get());
  sass_option_set_output_style(options, SASS_STYLE_COMPRESSED);
  sass_option_set_precision(options, 10);
  sass_option_set_input_path(options, std::string(file_name).c_str());  // copied by libsass
  Sass_Importer_List importers = sass_make_importer_list(1);
  sass_importer_set_list_entry(importers, 0, sass_make_importer(refuse_import, 0, nullptr));
  sass_option_set_c_importers(options, importers);  // owned (and freed) by the context

  Sass_Context* context = sass_data_context_get_context(data.get());
  if (sass_compile_data_context(data.get()) != 0) {
    CssProblem problem;
    const char* message = sass_context_get_error_message(context);
    if (!message) message = sass_context_get_error_text(context);
    problem.message = restore_placeholders(first_line(message ? message : "CSS error"), prepared,
                                           [](const Mask& m) { return m.restored; });
    const size_t line = sass_context_get_error_line(context);
    const size_t column = sass_context_get_error_column(context);
    if (line != std::string::npos && column != std::string::npos && line > 0) {
      size_t masked_offset = offset_of(prepared.masked, line, std::max<size_t>(column, 1));
      if (problem.message.starts_with("Invalid CSS after")) {
        // libsass points at the last character it accepted (or the blank after it); the author
        // needs the first character it refused, the one the message quotes after "was".
        if (masked_offset < prepared.masked.size() && !is_space(prepared.masked[masked_offset]))
          ++masked_offset;
        masked_offset = internal::skip_space_and_comments(prepared.masked, masked_offset);
      }
      const size_t offset = original_offset(prepared, masked_offset);
      std::tie(problem.line, problem.column) = position_of(css, offset);
    }
    return CssResult{std::nullopt, std::move(problem)};
  }
  if (prepared.unclosed_at) {
    auto [line, column] = position_of(css, *prepared.unclosed_at);
    return CssResult{std::nullopt,
                     CssProblem{line, column, "unclosed block: this '{' has no matching '}'"}};
  }

  const char* output = sass_context_get_output_string(context);
  // libsass copies "static" values (and now the placeholders' surroundings) with their spaces
  // (`a, b`, `--x: 1`); one more pass removes what CSS does not need.
  const std::string restored = restore_placeholders(output ? output : "", prepared,
                                                    [](const Mask& m) { return m.restored; });
  std::string minified = internal::minify_whitespace(restored);
  // Compressed output marks non-ASCII files with a BOM; @charset says the same and, unlike a BOM,
  // stays harmless if the file is ever concatenated behind another stylesheet.
  if (minified.substr(0, kBom.size()) == kBom)
    minified.replace(0, kBom.size(), "@charset \"UTF-8\";");
  return CssResult{std::move(minified), std::nullopt};
}

}  // namespace vitrine::theme_push
