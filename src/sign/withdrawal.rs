//! The withdrawal annex of a consumer quote concluded at a distance.
//!
//! A consumer who contracts at a distance (by e-mail, online) may withdraw within 14 days
//! without giving a reason (CEL art. VI.47; 12 months more when not informed, VI.48), with
//! the model form of Annex 2 or any clear statement (VI.49), must be told before
//! contracting when the right is absent or lost (VI.45 §1), and loses it for a service
//! fully performed only after express consent and acknowledgement (VI.53, 1°). The quote
//! annexes that information, taken from the library clauses [`CLAUSE_IDS`]
//! (`withdrawal-b2c`, and `mediation-b2c` for where the consumer turns when it goes wrong:
//! the Consumer Mediation Service, Book XVI CEL), the same text `terms build` prints, in
//! the client's language; so the annex lints clean with the auditor on its own. The
//! acceptance block carries the early-start request as a checkbox.
//!
//! Whether a quote is a distance contract is said by the quote itself (`distance: true`):
//! the same client may sign one quote in the shop and accept another by e-mail.
// UserError carries file, line, column and hint by design, like the rest of the crate.
#![allow(clippy::result_large_err)]

use std::path::Path;

use chrono::NaiveDate;

use crate::clauses::{
    AssembleOptions, Block, Library, Provider, Target, assemble, blocks_markdown, parse_selection,
};
use crate::error::UserError;
use crate::latefee::rates::RateTable;
use crate::model::{Issuer, Lang};
use crate::render::i18n::I18n;

/// The library clauses the annex is made of, in this order.
pub const CLAUSE_IDS: [&str; 2] = ["withdrawal-b2c", "mediation-b2c"];

/// The annexed withdrawal information and model form, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalAnnex {
    /// "Annex – Right of withdrawal", the annex's heading.
    pub title: String,
    /// One sentence saying why the annex is there.
    pub intro: String,
    /// Each clause's title and text (paragraphs, and the model form in a box).
    pub articles: Vec<(String, Vec<Block>)>,
}

impl WithdrawalAnnex {
    /// The annex as Markdown: what the auditor reads, in the words the PDF prints.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n{}\n", self.title, self.intro);
        for (heading, blocks) in &self.articles {
            out.push_str(&format!("\n## {heading}\n\n{}\n", blocks_markdown(blocks)));
        }
        out
    }
}

/// Builds the annex for a quote of `issuer` dated `date`, in `lang`, from the clause
/// library of the workspace at `root` (its `clauses/` may override the built-in clause).
pub fn withdrawal_annex(
    root: &Path,
    issuer: &Issuer,
    lang: Lang,
    date: NaiveDate,
    i18n: &I18n,
) -> Result<WithdrawalAnnex, UserError> {
    let lib = Library::with_dir(&root.join("clauses"))?;
    let selection = parse_selection(
        Path::new("<withdrawal annex>"),
        &format!(
            "audience: b2c\nclauses:\n  - {}\n",
            CLAUSE_IDS.join("\n  - ")
        ),
    )?;
    let opts = AssembleOptions {
        target: Some(Target::B2c),
        lang,
        date: Some(date),
        provider: Some(Provider::from_issuer(issuer)),
        rates: RateTable::embedded(),
    };
    let terms = assemble(&lib, &selection, &opts)?;
    Ok(WithdrawalAnnex {
        title: i18n.fill("withdrawal_annex", lang, &[]),
        intro: i18n.fill("withdrawal_intro", lang, &[]),
        articles: terms
            .articles
            .into_iter()
            .map(|a| (a.title, a.blocks))
            .collect(),
    })
}
