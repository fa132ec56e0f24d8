// Semantic versions (semver.org 2.0.0) and the ranges the CDN and `extends` accept.
#pragma once

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitrine {

struct Version {
  int major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers after '-'
  std::string build;                    // after '+'; ignored when comparing

  bool is_prerelease() const { return !prerelease.empty(); }
  std::string str() const;  // "1.2.3-rc.1+b5"
  // Precedence order from semver §11 (build metadata ignored).
  std::strong_ordering operator<=>(const Version& o) const;
  bool operator==(const Version& o) const { return (*this <=> o) == 0; }
};

// Parses "1.2.3", "1.2.3-rc.1", "1.2.3+build". No leading 'v', no leading zeros.
std::optional<Version> parse_version(std::string_view s);

// A version range: "latest", exact "1.2.3", partials "1" / "1.2", x-ranges "1.x" / "1.2.x" / "*",
// caret "^1.2" / "^1.2.3", tilde "~1.2" / "~1.2.3", and comparator sets ">=1.0.0 <2.0.0".
class VersionRange {
 public:
  static std::optional<VersionRange> parse(std::string_view spec);

  // Whether `v` is in the range. Pre-releases match only an exact pre-release spec.
  bool contains(const Version& v) const;
  // The highest version of `candidates` in the range. For "latest": the highest stable
  // version, or the highest pre-release when no stable version exists.
  std::optional<Version> best_match(std::span<const Version> candidates) const;
  bool is_latest() const { return latest_; }
  bool is_exact() const { return exact_; }

 private:
  struct Comparator {
    enum Op { kGe, kGt, kLe, kLt, kEq } op;
    Version v;
  };
  std::vector<Comparator> all_of_;
  bool latest_ = false;
  bool exact_ = false;
};

// The version of this build of Vitrine, checked against compatibility.min/max_core_version.
const Version& core_version();

}  // namespace vitrine
