#!/usr/bin/env bash
# Renders the example documents into out/ and audits the example terms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/clausier
echo "demo: nothing wired yet"

# General terms assembled from the clause library, for consumers and businesses,
# in French, Dutch and English (Markdown + PDF).
echo "== general terms (clause library) -> out/terms/"
for audience in b2c b2b; do
  "$BIN" terms build "examples/agency/terms/terms-$audience.yaml" \
    --audience "$audience" --lang fr,nl,en -o out/terms
done
