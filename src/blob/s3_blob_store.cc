#include "blob/s3_blob_store.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>

#include "blob/key_rules.h"
#include "blob/s3_xml.h"
#include "core/hash.h"
#include "core/url.h"
#include "http/client.h"

namespace vitrine::blob {

struct S3BlobStore::Request {
  std::string method = "GET";
  std::string object;  // full object name; "" for the bucket
  std::string query;   // canonical query string (see url_for)
  std::string_view body;
  bool has_body = false;
  std::vector<std::string> headers;
};

namespace {

constexpr uint64_t kMinPartSize = 5 * 1024 * 1024;

// A canonical query string: parameters sorted by name, values encoded, each with '=' (SigV4
// signs the query as sent, so it must already be in canonical form).
std::string canonical_query(std::map<std::string, std::string> params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(name) + "=" + percent_encode(value);
  }
  return out;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

Result<std::unique_ptr<S3BlobStore>> S3BlobStore::open_url(const std::string& url,
                                                           const S3Options& tuning) {
  const std::string expected =
      ": expected s3://bucket/prefix?endpoint=http://host:port&region=us-east-1";
  if (!std::string_view(url).starts_with("s3://"))
    return fail(errc::kConfig, "blob URL '" + url + "' is not s3://");
  auto parsed = parse_url(url);
  if (!parsed.ok())
    return fail(errc::kConfig, "blob URL '" + url + "': " + parsed.error().message + expected);
  S3Options options = tuning;
  options.bucket = parsed->host;
  options.prefix = parsed->path;
  while (options.prefix.starts_with('/')) options.prefix.erase(0, 1);
  while (options.prefix.ends_with('/')) options.prefix.pop_back();
  if (options.bucket.empty()) {
    return fail(errc::kConfig, "blob URL '" + url + "' has no bucket" + expected);
  }
  if (!options.prefix.empty()) {
    if (Status st = validate_key(options.prefix); !st.ok()) {
      return fail(errc::kConfig,
                  "blob URL '" + url + "' has an invalid prefix: " + st.error().message);
    }
  }
  options.endpoint.clear();
  options.region = "us-east-1";
  for (auto& [name, value] : parsed->params) {
    if (name == "endpoint") {
      while (!value.empty() && value.back() == '/') value.pop_back();
      if (!value.starts_with("http://") && !value.starts_with("https://")) {
        return fail(errc::kConfig,
                    "blob URL '" + url + "': endpoint must start with http:// or https://");
      }
      options.endpoint = value;
    } else if (name == "region") {
      if (value.empty()) return fail(errc::kConfig, "blob URL '" + url + "': empty region");
      options.region = value;
    } else {
      return fail(errc::kConfig, "blob URL '" + url + "': unknown parameter '" + name +
                                     "' (known: endpoint, region)");
    }
  }
  options.access_key_id = env("AWS_ACCESS_KEY_ID");
  options.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
  for (auto [name, value] : {std::pair{"AWS_ACCESS_KEY_ID", &options.access_key_id},
                             std::pair{"AWS_SECRET_ACCESS_KEY", &options.secret_access_key}}) {
    if (value->empty()) {
      return fail(errc::kConfig,
                  "blob URL '" + url + "' needs S3 credentials: " + name + " is not set");
    }
  }
  return std::make_unique<S3BlobStore>(std::move(options));
}

S3BlobStore::S3BlobStore(S3Options options) : options_(std::move(options)) {
  options_.multipart_threshold = std::max(options_.multipart_threshold, kMinPartSize);
  options_.list_page_size = std::clamp(options_.list_page_size, 1, 1000);
}

std::string S3BlobStore::object_name(std::string_view key) const {
  if (options_.prefix.empty()) return std::string(key);
  return options_.prefix + "/" + std::string(key);
}

std::string S3BlobStore::url_for(std::string_view object, std::string_view query) const {
  std::string url;
  if (options_.endpoint.empty()) {
    url = "https://" + options_.bucket + ".s3." + options_.region + ".amazonaws.com/" +
          percent_encode(object, "/");
  } else {
    url = options_.endpoint + "/" + percent_encode(options_.bucket);
    if (!object.empty()) url += "/" + percent_encode(object, "/");
  }
  if (!query.empty()) url += "?" + std::string(query);
  return url;
}

Result<S3BlobStore::Response> S3BlobStore::send(const Request& request) const {
  // One client per thread: a handle is not thread-safe, and reusing it keeps its connections.
  thread_local http::HttpClient client;
  http::ClientRequest call;
  call.method = request.method;
  call.url = url_for(request.object, request.query);
  call.aws_sigv4 = "aws:amz:" + options_.region + ":s3";
  call.credentials = options_.access_key_id + ":" + options_.secret_access_key;
  call.connect_timeout = std::chrono::seconds(10);
  call.stall_timeout = std::chrono::seconds(60);
  // S3 wants the payload hash; it is also what SigV4 signs for the body.
  call.headers.push_back("x-amz-content-sha256: " +
                         sha256_hex(request.has_body ? request.body : ""));
  call.headers.insert(call.headers.end(), request.headers.begin(), request.headers.end());
  if (request.has_body) {
    call.body = request.body;
    bool typed = std::any_of(request.headers.begin(), request.headers.end(),
                             [](const std::string& h) { return h.starts_with("Content-Type:"); });
    if (!typed) call.headers.push_back("Content-Type: application/octet-stream");
  }
  auto response = client.send(call);
  if (!response.ok()) {
    const nlohmann::json& details = response.error().details;
    std::string reason = details.contains("reason") ? details["reason"].get<std::string>()
                                                    : response.error().message;
    return fail(errc::kIo,
                "S3 " + request.method + " " + url_for(request.object, "") + " failed: " + reason,
                {{"bucket", options_.bucket}, {"object", request.object}});
  }
  return response;
}

Unexpected S3BlobStore::http_failure(std::string_view what, std::string_view key,
                                     const Response& response) const {
  std::string code = internal::s3_xml_text(response.body, "Error/Code");
  std::string message = internal::s3_xml_text(response.body, "Error/Message");
  std::string text = "S3 " + std::string(what) + " of '" + std::string(key) + "' in bucket '" +
                     options_.bucket + "' failed: HTTP " + std::to_string(response.status);
  if (!code.empty()) text += " " + code;
  if (!message.empty()) text += ": " + message;
  return fail(errc::kIo, text,
              {{"bucket", options_.bucket},
               {"key", std::string(key)},
               {"status", response.status},
               {"s3_code", code}});
}

namespace {
Unexpected not_found(std::string_view key, const std::string& bucket) {
  return fail(errc::kNotFound,
              "blob '" + std::string(key) + "' not found in bucket '" + bucket + "'",
              {{"key", std::string(key)}});
}
}  // namespace

Status S3BlobStore::put(std::string_view key, std::string_view data) {
  VITRINE_TRY(validate_key(key));
  if (data.size() > options_.multipart_threshold) return put_multipart(key, data);
  return put_single(key, data);
}

Status S3BlobStore::put_single(std::string_view key, std::string_view data) {
  Request req;
  req.method = "PUT";
  req.object = object_name(key);
  req.body = data;
  req.has_body = true;
  VITRINE_ASSIGN(Response res, send(req));
  if (res.status != 200) return http_failure("put", key, res);
  return {};
}

Status S3BlobStore::put_multipart(std::string_view key, std::string_view data) {
  const std::string object = object_name(key);
  Request create;
  create.method = "POST";
  create.object = object;
  create.query = canonical_query({{"uploads", ""}});
  create.has_body = true;
  VITRINE_ASSIGN(Response created, send(create));
  if (created.status != 200) return http_failure("multipart upload start", key, created);
  std::string upload_id =
      internal::s3_xml_text(created.body, "InitiateMultipartUploadResult/UploadId");
  if (upload_id.empty()) {
    return fail(errc::kIo, "S3 multipart upload start of '" + std::string(key) + "' in bucket '" +
                               options_.bucket + "' returned no UploadId");
  }

  auto upload_parts = [&]() -> Status {
    std::string complete = "<CompleteMultipartUpload>";
    const uint64_t part_size = options_.multipart_threshold;
    int part_number = 1;
    for (uint64_t offset = 0; offset < data.size(); offset += part_size, ++part_number) {
      Request part;
      part.method = "PUT";
      part.object = object;
      part.query =
          canonical_query({{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}});
      part.body = data.substr(offset, part_size);
      part.has_body = true;
      VITRINE_ASSIGN(Response uploaded, send(part));
      if (uploaded.status != 200) {
        return http_failure("upload of part " + std::to_string(part_number), key, uploaded);
      }
      const std::string* etag = uploaded.header("etag");
      if (etag == nullptr) {
        return fail(errc::kIo, "S3 upload of part " + std::to_string(part_number) + " of '" +
                                   std::string(key) + "' returned no ETag");
      }
      complete += "<Part><PartNumber>" + std::to_string(part_number) + "</PartNumber><ETag>" +
                  *etag + "</ETag></Part>";
    }
    complete += "</CompleteMultipartUpload>";
    Request finish;
    finish.method = "POST";
    finish.object = object;
    finish.query = canonical_query({{"uploadId", upload_id}});
    finish.body = complete;
    finish.has_body = true;
    finish.headers.push_back("Content-Type: application/xml");
    VITRINE_ASSIGN(Response finished, send(finish));
    // S3 may report a failed completion inside a 200 response.
    if (finished.status != 200 || !internal::s3_xml_text(finished.body, "Error/Code").empty()) {
      return http_failure("multipart upload completion", key, finished);
    }
    return {};
  };

  Status uploaded = upload_parts();
  if (!uploaded.ok()) {
    Request abort;
    abort.method = "DELETE";
    abort.object = object;
    abort.query = canonical_query({{"uploadId", upload_id}});
    (void)send(abort);  // best effort: the upload's own error is the one to report
  }
  return uploaded;
}

Result<std::string> S3BlobStore::get(std::string_view key) {
  VITRINE_TRY(validate_key(key));
  Request req;
  req.object = object_name(key);
  VITRINE_ASSIGN(Response res, send(req));
  if (res.status == 404) return not_found(key, options_.bucket);
  if (res.status != 200) return http_failure("get", key, res);
  return std::move(res.body);
}

Result<std::string> S3BlobStore::get_range(std::string_view key, uint64_t offset, uint64_t length) {
  VITRINE_TRY(validate_key(key));
  if (length == 0) {
    VITRINE_TRY(head(key));
    return std::string();
  }
  Request req;
  req.object = object_name(key);
  std::string range = "Range: bytes=" + std::to_string(offset) + "-";
  if (length <= UINT64_MAX - offset) range += std::to_string(offset + length - 1);
  req.headers.push_back(range);
  VITRINE_ASSIGN(Response res, send(req));
  if (res.status == 404) return not_found(key, options_.bucket);
  // 416: the object exists but `offset` is at or past its end.
  if (res.status == 416) return std::string();
  if (res.status == 206) {
    if (res.body.size() <= length) return std::move(res.body);
    // More than asked: s3rver reads "bytes=0-0" as "bytes=0-". Keep the asked-for bytes,
    // located by Content-Range ("bytes <first>-<last>/<size>").
    uint64_t first = offset;
    if (const std::string* cr = res.header("content-range")) {
      std::string_view v = *cr;
      if (v.starts_with("bytes ")) first = std::strtoull(v.data() + 6, nullptr, 10);
    }
    if (first > offset || offset - first >= res.body.size())
      return http_failure("ranged get (unexpected Content-Range)", key, res);
    return res.body.substr(offset - first, length);
  }
  if (res.status == 200) {
    // A server that ignores Range sends the whole object: cut it here.
    if (offset >= res.body.size()) return std::string();
    return res.body.substr(offset, length);
  }
  return http_failure("ranged get", key, res);
}

Result<BlobInfo> S3BlobStore::head(std::string_view key) {
  VITRINE_TRY(validate_key(key));
  Request req;
  req.method = "HEAD";
  req.object = object_name(key);
  VITRINE_ASSIGN(Response res, send(req));
  if (res.status == 404) return not_found(key, options_.bucket);
  if (res.status != 200) return http_failure("head", key, res);
  const std::string* length = res.header("content-length");
  if (length == nullptr) {
    return fail(errc::kIo, "S3 head of '" + std::string(key) + "' returned no Content-Length");
  }
  return BlobInfo{std::string(key), std::strtoull(length->c_str(), nullptr, 10)};
}

Status S3BlobStore::remove(std::string_view key) {
  VITRINE_TRY(validate_key(key));
  Request req;
  req.method = "DELETE";
  req.object = object_name(key);
  VITRINE_ASSIGN(Response res, send(req));
  if (res.status == 204 || res.status == 200 || res.status == 404) return {};
  return http_failure("delete", key, res);
}

Result<std::vector<BlobInfo>> S3BlobStore::list(std::string_view prefix) {
  VITRINE_TRY(internal::validate_prefix(prefix));
  const std::string store_prefix = options_.prefix.empty() ? "" : options_.prefix + "/";
  const std::string full_prefix = store_prefix + std::string(prefix);
  std::vector<BlobInfo> out;
  std::string token;
  while (true) {
    std::map<std::string, std::string> params{{"list-type", "2"},
                                              {"max-keys", std::to_string(options_.list_page_size)},
                                              {"prefix", full_prefix}};
    if (!token.empty()) params["continuation-token"] = token;
    Request req;
    req.query = canonical_query(params);
    VITRINE_ASSIGN(Response res, send(req));
    if (res.status != 200) return http_failure("list", prefix, res);
    auto elements = internal::parse_s3_xml(res.body);
    if (!elements.ok()) {
      return fail(errc::kIo,
                  "S3 list of '" + std::string(prefix) + "' in bucket '" + options_.bucket +
                      "': " + elements.error().message,
                  elements.error().details);
    }
    std::string name, size;
    bool truncated = false;
    token.clear();
    for (const internal::S3XmlElement& e : *elements) {
      if (e.path == "ListBucketResult/Contents/Key") {
        name = e.text;
      } else if (e.path == "ListBucketResult/Contents/Size") {
        size = e.text;
      } else if (e.path == "ListBucketResult/Contents") {
        if (name.starts_with(store_prefix)) {
          out.push_back(
              BlobInfo{name.substr(store_prefix.size()), std::strtoull(size.c_str(), nullptr, 10)});
        }
        name.clear();
        size.clear();
      } else if (e.path == "ListBucketResult/IsTruncated") {
        truncated = e.text == "true";
      } else if (e.path == "ListBucketResult/NextContinuationToken") {
        token = e.text;
      }
    }
    if (!truncated) break;
    if (token.empty()) {
      return fail(errc::kIo, "S3 list of '" + std::string(prefix) + "' in bucket '" +
                                 options_.bucket +
                                 "' was truncated without a NextContinuationToken");
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BlobInfo& a, const BlobInfo& b) { return a.key < b.key; });
  return out;
}

}  // namespace vitrine::blob
