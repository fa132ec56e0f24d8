// The webhook GitHub calls: signature checks, which events queue a sync, replays, unknown
// repositories, and what is recorded for operators.
#include <gtest/gtest.h>

#include "core/text.h"
#include "core/url.h"
#include "github/github_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::github {
namespace {

using nlohmann::json;

TEST(SignatureTest, AcceptsGithubsExampleSignature) {
  // The example of GitHub's "Validating webhook deliveries" documentation.
  EXPECT_THAT(verify_signature(kSecret, "Hello, World!",
                               std::string("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c2"
                                           "2c46f4379c8b043e17")),
              IsOk());
}

TEST(SignatureTest, UpperCaseHexIsTheSameSignature) {
  std::string sig = "sha256=" + hmac_sha256_hex(kSecret, "{}");
  for (size_t i = 7; i < sig.size(); ++i) sig[i] = static_cast<char>(std::toupper(sig[i]));
  EXPECT_THAT(verify_signature(kSecret, "{}", sig), IsOk());
}

TEST(SignatureTest, MissingMalformedAndWrongSignaturesAreUnauthorized) {
  const std::string body = R"({"zen":"Keep it logically awesome."})";
  const std::string good = hmac_sha256_hex(kSecret, body);
  std::string last_digit = good, first_digit = good;
  last_digit.back() = last_digit.back() == '0' ? '1' : '0';
  first_digit.front() = first_digit.front() == '0' ? '1' : '0';
  struct Case {
    std::optional<std::string> header;
    std::string says;
  } cases[] = {
      {std::nullopt, "missing"},
      {std::string(""), "missing"},
      {good, "malformed"},                              // no "sha256=" prefix
      {"sha1=" + good.substr(0, 40), "malformed"},      // the legacy header's format
      {"sha256=" + good.substr(0, 63), "malformed"},    // a prefix of the right digest
      {"sha256=" + good + "0", "malformed"},            // the right digest and more
      {"sha256=" + std::string(64, 'g'), "malformed"},  // not hex
      {"sha256=" + last_digit, "does not match"},       // differs at the end
      {"sha256=" + first_digit, "does not match"},      // differs at the start
      {"sha256=" + hmac_sha256_hex("another secret", body), "does not match"},
      {"sha256=" + hmac_sha256_hex(kSecret, body + " "), "does not match"},
  };
  for (const auto& c : cases) {
    auto st = verify_signature(kSecret, body, c.header);
    ASSERT_THAT(st, StatusIs(errc::kUnauthorized)) << c.header.value_or("(none)");
    EXPECT_NE(st.error().message.find(c.says), std::string::npos) << st.error().message;
    EXPECT_EQ(st.error().http_status(), 401);
  }
}

TEST(TagTest, OnlyVPlusSemverNamesAVersion) {
  EXPECT_EQ(version_of_tag("v1.2.3"), "1.2.3");
  EXPECT_EQ(version_of_tag("v1.0.0-rc.1"), "1.0.0-rc.1");
  EXPECT_EQ(version_of_tag("v2.0.0+build.5"), "2.0.0+build.5");
  for (const char* t : {"1.2.3", "v1", "v1.2", "V1.2.3", "v01.2.3", "release-1.2.3", "v", ""})
    EXPECT_EQ(version_of_tag(t), std::nullopt) << t;
}

TEST(ArchiveUrlTest, FillsEveryPlaceholder) {
  RepositoryLink link;
  link.slug = "shop";
  link.repo = "Octo-Org/shop.theme";
  EXPECT_EQ(expand_archive_url("https://github.com/{repo}/releases/download/{tag}/theme.tar.gz",
                               link, "v1.2.0", "1.2.0"),
            "https://github.com/Octo-Org/shop.theme/releases/download/v1.2.0/theme.tar.gz");
  EXPECT_EQ(expand_archive_url("file:///srv/{owner}/{name}/{slug}-{version}.tgz?{unknown}", link,
                               "v1.2.0+b", "1.2.0+b"),
            "file:///srv/Octo-Org/shop.theme/shop-1.2.0%2Bb.tgz?{unknown}");
}

class WebhookTest : public GithubTest {};

TEST_F(WebhookTest, DisabledWithoutASecret) {
  settings_.webhook_secret = "";
  make_github();
  EXPECT_FALSE(github_->enabled());
  auto r = deliver("ping", {{"zen", "x"}}, "d-1");
  ASSERT_THAT(r, StatusIs(errc::kUnavailable));
  EXPECT_NE(r.error().message.find("github_webhook_secret"), std::string::npos);
}

TEST_F(WebhookTest, PingAnswersPong) {
  auto r = deliver("ping", {{"zen", "Design for failure."}, {"hook_id", 1}}, "d-ping");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->http_status, 200);
  EXPECT_EQ(r->status, "pong");
}

