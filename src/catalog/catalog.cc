#include "catalog/catalog.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"

namespace vitrine::catalog {
namespace {

using nlohmann::json;

// Same tables in both dialects; only the integer types differ.
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

// How long a revision read from the database is trusted before it is checked again. Writes
// through this service invalidate it at once; this bounds how late other nodes' writes show.
constexpr auto kRevisionCheckInterval = std::chrono::seconds(1);
// Workspaces whose snapshot stays in memory; the least recently used beyond this are dropped.
constexpr size_t kMaxCachedWorkspaces = 4096;
// Attempts of a create whose derived slug lost a race with a concurrent create.
constexpr int kSlugAttempts = 4;

json or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json or_null(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

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

// The slug base for a title (core slugify), `fallback` when the title has no letters or digits.
std::string slug_or(std::string_view title, size_t max, const char* fallback) {
  std::string s = slugify(title, max);
  return s.empty() ? fallback : s;
}

// ---- input validation --------------------------------------------------------------------------

// Problems of one request body, reported all at once as validation_failed.
class Problems {
 public:
  void add(std::string pointer, std::string message) {
    list_.push_back({{"pointer", std::move(pointer)}, {"message", std::move(message)}});
  }
  bool empty() const { return list_.empty(); }
  Error error(const std::string& what) const {
    std::string message = "invalid " + what + ": ";
    for (size_t i = 0; i < list_.size(); ++i) {
      if (i) message += "; ";
      message +=
          list_[i]["pointer"].get<std::string>() + ": " + list_[i]["message"].get<std::string>();
    }
    return make_error(errc::kValidationFailed, message, {{"problems", list_}});
  }

 private:
  json list_ = json::array();
};

std::string pointer(const char* key) { return std::string("/") + key; }

// Each reader returns nullopt when the key is absent (or invalid, recording a problem); `null`
// reports presence as a nested nullopt where null is allowed.

std::optional<std::string> read_text(const json& body, const char* key, size_t max_chars,
                                     Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (!it->is_string()) {
    problems.add(pointer(key), "must be a string");
    return std::nullopt;
  }
  std::string s = trim(it->get<std::string>());
  if (utf8_length(s) > max_chars) {
    problems.add(pointer(key), "must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> read_integer(const json& body, const char* key, int64_t min, int64_t max,
                                    const char* hint, Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  std::string range =
      "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + hint;
  if (it->is_number_unsigned()) {
    uint64_t v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(max)) {
      problems.add(pointer(key), range);
      return std::nullopt;
    }
    return static_cast<int64_t>(v);
  }
  if (!it->is_number_integer()) {
    problems.add(pointer(key), range);
    return std::nullopt;
  }
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) {
    problems.add(pointer(key), range);
    return std::nullopt;
  }
  return v;
}

// image_url: absent → nullopt; null or "" → clears (inner nullopt).
std::optional<std::optional<std::string>> read_image_url(const json& body, Problems& problems) {
  auto it = body.find("image_url");
  if (it == body.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    problems.add("/image_url", "must be a string or null");
    return std::nullopt;
  }
  std::string url = trim(it->get<std::string>());
  if (url.empty()) return std::optional<std::string>();
  bool has_control = std::any_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  bool relative = url[0] == '/' && (url.size() < 2 || url[1] != '/');
  bool absolute = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (url.size() > kMaxImageUrlLength || has_control || !(relative || absolute)) {
    problems.add("/image_url",
                 "must be a path starting with '/' or an http(s) URL without spaces, at most " +
                     std::to_string(kMaxImageUrlLength) + " bytes");
    return std::nullopt;
  }
  return std::optional<std::string>(url);
}

std::optional<std::string> read_slug(const json& body, Problems& problems) {
  auto it = body.find("slug");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string() || !is_valid_slug(it->get<std::string>())) {
    problems.add("/slug", "must be lower-case letters, digits and single inner hyphens, at most " +
                              std::to_string(kMaxSlugLength) + " characters");
    return std::nullopt;
  }
  return it->get<std::string>();
}

// The title: required when creating (absent, null or blank), never blank when changing.
std::optional<std::string> read_title(const json& body, bool creating, Problems& problems) {
  auto it = body.find("title");
  if (it == body.end() || it->is_null()) {
    if (creating || it != body.end()) problems.add("/title", "is required");
    return std::nullopt;
  }
  auto title = read_text(body, "title", kMaxTitleLength, problems);
  if (title && title->empty()) {
    problems.add("/title", "is required (it is blank)");
    return std::nullopt;
  }
  return title;
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

// A validated create or patch of a product: members present are set.
struct ProductChange {
  std::optional<std::string> slug, title, description, currency, status;
  std::optional<int64_t> price_cents, inventory, position;
  std::optional<std::optional<int64_t>> compare_at_cents;
  std::optional<std::optional<std::string>> image_url;
};

Result<ProductChange> parse_product(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("product");
  }
  check_known_fields(body,
                     {"slug", "title", "description", "price_cents", "currency", "compare_at_cents",
                      "image_url", "status", "inventory", "position"},
                     problems);
  ProductChange c;
  c.slug = read_slug(body, problems);
  c.title = read_title(body, creating, problems);
  if (auto it = body.find("description"); it != body.end() && it->is_null()) {
    c.description = "";
  } else {
    c.description = read_text(body, "description", kMaxDescriptionLength, problems);
  }
  c.price_cents =
      read_integer(body, "price_cents", 0, kMaxPriceCents,
                   " (the price in the currency's minor unit: 1999 for 19.99)", problems);
  if (creating && !body.contains("price_cents")) problems.add("/price_cents", "is required");
  if (auto it = body.find("currency"); it != body.end()) {
    std::string code = it->is_string() ? it->get<std::string>() : "";
    bool ok = code.size() == 3 &&
              std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (ok) {
      c.currency = code;
    } else {
      problems.add("/currency", "must be an ISO 4217 code of three upper-case letters, like USD");
    }
  }
  if (auto it = body.find("compare_at_cents"); it != body.end()) {
    if (it->is_null()) {
      c.compare_at_cents = std::optional<int64_t>();
    } else if (auto v = read_integer(body, "compare_at_cents", 0, kMaxPriceCents,
                                     " or null (minor units)", problems)) {
      c.compare_at_cents = v;
    }
  }
  c.image_url = read_image_url(body, problems);
  if (auto it = body.find("status"); it != body.end()) {
    std::string s = it->is_string() ? it->get<std::string>() : "";
    if (s == "active" || s == "draft" || s == "archived") {
      c.status = s;
    } else {
      problems.add("/status", "must be one of active, draft, archived");
    }
  }
  c.inventory = read_integer(body, "inventory", 0, kMaxInventory, "", problems);
  c.position = read_integer(body, "position", 0, kMaxPosition, "", problems);
  if (!problems.empty()) return problems.error("product");
  return c;
}

struct CollectionChange {
  std::optional<std::string> slug, title, description;
  std::optional<int64_t> position;
  std::optional<std::optional<std::string>> image_url;
};

Result<CollectionChange> parse_collection(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("collection");
  }
  check_known_fields(body, {"slug", "title", "description", "image_url", "position"}, problems);
  CollectionChange c;
  c.slug = read_slug(body, problems);
  c.title = read_title(body, creating, problems);
  if (auto it = body.find("description"); it != body.end() && it->is_null()) {
    c.description = "";
  } else {
    c.description = read_text(body, "description", kMaxDescriptionLength, problems);
  }
  c.image_url = read_image_url(body, problems);
  c.position = read_integer(body, "position", 0, kMaxPosition, "", problems);
  if (!problems.empty()) return problems.error("collection");
  return c;
}

// ---- rows --------------------------------------------------------------------------------------

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
  p.inventory = r.integer(i, "inventory");
  p.position = r.integer(i, "position");
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
  return product_from_row(r, 0);
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
  VITRINE_ASSIGN(auto r, s.exec(std::string("SELECT slug FROM ") + table +
                                    " WHERE workspace_id = ? AND (slug = ? OR slug LIKE ?)",
                                {workspace_id, base, base + "-%"}));
  std::set<std::string> taken;
  for (size_t i = 0; i < r.rows.size(); ++i) taken.insert(r.text(i, "slug"));
  if (!taken.count(base)) return base;
  for (int n = 2;; ++n) {
    std::string candidate = base + "-" + std::to_string(n);
    if (!taken.count(candidate)) return candidate;
  }
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

Result<Product> insert_product(db::Session& s, const std::string& workspace_id,
                               const ProductChange& c) {
  Product p;
  p.id = new_uuid();
  p.workspace_id = workspace_id;
  p.title = *c.title;
  if (c.slug) {
    p.slug = *c.slug;
  } else {
    VITRINE_ASSIGN(p.slug, free_slug(s, "products", workspace_id,
                                     slug_or(p.title, kMaxSlugLength - 8, "product")));
  }
  p.description = c.description.value_or("");
  p.price_cents = *c.price_cents;
  p.currency = c.currency.value_or("USD");
  p.compare_at_cents = c.compare_at_cents.value_or(std::nullopt);
  p.image_url = c.image_url.value_or(std::nullopt);
  p.status = c.status.value_or("active");
  p.inventory = c.inventory.value_or(0);
  if (c.position) {
    p.position = *c.position;
  } else {
    VITRINE_ASSIGN(p.position, next_position(s, "products", workspace_id));
  }
  p.created_at = p.updated_at = now_iso8601();
  auto inserted = s.exec(
      "INSERT INTO products (id, workspace_id, slug, title, description, price_cents, currency, "
      "compare_at_cents, image_url, status, inventory, position, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, p.workspace_id, p.slug, p.title, p.description, p.price_cents, p.currency,
       db::nullable(p.compare_at_cents), db::nullable(p.image_url), p.status, p.inventory,
       p.position, p.created_at, p.updated_at});
  if (!inserted.ok()) {
    if (inserted.error().code == errc::kAlreadyExists && c.slug)
      return slug_taken("product", p.slug);
    return inserted.error();
  }
  return p;
}

