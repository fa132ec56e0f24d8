#include "catalog/input.h"

#include <algorithm>
#include <set>

#include "catalog/catalog.h"
#include "core/text.h"
#include "core/url.h"

namespace vitrine::catalog {
namespace {

using internal::Problems;
using nlohmann::json;

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
const IntegerField kWeight{"/weight_grams", 0, kMaxWeightGrams, " (grams)"};

const char* const kCurrencyRule = "must be an ISO 4217 code of three upper-case letters, like USD";
const char* const kStatusRule = "must be one of active, draft, archived";

// ---- checks of typed values (every caller's input goes through these) ----

// `prefix` goes before the field's pointer: "/variants/2" for a variant's fields.
void check_range(const std::optional<int64_t>& v, const IntegerField& f, Problems& problems,
                 const std::string& prefix = "") {
  if (v && (*v < f.min || *v > f.max)) problems.add(prefix + f.pointer, f.range());
}

// Trims the text; a problem when longer than `max_chars` characters.
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

// Trims a non-empty image URL and records a problem at `pointer` unless it is a path starting
// with "/" or an http(s) URL without spaces.
void check_url(std::string& url, const std::string& pointer, Problems& problems) {
  url = trim_space(url);
  if (!is_page_link(url, kMaxImageUrlLength))
    problems.add(pointer,
                 "must be a path starting with '/' or an http(s) URL without spaces, at most " +
                     std::to_string(kMaxImageUrlLength) + " bytes");
}

// An image URL is trimmed; "" clears it like null.
void check_image_url(std::optional<std::optional<std::string>>& image_url, Problems& problems) {
  if (!image_url || !*image_url) return;
  if (trim_space(**image_url).empty()) {
    *image_url = std::optional<std::string>();
    return;
  }
  check_url(**image_url, "/image_url", problems);
}

// A list of short texts (option names, option values, tags): each trimmed, non-empty, at most
// `max_chars` characters; at most `max_items`; `unique`: no repeats.
// An outside system's id: exact bytes (not trimmed), at most kMaxExternalIdLength.
void check_external_id(const std::optional<std::string>& id, const std::string& pointer,
                       Problems& problems) {
  if (id && id->size() > kMaxExternalIdLength)
    problems.add(pointer, "must be at most " + std::to_string(kMaxExternalIdLength) + " bytes");
}

void check_sku(std::optional<std::string>& sku, const std::string& pointer, Problems& problems) {
  if (!sku) return;
  *sku = trim_space(*sku);
  if (utf8_length(*sku) > kMaxSkuLength)
    problems.add(pointer, "must be at most " + std::to_string(kMaxSkuLength) + " characters");
}

// ---- JSON readers: types only; a value of the wrong type is a problem and stays unset ----

bool is_absent(const json& body, const char* key) {
  auto it = body.find(key);
  return it == body.end() || it->is_null();
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
                        Problems& problems, const std::string& prefix = "") {
  for (const auto& [key, value] : body.items()) {
    bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
    if (ok) continue;
    std::string message = "unknown field";
    if (key == "price" || key == "compare_at_price")
      message += "; send " + std::string(key == "price" ? "price_cents" : "compare_at_cents") +
                 " as an integer in the currency's minor unit (1999 for 19.99)";
    problems.add(prefix + "/" + json_pointer_token(key), message);
  }
}

std::optional<int64_t> read_integer_at(const json& body, const char* key, const IntegerField& f,
                                       const std::string& prefix, Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(it->get<uint64_t>());
  if (it->is_number_integer() && !it->is_number_unsigned()) return it->get<int64_t>();
  problems.add(prefix + f.pointer, f.range());
  return std::nullopt;
}

// A string field where null clears (read as ""): sku, external_id.
std::optional<std::string> read_clearable_id(const json& body, const char* key,
                                             const std::string& at, Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  problems.add(at + "/" + key, "must be a string or null");
  return std::nullopt;
}

std::optional<std::vector<VariantInput>> read_variants(const json& body, Problems& problems) {
  auto it = body.find("variants");
  if (it == body.end()) return std::nullopt;
  if (!it->is_array()) {
    problems.add("/variants", "must be an array of variants");
    return std::nullopt;
  }
  std::vector<VariantInput> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    const std::string at = "/variants/" + std::to_string(i);
    if (!v.is_object()) {
      problems.add(at, "must be an object");
      continue;
    }
    check_known_fields(v,
                       {"id", "options", "sku", "external_id", "price_cents", "compare_at_cents",
                        "inventory", "weight_grams"},
                       problems, at);
    VariantInput in;
    if (auto id = v.find("id"); id != v.end() && !id->is_null()) {
      if (id->is_string())
        in.id = id->get<std::string>();
      else
        problems.add(at + "/id", "must be a string (the id of one of the product's variants)");
    }
    in.options = read_strings(v, "options", problems, at).value_or(std::vector<std::string>{});
    in.sku = read_clearable_id(v, "sku", at, problems);
    in.external_id = read_clearable_id(v, "external_id", at, problems);
    in.price_cents = read_integer_at(v, "price_cents", kPrice, at, problems);
    in.inventory = read_integer_at(v, "inventory", kInventory, at, problems);
    in.weight_grams = read_integer_at(v, "weight_grams", kWeight, at, problems);
    if (auto c = v.find("compare_at_cents"); c != v.end()) {
      if (c->is_null())
        in.compare_at_cents = std::optional<int64_t>();
      else if (auto n = read_integer_at(v, "compare_at_cents", kCompareAt, at, problems))
        in.compare_at_cents = n;
    }
    out.push_back(std::move(in));
  }
  return out;
}

// images: [{"url", "alt"?}] or ["<url>"].
std::optional<std::vector<ProductImage>> read_images(const json& body, Problems& problems) {
  auto it = body.find("images");
  if (it == body.end()) return std::nullopt;
  if (!it->is_array()) {
    problems.add("/images", "must be an array of {url, alt} objects or URLs");
    return std::nullopt;
  }
  std::vector<ProductImage> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& im = (*it)[i];
    const std::string at = "/images/" + std::to_string(i);
    if (im.is_string()) {
      out.push_back({im.get<std::string>(), ""});
    } else if (im.is_object() && im.value("url", json()).is_string()) {
      check_known_fields(im, {"url", "alt"}, problems, at);
      const json alt = im.value("alt", json(""));
      if (!alt.is_string()) problems.add(at + "/alt", "must be a string");
      out.push_back({im["url"].get<std::string>(), alt.is_string() ? alt.get<std::string>() : ""});
    } else {
      problems.add(at, "must be a URL or an object with a string url");
    }
  }
  return out;
}

}  // namespace

