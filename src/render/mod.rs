//! tera environment that turns documents into Typst source with every value escaped.
//!
//! A document becomes a [`Sandbox`]: a `.typ` file produced by a tera template, the
//! document's data as JSON (read by the template with Typst's `json()`, so user text is
//! never parsed as markup), the payment QR code as SVG and the issuer's logo. Built-in
//! templates are embedded with `include_str!`; a file of the same name under the
//! workspace's `templates/` replaces one. In `.typ` templates tera escapes every
//! `{{ value }}` for Typst markup (see [`escape`]); `typst_str` quotes a value as a
//! Typst string for code contexts.

// `UserError` (file, line, column, field, message, hint) is the project-wide input error;
// it is built only on the cold error path, so boxing it would cost clarity for nothing.
#![allow(clippy::result_large_err)]

pub mod escape;
pub mod format;
pub mod i18n;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::UserError;
use crate::model::{ResolvedCreditNote, ResolvedInvoice, ResolvedQuote};
pub use crate::typst::Sandbox;
use crate::workspace::Workspace;
use i18n::I18n;
use view::{DocumentView, Files};

/// Templates shipped with clausier; a workspace file with the same relative name wins.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("invoice.typ", include_str!("../../templates/invoice.typ")),
    ("quote.typ", include_str!("../../templates/quote.typ")),
    (
        "credit-note.typ",
        include_str!("../../templates/credit-note.typ"),
    ),
    (
        "partials/base.typ",
        include_str!("../../templates/partials/base.typ"),
    ),
    (
        "partials/header.typ",
        include_str!("../../templates/partials/header.typ"),
    ),
    (
        "partials/parties.typ",
        include_str!("../../templates/partials/parties.typ"),
    ),
    (
        "partials/lines.typ",
        include_str!("../../templates/partials/lines.typ"),
    ),
    (
        "partials/totals.typ",
        include_str!("../../templates/partials/totals.typ"),
    ),
    (
        "partials/payment.typ",
        include_str!("../../templates/partials/payment.typ"),
    ),
    (
        "partials/notes.typ",
        include_str!("../../templates/partials/notes.typ"),
    ),
    (
        "partials/deposit.typ",
        include_str!("../../templates/partials/deposit.typ"),
    ),
    (
        "partials/terms.typ",
        include_str!("../../templates/partials/terms.typ"),
    ),
    (
        "partials/acceptance.typ",
        include_str!("../../templates/partials/acceptance.typ"),
    ),
    (
        "partials/annex.typ",
        include_str!("../../templates/partials/annex.typ"),
    ),
    (
        "partials/withdrawal.typ",
        include_str!("../../templates/partials/withdrawal.typ"),
    ),
];

/// The kinds of document this module renders; each has a template and an output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `invoice.typ`, written to `out/invoice/`.
    Invoice,
    /// `quote.typ`, written to `out/quote/`.
    Quote,
    /// `credit-note.typ`, written to `out/credit-note/`.
    CreditNote,
}

impl Kind {
    /// The name used for the template, the output folder and the JSON `kind` field.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::Quote => "quote",
            Kind::CreditNote => "credit-note",
        }
    }
    /// The main template of this kind.
    pub fn template(self) -> String {
        format!("{}.typ", self.slug())
    }
}

/// A rendered document, ready for `typst::compile`.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The files typst will see.
    pub sandbox: Sandbox,
    /// File-name stem (the document number made safe), used for `out/<kind>/<stem>.pdf`.
    pub stem: String,
    /// Document date, used as the PDF creation date.
    pub date: chrono::NaiveDate,
    /// Things the user must know (a provisional statutory rate, ...); printed by the CLI.
    pub warnings: Vec<String>,
}

/// Loaded templates and labels: parse once, render many documents.
#[derive(Debug)]
pub struct Renderer {
    tera: tera::Tera,
    i18n: I18n,
    /// Template name to the workspace file that overrides it, for error messages.
    overrides: BTreeMap<String, PathBuf>,
}

/// Tera filter writing a value as Typst markup; `{{ x }}` already does this in `.typ` files.
struct MarkupFilter;
impl tera::Filter for MarkupFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Ok(tera::Value::String(escape::markup(&value_text(value))))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

