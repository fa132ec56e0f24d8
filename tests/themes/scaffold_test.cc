#include "themes/scaffold.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"
#include "testing/temp_dir.h"
#include "themes/package.h"
#include "themes/theme_fixture.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::themes {
namespace {

namespace fs = std::filesystem;

TEST(ScaffoldTest, NewThemePassesValidationAsWritten) {
  TempDir tmp;
  auto dir = scaffold_theme(tmp.path(), "corner-shop", "restaurant");
  ASSERT_THAT(dir, IsOk());
  EXPECT_EQ(*dir, tmp.path() / "corner-shop" / "v0.1.0");
  for (const char* f : {"theme-metadata.json", "puck-config.json", "components/Hero.js",
                        "components/Footer.js", "build/theme.css"})
    EXPECT_TRUE(fs::exists(*dir / f)) << f;
  EXPECT_TRUE(fs::exists(tmp.path() / "corner-shop" / "README.md"));
  auto result = validate_version_folder(*dir, "corner-shop/v0.1.0", {});
  for (const auto& p : result.problems) ADD_FAILURE() << p.str();
  ASSERT_TRUE(result.package.has_value());
  EXPECT_EQ(result.package->metadata.name, "Corner Shop");
  EXPECT_EQ(result.package->metadata.template_type, "restaurant");
}

TEST(ScaffoldTest, RefusesBadNamesAndNeverOverwrites) {
  TempDir tmp;
  EXPECT_EQ(scaffold_theme(tmp.path(), "Bad Name").error().code, errc::kInvalidArgument);
  EXPECT_EQ(scaffold_theme(tmp.path(), "ok", "florist").error().code, errc::kInvalidArgument);
  testing::write_text(tmp.path() / "taken" / "notes.txt", "mine");
  auto again = scaffold_theme(tmp.path(), "taken");
  ASSERT_THAT(again, StatusIs(errc::kAlreadyExists));
  EXPECT_FALSE(fs::exists(tmp.path() / "taken" / "v0.1.0"));
  EXPECT_TRUE(fs::exists(tmp.path() / "taken" / "notes.txt"));
}

}  // namespace
}  // namespace vitrine::themes
