// /api/cms/{workspace_id}/…: the content API of seed 002 (pages, blocks, posts, media, themes),
// with the workspace in the path as the seed's tenantId argument. Every route authorizes the
// caller on that workspace (members and admins; other tenants get 404 as for an unknown one).
// Posts are named by id or slug.
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

}  // namespace

void register_cms_routes(http::Router& router, Services& s) {
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