Result<Collection> insert_collection(db::Session& s, const std::string& workspace_id,
                                     const CollectionChange& c) {
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

// Major units of an amount in minor units: 2450 USD → 24.5, 1200 JPY → 1200.
double major_units(int64_t minor, const std::string& currency) {
  return static_cast<double>(minor) / std::pow(10.0, currency_minor_digits(currency));
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

int currency_minor_digits(std::string_view currency) {
  static const std::set<std::string_view> kZero = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                   "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                   "VND", "VUV", "XAF", "XOF", "XPF"};
  static const std::set<std::string_view> kThree = {"BHD", "IQD", "JOD", "KWD",
                                                    "LYD", "OMR", "TND"};
  if (kZero.count(currency)) return 0;
  if (kThree.count(currency)) return 3;
  return 2;
}

std::vector<db::Migration> CatalogService::migrations() { return {{"storefront", 1, kSchema}}; }

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

Result<Product> CatalogService::create_product(const std::string& workspace_id,
                                               const json& fields) {
  VITRINE_ASSIGN(ProductChange change, parse_product(fields, true));
  Product created;
  for (int attempt = 1;; ++attempt) {
    Status st = write(workspace_id, [&](db::Session& s) -> Status {
      VITRINE_ASSIGN(created, insert_product(s, workspace_id, change));
      return {};
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
                                               const std::string& id_or_slug, const json& patch) {
  VITRINE_ASSIGN(ProductChange c, parse_product(patch, false));
  Product p;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(p, load_product(s, workspace_id, id_or_slug));
    if (c.slug) p.slug = *c.slug;
    if (c.title) p.title = *c.title;
    if (c.description) p.description = *c.description;
    if (c.price_cents) p.price_cents = *c.price_cents;
    if (c.currency) p.currency = *c.currency;
    if (c.compare_at_cents) p.compare_at_cents = *c.compare_at_cents;
    if (c.image_url) p.image_url = *c.image_url;
    if (c.status) p.status = *c.status;
    if (c.inventory) p.inventory = *c.inventory;
    if (c.position) p.position = *c.position;
    p.updated_at = now_iso8601();
    auto updated = s.exec(
        "UPDATE products SET slug = ?, title = ?, description = ?, price_cents = ?, currency = ?, "
        "compare_at_cents = ?, image_url = ?, status = ?, inventory = ?, position = ?, "
        "updated_at = ? WHERE id = ?",
        {p.slug, p.title, p.description, p.price_cents, p.currency,
         db::nullable(p.compare_at_cents), db::nullable(p.image_url), p.status, p.inventory,
         p.position, p.updated_at, p.id});
    if (!updated.ok() && updated.error().code == errc::kAlreadyExists)
      return slug_taken("product", p.slug);
    return updated.ok() ? Status() : Status(updated.error());
  }));
  return p;
}

Status CatalogService::delete_product(const std::string& workspace_id,
                                      const std::string& id_or_slug) {
  return write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(Product p, load_product(s, workspace_id, id_or_slug));
    VITRINE_TRY(s.exec("DELETE FROM collection_products WHERE product_id = ?", {p.id}));
    VITRINE_TRY(s.exec("DELETE FROM products WHERE id = ?", {p.id}));
    return {};
  });
}