/// Tera filter writing a value as a quoted Typst string literal.
struct StringFilter;
impl tera::Filter for StringFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Ok(tera::Value::String(escape::string_literal(&value_text(
            value,
        ))))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

fn value_text(value: &tera::Value) -> String {
    match value {
        tera::Value::String(s) => s.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The escape function tera applies to every `{{ }}` of a `.typ` template.
fn autoescape(text: &str) -> String {
    escape::markup(text)
}

/// Reads every `.typ` under `dir`, keyed by its path relative to `dir` with `/` separators.
fn workspace_templates(dir: &Path) -> Result<Vec<(String, String, PathBuf)>, UserError> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| UserError::new(format!("cannot list templates: {e}")).file(dir))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "typ") {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError::new(format!("cannot read template: {e}")).file(path))?;
        found.push((name, text, path.to_path_buf()));
    }
    Ok(found)
}

/// Flattens tera's nested errors into one readable message.
fn tera_message(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

impl Renderer {
    /// The built-in templates and labels only.
    pub fn builtin() -> Result<Renderer, UserError> {
        Renderer::build(None)
    }

    /// Built-ins overridden by the workspace's `templates/` (`*.typ` and `i18n.yaml`).
    pub fn for_workspace(ws: &Workspace) -> Result<Renderer, UserError> {
        Renderer::build(Some(&ws.root.join("templates")))
    }

    fn build(dir: Option<&Path>) -> Result<Renderer, UserError> {
        let mut sources: BTreeMap<String, String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut overrides = BTreeMap::new();
        let mut i18n = I18n::builtin();
        if let Some(dir) = dir {
            for (name, text, path) in workspace_templates(dir)? {
                sources.insert(name.clone(), text);
                overrides.insert(name, path);
            }
            let labels = dir.join("i18n.yaml");
            if labels.is_file() {
                let text = std::fs::read_to_string(&labels).map_err(|e| {
                    UserError::new(format!("cannot read labels: {e}")).file(&labels)
                })?;
                i18n = I18n::parse(&text, &labels)?;
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".typ"]);
        tera.set_escape_fn(autoescape);
        tera.register_filter("typst", MarkupFilter);
        tera.register_filter("typst_str", StringFilter);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect::<Vec<_>>())
            .map_err(|e| {
                let mut err = UserError::new(format!("invalid template: {}", tera_message(&e)))
                    .hint("templates are tera templates producing Typst; compare with the built-in ones (clausier's templates/)");
                if let Some(path) = overrides.values().find(|p| tera_message(&e).contains(&*p.file_name().unwrap_or_default().to_string_lossy())) {
                    err = err.file(path);
                }
                err
            })?;
        Ok(Renderer {
            tera,
            i18n,
            overrides,
        })
    }

    /// The labels in use (built-in or the workspace's).
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// Renders `kind`'s template for a prepared view and packs the sandbox.
    pub fn render_view(
        &self,
        kind: Kind,
        view: &DocumentView,
        assets: view::Assets,
    ) -> Result<Sandbox, UserError> {
        let files = Files::for_stem(
            &view.stem,
            assets.qr_svg.is_some(),
            assets.logo.as_ref().map(|(ext, _)| ext.as_str()),
            assets.ubl_xml.is_some(),
        );
        let mut ctx = tera::Context::new();
        ctx.insert("d", view);
        ctx.insert("t", &self.i18n.labels(view.lang_code()));
        ctx.insert("files", &files);
        let name = kind.template();
        let source = self.tera.render(&name, &ctx).map_err(|e| {
            let mut err = UserError::new(format!("template {name} failed: {}", tera_message(&e)))
                .hint("fix the template, or delete the workspace override to use the built-in one");
            if let Some(path) = self.overrides.get(&name) {
                err = err.file(path);
            }
            err
        })?;
        let json = serde_json::to_vec_pretty(view)
            .map_err(|e| UserError::new(format!("cannot encode document data: {e}")))?;
        let mut out = vec![
            (PathBuf::from(&files.main), source.into_bytes()),
            (PathBuf::from(&files.data), json),
        ];
        if let (Some(svg), Some(qr)) = (assets.qr_svg, &files.qr) {
            out.push((PathBuf::from(qr), svg.into_bytes()));
        }
        if let (Some((_, bytes)), Some(logo)) = (assets.logo, &files.logo) {
            out.push((PathBuf::from(logo), bytes));
        }
        if let (Some(xml), Some(ubl)) = (assets.ubl_xml, &files.ubl) {
            out.push((PathBuf::from(ubl), xml.into_bytes()));
        }
        Ok(Sandbox {
            main: PathBuf::from(&files.main),
            files: out,
        })
    }

    /// An invoice's sandbox: the template, its data, QR code and logo.
    pub fn invoice(&self, ws: &Workspace, inv: &ResolvedInvoice) -> Result<Rendered, UserError> {
        self.invoice_with_ubl(ws, inv, None)
    }

    /// An invoice whose PDF carries its Peppol UBL as an attachment (hybrid e-invoice;
    /// compile with `pdf_standard: Some("a-3b")`).
    pub fn invoice_with_ubl(
        &self,
        ws: &Workspace,
        inv: &ResolvedInvoice,
        ubl_xml: Option<String>,
    ) -> Result<Rendered, UserError> {
        let (v, mut assets, warnings) = view::invoice(ws, &self.i18n, inv)?;
        assets.ubl_xml = ubl_xml;
        let sandbox = self.render_view(Kind::Invoice, &v, assets)?;
        Ok(Rendered {
            sandbox,
            stem: v.stem.clone(),
            date: inv.issue_date,
            warnings,
        })
    }

    /// A quote's sandbox, with its terms annexed or referenced and its content hash.
    pub fn quote(&self, ws: &Workspace, q: &ResolvedQuote) -> Result<Rendered, UserError> {
        let (v, assets, warnings) = view::quote(ws, &self.i18n, q)?;
        let sandbox = self.render_view(Kind::Quote, &v, assets)?;
        Ok(Rendered {
            sandbox,
            stem: v.stem.clone(),
            date: q.issue_date,
            warnings,
        })
    }

    /// A credit note's sandbox.
    pub fn credit_note(
        &self,
        ws: &Workspace,
        cn: &ResolvedCreditNote,
    ) -> Result<Rendered, UserError> {
        self.credit_note_with_ubl(ws, cn, None)
    }

    /// A credit note whose PDF carries its Peppol UBL as an attachment.
    pub fn credit_note_with_ubl(
        &self,
        ws: &Workspace,
        cn: &ResolvedCreditNote,
        ubl_xml: Option<String>,
    ) -> Result<Rendered, UserError> {
        let (v, mut assets, warnings) = view::credit_note(ws, &self.i18n, cn)?;
        assets.ubl_xml = ubl_xml;
        let sandbox = self.render_view(Kind::CreditNote, &v, assets)?;
        Ok(Rendered {
            sandbox,
            stem: v.stem.clone(),
            date: cn.issue_date,
            warnings,
        })
    }
}

