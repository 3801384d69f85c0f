#!/usr/bin/env bash
# The one check of dann4j's CUDA flavour on a machine with an NVIDIA GPU; prints one table.
#
#   scripts/gpu_check.sh [--quick] [--python PATH] [--data DIR]
#
#   1. builds the CUDA flavour (mvn -Pcuda package, into target-cuda/; see the dann4j launcher)
#      and checks that it sees the GPU (dann4j info)
#   2. runs the CUDA JUnit tests and the C++ op test (CTest), which must not skip their CUDA cases
#   3. times one DANN training step of the three benchmark models on the GPU, float32: the C++ loop,
#      dann4j and PyTorch (scripts/benchmarks.py --device cuda, one round)
#   4. trains DANN on MNIST -> MNIST-M for 2,000 steps on the GPU (scripts/reproduce_mnist_m.sh)
#
#   --quick        a fifth of the benchmark steps and 300 training steps
#   --python PATH  a python whose torch 2.10.0 has CUDA, for the PyTorch column (default:
#                  $DANN4J_BENCH_PYTHON, else ~/.cache/dann4j/venv-reference-cuda, created with
#                  PyTorch's CUDA 13.0 wheel)
#   --data DIR     the folder with mnist/ and mnist_m/ (default: $DANN4J_DATA, else ../shared/data)
#
# Sized to finish in under 8 minutes once the downloads are cached (the first CUDA build fetches
# about 2.2 GB: bytedeco's GPU libtorch and NVIDIA's CUDA libraries; the PyTorch venv about 3 GB).
# Exit status: 0 all passed, 1 a check failed (one line says which), 2 bad usage.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: scripts/gpu_check.sh [--quick] [--python PATH] [--data DIR]"

