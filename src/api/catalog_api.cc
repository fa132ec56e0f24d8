// /api/workspaces/{id}/products and /collections: a workspace's catalog. Every route authorizes
// the caller on the path's workspace (members and admins; other tenants get 404, exactly as for
// an unknown workspace) and then only ever reaches that workspace's rows. Products and
// collections are named by id or slug.
#include "api/api.h"
#include "api/request_helpers.h"
#include "catalog/catalog.h"
#include "core/problems.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<catalog::ListQuery> list_query(const Request& req, bool with_status) {
  catalog::ListQuery q;
  VITRINE_ASSIGN(q.page, int_param(req, "page", 1, 1, 1'000'000));
  VITRINE_ASSIGN(q.page_size, int_param(req, "page_size", 20, 1, 100));
  if (with_status) {
    VITRINE_ASSIGN(q.status, enum_param(req, "status", {"active", "draft", "archived"}));
  }
  return q;
}

template <typename T>
json page_json(const catalog::Page<T>& page) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(catalog::to_json(item));
  return api::page_json(std::move(items), page.page, page.page_size, page.total);
}

// Answers `r` as JSON with `status`, or its error.
template <typename T>
Result<Response> answer(const Result<T>& r, int status = 200) {
  if (!r.ok()) return r.error();
  return Response::json(status, catalog::to_json(*r));
}

}  // namespace

void register_catalog_routes(http::Router& router, Services& s) {
  // ---- products ----
  router.add("GET", "/api/workspaces/{id}/products", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto q, list_query(req, true));
    VITRINE_ASSIGN(auto page, s.catalog.list_products(ws.id, q));
    return Response::json(200, page_json(page));
  });

  router.add("POST", "/api/workspaces/{id}/products", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto input, catalog::product_input_from_json(body, /*creating=*/true));
    return answer(s.catalog.create_product(ws.id, std::move(input)), 201);
  });

  router.add("GET", "/api/workspaces/{id}/products/{product_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               return answer(s.catalog.get_product(ws.id, req.params.at("product_id")));
             });

  router.add("PATCH", "/api/workspaces/{id}/products/{product_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto body, json_object_body(req));
               VITRINE_ASSIGN(auto patch,
                              catalog::product_input_from_json(body, /*creating=*/false));
               return answer(
                   s.catalog.update_product(ws.id, req.params.at("product_id"), std::move(patch)));
             });

  router.add("DELETE", "/api/workspaces/{id}/products/{product_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_TRY(s.catalog.delete_product(ws.id, req.params.at("product_id")));
               return no_content();
             });

  // ---- collections ----
  router.add("GET", "/api/workspaces/{id}/collections", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto q, list_query(req, false));
    VITRINE_ASSIGN(auto page, s.catalog.list_collections(ws.id, q));
    return Response::json(200, page_json(page));
  });

  router.add("POST", "/api/workspaces/{id}/collections", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto input, catalog::collection_input_from_json(body, /*creating=*/true));
    return answer(s.catalog.create_collection(ws.id, std::move(input)), 201);
  });

  router.add("GET", "/api/workspaces/{id}/collections/{collection_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               return answer(s.catalog.get_collection(ws.id, req.params.at("collection_id")));
             });

  router.add(
      "PATCH", "/api/workspaces/{id}/collections/{collection_id}",
      [&s](Request& req) -> Result<Response> {
        VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
        VITRINE_ASSIGN(auto body, json_object_body(req));
        VITRINE_ASSIGN(auto patch, catalog::collection_input_from_json(body, /*creating=*/false));
        return answer(
            s.catalog.update_collection(ws.id, req.params.at("collection_id"), std::move(patch)));
      });

  router.add("DELETE", "/api/workspaces/{id}/collections/{collection_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_TRY(s.catalog.delete_collection(ws.id, req.params.at("collection_id")));
               return no_content();
             });

  router.add("POST", "/api/workspaces/{id}/collections/{collection_id}/products",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto body, json_object_body(req, {"product_id", "position"}));
               VITRINE_ASSIGN(auto product, required_string(body, "product_id"));
               std::optional<int64_t> position;
               if (auto it = body.find("position"); it != body.end() && !it->is_null()) {
                 if (!it->is_number_integer())
                   return validation_failed_at("/position", "must be an integer");
                 position = it->get<int64_t>();
               }
               return answer(s.catalog.add_to_collection(ws.id, req.params.at("collection_id"),
                                                         product, position));
             });

  router.add("DELETE", "/api/workspaces/{id}/collections/{collection_id}/products/{product_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_TRY(s.catalog.remove_from_collection(ws.id, req.params.at("collection_id"),
                                                            req.params.at("product_id")));
               return no_content();
             });
}

}  // namespace vitrine::api
