// CatalogService against a real database (SQLite, or PostgreSQL in the suite's second pass):
// product and collection CRUD, validation that names fields and saves nothing, slugs unique per
// workspace, catalog revisions bumped by every write, and the render snapshot.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/currency.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::catalog {
namespace {

using nlohmann::json;

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto migrations = CatalogService::migrations();
    auto st = db::migrate(*db_, migrations);
    ASSERT_THAT(st, IsOk());
    catalog_ = std::make_unique<CatalogService>(*db_);
  }

  // The API's way in: the JSON body read into a typed input, then the service.
  Result<Product> create_product(const std::string& ws, const json& body) {
    VITRINE_ASSIGN(auto input, product_input_from_json(body, /*creating=*/true));
    return catalog_->create_product(ws, std::move(input));
  }
  Result<Product> update_product(const std::string& ws, const std::string& id, const json& body) {
    VITRINE_ASSIGN(auto patch, product_input_from_json(body, /*creating=*/false));
    return catalog_->update_product(ws, id, std::move(patch));
  }
  Result<Collection> create_collection(const std::string& ws, const json& body) {
    VITRINE_ASSIGN(auto input, collection_input_from_json(body, /*creating=*/true));
    return catalog_->create_collection(ws, std::move(input));
  }
  Result<Collection> update_collection(const std::string& ws, const std::string& id,
                                       const json& body) {
    VITRINE_ASSIGN(auto patch, collection_input_from_json(body, /*creating=*/false));
    return catalog_->update_collection(ws, id, std::move(patch));
  }

  Product product(const std::string& ws, const json& fields) {
    auto p = create_product(ws, fields);
    EXPECT_THAT(p, IsOk());
    return p.ok() ? *p : Product{};
  }
  Collection collection(const std::string& ws, const json& fields) {
    auto c = create_collection(ws, fields);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : Collection{};
  }
  int64_t revision(const std::string& ws) {
    auto r = catalog_->revision(ws);
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r : -1;
  }
  json snapshot(const std::string& ws) {
    auto s = catalog_->snapshot(ws);
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *s : json();
  }
  int64_t count_products(const std::string& ws) {
    auto page = catalog_->list_products(ws, {});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->total : -1;
  }
  // The pointers of a validation_failed error's problems.
  static std::vector<std::string> pointers(const Error& e) {
    std::vector<std::string> out;
    for (const auto& p : e.details.value("problems", json::array()))
      out.push_back(p.value("pointer", ""));
    return out;
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<CatalogService> catalog_;
  const std::string ws_ = "ws-one";
  const std::string other_ws_ = "ws-two";
};

TEST_F(CatalogTest, CreatesReadsUpdatesAndDeletesAProduct) {
  Product p = product(ws_, {{"title", "  Speckled Mug "},
                            {"price_cents", 2450},
                            {"currency", "EUR"},
                            {"compare_at_cents", 3000},
                            {"description", "Stoneware."},
                            {"image_url", "/cdn/themes/kendustorenew/1.0.0/build/images/mug.svg"},
                            {"inventory", 7}});
  EXPECT_EQ(p.title, "Speckled Mug");
  EXPECT_EQ(p.slug, "speckled-mug");
  EXPECT_EQ(p.price_cents, 2450);
  EXPECT_EQ(p.currency, "EUR");
  EXPECT_EQ(p.compare_at_cents, 3000);
  EXPECT_EQ(p.status, "active");
  EXPECT_EQ(p.inventory, 7);
  json j = to_json(p);
  EXPECT_DOUBLE_EQ(j["price"].get<double>(), 24.5);
  EXPECT_DOUBLE_EQ(j["compare_at_price"].get<double>(), 30.0);
  EXPECT_EQ(j["url"], "/products/speckled-mug");

  // By id and by slug.
  auto by_id = catalog_->get_product(ws_, p.id);
  ASSERT_THAT(by_id, IsOk());
  EXPECT_EQ(by_id->title, "Speckled Mug");
  auto by_slug = catalog_->get_product(ws_, "speckled-mug");
  ASSERT_THAT(by_slug, IsOk());
  EXPECT_EQ(by_slug->id, p.id);

  // A title edit keeps the URL; null clears nullable fields.
  auto updated = update_product(ws_, p.id,
                                {{"title", "Speckled Stoneware Mug"},
                                 {"price_cents", 2600},
                                 {"compare_at_cents", nullptr},
                                 {"image_url", nullptr},
                                 {"status", "draft"}});
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->slug, "speckled-mug");
  EXPECT_EQ(updated->title, "Speckled Stoneware Mug");
  EXPECT_EQ(updated->price_cents, 2600);
  EXPECT_FALSE(updated->compare_at_cents.has_value());
  EXPECT_FALSE(updated->image_url.has_value());
  EXPECT_EQ(updated->status, "draft");
  EXPECT_EQ(updated->currency, "EUR");  // untouched
  auto reread = catalog_->get_product(ws_, p.id);
  ASSERT_THAT(reread, IsOk());
  EXPECT_EQ(reread->price_cents, 2600);
  EXPECT_EQ(reread->status, "draft");

  ASSERT_THAT(catalog_->delete_product(ws_, "speckled-mug"), IsOk());
  auto gone = catalog_->get_product(ws_, p.id);
  ASSERT_THAT(gone, StatusIs(errc::kNotFound));
  auto again = catalog_->delete_product(ws_, p.id);
  ASSERT_THAT(again, StatusIs(errc::kNotFound));
}

