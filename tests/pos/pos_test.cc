// PosService against a real database (SQLite, or PostgreSQL in the suite's second pass) and the
// real catalogue: batches upsert products by the POS's ids, once per Idempotency-Key, and a
// stale version never wins, even when two batches race for one product.
#include "pos/pos.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "changes/change_feed.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::pos {
namespace {

using nlohmann::json;

constexpr const char* kWs = "ws-1";

class PosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto migrations = catalog::CatalogService::migrations();
    for (auto& m : PosService::migrations()) migrations.push_back(std::move(m));
    ASSERT_THAT(db::migrate(*db_, migrations), IsOk());
    catalog_ = std::make_unique<catalog::CatalogService>(*db_);
    pos_ = std::make_unique<PosService>(*db_, *catalog_);
    feed_ = std::make_unique<changes::ChangeFeed>(*db_);
  }

  static json mug(int64_t price, const json& version = nullptr) {
    json p = {{"external_id", "sq-mug"},
              {"title", "Speckled mug"},
              {"currency", "USD"},
              {"option_names", {"Size"}},
              {"variants",
               {{{"external_id", "sq-mug-s"},
                 {"options", {"Small"}},
                 {"price_cents", price},
                 {"inventory", 4}},
                {{"external_id", "sq-mug-l"},
                 {"options", {"Large"}},
                 {"price_cents", price + 400},
                 {"inventory", 2}}}}};
    if (!version.is_null()) p["version"] = version;
    return p;
  }
  // `products`: the batch's records (one record, an object, is a batch of one).
  Result<json> batch(const std::string& key, const json& products) {
    const json list = products.is_array() ? products : json::array({products});
    return pos_->upsert_products(kWs, key, {{"products", list}});
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<catalog::CatalogService> catalog_;
  std::unique_ptr<PosService> pos_;
  std::unique_ptr<changes::ChangeFeed> feed_;
};

TEST_F(PosTest, ABatchCreatesThenUpdatesByExternalIdsWithVersions) {
  auto first = batch("b-1", {mug(2400),
                             {{"external_id", "sq-board"},
                              {"title", "Oak board"},
                              {"price_cents", 5600},
                              {"currency", "USD"}}});
  ASSERT_THAT(first, IsOk());
  const json& created = (*first)["results"];
  ASSERT_EQ(created.size(), 2u) << first->dump();
  EXPECT_EQ(created[0]["status"], "created");
  EXPECT_EQ(created[1]["status"], "created");
  const std::string id = created[0]["id"];
  auto product = catalog_->get_product(kWs, id);
  ASSERT_THAT(product, IsOk());
  ASSERT_EQ(product->variants.size(), 2u);
  const std::string small = product->variants[0].id;
  EXPECT_EQ(product->variants[0].price_cents, 2400);
  const int64_t version = created[0]["version"];
  auto feed = feed_->read(kWs, 0, 100);
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].seq, version) << "a product's version is its latest change's number";

  // A price change with the version the POS saw; the variants keep their storefront ids.
  auto update = batch("b-2", {mug(2600, version)});
  ASSERT_THAT(update, IsOk());
  EXPECT_EQ((*update)["results"][0]["status"], "updated") << update->dump();
  EXPECT_GT((*update)["results"][0]["version"].get<int64_t>(), version);
  product = catalog_->get_product(kWs, id);
  EXPECT_EQ(product->variants[0].id, small);
  EXPECT_EQ(product->variants[0].price_cents, 2600);

  // The old version again, or none: a conflict naming the current version; nothing changes.
  auto stale = batch("b-3", {mug(1, version)});
  ASSERT_THAT(stale, IsOk());
  EXPECT_EQ((*stale)["results"][0]["status"], "conflict");
  EXPECT_EQ((*stale)["results"][0]["version"], (*update)["results"][0]["version"]);
  EXPECT_EQ((*stale)["results"][0]["problems"][0]["pointer"], "/products/0/version");
  auto blind = batch("b-4", {mug(1)});
  EXPECT_EQ((*blind)["results"][0]["status"], "conflict");
  EXPECT_EQ(catalog_->get_product(kWs, id)->variants[0].price_cents, 2600);
}

