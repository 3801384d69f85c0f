#!/usr/bin/env bash
# The paper's MNIST -> MNIST-M protocol (Ganin et al., JMLR 2016) through the dann4j CLI:
# source-only and DANN for each seed, and one train-on-target reference run, all evaluated on
# the MNIST-M test set. Appends one line per run to results/mnist_m/results.csv.
#
#   scripts/reproduce_mnist_m.sh [STEPS] [SEEDS] [RUNS]
#     STEPS  training steps per run (default 20000)
#     SEEDS  comma-separated seeds (default 1,2,3)
#     RUNS   which runs: any of source-only,dann,target (default all three)
#   DANN4J_DOMAIN_LOSS=mean|sum   how DANN combines the two domain losses (default mean: one
#     logistic loss averaged over the 64+64 batch, as in the paper's Caffe set-up; sum doubles the
#     reversed gradient and collapsed 2 of 2 runs here, see RESULTS.md). "sum" runs are named dann-sum.
#   DANN4J_NORMALIZE_ON=pooled|source|each   which training images the per-channel mean comes from
#     (default pooled: MNIST and MNIST-M training images together; source: MNIST's alone, which
#     leaves MNIST-M inputs 0.3 brighter than MNIST's and made DANN less stable, see RESULTS.md;
#     each: each domain its own). Runs get a "-norm-pooled" or "-norm-each" suffix ("source" none);
#     pooled and each read MNIST-M's training images (never their labels), source-only runs too.
#   DANN4J_DEVICE=cpu|cuda|auto   where to train (default cpu; cuda needs the CUDA flavour,
#     DANN4J_FLAVOR=cuda, see the dann4j launcher). Runs on another device than cpu get a "-cuda" (etc.) suffix.
#   Levers the paper fixes, for investigation (each adds to the run's name; unset = the paper):
#   DANN4J_DISCRIMINATOR=W,...,1  the domain head's widths (paper 100,1), e.g. 1024,1024,1 ("-head1024x1024x1")
#   DANN4J_LAMBDA=SPEC            the --lambda schedule (paper), e.g. paper:0.5 ("-lambda-paper_0.5")
#   DANN4J_LR=SPEC                the --lr schedule (paper), e.g. paper:0.02 ("-lr-paper_0.02")
#
# Protocol: the digits network; SGD with momentum 0.9; learning rate 0.01/(1+10p)^0.75; lambda
# 2/(1+exp(-10p))-1; batches of 64 source + 64 target; MNIST repeated to 3 channels, MNIST-M
# centre-cropped from 32x32 to 28x28; per-channel mean (see DANN4J_NORMALIZE_ON) subtracted;
# one intra-op thread (faster than two on a 2-core machine). MNIST-M labels are used only to
# evaluate, except in the train-on-target reference run. Draws feature_space*.png for the first seed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DANN4J_DATA:-$root/../shared/data}"
steps="${1:-20000}"
seeds="${2:-1,2,3}"
runs="${3:-source-only,dann,target}"
domain_loss="${DANN4J_DOMAIN_LOSS:-mean}"
normalize_on="${DANN4J_NORMALIZE_ON:-pooled}"
device="${DANN4J_DEVICE:-cpu}"
dann_name=dann
[[ "$domain_loss" == mean ]] || dann_name="dann-$domain_loss"
suffix=""
[[ "$normalize_on" == source ]] || suffix="-norm-$normalize_on"
[[ -z "${DANN4J_DISCRIMINATOR:-}" ]] || suffix+="-head${DANN4J_DISCRIMINATOR//,/x}"
[[ -z "${DANN4J_LAMBDA:-}" ]] || suffix+="-lambda-${DANN4J_LAMBDA//:/_}"
[[ -z "${DANN4J_LR:-}" ]] || suffix+="-lr-${DANN4J_LR//:/_}"
[[ "$device" == cpu ]] || suffix+="-$device"
statistics=()   # source-only runs read the target's images only to fit pooled or per-domain statistics
[[ "$normalize_on" == source ]] || statistics=(--target "$data/mnist_m/mnist_m_train")
out="$root/results/mnist_m"
mkdir -p "$out"
[[ -f "$out/results.csv" ]] || echo "run,seed,steps,target_test_accuracy,seconds" > "$out/results.csv"

common=(--validation "$data/mnist_m/mnist_m_test" --grey-to-rgb --crop 28x28 --normalize mean --normalize-on "$normalize_on"
        --architecture digits --optimizer momentum:0.9 --batch-size 64
        --steps "$steps" --threads 1 --device "$device" --checkpoint-every 1000 --lr "${DANN4J_LR:-paper}" --lambda "${DANN4J_LAMBDA:-paper}")
[[ -z "${DANN4J_DISCRIMINATOR:-}" ]] || common+=(--discriminator "$DANN4J_DISCRIMINATOR")

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
  if [[ ",$runs," == *",source-only,"* ]]; then
    run "source-only$suffix" "$seed" --source "$data/mnist/train-images-idx3-ubyte.gz" --source-only "${statistics[@]}" "${common[@]}"
  fi
  if [[ ",$runs," == *",dann,"* ]]; then
    run "$dann_name$suffix" "$seed" --source "$data/mnist/train-images-idx3-ubyte.gz" --target "$data/mnist_m/mnist_m_train" \
      --domain-loss "$domain_loss" "${common[@]}"
  fi
done
# The feature-space figure of the first seed (PCA of the features of the MNIST and MNIST-M test
# sets, 2,000 images each, coloured by domain as in the paper's figures): source-only beside DANN,
# when both runs are there.
first="$out/source-only$suffix-seed${seed_list[0]}-steps$steps"
second="$out/$dann_name$suffix-seed${seed_list[0]}-steps$steps"
if [[ -f "$first/model.pt" && -f "$second/model.pt" ]]; then
  "$root/dann4j" evaluate --model "$first" --beside "$second" --domain-a "$data/mnist/t10k-images-idx3-ubyte.gz" \
    --domain-b "$data/mnist_m/mnist_m_test" --domain-names MNIST,MNIST-M --colour-by domain --threads 1 \
    --plot-features "$out/feature_space$suffix-seed${seed_list[0]}-steps$steps.png"
fi
if [[ ",$runs," == *",target,"* ]]; then
  run "train-on-target$suffix" "${seed_list[0]}" --source "$data/mnist_m/mnist_m_train" --source-only "${statistics[@]}" "${common[@]}"
fi
column -s, -t < "$out/results.csv"
