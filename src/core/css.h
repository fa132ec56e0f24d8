// The CSS rules shared by the theme package check (themes/package.cc) and the storefront page
// (storefront/document.cc): what a theme may declare as a custom property is exactly what the
// storefront writes into its <style>, so nothing a push accepted disappears at render.
#pragma once

#include <string_view>

namespace vitrine {

// Whether `c` is a byte of a CSS name code point (CSS Syntax 3, §4.2): an ASCII letter or digit,
// '-', '_', or any byte of a non-ASCII UTF-8 sequence.
constexpr bool is_css_name_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || u >= 0x80;
}

inline constexpr size_t kMaxCssVariableName = 100;    // bytes, "--" included
inline constexpr size_t kMaxCssVariableValue = 1000;  // bytes

// Whether `name` is a custom property name: "--", then 1 or more name bytes, at most
// kMaxCssVariableName bytes in all.
bool is_css_custom_property(std::string_view name);

// Whether `value` may be written as a custom property's value inside a <style> element: 1 to
// kMaxCssVariableValue bytes, none of { } < > ; \ and no control characters, so it can end
// neither the declaration, the rule nor the element.
bool is_safe_css_variable_value(std::string_view value);

}  // namespace vitrine
