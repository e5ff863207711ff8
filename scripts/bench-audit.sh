#!/usr/bin/env bash
# Audit benchmark: 1 MB of generated French/Dutch/English terms, single core, release build.
# Goal: <= 50 ms per MB. Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/clausier}
[ -x "$BIN" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/terms.txt" <<'PY'
import random, sys
random.seed(7)
fr = ["Les factures sont payables à {n} jours date de facture.",
      "Tout retard de paiement entraîne un intérêt de {p}% par mois.",
      "Une indemnité forfaitaire de {p} % avec un minimum de {n} € est due.",
      "Le client peut résilier le contrat moyennant un préavis de {n} jours.",
      "Le prestataire ne pourra être tenu responsable des dommages indirects du client {w}.",
      "Le devis est valable {n} jours à compter de son émission.",
      "Les tribunaux de {c} sont seuls compétents pour tout litige relatif au projet {w}.",
      "Le consommateur dispose d'un délai de 14 jours pour se rétracter sans motif.",
      "Les prix s'entendent hors TVA et peuvent être modifiés pour le service {w}.",
      "Toute réclamation doit être adressée par écrit dans les {n} jours de la livraison."]
nl = ["De facturen zijn betaalbaar binnen {n} dagen na factuurdatum voor opdracht {w}.",
      "Bij laattijdige betaling is een intrest van {p} % per maand verschuldigd.",
      "De klant kan de overeenkomst opzeggen met een opzegtermijn van {n} dagen."]
en = ["Invoices are payable within {n} days of the invoice date for order {w}.",
      "Late payments bear interest at {p}% per month.",
      "We may suspend your account at any time without notice for project {w}."]
cities = ["Bruxelles", "Liège", "Namur", "Gand", "Anvers"]
words = lambda: "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
out, size, art = [], 0, 0
while size < 1_000_000:
    art += 1
    head = f"Article {art} – Dispositions {words()}\n"
    pool = random.choice([fr, fr, fr, nl, en])
    body = " ".join(random.choice(pool).format(n=random.randint(5, 120), p=random.randint(1, 15), c=random.choice(cities), w=words()) for _ in range(random.randint(2, 5)))
    block = head + body + "\n\n"
    out.append(block); size += len(block.encode())
open(sys.argv[1], "w").write("".join(out))
PY
bytes=$(wc -c < "$work/terms.txt")
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  RAYON_NUM_THREADS=1 taskset -c 0 "$BIN" audit "$work/terms.txt" --date 2025-11-03 --format json > "$work/out.json" || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
min=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | sed -n 3p)
findings=$(python3 -c "import json;print(json.load(open('$work/out.json'))['summary']['findings'])")
# Start-up (rule loading) measured on an empty-ish file, to separate it from throughput.
printf 'Article 1\nLe prix est ferme.\n' > "$work/tiny.txt"
s=$(date +%s%N); RAYON_NUM_THREADS=1 taskset -c 0 "$BIN" audit "$work/tiny.txt" --date 2025-11-03 > /dev/null || true; e=$(date +%s%N)
startup=$(( (e - s) / 1000000 ))
printf '\n%-28s %12s\n' "audit (1 core, release)" "value"
printf '%-28s %12s\n' "----------------------------" "------------"
printf '%-28s %12s\n' "input bytes" "$bytes"
printf '%-28s %12s\n' "findings" "$findings"
printf '%-28s %10s ms\n' "start-up (tiny file)" "$startup"
printf '%-28s %10s ms\n' "1 MB audit, min of 5" "$min"
printf '%-28s %10s ms\n' "1 MB audit, median of 5" "$median"
printf '%-28s %10s ms\n' "goal" "50"