/// One invoice's sandbox with the workspace's templates: the batch renderer's entry point
/// (it packs many of these into one typst bundle compile). Pure: no process, no write.
pub fn invoice_sandbox(ws: &Workspace, inv: &ResolvedInvoice) -> Result<Rendered, UserError> {
    Renderer::for_workspace(ws)?.invoice(ws, inv)
}

/// Makes a document number safe as a file name, the way the ledger names PDFs
/// (`ledger::pdf_relative_path`): `F/2026/7` → `F-2026-7`; anything else that is not a
/// letter, digit, `-`, `_` or `.` becomes `_`.
pub fn file_stem(number: &str) -> String {
    let stem: String = number
        .chars()
        .map(|c| match c {
            '/' | '\\' => '-',
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => c,
            _ => '_',
        })
        .collect();
    let stem = stem.trim_start_matches('.').to_string();
    if stem.is_empty() {
        "document".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_safe_file_names() {
        assert_eq!(file_stem("2026-00042"), "2026-00042");
        assert_eq!(file_stem("F/2026/7"), "F-2026-7");
        assert_eq!(file_stem("F 2026:7"), "F_2026_7");
        assert_eq!(file_stem("../x"), "-x");
        assert_eq!(file_stem(""), "document");
    }

    #[test]
    fn every_builtin_template_parses() {
        Renderer::builtin().expect("built-in templates are valid tera");
    }
}
