//! Render invoices, quotes and credit notes: `clausier invoice|quote|credit-note FILE`.
//!
//! Read the YAML document, resolve it against the workspace (client, dates, VAT, totals),
//! render the Typst sandbox, compile it with the pinned typst, then write the PDF
//! atomically to `out/<kind>/<number>.pdf`. Every check happens before anything is
//! written, so bad input leaves `out/` untouched.

// `UserError` (file, line, column, field, message, hint) is the project-wide input error;
// it is built only on the cold error path, so boxing it would cost clarity for nothing.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Globals;
use crate::error::UserError;
use crate::model::{
    CreditNoteDoc, InvoiceDoc, QuoteDoc, Source, resolve_credit_note, resolve_invoice,
    resolve_quote,
};
use crate::render::{Kind, Rendered, Renderer};
use crate::typst::{self, TypstError};
use crate::workspace::Workspace;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum DocumentArgs {
    /// Render an invoice (YAML) to PDF, with payment QR code and legal mentions.
    Invoice(RenderArgs),
    /// Render a quote (YAML) to PDF, with acceptance block and content hash.
    Quote(RenderArgs),
    /// Render a credit note (YAML) that credits an earlier invoice.
    CreditNote(RenderArgs),
}

/// Options shared by the three document commands.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// The document's YAML file.
    pub file: PathBuf,
    /// Where to write the PDF; a directory (existing, or written with a trailing `/`) gets
    /// `<number>.pdf` [default: out/<kind>/<number>.pdf in the workspace].
    #[arg(short, long, value_name = "PDF")]
    pub out: Option<PathBuf>,
    /// Keep the generated Typst source, its JSON data and assets next to the PDF, for debugging.
    #[arg(long)]
    pub emit_typst: bool,
}

/// Runs one subcommand of the group.
pub fn run(args: &DocumentArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let (kind, a) = match args {
        DocumentArgs::Invoice(a) => (Kind::Invoice, a),
        DocumentArgs::Quote(a) => (Kind::Quote, a),
        DocumentArgs::CreditNote(a) => (Kind::CreditNote, a),
    };
    let written = render_file(kind, &a.file, a.out.as_deref(), a.emit_typst, globals)?;
    for w in &written.warnings {
        eprintln!("warning: {w}");
    }
    println!("{}", written.pdf.display());
    Ok(ExitCode::SUCCESS)
}

/// What a render wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The PDF.
    pub pdf: PathBuf,
    /// The Typst sources kept with `--emit-typst`.
    pub typst_files: Vec<PathBuf>,
    /// Warnings for the user.
    pub warnings: Vec<String>,
}

/// Opens the workspace named by `--workspace`, else the one holding `file`, else the
/// one above the current directory.
fn open_workspace(file: &Path, globals: &Globals) -> Result<Workspace, UserError> {
    if let Some(dir) = &globals.workspace {
        return Workspace::load(dir);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let start = std::fs::canonicalize(file)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| cwd.clone());
    match crate::workspace::find_root(&start) {
        Some(root) => Workspace::load(&root),
        None => Workspace::discover(&cwd),
    }
}

/// Turns a typst failure into an error the CLI prints with a hint.
pub fn typst_user_error(err: TypstError) -> UserError {
    let hint = match &err {
        TypstError::Compile { .. } => format!(
            "{} Run again with --emit-typst to inspect the generated source.",
            err.hint()
        ),
        _ => err.hint(),
    };
    UserError::new(err.to_string()).hint(hint)
}

/// Renders one document file to PDF; the library entry point behind the three commands.
pub fn render_file(
    kind: Kind,
    file: &Path,
    out: Option<&Path>,
    emit_typst: bool,
    globals: &Globals,
) -> Result<Written, UserError> {
    let ws = open_workspace(file, globals)?;
    let src = Source::read(file)?;
    let renderer = Renderer::for_workspace(&ws)?;
    let rendered: Rendered = match kind {
        Kind::Invoice => {
            let doc: InvoiceDoc = src.parse()?;
            renderer.invoice(&ws, &resolve_invoice(&ws, &src, &doc, None)?)?
        }
        Kind::Quote => {
            let doc: QuoteDoc = src.parse()?;
            renderer.quote(&ws, &resolve_quote(&ws, &src, &doc, None)?)?
        }
        Kind::CreditNote => {
            let doc: CreditNoteDoc = src.parse()?;
            renderer.credit_note(&ws, &resolve_credit_note(&ws, &src, &doc, None)?)?
        }
    };
    let pdf = match out {
        Some(p) if p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/') => {
            p.join(format!("{}.pdf", rendered.stem))
        }
        Some(p) => p.to_path_buf(),
        None => ws
            .root
            .join("out")
            .join(kind.slug())
            .join(format!("{}.pdf", rendered.stem)),
    };
    let write_err = |path: &Path, e: std::io::Error| {
        UserError::new(format!("cannot write {}: {e}", path.display()))
            .hint("check that the output directory is writable")
    };
    // The Typst sources are kept before compiling, so a failing template can be inspected.
    let mut typst_files = Vec::new();
    if emit_typst {
        let dir = match pdf.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        for (rel, bytes) in &rendered.sandbox.files {
            let path = dir.join(rel);
            crate::output::write_atomic(&path, bytes).map_err(|e| write_err(&path, e))?;
            typst_files.push(path);
        }
    }
    let pdf_bytes = typst::compile(&rendered.sandbox, rendered.date, &typst::Options::default())
        .map_err(typst_user_error)?;
    crate::output::write_atomic(&pdf, &pdf_bytes).map_err(|e| write_err(&pdf, e))?;
    Ok(Written {
        pdf,
        typst_files,
        warnings: rendered.warnings,
    })
}
