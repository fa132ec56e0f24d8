// MediaLibrary against a real database and blob store (SQLite and a folder, or PostgreSQL and S3
// in the suite's second pass), with images made by libvips itself: uploads in every accepted
// format get their variants, hostile input leaves nothing behind, quotas hold under concurrent
// uploads, and a file something public names is not deleted.
#include "media/media_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "media/images.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/images.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::HasSubstr;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::media {
namespace {

constexpr const char* kWs = "0190f0c4-0000-7000-8000-000000000001";
constexpr const char* kOtherWs = "0190f0c4-0000-7000-8000-000000000002";
constexpr int64_t kPlenty = int64_t{1} << 30;

using testing::make_image;
using testing::png_claiming;

class MediaLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    ASSERT_THAT(db::migrate(*db_, MediaLibrary::migrations()), IsOk());
    auto blobs = blob::BlobStore::open(testing::test_blob_url(tmp_));
    ASSERT_THAT(blobs, IsOk());
    blobs_ = std::move(*blobs);
    library_ = std::make_unique<MediaLibrary>(
        *db_, *blobs_, [this](const std::string&, const std::string& needle) {
          std::vector<Reference> out;
          for (const auto& [url, ref] : references_)
            if (url.starts_with(needle)) out.push_back(ref);
          return Result<std::vector<Reference>>(out);
        });
  }

  Result<UploadResult> upload(const std::string& bytes, const std::string& type,
                              int64_t quota = kPlenty, const std::string& ws = kWs) {
    return library_->upload(ws, Upload{bytes, type, "photo", ""}, quota);
  }

  // Nothing of a refused upload may remain: no row, no bytes, no usage.
  void expect_nothing_stored() {
    auto page = library_->list(kWs, 1, 100);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total, 0);
    auto blobs = blobs_->list("media/");
    ASSERT_THAT(blobs, IsOk());
    EXPECT_TRUE(blobs->empty()) << blobs->front().key;
    EXPECT_EQ(library_->usage(kWs, kPlenty)->used_bytes, 0);
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<blob::BlobStore> blobs_;
  std::unique_ptr<MediaLibrary> library_;
  std::vector<std::pair<std::string, Reference>> references_;  // url → what names it
};

TEST_F(MediaLibraryTest, AJpegGetsItsResponsiveWebpWidthsAndAThumbnailOnce) {
  const std::string jpeg = make_image("jpeg", 1600, 1200);
  auto up = upload(jpeg, "image/jpeg");
  ASSERT_THAT(up, IsOk());
  ASSERT_TRUE(up->created);
  const MediaFile& f = up->file;
  EXPECT_EQ(f.format, "jpeg");
  EXPECT_EQ(f.width, 1600);
  EXPECT_EQ(f.height, 1200);
  EXPECT_EQ(f.url(), f.url_prefix() + "1600x1200.jpg");
  std::vector<std::string> names;
  int64_t stored = f.bytes;
  for (const auto& v : f.variants) {
    names.push_back(v.name);
    stored += v.bytes;
    auto bytes = library_->read(kWs, f.sha256, v.name);
    ASSERT_THAT(bytes, IsOk()) << v.name;
    EXPECT_EQ(sniff_format(*bytes)->name, "webp") << v.name;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"w320.webp", "w640.webp", "w1280.webp", "thumb.webp"}));
  EXPECT_EQ(f.variants[1].width, 640);
  EXPECT_EQ(f.variants[1].height, 480);
  EXPECT_EQ(f.variants[3].width, kThumbnailSize);
  EXPECT_EQ(f.variants[3].height, kThumbnailSize);
  EXPECT_EQ(f.stored_bytes, stored);
  EXPECT_EQ(*library_->read(kWs, f.sha256, "1600x1200.jpg"), jpeg) << "the original as sent";
  EXPECT_EQ(library_->usage(kWs, kPlenty)->used_bytes, stored);

  // The same bytes again: the same file, nothing stored twice.
  auto again = upload(jpeg, "application/octet-stream");
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->file.id, f.id);
  EXPECT_EQ(library_->list(kWs, 1, 10)->total, 1);
  EXPECT_EQ(library_->usage(kWs, kPlenty)->used_bytes, stored);
}

