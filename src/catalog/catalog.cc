#include "catalog/catalog.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "catalog/input.h"
#include "changes/change_feed.h"
#include "core/clock.h"
#include "core/currency.h"
#include "core/ids.h"
#include "core/text.h"
#include "db/text_search.h"

namespace vitrine::catalog {
namespace {

using internal::collection_from_row;
using internal::Problems;
using internal::product_from_row;
using nlohmann::json;

// Portable SQL for both backends (see db::Migration).
constexpr const char* kSchema = R"sql(
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
  currency TEXT NOT NULL,
  compare_at_cents BIGINT CHECK (compare_at_cents >= 0),
  image_url TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'draft', 'archived')),
  inventory BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX products_slug ON products(workspace_id, slug);
CREATE INDEX products_by_position ON products(workspace_id, position, created_at);
CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  image_url TEXT,
  position BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX collections_slug ON collections(workspace_id, slug);
CREATE INDEX collections_by_position ON collections(workspace_id, position, created_at);
CREATE TABLE collection_products (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (collection_id, product_id)
);
CREATE INDEX collection_products_by_product ON collection_products(product_id);
CREATE TABLE catalog_revisions (
  workspace_id TEXT PRIMARY KEY,
  revision BIGINT NOT NULL
);
)sql";

// Product search: an FTS5 table beside products on SQLite, a tsvector column on PostgreSQL
// (db/text_search.h makes both answer alike). Rows that existed before are indexed here once.
constexpr const char* kSqliteSearch = R"sql(
CREATE VIRTUAL TABLE products_fts USING fts5(product_id UNINDEXED, title, description, tags,
  skus, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO products_fts (product_id, title, description)
  SELECT id, title, description FROM products;
)sql";
constexpr const char* kPostgresSearch = R"sql(
ALTER TABLE products ADD COLUMN search_vector TSVECTOR;
CREATE INDEX products_search ON products USING GIN (search_vector);
UPDATE products SET search_vector =
  setweight(to_tsvector('simple', regexp_replace(title, '[[:punct:]]', ' ', 'g')), 'A') ||
  setweight(to_tsvector('simple', regexp_replace(description, '[[:punct:]]', ' ', 'g')), 'B');
)sql";

// The ids outside systems (points of sale) give products and variants (upsert_external).
constexpr const char* kExternalIdsSchema = R"sql(
ALTER TABLE products ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX products_external_id ON products(workspace_id, external_id);
ALTER TABLE product_variants ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX product_variants_external_id ON product_variants(workspace_id, external_id);
)sql";

// Where each product's search row is, so reindexing finds it by key: FTS5 cannot index
// product_id, and a lookup by it scanned every row (quadratic when a POS loads a catalogue).
constexpr const char* kSqliteSearchRows = R"sql(
CREATE TABLE products_fts_rows (
  product_id TEXT PRIMARY KEY,
  fts_rowid INTEGER NOT NULL
);
INSERT INTO products_fts_rows (product_id, fts_rowid) SELECT product_id, rowid FROM products_fts;
)sql";

// Stock per location other than "online" (whose count is the variant's stock minus these).
constexpr const char* kLocationsSchema = R"sql(
CREATE TABLE inventory_levels (
  workspace_id TEXT NOT NULL,
  variant_id TEXT NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
  location TEXT NOT NULL,
  available BIGINT NOT NULL CHECK (available >= 0),
  PRIMARY KEY (variant_id, location)
);
)sql";

// A product's stock is the sum of its variants', computed when they are loaded: a sale or a till's
// adjustment writes the variant alone instead of also rewriting the product's wide row. On SQLite
// the per-location levels become one B-tree (no rowid beside the key), halving the pages a
// till's adjustment dirties.
constexpr const char* kDerivedStockSchema = "ALTER TABLE products DROP COLUMN inventory;";
constexpr const char* kSqliteLevelsWithoutRowid = R"sql(
CREATE TABLE inventory_levels_keyed (
  workspace_id TEXT NOT NULL,
  variant_id TEXT NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
  location TEXT NOT NULL,
  available BIGINT NOT NULL CHECK (available >= 0),
  PRIMARY KEY (variant_id, location)
) WITHOUT ROWID;
INSERT INTO inventory_levels_keyed SELECT workspace_id, variant_id, location, available
  FROM inventory_levels;
DROP TABLE inventory_levels;
ALTER TABLE inventory_levels_keyed RENAME TO inventory_levels;
)sql";

// Variants, gallery, tags, SEO and related products (products keep price_cents, inventory and
// compare_at_cents as the summary of their variants; storefront 7 drops inventory). Every existing
// product gets one "Default" variant with its price and stock, under the product's own id.
constexpr const char* kVariantsSchema = R"sql(
CREATE TABLE product_variants (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  title TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '[]',
  sku TEXT,
  price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
  compare_at_cents BIGINT CHECK (compare_at_cents >= 0),
  inventory BIGINT NOT NULL DEFAULT 0 CHECK (inventory >= 0),
  weight_grams BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX product_variants_by_product ON product_variants(product_id, position);
CREATE UNIQUE INDEX product_variants_sku ON product_variants(workspace_id, sku);
ALTER TABLE products ADD COLUMN option_names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE products ADD COLUMN images TEXT NOT NULL DEFAULT '[]';
ALTER TABLE products ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE products ADD COLUMN related TEXT NOT NULL DEFAULT '[]';
ALTER TABLE products ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
INSERT INTO product_variants (id, product_id, workspace_id, title, options, price_cents,
  compare_at_cents, inventory, position, created_at, updated_at)
  SELECT id, id, workspace_id, 'Default', '[]', price_cents, compare_at_cents, inventory, 0,
         created_at, updated_at FROM products;
)sql";

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string skus_of(const Product& p) {
  std::vector<std::string> skus;
  for (const auto& v : p.variants)
    if (v.sku) skus.push_back(*v.sku);
  return joined(skus);
}

