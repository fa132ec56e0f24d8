#include "core/background_worker.h"

namespace vitrine {

void BackgroundWorker::start(std::chrono::milliseconds poll, std::function<void()> job) {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
    wake_ = true;  // the first round runs at once: rows left before a restart
  }
  thread_ = std::thread([this, poll, job = std::move(job)] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, poll, [this] { return wake_ || stopping_; });
      if (stopping_) break;
      wake_ = false;
      lock.unlock();
      job();
      lock.lock();
    }
  });
}

void BackgroundWorker::notify() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

void BackgroundWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

}  // namespace vitrine