TEST_F(WebhookTest, BadSignatureIsRefusedAndRecordsNothing) {
  link("shop", "octo/shop");
  std::string body = push_payload("octo/shop", "refs/tags/v1.0.0").dump();
  for (std::optional<std::string> sig :
       {std::optional<std::string>(), std::optional<std::string>("sha256=abc"),
        std::optional<std::string>(sign(body, "wrong secret"))}) {
    auto r = github_->receive(WebhookRequest{"push", "d-forged", sig, "application/json", body});
    ASSERT_THAT(r, StatusIs(errc::kUnauthorized));
  }
  EXPECT_EQ(delivery_count(), 0u);
  // A body changed after signing is refused too.
  std::string tampered = push_payload("octo/shop", "refs/tags/v9.0.0").dump();
  auto r = github_->receive(
      WebhookRequest{"push", "d-tampered", sign(body), "application/json", tampered});
  ASSERT_THAT(r, StatusIs(errc::kUnauthorized));
  EXPECT_EQ(delivery_count(), 0u);
}

TEST_F(WebhookTest, TagPushIsQueuedWithItsVersion) {
  link("shop", "octo/shop");
  auto r = deliver("push", push_payload("octo/shop", "refs/tags/v1.2.0"), "d-tag");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->http_status, 202);
  EXPECT_EQ(r->status, "queued");
  Delivery d = recorded("d-tag");
  EXPECT_EQ(d.state, "queued");
  EXPECT_EQ(d.event, "push");
  EXPECT_EQ(d.repo, "octo/shop");
  EXPECT_EQ(d.slug, "shop");
  EXPECT_EQ(d.tag, "v1.2.0");
  EXPECT_EQ(d.version, "1.2.0");
  EXPECT_FALSE(d.received_at.empty());
  EXPECT_EQ(r->to_json()["delivery"]["state"], "queued");
}

TEST_F(WebhookTest, RepositoryNamesMatchWhateverTheCase) {
  link("shop", "Octo-Org/Shop");
  auto r = deliver("push", push_payload("octo-org/shop", "refs/tags/v1.0.0"), "d-case");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->status, "queued");
  EXPECT_EQ(recorded("d-case").slug, "shop");
}

TEST_F(WebhookTest, ReplayedDeliveryIsADuplicateAndQueuesNothing) {
  link("shop", "octo/shop");
  auto first = deliver("push", push_payload("octo/shop", "refs/tags/v1.0.0"), "d-replay");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->status, "queued");
  // An attacker (or GitHub's "Redeliver") sends the same signed request again.
  auto again = deliver("push", push_payload("octo/shop", "refs/tags/v1.0.0"), "d-replay");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->http_status, 200);
  EXPECT_EQ(again->status, "duplicate");
  EXPECT_EQ(again->to_json()["status"], "duplicate");
  EXPECT_EQ(delivery_count(), 1u);
  // Even a replay whose repository is unlinked by now is only a duplicate.
  ASSERT_THAT(github_->unlink("shop", admin()), IsOk());
  auto late = deliver("push", push_payload("octo/shop", "refs/tags/v1.0.0"), "d-replay");
  ASSERT_THAT(late, IsOk());
  EXPECT_EQ(late->status, "duplicate");
  EXPECT_EQ(delivery_count(), 1u);
}

