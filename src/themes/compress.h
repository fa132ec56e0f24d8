// Precompression of text assets for the CDN: gzip (zlib) and brotli copies stored beside the
// originals, so serving never compresses on the fly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vitrine::themes {

// Files smaller than this are served as they are: a 1 KB response already fits in one TCP
// segment, so compressing it saves the client nothing, and sync would create two more blobs.
inline constexpr size_t kMinCompressBytes = 1024;

// gzip (RFC 1952) of `data` at the best ratio; nullopt when the copy would not be smaller.
std::optional<std::string> gzip_compress(std::string_view data);

// brotli of `data` for text; nullopt when the copy would not be smaller.
std::optional<std::string> brotli_compress(std::string_view data);

// Inverse operations, for tests and for clients without brotli support. nullopt on corrupt input.
std::optional<std::string> gzip_decompress(std::string_view data);
std::optional<std::string> brotli_decompress(std::string_view data);

}  // namespace vitrine::themes
