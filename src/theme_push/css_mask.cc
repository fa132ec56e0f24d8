#include "theme_push/css_mask.h"

#include <algorithm>
#include <array>

#include "core/css.h"
#include "core/text.h"

namespace vitrine::theme_push::internal {
namespace {

// Expanded selector text a stylesheet's nesting may produce before it is refused: `a,b{a,b{...}}`
// doubles per level, so 30 lines of input could otherwise ask libsass for gigabytes.
constexpr double kMaxExpandedSelectorBytes = 16.0 * 1024 * 1024;

constexpr size_t kMaxNesting = 64;

constexpr std::array<std::string_view, 17> kSassOnlyAtRules = {
    "use", "forward", "mixin",  "include", "function", "return", "if",   "else", "each",
    "for", "while",   "extend", "at-root", "content",  "debug",  "warn", "error"};

bool is_ident_char(char c) { return is_css_name_byte(c); }

bool is_ident_start(char c) { return is_ident_char(c) && !(c >= '0' && c <= '9'); }

// Lexical helpers over the checked CSS. Each skip_* takes the index of the construct's first
// byte and returns the index just past it (or the end of the text when it is unterminated).
class CssText {
 public:
  explicit CssText(std::string_view s) : s_(s) {}

  size_t size() const { return s_.size(); }
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  bool comment_at(size_t i) const { return at(i) == '/' && at(i + 1) == '*'; }
  std::optional<size_t> unterminated_comment() const { return unterminated_comment_; }
  std::optional<size_t> unterminated_string() const { return unterminated_string_; }

  size_t skip_string(size_t i) {
    const size_t start = i;
    const char quote = s_[i++];
    while (i < s_.size()) {
      const char c = s_[i];
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n' || c == '\r' || c == '\f') {
        note_unterminated_string(start);
        return i;  // CSS ends an unterminated string at the line break
      } else {
        ++i;
      }
    }
    note_unterminated_string(start);
    return s_.size();
  }

  size_t skip_comment(size_t i) {
    const size_t end = s_.find("*/", i + 2);
    if (end == std::string_view::npos) {
      if (!unterminated_comment_) unterminated_comment_ = i;
      return s_.size();
    }
    return end + 2;
  }

  size_t skip_ident(size_t i) const {
    while (i < s_.size()) {
      if (s_[i] == '\\' && i + 1 < s_.size() && s_[i + 1] != '\n') {
        i += 2;
      } else if (is_ident_char(s_[i])) {
        ++i;
      } else {
        break;
      }
    }
    return i;
  }

  size_t skip_space_and_comments(size_t i) {
    while (i < s_.size()) {
      if (is_space(s_[i])) {
        ++i;
      } else if (comment_at(i)) {
        i = skip_comment(i);
      } else {
        break;
      }
    }
    return i;
  }

  // The index of the ')' closing the '(' at `open`, honouring strings, comments, escapes and
  // unquoted url(...) contents; nullopt when the text ends first.
  std::optional<size_t> matching_paren(size_t open, bool raw_url) {
    if (raw_url) {
      for (size_t i = open + 1; i < s_.size(); ++i) {
        if (s_[i] == '\\') {
          ++i;
        } else if (s_[i] == ')') {
          return i;
        }
      }
      return std::nullopt;
    }
    int depth = 0;
    size_t i = open;
    while (i < s_.size()) {
      const char c = s_[i];
      if (c == '"' || c == '\'') {
        i = skip_string(i);
      } else if (comment_at(i)) {
        i = skip_comment(i);
      } else if (c == '\\') {
        i += 2;
      } else if (c == '(') {
        ++depth;
        ++i;
      } else if (c == ')') {
        if (--depth == 0) return i;
        ++i;
      } else if (is_ident_start(c)) {
        const size_t end = skip_ident(i);
        if (at(end) == '(' && is_url_call(i, end)) {
          auto close = matching_paren(end, true);
          if (!close) return std::nullopt;
          i = *close + 1;
        } else {
          i = end;
        }
      } else {
        ++i;
      }
    }
    return std::nullopt;
  }

  // Whether the identifier [begin, end) followed by '(' at `end` opens an unquoted url(...),
  // whose contents are not tokenised.
  bool is_url_call(size_t begin, size_t end) const {
    if (!iequals_ascii(s_.substr(begin, end - begin), "url")) return false;
    size_t i = end + 1;
    while (i < s_.size() && is_space(s_[i])) ++i;
    return at(i) != '"' && at(i) != '\'';
  }

  struct StatementEnd {
    size_t pos = std::string_view::npos;  // index of the terminating '{', ';' or '}'
    bool balanced = true;                 // false when a '(' or '[' is still open at the end
  };

