#!/usr/bin/env python3
"""The MNIST -> MNIST-M protocol of RESULTS.md, written directly in PyTorch.

Why it exists: dann4j's DANN reached 0.7629 +- 0.0053 on MNIST-M test (seeds 1-3), a little
under the paper's 0.7666. This script trains the same protocol without dann4j (its own data
reading, model, schedules and sampler), so that the two implementations' spreads over seeds can
be compared: if PyTorch lands where dann4j does, the gap belongs to the protocol, not to dann4j.
Seeds here and in dann4j draw different initial weights and batches; compare distributions.

Protocol (Ganin et al., JMLR 2016, and RESULTS.md's choices): MNIST repeated to 3 channels,
MNIST-M centre-cropped from 32x32 to 28x28, pixels in [0, 1] minus the per-channel mean of both
training sets pooled; digits network (conv 5x5x32, ReLU, pool 2; conv 5x5x48, ReLU, pool 2;
label head FC100-FC100-10; domain head FC100-1 behind a gradient reversal layer); SGD momentum
0.9; mu_p = 0.01/(1+10p)^0.75; lambda_p = 2/(1+exp(-10p)) - 1; p = step/steps; batches of 64
source + 64 target, each domain reshuffled every pass; domain loss one logistic loss averaged
over the 128 images. MNIST-M labels are read only to evaluate.

    reference/mnist_m_protocol.py --seeds 1,2,3 --runs dann,source-only [--steps 20000]

Needs torch and pillow (reference/requirements.txt). Appends one line per run to
results/mnist_m/pytorch/results.csv and writes the run's metrics beside it.
"""

import argparse
import csv
import gzip
import math
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "dann4j", "mnist_m_decoded")


# --------------------------------------------------------------------------- data

def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        sys.exit(f"{path}: IDX magic {found:#x}, expected {magic:#x}")
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def read_mnist_m(data_dir, split):
    """uint8 [N, 32, 32, 3] and int64 [N]; decoded once and cached outside the repository."""
    os.makedirs(CACHE, exist_ok=True)
    cached = os.path.join(CACHE, f"{split}.npz")
    if os.path.exists(cached):
        with np.load(cached) as saved:
            return saved["images"], saved["labels"]
    names, labels = [], []
    with open(os.path.join(data_dir, "mnist_m", f"mnist_m_{split}_labels.txt")) as f:
        for line in f:
            if line.strip():
                name, label = line.rstrip("\n").rsplit(None, 1)  # names may hold spaces
                names.append(name)
                labels.append(int(label))
    folder = os.path.join(data_dir, "mnist_m", f"mnist_m_{split}")
    images = np.stack([np.asarray(Image.open(os.path.join(folder, n)).convert("RGB")) for n in names])
    labels = np.asarray(labels, dtype=np.int64)
    np.savez(cached + ".tmp.npz", images=images, labels=labels)
    os.replace(cached + ".tmp.npz", cached)
    return images, labels


def load(data_dir):
    mnist_x = read_idx(os.path.join(data_dir, "mnist", "train-images-idx3-ubyte.gz"), 0x803)
    mnist_y = read_idx(os.path.join(data_dir, "mnist", "train-labels-idx1-ubyte.gz"), 0x801)
    source = torch.from_numpy(mnist_x.copy()).float().div_(255).unsqueeze(1).repeat(1, 3, 1, 1)
    source_y = torch.from_numpy(mnist_y.astype(np.int64))

    def mnist_m(split):
        images, labels = read_mnist_m(data_dir, split)
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float().div_(255)
        return x[:, :, 2:30, 2:30].contiguous(), torch.from_numpy(labels)  # centre 28x28 of 32x32

    target, _ = mnist_m("train")  # labels never used
    test_x, test_y = mnist_m("test")
    # Per-channel mean over every pixel of both training sets together.
    pixels = source.shape[0] + target.shape[0]
    mean = (source.sum(dim=(0, 2, 3), dtype=torch.float64) + target.sum(dim=(0, 2, 3), dtype=torch.float64)) \
        / (pixels * 28 * 28)
    mean = mean.float().view(1, 3, 1, 1)
    return source - mean, source_y, target - mean, test_x - mean, test_y, mean.flatten().tolist()


# --------------------------------------------------------------------------- model

class ReverseGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lam):
        ctx.lam = lam
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return grad.neg() * ctx.lam, None


