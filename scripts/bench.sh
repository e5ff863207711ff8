#!/usr/bin/env bash
# Benchmarks: prints a short table.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "bench: nothing wired yet"
./scripts/bench-batch.sh