  // Finds where the statement starting at `i` ends: the first '{', ';' or '}' outside strings,
  // comments, parentheses and brackets.
  StatementEnd statement_end(size_t i) {
    int depth = 0;
    while (i < s_.size()) {
      const char c = s_[i];
      if (c == '"' || c == '\'') {
        i = skip_string(i);
      } else if (comment_at(i)) {
        i = skip_comment(i);
      } else if (c == '\\') {
        i += 2;
      } else if (c == '(' || c == '[') {
        ++depth;
        ++i;
      } else if (c == ')' || c == ']') {
        depth = std::max(0, depth - 1);
        ++i;
      } else if (depth == 0 && (c == '{' || c == ';' || c == '}')) {
        return {i, true};
      } else if (is_ident_start(c)) {
        const size_t end = skip_ident(i);
        if (at(end) == '(' && is_url_call(i, end)) {
          auto close = matching_paren(end, true);
          if (!close) return {std::string_view::npos, false};
          i = *close + 1;
        } else {
          i = end;
        }
      } else {
        ++i;
      }
    }
    return {std::string_view::npos, depth == 0};
  }

  // The first position in [i, end) outside strings, comments, escapes and brackets for which
  // `stop(position)` is true.
  template <typename Stop>
  std::optional<size_t> find_top_level(size_t i, size_t end, Stop stop) {
    int depth = 0;
    while (i < end) {
      const char c = s_[i];
      if (c == '"' || c == '\'') {
        i = skip_string(i);
      } else if (comment_at(i)) {
        i = skip_comment(i);
      } else if (c == '\\') {
        i += 2;
      } else {
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') depth = std::max(0, depth - 1);
        if (depth == 0 && stop(i)) return i;
        ++i;
      }
    }
    return std::nullopt;
  }

  // First ':' of a declaration, outside strings, comments and parentheses.
  std::optional<size_t> declaration_colon(size_t i, size_t end) {
    return find_top_level(i, end, [&](size_t p) { return s_[p] == ':'; });
  }

  // Number of comma-separated selectors in a style rule's prelude.
  size_t selector_count(size_t i, size_t end) {
    size_t count = 1;
    find_top_level(i, end, [&](size_t p) {
      if (s_[p] == ',') ++count;
      return false;
    });
    return count;
  }

  // The text [begin, end) with whitespace reduced to the single spaces CSS needs: none after
  // '(', ',', ':', '{', ';' or '}' and none before ')', ',', '{', ';' or '}'. Never touches the
  // space before '(' (`and (` differs from `and(`) or around '+' and '-' (calc needs them), nor
  // strings, escapes and unquoted url() contents. Comments are dropped, except `/*!` ones when
  // `keep_bang_comments` (licences survive compressed output).
  std::string minified(size_t begin, size_t end, bool keep_bang_comments) {
    std::string out;
    bool pending_space = false, after_escape = false;
    auto emit = [&](std::string_view piece, bool escape) {
      const char next = piece.front();
      if (pending_space && !out.empty() &&
          (after_escape || std::string_view("(,:{;}").find(out.back()) == std::string_view::npos) &&
          std::string_view("),{;}").find(next) == std::string_view::npos)
        out += ' ';
      pending_space = false;
      out.append(piece);
      after_escape = escape;
    };
    size_t i = begin;
    while (i < end) {
      const char c = s_[i];
      if (is_space(c)) {
        pending_space = true;
        ++i;
      } else if (comment_at(i)) {
        const size_t stop = std::min(skip_comment(i), end);
        if (keep_bang_comments && at(i + 2) == '!') {
          emit(slice(i, stop), false);
        } else {
          pending_space = true;
        }
        i = stop;
      } else if (c == '"' || c == '\'') {
        const size_t stop = std::min(skip_string(i), end);
        emit(slice(i, stop), false);
        i = stop;
      } else if (c == '\\') {
        const size_t stop = std::min(i + 2, end);
        emit(slice(i, stop), true);
        i = stop;
      } else if (is_ident_start(c)) {
        const size_t name_end = skip_ident(i);
        std::optional<size_t> close;
        if (at(name_end) == '(' && is_url_call(i, name_end)) close = matching_paren(name_end, true);
        const size_t stop = close && *close < end ? *close + 1 : name_end;
        emit(slice(i, stop), false);
        i = stop;
      } else {
        emit(slice(i, i + 1), false);
        ++i;
      }
    }
    return out;
  }

  std::string_view slice(size_t begin, size_t end) const { return s_.substr(begin, end - begin); }

