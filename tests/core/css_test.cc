#include "core/css.h"

#include <gtest/gtest.h>

#include <string>

namespace vitrine {
namespace {

TEST(CssTest, CustomPropertyNamesAreWhatCssAccepts) {
  EXPECT_TRUE(is_css_custom_property("--brand-color"));
  EXPECT_TRUE(is_css_custom_property("--Font_2"));
  EXPECT_TRUE(is_css_custom_property("--couleur-été"));  // non-ASCII is a name code point
  EXPECT_FALSE(is_css_custom_property("--"));
  EXPECT_FALSE(is_css_custom_property("color"));
  EXPECT_FALSE(is_css_custom_property("-x"));
  EXPECT_FALSE(is_css_custom_property("--a b"));
  EXPECT_FALSE(is_css_custom_property("--a:b"));
  EXPECT_TRUE(is_css_custom_property("--" + std::string(kMaxCssVariableName - 2, 'x')));
  EXPECT_FALSE(is_css_custom_property("--" + std::string(kMaxCssVariableName - 1, 'x')));
}

TEST(CssTest, VariableValuesCannotEndTheDeclarationRuleOrStyleElement) {
  EXPECT_TRUE(is_safe_css_variable_value("#1a1a2e"));
  EXPECT_TRUE(is_safe_css_variable_value("'Inter', system-ui, sans-serif"));
  EXPECT_TRUE(is_safe_css_variable_value("clamp(1rem, 2vw, 3rem)"));
  for (const char* bad :
       {"red; background: url(x)", "red}", "{", "</style>", "a>b", "\\61", "red\n", ""})
    EXPECT_FALSE(is_safe_css_variable_value(bad)) << bad;
  EXPECT_TRUE(is_safe_css_variable_value(std::string(kMaxCssVariableValue, 'x')));
  EXPECT_FALSE(is_safe_css_variable_value(std::string(kMaxCssVariableValue + 1, 'x')));
}

}  // namespace
}  // namespace vitrine
