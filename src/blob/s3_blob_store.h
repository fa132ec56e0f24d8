// S3BlobStore: the BlobStore backend that keeps each object in an S3-compatible bucket, at
// <prefix>/<key>. Opened from "s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1":
// with `endpoint`, requests go path-style to that server (<endpoint>/<bucket>/<object>);
// without it, virtual-host style to https://<bucket>.s3.<region>.amazonaws.com. `region`
// defaults to us-east-1. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
//
// Requests are signed with AWS Signature V4 (libcurl's CURLOPT_AWS_SIGV4). Every thread reuses
// its own http::HttpClient (and so its connections); the store itself holds no mutable state and
// may be used from any number of threads.
// put() writes objects above the multipart threshold as a multipart upload, which S3 makes
// visible only when complete: readers see the old object or the new one, as the contract says.
// A failed multipart upload is aborted, so no parts are left billed in the bucket.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "blob/blob_store.h"
#include "http/client.h"

namespace vitrine::blob {

struct S3Options {
  std::string bucket;
  std::string prefix;    // without leading or trailing '/'; "" stores keys at the bucket root
  std::string endpoint;  // "http://127.0.0.1:9000" (path-style), or "" for AWS virtual hosts
  std::string region = "us-east-1";
  std::string access_key_id;
  std::string secret_access_key;
  // Objects larger than this go up as a multipart upload in parts of this size (S3's minimum
  // part size is 5 MiB, so smaller values are raised to it).
  uint64_t multipart_threshold = 16 * 1024 * 1024;
  // Keys asked for per ListObjectsV2 page (S3 caps it at 1000); tests lower it to exercise
  // continuation tokens.
  int list_page_size = 1000;
};

class S3BlobStore final : public BlobStore {
 public:
  // Parses an s3:// URL and reads the credentials from the environment; config_error naming
  // what is wrong or which variable is missing. `tuning` supplies the multipart threshold and
  // the list page size (its other fields are ignored). Makes no request.
  static Result<std::unique_ptr<S3BlobStore>> open_url(const std::string& url,
                                                       const S3Options& tuning = {});

  // A store over `options` as given; prefer open_url().
  explicit S3BlobStore(S3Options options);

  const S3Options& options() const { return options_; }

  Status put(std::string_view key, std::string_view data) override;
  Result<std::string> get(std::string_view key) override;
  Result<std::string> get_range(std::string_view key, uint64_t offset, uint64_t length) override;
  Result<BlobInfo> head(std::string_view key) override;
  Status remove(std::string_view key) override;
  Result<std::vector<BlobInfo>> list(std::string_view prefix) override;

 private:
  using Response = http::ClientResponse;
  struct Request;

  // Sends one signed request; transport failures are io_error, HTTP statuses are left to the
  // caller.
  Result<Response> send(const Request& request) const;
  // The URL of `object` (a full object name, prefix included) with `query` (already canonical:
  // sorted, encoded, every parameter with '='), or of the bucket when `object` is empty.
  std::string url_for(std::string_view object, std::string_view query) const;
  std::string object_name(std::string_view key) const;
  Unexpected http_failure(std::string_view what, std::string_view key,
                          const Response& response) const;
  Status put_single(std::string_view key, std::string_view data);
  Status put_multipart(std::string_view key, std::string_view data);

  S3Options options_;
};

}  // namespace vitrine::blob
