// Compiled with -fno-rtti (see CMakeLists.txt and v8_support.h): keep this file free of
// anything that needs RTTI.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "sandbox/v8_support.h"

namespace vitrine::sandbox::internal {
namespace {

class BudgetedAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  explicit BudgetedAllocator(size_t budget) : budget_(budget) {}

  void* Allocate(size_t length) override {
    if (!reserve(length)) return nullptr;
    void* p = std::calloc(length ? length : 1, 1);
    if (!p) release(length);
    return p;
  }

  void* AllocateUninitialized(size_t length) override {
    if (!reserve(length)) return nullptr;
    void* p = std::malloc(length ? length : 1);
    if (!p) release(length);
    return p;
  }

  void Free(void* data, size_t length) override {
    std::free(data);
    release(length);
  }

 private:
  bool reserve(size_t length) {
    size_t used = used_.load(std::memory_order_relaxed);
    do {
      if (length > budget_ || used > budget_ - length) return false;
    } while (!used_.compare_exchange_weak(used, used + length, std::memory_order_relaxed));
    return true;
  }
  void release(size_t length) { used_.fetch_sub(length, std::memory_order_relaxed); }

  const size_t budget_;
  std::atomic<size_t> used_{0};
};

}  // namespace

std::unique_ptr<v8::ArrayBuffer::Allocator> new_budgeted_allocator(size_t budget_bytes) {
  return std::make_unique<BudgetedAllocator>(budget_bytes);
}

}  // namespace vitrine::sandbox::internal
