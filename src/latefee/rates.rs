//! The rate table: B2B statutory rate per half-year, legal interest per year, the
//! 40 EUR flat compensation and the Book XIX caps, all read from `data/rates.yaml`.
//!
//! Numbers that change over time are data, never code: a date the table does not
//! cover is an error naming the missing row, never a silent default, and a
//! provisional row is usable but carries a warning the caller must show.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::UserError;

/// The table shipped with clausier, so the engine works without any file at run time.
const EMBEDDED_RATES: &str = include_str!("../../data/rates.yaml");

/// Where the embedded table lives in the source tree, named in errors and hints.
const EMBEDDED_PATH: &str = "data/rates.yaml";

/// Half of a calendar year: B2B statutory rates are set per half-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfYear {
    /// Calendar year.
    pub year: i32,
    /// 1 (January–June) or 2 (July–December).
    pub half: u8,
}

impl HalfYear {
    /// The half-year a date falls in, so interest can be split at 1 January / 1 July.
    pub fn of(date: NaiveDate) -> Self {
        HalfYear {
            year: date.year(),
            half: if date.month() <= 6 { 1 } else { 2 },
        }
    }

    /// First day (1 January or 1 July).
    pub fn start(self) -> NaiveDate {
        let month = if self.half == 1 { 1 } else { 7 };
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day (30 June or 31 December).
    pub fn end(self) -> NaiveDate {
        let (m, d) = if self.half == 1 { (6, 30) } else { (12, 31) };
        NaiveDate::from_ymd_opt(self.year, m, d).unwrap_or(NaiveDate::MAX)
    }

    /// The following half-year.
    pub fn next(self) -> Self {
        if self.half == 1 {
            HalfYear {
                year: self.year,
                half: 2,
            }
        } else {
            HalfYear {
                year: self.year + 1,
                half: 1,
            }
        }
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-H{}", self.year, self.half)
    }
}

impl FromStr for HalfYear {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a half-year like 2026-H1");
        let (y, h) = s.split_once("-H").ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let half: u8 = h.parse().map_err(|_| bad())?;
        if !(1..=2).contains(&half) {
            return Err(bad());
        }
        Ok(HalfYear { year, half })
    }
}

impl Serialize for HalfYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HalfYear {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The B2B statutory rate of one half-year, with what the caller must know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rate {
    /// The half-year the rate applies to.
    pub half_year: HalfYear,
    /// Annual rate in percent (10.5 means 10.5 % a year).
    pub percent: Decimal,
    /// Transitional rate for contracts concluded before 16 March 2013, if the row has one.
    pub legacy_percent: Option<Decimal>,
    /// Whether the value was confirmed against its publication.
    pub verified: bool,
    /// Whether the value is computed ahead of publication.
    pub provisional: bool,
    /// Where the value comes from.
    pub source: String,
    /// A warning to print with any amount computed from this rate.
    pub warning: Option<String>,
}

/// The legal interest rate of one calendar year (civil matters, B2C fallback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegalRate {
    /// Calendar year.
    pub year: i32,
    /// Annual rate in percent.
    pub percent: Decimal,
    /// Whether the value was confirmed against its publication.
    pub verified: bool,
    /// Where the value comes from.
    pub source: String,
    /// A warning to print with any amount computed from this rate.
    pub warning: Option<String>,
}

/// The B2B flat compensation for recovery costs (40 EUR, art. 6 of the 2002 Law).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatCompensation {
    /// Amount in EUR, owed once per late invoice.
    pub amount: Decimal,
    /// Article it comes from.
    pub law: String,
    /// Date from which it applies.
    pub since: NaiveDate,
    /// Whether the amount is indexed.
    pub indexed: bool,
    /// Where the value comes from.
    pub source: String,
}

/// One Book XIX lump-sum bracket: `fixed + percent % × (balance − over)` up to `up_to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XixBracket {
    /// Upper bound of the balance for this bracket (inclusive); `None` for the last one.
    #[serde(default)]
    pub up_to: Option<Decimal>,
    /// Fixed part in EUR.
    pub fixed: Decimal,
    /// The balance part above this amount is subject to `percent`.
    pub over: Decimal,
    /// Percentage of the balance above `over`.
    pub percent: Decimal,
}

