#!/usr/bin/env bash
# Batch benchmark (issue 6): 1,000 invoices of 1-20 lines, clausier against raw typst
# on the same generated .typ files, then 10,000 invoices for peak memory.
# Usage: scripts/bench-batch.sh [INVOICES] (default 1000); BENCH_BIG=0 skips the 10,000 run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/clausier}
TYPST=${CLAUSIER_TYPST:-$(command -v typst || echo "$HOME/.cargo/bin/typst")}
N=${1:-1000}
JOBS=$(nproc)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clausier-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# gen DIR CLIENTS PERIODS: a workspace with CLIENTS clients and a feed of
# CLIENTS x PERIODS invoices, each with 1-20 lines (fixed seed: same feed every run).
gen() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, random, sys
root, clients, periods = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{root}/clients", exist_ok=True)
with open(f"{root}/clausier.yaml", "w") as f:
    f.write("""issuer:
  legal_name: Studio Bench
  legal_form: SRL
  address: { street: Rue de l'Etuve 52, postcode: "1000", city: Bruxelles, country: BE }
  enterprise_number: 0765.432.146
  vat_number: BE 0765.432.146
  iban: BE83 3630 1234 5615
  bic: BBRUBEBB
  email: billing@bench.example
  phone: +32 2 555 01 23
""")
for i in range(1, clients + 1):
    lang = ["fr", "nl", "en"][i % 3]
    with open(f"{root}/clients/c{i:05}.yaml", "w") as f:
        f.write(f"id: c{i:05}\nname: Client {i:05}\nkind: b2b\nlanguage: {lang}\n"
                f"address: {{ street: Rue {i}, postcode: \"5000\", city: Namur, country: BE }}\n"
                f"vat_number: BE 0412.345.614\n")
rnd = random.Random(6)
with open(f"{root}/feed.csv", "w") as f:
    f.write("client,period,description,quantity,unit_price,vat_rate\n")
    for p in range(periods):
        period = f"2026-{p % 12 + 1:02}" if p < 12 else f"{2027 + p // 12}-{p % 12 + 1:02}"
        for i in range(1, clients + 1):
            for l in range(rnd.randint(1, 20)):
                f.write(f"c{i:05},{period},Service {l + 1} ({period}),{rnd.randint(1, 9)},"
                        f"{rnd.randint(5, 500)}.{rnd.randint(0, 99):02},{rnd.choice([21, 21, 6, 12, 0])}\n")
PY
}

# timed LABEL CMD...: runs CMD under /usr/bin/time, prints "wall_seconds peak_rss_kb".
timed() {
  local log="$WORK/time.log"
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/stderr.log" || { cat "$WORK/stderr.log" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$wall $rss"
}

echo "batch bench: $N invoices (1-20 lines each), $JOBS cores, $("$TYPST" --version)"
W="$WORK/w"; gen "$W" "$N" 1
rows=$(($(wc -l < "$W/feed.csv") - 1))

# 1. Typst sources of the same invoices (not timed): --keep-typst keeps every chunk.
(cd "$W" && "$BIN" batch invoices feed.csv --date 2026-11-05 --keep-typst "$WORK/typ" >/dev/null 2>&1)
rm -rf "$W/.clausier" "$W/out"
FONTS=$(ls -td "${TMPDIR:-/tmp}"/clausier-fonts-* | head -1)
FLAGS=(--ignore-system-fonts --font-path "$FONTS" --creation-timestamp 1793836800)

# 2. clausier, timed, on a fresh ledger.
read -r c_wall c_rss < <(cd "$W" && timed "$BIN" batch invoices feed.csv --date 2026-11-05)

# 3. raw typst, one process per invoice, $JOBS in parallel.
find "$WORK/typ" -path '*/d/doc-*' -name '*.typ' > "$WORK/docs.txt"
export TYPST FONTS
read -r p_wall _ < <(timed sh -c "xargs -P $JOBS -I{} sh -c '\"\$TYPST\" compile --root \"\$(dirname {})\" ${FLAGS[*]} {} {}.pdf' < $WORK/docs.txt")
# 4. raw typst, bundle mode, same chunks as clausier, $JOBS in parallel.
ls -d "$WORK"/typ/chunk-* > "$WORK/chunks.txt"
read -r b_wall _ < <(timed sh -c "xargs -P $JOBS -I{} \"\$TYPST\" compile --root {} ${FLAGS[*]} --format bundle --features bundle {}/main.typ {}/out < $WORK/chunks.txt")

python3 - "$N" "$rows" "$c_wall" "$c_rss" "$p_wall" "$b_wall" <<'PY'
import sys
n, rows, c, rss, p, b = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
best = min(p, b)
print(f"{'run':<38}{'wall s':>8}{'PDFs/s':>9}{'peak RSS MB':>13}")
print(f"{'clausier batch invoices':<38}{c:>8.2f}{n / c:>9.0f}{rss / 1024:>13.0f}")
print(f"{'raw typst, 1 process per invoice':<38}{p:>8.2f}{n / p:>9.0f}{'':>13}")
print(f"{'raw typst, bundle mode (same chunks)':<38}{b:>8.2f}{n / b:>9.0f}{'':>13}")
print(f"ratio clausier / best raw typst: {c / best:.2f}x   ({n} invoices, {rows} lines)")
PY

if [ "${BENCH_BIG:-1}" != 0 ]; then
  B="$WORK/big"; gen "$B" 1000 10
  read -r g_wall g_rss < <(cd "$B" && timed "$BIN" batch invoices feed.csv --date 2026-11-05)
  echo "10,000 invoices: ${g_wall} s, $(python3 -c "print(round(10000/$g_wall))") PDFs/s, peak RSS $((g_rss / 1024)) MB"
fi
