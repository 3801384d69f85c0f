#include "dann4j/optimizer_state.h"

#include <map>
#include <memory>

#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>

namespace dann4j {
namespace {

std::vector<at::Tensor> all_parameters(const torch::optim::Optimizer& optimizer) {
  std::vector<at::Tensor> params;
  for (const auto& group : optimizer.param_groups()) {
    params.insert(params.end(), group.params().begin(), group.params().end());
  }
  return params;
}

bool is_sgd(const torch::optim::Optimizer& optimizer) {
  return dynamic_cast<const torch::optim::SGD*>(&optimizer) != nullptr;
}

bool is_adam(const torch::optim::Optimizer& optimizer) {
  return dynamic_cast<const torch::optim::Adam*>(&optimizer) != nullptr;
}

void add(std::vector<std::string>& names, std::vector<at::Tensor>& values, size_t index, const char* field,
         const at::Tensor& value) {
  if (value.defined()) {
    names.push_back(std::to_string(index) + "." + field);
    values.push_back(value.detach().clone());
  }
}

// "<i>.<field>" -> (i, field); refuses anything else.
std::pair<size_t, std::string> parse_name(const std::string& name, size_t parameters) {
  const size_t dot = name.find('.');
  TORCH_CHECK(dot != std::string::npos && dot > 0 && dot <= 9 &&
                  name.find_first_not_of("0123456789") == dot,
              "optimizer state entry '", name, "' is not <index>.<field>");
  const size_t index = std::stoul(name.substr(0, dot));
  TORCH_CHECK(index < parameters, "optimizer state entry '", name, "' names parameter ", index, " but there are ",
              parameters);
  return {index, name.substr(dot + 1)};
}

// A copy of `value` for a parameter's state field, after checking it matches the parameter.
at::Tensor checked_like(const at::Tensor& value, const at::Tensor& param, const std::string& name) {
  TORCH_CHECK(value.defined(), "optimizer state entry '", name, "' is undefined");
  TORCH_CHECK(value.sizes() == param.sizes(), "optimizer state entry '", name, "' has shape ", value.sizes(),
              " but its parameter has shape ", param.sizes());
  TORCH_CHECK(value.scalar_type() == param.scalar_type(), "optimizer state entry '", name, "' is ",
              value.scalar_type(), " but its parameter is ", param.scalar_type());
  return value.detach().to(param.device(), /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace

void optimizer_state(const torch::optim::Optimizer& optimizer, std::vector<std::string>& names,
                     std::vector<at::Tensor>& values) {
  TORCH_CHECK(is_sgd(optimizer) || is_adam(optimizer), "optimizer_state: only SGD and Adam are supported");
  names.clear();
  values.clear();
  const std::vector<at::Tensor> params = all_parameters(optimizer);
  const auto& state = optimizer.state();
  for (size_t i = 0; i < params.size(); ++i) {
    auto found = state.find(params[i].unsafeGetTensorImpl());
    if (found == state.end()) {
      continue;
    }
    if (is_sgd(optimizer)) {
      const auto& s = static_cast<const torch::optim::SGDParamState&>(*found->second);
      add(names, values, i, "momentum_buffer", s.momentum_buffer());
    } else {
      const auto& s = static_cast<const torch::optim::AdamParamState&>(*found->second);
      names.push_back(std::to_string(i) + ".step");
      values.push_back(at::scalar_tensor(static_cast<int64_t>(s.step()), at::kLong));
      add(names, values, i, "exp_avg", s.exp_avg());
      add(names, values, i, "exp_avg_sq", s.exp_avg_sq());
      add(names, values, i, "max_exp_avg_sq", s.max_exp_avg_sq());
    }
  }
}

void set_optimizer_state(torch::optim::Optimizer& optimizer, const std::vector<std::string>& names,
                         const std::vector<at::Tensor>& values) {
  TORCH_CHECK(names.size() == values.size(), "set_optimizer_state: ", names.size(), " names but ", values.size(),
              " tensors");
  const bool sgd = is_sgd(optimizer);
  TORCH_CHECK(sgd || is_adam(optimizer), "set_optimizer_state: only SGD and Adam are supported");
  const std::vector<at::Tensor> params = all_parameters(optimizer);
  // Parameter index -> field -> checked copy. Nothing touches the optimizer until all are checked.
  std::map<size_t, std::map<std::string, at::Tensor>> fields;
  for (size_t k = 0; k < names.size(); ++k) {
    const auto [index, field] = parse_name(names[k], params.size());
    TORCH_CHECK(fields[index].count(field) == 0, "optimizer state entry '", names[k], "' appears twice");
    if (field == "step") {
      TORCH_CHECK(!sgd, "optimizer state entry '", names[k], "' is Adam's, but the optimizer is SGD");
      const at::Tensor& step = values[k];
      TORCH_CHECK(step.defined() && step.dim() == 0 && step.scalar_type() == at::kLong,
                  "optimizer state entry '", names[k], "' is not an int64 scalar");
      TORCH_CHECK(step.item<int64_t>() >= 0, "optimizer state entry '", names[k], "' is negative");
      fields[index][field] = step.clone();
    } else if (sgd ? field == "momentum_buffer"
                   : (field == "exp_avg" || field == "exp_avg_sq" || field == "max_exp_avg_sq")) {
      fields[index][field] = checked_like(values[k], params[index], names[k]);
    } else {
      TORCH_CHECK(false, "optimizer state entry '", names[k], "' is not a field of this ", sgd ? "SGD" : "Adam",
                  " optimizer");
    }
  }
  if (!sgd) {
    for (const auto& [index, f] : fields) {
      TORCH_CHECK(f.count("step") && f.count("exp_avg") && f.count("exp_avg_sq"), "optimizer state of parameter ",
                  index, " lacks step, exp_avg or exp_avg_sq");
    }
  }
  auto& state = optimizer.state();
  state.clear();
  for (auto& [index, f] : fields) {
    void* key = params[index].unsafeGetTensorImpl();
    if (sgd) {
      auto s = std::make_unique<torch::optim::SGDParamState>();
      s->momentum_buffer(f["momentum_buffer"]);
      state[key] = std::move(s);
    } else {
      auto s = std::make_unique<torch::optim::AdamParamState>();
      s->step(f["step"].item<int64_t>());
      s->exp_avg(f["exp_avg"]);
      s->exp_avg_sq(f["exp_avg_sq"]);
      if (f.count("max_exp_avg_sq")) {
        s->max_exp_avg_sq(f["max_exp_avg_sq"]);
      }
      state[key] = std::move(s);
    }
  }
}

}  // namespace dann4j