TEST_F(CatalogTest, ValidationNamesEveryBadFieldAndSavesNothing) {
  auto r = create_product(ws_, {{"description", 5},
                                {"price_cents", -1},
                                {"currency", "usd"},
                                {"status", "sold"},
                                {"image_url", "javascript:alert(1)"},
                                {"inventory", 1.5},
                                {"colour", "red"}});
  ASSERT_THAT(r, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(r.error().http_status(), 422);
  auto ptrs = pointers(r.error());
  for (const char* ptr : {"/title", "/description", "/price_cents", "/currency", "/status",
                          "/image_url", "/inventory", "/colour"}) {
    EXPECT_NE(std::find(ptrs.begin(), ptrs.end(), ptr), ptrs.end())
        << ptr << " in " << r.error().message;
    EXPECT_NE(r.error().message.find(ptr), std::string::npos) << r.error().message;
  }
  EXPECT_NE(r.error().message.find("/title: is required"), std::string::npos);

  // Each rule alone.
  auto missing_price = create_product(ws_, {{"title", "Mug"}});
  ASSERT_THAT(missing_price, Not(IsOk()));
  EXPECT_EQ(pointers(missing_price.error()), std::vector<std::string>{"/price_cents"});
  auto float_price = create_product(ws_, {{"title", "Mug"}, {"price_cents", 19.99}});
  ASSERT_THAT(float_price, Not(IsOk()));
  EXPECT_EQ(pointers(float_price.error()), std::vector<std::string>{"/price_cents"});
  auto long_title = create_product(ws_, {{"title", std::string(201, 'x')}, {"price_cents", 1}});
  ASSERT_THAT(long_title, Not(IsOk()));
  EXPECT_NE(long_title.error().message.find("/title: must be at most 200 characters"),
            std::string::npos)
      << long_title.error().message;
  // 200 characters of two bytes each are fine: the limit counts characters.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "é";
  EXPECT_THAT(create_product(ws_, {{"title", accented}, {"price_cents", 1}}), IsOk());
  auto blank = create_product(ws_, {{"title", "   "}, {"price_cents", 1}});
  ASSERT_THAT(blank, Not(IsOk()));
  EXPECT_EQ(pointers(blank.error()), std::vector<std::string>{"/title"});
  auto price_hint = create_product(ws_, {{"title", "Mug"}, {"price", 19.99}});
  ASSERT_THAT(price_hint, Not(IsOk()));
  EXPECT_NE(price_hint.error().message.find("price_cents"), std::string::npos);
  auto bad_slug = create_product(ws_, {{"title", "Mug"}, {"price_cents", 1}, {"slug", "Mug!"}});
  ASSERT_THAT(bad_slug, Not(IsOk()));
  EXPECT_EQ(pointers(bad_slug.error()), std::vector<std::string>{"/slug"});
  auto not_object = create_product(ws_, json::array());
  ASSERT_THAT(not_object, StatusIs(errc::kValidationFailed));

  EXPECT_EQ(count_products(ws_), 1);  // only the accented one
  EXPECT_EQ(revision(ws_), 1);

  // A bad patch changes nothing either.
  Product p = product(ws_, {{"title", "Mug"}, {"price_cents", 1000}});
  int64_t before = revision(ws_);
  auto bad_patch = update_product(ws_, p.id, {{"price_cents", 2000}, {"title", ""}});
  ASSERT_THAT(bad_patch, Not(IsOk()));
  EXPECT_EQ(pointers(bad_patch.error()), std::vector<std::string>{"/title"});
  EXPECT_EQ(catalog_->get_product(ws_, p.id)->price_cents, 1000);
  EXPECT_EQ(revision(ws_), before);

  auto bad_collection = create_collection(ws_, {{"position", -3}});
  ASSERT_THAT(bad_collection, StatusIs(errc::kValidationFailed));
  auto cptrs = pointers(bad_collection.error());
  EXPECT_EQ(cptrs, (std::vector<std::string>{"/title", "/position"}));
  EXPECT_EQ(catalog_->list_collections(ws_, {})->total, 0);
}

TEST_F(CatalogTest, TypedInputsFromCodeAreCheckedLikeRequestBodies) {
  // A C++ caller (the demo command, a future importer) gets the same checks as the API.
  ProductInput bad;
  bad.title = "   ";
  bad.price_cents = -5;
  bad.slug = "Not A Slug";
  bad.image_url = std::optional<std::string>("javascript:alert(1)");
  auto r = catalog_->create_product(ws_, bad);
  ASSERT_THAT(r, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers(r.error()),
            (std::vector<std::string>{"/slug", "/title", "/price_cents", "/image_url"}));
  ProductInput no_title;
  no_title.price_cents = 100;
  EXPECT_EQ(pointers(catalog_->create_product(ws_, no_title).error()),
            std::vector<std::string>{"/title"});
  CollectionInput far;
  far.title = "Far";
  far.position = kMaxPosition + 1;
  EXPECT_THAT(catalog_->create_collection(ws_, far), StatusIs(errc::kValidationFailed));
  EXPECT_EQ(count_products(ws_), 0);
  EXPECT_EQ(revision(ws_), 0);

  // Texts are trimmed and an empty image URL clears, as for JSON.
  ProductInput ok;
  ok.title = "  Mug  ";
  ok.price_cents = 1200;
  ok.image_url = std::optional<std::string>("");
  auto created = catalog_->create_product(ws_, ok);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->title, "Mug");
  EXPECT_EQ(created->image_url, std::nullopt);
}

