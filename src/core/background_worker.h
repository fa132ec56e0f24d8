// BackgroundWorker: one thread that runs a job at start, whenever notify() is called and every
// `poll`, until stop(). It drives the queues kept in database tables (the event outbox, the mail
// queue, GitHub syncs): the poll picks up rows written by other processes or left by a crash,
// and notify() lets a row this process just committed go out at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace vitrine {

class BackgroundWorker {
 public:
  BackgroundWorker() = default;
  ~BackgroundWorker() { stop(); }
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Starts the thread: `job` runs once at once, then after each notify() or `poll` of quiet.
  // A job that drains a queue should check stopping() between items. No-op when running.
  void start(std::chrono::milliseconds poll, std::function<void()> job);

  // Makes the job run again soon (once, however many calls arrive while it runs).
  void notify();

  // True from stop() until the next start(): long work (a download) gives up when it turns.
  bool stopping() const { return stopping_.load(); }
  // The flag itself, for code that polls it (libcurl's progress callback).
  const std::atomic<bool>& stopping_flag() const { return stopping_; }

  // Stops and joins the thread after its current job; idempotent.
  void stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace vitrine
