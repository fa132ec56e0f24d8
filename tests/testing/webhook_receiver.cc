#include "testing/webhook_receiver.h"

#include <cstdlib>
#include <mutex>
#include <thread>

#include "http/router.h"
#include "http/server.h"

namespace vitrine::testing {

struct WebhookReceiver::Impl {
  http::Router router;
  std::unique_ptr<http::HttpServer> server;
  std::thread thread;
  mutable std::mutex mu;
  std::vector<Hit> hits;
  int status = 500;
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.router.add("POST", "/hooks/{name}", [&m](http::Request& req) -> Result<http::Response> {
    std::lock_guard lock(m.mu);
    m.hits.push_back({req.params["name"], req.body,
                      std::string(req.headers.get("vitrine-signature").value_or("")),
                      std::string(req.headers.get("vitrine-webhook-id").value_or(""))});
    return http::Response::json(m.status, {{"seen", m.hits.size()}});
  });
  http::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.blocking_threads = 1;
  m.server = std::make_unique<http::HttpServer>(options, m.router);
  if (!m.server->listen().ok()) std::abort();
  m.thread = std::thread([&m] { m.server->run(); });
}

WebhookReceiver::~WebhookReceiver() {
  impl_->server->stop();
  impl_->thread.join();
}

std::string WebhookReceiver::url(const std::string& name) const {
  return "http://127.0.0.1:" + std::to_string(impl_->server->port()) + "/hooks/" + name;
}

void WebhookReceiver::answer(int status) {
  std::lock_guard lock(impl_->mu);
  impl_->status = status;
}

std::vector<WebhookReceiver::Hit> WebhookReceiver::hits() const {
  std::lock_guard lock(impl_->mu);
  return impl_->hits;
}

}  // namespace vitrine::testing
