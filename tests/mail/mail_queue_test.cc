// The mail queue against a real SMTP server (testing::SmtpServer) and a real database (SQLite,
// or PostgreSQL in the suite's second pass): e-mails exist only if their transaction commits,
// go out after it, and SMTP trouble never holds the database.
#include "mail/mail_queue.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "core/clock.h"
#include "core/unique_fd.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/smtp_server.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::mail {
namespace {

class MailQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    ASSERT_THAT(db::migrate(*db_, MailQueue::migrations()), IsOk());
    ASSERT_THAT(db_->exec("CREATE TABLE orders (id INTEGER PRIMARY KEY)"), IsOk());
  }

  std::unique_ptr<Emailer> emailer_to(const std::string& url) {
    auto e = Emailer::open(url, "shop@example.com");
    EXPECT_THAT(e, IsOk());
    return std::move(*e);
  }

  // An order row and its confirmation in one transaction, committed or (commit=false) not.
  Status place_order(int id, const std::string& to, bool commit = true) {
    return db_->transaction([&](db::Session& s) -> Status {
      VITRINE_TRY(s.exec("INSERT INTO orders (id) VALUES (?)", {int64_t{id}}));
      VITRINE_TRY(MailQueue::enqueue(
          s, {to, "Order #" + std::to_string(id), "Thank you for order " + std::to_string(id)}));
      if (!commit) return fail(errc::kConflict, "out of stock");
      return {};
    });
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(MailQueueTest, AnEmailIsSentAfterItsTransactionCommitsAndNeverForOneRolledBack) {
  testing::SmtpServer smtp(tmp_.path());
  ASSERT_TRUE(smtp.listening()) << smtp.output();
  auto emailer = emailer_to(smtp.url());
  MailQueue queue(*db_, *emailer);
  ASSERT_THAT(place_order(1, "ana@example.com"), IsOk());
  EXPECT_THAT(place_order(2, "bo@example.com", /*commit=*/false), StatusIs(errc::kConflict));
  EXPECT_TRUE(smtp.received().empty()) << "nothing is sent inside the transaction";

  auto sent = queue.send_due();
  ASSERT_THAT(sent, IsOk());
  EXPECT_EQ(*sent, 1);
  const auto mails = smtp.received();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("To: ana@example.com"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("Thank you for order 1"), std::string::npos) << mails[0];
  auto left = queue.list();
  ASSERT_THAT(left, IsOk());
  EXPECT_TRUE(left->empty()) << "a sent e-mail leaves the table";
  EXPECT_EQ(*queue.send_due(), 0) << "and is not sent twice";
}

TEST_F(MailQueueTest, ARecipientThatIsNotAnAddressIsRefusedWithItsTransaction) {
  auto emailer = emailer_to("");
  MailQueue queue(*db_, *emailer);
  EXPECT_THAT(place_order(1, "ana@example.com\r\nBcc: all@example.com"),
              StatusIs(errc::kInvalidArgument));
  EXPECT_TRUE(db_->exec("SELECT id FROM orders")->empty()) << "the caller's change rolled back";
  EXPECT_TRUE(queue.list()->empty());
}

TEST_F(MailQueueTest, WhileTheServerIsDownAnEmailWaitsAndGoesOutWhenItIsBack) {
  TempDir later_dir;
  testing::SmtpServer later(later_dir.path());  // started now to own its port; used below
  ASSERT_TRUE(later.listening()) << later.output();
  auto down = emailer_to("smtp://127.0.0.1:" + std::to_string(free_local_port()));
  MailQueueOptions options;
  options.first_retry = std::chrono::milliseconds(200);
  MailQueue failing(*db_, *down, options);
  ASSERT_THAT(place_order(1, "ana@example.com"), IsOk());
  EXPECT_EQ(*failing.send_due(), 0);
  auto rows = failing.list();
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].state, "queued");
  EXPECT_EQ((*rows)[0].attempts, 1);
  ASSERT_TRUE((*rows)[0].last_error.has_value());
  EXPECT_NE((*rows)[0].last_error->find("ana@example.com"), std::string::npos)
      << *(*rows)[0].last_error;
  EXPECT_GT((*rows)[0].next_attempt_at, now_iso8601()) << "the retry waits";
  EXPECT_EQ(*failing.send_due(), 0) << "not due yet: no second attempt";
  EXPECT_EQ((*failing.list())[0].attempts, 1);

  // The server is back (another sender, as after a restart with smtp_url fixed).
  auto up = emailer_to(later.url());
  MailQueue queue(*db_, *up, options);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // past the retry time
  EXPECT_EQ(*queue.send_due(), 1);
  EXPECT_EQ(later.received().size(), 1u);
  EXPECT_TRUE(queue.list()->empty());
}

