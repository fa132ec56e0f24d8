// Small text helpers shared by modules: slugs, JSON parsing with positions, files.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vitrine {

// The slug of a name or title, as Django's slugify: ASCII letters (Latin-1 and Latin
// Extended-A letters folded: "Crème" → "creme", "Čaj Łódź" → "caj-lodz") and digits, lower-case;
// apostrophes dropped ("Ann's Bakery & Co" → "anns-bakery-co"); every other run of characters one
// hyphen; at most `max` characters, no hyphen at either end. "" when nothing is left. The sandbox's
// ctx.slugify calls this one.
std::string slugify(std::string_view name, size_t max = 64);

// What slugify spells code point `cp` (U+00C0..U+017F) as: "a" for "à", "ss" for "ß", "" for
// the letters it drops (× ÷) and for code points outside that range. For ports of slugify.
std::string_view slug_letters(unsigned cp);

// `base` when `taken` lacks it, else the first of base-2, base-3, ... that it lacks: the slug a
// create derives when the title's slug is already used.
std::string first_free_slug(const std::string& base, const std::set<std::string>& taken);

// True for lower-case letters, digits and single inner hyphens: "kendu-store-2".
bool is_valid_slug(std::string_view s);

// Parses JSON text. On failure the error (code invalid_json) says "line L, column C: why"
// and carries details {line, column}.
Result<nlohmann::json> parse_json(std::string_view text);

// `s` as a JSON string, or null when it is empty (optional text kept as "" in a row or struct).
nlohmann::json or_null(const std::string& s);

// Reads a whole file. Error code io_error names the path.
Result<std::string> read_file(const std::filesystem::path& path);

// Writes `data` to `path` atomically: a temporary file in the same folder (created with
// `mode`, never through a symlink), fsync, rename. Readers see the old content or the new one,
// never a mix. Error code io_error names the file and the system's reason.
Status write_file_atomic(const std::filesystem::path& path, std::string_view data,
                         mode_t mode = 0644);

// Splits on `sep`, keeping empty parts.
std::vector<std::string_view> split(std::string_view s, char sep);

// Whether `c` is an ASCII letter or digit.
constexpr bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Whether `a` and `b` are equal ignoring ASCII case.
bool iequals_ascii(std::string_view a, std::string_view b);

// `s` without the spaces, tabs and line breaks at either end.
std::string trim_space(std::string_view s);

// Lower-cases (upper-cases) ASCII letters; other bytes stay as they are.
std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);

// The JSON Pointer (RFC 6901) token for a key: "~" → "~0", "/" → "~1".
std::string json_pointer_token(std::string_view key);

}  // namespace vitrine
