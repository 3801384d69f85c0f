#!/usr/bin/env python3
"""The model-selection table of RESULTS.md from the CSV `dann4j select --output` writes.

    scripts/selection_regret.py SCORES_CSV [--default SUBSTRING]

SCORES_CSV must come from a `dann4j select ... --target-labels ...` run (its target_accuracy
column). For each validator: Spearman's rho between the score, oriented so that higher is better,
and the target accuracy; the run the validator chooses and its accuracy; the regret against the
best run of the grid and against the run whose name contains SUBSTRING (default: the paper's
settings, lambda max 1 and mu_0 0.01, at the grid's longest runs). Python standard library only.
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rank_reverse_validation import spearman  # noqa: E402  (ties share their mean rank)

# Directions as dann4j's select package defines them (Validator.direction()).
LOWER_IS_BETTER = {"entropy", "dev", "pad"}
VALIDATORS = ["source_accuracy", "entropy", "im", "bnm", "snd", "dev", "pad"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scores_csv")
    parser.add_argument("--default", default="dann-lambda1.0-mu0.01-steps1500")
    args = parser.parse_args()
    with open(args.scores_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    name = lambda row: row["run"].rstrip("/").split("/")[-1]
    accuracy = [float(r["target_accuracy"]) for r in rows]
    best = max(accuracy)
    defaults = [a for r, a in zip(rows, accuracy) if args.default in name(r)]
    if len(defaults) != 1:
        raise SystemExit(f"--default {args.default!r} matches {len(defaults)} runs, not 1")
    default = defaults[0]
    print(f"{len(rows)} runs; best target accuracy {best:.4f}; default ({args.default}) {default:.4f}")
    print("| validator | Spearman's ρ | chooses | its accuracy | best − chosen (regret) | default − chosen |")
    print("| --- | --- | --- | --- | --- | --- |")
    for v in VALIDATORS:
        if v not in rows[0] or any(r[v] == "" for r in rows):
            continue
        sign = -1 if v in LOWER_IS_BETTER else 1
        oriented = [sign * float(r[v]) for r in rows]
        chosen = max(range(len(rows)), key=lambda i: oriented[i])
        a = accuracy[chosen]
        print(f"| {v.replace('_', '-')} | {spearman(oriented, accuracy):+.3f} | {name(rows[chosen])} | {a:.4f} "
              f"| {best - a:+.4f} | {default - a:+.4f} |")


if __name__ == "__main__":
    main()