quick=0
python_args=()
data="${DANN4J_DATA:-$root/../shared/data}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --python|--data)
      [[ $# -ge 2 && -n "$2" ]] || { echo "gpu_check.sh: $1 needs a value; $usage" >&2; exit 2; }
      if [[ "$1" == --python ]]; then python_args=(--python "$2"); else data="$2"; fi
      shift 2 ;;
    -h|--help) sed -n '2,21s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "gpu_check.sh: unknown argument '$1'; $usage" >&2; exit 2 ;;
  esac
done

fail() { echo "gpu_check.sh: $*" >&2; exit 1; }

# --- what must be here before anything is built ---------------------------------------------
[[ -r /proc/driver/nvidia/version ]] \
  || fail "no NVIDIA GPU here (no NVIDIA driver: /proc/driver/nvidia/version absent); run it on a machine with one"
gpus=$( (ls /proc/driver/nvidia/gpus 2>/dev/null || true) | wc -l)
[[ "$gpus" -gt 0 ]] || fail "the NVIDIA driver is loaded but lists no GPU (/proc/driver/nvidia/gpus is empty)"
for file in mnist/train-images-idx3-ubyte.gz mnist_m/mnist_m_train mnist_m/mnist_m_test; do
  [[ -e "$data/$file" ]] || fail "$data/$file not found; pass --data DIR (the layout of scripts/reproduce_mnist_m.sh)"
done
for tool in mvn cmake java python3; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH"
done

mnist_steps=2000
[[ $quick == 1 ]] && mnist_steps=300
log="$root/target-cuda/gpu-check"
started=$SECONDS
export DANN4J_FLAVOR=cuda

# --- 1. build ---------------------------------------------------------------------------------
mkdir -p "$log"
echo "gpu_check.sh: 1/4 building the CUDA flavour (log: target-cuda/gpu-check/build.log)" >&2
t=$SECONDS
(cd "$root" && mvn -B -Dstyle.color=never -Pcuda -DskipTests -Dmaven.javadoc.skip=true package) > "$log/build.log" 2>&1 \
  || fail "the CUDA build failed; see target-cuda/gpu-check/build.log"
build_s=$((SECONDS - t))
java -jar "$root/target-cuda/dann4j.jar" info > "$log/info.txt" 2>&1 || fail "dann4j info failed: $(tail -1 "$log/info.txt")"
devices=$(sed -n 's/^devices *//p' "$log/info.txt")
[[ "$devices" == *cuda:0* ]] || fail "the CUDA build sees no GPU: $devices"
cuda_line=$(sed -n 's/^CUDA *//p' "$log/info.txt")
driver=$(sed -n 's/^NVIDIA driver *//p' "$log/info.txt")
gpu_name=$(sed -n 's/^Model:[[:space:]]*//p' /proc/driver/nvidia/gpus/*/information 2>/dev/null | sed -n 1p || true)

# --- 2. tests ---------------------------------------------------------------------------------
echo "gpu_check.sh: 2/4 CUDA JUnit tests and the C++ op test" >&2
t=$SECONDS
(cd "$root" && mvn -B -Dstyle.color=never -Pcuda test -Dmaven.javadoc.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='*Cuda*Test,DeviceNameTest') > "$log/test.log" 2>&1 || fail "the CUDA tests failed; see target-cuda/gpu-check/test.log"
test_s=$((SECONDS - t))
junit=$(python3 - "$root/target-cuda/surefire-reports" <<'EOF'
import glob, sys, xml.etree.ElementTree as tree
run = skipped = failed = 0
for report in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    suite = tree.parse(report).getroot()
    run += int(suite.get("tests", 0))
    skipped += int(suite.get("skipped", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
print(run, skipped, failed)
EOF
)
read -r junit_run junit_skipped junit_failed <<< "$junit"
[[ "$junit_run" -gt 0 && "$junit_skipped" == 0 ]] \
  || fail "the CUDA JUnit tests skipped $junit_skipped of $junit_run; see target-cuda/gpu-check/test.log"
ctest_line=$( (grep -E '[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$log/test.log" || true) | tail -1 | sed 's/^[0-9]*: //')
[[ -n "$ctest_line" ]] || fail "the C++ op test printed no result; see target-cuda/gpu-check/test.log"
! grep -q 'SKIP cuda cases' "$log/test.log" || fail "the C++ test skipped its CUDA cases: $ctest_line"

# --- 3. step benchmark ------------------------------------------------------------------------
echo "gpu_check.sh: 3/4 step benchmark on the GPU (log: target-cuda/gpu-check/bench.log)" >&2
t=$SECONDS
quick_args=()
[[ $quick == 1 ]] && quick_args=(--quick)
python3 "$root/scripts/benchmarks.py" --device cuda --rounds 1 --skip-jmh "${quick_args[@]}" "${python_args[@]}" \
  --json "$log/steps.json" > "$log/bench.log" 2>&1 || fail "the step benchmark failed: $(tail -1 "$log/bench.log")"
bench_s=$((SECONDS - t))

# --- 4. MNIST -> MNIST-M ----------------------------------------------------------------------
echo "gpu_check.sh: 4/4 DANN on MNIST -> MNIST-M, $mnist_steps steps on the GPU (log: target-cuda/gpu-check/mnist_m.log)" >&2
t=$SECONDS
DANN4J_DATA="$data" DANN4J_DEVICE=cuda "$root/scripts/reproduce_mnist_m.sh" "$mnist_steps" 1 dann > "$log/mnist_m.log" 2>&1 \
  || fail "the MNIST -> MNIST-M run failed: $(tail -1 "$log/mnist_m.log")"
mnist_s=$((SECONDS - t))
accuracy=$(sed -n 's/^validation accuracy \([0-9.]*\).*/\1/p' "$log/mnist_m.log" | tail -1)
[[ -n "$accuracy" ]] || fail "the MNIST -> MNIST-M run printed no validation accuracy; see target-cuda/gpu-check/mnist_m.log"

# --- the table --------------------------------------------------------------------------------
python3 - "$log/steps.json" <<EOF
import json, sys
steps = json.load(open(sys.argv[1]))["median_us"]
rows = [
    ("GPU", "$gpu_name, driver $driver"),
    ("CUDA flavour", "$cuda_line; devices $devices"),
    ("build (mvn -Pcuda package)", "$build_s s"),
    ("JUnit CUDA tests", "$junit_run run, $junit_failed failed, $junit_skipped skipped ($test_s s with CTest)"),
    ("C++ op test (CTest)", "$ctest_line"),
]
for model in ("tiny", "shallow", "digits"):
    m = steps[model]
    rows.append(("step %s, µs: C++ / dann4j / PyTorch" % model,
                 "%.0f / %.0f / %.0f (dann4j / C++ %.2f, dann4j / PyTorch %.2f)"
                 % (m["cpp"], m["java"], m["python"], m["java"] / m["cpp"], m["java"] / m["python"])))
rows.append(("step benchmark (benchmarks.py --device cuda --rounds 1${quick_args[*]:+ --quick})", "$bench_s s"))
rows.append(("MNIST -> MNIST-M DANN, $mnist_steps steps", "target test accuracy $accuracy, $mnist_s s"))
rows.append(("total", "%d s" % ($SECONDS - $started)))
width = max(len(r[0]) for r in rows)
print("| %s | result |" % "check".ljust(width))
print("| %s | --- |" % ("-" * width))
for name, value in rows:
    print("| %s | %s |" % (name.ljust(width), value))
EOF
