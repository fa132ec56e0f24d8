#include "storefront/document.h"

#include <cctype>

#include "core/css.h"

namespace vitrine::storefront {
namespace {

// Replaces every case-insensitive "</tag" with "<\/tag": the HTML parser no longer sees an end
// tag, and both CSS and JavaScript read the text the same way.
std::string neutralise_end_tag(std::string_view text, std::string_view tag) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      std::string_view rest = text.substr(i + 2, tag.size());
      bool match = rest.size() == tag.size();
      for (size_t k = 0; match && k < tag.size(); ++k)
        match = std::tolower(static_cast<unsigned char>(rest[k])) == tag[k];
      if (match) {
        out += "<\\/";
        ++i;  // skip the '/'
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

void add_meta(std::string& out, const char* attr, const char* name, const std::string& content) {
  if (content.empty()) return;
  out += "<meta ";
  out += attr;
  out += "=\"";
  out += name;
  out += "\" content=\"";
  out += escape_html(content);
  out += "\">\n";
}

// JSON for a <script> element: "<", ">" and "&" as \u escapes (only strings can hold them), so
// no "</script" or "<!--" can appear.
std::string script_safe_json(const nlohmann::json& j) {
  std::string out;
  for (char c : j.dump()) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

std::string text_at(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string absolute_url(const std::string& url, const std::string& base_url) {
  if (url.size() > 1 && url[0] == '/' && url[1] != '/') return base_url + url;
  if (url == "/") return base_url + "/";
  return url;
}

nlohmann::json product_structured_data(const nlohmann::json& p, const std::string& base_url) {
  const std::string url = absolute_url(text_at(p, "url"), base_url);
  nlohmann::json offers = nlohmann::json::array();
  for (const auto& v : p.value("variants", nlohmann::json::array())) {
    nlohmann::json offer = {
        {"@type", "Offer"},
        {"price", v.value("price", 0.0)},
        {"priceCurrency", text_at(p, "currency")},
        {"availability", v.value("available", false) ? "https://schema.org/InStock"
                                                     : "https://schema.org/OutOfStock"},
        {"url", url}};
    if (const std::string sku = text_at(v, "sku"); !sku.empty()) offer["sku"] = sku;
    offers.push_back(std::move(offer));
  }
  nlohmann::json out = {{"@context", "https://schema.org"},
                        {"@type", "Product"},
                        {"name", text_at(p, "title")},
                        {"description", text_at(p, "description")},
                        {"url", url},
                        {"offers", std::move(offers)}};
  nlohmann::json images = nlohmann::json::array();
  for (const auto& im : p.value("images", nlohmann::json::array()))
    images.push_back(absolute_url(text_at(im, "url"), base_url));
  if (!images.empty()) out["image"] = std::move(images);
  return out;
}

nlohmann::json post_structured_data(const nlohmann::json& post, const std::string& base_url,
                                    const std::string& site_name) {
  nlohmann::json out = {{"@context", "https://schema.org"},
                        {"@type", "BlogPosting"},
                        {"headline", text_at(post, "title")},
                        {"description", text_at(post, "excerpt")},
                        {"url", absolute_url(text_at(post, "url"), base_url)},
                        {"mainEntityOfPage", absolute_url(text_at(post, "url"), base_url)},
                        {"datePublished", text_at(post, "published_at")},
                        {"dateModified", text_at(post, "updated_at")},
                        {"publisher", {{"@type", "Organization"}, {"name", site_name}}}};
  if (const std::string author = text_at(post, "author"); !author.empty())
    out["author"] = {{"@type", "Person"}, {"name", author}};
  if (const std::string image = text_at(post, "image"); !image.empty())
    out["image"] = absolute_url(image, base_url);
  nlohmann::json keywords = nlohmann::json::array();
  for (const auto& t : post.value("tags", nlohmann::json::array()))
    keywords.push_back(text_at(t, "name"));
  if (!keywords.empty()) out["keywords"] = std::move(keywords);
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string css_variables(const nlohmann::json& variables, const nlohmann::json& overrides) {
  nlohmann::json merged = variables.is_object() ? variables : nlohmann::json::object();
  if (overrides.is_object())
    for (const auto& [k, v] : overrides.items()) merged[k] = v;
  std::string body;
  for (const auto& [name, value] : merged.items()) {
    std::string text = value.is_string()   ? value.get<std::string>()
                       : value.is_number() ? value.dump()
                                           : std::string();
    if (!is_css_custom_property(name) || !is_safe_css_variable_value(text)) continue;
    body += name;
    body += ':';
    body += text;
    body += ';';
  }
  if (body.empty()) return {};
  body.pop_back();
  return ":root{" + body + "}";
}

std::string render_document(const DocumentHead& head, std::string_view body_html) {
  std::string out;
  out.reserve(body_html.size() + 2048 + head.custom_css.size() + head.custom_js.size());
  out += "<!doctype html>\n<html lang=\"";
  out += escape_html(head.lang);
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += escape_html(head.title);
  out += "</title>\n";
  if (!head.description.empty()) {
    out += "<meta name=\"description\" content=\"";
    out += escape_html(head.description);
    out += "\">\n";
  }
  if (!head.canonical_url.empty()) {
    out += "<link rel=\"canonical\" href=\"";
    out += escape_html(head.canonical_url);
    out += "\">\n";
  }
  if (head.noindex) out += "<meta name=\"robots\" content=\"noindex\">\n";
  add_meta(out, "property", "og:type", head.og_type);
  add_meta(out, "property", "og:title", head.title);
  add_meta(out, "property", "og:description", head.description);
  add_meta(out, "property", "og:url", head.canonical_url);
  add_meta(out, "property", "og:site_name", head.site_name);
  add_meta(out, "property", "og:image", head.image_url);
  add_meta(out, "name", "twitter:card", head.image_url.empty() ? "summary" : "summary_large_image");
  add_meta(out, "name", "twitter:title", head.title);
  add_meta(out, "name", "twitter:description", head.description);
  add_meta(out, "name", "twitter:image", head.image_url);
  if (head.structured_data.is_object()) {
    out += "<script type=\"application/ld+json\">";
    out += script_safe_json(head.structured_data);
    out += "</script>\n";
  }
  out += "<meta name=\"generator\" content=\"Vitrine\">\n";
  for (const auto& href : head.stylesheets) {
    out += "<link rel=\"stylesheet\" href=\"";
    out += escape_html(href);
    out += "\">\n";
  }
  if (!head.root_css.empty()) {
    out += "<style>";
    out += neutralise_end_tag(head.root_css, "style");
    out += "</style>\n";
  }
  if (!head.custom_css.empty()) {
    out += "<style data-vitrine=\"custom-css\">\n";
    out += neutralise_end_tag(head.custom_css, "style");
    out += "\n</style>\n";
  }
  out += "</head>\n<body>\n";
  out += body_html;
  out += "\n";
  for (const auto& src : head.scripts) {
    out += "<script src=\"";
    out += escape_html(src);
    out += "\" defer></script>\n";
  }
  if (!head.custom_js.empty()) {
    out += "<script data-vitrine=\"custom-js\">\n";
    out += neutralise_end_tag(head.custom_js, "script");
    out += "\n</script>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string error_document(std::string_view heading, std::string_view message) {
  std::string out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"robots\" content=\"noindex\">\n<title>";
  out += escape_html(heading);
  out +=
      "</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;color:#1c1917;background:#faf8f5;"
      "display:grid;place-items:center;min-height:100vh;margin:0}main{max-width:32rem;padding:"
      "2rem;text-align:center}h1{font-size:1.5rem;margin:0 0 .5rem}p{color:#6b635b;margin:0}"
      "</style>\n</head>\n<body>\n<main>\n<h1>";
  out += escape_html(heading);
  out += "</h1>\n<p>";
  out += escape_html(message);
  out += "</p>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace vitrine::storefront
