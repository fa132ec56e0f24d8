#include "core/semver.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace vitrine {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> parse_number(std::string_view s) {
  if (!all_digits(s) || (s.size() > 1 && s[0] == '0') || s.size() > 9) return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool valid_identifier(std::string_view s, bool numeric_no_leading_zero) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
      return false;
  if (numeric_no_leading_zero && all_digits(s) && s.size() > 1 && s[0] == '0') return false;
  return true;
}

// A partial version "1", "1.2", "1.x", "1.2.x", "*": the number of given parts and their values.
struct Partial {
  int parts = 0;  // 0 for "*"
  Version v;
};

std::optional<Partial> parse_partial(std::string_view s) {
  if (s == "*" || s == "x" || s == "X") return Partial{};
  if (auto full = parse_version(s)) return Partial{3, *full};
  auto pieces = split(s, '.');
  if (pieces.empty() || pieces.size() > 3) return std::nullopt;
  Partial p;
  int* fields[] = {&p.v.major, &p.v.minor, &p.v.patch};
  for (size_t i = 0; i < pieces.size(); ++i) {
    auto piece = pieces[i];
    if (piece == "x" || piece == "X" || piece == "*") {
      for (size_t j = i + 1; j < pieces.size(); ++j)
        if (pieces[j] != "x" && pieces[j] != "X" && pieces[j] != "*") return std::nullopt;
      return p;
    }
    auto n = parse_number(piece);
    if (!n) return std::nullopt;
    *fields[i] = *n;
    p.parts = static_cast<int>(i + 1);
  }
  return p;
}

Version bump(const Version& v, int part) {
  Version out;
  out.major = v.major;
  if (part >= 1) out.minor = v.minor;
  if (part >= 2) out.patch = v.patch;
  if (part == 0) ++out.major;
  if (part == 1) ++out.minor;
  if (part == 2) ++out.patch;
  return out;
}

}  // namespace

std::string Version::str() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (size_t i = 0; i < prerelease.size(); ++i) s += (i == 0 ? "-" : ".") + prerelease[i];
  if (!build.empty()) s += "+" + build;
  return s;
}

std::strong_ordering Version::operator<=>(const Version& o) const {
  if (auto c = major <=> o.major; c != 0) return c;
  if (auto c = minor <=> o.minor; c != 0) return c;
  if (auto c = patch <=> o.patch; c != 0) return c;
  // A version without pre-release identifiers has higher precedence (semver §11.3).
  if (prerelease.empty() || o.prerelease.empty())
    return o.prerelease.size() == 0
               ? (prerelease.empty() ? std::strong_ordering::equal : std::strong_ordering::less)
               : std::strong_ordering::greater;
  for (size_t i = 0; i < std::min(prerelease.size(), o.prerelease.size()); ++i) {
    const auto& a = prerelease[i];
    const auto& b = o.prerelease[i];
    bool an = all_digits(a), bn = all_digits(b);
    if (an && bn) {
      if (a.size() != b.size()) return a.size() <=> b.size();
      if (auto c = a.compare(b) <=> 0; c != 0) return c;
    } else if (an != bn) {
      return an ? std::strong_ordering::less : std::strong_ordering::greater;
    } else if (auto c = a.compare(b) <=> 0; c != 0) {
      return c;
    }
  }
  return prerelease.size() <=> o.prerelease.size();
}

std::optional<Version> parse_version(std::string_view s) {
  Version v;
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    v.build = std::string(s.substr(plus + 1));
    for (auto id : split(v.build, '.'))
      if (!valid_identifier(id, false)) return std::nullopt;
    s = s.substr(0, plus);
  }
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    for (auto id : split(s.substr(dash + 1), '.')) {
      if (!valid_identifier(id, true)) return std::nullopt;
      v.prerelease.emplace_back(id);
    }
    s = s.substr(0, dash);
  }
  auto parts = split(s, '.');
  if (parts.size() != 3) return std::nullopt;
  auto a = parse_number(parts[0]), b = parse_number(parts[1]), c = parse_number(parts[2]);
  if (!a || !b || !c) return std::nullopt;
  v.major = *a;
  v.minor = *b;
  v.patch = *c;
  return v;
}

