#include "auth/users.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>

#include "auth/tokens.h"
#include "core/ids.h"
#include "events/event_bus.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::auth {
namespace {

using namespace std::chrono_literals;

class UsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    std::vector<db::Migration> migrations = TokenService::migrations();
    for (auto& m : events::EventBus::migrations()) migrations.push_back(std::move(m));
    auto st = db::migrate(*db_, migrations);
    ASSERT_THAT(st, IsOk());
    // The tokens' clock is the real time plus an offset the test can move forward.
    tokens_.emplace(*db_, [this] { return std::chrono::system_clock::now() + skew_.load(); });
    users_.emplace(*db_, *tokens_);
    bus_.emplace(*db_);
    bus_->subscribe("tier.changed", "test.recorder", [this](db::Session&, const events::Event& e) {
      tier_events_.push_back(e.payload);
      return Status();
    });
  }

  // Every tier.changed event committed so far (each is delivered to the recorder once).
  std::vector<nlohmann::json> tier_events() {
    auto n = bus_->dispatch_pending();
    EXPECT_THAT(n, IsOk());
    return tier_events_;
  }

  User make_user(const std::string& email, const std::string& tier = "basic") {
    auto u = users_->create_user(email, "password-" + email, tier);
    EXPECT_THAT(u, IsOk());
    return u.ok() ? *u : User{};
  }

  static std::string bearer(const std::string& token) { return "Bearer " + token; }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::atomic<std::chrono::seconds> skew_{0s};
  std::optional<TokenService> tokens_;
  std::optional<UserService> users_;
  std::optional<events::EventBus> bus_;
  std::vector<nlohmann::json> tier_events_;
};

TEST_F(UsersTest, CreateUserNormalisesEmailAndNeverStoresThePassword) {
  auto u = users_->create_user("  Alice@Example.COM ", "s3cret-pass", "pro");
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(u->email, "alice@example.com");
  EXPECT_EQ(u->tier, "pro");
  EXPECT_FALSE(u->id.empty());
  auto found = users_->find_by_email("ALICE@example.com");
  ASSERT_THAT(found, IsOk());
  EXPECT_EQ(found->id, u->id);
  auto stored = db_->exec("SELECT password_hash FROM users WHERE id = ?", {u->id});
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->text(0, "password_hash").rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(stored->text(0, "password_hash").find("s3cret-pass"), std::string::npos);
}

TEST_F(UsersTest, CreateUserRejectsBadInputAndTakenEmails) {
  make_user("bob@example.com");
  auto taken = users_->create_user("BOB@example.com", "another-pass");
  ASSERT_THAT(taken, StatusIs(errc::kAlreadyExists));
  EXPECT_NE(taken.error().message.find("bob@example.com"), std::string::npos);

  for (const char* email : {"", "bob", "@example.com", "bob@", "bob@localhost", "a b@example.com",
                            "bob@@example.com", "bob@example..com"}) {
    auto bad = users_->create_user(email, "long-enough");
    ASSERT_THAT(bad, Not(IsOk())) << email;
    EXPECT_EQ(bad.error().code, errc::kInvalidArgument) << email;
    EXPECT_EQ(bad.error().details["pointer"], "/email") << email;
  }
  auto short_pw = users_->create_user("carol@example.com", "short");
  ASSERT_THAT(short_pw, Not(IsOk()));
  EXPECT_EQ(short_pw.error().details["pointer"], "/password");
  auto bad_tier = users_->create_user("carol@example.com", "long-enough", "gold");
  ASSERT_THAT(bad_tier, Not(IsOk()));
  EXPECT_EQ(bad_tier.error().details["pointer"], "/tier");
  EXPECT_EQ(users_->find_by_email("carol@example.com").error().code, errc::kNotFound)
      << "nothing was created";
}

TEST_F(UsersTest, LoginIssuesASessionThatAuthenticatesAsTheUser) {
  User u = make_user("dana@example.com", "enterprise");
  auto s = users_->login("Dana@Example.com", "password-dana@example.com");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->user.id, u.id);
  EXPECT_EQ(s->user.tier, "enterprise");
  EXPECT_FALSE(s->expires_at.empty());
  auto p = tokens_->authenticate(bearer(s->token));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->user_id, u.id);
  EXPECT_EQ(p->token_id, s->token_id);
  EXPECT_FALSE(p->admin);
  auto admin = tokens_->require_admin(bearer(s->token));
  ASSERT_THAT(admin, StatusIs(errc::kForbidden));
}

TEST_F(UsersTest, WrongPasswordAndUnknownEmailGiveTheSameError) {
  make_user("erin@example.com");
  auto wrong = users_->login("erin@example.com", "not-the-password");
  auto unknown = users_->login("nobody@example.com", "not-the-password");
  auto malformed = users_->login("not an email", "not-the-password");
  ASSERT_THAT(wrong, Not(IsOk()));
  ASSERT_THAT(unknown, Not(IsOk()));
  ASSERT_THAT(malformed, Not(IsOk()));
  EXPECT_EQ(wrong.error().code, errc::kUnauthorized);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(unknown.error().details, wrong.error().details);
  EXPECT_EQ(malformed.error().message, wrong.error().message);
}

