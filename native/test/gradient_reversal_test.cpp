// Tests the op against pure-torch references, without Java. Runs on CPU, and repeats the
// device-dependent cases on CUDA tensors when the libtorch it is linked against has CUDA.
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dann4j/gradient_reversal.h"
#include "dann4j/listening_socket.h"

namespace {

int passed = 0, failed = 0, skipped = 0;

struct Failure {
  std::string message;
};

void expect(bool condition, const std::string& message) {
  if (!condition) throw Failure{message};
}

void run(const std::string& name, const std::function<void()>& body) {
  try {
    body();
    ++passed;
    std::printf("PASS %s\n", name.c_str());
  } catch (const Failure& f) {
    ++failed;
    std::printf("FAIL %s: %s\n", name.c_str(), f.message.c_str());
  } catch (const std::exception& e) {
    ++failed;
    std::printf("FAIL %s: unexpected exception: %s\n", name.c_str(), e.what());
  }
}

void skip(const std::string& name, const std::string& reason) {
  ++skipped;
  std::printf("SKIP %s: %s\n", name.c_str(), reason.c_str());
}

bool bitwise_equal(const at::Tensor& a, const at::Tensor& b) {
  return a.sizes() == b.sizes() && a.scalar_type() == b.scalar_type() && torch::equal(a, b);
}

// Ordinary autograd ops with the same forward and backward as the op: forward x + 0, gradient
// -lambda. Used as the independent reference.
at::Tensor detach_trick(const at::Tensor& x, double lambda) {
  at::Tensor scaled = x * (-lambda);
  return x.detach() + (scaled - scaled.detach());
}

void forward_cases(const torch::Device& device, const std::string& tag) {
  for (auto dtype : {torch::kFloat32, torch::kFloat64, torch::kFloat16, torch::kBFloat16}) {
    std::string name = tag + " forward is a view, " + std::string(c10::toString(dtype));
    run(name, [&] {
      at::Tensor x = torch::randn({4, 5}, torch::TensorOptions().dtype(dtype).device(device));
      at::Tensor y = dann4j::gradient_reversal(x, 1.0);
      expect(y.data_ptr() == x.data_ptr(), "output does not share the input's storage");
      expect(y.strides() == x.strides(), "strides differ");
      expect(bitwise_equal(x, y), "values differ");
      expect(y.is_alias_of(x), "output is not an alias of the input");
    });
  }
  run(tag + " forward keeps non-contiguous layouts", [&] {
    at::Tensor base = torch::randn({6, 8}, torch::TensorOptions().device(device));
    for (const at::Tensor& x : {base.t(), base.slice(1, 1, 7, 2), base.select(0, 3)}) {
      at::Tensor y = dann4j::gradient_reversal(x, 0.5);
      expect(y.data_ptr() == x.data_ptr() && y.strides() == x.strides(), "layout changed");
      expect(bitwise_equal(x, y), "values differ");
    }
  });
  run(tag + " forward of 0-dim and empty tensors", [&] {
    at::Tensor scalar = torch::tensor(3.5, torch::TensorOptions().device(device));
    at::Tensor empty = torch::empty({0, 7}, torch::TensorOptions().device(device));
    expect(dann4j::gradient_reversal(scalar, 1.0).dim() == 0, "0-dim became a different shape");
    expect(dann4j::gradient_reversal(scalar, 1.0).item<float>() == 3.5f, "0-dim value differs");
    expect(dann4j::gradient_reversal(empty, 1.0).sizes() == empty.sizes(), "empty shape differs");
  });
  run(tag + " requires_grad propagates, no-grad mode is a plain identity", [&] {
    at::Tensor x = torch::randn({3}, torch::TensorOptions().device(device).requires_grad(true));
    at::Tensor y = dann4j::gradient_reversal(x, 1.0);
    expect(y.requires_grad() && y.grad_fn() != nullptr, "output lost requires_grad");
    at::Tensor plain = torch::randn({3}, torch::TensorOptions().device(device));
    expect(!dann4j::gradient_reversal(plain, 1.0).requires_grad(), "plain input gained requires_grad");
    torch::NoGradGuard no_grad;
    at::Tensor z = dann4j::gradient_reversal(x, 1.0);
    // No node is recorded. requires_grad then follows PyTorch's rule for a view made under
    // no-grad (it stays true when the base requires grad), exactly as a plain view_as would.
    expect(z.grad_fn() == nullptr, "no-grad output has a grad_fn");
    expect(z.requires_grad() == x.view_as(x).requires_grad(), "no-grad output differs from a plain view");
    expect(bitwise_equal(z, x) && z.data_ptr() == x.data_ptr(), "no-grad output is not the identity");
  });
}

void backward_cases(const torch::Device& device, const std::string& tag) {
  for (double lambda : {1.0, 0.5, 0.0, 2.0, 1e-3}) {
    run(tag + " backward is -lambda * g, lambda=" + std::to_string(lambda), [&] {
      auto options = torch::TensorOptions().device(device);
      at::Tensor x = torch::randn({7, 3}, options.requires_grad(true));
      at::Tensor g = torch::randn({7, 3}, options);
      dann4j::gradient_reversal(x, lambda).backward(g);
      expect(bitwise_equal(x.grad(), g.mul(-lambda)), "gradient is not exactly -lambda * g");
    });
  }
  run(tag + " inside linear -> GRL -> linear equals the detach-trick reference", [&] {
    torch::manual_seed(7);
    torch::nn::Linear first(5, 4), second(4, 2);
    first->to(device);
    second->to(device);
    at::Tensor x = torch::randn({6, 5}, torch::TensorOptions().device(device));
    const double lambda = 0.3;

    second->forward(dann4j::gradient_reversal(first->forward(x), lambda)).pow(2).sum().backward();
    std::vector<at::Tensor> ours;
    for (auto& p : first->parameters()) ours.push_back(p.grad().clone());
    for (auto& p : second->parameters()) ours.push_back(p.grad().clone());
    first->zero_grad();
    second->zero_grad();

    second->forward(detach_trick(first->forward(x), lambda)).pow(2).sum().backward();
    std::vector<at::Tensor> reference;
    for (auto& p : first->parameters()) reference.push_back(p.grad().clone());
    for (auto& p : second->parameters()) reference.push_back(p.grad().clone());

    for (size_t i = 0; i < ours.size(); ++i) {
      expect(torch::allclose(ours[i], reference[i], 1e-6, 1e-7),
             "parameter gradient " + std::to_string(i) + " differs from the reference");
    }
  });
  run(tag + " second-order gradient through create_graph", [&] {
    auto options = torch::TensorOptions().dtype(torch::kFloat64).device(device);
    at::Tensor x = torch::randn({5}, options.requires_grad(true));
    const double lambda = 0.7;
    // With y = GRL(x): d/dx sum(y^2) = -lambda * 2y, and y again depends on x through the
    // reversal, so the second derivative is (-lambda) * (-lambda) * 2 = 2 lambda^2.
    auto derivatives = [&](const std::function<at::Tensor(const at::Tensor&)>& layer) {
      at::Tensor first = torch::autograd::grad({layer(x).pow(2).sum()}, {x}, {}, true, true)[0];
      at::Tensor second = torch::autograd::grad({first.sum()}, {x})[0];
      return std::make_pair(first, second);
    };
    auto ours = derivatives([&](const at::Tensor& t) { return dann4j::gradient_reversal(t, lambda); });
    auto reference = derivatives([&](const at::Tensor& t) { return detach_trick(t, lambda); });
    expect(torch::allclose(ours.first, x.detach() * (-2 * lambda)), "first-order gradient is wrong");
    expect(torch::allclose(ours.first, reference.first), "first-order gradient differs from the reference");
    expect(torch::allclose(ours.second, torch::full_like(x, 2 * lambda * lambda)), "second-order gradient is wrong");
    expect(torch::allclose(ours.second, reference.second), "second-order gradient differs from the reference");
  });
}

void gradcheck_case() {
  run("cpu finite-difference gradcheck in float64", [] {
    torch::manual_seed(11);
    for (int trial = 0; trial < 5; ++trial) {
      const int64_t rows = 1 + trial, cols = 2 + 2 * trial;
      const double lambda = 0.25 * (trial + 1);
      at::Tensor x = torch::randn({rows, cols}, torch::kFloat64).requires_grad_(true);
      at::Tensor w = torch::randn({rows, cols}, torch::kFloat64);
      auto f = [&](const at::Tensor& in) { return (dann4j::gradient_reversal(in, lambda).sin() * w).sum(); };
      at::Tensor analytic = torch::autograd::grad({f(x)}, {x})[0];
      const double eps = 1e-6;
      at::Tensor flat = x.detach().clone().reshape(-1);
      for (int64_t i = 0; i < flat.numel(); ++i) {
        at::Tensor plus = flat.clone(), minus = flat.clone();
        plus[i] += eps;
        minus[i] -= eps;
        // GRL is the identity forward, so finite differences see the un-reversed gradient;
        // the reversal shows as the factor -lambda.
        double numeric = (f(plus.view_as(x)).item<double>() - f(minus.view_as(x)).item<double>()) / (2 * eps);
        double expected = -lambda * numeric;
        double got = analytic.reshape(-1)[i].item<double>();
        expect(std::abs(got - expected) <= 1e-6 * (1 + std::abs(expected)),
               "element " + std::to_string(i) + ": analytic " + std::to_string(got) +
                   " vs numeric " + std::to_string(expected));
      }
    }
  });
}

template <typename F>
void expect_error(F call, const std::string& fragment) {
  try {
    call();
  } catch (const c10::Error& e) {
    std::string message = e.what_without_backtrace();
    expect(message.find(fragment) != std::string::npos,
           "message \"" + message + "\" lacks \"" + fragment + "\"");
    return;
  }
  throw Failure{"no error raised (expected one mentioning \"" + fragment + "\")"};
}

void error_cases() {
  run("undefined input is rejected", [] {
    expect_error([] { dann4j::gradient_reversal(at::Tensor(), 1.0); }, "undefined");
  });
  run("integer dtype is rejected", [] {
    expect_error([] { dann4j::gradient_reversal(torch::ones({2}, torch::kInt64), 1.0); }, "floating-point");
  });
  run("non-finite lambda is rejected", [] {
    expect_error([] { dann4j::gradient_reversal(torch::ones({2}), std::nan("")); }, "finite");
    expect_error([] { dann4j::gradient_reversal(torch::ones({2}), INFINITY); }, "finite");
  });
}

// The rendezvous store's socket (distributed training): bound to the address asked for only.
void socket_cases() {
  run("listening socket is bound to 127.0.0.1 only", [] {
    int fd = dann4j::listening_socket("127.0.0.1", 0, 4);
    expect(fd >= 0, "listening_socket failed: " + std::to_string(fd));
    sockaddr_in bound{};
    socklen_t length = sizeof(bound);
    expect(getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) == 0, "getsockname failed");
    char text[INET_ADDRSTRLEN] = {0};
    inet_ntop(AF_INET, &bound.sin_addr, text, sizeof(text));
    int port = ntohs(bound.sin_port);
    // A second socket on the same address and port is refused while the first listens.
    int again = dann4j::listening_socket("127.0.0.1", port, 4);
    ::close(fd);
    if (again >= 0) ::close(again);
    expect(std::string(text) == "127.0.0.1", std::string("bound to ") + text);
    expect(port > 0, "no port");
    expect(again == -EADDRINUSE, "a port in use gave " + std::to_string(again));
  });
  run("listening socket refuses a name that is not an address", [] {
    expect(dann4j::listening_socket("localhost", 0, 4) == -EINVAL, "a host name was accepted");
    expect(dann4j::listening_socket("", 0, 4) == -EINVAL, "an empty address was accepted");
  });
}

}  // namespace

int main() {
  std::printf("dann4j gradient_reversal test, compiled against libtorch %s\n",
              dann4j::compiled_torch_version());
  forward_cases(torch::kCPU, "cpu");
  backward_cases(torch::kCPU, "cpu");
  gradcheck_case();
  error_cases();
  socket_cases();
  if (torch::cuda::is_available()) {
    std::printf("CUDA available: %zu device(s)\n", torch::cuda::device_count());
    forward_cases(torch::kCUDA, "cuda");
    backward_cases(torch::kCUDA, "cuda");
  } else {
    skip("cuda cases", "CUDA not available to this libtorch (CPU-only build or no GPU)");
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}
