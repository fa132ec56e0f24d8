// URLs: parsing on Boost.URL (RFC 3986) and the percent-encodings the platform speaks. Every
// module that reads a URL from configuration or a request goes through here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vitrine {

// Decodes %XX escapes; nullopt on a malformed escape ("%2", "%zz"). '+' stays '+' (RFC 3986:
// paths, and the query of URLs that are not HTML forms).
std::optional<std::string> percent_decode(std::string_view s);

// As percent_decode, with '+' read as a space: application/x-www-form-urlencoded bodies and
// the query strings browsers send for GET forms.
std::optional<std::string> form_decode(std::string_view s);

// The decoded value of field `name` in an application/x-www-form-urlencoded string (a query
// string or a form body): the first occurrence whose value decodes; "flag" alone yields "".
std::optional<std::string> form_field(std::string_view encoded, std::string_view name);

// Escapes one path or query component: every byte but A-Z a-z 0-9 - _ . ~ (RFC 3986
// unreserved, as AWS SigV4 wants it) and those in `keep` becomes %XX.
std::string percent_encode(std::string_view s, std::string_view keep = {});

// Whether `url` may be shown as a link or image on a shop's page: a path starting with one "/"
// or an http(s) URL, without spaces or control characters, at most `max_bytes`.
bool is_page_link(std::string_view url, size_t max_bytes = 2048);

// An absolute URL ("scheme://user:password@host:port/path?query"), split into parts.
struct UrlParts {
  std::string scheme;            // lower-case
  std::string host;              // as written ("Example.com", "[::1]"); may be empty
  std::string port;              // digits; "" when absent
  bool has_password = false;     // a ':' in the userinfo
  std::string password;          // decoded
  std::string encoded_password;  // as written in the URL
  std::string path;              // decoded; "" or starts with '/'
  // Query parameters in order, decoded ('+' stays '+'); a parameter without '=' has value "".
  std::vector<std::pair<std::string, std::string>> params;
};

// Parses an absolute URL. invalid_argument when `url` is not one; the message says why and
// never repeats `url` (it may hold a password): callers name the setting.
Result<UrlParts> parse_url(std::string_view url);

// `url` with the userinfo password and every password= query value replaced by "***", for
// printing configuration. Text that does not parse as a URL has only password= values replaced.
std::string redact_url_password(std::string_view url);

// `url` without its query parameters named `name` (and without the '?' when none is left);
// unchanged when it does not parse or has no such parameter.
std::string remove_query_param(std::string_view url, std::string_view name);

// The scheme and port of URLs like one base URL, to name another host on the same server:
// public_url "https://admin.example.com:8443/x" gives {"https", ":8443"}; default ports (80 for
// http, 443 for https) give "". A URL that does not parse gives {"http", ""}.
struct UrlOrigin {
  std::string scheme = "http";
  std::string port_suffix;
  // "scheme://host:port" for `host`: "https://kendu.example.com:8443".
  std::string for_host(std::string_view host) const;
};
UrlOrigin url_origin(std::string_view url);

}  // namespace vitrine
