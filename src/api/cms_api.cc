// /api/cms/{workspace_id}/…: the content API of seed 002 (pages, blocks, posts, media, themes),
// with the workspace in the path as the seed's tenantId argument. Every route authorizes the
// caller on that workspace (members and admins; other tenants get 404 as for an unknown one).
// Posts are named by id or slug. Pages and blocks are a view of one customization's Puck
// documents (customize/pages.h), chosen by ?customization_id= (default: the live one, else the
// newest); a page is named by its path, percent-encoded in the URL ("%2F" is the home page,
// "about" or "%2Fabout" the page /about).
#include "api/api.h"
#include "api/request_helpers.h"
#include "core/text.h"
#include "posts/posts.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<Response> answer(const Result<posts::Post>& r, int status = 200) {
  if (!r.ok()) return r.error();
  return Response::json(status, posts::to_json(*r));
}

// The customization a pages or blocks request edits, after authorizing the workspace.
Result<customize::Customization> working_customization(Services& s, const Request& req) {
  VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
  std::optional<std::string> id = req.query_param("customization_id");
  if (id && id->empty()) id.reset();
  return s.customizations.working(ws.id, id);
}

// The page path named by the URL's {page}: "about" and "%2Fabout" both name /about.
std::string page_path(const Request& req) {
  std::string path = req.params.at("page");
  return path.starts_with("/") ? path : "/" + path;
}

Result<Response> page_answer(const Result<customize::Customization>& c, const std::string& path,
                             int status = 200) {
  if (!c.ok()) return c.error();
  if (!c->pages.contains(path))
    return fail(errc::kNotFound, "page '" + path + "' not found", {{"page", path}});
  return Response::json(status, customize::page_json(*c, path, true));
}

Result<Response> block_answer(const Result<customize::Customization>& c,
                              const std::string& block_id, const std::optional<std::string>& page) {
  if (!c.ok()) return c.error();
  VITRINE_ASSIGN(auto at, customize::find_block(*c, block_id, page));
  const json& doc = c->pages[at.path];
  const json& items = at.zone.empty() ? doc["content"] : doc["zones"][at.zone];
  json j = customize::block_json(doc, items[at.index], at.index);
  j["page"] = at.path;
  j["zone"] = at.zone.empty() ? json() : json(at.zone);
  j["customization_id"] = c->id;
  return Response::json(200, j);
}

std::optional<std::string> page_param(const Request& req) {
  auto page = req.query_param("page");
  if (!page || page->empty()) return std::nullopt;
  return page->starts_with("/") ? *page : "/" + *page;
}

constexpr std::initializer_list<const char*> kPageMembers = {"path", "title", "meta_description",
                                                             "root_props", "blocks"};