TEST_F(CatalogTest, SlugsAreUniquePerWorkspace) {
  Product a = product(ws_, {{"title", "Crème Brûlée Bowl"}, {"price_cents", 1200}});
  EXPECT_EQ(a.slug, "creme-brulee-bowl");
  Product b = product(ws_, {{"title", "Crème brûlée bowl!"}, {"price_cents", 1300}});
  EXPECT_EQ(b.slug, "creme-brulee-bowl-2");
  Product c = product(ws_, {{"title", "CRÈME BRÛLÉE BOWL"}, {"price_cents", 1300}});
  EXPECT_EQ(c.slug, "creme-brulee-bowl-3");
  Product apostrophe = product(ws_, {{"title", "Maker's Mug"}, {"price_cents", 1}});
  EXPECT_EQ(apostrophe.slug, "makers-mug");
  Product symbols = product(ws_, {{"title", "★★★"}, {"price_cents", 1}});
  EXPECT_EQ(symbols.slug, "product");

  // The same slug in another workspace is fine.
  Product other = product(other_ws_, {{"title", "Crème Brûlée Bowl"}, {"price_cents", 1200}});
  EXPECT_EQ(other.slug, "creme-brulee-bowl");
  Product explicit_other =
      product(other_ws_, {{"title", "Anything"}, {"price_cents", 1}, {"slug", "makers-mug"}});
  EXPECT_EQ(explicit_other.slug, "makers-mug");

  // An explicit slug that is taken is a conflict naming /slug, on create and on update.
  auto taken =
      create_product(ws_, {{"title", "Bowl"}, {"price_cents", 1}, {"slug", "creme-brulee-bowl"}});
  ASSERT_THAT(taken, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(taken.error().details.value("pointer", ""), "/slug");
  auto renamed = update_product(ws_, b.id, {{"slug", "makers-mug"}});
  ASSERT_THAT(renamed, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(catalog_->get_product(ws_, b.id)->slug, "creme-brulee-bowl-2");
  auto moved = update_product(ws_, b.id, {{"slug", "big-bowl"}});
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->slug, "big-bowl");

  // Collections follow the same rules.
  Collection c1 = collection(ws_, {{"title", "Summer Sale"}});
  EXPECT_EQ(c1.slug, "summer-sale");
  Collection c2 = collection(ws_, {{"title", "Summer sale"}});
  EXPECT_EQ(c2.slug, "summer-sale-2");
  EXPECT_EQ(collection(other_ws_, {{"title", "Summer Sale"}}).slug, "summer-sale");
  auto ctaken = create_collection(ws_, {{"title", "X"}, {"slug", "summer-sale"}});
  ASSERT_THAT(ctaken, StatusIs(errc::kAlreadyExists));
}

TEST_F(CatalogTest, AnotherWorkspacesRowsAreNotFound) {
  Product p = product(ws_, {{"title", "Mug"}, {"price_cents", 100}});
  Collection c = collection(ws_, {{"title", "Featured"}});
  for (const std::string& key : {p.id, p.slug}) {
    auto r = catalog_->get_product(other_ws_, key);
    ASSERT_THAT(r, StatusIs(errc::kNotFound));
    EXPECT_EQ(update_product(other_ws_, key, {{"price_cents", 1}}).error().code, errc::kNotFound);
    EXPECT_EQ(catalog_->delete_product(other_ws_, key).error().code, errc::kNotFound);
  }
  EXPECT_EQ(catalog_->get_collection(other_ws_, c.id).error().code, errc::kNotFound);
  // Another workspace's collection or product cannot be joined to one's own either.
  Collection mine = collection(other_ws_, {{"title", "Mine"}});
  auto cross = catalog_->add_to_collection(other_ws_, mine.id, p.id);
  ASSERT_THAT(cross, StatusIs(errc::kNotFound));
  EXPECT_NE(cross.error().message.find("product"), std::string::npos);
  EXPECT_EQ(catalog_->get_product(ws_, p.id)->price_cents, 100);
  EXPECT_EQ(catalog_->list_products(other_ws_, {})->total, 0);
}

TEST_F(CatalogTest, ListsPageByPositionAndFilterByStatus) {
  // Without a position, each product goes after the last one.
  for (int i = 0; i < 5; ++i) {
    Product p = product(ws_, {{"title", "Item " + std::to_string(i)},
                              {"price_cents", 100 * i},
                              {"status", i % 2 ? "draft" : "active"}});
    EXPECT_EQ(p.position, i);
  }
  // An explicit position puts a product anywhere.
  product(ws_, {{"title", "Between"}, {"price_cents", 1}, {"position", 7}});
  ASSERT_THAT(update_product(ws_, "item-0", {{"position", 9}}), IsOk());
  auto first = catalog_->list_products(ws_, {.page = 1, .page_size = 4});
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->total, 6);
  ASSERT_EQ(first->items.size(), 4u);
  EXPECT_EQ(first->items[0].title, "Item 1");
  EXPECT_EQ(first->items[3].title, "Item 4");
  auto second = catalog_->list_products(ws_, {.page = 2, .page_size = 4});
  ASSERT_THAT(second, IsOk());
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].title, "Between");
  EXPECT_EQ(second->items[1].title, "Item 0");
  auto drafts = catalog_->list_products(ws_, {.status = "draft"});
  ASSERT_THAT(drafts, IsOk());
  EXPECT_EQ(drafts->total, 2);
  auto bad = catalog_->list_products(ws_, {.page_size = 101});
  ASSERT_THAT(bad, StatusIs(errc::kInvalidArgument));
}

