//! `late-interest`: contractual interest converted to an annual rate and compared with
//! the B2B statutory rate of the half-year (law of 2 August 2002, art. 5), which is also
//! the consumer cap (art. XIX.4 CEL, majority reading).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::numbers;
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
          (?P<m>\bpar\s+mois|\bmensuel\w*|\bper\s+(?:begonnen\s+|aangevangen\s+|ingegane\s+|volle\s+)?(?:kalender)?maand|\bmaandelijks\w*|\bper\s+(?:calendar\s+)?month|\ba\s+month|\bmonthly|(?:\bpour\s+)?\bchaque\s+mois|\b(?:elke|iedere)\s+(?:begonnen\s+)?maand|\b(?:for\s+)?(?:each|every)\s+(?:calendar\s+)?month|/\s*(?:mois|maand|month)|\bp/m\b)
        | (?P<d>\bpar\s+jour|\bjournalier\w*|\bper\s+(?:kalender)?dag|\bdagelijks\w*|\bper\s+(?:calendar\s+)?day|\ba\s+day|\bdaily|(?:\bpour\s+)?\bchaque\s+jour|\b(?:elke|iedere)\s+dag|\b(?:for\s+)?(?:each|every)\s+day|/\s*(?:jour|dag|day))
        | (?P<w>\bpar\s+semaine|\bhebdomadaire\w*|\bper\s+week|\bwekelijks\w*|\ba\s+week|\bweekly)
        | (?P<q>\bpar\s+trimestre|\btrimestriel\w*|\bper\s+kwartaal|\bquarterly|\ba\s+quarter)
        | (?P<y>\bpar\s+an\b|\bl['’]an\b|\bannuel\w*|\bper\s+jaar|\bjaarlijks\w*|\bper\s+year|\ba\s+year|\bper\s+annum|\byearly|\bannually|\bp\.\s?a\.|/\s*(?:an|jaar|year)\b|\bl['’]ann[ée]e)
        )",
    )
    .expect("period regex")
});

/// Words before a percentage that say what it is: `i` interest, `w` a rate that is interest
/// only in a sentence about late payment ("taux", "rate"), `o` anything else.
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?P<o1>\btaux\s+(?:de\s+(?:la\s+)?|d['’])?(?:TVA|remise|r[ée]duction|escompte|change|commission|indexation|occupation|r[ée]ussite)|\btaux\s+(?:horaire|r[ée]duit|normal|journalier|plein)|\b(?:discount|VAT|tax|hourly|daily|exchange|commission|conversion|success|indexation)\s+rate|\bbtw[- ]?tarief|\buurtarief)|(?P<i>int[ée]r[êe]ts?|interest\w*|intrest\w*|\brentevoet\w*|\b(?:verwijl|nalatigheids|achterstands?|vertragings)?rente\b|\bp[ée]nalit[ée]s?\s+de\s+retard)|(?P<w>\btaux\b|\brate\b)|(?P<o>dommages[- ]et[- ]int[ée]r[êe]ts|dommages-int[ée]r[êe]ts|damages\s+and\s+interest|indemnit[ée]|forfait\w*|clause\s+p[ée]nale|dommages|schadevergoeding|\bvergoeding|\bboete|\bdamages|\bpenalty|\bcompensation|\bTVA\b|\bBTW\b|\bVAT\b|\bremise|r[ée]duction|\bkorting|\bdiscount|\bacompte|\bvoorschot|\bdeposit|\bavance|\bescompte|\bmajor[ée]e?s?\b|\bmajoration|\bverhoogd|\bverhoging|\baugment\w*|\bincrease\w*|\bfrais\b|\bkosten\b|\bcosts?\b|\bfees?\b|\bindex\w*)",
    )
    .expect("keyword regex")
});

static LATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)retard|d[ée]faut\s+de\s+paiement|non[- ]paiement|impay[ée]|[ée]ch[ée]ance|laattijdig|niet[- ]tijdig|achterstal|wanbetaling|vervaldag|niet[- ]betaling|onbetaald|late\s+payment|overdue|arrears|non[- ]payment|unpaid|not\s+paid|when\s+due|\blate\b|int[ée]r[êe]t|interest|rente|intrest",
    )
    .expect("late regex")
});

/// "legal rate + N", "ECB rate + N points", "wettelijke intrest verhoogd met N %".
static LEGAL_PLUS: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:(?:taux|int[ée]r[êe]ts?|interest(?:\s+rate)?|rente|intrest)\s+(?:au\s+taux\s+)?(?P<base>l[ée]gal\w*|de\s+la\s+loi\s+du\s+2\s+ao[ûu]t\s+2002|wettelijke?|statutory|legal)|(?P<base2>\blegal|\bstatutory|\bwettelijke?)\s+(?:interest|intrest|rente)\w*(?:\s+rate)?|(?P<ecb>(?:\btaux|\brate)\s+(?:de\s+(?:la\s+)?|d['’]int[ée]r[êe]t\s+de\s+la\s+|of\s+the\s+)?(?:BCE|ECB|Banque\s+centrale\s+europ[ée]enne|European\s+Central\s+Bank)|\b(?:BCE|ECB)[- ]?(?:rate|rentevoet|rente|herfinancieringsrente)|\b(?:ECB-)?herfinancieringsrente|\b(?:main\s+)?refinancing\s+rate|\btaux\s+de\s+refinancement))[^%\d]{0,60}?(?:major[ée]e?s?|verhoogd|vermeerderd|increased|plus|\+)\s*(?:de|met|by|of|with)?\s*(?P<n>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|points?|procentpunt\w*|percentage\s+points?|pct|punten)",
    )
    .expect("legal-plus regex")
});

/// What a "base rate + N" refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The civil legal interest rate (Law of 5 May 1865).
    Legal,
    /// The B2B rate of the Law of 2 August 2002.
    B2b,
    /// The ECB main refinancing rate (the B2B rate is this + 8 points, rounded up).
    Ecb,
}

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
    /// For "legal rate + N": which base rate, and its value used.
    pub base: Option<(Base, Decimal)>,
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

/// A period written before the rate: "un intérêt mensuel de 1 %", "een maandelijkse
/// intrest van 1 %", "a monthly interest of 1.5%", "au taux journalier de 0,1 %".
static PERIOD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:(?P<m>\bmensuel\w*|\bmaandelijks\w*|\bmonthly)|(?P<d>\bjournalier\w*|\bdagelijks\w*|\bdaily))[^\d.;%]{0,30}$",
    )
    .expect("period-before regex")
});

/// The period written just before a percentage, if any.
fn period_before(before: &str) -> Option<Period> {
    let start =
        crate::audit::sourcemap::floor_char_boundary(before, before.len().saturating_sub(60));
    let caps = PERIOD_BEFORE.captures(&before[start..])?;
    Some(if caps.name("m").is_some() {
        Period::Month
    } else {
        Period::Day
    })
}

