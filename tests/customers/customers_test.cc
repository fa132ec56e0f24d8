// Customer accounts against a real database: registration rules, logins that do not tell which
// emails exist, sessions that end, reset tokens that are signed, expire and work once, and
// shops that never share customers.
#include "customers/customers.h"

#include <gtest/gtest.h>

#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::customers {
namespace {

class CustomersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto m = CustomerService::migrations();
    ASSERT_THAT(db::migrate(*db_, m), IsOk());
    customers_ = std::make_unique<CustomerService>(*db_);
  }
  static std::vector<std::string> pointers(const Error& e) {
    std::vector<std::string> out;
    for (const auto& p : e.details.value("problems", nlohmann::json::array()))
      out.push_back(p.value("pointer", ""));
    return out;
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<CustomerService> customers_;
  const std::string shop_ = "shop-a", other_ = "shop-b";
};

TEST_F(CustomersTest, RegisterLoginAndLogout) {
  auto bad =
      customers_->register_customer(shop_, "not an email", "short", std::string(500, 'x'), false);
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers(bad.error()), (std::vector<std::string>{"/email", "/password", "/name"}));

  auto ana =
      customers_->register_customer(shop_, " Ana@Example.COM ", "correct horse", "Ana", true);
  ASSERT_THAT(ana, IsOk());
  EXPECT_EQ(ana->email, "ana@example.com") << "emails are compared in lower case";
  auto again = customers_->register_customer(shop_, "ana@example.com", "another one", "", false);
  ASSERT_THAT(again, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(again.error().details["pointer"], "/email");

  EXPECT_THAT(customers_->login(shop_, "ana@example.com", "wrong password"),
              StatusIs(errc::kUnauthorized));
  auto unknown = customers_->login(shop_, "nobody@example.com", "correct horse");
  ASSERT_THAT(unknown, StatusIs(errc::kUnauthorized));
  EXPECT_EQ(unknown.error().message, "email or password is wrong") << "same words as a typo";
  auto session = customers_->login(shop_, "ANA@example.com", "correct horse");
  ASSERT_THAT(session, IsOk());
  auto me = customers_->authenticate(shop_, session->token);
  ASSERT_THAT(me, IsOk());
  EXPECT_EQ(me->id, ana->id);
  EXPECT_THAT(customers_->authenticate(other_, session->token), StatusIs(errc::kUnauthorized))
      << "a session of shop A means nothing in shop B";
  EXPECT_THAT(customers_->login(other_, "ana@example.com", "correct horse"),
              StatusIs(errc::kUnauthorized))
      << "accounts are per shop";
  ASSERT_THAT(customers_->logout(shop_, session->token), IsOk());
  EXPECT_THAT(customers_->authenticate(shop_, session->token), StatusIs(errc::kUnauthorized));
}

TEST_F(CustomersTest, NewsletterSignUpsBecomeAccountsOnRegistration) {
  auto subscribed = customers_->subscribe(shop_, "kim@example.com");
  ASSERT_THAT(subscribed, IsOk());
  EXPECT_TRUE(subscribed->accepts_marketing);
  EXPECT_FALSE(subscribed->has_password);
  EXPECT_THAT(customers_->login(shop_, "kim@example.com", ""), StatusIs(errc::kUnauthorized));
  EXPECT_THAT(customers_->subscribe(shop_, "kim@example.com"), IsOk()) << "twice is fine";
  auto registered =
      customers_->register_customer(shop_, "kim@example.com", "a long password", "Kim", false);
  ASSERT_THAT(registered, IsOk());
  EXPECT_EQ(registered->id, subscribed->id);
  EXPECT_TRUE(registered->accepts_marketing) << "the earlier consent stays";
  EXPECT_THAT(customers_->subscribe(shop_, "@"), StatusIs(errc::kValidationFailed));
}

TEST_F(CustomersTest, ResetTokensAreSignedAndWorkOnce) {
  ASSERT_THAT(customers_->register_customer(shop_, "ana@example.com", "first password", "", false),
              IsOk());
  auto old_session = customers_->login(shop_, "ana@example.com", "first password");
  ASSERT_THAT(old_session, IsOk());
  auto none = customers_->password_reset_token(shop_, "nobody@example.com");
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
  auto token = customers_->password_reset_token(shop_, "ana@example.com");
  ASSERT_THAT(token, IsOk());
  ASSERT_FALSE(token->empty());

  std::string forged = *token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_THAT(customers_->reset_password(shop_, forged, "second password"),
              StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(customers_->reset_password(other_, *token, "second password"),
              StatusIs(errc::kInvalidArgument))
      << "signed for one shop";
  EXPECT_THAT(customers_->reset_password(shop_, *token, "short"),
              StatusIs(errc::kValidationFailed));
  ASSERT_THAT(customers_->reset_password(shop_, *token, "second password"), IsOk());
  EXPECT_THAT(customers_->reset_password(shop_, *token, "third password"),
              StatusIs(errc::kInvalidArgument))
      << "used once";
  EXPECT_THAT(customers_->authenticate(shop_, old_session->token), StatusIs(errc::kUnauthorized))
      << "a reset ends every session";
  EXPECT_THAT(customers_->login(shop_, "ana@example.com", "second password"), IsOk());
  // An expired token (its time is part of what is signed) is refused.
  const size_t a = token->find('.'), b = token->find('.', a + 1);
  const std::string expired = token->substr(0, a) + ".1000" + token->substr(b);
  EXPECT_THAT(customers_->reset_password(shop_, expired, "fourth password"),
              StatusIs(errc::kInvalidArgument));
}

}  // namespace
}  // namespace vitrine::customers
