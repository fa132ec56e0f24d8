// The render worker protocol (internal to render/): binary frames over one Unix stream socket
// (the worker's stdin and stdout). Both ends are the same binary on the same machine, so
// integers are native-endian. A frame is a u32 payload length, then the payload; strings are a
// u32 length and bytes. JSON stays text end to end: the worker hands it to V8's JSON parser.
//
//   worker → pool  kReady       u32 protocol version
//   pool → worker  kRender      u64 request id, u32 time limit ms, u32 output limit bytes,
//                               str ctx_json, str data_key, u8 has_data, [str data_json],
//                               u32 n × {str name, str hash, u8 has_source, [str source]},
//                               u32 n × block, u8 has_root, [block]
//                               where block = {str component, str props_json, str skip_code}
//   worker → pool  kResult      u64 request id, u8 retiring (Retiring), u32 n × result, u8
//   has_root,
//                               [result] where result = {str error_code, str html, str message}
//   worker → pool  kNeedSources u64 request id, u32 n × str hash, u8 needs_data (compiled
//                               code or the catalogue snapshot was evicted: send the request
//                               again with these sources / the data)
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine::sandbox::wire {

inline constexpr uint32_t kProtocolVersion = 1;
inline constexpr size_t kMaxFrameBytes = 256u << 20;

enum class Kind : uint8_t { kReady = 1, kRender = 2, kResult = 3, kNeedSources = 4 };

// Whether a worker exits after its answer (its sandbox is retired) and why.
enum Retiring : uint8_t { kKeepServing = 0, kRetiringHeapLimit = 1, kRetiringTampered = 2 };

// Shared memory between a worker and its supervisor (a memfd the worker gets as a file
// descriptor): what the worker is doing right now, so that when it has to be killed or it
// dies, the supervisor knows which block was running. Written by the worker only.
struct Progress {
  std::atomic<uint64_t> request_id{0};     // the request being rendered
  std::atomic<int32_t> block{-1};          // its block index (blocks.size() = root); -1 between
  std::atomic<int64_t> started_ns{0};      // CLOCK_MONOTONIC when that block started
  std::atomic<int64_t> started_cpu_ns{0};  // the rendering thread's CPU time then (its pid's)
  std::atomic<uint32_t> fatal_oom{0};      // set just before exiting on a fatal out-of-memory
};
static_assert(std::atomic<uint64_t>::is_always_lock_free &&
              std::atomic<int64_t>::is_always_lock_free);

// The worker's exit status after V8 hit a fatal out-of-memory error.
inline constexpr int kExitFatalOom = 86;

// CLOCK_MONOTONIC in nanoseconds: comparable across processes on one machine.
int64_t monotonic_ns();

// Builds one frame; the length prefix is filled in by finish().
class Writer {
 public:
  explicit Writer(Kind kind) {
    buf_.resize(4);
    u8(static_cast<uint8_t>(kind));
  }
  void u8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { raw(&v, sizeof v); }
  void u64(uint64_t v) { raw(&v, sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    buf_.append(s);
  }
  // The complete frame.
  std::string finish() && {
    uint32_t n = static_cast<uint32_t>(buf_.size() - 4);
    std::memcpy(buf_.data(), &n, 4);
    return std::move(buf_);
  }

 private:
  void raw(const void* p, size_t n) { buf_.append(static_cast<const char*>(p), n); }
  std::string buf_;
};

// Reads a payload; every accessor returns false once anything was short (and stays false).
class Reader {
 public:
  explicit Reader(std::string_view payload) : p_(payload) {}
  bool u8(uint8_t& v) { return raw(&v, 1); }
  bool u32(uint32_t& v) { return raw(&v, 4); }
  bool u64(uint64_t& v) { return raw(&v, 8); }
  bool str(std::string_view& s) {
    uint32_t n = 0;
    if (!u32(n) || p_.size() < n) return ok_ = false;
    s = p_.substr(0, n);
    p_.remove_prefix(n);
    return true;
  }
  bool ok() const { return ok_; }

 private:
  bool raw(void* out, size_t n) {
    if (!ok_ || p_.size() < n) return ok_ = false;
    std::memcpy(out, p_.data(), n);
    p_.remove_prefix(n);
    return true;
  }
  std::string_view p_;
  bool ok_ = true;
};

// Writes all of `data` to socket `fd` (blocking; no SIGPIPE). io_error when the peer is gone.
Status write_all(int fd, std::string_view data);

// Reads one frame's payload from `fd`, blocking. unavailable at end of file before a frame
// starts (the peer closed), io_error on a short frame or a read error, payload_too_large past
// kMaxFrameBytes.
Result<std::string> read_frame(int fd);

// Splits a complete frame off the front of `buffer` (bytes read so far): the whole frame,
// length prefix included (payload = frame.substr(4); when `buffer` holds exactly one frame it
// is moved, not copied), or nullopt when more bytes are needed. payload_too_large past
// kMaxFrameBytes.
Result<std::optional<std::string>> take_frame(std::string& buffer);

// The payload of a frame returned by take_frame.
inline std::string_view payload_of(const std::string& frame) {
  return std::string_view(frame).substr(4);
}

}  // namespace vitrine::sandbox::wire