/// "i" when the last keyword before the % is about interest, "w" when it is a rate that
/// is interest only in a sentence about late payment ("taux", "rate"), "o" otherwise.
pub fn last_keyword(before: &str) -> Option<&'static str> {
    KEYWORD.captures_iter(before).last().map(|c| {
        if c.name("i").is_some() {
            "i"
        } else if c.name("w").is_some() {
            "w"
        } else {
            "o"
        }
    })
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
        // The ECB rate is not in data/rates.yaml: the B2B rate is the ECB rate + 8
        // points rounded up to half a point, so "ECB + N" exceeds it exactly when N > 8.
        let (kind, base) = if c.name("ecb").is_some() {
            (Base::Ecb, b2b - Decimal::from(8))
        } else if base_txt.contains("2002") {
            (Base::B2b, b2b)
        } else {
            (Base::Legal, legal)
        };
        let annual = base + plus;
        covered.push(whole.start()..whole.end());
        out.push(StatedRate {
            span: sentence.start + whole.start()..sentence.start + whole.end(),
            percent: annual,
            period: Period::Year,
            annual,
            legal_plus: Some(plus),
            base: Some((kind, base)),
        });
    }
    let has_late = LATE.is_match(s);
    for (m, pct) in numbers::percents(s) {
        if covered.iter().any(|r| r.contains(&m.start)) {
            continue;
        }
        let period =
            period_after(&s[m.end..]).or_else(|| period_before(&s[..m.start]).map(|p| (p, 0)));
        let kw = last_keyword(&s[..m.start]);
        let is_interest = match (kw, period) {
            (Some("i"), _) => true,
            (Some("w"), _) => has_late,
            (Some(_), _) => false,
            (None, Some((p, _))) => p != Period::Year && has_late,
            (None, None) => false,
        };
        if !is_interest {
            continue;
        }
        let (p, end) = period.map_or((Period::Year, m.end), |(p, e)| (p, m.end + e));
        out.push(StatedRate {
            span: sentence.start + m.start..sentence.start + end,
            percent: pct,
            period: p,
            annual: pct * p.factor(),
            legal_plus: None,
            base: None,
        });
    }
    out.sort_by_key(|r| r.span.start);
    out
}

