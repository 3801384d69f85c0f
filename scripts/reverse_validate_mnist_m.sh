#!/usr/bin/env bash
# Reverse validation (Zhong et al., ECML PKDD 2010), the label-free model selection Ganin et al.
# (JMLR 2016) used to choose DANN's hyper-parameters: score a trained MNIST -> MNIST-M model
# without MNIST-M labels. Appends one line to results/mnist_m/reverse_validation.csv.
#
#   scripts/reverse_validate_mnist_m.sh MODEL_DIR SEED [STEPS]
#     MODEL_DIR  a forward run's folder (from scripts/reproduce_mnist_m.sh): model.pt, model.properties
#     SEED       seed of the reverse run (use the forward run's)
#     STEPS      steps of the reverse run (default 2000)
#   DANN4J_REVERSE=source-only|dann   the reverse learner (default source-only). Ganin et al. train a
#     reverse DANN; here 4,000-step reverse DANNs diverged (NaN loss at steps 281-511, 3 of 3): a short
#     run raises lambda too fast per step. A 20,000-step reverse DANN would cost as much as the forward run.
#   DANN4J_LAMBDA, DANN4J_LR   the forward run's --lambda and --lr (unset = paper). A reverse DANN
#     uses them and the domain head of MODEL_DIR/model.properties, as reverse validation prescribes;
#     a source-only reverse run is one fixed learner for every candidate (the paper's learning rate),
#     so that its score depends on the pseudo-labels alone.
#
# Steps: (1) the forward model labels the MNIST-M training images (their own labels are never
# read); (2) a reverse model is trained with those pseudo-labelled MNIST-M images as its source and
# the MNIST training images, unlabelled, as its target; (3) the score is the reverse model's
# accuracy on the labelled MNIST test set, a source-domain set that no run trains on. The idea: wrong
# target labels should teach a reverse model that cannot label MNIST. With the source-only learner
# that held only for a collapsed model (one digit for every image); source-only models scored as
# high as DANN's (RESULTS.md, item 12).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DANN4J_DATA:-$root/../shared/data}"
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 MODEL_DIR SEED [STEPS]" >&2
  exit 2
fi
model="$1"
seed="$2"
steps="${3:-2000}"
reverse="${DANN4J_REVERSE:-source-only}"
[[ "$reverse" == source-only || "$reverse" == dann ]] || { echo "$0: DANN4J_REVERSE must be source-only or dann, got '$reverse'" >&2; exit 2; }
[[ -f "$model/model.pt" && -f "$model/model.properties" ]] || { echo "$0: $model: no model.pt and model.properties" >&2; exit 1; }
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "$0: SEED must be a whole number, got '$seed'" >&2; exit 2; }
[[ "$steps" =~ ^[1-9][0-9]*$ ]] || { echo "$0: STEPS must be a positive whole number, got '$steps'" >&2; exit 2; }
grep -q '^architecture=digits$' "$model/model.properties" || { echo "$0: $model is not a digits model" >&2; exit 1; }
head=$(sed -n 's/^discriminator_sizes=//p' "$model/model.properties")
# A format-1 description (no format_version) kept the MLP's unused default there; its digits model has the paper's head.
grep -q '^format_version=' "$model/model.properties" || head=100,1

name="$(basename "$model")"
out="$root/results/mnist_m"
work="$out/reverse/$name-$reverse-steps$steps"
mkdir -p "$work"
[[ -f "$out/reverse_validation.csv" ]] || echo "forward_run,seed,reverse,reverse_steps,lambda,lr,reverse_mnist_test_accuracy,seconds" > "$out/reverse_validation.csv"
started=$SECONDS

# (1) Pseudo-labels, in the order of the release's labels file (the order predict reads the folder in).
target_images="$data/mnist_m/mnist_m_train"
"$root/dann4j" predict --model "$model" --data "$target_images" --threads 1 --output "$work/predictions.csv"
names="$work/names.txt"
# Each line is '<file name> <label>', split at the last white space as dann4j reads it (names may hold spaces).
awk 'NF { sub(/^[ \t]+/, ""); sub(/[ \t]+[^ \t]+[ \t]*$/, ""); print }' "$data/mnist_m/mnist_m_train_labels.txt" > "$names"
if [[ $(wc -l < "$names") -ne $(($(wc -l < "$work/predictions.csv") - 1)) ]]; then
  echo "$0: $work/predictions.csv does not have one row per MNIST-M training image" >&2
  exit 1
fi
paste -d' ' "$names" <(tail -n +2 "$work/predictions.csv" | cut -d, -f2) > "$work/pseudo_labels.txt"

# (2) and (3): the reverse run, scored on the MNIST test set. A source-only reverse run still reads
# the MNIST training images, for the pooled mean only.
adaptation=(--domain-loss mean --lambda "${DANN4J_LAMBDA:-paper}" --lr "${DANN4J_LR:-paper}" --discriminator "$head")
[[ "$reverse" == dann ]] || adaptation=(--source-only --lr paper)
"$root/dann4j" train --source "$target_images" --source-labels "$work/pseudo_labels.txt" \
  --target "$data/mnist/train-images-idx3-ubyte.gz" --validation "$data/mnist/t10k-images-idx3-ubyte.gz" \
  --grey-to-rgb --crop 28x28 --normalize mean --normalize-on pooled --architecture digits \
  "${adaptation[@]}" --optimizer momentum:0.9 --batch-size 64 \
  --steps "$steps" --threads 1 --checkpoint-every 1000 --seed "$seed" --output "$work/reverse-model" | tee "$work/reverse.log"
score=$(sed -n 's/^validation accuracy \([0-9.]*\).*/\1/p' "$work/reverse.log")
echo "$name,$seed,$reverse,$steps,${DANN4J_LAMBDA:-paper},${DANN4J_LR:-paper},$score,$((SECONDS - started))" >> "$out/reverse_validation.csv"
echo "reverse validation score of $name: $score"
