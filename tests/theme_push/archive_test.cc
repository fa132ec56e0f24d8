#include "theme_push/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::theme_push {
namespace {

namespace fs = std::filesystem;

struct WriterDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ReaderDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// One entry of a hand-made archive. `declared` overrides the size written in the header.
struct TestEntry {
  std::string path;
  mode_t type = AE_IFREG;
  std::string content;
  std::string link;  // symlink target (AE_IFLNK) or hard link target (`hardlink`)
  bool hardlink = false;
};

la_ssize_t append(archive*, void* client, const void* data, size_t size) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

// Writes `entries` as a tar (pax) archive, gzip-compressed unless `gzip` is false. Archives are
// made with libarchive's writer, which writes whatever names and types it is given.
std::string make_archive(const std::vector<TestEntry>& entries, bool gzip = true) {
  std::string out;
  std::unique_ptr<archive, WriterDeleter> a(archive_write_new());
  archive_write_set_format_pax(a.get());
  if (gzip) archive_write_add_filter_gzip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);  // no zero padding after the gzip stream
  EXPECT_EQ(archive_write_open(a.get(), &out, nullptr, append, nullptr), ARCHIVE_OK);
  for (const auto& e : entries) {
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), e.path.c_str());
    archive_entry_set_filetype(entry.get(), e.type);
    archive_entry_set_perm(entry.get(), e.type == AE_IFDIR ? 0755 : 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(entry.get(), e.link.c_str());
    if (e.hardlink) archive_entry_set_hardlink(entry.get(), e.link.c_str());
    if (e.type == AE_IFCHR) archive_entry_set_rdev(entry.get(), makedev(1, 3));
    archive_entry_set_size(entry.get(), e.type == AE_IFREG && !e.hardlink
                                            ? static_cast<la_int64_t>(e.content.size())
                                            : 0);
    EXPECT_EQ(archive_write_header(a.get(), entry.get()), ARCHIVE_OK)
        << e.path << ": " << archive_error_string(a.get());
    if (!e.content.empty()) archive_write_data(a.get(), e.content.data(), e.content.size());
  }
  EXPECT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
  return out;
}

// gzip of arbitrary bytes (libarchive's "raw" format writes one entry's data as is).
std::string gzip_bytes(const std::string& data) {
  std::string out;
  std::unique_ptr<archive, WriterDeleter> a(archive_write_new());
  archive_write_set_format_raw(a.get());
  archive_write_add_filter_gzip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  EXPECT_EQ(archive_write_open(a.get(), &out, nullptr, append, nullptr), ARCHIVE_OK);
  std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_pathname(entry.get(), "data");
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  EXPECT_EQ(archive_write_header(a.get(), entry.get()), ARCHIVE_OK);
  archive_write_data(a.get(), data.data(), data.size());
  EXPECT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
  return out;
}

// A gzip-compressed tar holding one file of `size` zero bytes: compresses about 1000:1.
std::string zeros_archive(uint64_t size) {
  std::string out;
  std::unique_ptr<archive, WriterDeleter> a(archive_write_new());
  archive_write_set_format_pax(a.get());
  archive_write_add_filter_gzip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  EXPECT_EQ(archive_write_open(a.get(), &out, nullptr, append, nullptr), ARCHIVE_OK);
  std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), "build/zeros.css");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
  EXPECT_EQ(archive_write_header(a.get(), entry.get()), ARCHIVE_OK);
  std::string chunk(1 << 20, '\0');
  for (uint64_t left = size; left > 0;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(left, chunk.size()));
    archive_write_data(a.get(), chunk.data(), n);
    left -= n;
  }
  EXPECT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

// Every regular file under `root` as relative path → content.
std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = read_file(e.path());
  }
  return out;
}

class ArchiveTest : public ::testing::Test {
 protected:
  Result<UnpackedArchive> unpack(const std::string& bytes, const ArchiveLimits& limits = {}) {
    fs::path d = tmp_.path() / ("dest" + std::to_string(++n_));
    fs::create_directories(d);
    last_dest_ = d;
    return unpack_theme_archive(bytes, d, limits);
  }
  TempDir tmp_;
  fs::path last_dest_;
  int n_ = 0;
};

