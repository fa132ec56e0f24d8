// Running programs from tests: one-shot commands (run_process) and the real `vitrine serve`
// binary in the background (ServerProcess) for end-to-end tests.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// The vitrine binary under test: $VITRINE_BINARY, else the one this build produces.
std::string vitrine_binary();

// The source tree (for sample themes and fixtures): $VITRINE_SOURCE_DIR, else this build's.
std::string source_dir();

struct RunResult {
  // The exit status; 128 + N when killed by signal N; 127 when the program could not be
  // started (then `err` says why); -1 when fork/pipe failed.
  int exit_code = -1;
  std::string out;  // everything written to stdout
  std::string err;  // everything written to stderr
};

// Runs argv[0] (searched in PATH when it has no '/') with argv, waits for it and captures stdout
// and stderr separately. `env` entries are added to (or replace in) the inherited environment.
// `cwd`, when not empty, is the child's working directory. `stdin_data` is written to its stdin,
// which is then closed (so the child sees end of file).
RunResult run_process(const std::vector<std::string>& argv,
                      const std::vector<std::pair<std::string, std::string>>& env = {},
                      const std::string& cwd = "", const std::string& stdin_data = "");

// `vitrine <args...>` running in the background, e.g.
//   ServerProcess server({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path()});
//   auto r = http_get(server.url("/healthz"));
// The constructor waits (up to 20 s) until the process prints a line containing
// "listening on http://HOST:PORT" (on stdout; stderr is accepted too). If the process exits or
// the time runs out first, the current test gets a failure that includes the captured stderr
// and started() is false. The process's output is drained continuously in the background, so it
// never blocks on a full pipe. The destructor stops it (see stop()).
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args,
                         std::vector<std::pair<std::string, std::string>> env = {},
                         std::string cwd = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // True when the "listening on" line was seen.
  bool started() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path = "/") const;
  pid_t pid() const { return pid_; }
  // True until the process has been reaped by stop()/kill9()/wait().
  bool running() const;

  // Sends SIGTERM, waits up to 15 s for the process to exit (then sends SIGKILL) and returns its
  // exit code (128 + N when killed by signal N). Calling it again returns the same code.
  int stop();
  // Sends SIGKILL and returns the exit code (137 unless it had already exited).
  int kill9();
  // Waits up to `timeout_ms` for the process to exit on its own; returns the exit code, or -1
  // when it is still running.
  int wait(int timeout_ms);

  // Everything the process wrote so far to stdout / stderr.
  std::string output() const;
  std::string error_output() const;
  // Waits up to `timeout_ms` until stdout or stderr contains `text`; true when it does.
  bool wait_for_output(const std::string& text, int timeout_ms) const;

 private:
  void drain();  // background thread: reads both pipes until both reach end of file
  int reap(int timeout_ms);

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int exit_code_ = -1;
  bool reaped_ = false;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::string out_;       // guarded by mu_
  std::string err_;       // guarded by mu_
  bool drained_ = false;  // guarded by mu_
  std::thread drainer_;
};

// Any other program in the background, such as a helper server (dnsmasq) a test talks to:
// argv[0] is searched in PATH, stdout and stderr are drained continuously into output(), and
// stop() or the destructor ends it (SIGTERM, then SIGKILL after 5 s). A program that cannot be
// started exits with 127 and says why in output().
class BackgroundProcess {
 public:
  explicit BackgroundProcess(std::vector<std::string> argv,
                             std::vector<std::pair<std::string, std::string>> env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited (reaps it when it has).
  bool running();
  // Stops the process and returns its exit code (128 + N when killed by signal N).
  int stop();
  // Everything it wrote so far, stdout and stderr interleaved.
  std::string output() const;

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool reaped_ = false;
  int out_fd_ = -1;
  int err_fd_ = -1;
  mutable std::mutex mu_;
  std::string output_;  // guarded by mu_
  std::thread drainer_;
};

// A port number on 127.0.0.1 that was free for both UDP and TCP a moment ago (nothing is
// reserved: start the program that binds it right away).
uint16_t free_local_port();

// Waits up to `timeout_ms` until some process has a UDP socket bound to `port` on this machine
// (per /proc/net/udp and /proc/net/udp6). True when it has.
bool wait_for_udp_port(uint16_t port, int timeout_ms);