Result<Page<Product>> CatalogService::list_products(const std::string& workspace_id,
                                                    const ListQuery& query) {
  if (query.status && *query.status != "active" && *query.status != "draft" &&
      *query.status != "archived")
    return fail(errc::kInvalidArgument, "status must be one of active, draft, archived",
                {{"status", *query.status}});
  return page_of<Product>(db_, "products", workspace_id, query, &product_from_row);
}

Result<Collection> CatalogService::create_collection(const std::string& workspace_id,
                                                     const json& fields) {
  VITRINE_ASSIGN(CollectionChange change, parse_collection(fields, true));
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
                                                     const json& patch) {
  VITRINE_ASSIGN(CollectionChange c, parse_collection(patch, false));
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
    return problems.error("collection membership");
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

// ---- revision and snapshot cache ---------------------------------------------------------------

CatalogService::CacheEntry& CatalogService::entry_locked(const std::string& workspace_id) {
  auto it = cache_.find(workspace_id);
  if (it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxCachedWorkspaces) {
    auto oldest = std::min_element(cache_.begin(), cache_.end(), [](const auto& a, const auto& b) {
      return a.second.last_used < b.second.last_used;
    });
    cache_.erase(oldest);
  }
  return cache_[workspace_id];
}

void CatalogService::note_write(const std::string& workspace_id) {
  std::lock_guard lock(mu_);
  CacheEntry& e = entry_locked(workspace_id);
  ++e.epoch;
  e.checked = false;
}

Result<int64_t> CatalogService::revision(const std::string& workspace_id) {
  const auto now = std::chrono::steady_clock::now();
  uint64_t epoch = 0;
  {
    std::lock_guard lock(mu_);
    CacheEntry& e = entry_locked(workspace_id);
    e.last_used = now;
    if (e.checked && now - e.checked_at < kRevisionCheckInterval) return e.revision;
    epoch = e.epoch;
  }
  VITRINE_ASSIGN(auto r, db_.exec("SELECT revision FROM catalog_revisions WHERE workspace_id = ?",
                                  {workspace_id}));
  int64_t revision = r.empty() ? 0 : r.integer(0, "revision");
  std::lock_guard lock(mu_);
  CacheEntry& e = entry_locked(workspace_id);
  // A write through this service since the read started may have bumped it: trust the value
  // only when none did.
  if (e.epoch == epoch) {
    e.revision = revision;
    e.checked = true;
    e.checked_at = now;
  }
  return revision;
}

Result<std::shared_ptr<const CatalogSnapshot>> CatalogService::shared_snapshot(
    const std::string& workspace_id) {
  VITRINE_ASSIGN(int64_t current, revision(workspace_id));
  uint64_t epoch = 0;
  {
    std::lock_guard lock(mu_);
    CacheEntry& e = entry_locked(workspace_id);
    if (e.snapshot && e.snapshot->revision == current) return e.snapshot;
    epoch = e.epoch;
  }
  VITRINE_ASSIGN(auto built, build_snapshot(workspace_id));
  std::lock_guard lock(mu_);
  CacheEntry& e = entry_locked(workspace_id);
  if (!e.snapshot || e.snapshot->revision <= built->revision) e.snapshot = built;
  // The build read the revision too, in the same transaction as the data: when it is newer than
  // the cached one (another node wrote meanwhile), adopt it so the next call is a hit.
  if (e.epoch == epoch && built->revision >= e.revision) {
    e.revision = built->revision;
    e.checked = true;
    e.checked_at = std::chrono::steady_clock::now();
  }
  return built;
}

std::shared_ptr<const CatalogSnapshot> CatalogService::cached_snapshot(
    const std::string& workspace_id) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto it = cache_.find(workspace_id);
  if (it == cache_.end()) return nullptr;
  CacheEntry& e = it->second;
  if (!e.checked || now - e.checked_at >= kRevisionCheckInterval || !e.snapshot ||
      e.snapshot->revision != e.revision)
    return nullptr;
  e.last_used = now;
  return e.snapshot;
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
      json compare_at = nullptr;
      if (p.compare_at_cents) compare_at = major_units(*p.compare_at_cents, p.currency);
      products.push_back({{"id", p.id},
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
                          {"available", p.inventory > 0},
                          {"collections", collections_by_product[p.slug]}});
    }
    return {};
  }));
  snap->data = {{"revision", snap->revision},
                {"products", std::move(products)},
                {"collections", std::move(collections)}};
  snap->text = snap->data.dump();
  return std::shared_ptr<const CatalogSnapshot>(std::move(snap));
}

// ---- JSON --------------------------------------------------------------------------------------

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
