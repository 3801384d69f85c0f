// One DANN training step in plain C++, against the same libtorch .so files and the same native
// gradient-reversal op as dann4j's Java trainer: the floor that dann4j's overhead is measured
// against. It does exactly what io.github.dann4j.train.DannTrainer.step() does — sample both
// batches, forward, loss, backward, SGD step, read the losses and the domain accuracy back — so
// the difference between the two is the cost of Java, JNI and our bookkeeping.
//
//   dann_step_bench --model tiny|shallow|digits --threads N [--device cpu|cuda] [--blas-threads N]
//                   [--warmup N] [--steps N]
//
// Prints one line of key=value pairs (µs per step, resident memory) for scripts/benchmarks.py.
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "dann4j/gradient_reversal.h"

namespace {

// The same shuffled cyclic sampler as Java's CyclicSampler (SplitMix64 Fisher-Yates per pass),
// so both programs gather the same rows in the same order.
class CyclicSampler {
 public:
  CyclicSampler(int64_t size, int64_t seed) : size_(size), seed_(seed) {}

  std::vector<int64_t> next(int64_t batch) {
    std::vector<int64_t> out(batch);
    for (auto& index : out) {
      int64_t pass = consumed_ / size_;
      if (pass != pass_) shuffle(pass);
      index = permutation_[consumed_ % size_];
      ++consumed_;
    }
    return out;
  }

 private:
  void shuffle(int64_t pass) {
    permutation_.resize(size_);
    std::iota(permutation_.begin(), permutation_.end(), 0);
    uint64_t state = static_cast<uint64_t>(seed_) * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(pass);
    for (int64_t i = size_ - 1; i > 0; --i) {
      uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      z ^= z >> 31;
      std::swap(permutation_[i], permutation_[z % static_cast<uint64_t>(i + 1)]);
    }
    pass_ = pass;
  }

  int64_t size_, seed_, consumed_ = 0, pass_ = -1;
  std::vector<int64_t> permutation_;
};

struct Case {
  torch::nn::Sequential features, classifier, discriminator;
  bool probabilities;  // sigmoid outputs + BCE, instead of logits + BCE-with-logits
  torch::Tensor source_x, source_y, target_x;
  int64_t source_batch, target_batch;
};

torch::nn::Sequential mlp(std::vector<int64_t> sizes, bool tanh, bool activate_output) {
  torch::nn::Sequential s;
  for (size_t i = 1; i < sizes.size(); ++i) {
    s->push_back(torch::nn::Linear(sizes[i - 1], sizes[i]));
    if (activate_output || i + 1 < sizes.size()) {
      if (tanh) s->push_back(torch::nn::Tanh()); else s->push_back(torch::nn::Sigmoid());
    }
  }
  return s;
}

// The three models of BENCHMARKS.md, built as dann4j builds them (same layer sizes, activations,
// data shapes and batch sizes; see StepBenchmark.java).
Case make_case(const std::string& model) {
  Case c;
  if (model == "tiny") {  // the seed model of the parity tests: tanh, sigmoid domain output
    c.features = mlp({2, 3, 4}, true, true);
    c.classifier = mlp({4, 7, 8}, true, false);
    c.discriminator = torch::nn::Sequential(torch::nn::Linear(4, 5), torch::nn::Tanh(),
                                            torch::nn::Linear(5, 6), torch::nn::Sigmoid());
    c.probabilities = true;
    c.source_x = torch::randn({1000, 2});
    c.source_y = torch::randint(8, {1000}, torch::kLong);
    c.target_x = torch::randn({1000, 2}) + 1.5;
    c.source_batch = 9;
    c.target_batch = 10;
  } else if (model == "shallow") {  // shallow DANN on 400-d review features: sigmoid hidden layer
    c.features = mlp({400, 100}, false, true);
    c.classifier = mlp({100, 2}, false, false);
    c.discriminator = mlp({100, 1}, false, false);
    c.probabilities = false;
    c.source_x = torch::randn({2000, 400});
    c.source_y = torch::randint(2, {2000}, torch::kLong);
    c.target_x = torch::randn({2000, 400}) + 0.5;
    c.source_batch = 64;
    c.target_batch = 64;
  } else if (model == "digits") {  // Ganin et al.'s MNIST -> MNIST-M network on 28x28x3
    c.features = torch::nn::Sequential(
        torch::nn::Conv2d(3, 32, 5), torch::nn::ReLU(), torch::nn::MaxPool2d(2),
        torch::nn::Conv2d(32, 48, 5), torch::nn::ReLU(), torch::nn::MaxPool2d(2),
        torch::nn::Flatten());
    c.classifier = torch::nn::Sequential(torch::nn::Linear(768, 100), torch::nn::ReLU(),
                                         torch::nn::Linear(100, 100), torch::nn::ReLU(),
                                         torch::nn::Linear(100, 10));
    c.discriminator = torch::nn::Sequential(torch::nn::Linear(768, 100), torch::nn::ReLU(),
                                            torch::nn::Linear(100, 1));
    c.probabilities = false;
    c.source_x = torch::randn({512, 3, 28, 28});
    c.source_y = torch::randint(10, {512}, torch::kLong);
    c.target_x = torch::randn({512, 3, 28, 28});
    c.source_batch = 64;
    c.target_batch = 64;
  } else {
    throw std::invalid_argument("--model must be tiny, shallow or digits, got " + model);
  }
  return c;
}

// libtorch's set_num_threads sizes its OpenMP pool (and MKL's), but not OpenBLAS's own thread pool,
// which bytedeco's build uses for matrix products and which spins against OpenMP's: dann4j's
// Threads.set keeps it at one thread, and so does this program unless --blas-threads says otherwise.
void set_blas_threads(int threads) {
  using Setter = void (*)(int);
  if (auto setter = reinterpret_cast<Setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) setter(threads);
}

long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size());
  }
  return -1;
}

