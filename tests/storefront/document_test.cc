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

namespace vitrine::storefront {
namespace {

TEST(DocumentTest, SharingTagsAndStructuredDataDescribeTheResource) {
  const nlohmann::json product = {{"title", "Mug </script><script>alert(1)</script>"},
                                  {"description", "Stoneware"},
                                  {"url", "/products/mug"},
                                  {"currency", "USD"},
                                  {"images", {{{"url", "/cdn/mug.jpg"}}}},
                                  {"variants",
                                   {{{"price", 24.5}, {"available", true}, {"sku", "MUG-1"}},
                                    {{"price", 26.0}, {"available", false}}}}};
  DocumentHead head;
  head.title = "Mug — Kendu";
  head.description = "Stoneware";
  head.canonical_url = "https://kendu.example/products/mug";
  head.site_name = "Kendu";
  head.og_type = "product";
  head.image_url = "https://kendu.example/cdn/mug.jpg";
  head.structured_data = product_structured_data(product, "https://kendu.example");
  const std::string html = render_document(head, "<main></main>");
  EXPECT_NE(html.find("<meta property=\"og:type\" content=\"product\">"), std::string::npos);
  EXPECT_NE(html.find("<meta property=\"og:image\" content=\"https://kendu.example/cdn/mug.jpg\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            std::string::npos);
  EXPECT_EQ(html.find("noindex"), std::string::npos);
  const size_t ld = html.find("<script type=\"application/ld+json\">");
  ASSERT_NE(ld, std::string::npos);
  const size_t end = html.find("</script>", ld);
  const std::string text = html.substr(ld + 35, end - ld - 35);
  EXPECT_EQ(text.find('<'), std::string::npos) << "a title cannot end the script: " << text;
  const auto data = nlohmann::json::parse(text);
  EXPECT_EQ(data["@type"], "Product");
  EXPECT_EQ(data["name"], "Mug </script><script>alert(1)</script>");
  EXPECT_EQ(data["image"][0], "https://kendu.example/cdn/mug.jpg");
  ASSERT_EQ(data["offers"].size(), 2u);
  EXPECT_EQ(data["offers"][0]["price"], 24.5);
  EXPECT_EQ(data["offers"][0]["sku"], "MUG-1");
  EXPECT_EQ(data["offers"][1]["availability"], "https://schema.org/OutOfStock");

  const nlohmann::json post = {{"title", "Walking"},
                               {"excerpt", "Forty minutes"},
                               {"url", "/blog/walking"},
                               {"author", "Clara"},
                               {"published_at", "2026-12-01T08:00:00.000Z"},
                               {"updated_at", "2026-12-02T08:00:00.000Z"},
                               {"tags", {{{"name", "Essays"}}}}};
  const auto posting = post_structured_data(post, "https://notes.example", "Field Notes");
  EXPECT_EQ(posting["@type"], "BlogPosting");
  EXPECT_EQ(posting["url"], "https://notes.example/blog/walking");
  EXPECT_EQ(posting["author"]["name"], "Clara");
  EXPECT_EQ(posting["datePublished"], "2026-12-01T08:00:00.000Z");
  EXPECT_EQ(posting["keywords"][0], "Essays");

  DocumentHead cart;
  cart.title = "Your cart";
  cart.noindex = true;
  EXPECT_NE(render_document(cart, "").find("<meta name=\"robots\" content=\"noindex\">"),
            std::string::npos);
}

}  // namespace
}  // namespace vitrine::storefront
