#!/usr/bin/env bash
# Benchmarks: prints a short table.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "bench: nothing wired yet"
./scripts/tos-eval.sh
