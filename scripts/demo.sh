#!/usr/bin/env bash
# Renders the example documents into out/ and audits the example terms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/clausier
echo "demo: nothing wired yet"
