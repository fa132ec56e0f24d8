#include "testing/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

extern char** environ;

namespace {

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

bool make_pipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p.read = Fd(fds[0]);
  p.write = Fd(fds[1]);
  return true;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// The environment for the child: the inherited one with `env` added or replaced. Built before
// fork, since only async-signal-safe calls are allowed between fork and exec.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& env) {
  std::map<std::string, std::string> merged;
  std::vector<std::string> order;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    std::string name = entry.substr(0, eq);
    if (merged.emplace(name, entry).second) order.push_back(name);
  }
  for (const auto& [name, value] : env) {
    if (merged.find(name) == merged.end()) order.push_back(name);
    merged[name] = name + "=" + value;
  }
  std::vector<std::string> out;
  out.reserve(order.size());
  for (const auto& name : order) out.push_back(merged[name]);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Forks and execs. On success returns the pid and the parent ends of the pipes; `in` may be null
// (the child's stdin is then /dev/null).
pid_t spawn(const std::vector<std::string>& argv,
            const std::vector<std::pair<std::string, std::string>>& env, const std::string& cwd,
            Fd* in, Fd* out, Fd* err) {
  Pipe pin, pout, perr;
  if ((in && !make_pipe(pin)) || !make_pipe(pout) || !make_pipe(perr)) return -1;
  std::vector<std::string> args(argv);
  std::vector<std::string> envs = child_environment(env);
  std::vector<char*> c_args = c_strings(args);
  std::vector<char*> c_env = c_strings(envs);
  std::string exec_error_prefix = "cannot run " + (argv.empty() ? std::string() : argv[0]);

  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    // Child: async-signal-safe calls only.
    int devnull = -1;
    if (in) {
      ::dup2(pin.read.get(), 0);
    } else {
      devnull = ::open("/dev/null", O_RDONLY);
      if (devnull >= 0) ::dup2(devnull, 0);
    }
    ::dup2(pout.write.get(), 1);
    ::dup2(perr.write.get(), 2);
    // Restore default signal dispositions and an empty mask for the new program.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
      const char* msg = ": cannot change directory\n";
      ssize_t ignored = ::write(2, exec_error_prefix.data(), exec_error_prefix.size());
      ignored = ::write(2, msg, std::strlen(msg));
      (void)ignored;
      ::_exit(127);
    }
    if (!c_args.empty() && c_args[0]) ::execvpe(c_args[0], c_args.data(), c_env.data());
    const char* why = std::strerror(errno);
    ssize_t ignored = ::write(2, exec_error_prefix.data(), exec_error_prefix.size());
    ignored = ::write(2, ": ", 2);
    ignored = ::write(2, why, std::strlen(why));
    ignored = ::write(2, "\n", 1);
    (void)ignored;
    ::_exit(127);
  }
  if (in) *in = std::move(pin.write);
  *out = std::move(pout.read);
  *err = std::move(perr.read);
  return pid;
}

}  // namespace

std::string vitrine_binary() {
  const char* v = std::getenv("VITRINE_BINARY");
  return v && *v ? v : VITRINE_BUILT_BINARY;
}

std::string source_dir() {
  const char* v = std::getenv("VITRINE_SOURCE_DIR");
  return v && *v ? v : VITRINE_SOURCE_TREE;
}

