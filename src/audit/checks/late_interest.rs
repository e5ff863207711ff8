//! `late-interest`: contractual interest converted to an annual rate and compared with
//! the B2B statutory rate of the half-year (law of 2 August 2002, art. 5), which is also
//! the consumer cap (art. XIX.4 CEL, majority reading).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::numbers::{self, PERCENT};
use super::{Ctx, Hit, detail};

/// The period a rate is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per quarter.
    Quarter,
    /// Per year (also: no period given).
    Year,
}

impl Period {
    fn factor(self) -> Decimal {
        Decimal::from(match self {
            Period::Day => 365,
            Period::Week => 52,
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Year => 1,
        })
    }

    fn label(self) -> [&'static str; 3] {
        match self {
            Period::Day => ["par jour", "per dag", "per day"],
            Period::Week => ["par semaine", "per week", "per week"],
            Period::Month => ["par mois", "per maand", "per month"],
            Period::Quarter => ["par trimestre", "per kwartaal", "per quarter"],
            Period::Year => ["par an", "per jaar", "per year"],
        }
    }
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?ix)^[^\d.;]{0,32}?
        (?:
          (?P<m>\bpar\s+mois|\bmensuel\w*|\bper\s+maand|\bmaandelijks\w*|\bper\s+month|\ba\s+month|\bmonthly|/\s*(?:mois|maand|month))
        | (?P<d>\bpar\s+jour|\bjournalier\w*|\bper\s+dag|\bdagelijks\w*|\bper\s+day|\ba\s+day|\bdaily|/\s*(?:jour|dag|day))
        | (?P<w>\bpar\s+semaine|\bhebdomadaire\w*|\bper\s+week|\bwekelijks\w*|\ba\s+week|\bweekly)
        | (?P<q>\bpar\s+trimestre|\btrimestriel\w*|\bper\s+kwartaal|\bquarterly|\ba\s+quarter)
        | (?P<y>\bpar\s+an\b|\bl['’]an\b|\bannuel\w*|\bper\s+jaar|\bjaarlijks\w*|\bper\s+year|\ba\s+year|\bper\s+annum|\byearly|\bannually|\bp\.\s?a\.|/\s*(?:an|jaar|year)\b|\bl['’]ann[ée]e)
        )",
    )
    .expect("period regex")
});

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?P<i>int[ée]r[êe]ts?|interest\w*|intrest\w*|\b(?:verwijl|nalatigheids|achterstands?|vertragings)?rente\b|\btaux\b|\brate\b|\bp[ée]nalit[ée]s?\s+de\s+retard)|(?P<o>dommages[- ]et[- ]int[ée]r[êe]ts|dommages-int[ée]r[êe]ts|damages\s+and\s+interest|indemnit[ée]|forfait\w*|clause\s+p[ée]nale|dommages|schadevergoeding|\bvergoeding|\bboete|\bdamages|\bpenalty|\bcompensation|\bTVA\b|\bBTW\b|\bVAT\b|\bremise|r[ée]duction|\bkorting|\bdiscount|\bacompte|\bvoorschot|\bdeposit|\bavance|\bescompte|\bmajor[ée]e?s?\b|\bmajoration|\bverhoogd|\bverhoging|\baugment\w*|\bincrease\w*|\bfrais\b|\bkosten\b|\bcosts?\b|\bfees?\b)",
    )
    .expect("keyword regex")
});

static LATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)retard|d[ée]faut\s+de\s+paiement|non[- ]paiement|impay[ée]|[ée]ch[ée]ance|laattijdig|niet[- ]tijdig|achterstal|wanbetaling|vervaldag|niet[- ]betaling|late\s+payment|overdue|arrears|non[- ]payment|unpaid|int[ée]r[êe]t|interest|rente|intrest",
    )
    .expect("late regex")
});

static LEGAL_PLUS: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:taux|int[ée]r[êe]ts?|interest(?:\s+rate)?|rente|intrest)\s+(?:au\s+taux\s+)?(?P<base>l[ée]gal\w*|de\s+la\s+loi\s+du\s+2\s+ao[ûu]t\s+2002|wettelijke?|statutory|legal)[^%\d]{0,60}?(?:major[ée]e?s?|verhoogd|vermeerderd|increased|plus)\s+(?:de|met|by|of)?\s*(?P<n>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|points?|procentpunt\w*|percentage\s+points?)",
    )
    .expect("legal-plus regex")
});

/// A rate stated in the text, as an annual percentage.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedRate {
    /// Span of the percentage and its period.
    pub span: Range<usize>,
    /// The number as written.
    pub percent: Decimal,
    /// Its period.
    pub period: Period,
    /// Annual equivalent.
    pub annual: Decimal,
    /// Set for "legal rate + N": the N.
    pub legal_plus: Option<Decimal>,
}

/// The period that follows a percentage (up to ~30 characters later), if any.
pub fn period_after(after: &str) -> Option<(Period, usize)> {
    let caps = PERIOD.captures(after)?;
    let end = caps.get(0)?.end();
    let p = if caps.name("m").is_some() {
        Period::Month
    } else if caps.name("d").is_some() {
        Period::Day
    } else if caps.name("w").is_some() {
        Period::Week
    } else if caps.name("q").is_some() {
        Period::Quarter
    } else {
        Period::Year
    };
    Some((p, end))
}

/// "i" when the last keyword before the % is about interest, "o" when about something else.
pub fn last_keyword(before: &str) -> Option<&'static str> {
    KEYWORD
        .captures_iter(before)
        .last()
        .map(|c| if c.name("i").is_some() { "i" } else { "o" })
}

