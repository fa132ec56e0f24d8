// CatalogService: a workspace's products and collections, and the read-only catalog snapshot
// that storefront renders hand to theme components as ctx.data (docs/architecture.md "The
// request path", step 4).
//
// Every write bumps the workspace's catalog revision in the same transaction, so render caches
// that key on (content revision, catalog revision) never serve stale product data. Snapshots are
// cached in memory per (workspace, catalog revision): writes made through this service are seen
// by the next snapshot() of this process; writes made by other processes (other nodes, the CLI)
// within a second, through a revision check made at most once per second per workspace.
// (A write made inside a caller's own transaction counts as another process's: its commit is
// seen within that second.)
// The module's SQL lives in catalog.cc (writes, lists) and snapshot.cc (revision, snapshot).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/references.h"
#include "core/result.h"
#include "core/revision_cache.h"
#include "db/database.h"

namespace vitrine::catalog {

// Limits of catalog fields.
inline constexpr size_t kMaxTitleLength = 200;                  // characters (UTF-8 code points)
inline constexpr size_t kMaxSlugLength = 64;                    // what is_valid_slug accepts
inline constexpr size_t kMaxDescriptionLength = 10'000;         // characters
inline constexpr size_t kMaxImageUrlLength = 2048;              // bytes
inline constexpr int64_t kMaxPriceCents = 100'000'000'000'000;  // 1e14 minor units
inline constexpr int64_t kMaxInventory = 1'000'000'000;
inline constexpr int64_t kMaxPosition = 1'000'000'000;
inline constexpr size_t kMaxVariants = 100;          // per product
inline constexpr size_t kMaxOptions = 3;             // option names per product (size, colour, ...)
inline constexpr size_t kMaxOptionLength = 100;      // characters of an option name or value
inline constexpr size_t kMaxSkuLength = 64;          // characters
inline constexpr size_t kMaxExternalIdLength = 255;  // bytes
inline constexpr int64_t kMaxWeightGrams = 1'000'000;
inline constexpr size_t kMaxImages = 20;  // gallery images per product
inline constexpr size_t kMaxTags = 50;    // per product, each at most kMaxTagLength
inline constexpr size_t kMaxTagLength = 64;
inline constexpr size_t kMaxSeoTitleLength = 200;
inline constexpr size_t kMaxSeoDescriptionLength = 500;
inline constexpr size_t kMaxRelated = 20;  // related product slugs

// One purchasable version of a product (a size, a colour): what a cart line and an order line
// point at. Every product has at least one; a product without options has exactly one, "Default".
struct Variant {
  std::string id, product_id;
  std::string title;                       // the option values joined by " / ", or "Default"
  std::vector<std::string> options;        // one value per product option name, in the same order
  std::optional<std::string> sku;          // unique per workspace when set
  std::optional<std::string> external_id;  // its id in a point of sale; unique per workspace
  int64_t price_cents = 0;
  std::optional<int64_t> compare_at_cents;
  int64_t inventory = 0;  // units in stock; a checkout never takes more than there are
  int64_t weight_grams = 0;
  int64_t position = 0;
};

// A gallery image of a product.
struct ProductImage {
  std::string url;  // a path starting with "/" or an http(s) URL
  std::string alt;
};

// A product of one workspace. Prices are integers in the currency's minor unit ("cents": cents
// for USD and EUR, yen for JPY, fils for KWD).
struct Product {
  std::string id, workspace_id;
  std::string slug;  // unique per workspace; the storefront URL is /products/<slug>
  std::string title, description;
  // The lowest variant price, that variant's compare-at price, and the stock of all variants.
  int64_t price_cents = 0;
  std::string currency;  // ISO 4217, three upper-case letters
  std::optional<int64_t> compare_at_cents;
  std::optional<std::string> image_url;  // the featured image
  std::string status;  // active | draft | archived; only active products reach the storefront
  int64_t inventory = 0;
  int64_t position = 0;                    // catalog order, ascending
  std::vector<std::string> option_names;   // "Size", "Colour": at most kMaxOptions
  std::vector<Variant> variants;           // at least one, in position order
  std::vector<ProductImage> images;        // the gallery after the featured image
  std::vector<std::string> tags;           // searched like the title
  std::string seo_title, seo_description;  // empty: the title and the description
  std::vector<std::string> related;        // slugs of related products (any may be gone)
  std::optional<std::string> external_id;  // its id in a point of sale; unique per workspace
  std::string created_at, updated_at;
};

// A collection of one workspace: an ordered list of its products.
struct Collection {
  std::string id, workspace_id;
  std::string slug;  // unique per workspace; the storefront URL is /collections/<slug>
  std::string title, description;
  std::optional<std::string> image_url;
  int64_t position = 0;
  std::vector<std::string> product_ids;  // every member (any status), in collection order
  std::string created_at, updated_at;
};

// One page of a list, in position order.
template <typename T>
struct Page {
  std::vector<T> items;
  int64_t page = 1, page_size = 20, total = 0;
};

struct ListQuery {
  int64_t page = 1;                   // from 1
  int64_t page_size = 20;             // 1..100
  std::optional<std::string> status;  // products only: active | draft | archived
};

// A variant to create, or (with id) an existing variant of the product to keep and change.
// Members left unset take the product input's price_cents / compare_at_cents / inventory, else 0.
struct VariantInput {
  std::optional<std::string> id;
  std::vector<std::string> options;        // one value per option name of the product
  std::optional<std::string> sku;          // "" clears it
  std::optional<std::string> external_id;  // "" clears it
  std::optional<int64_t> price_cents, inventory, weight_grams;
  std::optional<std::optional<int64_t>> compare_at_cents;
};

// A product to create, or what a patch changes: members present are set, the rest stay as they
// are. compare_at_cents and image_url: an inner nullopt clears them. The service checks every
// value against the limits above, whoever built the input.
// variants, when set, is the product's whole list: variants with an id are kept and changed,
// those without are created, the product's other variants are deleted. Without it, price_cents,
// compare_at_cents, inventory and sku set the only variant (a product with several variants
// refuses them: set them per variant).
struct ProductInput {
  std::optional<std::string> slug, title, description, currency, status, sku;
  std::optional<int64_t> price_cents, inventory, position;
  std::optional<std::optional<int64_t>> compare_at_cents;
  std::optional<std::optional<std::string>> image_url;
  std::optional<std::vector<std::string>> option_names;
  std::optional<std::vector<VariantInput>> variants;
  std::optional<std::vector<ProductImage>> images;
  std::optional<std::vector<std::string>> tags, related;
  std::optional<std::string> seo_title, seo_description;
  std::optional<std::string> external_id;  // "" clears it
};

// A collection to create, or what a patch changes (as ProductInput).
struct CollectionInput {
  std::optional<std::string> slug, title, description;
  std::optional<int64_t> position;
  std::optional<std::optional<std::string>> image_url;
};

// One product of a batch written by an outside system (a point of sale) under its own ids.
// Variants given with an external_id that one of the product's variants has keep that variant.
struct ExternalProduct {
  std::string external_id;         // the product's id in the outside system
  std::optional<int64_t> version;  // the version the writer last saw; required to change one
  ProductInput input;              // read as a patch (product_input_from_json(..., false))
};

// What a batch did with one record.
struct ExternalResult {
  std::string external_id;
  std::string status;       // created | updated | conflict | invalid
  std::string id;           // the product's id (empty when invalid and new)
  int64_t version = 0;      // after the write; for a conflict, the current version
  nlohmann::json problems;  // invalid: [{pointer, message}] into the record; conflict: why
};

// A stock change at one location, from an outside system. The variant's stock (what the
// storefront sells) is the sum over its locations; "online" holds what no other location does,
// so a shop without locations keeps all its stock there.
struct StockAdjustment {
  std::string variant_external_id;
  std::string location = "online";
  std::optional<int64_t> set;     // the location's count, absolute
  std::optional<int64_t> adjust;  // or a change of it (a sale at a till is negative)
};

struct StockResult {
  std::string status;  // applied | invalid
  std::string variant_id;
  int64_t level = 0;      // the location's count after the change
  int64_t available = 0;  // the variant's stock after it
  nlohmann::json problems;
};

inline constexpr const char* kOnlineLocation = "online";

// Reads a product request body (the API's JSON: the fields of ProductInput; null clears
// description, compare_at_cents and image_url; a null slug is absent) for a create (`creating`)
// or a patch. validation_failed lists every problem at once as details.problems [{pointer,
// message}]: wrong types, unknown fields and every value the service would refuse.
Result<ProductInput> product_input_from_json(const nlohmann::json& body, bool creating);
// The same for a collection.
Result<CollectionInput> collection_input_from_json(const nlohmann::json& body, bool creating);

// What a storefront render reads for one workspace, shared by every render at that revision.
struct CatalogSnapshot {
  int64_t revision = 0;
  // {"revision": N,
  //  "products": [{"id", "slug", "handle" (= slug), "title", "name" (= title), "description",
  //                "price" (major units, e.g. 24.5), "price_cents" (2450), "currency",
  //                "compare_at_price" (major units or null), "compare_at_cents" (or null),
  //                "image" (URL or null), "url" ("/products/<slug>"), "inventory",
  //                "available" (inventory > 0), "collections" ([collection slugs]),
  //                "options" ([{"name", "values"}]), "variants" ([{"id", "title", "options",
  //                "sku", "price", "price_cents", "compare_at_price", "compare_at_cents",
  //                "inventory", "available", "weight_grams"}]), "images" ([{"url", "alt"}],
  //                the featured image first), "tags", "seo" ({"title", "description"}, never
  //                empty), "related_products" ([slugs of active products]), and the seed's
  //                names "seoTitle", "seoDescription", "featuredImage", "gallery" ([URLs]),
  //                "relatedProducts"}],
  //  "collections": [{"id", "slug", "handle", "title", "description", "image" (or null),
  //                   "url" ("/collections/<slug>"), "products" ([product slugs]),
  //                   "product_count"}]}
  // Only active products, in position order (collections' products in collection order).
  nlohmann::json data;
  std::string text;  // data.dump(), ready to splice into a render context as ctx.data
  // Indexes into data["products"] and data["collections"] by slug.
  std::unordered_map<std::string, size_t> product_at, collection_at;

