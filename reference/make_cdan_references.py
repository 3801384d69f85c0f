#!/usr/bin/env python3
"""Write the PyTorch reference files for CDAN and CDAN+E (cases 8 and 9 of reference/README.md).

Conditional adversarial domain adaptation (Long et al., "Conditional Adversarial Domain
Adaptation", NeurIPS 2018), written here from the paper in plain PyTorch: the domain
classifier sees the multilinear map h = g (x) f of the features f and the class
prediction g = softmax(logits) (or its randomized form (f R_f / sqrt(d)) * (g R_g)), through
a gradient reversal layer; CDAN+E weights each sample's domain loss by 1 + exp(-H(g)).

Each case trains a small MLP for 50 steps with the paper's schedules and SGD with momentum,
on batches that cycle through the data as in case 2. Run from anywhere:

    ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 python reference/make_cdan_references.py
"""

import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_references import (  # noqa: E402  (shared helpers: GRL, snapshots, saving, schedules)
    GradReverse, as_tensor_1d, configure_torch, cyclic_batch, paper_schedule, save_case,
    snapshot, summarize)

FEATURES = 5
CLASSES = 3
SOURCE_N, TARGET_N = 24, 20
SOURCE_BATCH, TARGET_BATCH = 8, 6
STEPS = 50


class CDAN(nn.Module):
    """feature, classifier and discriminator as in every case; the discriminator reads a map of f and g.

    map_width: None for the multilinear map (discriminator input FEATURES * CLASSES), else the
    randomized map's d, with R_f [FEATURES, d] and R_g [CLASSES, d] as buffers drawn after
    every layer.
    """

    def __init__(self, map_width=None):
        super().__init__()
        self.feature = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, FEATURES), nn.Tanh())
        self.classifier = nn.Sequential(nn.Linear(FEATURES, 7), nn.Tanh(), nn.Linear(7, CLASSES))
        width = FEATURES * CLASSES if map_width is None else map_width
        self.discriminator = nn.Sequential(nn.Linear(width, 4), nn.Tanh(), nn.Linear(4, 1))
        self.map_width = map_width
        if map_width is not None:
            self.register_buffer("domain_map_features", torch.randn(FEATURES, map_width))
            self.register_buffer("domain_map_classes", torch.randn(CLASSES, map_width))
        self.lambd = 1.0

    def domain_map(self, f, g):
        if self.map_width is None:
            # vec(g (x) f), class-major: entry c * FEATURES + j is g_c * f_j.
            return torch.bmm(g.unsqueeze(2), f.unsqueeze(1)).reshape(f.shape[0], -1)
        return (f @ self.domain_map_features) / math.sqrt(self.map_width) * (g @ self.domain_map_classes)

    def domain(self, f, logits):
        g = F.softmax(logits, dim=1)  # not detached: the reversed gradient reaches the classifier too
        return self.discriminator(GradReverse.apply(self.domain_map(f, g), self.lambd))


def entropy_weights(logits):
    """1 + exp(-H(p)), p = softmax(logits), as constants (no gradient)."""
    p = F.softmax(logits.detach(), dim=1)
    h = torch.special.entr(p).sum(dim=1)
    return 1.0 + torch.exp(-h)


def per_sample_bce(d, label):
    """BCE with logits of each sample, the mean over its outputs: [batch]."""
    return F.binary_cross_entropy_with_logits(d, torch.full_like(d, label), reduction="none").mean(dim=1)


def domain_loss(dom_s, dom_t, w_s, w_t, reduction):
    """SUM: the source's and the target's (weighted) means added; MEAN: one (weighted) mean over both."""
    ls, lt = per_sample_bce(dom_s, 0.0), per_sample_bce(dom_t, 1.0)
    if w_s is None:
        w_s, w_t = torch.ones_like(ls), torch.ones_like(lt)
    if reduction == "sum":
        return (w_s * ls).sum() / w_s.sum() + (w_t * lt).sum() / w_t.sum()
    w, l = torch.cat([w_s, w_t]), torch.cat([ls, lt])
    return (w * l).sum() / w.sum()