TEST_F(MailQueueTest, RetriesBackOffAndStopAfterMaxAttemptsKeepingTheError) {
  auto down = emailer_to("smtp://127.0.0.1:" + std::to_string(free_local_port()));
  MailQueueOptions options;
  options.first_retry = std::chrono::milliseconds(0);  // due again at once: three in one call
  options.max_attempts = 3;
  MailQueue queue(*db_, *down, options);
  ASSERT_THAT(place_order(1, "ana@example.com"), IsOk());
  EXPECT_EQ(*queue.send_due(), 0);
  auto rows = queue.list();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].state, "failed");
  EXPECT_EQ((*rows)[0].attempts, 3);
  EXPECT_TRUE((*rows)[0].last_error.has_value());
  EXPECT_EQ(*queue.send_due(), 0);
  EXPECT_EQ((*queue.list())[0].attempts, 3) << "a failed e-mail is not tried again";

  // Doubling: with a first retry of an hour, the second failure waits two.
  MailQueueOptions hourly;
  hourly.first_retry = std::chrono::hours(1);
  hourly.max_retry = std::chrono::hours(3);
  MailQueue slow(*db_, *down, hourly);
  ASSERT_THAT(place_order(2, "bo@example.com"), IsOk());
  EXPECT_EQ(*slow.send_due(), 0);
  const std::string after_first = (*slow.list())[1].next_attempt_at;
  const auto now = std::chrono::system_clock::now();
  EXPECT_GT(after_first, to_iso8601(now + std::chrono::minutes(59)));
  EXPECT_LT(after_first, to_iso8601(now + std::chrono::minutes(61)));
}

// An SMTP server that accepts and then says nothing: the sender is stuck in its send, and the
// database is free all the while (a checkout would otherwise wait behind it).
TEST_F(MailQueueTest, ASilentSmtpServerHoldsNoDatabaseLock) {
  UniqueFd listener(::socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_GE(listener.get(), 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener.get(), 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len), 0);
  auto silent = emailer_to("smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  MailQueue queue(*db_, *silent);
  ASSERT_THAT(place_order(1, "ana@example.com"), IsOk());

  std::atomic<bool> done{false};
  std::thread sender([&] {
    (void)queue.send_due();
    done = true;
  });
  UniqueFd conn(::accept(listener.get(), nullptr, nullptr));  // the sender is connected
  ASSERT_GE(conn.get(), 0);
  // Writes and reads go on while the e-mail is in flight.
  EXPECT_THAT(place_order(2, "bo@example.com"), IsOk());
  EXPECT_EQ(db_->exec("SELECT id FROM orders")->rows.size(), 2u);
  EXPECT_FALSE(done) << "the send was still waiting for the server";
  listener.close();  // the server goes away: this attempt fails, and so does the next one
  conn.close();
  sender.join();
  auto rows = queue.list();
  ASSERT_EQ(rows->size(), 2u);
  for (const QueuedEmail& q : *rows) {
    EXPECT_EQ(q.state, "queued") << q.email.to;
    EXPECT_EQ(q.attempts, 1) << q.email.to
                             << ": the one queued meanwhile is tried in the same round";
    EXPECT_TRUE(q.last_error.has_value()) << q.email.to;
  }
}

}  // namespace
}  // namespace vitrine::mail