 private:
  // A string cut by a line break is a CSS "bad string": it would swallow everything up to the
  // next line break once output is on one line, so it is refused rather than minified.
  void note_unterminated_string(size_t start) {
    if (!unterminated_string_ || start < *unterminated_string_) unterminated_string_ = start;
  }

  std::string_view s_;
  std::optional<size_t> unterminated_comment_;
  std::optional<size_t> unterminated_string_;
};

class CssPreparer {
 public:
  explicit CssPreparer(std::string_view css) : css_(css), text_(css) {
    prefix_ = "vtrnmask";
    while (css.find(prefix_) != std::string_view::npos) prefix_ += 'q';
  }

  PreparedCss run() {
    PreparedCss out;
    out.prefix = prefix_;
    scan();
    if (problem_) {
      out.problem = problem_;
      return out;
    }
    if (auto c = text_.unterminated_comment()) {
      out.problem = problem_at(*c, "unterminated comment: '/*' is never closed by '*/'");
      return out;
    }
    if (auto q = text_.unterminated_string()) {
      out.problem = problem_at(*q, "unterminated string: the quote is not closed on its line");
      return out;
    }
    size_t copied = 0;
    for (Mask& m : masks_) {
      out.masked.append(css_.substr(copied, m.orig_begin - copied));
      m.masked_begin = out.masked.size();
      out.masked.append(m.lead);
      out.masked.append(prefix_ + std::to_string(&m - masks_.data()) + "_");
      m.masked_end = out.masked.size();
      copied = m.orig_end;
    }
    out.masked.append(css_.substr(copied));
    if (balanced_ && !stack_.empty()) {
      // Close the open blocks so libsass checks the rest and reports any earlier problem first.
      out.unclosed_at = stack_.back().open;
      out.masked.append(stack_.size(), '}');
    }
    out.masks = std::move(masks_);
    return out;
  }

 private:
  struct Block {
    size_t open = 0;             // index of its '{'
    double expanded = 1;         // selectors the nearest style rule expands to
    double chain_bytes = 0;      // approximate length of one expanded selector
    bool in_style_rule = false;  // this block or an enclosing one is a style rule
  };

  CssProblem problem_at(size_t offset, std::string message) const {
    auto [line, column] = position_of(css_, offset);
    return CssProblem{line, column, std::move(message)};
  }

  void add_mask(size_t begin, size_t end, std::string lead, std::string restored) {
    masks_.push_back(Mask{begin, end, std::move(lead), 0, 0, std::move(restored)});
  }

  void scan() {
    size_t i = 0;
    while (!problem_) {
      i = text_.skip_space_and_comments(i);
      if (i >= text_.size()) return;
      const char c = text_.at(i);
      if (c == '}') {
        if (!stack_.empty()) stack_.pop_back();  // a stray '}' is left to libsass
        ++i;
        continue;
      }
      if (c == ';') {
        ++i;
        continue;
      }
      const auto end = text_.statement_end(i);
      if (end.pos == std::string_view::npos && !end.balanced) {
        balanced_ = false;  // an unclosed '(' or '[': libsass reports it where it sees it
        return;
      }
      const size_t stop = end.pos == std::string_view::npos ? text_.size() : end.pos;
      const char terminator = end.pos == std::string_view::npos ? '\0' : text_.at(stop);
      if (c == '@') {
        at_rule(i, stop, terminator);
      } else if (terminator == '{') {
        style_rule(i, stop);
      } else if (!stack_.empty()) {
        declaration(i, stop);
      }
      if (terminator == '\0') return;
      i = terminator == '}' ? stop : stop + 1;  // a '}' ending a declaration closes its block
    }
  }

  void at_rule(size_t begin, size_t stop, char terminator) {
    const size_t name_end = text_.skip_ident(begin + 1);
    const std::string_view name = text_.slice(begin + 1, name_end);
    for (std::string_view sass : kSassOnlyAtRules) {
      if (iequals_ascii(name, sass)) {
        problem_ = problem_at(begin, "@" + std::string(name) +
                                         " is a Sass directive, not plain CSS; push the compiled "
                                         "CSS");
        return;
      }
    }
    if (terminator != '{') {
      // libsass parses @import itself: it refuses `layer(...)`/`supports(...)` and reads
      // `@import "name"` from disk. A top-level @import is plain CSS, so it only copies it.
      if (stack_.empty() && iequals_ascii(name, "import")) mask_prelude(begin, name_end, stop);
      return;
    }
    if (too_deep(begin)) return;
    Block block = stack_.empty() ? Block{} : stack_.back();
    block.open = stop;
    // libsass merges and moves @media nested in style rules, which needs the parsed query; at
    // the top level (or in other at-rules) it only copies the prelude, which we can hide.
    if (!block.in_style_rule && (iequals_ascii(name, "media") || iequals_ascii(name, "supports")))
      mask_prelude(begin, name_end, stop);
    stack_.push_back(block);
  }

