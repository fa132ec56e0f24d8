#include "testing/dns_server.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace vitrine::testing {

LocalDnsServer::LocalDnsServer(std::vector<TxtEntry> txt, std::vector<std::string> local_zones,
                               std::vector<std::string> host_records, uint16_t port) {
  const char* env = std::getenv("VITRINE_DNSMASQ");
  std::string binary = env && *env ? env : "/usr/sbin/dnsmasq";
  port_ = port != 0 ? port : free_local_port();
  if (port_ == 0) {
    ADD_FAILURE() << "no free port on 127.0.0.1 for dnsmasq";
    return;
  }
  // No config file, no /etc/hosts, no upstream servers: it answers only what this test says.
  std::vector<std::string> argv{binary,
                                "--keep-in-foreground",
                                "--no-daemon",
                                "--conf-file=/dev/null",
                                "--no-resolv",
                                "--no-hosts",
                                "--bind-interfaces",
                                "--listen-address=127.0.0.1",
                                "--port=" + std::to_string(port_),
                                "--log-queries"};
  for (const auto& zone : local_zones) argv.push_back("--local=/" + zone + "/");
  for (const auto& record : host_records) argv.push_back("--host-record=" + record);
  for (const auto& t : txt) argv.push_back("--txt-record=" + t.name + "," + t.value);
  process_ = std::make_unique<BackgroundProcess>(argv);
  started_ = wait_for_udp_port(port_, 10'000) && process_->running();
  if (!started_) {
    ADD_FAILURE() << "dnsmasq did not start on 127.0.0.1:" << port_ << " (is dnsmasq-base "
                  << "installed? scripts/install-deps.sh test)\n"
                  << process_->output();
  }
}

}  // namespace vitrine::testing
