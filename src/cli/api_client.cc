#include "cli/api_client.h"

#include <chrono>

#include "http/client.h"

namespace vitrine::cli {

using nlohmann::json;

Result<HttpAnswer> api_request(const std::string& method, const std::string& url,
                               const std::string& token, const std::string* body,
                               const std::string& content_type, const UploadProgress& progress) {
  http::ClientRequest request;
  request.method = method;
  request.url = url;
  request.headers.push_back("Accept: application/json");
  // Without this, curl waits for a "100 Continue" before sending bodies over 1 MB.
  request.headers.push_back("Expect:");
  if (!token.empty()) request.headers.push_back("Authorization: Bearer " + token);
  if (body != nullptr) {
    request.body = *body;
    if (!content_type.empty()) request.headers.push_back("Content-Type: " + content_type);
  }
  request.user_agent = "vitrine-cli/" VITRINE_CORE_VERSION;
  request.connect_timeout = std::chrono::seconds(15);
  // No overall timeout (big uploads on slow links are fine), but a stalled one ends.
  request.stall_timeout = std::chrono::seconds(120);
  request.on_upload = progress;
  auto response = http::send_request(request);
  if (!response.ok()) {
    const json& details = response.error().details;
    std::string why = details.contains("reason") ? details["reason"].get<std::string>()
                                                 : response.error().message;
    return fail(errc::kUnavailable, "cannot reach " + url + ": " + why);
  }
  return HttpAnswer{response->status, std::move(response->body), response->uploaded};
}

Error answer_error(const HttpAnswer& a) {
  json j = json::parse(a.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const json& e = j["error"];
    return make_error(e.value("code", "error"), e.value("message", "(no message)"),
                      e.contains("details") ? e["details"] : json());
  }
  std::string snippet = a.body.substr(0, 200);
  return make_error(a.status >= 500 ? errc::kUnavailable : errc::kInvalidArgument,
                    "the server answered HTTP " + std::to_string(a.status) +
                        (snippet.empty() ? "" : ": " + snippet));
}

Result<json> expect_json(const Result<HttpAnswer>& answer) {
  if (!answer.ok()) return answer.error();
  if (answer->status < 200 || answer->status >= 300) return answer_error(*answer);
  json j = json::parse(answer->body, nullptr, false);
  if (j.is_discarded())
    return fail(errc::kInvalidJson,
                "the server's answer is not JSON: " + answer->body.substr(0, 200));
  return j;
}

}  // namespace vitrine::cli