// Removes product `id`'s search index entry (SQLite; PostgreSQL keeps it in the row).
Status unindex_product(db::Session& s, db::Dialect dialect, const std::string& id) {
  if (dialect != db::Dialect::kSqlite) return {};
  VITRINE_TRY(
      s.exec("DELETE FROM products_fts WHERE rowid IN "
             "(SELECT fts_rowid FROM products_fts_rows WHERE product_id = ?)",
             {id}));
  VITRINE_TRY(s.exec("DELETE FROM products_fts_rows WHERE product_id = ?", {id}));
  return {};
}

// Rewrites the search index entry of product `p` from its fields and its variants' SKUs
// (`fresh`: a product created in this transaction, with no entry yet).
Status reindex_product(db::Session& s, db::Dialect dialect, const Product& p, bool fresh) {
  if (dialect == db::Dialect::kSqlite) {
    if (!fresh) VITRINE_TRY(unindex_product(s, dialect, p.id));
    VITRINE_TRY(
        s.exec("INSERT INTO products_fts (product_id, title, description, tags, skus) "
               "VALUES (?, ?, ?, ?, ?)",
               {p.id, p.title, p.description, joined(p.tags), skus_of(p)}));
    VITRINE_TRY(
        s.exec("INSERT INTO products_fts_rows (product_id, fts_rowid) "
               "VALUES (?, last_insert_rowid())",
               {p.id}));
    return {};
  }
  VITRINE_TRY(s.exec(
      "UPDATE products SET search_vector = setweight(to_tsvector('simple', ?), 'A') || "
      "setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'A') || "
      "setweight(to_tsvector('simple', ?), 'A') WHERE id = ?",
      {db::search_text(p.title), db::search_text(p.description), db::search_text(joined(p.tags)),
       db::search_text(skus_of(p)), p.id}));
  return {};
}

// Attempts of a create whose derived slug lost a race with a concurrent create.
constexpr int kSlugAttempts = 4;

// The slug base for a title (core slugify), `fallback` when the title has no letters or digits.
std::string slug_or(std::string_view title, size_t max, const char* fallback) {
  std::string s = slugify(title, max);
  return s.empty() ? fallback : s;
}

// ---- rows --------------------------------------------------------------------------------------

// Lookups run on a Session (inside a write) or on the Database (autocommit reads): both have
// the same exec().

// `table` is "products" or "collections": the row with id `key` (a UUID) or else slug `key`.
template <typename Exec>
Result<db::QueryResult> find_row(Exec& db, const char* table, const std::string& workspace_id,
                                 const std::string& key) {
  std::string base = std::string("SELECT * FROM ") + table + " WHERE workspace_id = ? AND ";
  if (is_uuid(key)) {
    VITRINE_ASSIGN(auto r, db.exec(base + "id = ?", {workspace_id, key}));
    if (!r.empty()) return r;
  }
  return db.exec(base + "slug = ?", {workspace_id, key});
}

template <typename Exec>
Result<Product> load_product(Exec& db, const std::string& workspace_id, const std::string& key) {
  VITRINE_ASSIGN(auto r, find_row(db, "products", workspace_id, key));
  if (r.empty())
    return fail(errc::kNotFound, "product '" + key + "' not found", {{"product_id", key}});
  Product p = product_from_row(r, 0);
  VITRINE_TRY(internal::load_variants(db, {&p}));
  return p;
}

// Fills product_ids of each collection, in collection order.
template <typename Exec>
Status fill_members(Exec& db, std::vector<Collection>& collections) {
  if (collections.empty()) return {};
  std::string sql =
      "SELECT collection_id, product_id FROM collection_products WHERE collection_id IN (";
  std::vector<db::Value> params;
  std::map<std::string, Collection*> by_id;
  for (auto& c : collections) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(c.id);
    by_id[c.id] = &c;
  }
  sql += ") ORDER BY collection_id, position, created_at, product_id";
  VITRINE_ASSIGN(auto r, db.exec(sql, std::span<const db::Value>(params)));
  for (size_t i = 0; i < r.rows.size(); ++i)
    by_id[r.text(i, "collection_id")]->product_ids.push_back(r.text(i, "product_id"));
  return {};
}

template <typename Exec>
Result<Collection> load_collection(Exec& db, const std::string& workspace_id,
                                   const std::string& key) {
  VITRINE_ASSIGN(auto r, find_row(db, "collections", workspace_id, key));
  if (r.empty())
    return fail(errc::kNotFound, "collection '" + key + "' not found", {{"collection_id", key}});
  std::vector<Collection> one{collection_from_row(r, 0)};
  VITRINE_TRY(fill_members(db, one));
  return std::move(one[0]);
}

// A slug of `table` free in the workspace: `base`, else base-2, base-3, ...
Result<std::string> free_slug(db::Session& s, const char* table, const std::string& workspace_id,
                              const std::string& base) {
  // The usual case by the index; the LIKE below reads every slug of the shop.
  VITRINE_ASSIGN(auto same, s.exec(std::string("SELECT 1 AS taken FROM ") + table +
                                       " WHERE workspace_id = ? AND slug = ?",
                                   {workspace_id, base}));
  if (same.empty()) return base;
  VITRINE_ASSIGN(auto r, s.exec(std::string("SELECT slug FROM ") + table +
                                    " WHERE workspace_id = ? AND (slug = ? OR slug LIKE ?)",
                                {workspace_id, base, base + "-%"}));
  std::set<std::string> taken;
  for (size_t i = 0; i < r.rows.size(); ++i) taken.insert(r.text(i, "slug"));
  return first_free_slug(base, taken);
}