torch::Tensor domain_loss(const torch::Tensor& out, double label, bool probabilities) {
  auto target = torch::full_like(out, label);
  return probabilities ? torch::binary_cross_entropy(out, target)
                       : torch::binary_cross_entropy_with_logits(out, target);
}

}  // namespace

int main(int argc, char** argv) {
  std::string model = "tiny";
  int threads = 1;
  int blas_threads = 1;  // as dann4j's Threads.set: OpenBLAS's pool would fight OpenMP's
  long warmup = 200, steps = 2000;
  std::string device_name = "cpu";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--model") model = value;
    else if (key == "--threads") threads = std::stoi(value);
    else if (key == "--blas-threads") blas_threads = std::stoi(value);
    else if (key == "--warmup") warmup = std::stol(value);
    else if (key == "--steps") steps = std::stol(value);
    else if (key == "--device") device_name = value;
    else { std::fprintf(stderr, "unknown option %s\n", key.c_str()); return 2; }
  }
  try {
    torch::set_num_threads(threads);
    set_blas_threads(blas_threads);
    if (device_name != "cpu" && device_name != "cuda") throw std::invalid_argument("--device must be cpu or cuda");
    if (device_name == "cuda" && !torch::cuda::is_available()) {
      throw std::runtime_error("--device cuda, but this libtorch sees no GPU");
    }
    const torch::Device device(device_name);
    torch::manual_seed(0);
    Case c = make_case(model);
    for (auto* part : {&c.features, &c.classifier, &c.discriminator}) (*part)->to(device);
    c.source_x = c.source_x.to(device);
    c.source_y = c.source_y.to(device);
    c.target_x = c.target_x.to(device);
    std::vector<torch::Tensor> parameters;
    for (const auto& part : {c.features, c.classifier, c.discriminator}) {
      for (const auto& p : part->parameters()) parameters.push_back(p);
    }
    torch::optim::SGD optimizer(parameters, torch::optim::SGDOptions(0.01).momentum(0.9));
    CyclicSampler source_sampler(c.source_x.size(0), 1), target_sampler(c.target_x.size(0), 2);
    const long total = warmup + steps;
    const double threshold = c.probabilities ? 0.5 : 0.0;

    auto step = [&](long t) {
      double p = static_cast<double>(t) / total;
      double lambda = 2.0 / (1.0 + std::exp(-10.0 * p)) - 1.0;
      double lr = 0.01 / std::pow(1.0 + 10.0 * p, 0.75);
      for (auto& group : optimizer.param_groups()) {
        static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
      }
      auto si = source_sampler.next(c.source_batch);
      auto ti = target_sampler.next(c.target_batch);
      auto source_index = torch::tensor(si, torch::kLong).to(device);
      auto target_index = torch::tensor(ti, torch::kLong).to(device);
      auto sx = c.source_x.index_select(0, source_index).to(torch::kFloat);
      auto sy = c.source_y.index_select(0, source_index).to(torch::kLong);
      auto tx = c.target_x.index_select(0, target_index).to(torch::kFloat);

      optimizer.zero_grad();
      auto fs = c.features->forward(sx);
      auto label_loss = torch::cross_entropy_loss(c.classifier->forward(fs), sy);
      auto ft = c.features->forward(tx);
      auto ds = c.discriminator->forward(dann4j::gradient_reversal(fs, lambda));
      auto dt = c.discriminator->forward(dann4j::gradient_reversal(ft, lambda));
      auto dl = domain_loss(ds, 0.0, c.probabilities) + domain_loss(dt, 1.0, c.probabilities);
      auto loss = label_loss + dl;
      double value = loss.item<double>();
      if (!std::isfinite(value)) throw std::runtime_error("loss diverged");
      loss.backward();
      optimizer.step();
      // the metrics the Java trainer reports every step
      volatile double d = dl.item<double>() + label_loss.item<double>();
      volatile long correct = (ds.lt(threshold).sum() + dt.ge(threshold).sum()).item<long>();
      (void)d;
      (void)correct;
    };

    for (long t = 0; t < warmup; ++t) step(t);
    long rss_warm = status_kib("VmRSS:");
    std::vector<double> micros(steps);
    for (long t = 0; t < steps; ++t) {
      auto start = std::chrono::steady_clock::now();
      step(warmup + t);
      micros[t] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    }
    long rss_end = status_kib("VmRSS:");
    std::sort(micros.begin(), micros.end());
    std::printf("impl=cpp model=%s device=%s threads=%d steps=%ld median_us=%.1f min_us=%.1f max_us=%.1f "
                "rss_warm_kib=%ld rss_end_kib=%ld peak_rss_kib=%ld\n",
                model.c_str(), device_name.c_str(), threads, steps, micros[steps / 2], micros.front(), micros.back(), rss_warm,
                rss_end, status_kib("VmHWM:"));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dann_step_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
