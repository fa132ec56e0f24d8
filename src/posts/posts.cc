#include "posts/posts.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "core/markdown.h"
#include "core/problems.h"
#include "core/text.h"
#include "core/url.h"

namespace vitrine::posts {
namespace {

using nlohmann::json;

// tag_slugs holds "|a|b|" so a tag filter is one LIKE on the row.
constexpr const char* kSchema = R"sql(
CREATE TABLE posts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  html TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  excerpt_given INTEGER NOT NULL,
  featured_image TEXT,
  author TEXT NOT NULL,
  tags TEXT NOT NULL,
  tag_slugs TEXT NOT NULL,
  status TEXT NOT NULL,
  published_at TEXT,
  seo_title TEXT NOT NULL,
  seo_description TEXT NOT NULL,
  reading_minutes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (workspace_id, slug)
);
CREATE INDEX posts_by_date ON posts (workspace_id, published_at);
CREATE INDEX posts_scheduled ON posts (status, published_at);
CREATE TABLE post_revisions (
  workspace_id TEXT PRIMARY KEY,
  revision BIGINT NOT NULL
);
)sql";

constexpr const char* kStatusRule = "must be one of draft, scheduled, published";
// Attempts of a create whose derived slug lost a race with a concurrent create.
constexpr int kSlugAttempts = 4;
constexpr int64_t kWordsPerMinute = 230;

// The first `max` characters of `text` ending at a word, with "…" when cut.
std::string excerpt_of(const std::string& text) {
  std::string flat;
  for (char c : text) flat += (c == '\n' || c == '\t') ? ' ' : c;
  if (utf8_length(flat) <= kDerivedExcerptLength) return trim_space(flat);
  size_t chars = 0, cut = 0, last_space = 0;
  for (size_t i = 0; i < flat.size(); ++i) {
    if ((flat[i] & 0xC0) == 0x80) continue;
    if (chars == kDerivedExcerptLength) {
      cut = i;
      break;
    }
    if (flat[i] == ' ') last_space = i;
    ++chars;
  }
  if (last_space > 0) cut = last_space;
  return trim_space(flat.substr(0, cut)) + "…";
}

int64_t reading_minutes_of(const std::string& text) {
  int64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return std::max<int64_t>(1, (words + kWordsPerMinute - 1) / kWordsPerMinute);
}

std::string tag_slugs_of(const std::vector<std::string>& tags) {
  std::string out = "|";
  for (const auto& t : tags) out += slugify(t, kMaxTagLength) + "|";
  return out;
}

Post post_from_row(const db::QueryResult& r, size_t i) {
  Post p;
  p.id = r.text(i, "id");
  p.workspace_id = r.text(i, "workspace_id");
  p.slug = r.text(i, "slug");
  p.title = r.text(i, "title");
  p.content = r.text(i, "content");
  p.html = r.text(i, "html");
  p.excerpt = r.text(i, "excerpt");
  p.featured_image = r.optional_text(i, "featured_image");
  p.author = r.text(i, "author");
  p.tags = r.strings(i, "tags");
  p.status = r.text(i, "status");
  p.published_at = r.optional_text(i, "published_at");
  p.seo_title = r.text(i, "seo_title");
  p.seo_description = r.text(i, "seo_description");
  p.reading_minutes = r.integer(i, "reading_minutes");
  p.created_at = r.text(i, "created_at");
  p.updated_at = r.text(i, "updated_at");
  return p;
}

template <typename Exec>
Result<db::QueryResult> find_row(Exec& db, const std::string& workspace_id,
                                 const std::string& key) {
  if (is_uuid(key)) {
    VITRINE_ASSIGN(auto r, db.exec("SELECT * FROM posts WHERE workspace_id = ? AND id = ?",
                                   {workspace_id, key}));
    if (!r.empty()) return r;
  }
  return db.exec("SELECT * FROM posts WHERE workspace_id = ? AND slug = ?", {workspace_id, key});
}

