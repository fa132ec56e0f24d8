// Emailer: the platform's outgoing e-mail (order confirmations, password reset links), sent over
// SMTP with libcurl. Without an SMTP server configured (smtp_url ""), every e-mail is logged as a
// warning with its recipient, subject and whole text, so none is lost silently.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace vitrine::mail {

struct Email {
  std::string to;       // one address
  std::string subject;  // UTF-8; encoded for the header as RFC 2047 when not ASCII
  std::string text;     // UTF-8 plain text; lines end with "\n"
};

// invalid_argument (pointer /email) unless `to` is one plain e-mail address (no name, no
// brackets, no line breaks): what send() and the mail queue accept as a recipient.
Status check_recipient(const std::string& to);

class Emailer {
 public:
  // `smtp_url`: "smtp://host:port" or "smtps://host:port" (user:password@ allowed), "" to log;
  // `from`: the sender address. invalid_argument for another scheme or a bad sender.
  static Result<std::unique_ptr<Emailer>> open(const std::string& smtp_url,
                                               const std::string& from);

  // Sends one e-mail (or logs it). invalid_argument for a recipient that is not one plain
  // address; unavailable, with the SMTP server's or curl's words, when it is refused or the
  // server cannot be reached (the caller decides whether to retry).
  Status send(const Email& email);

  // Whether e-mails are only logged (no SMTP server configured).
  bool logs_only() const { return smtp_url_.empty(); }

 private:
  Emailer(std::string smtp_url, std::string from)
      : smtp_url_(std::move(smtp_url)), from_(std::move(from)) {}
  std::string smtp_url_, from_;
};

}  // namespace vitrine::mail
