// Helpers shared by the handler files: the one way to answer an error, to read a JSON body and
// to find out who is calling. Handlers stay thin: parse with these, call a module, serialise.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/api.h"
#include "core/result.h"
#include "http/message.h"

namespace vitrine::api {

// The one JSON error body for `e`, carrying the request's id.
http::Response error_response(const Error& e, const http::Request& req);

// The request body as a JSON object. invalid_json names line and column; a body that is not an
// object, or that has a key outside `allowed` (when given), is invalid_argument naming the
// pointer. An empty body reads as {} when `empty_ok`.
Result<nlohmann::json> json_object_body(const http::Request& req,
                                        std::initializer_list<const char*> allowed = {},
                                        bool empty_ok = false);

// The caller, from "Authorization: Bearer <token>" (admin, session or personal token).
// unauthorized when missing or unknown.
Result<auth::Principal> authenticate(Services& s, const http::Request& req);

// A streamed asset (Asset::stream_key) as a response body: read from the blob store chunk by
// chunk while it is sent (themes/cdn.h), never whole.
std::shared_ptr<http::BodySource> asset_stream(themes::ThemeCdn& cdn, themes::Asset asset);

// Reads an optional string field; invalid_argument naming "/<key>" when present but not a string.
Result<std::optional<std::string>> optional_string(const nlohmann::json& body, const char* key);
// Reads a required non-empty string field; invalid_argument naming "/<key>" otherwise.
Result<std::string> required_string(const nlohmann::json& body, const char* key);

}  // namespace vitrine::api
