// A real SMTP server for tests: Debian's python3-aiosmtpd (installed by
// scripts/install-deps.sh test) with its Mailbox handler, which stores every message it accepts
// as one file of a maildir.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "testing/process.h"

namespace vitrine::testing {

class SmtpServer {
 public:
  // Starts the server on a free loopback port, keeping its maildir under `dir`, and waits (up
  // to 10 s) until it accepts connections; listening() says whether it does.
  explicit SmtpServer(const std::filesystem::path& dir);

  bool listening() const { return listening_; }
  uint16_t port() const { return port_; }
  // "smtp://127.0.0.1:PORT", the value of smtp_url.
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // The messages received so far, each whole (headers and body).
  std::vector<std::string> received() const;
  // Waits up to `timeout` until at least `n` messages arrived, then returns what arrived.
  std::vector<std::string> wait_for(
      size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // What the server printed: for failure messages.
  std::string output() const { return process_->output(); }

 private:
  std::filesystem::path maildir_;
  uint16_t port_ = 0;
  bool listening_ = false;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace vitrine::testing
