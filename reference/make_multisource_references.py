#!/usr/bin/env python3
"""Write the PyTorch reference files of dann4j's multi-source parity test (cases 10 and 11).

Two labelled source domains and one target, a small MLP, 50 steps of SGD with momentum under
the paper's schedules, cyclic batches of different sizes per source. Case 10: the sources
merged against the target (one binary logit, BCE). Case 11: per-domain labels (three logits,
softmax cross-entropy: source 0, source 1, target). See reference/README.md.

Run:  ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 python reference/make_multisource_references.py
"""

import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_references import (  # noqa: E402
    GradReverse, OUT_DIR, as_tensor_1d, configure_torch, cyclic_batch, paper_schedule, rotate, save_case,
    snapshot, summarize)

STEPS = 50
SIZES = (24, 18, 20)         # source 0, source 1, target samples
BATCHES = (6, 4, 8)          # source 0, source 1, target batch sizes


class MultiSourceDann(nn.Module):
    """g_f, g_y, g_d as in make_references.DANN; the domain classifier sees every domain's features."""

    def __init__(self, domain_outputs):
        super().__init__()
        self.feature = nn.Sequential(nn.Linear(2, 8), nn.Tanh())
        self.classifier = nn.Sequential(nn.Linear(8, 3))
        self.discriminator = nn.Sequential(nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, domain_outputs))
        self.lambd = 1.0

    def forward(self, sources_x, target_x):
        """Per source: class logits and domain outputs; then the target's domain outputs."""
        features = [self.feature(x) for x in sources_x]
        logits = [self.classifier(f) for f in features]
        domain = [self.discriminator(GradReverse.apply(f, self.lambd)) for f in features]
        domain.append(self.discriminator(GradReverse.apply(self.feature(target_x), self.lambd)))
        return logits, domain


def three_classes(n, center_shift, gen):
    """n 2-D points, classes 0, 1, 2 in turn around three centres (moved by center_shift), std 0.45."""
    y = torch.arange(n, dtype=torch.int64) % 3
    centers = torch.tensor([[-1.2, -0.4], [1.2, -0.4], [0.0, 1.1]]) + torch.tensor(center_shift)
    return centers[y] + 0.45 * torch.randn(n, 2, generator=gen), y


def merged_loss(domain):
    """Sources (label 0, all source outputs concatenated, one mean) + target (label 1, one mean)."""
    source = torch.cat(domain[:-1])
    target = domain[-1]
    return (F.binary_cross_entropy_with_logits(source, torch.zeros_like(source))
            + F.binary_cross_entropy_with_logits(target, torch.ones_like(target)))


def per_domain_loss(domain):
    """Sum over the domains k = 0, 1, 2 of the mean softmax cross-entropy of its logits against label k."""
    return sum(F.cross_entropy(d, torch.full((d.shape[0],), k, dtype=torch.int64)) for k, d in enumerate(domain))


def domain_accuracies(domain, per_domain):
    """Each domain's fraction of right decisions (merged: logit < 0 for sources, >= 0 for the target)."""
    out = []
    for k, d in enumerate(domain):
        if per_domain:
            right = d.argmax(1) == k
        else:
            right = d < 0 if k < len(domain) - 1 else d >= 0
        out.append(right.double().mean().item())
    return out


def case(dtype, per_domain):
    torch.manual_seed(2611 if per_domain else 2610)
    model = MultiSourceDann(3 if per_domain else 1)
    gen = torch.Generator().manual_seed(26)
    x0, y0 = three_classes(SIZES[0], (0.0, 0.0), gen)
    x1, y1 = three_classes(SIZES[1], (0.6, -0.3), gen)
    x1 = rotate(x1, 20.0)
    xt, yt = three_classes(SIZES[2], (0.2, 0.3), gen)
    xt = rotate(xt, -30.0)

    model = model.to(dtype)
    x0, x1, xt = x0.to(dtype), x1.to(dtype), xt.to(dtype)
    d = snapshot(model, "init")
    d["data.source0_x"], d["data.source0_y"] = x0, y0
    d["data.source1_x"], d["data.source1_y"] = x1, y1
    d["data.target_x"], d["data.target_y"] = xt, yt

    sched = [paper_schedule(t, STEPS) for t in range(STEPS)]
    opt = torch.optim.SGD(model.parameters(), lr=sched[0][1], momentum=0.9, dampening=0.0, nesterov=False,
                          weight_decay=0.0)
    losses, lys, lds, per_source, accuracies = [], [], [], [], []
    for t in range(STEPS):
        model.lambd, lr = sched[t]
        for g in opt.param_groups:
            g["lr"] = lr
        i0 = cyclic_batch(SIZES[0], BATCHES[0], t)
        i1 = cyclic_batch(SIZES[1], BATCHES[1], t)
        it = cyclic_batch(SIZES[2], BATCHES[2], t)
        opt.zero_grad()
        logits, domain = model([x0[i0], x1[i1]], xt[it])
        l_y = F.cross_entropy(torch.cat(logits), torch.cat([y0[i0], y1[i1]]))
        l_d = per_domain_loss(domain) if per_domain else merged_loss(domain)
        e = l_y + l_d
        e.backward()
        opt.step()
        losses.append(e.item())
        lys.append(l_y.item())
        lds.append(l_d.item())
        per_source.append([F.cross_entropy(lg, y).item() for lg, y in zip(logits, [y0[i0], y1[i1]])])
        accuracies.append(domain_accuracies(domain, per_domain))
        if t == 0:
            d.update(snapshot(model, "after_1"))

    d["step.lambda"] = as_tensor_1d([s[0] for s in sched], torch.float64)
    d["step.lr"] = as_tensor_1d([s[1] for s in sched], torch.float64)
    d["step.loss"] = as_tensor_1d(losses, dtype)
    d["step.label_loss"] = as_tensor_1d(lys, dtype)
    d["step.domain_loss"] = as_tensor_1d(lds, dtype)
    d["step.source_label_loss"] = torch.tensor(per_source, dtype=dtype)      # [steps, 2]
    d["step.domain_accuracy"] = torch.tensor(accuracies, dtype=torch.float64)  # [steps, 3]
    d.update(snapshot(model, f"after_{STEPS}"))
    return d


def main():
    configure_torch()
    cases = []
    for labels in ("merged", "per_domain"):
        for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            file = f"multisource_{labels}_{name}.pt"
            d = case(dtype, labels == "per_domain")
            cases.append((save_case(file, d), d))
    for path, d in cases:
        summarize(path, d)
    print(f"torch {torch.__version__}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
