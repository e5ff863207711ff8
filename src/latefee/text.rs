//! Trilingual text for explanations and notices, and the way amounts, rates and dates
//! are written in each language.
//!
//! Every sentence the engine produces exists in French, Dutch and English at once, so a
//! notice in the client's language and the CLI explanation are the same computation.

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

pub use crate::render::format::{long_date as date, money, percent};

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
    use chrono::NaiveDate;
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
