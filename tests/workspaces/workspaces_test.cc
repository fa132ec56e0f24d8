#include "workspaces/workspaces.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <optional>
#include <regex>

#include "auth/tokens.h"
#include "auth/users.h"
#include "core/ids.h"
#include "events/event_bus.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::workspaces {
namespace {

using nlohmann::json;

TEST(SlugifyTest, KeepsLowerCaseLettersDigitsAndSingleHyphens) {
  EXPECT_EQ(slugify("John's Shop"), "johns-shop");
  EXPECT_EQ(slugify("Ann's Bakery & Co"), "anns-bakery-co");
  EXPECT_EQ(slugify("  Café -- Ümlaut 2024!! "), "cafe-umlaut-2024");
  // Central European shops get readable slugs too (Latin Extended-A folded, as NFKD would).
  EXPECT_EQ(slugify("Čajovna Łódź"), "cajovna-lodz");
  EXPECT_EQ(slugify("Kőrösi Ĳssel Œuvre ſt"), "korosi-ijssel-oeuvre-st");
  EXPECT_EQ(slugify("İstanbul Şekerci"), "istanbul-sekerci");
  EXPECT_EQ(slugify("ALL CAPS"), "all-caps");
  EXPECT_EQ(slugify("a---b___c"), "a-b-c");
  EXPECT_EQ(slugify("!!!"), "shop");
  EXPECT_EQ(slugify(""), "shop");
  EXPECT_EQ(slugify("日本の店"), "shop");
  std::string long_name(30, 'a');
  long_name += " ";
  long_name += std::string(30, 'b');
  std::string s = slugify(long_name);
  EXPECT_EQ(s.size(), 40u);
  EXPECT_EQ(s, std::string(30, 'a') + "-" + std::string(9, 'b'));
  // Cut right after a separator: no trailing hyphen.
  EXPECT_EQ(slugify(std::string(39, 'x') + " yz"), std::string(39, 'x'));
}

class WorkspacesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    std::vector<db::Migration> migrations = auth::TokenService::migrations();
    for (auto& m : events::EventBus::migrations()) migrations.push_back(std::move(m));
    for (auto& m : WorkspaceService::migrations()) migrations.push_back(std::move(m));
    auto st = db::migrate(*db_, migrations);
    ASSERT_THAT(st, IsOk());
    tokens_.emplace(*db_);
    users_.emplace(*db_, *tokens_);
    // Suffixes come from `suffixes_` while it has any, then from the real generator.
    workspaces_.emplace(*db_, *users_, [this]() -> std::string {
      if (suffixes_.empty()) return random_alnum(4);
      std::string s = suffixes_.front();
      suffixes_.pop_front();
      return s;
    });
    bus_.emplace(*db_);
    bus_->subscribe("workspace.created", "test.recorder",
                    [this](db::Session&, const events::Event& e) {
                      created_events_.push_back(e.payload);
                      return Status();
                    });
    owner_ = make_user("owner@example.com", "pro");
    member_ = make_user("member@example.com");
    stranger_ = make_user("stranger@example.com");
  }

  auth::User make_user(const std::string& email, const std::string& tier = "basic") {
    auto u = users_->create_user(email, "password-123", tier);
    EXPECT_THAT(u, IsOk());
    return u.ok() ? *u : auth::User{};
  }

  static auth::Principal as(const auth::User& u) { return auth::Principal{"tok", u.id, false}; }

  std::vector<json> created_events() {
    auto n = bus_->dispatch_pending();
    EXPECT_THAT(n, IsOk());
    return created_events_;
  }

  int64_t count(const std::string& table) {
    auto r = db_->exec("SELECT COUNT(*) AS n FROM " + table);
    return r.ok() ? r->integer(0, "n") : -1;
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::optional<auth::TokenService> tokens_;
  std::optional<auth::UserService> users_;
  std::optional<WorkspaceService> workspaces_;
  std::optional<events::EventBus> bus_;
  std::deque<std::string> suffixes_;
  std::vector<json> created_events_;
  auth::User owner_, member_, stranger_;
};

