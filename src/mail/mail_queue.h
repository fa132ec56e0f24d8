// MailQueue: e-mails written inside a database transaction and sent after it commits, by a
// background sender outside any transaction. An SMTP server that is slow or down therefore
// never holds a database lock (checkouts would queue behind it); an e-mail exists if and only
// if the change that caused it committed; and one that cannot be sent yet is retried with
// exponential backoff (at-least-once: a crash between the SMTP "250 OK" and the row's removal
// sends it again). An e-mail that fails max_attempts times, or whose recipient is not an
// address, stays in the table as `failed` with its last error, and is logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/background_worker.h"
#include "core/result.h"
#include "db/database.h"
#include "mail/emailer.h"

namespace vitrine::mail {

struct MailQueueOptions {
  std::chrono::milliseconds poll{1000};            // for rows of other processes and retries
  std::chrono::milliseconds first_retry{30'000};   // the wait after the first failure, doubled
  std::chrono::milliseconds max_retry{3'600'000};  // after each further one, up to this
  int max_attempts = 12;                           // about 5.5 hours of retries with the above
  std::chrono::milliseconds lease{5 * 60'000};     // a claimed e-mail is retried after this if
                                                   // its sender died (longer than a send)
};

// One queued e-mail as the table holds it.
struct QueuedEmail {
  int64_t id = 0;
  Email email;
  std::string state;  // "queued" | "failed"
  int attempts = 0;
  std::string next_attempt_at, created_at;
  std::optional<std::string> last_error;
};

class MailQueue {
 public:
  MailQueue(db::Database& db, Emailer& emailer, MailQueueOptions options = {})
      : db_(db), emailer_(emailer), options_(options) {}
  ~MailQueue() { stop(); }
  MailQueue(const MailQueue&) = delete;
  MailQueue& operator=(const MailQueue&) = delete;

  // Table: mail_queue.
  static std::vector<db::Migration> migrations();

  // Queues `email` inside the caller's transaction `s`; it is sent once that commits (call
  // notify() then). invalid_argument, queuing nothing, for a recipient that is not one address.
  static Status enqueue(db::Session& s, const Email& email);

  // Sends every queued e-mail that is due, each outside any transaction. Returns how many were
  // sent; failures are recorded on their rows (and logged), never returned.
  Result<int> send_due();

  // The e-mails still in the table (queued or failed), oldest first: for tests and operators.
  Result<std::vector<QueuedEmail>> list();

  // Starts the background sender (sends at start, after notify() and every options.poll).
  void start() {
    worker_.start(options_.poll, [this] { (void)send_due(); });
  }
  // Wakes the sender: call after committing a transaction that queued e-mail.
  void notify() { worker_.notify(); }
  // Stops and joins the sender after the e-mail it is sending; idempotent.
  void stop() { worker_.stop(); }

 private:
  db::Database& db_;
  Emailer& emailer_;
  MailQueueOptions options_;
  BackgroundWorker worker_;
};

}  // namespace vitrine::mail
