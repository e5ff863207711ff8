//! Parties, lines and documents as loaded from YAML; every type rejects unknown fields.
//!
//! These are the shapes users write by hand, so each one denies unknown keys (a typo is
//! an error with a did-you-mean hint, never a silently ignored field) and identifiers are
//! validated while parsing (see `crate::be::ids`). Documents are resolved against a
//! workspace in [`resolve`]; the YAML-to-error plumbing lives in [`yaml`].
//! The full API is described in `docs/model.md`.

// UserError carries file, position, field and hint by design; boxing it would only
// move the allocation, and errors are the cold path.
#![allow(clippy::result_large_err)]

pub mod numbering;
pub mod resolve;
pub mod schema;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::be::ids::{HINT_SEP, IdError};
use crate::be::{Bic, EnterpriseNumber, Iban, VatNumber};

pub use resolve::{
    ResolvedCreditNote, ResolvedInvoice, ResolvedLine, ResolvedQuote, deduct, derive_vat_treatment,
    resolve_credit_note, resolve_invoice, resolve_quote, vat_mention,
};
pub use yaml::Source;

/// Document and interface language; a client's language picks the document's.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code, as used in file names and templates.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
    /// Picks the text of this language from a trilingual triple.
    pub fn pick<'a>(self, fr: &'a str, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Business or consumer: decides the payment-term cap, late-fee rules and reverse charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    /// A business customer (Law of 2 August 2002 applies).
    B2b,
    /// A consumer (Book VI and Book XIX CEL apply).
    B2c,
}

/// The issuer's VAT status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VatRegime {
    /// VAT-registered, charges VAT.
    #[default]
    Normal,
    /// Small-business franchise (VAT Code art. 56bis): charges no VAT.
    Franchise,
}

/// How VAT applies to one document; derived from issuer and client, overridable per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VatTreatment {
    /// Belgian VAT at the line rates.
    Standard,
    /// The customer accounts for the VAT (art. 51 §2; art. 21 §2 for EU B2B services): 0 %.
    ReverseCharge,
    /// Exempt intra-Community supply of goods to an EU business (art. 39bis): 0 %.
    IntraEu,
    /// Supply outside the EU or not taxable in Belgium (art. 21 §2 / art. 39): 0 %.
    Export,
    /// Issuer under the small-business franchise (art. 56bis): 0 %.
    Franchise,
}

