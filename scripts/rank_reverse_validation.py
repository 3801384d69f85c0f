#!/usr/bin/env python3
"""Sets reverse-validation scores beside the MNIST-M test accuracies they were meant to predict.

    scripts/rank_reverse_validation.py REVERSE_CSV RESULTS_CSV [RESULTS_CSV ...]

REVERSE_CSV is results/mnist_m/reverse_validation.csv (scripts/reverse_validate_mnist_m.sh);
each RESULTS_CSV is a results/mnist_m/results.csv (scripts/reproduce_mnist_m.sh), possibly from
several clones. A forward run is named RUN-seedSEED-stepsSTEPS in both; a results row whose RUN
ends in -resumed-at-N (a run continued with --resume) counts for RUN, and of two rows for one run
the later one counts (a rerun writes into the same folder, so the model there is the later run's).

Prints one row per scored run; Spearman's rank correlation between score and test accuracy, over
all runs and within each seed; per setting (RUN and STEPS) the mean score and mean test accuracy
over the seeds given with --seeds (default 1,2,3), and the setting the highest mean score selects;
and per seed the run with the highest score. Test accuracies are read only to be printed beside
the scores; nothing here chooses by them. Spearman's rho is computed here because Python 3.11's
statistics module has no ranked correlation.
Python standard library only.
"""
import argparse
import collections
import csv
import re
import statistics
import sys


Run = collections.namedtuple("Run", "setting seed name score accuracy")


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
    rx, ry = ranks(xs), ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return num / den


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reverse_csv")
    parser.add_argument("results_csv", nargs="+")
    parser.add_argument("--seeds", default="1,2,3", help="seeds a setting's means are taken over")
    parser.add_argument("--select-among", default="", metavar="REGEX",
                        help="only settings 'RUN (STEPS steps)' matching REGEX are selected among (default all)")
    args = parser.parse_args(argv)
    try:
        report(args)
    except OSError as e:
        sys.exit(f"rank_reverse_validation.py: {e.filename}: {e.strerror}")


def report(args):
    seeds = [int(s) for s in args.seeds.split(",")]

    accuracy = {}
    for path in args.results_csv:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row["target_test_accuracy"]:
                    run = re.sub(r"-resumed-at-[0-9]+$", "", row["run"])
                    name = f'{run}-seed{row["seed"]}-steps{row["steps"]}'
                    accuracy[name] = float(row["target_test_accuracy"])

    runs = []
    with open(args.reverse_csv, newline="") as f:
        for row in csv.DictReader(f):
            name, score = row["forward_run"], row["reverse_mnist_test_accuracy"]
            if not score:
                print(f"{name}: no score (the reverse run failed)", file=sys.stderr)
                continue
            if name not in accuracy:
                sys.exit(f"{name}: not in any results.csv given")
            setting, _, rest = name.rpartition("-seed")
            seed, _, steps = rest.partition("-steps")
            runs.append(Run(f"{setting} ({steps} steps)", int(seed), name, float(score), accuracy[name]))

    print(f'{"forward run":60s} {"reverse score":>13s} {"MNIST-M test":>12s}')
    for r in sorted(runs, key=lambda r: -r.score):
        print(f"{r.name:60s} {r.score:13.4f} {r.accuracy:12.4f}")
    if len(runs) > 2:
        rho = spearman([r.score for r in runs], [r.accuracy for r in runs])
        print(f"\nSpearman rank correlation, score vs test accuracy, {len(runs)} runs: {rho:.3f}")
        # Within one seed the reverse runs share initial weights and batch order, so only the
        # pseudo-labels differ; across seeds the reverse learner's own luck enters the score.
        for seed in sorted({r.seed for r in runs}):
            same = [r for r in runs if r.seed == seed]
            if len(same) > 2:
                rho = spearman([r.score for r in same], [r.accuracy for r in same])
                print(f"  within seed {seed} ({len(same)} runs): {rho:.3f}")

    complete = {}
    for setting in sorted({r.setting for r in runs}):
        by_seed = {r.seed: r for r in runs if r.setting == setting}
        if all(s in by_seed for s in seeds) and re.search(args.select_among, setting):
            complete[setting] = (statistics.fmean(by_seed[s].score for s in seeds),
                                 statistics.fmean(by_seed[s].accuracy for s in seeds))
    if complete:
        print(f"\nsettings scored on seeds {args.seeds}, selected among: mean score, mean test accuracy")
        for setting, (score, acc) in sorted(complete.items(), key=lambda kv: -kv[1][0]):
            print(f"  {setting:55s} {score:.4f} {acc:.4f}")
        best = max(complete, key=lambda s: complete[s][0])
        print(f"selected by mean score: {best} (mean test accuracy {complete[best][1]:.4f})")
        picked = []
        for seed in seeds:
            top = max((r for r in runs if r.seed == seed and r.setting in complete), key=lambda r: r.score)
            picked.append(top.accuracy)
            print(f"seed {seed}: highest score {top.name} ({top.score:.4f}; test accuracy {top.accuracy:.4f})")
        print(f"mean test accuracy of the runs picked per seed: {statistics.fmean(picked):.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