// The position after the last row of `table` in the workspace.
Result<int64_t> next_position(db::Session& s, const char* table, const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, s.exec(std::string("SELECT MAX(position) AS last FROM ") + table +
                                    " WHERE workspace_id = ?",
                                {workspace_id}));
  if (r.empty() || r.is_null(0, "last")) return int64_t{0};
  return std::min(r.integer(0, "last") + 1, kMaxPosition);
}

Error slug_taken(const char* what, const std::string& slug) {
  return make_error(
      errc::kAlreadyExists,
      "/slug: '" + slug + "' is already used by another " + what + " of this workspace",
      {{"pointer", "/slug"}, {"slug", slug}});
}

// Bumps the workspace's catalog revision. First statement of every write, so on PostgreSQL
// concurrent writes to one catalog queue on this row.
Status bump_revision(db::Session& s, const std::string& workspace_id) {
  VITRINE_TRY(
      s.exec("INSERT INTO catalog_revisions (workspace_id, revision) VALUES (?, 1) "
             "ON CONFLICT (workspace_id) DO UPDATE SET revision = catalog_revisions.revision + 1",
             {workspace_id}));
  return {};
}

// Runs the module's checks on a typed input (see input.h); validation_failed as for JSON.
Status checked(ProductInput& in, bool creating) {
  internal::Problems problems;
  internal::check_product(in, creating, problems);
  return problems.empty() ? Status() : Status(problems.error("invalid product"));
}
Status checked(CollectionInput& in, bool creating) {
  internal::Problems problems;
  internal::check_collection(in, creating, problems);
  return problems.empty() ? Status() : Status(problems.error("invalid collection"));
}

// Sets the fields of `p` that `c` has, except the variants' (resolve_variants does those).
void apply_product_fields(Product& p, const ProductInput& c) {
  if (c.slug) p.slug = *c.slug;
  if (c.title) p.title = *c.title;
  if (c.description) p.description = *c.description;
  if (c.currency) p.currency = *c.currency;
  if (c.image_url) p.image_url = *c.image_url;
  if (c.status) p.status = *c.status;
  if (c.position) p.position = *c.position;
  if (c.option_names) p.option_names = *c.option_names;
  if (c.images) p.images = *c.images;
  if (c.tags) p.tags = *c.tags;
  if (c.related) p.related = *c.related;
  if (c.seo_title) p.seo_title = *c.seo_title;
  if (c.seo_description) p.seo_description = *c.seo_description;
  if (c.external_id)
    p.external_id = c.external_id->empty() ? std::nullopt : std::optional(*c.external_id);
}

json images_json(const std::vector<ProductImage>& images) {
  json out = json::array();
  for (const auto& im : images) out.push_back({{"url", im.url}, {"alt", im.alt}});
  return out;
}

