//! Render invoices, quotes and credit notes: `clausier invoice|quote|credit-note FILE`.
//!
//! Read the YAML document, resolve it against the workspace (client, dates, VAT, totals),
//! render the Typst sandbox, compile it with the pinned typst, then write the PDF
//! atomically to `out/<kind>/<number>.pdf`. Every check happens before anything is
//! written, so bad input leaves `out/` untouched.

// `UserError` (file, line, column, field, message, hint) is the project-wide input error;
// it is built only on the cold error path, so boxing it would cost clarity for nothing.
#![allow(clippy::result_large_err)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Globals;
use crate::batch::workspace::{InvoiceInputs, WorkspaceInvoicing};
use crate::error::UserError;
use crate::ledger::{DocKind, DocumentRecord, Ledger, NewDocument, pdf_relative_path, sha256_hex};
use crate::model::{
    CreditNoteDoc, InvoiceDoc, QuoteDoc, ResolvedCreditNote, ResolvedInvoice, ResolvedQuote,
    Source, resolve_credit_note, resolve_invoice,
};
use crate::peppol::UblDocument;
use crate::render::{Kind, Rendered, Renderer};
use crate::typst::{self, TypstError};
use crate::workspace::Workspace;
use chrono::Datelike;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum DocumentArgs {
    /// Render an invoice (YAML) to PDF, with payment QR code and legal mentions.
    Invoice(TaxDocumentArgs),
    /// Render a quote (YAML) to PDF and record it as a draft; or move a recorded quote
    /// through its life: send, accept (deposit invoice), decline, invoice (final invoice).
    Quote(super::quote::QuoteArgs),
    /// Render a credit note (YAML) that credits an earlier invoice.
    CreditNote(TaxDocumentArgs),
    /// List the document templates, or copy the built-in ones into the workspace to edit them.
    Templates(TemplatesArgs),
    /// Check a quote PDF: intact, altered since issue, or signed on top (see crate::sign).
    Verify(crate::sign::verify::VerifyArgs),
}

