//! Amounts, percentages and dates written the way a Belgian reader expects in each language.
//!
//! Formatting happens in Rust, once, so templates receive finished strings and never
//! do arithmetic: what the PDF shows is exactly what the tests assert.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::Lang;

/// Groups the integer part with `sep` and keeps exactly `scale` decimals after `dec`.
fn group(value: Decimal, scale: u32, thousands: char, dec: char) -> String {
    let rounded =
        value.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", scale as usize, rounded.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(&f);
    }
    out
}

/// A euro amount: `1.234,56 €` (fr), `€ 1.234,56` (nl), `€1,234.56` (en).
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

/// A plain number with the language's decimal mark and only the decimals it needs
/// (quantities: `3`, `0,333`, `1.5`).
pub fn number(value: Decimal, lang: Lang) -> String {
    let v = value.normalize();
    let scale = v.scale();
    match lang {
        Lang::Fr | Lang::Nl => group(v, scale, '.', ','),
        Lang::En => group(v, scale, ',', '.'),
    }
}

/// A percentage such as a VAT rate or a discount: `21 %` (fr, nl), `21%` (en), `10,5 %`.
pub fn percent(value: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Fr | Lang::Nl => format!("{} %", number(value, lang)),
        Lang::En => format!("{}%", number(value, lang)),
    }
}

/// Month names per language, shared by every module that writes a date in words so that
/// a notice, an invoice and the assembled terms spell months the same way.
pub fn month_name(lang: Lang, month0: u32) -> &'static str {
    const FR: [&str; 12] = [
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
    const NL: [&str; 12] = [
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
    const EN: [&str; 12] = [
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
    let names = match lang {
        Lang::Fr => &FR,
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    names[(month0 as usize).min(11)]
}

/// A date in words with the built-in month names (`25 novembre 2026`), for texts that
/// are not driven by the template's i18n labels.
pub fn long_date(value: NaiveDate, lang: Lang) -> String {
    format!(
        "{} {} {}",
        value.day(),
        month_name(lang, value.month0()),
        value.year()
    )
}

/// A date with the month written out, so that no reader confuses day and month:
/// `25 novembre 2026`, `25 november 2026`, `25 November 2026`.
pub fn date(value: NaiveDate, months: &[String; 12]) -> String {
    format!(
        "{} {} {}",
        value.day(),
        months[value.month0() as usize],
        value.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_follows_each_language_convention() {
        assert_eq!(money(dec!(1234.5), Lang::Fr), "1.234,50 €");
        assert_eq!(money(dec!(1234.5), Lang::Nl), "€ 1.234,50");
        assert_eq!(money(dec!(1234567.891), Lang::En), "€1,234,567.89");
        assert_eq!(money(dec!(-21), Lang::Nl), "-€ 21,00");
        assert_eq!(money(dec!(0.005), Lang::Fr), "0,01 €");
        assert_eq!(money(dec!(999), Lang::Fr), "999,00 €");
    }

    #[test]
    fn quantities_keep_only_meaningful_decimals() {
        assert_eq!(number(dec!(3.000), Lang::Fr), "3");
        assert_eq!(number(dec!(0.333), Lang::Nl), "0,333");
        assert_eq!(number(dec!(1500.5), Lang::En), "1,500.5");
        assert_eq!(percent(dec!(10.5), Lang::Fr), "10,5 %");
        assert_eq!(percent(dec!(21), Lang::En), "21%");
    }

    #[test]
    fn dates_spell_the_month() {
        let months = [
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
        ]
        .map(String::from);
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(), &months),
            "3 février 2026"
        );
    }
}