// Inserts (`insert`) or updates the products row of `p`, not its variants.
Status save_product_row(db::Session& s, const Product& p, bool insert, bool slug_given) {
  std::vector<db::Value> params{p.slug,
                                p.title,
                                p.description,
                                p.price_cents,
                                p.currency,
                                db::nullable(p.compare_at_cents),
                                db::nullable(p.image_url),
                                p.status,
                                p.position,
                                json(p.option_names).dump(),
                                images_json(p.images).dump(),
                                json(p.tags).dump(),
                                json(p.related).dump(),
                                p.seo_title,
                                p.seo_description,
                                db::nullable(p.external_id),
                                p.updated_at,
                                p.id};
  const char* sql =
      "UPDATE products SET slug = ?, title = ?, description = ?, price_cents = ?, currency = ?, "
      "compare_at_cents = ?, image_url = ?, status = ?, position = ?, "
      "option_names = ?, images = ?, tags = ?, related = ?, seo_title = ?, seo_description = ?, "
      "external_id = ?, updated_at = ? WHERE id = ?";
  if (insert) {
    params.push_back(p.workspace_id);
    params.push_back(p.created_at);
    sql =
        "INSERT INTO products (slug, title, description, price_cents, currency, "
        "compare_at_cents, image_url, status, position, option_names, images, tags, related, "
        "seo_title, seo_description, external_id, updated_at, id, workspace_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }
  auto r = s.exec(sql, std::span<const db::Value>(params));
  if (!r.ok()) {
    // Both databases name the violated index's columns or its name.
    if (r.error().code == errc::kAlreadyExists &&
        r.error().message.find("external_id") != std::string::npos)
      return make_error(errc::kAlreadyExists,
                        "/external_id: '" + p.external_id.value_or("") +
                            "' is already used by another product of this workspace",
                        {{"pointer", "/external_id"}, {"external_id", p.external_id.value_or("")}});
    if (r.error().code == errc::kAlreadyExists && (slug_given || !insert))
      return slug_taken("product", p.slug);
    return r.error();
  }
  return {};
}

// Writes product `p` after change `c`: its row, its variants and its search entry. `before`:
// the product's variants in the database (none when creating).
Status write_product(db::Session& s, db::Dialect dialect, Product& p, const ProductInput& c,
                     const std::vector<Variant>& before, bool creating) {
  internal::Problems problems;
  internal::resolve_variants(c, p, before, problems);
  if (!problems.empty()) return problems.error("invalid product");
  VITRINE_TRY(save_product_row(s, p, creating, c.slug.has_value()));
  VITRINE_TRY(internal::save_variants(s, p, before));
  return reindex_product(s, dialect, p, creating);
}

Result<Product> insert_product(db::Session& s, db::Dialect dialect, const std::string& workspace_id,
                               const ProductInput& c) {
  Product p;
  p.id = new_uuid();
  p.workspace_id = workspace_id;
  p.currency = "USD";
  p.status = "active";
  apply_product_fields(p, c);
  if (!c.slug) {
    VITRINE_ASSIGN(p.slug, free_slug(s, "products", workspace_id,
                                     slug_or(p.title, kMaxSlugLength - 8, "product")));
  }
  if (!c.position) {
    VITRINE_ASSIGN(p.position, next_position(s, "products", workspace_id));
  }
  p.created_at = p.updated_at = now_iso8601();
  VITRINE_TRY(write_product(s, dialect, p, c, {}, true));
  return p;
}

Result<Collection> insert_collection(db::Session& s, const std::string& workspace_id,
                                     const CollectionInput& c) {
  Collection col;
  col.id = new_uuid();
  col.workspace_id = workspace_id;
  col.title = *c.title;
  if (c.slug) {
    col.slug = *c.slug;
  } else {
    VITRINE_ASSIGN(col.slug, free_slug(s, "collections", workspace_id,
                                       slug_or(col.title, kMaxSlugLength - 8, "collection")));
  }
  col.description = c.description.value_or("");
  col.image_url = c.image_url.value_or(std::nullopt);
  if (c.position) {
    col.position = *c.position;
  } else {
    VITRINE_ASSIGN(col.position, next_position(s, "collections", workspace_id));
  }
  col.created_at = col.updated_at = now_iso8601();
  auto inserted = s.exec(
      "INSERT INTO collections (id, workspace_id, slug, title, description, image_url, position, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {col.id, col.workspace_id, col.slug, col.title, col.description, db::nullable(col.image_url),
       col.position, col.created_at, col.updated_at});
  if (!inserted.ok()) {
    if (inserted.error().code == errc::kAlreadyExists && c.slug)
      return slug_taken("collection", col.slug);
    return inserted.error();
  }
  return col;
}

// Puts the product into the collection (both of one workspace, already loaded). An explicit
// position is an index: the members at or after it move down one, so "put at 0" makes it first.
// Without one, a new member goes last and an existing one stays where it is.
Status put_member(db::Session& s, const std::string& collection_id, const std::string& product_id,
                  std::optional<int64_t> position) {
  VITRINE_ASSIGN(auto existing,
                 s.exec("SELECT position FROM collection_products WHERE collection_id = ? AND "
                        "product_id = ?",
                        {collection_id, product_id}));
  if (!existing.empty() && !position) return {};
  if (position) {
    VITRINE_TRY(
        s.exec("UPDATE collection_products SET position = position + 1 WHERE "
               "collection_id = ? AND product_id <> ? AND position >= ?",
               {collection_id, product_id, *position}));
  } else {
    VITRINE_ASSIGN(auto r, s.exec("SELECT MAX(position) AS last FROM collection_products WHERE "
                                  "collection_id = ?",
                                  {collection_id}));
    position = r.is_null(0, "last") ? 0 : r.integer(0, "last") + 1;
  }
  if (!existing.empty()) {
    VITRINE_TRY(
        s.exec("UPDATE collection_products SET position = ? WHERE collection_id = ? AND "
               "product_id = ?",
               {*position, collection_id, product_id}));
    return {};
  }
  VITRINE_TRY(
      s.exec("INSERT INTO collection_products (collection_id, product_id, position, "
             "created_at) VALUES (?, ?, ?, ?)",
             {collection_id, product_id, *position, now_iso8601()}));
  return {};
}

template <typename T>
Result<Page<T>> page_of(db::Database& db, const char* table, const std::string& workspace_id,
                        const ListQuery& q, T (*from_row)(const db::QueryResult&, size_t)) {
  if (q.page < 1 || q.page_size < 1 || q.page_size > 100)
    return fail(errc::kInvalidArgument, "page must be ≥ 1 and page_size from 1 to 100",
                {{"page", q.page}, {"page_size", q.page_size}});
  std::string where = " WHERE workspace_id = ?";
  std::vector<db::Value> params{workspace_id};
  if (q.status) {
    where += " AND status = ?";
    params.emplace_back(*q.status);
  }
  VITRINE_ASSIGN(auto count, db.exec(std::string("SELECT COUNT(*) AS n FROM ") + table + where,
                                     std::span<const db::Value>(params)));
  Page<T> page;
  page.page = q.page;
  page.page_size = q.page_size;
  page.total = count.integer(0, "n");
  params.emplace_back(q.page_size);
  params.emplace_back((q.page - 1) * q.page_size);
  VITRINE_ASSIGN(auto rows, db.exec(std::string("SELECT * FROM ") + table + where +
                                        " ORDER BY position, created_at, id LIMIT ? OFFSET ?",
                                    std::span<const db::Value>(params)));
  for (size_t i = 0; i < rows.rows.size(); ++i) page.items.push_back(from_row(rows, i));
  return page;
}

}  // namespace

