// Behaviour of the local-folder backend only; the BlobStore contract every backend shares is
// tested in blob_store_contract_test.cc.
#include "blob/local_blob_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hostile_keys.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::blob {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> keys_of(const Result<std::vector<BlobInfo>>& listed) {
  std::vector<std::string> out;
  if (!listed.ok()) return {"<error: " + listed.error().message + ">"};
  for (const BlobInfo& b : *listed) out.push_back(b.key);
  return out;
}

// Every file under `dir`, relative, so tests can see exactly what landed on disk.
std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class LocalBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "blobs";
    auto opened = BlobStore::open("file://" + root_.string());
    ASSERT_THAT(opened, IsOk());
    store_ = std::move(opened).value();
  }

  TempDir dir_;
  fs::path root_;
  std::unique_ptr<BlobStore> store_;
};

TEST_F(LocalBlobStoreTest, OverwriteReplacesTheObject) {
  ASSERT_THAT(store_->put("k", "first version, longer"), IsOk());
  ASSERT_THAT(store_->put("k", "second"), IsOk());
  EXPECT_EQ(*store_->get("k"), "second");
  EXPECT_EQ(store_->head("k")->size, 6u);
  EXPECT_EQ(files_under(root_), std::vector<std::string>{"k"}) << "no temporary files remain";
}

TEST_F(LocalBlobStoreTest, KeysAndFoldersCannotCollide) {
  ASSERT_THAT(store_->put("a/b", "object"), IsOk());
  Status under_object = store_->put("a/b/c", "x");
  ASSERT_THAT(under_object, StatusIs(errc::kConflict));
  Status over_folder = store_->put("a", "x");
  ASSERT_THAT(over_folder, StatusIs(errc::kConflict));
  EXPECT_EQ(*store_->get("a/b"), "object");
  EXPECT_EQ(files_under(root_), std::vector<std::string>{"a/b"});
}

TEST_F(LocalBlobStoreTest, TemporaryFilesNeverShowUpInList) {
  ASSERT_THAT(store_->put("site/a", "a"), IsOk());
  // What a crashed writer leaves behind.
  std::ofstream(root_ / "site" / ".vitrine-tmp-0123456789abcdef") << "partial";
  std::ofstream(root_ / ".vitrine-tmp-fedcba9876543210") << "partial";
  EXPECT_THAT(keys_of(store_->list("")), ElementsAre("site/a"));
  EXPECT_THAT(keys_of(store_->list("site/")), ElementsAre("site/a"));
  EXPECT_THAT(keys_of(store_->list("site/.vitrine")), ::testing::IsEmpty());
  // Keys cannot use the reserved name, so no object can hide among them.
  Status reserved = store_->put("site/.vitrine-tmp-x", "x");
  ASSERT_THAT(reserved, StatusIs(errc::kInvalidArgument));
}

TEST_F(LocalBlobStoreTest, HostileKeysAreRejectedByEveryOperation) {
  const std::vector<std::string> hostile = hostile_keys();
  ASSERT_THAT(store_->put("ok", "fine"), IsOk());
  for (const std::string& key : hostile) {
    SCOPED_TRACE("key: " + key);
    Status valid = validate_key(key);
    ASSERT_THAT(valid, StatusIs(errc::kInvalidArgument));
    if (!key.empty() && key.find('\0') == std::string::npos &&
        key.find_first_of("\n\t\x7f\xff") == std::string::npos) {
      EXPECT_THAT(valid.error().message, HasSubstr("\"" + key + "\"")) << "names the key";
    }
    EXPECT_EQ(store_->put(key, "evil").error().code, errc::kInvalidArgument);
    EXPECT_EQ(store_->get(key).error().code, errc::kInvalidArgument);
    EXPECT_EQ(store_->get_range(key, 0, 1).error().code, errc::kInvalidArgument);
    EXPECT_EQ(store_->head(key).error().code, errc::kInvalidArgument);
    EXPECT_EQ(store_->remove(key).error().code, errc::kInvalidArgument);
  }
  EXPECT_EQ(files_under(dir_.path()), std::vector<std::string>{"blobs/ok"})
      << "nothing was written anywhere else";
}

