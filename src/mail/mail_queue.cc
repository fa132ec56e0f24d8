#include "mail/mail_queue.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/clock.h"

namespace vitrine::mail {
namespace {

// Sent e-mails are deleted (the table holds customers' addresses and order details only as long
// as it must); `failed` ones stay for an operator to read.
constexpr const char* kSchema = R"sql(
CREATE TABLE mail_queue (
  id {auto_id},
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX mail_queue_due ON mail_queue (state, next_attempt_at);
)sql";

// E-mails claimed per round: a lease covers them all, so keep a round shorter than the lease.
constexpr int64_t kBatch = 20;

QueuedEmail row_of(const db::QueryResult& r, size_t i) {
  QueuedEmail q;
  q.id = r.integer(i, "id");
  q.email = Email{r.text(i, "recipient"), r.text(i, "subject"), r.text(i, "body")};
  q.state = r.text(i, "state");
  q.attempts = static_cast<int>(r.integer(i, "attempts"));
  q.next_attempt_at = r.text(i, "next_attempt_at");
  q.created_at = r.text(i, "created_at");
  q.last_error = r.optional_text(i, "last_error");
  return q;
}

constexpr const char* kColumns =
    "id, recipient, subject, body, state, attempts, next_attempt_at, last_error, created_at";

}  // namespace

std::vector<db::Migration> MailQueue::migrations() { return {db::Migration{"mail", 1, kSchema}}; }

Status MailQueue::enqueue(db::Session& s, const Email& email) {
  VITRINE_TRY(check_recipient(email.to));
  const std::string now = now_iso8601();
  VITRINE_TRY(
      s.exec("INSERT INTO mail_queue (recipient, subject, body, state, attempts, next_attempt_at, "
             "created_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
             {email.to, email.subject, email.text, now, now}));
  return {};
}

Result<int> MailQueue::send_due() {
  int sent = 0;
  while (!worker_.stopping()) {
    // Claim a batch: each row's next attempt moves a lease ahead, so another sender (thread or
    // node) skips it, and a sender that dies leaves it to be retried when the lease runs out.
    std::vector<QueuedEmail> claimed;
    VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
      claimed.clear();
      VITRINE_ASSIGN(db::QueryResult due,
                     s.exec(std::string("SELECT ") + kColumns +
                                " FROM mail_queue WHERE state = 'queued' AND next_attempt_at <= ? "
                                "ORDER BY next_attempt_at, id LIMIT ?",
                            {now_iso8601(), kBatch}));
      const std::string lease_end = iso8601_after(options_.lease);
      for (size_t i = 0; i < due.rows.size(); ++i) {
        QueuedEmail q = row_of(due, i);
        // The old next_attempt_at in the WHERE: a sender that claimed it meanwhile wins.
        VITRINE_ASSIGN(db::QueryResult upd,
                       s.exec("UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ? "
                              "WHERE id = ? AND state = 'queued' AND next_attempt_at = ?",
                              {lease_end, q.id, q.next_attempt_at}));
        if (upd.changes != 1) continue;
        ++q.attempts;
        claimed.push_back(std::move(q));
      }
      return {};
    }));
    if (claimed.empty()) break;
    for (const QueuedEmail& q : claimed) {
      Status st = emailer_.send(q.email);  // outside any transaction: SMTP may take seconds
      if (st.ok()) {
        VITRINE_TRY(db_.exec("DELETE FROM mail_queue WHERE id = ?", {q.id}));
        ++sent;
        continue;
      }
      const bool permanent = st.error().code == errc::kInvalidArgument;
      const bool give_up = permanent || q.attempts >= options_.max_attempts;
      const auto wait = retry_backoff(q.attempts, options_.first_retry, options_.max_retry);
      if (give_up)
        spdlog::error("e-mail {} to {} (\"{}\") failed {} time(s), giving up: {}", q.id, q.email.to,
                      q.email.subject, q.attempts, st.error().message);
      else
        spdlog::warn("e-mail {} to {} failed (attempt {}), retrying in {} s: {}", q.id, q.email.to,
                     q.attempts, wait.count() / 1000, st.error().message);
      VITRINE_TRY(db_.exec(
          "UPDATE mail_queue SET state = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
          {std::string(give_up ? "failed" : "queued"), iso8601_after(wait), st.error().message,
           q.id}));
    }
  }
  return sent;
}

Result<std::vector<QueuedEmail>> MailQueue::list() {
  VITRINE_ASSIGN(db::QueryResult r,
                 db_.exec(std::string("SELECT ") + kColumns + " FROM mail_queue ORDER BY id"));
  std::vector<QueuedEmail> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(row_of(r, i));
  return out;
}

}  // namespace vitrine::mail