namespace internal {

void check_product(ProductInput& in, bool creating, Problems& problems) {
  check_slug(in.slug, problems);
  check_title(in.title, creating, problems);
  check_text(in.description, "/description", kMaxDescriptionLength, problems);
  if (creating && !in.price_cents && !in.variants && !problems.has("/price_cents"))
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
  check_sku(in.sku, "/sku", problems);
  check_external_id(in.external_id, "/external_id", problems);
  if (in.option_names)
    check_words(*in.option_names, "/option_names", kMaxOptions, kMaxOptionLength, true, problems);
  if (in.variants) {
    if (in.variants->size() > kMaxVariants)
      problems.add("/variants", "must hold at most " + std::to_string(kMaxVariants) + " variants");
    for (size_t i = 0; i < in.variants->size(); ++i) {
      VariantInput& v = (*in.variants)[i];
      const std::string at = "/variants/" + std::to_string(i);
      check_words(v.options, at + "/options", kMaxOptions, kMaxOptionLength, false, problems);
      check_sku(v.sku, at + "/sku", problems);
      check_external_id(v.external_id, at + "/external_id", problems);
      check_range(v.price_cents, kPrice, problems, at);
      if (v.compare_at_cents) check_range(*v.compare_at_cents, kCompareAt, problems, at);
      check_range(v.inventory, kInventory, problems, at);
      check_range(v.weight_grams, kWeight, problems, at);
      if (creating && !v.price_cents && !in.price_cents && !problems.has(at + "/price_cents"))
        problems.add(at + "/price_cents", "is required (or give the product a price_cents)");
    }
  }
  if (in.images) {
    if (in.images->size() > kMaxImages)
      problems.add("/images", "must hold at most " + std::to_string(kMaxImages) + " images");
    for (size_t i = 0; i < in.images->size(); ++i) {
      ProductImage& im = (*in.images)[i];
      check_url(im.url, "/images/" + std::to_string(i) + "/url", problems);
      im.alt = trim_space(im.alt);
      if (utf8_length(im.alt) > kMaxTitleLength)
        problems.add("/images/" + std::to_string(i) + "/alt",
                     "must be at most " + std::to_string(kMaxTitleLength) + " characters");
    }
  }
  if (in.tags) {
    check_words(*in.tags, "/tags", kMaxTags, kMaxTagLength, false, problems);
    std::vector<std::string> unique;  // tags are a set: repeats are dropped, first one kept
    for (auto& t : *in.tags)
      if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
    *in.tags = std::move(unique);
  }
  if (in.related) {
    if (in.related->size() > kMaxRelated)
      problems.add("/related", "must hold at most " + std::to_string(kMaxRelated) + " slugs");
    for (size_t i = 0; i < in.related->size(); ++i)
      if (!is_valid_slug((*in.related)[i]))
        problems.add("/related/" + std::to_string(i), "must be the slug of a product");
  }
  check_text(in.seo_title, "/seo_title", kMaxSeoTitleLength, problems);
  check_text(in.seo_description, "/seo_description", kMaxSeoDescriptionLength, problems);
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
    return problems.error("invalid product");
  }
  check_known_fields(
      body,
      {"slug", "title", "description", "price_cents", "currency", "compare_at_cents", "image_url",
       "status", "inventory", "position", "sku", "option_names", "variants", "images", "tags",
       "related", "seo_title", "seo_description", "external_id"},
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
  in.sku = read_clearable_id(body, "sku", "", problems);
  in.external_id = read_clearable_id(body, "external_id", "", problems);
  in.option_names = read_strings(body, "option_names", problems);
  in.variants = read_variants(body, problems);
  in.images = read_images(body, problems);
  in.tags = read_strings(body, "tags", problems);
  in.related = read_strings(body, "related", problems);
  in.seo_title = read_clearable_text(body, "seo_title", problems);
  in.seo_description = read_clearable_text(body, "seo_description", problems);
  // A field that failed to read is unset: the checks see its problem and do not call it missing.
  internal::check_product(in, creating, problems);
  if (!problems.empty()) return problems.error("invalid product");
  return in;
}

Result<CollectionInput> collection_input_from_json(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("invalid collection");
  }
  check_known_fields(body, {"slug", "title", "description", "image_url", "position"}, problems);
  CollectionInput in;
  in.slug = read_slug(body, problems);
  in.title = read_title(body, creating, problems);
  in.description = read_clearable_text(body, "description", problems);
  in.image_url = read_image_url(body, problems);
  in.position = read_integer(body, "position", kPosition, problems);
  internal::check_collection(in, creating, problems);
  if (!problems.empty()) return problems.error("invalid collection");
  return in;
}

}  // namespace vitrine::catalog
