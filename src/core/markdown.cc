#include "core/markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace vitrine {
namespace {

// Without CMARK_OPT_UNSAFE cmark omits raw HTML and blanks javascript:/vbscript:/file: and
// non-image data: links; VALIDATE_UTF8 keeps invalid bytes from reaching our pages.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

std::string owned(char* text) {
  std::unique_ptr<char, decltype(&std::free)> guard(text, &std::free);
  return guard ? std::string(guard.get()) : std::string();
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  return owned(cmark_markdown_to_html(markdown.data(), markdown.size(), kOptions));
}

std::string markdown_to_text(std::string_view markdown) {
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(
      cmark_parse_document(markdown.data(), markdown.size(), kOptions), &cmark_node_free);
  if (!doc) return {};
  // The text and code of the tree in order; a line break or block end becomes one space or
  // newline. Raw HTML is skipped, as markdown_to_html() skips it.
  std::string out;
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> it(cmark_iter_new(doc.get()),
                                                             &cmark_iter_free);
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(it.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (ev == CMARK_EVENT_ENTER &&
        (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK)) {
      if (const char* literal = cmark_node_get_literal(node)) out += literal;
    } else if (ev == CMARK_EVENT_ENTER &&
               (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)) {
      out += ' ';
    } else if (ev == CMARK_EVENT_EXIT && (type == CMARK_NODE_PARAGRAPH ||
                                          type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM)) {
      out += '\n';
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace vitrine