  // The product or collection with this slug as in `data`, or null.
  const nlohmann::json* product(const std::string& slug) const;
  const nlohmann::json* collection(const std::string& slug) const;
};

// `minor` in major units of `currency`, as JSON shows prices: 2450 USD → 24.5, 1200 JPY → 1200.
// An empty currency counts as USD.
double major_units(int64_t minor, std::string_view currency);

// `minor` as text with every minor digit and the code, as e-mails show it: "24.50 USD".
std::string format_money(int64_t minor, std::string_view currency);

class CatalogService {
 public:
  explicit CatalogService(db::Database& db) : db_(db) {}

  // Tables products, collections, collection_products and catalog_revisions, and the change feed
  // (changes/change_feed.h) that every catalogue write and order appends to.
  static std::vector<db::Migration> migrations();

  // Creates a product with its variants: title (required, at most 200 characters),
  // price_cents (required unless variants are given, integer ≥ 0), currency (default "USD"), slug
  // (default derived from the title, made unique within the workspace with -2, -3...), description,
  // compare_at_cents (integer ≥ 0 or null), image_url (a path starting with "/" or an http(s) URL,
  // or null), status (default "active"), inventory (integer ≥ 0, default 0), position (default:
  // after the last product). validation_failed lists every problem as details.problems [{pointer,
  // message}] and saves nothing; already_exists (pointer /slug) when a given slug is taken.
  Result<Product> create_product(const std::string& workspace_id, ProductInput input);

