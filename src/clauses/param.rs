//! Typed clause parameters: what a value may be, how it is checked, and how it is
//! written in each language (a lawyer reads "10,5 %" in French and "10.5%" in English).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Lang, Localized};

/// The kinds of value a clause parameter can hold; each has its own check and format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    /// A sum in euros, e.g. the 40 EUR flat compensation.
    Amount,
    /// A percentage, e.g. an interest rate per year.
    Percent,
    /// A whole number of calendar days, e.g. a payment term.
    Days,
    /// A calendar date (YYYY-MM-DD).
    Date,
    /// Free text, the same in every language or given per language.
    Text,
    /// One value out of a fixed list of `choices`.
    Choice,
}

impl ParamType {
    /// The name used in YAML and in messages.
    pub fn name(self) -> &'static str {
        match self {
            ParamType::Amount => "amount",
            ParamType::Percent => "percent",
            ParamType::Days => "days",
            ParamType::Date => "date",
            ParamType::Text => "text",
            ParamType::Choice => "choice",
        }
    }

    /// What a value of this type looks like, for hints.
    pub fn example(self) -> &'static str {
        match self {
            ParamType::Amount => "a number of euros such as `40` or `7.50`",
            ParamType::Percent => "a number such as `10.5` (meaning 10.5 %)",
            ParamType::Days => "a whole number of days such as `30`",
            ParamType::Date => "a date written YYYY-MM-DD",
            ParamType::Text => "a text, or a map with `fr`, `nl` and `en`",
            ParamType::Choice => "one of the listed choices",
        }
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A checked parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// Euros.
    Amount(Decimal),
    /// Percent (10.5 means 10.5 %).
    Percent(Decimal),
    /// Calendar days.
    Days(u32),
    /// A date.
    Date(NaiveDate),
    /// Text per language.
    Text(Localized),
    /// The chosen value.
    Choice(String),
}

/// Why a raw YAML value was refused; the caller adds the file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    /// One sentence about what is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

fn decimal_of(raw: &serde_yaml::Value) -> Option<Decimal> {
    match raw {
        serde_yaml::Value::Number(n) => n.to_string().parse::<Decimal>().ok().or_else(|| {
            // Exponent forms such as 1e3.
            n.as_f64()
                .and_then(|f| Decimal::from_scientific(&format!("{f:e}")).ok())
        }),
        serde_yaml::Value::String(s) => s.trim().parse::<Decimal>().ok(),
        _ => None,
    }
}

fn describe(raw: &serde_yaml::Value) -> String {
    match raw {
        serde_yaml::Value::Null => "nothing".into(),
        serde_yaml::Value::Bool(b) => format!("`{b}`"),
        serde_yaml::Value::Number(n) => format!("`{n}`"),
        serde_yaml::Value::String(s) => format!("`{s}`"),
        serde_yaml::Value::Sequence(_) => "a list".into(),
        serde_yaml::Value::Mapping(_) => "a map".into(),
        serde_yaml::Value::Tagged(_) => "a tagged value".into(),
    }
}

/// The constraints a value is checked against.
#[derive(Debug, Clone, Default)]
pub struct Bounds<'a> {
    /// Smallest allowed value (amount, percent, days).
    pub min: Option<Decimal>,
    /// Largest allowed value (amount, percent, days).
    pub max: Option<Decimal>,
    /// Allowed values for a choice.
    pub choices: &'a [String],
}