TEST_F(LocalBlobStoreTest, ControlCharactersAreEscapedInMessages) {
  Status st = validate_key(std::string("a\0b", 3));
  ASSERT_THAT(st, Not(IsOk()));
  EXPECT_THAT(st.error().message, HasSubstr("a\\x00b"));
  EXPECT_THAT(st.error().message, HasSubstr("control character"));
  EXPECT_THAT(validate_key("a\\b").error().message, HasSubstr("backslash"));
  EXPECT_THAT(validate_key("a//b").error().message, HasSubstr("empty segment"));
  EXPECT_THAT(validate_key("/abs").error().message, HasSubstr("relative"));
}

TEST_F(LocalBlobStoreTest, HostilePrefixesAreRejected) {
  for (std::string prefix : {"../", "/abs", "a//", "a/../", "a\\", "./x"}) {
    auto listed = store_->list(prefix);
    ASSERT_THAT(listed, Not(IsOk())) << prefix;
    EXPECT_EQ(listed.error().code, errc::kInvalidArgument) << prefix;
  }
  auto nul = store_->list(std::string("a\0", 2));
  ASSERT_THAT(nul, StatusIs(errc::kInvalidArgument));
}

TEST_F(LocalBlobStoreTest, ValidKeysAreAccepted) {
  for (const char* key : {"a", "themes/published/shop/v1.0.0/build/app.css", "with space/x y",
                          "unicode/caf\xC3\xA9.txt", ".hidden", "dots/..b", "dots/b.", "..."}) {
    Status st = validate_key(key);
    EXPECT_THAT(st, IsOk()) << key;
    EXPECT_THAT(store_->put(key, key), IsOk()) << key;
    EXPECT_EQ(*store_->get(key), key);
  }
}

TEST_F(LocalBlobStoreTest, LocalPathPointsAtTheObjectFile) {
  auto local = dynamic_cast<LocalBlobStore*>(store_.get());
  ASSERT_NE(local, nullptr);
  ASSERT_THAT(store_->put("assets/app.js", "console.log(1)"), IsOk());
  auto path = local->local_path("assets/app.js");
  ASSERT_TRUE(path.has_value());
  std::ifstream in(*path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "console.log(1)");
  EXPECT_FALSE(local->local_path("assets/missing.js").has_value());
  EXPECT_FALSE(local->local_path("assets").has_value()) << "folders are not objects";
  EXPECT_FALSE(local->local_path("../blobs/assets/app.js").has_value());
}

TEST(BlobStoreOpenTest, CreatesTheFolder) {
  TempDir dir;
  auto root = dir.path() / "x" / "y" / "blobs";
  auto store = BlobStore::open("file://" + root.string());
  ASSERT_THAT(store, IsOk());
  EXPECT_TRUE(fs::is_directory(root));
}

TEST(BlobStoreOpenTest, RelativeFolderIsResolvedAgainstTheWorkingFolderAtOpen) {
  TempDir dir;
  auto old_cwd = fs::current_path();
  fs::current_path(dir.path());
  auto store = BlobStore::open("file://data/blobs");
  fs::current_path(old_cwd);
  ASSERT_THAT(store, IsOk());
  ASSERT_THAT((*store)->put("k", "v"), IsOk());
  EXPECT_TRUE(fs::exists(dir.path() / "data" / "blobs" / "k"));
}

TEST(BlobStoreOpenTest, UnknownSchemesAreConfigErrors) {
  for (const char* url : {"http://example.com/x", "/plain/path", "file://", "file:/x"}) {
    auto store = BlobStore::open(url);
    ASSERT_THAT(store, Not(IsOk())) << url;
    EXPECT_EQ(store.error().code, errc::kConfig) << url;
  }
}

}  // namespace
}  // namespace vitrine::blob
