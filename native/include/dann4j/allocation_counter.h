// Counts the tensor data that libtorch's CPU allocator hands out: how the benchmarks show that
// the gradient reversal's forward pass allocates no tensor data (it returns a view).
#pragma once

#include <cstdint>

namespace dann4j {

struct AllocationCount {
  int64_t bytes;  // bytes requested from the CPU allocator
  int64_t calls;  // number of allocations
};

/// Starts counting CPU tensor allocations of the whole process, from zero.
void start_counting_cpu_allocations();

/// Stops counting and returns what was allocated since start_counting_cpu_allocations.
AllocationCount stop_counting_cpu_allocations();

}  // namespace dann4j