/// Reads and checks `raw` as a value of type `ty`.
pub fn parse_value(
    ty: ParamType,
    raw: &serde_yaml::Value,
    bounds: &Bounds<'_>,
) -> Result<ParamValue, ValueProblem> {
    let wrong_type = || ValueProblem {
        message: format!("expected {} but found {}", ty.name(), describe(raw)),
        hint: format!("write {}", ty.example()),
    };
    let value = match ty {
        ParamType::Amount | ParamType::Percent => {
            if matches!(raw, serde_yaml::Value::String(_)) {
                return Err(wrong_type());
            }
            let d = decimal_of(raw).ok_or_else(wrong_type)?;
            check_range(d, bounds, ty)?;
            if ty == ParamType::Amount {
                if d.scale() > 2 && d.round_dp(2) != d {
                    return Err(ValueProblem {
                        message: format!("{d} has more than two decimals"),
                        hint: "write an amount in euros and cents, e.g. `7.50`".into(),
                    });
                }
                ParamValue::Amount(d.normalize())
            } else {
                ParamValue::Percent(d.normalize())
            }
        }
        ParamType::Days => {
            let n = match raw {
                serde_yaml::Value::Number(n) => n.as_u64(),
                _ => None,
            }
            .ok_or_else(wrong_type)?;
            let d = Decimal::from(n);
            check_range(d, bounds, ty)?;
            ParamValue::Days(u32::try_from(n).map_err(|_| wrong_type())?)
        }
        ParamType::Date => {
            let s = raw.as_str().ok_or_else(wrong_type)?;
            let date =
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| ValueProblem {
                    message: format!("`{s}` is not a date"),
                    hint: "write a date as YYYY-MM-DD, e.g. `2026-01-01`".into(),
                })?;
            ParamValue::Date(date)
        }
        ParamType::Text => match raw {
            serde_yaml::Value::String(s) => ParamValue::Text(Localized::same(s)),
            serde_yaml::Value::Number(n) => ParamValue::Text(Localized::same(&n.to_string())),
            serde_yaml::Value::Mapping(_) => {
                let l: Localized =
                    serde_yaml::from_value(raw.clone()).map_err(|e| ValueProblem {
                        message: format!("a text per language needs `fr`, `nl` and `en`: {e}"),
                        hint: "write `{fr: ..., nl: ..., en: ...}` or one text for all languages"
                            .into(),
                    })?;
                ParamValue::Text(l)
            }
            _ => return Err(wrong_type()),
        },
        ParamType::Choice => {
            let s = match raw {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                _ => return Err(wrong_type()),
            };
            if !bounds.choices.contains(&s) {
                let list = bounds
                    .choices
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut hint = format!("choose one of {list}");
                if let Some(best) = super::closest(&s, bounds.choices.iter().map(String::as_str)) {
                    hint = format!("did you mean `{best}`? ({hint})");
                }
                return Err(ValueProblem {
                    message: format!("`{s}` is not one of the choices"),
                    hint,
                });
            }
            ParamValue::Choice(s)
        }
    };
    Ok(value)
}

fn check_range(d: Decimal, bounds: &Bounds<'_>, ty: ParamType) -> Result<(), ValueProblem> {
    let unit = match ty {
        ParamType::Amount => " EUR",
        ParamType::Percent => " %",
        ParamType::Days => " days",
        _ => "",
    };
    if let Some(min) = bounds.min
        && d < min
    {
        return Err(ValueProblem {
            message: format!("{d}{unit} is below the minimum of {min}{unit}"),
            hint: format!(
                "use a value between {} and {}",
                show(bounds.min),
                show(bounds.max)
            ),
        });
    }
    if let Some(max) = bounds.max
        && d > max
    {
        return Err(ValueProblem {
            message: format!("{d}{unit} is above the maximum of {max}{unit}"),
            hint: format!(
                "use a value between {} and {}",
                show(bounds.min),
                show(bounds.max)
            ),
        });
    }
    Ok(())
}

fn show(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string())
        .unwrap_or_else(|| "no limit".into())
}

/// Writes a decimal with the language's separators: `2.000,5` (fr, nl) or `2,000.5` (en).
pub fn format_number(d: Decimal, lang: Lang) -> String {
    crate::render::format::number(d, lang)
}

/// Writes an amount: whole euros without cents (`40 EUR`), otherwise two decimals (`7,50 EUR`).
pub fn format_amount(d: Decimal, lang: Lang) -> String {
    let d = d.round_dp(2);
    if d.fract().is_zero() {
        return format!("{} EUR", format_number(d.trunc(), lang));
    }
    let whole = format_number(d.trunc(), lang);
    let cents = (d.fract().abs() * Decimal::from(100)).trunc();
    let sep = if lang == Lang::En { '.' } else { ',' };
    format!("{whole}{sep}{cents:0>2} EUR")
}

