// Adapter between the JNI glue that JavaCPP generates and the op. Only the JNI library includes
// this header; the op itself stays free of Java concerns.
#pragma once

#include <stdexcept>
#include <string>

#include <c10/util/Exception.h>

#include "dann4j/gradient_reversal.h"

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

inline std::string compiled_torch_version() {
  return dann4j::compiled_torch_version();
}

}  // namespace jni
}  // namespace dann4j
