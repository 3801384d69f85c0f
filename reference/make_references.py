#!/usr/bin/env python3
"""Write the PyTorch reference files that dann4j's parity tests compare against.

Each case becomes one file made by ``torch.save`` holding a flat dict
``str -> torch.Tensor``, so libtorch's ``torch::pickle_load`` can read it
without any Python-specific types. See reference/README.md for the exact
definition of every case.

Run from anywhere:  python reference/make_references.py
"""

import datetime
import math
import os
import platform
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "src", "test", "resources", "reference"))


# --------------------------------------------------------------------------- setup

def configure_torch():
    # One thread and deterministic kernels so that the numbers do not depend on
    # the machine that regenerates them (reduction order changes with threads).
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.set_default_device("cpu")
    torch.set_default_dtype(torch.float32)


# --------------------------------------------------------------------------- model

class GradReverse(torch.autograd.Function):
    """Identity forward; backward multiplies the incoming gradient by -lambda."""

    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        # view_as rather than returning x itself, so autograd records a new node.
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.lambd * grad, None


class DANN(nn.Module):
    def __init__(self, feature, classifier, discriminator):
        super().__init__()
        self.feature = feature
        self.classifier = classifier
        self.discriminator = discriminator
        self.lambd = 1.0

    def forward(self, source_x, target_x):
        """Returns (class output on source, domain output on source, on target, source features)."""
        fs = self.feature(source_x)
        ft = self.feature(target_x)
        class_out = self.classifier(fs)
        dom_s = self.discriminator(GradReverse.apply(fs, self.lambd))
        dom_t = self.discriminator(GradReverse.apply(ft, self.lambd))
        return class_out, dom_s, dom_t, fs


# --------------------------------------------------------------------------- helpers

def snapshot(model, prefix):
    """Copy of every parameter under '<prefix>.<name>', with its own storage."""
    return {f"{prefix}.{k}": v.detach().clone().contiguous() for k, v in model.state_dict().items()}


def grads(model):
    return {f"grad.{k}": p.grad.detach().clone().contiguous() for k, p in model.named_parameters()}


def as_tensor_1d(values, dtype):
    return torch.tensor(values, dtype=dtype)


def bce_loss(dom_s, dom_t):
    """Domain loss on sigmoid probabilities: source labelled 0, target labelled 1, summed."""
    ls = F.binary_cross_entropy(dom_s, torch.zeros_like(dom_s))
    lt = F.binary_cross_entropy(dom_t, torch.ones_like(dom_t))
    return ls + lt


def bce_logits_loss(dom_s, dom_t):
    """Domain loss on logits: source labelled 0, target labelled 1, summed."""
    ls = F.binary_cross_entropy_with_logits(dom_s, torch.zeros_like(dom_s))
    lt = F.binary_cross_entropy_with_logits(dom_t, torch.ones_like(dom_t))
    return ls + lt


def save_case(name, d):
    for k, v in d.items():
        assert isinstance(k, str) and isinstance(v, torch.Tensor), k
        # Own storage per tensor: shared storages would be pickled as views.
        d[k] = v.detach().clone().contiguous()
    path = os.path.join(OUT_DIR, name)
    torch.save(d, path)
    back = torch.load(path, weights_only=True)
    assert list(back.keys()) == list(d.keys()), name
    for k in d:
        assert back[k].dtype == d[k].dtype and torch.equal(back[k], d[k]), (name, k)
    return path


def train_loop(model, optimizer, batches, domain_loss_fn, steps, schedule=None):
    """Runs `steps` DANN updates; returns per-step losses and after_1 snapshot.

    `batches(t)` gives (source_x, source_y, target_x) for step t.
    `schedule(t)` (optional) gives (lambda, lr) to set before step t.
    """
    losses, label_losses, domain_losses = [], [], []
    after_1 = None
    for t in range(steps):
        if schedule is not None:
            lambd, lr = schedule(t)
            model.lambd = lambd
            for g in optimizer.param_groups:
                g["lr"] = lr
        xs, ys, xt = batches(t)
        optimizer.zero_grad()
        class_out, dom_s, dom_t, _ = model(xs, xt)
        l_y = F.cross_entropy(class_out, ys)
        l_d = domain_loss_fn(dom_s, dom_t)
        e = l_y + l_d
        e.backward()
        optimizer.step()
        losses.append(e.item())
        label_losses.append(l_y.item())
        domain_losses.append(l_d.item())
        if t == 0:
            after_1 = snapshot(model, "after_1")
    return losses, label_losses, domain_losses, after_1


def cast_model(model, dtype):
    return model.to(dtype)


# --------------------------------------------------------------------------- case 1

