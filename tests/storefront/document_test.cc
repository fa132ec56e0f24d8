#include "storefront/document.h"

#include <gtest/gtest.h>

namespace vitrine::storefront {
namespace {

TEST(DocumentTest, ShellEscapesHeadAndLinksAssetsInOrder) {
  DocumentHead head;
  head.title = "Tom & Jerry's <shop>";
  head.description = "\"quoted\"";
  head.canonical_url = "http://shop.localhost/?a=1&b=2";
  head.stylesheets = {"/cdn/themes/t/1.0.0/a.css", "/cdn/themes/t/1.0.0/b.css"};
  head.scripts = {"/cdn/themes/t/1.0.0/app.js"};
  std::string html = render_document(head, "<main>body</main>");
  EXPECT_TRUE(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
  EXPECT_NE(html.find("<title>Tom &amp; Jerry&#39;s &lt;shop&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<meta name=\"description\" content=\"&quot;quoted&quot;\">"),
            std::string::npos);
  EXPECT_NE(html.find("href=\"http://shop.localhost/?a=1&amp;b=2\""), std::string::npos);
  EXPECT_LT(html.find("a.css"), html.find("b.css"));
  EXPECT_NE(html.find("<main>body</main>"), std::string::npos);
  EXPECT_NE(html.find("<script src=\"/cdn/themes/t/1.0.0/app.js\" defer></script>"),
            std::string::npos);
}

TEST(DocumentTest, CustomCodeCannotEndItsElement) {
  DocumentHead head;
  head.custom_css = "a{}</STYLE><img src=x onerror=alert(1)>";
  head.custom_js = "var s = '</Script><b>';";
  std::string html = render_document(head, "");
  EXPECT_EQ(html.find("</STYLE>"), std::string::npos);
  EXPECT_NE(html.find("a{}<\\/STYLE>"), std::string::npos);
  EXPECT_NE(html.find("var s = '<\\/Script><b>';"), std::string::npos);
}

TEST(DocumentTest, VariablesMergeOverridesAndSkipUnsafeDeclarations) {
  nlohmann::json theme = {{"--a", "1px"}, {"--b", "red"}, {"color", "blue"}};
  nlohmann::json shop = {{"--b", "#fff"}, {"--c", "x;}body{display:none"}, {"--d", 4}};
  EXPECT_EQ(css_variables(theme, shop), ":root{--a:1px;--b:#fff;--d:4}");
  EXPECT_EQ(css_variables(nlohmann::json(), nlohmann::json()), "");
}

TEST(DocumentTest, ErrorPageEscapesItsText) {
  std::string html = error_document("Not <found>", "No shop & no page.");
  EXPECT_NE(html.find("<h1>Not &lt;found&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("No shop &amp; no page."), std::string::npos);
}

}  // namespace
}  // namespace vitrine::storefront
