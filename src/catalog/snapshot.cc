// CatalogService's revision checks, the snapshot cache the render path reads, and the JSON of
// products and collections.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/input.h"

namespace vitrine::catalog {
namespace {

using internal::collection_from_row;
using internal::product_from_row;
using nlohmann::json;

json or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json or_null(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

// A product as storefront renders see it (CatalogSnapshot::data).
json storefront_product(const Product& p, const std::vector<std::string>& collections,
                        const std::set<std::string>& active_slugs) {
  json compare_at = nullptr;
  if (p.compare_at_cents) compare_at = major_units(*p.compare_at_cents, p.currency);
  json variants = json::array();
  bool available = false;
  for (const auto& v : p.variants) {
    variants.push_back(internal::variant_json(v, p.currency));
    available |= v.inventory > 0;
  }
  // Options with the values their variants use, in first-use order.
  json options = json::array();
  for (size_t k = 0; k < p.option_names.size(); ++k) {
    std::vector<std::string> values;
    for (const auto& v : p.variants)
      if (k < v.options.size() &&
          std::find(values.begin(), values.end(), v.options[k]) == values.end())
        values.push_back(v.options[k]);
    options.push_back({{"name", p.option_names[k]}, {"values", values}});
  }
  json images = json::array();
  json gallery = json::array();
  if (p.image_url) {
    images.push_back({{"url", *p.image_url}, {"alt", p.title}});
    gallery.push_back(*p.image_url);
  }
  for (const auto& im : p.images) {
    images.push_back({{"url", im.url}, {"alt", im.alt.empty() ? p.title : im.alt}});
    gallery.push_back(im.url);
  }
  json related = json::array();
  for (const auto& slug : p.related)
    if (slug != p.slug && active_slugs.count(slug)) related.push_back(slug);
  const std::string seo_title = p.seo_title.empty() ? p.title : p.seo_title;
  const std::string seo_description = p.seo_description.empty() ? p.description : p.seo_description;
  return {{"id", p.id},
          {"slug", p.slug},
          {"handle", p.slug},
          {"title", p.title},
          {"name", p.title},
          {"description", p.description},
          {"price", major_units(p.price_cents, p.currency)},
          {"price_cents", p.price_cents},
          {"currency", p.currency},
          {"compare_at_price", compare_at},
          {"compare_at_cents", or_null(p.compare_at_cents)},
          {"image", or_null(p.image_url)},
          {"url", "/products/" + p.slug},
          {"inventory", p.inventory},
          {"available", available},
          {"collections", collections},
          {"options", std::move(options)},
          {"variants", std::move(variants)},
          {"images", std::move(images)},
          {"tags", p.tags},
          {"seo", {{"title", seo_title}, {"description", seo_description}}},
          {"related_products", related},
          {"seoTitle", seo_title},
          {"seoDescription", seo_description},
          {"featuredImage", or_null(p.image_url)},
          {"gallery", std::move(gallery)},
          {"relatedProducts", related}};
}

}  // namespace

// ---- revision and snapshot cache ---------------------------------------------------------------

Result<int64_t> CatalogService::read_revision(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT revision FROM catalog_revisions WHERE workspace_id = ?",
                                  {workspace_id}));
  return r.empty() ? 0 : r.integer(0, "revision");
}

Result<std::vector<ContentReference>> CatalogService::references_to(const std::string& workspace_id,
                                                                    const std::string& needle) {
  std::vector<ContentReference> out;
  VITRINE_ASSIGN(
      auto products,
      db_.exec("SELECT p.id, p.title FROM products p WHERE p.workspace_id = ? AND "
               "p.status = 'active' AND (p.image_url LIKE '%' || ? || '%' OR p.images "
               "LIKE '%' || ? || '%' OR p.description LIKE '%' || ? || '%') ORDER BY p.title",
               {workspace_id, needle, needle, needle}));
  for (size_t i = 0; i < products.rows.size(); ++i)
    out.push_back({"product", products.text(i, "id"), products.text(i, "title")});
  VITRINE_ASSIGN(auto collections,
                 db_.exec("SELECT id, title FROM collections WHERE workspace_id = ? AND "
                          "(image_url LIKE '%' || ? || '%' OR description LIKE '%' || ? || '%') "
                          "ORDER BY title",
                          {workspace_id, needle, needle}));
  for (size_t i = 0; i < collections.rows.size(); ++i)
    out.push_back({"collection", collections.text(i, "id"), collections.text(i, "title")});
  return out;
}

Result<int64_t> CatalogService::revision(const std::string& workspace_id) {
  return cache_.revision(workspace_id);
}

Result<std::shared_ptr<const CatalogSnapshot>> CatalogService::shared_snapshot(
    const std::string& workspace_id) {
  return cache_.shared(workspace_id);
}

std::shared_ptr<const CatalogSnapshot> CatalogService::cached_snapshot(
    const std::string& workspace_id) {
  return cache_.cached(workspace_id);
}

void CatalogService::note_write(const std::string& workspace_id) {
  cache_.note_write(workspace_id);
}

Result<json> CatalogService::snapshot(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto shared, shared_snapshot(workspace_id));
  return shared->data;
}

