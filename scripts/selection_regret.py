#!/usr/bin/env python3
"""The model-selection table of RESULTS.md from the CSV `dann4j select --output` writes.

    scripts/selection_regret.py SCORES_CSV... [--default SUBSTRING]

Each SCORES_CSV must come from a `dann4j select ... --target-labels ...` run (its target_accuracy
column); several files (e.g. validators scored by separate select runs over the same runs) are
joined by run, and must agree on each run's target accuracy. For each validator: Spearman's rho between the score, oriented so that higher is better,
and the target accuracy; the run the validator chooses and its accuracy; the regret against the
best run of the grid and against the run whose name contains SUBSTRING (default: the paper's
settings, lambda max 1 and mu_0 0.01, at the grid's longest run, 3,000 steps). Python standard library only.
"""
import argparse
import csv
import math
import statistics

# Directions as dann4j's select package defines them (Validator.direction()).
LOWER_IS_BETTER = {"entropy", "dev", "pad"}
VALIDATORS = ["source_accuracy", "entropy", "im", "bnm", "snd", "dev", "pad", "reverse_source_only", "reverse_dann"]


def ranks(values):
    """Ranks 1..n, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs, ys):
    """Spearman's rho over the pairs where x is a number (a diverged reverse run has none)."""
    pairs = [(x, y) for x, y in zip(xs, ys) if not math.isnan(x)]
    rx, ry = ranks([p[0] for p in pairs]), ranks([p[1] for p in pairs])
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return num / den if den else float("nan")


def join(paths):
    """The rows of every file, joined by run in the first file's order."""
    rows, by_run = [], {}
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                row.pop("chosen_by", None)
                known = by_run.get(row["run"])
                if known is None:
                    if rows and path != paths[0]:
                        raise SystemExit(f"{path}: run {row['run']} is not in {paths[0]}")
                    by_run[row["run"]] = row
                    rows.append(row)
                elif known["target_accuracy"] != row["target_accuracy"]:
                    raise SystemExit(f"{path}: run {row['run']} has another target accuracy than in {paths[0]}")
                else:
                    known.update(row)
    if any(len(r) != len(rows[0]) for r in rows):
        raise SystemExit("the files do not score the same runs")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scores_csv", nargs="+")
    parser.add_argument("--default", default="dann-lambda1.0-mu0.01-steps3000")
    args = parser.parse_args()
    rows = join(args.scores_csv)
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
        scored = [i for i in range(len(rows)) if not math.isnan(oriented[i])]
        chosen = max(scored, key=lambda i: oriented[i])  # the first of equal scores, as Ranking.best
        a = accuracy[chosen]
        missing = f" ({len(rows) - len(scored)} without a score)" if len(scored) < len(rows) else ""
        print(f"| {v.replace('_', '-')} | {spearman(oriented, accuracy):+.3f}{missing} | {name(rows[chosen])} | {a:.4f} "
              f"| {best - a:+.4f} | {default - a:+.4f} |")


if __name__ == "__main__":
    main()
