#include "storefront/routes.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace vitrine::storefront {
namespace {

using nlohmann::json;

// Meta descriptions are cut to what search engines show.
constexpr size_t kDescriptionBytes = 160;

// `text` on one line, cut at a character boundary to at most kDescriptionBytes bytes.
std::string summary(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  if (out.size() <= kDescriptionBytes) return out;
  size_t cut = kDescriptionBytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "…";
}

std::string text_of(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Route template_route(std::string name, const std::string& cache_path) {
  Route r;
  r.page = std::move(name);
  r.is_template = true;
  r.cache_path = cache_path;
  return r;
}

// The "all" collection: every active product, in catalogue order.
json all_products(const catalog::CatalogSnapshot& data) {
  json slugs = json::array();
  for (const auto& p : data.data["products"]) slugs.push_back(p["slug"]);
  json all = {{"id", "all"},
              {"slug", "all"},
              {"handle", "all"},
              {"title", "All products"},
              {"description", ""},
              {"image", nullptr},
              {"url", "/collections/all"},
              {"product_count", slugs.size()}};
  all["products"] = std::move(slugs);
  return all;
}

}  // namespace

std::optional<int64_t> page_number(const std::optional<std::string>& raw) {
  if (!raw) return 1;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), n);
  if (ec != std::errc() || end != raw->data() + raw->size() || n < 1) return std::nullopt;
  return n;
}

std::optional<json> pagination(int64_t page, int64_t total, const std::string& base,
                               const std::string& extra_query) {
  const int64_t pages = std::max<int64_t>(1, (total + kListingPageSize - 1) / kListingPageSize);
  if (page > pages) return std::nullopt;
  auto url = [&](int64_t n) -> json {
    if (n < 1 || n > pages) return nullptr;
    std::string query = extra_query;
    if (n > 1) query += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(n);
    return query.empty() ? base : base + "?" + query;
  };
  return json{{"page", page},
              {"pages", pages},
              {"total", total},
              {"previous_url", url(page - 1)},
              {"next_url", url(page + 1)}};
}

// Page `page` of the blog's posts at `indexes` (all when null), with ctx.blog.
void add_blog_page(const posts::BlogSnapshot& blog, const std::vector<size_t>* indexes,
                   int64_t page, const std::string& tag, const std::string& base, json& out) {
  const auto total = static_cast<int64_t>(indexes ? indexes->size() : blog.posts.size());
  json items = json::array();
  for (int64_t i = (page - 1) * kListingPageSize; i < std::min(total, page * kListingPageSize); ++i)
    items.push_back(blog.posts[indexes ? (*indexes)[i] : static_cast<size_t>(i)]);
  out["posts"] = std::move(items);
  json tag_json = nullptr;
  if (!tag.empty())
    tag_json = {{"slug", tag}, {"name", blog.tag_names.at(tag)}, {"url", "/blog/tag/" + tag}};
  out["blog"] = {{"tag", std::move(tag_json)},
                 {"pagination", pagination(page, total, base).value_or(json(nullptr))},
                 {"url", "/blog"},
                 {"feed_url", "/blog/feed.xml"}};
}

json route_resource(const Route& route, const catalog::CatalogSnapshot& data,
                    const posts::BlogSnapshot& blog) {
  json out = json::object();
  if (route.page != "blog") add_blog_page(blog, nullptr, 1, "", "/blog", out);
  if (!route.is_template) return out;
  if (route.page == "product") {
    if (const json* p = data.product(route.item)) out["product"] = *p;
  } else if (route.page == "collection") {
    const json* found = data.collection(route.item);
    json collection = found ? *found : all_products(data);
    const json& slugs = collection["products"];
    const auto total = static_cast<int64_t>(slugs.size());
    json items = json::array();
    for (int64_t i = (route.page_number - 1) * kListingPageSize;
         i < std::min(total, route.page_number * kListingPageSize); ++i)
      if (const json* p = data.product(slugs[i].get<std::string>())) items.push_back(*p);
    collection["items"] = std::move(items);
    collection["pagination"] =
        pagination(route.page_number, total, collection["url"].get<std::string>())
            .value_or(json(nullptr));
    out["collection"] = std::move(collection);
  } else if (route.page == "search") {
    out["search"] = {{"query", route.item}};
  } else if (route.page == "account") {
    out["account"] = {{"view", route.item}};
  } else if (route.page == "blog") {
    const std::vector<size_t>* tagged = route.item.empty() ? nullptr : &blog.by_tag.at(route.item);
    add_blog_page(blog, tagged, route.page_number, route.item,
                  route.item.empty() ? "/blog" : "/blog/tag/" + route.item, out);
  } else if (route.page == "post") {
    if (auto post = blog.full_post(route.item)) out["post"] = std::move(*post);
  }
  return out;
}

std::optional<Route> not_found_route(const RouteTargets& targets) {
  if (!targets.has_template("404")) return std::nullopt;
  Route r = template_route("404", "#404");
  r.status = 404;
  r.title = "Page not found";
  return r;
}