TEST_F(PosTest, ARetriedBatchGetsTheFirstAnswerAndWritesNothingAgain) {
  auto first = batch("retry-me", {mug(2400)});
  ASSERT_THAT(first, IsOk());
  const int64_t head = *feed_->head(kWs);
  auto again = batch("retry-me", {mug(2400)});
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ((*again)["replayed"], true);
  EXPECT_EQ((*again)["results"], (*first)["results"]);
  EXPECT_EQ(*feed_->head(kWs), head) << "nothing written twice";
  EXPECT_THAT(batch("retry-me", {mug(9999)}), StatusIs(errc::kConflict))
      << "the same key with another body";
  EXPECT_THAT(batch("", {mug(2400)}), StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(batch(std::string(201, 'k'), {mug(2400)}), StatusIs(errc::kInvalidArgument));
}

TEST_F(PosTest, BadRecordsAreNamedAndTheOthersWritten) {
  auto r = batch("mixed", {mug(2400),
                           {{"external_id", "sq-x"}, {"title", "X"}, {"price_cents", -5}},
                           {{"title", "No id"}},
                           {{"external_id", "sq-y"}, {"colour", "red"}, {"title", "Y"}},
                           "not an object"});
  ASSERT_THAT(r, IsOk());
  const json& results = (*r)["results"];
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0]["status"], "created");
  for (size_t i = 1; i < 5; ++i) EXPECT_EQ(results[i]["status"], "invalid") << results[i].dump();
  EXPECT_EQ(results[1]["problems"][0]["pointer"], "/products/1/price_cents") << results[1].dump();
  EXPECT_EQ(results[2]["problems"][0]["pointer"], "/products/2/external_id");
  EXPECT_EQ(results[3]["problems"][0]["pointer"], "/products/3/colour");
  EXPECT_EQ(results[4]["problems"][0]["pointer"], "/products/4");
  EXPECT_EQ(catalog_->list_products(kWs, {})->total, 1);
  EXPECT_THAT(pos_->upsert_products(kWs, "k", {{"products", json::array()}}),
              StatusIs(errc::kValidationFailed));
  EXPECT_THAT(pos_->upsert_products(kWs, "k", {{"items", json::array({mug(1)})}}),
              StatusIs(errc::kValidationFailed));
}

TEST_F(PosTest, TwoBatchesRacingForOneProductCannotBothWin) {
  auto first = batch("seed", {mug(2400)});
  ASSERT_THAT(first, IsOk());
  const int64_t version = (*first)["results"][0]["version"];
  std::barrier start(2);
  std::atomic<int> updated{0}, conflicts{0};
  auto race = [&](int i) {
    start.arrive_and_wait();
    auto r = batch("race-" + std::to_string(i), {mug(3000 + i, version)});
    ASSERT_THAT(r, IsOk());
    const std::string status = (*r)["results"][0]["status"];
    if (status == "updated") ++updated;
    if (status == "conflict") ++conflicts;
  };
  std::thread a(race, 1), b(race, 2);
  a.join();
  b.join();
  EXPECT_EQ(updated.load(), 1);
  EXPECT_EQ(conflicts.load(), 1);
}

TEST_F(PosTest, StockIsCountedPerLocationAndSalesAtATillTakeFromTheShop) {
  ASSERT_THAT(batch("seed", {mug(2400)}), IsOk());  // small: 4 in stock, all "online"
  auto adjust = [&](const std::string& key, const json& list) {
    return pos_->adjust_inventory(kWs, key, {{"adjustments", list}});
  };
  const json changes =
      json::array({{{"variant_external_id", "sq-mug-s"}, {"location", "store-1"}, {"set", 10}},
                   {{"variant_external_id", "sq-mug-s"}, {"location", "store-1"}, {"adjust", -3}},
                   {{"variant_external_id", "sq-mug-s"}, {"set", 1}},
                   {{"variant_external_id", "nope"}, {"set", 1}},
                   {{"variant_external_id", "sq-mug-l"}, {"adjust", -3}}});
  auto r = adjust("a-1", changes);
  ASSERT_THAT(r, IsOk());
  const json& results = (*r)["results"];
  EXPECT_EQ(results[0]["level"], 10);
  EXPECT_EQ(results[0]["available"], 14) << "4 online and 10 at the store";
  EXPECT_EQ(results[1]["level"], 7) << "a sale at the till";
  EXPECT_EQ(results[1]["available"], 11);
  EXPECT_EQ(results[2]["level"], 1) << "online set to 1 absolutely";
  EXPECT_EQ(results[2]["available"], 8);
  EXPECT_EQ(results[3]["status"], "invalid");
  EXPECT_EQ(results[3]["problems"][0]["pointer"], "/adjustments/3/variant_external_id");
  EXPECT_EQ(results[4]["status"], "invalid") << "2 in stock cannot lose 3";
  EXPECT_EQ(results[4]["problems"][0]["pointer"], "/adjustments/4/adjust");

  const std::string id = (*batch("seed", {mug(2400)}))["results"][0]["id"];
  auto product = catalog_->get_product(kWs, id);
  EXPECT_EQ(product->variants[0].inventory, 8) << "the storefront sells the shop's total";
  EXPECT_EQ(product->variants[1].inventory, 2);
  auto feed = feed_->read(kWs, 1, 100);
  ASSERT_EQ(feed->items.size(), 3u) << "one inventory change per applied adjustment";
  EXPECT_EQ(feed->items[1].data["location"], "store-1");
  EXPECT_EQ(feed->items[1].data["level"], 7);

  EXPECT_EQ((*adjust("a-1", changes))["replayed"], true);
  EXPECT_EQ(catalog_->get_product(kWs, id)->variants[0].inventory, 8) << "a replay moves nothing";
  EXPECT_THAT(
      adjust("a-2",
             json::array({{{"variant_external_id", "sq-mug-s"}, {"set", 1}, {"adjust", 1}}})),
      StatusIs(errc::kValidationFailed));
  EXPECT_THAT(adjust("a-3", json::array({{{"variant_external_id", "sq-mug-s"}, {"set", -1}}})),
              StatusIs(errc::kValidationFailed));
}

