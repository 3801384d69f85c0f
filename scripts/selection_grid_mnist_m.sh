#!/usr/bin/env bash
# The model-selection grid of MNIST -> MNIST-M (issue 25): models that differ in what a DANN user
# must choose without target labels -- lambda's maximum, the initial learning rate mu_0, the
# number of steps, DANN or source-only -- all else the paper's protocol as in reproduce_mnist_m.sh
# (digits network, SGD momentum 0.9, the paper's schedules, batches 64 + 64, pooled per-channel
# mean, one thread, --domain-loss mean). The MNIST-M test set is given as --validation only so
# that each run records its true target accuracy for the comparison; selection never reads it.
#
#   scripts/selection_grid_mnist_m.sh [JOBS] [SEED]
#     JOBS  runs trained at once (default 2; each uses one intra-op thread)
#     SEED  the seed of every run (default 1)
#
# 16 DANN runs (lambda max 0.1, 0.3, 1, 2 x mu_0 0.01, 0.03 x 800, 1500 steps) and 8 source-only
# runs (mu_0 0.003, 0.01, 0.03, 0.1 x 800, 1500 steps), and the paper's setting (lambda max 1,
# mu_0 0.01) at 3,000 steps: 25 model folders under results/selection/, named after their
# settings; a folder that has model.pt is not trained again. With seed 1, lambda max 2 at mu_0 0.03
# and 1,500 steps diverges (the trainer stops at the step; no model), leaving 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DANN4J_DATA:-$root/../shared/data}"
jobs="${1:-2}"
seed="${2:-1}"
out="$root/results/selection"
mkdir -p "$out"
"$root/dann4j" info > /dev/null   # builds once, before runs start in parallel

common=(--source "$data/mnist/train-images-idx3-ubyte.gz" --validation "$data/mnist_m/mnist_m_test"
        --grey-to-rgb --crop 28x28 --normalize mean --normalize-on pooled --architecture digits
        --optimizer momentum:0.9 --batch-size 64 --threads 1 --seed "$seed")
runs=()
for steps in 800 1500; do
  for mu in 0.01 0.03; do
    for lambda in 0.1 0.3 1.0 2.0; do
      runs+=("dann-lambda$lambda-mu$mu-steps$steps|--target $data/mnist_m/mnist_m_train --domain-loss mean --lambda paper:$lambda --lr paper:$mu --steps $steps")
    done
  done
  for mu in 0.003 0.01 0.03 0.1; do
    runs+=("source-only-mu$mu-steps$steps|--source-only --target $data/mnist_m/mnist_m_train --lr paper:$mu --steps $steps")
  done
done
runs+=("dann-lambda1.0-mu0.01-steps3000|--target $data/mnist_m/mnist_m_train --domain-loss mean --lambda paper:1.0 --lr paper:0.01 --steps 3000")

train() { # "name|args"
  local name="${1%%|*}" args="${1#*|}"
  local dir="$out/$name-seed$seed"
  [[ -f "$dir/model.pt" ]] && return 0
  # shellcheck disable=SC2086
  "$root/dann4j" train "${common[@]}" $args --output "$dir" > "$dir.log" 2>&1 || { echo "failed: $name (see $dir.log)"; return 1; }
  echo "$name: $(sed -n 's/^validation accuracy \([0-9.]*\).*/\1/p' "$dir.log")"
}
status=0
for run in "${runs[@]}"; do
  while (( $(jobs -rp | wc -l) >= jobs )); do wait -n || status=1; done
  train "$run" &
done
wait || status=1
exit $status