RunResult run_process(const std::vector<std::string>& argv,
                      const std::vector<std::pair<std::string, std::string>>& env,
                      const std::string& cwd, const std::string& stdin_data) {
  RunResult result;
  Fd in, out, err;
  pid_t pid = spawn(argv, env, cwd, &in, &out, &err);
  if (pid < 0) {
    result.err = std::string("fork/pipe failed: ") + std::strerror(errno);
    return result;
  }
  // Write stdin and read both outputs together so that no pipe can fill up and deadlock.
  size_t written = 0;
  if (stdin_data.empty())
    in.reset();
  else
    ::fcntl(in.get(), F_SETFL, O_NONBLOCK);
  while (out.get() >= 0 || err.get() >= 0) {
    pollfd fds[3];
    int n = 0;
    int out_i = -1, err_i = -1, in_i = -1;
    if (out.get() >= 0) fds[out_i = n++] = {out.get(), POLLIN, 0};
    if (err.get() >= 0) fds[err_i = n++] = {err.get(), POLLIN, 0};
    if (in.get() >= 0) fds[in_i = n++] = {in.get(), POLLOUT, 0};
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    char buf[16384];
    auto pump = [&](int i, Fd& fd, std::string& sink) {
      if (i < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) return;
      ssize_t r = ::read(fd.get(), buf, sizeof buf);
      if (r > 0)
        sink.append(buf, static_cast<size_t>(r));
      else if (r == 0 || (errno != EINTR && errno != EAGAIN))
        fd.reset();
    };
    pump(out_i, out, result.out);
    pump(err_i, err, result.err);
    if (in_i >= 0 && (fds[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = ::write(in.get(), stdin_data.data() + written, stdin_data.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == stdin_data.size()) in.reset();
    }
  }
  in.reset();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = decode_status(status);
  return result;
}

// ---------------------------------------------------------------------------------------------

namespace {

// The port in the first "listening on http://HOST:PORT" line of `text`, or 0.
uint16_t find_listening_port(const std::string& text) {
  static const std::string kMarker = "listening on http://";
  size_t at = text.find(kMarker);
  if (at == std::string::npos) return 0;
  size_t start = at + kMarker.size();
  size_t end = start;
  while (end < text.size() && text[end] != '/' && text[end] != ' ' && text[end] != '\n' &&
         text[end] != '\r' && text[end] != '\t' && text[end] != '"' && text[end] != ',')
    ++end;
  if (end == text.size()) return 0;  // the line may not be complete yet
  std::string authority = text.substr(start, end - start);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos) return 0;
  std::string digits = authority.substr(colon + 1);
  if (digits.empty() || digits.size() > 5) return 0;
  for (char c : digits)
    if (c < '0' || c > '9') return 0;
  int port = std::stoi(digits);
  return port > 0 && port < 65536 ? static_cast<uint16_t>(port) : 0;
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> args,
                             std::vector<std::pair<std::string, std::string>> env,
                             std::string cwd) {
  std::vector<std::string> argv;
  argv.push_back(vitrine_binary());
  for (auto& a : args) argv.push_back(std::move(a));
  Fd out, err;
  pid_ = spawn(argv, env, cwd, nullptr, &out, &err);
  if (pid_ < 0) {
    ADD_FAILURE() << "cannot start " << argv[0] << ": " << std::strerror(errno);
    reaped_ = true;
    return;
  }
  out_fd_ = out.release();
  err_fd_ = err.release();
  drainer_ = std::thread([this] { drain(); });

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::unique_lock lk(mu_);
  bool seen = cv_.wait_until(lk, deadline, [&] {
    uint16_t p = find_listening_port(out_);
    if (p == 0) p = find_listening_port(err_);
    if (p != 0) port_ = p;
    return p != 0 || drained_;
  });
  if (!seen || port_ == 0) {
    std::string out_copy = out_, err_copy = err_;
    bool exited = drained_;
    lk.unlock();
    ADD_FAILURE() << argv[0] << " did not print \"listening on http://HOST:PORT\" "
                  << (exited ? "before exiting" : "within 20 s") << "\n--- stdout:\n"
                  << out_copy << "\n--- stderr:\n"
                  << err_copy;
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !reaped_) stop();
  if (drainer_.joinable()) drainer_.join();
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

std::string ServerProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

bool ServerProcess::running() const { return pid_ > 0 && !reaped_; }

void ServerProcess::drain() {
  bool out_open = true, err_open = true;
  char buf[16384];
  while (out_open || err_open) {
    pollfd fds[2];
    int n = 0, oi = -1, ei = -1;
    if (out_open) fds[oi = n++] = {out_fd_, POLLIN, 0};
    if (err_open) fds[ei = n++] = {err_fd_, POLLIN, 0};
    int r = ::poll(fds, n, 200);
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) {
      // A grandchild may keep the pipes open after the server exited: stop once it is reaped.
      std::lock_guard lk(mu_);
      if (reaped_) break;
      continue;
    }
    auto pump = [&](int i, int fd, bool& open, std::string& sink) {
      if (i < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) return;
      ssize_t got = ::read(fd, buf, sizeof buf);
      std::lock_guard lk(mu_);
      if (got > 0)
        sink.append(buf, static_cast<size_t>(got));
      else if (got == 0 || (errno != EINTR && errno != EAGAIN))
        open = false;
      cv_.notify_all();
    };
    pump(oi, out_fd_, out_open, out_);
    pump(ei, err_fd_, err_open, err_);
  }
  std::lock_guard lk(mu_);
  drained_ = true;
  cv_.notify_all();
}

int ServerProcess::reap(int timeout_ms) {
  if (reaped_) return exit_code_;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      std::lock_guard lk(mu_);
      exit_code_ = decode_status(status);
      reaped_ = true;
      cv_.notify_all();
      return exit_code_;
    }
    if (r < 0 && errno != EINTR) {
      std::lock_guard lk(mu_);
      reaped_ = true;
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int ServerProcess::wait(int timeout_ms) { return pid_ > 0 ? reap(timeout_ms) : exit_code_; }

int ServerProcess::stop() {
  if (pid_ <= 0 || reaped_) return exit_code_;
  ::kill(pid_, SIGTERM);
  int code = reap(15000);
  if (code == -1 && !reaped_) {
    ADD_FAILURE() << "vitrine (pid " << pid_ << ") did not exit within 15 s of SIGTERM";
    ::kill(pid_, SIGKILL);
    code = reap(15000);
  }
  if (drainer_.joinable()) drainer_.join();
  return code;
}

int ServerProcess::kill9() {
  if (pid_ <= 0 || reaped_) return exit_code_;
  ::kill(pid_, SIGKILL);
  int code = reap(15000);
  if (drainer_.joinable()) drainer_.join();
  return code;
}

std::string ServerProcess::output() const {
  std::lock_guard lk(mu_);
  return out_;
}

std::string ServerProcess::error_output() const {
  std::lock_guard lk(mu_);
  return err_;
}

bool ServerProcess::wait_for_output(const std::string& text, int timeout_ms) const {
  std::unique_lock lk(mu_);
  return cv_.wait_for(lk, std::chrono::milliseconds(timeout_ms), [&] {
    return out_.find(text) != std::string::npos || err_.find(text) != std::string::npos || drained_;
  }) && (out_.find(text) != std::string::npos || err_.find(text) != std::string::npos);
}

// ---------------------------------------------------------------------------------------------

BackgroundProcess::BackgroundProcess(std::vector<std::string> argv,
                                     std::vector<std::pair<std::string, std::string>> env) {
  Fd out, err;
  pid_ = spawn(argv, env, "", nullptr, &out, &err);
  if (pid_ < 0) {
    output_ = std::string("fork/pipe failed: ") + std::strerror(errno);
    reaped_ = true;
    return;
  }
  out_fd_ = out.release();
  err_fd_ = err.release();
  drainer_ = std::thread([this] {
    bool out_open = true, err_open = true;
    char buf[16384];
    while (out_open || err_open) {
      pollfd fds[2];
      int n = 0, oi = -1, ei = -1;
      if (out_open) fds[oi = n++] = {out_fd_, POLLIN, 0};
      if (err_open) fds[ei = n++] = {err_fd_, POLLIN, 0};
      int r = ::poll(fds, n, 200);
      if (r < 0 && errno != EINTR) break;
      if (r <= 0) {
        std::lock_guard lk(mu_);
        if (reaped_) break;  // a grandchild may hold the pipes open
        continue;
      }
      auto pump = [&](int i, int fd, bool& open) {
        if (i < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) return;
        ssize_t got = ::read(fd, buf, sizeof buf);
        std::lock_guard lk(mu_);
        if (got > 0)
          output_.append(buf, static_cast<size_t>(got));
        else if (got == 0 || (errno != EINTR && errno != EAGAIN))
          open = false;
      };
      pump(oi, out_fd_, out_open);
      pump(ei, err_fd_, err_open);
    }
  });
}

BackgroundProcess::~BackgroundProcess() {
  stop();
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

bool BackgroundProcess::running() {
  std::lock_guard lk(mu_);
  if (reaped_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exit_code_ = decode_status(status);
  reaped_ = true;
  return false;
}

int BackgroundProcess::stop() {
  if (running()) {
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (running()) {
      ::kill(pid_, SIGKILL);
      while (running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  if (drainer_.joinable()) drainer_.join();
  return exit_code_;
}

std::string BackgroundProcess::output() const {
  std::lock_guard lk(mu_);
  return output_;
}

uint16_t free_local_port() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    Fd udp(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (udp.get() < 0 || ::bind(udp.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(udp.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      continue;
    // DNS servers bind TCP on the same port: make sure that one is free too.
    Fd tcp(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (tcp.get() >= 0 && ::bind(tcp.get(), reinterpret_cast<sockaddr*>(&addr), len) == 0)
      return ntohs(addr.sin_port);
  }
  return 0;
}

bool wait_for_udp_port(uint16_t port, int timeout_ms) {
  // /proc/net/udp lines: "sl local_address(hex ip:hex port) rem_address ..."
  auto bound = [port] {
    for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
      std::ifstream in(table);
      std::string line;
      std::getline(in, line);  // header
      while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local;
        fields >> slot >> local;
        size_t colon = local.rfind(':');
        if (colon != std::string::npos &&
            std::strtoul(local.c_str() + colon + 1, nullptr, 16) == port)
          return true;
      }
    }
    return false;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!bound()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}
