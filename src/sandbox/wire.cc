#include "sandbox/wire.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace vitrine::sandbox::wire {

int64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

Status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errc::kIo,
                  std::string("render worker socket write failed: ") + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

namespace {

// Reads exactly n bytes. 0 = all read, 1 = end of file before any byte, -1 = error or short.
int read_exact(int fd, char* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) return got == 0 ? 1 : -1;
    got += static_cast<size_t>(r);
  }
  return 0;
}

}  // namespace

Result<std::string> read_frame(int fd) {
  uint32_t length = 0;
  int rc = read_exact(fd, reinterpret_cast<char*>(&length), 4);
  if (rc == 1) return fail(errc::kUnavailable, "the render worker socket was closed");
  if (rc < 0) return fail(errc::kIo, "render worker socket read failed");
  if (length > kMaxFrameBytes)
    return fail(errc::kPayloadTooLarge, "render frame of " + std::to_string(length) + " bytes");
  std::string payload(length, '\0');
  if (length > 0 && read_exact(fd, payload.data(), length) != 0)
    return fail(errc::kIo, "render worker socket closed mid-frame");
  return payload;
}

Result<std::optional<std::string>> take_frame(std::string& buffer) {
  if (buffer.size() < 4) return std::optional<std::string>();
  uint32_t length = 0;
  std::memcpy(&length, buffer.data(), 4);
  if (length > kMaxFrameBytes)
    return fail(errc::kPayloadTooLarge, "render frame of " + std::to_string(length) + " bytes");
  const size_t size = 4 + static_cast<size_t>(length);
  if (buffer.size() < size) return std::optional<std::string>();
  if (buffer.size() == size) {
    std::string frame = std::move(buffer);
    buffer.clear();
    return std::optional<std::string>(std::move(frame));
  }
  std::string frame = buffer.substr(0, size);
  buffer.erase(0, size);
  return std::optional<std::string>(std::move(frame));
}

}  // namespace vitrine::sandbox::wire