TEST_F(CatalogTest, CollectionMembershipKeepsItsOrder) {
  Product mug = product(ws_, {{"title", "Mug"}, {"price_cents", 1}});
  Product vase = product(ws_, {{"title", "Vase"}, {"price_cents", 2}});
  Product bowl = product(ws_, {{"title", "Bowl"}, {"price_cents", 3}});
  Collection c = collection(ws_, {{"title", "Featured"}, {"description", "Best"}});

  ASSERT_THAT(catalog_->add_to_collection(ws_, c.id, vase.id), IsOk());
  ASSERT_THAT(catalog_->add_to_collection(ws_, "featured", "mug"), IsOk());
  auto added = catalog_->add_to_collection(ws_, c.id, bowl.id, 0);  // first
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(added->product_ids, (std::vector<std::string>{bowl.id, vase.id, mug.id}));
  // Adding again moves it, never duplicates.
  auto moved = catalog_->add_to_collection(ws_, c.id, bowl.id, 10);
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->product_ids, (std::vector<std::string>{vase.id, mug.id, bowl.id}));
  auto same = catalog_->add_to_collection(ws_, c.id, bowl.id);
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->product_ids.size(), 3u);

  auto removed = catalog_->remove_from_collection(ws_, c.id, vase.id);
  ASSERT_THAT(removed, IsOk());
  EXPECT_EQ(removed->product_ids, (std::vector<std::string>{mug.id, bowl.id}));
  auto not_member = catalog_->remove_from_collection(ws_, c.id, vase.id);
  ASSERT_THAT(not_member, StatusIs(errc::kNotFound));
  auto unknown = catalog_->add_to_collection(ws_, "nope", mug.id);
  ASSERT_THAT(unknown, StatusIs(errc::kNotFound));
  EXPECT_NE(unknown.error().message.find("collection 'nope'"), std::string::npos);

  // Deleting a product takes it out of its collections; deleting a collection keeps products.
  ASSERT_THAT(catalog_->delete_product(ws_, mug.id), IsOk());
  EXPECT_EQ(catalog_->get_collection(ws_, c.id)->product_ids, std::vector<std::string>{bowl.id});
  ASSERT_THAT(catalog_->delete_collection(ws_, c.id), IsOk());
  EXPECT_THAT(catalog_->get_product(ws_, bowl.id), IsOk());
  EXPECT_EQ(catalog_->list_collections(ws_, {})->total, 0);

  // Collection CRUD.
  Collection d = collection(ws_, {{"title", "Gifts"}, {"image_url", "https://img.example/g.png"}});
  auto patched = update_collection(ws_, d.id, {{"title", "Gift Ideas"}, {"image_url", nullptr}});
  ASSERT_THAT(patched, IsOk());
  EXPECT_EQ(patched->title, "Gift Ideas");
  EXPECT_EQ(patched->slug, "gifts");
  EXPECT_FALSE(patched->image_url.has_value());
  auto listed = catalog_->list_collections(ws_, {});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].title, "Gift Ideas");
}

