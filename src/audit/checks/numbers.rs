//! Reading numbers the way Belgian terms write them: "1,5 %", "2.500 EUR", "€ 1 000,00".

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

/// A percentage: "10%", "1,5 %", "12 pour cent", "8 procent", "5 percent".
pub static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(\d{1,4}(?:[.,]\d{1,3})?)\s?(?:%|pour\s?cents?\b|procent\b|per\s?cent\b|percent\b)",
    )
    .expect("percent regex")
});

/// An amount in euros, before or after the number.
pub static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:(?:€|\bEUR\b|\beuros?\b)\s?(\d[\d.,\u{a0}\u{202f} ]*\d|\d)|(\d[\d.,\u{a0}\u{202f} ]*\d|\d)\s?(?:€|EUR\b|euros?\b|,-))",
    )
    .expect("amount regex")
});

/// A duration: "30 jours", "60 dagen", "2 mois", "90 days", "3 maanden", "2 semaines".
pub static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)\b(\d{1,4})\s*(?:\(\w+\)\s*)?(jours?|j\.|dagen|dag|days?|kalenderdagen|werkdagen|business\s+days|jours\s+ouvrables|mois|maanden|maand|months?|semaines?|weken|week|weeks|ans?|années?|jaar|jaren|years?)\b",
    )
    .expect("duration regex")
});

/// A sentence boundary inside a clause.
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"[.;!?][*_»\x22”’)\]]*(?:\s+|$)").expect("sentence regex")
});

/// Parses a percentage number ("1,5" or "1.5").
pub fn percent_value(s: &str) -> Option<Decimal> {
    s.replace(',', ".").parse().ok()
}

/// Parses an amount ("2.500", "2 500", "1.000,50", "75", "12,5").
pub fn amount_value(s: &str) -> Option<Decimal> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (last_dot, last_comma) = (s.rfind('.'), s.rfind(','));
    let normalized = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (None, Some(c)) => {
            if s.len() - c - 1 == 3 {
                s.replace(',', "")
            } else {
                s.replace(',', ".")
            }
        }
        (Some(d), None) => {
            if s.len() - d - 1 == 3 || s.matches('.').count() > 1 {
                s.replace('.', "")
            } else {
                s
            }
        }
        (None, None) => s,
    };
    normalized.trim_end_matches('.').parse().ok()
}

/// Value of an `AMOUNT` match.
pub fn amount_of(caps: &regex::Captures<'_>) -> Option<Decimal> {
    amount_value(caps.get(1).or(caps.get(2))?.as_str())
}

/// Days of a `DURATION` match (months ×30, weeks ×7, years ×365).
pub fn days_of(caps: &regex::Captures<'_>) -> Option<u32> {
    let n: u32 = caps.get(1)?.as_str().parse().ok()?;
    let unit = caps.get(2)?.as_str().to_lowercase();
    let factor = if unit.starts_with("mo") || unit.starts_with("maand") || unit.starts_with("month")
    {
        30
    } else if unit.starts_with("sem") || unit.starts_with("wee") {
        7
    } else if unit.starts_with("an")
        || unit.starts_with("ann")
        || unit.starts_with("jaar")
        || unit.starts_with("jaren")
        || unit.starts_with("year")
    {
        365
    } else {
        1
    };
    n.checked_mul(factor)
}

/// The sentences of `text[range]` as absolute ranges.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let body = &text[range.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(body) {
        // "2.500" and "art. 5" are not sentence ends: require whitespace after '.'.
        let end = m.start() + 1;
        if end > start {
            out.push(range.start + start..range.start + end);
        }
        start = m.end();
    }
    if start < body.len() {
        out.push(range.start + start..range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn belgian_amount_formats() {
        assert_eq!(amount_value("2.500"), Some(dec!(2500)));
        assert_eq!(amount_value("2 500"), Some(dec!(2500)));
        assert_eq!(amount_value("1.000,50"), Some(dec!(1000.50)));
        assert_eq!(amount_value("12,5"), Some(dec!(12.5)));
        assert_eq!(amount_value("1,000.50"), Some(dec!(1000.50)));
        assert_eq!(amount_value("75"), Some(dec!(75)));
    }

    #[test]
    fn durations_in_days() {
        let c = DURATION.captures("payable à 2 mois").unwrap();
        assert_eq!(days_of(&c), Some(60));
        let c = DURATION.captures("binnen 75 dagen").unwrap();
        assert_eq!(days_of(&c), Some(75));
    }
}
