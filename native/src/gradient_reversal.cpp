#include "dann4j/gradient_reversal.h"

#include <cmath>

#include <torch/csrc/autograd/custom_function.h>
#include <torch/version.h>

namespace dann4j {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

constexpr const char* kLambdaKey = "lambda";

struct GradientReversalFunction : public torch::autograd::Function<GradientReversalFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, double lambda) {
    // lambda is a plain double, so it lives in saved_data rather than among saved tensors.
    ctx->saved_data[kLambdaKey] = lambda;
    // An alias rather than the input itself: autograd must see a new tensor to attach this node
    // to, and an alias keeps storage, sizes and strides, so nothing is copied (the original
    // Theano op declared the same with view_map = {0: [0]}).
    return at::alias(input);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const at::Tensor& grad = grad_outputs[0];
    const double lambda = ctx->saved_data[kLambdaKey].toDouble();
    // grad.mul is an ordinary differentiable op, so backward(create_graph=true) and
    // second-order gradients work. The second entry is lambda's gradient: none.
    return {grad.defined() ? grad.mul(-lambda) : at::Tensor(), at::Tensor()};
  }
};

}  // namespace

at::Tensor gradient_reversal(const at::Tensor& input, double lambda) {
  TORCH_CHECK(input.defined(), "gradient_reversal: the input tensor is undefined");
  TORCH_CHECK(at::isFloatingType(input.scalar_type()),
              "gradient_reversal: the input must have a floating-point dtype, got ",
              input.scalar_type());
  TORCH_CHECK(std::isfinite(lambda), "gradient_reversal: lambda must be finite, got ", lambda);
  return GradientReversalFunction::apply(input, lambda);
}

const char* compiled_torch_version() {
  return TORCH_VERSION;
}

}  // namespace dann4j
