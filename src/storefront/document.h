// The storefront document shell (docs/architecture.md "The request
// path", step 5): the platform, not the theme,
// writes <!doctype html>, <head> and the asset links around the blocks' HTML, so every shop
// gets correct escaping, exact-version asset URLs and its own overrides the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vitrine::storefront {

// Everything the shell shows besides the body.
struct DocumentHead {
  std::string title;                     // text, escaped here
  std::string description;               // text, escaped here; no meta tag when empty
  std::string canonical_url;             // absolute URL, escaped here
  std::string lang = "en";               // <html lang>
  std::vector<std::string> stylesheets;  // exact-version CDN URLs, in order
  std::vector<std::string> scripts;      // exact-version CDN URLs, deferred, in order
  std::string root_css;                  // ":root{...}" from css_variables(), or empty
  std::string custom_css;                // the shop's own CSS
  std::string custom_js;                 // the shop's own script, run after the theme's
  // Sharing and search (OpenGraph, Twitter cards, JSON-LD, robots).
  std::string site_name;            // og:site_name
  std::string og_type = "website";  // "website", "product" or "article"
  std::string image_url;            // absolute; og:image and a large Twitter card
  bool noindex = false;             // pages that show a visitor (cart, checkout, account)
  nlohmann::json structured_data;   // a schema.org object for JSON-LD, or null
};

// The schema.org JSON-LD of a product as ctx shows it (storefront snapshot JSON): Product with
// an Offer per variant (price, currency, availability, url). `base_url` makes URLs absolute.
nlohmann::json product_structured_data(const nlohmann::json& product, const std::string& base_url);
// The same for a blog post (BlogSnapshot JSON): BlogPosting with headline, dates, author, image.
nlohmann::json post_structured_data(const nlohmann::json& post, const std::string& base_url,
                                    const std::string& site_name);

// `url` absolute on `base_url` when it is a path ("/x" → base_url + "/x"); as it is otherwise.
std::string absolute_url(const std::string& url, const std::string& base_url);

// `&<>"'` → entities.
std::string escape_html(std::string_view text);

// The theme's `variables` with the shop's `overrides` on top, as one ":root{--a:1;--b:2}" rule.
// Only custom properties named --[A-Za-z0-9_-]+ with values free of ; { } < > \ and control
// characters are written, so neither side can end the rule or the <style> element; the others
// are skipped. Empty when nothing remains.
std::string css_variables(const nlohmann::json& variables, const nlohmann::json& overrides);

// The full HTML document: head as described, then `body_html` as is (the components escape
// their own output), then the scripts. custom_css and custom_js cannot close their elements
// early: "</style" and "</script" inside them are neutralised.
std::string render_document(const DocumentHead& head, std::string_view body_html);

// A small self-contained page for errors on storefront hosts (unknown shop, unpublished,
// suspended...): status text as heading and one explanatory sentence, both escaped.
std::string error_document(std::string_view heading, std::string_view message);

}  // namespace vitrine::storefront