std::optional<VersionRange> VersionRange::parse(std::string_view spec) {
  VersionRange r;
  while (!spec.empty() && spec.front() == ' ') spec.remove_prefix(1);
  while (!spec.empty() && spec.back() == ' ') spec.remove_suffix(1);
  if (spec.empty()) return std::nullopt;
  if (spec == "latest") {
    r.latest_ = true;
    return r;
  }
  using C = Comparator;
  if (spec[0] == '^' || spec[0] == '~') {
    auto p = parse_partial(spec.substr(1));
    if (!p || p->parts == 0) return std::nullopt;
    Version lo = p->v;
    Version hi;
    if (spec[0] == '~') {
      hi = bump(lo, p->parts >= 2 ? 1 : 0);
    } else if (lo.major > 0 || p->parts == 1) {
      hi = bump(lo, 0);
    } else if (lo.minor > 0 || p->parts == 2) {
      hi = bump(lo, 1);
    } else {
      hi = bump(lo, 2);
    }
    hi.prerelease = {"0"};  // "<2.0.0-0" keeps 2.0.0 pre-releases out too
    r.all_of_ = {C{C::kGe, lo}, C{C::kLt, hi}};
    return r;
  }
  if (spec.find(' ') != std::string_view::npos || spec[0] == '>' || spec[0] == '<' ||
      spec[0] == '=') {
    for (auto tok : split(spec, ' ')) {
      if (tok.empty()) continue;
      C::Op op = C::kEq;
      if (tok.starts_with(">="))
        op = C::kGe, tok.remove_prefix(2);
      else if (tok.starts_with("<="))
        op = C::kLe, tok.remove_prefix(2);
      else if (tok.starts_with(">"))
        op = C::kGt, tok.remove_prefix(1);
      else if (tok.starts_with("<"))
        op = C::kLt, tok.remove_prefix(1);
      else if (tok.starts_with("="))
        tok.remove_prefix(1);
      auto v = parse_version(tok);
      if (!v) return std::nullopt;
      r.all_of_.push_back(C{op, *v});
    }
    if (r.all_of_.empty()) return std::nullopt;
    return r;
  }
  auto p = parse_partial(spec);
  if (!p) return std::nullopt;
  if (p->parts == 3) {
    r.exact_ = true;
    r.all_of_ = {C{C::kEq, p->v}};
    return r;
  }
  if (p->parts == 0) {
    r.all_of_ = {C{C::kGe, Version{}}};
    return r;
  }
  Version hi = bump(p->v, p->parts - 1);
  hi.prerelease = {"0"};
  r.all_of_ = {C{C::kGe, p->v}, C{C::kLt, hi}};
  return r;
}

bool VersionRange::contains(const Version& v) const {
  if (latest_) return true;
  if (v.is_prerelease()) {
    // npm semantics: a pre-release matches only when the range names one of the same tuple.
    bool allowed = std::any_of(all_of_.begin(), all_of_.end(), [&](const Comparator& c) {
      return c.v.is_prerelease() && c.v.major == v.major && c.v.minor == v.minor &&
             c.v.patch == v.patch;
    });
    if (!allowed) return false;
  }
  for (const auto& c : all_of_) {
    auto cmp = v <=> c.v;
    bool ok = false;
    switch (c.op) {
      case Comparator::kGe:
        ok = cmp >= 0;
        break;
      case Comparator::kGt:
        ok = cmp > 0;
        break;
      case Comparator::kLe:
        ok = cmp <= 0;
        break;
      case Comparator::kLt:
        ok = cmp < 0;
        break;
      case Comparator::kEq:
        ok = cmp == 0;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

std::optional<Version> VersionRange::best_match(std::span<const Version> candidates) const {
  std::optional<Version> best;
  for (const auto& v : candidates) {
    if (latest_ ? v.is_prerelease() : !contains(v)) continue;
    if (!best || v > *best) best = v;
  }
  if (!best && latest_) {
    for (const auto& v : candidates)
      if (!best || v > *best) best = v;
  }
  return best;
}

const Version& core_version() {
  static const Version v = *parse_version(VITRINE_CORE_VERSION);
  return v;
}

}  // namespace vitrine
