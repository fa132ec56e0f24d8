#include "core/css.h"

#include <algorithm>

namespace vitrine {

bool is_css_custom_property(std::string_view name) {
  return name.size() > 2 && name.size() <= kMaxCssVariableName && name.starts_with("--") &&
         std::all_of(name.begin() + 2, name.end(), is_css_name_byte);
}

bool is_safe_css_variable_value(std::string_view value) {
  if (value.empty() || value.size() > kMaxCssVariableValue) return false;
  return std::none_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7f || c == ';' || c == '{' || c == '}' || c == '<' || c == '>' ||
           c == '\\';
  });
}

}  // namespace vitrine