TEST_F(WebhookTest, UnknownRepositoryIsNotFoundAndNotRecorded) {
  link("shop", "octo/shop");
  for (const auto& [event, payload] :
       {std::pair{"push", push_payload("someone/else", "refs/tags/v1.0.0")},
        std::pair{"release", release_payload("someone/else", "published", "v1.0.0")}}) {
    auto r = deliver(event, payload, std::string("d-unknown-") + event);
    ASSERT_THAT(r, StatusIs(errc::kNotFound));
    EXPECT_NE(r.error().message.find("someone/else"), std::string::npos);
    EXPECT_NE(r.error().message.find("vitrine theme link"), std::string::npos);
  }
  // Not recorded: once the repository is linked, GitHub's redelivery of the same id works.
  EXPECT_EQ(delivery_count(), 0u);
  link("other", "someone/else");
  auto r = deliver("push", push_payload("someone/else", "refs/tags/v1.0.0"), "d-unknown-push");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->status, "queued");
}

TEST_F(WebhookTest, BranchPushesAndOtherTagsAreIgnoredWithAReason) {
  link("shop", "octo/shop");
  struct Case {
    std::string ref;
    bool deleted;
    std::string reason;
  } cases[] = {
      {"refs/heads/main", false, "not a tag push (refs/heads/main)"},
      {"refs/tags/1.0.0", false, "tag '1.0.0' is not v<semver>"},
      {"refs/tags/nightly", false, "tag 'nightly' is not v<semver>"},
      {"refs/tags/v1.0.0", true, "tag v1.0.0 was deleted"},
  };
  int n = 0;
  for (const auto& c : cases) {
    json payload = push_payload("octo/shop", c.ref);
    payload["deleted"] = c.deleted;
    std::string id = "d-ignored-" + std::to_string(n++);
    auto r = deliver("push", payload, id);
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->http_status, 200) << c.ref;
    EXPECT_EQ(r->status, "ignored") << c.ref;
    EXPECT_NE(r->reason.find(c.reason), std::string::npos) << r->reason;
    EXPECT_EQ(recorded(id).state, "ignored");
    EXPECT_EQ(recorded(id).reason, r->reason);
  }
  EXPECT_EQ(process_all(), 0);
}

TEST_F(WebhookTest, PublishedReleaseIsQueuedOtherActionsIgnored) {
  link("shop", "octo/shop");
  auto created = deliver("release", release_payload("octo/shop", "created", "v2.0.0"), "d-rel-1");
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->status, "ignored");
  EXPECT_NE(created->reason.find("'created'"), std::string::npos);
  auto published =
      deliver("release", release_payload("octo/shop", "published", "v2.0.0"), "d-rel-2");
  ASSERT_THAT(published, IsOk());
  EXPECT_EQ(published->http_status, 202);
  EXPECT_EQ(published->status, "queued");
  Delivery d = recorded("d-rel-2");
  EXPECT_EQ(d.event, "release");
  EXPECT_EQ(d.tag, "v2.0.0");
  EXPECT_EQ(d.version, "2.0.0");
  // GitHub's "released" arrives with "published" for the same release: one sync is enough.
  auto released = deliver("release", release_payload("octo/shop", "released", "v2.0.0"), "d-rel-3");
  ASSERT_THAT(released, IsOk());
  EXPECT_EQ(released->status, "ignored");
}

TEST_F(WebhookTest, TagPushAndReleaseOfOneVersionQueueOneSync) {
  link("shop", "octo/shop");
  auto push = deliver("push", push_payload("octo/shop", "refs/tags/v3.0.0"), "d-both-1");
  ASSERT_THAT(push, IsOk());
  EXPECT_EQ(push->status, "queued");
  auto release =
      deliver("release", release_payload("octo/shop", "published", "v3.0.0"), "d-both-2");
  ASSERT_THAT(release, IsOk());
  EXPECT_EQ(release->status, "ignored");
  EXPECT_NE(release->reason.find("already queued by delivery d-both-1"), std::string::npos)
      << release->reason;
}

TEST_F(WebhookTest, OtherEventsAreIgnored) {
  auto r =
      deliver("issues", {{"action", "opened"}, {"repository", {{"full_name", "x/y"}}}}, "d-issues");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->http_status, 200);
  EXPECT_EQ(r->status, "ignored");
  EXPECT_NE(r->reason.find("'issues'"), std::string::npos);
  EXPECT_EQ(recorded("d-issues").repo, "x/y");
}

