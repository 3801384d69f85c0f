// Gradient reversal layer (Ganin & Lempitsky, "Unsupervised Domain Adaptation by
// Backpropagation", ICML 2015): identity forward, gradient times -lambda backward.
#pragma once

#include <ATen/core/Tensor.h>

namespace dann4j {

/// Returns a view of `input` (same storage, sizes and strides; no data is copied) whose gradient
/// in the backward pass is the incoming gradient multiplied by -lambda.
///
/// `input`: a defined floating-point tensor of any shape, on any device.
/// `lambda`: a finite hyper-parameter; it receives no gradient.
/// Throws c10::Error (via TORCH_CHECK) on an undefined input, a non-floating dtype or a
/// non-finite lambda.
at::Tensor gradient_reversal(const at::Tensor& input, double lambda);

/// The libtorch version whose headers this op was compiled against, e.g. "2.10.0".
const char* compiled_torch_version();

}  // namespace dann4j