TEST_F(CatalogTest, EveryWriteBumpsTheRevisionAndChangesTheSnapshot) {
  EXPECT_EQ(revision(ws_), 0);
  json empty = snapshot(ws_);
  EXPECT_EQ(empty["revision"], 0);
  EXPECT_TRUE(empty["products"].empty());
  EXPECT_TRUE(empty["collections"].empty());

  int64_t last = 0;
  json last_snapshot = empty;
  // Each write must move the revision and change what the storefront reads.
  auto expect_bumped = [&](const char* what) {
    int64_t now = revision(ws_);
    EXPECT_GT(now, last) << what;
    json s = snapshot(ws_);
    EXPECT_EQ(s["revision"], now) << what;
    EXPECT_NE(s, last_snapshot) << what;
    last = now;
    last_snapshot = s;
  };
  Product mug = product(ws_, {{"title", "Mug"}, {"price_cents", 1000}});
  expect_bumped("create product");
  ASSERT_THAT(update_product(ws_, mug.id, {{"price_cents", 1100}}), IsOk());
  expect_bumped("update product");
  EXPECT_DOUBLE_EQ(last_snapshot["products"][0]["price"].get<double>(), 11.0);
  Collection c = collection(ws_, {{"title", "Featured"}});
  expect_bumped("create collection");
  ASSERT_THAT(update_collection(ws_, c.id, {{"title", "Featured picks"}}), IsOk());
  expect_bumped("update collection");
  ASSERT_THAT(catalog_->add_to_collection(ws_, c.id, mug.id), IsOk());
  expect_bumped("add to collection");
  EXPECT_EQ(last_snapshot["collections"][0]["products"], json::array({"mug"}));
  ASSERT_THAT(catalog_->remove_from_collection(ws_, c.id, mug.id), IsOk());
  expect_bumped("remove from collection");
  ASSERT_THAT(catalog_->delete_collection(ws_, c.id), IsOk());
  expect_bumped("delete collection");
  ASSERT_THAT(catalog_->delete_product(ws_, mug.id), IsOk());
  expect_bumped("delete product");
  EXPECT_TRUE(last_snapshot["products"].empty());

  // Another workspace's catalog has its own revision.
  EXPECT_EQ(revision(other_ws_), 0);
}

TEST_F(CatalogTest, SnapshotHasActiveProductsInOrderWithTheFieldsThemesRead) {
  Product b = product(ws_, {{"title", "B"},
                            {"price_cents", 2450},
                            {"position", 2},
                            {"currency", "EUR"},
                            {"compare_at_cents", 3000},
                            {"image_url", "/img/b.svg"},
                            {"inventory", 3}});
  Product a =
      product(ws_, {{"title", "A"}, {"price_cents", 1200}, {"position", 1}, {"currency", "JPY"}});
  product(ws_, {{"title", "Hidden draft"}, {"price_cents", 1}, {"status", "draft"}});
  Product archived = product(ws_, {{"title", "Old"}, {"price_cents", 1}, {"status", "archived"}});
  Collection featured = collection(ws_, {{"title", "Featured"}, {"position", 5}});
  Collection sale = collection(ws_, {{"title", "Sale"}, {"position", 1}});
  ASSERT_THAT(catalog_->add_to_collection(ws_, featured.id, b.id), IsOk());
  ASSERT_THAT(catalog_->add_to_collection(ws_, featured.id, a.id), IsOk());
  ASSERT_THAT(catalog_->add_to_collection(ws_, featured.id, archived.id), IsOk());
  ASSERT_THAT(catalog_->add_to_collection(ws_, sale.id, b.id), IsOk());

  json s = snapshot(ws_);
  ASSERT_EQ(s["products"].size(), 2u) << s.dump(2);
  const json& first = s["products"][0];
  const json& second = s["products"][1];
  EXPECT_EQ(first["title"], "A");
  EXPECT_EQ(first["name"], "A");
  EXPECT_EQ(first["price"], 1200);  // yen have no minor unit
  EXPECT_EQ(first["currency"], "JPY");
  EXPECT_TRUE(first["image"].is_null());
  EXPECT_TRUE(first["compare_at_price"].is_null());
  EXPECT_EQ(first["available"], false);
  EXPECT_EQ(second["title"], "B");
  EXPECT_EQ(second["slug"], "b");
  EXPECT_EQ(second["handle"], "b");
  EXPECT_DOUBLE_EQ(second["price"].get<double>(), 24.5);
  EXPECT_EQ(second["price_cents"], 2450);
  EXPECT_DOUBLE_EQ(second["compare_at_price"].get<double>(), 30.0);
  EXPECT_EQ(second["compare_at_cents"], 3000);
  EXPECT_EQ(second["currency"], "EUR");
  EXPECT_EQ(second["image"], "/img/b.svg");
  EXPECT_EQ(second["url"], "/products/b");
  EXPECT_EQ(second["inventory"], 3);
  EXPECT_EQ(second["available"], true);
  // Collections in position order; members in collection order, only active products.
  ASSERT_EQ(s["collections"].size(), 2u);
  EXPECT_EQ(s["collections"][0]["title"], "Sale");
  EXPECT_EQ(s["collections"][0]["url"], "/collections/sale");
  EXPECT_EQ(s["collections"][1]["handle"], "featured");
  EXPECT_EQ(s["collections"][1]["products"], json::array({"b", "a"}));
  EXPECT_EQ(s["collections"][1]["product_count"], 2);
  // Each product lists its collections' slugs (ProductGrid filters on them).
  EXPECT_EQ(second["collections"], json::array({"sale", "featured"}));
  EXPECT_EQ(first["collections"], json::array({"featured"}));

  // The shared form carries the same data, pre-serialised.
  auto shared = catalog_->shared_snapshot(ws_);
  ASSERT_THAT(shared, IsOk());
  EXPECT_EQ((*shared)->data, s);
  EXPECT_EQ(json::parse((*shared)->text), s);
  // Nothing changed: the same object is shared, not rebuilt.
  auto again = catalog_->shared_snapshot(ws_);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(shared->get(), again->get());

  // Archiving a product removes it from the storefront data at once.
  ASSERT_THAT(update_product(ws_, b.id, {{"status", "archived"}}), IsOk());
  json after = snapshot(ws_);
  ASSERT_EQ(after["products"].size(), 1u);
  EXPECT_EQ(after["products"][0]["title"], "A");
  EXPECT_EQ(after["collections"][0]["products"], json::array());
}

