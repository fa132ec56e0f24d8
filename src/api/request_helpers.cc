#include "api/request_helpers.h"

#include "core/text.h"

namespace vitrine::api {

http::Response error_response(const Error& e, const http::Request& req) {
  return http::Response::error(e, req.request_id);
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
