//! `penalty-amount`: a lump-sum damages clause as a function of the invoice amount,
//! compared at several amounts with the Book XIX caps (consumers, art. XIX.4 CEL) or
//! the documented B2B threshold (40 EUR + 10 % by default, configurable per rule).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::late_interest::{last_keyword, period_after};
use super::numbers::{self, AMOUNT, PERCENT};
use super::{Ctx, Hit, detail};
use crate::audit::audience::Audience;

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)indemnit[ée]s?\s+(?:conventionnelle\s+et\s+)?forfaitaires?|\bforfait\w*|clause\s+p[ée]nale|[àa]\s+titre\s+(?:de\s+)?(?:dommages|d['’]indemnit[ée]|de\s+clause\s+p[ée]nale)|dommages[- ]et[- ]int[ée]r[êe]ts|major[ée]e?s?\s+(?:de\s+plein\s+droit\s+)?(?:d['’]une\s+indemnit[ée]\s+)?(?:forfaitaire\s+)?(?:de|d['’])|frais\s+de\s+recouvrement|frais\s+(?:extra)?judiciaires|frais\s+administratifs|frais\s+de\s+rappel|invorderingskosten|buitengerechtelijke\s+(?:invorderings)?kosten|administratiekosten|administrative\s+(?:fee|costs)|schadevergoeding|forfaitaire\s+vergoeding|verhoogd\s+met|strafbeding|schadebeding|liquidated\s+damages|\bpenalty|lump[- ]sum|fixed\s+(?:fee|compensation|damages|indemnit(?:y|ies))|\bindemnit(?:y|ies)\b|flat[- ](?:rate\s+)?(?:fee|compensation|charge)|recovery\s+costs|surcharge|collection\s+costs|increased\s+by",
    )
    .expect("penalty keyword regex")
});

static MIN: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)(?:minimum|\bmin\.?|au\s+moins|minimaal|minstens|at\s+least|not\s+less\s+than)\s*(?:de\s+|d['’]|van\s+|of\s+|:\s*)?$")
        .expect("min regex")
});

static MAX: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)(?:maximum|\bmax\.?|plafonn[ée]e?s?\s+[àa]|maximaal|up\s+to|capped\s+at|not\s+exceeding|ne\s+pouvant\s+d[ée]passer|limit[ée]e?s?\s+[àa])\s*(?:de\s+|d['’]|van\s+|of\s+|:\s*|à\s+)?$")
        .expect("max regex")
});

/// A lump-sum clause as parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Penalty {
    /// Span from the keyword to the last number.
    pub span: Range<usize>,
    /// Percentage of the amount, if any.
    pub percent: Option<Decimal>,
    /// Minimum, if any.
    pub min: Option<Decimal>,
    /// Maximum, if any.
    pub max: Option<Decimal>,
    /// Fixed amounts added on top.
    pub fixed: Decimal,
}

impl Penalty {
    /// What the clause claims on an invoice of `amount`.
    pub fn at(&self, amount: Decimal) -> Decimal {
        let mut v = self
            .percent
            .map_or(Decimal::ZERO, |p| amount * p / Decimal::ONE_HUNDRED);
        if let Some(min) = self.min {
            v = v.max(min);
        }
        if let Some(max) = self.max {
            v = v.min(max);
        }
        v + self.fixed
    }
}

static PROFESSIONAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)\bB2B\b|clients?\s+professionnels?|entre\s+professionnels|professionele\s+(?:klant|afnemer)\w*|tussen\s+ondernemingen|business\s+(?:customers?|clients?)|between\s+businesses")
        .expect("professional regex")
});

/// True when the sentence quotes the Book XIX scale itself (20 EUR up to 150 EUR, 30 EUR
/// + 10 % up to 500 EUR, 65 EUR + 5 % above): that is the cap, not a penalty above it.
fn is_book_xix_scale(s: &str) -> bool {
    let amounts: Vec<Decimal> = AMOUNT
        .captures_iter(s)
        .filter_map(|c| numbers::amount_of(&c))
        .collect();
    let has = |v: i64| amounts.iter().any(|a| *a == Decimal::from(v));
    has(150) && has(500) && [20, 30, 65].iter().filter(|v| has(**v)).count() >= 2
}

