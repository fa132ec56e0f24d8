// The `vitrine theme …` commands' calls to a Vitrine server's JSON API, over http::HttpClient.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"

namespace vitrine::cli {

struct HttpAnswer {
  long status = 0;
  std::string body;
  uint64_t uploaded = 0;  // request body bytes sent
};

// Called with (bytes sent, bytes to send) while a request body uploads.
using UploadProgress = std::function<void(uint64_t, uint64_t)>;

// One request. `body` is sent when not null (with `content_type`); `token` as the bearer when
// not empty. Any answer is a value, whatever its status; unavailable when no answer came.
Result<HttpAnswer> api_request(const std::string& method, const std::string& url,
                               const std::string& token, const std::string* body,
                               const std::string& content_type = "",
                               const UploadProgress& progress = {});

// The API's one error format, or a plain description for anything else (a proxy's HTML page).
Error answer_error(const HttpAnswer& a);

// A 2xx answer's JSON body, or the error the answer carries.
Result<nlohmann::json> expect_json(const Result<HttpAnswer>& answer);

}  // namespace vitrine::cli
