//! `payment-term`: B2B payment terms longer than 60 days (law of 2 August 2002, art. 4,
//! as amended by the law of 14 August 2021): the longer term is deemed unwritten.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::numbers;
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
    crate::audit::boundary::regex(r"(?i)(?:retard\s+(?:de\s+)?(?:plus\s+de\s+)?|delay\s+of\s+(?:more\s+than\s+)?|achterstal\s+van\s+(?:meer\s+dan\s+)?|plus\s+de\s+|meer\s+dan\s+|more\s+than\s+|apr[èe]s\s+|na\s+|after\s+|\bfor\s+|\bpendant\s+|\bdurant\s+|\bgedurende\s+|dur[ée]e\s+(?:de\s+|d['’])|\blooptijd\s+van\s+|\bduur\s+van\s+|au[- ]del[àa]\s+(?:de\s+|d['’])|\bbeyond\s+|\blater\s+(?:\w+\s+)?dan\s+|\bexceed(?:ing)?\s+|\bd[ée]passer\s+|\boverschrijden\s+)$")
        .expect("delay regex")
});

/// After a duration: a notice period ("30 jours avant") or a grace period after the due
/// date ("dans les 30 jours de sa date d'échéance"), not a payment term.
static AFTER_SKIP: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)^\s*(?:calendriers?\s+|ouvrables\s+)?(?:avant\b|before\b|prior\s+to\b|voor\b|vóór|(?:apr[èe]s|de|suivant|[àa]\s+compter\s+de)\s+(?:la\s+|sa\s+|leur\s+|l['’])?(?:date\s+d['’])?[ée]ch[ée]ance|na\s+(?:de\s+)?(?:vervaldag|vervaldatum)|(?:after|of|following|from)\s+the\s+due\s+date)")
        .expect("after-skip regex")
});

/// "net 90", "netto 60": a payment term in days without the word "days".
static NET: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)\bnet(?:to)?\s+(\d{1,3})\b").expect("net regex")
});

/// "fin de mois" after a term: payment falls at the end of the month the term ends in,
/// up to 30 days later.
static END_OF_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)^\s*(?:date\s+de\s+facture\s+)?(?:fin\s+de\s+(?:mois|d[ée]cade)|einde\s+(?:van\s+de\s+)?maand|end\s+of\s+(?:the\s+)?month|EOM\b)")
        .expect("end-of-month regex")
});

/// A verification or acceptance period: "un délai de 30 jours pour vérifier", "30 dagen om
/// goed te keuren", "an acceptance period of 30 days".
static VERIFY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)(?:v[ée]rification|acceptation|approbation|r[ée]ception|contr[ôo]le|keuring|goedkeuring|aanvaarding|oplevering|verificatie|controle|acceptance|approval|verification|inspection|review)\w*\s+(?:period|periode|termijn|d[ée]lai)?[^.;\d]{0,20}$|(?:keurings|goedkeurings|aanvaardings|verificatie|opleverings)termijn\s+van\s+$")
        .expect("verify-before regex")
});

static VERIFY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)^[^.;\d]{0,20}(?:pour|om|to)\s+(?:(?:les?|la|de|het|the)\s+\w+\s+)?(?:v[ée]rifier|accepter|approuver|contr[ôo]ler|r[ée]ceptionner|valider|te\s+keuren|goed\s+te\s+keuren|na\s+te\s+kijken|te\s+aanvaarden|te\s+controleren|verify|accept|approve|inspect|review)|^[^.;\d]{0,20}(?:te\s+keuren|goed\s+te\s+keuren|te\s+aanvaarden|na\s+te\s+kijken)")
        .expect("verify-after regex")
});

/// A payment term that runs from acceptance or approval, not from the invoice.
static FROM_ACCEPTANCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)(?:apr[èe]s|[àa]\s+compter\s+de|[àa]\s+dater\s+de|d[èe]s|suivant)\s+(?:l['’]|la\s+|leur\s+)?(?:acceptation|approbation|r[ée]ception\s+d[ée]finitive|validation)|\bna\s+(?:de\s+)?(?:goedkeuring|aanvaarding|oplevering|keuring)|(?:after|following|from)\s+(?:the\s+)?(?:acceptance|approval|sign[- ]off)")
        .expect("from-acceptance regex")
});