const TestEntry kMetadata{"theme-metadata.json", AE_IFREG, "{\"slug\":\"shop\"}"};

TEST_F(ArchiveTest, PackThenUnpackKeepsEveryFileOfNestedFolders) {
  fs::path src = tmp_.path() / "src";
  write_file(src / "theme-metadata.json", "{\"slug\":\"shop\"}");
  write_file(src / "components" / "Hero.js", "function render() { return '<h1>'; }");
  write_file(src / "build" / "css" / "deep" / "theme.css", "body { color: red }");
  write_file(src / "build" / "empty.txt", "");
  write_file(src / "docs" / "b\xc3\xbcro.md", "# B\xc3\xbcro");  // non-ASCII names stay as they are
  write_file(src / ".git" / "config", "[core]");                 // hidden: never packed
  write_file(src / ".DS_Store", "junk");
  fs::create_symlink("../theme-metadata.json", src / "build" / "meta-link.json");

  auto packed = pack_theme_folder(src);
  ASSERT_THAT(packed, IsOk());
  auto out = unpack(*packed);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->files, 6);
  std::map<std::string, std::string> expected{
      {"theme-metadata.json", "{\"slug\":\"shop\"}"},
      {"components/Hero.js", "function render() { return '<h1>'; }"},
      {"build/css/deep/theme.css", "body { color: red }"},
      {"build/empty.txt", ""},
      {"docs/b\xc3\xbcro.md", "# B\xc3\xbcro"},
      {"build/meta-link.json", "{\"slug\":\"shop\"}"},  // the link's target, as a file
  };
  EXPECT_EQ(tree(last_dest_), expected);
  uint64_t total = 0;
  for (const auto& [path, content] : expected) total += content.size();
  EXPECT_EQ(out->total_bytes, total);
  EXPECT_FALSE(fs::is_symlink(last_dest_ / "build" / "meta-link.json"));
  EXPECT_EQ(fs::status(last_dest_ / "components" / "Hero.js").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

TEST_F(ArchiveTest, PackIsDeterministicSortedAndAnonymous) {
  fs::path src = tmp_.path() / "src";
  write_file(src / "b.css", "b");
  write_file(src / "a" / "z.js", "z");
  write_file(src / "a.txt", "a");
  fs::permissions(src / "a.txt", fs::perms::owner_all);
  auto first = pack_theme_folder(src);
  ASSERT_THAT(first, IsOk());
  fs::last_write_time(src / "b.css", fs::file_time_type::clock::now() - std::chrono::hours(48));
  auto second = pack_theme_folder(src);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(*first, *second);
  ASSERT_GT(first->size(), 10u);
  EXPECT_EQ(first->substr(4, 4), std::string(4, '\0')) << "gzip header carries a timestamp";

  std::unique_ptr<archive, ReaderDeleter> a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  ASSERT_EQ(archive_read_open_memory(a.get(), first->data(), first->size()), ARCHIVE_OK);
  std::vector<std::string> names;
  archive_entry* e = nullptr;
  while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) {
    names.push_back(archive_entry_pathname(e));
    EXPECT_EQ(archive_entry_mtime(e), 0) << names.back();
    EXPECT_EQ(archive_entry_uid(e), 0) << names.back();
    EXPECT_EQ(archive_entry_gid(e), 0) << names.back();
    EXPECT_EQ(archive_entry_perm(e), 0644) << names.back();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a.txt", "a/z.js", "b.css"}));
}

TEST_F(ArchiveTest, PackRefusesLinksLeavingTheFolderAndMissingFolders) {
  fs::path src = tmp_.path() / "src";
  write_file(src / "theme-metadata.json", "{}");
  write_file(tmp_.path() / "secret.txt", "secret");
  fs::create_symlink(tmp_.path() / "secret.txt", src / "leak.txt");
  auto packed = pack_theme_folder(src);
  ASSERT_THAT(packed, StatusIs(errc::kInvalidArgument));
  EXPECT_NE(packed.error().message.find("leak.txt"), std::string::npos) << packed.error().message;

  auto missing = pack_theme_folder(tmp_.path() / "nope");
  ASSERT_THAT(missing, StatusIs(errc::kInvalidArgument));
}

TEST_F(ArchiveTest, AcceptsDotSlashPrefixes) {
  auto out = unpack(make_archive({{"./", AE_IFDIR},
                                  {"./theme-metadata.json", AE_IFREG, "{}"},
                                  {"./components/", AE_IFDIR},
                                  {"./components/Hero.js", AE_IFREG, "hero"}}));
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->files, 2);
  EXPECT_EQ(tree(last_dest_), (std::map<std::string, std::string>{{"theme-metadata.json", "{}"},
                                                                  {"components/Hero.js", "hero"}}));
}

