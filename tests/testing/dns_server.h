// A real DNS server for tests that resolve names: dnsmasq on 127.0.0.1 and a free port, with
// the records a test gives it. Point a resolver at address() ("127.0.0.1:PORT").
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "testing/process.h"

namespace vitrine::testing {

struct TxtEntry {
  std::string name;   // "_vitrine-challenge.shop.example.test"
  std::string value;  // one character-string, without commas
};

class LocalDnsServer {
 public:
  // Starts dnsmasq ($VITRINE_DNSMASQ, else /usr/sbin/dnsmasq) answering `txt`. Names under
  // `local_zones` it has no record for answer NXDOMAIN; other names are refused (no upstream).
  // `host_records` ("name,ip") give names an A record, so a TXT query there answers NODATA.
  // `port` 0 picks a free one. Adds a test failure and started() is false when dnsmasq is not
  // serving within 10 s.
  explicit LocalDnsServer(std::vector<TxtEntry> txt,
                          std::vector<std::string> local_zones = {"test"},
                          std::vector<std::string> host_records = {}, uint16_t port = 0);

  bool started() const { return started_; }
  uint16_t port() const { return port_; }
  // "127.0.0.1:PORT": the value for dns_resolver.
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // What dnsmasq logged (it logs every query), for failure messages.
  std::string log() const { return process_ ? process_->output() : ""; }
  // Whether dnsmasq logs `text` within `timeout`: its log reaches us through a pipe, so a
  // query already answered may show up a moment later.
  bool logged(std::string_view text,
              std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (log().find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

 private:
  uint16_t port_ = 0;
  bool started_ = false;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace vitrine::testing
