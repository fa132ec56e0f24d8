#include "core/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/ids.h"

namespace vitrine {

// Latin-1 letters (U+00C0..U+00FF) spelled in ASCII, so "Crème Brûlée" → "creme-brulee" as the
// themes' ctx.slugify does; "" for the two symbols of that block (× ÷).
namespace {

const char* latin1_ascii(unsigned cp) {
  static const char* const kTable[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  return cp >= 0xC0 && cp <= 0xFF ? kTable[cp - 0xC0] : "";
}

// Latin Extended-A (U+0100..U+017F: Central European, Baltic, Turkish, Maltese letters) folded
// to ASCII as NFKD would ("Č" → c, "ő" → o, "ĳ" → ij), plus the letters NFKD leaves alone
// spelled as readers expect ("Ł" → l, "Đ" → d, "Œ" → oe) rather than dropped.
const char* latin_extended_a_ascii(unsigned cp) {
  static const char* const kTable[128] = {
      "a", "a", "a",  "a",  "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",   // 0100
      "d", "d", "e",  "e",  "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",   // 0110
      "g", "g", "g",  "g",  "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",   // 0120
      "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",   // 0130
      "l", "l", "l",  "n",  "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",   // 0140
      "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",   // 0150
      "s", "s", "t",  "t",  "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",   // 0160
      "u", "u", "u",  "u",  "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"};  // 0170
  return cp >= 0x100 && cp <= 0x17F ? kTable[cp - 0x100] : "";
}

}  // namespace

std::string_view slug_letters(unsigned cp) {
  return cp <= 0xFF ? latin1_ascii(cp) : latin_extended_a_ascii(cp);
}

std::string slugify(std::string_view title, size_t max) {
  std::string out;
  bool pending_hyphen = false;
  auto emit = [&](std::string_view letters) {
    if (pending_hyphen && !out.empty()) out += '-';
    pending_hyphen = false;
    out += letters;
  };
  for (size_t i = 0; i < title.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(title[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      emit(std::string(1, static_cast<char>(c)));
    } else if (c >= 'A' && c <= 'Z') {
      emit(std::string(1, static_cast<char>(c - 'A' + 'a')));
    } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < title.size()) {
      // U+00C0..U+017F: two bytes, 110xxxxx 10yyyyyy.
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(title[i + 1]) & 0x3Fu);
      ++i;
      std::string_view letters = slug_letters(cp);
      if (letters.empty()) {
        pending_hyphen = true;
      } else {
        emit(letters);
      }
    } else if (c == '\'' || c == 0xE2) {
      // Apostrophes join words ("Maker's Mug" → "makers-mug"); a curly one is E2 80 99.
      if (c == 0xE2 && i + 2 < title.size() && static_cast<unsigned char>(title[i + 1]) == 0x80 &&
          static_cast<unsigned char>(title[i + 2]) == 0x99) {
        i += 2;
      } else if (c == 0xE2) {
        pending_hyphen = true;
      }
    } else {
      pending_hyphen = true;
    }
  }
  if (out.size() > max) out.resize(max);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string first_free_slug(const std::string& base, const std::set<std::string>& taken) {
  if (!taken.count(base)) return base;
  for (int n = 2;; ++n)
    if (std::string c = base + "-" + std::to_string(n); !taken.count(c)) return c;
}

bool is_valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  if (s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

nlohmann::json or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

Result<nlohmann::json> parse_json(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte offset; people need line and column.
    size_t pos = e.byte == 0 ? 0 : e.byte - 1;
    if (pos > text.size()) pos = text.size();
    int line = 1, col = 1;
    for (size_t i = 0; i < pos; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string why = e.what();
    // Strip nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    if (auto p = why.find("syntax error"); p != std::string::npos) why = why.substr(p);
    return fail(errc::kInvalidJson,
                "line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + why,
                {{"line", line}, {"column", col}});
  }
}

Result<std::string> read_file(const std::filesystem::path& path) {
  // One fstat and one read into a string of the right size: sync reads every file of every new
  // theme version, so stream buffering and copies show up in bench/sync.sh.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errc::kIo, path.string() + ": cannot open for reading");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return fail(errc::kIo, path.string() + ": cannot stat");
  }
  std::string out(static_cast<size_t>(st.st_size), '\0');
  size_t off = 0;
  while (true) {
    if (off == out.size()) out.resize(out.size() + 4096);  // the file grew, or st_size was 0
    ssize_t n = ::read(fd, out.data() + off, out.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail(errc::kIo, path.string() + ": read failed");
    }
    if (n == 0) break;
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(off);
  return out;
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view data, mode_t mode) {
  auto failed = [](const std::filesystem::path& p, const char* what) {
    return fail(errc::kIo, p.string() + ": " + what + ": " + std::strerror(errno));
  };
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto tmp = path;
  tmp += ".tmp-" + random_hex(6);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return failed(tmp, "cannot create");
  // The umask may have taken bits away; a secret's file must not have gained any.
  if (::fchmod(fd, mode) != 0) {
    Status st = failed(tmp, "cannot set its mode");
    ::close(fd);
    ::unlink(tmp.c_str());
    return st;
  }
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = failed(tmp, "write failed");
      ::close(fd);
      ::unlink(tmp.c_str());
      return st;
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    Status st = failed(tmp, "fsync failed");
    ::unlink(tmp.c_str());
    return st;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = failed(path, "rename failed");
    ::unlink(tmp.c_str());
    return st;
  }
  return {};
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string json_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

std::string trim_space(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

}  // namespace vitrine
