#include "themes/compress.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

namespace vitrine::themes {
namespace {

// Chosen for sync throughput, measured on the 20 KB kendustorenew stylesheet: brotli 5 gives
// 4059 bytes in 0.18 ms, brotli 9 3932 bytes in 0.35 ms, brotli 11 3635 bytes in 17 ms; gzip 6
// gives 4301 bytes in 0.14 ms against gzip 9's 4245 in 0.26 ms. Sync must stay within a few
// times the cost of hashing (bench/sync.sh), so the middle settings win.
constexpr int kBrotliQuality = 5;
constexpr int kGzipLevel = 6;

// The brotli window fitted to the input: the default 4 MB window makes every call allocate (and
// page-fault in) megabytes of hash tables, 40x slower on small files than the compression itself.
int brotli_window_bits(size_t size) {
  int bits = BROTLI_MIN_WINDOW_BITS;
  while (bits < BROTLI_MAX_WINDOW_BITS && (size_t{1} << bits) < size + 16) ++bits;
  return bits;
}

}  // namespace

std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&zs, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::nullopt;
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END || out.size() >= data.size()) return std::nullopt;
  return out;
}

std::optional<std::string> brotli_compress(std::string_view data) {
  std::unique_ptr<BrotliEncoderState, decltype(&BrotliEncoderDestroyInstance)> st(
      BrotliEncoderCreateInstance(nullptr, nullptr, nullptr), &BrotliEncoderDestroyInstance);
  if (!st) return std::nullopt;
  BrotliEncoderSetParameter(st.get(), BROTLI_PARAM_QUALITY, kBrotliQuality);
  BrotliEncoderSetParameter(st.get(), BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
  BrotliEncoderSetParameter(st.get(), BROTLI_PARAM_LGWIN, brotli_window_bits(data.size()));
  BrotliEncoderSetParameter(st.get(), BROTLI_PARAM_SIZE_HINT,
                            static_cast<uint32_t>(std::min<size_t>(data.size(), 1u << 30)));
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  if (out.empty()) return std::nullopt;
  size_t avail_in = data.size(), avail_out = out.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(data.data());
  uint8_t* next_out = reinterpret_cast<uint8_t*>(out.data());
  if (!BrotliEncoderCompressStream(st.get(), BROTLI_OPERATION_FINISH, &avail_in, &next_in,
                                   &avail_out, &next_out, nullptr) ||
      !BrotliEncoderIsFinished(st.get()))
    return std::nullopt;
  out.resize(out.size() - avail_out);
  if (out.size() >= data.size()) return std::nullopt;
  return out;
}

std::optional<std::string> gzip_decompress(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return std::nullopt;
    }
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

std::optional<std::string> brotli_decompress(std::string_view data) {
  std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> st(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), &BrotliDecoderDestroyInstance);
  if (!st) return std::nullopt;
  size_t avail_in = data.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(data.data());
  std::string out;
  BrotliDecoderResult rc;
  do {
    uint8_t buf[16384];
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(st.get(), &avail_in, &next_in, &avail_out, &next_out,
                                       nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) return std::nullopt;
  return out;
}

}  // namespace vitrine::themes