  // The product with this id or slug in the workspace; not_found otherwise (also for another
  // workspace's product).
  Result<Product> get_product(const std::string& workspace_id, const std::string& id_or_slug);

  // Changes the fields set in `patch` (same rules as create; an inner nullopt clears
  // compare_at_cents and image_url, "" the description). The slug changes only when `patch` has
  // one, so product URLs survive title edits.
  Result<Product> update_product(const std::string& workspace_id, const std::string& id_or_slug,
                                 ProductInput patch);

  // Deletes the product and its collection memberships. not_found when absent.
  Status delete_product(const std::string& workspace_id, const std::string& id_or_slug);

  // The workspace's products (optionally of one status) in position order.
  Result<Page<Product>> list_products(const std::string& workspace_id, const ListQuery& query);

  // The workspace's active products whose title, description, tags or variant SKUs have a word
  // starting with each word of `text` (case and Latin diacritics ignored), in catalogue order, at
  // most `limit`. The
  // same rows on SQLite (FTS5) and PostgreSQL (tsvector); none for text without words.
  Result<std::vector<Product>> search_products(const std::string& workspace_id,
                                               std::string_view text, int64_t limit);

  // The variant with this id of an active product of the workspace, with that product; not_found
  // otherwise (draft and archived products are not for sale). What a cart re-reads prices from.
  struct Sellable {
    Product product;
    Variant variant;
  };
  Result<Sellable> sellable_variant(const std::string& workspace_id, const std::string& variant_id);

  // A quantity of one variant taken from or given back to stock.
  struct StockLine {
    std::string variant_id;
    int64_t quantity = 0;
  };
  // Takes `lines` from stock inside the caller's transaction `s` (a checkout): each variant of
  // the workspace must have at least its quantity in stock, else insufficient_inventory (details
  // {variant_id, requested, available}; nothing is taken once the caller rolls back). Never
  // oversells under concurrent checkouts: each decrement is conditional on the stock left. The
  // catalogue revision (and so every cached page) changes only when a variant sells out; exact
  // stock counts on cached pages follow at the next catalogue change.
  Status take_stock(db::Session& s, const std::string& workspace_id,
                    const std::vector<StockLine>& lines);
  // Creates or updates each record's product by its external id, all in one transaction, and
  // runs `also` in it with the results (so a caller's idempotency record commits with them). A
  // product's version is the number of its latest change in the change feed: a record for an
  // existing product must carry it, and a missing or stale one is a conflict (with the current
  // version) that leaves the product as it is. Records the module's checks refuse are invalid;
  // both are skipped and the others written. Variants are matched by their external ids.
  Result<std::vector<ExternalResult>> upsert_external(
      const std::string& workspace_id, std::vector<ExternalProduct> records,
      const std::function<Status(db::Session&, const std::vector<ExternalResult>&)>& also);

