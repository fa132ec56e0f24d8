// WebhookService against a real database (SQLite, or PostgreSQL in the suite's second pass) and
// a local HTTP receiver (vitrine's own server on loopback): feed changes arrive signed, in
// order, once; a receiver that fails is retried with backoff and every attempt is logged; a
// failed delivery can be sent again; one shop's changes never reach another's endpoint.
#include "webhooks/webhooks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/hash.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"
#include "testing/webhook_receiver.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::webhooks {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class WebhooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto migrations = changes::ChangeFeed::migrations();
    for (auto& m : WebhookService::migrations()) migrations.push_back(std::move(m));
    ASSERT_THAT(db::migrate(*db_, migrations), IsOk());
    WebhookOptions options;
    options.first_retry = 0ms;  // retries are due at once: the test drives the rounds
    options.max_attempts = 3;
    options.timeout = 5000ms;
    hooks_ = std::make_unique<WebhookService>(*db_, options);
  }

  // Appends changes `kind` for entities `ids` to the shop's feed in one transaction.
  void change(const std::string& ws, const std::string& kind, std::vector<std::string> ids) {
    std::vector<changes::Change> list;
    for (auto& id : ids) list.push_back({0, kind, id, "upsert", {{"id", id}}, ""});
    ASSERT_THAT(db_->transaction([&](db::Session& s) -> Status {
      VITRINE_TRY(changes::ChangeFeed::append(s, ws, list));
      return {};
    }),
                IsOk());
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<WebhookService> hooks_;
  testing::WebhookReceiver receiver_;
};

TEST_F(WebhooksTest, ChangesArriveSignedInOrderAfterTheReceiverRecovers) {
  change("shop-a", "product", {"before"});  // made before the endpoint: not sent
  auto made = hooks_->create("shop-a", {{"url", receiver_.url("a")}});
  ASSERT_THAT(made, IsOk());
  EXPECT_EQ(made->secret.rfind("whsec_", 0), 0u);
  auto other = hooks_->create("shop-b", {{"url", receiver_.url("b")}});
  ASSERT_THAT(other, IsOk());
  change("shop-a", "product", {"p1", "p2"});
  change("shop-a", "order", {"o1"});

  // The receiver is down: the attempt is logged with its status and retried.
  ASSERT_THAT(hooks_->deliver_due(), IsOk());
  auto log = hooks_->deliveries("shop-a", made->endpoint.id, 10);
  ASSERT_THAT(log, IsOk());
  ASSERT_EQ(log->size(), 1u) << "one delivery in flight carries every change so far";
  EXPECT_EQ((*log)[0].state, "pending");
  EXPECT_EQ((*log)[0].changes, 3);
  EXPECT_EQ((*log)[0].last_status, 500);
  EXPECT_THAT((*log)[0].last_error.value_or(""), ::testing::HasSubstr("HTTP 500"));

  receiver_.answer(200);
  change("shop-a", "inventory", {"v1"});  // after the failed one: a delivery of its own
  auto sent = hooks_->deliver_due();
  ASSERT_THAT(sent, IsOk());
  EXPECT_EQ(*sent, 2);
  log = hooks_->deliveries("shop-a", made->endpoint.id, 10);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].state, "delivered");
  EXPECT_EQ((*log)[1].attempts, 2);
  EXPECT_EQ((*log)[0].changes, 1);

  // Every request to shop a's URL is signed with its secret over the raw body, in feed order.
  std::vector<std::string> entities;
  for (const auto& hit : receiver_.hits()) {
    const json body = json::parse(hit.body);
    if (body["workspace_id"] != "shop-a") continue;
    const std::string t = hit.signature.substr(2, hit.signature.find(',') - 2);
    EXPECT_EQ(hit.signature, "t=" + t + ",v1=" + hmac_sha256_hex(made->secret, t + "." + hit.body));
    EXPECT_EQ(hit.id, std::to_string(body["id"].get<int64_t>()));
    if (body["id"] == (*log)[0].id)
      for (const auto& c : body["changes"]) entities.push_back(c["id"]);
  }
  EXPECT_EQ(entities, std::vector<std::string>{"v1"});
  int a_bodies = 0, b_bodies = 0;
  for (const auto& hit : receiver_.hits()) {
    const json body = json::parse(hit.body);
    (body["workspace_id"] == "shop-a" ? a_bodies : b_bodies)++;
    for (const auto& c : body["changes"]) EXPECT_NE(c["id"], "before");
  }
  EXPECT_EQ(a_bodies, 3) << "two attempts of the first delivery and one of the second";
  EXPECT_EQ(b_bodies, 0) << "shop b had no changes";
  EXPECT_EQ(*hooks_->deliver_due(), 0) << "nothing is sent twice";

  ASSERT_THAT(hooks_->remove("shop-a", made->endpoint.id), IsOk());
  auto left = db_->exec("SELECT COUNT(*) AS n FROM webhook_deliveries");
  ASSERT_THAT(left, IsOk());
  EXPECT_EQ(left->integer(0, "n"), 0) << "the log goes with its endpoint";
}

