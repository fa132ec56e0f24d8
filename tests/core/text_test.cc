#include "core/text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/hash.h"
#include "core/ids.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine {
namespace {

TEST(Text, SlugRules) {
  for (const char* ok : {"shop", "kendu-store-2", "a", "r2d2"})
    EXPECT_TRUE(is_valid_slug(ok)) << ok;
  for (const char* bad : {"", "Shop", "-shop", "shop-", "sh--op", "sh_op", "sh op", "shop/x", ".."})
    EXPECT_FALSE(is_valid_slug(bad)) << bad;
}

TEST(Text, JsonSyntaxErrorsNameLineAndColumn) {
  auto r = parse_json("{\n  \"a\": 1,\n  \"b\": ]\n}");
  ASSERT_THAT(r, StatusIs(errc::kInvalidJson));
  EXPECT_EQ(r.error().details["line"], 3);
  EXPECT_EQ(r.error().details["column"], 8);
  EXPECT_NE(r.error().message.find("line 3, column 8"), std::string::npos) << r.error().message;
}

TEST(Text, AtomicWriteReplacesContent) {
  auto dir = std::filesystem::temp_directory_path() / ("vitrine-text-" + random_hex(4));
  auto file = dir / "sub" / "f.json";
  ASSERT_THAT(write_file_atomic(file, "one"), IsOk());
  ASSERT_THAT(write_file_atomic(file, "two"), IsOk());
  EXPECT_EQ(*read_file(file), "two");
  size_t entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir / "sub")) ++entries;
  EXPECT_EQ(entries, 1u) << "no temporary files left behind";
  std::filesystem::remove_all(dir);
}

TEST(Ids, UuidsAreCanonicalDistinctAndInTheOrderTheyWereMade) {
  auto a = new_uuid(), b = new_uuid();
  EXPECT_TRUE(is_uuid(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '7');
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_LT(a, new_uuid());
  EXPECT_EQ(random_alnum(4).size(), 4u);
}

TEST(Hash, Sha256KnownAnswer) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.update("a");
  h.update("bc");
  EXPECT_EQ(h.hex(), sha256_hex("abc"));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
}

}  // namespace
}  // namespace vitrine
