#!/usr/bin/env bash
# Times training steps of lib (Go, lib/ops on gorgonia with OpenBLAS) and
# PyTorch (CPU) on the same models, 2 threads each, one model per process,
# and prints per model:
#   MODEL lib=<median ms/step> torch=<median ms/step> ratio=<lib/torch> lib_rss=<peak MB> torch_rss=<peak MB>
# Usage: bench/train.sh [ae|dcgan|lstm ...]   (default: all)
# Env: STEPS (timed steps, default 20), WARMUP (default 3), IMPL (nn: the
# models on lib/nn + lib/optim as users write them, the default; ops: wired
# by hand on lib/ops + gorgonia).
# The machine may be shared: absolute times are noisy, the ratio compares two
# runs made back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
models=("$@")
[ ${#models[@]} -eq 0 ] && models=(ae dcgan lstm)
steps=${STEPS:-20}
warmup=${WARMUP:-3}
impl=${IMPL:-nn}
bin=$(mktemp -d)/train
trap 'rm -rf "$(dirname "$bin")"' EXIT
GOFLAGS=-mod=mod go build -o "$bin" ./bench/train

field() { sed -n "s/.*$1=\([0-9.-]*\).*/\1/p" <<<"$2"; }

for m in "${models[@]}"; do
	lib=$(GOMAXPROCS=2 "$bin" -impl "$impl" -model "$m" -steps "$steps" -warmup "$warmup")
	torch=$(OMP_NUM_THREADS=2 /usr/bin/python3 bench/train_torch.py "$m" "$steps" "$warmup")
	lms=$(field ms "$lib"); tms=$(field ms "$torch")
	printf '%s lib=%s torch=%s ratio=%s lib_rss=%s torch_rss=%s\n' "$m" "$lms" "$tms" \
		"$(awk -v a="$lms" -v b="$tms" 'BEGIN { printf "%.2f", a / b }')" \
		"$(field rss "$lib")" "$(field rss "$torch")"
done
