// A local HTTP receiver for outgoing webhooks: vitrine's own server on 127.0.0.1, an ephemeral
// port, recording every POST to /hooks/<name> and answering the status it is told (500 at
// first, so a test sees the retry before the success).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace vitrine::testing {

class WebhookReceiver {
 public:
  struct Hit {
    std::string name;       // the <name> of /hooks/<name>
    std::string body;       // the raw request body
    std::string signature;  // Vitrine-Signature
    std::string id;         // Vitrine-Webhook-Id
  };

  WebhookReceiver();
  ~WebhookReceiver();

  // "http://127.0.0.1:PORT/hooks/<name>".
  std::string url(const std::string& name) const;
  // The status every later request is answered with.
  void answer(int status);
  // Every request so far, in arrival order.
  std::vector<Hit> hits() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vitrine::testing