namespace internal {

Product product_from_row(const db::QueryResult& r, size_t i) {
  Product p;
  p.id = r.text(i, "id");
  p.workspace_id = r.text(i, "workspace_id");
  p.slug = r.text(i, "slug");
  p.title = r.text(i, "title");
  p.description = r.text(i, "description");
  p.price_cents = r.integer(i, "price_cents");
  p.currency = r.text(i, "currency");
  p.compare_at_cents = r.optional_integer(i, "compare_at_cents");
  p.image_url = r.optional_text(i, "image_url");
  p.status = r.text(i, "status");
  p.position = r.integer(i, "position");
  p.option_names = r.strings(i, "option_names");
  p.tags = r.strings(i, "tags");
  p.related = r.strings(i, "related");
  auto images = json::parse(r.text(i, "images"), nullptr, false);
  if (images.is_array())
    for (const auto& im : images)
      if (im.is_object()) p.images.push_back({im.value("url", ""), im.value("alt", "")});
  p.seo_title = r.text(i, "seo_title");
  p.seo_description = r.text(i, "seo_description");
  p.external_id = r.optional_text(i, "external_id");
  p.created_at = r.text(i, "created_at");
  p.updated_at = r.text(i, "updated_at");
  return p;
}

Collection collection_from_row(const db::QueryResult& r, size_t i) {
  Collection c;
  c.id = r.text(i, "id");
  c.workspace_id = r.text(i, "workspace_id");
  c.slug = r.text(i, "slug");
  c.title = r.text(i, "title");
  c.description = r.text(i, "description");
  c.image_url = r.optional_text(i, "image_url");
  c.position = r.integer(i, "position");
  c.created_at = r.text(i, "created_at");
  c.updated_at = r.text(i, "updated_at");
  return c;
}

}  // namespace internal

double major_units(int64_t minor, std::string_view currency) {
  return static_cast<double>(minor) /
         std::pow(10.0, currency_minor_digits(currency.empty() ? "USD" : currency));
}

std::string format_money(int64_t minor, std::string_view currency) {
  const int digits = currency_minor_digits(currency.empty() ? "USD" : currency);
  const std::string code(currency.empty() ? "USD" : currency);
  int64_t unit = 1;
  for (int i = 0; i < digits; ++i) unit *= 10;
  const std::string sign = minor < 0 ? "-" : "";
  const int64_t abs = minor < 0 ? -minor : minor;
  std::string text = sign + std::to_string(abs / unit);
  if (digits > 0) {
    std::string frac = std::to_string(abs % unit);
    frac.insert(0, static_cast<size_t>(digits) - frac.size(), '0');
    text += "." + frac;
  }
  return text + " " + code;
}

std::vector<db::Migration> CatalogService::migrations() {
  // The change feed the catalogue writes to comes with it (and with it to the orders module).
  std::vector<db::Migration> all = changes::ChangeFeed::migrations();
  for (auto m : std::initializer_list<db::Migration>{
           {"storefront", 1, kSchema},
           {"storefront", 2, "", kSqliteSearch, kPostgresSearch},
           {"storefront", 3, kVariantsSchema},
           {"storefront", 4, kExternalIdsSchema},
           {"storefront", 5, kLocationsSchema},
           {"storefront", 6, "", kSqliteSearchRows, ""},
           {"storefront", 7, kDerivedStockSchema, kSqliteLevelsWithoutRowid, ""}})
    all.push_back(std::move(m));
  return all;
}

// ---- writes ------------------------------------------------------------------------------------

Status CatalogService::write(const std::string& workspace_id,
                             const std::function<Status(db::Session&)>& fn) {
  Status st = db_.transaction([&](db::Session& s) -> Status {
    VITRINE_TRY(bump_revision(s, workspace_id));
    return fn(s);
  });
  if (st.ok()) note_write(workspace_id);
  return st;
}

// A product's change of the feed: the product as the API shows it, variants included. Returns
// its number, the product's new version.
static Result<int64_t> feed_product(db::Session& s, const Product& p) {
  std::vector<changes::Change> feed{{0, "product", p.id, "upsert", to_json(p), ""}};
  return changes::ChangeFeed::append(s, p.workspace_id, feed);
}

Result<std::vector<ExternalResult>> CatalogService::upsert_external(
    const std::string& workspace_id, std::vector<ExternalProduct> records,
    const std::function<Status(db::Session&, const std::vector<ExternalResult>&)>& also) {
  std::vector<ExternalResult> results;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    results.clear();  // PostgreSQL may run this again
    // One append for the batch: a product's version is its change's number.
    std::vector<changes::Change> feed;
    std::vector<size_t> fed;  // feed[i] is results[fed[i]]
    for (ExternalProduct& record : records) {
      ExternalResult& out = results.emplace_back();
      out.external_id = record.external_id;
      VITRINE_ASSIGN(auto found, s.exec("SELECT id FROM products WHERE workspace_id = ? AND "
                                        "external_id = ?",
                                        {workspace_id, record.external_id}));
      const bool creating = found.empty();
      ProductInput input = record.input;
      input.external_id = record.external_id;
      if (Status st = checked(input, creating); !st.ok()) {
        out.status = "invalid";
        out.problems = st.error().details.value("problems", json::array());
        if (!creating) out.id = found.text(0, "id");
        continue;
      }
      if (!creating) {
        out.id = found.text(0, "id");
        VITRINE_ASSIGN(auto latest, s.exec("SELECT MAX(seq) AS v FROM change_feed WHERE "
                                           "workspace_id = ? AND kind = 'product' AND "
                                           "entity_id = ?",
                                           {workspace_id, out.id}));
        out.version = latest.empty() ? 0 : latest.optional_integer(0, "v").value_or(0);
        if (!record.version || *record.version != out.version) {
          out.status = "conflict";
          out.problems = {
              {{"pointer", "/version"},
               {"message", record.version ? "is stale: the product changed since (now " +
                                                std::to_string(out.version) + ")"
                                          : "is required to change an existing product (now " +
                                                std::to_string(out.version) + ")"}}};
          continue;
        }
      }
      Product p;
      if (creating) {
        VITRINE_ASSIGN(p, insert_product(s, db_.dialect(), workspace_id, input));
      } else {
        VITRINE_ASSIGN(p, load_product(s, workspace_id, out.id));
        // Variants named by an external id one of the product's has keep that variant.
        if (input.variants)
          for (VariantInput& vi : *input.variants)
            for (const Variant& known : p.variants)
              if (!vi.id && vi.external_id && known.external_id == vi.external_id) vi.id = known.id;
        const std::vector<Variant> before = p.variants;
        apply_product_fields(p, input);
        p.updated_at = now_iso8601();
        VITRINE_TRY(write_product(s, db_.dialect(), p, input, before, false));
      }
      out.id = p.id;
      out.status = creating ? "created" : "updated";
      feed.push_back({0, "product", p.id, "upsert", to_json(p), ""});
      fed.push_back(results.size() - 1);
    }
    VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, feed));
    for (size_t i = 0; i < feed.size(); ++i) results[fed[i]].version = feed[i].seq;
    return also(s, results);
  }));
  return results;
}

