#include "dann4j/allocation_counter.h"

#include <atomic>

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

namespace dann4j {
namespace {

// Wraps libtorch's CPU allocator and adds up what passes through it. Installed once, on the first
// call to start_counting_cpu_allocations, and left in place (libtorch keeps no way to restore
// the previous allocator at a priority below ours); when not counting it costs one atomic load.
class CountingAllocator final : public c10::Allocator {
 public:
  explicit CountingAllocator(c10::Allocator* wrapped) : wrapped_(wrapped) {}

  c10::DataPtr allocate(size_t n) override {
    if (counting_.load(std::memory_order_relaxed)) {
      bytes_.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
      calls_.fetch_add(1, std::memory_order_relaxed);
    }
    return wrapped_->allocate(n);
  }

  c10::DeleterFnPtr raw_deleter() const override { return wrapped_->raw_deleter(); }

  void copy_data(void* dest, const void* src, std::size_t count) const override {
    wrapped_->copy_data(dest, src, count);
  }

  void start() {
    bytes_ = 0;
    calls_ = 0;
    counting_ = true;
  }

  AllocationCount stop() {
    counting_ = false;
    return {bytes_.load(), calls_.load()};
  }

 private:
  c10::Allocator* wrapped_;
  std::atomic<bool> counting_{false};
  std::atomic<int64_t> bytes_{0};
  std::atomic<int64_t> calls_{0};
};

CountingAllocator& counter() {
  // Leaked on purpose: libtorch may still hold it while static destructors run at exit.
  static CountingAllocator* instance = [] {
    auto* allocator = new CountingAllocator(c10::GetCPUAllocator());
    c10::SetCPUAllocator(allocator, /*priority=*/255);
    return allocator;
  }();
  return *instance;
}

}  // namespace

void start_counting_cpu_allocations() { counter().start(); }

AllocationCount stop_counting_cpu_allocations() { return counter().stop(); }

}  // namespace dann4j
