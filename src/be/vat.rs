//! The Belgian VAT table (rates, EU member states, legal mentions), read from `data/vat.yaml`.
//!
//! Rates and wording change by law; keeping them in data means a rate change is a one-line
//! edit reviewed with its source, and the code never hard-codes 21 %.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Deserialize;

/// The embedded table; `data/vat.yaml` is the single source.
const VAT_YAML: &str = include_str!("../../data/vat.yaml");

/// One allowed rate with the legal basis that allows it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateEntry {
    /// Percentage, e.g. 21.
    pub rate: Decimal,
    /// What the rate is for.
    pub label: String,
    /// Legal basis.
    pub source: String,
}

/// A text in the three document languages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trilingual {
    /// French.
    pub fr: String,
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

/// The mention printed for each zero-VAT treatment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mentions {
    /// Domestic reverse charge (art. 51 §2).
    pub reverse_charge: Trilingual,
    /// Reverse charge on B2B services to another EU member state (art. 21 §2).
    pub reverse_charge_eu: Trilingual,
    /// Intra-Community supply of goods (art. 39bis).
    pub intra_eu: Trilingual,
    /// Supply outside the EU (art. 21 §2 / art. 39).
    pub export: Trilingual,
    /// Small-business franchise (art. 56bis).
    pub franchise: Trilingual,
}

/// The whole of `data/vat.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VatTable {
    /// Rates a document line may carry.
    pub rates: Vec<RateEntry>,
    /// ISO codes of EU member states (plus `EL`, the VIES code for Greece).
    pub eu_member_states: Vec<String>,
    /// Mentions per VAT treatment.
    pub mentions: Mentions,
}

/// The table, parsed once; the file ships with the binary so this cannot fail at run time
/// (a unit test parses it).
pub fn table() -> &'static VatTable {
    static TABLE: OnceLock<VatTable> = OnceLock::new();
    TABLE.get_or_init(|| serde_yaml::from_str(VAT_YAML).expect("data/vat.yaml is valid"))
}

/// True when `rate` (a percentage) is one of the Belgian rates.
pub fn is_known_rate(rate: Decimal) -> bool {
    table().rates.iter().any(|r| r.rate == rate)
}

/// The known rates, ascending, for messages such as "use 0, 6, 12 or 21".
pub fn known_rates() -> Vec<Decimal> {
    let mut v: Vec<Decimal> = table().rates.iter().map(|r| r.rate).collect();
    v.sort();
    v
}

/// True when `country` (ISO alpha-2) is an EU member state.
pub fn is_eu(country: &str) -> bool {
    table()
        .eu_member_states
        .iter()
        .any(|c| c.eq_ignore_ascii_case(country))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_lists_the_four_belgian_rates() {
        let rates: Vec<String> = known_rates().iter().map(|r| r.to_string()).collect();
        assert_eq!(rates, ["0", "6", "12", "21"]);
        assert!(is_eu("NL") && is_eu("ie") && !is_eu("CH"));
    }
}
