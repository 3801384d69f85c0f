#!/usr/bin/env python3
"""Write the PyTorch reference files of dann4j's regression parity test (cases 12 and 13).

A small MLP regresses 2 continuous targets from 3 features; DANN trains it for 50 steps with the
paper's schedules and SGD with momentum 0.9, the label loss being PyTorch's mse_loss (case 12,
float32 and float64) or l1_loss (case 13, float64), both with their default mean reduction (over
the batch and the outputs). See reference/README.md for the exact definition.

Run from anywhere:  python reference/make_regression_references.py
"""

import datetime
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_references import (DANN, OUT_DIR, as_tensor_1d, bce_logits_loss, configure_torch,  # noqa: E402
                             cyclic_batch, paper_schedule, save_case, snapshot, summarize)

STEPS, SOURCE_N, TARGET_N, SOURCE_BATCH, TARGET_BATCH = 50, 24, 20, 8, 6


def regression_model():
    """3 features -> 6 -> 5 (tanh); label head 5 -> 7 (tanh) -> 2 values; domain head 5 -> 4 (tanh) -> 1 logit."""
    return DANN(
        nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 5), nn.Tanh()),
        nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 2)),
        nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 1)),
    )


def regression_data():
    """Source x ~ N(0, 1) [24, 3] with targets y = [x0 + 0.5 x1^2, sin(x2) - x0 x1] + 0.1 noise [24, 2];
    target x ~ N(0.4, 1.2^2) [20, 3]. Drawn in float64 from generator seed 1212."""
    gen = torch.Generator().manual_seed(1212)
    source_x = torch.randn(SOURCE_N, 3, generator=gen, dtype=torch.float64)
    y0 = source_x[:, 0] + 0.5 * source_x[:, 1] ** 2
    y1 = torch.sin(source_x[:, 2]) - source_x[:, 0] * source_x[:, 1]
    source_y = torch.stack([y0, y1], 1) + 0.1 * torch.randn(SOURCE_N, 2, generator=gen, dtype=torch.float64)
    target_x = 0.4 + 1.2 * torch.randn(TARGET_N, 3, generator=gen, dtype=torch.float64)
    return source_x, source_y, target_x


def case_regression(loss_name, dtype):
    loss_fn = {"mse": F.mse_loss, "l1": F.l1_loss}[loss_name]
    torch.manual_seed(1313)
    model = regression_model().to(dtype)  # drawn in float32, widened exactly for float64
    source_x, source_y, target_x = (t.to(dtype) for t in regression_data())

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x

    sched = [paper_schedule(t, STEPS) for t in range(STEPS)]
    opt = torch.optim.SGD(model.parameters(), lr=sched[0][1], momentum=0.9,
                          dampening=0.0, nesterov=False, weight_decay=0.0)
    losses, label_losses, domain_losses = [], [], []
    for t in range(STEPS):
        model.lambd, lr = sched[t]
        for g in opt.param_groups:
            g["lr"] = lr
        si = cyclic_batch(SOURCE_N, SOURCE_BATCH, t)
        ti = cyclic_batch(TARGET_N, TARGET_BATCH, t)
        opt.zero_grad()
        values, dom_s, dom_t, _ = model(source_x[si], target_x[ti])
        l_y = loss_fn(values, source_y[si])
        l_d = bce_logits_loss(dom_s, dom_t)
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
    os.makedirs(OUT_DIR, exist_ok=True)
    cases = [
        ("regression_mse_float32.pt", lambda: case_regression("mse", torch.float32)),
        ("regression_mse_float64.pt", lambda: case_regression("mse", torch.float64)),
        ("regression_l1_float64.pt", lambda: case_regression("l1", torch.float64)),
    ]
    for name, make in cases:
        d = make()
        summarize(save_case(name, d), d)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    line = f"regression_*.pt generated {stamp} (UTC) by reference/make_regression_references.py (torch {torch.__version__})\n"
    version = os.path.join(OUT_DIR, "VERSION.txt")
    with open(version) as f:
        kept = [l for l in f if "make_regression_references.py" not in l]
    with open(version, "w") as f:
        f.writelines(kept + [line])


if __name__ == "__main__":
    main()
