// The Emailer against a real SMTP server (testing::SmtpServer: Debian's aiosmtpd).
#include "mail/emailer.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "testing/matchers.h"
#include "testing/process.h"
#include "testing/smtp_server.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::mail {
namespace {

class EmailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(smtp_.listening()) << "aiosmtpd did not start: " << smtp_.output();
    auto opened = Emailer::open(smtp_.url(), "shop@example.com");
    ASSERT_THAT(opened, IsOk());
    emailer_ = std::move(*opened);
  }

  std::vector<std::string> received() { return smtp_.received(); }

  TempDir tmp_;
  testing::SmtpServer smtp_{tmp_.path()};
  std::unique_ptr<Emailer> emailer_;
};

TEST_F(EmailerTest, DeliversAPlainTextMessageWithAnEncodedSubject) {
  ASSERT_THAT(emailer_->send({"ana@example.com", "Encomenda #1001 confirmada — obrigado",
                              "Olá Ana,\nyour order is in.\n.\nA line that is only a dot.\n"}),
              IsOk());
  auto mails = received();
  ASSERT_EQ(mails.size(), 1u);
  const std::string& m = mails[0];
  EXPECT_NE(m.find("From: shop@example.com"), std::string::npos) << m;
  EXPECT_NE(m.find("To: ana@example.com"), std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos) << "non-ASCII subjects are encoded";
  EXPECT_NE(m.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(m.find("Olá Ana,"), std::string::npos);
  EXPECT_NE(m.find("\n.\nA line that is only a dot."), std::string::npos)
      << "a lone dot does not end the message early";
}

TEST_F(EmailerTest, RefusesBadAddressesAndReportsAnUnreachableServer) {
  EXPECT_THAT(emailer_->send({"not an address", "x", "y"}), StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(emailer_->send({"a@b.c\r\nBcc: everyone@example.com", "x", "y"}),
              StatusIs(errc::kInvalidArgument))
      << "no header injection";
  EXPECT_TRUE(received().empty());
  auto closed =
      Emailer::open("smtp://127.0.0.1:" + std::to_string(free_local_port()), "shop@example.com");
  ASSERT_THAT(closed, IsOk());
  EXPECT_THAT((*closed)->send({"ana@example.com", "x", "y"}), StatusIs(errc::kUnavailable));
  EXPECT_THAT(Emailer::open("http://mail.example.com", "shop@example.com"),
              StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(Emailer::open("", "not-an-address"), StatusIs(errc::kInvalidArgument));
}

TEST_F(EmailerTest, WithoutAServerEmailsAreLoggedNotLost) {
  auto logging = Emailer::open("", "shop@example.com");
  ASSERT_THAT(logging, IsOk());
  EXPECT_TRUE((*logging)->logs_only());
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(8);
  spdlog::default_logger()->sinks().push_back(sink);
  EXPECT_THAT((*logging)->send({"ana@example.com", "Your reset link", "https://shop/reset?t=1"}),
              IsOk());
  spdlog::default_logger()->sinks().pop_back();
  std::string logged;
  for (const auto& line : sink->last_formatted()) logged += line;
  EXPECT_NE(logged.find("ana@example.com"), std::string::npos) << logged;
  EXPECT_NE(logged.find("https://shop/reset?t=1"), std::string::npos) << "the whole text";
}

}  // namespace
}  // namespace vitrine::mail
