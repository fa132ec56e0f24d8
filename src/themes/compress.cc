#include "themes/compress.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

namespace vitrine::themes {
namespace {

// Quality settings chosen for sync throughput: brotli 9 and gzip 9 get within a few percent of
// the maximum ratio on CSS/JS at a fraction of brotli 11's time (see bench/sync.sh).
constexpr int kBrotliQuality = 9;
constexpr int kGzipLevel = 9;

}  // namespace

std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&zs, kGzipLevel, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
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
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    return std::nullopt;
  out.resize(size);
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
  auto* st = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!st) return std::nullopt;
  size_t avail_in = data.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(data.data());
  std::string out;
  BrotliDecoderResult rc;
  do {
    uint8_t buf[16384];
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  BrotliDecoderDestroyInstance(st);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) return std::nullopt;
  return out;
}

}  // namespace vitrine::themes