impl VatTreatment {
    /// True when no VAT is charged, so every line must carry the 0 % rate.
    pub fn is_zero_rated(self) -> bool {
        self != VatTreatment::Standard
    }
    /// The key used in YAML and in messages.
    pub fn key(self) -> &'static str {
        match self {
            VatTreatment::Standard => "standard",
            VatTreatment::ReverseCharge => "reverse_charge",
            VatTreatment::IntraEu => "intra_eu",
            VatTreatment::Export => "export",
            VatTreatment::Franchise => "franchise",
        }
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`BE`, `NL`, `IE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct Country(String);

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::be::ids::deserialize_checked(d, Country::parse, "a country code")
    }
}

impl Country {
    /// Belgium, the default when an address names no country.
    pub fn belgium() -> Self {
        Country("BE".into())
    }
    /// Parses a two-letter code, case-insensitively.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let t = raw.trim();
        if t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Country(t.to_ascii_uppercase()))
        } else {
            Err(IdError {
                message: format!("`{raw}` is not a two-letter country code"),
                hint: "use the ISO 3166 code, e.g. `BE`, `FR`, `NL`, `IE`".into(),
            })
        }
    }
    /// The code, e.g. `BE`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// True for Belgium.
    pub fn is_belgium(&self) -> bool {
        self.0 == "BE"
    }
}

impl Default for Country {
    fn default() -> Self {
        Country::belgium()
    }
}

impl PartialEq<&str> for Country {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Country {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Country::parse(&s)
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.0
    }
}

impl JsonSchema for Country {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Country".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "ISO 3166-1 alpha-2 country code, e.g. BE, FR, NL, IE",
            "pattern": "^[A-Za-z]{2}$",
            "default": "BE"
        })
    }
}

/// A postal address as printed on documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number, e.g. "Rue de la Loi 16".
    pub street: String,
    /// Postal code, e.g. "1000".
    pub postcode: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code; Belgium when absent.
    #[serde(default)]
    pub country: Country,
}

/// The business that issues the documents (`issuer:` in clausier.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Registered name, e.g. "Pixel & Pavé".
    pub legal_name: String,
    /// Legal form printed after the name (Companies Code art. 2:20), e.g. "SRL" or "BV".
    pub legal_form: String,
    /// Registered office.
    pub address: Address,
    /// Enterprise number (KBO/BCE), checked with mod 97.
    pub enterprise_number: EnterpriseNumber,
    /// VAT number; required unless the issuer is under the franchise regime.
    #[serde(default)]
    pub vat_number: Option<VatNumber>,
    /// Register of legal persons and its court, e.g. "RPM Bruxelles" (Companies Code art. 2:20).
    #[serde(default)]
    pub rpm: Option<String>,
    /// Account that receives payments, checked with mod 97.
    pub iban: Iban,
    /// BIC of that account.
    pub bic: Bic,
    /// Contact e-mail printed on documents.
    pub email: String,
    /// Contact phone printed on documents.
    pub phone: String,
    /// Website printed on documents.
    #[serde(default)]
    pub website: Option<String>,
    /// Logo image, relative to the workspace root (PNG, JPEG or SVG).
    #[serde(default)]
    pub logo: Option<PathBuf>,
}

/// A customer (`clients/<id>.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Identifier used by documents (`client: <id>`); letters, digits, `-` and `_`.
    pub id: String,
    /// Name printed on documents (company or person).
    pub name: String,
    /// Business or consumer.
    pub kind: ClientKind,
    /// Language of the documents sent to this client.
    pub language: Lang,
    /// Billing address.
    pub address: Address,
    /// Customer VAT number (B2B); drives reverse charge for EU businesses.
    #[serde(default)]
    pub vat_number: Option<VatNumber>,
    /// E-mail the documents are sent to.
    #[serde(default)]
    pub email: Option<String>,
    /// Payment term in days overriding the workspace default (B2B: at most 60).
    #[serde(default)]
    pub payment_term_days: Option<u32>,
}

/// A VAT rate in percent, limited to the Belgian rates listed in `data/vat.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "Decimal")]
pub struct VatRate(Decimal);

impl<'de> Deserialize<'de> for VatRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::be::ids::deserialize_checked(
            d,
            |s| {
                let p: Decimal =
                    s.trim()
                        .trim_end_matches('%')
                        .trim()
                        .parse()
                        .map_err(|_| IdError {
                            message: format!("`{s}` is not a VAT rate"),
                            hint: "write the rate in percent: 0, 6, 12 or 21".into(),
                        })?;
                VatRate::new(p)
            },
            "a VAT rate in percent",
        )
    }
}

impl VatRate {
    /// The zero rate used by every zero-VAT treatment.
    pub const ZERO: VatRate = VatRate(Decimal::ZERO);

    /// Accepts only the rates of `data/vat.yaml` (0, 6, 12, 21 today).
    pub fn new(percent: Decimal) -> Result<Self, IdError> {
        let p = percent.normalize();
        if crate::be::vat::is_known_rate(p) {
            Ok(VatRate(p))
        } else {
            let known: Vec<String> = crate::be::vat::known_rates()
                .iter()
                .map(|r| r.to_string())
                .collect();
            Err(IdError {
                message: format!("unknown VAT rate {p} %"),
                hint: format!("Belgian VAT rates are {} (data/vat.yaml)", known.join(", ")),
            })
        }
    }
    /// The percentage, e.g. 21.
    pub fn percent(self) -> Decimal {
        self.0
    }
    /// The multiplier, e.g. 0.21.
    pub fn fraction(self) -> Decimal {
        self.0 / Decimal::ONE_HUNDRED
    }
}

impl fmt::Display for VatRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<Decimal> for VatRate {
    type Error = IdError;
    fn try_from(d: Decimal) -> Result<Self, IdError> {
        VatRate::new(d)
    }
}

