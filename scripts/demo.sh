#!/usr/bin/env bash
# Renders the example documents into out/ and audits the example terms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/clausier

# Documents: the example agency's invoices (fr B2B, nl B2C, en reverse charge), credit
# note and quotes, rendered with typst into out/<kind>/<number>.pdf.
WS=examples/agency
for f in "$WS"/invoices/*.yaml; do "$BIN" --workspace "$WS" invoice "$f" -o out/invoice/; done
for f in "$WS"/credit-notes/*.yaml; do "$BIN" --workspace "$WS" credit-note "$f" -o out/credit-note/; done
for f in "$WS"/quotes/*.yaml; do "$BIN" --workspace "$WS" quote "$f" -o out/quote/; done
