#!/usr/bin/env python3
"""Runs all of dann4j's benchmarks and prints the tables of BENCHMARKS.md.

    scripts/benchmarks.py [--rounds 3] [--quick] [--skip-jmh] [--python PATH] [--device cpu|cuda] [--json FILE]

1. Builds what it needs: the Java benchmarks (mvn -Pjmh test-compile) and the C++ step loop
   (CMake target dann_step_bench, against the same bytedeco libtorch .so files as dann4j).
2. JMH: gradient reversal forward+backward, native op vs detach trick vs tensor hook, with the
   GC profiler (Java heap bytes per call), and the native allocation probe (bytes per call).
3. One DANN training step, three models x {1, 2} threads x {C++, Java, Python}: each
   implementation runs in its own process, the three alternate within each round, and every
   figure is the median over rounds of each process's median step time (min-max over rounds).

Only the standard library is needed here; the Python step script runs with --python (default:
$DANN4J_BENCH_PYTHON, else the reference venv, created with reference/requirements.txt if missing).

--device cuda times the step on the GPU instead (float32, one thread, no JMH): the CUDA flavour
(mvn -Pcuda, in target-cuda/) against PyTorch's CUDA 13.0 wheel of the same release (a venv of its
own, venv-reference-cuda, unless --python). --json FILE also writes the median step times there.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("DANN4J_CACHE", os.path.expanduser("~/.cache/dann4j"))
TARGET = os.path.join(ROOT, "target")
PROFILES = []  # ["-Pcuda"] with --device cuda
DEVICE = "cpu"
THREADS = (1, 2)  # intra-op threads of each step; one on CUDA, where the GPU does the work
# model -> (warmup steps, measured steps) per process
STEPS = {"tiny": (300, 3000), "shallow": (200, 2000), "digits": (10, 60)}
QUICK_STEPS = {"tiny": (50, 300), "shallow": (50, 200), "digits": (3, 10)}
# A fixed, pre-touched heap: resident memory then grows only if native memory does.
JAVA_OPTS = ["-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"]
# "java" runs as the dann4j tool runs (JavaCPP's GC bookkeeping off, see cli/Main.java);
# "java-gc" with JavaCPP's defaults, as in an application that has not turned it off.
JAVA_VARIANTS = {"java": ["-Dorg.bytedeco.javacpp.nopointergc=true"], "java-gc": []}
IMPLS = ("cpp", "java", "java-gc", "python")


def run(cmd, **kw):
    shown = ["<classpath>" if len(part) > 200 else part for part in cmd]
    print("+ " + " ".join(shown), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def use_device(device):
    """Points the build and the runs at the flavour for device: target/ for cpu, target-cuda/ for cuda."""
    global TARGET, PROFILES, DEVICE
    DEVICE = device
    global THREADS
    if device == "cuda":
        TARGET, PROFILES, THREADS = os.path.join(ROOT, "target-cuda"), ["-Pcuda"], (1,)


def cuda_library_dir():
    """The CUDA libraries the CUDA build recorded (cmake/fetch_cuda_libs.py), or None for the CPU build."""
    record = os.path.join(TARGET, "classes", "io", "github", "dann4j", "internal", "cuda-libraries.properties")
    if not os.path.exists(record):
        return None
    with open(record) as f:
        values = dict(line.strip().split("=", 1) for line in f if "=" in line and not line.startswith("#"))
    return os.environ.get("DANN4J_CUDA_HOME") or values["dir"]


def build():
    profile = ",".join(["jmh"] + [p[2:] for p in PROFILES])
    run(["mvn", "-B", "-q", "-P" + profile, "test-compile", "dependency:build-classpath",
         "-Dmdep.outputFile=" + os.path.join(TARGET, "bench-classpath.txt"), "-Dmdep.includeScope=test"])
    run(["cmake", "--build", os.path.join(TARGET, "native-build"), "--target", "dann_step_bench"])


def paths():
    """(Java class path, LD_LIBRARY_PATH for the C++ loop) of the last build."""
    with open(os.path.join(TARGET, "bench-classpath.txt")) as f:
        classpath = ":".join([os.path.join(TARGET, "test-classes"), os.path.join(TARGET, "classes"), f.read().strip()])
    deps = os.path.join(TARGET, "native-deps", "org", "bytedeco")
    folders = [os.path.join(deps, "pytorch", "linux-x86_64" + ("-gpu" if DEVICE == "cuda" else "")),
               os.path.join(deps, "openblas", "linux-x86_64")]
    if cuda_library_dir():
        folders.append(cuda_library_dir())
    return classpath, ":".join(folders)


def python_with_torch(requested):
    if requested:
        return requested
    if os.environ.get("DANN4J_BENCH_PYTHON"):
        return os.environ["DANN4J_BENCH_PYTHON"]
    venv = os.path.join(CACHE, "venv-reference" + ("-cuda" if DEVICE == "cuda" else ""))
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python) and DEVICE == "cuda":
        run([sys.executable, "-m", "venv", venv])
        run([python, "-m", "pip", "install", "-q", "torch==2.10.0", "--index-url", "https://download.pytorch.org/whl/cu130"])
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", venv])
        # PyTorch's CPU wheels first (no CUDA libraries); PyPI's default wheel otherwise
        cpu = [python, "-m", "pip", "install", "-q", "torch==2.10.0", "--index-url",
               "https://download.pytorch.org/whl/cpu"]
        if subprocess.run(cpu, cwd=ROOT).returncode != 0:
            run([python, "-m", "pip", "install", "-q", "-r", os.path.join(ROOT, "reference", "requirements.txt")])
    return python


def parse(line):
    return {k: v for k, v in (field.split("=", 1) for field in line.split() if "=" in field)}


def step_once(impl, model, threads, steps, classpath, library_path, python):
    warmup, measured = steps[model]
    args = ["--model", model, "--threads", str(threads), "--warmup", str(warmup), "--steps", str(measured),
            "--device", DEVICE]
    env = dict(os.environ)
    if impl == "cpp":
        env["LD_LIBRARY_PATH"] = library_path
        cmd = [os.path.join(TARGET, "native-build", "dann_step_bench")] + args
    elif impl in JAVA_VARIANTS:
        cmd = ["java"] + JAVA_OPTS + JAVA_VARIANTS[impl] + ["-cp", classpath, "io.github.dann4j.bench.StepBenchmark"] + args
    else:
        cmd = [python, os.path.join(ROOT, "bench", "python", "dann_step_bench.py")] + args
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"benchmarks.py: the {impl} step benchmark failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    out = done.stdout
    line = [l for l in out.splitlines() if l.startswith("impl=")][-1]
    print(f"  [{impl}] " + line, file=sys.stderr, flush=True)
    return parse(line)


def fmt_us(values):
    med = statistics.median(values)
    return f"{med:,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def step_table(rounds, steps, classpath, library_path, python):
    impls = IMPLS
    results = {}  # (model, threads, impl) -> list of parsed lines
    for r in range(rounds):
        print(f"round {r + 1}/{rounds}", file=sys.stderr, flush=True)
        for model in ("tiny", "shallow", "digits"):
            for threads in THREADS:
                for impl in impls:
                    results.setdefault((model, threads, impl), []).append(
                        step_once(impl, model, threads, steps, classpath, library_path, python))
    torch_version = results[("tiny", 1, "python")][0].get("torch", "?")
    lines = [
        f"One DANN training step, µs: median over {rounds} runs of each run's median step time (min–max of those "
        f"medians). dann4j as the CLI runs it (JavaCPP GC bookkeeping off); 'GC on': JavaCPP's defaults. "
        f"Python: torch {torch_version}. Device: {DEVICE}, float32.",
        "",
        "| model | threads | C++ (libtorch) | dann4j | dann4j, GC on | PyTorch (Python) | dann4j / C++ | "
        "GC on / C++ | dann4j / Python |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    medians = {}  # model -> impl -> median of the runs' median step times, µs (threads: the first of THREADS)
    memory = [
        "",
        "Resident memory, MiB: peak of any run; growth = most any run grew between the end of warm-up and the "
        "end of its measured steps (KiB; the Java heap is fixed and pre-touched, so growth is native).",
        "",
        "| model | threads | peak C++ | peak dann4j | peak Python | growth C++ | growth dann4j | growth Python |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for model in ("tiny", "shallow", "digits"):
        for threads in THREADS:
            runs = {i: results[(model, threads, i)] for i in impls}
            med = {i: [float(x["median_us"]) for x in runs[i]] for i in impls}
            mid = {i: statistics.median(med[i]) for i in impls}
            medians.setdefault(model, mid)
            peak = {i: max(int(x["peak_rss_kib"]) for x in runs[i]) / 1024 for i in impls}
            growth = {i: max(int(x["rss_end_kib"]) - int(x["rss_warm_kib"]) for x in runs[i]) for i in impls}
            lines.append(
                f"| {model} | {threads} | {fmt_us(med['cpp'])} | {fmt_us(med['java'])} | {fmt_us(med['java-gc'])} | "
                f"{fmt_us(med['python'])} | {mid['java'] / mid['cpp']:.2f} | {mid['java-gc'] / mid['cpp']:.2f} | "
                f"{mid['java'] / mid['python']:.2f} |")
            memory.append(
                f"| {model} | {threads} | {peak['cpp']:.0f} | {peak['java']:.0f} | {peak['python']:.0f} | "
                f"{growth['cpp']:+d} | {growth['java']:+d} | {growth['python']:+d} |")
    lines += memory
    return "\n".join(lines), medians


def jmh_table(classpath, quick):
    result_file = os.path.join(TARGET, "jmh-grl.json")
    cmd = ["java", "-cp", classpath, "org.openjdk.jmh.Main", "GradientReversalBenchmark", "-prof", "gc",
           "-rf", "json", "-rff", result_file]
    if quick:
        cmd += ["-wi", "1", "-i", "2", "-w", "1", "-r", "1"]
    run(cmd, stdout=subprocess.DEVNULL)
    with open(result_file) as f:
        data = json.load(f)
    rows = {}
    for entry in data:
        p = entry["params"]
        key = (p["shape"], p["implementation"])
        primary = entry["primaryMetric"]
        secondary = entry["secondaryMetrics"]
        alloc = (secondary.get("gc.alloc.rate.norm") or secondary.get("·gc.alloc.rate.norm") or {}).get("score", "NaN")
        rows[key] = (float(primary["score"]), float(primary["scoreError"]), float(alloc))
    lines = ["GRL forward + backward, µs per call (± 99.9 % CI), Java heap bytes per call (JMH -prof gc):", "",
             "| shape | native op | detach trick | tensor hook | view_as (no reversal) |", "| --- | --- | --- | --- | --- |"]
    for shape in ("64x128", "256x4096"):
        cells = []
        for impl in ("nativeOp", "detachTrick", "tensorHook", "viewAs"):
            score, error, alloc = rows.get((shape, impl), (float("nan"),) * 3)
            cells.append(f"{score:,.1f} ± {error:,.1f} µs, {alloc:,.0f} B")
        lines.append(f"| [{shape.replace('x', ',')}] | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def allocation_table(classpath):
    out = subprocess.run(["java", "-cp", classpath, "io.github.dann4j.bench.AllocationProbe"], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    return out.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="few steps and iterations: checks the harness, not for figures")
    parser.add_argument("--skip-jmh", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="reuse the last build of this script (not of mvn test)")
    parser.add_argument("--python", help="a python with torch for the Python step script")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu",
                        help="where the step runs (cuda: the CUDA flavour, one thread, no JMH)")
    parser.add_argument("--json", help="also write the median step times (µs) per model and implementation here")
    args = parser.parse_args()
    use_device(args.device)
    if shutil.which("mvn") is None or shutil.which("cmake") is None:
        sys.exit("benchmarks.py: needs mvn and cmake on PATH")
    if not args.skip_build:
        build()
    classpath, library_path = paths()
    python = python_with_torch(args.python)
    machine = subprocess.run(["bash", "-c", "lscpu | sed -n 's/^Model name: *//p'; nproc; uptime"],
                             capture_output=True, text=True).stdout.split("\n")
    sections = [f"Machine: {machine[0]}, {machine[1]} cores; load at start:{machine[2].split('load average:')[-1]}"]
    if not args.skip_jmh and DEVICE == "cpu":
        sections.append(jmh_table(classpath, args.quick))
        sections.append(allocation_table(classpath))
    table, medians = step_table(args.rounds, QUICK_STEPS if args.quick else STEPS, classpath, library_path, python)
    sections.append(table)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": DEVICE, "median_us": medians}, f, indent=2)
    report = "\n\n".join(sections)
    with open(os.path.join(TARGET, "benchmarks.md"), "w") as f:
        f.write(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