Result<Product> CatalogService::create_product(const std::string& workspace_id,
                                               ProductInput change) {
  VITRINE_TRY(checked(change, true));
  Product created;
  for (int attempt = 1;; ++attempt) {
    Status st = write(workspace_id, [&](db::Session& s) -> Status {
      VITRINE_ASSIGN(created, insert_product(s, db_.dialect(), workspace_id, change));
      VITRINE_TRY(feed_product(s, created));
      return Status();
    });
    if (st.ok()) return created;
    // A derived slug taken by a concurrent create: derive again.
    if (change.slug || st.error().code != errc::kAlreadyExists || attempt == kSlugAttempts)
      return st.error();
  }
}

Result<Product> CatalogService::get_product(const std::string& workspace_id,
                                            const std::string& id_or_slug) {
  return load_product(db_, workspace_id, id_or_slug);
}

Result<Product> CatalogService::update_product(const std::string& workspace_id,
                                               const std::string& id_or_slug, ProductInput c) {
  VITRINE_TRY(checked(c, false));
  Product p;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(p, load_product(s, workspace_id, id_or_slug));
    const std::vector<Variant> before = p.variants;
    apply_product_fields(p, c);
    p.updated_at = now_iso8601();
    VITRINE_TRY(write_product(s, db_.dialect(), p, c, before, false));
    VITRINE_TRY(feed_product(s, p));
    return Status();
  }));
  return p;
}

Status CatalogService::delete_product(const std::string& workspace_id,
                                      const std::string& id_or_slug) {
  return write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(Product p, load_product(s, workspace_id, id_or_slug));
    VITRINE_TRY(s.exec("DELETE FROM collection_products WHERE product_id = ?", {p.id}));
    VITRINE_TRY(s.exec("DELETE FROM products WHERE id = ?", {p.id}));
    VITRINE_TRY(unindex_product(s, db_.dialect(), p.id));
    std::vector<changes::Change> gone{{0, "product", p.id, "delete", nullptr, ""}};
    VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, gone));
    return {};
  });
}

Result<Page<Product>> CatalogService::list_products(const std::string& workspace_id,
                                                    const ListQuery& query) {
  if (query.status && *query.status != "active" && *query.status != "draft" &&
      *query.status != "archived")
    return fail(errc::kInvalidArgument, "status must be one of active, draft, archived",
                {{"status", *query.status}});
  VITRINE_ASSIGN(auto page,
                 page_of<Product>(db_, "products", workspace_id, query, &product_from_row));
  std::vector<Product*> all;
  for (auto& p : page.items) all.push_back(&p);
  VITRINE_TRY(internal::load_variants(db_, all));
  return page;
}

Result<std::vector<Product>> CatalogService::search_products(const std::string& workspace_id,
                                                             std::string_view text, int64_t limit) {
  std::vector<Product> found;
  const std::string expr = db::full_text_query(db_.dialect(), text);
  if (expr.empty() || limit <= 0) return found;
  const char* match = db_.dialect() == db::Dialect::kSqlite
                          ? "id IN (SELECT product_id FROM products_fts WHERE products_fts MATCH ?)"
                          : "search_vector @@ to_tsquery('simple', ?)";
  VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT * FROM products WHERE workspace_id = ? AND "
                                              "status = 'active' AND ") +
                                      match + " ORDER BY position, created_at, id LIMIT ?",
                                  {workspace_id, expr, limit}));
  for (size_t i = 0; i < r.rows.size(); ++i) found.push_back(product_from_row(r, i));
  std::vector<Product*> all;
  for (auto& p : found) all.push_back(&p);
  VITRINE_TRY(internal::load_variants(db_, all));
  return found;
}

// An inventory change of the feed: a variant's stock after a sale or a return.
static changes::Change inventory_change(const std::string& variant_id,
                                        const std::string& product_id, int64_t available) {
  return {0,
          "inventory",
          variant_id,
          "upsert",
          {{"variant_id", variant_id}, {"product_id", product_id}, {"available", available}},
          ""};
}

