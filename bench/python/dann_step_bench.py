#!/usr/bin/env python3
"""One DANN training step in PyTorch, written as a Python user would write it.

It computes what io.github.dann4j.train.DannTrainer.step() computes: sample a source and a target
batch (a fresh permutation per pass), forward both through the feature extractor, label loss on
the source, domain loss on both through the gradient reversal layer, backward, SGD step with
momentum, then read the losses and the domain accuracy back to Python.

    python dann_step_bench.py --model tiny|shallow|digits --threads N [--device cpu|cuda] [--warmup N] [--steps N]

Prints one line of key=value pairs (µs per step, resident memory) for scripts/benchmarks.py.
"""

import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class GradReverse(torch.autograd.Function):
    """Identity forward (a view); backward multiplies the gradient by -lambda."""

    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.lambd * grad, None


def mlp(sizes, act, activate_output):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(nn.Linear(sizes[i - 1], sizes[i]))
        if activate_output or i + 1 < len(sizes):
            layers.append(act())
    return nn.Sequential(*layers)


def make_case(model):
    """(features, classifier, discriminator, probabilities, source_x, source_y, target_x, batches)."""
    if model == "tiny":
        return (mlp([2, 3, 4], nn.Tanh, True), mlp([4, 7, 8], nn.Tanh, False),
                nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 6), nn.Sigmoid()), True,
                torch.randn(1000, 2), torch.randint(8, (1000,)), torch.randn(1000, 2) + 1.5, (9, 10))
    if model == "shallow":
        return (mlp([400, 100], nn.Sigmoid, True), mlp([100, 2], nn.Sigmoid, False),
                mlp([100, 1], nn.Sigmoid, False), False,
                torch.randn(2000, 400), torch.randint(2, (2000,)), torch.randn(2000, 400) + 0.5, (64, 64))
    if model == "digits":
        features = nn.Sequential(nn.Conv2d(3, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Conv2d(32, 48, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        classifier = nn.Sequential(nn.Linear(768, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                                   nn.Linear(100, 10))
        discriminator = nn.Sequential(nn.Linear(768, 100), nn.ReLU(), nn.Linear(100, 1))
        return (features, classifier, discriminator, False, torch.randn(512, 3, 28, 28),
                torch.randint(10, (512,)), torch.randn(512, 3, 28, 28), (64, 64))
    raise SystemExit(f"--model must be tiny, shallow or digits, got {model}")


class CyclicSampler:
    """Endless shuffled passes over range(size), a batch at a time."""

    def __init__(self, size, seed):
        self.size, self.generator = size, torch.Generator().manual_seed(seed)
        self.order, self.offset = torch.randperm(size, generator=self.generator), 0

    def next(self, batch):
        parts = []
        while batch > 0:
            if self.offset == self.size:
                self.order, self.offset = torch.randperm(self.size, generator=self.generator), 0
            take = min(batch, self.size - self.offset)
            parts.append(self.order[self.offset:self.offset + take])
            self.offset += take
            batch -= take
        return parts[0] if len(parts) == 1 else torch.cat(parts)


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="tiny")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    args = parser.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("dann_step_bench.py: --device cuda, but this torch %s sees no GPU" % torch.__version__)
    device = torch.device(args.device)

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    features, classifier, discriminator, probabilities, sx_all, sy_all, tx_all, (bs, bt) = make_case(args.model)
    features, classifier, discriminator = features.to(device), classifier.to(device), discriminator.to(device)
    sx_all, sy_all, tx_all = sx_all.to(device), sy_all.to(device), tx_all.to(device)
    params = [*features.parameters(), *classifier.parameters(), *discriminator.parameters()]
    optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    source_sampler, target_sampler = CyclicSampler(len(sx_all), 1), CyclicSampler(len(tx_all), 2)
    total = args.warmup + args.steps
    domain_loss = F.binary_cross_entropy if probabilities else F.binary_cross_entropy_with_logits
    threshold = 0.5 if probabilities else 0.0

    def step(t):
        p = t / total
        lambd = 2.0 / (1.0 + math.exp(-10.0 * p)) - 1.0
        for group in optimizer.param_groups:
            group["lr"] = 0.01 / (1.0 + 10.0 * p) ** 0.75
        si, ti = source_sampler.next(bs).to(device), target_sampler.next(bt).to(device)
        sx, sy, tx = sx_all[si], sy_all[si], tx_all[ti]

        optimizer.zero_grad()
        fs = features(sx)
        label_loss = F.cross_entropy(classifier(fs), sy)
        ft = features(tx)
        ds = discriminator(GradReverse.apply(fs, lambd))
        dt = discriminator(GradReverse.apply(ft, lambd))
        dl = domain_loss(ds, torch.zeros_like(ds)) + domain_loss(dt, torch.ones_like(dt))
        loss = label_loss + dl
        if not math.isfinite(loss.item()):
            raise SystemExit("loss diverged")
        loss.backward()
        optimizer.step()
        # the metrics the Java trainer reports every step
        dl.item(), label_loss.item()
        ((ds < threshold).sum() + (dt >= threshold).sum()).item()

    for t in range(args.warmup):
        step(t)
    rss_warm = status_kib("VmRSS:")
    micros = []
    for t in range(args.steps):
        start = time.perf_counter()
        step(args.warmup + t)
        micros.append((time.perf_counter() - start) * 1e6)
    rss_end = status_kib("VmRSS:")
    micros.sort()
    print(f"impl=python model={args.model} device={args.device} threads={args.threads} steps={args.steps} "
          f"median_us={micros[len(micros) // 2]:.1f} min_us={micros[0]:.1f} max_us={micros[-1]:.1f} "
          f"rss_warm_kib={rss_warm} rss_end_kib={rss_end} peak_rss_kib={status_kib('VmHWM:')} "
          f"torch={torch.__version__}")


if __name__ == "__main__":
    main()