impl From<VatRate> for Decimal {
    fn from(r: VatRate) -> Decimal {
        r.0
    }
}

impl JsonSchema for VatRate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "VatRate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let rates: Vec<serde_json::Value> = crate::be::vat::known_rates()
            .iter()
            .filter_map(|r| serde_json::from_str::<serde_json::Value>(&r.to_string()).ok())
            .collect();
        schemars::json_schema!({
            "description": "VAT rate in percent; Belgian rates only (data/vat.yaml)",
            "enum": rates
        })
    }
}

/// One line of a quote, invoice or credit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// What is supplied, precise enough for the VAT authority (AR 1 art. 5).
    pub description: String,
    /// Quantity; negative for a deduction line.
    #[schemars(schema_with = "schema::decimal")]
    pub quantity: Decimal,
    /// Unit, e.g. "h", "day", "pcs".
    #[serde(default)]
    pub unit: Option<String>,
    /// Unit price excluding VAT, in EUR.
    #[schemars(schema_with = "schema::decimal")]
    pub unit_price: Decimal,
    /// VAT rate in percent (0, 6, 12 or 21); 0 under reverse charge, intra-EU, export or franchise.
    pub vat_rate: VatRate,
    /// Discount in percent of the line amount (0 to 100).
    #[serde(default)]
    #[schemars(schema_with = "schema::opt_decimal")]
    pub discount_percent: Option<Decimal>,
}

/// Defaults applied when a client or document says nothing (`defaults:` in clausier.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Language of the user interface and of clients that name none.
    #[serde(default = "default_language")]
    pub language: Lang,
    /// Payment term in days (30 is the statutory default for B2B; 60 the B2B maximum).
    #[serde(default = "default_term")]
    pub payment_term_days: u32,
    /// Normal VAT or the small-business franchise.
    #[serde(default)]
    pub vat_regime: VatRegime,
    /// Days a quote stays valid when it names no `valid_until`.
    #[serde(default = "default_quote_validity")]
    pub quote_validity_days: u32,
}

fn default_language() -> Lang {
    Lang::Fr
}
fn default_term() -> u32 {
    30
}
fn default_quote_validity() -> u32 {
    30
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            language: default_language(),
            payment_term_days: default_term(),
            vat_regime: VatRegime::Normal,
            quote_validity_days: default_quote_validity(),
        }
    }
}

/// Number patterns per document kind (`numbering:` in clausier.yaml); see `resolve::format_number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// Invoice numbers, e.g. "{year}-{seq:05}" → 2026-00042.
    #[serde(default = "default_invoice_pattern")]
    pub invoice: String,
    /// Quote numbers, e.g. "Q{year}-{seq:04}".
    #[serde(default = "default_quote_pattern")]
    pub quote: String,
    /// Credit-note numbers, e.g. "CN{year}-{seq:05}".
    #[serde(default = "default_credit_note_pattern")]
    pub credit_note: String,
}

fn default_invoice_pattern() -> String {
    "{year}-{seq:05}".into()
}
fn default_quote_pattern() -> String {
    "Q{year}-{seq:04}".into()
}
fn default_credit_note_pattern() -> String {
    "CN{year}-{seq:05}".into()
}

impl Default for Numbering {
    fn default() -> Self {
        Numbering {
            invoice: default_invoice_pattern(),
            quote: default_quote_pattern(),
            credit_note: default_credit_note_pattern(),
        }
    }
}

/// The whole of `clausier.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The business issuing documents.
    pub issuer: Issuer,
    /// Defaults for clients and documents.
    #[serde(default)]
    pub defaults: Defaults,
    /// Number patterns.
    #[serde(default)]
    pub numbering: Numbering,
    /// The auditor's section (`clausier audit`: profiles, ignores, baseline), read and
    /// validated by `crate::audit::config`; opaque here so a workspace that configures the
    /// audit still generates documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<serde_json::Value>,
    /// The published general terms `clausier check` compares with the documents:
    /// selection files (terms/*.yaml) or terms as published (.md .txt .html .docx .pdf),
    /// relative to the workspace root. Default: every terms/*.yaml.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<PathBuf>,
}