Result<std::vector<StockResult>> CatalogService::adjust_stock(
    const std::string& workspace_id, const std::vector<StockAdjustment>& adjustments,
    const std::function<Status(db::Session&, const std::vector<StockResult>&)>& also) {
  std::vector<StockResult> results;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    results.clear();  // PostgreSQL may run this again
    std::vector<changes::Change> feed;
    for (const StockAdjustment& a : adjustments) {
      StockResult& out = results.emplace_back();
      auto invalid = [&](const char* pointer, const std::string& message) {
        out.status = "invalid";
        out.problems = {{{"pointer", pointer}, {"message", message}}};
      };
      VITRINE_ASSIGN(auto v, s.exec("SELECT id, product_id, inventory FROM product_variants "
                                    "WHERE workspace_id = ? AND external_id = ?",
                                    {workspace_id, a.variant_external_id}));
      if (v.empty()) {
        // A product sold without variants: its external id names its only variant.
        VITRINE_ASSIGN(v, s.exec("SELECT v.id, v.product_id, v.inventory FROM products p JOIN "
                                 "product_variants v ON v.product_id = p.id WHERE "
                                 "p.workspace_id = ? AND p.external_id = ? AND "
                                 "(SELECT COUNT(*) FROM product_variants o WHERE "
                                 "o.product_id = p.id) = 1",
                                 {workspace_id, a.variant_external_id}));
      }
      if (v.empty()) {
        invalid("/variant_external_id",
                "names no variant of this shop (nor a product with a single variant)");
        continue;
      }
      out.variant_id = v.text(0, "id");
      const int64_t total = v.integer(0, "inventory");
      int64_t current = 0;
      if (a.location == kOnlineLocation) {
        VITRINE_ASSIGN(auto held, s.exec("SELECT COALESCE(SUM(available), 0) AS n FROM "
                                         "inventory_levels WHERE variant_id = ?",
                                         {out.variant_id}));
        current = total - held.integer(0, "n");
      } else {
        VITRINE_ASSIGN(auto level, s.exec("SELECT available FROM inventory_levels WHERE "
                                          "variant_id = ? AND location = ?",
                                          {out.variant_id, a.location}));
        if (!level.empty()) current = level.integer(0, "available");
      }
      const int64_t target = a.set ? *a.set : current + a.adjust.value_or(0);
      if (target < 0 || total + (target - current) < 0) {
        invalid(a.set ? "/set" : "/adjust", "would leave " + std::to_string(target) + " at " +
                                                a.location + " (" + std::to_string(current) +
                                                " there now)");
        continue;
      }
      const int64_t delta = target - current;
      if (a.location != kOnlineLocation)
        VITRINE_TRY(
            s.exec("INSERT INTO inventory_levels (workspace_id, variant_id, location, "
                   "available) VALUES (?, ?, ?, ?) ON CONFLICT (variant_id, location) "
                   "DO UPDATE SET available = excluded.available",
                   {workspace_id, out.variant_id, a.location, target}));
      if (delta != 0) {
        VITRINE_TRY(s.exec("UPDATE product_variants SET inventory = inventory + ? WHERE id = ?",
                           {delta, out.variant_id}));
      }
      out.status = "applied";
      out.level = target;
      out.available = total + delta;
      changes::Change c = inventory_change(out.variant_id, v.text(0, "product_id"), out.available);
      c.data["location"] = a.location;
      c.data["level"] = target;
      feed.push_back(std::move(c));
    }
    VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, feed));
    return also(s, results);
  }));
  return results;
}

Status CatalogService::take_stock(db::Session& s, const std::string& workspace_id,
                                  const std::vector<StockLine>& lines) {
  bool sold_out = false;
  std::vector<changes::Change> feed;
  for (const auto& line : lines) {
    VITRINE_ASSIGN(auto taken,
                   s.exec("UPDATE product_variants SET inventory = inventory - ? WHERE id = ? AND "
                          "workspace_id = ? AND inventory >= ?",
                          {line.quantity, line.variant_id, workspace_id, line.quantity}));
    if (taken.changes == 0) {
      VITRINE_ASSIGN(auto left, s.exec("SELECT inventory, title FROM product_variants WHERE "
                                       "id = ? AND workspace_id = ?",
                                       {line.variant_id, workspace_id}));
      const int64_t available = left.empty() ? 0 : left.integer(0, "inventory");
      return fail(errc::kInsufficientInventory,
                  "only " + std::to_string(available) + " left of variant " + line.variant_id +
                      " (" + std::to_string(line.quantity) + " wanted)",
                  {{"variant_id", line.variant_id},
                   {"requested", line.quantity},
                   {"available", available}});
    }
    VITRINE_ASSIGN(auto after, s.exec("SELECT product_id, inventory FROM product_variants WHERE "
                                      "id = ?",
                                      {line.variant_id}));
    sold_out |= after.integer(0, "inventory") == 0;
    feed.push_back(inventory_change(line.variant_id, after.text(0, "product_id"),
                                    after.integer(0, "inventory")));
  }
  if (sold_out) VITRINE_TRY(bump_revision(s, workspace_id));
  VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, feed));
  return {};
}

