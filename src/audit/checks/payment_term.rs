//! `payment-term`: B2B payment terms longer than 60 days (law of 2 August 2002, art. 4,
//! as amended by the law of 14 August 2021): the longer term is deemed unwritten.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{self, DURATION};
use super::{Ctx, Hit, detail};

static PAY: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)\bpay(?:able|ables|ée?s?|er|ment|és)\b|\bpaiements?\b|\br[èe]glements?\b|\br[ée]gl[ée]e?s?\b|\bacquitt[ée]e?s?\b|\bbetaalbaar\b|\bbetaling\w*|\bbetalen\b|\bbetaald\b|\bte\s+voldoen\b|\bpayments?\b|\bpaid\b|\bpayable\b|\bdue\b|\bvervaldag\w*|\bverval\w*|[ée]ch[ée]ance|\bexigible",
    )
    .expect("payment regex")
});

static EXCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)r[ée]tract|herroep|withdraw|garantie|waarborg|warrant|guarantee|r[ée]clamation|klacht|complain|pr[ée]avis|opzeg|notice|validit|valable|geldig|\bvalid\b|conserv|bewaar|retain|livraison|levering|deliver|suspen|rembours|terugbetal|refund|r[ée]sili|ontbind|terminat|prescri|verjaring|limitation|opschort|reconduct|\boppos|\bverzet|verleng|renew",
    )
    .expect("exclude regex")
});

static DELAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)(?:retard\s+(?:de\s+)?(?:plus\s+de\s+)?|delay\s+of\s+(?:more\s+than\s+)?|achterstal\s+van\s+(?:meer\s+dan\s+)?|plus\s+de\s+|meer\s+dan\s+|more\s+than\s+|apr[èe]s\s+|na\s+|after\s+)$")
        .expect("delay regex")
});

/// Payment terms (span, days) stated in `text[sentence]`.
pub fn terms_in(text: &str, sentence: Range<usize>) -> Vec<(Range<usize>, u32)> {
    let s = &text[sentence.clone()];
    if !PAY.is_match(s) || EXCLUDE.is_match(s) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in DURATION.captures_iter(s) {
        let m = c.get(0).expect("group 0");
        let before = &s[..m.start()];
        let tail_start = before.len().saturating_sub(40);
        let tail_start = crate::audit::sourcemap::floor_char_boundary(before, tail_start);
        if DELAY_BEFORE.is_match(&before[tail_start..]) {
            continue;
        }
        if let Some(days) = numbers::days_of(&c) {
            out.push((sentence.start + m.start()..sentence.start + m.end(), days));
        }
    }
    out
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let max = ctx.params.max_days;
    let mut hits = Vec::new();
    for (_, clause) in ctx.clauses() {
        for sentence in numbers::sentences(ctx.text, clause.span.clone()) {
            for (span, days) in terms_in(ctx.text, sentence) {
                if days > max {
                    hits.push(Hit {
                        span,
                        detail: detail(
                            format!("({days} jours > {max} jours)"),
                            format!("({days} dagen > {max} dagen)"),
                            format!("({days} days > {max} days)"),
                        ),
                        related: None,
                    });
                }
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(s: &str) -> Vec<u32> {
        terms_in(s, 0..s.len()).into_iter().map(|t| t.1).collect()
    }

    #[test]
    fn payment_terms_in_three_languages() {
        assert_eq!(
            days("Les factures sont payables à 90 jours fin de mois"),
            vec![90]
        );
        assert_eq!(days("betaling binnen 75 dagen na factuurdatum"), vec![75]);
        assert_eq!(days("Invoices are payable within 2 months"), vec![60]);
    }

    #[test]
    fn delays_and_other_periods_are_not_terms() {
        assert!(days("en cas de retard de paiement de plus de 90 jours, suspension").is_empty());
        assert!(days("le délai de rétractation de 14 jours; paiement").is_empty());
    }
}
