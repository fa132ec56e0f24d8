#include "testing/smtp_server.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace vitrine::testing {

namespace fs = std::filesystem;

SmtpServer::SmtpServer(const fs::path& dir) : maildir_(dir / "maildir"), port_(free_local_port()) {
  // Debian's interpreter by path: a python3 earlier in PATH may lack the Debian package.
  process_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
      "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_), "-c",
      "aiosmtpd.handlers.Mailbox", maildir_.string()});
  for (int i = 0; i < 100 && process_->running(); ++i) {
    // A TCP connect is enough (an SMTP NOOP would need a session).
    if (std::system(
            ("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port_) + "' 2>/dev/null")
                .c_str()) == 0) {
      listening_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::vector<std::string> SmtpServer::received() const {
  std::vector<std::pair<fs::file_time_type, std::string>> found;
  const fs::path inbox = maildir_ / "new";
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(inbox, ec)) {
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    found.emplace_back(fs::last_write_time(f.path(), ec), ss.str());
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [when, text] : found) out.push_back(std::move(text));
  return out;
}

std::vector<std::string> SmtpServer::wait_for(size_t n, std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  auto mails = received();
  while (mails.size() < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    mails = received();
  }
  return mails;
}

}  // namespace vitrine::testing
