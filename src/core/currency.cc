#include "core/currency.h"

#include <set>

namespace vitrine {

int currency_minor_digits(std::string_view currency) {
  static const std::set<std::string_view> kZero = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                   "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                   "VND", "VUV", "XAF", "XOF", "XPF"};
  static const std::set<std::string_view> kThree = {"BHD", "IQD", "JOD", "KWD",
                                                    "LYD", "OMR", "TND"};
  if (kZero.count(currency)) return 0;
  if (kThree.count(currency)) return 3;
  return 2;
}

}  // namespace vitrine
