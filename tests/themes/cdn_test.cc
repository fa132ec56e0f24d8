// ThemeCdn's two delivery paths on both blob backends (a local folder and a real S3-compatible
// server): small files are read once and cached, large ones are streamed with range reads and
// never held whole.
#include "themes/cdn.h"

#include <gtest/gtest.h>

#include "blob/blob_store.h"
#include "blob/s3_blob_store.h"
#include "core/hash.h"
#include "db/database.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/s3_server.h"
#include "testing/temp_dir.h"
#include "theme_fixture.h"
#include "themes/compress.h"
#include "themes/registry.h"
#include "themes/sync.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::themes {
namespace {

using testing::write_text;
using testing::write_theme;
using Kind = AssetLookup::Kind;

constexpr uint64_t kBigSize = 12 << 20;
constexpr size_t kChunk = 256 << 10;  // what the HTTP server asks for at a time

// Incompressible bytes (a video or a large image looks like this to the CDN).
std::string noise(size_t n, uint64_t seed) {
  std::string out(n, '\0');
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out[i] = static_cast<char>(x >> 32);
  }
  return out;
}

// Text over a megabyte that compresses well, so sync stores .br and .gz copies.
std::string big_text() {
  std::string out;
  for (int i = 0; out.size() < (3 << 19); ++i)
    out += "line " + std::to_string(i) + ": the quick brown fox jumps over the lazy dog\n";
  return out;
}

class CdnStreamingTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto opened = db::Database::open(vitrine::testing::test_database_url(tmp));
    ASSERT_THAT(opened, IsOk());
    db = std::move(opened).value();
    ASSERT_THAT(db::migrate(*db, ThemeRegistry::migrations()), IsOk());
    if (GetParam() == "local") {
      blobs = std::move(blob::BlobStore::open("file://" + (tmp.path() / "blobs").string())).value();
    } else {
      for (const auto& [name, value] : vitrine::testing::test_s3_credentials_env())
        setenv(name.c_str(), value.c_str(), 1);
      auto s3 = blob::S3BlobStore::open_url(vitrine::testing::test_s3_blob_url("cdn"));
      ASSERT_THAT(s3, IsOk());
      blobs = std::move(s3).value();
    }
    registry = std::make_unique<ThemeRegistry>(*db);

    const auto themes = tmp.path() / "themes";
    auto dir = write_theme(themes, "shop", "1.0.0");
    write_text(dir / "media/hero.webp", big);
    write_text(dir / "media/edge.webp", noise(1 << 20, 2));        // exactly 1 MiB
    write_text(dir / "media/over.webp", noise((1 << 20) + 1, 3));  // one byte more
    write_text(dir / "docs/manual.txt", text);
    ThemeSync sync(*registry, *blobs, themes, ValidationLimits{});
    auto synced = sync.sync(std::nullopt);
    ASSERT_THAT(synced, IsOk());
    ASSERT_TRUE(synced->ok()) << synced->to_json().dump(2);
    // The default budget: 256 MiB would cache a 12 MiB file (an eighth is 32 MiB) if it were
    // read whole, so cached_bytes() tells whether it was.
    cdn = std::make_unique<ThemeCdn>(*registry, *blobs, 256ull << 20);
    ASSERT_THAT(cdn->refresh(), IsOk());
  }

  Result<AssetLookup> lookup(const std::string& path, bool allow_io, bool br = false,
                             bool gz = false) {
    return cdn->lookup(AssetQuery{"shop", "1.0.0", path, br, gz}, allow_io);
  }

  // What the server does with a streamed asset: chunk-sized reads from `first` to `last`.
  std::string read_all(const Asset& a, uint64_t first, uint64_t last) {
    std::string out;
    for (uint64_t at = first; at <= last;) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, last - at + 1));
      auto chunk = cdn->read_stream(a, at, want);
      EXPECT_THAT(chunk, IsOk());
      if (!chunk.ok() || chunk->empty()) break;
      EXPECT_LE(chunk->size(), want);
      out += *chunk;
      at += chunk->size();
    }
    return out;
  }

  TempDir tmp;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<blob::BlobStore> blobs;
  std::unique_ptr<ThemeRegistry> registry;
  std::unique_ptr<ThemeCdn> cdn;
  const std::string big = noise(kBigSize, 1);
  const std::string text = big_text();
};

INSTANTIATE_TEST_SUITE_P(Backends, CdnStreamingTest, ::testing::Values("local", "s3"),
                         [](const auto& info) { return info.param; });

TEST_P(CdnStreamingTest, LargeFileIsStreamedWholeAndNeverBuffered) {
  EXPECT_EQ(cdn->stream_threshold(), 1u << 20);
  // No I/O is needed to answer: the size comes from the index, the bytes later.
  auto found = lookup("media/hero.webp", false);
  ASSERT_THAT(found, IsOk());
  ASSERT_EQ(found->kind, Kind::kAsset);
  const Asset& a = found->asset;
  EXPECT_EQ(a.bytes, nullptr);
  EXPECT_EQ(a.size, kBigSize);
  EXPECT_FALSE(a.stream_key.empty());
  EXPECT_EQ(a.content_type, "image/webp");
  EXPECT_EQ(a.etag, "\"" + sha256_hex(big).substr(0, 32) + "\"");

  std::string served = read_all(a, 0, kBigSize - 1);
  EXPECT_EQ(served.size(), kBigSize);
  EXPECT_EQ(sha256_hex(served), sha256_hex(big));
  EXPECT_LT(cdn->cached_bytes(), kBigSize) << "the large file was buffered into the cache";
  EXPECT_EQ(cdn->cached_bytes(), 0u);

  // Small files keep the cached in-memory path.
  auto css = lookup("build/theme.css", true);
  ASSERT_THAT(css, IsOk());
  ASSERT_NE(css->asset.bytes, nullptr);
  EXPECT_EQ(css->asset.size, css->asset.bytes->size());
  EXPECT_EQ(cdn->cached_bytes(), css->asset.size);
}