/// Interest rates stated in `text[sentence]`, with legal rate `legal` for "legal + N".
pub fn rates_in(
    text: &str,
    sentence: Range<usize>,
    legal: Decimal,
    b2b: Decimal,
) -> Vec<StatedRate> {
    let s = &text[sentence.clone()];
    let mut out = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    for c in LEGAL_PLUS.captures_iter(s) {
        let (Some(whole), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        let Some(plus) = numbers::percent_value(n.as_str()) else {
            continue;
        };
        let base_txt = c.name("base").map_or("", |b| b.as_str()).to_lowercase();
        let base = if base_txt.contains("2002") {
            b2b
        } else {
            legal
        };
        let annual = base + plus;
        covered.push(whole.start()..whole.end());
        out.push(StatedRate {
            span: sentence.start + whole.start()..sentence.start + whole.end(),
            percent: annual,
            period: Period::Year,
            annual,
            legal_plus: Some(plus),
        });
    }
    let has_late = LATE.is_match(s);
    for c in PERCENT.captures_iter(s) {
        let m = c.get(0).expect("group 0");
        if covered.iter().any(|r| r.contains(&m.start())) {
            continue;
        }
        let Some(pct) = c.get(1).and_then(|n| numbers::percent_value(n.as_str())) else {
            continue;
        };
        let period = period_after(&s[m.end()..]);
        let kw = last_keyword(&s[..m.start()]);
        let is_interest = match (kw, period) {
            (Some("i"), _) => true,
            (Some(_), _) => false,
            (None, Some((p, _))) => p != Period::Year && has_late,
            (None, None) => false,
        };
        if !is_interest {
            continue;
        }
        let (p, end) = period.map_or((Period::Year, m.end()), |(p, e)| (p, m.end() + e));
        out.push(StatedRate {
            span: sentence.start + m.start()..sentence.start + end,
            percent: pct,
            period: p,
            annual: pct * p.factor(),
            legal_plus: None,
        });
    }
    out.sort_by_key(|r| r.span.start);
    out
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Ok(rate) = ctx.rates.b2b_rate_on(ctx.date) else {
        return Vec::new();
    };
    let legal = ctx
        .rates
        .legal_rate_for_year(chrono::Datelike::year(&ctx.date))
        .map(|r| r.percent)
        .unwrap_or(rate.percent);
    let limit = rate.percent + ctx.params.margin_points;
    let half = rate.half_year.to_string();
    let mut hits = Vec::new();
    for (_, clause) in ctx.clauses() {
        for sentence in numbers::sentences(ctx.text, clause.span.clone()) {
            for r in rates_in(ctx.text, sentence, legal, rate.percent) {
                if r.annual <= limit {
                    continue;
                }
                let annual = r.annual.normalize();
                let reference = rate.percent.normalize();
                let [fr, nl, en] = r.period.label();
                let stated = |per: &str| {
                    if r.period == Period::Year {
                        String::new()
                    } else {
                        format!("{} % {per} = ", r.percent.normalize())
                    }
                };
                hits.push(Hit {
                    span: r.span,
                    detail: detail(
                        format!(
                            "({}{annual} % par an ; taux légal B2B {half} : {reference} %)",
                            stated(fr)
                        ),
                        format!(
                            "({}{annual} % per jaar; wettelijke B2B-rentevoet {half}: {reference} %)",
                            stated(nl)
                        ),
                        format!(
                            "({}{annual} % a year; B2B statutory rate {half}: {reference} %)",
                            stated(en)
                        ),
                    ),
                    related: None,
                });
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn annual(s: &str) -> Vec<Decimal> {
        rates_in(s, 0..s.len(), dec!(4.5), dec!(10.5))
            .into_iter()
            .map(|r| r.annual)
            .collect()
    }

    #[test]
    fn rates_are_converted_to_annual() {
        assert_eq!(
            annual("des intérêts de retard de 10% par mois"),
            vec![dec!(120)]
        );
        assert_eq!(annual("een intrest van 1,5 % per maand"), vec![dec!(18.0)]);
        assert_eq!(annual("un intérêt de 2% mensuel"), vec![dec!(24)]);
        assert_eq!(
            annual("en cas de retard, 20 % par jour de retard"),
            vec![dec!(7300)]
        );
        assert_eq!(annual("un intérêt de 12% l'an"), vec![dec!(12)]);
        assert_eq!(
            annual("intérêts au taux légal majoré de 5%"),
            vec![dec!(9.5)]
        );
    }

    #[test]
    fn dutch_compound_interest_words_are_interest() {
        assert_eq!(
            annual("een verwijlintrest verschuldigd van 12 % per jaar"),
            vec![dec!(12)]
        );
        assert_eq!(
            annual("De verwijlrente bedraagt 15 % per jaar."),
            vec![dec!(15)]
        );
        assert_eq!(
            annual("een nalatigheidsinterest van 1 % per maand"),
            vec![dec!(12)]
        );
        assert!(annual("une différente remise de 15 %").is_empty());
    }

    #[test]
    fn damages_and_interest_is_a_penalty_not_a_rate() {
        assert!(
            annual("une indemnité, à titre de dommages et intérêts, de 15 % du montant").is_empty()
        );
    }

    #[test]
    fn vat_and_penalties_are_not_interest() {
        assert!(annual("TVA de 21 % en sus").is_empty());
        assert!(annual("une indemnité forfaitaire de 15 % du montant").is_empty());
        assert_eq!(
            annual("une indemnité forfaitaire de 10 % et un intérêt de 12 % l'an"),
            vec![dec!(12)]
        );
    }
}
