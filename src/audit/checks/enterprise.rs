//! `enterprise-number`: BCE/KBO/VAT numbers that fail the mod-97 check, and IBANs shown
//! where an enterprise number belongs. A wrong number on the terms misidentifies the
//! seller (Companies Code art. 2:20; art. VI.45 CEL pre-contract information).

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit, detail};

static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:banque[- ]carrefour\s+des\s+entreprises|kruispuntbank\s+van\s+ondernemingen|crossroads\s+bank\s+for\s+enterprises|\bBCE\b|\bKBO\b|\bTVA\b|\bBTW\b|\bVAT\b|n°\s*d['’]entreprise|num[ée]ro\s+d['’]entreprise|ondernemingsnummer|enterprise\s+number|company\s+number|\bRPM\b|\bRPR\b|\bRLE\b|\bbtw-nummer|\bvat\s+number)[^\d\n]{0,40}?(?P<num>BE\s?\d{2}(?:\s?\d{4}){3}\b|(?:BE\s?)?[01]\d{3}[.\s]?\d{3}[.\s]?\d{3}\b|(?:BE\s?)?\d{9,10}\b|(?:BE\s?)?\d{3}[.\s]\d{3}[.\s]\d{3}\b)",
    )
    .expect("enterprise regex")
});

static BARE_VAT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"\bBE\s?(?P<num>[01]\d{3}\.\d{3}\.\d{3})\b").expect("vat regex")
});

/// True when a 10-digit enterprise number passes mod 97.
pub fn enterprise_ok(digits: &str) -> bool {
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (base, check) = digits.split_at(8);
    let base: u64 = base.parse().unwrap_or(0);
    let check: u64 = check.parse().unwrap_or(0);
    97 - base % 97 == check
}

fn is_iban(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() == 16 && compact[..2].eq_ignore_ascii_case("BE")
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut seen = Vec::new();
    let found = LABELLED
        .captures_iter(ctx.text)
        .filter_map(|c| c.name("num"))
        .chain(
            BARE_VAT
                .captures_iter(ctx.text)
                .filter_map(|c| c.name("num")),
        );
    for m in found {
        if seen.contains(&m.start()) {
            continue;
        }
        seen.push(m.start());
        let raw = m.as_str();
        if is_iban(raw) {
            hits.push(Hit {
                span: m.start()..m.end(),
                detail: detail(
                    format!("(« {raw} » est un IBAN, pas un numéro d'entreprise)"),
                    format!("(\"{raw}\" is een IBAN, geen ondernemingsnummer)"),
                    format!("(\"{raw}\" is an IBAN, not an enterprise number)"),
                ),
                related: None,
            });
            continue;
        }
        let mut digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 9 {
            digits.insert(0, '0');
        }
        if !enterprise_ok(&digits) {
            hits.push(Hit {
                span: m.start()..m.end(),
                detail: detail(
                    format!("(« {raw} » ne passe pas le contrôle modulo 97)"),
                    format!("(\"{raw}\" faalt de modulo-97-controle)"),
                    format!("(\"{raw}\" fails the modulo-97 check)"),
                ),
                related: None,
            });
        }
    }
    hits.sort_by_key(|h| h.span.start);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_sheet_example_passes_mod_97() {
        assert!(enterprise_ok("0566988259"));
        assert!(!enterprise_ok("0566988258"));
    }
}
