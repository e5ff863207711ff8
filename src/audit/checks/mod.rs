//! Named Rust checks that rules refer to with `check:` (see docs/checks.md).
//!
//! A check looks at the segmented document and returns hits (a span and a detail
//! sentence in the three languages); the engine turns hits into findings with the
//! rule's code, severity, message, law and fix, so every rule is documented, tested
//! and printed the same way whether it is a regex or Rust.

mod citation;
pub mod conflict;
mod duplicate;
mod enterprise;
pub mod late_interest;
pub mod numbers;
pub mod payment_term;
pub mod penalty;

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::audience::Audience;
use super::segment::Segmented;
use crate::latefee::rates::RateTable;

/// Every check name a rule may use.
pub const NAMES: &[&str] = &[
    "late-interest",
    "penalty-amount",
    "payment-term",
    "conflicting-terms",
    "duplicate-clause",
    "enterprise-number",
    "citation-artifact",
    "suppression-without-reason",
    "unused-suppression",
];

/// Parameters of a check with their defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Check name.
    pub check: String,
    /// late-interest: tolerance above the reference rate, in points.
    pub margin_points: Decimal,
    /// penalty-amount: invoice amounts the clause is evaluated at.
    pub amounts: Vec<Decimal>,
    /// penalty-amount: B2B threshold, fixed part (EUR).
    pub b2b_flat_eur: Decimal,
    /// penalty-amount: B2B threshold, percentage of the amount.
    pub b2b_percent: Decimal,
    /// payment-term: longest lawful term in days.
    pub max_days: u32,
    /// duplicate-clause: shortest paragraph compared (normalised characters).
    pub min_chars: usize,
    /// duplicate-clause: shingle similarity from which two paragraphs are duplicates.
    pub threshold: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            check: String::new(),
            margin_points: Decimal::ZERO,
            amounts: vec![Decimal::from(100), Decimal::from(500), Decimal::from(2000)],
            b2b_flat_eur: Decimal::from(40),
            b2b_percent: Decimal::from(10),
            max_days: 60,
            min_chars: 60,
            threshold: 0.9,
        }
    }
}

fn allowed(check: &str) -> &'static [&'static str] {
    match check {
        "late-interest" => &["margin_points"],
        "penalty-amount" => &["amounts", "b2b_flat_eur", "b2b_percent"],
        "payment-term" => &["max_days"],
        "duplicate-clause" => &["min_chars", "threshold"],
        _ => &[],
    }
}

fn decimal(key: &str, v: &serde_yaml::Value) -> Result<Decimal, String> {
    let s = match v {
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => s.clone(),
        _ => return Err(format!("param `{key}` must be a number")),
    };
    s.parse::<Decimal>()
        .map_err(|_| format!("param `{key}` must be a number, got `{s}`"))
}

impl Params {
    /// Validates `raw` against the check's known parameters.
    pub fn build(check: &str, raw: &BTreeMap<String, serde_yaml::Value>) -> Result<Params, String> {
        if !NAMES.contains(&check) {
            return Err(format!("unknown check `{check}`"));
        }
        let mut p = Params {
            check: check.to_string(),
            ..Params::default()
        };
        for (key, value) in raw {
            if !allowed(check).contains(&key.as_str()) {
                return Err(format!(
                    "unknown param `{key}` for check `{check}` (allowed: {})",
                    allowed(check).join(", ")
                ));
            }
            match key.as_str() {
                "margin_points" => p.margin_points = decimal(key, value)?,
                "b2b_flat_eur" => p.b2b_flat_eur = decimal(key, value)?,
                "b2b_percent" => p.b2b_percent = decimal(key, value)?,
                "amounts" => {
                    let seq = value
                        .as_sequence()
                        .ok_or("param `amounts` must be a list of numbers")?;
                    p.amounts = seq
                        .iter()
                        .map(|v| decimal(key, v))
                        .collect::<Result<_, _>>()?;
                }
                "max_days" => {
                    p.max_days = value
                        .as_u64()
                        .and_then(|v| u32::try_from(v).ok())
                        .ok_or("param `max_days` must be a whole number")?;
                }
                "min_chars" => {
                    p.min_chars = value
                        .as_u64()
                        .and_then(|v| usize::try_from(v).ok())
                        .ok_or("param `min_chars` must be a whole number")?;
                }
                "threshold" => {
                    p.threshold = value
                        .as_f64()
                        .filter(|t| (0.0..=1.0).contains(t))
                        .ok_or("param `threshold` must be between 0 and 1")?;
                }
                _ => unreachable!("checked against allowed()"),
            }
        }
        Ok(p)
    }
}

/// A detail sentence in the three languages, appended to the rule's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// French.
    pub fr: String,
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Byte span in the extracted text.
    pub span: Range<usize>,
    /// What exactly is wrong (numbers, the other location...).
    pub detail: Option<Detail>,
    /// For conflicts and duplicates: the offset of the first statement.
    pub related: Option<usize>,
}

/// What a check may look at.
pub struct Ctx<'a> {
    /// The extracted text.
    pub text: &'a str,
    /// Its segmentation.
    pub seg: &'a Segmented,
    /// Audience used for caps (b2c → Book XIX).
    pub audience: Audience,
    /// Reference date for rate tables.
    pub date: NaiveDate,
    /// Rate table (data/rates.yaml).
    pub rates: &'a RateTable,
    /// The rule's parameters.
    pub params: &'a Params,
    /// Clauses the check may look at (the rule's `patterns` pre-filter); all when `None`.
    pub clause_filter: Option<&'a [bool]>,
    /// Maps an offset to a 1-based line (for "see line N" details).
    pub line_of: &'a dyn Fn(usize) -> usize,
}

impl Ctx<'_> {
    /// Clauses the check should look at, with their index.
    pub fn clauses(&self) -> impl Iterator<Item = (usize, &super::segment::Clause)> {
        self.seg
            .clauses
            .iter()
            .enumerate()
            .filter(|(i, _)| self.clause_filter.is_none_or(|f| f[*i]))
    }
}

/// Runs the check named in `ctx.params`.
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    match ctx.params.check.as_str() {
        "late-interest" => late_interest::run(ctx),
        "penalty-amount" => penalty::run(ctx),
        "payment-term" => payment_term::run(ctx),
        "conflicting-terms" => conflict::run(ctx),
        "duplicate-clause" => duplicate::run(ctx),
        "enterprise-number" => enterprise::run(ctx),
        "citation-artifact" => citation::run(ctx),
        // Suppression checks need the other rules' findings: the engine runs them after
        // applying suppressions (see engine.rs, "Suppressions").
        "suppression-without-reason" | "unused-suppression" => Vec::new(),
        _ => Vec::new(),
    }
}

/// Builds a `Detail` from three strings.
pub fn detail(fr: String, nl: String, en: String) -> Option<Detail> {
    Some(Detail { fr, nl, en })
}