TEST_F(UsersTest, SessionsExpireAfterTheirLifetime) {
  make_user("fay@example.com");
  auto s = users_->login("fay@example.com", "password-fay@example.com");
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(tokens_->authenticate(bearer(s->token)), IsOk());
  skew_ = std::chrono::hours(24 * 30) - 1min;
  EXPECT_THAT(tokens_->authenticate(bearer(s->token)), IsOk()) << "still valid before 30 days";
  skew_ = std::chrono::hours(24 * 30) + 1s;
  auto expired = tokens_->authenticate(bearer(s->token));
  ASSERT_THAT(expired, StatusIs(errc::kUnauthorized));
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
}

TEST_F(UsersTest, LogoutRevokesOnlyThatSession) {
  make_user("gus@example.com");
  auto a = users_->login("gus@example.com", "password-gus@example.com");
  auto b = users_->login("gus@example.com", "password-gus@example.com");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(users_->logout(a->token), IsOk());
  EXPECT_EQ(tokens_->authenticate(bearer(a->token)).error().code, errc::kUnauthorized);
  EXPECT_THAT(tokens_->authenticate(bearer(b->token)), IsOk()) << "the other session lives on";
  EXPECT_EQ(users_->logout(a->token).error().code, errc::kUnauthorized) << "already logged out";
}

TEST_F(UsersTest, PersonalTokenLifecycle) {
  User u = make_user("hal@example.com");
  User other = make_user("ida@example.com");
  auto t = users_->create_personal_token(u.id, "ci deploys");
  ASSERT_THAT(t, IsOk());
  EXPECT_FALSE(t->token.empty());
  EXPECT_TRUE(t->expires_at.empty()) << "personal tokens do not expire";

  auto p = tokens_->authenticate(bearer(t->token));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->user_id, u.id);
  EXPECT_EQ(p->label, "ci deploys");

  auto listed = users_->list_personal_tokens(u.id);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, t->id);
  EXPECT_EQ((*listed)[0].label, "ci deploys");
  EXPECT_TRUE(users_->list_personal_tokens(other.id)->empty());

  EXPECT_EQ(users_->revoke_personal_token(other.id, t->id).error().code, errc::kNotFound)
      << "another user cannot revoke it";
  EXPECT_THAT(tokens_->authenticate(bearer(t->token)), IsOk());
  auto logout = users_->logout(t->token);
  ASSERT_THAT(logout, Not(IsOk()));
  EXPECT_EQ(logout.error().code, errc::kInvalidArgument) << "logout ends sessions only";

  ASSERT_THAT(users_->revoke_personal_token(u.id, t->id), IsOk());
  EXPECT_EQ(tokens_->authenticate(bearer(t->token)).error().code, errc::kUnauthorized);
  EXPECT_TRUE(users_->list_personal_tokens(u.id)->empty());
  EXPECT_EQ(users_->revoke_personal_token(u.id, t->id).error().code, errc::kNotFound);

  EXPECT_EQ(users_->create_personal_token(u.id, " ").error().code, errc::kInvalidArgument);
  EXPECT_EQ(users_->create_personal_token(new_uuid(), "x").error().code, errc::kNotFound);
}

TEST_F(UsersTest, AdminTokensStillAuthenticateAsAdmin) {
  auto t = tokens_->create_admin_token("ops");
  ASSERT_THAT(t, IsOk());
  auto p = tokens_->require_admin(bearer(t->token));
  ASSERT_THAT(p, IsOk());
  EXPECT_TRUE(p->admin);
  EXPECT_TRUE(p->user_id.empty());
  EXPECT_EQ(tokens_->authenticate("Bearer vt_unknown").error().code, errc::kUnauthorized);
  EXPECT_EQ(tokens_->authenticate("").error().code, errc::kUnauthorized);
  EXPECT_EQ(tokens_->authenticate("Basic abc").error().code, errc::kUnauthorized);
}

TEST_F(UsersTest, TierChangeEmitsExactlyOneEvent) {
  User u = make_user("jo@example.com", "basic");
  auto changed = users_->set_tier(u.id, "pro");
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->tier, "pro");
  EXPECT_EQ(users_->get(u.id)->tier, "pro");
  auto events = tier_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0],
            nlohmann::json({{"user_id", u.id}, {"old_tier", "basic"}, {"new_tier", "pro"}}));

  auto same = users_->set_tier(u.id, "pro");
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(tier_events().size(), 1u) << "no event when the tier does not change";

  ASSERT_THAT(users_->set_tier(u.id, "basic"), IsOk());
  events = tier_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["old_tier"], "pro");
  EXPECT_EQ(events[1]["new_tier"], "basic");

  EXPECT_EQ(users_->set_tier(u.id, "platinum").error().code, errc::kInvalidArgument);
  EXPECT_EQ(users_->set_tier("no-such-user", "pro").error().code, errc::kNotFound);
  EXPECT_EQ(tier_events().size(), 2u);
}

TEST_F(UsersTest, RolledBackTierChangeLeavesNoEventAndNoChange) {
  User u = make_user("kim@example.com", "basic");
  // set_tier joins the caller's transaction; when the caller then fails, both roll back.
  Status st = db_->transaction([&](db::Session&) -> Status {
    VITRINE_TRY(users_->set_tier(u.id, "enterprise"));
    return fail(errc::kConflict, "caller gives up after the change");
  });
  ASSERT_THAT(st, Not(IsOk()));
  EXPECT_EQ(users_->get(u.id)->tier, "basic");
  EXPECT_TRUE(tier_events().empty());
}

}  // namespace
}  // namespace vitrine::auth
