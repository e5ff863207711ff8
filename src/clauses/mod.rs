//! The clause library: typed parameters, one body per language, assembly into terms.
//!
//! A clause is a YAML file (`clauses/<id>.yaml`) with an id, a category, an
//! audience, typed parameters with defaults, a title and a body per language
//! (a tera template over the parameters) and the articles of law it follows.
//! The built-in library is embedded in the binary; a workspace `clauses/`
//! directory adds clauses or overrides built-ins with the same id.

// UserError carries file, position, field and hint by design; errors are the cold path,
// so boxing it would only cost clarity.
#![allow(clippy::result_large_err)]

mod assemble;
mod builtin;
mod load;
pub mod param;
mod pdf;
pub mod schema;
pub mod spans;
mod text;

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use assemble::{
    Article, AssembleOptions, Provider, RateBook, Selection, Terms, assemble, blocks_markdown,
    load_selection, parse_selection, preview, render_markdown,
};
pub use builtin::BUILTIN;
pub use load::{Library, docs_markdown};
pub use param::{ParamType, ParamValue};
pub use pdf::{emit_typst, render_pdf, sandbox};
pub use text::{Block, Run};

pub use crate::model::Lang;

/// Every language a clause is written in, in the order the library writes them.
pub const LANGS: [Lang; 3] = [Lang::Fr, Lang::Nl, Lang::En];

/// A text in the three languages; every user-facing text exists in all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// French.
    pub fr: String,
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// The same text in every language (a name, an e-mail address).
    pub fn same(s: &str) -> Self {
        Localized {
            fr: s.to_string(),
            nl: s.to_string(),
            en: s.to_string(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Who a clause may be offered to: the law differs for consumers and businesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Business customers only.
    B2b,
    /// Consumers only.
    B2c,
    /// Both.
    Both,
}

impl Audience {
    /// The code used in YAML.
    pub fn code(self) -> &'static str {
        match self {
            Audience::B2b => "b2b",
            Audience::B2c => "b2c",
            Audience::Both => "both",
        }
    }

    /// Whether a clause for `self` may appear in terms built for `target`.
    pub fn fits(self, target: Target) -> bool {
        matches!(
            (self, target),
            (Audience::Both, _) | (Audience::B2b, Target::B2b) | (Audience::B2c, Target::B2c)
        )
    }
}

/// The audience a set of terms is built for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Terms for business customers.
    B2b,
    /// Terms for consumers.
    B2c,
}

impl Target {
    /// The code used in YAML and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Target::B2b => "b2b",
            Target::B2c => "b2c",
        }
    }
}

/// The subject a clause deals with; used to browse the library and to order terms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Scope of the terms and definitions.
    Scope,
    /// Quotes, orders and formation of the contract.
    Order,
    /// Prices and taxes.
    Prices,
    /// Payment terms.
    Payment,
    /// Interest and compensation for late payment.
    LatePayment,
    /// Delivery, deadlines and acceptance of the work.
    Delivery,
    /// The consumer's right of withdrawal.
    Withdrawal,
    /// Legal and commercial guarantees.
    Guarantee,
    /// Hosting, maintenance and other recurring services.
    Hosting,
    /// Copyright and other intellectual property.
    IntellectualProperty,
    /// Confidential information.
    Confidentiality,
    /// Personal data.
    Privacy,
    /// Subcontractors.
    Subcontracting,
    /// Liability and its limits.
    Liability,
    /// Events beyond a party's control.
    ForceMajeure,
    /// Ending the contract.
    Termination,
    /// How customers complain.
    Complaints,
    /// Out-of-court dispute resolution.
    Mediation,
    /// Which law governs the contract.
    ApplicableLaw,
    /// Which court hears disputes.
    Jurisdiction,
    /// Severability, notices and other general provisions.
    General,
}

impl Category {
    /// Every category, in the order articles usually follow in general terms.
    pub const ALL: [Category; 21] = [
        Category::Scope,
        Category::Order,
        Category::Prices,
        Category::Payment,
        Category::LatePayment,
        Category::Delivery,
        Category::Withdrawal,
        Category::Guarantee,
        Category::Hosting,
        Category::IntellectualProperty,
        Category::Confidentiality,
        Category::Privacy,
        Category::Subcontracting,
        Category::Liability,
        Category::ForceMajeure,
        Category::Termination,
        Category::Complaints,
        Category::Mediation,
        Category::ApplicableLaw,
        Category::Jurisdiction,
        Category::General,
    ];

    /// The kebab-case code used in YAML and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Category::Scope => "scope",
            Category::Order => "order",
            Category::Prices => "prices",
            Category::Payment => "payment",
            Category::LatePayment => "late-payment",
            Category::Delivery => "delivery",
            Category::Withdrawal => "withdrawal",
            Category::Guarantee => "guarantee",
            Category::Hosting => "hosting",
            Category::IntellectualProperty => "intellectual-property",
            Category::Confidentiality => "confidentiality",
            Category::Privacy => "privacy",
            Category::Subcontracting => "subcontracting",
            Category::Liability => "liability",
            Category::ForceMajeure => "force-majeure",
            Category::Termination => "termination",
            Category::Complaints => "complaints",
            Category::Mediation => "mediation",
            Category::ApplicableLaw => "applicable-law",
            Category::Jurisdiction => "jurisdiction",
            Category::General => "general",
        }
    }

    /// Reads a category code, for `clauses list --category`.
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a parameter's default comes from when it changes over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DefaultSource {
    /// The B2B statutory rate (Law of 2 August 2002, art. 5) of the half-year of the terms' date.
    StatutoryRateB2b,
}

impl DefaultSource {
    /// The code used in YAML.
    pub fn code(self) -> &'static str {
        match self {
            DefaultSource::StatutoryRateB2b => "statutory-rate-b2b",
        }
    }
}

/// One typed parameter of a clause.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name used in the body template and in selections.
    pub name: String,
    /// Kind of value.
    pub ty: ParamType,
    /// Value used when the selection gives none.
    pub default: Option<ParamValue>,
    /// Default looked up in a data file at assembly time.
    pub default_from: Option<DefaultSource>,
    /// Lowest allowed value (amount, percent, days).
    pub min: Option<rust_decimal::Decimal>,
    /// Highest allowed value (amount, percent, days); often the legal maximum.
    pub max: Option<rust_decimal::Decimal>,
    /// Allowed values of a choice.
    pub choices: Vec<String>,
    /// What the parameter means, per language.
    pub description: Localized,
}

impl Param {
    /// The constraints values are checked against.
    pub fn bounds(&self) -> param::Bounds<'_> {
        param::Bounds {
            min: self.min,
            max: self.max,
            choices: &self.choices,
        }
    }
}

/// A clause of the library.
#[derive(Debug, Clone)]
pub struct Clause {
    /// Stable kebab-case id (the auditor's rules name it in `instead.clause`).
    pub id: String,
    /// Subject.
    pub category: Category,
    /// Who it may be offered to.
    pub audience: Audience,
    /// Shown in a bold box on page 1 (a consumer tacit-renewal clause must be).
    pub prominent: bool,
    /// Heading per language.
    pub title: Localized,
    /// Parameters in declaration order.
    pub parameters: Vec<Param>,
    /// Articles of law the clause follows.
    pub law: Vec<String>,
    /// Tera template per language.
    pub body: Localized,
    /// File the clause was read from (`clauses/<id>.yaml` for built-ins).
    pub source: PathBuf,
}

impl Clause {
    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// The candidate closest to `word`, when one is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
