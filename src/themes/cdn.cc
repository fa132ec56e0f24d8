#include "themes/cdn.h"

#include <algorithm>

namespace vitrine::themes {
namespace {

// The largest file ever read whole (see cdn.h).
constexpr uint64_t kMaxBufferedFile = 1 << 20;

Error missing_blob(const std::string& key) {
  return make_error(errc::kInternal, "registered asset '" + key + "' is missing from blob storage",
                    {{"key", key}});
}

}  // namespace

ThemeCdn::ThemeCdn(ThemeRegistry& registry, blob::BlobStore& blobs, uint64_t cache_bytes)
    : registry_(registry),
      blobs_(blobs),
      cache_budget_(cache_bytes),
      stream_threshold_(std::min(cache_bytes / 8, kMaxBufferedFile)),
      index_(std::make_shared<const Index>()) {}

std::shared_ptr<const ThemeCdn::Index> ThemeCdn::index() const {
  std::lock_guard lock(index_mu_);
  return index_;
}

Status ThemeCdn::refresh() {
  VITRINE_ASSIGN(int64_t gen, registry_.generation());
  {
    std::lock_guard lock(index_mu_);
    if (gen == generation_) return {};
  }
  VITRINE_ASSIGN(auto catalog, registry_.catalog());
  auto next = std::make_shared<Index>();
  for (auto& v : catalog) {
    ThemeEntry& t = (*next)[v.slug];
    t.versions.push_back(v.parsed);
    VersionEntry& e = t.by_version[v.version];
    e.version = v.version;
    for (const auto& f : v.files) {
      const std::string key = v.blob_prefix + f.path;
      const std::string tag = f.sha256.substr(0, 32);
      IndexedFile& x = e.files[f.path];
      x.content_type = f.content_type;
      x.size = f.size;
      x.identity = Representation{key, "\"" + tag + "\"", ""};
      if (f.has_br) x.br = Representation{key + ".br", "\"" + tag + "-br\"", "br"};
      if (f.has_gzip) x.gzip = Representation{key + ".gz", "\"" + tag + "-gz\"", "gzip"};
    }
  }
  for (auto& [_, t] : *next) std::sort(t.versions.begin(), t.versions.end());
  std::lock_guard lock(index_mu_);
  index_ = std::move(next);
  generation_ = gen;
  return {};
}

Result<AssetLookup> ThemeCdn::lookup(const AssetQuery& q, bool allow_io) {
  if (!is_safe_relative_path(q.path))
    return fail(errc::kInvalidArgument,
                "asset path '" + q.path +
                    "' is not a plain relative path ('..', '.', empty segments, backslashes and "
                    "control characters are refused)",
                {{"path", q.path}});
  auto idx = index();
  auto theme = idx->find(q.slug);
  if (theme == idx->end())
    return fail(errc::kNotFound, "theme '" + q.slug + "' not found", {{"slug", q.slug}});
  const ThemeEntry& t = theme->second;

  auto exact = t.by_version.find(q.version_spec);
  if (exact == t.by_version.end()) {
    auto range = VersionRange::parse(q.version_spec);
    if (!range)
      return fail(errc::kNotFound, "'" + q.version_spec + "' is not a version, range or 'latest'",
                  {{"slug", q.slug}, {"version", q.version_spec}});
    if (range->is_exact())
      return fail(errc::kNotFound, "theme '" + q.slug + "' has no version " + q.version_spec,
                  {{"slug", q.slug}, {"version", q.version_spec}});
    auto best = range->best_match(t.versions);
    if (!best)
      return fail(errc::kNotFound,
                  "theme '" + q.slug + "' has no version matching " + q.version_spec,
                  {{"slug", q.slug}, {"version", q.version_spec}});
    AssetLookup out;
    out.kind = AssetLookup::Kind::kRedirect;
    out.redirect_path = cdn_base_path(q.slug, best->str()) + q.path;
    return out;
  }

  const VersionEntry& v = exact->second;
  auto file = v.files.find(q.path);
  if (file == v.files.end())
    return fail(errc::kNotFound,
                "theme '" + q.slug + "' version " + v.version + " has no file '" + q.path + "'",
                {{"slug", q.slug}, {"version", v.version}, {"path", q.path}});
  const IndexedFile& f = file->second;
  const Representation& rep = q.accept_br && f.br       ? *f.br
                              : q.accept_gzip && f.gzip ? *f.gzip
                                                        : f.identity;
  const std::string& key = rep.key;

  AssetLookup out;
  Asset& a = out.asset;
  a.content_type = f.content_type;
  a.has_variants = f.br || f.gzip;
  a.encoding = rep.encoding;
  a.etag = rep.etag;
  if (f.size > stream_threshold_) return stream(std::move(out), f, key, allow_io);
  a.bytes = cache_get(key);
  if (a.bytes) {
    a.size = a.bytes->size();
    return out;
  }
  if (!allow_io) {
    out.kind = AssetLookup::Kind::kNeedsIo;
    return out;
  }
  auto data = blobs_.get(key);
  if (!data.ok()) {
    if (data.error().code == errc::kNotFound) return missing_blob(key);
    return data.error();
  }
  a.bytes = std::make_shared<const std::string>(std::move(data).value());
  a.size = a.bytes->size();
  cache_put(key, a.bytes);
  return out;
}

Result<AssetLookup> ThemeCdn::stream(AssetLookup out, const IndexedFile& f, const std::string& key,
                                     bool allow_io) {
  Asset& a = out.asset;
  a.stream_key = key;
  if (a.encoding.empty()) {
    a.size = f.size;
    return out;
  }
  {
    std::lock_guard lock(sizes_mu_);
    if (auto it = stream_sizes_.find(key); it != stream_sizes_.end()) {
      a.size = it->second;
      return out;
    }
  }
  if (!allow_io) {
    out.kind = AssetLookup::Kind::kNeedsIo;
    return out;
  }
  auto info = blobs_.head(key);
  if (!info.ok()) {
    if (info.error().code == errc::kNotFound) return missing_blob(key);
    return info.error();
  }
  a.size = info->size;
  std::lock_guard lock(sizes_mu_);
  stream_sizes_.emplace(key, a.size);
  return out;
}

Result<std::string> ThemeCdn::read_stream(const Asset& asset, uint64_t offset, size_t max_bytes) {
  auto data = blobs_.get_range(asset.stream_key, offset, max_bytes);
  if (!data.ok()) {
    if (data.error().code == errc::kNotFound) return missing_blob(asset.stream_key);
    return data.error();
  }
  if (data->empty() && offset < asset.size && max_bytes > 0)
    return fail(errc::kInternal,
                "asset '" + asset.stream_key + "' ends at " + std::to_string(offset) +
                    " bytes in blob storage; " + std::to_string(asset.size) + " are registered",
                {{"key", asset.stream_key}, {"size", asset.size}});
  return data;
}

std::shared_ptr<const std::string> ThemeCdn::cache_get(const std::string& key) {
  std::lock_guard lock(cache_mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void ThemeCdn::cache_put(const std::string& key, std::shared_ptr<const std::string> bytes) {
  // Objects larger than an eighth of the budget are served but not kept: one big video must not
  // flush every stylesheet.
  if (bytes->size() > cache_budget_ / 8) return;
  std::lock_guard lock(cache_mu_);
  if (cache_.count(key)) return;
  lru_.emplace_front(key, std::move(bytes));
  cache_[key] = lru_.begin();
  cache_used_ += lru_.front().second->size();
  while (cache_used_ > cache_budget_ && !lru_.empty()) {
    cache_used_ -= lru_.back().second->size();
    cache_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

uint64_t ThemeCdn::cached_bytes() const {
  std::lock_guard lock(cache_mu_);
  return cache_used_;
}

}  // namespace vitrine::themes