/// Payment terms (span, days) stated in `text[sentence]`.
pub fn terms_in(text: &str, sentence: Range<usize>) -> Vec<(Range<usize>, u32)> {
    let s = &text[sentence.clone()];
    if !PAY.is_match(s) || EXCLUDE.is_match(s) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut found = numbers::durations(s);
    for c in NET.captures_iter(s) {
        let (Some(m), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let after = s[m.end()..].trim_start();
        if after.starts_with(['%', '€']) || after.to_lowercase().starts_with("eur") {
            continue;
        }
        if !found
            .iter()
            .any(|(r, _)| r.start < m.end() && m.start() < r.end)
            && let Ok(days) = n.as_str().parse()
        {
            found.push((m.range(), days));
        }
    }
    for (m, days) in found {
        let before = &s[..m.start];
        let tail_start = before.len().saturating_sub(40);
        let tail_start = crate::audit::sourcemap::floor_char_boundary(before, tail_start);
        if DELAY_BEFORE.is_match(&before[tail_start..])
            || AFTER_SKIP.is_match(&s[m.end..])
            || is_verification(s, &m)
        {
            continue;
        }
        out.push((sentence.start + m.start..sentence.start + m.end, days));
    }
    out
}

/// True when the duration at `m` in `s` is a verification or acceptance period.
fn is_verification(s: &str, m: &Range<usize>) -> bool {
    let before = &s[..m.start];
    let tail_start =
        crate::audit::sourcemap::floor_char_boundary(before, before.len().saturating_sub(60));
    VERIFY_BEFORE.is_match(&before[tail_start..]) || VERIFY_AFTER.is_match(&s[m.end..])
}

/// The longest verification or acceptance period stated in `text[clause]`, in days.
fn verification_days(text: &str, clause: Range<usize>) -> Option<u32> {
    let s = &text[clause];
    numbers::durations(s)
        .into_iter()
        .filter(|(m, _)| is_verification(s, m))
        .map(|(_, d)| d)
        .max()
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let max = ctx.params.max_days;
    let mut hits = Vec::new();
    for (_, clause) in ctx.clauses() {
        let verify = verification_days(ctx.text, clause.span.clone());
        for sentence in numbers::sentences(ctx.text, clause.span.clone()) {
            let from_acceptance = FROM_ACCEPTANCE.is_match(&ctx.text[sentence.clone()]);
            for (span, stated) in terms_in(ctx.text, sentence) {
                // "60 jours fin de mois": payment may fall up to 30 days after the 60th day.
                // A shorter term end of month ("45 jours fin de mois") stays within 60 days
                // for part of the month's invoices and is not flagged; a longer one is
                // flagged on its own number.
                let eom = END_OF_MONTH
                    .find(&ctx.text[span.end..clause.span.end])
                    .filter(|_| stated == max);
                let (span, days) = match eom {
                    Some(e) => (span.start..span.end + e.end(), stated + 30),
                    None => (span, stated),
                };
                // A term running from acceptance adds the verification period before it.
                if let (true, Some(v)) = (from_acceptance, verify)
                    && days <= max
                    && days + v > max
                {
                    let total = days + v;
                    hits.push(Hit {
                        span,
                        detail: detail(
                            format!("({v} jours de vérification + {days} jours = {total} jours > {max} jours)"),
                            format!("({v} dagen keuring + {days} dagen = {total} dagen > {max} dagen)"),
                            format!("({v} days of acceptance + {days} days = {total} days > {max} days)"),
                        ),
                        related: None,
                    });
                    continue;
                }
                if days > max {
                    let d = if eom.is_some() {
                        detail(
                            format!(
                                "({stated} jours fin de mois : jusqu'à {days} jours > {max} jours)"
                            ),
                            format!("({stated} dagen einde maand: tot {days} dagen > {max} dagen)"),
                            format!("({stated} days end of month: up to {days} days > {max} days)"),
                        )
                    } else {
                        detail(
                            format!("({days} jours > {max} jours)"),
                            format!("({days} dagen > {max} dagen)"),
                            format!("({days} days > {max} days)"),
                        )
                    };
                    hits.push(Hit {
                        span,
                        detail: d,
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
    fn net_terms_words_and_end_of_month() {
        assert_eq!(days("Payment terms: net 90."), vec![90]);
        assert_eq!(days("Payment terms: net 30."), vec![30]);
        assert_eq!(days("Le paiement s'effectue à nonante jours"), vec![90]);
        assert_eq!(
            days("Invoices are payable within ninety (90) days"),
            vec![90]
        );
        assert_eq!(days("betaling binnen negentig dagen einde maand"), vec![90]);
        assert!(days("The subscription runs for 12 months and is payable monthly").is_empty());
    }

    #[test]
    fn verification_periods_are_counted_separately() {
        let s = "Le client dispose d'un délai de 30 jours pour vérifier la livraison. Les factures sont payables dans les 45 jours.";
        assert_eq!(verification_days(s, 0..s.len()), Some(30));
        assert_eq!(
            days(
                "Customer shall have an acceptance period of 30 days; invoices are payable within 45 days"
            ),
            vec![45]
        );
        let s = "De klant heeft 30 dagen om de werken goed te keuren";
        assert_eq!(verification_days(s, 0..s.len()), Some(30));
    }

    #[test]
    fn notice_and_grace_periods_are_not_terms() {
        assert!(days("reminds the Client at least thirty days before the last date, and repays the price paid").is_empty());
        assert!(
            days("en cas de non-paiement dans les trente jours de sa date d'échéance").is_empty()
        );
        assert!(days("binnen 15 dagen na de vervaldag niet betaald").is_empty());
    }

    #[test]
    fn a_cap_on_the_term_is_not_a_term() {
        assert!(days("ne peut porter l'échéance au-delà de soixante jours calendrier").is_empty());
        assert!(days("may in no case move the due date beyond sixty calendar days").is_empty());
        assert!(days("kan de vervaldag niet later brengen dan zestig kalenderdagen").is_empty());
        assert_eq!(
            days("Invoices are payable within 90 calendar days"),
            vec![90]
        );
    }

    #[test]
    fn delays_and_other_periods_are_not_terms() {
        assert!(days("en cas de retard de paiement de plus de 90 jours, suspension").is_empty());
        assert!(days("le délai de rétractation de 14 jours; paiement").is_empty());
    }
}
