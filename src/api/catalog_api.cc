// /api/workspaces/{id}/products and /collections: a workspace's catalog. Every route authorizes
// the caller on the path's workspace (members and admins; other tenants get 404, exactly as for
// an unknown workspace) and then only ever reaches that workspace's rows. Products and
// collections are named by id or slug.
#include <charconv>

#include "api/api.h"
#include "api/request_helpers.h"
#include "catalog/catalog.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

Result<int64_t> int_param(const Request& req, const char* name, int64_t fallback, int64_t lo,
                          int64_t hi) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < lo || out > hi)
    return fail(errc::kInvalidArgument,
                std::string("query parameter '") + name + "' must be an integer from " +
                    std::to_string(lo) + " to " + std::to_string(hi),
                {{"parameter", name}, {"value", *v}});
  return out;
}

Result<catalog::ListQuery> list_query(const Request& req, bool with_status) {
  catalog::ListQuery q;
  VITRINE_ASSIGN(q.page, int_param(req, "page", 1, 1, 1'000'000));
  VITRINE_ASSIGN(q.page_size, int_param(req, "page_size", 20, 1, 100));
  if (auto status = req.query_param("status"); with_status && status && !status->empty()) {
    if (*status != "active" && *status != "draft" && *status != "archived")
      return fail(errc::kInvalidArgument,
                  "query parameter 'status' must be one of active, draft, archived",
                  {{"parameter", "status"}, {"value", *status}});
    q.status = *status;
  }
  return q;
}

template <typename T>
json page_json(const catalog::Page<T>& page) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(catalog::to_json(item));
  return {{"items", items},
          {"page", page.page},
          {"page_size", page.page_size},
          {"total", page.total},
          {"total_pages", (page.total + page.page_size - 1) / page.page_size}};
}

// The path's workspace id once the caller is authorized on it.
Result<std::string> authorized_workspace(Services& s, const Request& req) {
  VITRINE_ASSIGN(auto p, authenticate(s, req));
  VITRINE_ASSIGN(auto w, s.workspaces.authorize(p, req.params.at("id")));
  return w.id;
}

// Answers `r` as JSON with `status`, or its error.
template <typename T>
Response answer(const Result<T>& r, const Request& req, int status = 200) {
  if (!r.ok()) return error_response(r.error(), req);
  return Response::json(status, catalog::to_json(*r));
}

}  // namespace

void register_catalog_routes(http::Router& router, Services& s) {
  // ---- products ----
  router.add("GET", "/api/workspaces/{id}/products", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto q = list_query(req, true);
    if (!q.ok()) return error_response(q.error(), req);
    auto page = s.catalog.list_products(*ws, *q);
    if (!page.ok()) return error_response(page.error(), req);
    return Response::json(200, page_json(*page));
  });

  router.add("POST", "/api/workspaces/{id}/products", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto body = json_object_body(req);
    if (!body.ok()) return error_response(body.error(), req);
    return answer(s.catalog.create_product(*ws, *body), req, 201);
  });

  router.add("GET", "/api/workspaces/{id}/products/{product_id}", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    return answer(s.catalog.get_product(*ws, req.params.at("product_id")), req);
  });

  router.add("PATCH", "/api/workspaces/{id}/products/{product_id}", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto body = json_object_body(req);
    if (!body.ok()) return error_response(body.error(), req);
    return answer(s.catalog.update_product(*ws, req.params.at("product_id"), *body), req);
  });

  router.add("DELETE", "/api/workspaces/{id}/products/{product_id}", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto st = s.catalog.delete_product(*ws, req.params.at("product_id"));
    if (!st.ok()) return error_response(st.error(), req);
    return no_content();
  });

  // ---- collections ----
  router.add("GET", "/api/workspaces/{id}/collections", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto q = list_query(req, false);
    if (!q.ok()) return error_response(q.error(), req);
    auto page = s.catalog.list_collections(*ws, *q);
    if (!page.ok()) return error_response(page.error(), req);
    return Response::json(200, page_json(*page));
  });

  router.add("POST", "/api/workspaces/{id}/collections", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto body = json_object_body(req);
    if (!body.ok()) return error_response(body.error(), req);
    return answer(s.catalog.create_collection(*ws, *body), req, 201);
  });

  router.add("GET", "/api/workspaces/{id}/collections/{collection_id}", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    return answer(s.catalog.get_collection(*ws, req.params.at("collection_id")), req);
  });

  router.add("PATCH", "/api/workspaces/{id}/collections/{collection_id}", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto body = json_object_body(req);
    if (!body.ok()) return error_response(body.error(), req);
    return answer(s.catalog.update_collection(*ws, req.params.at("collection_id"), *body), req);
  });

  router.add("DELETE", "/api/workspaces/{id}/collections/{collection_id}", [&s](Request& req) {
    auto ws = authorized_workspace(s, req);
    if (!ws.ok()) return error_response(ws.error(), req);
    auto st = s.catalog.delete_collection(*ws, req.params.at("collection_id"));
    if (!st.ok()) return error_response(st.error(), req);
    return no_content();
  });

  router.add(
      "POST", "/api/workspaces/{id}/collections/{collection_id}/products", [&s](Request& req) {
        auto ws = authorized_workspace(s, req);
        if (!ws.ok()) return error_response(ws.error(), req);
        auto body = json_object_body(req, {"product_id", "position"});
        if (!body.ok()) return error_response(body.error(), req);
        auto product = required_string(*body, "product_id");
        if (!product.ok()) return error_response(product.error(), req);
        std::optional<int64_t> position;
        if (auto it = body->find("position"); it != body->end() && !it->is_null()) {
          if (!it->is_number_integer())
            return error_response(
                make_error(errc::kValidationFailed, "/position: must be an integer",
                           {{"problems", json::array({{{"pointer", "/position"},
                                                       {"message", "must be an integer"}}})}}),
                req);
          position = it->get<int64_t>();
        }
        return answer(
            s.catalog.add_to_collection(*ws, req.params.at("collection_id"), *product, position),
            req);
      });

  router.add("DELETE", "/api/workspaces/{id}/collections/{collection_id}/products/{product_id}",
             [&s](Request& req) {
               auto ws = authorized_workspace(s, req);
               if (!ws.ok()) return error_response(ws.error(), req);
               auto c = s.catalog.remove_from_collection(*ws, req.params.at("collection_id"),
                                                         req.params.at("product_id"));
               if (!c.ok()) return error_response(c.error(), req);
               return no_content();
             });
}

}  // namespace vitrine::api
