#include "core/currency.h"

namespace vitrine {

const std::vector<std::pair<std::string_view, int>>& currencies_not_in_hundredths() {
  static const std::vector<std::pair<std::string_view, int>> kTable = {
      {"BHD", 3}, {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"IQD", 3},
      {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0}, {"KWD", 3},
      {"LYD", 3}, {"OMR", 3}, {"PYG", 0}, {"RWF", 0}, {"TND", 3}, {"UGX", 0},
      {"UYI", 0}, {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0}};
  return kTable;
}

int currency_minor_digits(std::string_view currency) {
  for (const auto& [code, digits] : currencies_not_in_hundredths())
    if (code == currency) return digits;
  return 2;
}

}  // namespace vitrine
