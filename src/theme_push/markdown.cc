// Theme documentation rendered from Markdown with cmark (assets.h markdown_to_html).
#include <cmark.h>

#include <cstdlib>
#include <memory>

#include "theme_push/assets.h"

namespace vitrine::theme_push {

std::string markdown_to_html(std::string_view markdown) {
  // Without CMARK_OPT_UNSAFE cmark omits raw HTML and blanks javascript:/vbscript:/file: and
  // non-image data: links; VALIDATE_UTF8 keeps invalid bytes from reaching our pages.
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(),
                             CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8),
      &std::free);
  return html ? std::string(html.get()) : std::string();
}

}  // namespace vitrine::theme_push