template <typename Exec>
Result<Post> load_post(Exec& db, const std::string& workspace_id, const std::string& key) {
  VITRINE_ASSIGN(auto r, find_row(db, workspace_id, key));
  if (r.empty()) return fail(errc::kNotFound, "post '" + key + "' not found", {{"post_id", key}});
  return post_from_row(r, 0);
}

// A slug free among the workspace's posts: `base`, else base-2, base-3, ...
Result<std::string> free_slug(db::Session& s, const std::string& workspace_id,
                              const std::string& base) {
  VITRINE_ASSIGN(auto r, s.exec("SELECT slug FROM posts WHERE workspace_id = ? AND (slug = ? OR "
                                "slug LIKE ?)",
                                {workspace_id, base, base + "-%"}));
  std::set<std::string> taken;
  for (size_t i = 0; i < r.rows.size(); ++i) taken.insert(r.text(i, "slug"));
  return first_free_slug(base, taken);
}

Status bump_revision(db::Session& s, const std::string& workspace_id) {
  VITRINE_TRY(
      s.exec("INSERT INTO post_revisions (workspace_id, revision) VALUES (?, 1) "
             "ON CONFLICT (workspace_id) DO UPDATE SET revision = post_revisions.revision + 1",
             {workspace_id}));
  return {};
}

// Applies `in` to `p` (the post as stored, or a new one) and checks the result as a whole.
// `excerpt_given`: whether p's excerpt is the author's (else it follows the content).
Status apply(const PostInput& in, Post& p, bool& excerpt_given, bool creating) {
  Problems problems;
  PostInput c = in;
  check_text(c.title, "/title", kMaxTitleLength, problems);
  if (c.title && c.title->empty()) problems.add("/title", "must not be blank");
  if (creating && !c.title && !problems.has("/title")) problems.add("/title", "is required");
  if (c.slug && (!is_valid_slug(*c.slug) || c.slug->size() > kMaxSlugLength))
    problems.add("/slug", "must be lower-case letters, digits and single inner hyphens, at most " +
                              std::to_string(kMaxSlugLength) + " characters");
  if (c.content && c.content->size() > kMaxContentBytes)
    problems.add("/content", "must be at most " + std::to_string(kMaxContentBytes) + " bytes");
  check_text(c.excerpt, "/excerpt", kMaxExcerptLength, problems);
  check_text(c.author, "/author", kMaxAuthorLength, problems);
  check_text(c.seo_title, "/seo/title", kMaxSeoTitleLength, problems);
  check_text(c.seo_description, "/seo/description", kMaxSeoDescriptionLength, problems);
  if (c.featured_image && *c.featured_image) {
    std::string url = trim_space(**c.featured_image);
    if (url.empty())
      *c.featured_image = std::nullopt;
    else if (!is_page_link(url))
      problems.add("/featured_image",
                   "must be a path starting with '/' or an http(s) URL without spaces");
    else
      **c.featured_image = url;
  }
  if (c.tags) {
    check_words(*c.tags, "/tags", kMaxTags, kMaxTagLength, false, problems);
    std::set<std::string> seen;
    for (size_t i = 0; i < c.tags->size(); ++i) {
      const std::string slug = slugify((*c.tags)[i], kMaxTagLength);
      if ((*c.tags)[i].empty()) continue;
      if (slug.empty())
        problems.add("/tags/" + std::to_string(i), "needs a letter or digit");
      else if (!seen.insert(slug).second)
        problems.add("/tags/" + std::to_string(i), "repeats an earlier tag");
    }
  }
  if (c.status && *c.status != "draft" && *c.status != "scheduled" && *c.status != "published")
    problems.add("/status", kStatusRule);
  std::optional<std::string> published_at = p.published_at;
  if (c.published_at) {
    published_at = std::nullopt;
    if (*c.published_at) {
      auto t = parse_iso8601(**c.published_at);
      if (!t)
        problems.add("/published_at",
                     "must be an RFC 3339 date-time like 2026-12-24T09:00:00Z, or null");
      else
        published_at = to_iso8601(*t);
    }
  }
  const std::string status = c.status.value_or(p.status.empty() ? "draft" : p.status);
  const std::string now = now_iso8601();
  if (!problems.has("/published_at") && !problems.has("/status")) {
    if (status == "scheduled" && (!published_at || *published_at <= now))
      problems.add("/published_at", "must be a time in the future for a scheduled post");
    if (status == "published" && published_at && *published_at > now && c.published_at)
      problems.add("/published_at", "is in the future: use status scheduled to publish later");
  }
  if (!problems.empty()) return problems.error("post is not valid");

  if (c.title) p.title = *c.title;
  if (c.slug) p.slug = *c.slug;
  if (c.content) {
    p.content = *c.content;
    p.html = markdown_to_html(p.content);
  }
  const std::string text = markdown_to_text(p.content);
  p.reading_minutes = reading_minutes_of(text);
  if (c.excerpt) {
    excerpt_given = !c.excerpt->empty();
    p.excerpt = *c.excerpt;
  }
  if (!excerpt_given) p.excerpt = excerpt_of(text);
  if (c.featured_image) p.featured_image = *c.featured_image;
  if (c.author) p.author = *c.author;
  if (c.tags) p.tags = *c.tags;
  if (c.seo_title) p.seo_title = *c.seo_title;
  if (c.seo_description) p.seo_description = *c.seo_description;
  // A post going live now without a date (or a scheduled one published early) takes this moment.
  if (status == "published" && (!published_at || (*published_at > now && !c.published_at)))
    published_at = now;
  // A published post moved past its date by the author is still published (its date moved).
  p.status = status;
  p.published_at = published_at;
  p.updated_at = now;
  if (creating) p.created_at = now;
  return {};
}