/// Writes a percentage: `10,5 %` (fr, nl) or `10.5%` (en).
pub fn format_percent(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}%", format_number(d, lang)),
        Lang::Fr | Lang::Nl => format!("{} %", format_number(d, lang)),
    }
}

/// Writes a date in words: `1 janvier 2026`, `1 januari 2026`, `1 January 2026`.
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    let month = crate::render::format::month_name(lang, d.month0());
    match lang {
        Lang::Fr => {
            let day = if d.day() == 1 {
                "1er".to_string()
            } else {
                d.day().to_string()
            };
            format!("{day} {month} {}", d.year())
        }
        Lang::Nl | Lang::En => format!("{} {month} {}", d.day(), d.year()),
    }
}

impl ParamValue {
    /// The value as a lawyer writes it in `lang`.
    pub fn display(&self, lang: Lang) -> String {
        match self {
            ParamValue::Amount(d) => format_amount(*d, lang),
            ParamValue::Percent(d) => format_percent(*d, lang),
            ParamValue::Days(n) => n.to_string(),
            ParamValue::Date(d) => format_date(*d, lang),
            ParamValue::Text(t) => t.get(lang).to_string(),
            ParamValue::Choice(c) => c.clone(),
        }
    }

    /// The value for comparisons inside a template (`{% if num.deposit > 0 %}`).
    pub fn number(&self) -> serde_json::Value {
        let d = match self {
            ParamValue::Amount(d) | ParamValue::Percent(d) => *d,
            ParamValue::Days(n) => Decimal::from(*n),
            _ => return serde_json::Value::Null,
        };
        // Only used for comparisons in templates; amounts are never computed from it.
        serde_json::Number::from_f64(rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0))
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }

    /// The value as YAML would write it, for `clauses show` and docs.
    pub fn plain(&self) -> String {
        match self {
            ParamValue::Amount(d) | ParamValue::Percent(d) => d.normalize().to_string(),
            ParamValue::Days(n) => n.to_string(),
            ParamValue::Date(d) => d.to_string(),
            ParamValue::Text(t) => {
                if t.fr == t.nl && t.nl == t.en {
                    t.en.clone()
                } else {
                    format!("{} / {} / {}", t.fr, t.nl, t.en)
                }
            }
            ParamValue::Choice(c) => c.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_are_written_the_belgian_way() {
        assert_eq!(format_amount(dec!(40), Lang::Fr), "40 EUR");
        assert_eq!(format_amount(dec!(7.5), Lang::Nl), "7,50 EUR");
        assert_eq!(format_amount(dec!(2000), Lang::Fr), "2.000 EUR");
        assert_eq!(format_amount(dec!(2000), Lang::En), "2,000 EUR");
        assert_eq!(
            format_amount(dec!(1234567.05), Lang::En),
            "1,234,567.05 EUR"
        );
    }

    #[test]
    fn percents_follow_the_language() {
        assert_eq!(format_percent(dec!(10.5), Lang::Fr), "10,5 %");
        assert_eq!(format_percent(dec!(10.50), Lang::En), "10.5%");
        assert_eq!(format_percent(dec!(8), Lang::Nl), "8 %");
    }

    #[test]
    fn dates_are_written_in_words() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(format_date(d, Lang::Fr), "1er janvier 2026");
        assert_eq!(format_date(d, Lang::Nl), "1 januari 2026");
        assert_eq!(format_date(d, Lang::En), "1 January 2026");
    }

    #[test]
    fn a_string_is_not_an_amount() {
        let err = parse_value(
            ParamType::Amount,
            &serde_yaml::Value::String("forty".into()),
            &Bounds::default(),
        )
        .unwrap_err();
        assert_eq!(err.message, "expected amount but found `forty`");
    }
}