/// Options of `clausier templates`.
#[derive(Debug, Clone, clap::Args)]
pub struct TemplatesArgs {
    /// Copy these built-in templates (all when none is named) into the workspace's
    /// `templates/`, where they replace the built-ins; existing files are never overwritten.
    #[arg(long)]
    pub eject: bool,
    /// Template names, e.g. `partials/base.typ` or `i18n.yaml`.
    pub names: Vec<String>,
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

/// Options of the tax documents (invoice, credit note), which can also be e-invoices.
#[derive(Debug, Clone, clap::Args)]
pub struct TaxDocumentArgs {
    /// File, output and debugging options.
    #[command(flatten)]
    pub render: RenderArgs,
    /// Also write the Peppol BIS 3.0 UBL e-invoice next to the PDF (`<number>.xml`, PDF embedded).
    #[arg(long)]
    pub ubl: bool,
    /// Make the PDF a hybrid e-invoice: PDF/A-3b with the UBL attached (implies --ubl).
    #[arg(long)]
    pub pdf_a3: bool,
}

/// What to render and where: the library form of the command line.
#[derive(Debug, Clone)]
pub struct Request {
    /// Invoice, quote or credit note.
    pub kind: Kind,
    /// The document's YAML file.
    pub file: PathBuf,
    /// `-o`: a PDF path or a directory.
    pub out: Option<PathBuf>,
    /// `--emit-typst`.
    pub emit_typst: bool,
    /// `--ubl`.
    pub ubl: bool,
    /// `--pdf-a3`.
    pub pdf_a3: bool,
}

/// Runs one subcommand of the group.
pub fn run(args: &DocumentArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let (kind, r, ubl, pdf_a3) = match args {
        DocumentArgs::Invoice(a) => (Kind::Invoice, &a.render, a.ubl, a.pdf_a3),
        DocumentArgs::Quote(a) => match a.render_args() {
            Some(r) => return render_and_print(Kind::Quote, &r, false, false, globals),
            None => return super::quote::run(a, globals),
        },
        DocumentArgs::CreditNote(a) => (Kind::CreditNote, &a.render, a.ubl, a.pdf_a3),
        DocumentArgs::Templates(a) => return templates(a, globals),
        DocumentArgs::Verify(a) => return crate::sign::verify::run(a, globals),
    };
    render_and_print(kind, r, ubl, pdf_a3, globals)
}

/// Renders one document file and prints where it went (notes and warnings on stderr).
fn render_and_print(
    kind: Kind,
    r: &RenderArgs,
    ubl: bool,
    pdf_a3: bool,
    globals: &Globals,
) -> anyhow::Result<ExitCode> {
    let request = Request {
        kind,
        file: r.file.clone(),
        out: r.out.clone(),
        emit_typst: r.emit_typst,
        ubl,
        pdf_a3,
    };
    let written = render_file(&request, globals)?;
    print_written(&written);
    Ok(ExitCode::SUCCESS)
}

/// Prints what a render wrote: notes and warnings on stderr, the files on stdout.
pub(crate) fn print_written(written: &Written) {
    for n in &written.notes {
        eprintln!("{n}");
    }
    for w in &written.warnings {
        eprintln!("warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", written.pdf.display());
    if let Some(xml) = &written.ubl {
        let _ = writeln!(out, "{}", xml.display());
    }
}

/// What a render wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The PDF.
    pub pdf: PathBuf,
    /// The Peppol UBL written next to it with `--ubl`.
    pub ubl: Option<PathBuf>,
    /// The Typst sources kept with `--emit-typst`.
    pub typst_files: Vec<PathBuf>,
    /// Warnings for the user.
    pub warnings: Vec<String>,
    /// What happened that the user should know (a number allocated by the ledger).
    pub notes: Vec<String>,
}

/// A document resolved against the workspace, whatever its kind.
enum Resolved {
    Invoice(ResolvedInvoice),
    Quote(ResolvedQuote),
    CreditNote(ResolvedCreditNote),
}

impl Resolved {
    fn ubl(&self) -> Option<UblDocument<'_>> {
        match self {
            Resolved::Invoice(i) => Some(UblDocument::Invoice(i)),
            Resolved::CreditNote(c) => Some(UblDocument::CreditNote(c)),
            Resolved::Quote(_) => None,
        }
    }
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
///
/// Everything that can fail on the input (YAML, workspace, Peppol requirements for
/// `--ubl`) is checked before the first file is written.
pub fn render_file(req: &Request, globals: &Globals) -> Result<Written, UserError> {
    let ws = open_workspace(&req.file, globals)?;
    let src = Source::read(&req.file)?;
    let renderer = Renderer::for_workspace(&ws)?;
    let resolved = match req.kind {
        Kind::Invoice => {
            let doc: InvoiceDoc = src.parse()?;
            if doc.number.is_none() {
                let slot = allocate_invoice(&ws, &src, &req.file, &doc)?;
                return render_allocated(req, &renderer, &ws, slot);
            }
            Resolved::Invoice(resolve_invoice(&ws, &src, &doc, None)?)
        }
        Kind::Quote => {
            let doc: QuoteDoc = src.parse()?;
            let slot = super::quote::record_quote(&ws, &src, &req.file, &doc)?;
            return render_allocated(req, &renderer, &ws, slot);
        }
        Kind::CreditNote => {
            let doc: CreditNoteDoc = src.parse()?;
            Resolved::CreditNote(resolve_credit_note(&ws, &src, &doc, None)?)
        }
    };
    produce(req, &renderer, &ws, &resolved, None)
}

/// Renders, compiles and writes one resolved document (and its UBL), recording the PDF
/// in the ledger when the number came from it.
fn produce(
    req: &Request,
    renderer: &Renderer,
    ws: &Workspace,
    resolved: &Resolved,
    mut slot: Option<(&mut Ledger, &DocumentRecord)>,
) -> Result<Written, UserError> {
    let want_ubl = req.ubl || req.pdf_a3;
    // The UBL without the PDF: attached to a PDF/A-3, and a check that the document can be
    // an e-invoice at all (business client with a VAT number) before anything is written.
    let attachment = match (want_ubl, resolved.ubl()) {
        (false, _) => None,
        (true, None) => {
            return Err(
                UserError::new("a quote is not a tax document and has no e-invoice")
                    .hint("use --ubl with `clausier invoice` or `clausier credit-note`"),
            );
        }
        (true, Some(doc)) => Some(crate::peppol::to_ubl(doc, None)?),
    };
    let attachment = if req.pdf_a3 { attachment } else { None };
    let rendered: Rendered = match resolved {
        Resolved::Invoice(i) => renderer.invoice_with_ubl(ws, i, attachment)?,
        Resolved::Quote(q) => renderer.quote(ws, q)?,
        Resolved::CreditNote(c) => renderer.credit_note_with_ubl(ws, c, attachment)?,
    };
    let default_pdf = match &slot {
        Some((_, record)) => ws.root.join(pdf_relative_path(record.kind, &record.number)),
        None => ws
            .root
            .join("out")
            .join(req.kind.slug())
            .join(format!("{}.pdf", rendered.stem)),
    };
    let pdf = match &req.out {
        Some(p) if p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/') => {
            p.join(format!("{}.pdf", rendered.stem))
        }
        Some(p) => p.to_path_buf(),
        None => default_pdf.clone(),
    };
    let write_err = |path: &Path, e: std::io::Error| {
        UserError::new(format!("cannot write {}: {e}", path.display()))
            .hint("check that the output directory is writable")
    };
    // The Typst sources are kept before compiling, so a failing template can be inspected.
    let mut typst_files = Vec::new();
    if req.emit_typst {
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
    let opts = typst::Options {
        pdf_standard: req.pdf_a3.then(|| "a-3b".to_string()),
        ..typst::Options::default()
    };
    let (pdf_bytes, typst_warnings) =
        typst::compile_with_warnings(&rendered.sandbox, rendered.date, &opts)
            .map_err(typst_user_error)?;
    let pdf_bytes = match resolved {
        Resolved::Quote(q) => {
            crate::sign::prepare_quote(&pdf_bytes, &q.number, &crate::sign::content_sha256(q)?)?
        }
        _ => pdf_bytes,
    };
    match slot.as_mut() {
        // Ledger order: record the hash, put the file in place, then mark it done, so a
        // crash in between leaves a record `ledger verify` can explain and a re-run repairs.
        Some((ledger, record)) => {
            ledger
                .mark_rendered(&[(record.id, sha256_hex(&pdf_bytes))])
                .map_err(user_error)?;
            crate::output::write_atomic(&default_pdf, &pdf_bytes)
                .map_err(|e| write_err(&default_pdf, e))?;
            ledger.mark_done(&[record.id]).map_err(user_error)?;
            if pdf != default_pdf {
                crate::output::write_atomic(&pdf, &pdf_bytes).map_err(|e| write_err(&pdf, e))?;
            }
        }
        None => crate::output::write_atomic(&pdf, &pdf_bytes).map_err(|e| write_err(&pdf, e))?,
    }
    let ubl = match resolved.ubl().filter(|_| want_ubl) {
        Some(doc) => Some(crate::peppol::write_ubl(doc, &pdf).map_err(user_error)?),
        None => None,
    };
    let mut warnings = rendered.warnings;
    warnings.extend(typst_warnings.into_iter().map(|w| format!("typst: {w}")));
    Ok(Written {
        pdf,
        ubl,
        typst_files,
        warnings,
        notes: Vec::new(),
    })
}

/// An `anyhow` error from a library layer as the CLI's user error.
pub(crate) fn user_error(e: anyhow::Error) -> UserError {
    e.downcast::<UserError>()
        .unwrap_or_else(|e| UserError::new(format!("{e:#}")))
}

/// A number taken from the ledger (or found there), with what was recorded under it.
pub(crate) struct Allocated {
    /// The open register.
    pub(crate) ledger: Ledger,
    /// The document recorded under the number.
    pub(crate) record: DocumentRecord,
    /// Warnings for the user (the file changed since it was recorded).
    pub(crate) warnings: Vec<String>,
    /// What happened (a number allocated).
    pub(crate) notes: Vec<String>,
}

/// Gives an invoice file without `number:` the next number of the workspace's ledger
/// (gap-free, VAT Code art. 53 §2), recording its content in the same transaction.
///
/// The file is the business key: rendering it again reuses its number and renders the
/// recorded content, so a re-run never burns a second number. The whole invoice is
/// validated before a number is taken, so bad input never leaves a gap.
fn allocate_invoice(
    ws: &Workspace,
    src: &Source,
    file: &Path,
    doc: &InvoiceDoc,
) -> Result<Allocated, UserError> {
    let year = doc.issue_date.year();
    let number_of = |kind: DocKind, year: i32, seq: u32| {
        crate::batch::Invoicing::number(&WorkspaceInvoicing { ws }, kind, year, seq)
    };
    let probe = resolve_invoice(ws, src, doc, Some(&number_of(DocKind::Invoice, year, 1)))?;
    let inputs = InvoiceInputs {
        config: ws.config.clone(),
        client: probe.client.clone(),
        invoice: doc.clone(),
        deductions: Vec::new(),
    };
    let inputs_json = serde_json::to_string(&inputs)
        .map_err(|e| UserError::new(format!("cannot record the invoice: {e}")))?;
    let canonical = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = std::fs::canonicalize(&ws.root).unwrap_or_else(|_| ws.root.clone());
    let key = format!(
        "file:{}",
        canonical
            .strip_prefix(&root)
            .unwrap_or(&canonical)
            .display()
    );
    let mut ledger = Ledger::open(&ws.root).map_err(user_error)?;
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let record = match ledger
        .number_for_source(DocKind::Invoice, &key)
        .map_err(user_error)?
    {
        Some(number) => {
            let record = ledger
                .find(&number)
                .map_err(user_error)?
                .into_iter()
                .find(|r| r.kind == DocKind::Invoice)
                .ok_or_else(|| UserError::new(format!("the ledger lost invoice {number}")))?;
            if record.inputs != inputs_json {
                warnings.push(format!(
                    "{} was issued as invoice {number} and has changed since; the PDF shows the invoice as issued. Correct it with a credit note.",
                    file.display()
                ));
            }
            record
        }
        None => {
            let new = NewDocument::from_totals(
                DocKind::Invoice,
                &probe.client.id,
                &probe.client.name,
                doc.issue_date,
                Some(key),
                &probe.totals,
                inputs_json,
            );
            let record = ledger.issue(&new, &number_of).map_err(user_error)?;
            notes.push(format!("allocated invoice number {}", record.number));
            record
        }
    };
    Ok(Allocated {
        ledger,
        record,
        warnings,
        notes,
    })
}

/// Renders a document whose number came from the ledger, from the content recorded there.
pub(crate) fn render_allocated(
    req: &Request,
    renderer: &Renderer,
    ws: &Workspace,
    slot: Allocated,
) -> Result<Written, UserError> {
    let Allocated {
        mut ledger,
        record,
        warnings,
        notes,
    } = slot;
    let mut written = render_recorded(req, renderer, ws, &mut ledger, &record)?;
    let mut all = warnings;
    all.append(&mut written.warnings);
    written.warnings = all;
    written.notes = notes;
    Ok(written)
}

/// Renders an invoice or quote from the inputs recorded in the ledger and delivers the
/// PDF to its ledger path (`ledger verify` checks it), and to `req.out` when given.
pub(crate) fn render_recorded(
    req: &Request,
    renderer: &Renderer,
    ws: &Workspace,
    ledger: &mut Ledger,
    record: &DocumentRecord,
) -> Result<Written, UserError> {
    match record.kind {
        DocKind::Invoice => {
            let inputs = InvoiceInputs::of(record).map_err(UserError::new)?;
            let snapshot = inputs.snapshot(ws);
            let resolved = Resolved::Invoice(inputs.resolve(&snapshot, &record.number)?);
            produce(req, renderer, &snapshot, &resolved, Some((ledger, record)))
        }
        DocKind::Quote => {
            let inputs = super::quote::QuoteInputs::of(record)?;
            let snapshot = inputs.snapshot(ws);
            let resolved = Resolved::Quote(inputs.resolve(&snapshot, &record.number)?);
            produce(req, renderer, &snapshot, &resolved, Some((ledger, record)))
        }
        DocKind::CreditNote => Err(UserError::new(format!(
            "credit note {} cannot be rendered from the ledger",
            record.number
        ))),
    }
}

/// `clausier templates`: which templates a workspace uses, and `--eject` to customise them.
fn templates(args: &TemplatesArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let ws = Workspace::open(globals.workspace.as_deref(), &cwd)?;
    let dir = ws.root.join("templates");
    let mut builtins: Vec<(&str, &str)> = crate::render::BUILTIN_TEMPLATES.to_vec();
    builtins.push(("i18n.yaml", crate::render::i18n::BUILTIN_I18N));
    for name in &args.names {
        if !builtins.iter().any(|(n, _)| n == name) {
            let known: Vec<String> = builtins.iter().map(|(n, _)| n.to_string()).collect();
            return Err(UserError::new(format!("no built-in template `{name}`"))
                .hint(crate::model::yaml::did_you_mean(name, &known, "templates"))
                .into());
        }
    }
    // Written line by line, ignoring a closed pipe (`clausier templates | head`).
    let mut out = std::io::stdout().lock();
    let chosen = |n: &str| args.names.is_empty() || args.names.iter().any(|x| x == n);
    for (name, text) in builtins.iter().filter(|(n, _)| chosen(n)) {
        let path = dir.join(name);
        if args.eject {
            if path.exists() {
                let _ = writeln!(out, "kept      {}", path.display());
            } else {
                crate::output::write_atomic(&path, text.as_bytes())
                    .map_err(|e| UserError::new(format!("cannot write {}: {e}", path.display())))?;
                let _ = writeln!(out, "written   {}", path.display());
            }
        } else if path.exists() {
            let _ = writeln!(out, "workspace {}", path.display());
        } else {
            let _ = writeln!(out, "built-in  {name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