  // Replaces "@name prelude" (up to `stop`, the '{' or ';') by "@placeholder".
  void mask_prelude(size_t at, size_t name_end, size_t stop) {
    size_t prelude_end = stop;
    while (prelude_end > name_end && is_space(text_.at(prelude_end - 1))) --prelude_end;
    const std::string prelude = text_.minified(name_end, prelude_end, false);
    add_mask(at, prelude_end, "@",
             std::string(text_.slice(at + 1, name_end)) + (prelude.empty() ? "" : " " + prelude));
  }

  // libsass recurses per nesting level and stops at 512 by itself; we stop earlier, with a
  // message about the input rather than about the compiler.
  bool too_deep(size_t begin) {
    if (stack_.size() < kMaxNesting) return false;
    problem_ = problem_at(
        begin, "blocks are nested more than " + std::to_string(kMaxNesting) + " levels deep");
    return true;
  }

  void style_rule(size_t begin, size_t stop) {
    if (too_deep(begin)) return;
    const Block parent = stack_.empty() ? Block{} : stack_.back();
    const double count = static_cast<double>(text_.selector_count(begin, stop));
    Block block;
    block.in_style_rule = true;
    block.open = stop;
    block.expanded = parent.expanded * count;
    block.chain_bytes = parent.chain_bytes + static_cast<double>(stop - begin) / count + 1;
    expanded_bytes_ += block.expanded * block.chain_bytes;
    if (expanded_bytes_ > kMaxExpandedSelectorBytes) {
      problem_ = problem_at(begin,
                            "nested selector lists expand to more than 16 MiB of selectors; "
                            "flatten the nesting");
      return;
    }
    stack_.push_back(block);
  }

  void declaration(size_t begin, size_t stop) {
    const auto colon = text_.declaration_colon(begin, stop);
    if (!colon) return;  // libsass reports the missing ':'
    const std::string_view property = text_.slice(begin, *colon);
    if (property.substr(0, 2) == "--") {
      // Custom property values are arbitrary token lists (even empty); keep them verbatim.
      size_t vb = *colon + 1, ve = stop;
      while (vb < ve && is_space(text_.at(vb))) ++vb;
      while (ve > vb && is_space(text_.at(ve - 1))) --ve;
      add_mask(vb, ve, "", text_.minified(vb, ve, false));
      return;
    }
    size_t i = *colon + 1;
    while (i < stop) {
      const char c = text_.at(i);
      if (c == '"' || c == '\'') {
        i = text_.skip_string(i);
      } else if (text_.comment_at(i)) {
        i = text_.skip_comment(i);
      } else if (c == '\\') {
        i += 2;
      } else if (is_ident_start(c)) {
        const size_t name_end = text_.skip_ident(i);
        if (text_.at(name_end) == '(') {
          const auto close = text_.matching_paren(name_end, text_.is_url_call(i, name_end));
          if (close && *close < stop) {
            add_mask(i, *close + 1, "", text_.minified(i, *close + 1, false));
            i = *close + 1;
            continue;
          }
        }
        i = name_end;
      } else {
        ++i;
      }
    }
  }

  std::string_view css_;
  CssText text_;
  std::string prefix_;
  std::vector<Mask> masks_;
  std::vector<Block> stack_;
  std::optional<CssProblem> problem_;
  double expanded_bytes_ = 0;
  bool balanced_ = true;
};

}  // namespace

PreparedCss mask_css(std::string_view css) { return CssPreparer(css).run(); }

size_t original_offset(const PreparedCss& prepared, size_t masked_offset) {
  size_t orig_base = 0, masked_base = 0;
  for (const Mask& m : prepared.masks) {
    if (masked_offset < m.masked_begin) break;
    if (masked_offset < m.masked_end) return m.orig_begin;
    orig_base = m.orig_end;
    masked_base = m.masked_end;
  }
  return orig_base + (masked_offset - masked_base);
}

std::pair<int, int> position_of(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

size_t offset_of(std::string_view text, size_t line, size_t column) {
  size_t i = 0;
  for (size_t l = 1; l < line && i < text.size(); ++i)
    if (text[i] == '\n') ++l;
  for (size_t c = 1; c < column && i < text.size() && text[i] != '\n'; ++c) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

size_t skip_space_and_comments(std::string_view text, size_t i) {
  return CssText(text).skip_space_and_comments(i);
}

std::string minify_whitespace(std::string_view text) {
  return CssText(text).minified(0, text.size(), true);
}

}  // namespace vitrine::theme_push::internal
