// Adapter between the JNI glue that JavaCPP generates and the native code. Only the JNI library includes
// this header; the op itself stays free of Java concerns.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <c10/util/Exception.h>
#include <torch/types.h>  // torch::Tensor, the name bytedeco's TensorVector uses

#include "dann4j/allocation_counter.h"
#include "dann4j/gradient_reversal.h"
#include "dann4j/listening_socket.h"
#include "dann4j/optimizer_state.h"
#include "dann4j/torch_archive.h"

namespace dann4j {
namespace jni {

// JavaCPP turns a std::exception into a Java RuntimeException carrying what(). c10::Error's
// what() appends a C++ backtrace (slow to symbolise, useless to a Java user), so the message is
// re-thrown without it.
inline at::Tensor gradient_reversal(const at::Tensor& input, double lambda) {
  try {
    return dann4j::gradient_reversal(input, lambda);
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

inline void save_archive(const std::string& path, const char* pickle, long long size,
                         const std::vector<at::Tensor>& storages) {
  try {
    dann4j::save_archive(path, pickle, static_cast<size_t>(size), storages);
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

inline void optimizer_state(const torch::optim::Optimizer& optimizer, std::vector<std::string>& names,
                            std::vector<at::Tensor>& values) {
  try {
    dann4j::optimizer_state(optimizer, names, values);
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

inline void set_optimizer_state(torch::optim::Optimizer& optimizer, const std::vector<std::string>& names,
                                const std::vector<at::Tensor>& values) {
  try {
    dann4j::set_optimizer_state(optimizer, names, values);
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

inline void start_counting_cpu_allocations() { dann4j::start_counting_cpu_allocations(); }

// Stops counting; the bytes and the number of allocations come back through the two arguments.
inline void stop_counting_cpu_allocations(long long* bytes, long long* calls) {
  AllocationCount count = dann4j::stop_counting_cpu_allocations();
  *bytes = count.bytes;
  *calls = count.calls;
}

inline int listening_socket(const std::string& host, int port, int backlog) {
  return dann4j::listening_socket(host, port, backlog);
}

inline std::string compiled_torch_version() {
  return dann4j::compiled_torch_version();
}

}  // namespace jni
}  // namespace dann4j