TEST_F(ArchiveTest, StripsASingleTopLevelFolder) {
  auto out = unpack(make_archive({{"v1.0.0/", AE_IFDIR},
                                  {"v1.0.0/theme-metadata.json", AE_IFREG, "{}"},
                                  {"v1.0.0/components/Hero.js", AE_IFREG, "hero"}}));
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(tree(last_dest_), (std::map<std::string, std::string>{{"theme-metadata.json", "{}"},
                                                                  {"components/Hero.js", "hero"}}));

  // Also with "./" in front, without a folder entry, and with a child named like the folder.
  out = unpack(make_archive(
      {{"./shop/theme-metadata.json", AE_IFREG, "{}"}, {"./shop/shop/x.css", AE_IFREG, "x"}}));
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(tree(last_dest_), (std::map<std::string, std::string>{{"theme-metadata.json", "{}"},
                                                                  {"shop/x.css", "x"}}));
}

TEST_F(ArchiveTest, KeepsFoldersWhenFilesSitAtTheRoot) {
  auto out = unpack(make_archive({kMetadata, {"components/Hero.js", AE_IFREG, "hero"}}));
  ASSERT_THAT(out, IsOk());
  EXPECT_TRUE(fs::exists(last_dest_ / "components" / "Hero.js"));
  EXPECT_TRUE(fs::exists(last_dest_ / "theme-metadata.json"));
}

TEST_F(ArchiveTest, RefusesHostileEntriesNamingEach) {
  struct Case {
    TestEntry entry;
    std::string shown;  // how the message and details name it
    std::string why;
  };
  std::vector<Case> cases = {
      {{"/etc/passwd", AE_IFREG, "x"}, "/etc/passwd", "absolute path"},
      {{"../x", AE_IFREG, "x"}, "../x", "path leaves the theme folder"},
      {{"build/../../x", AE_IFREG, "x"}, "build/../../x", "path leaves the theme folder"},
      {{"./../x", AE_IFREG, "x"}, "./../x", "path leaves the theme folder"},
      {{"build\\x.css", AE_IFREG, "x"}, "build\\x.css", "backslash"},
      {{"a\x01.css", AE_IFREG, "x"}, "a\\x01.css", "control character"},
      {{"a//b.css", AE_IFREG, "x"}, "a//b.css", "empty or '.' segments"},
      {{"build/./b.css", AE_IFREG, "x"}, "build/./b.css", "empty or '.' segments"},
      {{"link", AE_IFLNK, "", "/etc/passwd"}, "link", "symbolic link"},
      {{"inner-link", AE_IFLNK, "", "theme-metadata.json"}, "inner-link", "symbolic link"},
      {{"hard", AE_IFREG, "", "theme-metadata.json", true}, "hard", "hard link"},
      {{"dev/null", AE_IFCHR}, "dev/null", "device file"},
      {{"pipe", AE_IFIFO}, "pipe", "named pipe"},
      {{"theme-metadata.json", AE_IFREG, "again"}, "theme-metadata.json", "appears twice"},
      {{"./theme-metadata.json", AE_IFREG, "again"}, "./theme-metadata.json", "appears twice"},
      {{"theme-metadata.json/x", AE_IFREG, "x"}, "theme-metadata.json/x", "which is a file"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.shown);
    auto out = unpack(make_archive({kMetadata, c.entry, {"after.css", AE_IFREG, "after"}}));
    ASSERT_THAT(out, StatusIs(errc::kInvalidArgument));
    EXPECT_EQ(out.error().details.value("entry", ""), c.shown);
    EXPECT_NE(out.error().message.find("archive entry '" + c.shown + "'"), std::string::npos)
        << out.error().message;
    EXPECT_NE(out.error().message.find(c.why), std::string::npos) << out.error().message;
    EXPECT_FALSE(fs::exists(last_dest_ / "after.css")) << "unpacking went on after the error";
  }
  // Nothing landed outside the destinations.
  EXPECT_FALSE(fs::exists(tmp_.path() / "x"));
  EXPECT_FALSE(fs::exists(tmp_.path().parent_path() / "x"));
}

