#!/usr/bin/env python3
"""Data-parallel DANN on this machine: steps/s and scaling efficiency for 1 and 2 processes.

    scripts/distributed_benchmark.py [--rounds 3] [--quick] [--skip-build]

Each configuration runs DistributedStepBenchmark (src/jmh/java/.../bench) in W processes of one
thread each, started here with torchrun's variables (MASTER_ADDR=127.0.0.1, a fresh
MASTER_PORT; W = 1 runs without them, the plain one-process trainer). Rank 0 reports steps/s,
the time per step in the gradient allreduce (Gloo over loopback, waiting for the slower rank
included), the bytes each step allreduces, and the same allreduce alone (after a barrier, the
median of 50 back-to-back allreduces of a buffer of that size: the transfer without the wait). Configurations alternate within a round; figures
are medians over rounds (min-max). Weak scaling keeps the batch per process (64 + 64), strong
scaling keeps the global batch (2 x 32 + 32 against 1 x 64 + 64). Efficiency = samples/s with W
processes / (W x samples/s with 1).

It also prints a paper estimate for 8 and 64 workers on 10 and 100 Gb/s networks from the
measured bytes and one-process step time: a ring allreduce moves 2(W-1)/W of the buffer per
worker and takes 2(W-1) message latencies (ALPHA_S each), with no overlap of allreduce and
backward (dann4j allreduces one bucket after the backward pass).

The machine's load (uptime) is printed before and after each run: on a shared machine the
figures mean little when the load exceeds the 2 cores.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmarks import ROOT, build, paths, parse  # noqa: E402

STEPS = {"shallow": (100, 1000), "digits": (5, 40)}
QUICK_STEPS = {"shallow": (20, 200), "digits": (2, 8)}
# (processes, batch per rank and domain)
CONFIGS = [(1, 64), (2, 64), (2, 32)]
ALPHA_S = 50e-6  # per-message latency assumed for Gloo over TCP in a data centre
TIMEOUT_S = 900


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_once(model, world, batch, steps, classpath):
    warmup, measured = steps[model]
    cmd = ["java", "-Xms256m", "-Xmx256m", "-Dorg.bytedeco.javacpp.nopointergc=true", "-cp", classpath,
           "io.github.dann4j.bench.DistributedStepBenchmark", "--model", model, "--batch", str(batch),
           "--warmup", str(warmup), "--steps", str(measured)]
    port = free_port()
    before = load()
    procs = []
    for rank in range(world):
        env = dict(os.environ, OMP_NUM_THREADS="1")
        for name in ("MASTER_ADDR", "MASTER_PORT", "RANK", "LOCAL_RANK", "WORLD_SIZE"):
            env.pop(name, None)
        if world > 1:
            env.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank), LOCAL_RANK=str(rank),
                       WORLD_SIZE=str(world))
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True))
    outs = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            sys.exit(f"distributed_benchmark.py: {model} with {world} processes ran past {TIMEOUT_S} s")
        if p.returncode != 0:
            for q in procs:
                q.kill()
            sys.exit(f"distributed_benchmark.py: {model} with {world} processes failed (exit {p.returncode}):\n"
                     f"{err[-2000:]}")
        outs.append(out)
    line = [l for l in outs[0].splitlines() if l.startswith("model=")][-1]
    result = parse(line)
    result["load"] = f"{before:.2f}->{load():.2f}"
    print(f"  load {result['load']}  {line}", file=sys.stderr, flush=True)
    return result


def fmt(values, digits=1):
    return f"{statistics.median(values):,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer steps: a smoke test, not a measurement")
    parser.add_argument("--skip-build", action="store_true", help="use the classes of the last build")
    args = parser.parse_args()
    if not args.skip_build:
        build()
    classpath, _ = paths()
    steps = QUICK_STEPS if args.quick else STEPS
    results = {}  # (model, world, batch) -> [parsed]
    loads = []
    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}", file=sys.stderr, flush=True)
        for model in STEPS:
            for world, batch in CONFIGS:
                result = run_once(model, world, batch, steps, classpath)
                results.setdefault((model, world, batch), []).append(result)
                loads.append(result["load"])
    print(f"uptime load (1-minute average) before->after each run: {', '.join(loads)}")
    print()
    print("| model | processes | batch per process | global batch | steps/s | samples/s | scaling efficiency"
          " | allreduce ms/step | allreduce alone, ms | allreduce bytes/step |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    single = {}
    for model in STEPS:
        for world, batch in CONFIGS:
            runs = results[(model, world, batch)]
            sps = [float(x["steps_per_s"]) for x in runs]
            samples = [s * world * batch for s in sps]
            if world == 1:
                single[model] = (statistics.median(sps), statistics.median(samples))
            efficiency = statistics.median(samples) / (world * single[model][1])
            kind = "" if world == 1 else (" (weak)" if batch == 64 else " (strong)")
            ar = [float(x["allreduce_ms_per_step"]) for x in runs]
            alone = [float(x["allreduce_alone_ms"]) for x in runs]
            print(f"| {model} | {world}{kind} | {batch} + {batch} | {world * batch} + {world * batch} | {fmt(sps)}"
                  f" | {statistics.median(samples):,.0f} | {efficiency:.2f} | {fmt(ar, 2) if world > 1 else '–'}"
                  f" | {fmt(alone, 2) if world > 1 else '–'}"
                  f" | {runs[0]['allreduce_bytes_per_step'] if world > 1 else '–'} |")
    print()
    print(f"Paper estimate (weak scaling, batch 64 + 64 per worker): one-process step time from the table,"
          f" ring allreduce 2(W-1)/W x bytes / bandwidth + 2(W-1) x {ALPHA_S * 1e6:.0f} us, no overlap.")
    print()
    print("| model | bytes/step | step (1 process) | workers | 10 Gb/s: allreduce, efficiency | 100 Gb/s: allreduce,"
          " efficiency |")
    print("| --- | --- | --- | --- | --- | --- |")
    for model in STEPS:
        nbytes = int(results[(model, 2, 64)][0]["allreduce_bytes_per_step"])
        compute = 1.0 / single[model][0]
        for workers in (8, 64):
            cells = []
            for gbps in (10, 100):
                t = 2 * (workers - 1) / workers * nbytes * 8 / (gbps * 1e9) + 2 * (workers - 1) * ALPHA_S
                cells.append(f"{t * 1e3:.2f} ms, {compute / (compute + t):.2f}")
            print(f"| {model} | {nbytes:,} | {compute * 1e3:.1f} ms | {workers} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
