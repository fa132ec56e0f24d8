#include "db/text_search.h"

#include <cctype>

namespace vitrine::db {
namespace {

// U+00C0..U+017F without their diacritics, as FTS5's remove_diacritics folds them; '.' keeps
// the letter (no canonical decomposition: Æ, Ø, ß, Ł, Œ, ...).
constexpr std::string_view kLatinBase =
    "AAAAAA.CEEEEIIII.NOOOOO..UUUUY..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
    "AaAaAaCcCcCcCcDd..EeEeEeEeEeGgGgGgGgHh..IiIiIiIiI...JjKk.LlLlLl."
    "...NnNnNn...OoOoOo..RrRrRrSsSsSsSsTtTt..UuUuUuUuUuUuWwYyYZzZzZz.";

}  // namespace

std::string search_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(std::isalnum(c) ? static_cast<char>(c) : ' ');
      continue;
    }
    // Two-byte UTF-8 sequences cover U+0080..U+07FF; only those can be in kLatinBase.
    if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
      unsigned char c2 = static_cast<unsigned char>(text[i + 1]);
      unsigned cp = ((c & 0x1Fu) << 6) | (c2 & 0x3Fu);
      if ((c2 & 0xC0) == 0x80 && cp >= 0xC0 && cp < 0xC0 + kLatinBase.size() &&
          kLatinBase[cp - 0xC0] != '.') {
        out.push_back(kLatinBase[cp - 0xC0]);
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string full_text_query(Dialect dialect, std::string_view text) {
  // Words hold only letters, digits, '_' and non-ASCII bytes, so no quote can break out.
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (dialect == Dialect::kSqlite) {
      if (!out.empty()) out += " ";
      out += "\"" + word + "\"*";
    } else {
      if (!out.empty()) out += " & ";
      out += "'" + search_text(word) + "':*";
    }
    word.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80 || c == '_') {
      word.push_back(static_cast<char>(c));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace vitrine::db