/// An invoice as written in `invoices/*.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceDoc {
    /// Client id (`id:` of a file in `clients/`).
    pub client: String,
    /// Invoice number; allocated by the ledger when absent.
    #[serde(default)]
    pub number: Option<String>,
    /// Issue date (YYYY-MM-DD).
    #[schemars(schema_with = "schema::date")]
    pub issue_date: NaiveDate,
    /// Due date; issue date + payment term when absent.
    #[serde(default)]
    #[schemars(schema_with = "schema::opt_date")]
    pub due_date: Option<NaiveDate>,
    /// Date of supply when it differs from the issue date.
    #[serde(default)]
    #[schemars(schema_with = "schema::opt_date")]
    pub supply_date: Option<NaiveDate>,
    /// Subject line printed under the title.
    #[serde(default)]
    pub subject: Option<String>,
    /// Invoice lines.
    pub lines: Vec<Line>,
    /// Free text printed under the totals.
    #[serde(default)]
    pub notes: Option<String>,
    /// VAT treatment; derived from issuer and client when absent.
    #[serde(default)]
    pub vat_treatment: Option<VatTreatment>,
    /// The buyer's order or reference number (Peppol BT-10).
    #[serde(default)]
    pub buyer_reference: Option<String>,
}

/// A quote as written in `quotes/*.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteDoc {
    /// Client id.
    pub client: String,
    /// Quote number; allocated when absent.
    #[serde(default)]
    pub number: Option<String>,
    /// Issue date (YYYY-MM-DD).
    #[schemars(schema_with = "schema::date")]
    pub issue_date: NaiveDate,
    /// Last day the offer can be accepted; issue date + `defaults.quote_validity_days` when absent.
    #[serde(default)]
    #[schemars(schema_with = "schema::opt_date")]
    pub valid_until: Option<NaiveDate>,
    /// Deposit asked on acceptance, in percent of the total including VAT.
    #[serde(default)]
    #[schemars(schema_with = "schema::opt_decimal")]
    pub deposit_percent: Option<Decimal>,
    /// Subject line printed under the title.
    #[serde(default)]
    pub subject: Option<String>,
    /// Quote lines.
    pub lines: Vec<Line>,
    /// General terms annexed to the quote, relative to the workspace root.
    #[serde(default)]
    pub terms: Option<PathBuf>,
    /// The consumer accepts this quote at a distance (by e-mail, online): the quote then
    /// annexes the withdrawal information and the model withdrawal form (CEL art. VI.45,
    /// VI.49 and Annex 2) and asks whether services may start within the 14 days.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub distance: bool,
    /// Free text printed under the totals.
    #[serde(default)]
    pub notes: Option<String>,
    /// VAT treatment; derived from issuer and client when absent.
    #[serde(default)]
    pub vat_treatment: Option<VatTreatment>,
}

/// A credit note as written in `credit-notes/*.yaml`; it cancels all or part of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditNoteDoc {
    /// Client id (the one of the credited invoice).
    pub client: String,
    /// Credit-note number; allocated when absent.
    #[serde(default)]
    pub number: Option<String>,
    /// Issue date (YYYY-MM-DD).
    #[schemars(schema_with = "schema::date")]
    pub issue_date: NaiveDate,
    /// Number of the invoice being credited.
    pub invoice_number: String,
    /// Issue date of that invoice.
    #[schemars(schema_with = "schema::date")]
    pub invoice_date: NaiveDate,
    /// Why the invoice is credited.
    pub reason: String,
    /// Credited lines, with positive amounts (the document is a credit).
    pub lines: Vec<Line>,
    /// Free text printed under the totals.
    #[serde(default)]
    pub notes: Option<String>,
    /// VAT treatment; should match the credited invoice; derived when absent.
    #[serde(default)]
    pub vat_treatment: Option<VatTreatment>,
}

/// Splits a serde message produced by an `IdError` back into message and hint.
pub(crate) fn split_hint(msg: &str) -> (String, Option<String>) {
    match msg.split_once(HINT_SEP) {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (msg.to_string(), None),
    }
}
