// DnsVerifier: checks that a DNS name publishes an expected TXT record, the proof of control a
// custom domain needs (`_vitrine-challenge.<hostname>` TXT "vitrine-verify=<token>"). Lookups
// use c-ares on a channel of their own, against the system resolver or the configured one
// (`dns_resolver`, e.g. a dnsmasq on loopback in tests).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"

namespace vitrine::hosting {

// What one TXT check found.
struct TxtCheck {
  bool verified = false;
  // When not verified: what was wrong, for people ("NXDOMAIN: ...", "no TXT record at ...",
  // "token mismatch: ... found \"a\", \"b\"", "timeout: ...", "DNS lookup failed: ...").
  std::string problem;
  std::vector<std::string> found;  // the TXT records seen at the name, each one joined
};

class DnsVerifier {
 public:
  // `resolver`: "" for the system resolver (/etc/resolv.conf), else a comma-separated list of
  // IP[:port] / [IPv6]:port servers. A query is sent `tries` times in all, waiting `timeout`
  // the first time and twice as long on each retry: 1 s + 2 s = about 3 s at most by default.
  explicit DnsVerifier(std::string resolver,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(1000),
                       int tries = 2);

  // Looks up the TXT records of the fully qualified `name` (no search domains) and checks that
  // one equals `expected` (surrounding spaces and quotes ignored). Blocks until an answer or
  // the timeout. Failed lookups are reported in TxtCheck; an error is returned only when the
  // resolver cannot be used at all (config_error for an unusable resolver list).
  Result<TxtCheck> check_txt(const std::string& name, const std::string& expected) const;

 private:
  std::string resolver_;
  std::chrono::milliseconds timeout_;
  int tries_;
};

}  // namespace vitrine::hosting
