#include "auth/tokens.h"

#include <gtest/gtest.h>

#include "testing/database.h"
#include "testing/temp_dir.h"

namespace vitrine::auth {
namespace {

// Databases created before users existed hold admin tokens in the v1 table; upgrading keeps
// them working and lets the same table hold user tokens.
TEST(TokensMigrationTest, AdminTokensSurviveTheUpgradeToUserTokens) {
  TempDir tmp;
  auto db = db::Database::open(testing::test_database_url(tmp));
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto all = TokenService::migrations();
  ASSERT_GE(all.size(), 2u);
  ASSERT_TRUE(db::migrate(**db, std::span(all.data(), 1)).ok());
  TokenService tokens(**db);
  auto old_token = tokens.create_admin_token("before the upgrade");
  ASSERT_TRUE(old_token.ok()) << old_token.error().message;

  auto st = db::migrate(**db, all);
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto p = tokens.require_admin("Bearer " + old_token->token);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->token_id, old_token->id);
  EXPECT_EQ(p->label, "before the upgrade");

  // A user token needs a real user: the table refers to users.
  auto orphan = tokens.create_user_token("no-such-user", TokenKind::kPersonal, "x", std::nullopt);
  EXPECT_FALSE(orphan.ok());
}

}  // namespace
}  // namespace vitrine::auth
