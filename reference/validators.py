#!/usr/bin/env python3
"""Reference scores for dann4j's model-selection validators (io.github.dann4j.select).

Written from the papers with numpy alone (no torch, no dann4j code), so that the Java
implementation, which works through libtorch, is checked against an independent computation.
The script draws small random model outputs with a fixed seed, computes every score and writes

  src/test/resources/reference/validators_inputs.npz       the outputs (float64; labels int64)
  src/test/resources/reference/validators_scores.properties one score a line, repr() of a float64

ValidatorsParityTest reads both and requires the Java scores within 1e-6 absolute
(it prints the largest difference it measured).

Run from anywhere:  python reference/validators.py   (numpy only; see requirements.txt)
"""

import os
import platform
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "src", "test", "resources", "reference"))

SEED = 2025
CLASSES, WIDTH = 4, 6
N_TARGET, N_SOURCE_VAL, N_SOURCE_TRAIN = 60, 40, 50

SND_TEMPERATURE = 0.05
DEV_ITERATIONS, DEV_STEP = 500, 2.0


# --------------------------------------------------------------------------- inputs

def make_inputs():
    """Features, and logits a random linear head gives them: confident on some rows, not on others."""
    rng = np.random.default_rng(SEED)
    head = rng.normal(size=(WIDTH, CLASSES))
    source_centres = rng.normal(scale=1.5, size=(CLASSES, WIDTH))

    def draw(n, shift):
        labels = np.arange(n) % CLASSES
        rng.shuffle(labels)
        features = source_centres[labels] + shift + rng.normal(size=(n, WIDTH))
        logits = features @ head + 0.5 * rng.normal(size=(n, CLASSES))
        return features, logits, labels

    shift = np.linspace(-0.8, 0.8, WIDTH)  # the target's domain shift
    sv_f, sv_l, sv_y = draw(N_SOURCE_VAL, 0.0)
    st_f, _, _ = draw(N_SOURCE_TRAIN, 0.0)
    t_f, t_l, _ = draw(N_TARGET, shift)
    return {
        "target_logits": t_l, "target_features": t_f,
        "source_logits": sv_l, "source_features": sv_f, "source_labels": sv_y.astype(np.int64),
        "source_train_features": st_f,
    }


# --------------------------------------------------------------------------- scores

def softmax(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def shannon(p, axis=-1):
    """-sum p log p with 0 log 0 = 0."""
    safe = np.where(p > 0, p, 1.0)
    return -(np.where(p > 0, p * np.log(safe), 0.0)).sum(axis=axis)


def source_accuracy(logits, labels):
    return float(np.mean(np.argmax(logits, axis=1) == labels))


def entropy(logits):
    """Mean Shannon entropy of the target predictions (lower is better)."""
    return float(np.mean(shannon(softmax(logits))))


def information_maximisation(logits):
    """Shi & Sha 2012 / SHOT: H(mean prediction) - mean H(prediction) (higher is better)."""
    p = softmax(logits)
    return float(shannon(p.mean(axis=0)) - np.mean(shannon(p)))


def batch_nuclear_norm(logits):
    """Cui et al. 2020: nuclear norm of the N x C prediction matrix over N (higher is better)."""
    p = softmax(logits)
    return float(np.linalg.svd(p, compute_uv=False).sum() / p.shape[0])


def evenly_spaced(n, m):
    m = min(n, m)
    return (np.arange(m, dtype=np.int64) * n) // m


def soft_neighbourhood_density(logits, temperature, max_samples):
    """Saito et al. 2021: mean entropy of each sample's softmax over its similarities to the others."""
    p = softmax(logits[evenly_spaced(len(logits), max_samples)])
    p = p / np.sqrt((p * p).sum(axis=1, keepdims=True))
    n = len(p)
    entropies = []
    for i in range(n):
        others = np.delete(p @ p[i], i) / temperature   # the similarity to itself is left out
        q = np.exp(others - others.max())
        q /= q.sum()
        entropies.append(shannon(q))
    return float(np.mean(entropies))


def logistic_domain_classifier(source, target, iterations, step):
    """Zero-initialised logistic regression, full-batch gradient descent on the mean log loss."""
    x = np.vstack([source, target])
    y = np.concatenate([np.zeros(len(source)), np.ones(len(target))])
    mu = x.mean(axis=0)
    sigma = np.sqrt(((x - mu) ** 2).mean(axis=0) + 1e-12) * np.sqrt(x.shape[1])
    z = (x - mu) / sigma
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(iterations):
        r = 1.0 / (1.0 + np.exp(-(z @ w + b))) - y
        w = w - step * (z.T @ r) / len(y)
        b = b - step * r.mean()
    return lambda f: ((f - mu) / sigma) @ w + b


def deep_embedded_validation(inputs, iterations, step):
    """You et al. 2019: importance-weighted source validation loss with a control variate (lower is better)."""
    train, target = inputs["source_train_features"], inputs["target_features"]
    logit = logistic_domain_classifier(train, target, iterations, step)
    weights = np.exp(logit(inputs["source_features"])) * len(train) / len(target)
    logits, labels = inputs["source_logits"], inputs["source_labels"]
    log_p = logits - logits.max(axis=1, keepdims=True)
    log_p = log_p - np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(len(labels)), labels]
    weighted = loss * weights
    covariance = np.cov(np.vstack([weighted, weights]), ddof=1)
    # Equal weights (up to rounding) leave eta undefined: 0 then, as in the Java code.
    equal = np.sqrt(covariance[1, 1]) <= 1e-12 * abs(weights.mean())
    eta = 0.0 if equal else -covariance[0, 1] / covariance[1, 1]
    return float(weighted.mean() + eta * weights.mean() - eta)


def scores(inputs):
    t = inputs["target_logits"]
    return {
        "source-accuracy": source_accuracy(inputs["source_logits"], inputs["source_labels"]),
        "entropy": entropy(t),
        "im": information_maximisation(t),
        "bnm": batch_nuclear_norm(t),
        "snd": soft_neighbourhood_density(t, SND_TEMPERATURE, 2000),
        "snd.max25": soft_neighbourhood_density(t, SND_TEMPERATURE, 25),
        "snd.tau0.5": soft_neighbourhood_density(t, 0.5, 2000),
        "dev": deep_embedded_validation(inputs, DEV_ITERATIONS, DEV_STEP),
        "dev.iterations0": deep_embedded_validation(inputs, 0, DEV_STEP),
    }


def main():
    inputs = make_inputs()
    os.makedirs(OUT_DIR, exist_ok=True)
    np.savez(os.path.join(OUT_DIR, "validators_inputs.npz"), **inputs)
    lines = [
        "# written by reference/validators.py (seed %d): numpy %s, Python %s" % (
            SEED, np.__version__, platform.python_version()),
        "# snd: tau 0.05, at most 2000 rows; snd.max25: at most 25 evenly spaced rows; snd.tau0.5: tau 0.5",
        "# dev: %d gradient-descent steps of size %r; dev.iterations0: no step (w = 0, so every weight is n_s/n_t)" % (
            DEV_ITERATIONS, DEV_STEP),
    ]
    for name, value in scores(inputs).items():
        lines.append("%s=%r" % (name, value))
    with open(os.path.join(OUT_DIR, "validators_scores.properties"), "w") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