std::vector<db::Value> row_values(const Post& p, bool excerpt_given) {
  return {p.title,
          p.content,
          p.html,
          p.excerpt,
          int64_t{excerpt_given ? 1 : 0},
          p.featured_image ? db::Value(*p.featured_image) : db::Value(std::monostate{}),
          p.author,
          json(p.tags).dump(),
          tag_slugs_of(p.tags),
          p.status,
          p.published_at ? db::Value(*p.published_at) : db::Value(std::monostate{}),
          p.seo_title,
          p.seo_description,
          p.reading_minutes,
          p.updated_at};
}

Error slug_taken(const std::string& slug) {
  return make_error(errc::kAlreadyExists,
                    "/slug: '" + slug + "' is already used by another post of this shop",
                    {{"pointer", "/slug"}, {"slug", slug}});
}

json tag_json(const std::string& name) {
  const std::string slug = slugify(name, kMaxTagLength);
  return {{"name", name}, {"slug", slug}, {"url", "/blog/tag/" + slug}};
}

}  // namespace

std::vector<db::Migration> PostService::migrations() {
  return {db::Migration{"posts", 1, kSchema}};
}

Result<PostInput> post_input_from_json(const json& body) {
  Problems problems;
  PostInput in;
  if (!body.is_object()) return validation_failed_at("", "the body must be a JSON object");
  if (auto it = body.find("title"); it != body.end() && it->is_null()) {
    problems.add("/title", "is required");
  } else {
    in.title = read_string(body, "title", "must be a string", problems);
  }
  if (auto it = body.find("slug"); it != body.end() && !it->is_null())
    in.slug = read_string(body, "slug", "must be a string", problems);
  in.content = read_clearable_text(body, "content", problems);
  in.excerpt = read_clearable_text(body, "excerpt", problems);
  in.author = read_clearable_text(body, "author", problems);
  in.status = read_string(body, "status", kStatusRule, problems);
  for (const char* key : {"featured_image", "published_at"}) {
    auto it = body.find(key);
    if (it == body.end()) continue;
    std::optional<std::optional<std::string>>& field =
        std::string_view(key) == "featured_image" ? in.featured_image : in.published_at;
    if (it->is_null())
      field = std::optional<std::string>();
    else if (it->is_string())
      field = it->get<std::string>();
    else
      problems.add(std::string("/") + key, "must be a string or null");
  }
  in.tags = read_strings(body, "tags", problems);
  if (auto it = body.find("seo"); it != body.end()) {
    if (!it->is_object()) {
      problems.add("/seo", "must be an object {title, description}");
    } else {
      in.seo_title = read_string(*it, "title", "must be a string", problems);
      in.seo_description = read_string(*it, "description", "must be a string", problems);
    }
  }
  static const std::set<std::string> kKnown = {
      "title",          "slug",         "content",    "excerpt",      "author", "status",
      "featured_image", "tags",         "seo",        "published_at", "id",     "url",
      "html",           "reading_time", "created_at", "updated_at"};
  for (const auto& [key, value] : body.items())
    if (!kKnown.count(key)) problems.add("/" + json_pointer_token(key), "is not a post field");
  if (!problems.empty()) return problems.error("post is not valid");
  return in;
}