TEST_F(WorkspacesTest, CreateMakesTheOwnerAMemberAndEmitsOneEvent) {
  auto w = workspaces_->create(owner_.id, "John's Shop");
  ASSERT_THAT(w, IsOk());
  EXPECT_TRUE(std::regex_match(w->slug, std::regex("johns-shop-[a-z0-9]{4}"))) << w->slug;
  EXPECT_EQ(w->name, "John's Shop");
  EXPECT_EQ(w->type, "store");
  EXPECT_EQ(w->status, "active");
  EXPECT_EQ(w->owner_id, owner_.id);
  EXPECT_EQ(w->tier, "pro") << "the owner's tier";
  EXPECT_EQ(w->member_count, 1);

  auto events = created_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(
      events[0],
      json({{"workspace_id", w->id}, {"slug", w->slug}, {"owner_id", owner_.id}, {"tier", "pro"}}));

  auto seen = workspaces_->authorize(as(owner_), w->id);
  ASSERT_THAT(seen, IsOk());
  EXPECT_EQ(seen->slug, w->slug);
  EXPECT_EQ(seen->member_count, 1);
  EXPECT_EQ(seen->tier, "pro");
  auto members = workspaces_->members(w->id);
  ASSERT_THAT(members, IsOk());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].role, "owner");
  EXPECT_EQ((*members)[0].email, "owner@example.com");
}

TEST_F(WorkspacesTest, SlugCollisionsRetryWithANewSuffix) {
  suffixes_ = {"x7k2"};
  auto first = workspaces_->create(owner_.id, "Johns Shop");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->slug, "johns-shop-x7k2");

  // The next two suffixes collide with the existing slug; the third is free.
  suffixes_ = {"x7k2", "x7k2", "ab12"};
  auto second = workspaces_->create(stranger_.id, "JOHNS shop");
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->slug, "johns-shop-ab12");
  EXPECT_TRUE(suffixes_.empty()) << "all three suffixes were tried";
  EXPECT_EQ(count("workspaces"), 2);
  EXPECT_EQ(count("workspace_members"), 2) << "failed attempts left no membership behind";
  EXPECT_EQ(created_events().size(), 2u) << "failed attempts emitted nothing";
}

TEST_F(WorkspacesTest, GivesUpAfterEightCollisions) {
  suffixes_ = {"aaaa"};
  ASSERT_THAT(workspaces_->create(owner_.id, "Busy"), IsOk());
  suffixes_.assign(kSlugAttempts, "aaaa");
  auto w = workspaces_->create(owner_.id, "Busy");
  ASSERT_THAT(w, StatusIs(errc::kConflict));
  EXPECT_TRUE(suffixes_.empty()) << "exactly eight attempts";
  EXPECT_EQ(count("workspaces"), 1);
  EXPECT_EQ(created_events().size(), 1u);
}

TEST_F(WorkspacesTest, EventCommitsOnlyWithTheWorkspace) {
  // create() joins a caller's transaction; when the caller fails, workspace and event both go.
  Status st = db_->transaction([&](db::Session&) -> Status {
    VITRINE_TRY(workspaces_->create(owner_.id, "Never Was"));
    return fail(errc::kConflict, "caller gives up");
  });
  ASSERT_THAT(st, Not(IsOk()));
  EXPECT_EQ(count("workspaces"), 0);
  EXPECT_EQ(count("workspace_members"), 0);
  EXPECT_TRUE(created_events().empty());

  // An owner that does not exist: nothing is written, nothing emitted.
  auto orphan = workspaces_->create("00000000-0000-4000-8000-000000000000", "Orphan");
  ASSERT_THAT(orphan, StatusIs(errc::kNotFound));
  EXPECT_EQ(count("workspaces"), 0);
  EXPECT_TRUE(created_events().empty());
}

TEST_F(WorkspacesTest, NameAndTypeAreValidated) {
  for (const std::string& name :
       {std::string(""), std::string("   "), std::string(101, 'n'), std::string("tab\there")}) {
    auto w = workspaces_->create(owner_.id, name);
    ASSERT_THAT(w, StatusIs(errc::kInvalidArgument)) << name;
    EXPECT_EQ(w.error().details["pointer"], "/name");
  }
  EXPECT_THAT(workspaces_->create(owner_.id, std::string(100, 'n')), IsOk());
  auto bad_type = workspaces_->create(owner_.id, "Typed", "Not A Type");
  ASSERT_THAT(bad_type, Not(IsOk()));
  EXPECT_EQ(bad_type.error().details["pointer"], "/type");
  auto typed = workspaces_->create(owner_.id, "Typed", "restaurant");
  ASSERT_THAT(typed, IsOk());
  EXPECT_EQ(typed->type, "restaurant");
  EXPECT_EQ(created_events().size(), 2u);
}