TEST_F(WebhookTest, MalformedRequestsAreBadRequests) {
  link("shop", "octo/shop");
  std::string not_json = "{\"ref\": ";
  auto r = github_->receive(
      WebhookRequest{"push", "d-bad-json", sign(not_json), "application/json", not_json});
  ASSERT_THAT(r, StatusIs(errc::kInvalidJson));
  EXPECT_EQ(r.error().http_status(), 400);

  std::string body = push_payload("octo/shop", "refs/tags/v1.0.0").dump();
  auto no_event =
      github_->receive(WebhookRequest{std::nullopt, "d-x", sign(body), "application/json", body});
  ASSERT_THAT(no_event, StatusIs(errc::kInvalidArgument));
  EXPECT_NE(no_event.error().message.find("X-GitHub-Event"), std::string::npos);
  auto no_id =
      github_->receive(WebhookRequest{"push", std::nullopt, sign(body), "application/json", body});
  ASSERT_THAT(no_id, Not(IsOk()));
  EXPECT_NE(no_id.error().message.find("X-GitHub-Delivery"), std::string::npos);

  std::string array = "[1]";
  auto not_object =
      github_->receive(WebhookRequest{"push", "d-array", sign(array), "application/json", array});
  ASSERT_THAT(not_object, StatusIs(errc::kInvalidArgument));

  std::string no_ref = json{{"repository", {{"full_name", "octo/shop"}}}}.dump();
  auto missing = github_->receive(
      WebhookRequest{"push", "d-no-ref", sign(no_ref), "application/json", no_ref});
  ASSERT_THAT(missing, Not(IsOk()));
  EXPECT_EQ(missing.error().details["pointer"], "/ref");
  EXPECT_EQ(delivery_count(), 0u);
}

TEST_F(WebhookTest, FormEncodedPayloadsAreRead) {
  // A new webhook on GitHub defaults to application/x-www-form-urlencoded: payload=<json>.
  link("shop", "octo/shop");
  std::string body =
      "payload=" + percent_encode(push_payload("octo/shop", "refs/tags/v1.0.0").dump());
  auto r = github_->receive(
      WebhookRequest{"push", "d-form", sign(body), "application/x-www-form-urlencoded", body});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->status, "queued");
  EXPECT_EQ(recorded("d-form").version, "1.0.0");
}

TEST_F(WebhookTest, AVersionAlreadyRegisteredIsIgnored) {
  vitrine::testing::write_theme(themes_dir(), "shop", "1.0.0");
  ASSERT_THAT(sync_->sync(std::string("shop")), IsOk());
  link("shop", "octo/shop");
  auto r = deliver("push", push_payload("octo/shop", "refs/tags/v1.0.0"), "d-done");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->status, "ignored");
  EXPECT_EQ(r->reason, "shop 1.0.0 is already registered");
}

TEST_F(WebhookTest, DeliveriesListNewestFirst) {
  link("shop", "octo/shop");
  ASSERT_THAT(deliver("push", push_payload("octo/shop", "refs/heads/a"), "d-order-1"), IsOk());
  ASSERT_THAT(deliver("push", push_payload("octo/shop", "refs/heads/b"), "d-order-2"), IsOk());
  // Arrivals a day apart (deliveries within one millisecond have no order): by arrival time,
  // not by id.
  ASSERT_THAT(db_->exec("UPDATE github_deliveries SET received_at = '2020-01-02T00:00:00.000Z' "
                        "WHERE id = 'd-order-1'"),
              IsOk());
  ASSERT_THAT(db_->exec("UPDATE github_deliveries SET received_at = '2020-01-01T00:00:00.000Z' "
                        "WHERE id = 'd-order-2'"),
              IsOk());
  ASSERT_THAT(deliver("push", push_payload("octo/shop", "refs/heads/c"), "d-order-3"), IsOk());
  auto list = github_->deliveries(2);
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "d-order-3");
  EXPECT_EQ((*list)[1].id, "d-order-1");
  auto missing = github_->delivery("nope");
  ASSERT_THAT(missing, StatusIs(errc::kNotFound));
}

}  // namespace
}  // namespace vitrine::github