/// Book XIX consumer-debt parameters: waiting period and lump-sum caps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookXix {
    /// Articles it comes from.
    pub law: String,
    /// Date Book XIX entered into force.
    pub in_force: NaiveDate,
    /// Minimum waiting period in calendar days after the free first reminder.
    pub waiting_days: u32,
    /// The waiting period starts on this working day after a paper reminder is posted.
    pub paper_start_working_day: u32,
    /// The waiting period starts this many days after an electronic reminder is sent.
    pub electronic_start_days: u32,
    /// Lump-sum brackets, in increasing order.
    pub brackets: Vec<XixBracket>,
    /// Absolute maximum of the lump sum in EUR.
    pub maximum: Decimal,
    /// What caps agreed interest (`b2b_rate`: the half-year rate of the 2002 Law).
    pub interest_cap: String,
    /// Where the values come from.
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct B2bRow {
    half: HalfYear,
    rate: Decimal,
    #[serde(default)]
    legacy_rate: Option<Decimal>,
    verified: bool,
    #[serde(default)]
    provisional: bool,
    source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct B2bSection {
    law: String,
    formula: String,
    rows: Vec<B2bRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegalRow {
    year: i32,
    rate: Decimal,
    verified: bool,
    source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegalSection {
    law: String,
    formula: String,
    rows: Vec<LegalRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    b2b: B2bSection,
    legal_interest: LegalSection,
    flat_compensation: FlatCompensation,
    book_xix: BookXix,
}

/// Every rate the engine may use, checked for gaps and order when loaded.
#[derive(Debug, Clone)]
pub struct RateTable {
    path: PathBuf,
    b2b_law: String,
    b2b_formula: String,
    b2b: BTreeMap<HalfYear, B2bRow>,
    legal_law: String,
    legal_formula: String,
    legal: BTreeMap<i32, LegalRow>,
    flat: FlatCompensation,
    xix: BookXix,
}

impl RateTable {
    /// The table compiled into the binary (`data/rates.yaml`), parsed once.
    pub fn embedded() -> &'static RateTable {
        static TABLE: OnceLock<RateTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            RateTable::from_yaml(EMBEDDED_RATES, Path::new(EMBEDDED_PATH))
                .unwrap_or_else(|e| panic!("embedded data/rates.yaml is invalid: {e}"))
        })
    }

    /// Loads a table from a file, e.g. a workspace's own updated `rates.yaml`.
    pub fn load(path: &Path) -> Result<RateTable, UserError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError::new(format!("cannot read the rate table: {e}")).file(path))?;
        RateTable::from_yaml(&text, path)
    }

    /// Parses and checks a table: rows sorted, no duplicate or missing half-year between
    /// the first and last row, Book XIX brackets increasing.
    pub fn from_yaml(text: &str, path: &Path) -> Result<RateTable, UserError> {
        let file: RatesFile = serde_yaml::from_str(text).map_err(|e| {
            let mut err = UserError::new(format!("invalid rate table: {e}")).file(path);
            if let Some(loc) = e.location() {
                err = err.at(loc.line(), loc.column());
            }
            err
        })?;
        let mut b2b = BTreeMap::new();
        for row in file.b2b.rows {
            let half = row.half;
            if b2b.insert(half, row).is_some() {
                return Err(UserError::new(format!("half-year {half} appears twice"))
                    .file(path)
                    .field("b2b.rows"));
            }
        }
        if let (Some(first), Some(last)) = (b2b.keys().next(), b2b.keys().last()) {
            let mut h = *first;
            while h < *last {
                h = h.next();
                if !b2b.contains_key(&h) {
                    return Err(UserError::new(format!(
                        "half-year {h} is missing between {first} and {last}"
                    ))
                    .file(path)
                    .field("b2b.rows"));
                }
            }
        }
        let mut legal = BTreeMap::new();
        for row in file.legal_interest.rows {
            let year = row.year;
            if legal.insert(year, row).is_some() {
                return Err(
                    UserError::new(format!("legal-interest year {year} appears twice"))
                        .file(path)
                        .field("legal_interest.rows"),
                );
            }
        }
        let brackets = &file.book_xix.brackets;
        let ordered = brackets.windows(2).all(|w| match (w[0].up_to, w[1].up_to) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            _ => false,
        });
        if brackets.is_empty() || !ordered || brackets.last().is_some_and(|b| b.up_to.is_some()) {
            return Err(UserError::new(
                "Book XIX brackets must increase and the last one must have no `up_to`",
            )
            .file(path)
            .field("book_xix.brackets"));
        }
        Ok(RateTable {
            path: path.to_path_buf(),
            b2b_law: file.b2b.law,
            b2b_formula: file.b2b.formula,
            b2b,
            legal_law: file.legal_interest.law,
            legal_formula: file.legal_interest.formula,
            legal,
            flat: file.flat_compensation,
            xix: file.book_xix,
        })
    }

    /// The B2B statutory rate of the half-year `date` falls in.
    ///
    /// A half-year with no row is an error naming the row to add; a provisional or
    /// unverified row comes back with `warning` set.
    pub fn b2b_rate_on(&self, date: NaiveDate) -> Result<Rate, UserError> {
        self.b2b_rate_for(HalfYear::of(date))
    }

    /// The B2B statutory rate of one half-year (see [`RateTable::b2b_rate_on`]).
    pub fn b2b_rate_for(&self, half: HalfYear) -> Result<Rate, UserError> {
        let Some(row) = self.b2b.get(&half) else {
            let range = self.b2b_range();
            return Err(UserError::new(format!(
                "no B2B statutory interest rate for {half} in the rate table{}",
                range
                    .map(|(a, b)| format!(" (it covers {a} to {b})"))
                    .unwrap_or_default()
            ))
            .file(&self.path)
            .field("b2b.rows")
            .hint(format!(
                "add the row `- {{ half: {half}, rate: \"…\", verified: true, source: \"FPS Finance notice, M.B. …\" }}` \
                 from the FPS Finance notice in the Moniteur belge"
            )));
        };
        let warning = if row.provisional {
            Some(format!(
                "the {half} B2B rate {}% is provisional ({}); update {} when the FPS Finance notice is published",
                row.rate,
                row.source,
                self.path.display()
            ))
        } else if !row.verified {
            Some(format!(
                "the {half} B2B rate {}% is not verified: {}",
                row.rate, row.source
            ))
        } else {
            None
        };
        Ok(Rate {
            half_year: half,
            percent: row.rate,
            legacy_percent: row.legacy_rate,
            verified: row.verified,
            provisional: row.provisional,
            source: row.source.clone(),
            warning,
        })
    }

    /// First and last half-year the table covers.
    pub fn b2b_range(&self) -> Option<(HalfYear, HalfYear)> {
        Some((*self.b2b.keys().next()?, *self.b2b.keys().last()?))
    }

    /// The law and article the B2B rate comes from, for explanations.
    pub fn b2b_law(&self) -> &str {
        &self.b2b_law
    }

    /// How the B2B rate is set, for explanations.
    pub fn b2b_formula(&self) -> &str {
        &self.b2b_formula
    }

    /// The legal interest rate of a calendar year; a missing year is an error naming it.
    pub fn legal_rate_for_year(&self, year: i32) -> Result<LegalRate, UserError> {
        let Some(row) = self.legal.get(&year) else {
            return Err(UserError::new(format!(
                "no legal interest rate for {year} in the rate table"
            ))
            .file(&self.path)
            .field("legal_interest.rows")
            .hint(format!(
                "add the row `- {{ year: {year}, rate: \"…\", verified: true, source: \"Treasury notice, M.B. …\" }}`"
            )));
        };
        Ok(LegalRate {
            year,
            percent: row.rate,
            verified: row.verified,
            source: row.source.clone(),
            warning: (!row.verified).then(|| {
                format!(
                    "the {year} legal interest rate {}% is not verified ({})",
                    row.rate, row.source
                )
            }),
        })
    }

    /// The law the legal interest rate comes from, for explanations.
    pub fn legal_law(&self) -> &str {
        &self.legal_law
    }

    /// How the legal interest rate is set, for explanations.
    pub fn legal_formula(&self) -> &str {
        &self.legal_formula
    }

    /// The B2B flat compensation for recovery costs.
    pub fn flat_compensation(&self) -> &FlatCompensation {
        &self.flat
    }

    /// Book XIX parameters (waiting period, brackets, maximum).
    pub fn book_xix(&self) -> &BookXix {
        &self.xix
    }

    /// The highest lump sum a consumer clause may claim on `balance` (art. XIX.4),
    /// rounded to the cent, never above the absolute maximum.
    pub fn book_xix_cap(&self, balance: Decimal) -> Decimal {
        let bracket = self
            .xix
            .brackets
            .iter()
            .find(|b| b.up_to.is_none_or(|u| balance <= u))
            .or(self.xix.brackets.last());
        let Some(b) = bracket else {
            return Decimal::ZERO;
        };
        let above = (balance - b.over).max(Decimal::ZERO);
        let raw = b.fixed + above * b.percent / Decimal::ONE_HUNDRED;
        super::round_cents(raw.min(self.xix.maximum))
    }

    /// The bracket `balance` falls in, for explanations.
    pub fn book_xix_bracket(&self, balance: Decimal) -> Option<&XixBracket> {
        self.xix
            .brackets
            .iter()
            .find(|b| b.up_to.is_none_or(|u| balance <= u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn embedded_table_covers_2013_to_2026_without_gaps() {
        let t = RateTable::embedded();
        let (first, last) = t.b2b_range().unwrap();
        assert_eq!(first.to_string(), "2013-H1");
        assert_eq!(last.to_string(), "2026-H2");
        assert_eq!(t.b2b_rate_on(d(2023, 7, 1)).unwrap().percent, dec!(12.0));
        assert_eq!(t.b2b_rate_on(d(2016, 6, 30)).unwrap().percent, dec!(8.5));
        assert_eq!(t.b2b_rate_on(d(2016, 7, 1)).unwrap().percent, dec!(8.0));
        assert_eq!(t.legal_rate_for_year(2024).unwrap().percent, dec!(5.75));
        assert_eq!(t.flat_compensation().amount, dec!(40.00));
    }

    #[test]
    fn missing_half_year_names_the_row() {
        let err = RateTable::embedded()
            .b2b_rate_on(d(2027, 1, 15))
            .unwrap_err();
        assert!(err.message.contains("2027-H1"), "{}", err.message);
        assert!(err.hint.unwrap().contains("half: 2027-H1"));
        let err = RateTable::embedded()
            .b2b_rate_on(d(2012, 12, 31))
            .unwrap_err();
        assert!(err.message.contains("2012-H2"));
    }

    #[test]
    fn provisional_row_carries_a_warning() {
        let r = RateTable::embedded().b2b_rate_on(d(2026, 9, 1)).unwrap();
        assert!(r.provisional);
        assert_eq!(r.percent, dec!(10.5));
        assert!(r.warning.unwrap().contains("provisional"));
        let r = RateTable::embedded().b2b_rate_on(d(2025, 9, 1)).unwrap();
        assert_eq!(r.warning, None);
    }

    #[test]
    fn book_xix_caps_per_bracket() {
        let t = RateTable::embedded();
        assert_eq!(t.book_xix_cap(dec!(150.00)), dec!(20.00));
        // 30 + 10 % × 0.01 = 30.001 → 30.00
        assert_eq!(t.book_xix_cap(dec!(150.01)), dec!(30.00));
        // 30 + 10 % × 350 = 65.00
        assert_eq!(t.book_xix_cap(dec!(500.00)), dec!(65.00));
        assert_eq!(t.book_xix_cap(dec!(500.01)), dec!(65.00));
        // 65 + 5 % × 500 = 90 (press example)
        assert_eq!(t.book_xix_cap(dec!(1000.00)), dec!(90.00));
        // 65 + 5 % × 38,700 = 2,000 exactly; above that the maximum holds.
        assert_eq!(t.book_xix_cap(dec!(39200.00)), dec!(2000.00));
        assert_eq!(t.book_xix_cap(dec!(50000.00)), dec!(2000.00));
    }

    #[test]
    fn gap_in_a_custom_table_is_rejected() {
        let text = EMBEDDED_RATES.replace(
            "    - { half: 2017-H2, rate: \"8.0\", verified: true, source: \"FPS Finance notice, M.B. 13/07/2017 (lexalert.be; pardoen.be)\" }\n",
            "",
        );
        assert_ne!(text, EMBEDDED_RATES);
        let err = RateTable::from_yaml(&text, Path::new("rates.yaml")).unwrap_err();
        assert!(
            err.message.contains("2017-H2 is missing"),
            "{}",
            err.message
        );
    }
}