TEST_P(CdnStreamingTest, RangesOfALargeFileReadOnlyTheirBytes) {
  auto found = lookup("media/hero.webp", false);
  ASSERT_THAT(found, IsOk());
  const Asset& a = found->asset;
  struct Span {
    uint64_t first, last;
  };
  for (Span s : {Span{0, 0}, Span{5'000'003, 5'000'999}, Span{1 << 20, (3 << 20) - 1},
                 Span{kBigSize - 300'000, kBigSize - 1}}) {
    std::string part = read_all(a, s.first, s.last);
    EXPECT_EQ(part.size(), s.last - s.first + 1) << s.first;
    EXPECT_TRUE(part == big.substr(s.first, s.last - s.first + 1)) << "range at " << s.first;
  }
  // A read past the end is clamped, as blob ranges are.
  auto tail = cdn->read_stream(a, kBigSize - 10, kChunk);
  ASSERT_THAT(tail, IsOk());
  EXPECT_EQ(*tail, big.substr(kBigSize - 10));
  EXPECT_EQ(cdn->cached_bytes(), 0u);
}

TEST_P(CdnStreamingTest, ThresholdIsTheSmallerOfAnEighthOfTheBudgetAndOneMebibyte) {
  auto edge = lookup("media/edge.webp", true);
  auto over = lookup("media/over.webp", true);
  ASSERT_THAT(edge, IsOk());
  ASSERT_THAT(over, IsOk());
  EXPECT_NE(edge->asset.bytes, nullptr) << "a file of exactly 1 MiB is still buffered";
  EXPECT_EQ(over->asset.bytes, nullptr) << "one byte more is streamed";
  EXPECT_EQ(over->asset.size, (1u << 20) + 1);

  // A small budget lowers the threshold to an eighth of it.
  ThemeCdn small(*registry, *blobs, 1 << 20);
  ASSERT_THAT(small.refresh(), IsOk());
  EXPECT_EQ(small.stream_threshold(), 128u << 10);
  auto edge_small = small.lookup(AssetQuery{"shop", "1.0.0", "media/edge.webp"}, true);
  ASSERT_THAT(edge_small, IsOk());
  EXPECT_EQ(edge_small->asset.bytes, nullptr);
  EXPECT_EQ(small.cached_bytes(), 0u);
}

TEST_P(CdnStreamingTest, CompressedCopiesOfALargeFileAreStreamedToo) {
  ASSERT_GT(text.size(), 1u << 20);
  for (bool use_br : {true, false}) {
    // The compressed copy's size needs one blob head: the first lookup asks for I/O.
    auto need_io = lookup("docs/manual.txt", false, use_br, !use_br);
    ASSERT_THAT(need_io, IsOk());
    EXPECT_EQ(need_io->kind, Kind::kNeedsIo);
    auto found = lookup("docs/manual.txt", true, use_br, !use_br);
    ASSERT_THAT(found, IsOk());
    ASSERT_EQ(found->kind, Kind::kAsset);
    const Asset& a = found->asset;
    EXPECT_EQ(a.encoding, use_br ? "br" : "gzip");
    EXPECT_EQ(a.bytes, nullptr);
    ASSERT_GT(a.size, 0u);
    EXPECT_LT(a.size, text.size());
    std::string served = read_all(a, 0, a.size - 1);
    EXPECT_EQ(served.size(), a.size);
    auto plain = use_br ? brotli_decompress(served) : gzip_decompress(served);
    ASSERT_TRUE(plain.has_value());
    EXPECT_TRUE(*plain == text);
    // Remembered: the next lookup answers without I/O.
    auto again = lookup("docs/manual.txt", false, use_br, !use_br);
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->kind, Kind::kAsset);
    EXPECT_EQ(again->asset.size, a.size);
  }
  EXPECT_EQ(cdn->cached_bytes(), 0u);
}

TEST_P(CdnStreamingTest, MissingOrShortBlobIsAnInternalErrorNamingTheKey) {
  auto found = lookup("media/hero.webp", false);
  ASSERT_THAT(found, IsOk());
  const Asset& a = found->asset;
  ASSERT_THAT(blobs->put(a.stream_key, big.substr(0, 1000)), IsOk());
  auto short_read = cdn->read_stream(a, 5000, kChunk);
  ASSERT_THAT(short_read, StatusIs(errc::kInternal));
  EXPECT_NE(short_read.error().message.find(a.stream_key), std::string::npos);

  ASSERT_THAT(blobs->remove(a.stream_key), IsOk());
  auto missing = cdn->read_stream(a, 0, kChunk);
  ASSERT_THAT(missing, StatusIs(errc::kInternal));
  EXPECT_NE(missing.error().message.find("missing from blob storage"), std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace vitrine::themes
