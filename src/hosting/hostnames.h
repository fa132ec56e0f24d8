// Hostnames as hosting compares them. Custom domains are stored normalised (lower-case, no
// trailing dot), and request hosts are normalised the same way before a lookup, so that
// "Shop.Example.com.:443" and "shop.example.com" name the same site.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine::hosting {

// The host of a Host header or TLS server name as sites are looked up: lower-case, the port
// removed ("[v6]:port" keeps the brackets), one trailing dot removed. Never fails.
std::string normalize_request_host(std::string_view host);

// `hostname` lower-cased with one trailing dot removed, if it may be a custom domain: RFC 1123
// labels (letters, digits, inner hyphens, 1-63 characters), at least two labels, at most 253
// characters, no scheme, port, path or IP address, and neither `base_domain` nor a name under
// it (those are the platform's). invalid_argument naming the problem otherwise.
Result<std::string> normalize_custom_hostname(std::string_view hostname,
                                              std::string_view base_domain);

}  // namespace vitrine::hosting