TEST_F(CatalogTest, SearchFindsActiveProductsByWordPrefixesOnBothDatabases) {
  const std::string& ws = ws_;
  product(ws, {{"title", "Speckled Stoneware Mug"}, {"price_cents", 2800}});
  product(ws, {{"title", "Crème brûlée dish"},
               {"description", "Oven-safe porcelain, 12 cm."},
               {"price_cents", 1800}});
  Product vase = product(ws, {{"title", "Bud vase"}, {"price_cents", 3600}});
  product(ws, {{"title", "Draft mug"}, {"price_cents", 100}, {"status", "draft"}});
  product(other_ws_, {{"title", "Another shop's mug"}, {"price_cents", 100}});

  auto titles = [&](std::string_view q) {
    auto found = catalog_->search_products(ws, q, 10);
    EXPECT_THAT(found, IsOk());
    std::vector<std::string> out;
    if (found.ok())
      for (const auto& p : *found) out.push_back(p.title);
    return out;
  };
  EXPECT_EQ(titles("mug"), std::vector<std::string>{"Speckled Stoneware Mug"})
      << "active products of this shop only";
  EXPECT_EQ(titles("STONE"), std::vector<std::string>{"Speckled Stoneware Mug"}) << "prefixes";
  EXPECT_EQ(titles("creme brulee"), std::vector<std::string>{"Crème brûlée dish"})
      << "diacritics ignored";
  EXPECT_EQ(titles("porcelain oven"), std::vector<std::string>{"Crème brûlée dish"})
      << "every word, in the description too";
  EXPECT_TRUE(titles("mug vase").empty()) << "all words must match";
  EXPECT_TRUE(titles("\"*) OR ( NEAR").empty()) << "no query syntax gets through";
  EXPECT_TRUE(titles("").empty());

  // The index follows edits and deletes.
  ASSERT_THAT(update_product(ws, vase.id, {{"title", "Tall bottle"}}), IsOk());
  EXPECT_TRUE(titles("vase").empty());
  EXPECT_EQ(titles("bottle"), std::vector<std::string>{"Tall bottle"});
  ASSERT_THAT(catalog_->delete_product(ws, vase.id), IsOk());
  EXPECT_TRUE(titles("bottle").empty());
}

