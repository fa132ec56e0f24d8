// ISO 4217 currencies as money is stored: integer minor units per shop currency.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace vitrine {

// The currencies whose minor unit is not the hundredth, with their digits (ISO 4217):
// {"BHD", 3}, {"JPY", 0}, ... Every other currency has 2.
const std::vector<std::pair<std::string_view, int>>& currencies_not_in_hundredths();

// Digits after the decimal point of `currency`'s minor unit: 0 for JPY, KRW..., 3 for BHD, KWD,
// OMR..., else 2. The one table: prices, e-mails, ctx.formatPrice and payment providers use it.
int currency_minor_digits(std::string_view currency);

}  // namespace vitrine