Result<std::shared_ptr<const CatalogSnapshot>> CatalogService::build_snapshot(
    const std::string& workspace_id) {
  auto snap = std::make_shared<CatalogSnapshot>();
  json products = json::array();
  json collections = json::array();
  // One transaction: the revision and the rows it describes are read together.
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    products = json::array();
    collections = json::array();
    VITRINE_ASSIGN(auto rev, s.exec("SELECT revision FROM catalog_revisions WHERE workspace_id = ?",
                                    {workspace_id}));
    snap->revision = rev.empty() ? 0 : rev.integer(0, "revision");
    VITRINE_ASSIGN(auto prows,
                   s.exec("SELECT * FROM products WHERE workspace_id = ? AND status = 'active' "
                          "ORDER BY position, created_at, id",
                          {workspace_id}));
    VITRINE_ASSIGN(auto crows, s.exec("SELECT * FROM collections WHERE workspace_id = ? "
                                      "ORDER BY position, created_at, id",
                                      {workspace_id}));
    VITRINE_ASSIGN(auto members,
                   s.exec("SELECT cp.collection_id, p.slug FROM collection_products cp "
                          "JOIN products p ON p.id = cp.product_id "
                          "WHERE p.workspace_id = ? AND p.status = 'active' "
                          "ORDER BY cp.collection_id, cp.position, cp.created_at, p.id",
                          {workspace_id}));
    VITRINE_ASSIGN(auto variants, internal::active_variants(s, workspace_id));
    std::set<std::string> active_slugs;
    for (size_t i = 0; i < prows.rows.size(); ++i) active_slugs.insert(prows.text(i, "slug"));
    std::map<std::string, std::vector<std::string>> slugs_by_collection;
    for (size_t i = 0; i < members.rows.size(); ++i)
      slugs_by_collection[members.text(i, "collection_id")].push_back(members.text(i, "slug"));
    std::map<std::string, std::vector<std::string>> collections_by_product;
    for (size_t i = 0; i < crows.rows.size(); ++i) {
      Collection c = collection_from_row(crows, i);
      const auto& slugs = slugs_by_collection[c.id];
      for (const auto& slug : slugs) collections_by_product[slug].push_back(c.slug);
      collections.push_back({{"id", c.id},
                             {"slug", c.slug},
                             {"handle", c.slug},
                             {"title", c.title},
                             {"description", c.description},
                             {"image", or_null(c.image_url)},
                             {"url", "/collections/" + c.slug},
                             {"products", slugs},
                             {"product_count", slugs.size()}});
    }
    for (size_t i = 0; i < prows.rows.size(); ++i) {
      Product p = product_from_row(prows, i);
      p.variants = std::move(variants[p.id]);
      p.inventory = internal::stock_of(p.variants);
      products.push_back(storefront_product(p, collections_by_product[p.slug], active_slugs));
    }
    return {};
  }));
  snap->data = {{"revision", snap->revision},
                {"products", std::move(products)},
                {"collections", std::move(collections)}};
  snap->text = snap->data.dump();
  for (size_t i = 0; i < snap->data["products"].size(); ++i)
    snap->product_at.emplace(snap->data["products"][i]["slug"].get<std::string>(), i);
  for (size_t i = 0; i < snap->data["collections"].size(); ++i)
    snap->collection_at.emplace(snap->data["collections"][i]["slug"].get<std::string>(), i);
  return std::shared_ptr<const CatalogSnapshot>(std::move(snap));
}

const json* CatalogSnapshot::product(const std::string& slug) const {
  auto it = product_at.find(slug);
  return it == product_at.end() ? nullptr : &data["products"][it->second];
}

const json* CatalogSnapshot::collection(const std::string& slug) const {
  auto it = collection_at.find(slug);
  return it == collection_at.end() ? nullptr : &data["collections"][it->second];
}

// ---- JSON --------------------------------------------------------------------------------------

namespace {
json variants_json(const Product& p) {
  json out = json::array();
  for (const auto& v : p.variants) out.push_back(internal::variant_json(v, p.currency));
  return out;
}
json images_json(const Product& p) {
  json out = json::array();
  for (const auto& im : p.images) out.push_back({{"url", im.url}, {"alt", im.alt}});
  return out;
}
}  // namespace

json to_json(const Product& p) {
  json compare_at = nullptr;
  if (p.compare_at_cents) compare_at = major_units(*p.compare_at_cents, p.currency);
  return {{"id", p.id},
          {"workspace_id", p.workspace_id},
          {"slug", p.slug},
          {"title", p.title},
          {"description", p.description},
          {"price_cents", p.price_cents},
          {"price", major_units(p.price_cents, p.currency)},
          {"currency", p.currency},
          {"compare_at_cents", or_null(p.compare_at_cents)},
          {"compare_at_price", compare_at},
          {"image_url", or_null(p.image_url)},
          {"status", p.status},
          {"inventory", p.inventory},
          {"position", p.position},
          {"url", "/products/" + p.slug},
          {"option_names", p.option_names},
          {"variants", variants_json(p)},
          {"images", images_json(p)},
          {"tags", p.tags},
          {"related", p.related},
          {"seo_title", p.seo_title},
          {"seo_description", p.seo_description},
          {"external_id", or_null(p.external_id)},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

json to_json(const Collection& c) {
  return {{"id", c.id},
          {"workspace_id", c.workspace_id},
          {"slug", c.slug},
          {"title", c.title},
          {"description", c.description},
          {"image_url", or_null(c.image_url)},
          {"position", c.position},
          {"product_ids", c.product_ids},
          {"url", "/collections/" + c.slug},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

}  // namespace vitrine::catalog