std::optional<Route> match_route(
    const std::string& path,
    const std::function<std::optional<std::string>(std::string_view)>& param,
    const RouteTargets& targets, const catalog::CatalogSnapshot& data,
    const posts::BlogSnapshot& blog) {
  if (targets.has_page(path)) {
    Route r;
    r.page = path;
    r.cache_path = path;
    return r;
  }
  // The blog: /blog, /blog/tag/<tag> (both paged) and /blog/<slug>.
  if (path == "/blog" || path.rfind("/blog/", 0) == 0) {
    const std::string rest = path.size() > 6 ? path.substr(6) : "";
    if (rest.rfind("tag/", 0) == 0 || rest.empty()) {
      if (!targets.has_template("blog")) return std::nullopt;
      const std::string tag = rest.empty() ? "" : rest.substr(4);
      auto tagged = blog.by_tag.find(tag);
      if (!tag.empty() && tagged == blog.by_tag.end()) return std::nullopt;
      auto page = page_number(param("page"));
      const size_t total = tag.empty() ? blog.posts.size() : tagged->second.size();
      if (!page || !pagination(*page, static_cast<int64_t>(total), path)) return std::nullopt;
      Route r = template_route("blog", *page == 1 ? path : path + "?page=" + std::to_string(*page));
      r.title = tag.empty() ? "Blog" : blog.tag_names.at(tag);
      r.item = tag;
      r.page_number = *page;
      return r;
    }
    auto at = blog.post_at.find(rest);
    if (at == blog.post_at.end() || !targets.has_template("post")) return std::nullopt;
    const json& post = blog.posts[at->second];
    Route r = template_route("post", path);
    r.title = text_of(post["seo"], "title");
    r.description = summary(text_of(post["seo"], "description"));
    r.item = rest;
    return r;
  }
  // Everything below is "/<section>" or "/<section>/<one segment>".
  std::string_view rest = std::string_view(path).substr(1);
  const size_t slash = rest.find('/');
  const std::string section(rest.substr(0, slash));
  const std::string item =
      slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  if (item.find('/') != std::string::npos) return std::nullopt;
  auto wants = [&](std::string_view name) { return targets.has_template(name); };

  if (section == "products" && !item.empty() && wants("product")) {
    const json* product = data.product(item);
    if (!product) return std::nullopt;
    Route r = template_route("product", path);
    r.title = text_of(*product, "title");
    r.description = summary(text_of(*product, "description"));
    r.item = item;
    return r;
  }
  if (section == "collections" && item.empty() && wants("collections")) {
    Route r = template_route("collections", path);
    r.title = "Collections";
    return r;
  }
  if (section == "collections" && !item.empty() && wants("collection")) {
    auto page = page_number(param("page"));
    const json* collection = item == "all" ? nullptr : data.collection(item);
    if (!page || (item != "all" && !collection)) return std::nullopt;
    const size_t total =
        collection ? (*collection)["products"].size() : data.data["products"].size();
    if (!pagination(*page, static_cast<int64_t>(total), path)) return std::nullopt;
    Route r =
        template_route("collection", *page == 1 ? path : path + "?page=" + std::to_string(*page));
    r.title = collection ? text_of(*collection, "title") : "All products";
    if (collection) r.description = summary(text_of(*collection, "description"));
    r.item = item;
    r.page_number = *page;
    return r;
  }
  if (section == "search" && item.empty() && wants("search")) {
    Route r = template_route("search", path);
    r.per_visitor = true;
    r.title = "Search";
    r.item = param("q").value_or("");
    return r;
  }
  if ((section == "cart" || section == "checkout") && item.empty() && wants(section)) {
    Route r = template_route(section, path);
    r.per_visitor = true;
    r.title = section == "cart" ? "Your cart" : "Checkout";
    return r;
  }
  if (section == "account" && wants("account")) {
    static const std::map<std::string, const char*> kViews = {{"", "overview"},
                                                              {"login", "login"},
                                                              {"register", "register"},
                                                              {"orders", "orders"},
                                                              {"reset", "reset"}};
    auto view = kViews.find(item);
    if (view == kViews.end()) return std::nullopt;
    Route r = template_route("account", path);
    r.per_visitor = true;
    static const std::map<std::string, const char*> kTitles = {{"overview", "Your account"},
                                                               {"login", "Sign in"},
                                                               {"register", "Create an account"},
                                                               {"orders", "Your orders"},
                                                               {"reset", "Reset your password"}};
    r.title = kTitles.at(view->second);
    r.item = view->second;
    return r;
  }
  if (section == "orders" && !item.empty() && wants("order")) {
    Route r = template_route("order", path);
    r.per_visitor = true;  // the token in the path is the customer's secret
    r.title = "Your order";
    r.item = item;
    return r;
  }
  if (section == "pages" && !item.empty() && targets.has_page("/" + item)) {
    Route r;
    r.redirect = "/" + item;
    return r;
  }
  return std::nullopt;
}

}  // namespace vitrine::storefront
