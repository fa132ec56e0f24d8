#include "api/request_helpers.h"

#include <charconv>

#include "core/text.h"

namespace vitrine::api {

nlohmann::json page_json(nlohmann::json items, int64_t page, int64_t page_size, int64_t total) {
  return {{"items", std::move(items)},
          {"page", page},
          {"page_size", page_size},
          {"total", total},
          {"total_pages", (total + page_size - 1) / page_size}};
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  return r;
}

Result<nlohmann::json> json_object_body(const http::Request& req,
                                        std::initializer_list<const char*> allowed, bool empty_ok) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (empty_ok) return nlohmann::json::object();
    return fail(errc::kInvalidArgument, "request body: expected a JSON object, got nothing");
  }
  auto body = parse_json(req.body);
  if (!body.ok()) {
    Error e = body.error();
    e.message = "request body: " + e.message;
    return e;
  }
  if (!body->is_object()) {
    return fail(errc::kInvalidArgument, "request body must be a JSON object", {{"pointer", ""}});
  }
  if (allowed.size() > 0) {
    for (const auto& [key, value] : body->items()) {
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) {
        std::string pointer = "/" + json_pointer_token(key);
        return fail(errc::kInvalidArgument, "unknown field '" + pointer + "'",
                    {{"pointer", pointer}});
      }
    }
  }
  return std::move(*body);
}

Result<auth::Principal> authenticate(Services& s, const http::Request& req) {
  return s.tokens.authenticate(req.headers.get("authorization").value_or(""));
}

Result<workspaces::Workspace> authorized_workspace(Services& s, const http::Request& req,
                                                   std::string_view workspace_id, Access access) {
  VITRINE_ASSIGN(auto p, authenticate(s, req));
  return access == Access::kOwner ? s.workspaces.authorize_owner(p, workspace_id)
                                  : s.workspaces.authorize(p, workspace_id);
}

Result<workspaces::Workspace> authorized_workspace(Services& s, const http::Request& req,
                                                   Access access) {
  return authorized_workspace(s, req, req.params.at("id"), access);
}

Result<int64_t> int_param(const http::Request& req, const char* name, int64_t fallback, int64_t lo,
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

Result<std::optional<std::string>> enum_param(const http::Request& req, const char* name,
                                              std::initializer_list<const char*> allowed) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>();
  std::string list;
  for (const char* a : allowed) {
    if (*v == a) return std::optional<std::string>(*v);
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return fail(errc::kInvalidArgument,
              std::string("query parameter '") + name + "' must be one of " + list,
              {{"parameter", name}, {"value", *v}});
}

namespace {

class StreamedAsset final : public http::BodySource {
 public:
  StreamedAsset(themes::ThemeCdn& cdn, themes::Asset asset) : cdn_(cdn), asset_(std::move(asset)) {}
  uint64_t size() const override { return asset_.size; }
  Result<std::string> read(uint64_t offset, size_t max_bytes) override {
    return cdn_.read_stream(asset_, offset, max_bytes);
  }

 private:
  themes::ThemeCdn& cdn_;
  const themes::Asset asset_;
};

}  // namespace

std::shared_ptr<http::BodySource> asset_stream(themes::ThemeCdn& cdn, themes::Asset asset) {
  return std::make_shared<StreamedAsset>(cdn, std::move(asset));
}

Result<std::optional<std::string>> optional_string(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return fail(errc::kInvalidArgument, std::string("/") + key + ": must be a string",
                {{"pointer", std::string("/") + key}});
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> required_string(const nlohmann::json& body, const char* key) {
  VITRINE_ASSIGN(auto v, optional_string(body, key));
  if (!v || v->empty()) {
    return fail(errc::kInvalidArgument, std::string("/") + key + ": is required",
                {{"pointer", std::string("/") + key}});
  }
  return std::move(*v);
}

}  // namespace vitrine::api
