#!/usr/bin/env python3
"""dann4j's training step on the CPU, one build against another: the step benchmark's Java third.

    scripts/compare_step.py BEFORE_DIR AFTER_DIR [--rounds 5] [--output raw.txt]

BEFORE_DIR and AFTER_DIR are checkouts, each built with

    mvn -o -B -q -Pjmh test-compile dependency:build-classpath \\
        -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

(or copies of their target/classes, target/test-classes and target/bench-classpath.txt). Each
round runs StepBenchmark (src/jmh/java/.../bench) for the three models (tiny, shallow, digits;
300 + 3,000, 200 + 2,000 and 10 + 60 warm-up + timed steps, one thread, the JVM as
benchmarks.py runs "java") in four processes, alternating: BEFORE; AFTER; AFTER timing blocks of
10 step() calls; AFTER running run(10) with metricsEvery 10. The table gives, per model, the
median over rounds of each process's median step time (min-max over rounds), and the median of
the fastest steps; the last two columns compare a metrics read per step with one per 10 steps,
timed alike (the blocks). Every line is also appended to --output. Run it with nothing else
running: the 1-minute load average at each process's start is printed with the table.
"""
import argparse
import os
import statistics
import subprocess
import sys

STEPS = {"tiny": (300, 3000), "shallow": (200, 2000), "digits": (10, 60)}
JAVA = ["java", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-Dorg.bytedeco.javacpp.nopointergc=true"]
VARIANTS = {"before": [], "after": [], "block10": ["--block", "10"], "every10": ["--metrics-every", "10"]}


def classpath(root):
    target = os.path.join(root, "target") if os.path.isdir(os.path.join(root, "target")) else root
    with open(os.path.join(target, "bench-classpath.txt")) as f:
        deps = f.read().strip()
    return ":".join([os.path.join(target, "test-classes"), os.path.join(target, "classes"), deps])


def run_once(cp, model, extra):
    warmup, steps = STEPS[model]
    load = open("/proc/loadavg").read().split()[0]
    cmd = JAVA + ["-cp", cp, "io.github.dann4j.bench.StepBenchmark", "--model", model, "--threads", "1",
                  "--warmup", str(warmup), "--steps", str(steps)] + extra
    done = subprocess.run(["nice"] + cmd, capture_output=True, text=True, cwd="/tmp")
    lines = [line for line in done.stdout.splitlines() if line.startswith("impl=")]
    if done.returncode != 0 or not lines:
        sys.exit(f"compare_step.py: StepBenchmark failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return "load=" + load + " " + lines[0]


def table(rows):
    def cell(xs):
        return f"{statistics.median(xs):,.0f} ({min(xs):,.0f}–{max(xs):,.0f})" if xs else "–"

    print("| model | rounds | before | after | after / before | fastest step, before | fastest step, after "
          "| block of 10 `step()` | `run(10)`, metricsEvery 10 | run(10) / block |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for model in STEPS:
        med = {v: [float(r["median_us"]) for r in rows if r["model"] == model and r["variant"] == v] for v in VARIANTS}
        low = {v: [float(r["min_us"]) for r in rows if r["model"] == model and r["variant"] == v] for v in VARIANTS}
        if not med["before"] or not med["after"]:
            continue
        ratio = statistics.median(med["after"]) / statistics.median(med["before"])
        blocks = (statistics.median(med["every10"]) / statistics.median(med["block10"])
                  if med["every10"] and med["block10"] else float("nan"))
        print(f"| {model} | {len(med['before'])} | {cell(med['before'])} | {cell(med['after'])} | {ratio:.2f} | "
              f"{cell(low['before'])} | {cell(low['after'])} | {cell(med['block10'])} | {cell(med['every10'])} | "
              f"{blocks:.2f} |")
    loads = [float(r["load"]) for r in rows]
    print(f"\n1-minute load average at the start of each process: {min(loads):.2f}–{max(loads):.2f}, "
          f"median {statistics.median(loads):.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", default="compare_step.txt")
    parser.add_argument("--table-only", action="store_true", help="print the table of an earlier --output file")
    args = parser.parse_args()
    if not args.table_only:
        cps = {"before": classpath(args.before), "after": classpath(args.after)}
        for r in range(1, args.rounds + 1):
            for model in STEPS:
                for variant, extra in VARIANTS.items():
                    line = f"round={r} variant={variant} " + run_once(cps["before" if variant == "before" else "after"],
                                                                      model, extra)
                    print(line, flush=True)
                    with open(args.output, "a") as f:
                        f.write(line + "\n")
    rows = [dict(kv.split("=", 1) for kv in line.split() if "=" in kv) for line in open(args.output)]
    table(rows)


if __name__ == "__main__":
    main()
