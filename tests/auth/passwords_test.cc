#include "auth/passwords.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::auth {
namespace {

TEST(PasswordsTest, HashIsArgon2idAndVerifiesOnlyTheSamePassword) {
  auto hash = hash_password("correct horse battery");
  ASSERT_THAT(hash, IsOk());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos) << "the password is not in the hash";
  EXPECT_TRUE(verify_password("correct horse battery", *hash));
  EXPECT_FALSE(verify_password("correct horse batterY", *hash));
  EXPECT_FALSE(verify_password("", *hash));
  EXPECT_FALSE(verify_password("correct horse battery", "not a hash"));
}

TEST(PasswordsTest, SamePasswordHashesDifferentlyEachTime) {
  auto a = hash_password("same password");
  auto b = hash_password("same password");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_NE(*a, *b) << "every hash has its own salt";
  EXPECT_TRUE(verify_password("same password", *a));
  EXPECT_TRUE(verify_password("same password", *b));
}

TEST(PasswordsTest, PolicyNeedsEightCharacters) {
  auto short_one = check_password_policy("1234567");
  ASSERT_THAT(short_one, StatusIs(errc::kInvalidArgument));
  EXPECT_EQ(short_one.error().details["pointer"], "/password");
  EXPECT_THAT(check_password_policy("12345678"), IsOk());
  EXPECT_THAT(check_password_policy(std::string(kMaxPasswordLength + 1, 'x')), Not(IsOk()));
}

TEST(PasswordsTest, DummyHashIsARealArgon2idHash) {
  // Unknown-email logins verify against it: it must cost the same as a real account's hash.
  const std::string& dummy = dummy_password_hash();
  EXPECT_EQ(dummy.rfind("$argon2id$", 0), 0u) << dummy;
  EXPECT_EQ(&dummy, &dummy_password_hash()) << "computed once";
  EXPECT_FALSE(verify_password("anything", dummy));
}

}  // namespace
}  // namespace vitrine::auth