void register_page_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/cms/{id}/pages", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    json items = json::array();
    for (const auto& [path, doc] : c.pages.items())
      items.push_back(customize::page_json(c, path, false));
    return Response::json(200, {{"customization_id", c.id}, {"items", items}});
  });

  router.add("POST", "/api/cms/{id}/pages", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, kPageMembers));
    auto input = customize::page_input_from_json(body);
    auto saved = s.customizations.create_page(c.workspace_id, c.id, input);
    std::string path = input.path && input.path->is_string() ? input.path->get<std::string>() : "";
    return page_answer(saved, path, 201);
  });

  router.add("GET", "/api/cms/{id}/pages/{page}", [&s](Request& req) -> Result<Response> {
    return page_answer(working_customization(s, req), page_path(req));
  });

  router.add("PATCH", "/api/cms/{id}/pages/{page}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, kPageMembers));
    auto input = customize::page_input_from_json(body);
    const std::string path = page_path(req);
    auto saved = s.customizations.update_page(c.workspace_id, c.id, path, input);
    return page_answer(
        saved, input.path && input.path->is_string() ? input.path->get<std::string>() : path);
  });

  router.add("DELETE", "/api/cms/{id}/pages/{page}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    VITRINE_TRY(s.customizations.delete_page(c.workspace_id, c.id, page_path(req)));
    return no_content();
  });

  // publishPage: a page goes live with its customization (the whole site is one publish).
  router.add("POST", "/api/cms/{id}/pages/{page}/publish", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    const std::string path = page_path(req);
    if (!c.pages.contains(path))
      return fail(errc::kNotFound, "page '" + path + "' not found", {{"page", path}});
    return page_answer(s.customizations.publish(c.id), path);
  });

  router.add("GET", "/api/cms/{id}/pages/{page}/blocks", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    const std::string path = page_path(req);
    if (!c.pages.contains(path))
      return fail(errc::kNotFound, "page '" + path + "' not found", {{"page", path}});
    return Response::json(200, {{"customization_id", c.id},
                                {"page", path},
                                {"items", customize::blocks_json(c.pages[path])}});
  });

  // updateBlocks: replaces every block of the page.
  router.add("PUT", "/api/cms/{id}/pages/{page}/blocks", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"blocks"}));
    customize::PageInput input;
    input.blocks = body.contains("blocks") ? body["blocks"] : json();
    const std::string path = page_path(req);
    VITRINE_ASSIGN(auto saved, s.customizations.update_page(c.workspace_id, c.id, path, input));
    return Response::json(200, {{"customization_id", saved.id},
                                {"page", path},
                                {"items", customize::blocks_json(saved.pages[path])}});
  });

  router.add("GET", "/api/cms/{id}/blocks/{block}", [&s](Request& req) -> Result<Response> {
    return block_answer(working_customization(s, req), req.params.at("block"), page_param(req));
  });

  router.add("PATCH", "/api/cms/{id}/blocks/{block}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"config", "visibility"}));
    const std::string& block = req.params.at("block");
    auto page = page_param(req);
    auto saved = s.customizations.update_block(c.workspace_id, c.id, block, page,
                                               customize::block_input_from_json(body));
    return block_answer(saved, block, page);
  });

  router.add("DELETE", "/api/cms/{id}/blocks/{block}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto c, working_customization(s, req));
    VITRINE_TRY(s.customizations.delete_block(c.workspace_id, c.id, req.params.at("block"),
                                              page_param(req)));
    return no_content();
  });
}

}  // namespace

void register_cms_routes(http::Router& router, Services& s) {
  register_page_routes(router, s);
  router.add("GET", "/api/cms/{id}/posts", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    posts::PostQuery q;
    VITRINE_ASSIGN(q.page, int_param(req, "page", 1, 1, 1'000'000));
    VITRINE_ASSIGN(q.page_size, int_param(req, "page_size", 20, 1, 100));
    VITRINE_ASSIGN(q.status, enum_param(req, "status", {"draft", "scheduled", "published"}));
    if (auto tag = req.query_param("tag"); tag && !tag->empty()) {
      if (!is_valid_slug(*tag))
        return fail(errc::kInvalidArgument, "tag: '" + *tag + "' is not a tag slug",
                    {{"parameter", "tag"}});
      q.tag = *tag;
    }
    VITRINE_ASSIGN(auto page, s.posts.list_posts(ws.id, q));
    json items = json::array();
    for (const auto& p : page.items) items.push_back(posts::to_json(p));
    return Response::json(200, page_json(std::move(items), page.page, page.page_size, page.total));
  });

  router.add("POST", "/api/cms/{id}/posts", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto input, posts::post_input_from_json(body));
    return answer(s.posts.create_post(ws.id, std::move(input)), 201);
  });

  router.add("GET", "/api/cms/{id}/posts/{post}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    return answer(s.posts.get_post(ws.id, req.params.at("post")));
  });

  router.add("PATCH", "/api/cms/{id}/posts/{post}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto change, posts::post_input_from_json(body));
    return answer(s.posts.update_post(ws.id, req.params.at("post"), std::move(change)));
  });

  router.add("DELETE", "/api/cms/{id}/posts/{post}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_TRY(s.posts.delete_post(ws.id, req.params.at("post")));
    return no_content();
  });
}

}  // namespace vitrine::api
