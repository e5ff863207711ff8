//! Trilingual text for explanations and notices, and the way amounts, rates and dates
//! are written in each language.
//!
//! Every sentence the engine produces exists in French, Dutch and English at once, so a
//! notice in the client's language and the CLI explanation are the same computation.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::model::Lang;

/// One sentence in the three document languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// French.
    pub fr: String,
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Builds the three versions from one function of the language, so the numbers in
    /// them come from the same variables.
    pub fn build(f: impl Fn(Lang) -> String) -> Text {
        Text {
            fr: f(Lang::Fr),
            nl: f(Lang::Nl),
            en: f(Lang::En),
        }
    }

    /// Three fixed strings.
    pub fn new(fr: &str, nl: &str, en: &str) -> Text {
        Text {
            fr: fr.to_string(),
            nl: nl.to_string(),
            en: en.to_string(),
        }
    }

    /// The version in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Groups the integer part with `thousands` and writes `scale` decimals after `dec`.
fn group(value: Decimal, scale: u32, thousands: char, dec: char) -> String {
    let rounded =
        value.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", scale as usize, rounded.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(&f);
    }
    out
}

/// A euro amount the way invoices print it: `1.234,56 €`, `€ 1.234,56`, `€1,234.56`.
pub fn money(value: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{} €", group(value, 2, '.', ',')),
        Lang::Nl => {
            let g = group(value, 2, '.', ',');
            match g.strip_prefix('-') {
                Some(abs) => format!("-€ {abs}"),
                None => format!("€ {g}"),
            }
        }
        Lang::En => {
            let g = group(value, 2, ',', '.');
            match g.strip_prefix('-') {
                Some(abs) => format!("-€{abs}"),
                None => format!("€{g}"),
            }
        }
    }
}

/// A rate with only the decimals it needs: `10,5 %` (fr, nl), `10.5%` (en).
pub fn percent(value: Decimal, lang: Lang) -> String {
    let v = value.normalize();
    match lang {
        Lang::Fr | Lang::Nl => format!("{} %", group(v, v.scale(), '.', ',')),
        Lang::En => format!("{}%", group(v, v.scale(), ',', '.')),
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date with the month spelled out, so no reader confuses day and month.
pub fn date(value: NaiveDate, lang: Lang) -> String {
    let months = match lang {
        Lang::Fr => &MONTHS_FR,
        Lang::Nl => &MONTHS_NL,
        Lang::En => &MONTHS_EN,
    };
    format!(
        "{} {} {}",
        value.day(),
        months[value.month0() as usize],
        value.year()
    )
}

/// A citation written in English (the stable form kept in JSON) in the reader's language.
pub fn citation(english: &str, lang: Lang) -> String {
    const TABLE: [(&str, &str, &str); 8] = [
        (
            "old Civil Code art. 1254 (Book 5 Civil Code keeps the rule)",
            "ancien Code civil, art. 1254 (règle reprise au Livre 5 du Code civil)",
            "oud Burgerlijk Wetboek, art. 1254 (regel overgenomen in Boek 5 BW)",
        ),
        (
            "Law of 2 August 2002",
            "loi du 2 août 2002",
            "wet van 2 augustus 2002",
        ),
        (
            "Law of 5 May 1865",
            "loi du 5 mai 1865",
            "wet van 5 mei 1865",
        ),
        (
            "old Civil Code",
            "ancien Code civil",
            "oud Burgerlijk Wetboek",
        ),
        ("Civil Code", "Code civil", "Burgerlijk Wetboek"),
        ("CEL art.", "CDE, art.", "WER, art."),
        (" and ", " et ", " en "),
        ("art.", "art.", "art."),
    ];
    if lang == Lang::En {
        return english.to_string();
    }
    let mut out = english.to_string();
    for (en, fr, nl) in TABLE {
        out = out.replace(en, if lang == Lang::Fr { fr } else { nl });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_follow_each_language() {
        assert_eq!(money(dec!(1234.5), Lang::Fr), "1.234,50 €");
        assert_eq!(money(dec!(1234.5), Lang::Nl), "€ 1.234,50");
        assert_eq!(money(dec!(1234.5), Lang::En), "€1,234.50");
        assert_eq!(percent(dec!(10.50), Lang::Fr), "10,5 %");
        assert_eq!(percent(dec!(8.0), Lang::En), "8%");
        assert_eq!(
            citation(
                "old Civil Code art. 1153; Law of 5 May 1865, art. 2",
                Lang::Nl
            ),
            "oud Burgerlijk Wetboek art. 1153; wet van 5 mei 1865, art. 2"
        );
        assert_eq!(citation("CEL art. XIX.4", Lang::Fr), "CDE, art. XIX.4");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 11).unwrap(), Lang::Nl),
            "11 november 2026"
        );
    }
}
