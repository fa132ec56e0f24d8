#include "auth/tokens.h"

#include <gtest/gtest.h>

#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::auth {
namespace {

// Databases created before users existed hold admin tokens in the v1 table; upgrading keeps
// them working and lets the same table hold user tokens.
TEST(TokensMigrationTest, AdminTokensSurviveTheUpgradeToUserTokens) {
  TempDir tmp;
  auto db = db::Database::open(testing::test_database_url(tmp));
  ASSERT_THAT(db, IsOk());
  auto all = TokenService::migrations();
  ASSERT_GE(all.size(), 2u);
  ASSERT_THAT(db::migrate(**db, std::span(all.data(), 1)), IsOk());
  TokenService tokens(**db);
  auto old_token = tokens.create_admin_token("before the upgrade");
  ASSERT_THAT(old_token, IsOk());

  auto st = db::migrate(**db, all);
  ASSERT_THAT(st, IsOk());
  auto p = tokens.require_admin("Bearer " + old_token->token);
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->token_id, old_token->id);
  EXPECT_EQ(p->label, "before the upgrade");

  // A user token needs a real user: the table refers to users.
  auto orphan = tokens.create_user_token("no-such-user", TokenKind::kPersonal, "x", std::nullopt);
  EXPECT_THAT(orphan, Not(IsOk()));
}

}  // namespace
}  // namespace vitrine::auth
