#!/usr/bin/env bash
# CDAN and CDAN+E (Long et al., NeurIPS 2018) against DANN on MNIST -> MNIST-M through the dann4j
# CLI, the paper's protocol of scripts/reproduce_mnist_m.sh otherwise, all evaluated on the
# MNIST-M test set. Appends one line per run to results/mnist_m/cdan_results.csv.
#
#   scripts/cdan_mnist_m.sh [STEPS] [SEEDS] [METHODS]
#     STEPS    training steps per run (default 1000, the budget of RESULTS.md's table)
#     SEEDS    comma-separated seeds (default 1,2,3)
#     METHODS  any of dann,cdan,cdan-e,source-only (default the first three), each run for every
#              seed; source-only is the baseline (label loss only) at the same budget
#   DANN4J_DOMAIN_MAP=auto|multilinear|randomized[:D]   cdan's map (default auto: the digits
#     network's 768 features x 10 classes exceed 4096, so randomized:1024, as in the paper)
#
# Protocol (the same for the three methods): the digits network with the paper's domain head
# (100, 1) on its input (the features for dann, the 1024-wide randomized map of features and class
# prediction for cdan and cdan-e); SGD with momentum 0.9; learning rate 0.01/(1+10p)^0.75; lambda
# 2/(1+exp(-10p))-1; batches of 64 source + 64 target; the domain loss one mean over the 128
# samples (--domain-loss mean, as reproduce_mnist_m.sh's dann; cdan-e's a weighted mean); MNIST
# repeated to 3 channels, MNIST-M centre-cropped to 28x28, the per-channel mean of both domains'
# training images subtracted; one intra-op thread. MNIST-M labels are used only to evaluate.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DANN4J_DATA:-$root/../shared/data}"
steps="${1:-1000}"
seeds="${2:-1,2,3}"
methods="${3:-dann,cdan,cdan-e}"
map="${DANN4J_DOMAIN_MAP:-auto}"
out="$root/results/mnist_m"
mkdir -p "$out"
[[ -f "$out/cdan_results.csv" ]] || echo "run,seed,steps,target_test_accuracy,seconds" > "$out/cdan_results.csv"

common=(--source "$data/mnist/train-images-idx3-ubyte.gz" --target "$data/mnist_m/mnist_m_train"
        --validation "$data/mnist_m/mnist_m_test" --grey-to-rgb --crop 28x28 --normalize mean --normalize-on pooled
        --architecture digits --optimizer momentum:0.9 --batch-size 64 --domain-loss mean
        --steps "$steps" --threads 1 --checkpoint-every 1000 --lr paper --lambda paper)

IFS=, read -ra seed_list <<< "$seeds"
IFS=, read -ra method_list <<< "$methods"
for seed in "${seed_list[@]}"; do
  for method in "${method_list[@]}"; do
    name="$method"
    if [[ "$method" == source-only ]]; then
      args=(--source-only)
    else
      args=(--method "$method")
    fi
    if [[ "$method" == cdan || "$method" == cdan-e ]]; then
      args+=(--domain-map "$map")
      [[ "$map" == auto ]] || name+="-${map//:/_}"
    fi
    dir="$out/$name-seed$seed-steps$steps"
    started=$SECONDS
    "$root/dann4j" train "${common[@]}" "${args[@]}" --seed "$seed" --output "$dir" | tee "$dir.log"
    accuracy=$(sed -n 's/^validation accuracy \([0-9.]*\).*/\1/p' "$dir.log")
    echo "$name,$seed,$steps,$accuracy,$((SECONDS - started))" >> "$out/cdan_results.csv"
  done
done
column -s, -t < "$out/cdan_results.csv"
