// The Emailer against a real SMTP server: Debian's python3-aiosmtpd (installed by
// scripts/install-deps.sh test) with its Mailbox handler writing what it receives to a maildir.
#include "mail/emailer.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "testing/matchers.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::mail {
namespace {

namespace fs = std::filesystem;

class EmailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = free_local_port();
    // Debian's interpreter by path: a python3 earlier in PATH may lack the Debian package.
    smtp_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_),
        "-c", "aiosmtpd.handlers.Mailbox", (tmp_.path() / "maildir").string()});
    auto probe = Emailer::open("smtp://127.0.0.1:" + std::to_string(port_), "shop@example.com");
    ASSERT_THAT(probe, IsOk());
    emailer_ = std::move(*probe);
    for (int i = 0; i < 100; ++i) {  // until it listens (an SMTP NOOP would need a session)
      if (!smtp_->running()) break;
      if (std::system(
              ("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port_) + "' 2>/dev/null")
                  .c_str()) == 0)
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "aiosmtpd did not start: " << smtp_->output();
  }

  // The messages the server stored, whole.
  std::vector<std::string> received() {
    std::vector<std::string> out;
    const fs::path inbox = tmp_.path() / "maildir" / "new";
    if (!fs::exists(inbox)) return out;
    for (const auto& f : fs::directory_iterator(inbox)) {
      std::ifstream in(f.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }

  TempDir tmp_;
  uint16_t port_ = 0;
  std::unique_ptr<BackgroundProcess> smtp_;
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