TEST_F(WorkspacesTest, AuthorizeAdmitsOwnerMembersAndAdminsOnly) {
  auto w = workspaces_->create(owner_.id, "Private");
  ASSERT_THAT(w, IsOk());
  auto added = workspaces_->add_member(w->id, "MEMBER@example.com");
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(added->role, "member");
  EXPECT_EQ(added->user_id, member_.id);

  auth::Principal admin{"admin-token", "", true};
  EXPECT_THAT(workspaces_->authorize(as(owner_), w->id), IsOk());
  EXPECT_THAT(workspaces_->authorize(as(member_), w->id), IsOk());
  EXPECT_THAT(workspaces_->authorize(admin, w->id), IsOk());
  EXPECT_EQ(workspaces_->authorize(as(member_), w->id)->member_count, 2);

  auto refused = workspaces_->authorize(as(stranger_), w->id);
  auto missing = workspaces_->authorize(as(stranger_), "00000000-0000-4000-8000-000000000000");
  ASSERT_THAT(refused, Not(IsOk()));
  ASSERT_THAT(missing, Not(IsOk()));
  EXPECT_EQ(refused.error().code, errc::kNotFound);
  EXPECT_EQ(missing.error().code, errc::kNotFound) << "another tenant's workspace looks absent";
  EXPECT_EQ(workspaces_->authorize(as(owner_), "not-a-uuid").error().code, errc::kNotFound);
  EXPECT_EQ(workspaces_->authorize(auth::Principal{"t", "", false}, w->id).error().code,
            errc::kNotFound);

  EXPECT_THAT(workspaces_->authorize_owner(as(owner_), w->id), IsOk());
  EXPECT_THAT(workspaces_->authorize_owner(admin, w->id), IsOk());
  EXPECT_EQ(workspaces_->authorize_owner(as(member_), w->id).error().code, errc::kForbidden);
  EXPECT_EQ(workspaces_->authorize_owner(as(stranger_), w->id).error().code, errc::kNotFound);
}

TEST_F(WorkspacesTest, ListShowsOwnAndSharedWorkspacesAdminsSeeAll) {
  auto mine = workspaces_->create(owner_.id, "Mine");
  auto theirs = workspaces_->create(stranger_.id, "Theirs");
  auto shared = workspaces_->create(stranger_.id, "Shared");
  ASSERT_THAT(mine, IsOk());
  ASSERT_THAT(theirs, IsOk());
  ASSERT_THAT(shared, IsOk());
  ASSERT_THAT(workspaces_->add_member(shared->id, "owner@example.com"), IsOk());

  auto list = workspaces_->list_for(as(owner_));
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_GE((*list)[0].created_at, (*list)[1].created_at) << "newest first";
  std::map<std::string, Workspace> by_id;
  for (const auto& w : *list) by_id[w.id] = w;
  ASSERT_EQ(by_id.count(mine->id), 1u);
  ASSERT_EQ(by_id.count(shared->id), 1u);
  EXPECT_EQ(by_id[shared->id].tier, "basic") << "the shared workspace carries its owner's tier";
  EXPECT_EQ(by_id[shared->id].member_count, 2);
  EXPECT_EQ(by_id[mine->id].tier, "pro");
  EXPECT_EQ(by_id[mine->id].member_count, 1);

  EXPECT_TRUE(workspaces_->list_for(as(member_))->empty());
  EXPECT_EQ(workspaces_->list_for(auth::Principal{"a", "", true})->size(), 3u);
}

TEST_F(WorkspacesTest, AddMemberErrors) {
  auto w = workspaces_->create(owner_.id, "Team");
  ASSERT_THAT(w, IsOk());
  EXPECT_EQ(workspaces_->add_member(w->id, "nobody@example.com").error().code, errc::kNotFound);
  EXPECT_EQ(workspaces_->add_member(w->id, "owner@example.com").error().code, errc::kAlreadyExists);
  ASSERT_THAT(workspaces_->add_member(w->id, "member@example.com"), IsOk());
  EXPECT_EQ(workspaces_->add_member(w->id, "member@example.com").error().code,
            errc::kAlreadyExists);
  EXPECT_EQ(workspaces_->add_member("00000000-0000-4000-8000-000000000000", "member@example.com")
                .error()
                .code,
            errc::kNotFound);
  EXPECT_EQ(workspaces_->members(w->id)->size(), 2u);
}

TEST_F(WorkspacesTest, TierFollowsTheOwner) {
  auto w = workspaces_->create(member_.id, "Growing");
  ASSERT_THAT(w, IsOk());
  EXPECT_EQ(w->tier, "basic");
  ASSERT_THAT(users_->set_tier(member_.id, "enterprise"), IsOk());
  EXPECT_EQ(workspaces_->authorize(as(member_), w->id)->tier, "enterprise");
}

}  // namespace
}  // namespace vitrine::workspaces
