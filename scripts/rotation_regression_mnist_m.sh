#!/usr/bin/env bash
# Regression evidence (issue 26): predict a digit image's rotation angle, MNIST -> MNIST-M.
# DANN against source-only, the paper's MNIST -> MNIST-M protocol with a 1-output regression head
# and the MSE label loss; appends one line per run to results/rotation/results.csv and prints the
# mean and sample standard deviation of the MAE in degrees on the rotated MNIST-M test set.
#
#   scripts/rotation_regression_mnist_m.sh [STEPS] [SEEDS] [RUNS]
#     STEPS  training steps per run (default 1500)
#     SEEDS  comma-separated seeds (default 1,2,3)
#     RUNS   any of source-only,dann (default both)
#   DANN4J_ROTATION_DATA  the rotated sets (default /tmp/dann4j-rotation), made on first use by
#     scripts/make_rotation_data.py (numpy) from DANN4J_DATA (default ../shared/data)
#   DANN4J_PYTHON         a python with numpy (default python3)
#
# Data (scripts/make_rotation_data.py): every image rotated about its centre by its own angle,
# uniform in [-45, 45] degrees (seeded), bilinear, edge pixels outside; the target is angle/45.
# Source: the 60,000 rotated MNIST training images; target: the 59,001 rotated MNIST-M training
# images (their angles never read); evaluation: the 9,001 rotated MNIST-M test images.
# Protocol: the digits network with a 1-output head (FC 100 -> FC 100 -> 1); MSE; SGD with
# momentum 0.9; learning rate 0.01/(1+10p)^0.75; lambda 2/(1+exp(-10p))-1; batches of 64 + 64;
# MNIST repeated to 3 channels, MNIST-M centre-cropped from 32x32 to 28x28; the per-channel mean
# of the source and target training images together subtracted (--normalize-on pooled, as
# reproduce_mnist_m.sh); DANN's domain loss one BCE over the 128 outputs (--domain-loss mean);
# one intra-op thread.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DANN4J_DATA:-$root/../shared/data}"
rot="${DANN4J_ROTATION_DATA:-/tmp/dann4j-rotation}"
steps="${1:-1500}"
seeds="${2:-1,2,3}"
runs="${3:-source-only,dann}"
if [[ ! -f "$rot/mnist_m_test_rot_targets.npy" ]]; then
  "${DANN4J_PYTHON:-python3}" "$root/scripts/make_rotation_data.py" "$data" "$rot"
fi
out="$root/results/rotation"
mkdir -p "$out"
[[ -f "$out/results.csv" ]] || echo "run,seed,steps,test_mae_degrees,test_rmse_degrees,seconds" > "$out/results.csv"

common=(--task regression --label-loss mse
        --source "$rot/mnist_train_rot.npy" --source-labels "$rot/mnist_train_rot_targets.npy"
        --target "$rot/mnist_m_train_rot.npy"
        --validation "$rot/mnist_m_test_rot.npy" --validation-labels "$rot/mnist_m_test_rot_targets.npy"
        --grey-to-rgb --crop 28x28 --normalize mean --normalize-on pooled
        --architecture digits --optimizer momentum:0.9 --lr paper --lambda paper --batch-size 64
        --steps "$steps" --threads 1 --checkpoint-every 1000)

run() { # name seed args...
  local name="$1" seed="$2"; shift 2
  local dir="$out/$name-seed$seed-steps$steps"
  local started=$SECONDS
  "$root/dann4j" train "$@" --seed "$seed" --output "$dir" | tee "$dir.log"
  # "validation (9001 samples from ...) MAE m RMSE r" in target units (angle / 45)
  local line mae rmse
  line=$(grep '^validation (' "$dir.log")
  mae=$(sed -n 's/.* MAE \([0-9.e+-]*\) RMSE.*/\1/p' <<< "$line")
  rmse=$(sed -n 's/.* RMSE \([0-9.e+-]*\)$/\1/p' <<< "$line")
  echo "$name,$seed,$steps,$(awk -v v="$mae" 'BEGIN{printf "%.3f", 45*v}'),$(awk -v v="$rmse" 'BEGIN{printf "%.3f", 45*v}'),$((SECONDS - started))" >> "$out/results.csv"
}

IFS=, read -ra seed_list <<< "$seeds"
for seed in "${seed_list[@]}"; do
  if [[ ",$runs," == *",source-only,"* ]]; then
    run source-only "$seed" "${common[@]}" --source-only
  fi
  if [[ ",$runs," == *",dann,"* ]]; then
    run dann "$seed" "${common[@]}" --domain-loss mean
  fi
done
# Mean and sample standard deviation of the MAE (degrees) per run name at these steps.
awk -F, -v steps="$steps" 'NR > 1 && $3 == steps { n[$1]++; s[$1] += $4; q[$1] += $4 * $4 }
  END { for (k in n) { m = s[k] / n[k]; sd = n[k] > 1 ? sqrt((q[k] - n[k] * m * m) / (n[k] - 1)) : 0;
        printf "%s: MAE %.2f +- %.2f degrees over %d seeds (%d steps)\n", k, m, sd, n[k], steps } }' "$out/results.csv"