TEST_F(ArchiveTest, RefusesDataThatIsNotAGzippedTar) {
  std::string good = make_archive({kMetadata, {"build/a.css", AE_IFREG, std::string(5000, 'a')}});
  std::vector<std::pair<std::string, std::string>> cases = {
      {"plain tar", make_archive({kMetadata}, /*gzip=*/false)},
      {"gzip of text", gzip_bytes("just some text, not a tar archive at all")},
      {"random bytes", "\x13\x37 this is not an archive"},
      {"empty", ""},
      {"truncated", good.substr(0, good.size() / 2)},
      {"corrupt", good.substr(0, 20) + std::string(good.size() - 20, 'x')},
      {"empty tar", make_archive({})},
  };
  for (const auto& [what, bytes] : cases) {
    SCOPED_TRACE(what);
    auto out = unpack(bytes);
    ASSERT_THAT(out, StatusIs(errc::kInvalidArgument));
    EXPECT_TRUE(out.error().message.starts_with("not a gzip-compressed tar archive: "))
        << out.error().message;
  }
  EXPECT_THAT(unpack(good), IsOk());
}

TEST_F(ArchiveTest, RefusesTooManyFilesAndTooLargeFiles) {
  ArchiveLimits limits;
  limits.max_files = 2;
  auto out =
      unpack(make_archive({kMetadata, {"a.css", AE_IFREG, "a"}, {"b.css", AE_IFREG, "b"}}), limits);
  ASSERT_THAT(out, StatusIs(errc::kPayloadTooLarge));
  EXPECT_EQ(out.error().details["limit"], "files");
  EXPECT_EQ(out.error().details["max"], 2);
  // Folders do not count as files.
  EXPECT_THAT(unpack(make_archive({{"a/", AE_IFDIR}, {"b/", AE_IFDIR}, kMetadata}), limits),
              IsOk());

  limits = {};
  limits.max_file_bytes = 1000;
  out = unpack(make_archive({kMetadata, {"build/big.css", AE_IFREG, std::string(1001, 'x')}}),
               limits);
  ASSERT_THAT(out, StatusIs(errc::kPayloadTooLarge));
  EXPECT_EQ(out.error().details["limit"], "file_bytes");
  EXPECT_EQ(out.error().details["max"], 1000);
  EXPECT_NE(out.error().message.find("build/big.css"), std::string::npos);
  EXPECT_THAT(
      unpack(make_archive({kMetadata, {"build/ok.css", AE_IFREG, std::string(1000, 'x')}}), limits),
      IsOk());

  limits = {};
  limits.max_total_bytes = 1500;
  out = unpack(make_archive({kMetadata,
                             {"a.css", AE_IFREG, std::string(800, 'a')},
                             {"b.css", AE_IFREG, std::string(800, 'b')}}),
               limits);
  ASSERT_THAT(out, StatusIs(errc::kPayloadTooLarge));
  EXPECT_EQ(out.error().details["limit"], "total_bytes");
  EXPECT_EQ(out.error().details["max"], 1500);
}

