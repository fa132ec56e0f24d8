#include "hosting/dns_verifier.h"

#include <ares.h>
#include <arpa/nameser.h>
#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>

namespace vitrine::hosting {
namespace {

// ares_library_init is not thread-safe and must run once before any channel exists.
void init_cares_once() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

struct ChannelDeleter {
  void operator()(ares_channeldata* c) const { ares_destroy(c); }
};
using Channel = std::unique_ptr<ares_channeldata, ChannelDeleter>;

// Filled by the query callback.
struct Answer {
  bool done = false;
  int status = ARES_SUCCESS;
  int timeouts = 0;
  std::vector<std::string> records;
  int parse_status = ARES_SUCCESS;
};

void on_answer(void* arg, int status, int timeouts, unsigned char* abuf, int alen) {
  auto* answer = static_cast<Answer*>(arg);
  answer->done = true;
  answer->status = status;
  answer->timeouts = timeouts;
  if (status != ARES_SUCCESS) return;
  ares_txt_ext* txt = nullptr;
  answer->parse_status = ares_parse_txt_reply_ext(abuf, alen, &txt);
  if (answer->parse_status != ARES_SUCCESS) return;
  // A TXT record may hold several character-strings; record_start marks the first of each.
  for (ares_txt_ext* t = txt; t != nullptr; t = t->next) {
    std::string part(reinterpret_cast<const char*>(t->txt), t->length);
    if (t->record_start || answer->records.empty())
      answer->records.push_back(std::move(part));
    else
      answer->records.back() += part;
  }
  ares_free_data(txt);
}

// Runs the channel until the query's callback ran (c-ares enforces the timeouts).
void run_until_done(ares_channel channel, const Answer& answer) {
  while (!answer.done) {
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    int n = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events != 0) fds[n++] = pollfd{socks[i], events, 0};
    }
    timeval max_wait{1, 0}, tv{};
    timeval* wait = ares_timeout(channel, &max_wait, &tv);
    int ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
    int ready = ::poll(fds, static_cast<nfds_t>(n), ms);
    if (ready <= 0) {
      // Nothing readable: let c-ares account for expired timeouts (and retries).
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      continue;
    }
    for (int i = 0; i < n; ++i) {
      ares_socket_t r =
          (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) ? fds[i].fd : ARES_SOCKET_BAD;
      ares_socket_t w = (fds[i].revents & POLLOUT) ? fds[i].fd : ARES_SOCKET_BAD;
      if (r != ARES_SOCKET_BAD || w != ARES_SOCKET_BAD) ares_process_fd(channel, r, w);
    }
  }
}

// Removes surrounding whitespace and one pair of surrounding double quotes: DNS control panels
// sometimes store the quotes people paste along with the value.
std::string unquote(std::string_view s) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  return std::string(s);
}

// The records as people read them, bounded so one odd zone cannot blow up an error message.
std::string quoted_list(const std::vector<std::string>& records) {
  std::string out;
  size_t shown = std::min<size_t>(records.size(), 5);
  for (size_t i = 0; i < shown; ++i) {
    std::string r = records[i].size() > 100 ? records[i].substr(0, 100) + "..." : records[i];
    out += (i ? ", \"" : "\"") + r + "\"";
  }
  if (records.size() > shown) out += " and " + std::to_string(records.size() - shown) + " more";
  return out;
}

std::string seconds_text(std::chrono::steady_clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(d).count());
  return buf;
}

}  // namespace

DnsVerifier::DnsVerifier(std::string resolver, std::chrono::milliseconds timeout, int tries)
    : resolver_(std::move(resolver)), timeout_(timeout), tries_(tries) {}

Result<TxtCheck> DnsVerifier::check_txt(const std::string& name,
                                        const std::string& expected) const {
  init_cares_once();
  ares_options options{};
  options.timeout = static_cast<int>(timeout_.count());
  options.tries = tries_;
  ares_channel raw = nullptr;
  int rc = ares_init_options(&raw, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
  if (rc != ARES_SUCCESS) {
    return fail(errc::kUnavailable,
                std::string("cannot start a DNS resolver: ") + ares_strerror(rc));
  }
  Channel channel(raw);
  const std::string resolver_name = resolver_.empty() ? "the system resolver" : resolver_;
  if (!resolver_.empty()) {
    rc = ares_set_servers_ports_csv(channel.get(), resolver_.c_str());
    if (rc != ARES_SUCCESS) {
      return fail(errc::kConfig,
                  "dns_resolver '" + resolver_ + "': " + ares_strerror(rc) +
                      "; expected IP[:port] or [IPv6]:port, comma-separated",
                  {{"key", "dns_resolver"}, {"value", resolver_}});
    }
  }

  Answer answer;
  auto started = std::chrono::steady_clock::now();
  ares_query(channel.get(), name.c_str(), ns_c_in, ns_t_txt, on_answer, &answer);
  run_until_done(channel.get(), answer);
  auto took = std::chrono::steady_clock::now() - started;

  TxtCheck check;
  check.found = answer.records;
  switch (answer.status) {
    case ARES_SUCCESS:
      break;
    case ARES_ENOTFOUND:
      check.problem = "NXDOMAIN: " + name + " does not exist; publish a TXT record there";
      return check;
    case ARES_ENODATA:
      check.problem = "no TXT record at " + name + " (the name exists but has no TXT records)";
      return check;
    case ARES_ETIMEOUT:
      check.problem = "timeout: no answer from " + resolver_name + " for " + name + " after " +
                      std::to_string(tries_) + " tries (" + seconds_text(took) + ")";
      return check;
    case ARES_ECONNREFUSED:
      check.problem = "DNS lookup of " + name + " failed: " + resolver_name +
                      " refused the query or could not be reached";
      return check;
    case ARES_ESERVFAIL:
      check.problem = "DNS lookup of " + name + " failed: SERVFAIL from " + resolver_name;
      return check;
    default:
      check.problem = "DNS lookup of " + name + " failed: " + ares_strerror(answer.status);
      return check;
  }
  if (answer.parse_status == ARES_ENODATA || answer.records.empty()) {
    check.problem = "no TXT record at " + name;
    return check;
  }
  if (answer.parse_status != ARES_SUCCESS) {
    check.problem = "DNS lookup of " + name + " failed: malformed answer (" +
                    ares_strerror(answer.parse_status) + ")";
    return check;
  }
  for (const std::string& record : answer.records) {
    if (unquote(record) == expected) {
      check.verified = true;
      return check;
    }
  }
  check.problem = "token mismatch: " + name + " has TXT " + quoted_list(answer.records) +
                  " but not \"" + expected + "\"";
  return check;
}

}  // namespace vitrine::hosting
