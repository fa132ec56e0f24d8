// Every sample theme's components render in the sandbox with their defaultProps, and escape
// hostile props.
#include <gtest/gtest.h>

#include "sandbox/js_sandbox.h"
#include "testing/matchers.h"
#include "theme_pages.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::sandbox {
namespace {

using fixtures::sample_theme_versions;
using fixtures::theme_page;

class ThemesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = JsSandbox::create();
    ASSERT_THAT(s, IsOk());
    sandbox_ = std::move(*s).release();
  }
  static void TearDownTestSuite() {
    std::unique_ptr<JsSandbox> owned(sandbox_);
    sandbox_ = nullptr;
  }
  static JsSandbox* sandbox_;
};
JsSandbox* ThemesTest::sandbox_ = nullptr;

TEST_F(ThemesTest, EveryComponentRendersWithItsDefaultProps) {
  auto versions = sample_theme_versions();
  ASSERT_GE(versions.size(), 5u) << "the sample themes are missing from " << source_dir();
  size_t rendered = 0;
  for (const auto& dir : versions) {
    PageJob job = theme_page(dir);
    ASSERT_FALSE(job.blocks.empty()) << dir;
    auto page = sandbox_->render_page(job);
    ASSERT_THAT(page, IsOk()) << dir;
    for (size_t i = 0; i < job.blocks.size(); ++i) {
      const BlockResult& b = page->blocks[i];
      std::string where = dir.string() + " " + job.blocks[i].component;
      EXPECT_THAT(b, IsOk()) << where << ": " << b.error_code << " " << b.error_message;
      EXPECT_NE(b.html.find('<'), std::string::npos) << where << " rendered no HTML";
      EXPECT_EQ(b.html.find("undefined"), std::string::npos) << where << ":\n" << b.html;
      EXPECT_EQ(b.html.find("[object Object]"), std::string::npos) << where << ":\n" << b.html;
      EXPECT_EQ(b.html.find("NaN"), std::string::npos) << where << ":\n" << b.html;
      ++rendered;
    }
  }
  EXPECT_GE(rendered, 40u);
}

TEST_F(ThemesTest, ProductGridShowsCatalogueProductsWithFormattedPrices) {
  PageJob job = theme_page(source_dir() + "/themes/kendustorenew/v1.1.0");
  auto page = sandbox_->render_page(job);
  ASSERT_THAT(page, IsOk());
  for (size_t i = 0; i < job.blocks.size(); ++i) {
    if (job.blocks[i].component != "ProductGrid") continue;
    const std::string& html = page->blocks[i].html;
    EXPECT_NE(html.find("Stoneware mug"), std::string::npos) << html;
    EXPECT_NE(html.find("$18.50"), std::string::npos) << html;
  }
}

// Replaces every string prop (at any depth) with `value`.
void poison(nlohmann::json& j, const std::string& value) {
  if (j.is_string()) j = value;
  if (j.is_object() || j.is_array())
    for (auto& v : j) poison(v, value);
}

TEST_F(ThemesTest, HostilePropsAreEscapedInEveryComponent) {
  const std::string attack = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
  for (const auto& dir : sample_theme_versions()) {
    PageJob job = theme_page(dir);
    for (auto& b : job.blocks) poison(b.props, attack);
    auto page = sandbox_->render_page(job);
    ASSERT_THAT(page, IsOk()) << dir;
    for (size_t i = 0; i < job.blocks.size(); ++i) {
      const BlockResult& b = page->blocks[i];
      std::string where = dir.string() + " " + job.blocks[i].component;
      EXPECT_THAT(b, IsOk()) << where << ": " << b.error_message;
      // The theme's own scripts (the header's cart count) may be there; the prop's may not.
      EXPECT_EQ(b.html.find("<script>alert(1)"), std::string::npos) << where << ":\n" << b.html;
      EXPECT_EQ(b.html.find("<img src=x"), std::string::npos) << where << ":\n" << b.html;
    }
  }
}

}  // namespace
}  // namespace vitrine::sandbox