def seed_mlp_model():
    return DANN(
        nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 4), nn.Tanh()),
        nn.Sequential(nn.Linear(4, 7), nn.Tanh(), nn.Linear(7, 8)),
        nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 6), nn.Sigmoid()),
    )


def case_seed_mlp(dtype):
    # Everything random is drawn in float32 from the same seed; the float64
    # variant is the exact widening of those values, so both files share inputs.
    torch.manual_seed(1234)
    model = seed_mlp_model()
    source_x = torch.randn(9, 2)
    source_y = torch.randint(0, 8, (9,), dtype=torch.int64)
    target_x = torch.randn(10, 2) + 1.5

    model = cast_model(model, dtype)
    source_x, target_x = source_x.to(dtype), target_x.to(dtype)
    model.lambd = 0.5

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x

    steps = 100
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.0, weight_decay=0.0)
    losses, lys, lds, after_1 = train_loop(
        model, opt, lambda t: (source_x, source_y, target_x), bce_loss, steps)

    d["step.loss"] = as_tensor_1d(losses, dtype)
    d["step.label_loss"] = as_tensor_1d(lys, dtype)
    d["step.domain_loss"] = as_tensor_1d(lds, dtype)
    d.update(after_1)
    d.update(snapshot(model, f"after_{steps}"))
    return d


# --------------------------------------------------------------------------- case 2

def paper_mlp_model():
    return DANN(
        nn.Sequential(nn.Linear(2, 15), nn.Sigmoid()),
        nn.Sequential(nn.Linear(15, 2)),
        nn.Sequential(nn.Linear(15, 1)),
    )


def two_blobs(n, gen):
    """n points: class 0 around (-1,-0.5), class 1 around (+1,+0.5), std 0.5, classes interleaved."""
    y = torch.arange(n, dtype=torch.int64) % 2
    y = y[torch.randperm(n, generator=gen)]
    centers = torch.tensor([[-1.0, -0.5], [1.0, 0.5]])
    x = centers[y] + 0.5 * torch.randn(n, 2, generator=gen)
    return x, y


def rotate(x, degrees):
    a = math.radians(degrees)
    r = torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], dtype=torch.float64)
    # Rotate in float64, then round once to float32, so the data is the same however computed.
    return (x.double() @ r.T).float()


def cyclic_batch(n, batch, k):
    """Indices of the k-th batch of the stream 0,1,...,n-1,0,1,... (no shuffling)."""
    return torch.tensor([(k * batch + i) % n for i in range(batch)], dtype=torch.int64)


def paper_schedule(t, steps):
    p = t / steps
    lambd = 2.0 / (1.0 + math.exp(-10.0 * p)) - 1.0
    lr = 0.01 / (1.0 + 10.0 * p) ** 0.75
    return lambd, lr


def case_paper_mlp(dtype):
    torch.manual_seed(2016)
    model = paper_mlp_model()
    gen = torch.Generator().manual_seed(35)
    source_x, source_y = two_blobs(40, gen)
    target_x, target_y = two_blobs(30, gen)
    target_x = rotate(target_x, 35.0)

    model = cast_model(model, dtype)
    source_x, target_x = source_x.to(dtype), target_x.to(dtype)

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x
    d["data.target_y"] = target_y  # not used in training; handy for accuracy checks

    steps, batch = 50, 8

    def batches(t):
        si = cyclic_batch(40, batch, t)
        ti = cyclic_batch(30, batch, t)
        return source_x[si], source_y[si], target_x[ti]

    sched = [paper_schedule(t, steps) for t in range(steps)]
    opt = torch.optim.SGD(model.parameters(), lr=sched[0][1], momentum=0.9,
                          dampening=0.0, nesterov=False, weight_decay=0.0)
    losses, lys, lds, after_1 = train_loop(
        model, opt, batches, bce_logits_loss, steps, schedule=lambda t: sched[t])

    d["step.lambda"] = as_tensor_1d([s[0] for s in sched], torch.float64)
    d["step.lr"] = as_tensor_1d([s[1] for s in sched], torch.float64)
    d["step.loss"] = as_tensor_1d(losses, dtype)
    d["step.label_loss"] = as_tensor_1d(lys, dtype)
    d["step.domain_loss"] = as_tensor_1d(lds, dtype)
    d.update(after_1)
    d.update(snapshot(model, f"after_{steps}"))
    return d


# --------------------------------------------------------------------------- case 3

