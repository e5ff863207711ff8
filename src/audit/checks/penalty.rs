//! `penalty-amount`: a lump-sum damages clause as a function of the invoice amount,
//! compared at several amounts with the Book XIX caps (consumers, art. XIX.4 CEL) or
//! the documented B2B threshold (40 EUR + 10 % by default, configurable per rule).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::late_interest::{last_keyword, period_after};
use super::numbers::{self, AMOUNT};
use super::{Ctx, Hit, detail};
use crate::audit::audience::Audience;

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)indemnit[ée]s?\s+(?:conventionnelle\s+et\s+)?forfaitaires?|\bforfait\w*|clause\s+p[ée]nale|[àa]\s+titre\s+(?:de\s+)?(?:dommages|d['’]indemnit[ée]|de\s+clause\s+p[ée]nale)|dommages[- ]et[- ]int[ée]r[êe]ts|major[ée]e?s?\s+(?:de\s+plein\s+droit\s+)?(?:d['’]une\s+indemnit[ée]\s+)?(?:forfaitaire\s+)?(?:de|d['’])|frais\s+de\s+recouvrement|frais\s+(?:extra)?judiciaires|frais\s+administratifs|frais\s+de\s+(?:rappel|relance|dossier|gestion|mise\s+en\s+demeure|contentieux)|frais\s+d['’]encaissement|invorderingskosten|inningskosten|aanmaningskosten|herinneringskosten|dossierkosten|buitengerechtelijke\s+(?:invorderings)?kosten|administrati(?:e|eve)\s*kosten|administrative\s+(?:fees?|costs|charges?)|(?:late(?:\s+payment)?|collection|handling|reminder)\s+(?:fees?|charges?)|schadevergoeding|forfaitaire\s+vergoeding|verhoogd\s+met|strafbeding|schadebeding|liquidated\s+damages|\bpenalty|lump[- ]sum|fixed\s+(?:fee|compensation|damages|indemnit(?:y|ies))|\bindemnit(?:y|ies)\b|flat[- ](?:rate\s+)?(?:fee|compensation|charge)|recovery\s+costs|surcharge|collection\s+costs|increased\s+by",
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

/// "minimum" / "maximum" written after the amount: "250 € minimum".
static AFTER_MIN: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)^\s*(?:au\s+|at\s+the\s+|als\s+)?(?:minimum\b|min\.|minimaal\b|minstens\b)",
    )
    .expect("after-min regex")
});

static AFTER_MAX: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)^\s*(?:au\s+|at\s+the\s+|als\s+)?(?:maximum\b|max\.|maximaal\b|at\s+most\b|au\s+plus\b)")
        .expect("after-max regex")
});

/// An amount that is a condition, not a sum claimed: "factures de plus de 1.000 EUR".
static THRESHOLD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)(?:plus\s+de|moins\s+de|sup[ée]rieur\w*\s+[àa]|inf[ée]rieur\w*\s+[àa]|au[- ]del[àa]\s+de|jusqu['’][àa]|tranche\s+de|entre|above|over|below|under|exceeding|boven|meer\s+dan|minder\s+dan|hoger\s+dan|lager\s+dan|\btot|tussen|between|\bvan\s+meer\s+dan)\s*(?:€|EUR)?\s*$")
        .expect("threshold regex")
});

/// Words that put a lump sum in a late-payment context (the check ignores package prices,
/// delivery or cancellation fees).
static LATE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)retard|d[ée]faut\s+de\s+(?:paiement|r[èe]glement)|[àa]\s+d[ée]faut\s+de|non[- ]paiement|impay|non\s+pay|pas\s+pay|non\s+r[ée]gl|[ée]ch[ée]ance|recouvrement|rappel|relance|mise\s+en\s+demeure|contentieux|laattijdig|niet[- ]tijdig|achterstal|wanbetaling|vervaldag|vervaldatum|niet[- ]betaling|onbetaald|niet\s+(?:tijdig\s+)?betaald|invordering|herinnering|aanmaning|ingebrekestelling|\blate\b|overdue|arrears|non[- ]payment|unpaid|not\s+paid|fail\w*\s+to\s+pay|when\s+due|due\s+date|collection|recovery|reminder|\bdefault")
        .expect("late context regex")
});