TEST_F(CatalogTest, VariantsCarryPricesStockAndSkusAndTheProductSummarisesThem) {
  auto created = create_product(
      ws_,
      {{"title", "Linen shirt"},
       {"option_names", {"Size", "Colour"}},
       {"variants",
        {{{"options", {"S", "Sand"}},
          {"sku", "LS-S-SAND"},
          {"price_cents", 6500},
          {"inventory", 3}},
         {{"options", {"M", "Sand"}},
          {"sku", "LS-M-SAND"},
          {"price_cents", 6500},
          {"inventory", 0}},
         {{"options", {"L", "Ink"}},
          {"price_cents", 6900},
          {"inventory", 2},
          {"weight_grams", 310}}}},
       {"tags", {"linen", "summer", "linen"}},
       {"images", {"/img/shirt-back.jpg", {{"url", "/img/shirt-detail.jpg"}, {"alt", "Cuff"}}}},
       {"seo_title", "Linen shirt, stonewashed"}});
  ASSERT_THAT(created, IsOk());
  const Product& shirt = *created;
  ASSERT_EQ(shirt.variants.size(), 3u);
  EXPECT_EQ(shirt.price_cents, 6500) << "the cheapest variant";
  EXPECT_EQ(shirt.inventory, 5) << "the stock of all variants";
  EXPECT_EQ(shirt.variants[2].title, "L / Ink");
  EXPECT_EQ(shirt.tags, (std::vector<std::string>{"linen", "summer"})) << "a set";

  json snap = snapshot(ws_)["products"][0];
  EXPECT_EQ(snap["options"][0], (json{{"name", "Size"}, {"values", {"S", "M", "L"}}}));
  EXPECT_EQ(snap["variants"][1]["available"], false);
  EXPECT_EQ(snap["variants"][2]["price"], 69.0);
  EXPECT_EQ(snap["images"][1]["alt"], "Cuff");
  EXPECT_EQ(snap["seo"]["title"], "Linen shirt, stonewashed");
  EXPECT_EQ(snap["gallery"].size(), 2u);

  // The SKU and the tags are searchable.
  auto by_sku = catalog_->search_products(ws_, "LS-M-SAND", 10);
  ASSERT_THAT(by_sku, IsOk());
  EXPECT_EQ(by_sku->size(), 1u);
  auto by_tag = catalog_->search_products(ws_, "summer", 10);
  ASSERT_THAT(by_tag, IsOk());
  EXPECT_EQ(by_tag->size(), 1u);

  // The list replaces the variants: ids are kept, a missing one is deleted, a new one created.
  auto edited = update_product(
      ws_, shirt.id,
      {{"variants",
        {{{"id", shirt.variants[0].id}, {"options", {"S", "Sand"}}, {"inventory", 7}},
         {{"options", {"XL", "Ink"}}, {"price_cents", 7200}, {"sku", "LS-M-SAND"}}}}});
  ASSERT_THAT(edited, IsOk());
  ASSERT_EQ(edited->variants.size(), 2u);
  EXPECT_EQ(edited->variants[0].id, shirt.variants[0].id);
  EXPECT_EQ(edited->variants[0].inventory, 7);
  EXPECT_EQ(edited->variants[0].sku, "LS-S-SAND") << "unchanged fields stay";
  EXPECT_EQ(edited->variants[1].sku, "LS-M-SAND") << "a deleted variant's SKU is free again";
  EXPECT_EQ(edited->inventory, 7);

  // A product with several variants takes prices per variant only.
  auto refused = update_product(ws_, shirt.id, {{"price_cents", 100}});
  ASSERT_THAT(refused, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers(refused.error()), std::vector<std::string>{"/price_cents"});

  // SKUs are unique in the workspace, and the error names the variant.
  auto clash = create_product(ws_, {{"title", "Copy"}, {"price_cents", 100}, {"sku", "LS-S-SAND"}});
  EXPECT_THAT(clash, StatusIs(errc::kAlreadyExists));
  auto clash2 =
      create_product(ws_, {{"title", "Copy"},
                           {"option_names", {"Size"}},
                           {"variants",
                            {{{"options", {"S"}}, {"price_cents", 1}},
                             {{"options", {"M"}}, {"price_cents", 1}, {"sku", "LS-S-SAND"}}}}});
  ASSERT_THAT(clash2, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(clash2.error().details["pointer"], "/variants/1/sku");
  EXPECT_THAT(
      create_product(other_ws_, {{"title", "Theirs"}, {"price_cents", 1}, {"sku", "LS-S-SAND"}}),
      IsOk())
      << "another shop may use the same SKU";
  EXPECT_EQ(count_products(ws_), 1) << "nothing saved by the refused creates";
}

TEST_F(CatalogTest, VariantInputProblemsNameTheirPointers) {
  Product simple = product(ws_, {{"title", "Mug"}, {"price_cents", 2800}, {"inventory", 4}});
  ASSERT_EQ(simple.variants.size(), 1u);
  EXPECT_EQ(simple.variants[0].title, "Default");
  // A simple product's price and stock are its only variant's.
  auto cheaper = update_product(ws_, simple.id, {{"price_cents", 2500}, {"inventory", 9}});
  ASSERT_THAT(cheaper, IsOk());
  EXPECT_EQ(cheaper->variants[0].price_cents, 2500);
  EXPECT_EQ(cheaper->variants[0].inventory, 9);
  EXPECT_EQ(cheaper->variants[0].id, simple.variants[0].id);

  auto bad = create_product(
      ws_, {{"title", "Shirt"},
            {"option_names", {"Size", "Size"}},
            {"variants",
             {{{"options", {"S"}}, {"price_cents", -1}},
              {{"options", {"S", "x"}}, {"price_cents", 1}, {"weight_grams", "heavy"}},
              {{"id", 7}, {"colour", "red"}, {"price_cents", 1}}}},
            {"images", {{{"url", "javascript:alert(1)"}}}},
            {"tags", {""}},
            {"related", {"Not A Slug"}}});
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(
      pointers(bad.error()),
      (std::vector<std::string>{"/variants/1/weight_grams", "/variants/2/colour", "/variants/2/id",
                                "/option_names/1", "/variants/0/price_cents", "/images/0/url",
                                "/tags/0", "/related/0"}))
      << "type problems as the body is read, then the limits";
  auto mismatched = create_product(ws_, {{"title", "Shirt"},
                                         {"option_names", {"Size"}},
                                         {"variants",
                                          {{{"options", {"S"}}, {"price_cents", 1}},
                                           {{"options", {"S"}}, {"price_cents", 1}},
                                           {{"options", json::array()}, {"price_cents", 1}}}}});
  ASSERT_THAT(mismatched, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers(mismatched.error()),
            (std::vector<std::string>{"/variants/1/options", "/variants/2/options"}));
  auto foreign =
      update_product(ws_, simple.id, {{"variants", {{{"id", "not-mine"}, {"price_cents", 1}}}}});
  ASSERT_THAT(foreign, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers(foreign.error()), std::vector<std::string>{"/variants/0/id"});
  // External ids (a point of sale's): strings or null, at most 255 bytes, one owner per shop.
  auto ids = create_product(ws_, {{"title", "Cap"},
                                  {"external_id", std::string(256, 'x')},
                                  {"option_names", {"Size"}},
                                  {"variants",
                                   {{{"options", {"S"}}, {"price_cents", 1}, {"external_id", 7}},
                                    {{"options", {"M"}}, {"price_cents", 1}}}}});
  ASSERT_THAT(ids, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers(ids.error()),
            (std::vector<std::string>{"/variants/0/external_id", "/external_id"}));
  auto shirt =
      create_product(ws_, {{"title", "Shirt"},
                           {"option_names", {"Size"}},
                           {"variants",
                            {{{"options", {"S"}}, {"price_cents", 1}, {"external_id", "t-s"}},
                             {{"options", {"M"}}, {"price_cents", 1}}}}});
  ASSERT_THAT(shirt, IsOk());
  EXPECT_EQ(shirt->variants[0].external_id, "t-s");
  auto copy = update_product(
      ws_, simple.id, {{"variants", {{{"id", simple.variants[0].id}, {"external_id", "t-s"}}}}});
  ASSERT_THAT(copy, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(copy.error().details["pointer"], "/variants/0/external_id");
  ASSERT_THAT(catalog_->delete_product(ws_, shirt->id), IsOk());
  EXPECT_EQ(count_products(ws_), 1);
}

TEST_F(CatalogTest, OnlyActiveProductsVariantsAreForSale) {
  Product mug = product(ws_, {{"title", "Mug"}, {"price_cents", 2800}});
  Product draft = product(ws_, {{"title", "Draft"}, {"price_cents", 100}, {"status", "draft"}});
  auto sellable = catalog_->sellable_variant(ws_, mug.variants[0].id);
  ASSERT_THAT(sellable, IsOk());
  EXPECT_EQ(sellable->variant.price_cents, 2800);
  EXPECT_EQ(sellable->product.id, mug.id);
  EXPECT_THAT(catalog_->sellable_variant(ws_, draft.variants[0].id), StatusIs(errc::kNotFound));
  EXPECT_THAT(catalog_->sellable_variant(other_ws_, mug.variants[0].id), StatusIs(errc::kNotFound))
      << "another shop's variant is unknown here";
}

TEST_F(CatalogTest, RelatedProductsListOnlyActiveOthers) {
  product(ws_, {{"title", "Saucer"}, {"price_cents", 900}});
  product(ws_, {{"title", "Hidden"}, {"price_cents", 900}, {"status", "draft"}});
  product(
      ws_,
      {{"title", "Cup"}, {"price_cents", 1200}, {"related", {"saucer", "hidden", "cup", "gone"}}});
  json cup = snapshot(ws_)["products"][1];
  ASSERT_EQ(cup["slug"], "cup");
  EXPECT_EQ(cup["related_products"], json::array({"saucer"}));
  EXPECT_EQ(cup["relatedProducts"], json::array({"saucer"}));
}

TEST_F(CatalogTest, AnotherProcessesWritesReachTheSnapshotWithinASecond) {
  product(ws_, {{"title", "Mug"}, {"price_cents", 1000}});
  ASSERT_EQ(snapshot(ws_)["products"].size(), 1u);
  // A second service on the same database stands for another node (or the CLI).
  CatalogService other_node(*db_);
  ProductInput vase;
  vase.title = "Vase";
  vase.price_cents = 2000;
  ASSERT_THAT(other_node.create_product(ws_, vase), IsOk());
  // The revision check runs at most once a second; after that the new product is there.
  bool seen = false;
  for (int i = 0; i < 40 && !seen; ++i) {
    seen = snapshot(ws_)["products"].size() == 2;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(snapshot(ws_)["revision"], 2);
}

TEST(CurrencyTest, MinorUnitDigits) {
  EXPECT_EQ(currency_minor_digits("USD"), 2);
  EXPECT_EQ(currency_minor_digits("EUR"), 2);
  EXPECT_EQ(currency_minor_digits("JPY"), 0);
  EXPECT_EQ(currency_minor_digits("KRW"), 0);
  EXPECT_EQ(currency_minor_digits("KWD"), 3);
}

}  // namespace
}  // namespace vitrine::catalog
