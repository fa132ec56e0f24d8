#include "catalog/input.h"

#include <algorithm>

#include "catalog/catalog.h"
#include "core/text.h"

namespace vitrine::catalog {
namespace {

using internal::Problems;
using nlohmann::json;

// UTF-8 code points in `s` (continuation bytes are not counted).
size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// An integer field's range, as both the JSON reader and the checks report it.
struct IntegerField {
  const char* pointer;
  int64_t min, max;
  const char* hint;
  std::string range() const {
    return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + hint;
  }
};
const IntegerField kPrice{"/price_cents", 0, kMaxPriceCents,
                          " (the price in the currency's minor unit: 1999 for 19.99)"};
const IntegerField kCompareAt{"/compare_at_cents", 0, kMaxPriceCents, " or null (minor units)"};
const IntegerField kInventory{"/inventory", 0, kMaxInventory, ""};
const IntegerField kPosition{"/position", 0, kMaxPosition, ""};

const char* const kCurrencyRule = "must be an ISO 4217 code of three upper-case letters, like USD";
const char* const kStatusRule = "must be one of active, draft, archived";

// ---- checks of typed values (every caller's input goes through these) ----

void check_range(const std::optional<int64_t>& v, const IntegerField& f, Problems& problems) {
  if (v && (*v < f.min || *v > f.max)) problems.add(f.pointer, f.range());
}

// Trims the text; a problem when longer than `max_chars` characters.
void check_text(std::optional<std::string>& text, const char* pointer, size_t max_chars,
                Problems& problems) {
  if (!text) return;
  *text = trim(*text);
  if (utf8_length(*text) > max_chars)
    problems.add(pointer, "must be at most " + std::to_string(max_chars) + " characters");
}

// The title: required when creating, never blank.
void check_title(std::optional<std::string>& title, bool creating, Problems& problems) {
  if (!title) {
    if (creating && !problems.has("/title")) problems.add("/title", "is required");
    return;
  }
  check_text(title, "/title", kMaxTitleLength, problems);
  if (title->empty()) problems.add("/title", "is required (it is blank)");
}

void add_slug_problem(Problems& problems) {
  problems.add("/slug", "must be lower-case letters, digits and single inner hyphens, at most " +
                            std::to_string(kMaxSlugLength) + " characters");
}

void check_slug(const std::optional<std::string>& slug, Problems& problems) {
  if (slug && !is_valid_slug(*slug)) add_slug_problem(problems);
}

// An image URL is trimmed; "" clears it like null.
void check_image_url(std::optional<std::optional<std::string>>& image_url, Problems& problems) {
  if (!image_url || !*image_url) return;
  std::string url = trim(**image_url);
  if (url.empty()) {
    *image_url = std::optional<std::string>();
    return;
  }
  bool has_control = std::any_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  bool relative = url[0] == '/' && (url.size() < 2 || url[1] != '/');
  bool absolute = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (url.size() > kMaxImageUrlLength || has_control || !(relative || absolute)) {
    problems.add("/image_url",
                 "must be a path starting with '/' or an http(s) URL without spaces, at most " +
                     std::to_string(kMaxImageUrlLength) + " bytes");
    return;
  }
  **image_url = url;
}

// ---- JSON readers: types only; a value of the wrong type is a problem and stays unset ----

bool is_absent(const json& body, const char* key) {
  auto it = body.find(key);
  return it == body.end() || it->is_null();
}

std::optional<std::string> read_string(const json& body, const char* key, const char* rule,
                                       Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  problems.add(std::string("/") + key, rule);
  return std::nullopt;
}

std::optional<int64_t> read_integer(const json& body, const char* key, const IntegerField& f,
                                    Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(it->get<uint64_t>());
  if (it->is_number_integer() && !it->is_number_unsigned()) return it->get<int64_t>();
  problems.add(f.pointer, f.range());
  return std::nullopt;
}

// A text that null clears (""), like an empty string.
std::optional<std::string> read_clearable_text(const json& body, const char* key,
                                               Problems& problems) {
  if (auto it = body.find(key); it != body.end() && it->is_null()) return "";
  return read_string(body, key, "must be a string", problems);
}

// title: null is "is required" on a patch too (creating, the check reports it when absent).
std::optional<std::string> read_title(const json& body, bool creating, Problems& problems) {
  if (auto it = body.find("title"); it != body.end() && it->is_null()) {
    if (!creating) problems.add("/title", "is required");
    return std::nullopt;
  }
  return read_string(body, "title", "must be a string", problems);
}

// slug: null is absent (derive one).
std::optional<std::string> read_slug(const json& body, Problems& problems) {
  if (is_absent(body, "slug")) return std::nullopt;
  const json& v = body.at("slug");
  if (v.is_string()) return v.get<std::string>();
  add_slug_problem(problems);
  return std::nullopt;
}

std::optional<std::optional<std::string>> read_image_url(const json& body, Problems& problems) {
  auto it = body.find("image_url");
  if (it == body.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    problems.add("/image_url", "must be a string or null");
    return std::nullopt;
  }
  return std::optional<std::string>(it->get<std::string>());
}

void check_known_fields(const json& body, std::initializer_list<const char*> known,
                        Problems& problems) {
  for (const auto& [key, value] : body.items()) {
    bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
    if (ok) continue;
    std::string message = "unknown field";
    if (key == "price" || key == "compare_at_price")
      message += "; send " + std::string(key == "price" ? "price_cents" : "compare_at_cents") +
                 " as an integer in the currency's minor unit (1999 for 19.99)";
    problems.add("/" + json_pointer_token(key), message);
  }
}

}  // namespace

namespace internal {

void check_product(ProductInput& in, bool creating, Problems& problems) {
  check_slug(in.slug, problems);
  check_title(in.title, creating, problems);
  check_text(in.description, "/description", kMaxDescriptionLength, problems);
  if (creating && !in.price_cents && !problems.has("/price_cents"))
    problems.add("/price_cents", "is required");
  check_range(in.price_cents, kPrice, problems);
  if (in.currency &&
      !(in.currency->size() == 3 && std::all_of(in.currency->begin(), in.currency->end(),
                                                [](char ch) { return ch >= 'A' && ch <= 'Z'; })))
    problems.add("/currency", kCurrencyRule);
  if (in.compare_at_cents) check_range(*in.compare_at_cents, kCompareAt, problems);
  check_image_url(in.image_url, problems);
  if (in.status && *in.status != "active" && *in.status != "draft" && *in.status != "archived")
    problems.add("/status", kStatusRule);
  check_range(in.inventory, kInventory, problems);
  check_range(in.position, kPosition, problems);
}

void check_collection(CollectionInput& in, bool creating, Problems& problems) {
  check_slug(in.slug, problems);
  check_title(in.title, creating, problems);
  check_text(in.description, "/description", kMaxDescriptionLength, problems);
  check_image_url(in.image_url, problems);
  check_range(in.position, kPosition, problems);
}

}  // namespace internal

Result<ProductInput> product_input_from_json(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("product");
  }
  check_known_fields(body,
                     {"slug", "title", "description", "price_cents", "currency", "compare_at_cents",
                      "image_url", "status", "inventory", "position"},
                     problems);
  ProductInput in;
  in.slug = read_slug(body, problems);
  in.title = read_title(body, creating, problems);
  in.description = read_clearable_text(body, "description", problems);
  in.price_cents = read_integer(body, "price_cents", kPrice, problems);
  in.currency = read_string(body, "currency", kCurrencyRule, problems);
  if (auto it = body.find("compare_at_cents"); it != body.end()) {
    if (it->is_null()) {
      in.compare_at_cents = std::optional<int64_t>();
    } else if (auto v = read_integer(body, "compare_at_cents", kCompareAt, problems)) {
      in.compare_at_cents = v;
    }
  }
  in.image_url = read_image_url(body, problems);
  in.status = read_string(body, "status", kStatusRule, problems);
  in.inventory = read_integer(body, "inventory", kInventory, problems);
  in.position = read_integer(body, "position", kPosition, problems);
  // A field that failed to read is unset: the checks see its problem and do not call it missing.
  internal::check_product(in, creating, problems);
  if (!problems.empty()) return problems.error("product");
  return in;
}

Result<CollectionInput> collection_input_from_json(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("collection");
  }
  check_known_fields(body, {"slug", "title", "description", "image_url", "position"}, problems);
  CollectionInput in;
  in.slug = read_slug(body, problems);
  in.title = read_title(body, creating, problems);
  in.description = read_clearable_text(body, "description", problems);
  in.image_url = read_image_url(body, problems);
  in.position = read_integer(body, "position", kPosition, problems);
  internal::check_collection(in, creating, problems);
  if (!problems.empty()) return problems.error("collection");
  return in;
}

}  // namespace vitrine::catalog