/// Sentences about something else than late payment (orders, delivery, cancellation).
static OTHER_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)annul|cancel|modifi|wijzig|livraison|deliver|levering|verzend|shipping|exp[ée]dition|\bcommandes?\b|bestelling|\borders?\b|mensuel|maandelijks|monthly")
        .expect("other context regex")
});

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
    for (m, v) in numbers::percents(s) {
        if period_after(&s[m.end..]).is_some() || last_keyword(&s[..m.start]) == Some("i") {
            continue;
        }
        if percent.is_none() {
            percent = Some(v);
            end = end.max(m.end);
        }
    }
    let (mut min, mut max, mut fixed) = (None, None, Decimal::ZERO);
    let mut any_amount = false;
    for c in AMOUNT.captures_iter(s) {
        let m = c.get(0)?;
        let Some(v) = numbers::amount_of(&c) else {
            continue;
        };
        let (before, after) = (&s[..m.start()], &s[m.end()..]);
        if MIN.is_match(before) || AFTER_MIN.is_match(after) {
            min = Some(v);
        } else if MAX.is_match(before) || AFTER_MAX.is_match(after) {
            max = Some(v);
        } else if THRESHOLD_BEFORE.is_match(before) {
            continue;
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
        let clause_late = LATE_CONTEXT.is_match(&ctx.text[clause.span.clone()]);
        for sentence in numbers::sentences(ctx.text, clause.span.clone()) {
            let s = &ctx.text[sentence.clone()];
            let late = LATE_CONTEXT.is_match(s) || (clause_late && !OTHER_CONTEXT.is_match(s));
            if !late {
                continue;
            }
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
                    use crate::clauses::param::format_amount as eur;
                    use crate::model::Lang::{En, Fr, Nl};
                    hits.push(Hit {
                        span: p.span.clone(),
                        detail: detail(
                            format!(
                                "(sur {} : {} réclamés, {fr_law} {})",
                                eur(amount, Fr),
                                eur(claimed, Fr),
                                eur(cap, Fr)
                            ),
                            format!(
                                "(op {}: {} gevraagd, {nl_law} {})",
                                eur(amount, Nl),
                                eur(claimed, Nl),
                                eur(cap, Nl)
                            ),
                            format!(
                                "(on {}: {} claimed, {en_law} {})",
                                eur(amount, En),
                                eur(claimed, En),
                                eur(cap, En)
                            ),
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
    fn amounts_written_in_belgian_forms_and_words() {
        let p = parse(
            "une indemnité forfaitaire de 20 %, avec un minimum de 125,00 € et un maximum de EUR 2.500,00",
        );
        assert_eq!((p.min, p.max), (Some(dec!(125.00)), Some(dec!(2500.00))));
        let p = parse("majorée de plein droit de 10 % à titre de clause pénale (min. 50 EUR)");
        assert_eq!((p.percent, p.min), (Some(dec!(10)), Some(dec!(50))));
        let p = parse("majorée de 15 % du montant avec 250 € minimum");
        assert_eq!(
            (p.percent, p.min, p.fixed),
            (Some(dec!(15)), Some(dec!(250)), dec!(0))
        );
        let p = parse("majoré d'une indemnité forfaitaire de vingt pour cent");
        assert_eq!(p.percent, Some(dec!(20)));
        let p = parse("verhoogd met 15 % met een minimum van € 50");
        assert_eq!(p.at(dec!(100)), dec!(50));
        let p = parse("administratieve kosten van 25 euro");
        assert_eq!(p.fixed, dec!(25));
    }

    #[test]
    fn an_amount_that_is_a_condition_is_not_claimed() {
        let p = parse(
            "une indemnité forfaitaire de 10 % est due sur les factures de plus de 1.000 EUR",
        );
        assert_eq!((p.percent, p.fixed), (Some(dec!(10)), dec!(0)));
    }

    #[test]
    fn interest_percentages_are_not_the_penalty() {
        let p = parse("une indemnité forfaitaire de 40€ et des intérêts de 1% par mois");
        assert_eq!(p.percent, None);
        assert_eq!(p.fixed, dec!(40));
    }
}
