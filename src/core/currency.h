// ISO 4217 currencies as money is stored: integer minor units per shop currency.
#pragma once

#include <string_view>

namespace vitrine {

// Digits after the decimal point of `currency`'s minor unit (ISO 4217): 0 for JPY, KRW...,
// 3 for BHD, KWD, OMR..., else 2. The one table: prices, e-mails and payment providers use it.
int currency_minor_digits(std::string_view currency);

}  // namespace vitrine
