#!/usr/bin/env bash
# Two labelled sources against one on MNIST -> MNIST-M (issue 26, RESULTS.md "Several source
# domains"): DANN with the paper's protocol, evaluated on the MNIST-M test set, one line per run
# appended to results/multisource/results.csv.
#
#   scripts/multisource_mnist_m.sh [STEPS] [SEEDS] [RUNS]
#     STEPS  training steps per run (default 1500)
#     SEEDS  comma-separated seeds (default 1,2,3)
#     RUNS   any of one-source,merged,per-domain,mixed (default the first three)
#
# Sources: one-source = MNIST's 60,000 training images, 64 a batch. The two-source runs split the
# same 60,000 images into two domains, written by scripts/make_multisource_mnist.py under
# ${DANN4J_MULTISOURCE_DATA:-/tmp/dann4j-multisource} (never committed): images 0..29,999 as they
# are, and images 30,000..59,999 inverted (255 - x); 32 + 32 a batch, so every run takes 64
# source and 64 target images a step. merged: one binary domain output (all sources against
# MNIST-M); per-domain: three logits (MNIST, inverted MNIST, MNIST-M) and softmax cross-entropy.
# mixed, the control: one source holding the same 60,000 images, half inverted (mnist_mixed), 64 a
# batch, so that it differs from merged only in not telling the two halves apart as domains.
#
# Protocol otherwise as scripts/reproduce_mnist_m.sh: the digits network; SGD with momentum 0.9;
# learning rate 0.01/(1+10p)^0.75; lambda 2/(1+exp(-10p))-1; domain loss "mean" (one loss over
# the concatenated batch); MNIST repeated to 3 channels, MNIST-M centre-cropped to 28x28; the
# per-channel mean of every source's and MNIST-M's training images together subtracted
# (--normalize-on pooled); one intra-op thread. MNIST-M labels are used only to evaluate.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DANN4J_DATA:-$root/../shared/data}"
split="${DANN4J_MULTISOURCE_DATA:-/tmp/dann4j-multisource}"
steps="${1:-1500}"
seeds="${2:-1,2,3}"
runs="${3:-one-source,merged,per-domain}"
[[ -f "$split/mnist_mixed/train-images-idx3-ubyte" ]] || python3 "$root/scripts/make_multisource_mnist.py" "$data/mnist" "$split"
out="$root/results/multisource"
mkdir -p "$out"
[[ -f "$out/results.csv" ]] || echo "run,seed,steps,target_test_accuracy,seconds" > "$out/results.csv"

common=(--target "$data/mnist_m/mnist_m_train" --validation "$data/mnist_m/mnist_m_test" --grey-to-rgb --crop 28x28
        --normalize mean --normalize-on pooled --architecture digits --optimizer momentum:0.9 --lr paper --lambda paper
        --domain-loss mean --target-batch-size 64 --steps "$steps" --threads 1 --checkpoint-every 1000)
two=(--source "$split/mnist_first/train-images-idx3-ubyte" --source "$split/mnist_inverted/train-images-idx3-ubyte"
     --source-batch-size 32,32)

run() { # name seed args...
  local name="$1" seed="$2"; shift 2
  local dir="$out/$name-seed$seed-steps$steps"
  local started=$SECONDS
  "$root/dann4j" train "$@" --seed "$seed" --output "$dir" | tee "$dir.log"
  local accuracy
  accuracy=$(sed -n 's/^validation accuracy \([0-9.]*\).*/\1/p' "$dir.log")
  echo "$name,$seed,$steps,$accuracy,$((SECONDS - started))" >> "$out/results.csv"
}

IFS=, read -ra seed_list <<< "$seeds"
for seed in "${seed_list[@]}"; do
  if [[ ",$runs," == *",one-source,"* ]]; then
    run one-source "$seed" --source "$data/mnist/train-images-idx3-ubyte.gz" --source-batch-size 64 "${common[@]}"
  fi
  if [[ ",$runs," == *",merged,"* ]]; then
    run two-sources-merged "$seed" "${two[@]}" --domain-labels merged "${common[@]}"
  fi
  if [[ ",$runs," == *",per-domain,"* ]]; then
    run two-sources-per-domain "$seed" "${two[@]}" --domain-labels per-domain "${common[@]}"
  fi
  if [[ ",$runs," == *",mixed,"* ]]; then
    run one-source-mixed "$seed" --source "$split/mnist_mixed/train-images-idx3-ubyte" --source-batch-size 64 "${common[@]}"
  fi
done
column -s, -t < "$out/results.csv"
