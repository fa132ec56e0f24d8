#include "mail/emailer.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/ids.h"
#include "core/url.h"

namespace vitrine::mail {
namespace {

bool is_plain_address(const std::string& a) {
  const auto at = a.find('@');
  return !a.empty() && a.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < a.size() &&
         a.find_first_of(" <>\",;\r\n\t") == std::string::npos;
}

// A header value as RFC 2047 UTF-8 base64 when it is not plain printable ASCII.
std::string header_text(const std::string& s) {
  const bool ascii =
      std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
  if (ascii) return s;
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  out.resize(static_cast<size_t>(n));
  return "=?UTF-8?B?" + out + "?=";
}

std::string rfc5322_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// The message as SMTP carries it: headers, a blank line, the text with CRLF line ends.
std::string message(const std::string& from, const Email& e) {
  std::string body;
  for (char c : e.text) {
    if (c == '\n')
      body += "\r\n";
    else if (c != '\r')
      body += c;
  }
  const std::string domain = from.substr(from.find('@') + 1);
  return "Date: " + rfc5322_date() + "\r\nFrom: " + from + "\r\nTo: " + e.to +
         "\r\nSubject: " + header_text(e.subject) + "\r\nMessage-ID: <" + new_uuid() + "@" +
         domain +
         ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" +
         body;
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t read_chunk(char* out, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const size_t take = std::min(size * n, u->data->size() - u->offset);
  std::copy_n(u->data->data() + u->offset, take, out);
  u->offset += take;
  return take;
}

}  // namespace

Status check_recipient(const std::string& to) {
  if (!is_plain_address(to))
    return fail(errc::kInvalidArgument, "cannot send e-mail to '" + to + "'",
                {{"pointer", "/email"}});
  return {};
}

Result<std::unique_ptr<Emailer>> Emailer::open(const std::string& smtp_url,
                                               const std::string& from) {
  if (!is_plain_address(from))
    return fail(errc::kInvalidArgument, "mail_from: '" + from + "' is not one e-mail address");
  if (!smtp_url.empty() && smtp_url.rfind("smtp://", 0) != 0 && smtp_url.rfind("smtps://", 0) != 0)
    return fail(errc::kInvalidArgument, "smtp_url must start with smtp:// or smtps:// (got '" +
                                            redact_url_password(smtp_url) + "')");
  return std::unique_ptr<Emailer>(new Emailer(smtp_url, from));
}

Status Emailer::send(const Email& e) {
  VITRINE_TRY(check_recipient(e.to));
  if (logs_only()) {
    spdlog::warn("e-mail to {} not sent (no smtp_url configured): subject \"{}\":\n{}", e.to,
                 e.subject, e.text);
    return {};
  }
  const std::string data = message(from_, e);
  Upload upload{&data};
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return fail(errc::kInternal, "curl_easy_init failed");
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + e.to + ">").c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(rcpt, curl_slist_free_all);
  const std::string mail_from = "<" + from_ + ">";
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, smtp_url_.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_chunk);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK)
    return fail(errc::kUnavailable,
                "sending e-mail to " + e.to +
                    " failed: " + (error[0] ? std::string(error) : curl_easy_strerror(rc)),
                {{"smtp_url", redact_url_password(smtp_url_)}});
  return {};
}

}  // namespace vitrine::mail
