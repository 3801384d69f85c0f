// The per-parameter state of libtorch's SGD (momentum buffers) and Adam (step, moments) as named
// tensors, so that checkpoints can hold it in a plain state_dict-style file instead of a
// TorchScript archive (torch::serialize::OutputArchive), which cannot be read safely.
#pragma once

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/optim/optimizer.h>

namespace dann4j {

/// Names are "<i>.<field>", i the parameter's index over all parameter groups in order:
/// "<i>.momentum_buffer" (SGD); "<i>.step" (an int64 scalar), "<i>.exp_avg", "<i>.exp_avg_sq",
/// and "<i>.max_exp_avg_sq" when defined (Adam). Tensors are detached copies. Throws c10::Error
/// for an optimizer other than SGD or Adam.
void optimizer_state(const torch::optim::Optimizer& optimizer, std::vector<std::string>& names,
                     std::vector<at::Tensor>& values);

/// Replaces the optimizer's whole state by the named tensors (the form optimizer_state gives),
/// copied to each parameter's device. Everything is checked first — known names and indices,
/// each tensor's shape and dtype equal to its parameter's, a non-negative int64 step, no field
/// missing — and on any error the optimizer is left unchanged.
void set_optimizer_state(torch::optim::Optimizer& optimizer, const std::vector<std::string>& names,
                         const std::vector<at::Tensor>& values);

}  // namespace dann4j
