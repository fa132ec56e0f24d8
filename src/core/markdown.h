// Markdown (CommonMark, through cmark) for author-written text shown on our pages: theme
// documentation and blog posts. Nothing the author writes can put markup of its own there.
#pragma once

#include <string>
#include <string_view>

namespace vitrine {

// Renders CommonMark to an HTML fragment. Raw HTML and unsafe links (javascript:, data: except
// images) in the source are not passed through; invalid UTF-8 becomes U+FFFD.
std::string markdown_to_html(std::string_view markdown);

// The text a reader sees, without markup: for excerpts, reading times and feeds.
std::string markdown_to_text(std::string_view markdown);

}  // namespace vitrine
