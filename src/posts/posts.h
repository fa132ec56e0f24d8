// PostService: a shop's blog posts (seed 002's posts table, Ghost's post model) and the blog
// snapshot that storefront renders read as ctx.posts / ctx.post.
//
// A post is written in Markdown and rendered once, at write time, with cmark (core/markdown.h:
// no raw HTML, no unsafe links). Its status is draft, scheduled (published_at in the future) or
// published. A background publisher turns scheduled posts into published ones at their time, so
// they appear without anyone asking. Every write bumps the workspace's blog revision in the same
// transaction; snapshots are cached per (workspace, revision) exactly as the catalogue's are
// (core/revision_cache.h), and the page cache keys on that revision.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/background_worker.h"
#include "core/references.h"
#include "core/result.h"
#include "core/revision_cache.h"
#include "db/database.h"

namespace vitrine::posts {

// Limits of post fields.
inline constexpr size_t kMaxTitleLength = 200;           // characters
inline constexpr size_t kMaxSlugLength = 96;             // what is_valid_slug accepts
inline constexpr size_t kMaxContentBytes = 200'000;      // Markdown source
inline constexpr size_t kMaxExcerptLength = 500;         // characters
inline constexpr size_t kMaxAuthorLength = 100;          // characters
inline constexpr size_t kMaxTags = 20;                   // per post
inline constexpr size_t kMaxTagLength = 40;              // characters
inline constexpr size_t kMaxSeoTitleLength = 200;        // characters
inline constexpr size_t kMaxSeoDescriptionLength = 500;  // characters
inline constexpr size_t kDerivedExcerptLength = 200;     // characters of text, then "…"

struct Post {
  std::string id, workspace_id, slug, title;
  std::string content;                        // Markdown, as written
  std::string html;                           // content rendered
  std::string excerpt;                        // as written, or derived from the content's text
  std::optional<std::string> featured_image;  // a path or http(s) URL
  std::string author;
  std::vector<std::string> tags;            // display names, in the author's order
  std::string status;                       // draft | scheduled | published
  std::optional<std::string> published_at;  // ISO 8601 UTC; always set unless a draft
  std::string seo_title, seo_description;   // "" = the title / excerpt
  int64_t reading_minutes = 1;              // words / 230, at least 1
  std::string created_at, updated_at;
};

// A create or a change: nullopt leaves the field as it is (a create starts from "" / draft).
struct PostInput {
  std::optional<std::string> title, slug, content, excerpt, author, status;
  std::optional<std::optional<std::string>> featured_image, published_at;  // null clears
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> seo_title, seo_description;
};

// Reads a JSON body: {"title", "slug", "content", "excerpt", "featured_image", "author",
// "tags": [...], "status", "published_at" (RFC 3339), "seo": {"title", "description"}}.
// validation_failed naming every problem of type by JSON Pointer (unknown fields too); the
// values are checked by create_post / update_post.
Result<PostInput> post_input_from_json(const nlohmann::json& body);

struct PostQuery {
  int64_t page = 1, page_size = 20;
  std::optional<std::string> status;  // draft | scheduled | published
  std::optional<std::string> tag;     // a tag's slug
};

struct PostPage {
  std::vector<Post> items;
  int64_t page = 1, page_size = 20, total = 0;
};

// What storefront renders read for one workspace: the published posts, newest first.
struct BlogSnapshot {
  int64_t revision = 0;
  // Each post as ctx shows it in lists: {"id", "slug", "url" ("/blog/<slug>"), "title",
  // "excerpt", "image" (or null), "author", "tags" ([{"name", "slug", "url"}]), "category" (the
  // first tag's name or ""), "date" and "published_at" (ISO 8601), "reading_time" and
  // "readingTime" (minutes), "seo" {"title", "description"}}; without the html.
  nlohmann::json posts = nlohmann::json::array();
  std::vector<std::string> html;                      // the rendered content of posts[i]
  std::unordered_map<std::string, size_t> post_at;    // by slug
  std::map<std::string, std::vector<size_t>> by_tag;  // tag slug → indexes, newest first
  std::map<std::string, std::string> tag_names;       // tag slug → the name first used

  // posts[i] with "html": what ctx.post holds on the post's page. null for an unknown slug.
  std::optional<nlohmann::json> full_post(const std::string& slug) const;
};

class PostService {
 public:
  explicit PostService(db::Database& db) : db_(db) {}
  ~PostService() { stop(); }
  PostService(const PostService&) = delete;
  PostService& operator=(const PostService&) = delete;

  // Tables: posts, post_revisions.
  static std::vector<db::Migration> migrations();

  // Creates a post. validation_failed for bad fields (a scheduled post needs a published_at in
  // the future; a published one a published_at not in the future); already_exists (/slug) for
  // a slug another post of the workspace has. A slug is derived from the title when not given.
  Result<Post> create_post(const std::string& workspace_id, PostInput input);
  // The post with this id or slug; not_found otherwise (also for another workspace's post).
  Result<Post> get_post(const std::string& workspace_id, const std::string& id_or_slug);
  // The workspace's posts, newest first (published_at, then created_at).
  Result<PostPage> list_posts(const std::string& workspace_id, const PostQuery& query);
  // Applies a change; the same checks as create_post. Publishing a draft without published_at
  // sets it to now; turning a post back into a draft keeps its date.
  Result<Post> update_post(const std::string& workspace_id, const std::string& id_or_slug,
                           PostInput change);
  // Deletes a post; not_found when there is none.
  Status delete_post(const std::string& workspace_id, const std::string& id_or_slug);

  // Publishes every scheduled post whose time has come (all workspaces); returns how many.
  Result<int> publish_due();

  // The published and scheduled posts of the workspace whose content or featured image contain
  // `needle` (a URL prefix such as a media file's).
  Result<std::vector<ContentReference>> references_to(const std::string& workspace_id,
                                                      const std::string& needle);
  // Runs publish_due at start and every `poll` in the background; stop() ends it.
  void start(std::chrono::milliseconds poll = std::chrono::seconds(1));
  void stop() { publisher_.stop(); }

  // The blog snapshot at the workspace's current revision, shared by every render at it.
  Result<std::shared_ptr<const BlogSnapshot>> shared_snapshot(const std::string& workspace_id);
  // The same from memory only (null when a query is needed): safe on an HTTP I/O thread.
  std::shared_ptr<const BlogSnapshot> cached_snapshot(const std::string& workspace_id);

 private:
  Status write(const std::string& workspace_id, const std::function<Status(db::Session&)>& fn);
  Result<int64_t> read_revision(const std::string& workspace_id);
  Result<std::shared_ptr<const BlogSnapshot>> build_snapshot(const std::string& workspace_id);

  db::Database& db_;
  RevisionCache<BlogSnapshot> cache_{[this](const std::string& ws) { return read_revision(ws); },
                                     [this](const std::string& ws) { return build_snapshot(ws); }};
  BackgroundWorker publisher_;
};

// The JSON of a post as the API shows it: every field, plus "url", "seo" {title, description}
// and "reading_time".
nlohmann::json to_json(const Post& p);

}  // namespace vitrine::posts