TEST_F(MediaLibraryTest, EveryAcceptedFormatIsReadFromItsBytes) {
  for (const char* format : {"png", "webp", "gif", "avif"}) {
    auto up = upload(make_image(format, 200, 100), "application/octet-stream");
    ASSERT_THAT(up, IsOk()) << format;
    EXPECT_EQ(up->file.format, format);
    ASSERT_EQ(up->file.variants.size(), 2u) << "no upscaling: one width and the thumbnail";
    EXPECT_EQ(up->file.variants[0].name, "w200.webp");
    EXPECT_EQ(up->file.variants[0].width, 200);
  }
  EXPECT_EQ(library_->list(kWs, 1, 10)->total, 4);
}

TEST_F(MediaLibraryTest, HostileUploadsAreRefusedWithNothingStored) {
  const std::string svg =
      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
      "<script>alert(document.cookie)</script></svg>";
  EXPECT_THAT(upload(svg, "image/svg+xml"), StatusIs(errc::kUnsupportedMediaType));
  EXPECT_THAT(upload(svg, "image/png"), StatusIs(errc::kUnsupportedMediaType));
  auto svg_error = upload(svg, "application/octet-stream");
  EXPECT_THAT(svg_error.error().message, HasSubstr("SVG"));

  // Declared one type, bytes of another.
  auto mislabelled = upload(make_image("jpeg", 64, 64), "image/png");
  ASSERT_THAT(mislabelled, StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(mislabelled.error().message,
              HasSubstr("declared image/png but its bytes are image/jpeg"));
  EXPECT_THAT(upload("MZ\x90\x00 not an image at all", "application/octet-stream"),
              StatusIs(errc::kUnsupportedMediaType));
  EXPECT_THAT(upload("", "image/png"), StatusIs(errc::kInvalidArgument));

  // A header announcing 30000 x 30000 pixels is refused before a pixel is decoded.
  auto bomb = upload(png_claiming(30000, 30000), "image/png");
  ASSERT_THAT(bomb, StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(bomb.error().message, HasSubstr("30000x30000"));
  auto wide = upload(png_claiming(20000, 10), "image/png");
  EXPECT_THAT(wide, StatusIs(errc::kInvalidArgument)) << "a side above 16384";

  // Truncated: the magic bytes are right, the pixels are not there.
  std::string jpeg = make_image("jpeg", 800, 600);
  EXPECT_THAT(upload(jpeg.substr(0, jpeg.size() / 2), "image/jpeg"),
              StatusIs(errc::kInvalidArgument));

  EXPECT_THAT(upload(std::string(kMaxUploadBytes + 1, 'x'), "image/png"),
              StatusIs(errc::kPayloadTooLarge));
  EXPECT_THAT(library_->upload(kWs, Upload{make_image("png", 8, 8), "", "x", std::string(501, 'a')},
                               kPlenty),
              StatusIs(errc::kValidationFailed));
  expect_nothing_stored();
}

TEST_F(MediaLibraryTest, TheQuotaCountsVariantsAndHoldsUnderConcurrentUploads) {
  auto first = upload(make_image("png", 700, 500), "image/png");
  ASSERT_THAT(first, IsOk());
  const int64_t used = first->file.stored_bytes;
  auto full = upload(make_image("png", 701, 500), "image/png", used + 10);
  ASSERT_THAT(full, StatusIs(errc::kQuotaExceeded));
  EXPECT_EQ(full.error().details["used_bytes"], used);
  EXPECT_EQ(library_->list(kWs, 1, 10)->total, 1);
  EXPECT_EQ(blobs_->list("media/")->size(), first->file.variants.size() + 1)
      << "the refused upload's bytes are gone";

  // Room for exactly one more of two images racing for it.
  const std::string a = make_image("png", 702, 500), b = make_image("png", 703, 500);
  const int64_t quota = used + 2 * std::max(a.size(), b.size()) + 40000;
  std::barrier start(2);
  std::atomic<int> ok{0}, refused{0};
  auto race = [&](const std::string& bytes) {
    start.arrive_and_wait();
    auto r = upload(bytes, "image/png", quota);
    if (r.ok()) ++ok;
    if (!r.ok() && r.error().code == errc::kQuotaExceeded) ++refused;
  };
  std::thread t1(race, a), t2(race, b);
  t1.join();
  t2.join();
  auto u = library_->usage(kWs, quota);
  EXPECT_LE(u->used_bytes, quota) << "never above the quota";
  EXPECT_EQ(ok + refused, 2);
  EXPECT_EQ(u->files, 1 + ok.load());
}

TEST_F(MediaLibraryTest, AFileSomethingPublicNamesIsNotDeleted) {
  auto up = upload(make_image("webp", 400, 300), "image/webp");
  ASSERT_THAT(up, IsOk());
  const MediaFile f = up->file;
  references_.push_back({f.url_prefix() + "w320.webp", {"page", "/about", "/about"}});
  references_.push_back({f.url(), {"product", "p-1", "Stoneware mug"}});
  auto refused = library_->remove(kWs, f.id);
  ASSERT_THAT(refused, StatusIs(errc::kConflict));
  EXPECT_THAT(refused.error().message, HasSubstr("product 'Stoneware mug'"));
  EXPECT_EQ(refused.error().details["references"].size(), 2u);
  EXPECT_THAT(library_->read(kWs, f.sha256, "w320.webp"), IsOk());

  references_.clear();
  EXPECT_THAT(library_->remove(kOtherWs, f.id), StatusIs(errc::kNotFound));
  ASSERT_THAT(library_->remove(kWs, f.id), IsOk());
  EXPECT_THAT(library_->read(kWs, f.sha256, "w320.webp"), StatusIs(errc::kNotFound));
  expect_nothing_stored();
}

TEST_F(MediaLibraryTest, FilesBelongToTheirWorkspace) {
  auto up = upload(make_image("png", 50, 50), "image/png");
  ASSERT_THAT(up, IsOk());
  EXPECT_THAT(library_->get(kOtherWs, up->file.id), StatusIs(errc::kNotFound));
  EXPECT_THAT(library_->set_alt(kOtherWs, up->file.id, "mine"), StatusIs(errc::kNotFound));
  EXPECT_EQ(library_->list(kOtherWs, 1, 10)->total, 0);
  auto alt = library_->set_alt(kWs, up->file.id, "A speckled mug on oak");
  ASSERT_THAT(alt, IsOk());
  EXPECT_EQ(alt->alt, "A speckled mug on oak");
  EXPECT_THAT(library_->set_alt(kWs, up->file.id, std::string(501, 'a')),
              StatusIs(errc::kValidationFailed));
  // The CDN reads only media keys.
  EXPECT_THAT(library_->read(kWs, up->file.sha256, "..%2f..%2fsecret"), StatusIs(errc::kNotFound));
  EXPECT_THAT(library_->read("../themes", up->file.sha256, "50x50.png"), StatusIs(errc::kNotFound));
}

TEST(MediaSrcset, ListsTheVariantsTheUploadMade) {
  const std::string base = "/cdn/media/ws/" + std::string(64, 'a') + "/";
  EXPECT_EQ(srcset_for(base + "1600x1200.jpg"),
            base + "w320.webp 320w, " + base + "w640.webp 640w, " + base + "w1280.webp 1280w");
  EXPECT_EQ(srcset_for("https://shop.example" + base + "800x600.png"),
            "https://shop.example" + base + "w320.webp 320w, https://shop.example" + base +
                "w640.webp 640w, https://shop.example" + base + "w800.webp 800w");
  EXPECT_EQ(srcset_for(base + "200x100.gif"), base + "w200.webp 200w");
  EXPECT_EQ(srcset_for("/images/mug.jpg"), "");
  EXPECT_EQ(variant_widths(1280), (std::vector<int>{320, 640, 1280}));
}

}  // namespace
}  // namespace vitrine::media
