// Helpers shared by the handler files: reading a JSON body and query parameters, finding out who
// is calling and on which workspace. Handlers stay thin: parse with these, call a module,
// serialise. A handler returns Result<Response>; the server answers a failed one as the JSON
// error response (http/router.h), so every step is one VITRINE_ASSIGN or VITRINE_TRY line.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/api.h"
#include "core/result.h"
#include "http/message.h"

namespace vitrine::api {

// An empty 204 answer.
http::Response no_content();

// One page of a list as every list endpoint answers it: {items, page, page_size, total,
// total_pages}.
nlohmann::json page_json(nlohmann::json items, int64_t page, int64_t page_size, int64_t total);

// The request body as a JSON object. invalid_json names line and column; a body that is not an
// object, or that has a key outside `allowed` (when given), is invalid_argument naming the
// pointer. An empty body reads as {} when `empty_ok`.
Result<nlohmann::json> json_object_body(const http::Request& req,
                                        std::initializer_list<const char*> allowed = {},
                                        bool empty_ok = false);

// The caller, from "Authorization: Bearer <token>" (admin, session or personal token).
// unauthorized when missing or unknown.
Result<auth::Principal> authenticate(Services& s, const http::Request& req);

// Who may act on a workspace: its members (and admins), or only its owner (and admins).
enum class Access { kMember, kOwner };

// The workspace `workspace_id` once the caller is authenticated and has `access` to it. Other
// tenants get not_found, exactly as for an unknown workspace.
Result<workspaces::Workspace> authorized_workspace(Services& s, const http::Request& req,
                                                   std::string_view workspace_id,
                                                   Access access = Access::kMember);
// The same for the workspace named by the path parameter {id}.
Result<workspaces::Workspace> authorized_workspace(Services& s, const http::Request& req,
                                                   Access access = Access::kMember);

// Query parameter `name` as an integer from `lo` to `hi`, `fallback` when absent or empty;
// invalid_argument naming the parameter and the range otherwise.
Result<int64_t> int_param(const http::Request& req, const char* name, int64_t fallback, int64_t lo,
                          int64_t hi);
// Query parameter `name` as one of `allowed`, nullopt when absent or empty; invalid_argument
// listing the allowed values otherwise.
Result<std::optional<std::string>> enum_param(const http::Request& req, const char* name,
                                              std::initializer_list<const char*> allowed);

// A streamed asset (Asset::stream_key) as a response body: read from the blob store chunk by
// chunk while it is sent (themes/cdn.h), never whole.
std::shared_ptr<http::BodySource> asset_stream(themes::ThemeCdn& cdn, themes::Asset asset);

// Reads an optional string field; invalid_argument naming "/<key>" when present but not a string.
Result<std::optional<std::string>> optional_string(const nlohmann::json& body, const char* key);
// Reads a required non-empty string field; invalid_argument naming "/<key>" otherwise.
Result<std::string> required_string(const nlohmann::json& body, const char* key);

}  // namespace vitrine::api