Status PostService::write(const std::string& workspace_id,
                          const std::function<Status(db::Session&)>& fn) {
  Status st = db_.transaction([&](db::Session& s) -> Status {
    VITRINE_TRY(bump_revision(s, workspace_id));
    return fn(s);
  });
  if (st.ok()) cache_.note_write(workspace_id);
  return st;
}

Result<Post> PostService::create_post(const std::string& workspace_id, PostInput input) {
  Post p;
  p.workspace_id = workspace_id;
  bool excerpt_given = false;
  VITRINE_TRY(apply(input, p, excerpt_given, /*creating=*/true));
  for (int attempt = 1;; ++attempt) {
    Status st = write(workspace_id, [&](db::Session& s) -> Status {
      if (!input.slug) {
        std::string base = slugify(p.title, kMaxSlugLength - 4);
        VITRINE_ASSIGN(p.slug, free_slug(s, workspace_id, base.empty() ? "post" : base));
      }
      p.id = new_uuid();
      std::vector<db::Value> v = {p.id, workspace_id, p.slug};
      for (auto& x : row_values(p, excerpt_given)) v.push_back(std::move(x));
      v.push_back(p.created_at);
      auto r = s.exec(
          "INSERT INTO posts (id, workspace_id, slug, title, content, html, excerpt, "
          "excerpt_given, "
          "featured_image, author, tags, tag_slugs, status, published_at, seo_title, "
          "seo_description, reading_minutes, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          std::span<const db::Value>(v));
      if (!r.ok() && r.error().code == errc::kAlreadyExists) return slug_taken(p.slug);
      return r.ok() ? Status() : Status(r.error());
    });
    if (st.ok()) return p;
    // A derived slug taken by a concurrent create: derive again.
    if (input.slug || st.error().code != errc::kAlreadyExists || attempt == kSlugAttempts)
      return st.error();
  }
}

Result<Post> PostService::get_post(const std::string& workspace_id, const std::string& id_or_slug) {
  return load_post(db_, workspace_id, id_or_slug);
}

Result<PostPage> PostService::list_posts(const std::string& workspace_id, const PostQuery& q) {
  std::string where = " FROM posts WHERE workspace_id = ?";
  std::vector<db::Value> params = {workspace_id};
  if (q.status) {
    where += " AND status = ?";
    params.emplace_back(*q.status);
  }
  if (q.tag) {
    where += " AND tag_slugs LIKE ?";
    params.emplace_back("%|" + *q.tag + "|%");
  }
  VITRINE_ASSIGN(auto count,
                 db_.exec("SELECT COUNT(*) AS n" + where, std::span<const db::Value>(params)));
  PostPage page;
  page.page = q.page;
  page.page_size = q.page_size;
  page.total = count.integer(0, "n");
  params.emplace_back(q.page_size);
  params.emplace_back((q.page - 1) * q.page_size);
  // Drafts without a date sort as the newest: they are what the author works on.
  VITRINE_ASSIGN(auto rows, db_.exec("SELECT *" + where +
                                         " ORDER BY COALESCE(published_at, created_at) DESC, "
                                         "created_at DESC, id LIMIT ? OFFSET ?",
                                     std::span<const db::Value>(params)));
  for (size_t i = 0; i < rows.rows.size(); ++i) page.items.push_back(post_from_row(rows, i));
  return page;
}

Result<Post> PostService::update_post(const std::string& workspace_id,
                                      const std::string& id_or_slug, PostInput change) {
  Post p;
  VITRINE_TRY(write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto r, find_row(s, workspace_id, id_or_slug));
    if (r.empty())
      return fail(errc::kNotFound, "post '" + id_or_slug + "' not found",
                  {{"post_id", id_or_slug}});
    p = post_from_row(r, 0);
    bool excerpt_given = r.integer(0, "excerpt_given") != 0;
    VITRINE_TRY(apply(change, p, excerpt_given, /*creating=*/false));
    std::vector<db::Value> v = {p.slug};
    for (auto& x : row_values(p, excerpt_given)) v.push_back(std::move(x));
    v.emplace_back(p.id);
    auto upd = s.exec(
        "UPDATE posts SET slug = ?, title = ?, content = ?, html = ?, excerpt = ?, "
        "excerpt_given = ?, featured_image = ?, author = ?, tags = ?, tag_slugs = ?, status = ?, "
        "published_at = ?, seo_title = ?, seo_description = ?, reading_minutes = ?, "
        "updated_at = ? WHERE id = ?",
        std::span<const db::Value>(v));
    if (!upd.ok() && upd.error().code == errc::kAlreadyExists) return slug_taken(p.slug);
    return upd.ok() ? Status() : Status(upd.error());
  }));
  return p;
}

