#!/usr/bin/env bash
# English tuning check of the online-service audit rules on the UNFAIR-ToS development
# data (train and validation tables). The data is read from $CLAUSIER_TOS_DATA or
# ../shared/data/unfair-tos-dev/sentences.jsonl; without it the check is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test tos_eval -- --nocapture 2>&1 | grep -E '^(\||train$|validation$|tos_eval skipped)' || true