/// The lump-sum clause in `text[sentence]`, if the sentence states one.
pub fn penalty_in(text: &str, sentence: Range<usize>) -> Option<Penalty> {
    let s = &text[sentence.clone()];
    let kw = KEYWORD.find(s)?;
    if is_book_xix_scale(s) {
        return None;
    }
    let mut end = kw.end();
    let mut percent = None;
    for c in PERCENT.captures_iter(s) {
        let m = c.get(0)?;
        if period_after(&s[m.end()..]).is_some() || last_keyword(&s[..m.start()]) == Some("i") {
            continue;
        }
        if percent.is_none() {
            percent = c.get(1).and_then(|n| numbers::percent_value(n.as_str()));
            end = end.max(m.end());
        }
    }
    let (mut min, mut max, mut fixed) = (None, None, Decimal::ZERO);
    let mut any_amount = false;
    for c in AMOUNT.captures_iter(s) {
        let m = c.get(0)?;
        let Some(v) = numbers::amount_of(&c) else {
            continue;
        };
        let before = &s[..m.start()];
        if MIN.is_match(before) {
            min = Some(v);
        } else if MAX.is_match(before) {
            max = Some(v);
        } else if m.start() >= kw.start() || percent.is_none() {
            fixed += v;
        } else {
            continue;
        }
        any_amount = true;
        end = end.max(m.end());
    }
    if percent.is_none() && !any_amount {
        return None;
    }
    Some(Penalty {
        span: sentence.start + kw.start()..sentence.start + end,
        percent,
        min,
        max,
        fixed,
    })
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (_, clause) in ctx.clauses() {
        // A clause written for professionals only is judged by the B2B threshold even in
        // terms that also address consumers.
        let audience = if PROFESSIONAL.is_match(&ctx.text[clause.span.clone()]) {
            Audience::B2b
        } else {
            ctx.audience
        };
        for sentence in numbers::sentences(ctx.text, clause.span.clone()) {
            let Some(p) = penalty_in(ctx.text, sentence) else {
                continue;
            };
            for &amount in &ctx.params.amounts {
                let claimed = p.at(amount).round_dp(2);
                let (cap, fr_law, nl_law, en_law) = match audience {
                    Audience::B2c => (
                        ctx.rates.book_xix_cap(amount),
                        "plafond du livre XIX",
                        "plafond van boek XIX",
                        "Book XIX cap",
                    ),
                    Audience::B2b => (
                        (ctx.params.b2b_flat_eur
                            + amount * ctx.params.b2b_percent / Decimal::ONE_HUNDRED)
                            .round_dp(2),
                        "seuil B2B",
                        "B2B-drempel",
                        "B2B threshold",
                    ),
                };
                if claimed > cap {
                    let (a, c, k) = (amount.normalize(), claimed, cap);
                    hits.push(Hit {
                        span: p.span.clone(),
                        detail: detail(
                            format!("(sur {a} EUR : {c} EUR réclamés, {fr_law} {k} EUR)"),
                            format!("(op {a} EUR: {c} EUR gevraagd, {nl_law} {k} EUR)"),
                            format!("(on {a} EUR: {c} EUR claimed, {en_law} {k} EUR)"),
                        ),
                        related: None,
                    });
                    break;
                }
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn parse(s: &str) -> Penalty {
        penalty_in(s, 0..s.len()).expect("a penalty")
    }

    #[test]
    fn percent_with_minimum_and_maximum() {
        let p = parse(
            "une indemnité forfaitaire de 15 % avec un minimum de 100 € et un maximum de 2.500 EUR",
        );
        assert_eq!(p.percent, Some(dec!(15)));
        assert_eq!(p.min, Some(dec!(100)));
        assert_eq!(p.max, Some(dec!(2500)));
        assert_eq!(p.at(dec!(100)), dec!(100));
        assert_eq!(p.at(dec!(2000)), dec!(300));
    }

    #[test]
    fn dutch_percentage_and_fixed_english_fee() {
        assert_eq!(
            parse("een forfaitaire schadevergoeding van 12% van het factuurbedrag").at(dec!(500)),
            dec!(60)
        );
        assert_eq!(
            parse("a fixed fee of 50 EUR per late invoice").at(dec!(100)),
            dec!(50)
        );
    }

    #[test]
    fn the_book_xix_scale_itself_is_not_a_penalty() {
        let s = "une indemnité forfaitaire de 20 EUR si le solde est inférieur ou égal à 150 EUR ; 30 EUR majorés de 10 % sur la tranche comprise entre 150,01 et 500 EUR ; 65 EUR majorés de 5 % sur la tranche supérieure à 500 EUR";
        assert_eq!(penalty_in(s, 0..s.len()), None);
    }

    #[test]
    fn extrajudicial_costs_with_a_minimum_are_a_penalty() {
        let p = parse(
            "Les frais extrajudiciaires sont fixés à au moins 15 % du principal avec un minimum de 100 EUR",
        );
        assert_eq!(p.at(dec!(100)), dec!(100));
    }

    #[test]
    fn interest_percentages_are_not_the_penalty() {
        let p = parse("une indemnité forfaitaire de 40€ et des intérêts de 1% par mois");
        assert_eq!(p.percent, None);
        assert_eq!(p.fixed, dec!(40));
    }
}