Status PostService::delete_post(const std::string& workspace_id, const std::string& id_or_slug) {
  return write(workspace_id, [&](db::Session& s) -> Status {
    VITRINE_ASSIGN(Post p, load_post(s, workspace_id, id_or_slug));
    VITRINE_TRY(s.exec("DELETE FROM posts WHERE id = ?", {p.id}));
    return {};
  });
}

Result<std::vector<ContentReference>> PostService::references_to(const std::string& workspace_id,
                                                                 const std::string& needle) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT id, title FROM posts WHERE workspace_id = ? AND status "
                                  "IN ('published', 'scheduled') AND (content LIKE '%' || ? || "
                                  "'%' OR featured_image LIKE '%' || ? || '%') ORDER BY title",
                                  {workspace_id, needle, needle}));
  std::vector<ContentReference> out;
  for (size_t i = 0; i < r.rows.size(); ++i)
    out.push_back({"post", r.text(i, "id"), r.text(i, "title")});
  return out;
}

Result<int> PostService::publish_due() {
  const std::string now = now_iso8601();
  VITRINE_ASSIGN(auto due, db_.exec("SELECT DISTINCT workspace_id FROM posts WHERE status = "
                                    "'scheduled' AND published_at <= ?",
                                    {now}));
  int published = 0;
  for (size_t i = 0; i < due.rows.size(); ++i) {
    const std::string ws = due.text(i, "workspace_id");
    VITRINE_TRY(write(ws, [&](db::Session& s) -> Status {
      VITRINE_ASSIGN(auto r, s.exec("UPDATE posts SET status = 'published', updated_at = ? WHERE "
                                    "workspace_id = ? AND status = 'scheduled' AND "
                                    "published_at <= ?",
                                    {now, ws, now}));
      published += static_cast<int>(r.changes);
      return {};
    }));
  }
  if (published) spdlog::info("posts: {} scheduled post(s) published", published);
  return published;
}