def three_blobs(n, shift, gen):
    """Class i % 3 for sample i, centres (-1, 0.5, 0), (1, -0.5, 0.25), (0, 1, -1), std 0.4, then shifted."""
    y = torch.arange(n, dtype=torch.int64) % 3
    centres = torch.tensor([[-1.0, 0.5, 0.0], [1.0, -0.5, 0.25], [0.0, 1.0, -1.0]])
    x = centres[y] + 0.4 * torch.randn(n, 3, generator=gen) + shift
    return x, y


def case_cdan(dtype, entropy, map_width, reduction="sum"):
    torch.manual_seed(2018)
    model = CDAN(map_width)
    gen = torch.Generator().manual_seed(180)
    source_x, source_y = three_blobs(SOURCE_N, 0.0, gen)
    target_x, target_y = three_blobs(TARGET_N, 0.5, gen)

    model = model.to(dtype)
    source_x, target_x = source_x.to(dtype), target_x.to(dtype)

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x
    d["data.target_y"] = target_y  # not used in training

    sched = [paper_schedule(t, STEPS) for t in range(STEPS)]
    opt = torch.optim.SGD(model.parameters(), lr=sched[0][1], momentum=0.9, dampening=0.0, nesterov=False,
                          weight_decay=0.0)
    losses, label_losses, domain_losses = [], [], []
    for t in range(STEPS):
        model.lambd, lr = sched[t]
        for group in opt.param_groups:
            group["lr"] = lr
        si = cyclic_batch(SOURCE_N, SOURCE_BATCH, t)
        ti = cyclic_batch(TARGET_N, TARGET_BATCH, t)
        xs, ys, xt = source_x[si], source_y[si], target_x[ti]
        opt.zero_grad()
        fs, ft = model.feature(xs), model.feature(xt)
        logits_s, logits_t = model.classifier(fs), model.classifier(ft)
        l_y = F.cross_entropy(logits_s, ys)
        dom_s, dom_t = model.domain(fs, logits_s), model.domain(ft, logits_t)
        w_s = entropy_weights(logits_s) if entropy else None
        w_t = entropy_weights(logits_t) if entropy else None
        l_d = domain_loss(dom_s, dom_t, w_s, w_t, reduction)
        e = l_y + l_d
        e.backward()
        opt.step()
        losses.append(e.item())
        label_losses.append(l_y.item())
        domain_losses.append(l_d.item())
        if t == 0:
            d.update(snapshot(model, "after_1"))

    d["step.lambda"] = as_tensor_1d([s[0] for s in sched], torch.float64)
    d["step.lr"] = as_tensor_1d([s[1] for s in sched], torch.float64)
    d["step.loss"] = as_tensor_1d(losses, dtype)
    d["step.label_loss"] = as_tensor_1d(label_losses, dtype)
    d["step.domain_loss"] = as_tensor_1d(domain_losses, dtype)
    d.update(snapshot(model, f"after_{STEPS}"))
    return d


def main():
    configure_torch()
    cases = []
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        cases += [
            (f"cdan_mlp_{name}.pt", lambda dt=dtype: case_cdan(dt, entropy=False, map_width=None)),
            (f"cdan_e_mlp_{name}.pt", lambda dt=dtype: case_cdan(dt, entropy=True, map_width=None)),
            (f"cdan_e_mlp_mean_{name}.pt", lambda dt=dtype: case_cdan(dt, entropy=True, map_width=None,
                                                                     reduction="mean")),
            (f"cdan_randomized_mlp_{name}.pt", lambda dt=dtype: case_cdan(dt, entropy=False, map_width=6)),
        ]
    for name, make in cases:
        d = make()
        summarize(save_case(name, d), d)
    print(f"torch {torch.__version__}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
