//! The PDF of assembled terms: `templates/terms.typ` plus the terms as JSON,
//! compiled by `crate::typst` in its sandbox.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::UserError;

use super::{Article, Terms};

/// The built-in layout; a workspace's `templates/terms.typ` replaces it.
pub const TEMPLATE: &str = include_str!("../../templates/terms.typ");

#[derive(Serialize)]
struct View<'a> {
    #[serde(flatten)]
    terms: &'a Terms,
    notice: Vec<Article>,
}

/// The files typst compiles: `terms.typ` (the layout) and `terms.json` (the text).
pub fn sandbox(terms: &Terms, template: Option<&str>) -> Vec<(PathBuf, Vec<u8>)> {
    let view = View {
        terms,
        notice: terms.notice(),
    };
    // Serialising plain structs of strings cannot fail.
    let json = serde_json::to_vec_pretty(&view).unwrap_or_default();
    vec![
        (
            PathBuf::from("terms.typ"),
            template.unwrap_or(TEMPLATE).as_bytes().to_vec(),
        ),
        (PathBuf::from("terms.json"), json),
    ]
}

/// Writes the Typst sources of the terms into `dir`, for `--emit-typst`.
pub fn emit_typst(terms: &Terms, template: Option<&str>, dir: &Path) -> Result<(), UserError> {
    for (rel, bytes) in sandbox(terms, template) {
        crate::output::write_atomic(&dir.join(&rel), &bytes).map_err(|e| {
            UserError::new(format!("cannot write the Typst sources: {e}")).file(dir)
        })?;
    }
    Ok(())
}

/// Compiles the terms to PDF bytes in typst's sandbox; the version date is the PDF's date.
pub fn render_pdf(terms: &Terms, template: Option<&str>) -> Result<Vec<u8>, UserError> {
    let sandbox = crate::typst::Sandbox {
        main: PathBuf::from("terms.typ"),
        files: sandbox(terms, template),
    };
    crate::typst::compile(
        &sandbox,
        terms.date.unwrap_or_default(),
        &crate::typst::Options::default(),
    )
    .map_err(crate::commands::document::typst_user_error)
}
