#!/usr/bin/env bash
# Times training steps of lib (Go: lib/nn + lib/optim on gorgonia, OpenBLAS) and
# PyTorch (CPU) on the same models, 2 threads each, one model per process,
# and prints per model:
#   MODEL lib=<median ms/step> torch=<median ms/step> ratio=<lib/torch> lib_rss=<peak MB> torch_rss=<peak MB>
# Usage: bench/train.sh [ae|dcgan|lstm ...]   (default: all)
# Env: STEPS (timed steps, default 20), WARMUP (default 3), IMPL (nn: the
# models on lib/nn + lib/optim as users write them, the default; ops: wired
# by hand on lib/ops + gorgonia), ROUNDS (default 1: alternate lib and torch
# runs this many times and keep each side's lowest median, which filters out
# load spikes on a shared machine, and highest peak RSS).
# The machine may be shared: absolute times are noisy, the ratio compares two
# runs made back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(ae dcgan lstm)
steps=${STEPS:-20}
warmup=${WARMUP:-3}
impl=${IMPL:-nn}
rounds=${ROUNDS:-1}
bin=$(mktemp -d)/train
trap 'rm -rf "$(dirname "$bin")"' EXIT
GOFLAGS=-mod=mod go build -o "$bin" ./bench/train

field() { sed -n "s/.*$1=\([0-9.-]*\).*/\1/p" <<<"$2"; }

# lower and higher keep the smaller or larger of two numbers; "" is none.
lower() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
higher() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 > a + 0) print b; else print a }'; }

for m in "${models[@]}"; do
	lms= tms= lrss= trss=
	for ((r = 0; r < rounds; r++)); do
		lib=$(GOMAXPROCS=2 "$bin" -impl "$impl" -model "$m" -steps "$steps" -warmup "$warmup")
		torch=$(OMP_NUM_THREADS=2 /usr/bin/python3 bench/train_torch.py "$m" "$steps" "$warmup")
		lms=$(lower "$lms" "$(field ms "$lib")"); tms=$(lower "$tms" "$(field ms "$torch")")
		lrss=$(higher "$lrss" "$(field rss "$lib")"); trss=$(higher "$trss" "$(field rss "$torch")")
	done
	printf '%s lib=%s torch=%s ratio=%s lib_rss=%s torch_rss=%s\n' "$m" "$lms" "$tms" \
		"$(awk -v a="$lms" -v b="$tms" 'BEGIN { printf "%.2f", a / b }')" "$lrss" "$trss"
done
