#!/usr/bin/env bash
# Benchmarks: prints a short table.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/tos-eval.sh
./scripts/bench-batch.sh
./scripts/bench-audit.sh
