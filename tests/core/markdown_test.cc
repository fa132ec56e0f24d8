// Markdown for author text (core/markdown.h).
#include "core/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

namespace vitrine {
namespace {

TEST(MarkdownToHtml, RendersCommonMark) {
  const std::string html = markdown_to_html(
      "# Getting started\n\nInstall the **theme**:\n\n- one\n- two\n\n```js\nconst a = 1 < "
      "2;\n```\n");
  EXPECT_THAT(html,
              AllOf(HasSubstr("<h1>Getting started</h1>"), HasSubstr("<strong>theme</strong>"),
                    HasSubstr("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
                    HasSubstr("<pre><code class=\"language-js\">const a = 1 &lt; 2;\n"
                              "</code></pre>")));
}

TEST(MarkdownToHtml, DropsRawHtmlAndUnsafeLinks) {
  const std::string html = markdown_to_html(
      "Hi <script>alert(1)</script> there\n\n<iframe src=\"https://evil.example\"></iframe>\n\n"
      "[click](javascript:alert(1)) [ok](https://example.com) "
      "![dot](data:image/png;base64,iVBORw0KGgo=) [data](data:text/html;base64,PHNjcmlwdD4=)\n");
  EXPECT_THAT(html, AllOf(Not(HasSubstr("<script")), Not(HasSubstr("<iframe")),
                          Not(HasSubstr("javascript:")), Not(HasSubstr("data:text/html")),
                          HasSubstr("<a href=\"https://example.com\">ok</a>"),
                          HasSubstr("<img src=\"data:image/png;base64,iVBORw0KGgo=\""),
                          HasSubstr("<a href=\"\">click</a>")));
}

TEST(MarkdownToHtml, ReplacesInvalidUtf8) {
  EXPECT_EQ(markdown_to_html("caf\xC3 ok"), "<p>caf\xEF\xBF\xBD ok</p>\n");
}

TEST(MarkdownToText, KeepsTheWordsAndDropsTheMarkup) {
  const std::string text =
      markdown_to_text("# Title\n\nSome **bold** and [a link](https://x.example).\n\n<b>raw</b>\n");
  EXPECT_THAT(text, AllOf(HasSubstr("Title"), HasSubstr("Some bold and a link."),
                          Not(HasSubstr("**")), Not(HasSubstr("https://")), Not(HasSubstr("<b>"))));
}

}  // namespace
}  // namespace vitrine