class Digits(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 48, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.label = nn.Sequential(nn.Linear(768, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 10))
        self.domain = nn.Sequential(nn.Linear(768, 100), nn.ReLU(), nn.Linear(100, 1))


class Batches:
    """Endless batches of indices; a fresh permutation each pass, batches run across pass ends."""

    def __init__(self, size, generator):
        self.size, self.generator, self.queue = size, generator, torch.empty(0, dtype=torch.int64)

    def next(self, n):
        while self.queue.numel() < n:
            self.queue = torch.cat([self.queue, torch.randperm(self.size, generator=self.generator)])
        batch, self.queue = self.queue[:n], self.queue[n:]
        return batch


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], 1000):
            correct += (model.label(model.features(x[i:i + 1000])).argmax(1) == y[i:i + 1000]).sum().item()
    model.train()
    return correct / x.shape[0]


def train(data, seed, steps, dann, batch, metrics_path):
    source, source_y, target, test_x, test_y, _ = data
    torch.manual_seed(seed)
    model = Digits()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    source_batches = Batches(source.shape[0], torch.Generator().manual_seed(2 * seed))
    target_batches = Batches(target.shape[0], torch.Generator().manual_seed(2 * seed + 1))
    started = time.perf_counter()
    with open(metrics_path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["step", "lambda", "lr", "label_loss", "domain_loss", "domain_accuracy"])
        for step in range(steps):
            p = step / steps
            lam = 2 / (1 + math.exp(-10 * p)) - 1
            lr = 0.01 / (1 + 10 * p) ** 0.75
            for group in optimizer.param_groups:
                group["lr"] = lr
            s = source_batches.next(batch)
            features = model.features(source[s])
            label_loss = F.cross_entropy(model.label(features), source_y[s])
            loss = label_loss
            domain_loss = domain_accuracy = float("nan")
            if dann:
                t = target_batches.next(batch)
                both = torch.cat([features, model.features(target[t])])
                logits = model.domain(ReverseGradient.apply(both, lam)).squeeze(1)
                domains = torch.cat([torch.zeros(batch), torch.ones(batch)])
                d_loss = F.binary_cross_entropy_with_logits(logits, domains)  # one mean over 2*batch
                loss = loss + d_loss
                if step % 100 == 0:
                    domain_loss = d_loss.item()
                    domain_accuracy = ((logits >= 0).float() == domains).float().mean().item()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if step % 100 == 0:
                if not math.isfinite(label_loss.item()):
                    sys.exit(f"seed {seed}: label loss {label_loss.item()} at step {step}")
                out.writerow([step, f"{lam:.5f}", f"{lr:.6f}", f"{label_loss.item():.5f}",
                              f"{domain_loss:.5f}", f"{domain_accuracy:.4f}"])
    seconds = time.perf_counter() - started
    return accuracy(model, test_x, test_y), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--runs", default="source-only,dann", help="comma-separated: source-only, dann")
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=64, help="images per domain per step")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    args = parser.parse_args()
    runs = args.runs.split(",")
    if not set(runs) <= {"source-only", "dann"} or args.steps <= 0 or args.batch <= 0:
        sys.exit("--runs takes source-only and/or dann; --steps and --batch must be positive")
    seeds = [int(s) for s in args.seeds.split(",")]
    torch.set_num_threads(args.threads)
    data = load(args.data)
    print(f"torch {torch.__version__}, python {platform.python_version()}, pooled mean "
          + ", ".join(f"{m:.4f}" for m in data[5]), flush=True)
    out_dir = os.path.join(ROOT, "results", "mnist_m", "pytorch")
    os.makedirs(out_dir, exist_ok=True)
    results = os.path.join(out_dir, "results.csv")
    try:  # exclusive create: two runs started together must not both write the header
        with open(results, "x") as f:
            f.write("run,seed,steps,target_test_accuracy,seconds,torch\n")
    except FileExistsError:
        pass
    for seed in seeds:
        for run in runs:
            name = f"{run}-seed{seed}-steps{args.steps}"
            acc, seconds = train(data, seed, args.steps, run == "dann", args.batch,
                                 os.path.join(out_dir, name + ".metrics.csv"))
            print(f"{name}: MNIST-M test accuracy {acc:.4f} ({seconds:.0f} s)", flush=True)
            with open(results, "a") as f:
                f.write(f"{run},{seed},{args.steps},{acc:.4f},{seconds:.0f},{torch.__version__}\n")


if __name__ == "__main__":
    main()