/// The detail shown after the message, per language (fr, nl, en): the stated rate, its
/// yearly equivalent and the reference rate, with the language's decimal separator.
fn describe(r: &StatedRate, reference: Decimal, half: &str, year: i32) -> [String; 3] {
    use crate::clauses::param::{format_number as num, format_percent as pct};
    use crate::model::Lang::{En, Fr, Nl};
    let per = r.period.label();
    let plus = r.legal_plus.unwrap_or_default().normalize();
    let langs = [Fr, Nl, En];
    std::array::from_fn(|i| {
        let l = langs[i];
        let (annual, refp) = (pct(r.annual.normalize(), l), pct(reference.normalize(), l));
        let stated = match r.base {
            Some((Base::Ecb, _)) => {
                let p = num(plus, l);
                return [
                    format!("(taux BCE + {p} points, au-delà du taux légal B2B {half} de {refp} = taux BCE + 8 points)"),
                    format!("(ECB-rentevoet + {p} punten, boven de wettelijke B2B-rentevoet {half} van {refp} = ECB-rentevoet + 8 punten)"),
                    format!("(ECB rate + {p} points, above the B2B statutory rate {half} of {refp} = ECB rate + 8 points)"),
                ][i]
                    .clone();
            }
            Some((Base::Legal, b)) => {
                let (b, p) = (pct(b.normalize(), l), num(plus, l));
                [
                    format!("taux d'intérêt légal {year} {b} + {p} = "),
                    format!("wettelijke rentevoet {year} {b} + {p} = "),
                    format!("legal interest rate {year} {b} + {p} = "),
                ][i]
                    .clone()
            }
            Some((Base::B2b, _)) => {
                let p = num(plus, l);
                [
                    format!("taux de la loi du 2 août 2002 + {p} = "),
                    format!("rentevoet van de wet van 2 augustus 2002 + {p} = "),
                    format!("rate of the Law of 2 August 2002 + {p} = "),
                ][i]
                    .clone()
            }
            None if r.period == Period::Year => String::new(),
            None => format!("{} {} = ", pct(r.percent.normalize(), l), per[i]),
        };
        match l {
            Fr => format!("({stated}{annual} par an ; taux légal B2B {half} : {refp})"),
            Nl => format!("({stated}{annual} per jaar; wettelijke B2B-rentevoet {half}: {refp})"),
            En => format!("({stated}{annual} a year; B2B statutory rate {half}: {refp})"),
        }
    })
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
                let d = describe(&r, rate.percent, &half, chrono::Datelike::year(&ctx.date));
                hits.push(Hit {
                    span: r.span,
                    detail: detail(d[0].clone(), d[1].clone(), d[2].clone()),
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
    fn rates_in_words_abbreviations_and_odd_periods() {
        assert_eq!(
            annual("un intérêt de retard de douze pour cent l'an"),
            vec![dec!(12)]
        );
        assert_eq!(annual("un intérêt de 12 pct l'an"), vec![dec!(12)]);
        assert_eq!(
            annual("een intrest van 1 procent per maand"),
            vec![dec!(12)]
        );
        assert_eq!(annual("een verwijlintrest van 1,5 p/m"), vec![dec!(18.0)]);
        assert_eq!(
            annual("verwijlinteresten ten belope van 1 % per begonnen maand"),
            vec![dec!(12)]
        );
        assert_eq!(
            annual("un intérêt de 1 % pour chaque mois de retard commencé"),
            vec![dec!(12)]
        );
        assert_eq!(
            annual("interest of one percent for each month or part of a month"),
            vec![dec!(12)]
        );
        assert_eq!(
            annual("een rentevoet van 12 % op jaarbasis"),
            vec![dec!(12)]
        );
    }

    #[test]
    fn a_period_written_before_the_rate() {
        assert_eq!(annual("un intérêt mensuel de 1 %"), vec![dec!(12)]);
        assert_eq!(
            annual("een maandelijkse intrest van 1,5 %"),
            vec![dec!(18.0)]
        );
        assert_eq!(annual("a monthly interest of 2%"), vec![dec!(24)]);
        assert_eq!(
            annual("des intérêts journaliers de 0,1 %"),
            vec![dec!(36.5)]
        );
        // A consultant's "taux journalier" is a daily fee, not interest.
        assert!(annual("en cas de retard, le taux journalier de 5 % reste dû").is_empty());
    }

    #[test]
    fn base_rate_plus_points() {
        assert_eq!(
            annual("au taux d'intérêt légal majoré de 8 points"),
            vec![dec!(12.5)]
        );
        assert_eq!(
            annual("de wettelijke intrest verhoogd met 8 %"),
            vec![dec!(12.5)]
        );
        assert_eq!(
            annual("the statutory interest rate plus 8 percentage points"),
            vec![dec!(12.5)]
        );
        // ECB + N: the B2B rate is ECB + 8, so only N above 8 exceeds it.
        assert_eq!(
            annual("au taux de la BCE majoré de 10 points"),
            vec![dec!(12.5)]
        );
        assert_eq!(annual("the ECB rate plus 8 points"), vec![dec!(10.5)]);
    }

    #[test]
    fn a_rate_is_interest_only_in_a_sentence_about_late_payment() {
        assert!(annual("la TVA est facturée au taux de 21 %").is_empty());
        assert!(annual("a discount rate of 15% applies to annual plans").is_empty());
        assert_eq!(annual("en cas de retard, au taux de 12 %"), vec![dec!(12)]);
    }

    #[test]
    fn the_detail_uses_each_language_decimal_separator() {
        let s = "un intérêt de 1,5 % par mois";
        let r = rates_in(s, 0..s.len(), dec!(4.5), dec!(10.5)).remove(0);
        let d = describe(&r, dec!(10.5), "2026-H2", 2026);
        assert_eq!(
            d[0],
            "(1,5 % par mois = 18 % par an ; taux légal B2B 2026-H2 : 10,5 %)"
        );
        assert_eq!(
            d[2],
            "(1.5% per month = 18% a year; B2B statutory rate 2026-H2: 10.5%)"
        );
        let s = "intérêt au taux légal majoré de 8 %";
        let r = rates_in(s, 0..s.len(), dec!(4.5), dec!(10.5)).remove(0);
        assert_eq!(
            describe(&r, dec!(10.5), "2026-H2", 2026)[1],
            "(wettelijke rentevoet 2026 4,5 % + 8 = 12,5 % per jaar; wettelijke B2B-rentevoet 2026-H2: 10,5 %)"
        );
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