TEST_F(WebhooksTest, AFailedDeliveryIsKeptAndCanBeSentAgain) {
  auto made = hooks_->create("shop-a", {{"url", receiver_.url("a")}, {"kinds", {"order"}}});
  ASSERT_THAT(made, IsOk());
  change("shop-a", "product", {"p1"});  // not of its kinds: skipped
  change("shop-a", "order", {"o1"});
  for (int i = 0; i < 3; ++i) ASSERT_THAT(hooks_->deliver_due(), IsOk());
  auto log = hooks_->deliveries("shop-a", made->endpoint.id, 10);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].state, "failed") << "after max_attempts";
  EXPECT_EQ((*log)[0].attempts, 3);
  EXPECT_EQ((*log)[0].changes, 1);
  EXPECT_EQ(receiver_.hits().size(), 3u);
  EXPECT_EQ(json::parse(receiver_.hits()[0].body)["changes"][0]["id"], "o1");

  receiver_.answer(204);
  EXPECT_THAT(hooks_->redeliver("shop-b", made->endpoint.id, (*log)[0].id),
              StatusIs(errc::kNotFound));
  auto again = hooks_->redeliver("shop-a", made->endpoint.id, (*log)[0].id);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->state, "pending");
  EXPECT_EQ(*hooks_->deliver_due(), 1);
  EXPECT_EQ((*hooks_->deliveries("shop-a", made->endpoint.id, 10))[0].state, "delivered");
  EXPECT_THAT(hooks_->redeliver("shop-a", made->endpoint.id, (*log)[0].id),
              StatusIs(errc::kConflict));
}

TEST_F(WebhooksTest, EndpointsAreCheckedScopedAndRemovable) {
  auto bad = hooks_->create("shop-a", {{"url", "ftp://example.com/x"}, {"kinds", {"orders", 3}}});
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  std::vector<std::string> pointers;
  for (const auto& p : bad.error().details["problems"]) pointers.push_back(p["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/url", "/kinds/0", "/kinds/1"}));
  EXPECT_THAT(hooks_->create("shop-a", {{"url", "https://u:secret@example.com/"}}),
              StatusIs(errc::kValidationFailed));
  EXPECT_THAT(hooks_->create("shop-a", {{"url", "https://example.com/"}, {"colour", 1}}),
              StatusIs(errc::kValidationFailed));
  EXPECT_THAT(hooks_->create("shop-a", json::array()), StatusIs(errc::kValidationFailed));
  EXPECT_TRUE(hooks_->list("shop-a")->empty()) << "nothing stored";

  auto made = hooks_->create("shop-a", {{"url", "https://example.com/hooks"}});
  ASSERT_THAT(made, IsOk());
  EXPECT_EQ(hooks_->list("shop-a")->size(), 1u);
  EXPECT_TRUE(hooks_->list("shop-b")->empty());
  EXPECT_FALSE(to_json(made->endpoint).contains("secret")) << "shown only at creation";
  EXPECT_THAT(hooks_->deliveries("shop-b", made->endpoint.id, 10), StatusIs(errc::kNotFound));
  EXPECT_THAT(hooks_->deliveries("shop-a", made->endpoint.id, 0), StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(hooks_->remove("shop-b", made->endpoint.id), StatusIs(errc::kNotFound));
  EXPECT_THAT(hooks_->remove("shop-a", made->endpoint.id), IsOk());
  EXPECT_TRUE(hooks_->list("shop-a")->empty());
  for (size_t i = 0; i < kMaxEndpointsPerWorkspace; ++i)
    ASSERT_THAT(hooks_->create("shop-a", {{"url", "https://example.com/" + std::to_string(i)}}),
                IsOk());
  EXPECT_THAT(hooks_->create("shop-a", {{"url", "https://example.com/one-more"}}),
              StatusIs(errc::kQuotaExceeded));
}

}  // namespace
}  // namespace vitrine::webhooks