def digits_model():
    return DANN(
        nn.Sequential(nn.Conv2d(3, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(32, 48, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten()),
        nn.Sequential(nn.Linear(768, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                      nn.Linear(100, 10)),
        nn.Sequential(nn.Linear(768, 100), nn.ReLU(), nn.Linear(100, 1)),
    )


def case_digits():
    torch.manual_seed(28)
    model = digits_model()
    source_x = torch.randn(4, 3, 28, 28)
    source_y = torch.randint(0, 10, (4,), dtype=torch.int64)
    target_x = torch.randn(4, 3, 28, 28)
    model.lambd = 1.0

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x

    model.zero_grad()
    class_out, dom_s, dom_t, fs = model(source_x, target_x)
    l_y = F.cross_entropy(class_out, source_y)
    l_d = bce_logits_loss(dom_s, dom_t)
    e = l_y + l_d
    e.backward()

    d["out.class_logits"] = class_out
    d["out.domain_logits_source"] = dom_s
    d["out.domain_logits_target"] = dom_t
    d["out.features_source"] = fs
    d["loss.total"] = e
    d["loss.label"] = l_y
    d["loss.domain"] = l_d
    d.update(grads(model))
    return d


# --------------------------------------------------------------------------- case 5

def csv_mlp_model(dtype):
    return DANN(
        nn.Sequential(nn.Linear(3, 6, dtype=dtype), nn.Tanh(), nn.Linear(6, 5, dtype=dtype), nn.Tanh()),
        nn.Sequential(nn.Linear(5, 7, dtype=dtype), nn.Tanh(), nn.Linear(7, 3, dtype=dtype)),
        nn.Sequential(nn.Linear(5, 4, dtype=dtype), nn.Tanh(), nn.Linear(4, 1, dtype=dtype)),
    )


def three_blobs_float64(n, shift, gen):
    """n points in 3-D, classes 0, 1, 2 in turn, drawn in float64 (values that need all 53 bits)."""
    y = torch.arange(n, dtype=torch.int64) % 3
    centers = torch.tensor([[-1.0, 0.5, 0.0], [1.0, -0.5, 0.25], [0.0, 1.0, -1.0]], dtype=torch.float64)
    x = centers[y] + shift + 0.4 * torch.randn(n, 3, generator=gen, dtype=torch.float64)
    return x, y


def write_csv(path, x, y):
    """A CSV as dann4j train reads it: header x0,x1,x2[,label]; repr() round-trips every float64."""
    with open(path, "w", newline="\n") as f:
        f.write("x0,x1,x2" + (",label" if y is not None else "") + "\n")
        for i in range(x.shape[0]):
            row = [repr(float(v)) for v in x[i].tolist()]
            if y is not None:
                row.append(str(int(y[i])))
            f.write(",".join(row) + "\n")


def case_csv_mlp_float64():
    """Case 5: what `dann4j train --dtype float64` computes from CSV files and --init (see the README)."""
    dtype = torch.float64
    torch.manual_seed(64)
    model = csv_mlp_model(dtype)  # initialised in float64: the --init weights use all 53 bits too
    gen = torch.Generator().manual_seed(640)
    source_x, source_y = three_blobs_float64(24, 0.0, gen)
    target_x, _ = three_blobs_float64(20, 0.3, gen)

    name = "csv_mlp_float64"
    write_csv(os.path.join(OUT_DIR, name + "_source.csv"), source_x, source_y)
    write_csv(os.path.join(OUT_DIR, name + "_target.csv"), target_x, None)
    # The --init file, saved as users save a state_dict.
    torch.save(model.state_dict(), os.path.join(OUT_DIR, name + "_init.pt"))

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x

    steps, source_batch, target_batch = 40, 8, 6

    def batches(t):
        si = cyclic_batch(24, source_batch, t)
        ti = cyclic_batch(20, target_batch, t)
        return source_x[si], source_y[si], target_x[ti]

    sched = [paper_schedule(t, steps) for t in range(steps)]
    opt = torch.optim.SGD(model.parameters(), lr=sched[0][1], momentum=0.9,
                          dampening=0.0, nesterov=False, weight_decay=0.0)
    losses, lys, lds, after_1 = train_loop(
        model, opt, batches, bce_logits_loss, steps, schedule=lambda t: sched[t])

    d["step.lambda"] = as_tensor_1d([s[0] for s in sched], torch.float64)
    d["step.lr"] = as_tensor_1d([s[1] for s in sched], torch.float64)
    d["step.loss"] = as_tensor_1d(losses, dtype)
    d["step.label_loss"] = as_tensor_1d(lys, dtype)
    d["step.domain_loss"] = as_tensor_1d(lds, dtype)
    d.update(after_1)
    d.update(snapshot(model, f"after_{steps}"))
    return d


# --------------------------------------------------------------------------- case 6

def bce_concat_loss(dom_s, dom_t):
    """Domain loss on sigmoid probabilities over the concatenated batch: one BCE averaged
    over all source+target outputs (source labelled 0, target 1), as `--domain-loss mean`."""
    outputs = torch.cat([dom_s, dom_t])
    labels = torch.cat([torch.zeros_like(dom_s), torch.ones_like(dom_t)])
    return F.binary_cross_entropy(outputs, labels)


def case_seed_mlp_mean(dtype):
    """Case 1 (9 source + 10 target samples, so the two batches differ in size) trained with
    the concatenated-batch BCE of `bce_concat_loss` instead of the sum of the two means."""
    torch.manual_seed(1234)
    model = seed_mlp_model()
    source_x = torch.randn(9, 2)
    source_y = torch.randint(0, 8, (9,), dtype=torch.int64)
    target_x = torch.randn(10, 2) + 1.5

    model = cast_model(model, dtype)
    source_x, target_x = source_x.to(dtype), target_x.to(dtype)
    model.lambd = 0.5

    d = snapshot(model, "init")
    d["data.source_x"] = source_x
    d["data.source_y"] = source_y
    d["data.target_x"] = target_x

    steps = 100
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.0, weight_decay=0.0)
    losses, lys, lds, after_1 = train_loop(
        model, opt, lambda t: (source_x, source_y, target_x), bce_concat_loss, steps)

    d["step.loss"] = as_tensor_1d(losses, dtype)
    d["step.label_loss"] = as_tensor_1d(lys, dtype)
    d["step.domain_loss"] = as_tensor_1d(lds, dtype)
    d.update(after_1)
    d.update(snapshot(model, f"after_{steps}"))
    return d


# --------------------------------------------------------------------------- case 7

# (n, batch, batches, seed): dataset size, batch size, number of batches drawn, generator seed.
REPLACEMENT_DRAWS = [(9, 4, 5, 7), (10, 3, 4, 8), (1, 2, 2, 0), (60000, 64, 3, 1), (70000, 5, 2, 2 ** 40 + 3)]


def case_replacement_sampling():
    """Batches drawn with replacement, as `--sampling replacement` draws them: one generator
    per domain, `torch.Generator().manual_seed(seed)`, and each batch the next
    `torch.randint(n, (batch,), generator=g)` from it."""
    d = {}
    for i, (n, batch, batches, seed) in enumerate(REPLACEMENT_DRAWS):
        g = torch.Generator().manual_seed(seed)
        drawn = torch.stack([torch.randint(n, (batch,), generator=g) for _ in range(batches)])
        d[f"case{i}.n"] = torch.tensor(n, dtype=torch.int64)
        d[f"case{i}.seed"] = torch.tensor(seed, dtype=torch.int64)
        d[f"case{i}.indices"] = drawn
    return d


# --------------------------------------------------------------------------- main

def write_python_state_dict():
    """Case 4: a state_dict exactly as users save it from Python.

    ``model.state_dict()`` is an OrderedDict with a ``_metadata`` attribute, which libtorch's
    own unpickler does not read as a dict; the Java side must load it anyway. The values are the
    seed model's initial weights, so the test compares them with ``init.*`` of
    seed_mlp_float32.pt.
    """
    torch.manual_seed(1234)
    model = seed_mlp_model()
    path = os.path.join(OUT_DIR, "python_state_dict.pt")
    torch.save(model.state_dict(), path)
    return path, dict(model.state_dict())


def summarize(path, d):
    print(f"{os.path.relpath(path, os.path.join(HERE, '..'))}  ({os.path.getsize(path)} bytes, {len(d)} keys)")
    for k, v in d.items():
        print(f"    {k:40s} {str(v.dtype):14s} {list(v.shape)}")


def write_version_file():
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    with open(os.path.join(OUT_DIR, "VERSION.txt"), "w") as f:
        f.write(f"torch {torch.__version__}\n")
        f.write(f"python {platform.python_version()}\n")
        f.write(f"generated {stamp} (UTC) by reference/make_references.py\n")


def main():
    configure_torch()
    os.makedirs(OUT_DIR, exist_ok=True)
    cases = [
        ("seed_mlp_float32.pt", lambda: case_seed_mlp(torch.float32)),
        ("seed_mlp_float64.pt", lambda: case_seed_mlp(torch.float64)),
        ("paper_mlp_float32.pt", lambda: case_paper_mlp(torch.float32)),
        ("paper_mlp_float64.pt", lambda: case_paper_mlp(torch.float64)),
        ("digits_float32.pt", case_digits),
        ("csv_mlp_float64.pt", case_csv_mlp_float64),
        ("seed_mlp_mean_float32.pt", lambda: case_seed_mlp_mean(torch.float32)),
        ("seed_mlp_mean_float64.pt", lambda: case_seed_mlp_mean(torch.float64)),
        ("replacement_sampling.pt", case_replacement_sampling),
    ]
    written = []
    for name, make in cases:
        d = make()
        written.append((save_case(name, d), d))
    written.append(write_python_state_dict())
    write_version_file()
    for path, d in written:
        summarize(path, d)
    print(f"torch {torch.__version__}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