  // Applies each adjustment in order, in one transaction with `also` (as upsert_external). An
  // adjustment for an unknown variant, or one that would leave a count below zero, is invalid
  // and skipped. Each applied one is an inventory change in the feed.
  Result<std::vector<StockResult>> adjust_stock(
      const std::string& workspace_id, const std::vector<StockAdjustment>& adjustments,
      const std::function<Status(db::Session&, const std::vector<StockResult>&)>& also);

  // Gives `lines` back to stock in `s` (a cancelled order); variants deleted since are skipped.
  // Bumps the catalogue revision when a sold-out variant is back in stock.
  Status return_stock(db::Session& s, const std::string& workspace_id,
                      const std::vector<StockLine>& lines);

  // Creates a collection: title (required, at most 200 characters), slug (derived from the title
  // when absent, unique within the workspace), description, image_url, position. Errors as for
  // create_product.
  Result<Collection> create_collection(const std::string& workspace_id, CollectionInput input);
  Result<Collection> get_collection(const std::string& workspace_id, const std::string& id_or_slug);
  Result<Collection> update_collection(const std::string& workspace_id,
                                       const std::string& id_or_slug, CollectionInput patch);
  // Deletes the collection and its memberships (never the products).
  Status delete_collection(const std::string& workspace_id, const std::string& id_or_slug);
  Result<Page<Collection>> list_collections(const std::string& workspace_id,
                                            const ListQuery& query);

  // Puts a product of the workspace into a collection of the workspace at index `position`
  // (members at or after it move down one; default: last). A product already in it moves to
  // `position`, or stays where it is without one. not_found names the missing collection or
  // product.
  Result<Collection> add_to_collection(const std::string& workspace_id,
                                       const std::string& collection, const std::string& product,
                                       std::optional<int64_t> position = std::nullopt);
  // Takes a product out of a collection. not_found when it is not in it.
  Result<Collection> remove_from_collection(const std::string& workspace_id,
                                            const std::string& collection,
                                            const std::string& product);

  // The workspace's catalog revision: 0 before its first change, then bumped by every write.
  // Answered from memory when checked less than a second ago and nothing was written since
  // through this service.
  // The active products and the collections of the workspace whose images or description
  // contain `needle` (a URL prefix such as a media file's).
  Result<std::vector<ContentReference>> references_to(const std::string& workspace_id,
                                                      const std::string& needle);

  Result<int64_t> revision(const std::string& workspace_id);

  // The catalog snapshot (CatalogSnapshot::data, a copy) for the workspace's current revision.
  Result<nlohmann::json> snapshot(const std::string& workspace_id);
  // The same, shared without copying: what the render path uses. Built with one read
  // transaction per revision; afterwards free of queries except the revision check.
  Result<std::shared_ptr<const CatalogSnapshot>> shared_snapshot(const std::string& workspace_id);

  // The snapshot shared_snapshot() would return, from memory only: null when this process has
  // none for the workspace's current revision or the revision is due for its once-a-second
  // check. Never queries, so the HTTP I/O thread may call it; on null, call shared_snapshot().
  std::shared_ptr<const CatalogSnapshot> cached_snapshot(const std::string& workspace_id);

 private:
  // Runs a write transaction, retrying when a derived slug lost a race, then marks the
  // workspace's cached revision stale.
  Status write(const std::string& workspace_id, const std::function<Status(db::Session&)>& fn);
  void note_write(const std::string& workspace_id);
  Result<int64_t> read_revision(const std::string& workspace_id);
  Result<std::shared_ptr<const CatalogSnapshot>> build_snapshot(const std::string& workspace_id);

  db::Database& db_;
  // Snapshots per workspace (at most 4096, least recently used dropped).
  RevisionCache<CatalogSnapshot> cache_{
      [this](const std::string& ws) { return read_revision(ws); },
      [this](const std::string& ws) { return build_snapshot(ws); }};
};

// The JSON of a product and of a collection as the API shows them: every field, plus price and
// compare_at_price in major units and the storefront url.
nlohmann::json to_json(const Product& p);
nlohmann::json to_json(const Collection& c);

}  // namespace vitrine::catalog