Status CatalogService::return_stock(db::Session& s, const std::string& workspace_id,
                                    const std::vector<StockLine>& lines) {
  bool restocked = false;
  std::vector<changes::Change> feed;
  for (const auto& line : lines) {
    VITRINE_ASSIGN(auto before, s.exec("SELECT product_id, inventory FROM product_variants WHERE "
                                       "id = ? AND workspace_id = ?",
                                       {line.variant_id, workspace_id}));
    if (before.empty()) continue;
    restocked |= before.integer(0, "inventory") == 0 && line.quantity > 0;
    VITRINE_TRY(s.exec("UPDATE product_variants SET inventory = inventory + ? WHERE id = ?",
                       {line.quantity, line.variant_id}));
    feed.push_back(inventory_change(line.variant_id, before.text(0, "product_id"),
                                    before.integer(0, "inventory") + line.quantity));
  }
  if (restocked) VITRINE_TRY(bump_revision(s, workspace_id));
  VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, feed));
  return {};
}

Result<CatalogService::Sellable> CatalogService::sellable_variant(const std::string& workspace_id,
                                                                  const std::string& variant_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT product_id FROM product_variants WHERE id = ? AND "
                                  "workspace_id = ?",
                                  {variant_id, workspace_id}));
  auto missing = [&] {
    return fail(errc::kNotFound, "variant '" + variant_id + "' is not for sale in this shop",
                {{"variant_id", variant_id}});
  };
  if (r.empty()) return missing();
  VITRINE_ASSIGN(Product p, load_product(db_, workspace_id, r.text(0, "product_id")));
  if (p.status != "active") return missing();
  for (const auto& v : p.variants)
    if (v.id == variant_id) return Sellable{p, v};
  return missing();
}

Result<Collection> CatalogService::create_collection(const std::string& workspace_id,
                                                     CollectionInput change) {
  VITRINE_TRY(checked(change, true));
  Collection created;
  for (int attempt = 1;; ++attempt) {
    Status st = write(workspace_id, [&](db::Session& s) -> Status {
      VITRINE_ASSIGN(created, insert_collection(s, workspace_id, change));
      return {};
    });
    if (st.ok()) return created;
    if (change.slug || st.error().code != errc::kAlreadyExists || attempt == kSlugAttempts)
      return st.error();
  }
}

Result<Collection> CatalogService::get_collection(const std::string& workspace_id,
                                                  const std::string& id_or_slug) {
  return load_collection(db_, workspace_id, id_or_slug);
}

Result<Collection> CatalogService::update_collection(const std::string& workspace_id,
                                                     const std::string& id_or_slug,
                                                     CollectionInput c) {
  VITRINE_TRY(checked(c, false));
  Collection col;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(col, load_collection(s, workspace_id, id_or_slug));
    if (c.slug) col.slug = *c.slug;
    if (c.title) col.title = *c.title;
    if (c.description) col.description = *c.description;
    if (c.image_url) col.image_url = *c.image_url;
    if (c.position) col.position = *c.position;
    col.updated_at = now_iso8601();
    auto updated = s.exec(
        "UPDATE collections SET slug = ?, title = ?, description = ?, image_url = ?, "
        "position = ?, updated_at = ? WHERE id = ?",
        {col.slug, col.title, col.description, db::nullable(col.image_url), col.position,
         col.updated_at, col.id});
    if (!updated.ok() && updated.error().code == errc::kAlreadyExists)
      return slug_taken("collection", col.slug);
    return updated.ok() ? Status() : Status(updated.error());
  }));
  return col;
}

Status CatalogService::delete_collection(const std::string& workspace_id,
                                         const std::string& id_or_slug) {
  return write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(Collection c, load_collection(s, workspace_id, id_or_slug));
    VITRINE_TRY(s.exec("DELETE FROM collection_products WHERE collection_id = ?", {c.id}));
    VITRINE_TRY(s.exec("DELETE FROM collections WHERE id = ?", {c.id}));
    return {};
  });
}

Result<Page<Collection>> CatalogService::list_collections(const std::string& workspace_id,
                                                          const ListQuery& query) {
  ListQuery q = query;
  q.status.reset();  // collections have no status
  VITRINE_ASSIGN(auto page,
                 page_of<Collection>(db_, "collections", workspace_id, q, &collection_from_row));
  VITRINE_TRY(fill_members(db_, page.items));
  return page;
}

Result<Collection> CatalogService::add_to_collection(const std::string& workspace_id,
                                                     const std::string& collection,
                                                     const std::string& product,
                                                     std::optional<int64_t> position) {
  if (position && (*position < 0 || *position > kMaxPosition)) {
    Problems problems;
    problems.add("/position", "must be an integer from 0 to " + std::to_string(kMaxPosition));
    return problems.error("invalid collection membership");
  }
  Collection c;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(c, load_collection(s, workspace_id, collection));
    VITRINE_ASSIGN(Product p, load_product(s, workspace_id, product));
    VITRINE_TRY(put_member(s, c.id, p.id, position));
    VITRINE_ASSIGN(c, load_collection(s, workspace_id, c.id));
    return {};
  }));
  return c;
}

Result<Collection> CatalogService::remove_from_collection(const std::string& workspace_id,
                                                          const std::string& collection,
                                                          const std::string& product) {
  Collection c;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(c, load_collection(s, workspace_id, collection));
    VITRINE_ASSIGN(Product p, load_product(s, workspace_id, product));
    VITRINE_ASSIGN(auto removed, s.exec("DELETE FROM collection_products WHERE collection_id = ? "
                                        "AND product_id = ?",
                                        {c.id, p.id}));
    if (removed.changes == 0)
      return fail(errc::kNotFound,
                  "product '" + product + "' is not in collection '" + collection + "'",
                  {{"collection_id", c.id}, {"product_id", p.id}});
    VITRINE_ASSIGN(c, load_collection(s, workspace_id, c.id));
    return {};
  }));
  return c;
}

}  // namespace vitrine::catalog