TEST_F(ArchiveTest, RefusesADecompressionBombByRatioAndByTotal) {
  std::string bomb = zeros_archive(50ull << 20);
  ASSERT_LT(bomb.size(), 200u * 1024);  // ~50 KB for 50 MiB

  ArchiveLimits by_ratio;
  by_ratio.max_file_bytes = 100ull << 20;
  by_ratio.max_total_bytes = 100ull << 20;
  by_ratio.max_ratio = 100;
  auto out = unpack(bomb, by_ratio);
  ASSERT_THAT(out, StatusIs(errc::kPayloadTooLarge));
  EXPECT_EQ(out.error().details["limit"], "ratio");
  EXPECT_EQ(out.error().details["max"], 100);
  // It stopped early: well before the 50 MiB were written.
  EXPECT_LT(fs::file_size(last_dest_ / "build" / "zeros.css"), 50ull << 20);

  ArchiveLimits by_total = by_ratio;
  by_total.max_ratio = 1000000;
  by_total.max_total_bytes = 10ull << 20;
  out = unpack(bomb, by_total);
  ASSERT_THAT(out, Not(IsOk()));
  EXPECT_EQ(out.error().details["limit"], "total_bytes");

  // With the defaults the 50 MiB file is over the 20 MiB per-file limit.
  out = unpack(bomb);
  ASSERT_THAT(out, Not(IsOk()));
  EXPECT_EQ(out.error().details["limit"], "file_bytes");
}

TEST_F(ArchiveTest, SmallArchivesAreNotJudgedByRatio) {
  // 900 KB of zeros compresses about 1000:1 but stays under the 1 MiB floor of the ratio check.
  std::string small = zeros_archive(900 * 1024);
  ASSERT_LT(small.size() * 100, 900u * 1024);
  auto out = unpack(small);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->total_bytes, 900u * 1024);
}

// Writes `value` as a zero-padded octal field of `width` bytes (NUL-terminated) at `at`.
void octal(std::string& header, size_t at, size_t width, uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
  std::memcpy(&header[at], buf, width - 1);
  header[at + width - 1] = '\0';
}

// An old-GNU sparse entry ('S') whose header says the file is `claimed` bytes while its sparse
// map puts one data byte at offset `data_offset`: libarchive expands the hole with zeros.
std::string lying_sparse_tar(uint64_t claimed, uint64_t data_offset) {
  std::string h(512, '\0');
  std::memcpy(&h[0], "build/liar.css", 14);
  octal(h, 100, 8, 0644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, 512);  // stored data: one block
  octal(h, 136, 12, 0);
  h[156] = 'S';
  std::memcpy(&h[257], "ustar  ", 8);  // GNU magic and version
  octal(h, 386, 12, data_offset);      // sparse[0].offset
  octal(h, 398, 12, 1);                // sparse[0].numbytes
  octal(h, 483, 12, claimed);          // realsize
  std::memset(&h[148], ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(&h[148], 8, "%06o", sum);
  h[155] = ' ';
  std::string data(512, '\0');
  data[0] = 'x';
  return h + data + std::string(1024, '\0');
}

TEST_F(ArchiveTest, CountsTheBytesAFileExpandsToNotWhatItsHeaderClaims) {
  ArchiveLimits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_ratio = 1000000000;  // the per-file limit is what must catch it
  // libarchive expands this 10-byte "file" to 8 MiB + 1 of zeros.
  auto out = unpack(gzip_bytes(lying_sparse_tar(10, 8ull << 20)), limits);
  ASSERT_THAT(out, Not(IsOk()));
  EXPECT_EQ(out.error().code, errc::kPayloadTooLarge) << out.error().message;
  EXPECT_EQ(out.error().details["limit"], "file_bytes");
  EXPECT_EQ(out.error().details["entry"], "build/liar.css");
  EXPECT_LE(fs::file_size(last_dest_ / "build" / "liar.css"), limits.max_file_bytes);
}

}  // namespace
}  // namespace vitrine::theme_push