// A shop that had its catalogue before the till links its products by giving them the POS's
// ids; the POS then updates those products instead of creating copies, and counts the stock of
// a product without variants by the product's own id.
TEST_F(PosTest, AMerchantLinksItsProductsToThePosByExternalIds) {
  catalog::ProductInput tin;
  tin.title = "Biscuit tin";
  tin.price_cents = 900;
  tin.inventory = 5;
  tin.external_id = "sq-tin";
  auto made = catalog_->create_product(kWs, tin);
  ASSERT_THAT(made, IsOk());
  EXPECT_EQ(made->external_id, "sq-tin");
  EXPECT_EQ(catalog::to_json(*made)["external_id"], "sq-tin");

  // Another product cannot take the same id; the error points at the field.
  catalog::ProductInput twin = tin;
  twin.title = "Biscuit tin, again";
  auto taken = catalog_->create_product(kWs, twin);
  ASSERT_THAT(taken, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(taken.error().details["pointer"], "/external_id");

  // The POS sees it as an existing product: without the version it conflicts, with it updates.
  auto blind = batch("link-1", {{{"external_id", "sq-tin"}, {"price_cents", 950}}});
  ASSERT_THAT(blind, IsOk());
  EXPECT_EQ((*blind)["results"][0]["status"], "conflict");
  const int64_t version = (*blind)["results"][0]["version"];
  auto linked =
      batch("link-2", {{{"external_id", "sq-tin"}, {"price_cents", 950}, {"version", version}}});
  ASSERT_THAT(linked, IsOk());
  EXPECT_EQ((*linked)["results"][0]["status"], "updated") << linked->dump();
  EXPECT_EQ((*linked)["results"][0]["id"], made->id) << "no second product";
  EXPECT_EQ(catalog_->get_product(kWs, made->id)->price_cents, 950);

  auto sold = pos_->adjust_inventory(
      kWs, "link-3",
      {{"adjustments",
        json::array({{{"variant_external_id", "sq-tin"}, {"location", "store-1"}, {"set", 3}}})}});
  ASSERT_THAT(sold, IsOk());
  EXPECT_EQ((*sold)["results"][0]["status"], "applied") << sold->dump();
  EXPECT_EQ(catalog_->get_product(kWs, made->id)->inventory, 8) << "5 online and 3 at the store";

  // Clearing the id unlinks it: the POS's next batch creates its own product.
  catalog::ProductInput unlink;
  unlink.external_id = "";
  ASSERT_THAT(catalog_->update_product(kWs, made->id, unlink), IsOk());
  EXPECT_EQ(catalog_->get_product(kWs, made->id)->external_id, std::nullopt);
  auto fresh =
      batch("link-4", {{{"external_id", "sq-tin"}, {"title", "Till tin"}, {"price_cents", 950}}});
  EXPECT_EQ((*fresh)["results"][0]["status"], "created");
}

TEST_F(PosTest, KeysAreHashedScopedAndRevocable) {
  auto made = pos_->create(kWs, {{"name", "Till 1"}, {"scopes", {"pos:write", "pos:read"}}});
  ASSERT_THAT(made, IsOk());
  EXPECT_TRUE(made->secret.starts_with(kKeyPrefix));
  auto rows = db_->exec("SELECT key_hash FROM pos_api_keys", {});
  EXPECT_EQ(rows->text(0, "key_hash").find(made->secret), std::string::npos) << "only a hash";
  auto key = pos_->authenticate(made->secret);
  ASSERT_THAT(key, IsOk());
  EXPECT_TRUE(key->has_scope(kScopeRead));
  EXPECT_TRUE(key->has_scope(kScopeWrite));
  EXPECT_EQ(key->workspace_id, kWs);
  EXPECT_THAT(pos_->create(kWs, {{"name", "x"}, {"scopes", json::array()}}),
              StatusIs(errc::kValidationFailed));
  EXPECT_THAT(pos_->revoke("ws-2", made->key.id), StatusIs(errc::kNotFound));
  ASSERT_THAT(pos_->revoke(kWs, made->key.id), IsOk());
  EXPECT_THAT(pos_->authenticate(made->secret), StatusIs(errc::kUnauthorized));
}

}  // namespace
}  // namespace vitrine::pos