void PostService::start(std::chrono::milliseconds poll) {
  publisher_.start(poll, [this] {
    if (auto r = publish_due(); !r.ok())
      spdlog::warn("posts: publishing scheduled posts failed: {}", r.error().message);
  });
}

Result<int64_t> PostService::read_revision(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT revision FROM post_revisions WHERE workspace_id = ?",
                                  {workspace_id}));
  return r.empty() ? 0 : r.integer(0, "revision");
}

Result<std::shared_ptr<const BlogSnapshot>> PostService::shared_snapshot(
    const std::string& workspace_id) {
  return cache_.shared(workspace_id);
}

std::shared_ptr<const BlogSnapshot> PostService::cached_snapshot(const std::string& workspace_id) {
  return cache_.cached(workspace_id);
}

Result<std::shared_ptr<const BlogSnapshot>> PostService::build_snapshot(
    const std::string& workspace_id) {
  auto snap = std::make_shared<BlogSnapshot>();
  std::vector<Post> posts;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    posts.clear();
    VITRINE_ASSIGN(auto rev, s.exec("SELECT revision FROM post_revisions WHERE workspace_id = ?",
                                    {workspace_id}));
    snap->revision = rev.empty() ? 0 : rev.integer(0, "revision");
    VITRINE_ASSIGN(auto rows, s.exec("SELECT * FROM posts WHERE workspace_id = ? AND status = "
                                     "'published' ORDER BY published_at DESC, created_at DESC, id",
                                     {workspace_id}));
    for (size_t i = 0; i < rows.rows.size(); ++i) posts.push_back(post_from_row(rows, i));
    return {};
  }));
  for (auto& p : posts) {
    const size_t at = snap->posts.size();
    json tags = json::array();
    for (const auto& t : p.tags) {
      json tag = tag_json(t);
      const std::string slug = tag["slug"];
      snap->by_tag[slug].push_back(at);
      snap->tag_names.emplace(slug, t);
      tags.push_back(std::move(tag));
    }
    const std::string date = p.published_at.value_or(p.created_at);
    snap->posts.push_back(
        {{"id", p.id},
         {"slug", p.slug},
         {"url", "/blog/" + p.slug},
         {"title", p.title},
         {"excerpt", p.excerpt},
         {"image", p.featured_image ? json(*p.featured_image) : json(nullptr)},
         {"author", p.author},
         {"tags", std::move(tags)},
         {"category", p.tags.empty() ? "" : p.tags[0]},
         {"date", date},
         {"published_at", date},
         {"updated_at", p.updated_at},
         {"reading_time", p.reading_minutes},
         {"readingTime", p.reading_minutes},
         {"seo",
          {{"title", p.seo_title.empty() ? p.title : p.seo_title},
           {"description", p.seo_description.empty() ? p.excerpt : p.seo_description}}}});
    snap->html.push_back(std::move(p.html));
    snap->post_at.emplace(p.slug, at);
  }
  return std::shared_ptr<const BlogSnapshot>(std::move(snap));
}

std::optional<json> BlogSnapshot::full_post(const std::string& slug) const {
  auto it = post_at.find(slug);
  if (it == post_at.end()) return std::nullopt;
  json out = posts[it->second];
  out["html"] = html[it->second];
  return out;
}

json to_json(const Post& p) {
  return {{"id", p.id},
          {"slug", p.slug},
          {"url", "/blog/" + p.slug},
          {"title", p.title},
          {"content", p.content},
          {"html", p.html},
          {"excerpt", p.excerpt},
          {"featured_image", p.featured_image ? json(*p.featured_image) : json(nullptr)},
          {"author", p.author},
          {"tags", p.tags},
          {"status", p.status},
          {"published_at", p.published_at ? json(*p.published_at) : json(nullptr)},
          {"seo", {{"title", p.seo_title}, {"description", p.seo_description}}},
          {"reading_time", p.reading_minutes},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

}  // namespace vitrine::posts
