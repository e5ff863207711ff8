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

# Quotes (issue 7): rendering a quote records it in the workspace's ledger as a draft, so
# they are rendered in a scratch copy of the workspace (the example stays untouched and the
# demo re-runnable). The Dutch consumer quote is a distance contract: it annexes the
# withdrawal information and the model withdrawal form. Then the French quote's life cycle:
# sent, accepted (its 30 % deposit invoice), invoiced (the final invoice, deposit deducted).
QWS=$(mktemp -d)
cp -r "$WS"/. "$QWS"/ && rm -rf "$QWS/.clausier" "$QWS/out"
for f in "$QWS"/quotes/*.yaml; do "$BIN" --workspace "$QWS" quote "$f" -o out/quote/; done
echo "== quote life cycle: Q2026-0001 sent, accepted, invoiced -> out/quote-lifecycle/"
"$BIN" --workspace "$QWS" quote send Q2026-0001 --on 2026-11-24
"$BIN" --workspace "$QWS" quote accept Q2026-0001 --on 2026-11-30
"$BIN" --workspace "$QWS" quote invoice Q2026-0001 --on 2026-12-18
"$BIN" --workspace "$QWS" ledger show Q2026-0001
"$BIN" --workspace "$QWS" ledger verify
rm -rf out/quote-lifecycle && mkdir -p out/quote-lifecycle
cp "$QWS/out/invoice/2026-00001.pdf" out/quote-lifecycle/Q2026-0001-deposit-2026-00001.pdf
cp "$QWS/out/invoice/2026-00002.pdf" out/quote-lifecycle/Q2026-0001-final-2026-00002.pdf
rm -rf "$QWS"

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

# Batch invoicing: one month of invoices for the example clients from one feed, numbered
# gap-free in the ledger of a scratch copy of the workspace, then the register checks itself.
echo "== batch invoicing from a feed (ledger) -> out/batch/"
BATCH=$(mktemp -d)
cp -r "$WS"/. "$BATCH"/ && rm -rf "$BATCH/.clausier" "$BATCH/out"
cat > "$BATCH/feed.csv" <<'CSV'
client,period,description,quantity,unit_price,vat_rate
boulangerie-dupont,2026-11,Hébergement et maintenance du site (novembre),1,45.00,21
boulangerie-dupont,2026-11,Mise à jour des horaires de Toussaint,1.5,60.00,21
sanne-de-vries,2026-11,Onderhoud portfolio-website (november),1,19.00,21
harbour-analytics,2026-11,Dashboard hosting (November),1,120.00,0
harbour-analytics,2026-11,Support hours,3,85.00,0
CSV
"$BIN" --workspace "$BATCH" batch invoices "$BATCH/feed.csv" --date 2026-12-01
"$BIN" --workspace "$BATCH" ledger verify
mkdir -p out/batch && cp "$BATCH"/out/invoice/*.pdf "$BATCH"/out/batches/*.csv out/batch/
rm -rf "$BATCH"

# Signed-ready quotes (issue 7): the quote PDFs carry a signature field; verify checks them
# against their YAML.
echo "== clausier verify out/quote/Q2026-0001.pdf --quote $WS/quotes/Q2026-0001-dupont-eshop.yaml"
"$BIN" --workspace "$WS" verify out/quote/Q2026-0001.pdf --quote "$WS/quotes/Q2026-0001-dupont-eshop.yaml"

# Audit (issue 4): the general terms assembled above must lint clean for the audience
# they were built for; then a deliberately risky example shows what the linter reports
# (exit code 1 = findings, expected here).
echo "== audit: the library's own terms (clean), then examples/terms/cgv-risquees.md"
"$BIN" audit out/terms/terms-b2c-*.md --audience b2c
"$BIN" audit out/terms/terms-b2b-*.md --audience b2b
"$BIN" audit examples/terms/cgv-risquees.md --statistics || [ $? -eq 1 ]

# Fixes from the clause library (issue 9): the risky terms' findings as a diff that puts the
# library clauses in place (exit 1: the findings are still in the file until it is applied).
echo "== audit --suggest examples/terms/cgv-risquees.md -> out/cgv-risquees.diff"
"$BIN" audit examples/terms/cgv-risquees.md --suggest > out/cgv-risquees.diff || [ $? -eq 1 ]
grep -c '^[-+][^-+]' out/cgv-risquees.diff | sed 's/$/ changed lines/'

# Terms vs documents (issue 9): the example's terms say what its invoices and quotes print.
echo "== clausier check (examples/agency terms vs its documents)"
"$BIN" --workspace "$WS" check
