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

# General terms assembled from the clause library, for consumers and businesses,
# in French, Dutch and English (Markdown + PDF).
echo "== general terms (clause library) -> out/terms/"
for audience in b2c b2b; do
  "$BIN" terms build "examples/agency/terms/terms-$audience.yaml" \
    --audience "$audience" --lang fr,nl,en -o out/terms
done

# Peppol e-invoices: a UBL (PDF embedded) next to each business invoice and credit note,
# a hybrid PDF/A-3b for the first one, then the official XSD + CEN + Peppol checks.
# Consumers are not on Peppol, so their invoices get no UBL.
echo "== Peppol UBL e-invoices -> out/invoice/*.xml, out/credit-note/*.xml"
is_b2b() { grep -q '^kind: b2b' "$WS/clients/$(sed -n 's/^client: *//p' "$1").yaml"; }
for f in "$WS"/invoices/*.yaml; do
  if is_b2b "$f"; then "$BIN" --workspace "$WS" invoice "$f" -o out/invoice/ --ubl; fi
done
for f in "$WS"/credit-notes/*.yaml; do
  if is_b2b "$f"; then "$BIN" --workspace "$WS" credit-note "$f" -o out/credit-note/ --ubl; fi
done
"$BIN" --workspace "$WS" invoice "$WS/invoices/2026-00001-dupont-site.yaml" -o out/hybrid/ --pdf-a3
"$BIN" validate out/invoice/*.xml out/credit-note/*.xml out/hybrid/*.xml

# Late fees (issue 5): what an overdue invoice costs today, a consumer's free first
# reminder (Book XIX, in Dutch) and a formal notice to a business (in French). The
# example's events/ files are left untouched (--no-record).
echo "== late fees: clausier latefee 2025-00042 --on 2026-11-25"
"$BIN" --workspace examples/agency latefee 2025-00042 --on 2026-11-25
"$BIN" --workspace examples/agency notice reminder 2025-00043 --on 2025-12-22 --channel paper \
  --no-record -o out/notice/reminder-2025-00043.pdf
"$BIN" --workspace examples/agency notice formal 2025-00042 --on 2026-11-25 --channel paper \
  --no-record -o out/notice/formal-2025-00042.pdf
