//! `clausier verify FILE.pdf`: is this the quote we issued, changed, or signed on top?
//!
//! The bytes clausier writes end at their first `%%EOF`. A signing tool that respects
//! `/SigFlags` AppendOnly adds its signature as an incremental update after them, so the
//! issued document is always the prefix up to that marker. Its page contents, its
//! metadata and all its other bytes are compared with the digests stored at issue time
//! in the Info dictionary.
//! Cryptographic validation of a signature is out of scope: a PDF signature validator
//! (Adobe Reader, the eID middleware, DSS) does that.
// UserError carries file, line, column and hint by design, like the rest of the crate.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use lopdf::{Dictionary, Document, Object};

use super::{
    INFO_KEY, KEYWORD_PREFIX, PAGES_KEY, file_digest_offset, file_sha256, info_sha256, pages_sha256,
};
use crate::commands::Globals;
use crate::error::UserError;
use crate::ledger::{DocKind, Ledger};
use crate::model::{QuoteDoc, ResolvedQuote, Source, resolve_quote};
use crate::workspace::Workspace;

/// What `verify` concluded about a quote PDF.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The bytes are the issued quote, nothing appended.
    Intact,
    /// The issued part (or an appended update without a signature) changed; both flags
    /// false means fonts, images or structure changed.
    Altered {
        /// The page content streams differ from the issued ones.
        page_content: bool,
        /// Title, author, subject, keywords or creation date differ.
        metadata: bool,
    },
    /// A signature dictionary was appended after the issued bytes, which are intact.
    Signed {
        /// `/Name` of the signature dictionary (the signer, as the tool wrote it).
        name: Option<String>,
        /// `/M`, the signing time as a PDF date string.
        time: Option<String>,
        /// The update also changed what the pages show or the metadata.
        changed_after_issue: bool,
    },
}

/// The verdict with what the PDF says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `/Subject`: the quote number.
    pub quote_number: Option<String>,
    /// The content hash recorded in `/Keywords`.
    pub content_sha256: Option<String>,
    /// The conclusion.
    pub verdict: Verdict,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.quote_number.as_deref().unwrap_or("?");
        match &self.verdict {
            Verdict::Intact => write!(f, "intact: quote {number} is exactly as issued")?,
            Verdict::Altered {
                page_content,
                metadata,
            } => {
                let what = match (page_content, metadata) {
                    (true, true) => "page content and metadata changed",
                    (true, false) => "page content changed",
                    (false, true) => "metadata changed",
                    (false, false) => "fonts, images or structure changed",
                };
                write!(f, "altered: quote {number}: {what} since it was issued")?;
            }
            Verdict::Signed {
                name,
                time,
                changed_after_issue,
            } => {
                write!(
                    f,
                    "signed: quote {number} is intact and a signature was added"
                )?;
                if let Some(n) = name {
                    write!(f, "\n  signer: {n}")?;
                }
                if let Some(t) = time {
                    write!(f, "\n  time: {t}")?;
                }
                if *changed_after_issue {
                    write!(
                        f,
                        "\n  warning: the update that carries the signature also changes the pages or metadata"
                    )?;
                }
                write!(
                    f,
                    "\n  note: the signature's cryptographic validity is not checked; use a PDF signature validator"
                )?;
            }
        }
        if let Some(h) = &self.content_sha256 {
            write!(f, "\n  content-sha256: {h}")?;
        }
        Ok(())
    }
}

/// Checks a quote PDF's bytes. Errors only when the file is not a quote clausier issued.
pub fn verify(bytes: &[u8]) -> Result<Report, UserError> {
    let not_ours = || {
        UserError::new("not a signed-ready quote issued by clausier")
            .hint("`clausier verify` checks PDFs written by `clausier quote`")
    };
    let base_end = issued_end(bytes).ok_or_else(not_ours)?;
    let (base, tail) = bytes.split_at(base_end);
    let file_digest_at = file_digest_offset(base).ok_or_else(not_ours)?;
    let Ok(issued) = Document::load_mem(base) else {
        // A byte change can break the structure itself; without our digests we cannot
        // say more than that.
        return Ok(Report {
            quote_number: None,
            content_sha256: None,
            verdict: Verdict::Altered {
                page_content: true,
                metadata: true,
            },
        });
    };
    let info = info_dict(&issued).ok_or_else(not_ours)?;
    let recorded_pages = text(info, PAGES_KEY).ok_or_else(not_ours)?;
    let recorded_info = text(info, INFO_KEY).ok_or_else(not_ours)?;
    let quote_number = text(info, "Subject");
    let content_sha256 = text(info, "Keywords").and_then(|k| {
        k.split(';')
            .find_map(|part| part.trim().strip_prefix(KEYWORD_PREFIX).map(str::to_string))
    });
    let pages_changed = pages_sha256(&issued) != recorded_pages;
    let info_changed = info_sha256(info) != recorded_info;
    let file_changed =
        base[file_digest_at..file_digest_at + 64] != *file_sha256(base, file_digest_at).as_bytes();
    let mut report = Report {
        quote_number,
        content_sha256,
        verdict: Verdict::Intact,
    };
    if pages_changed || info_changed || file_changed {
        report.verdict = Verdict::Altered {
            page_content: pages_changed,
            metadata: info_changed,
        };
        return Ok(report);
    }
    if tail.iter().all(u8::is_ascii_whitespace) {
        return Ok(report);
    }
    // Something was appended: read the whole file, updates included.
    let Ok(full) = Document::load_mem(bytes) else {
        report.verdict = Verdict::Altered {
            page_content: false,
            metadata: false,
        };
        return Ok(report);
    };
    let pages_changed = pages_sha256(&full) != recorded_pages;
    let info_changed = info_dict(&full).is_none_or(|i| info_sha256(i) != recorded_info);
    report.verdict = match signature(&full) {
        Some((name, time)) => Verdict::Signed {
            name,
            time,
            changed_after_issue: pages_changed || info_changed,
        },
        None => Verdict::Altered {
            page_content: pages_changed,
            metadata: info_changed,
        },
    };
    Ok(report)
}

/// Length of the issued bytes: up to and including the first `%%EOF`. The line end
/// after it is left out, so a tool that adds one before its update changes nothing.
pub(crate) fn issued_end(bytes: &[u8]) -> Option<usize> {
    let marker = b"%%EOF";
    let at = bytes.windows(marker.len()).position(|w| w == marker)?;
    Some(at + marker.len())
}

fn info_dict(doc: &Document) -> Option<&Dictionary> {
    doc.trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
        .ok()
}

fn text(d: &Dictionary, key: &str) -> Option<String> {
    d.get(key.as_bytes())
        .and_then(Object::as_str)
        .ok()
        .map(|s| String::from_utf8_lossy(s).into_owned())
}

/// The first signature dictionary (`/Type /Sig`, or `/Contents` with `/ByteRange`):
/// its `/Name` and `/M`.
fn signature(doc: &Document) -> Option<(Option<String>, Option<String>)> {
    doc.objects.values().find_map(|o| {
        let d = o.as_dict().ok()?;
        let is_sig = d.has_type(b"Sig") || (d.has(b"Contents") && d.has(b"ByteRange"));
        (is_sig && d.has(b"Contents")).then(|| (text(d, "Name"), text(d, "M")))
    })
}

/// Options of `clausier verify`.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// The quote PDF, as issued by `clausier quote` or as returned by the client.
    pub file: PathBuf,
    /// The quote's YAML: its content hash (lines, prices, client, terms file) is computed
    /// again and must be the one the PDF carries.
    #[arg(long, value_name = "QUOTE.yaml")]
    pub quote: Option<PathBuf>,
}

/// Whether the quote's inputs still give the content hash the PDF carries.
#[derive(Debug, Clone, PartialEq)]
pub enum InputsCheck {
    /// Same quote number and content hash.
    Match,
    /// The inputs now give another number or hash: the YAML or terms changed since issue.
    Differ {
        /// Number and hash computed from the inputs.
        number: String,
        /// Content hash computed from the inputs.
        content_sha256: String,
    },
}

/// Compares the PDF's recorded quote number and content hash with the quote's inputs.
pub fn check_inputs(report: &Report, q: &ResolvedQuote) -> Result<InputsCheck, UserError> {
    let hash = super::content_sha256(q)?;
    if report.quote_number.as_deref() == Some(q.number.as_str())
        && report.content_sha256.as_deref() == Some(hash.as_str())
    {
        Ok(InputsCheck::Match)
    } else {
        Ok(InputsCheck::Differ {
            number: q.number.clone(),
            content_sha256: hash,
        })
    }
}

/// Without `--quote`: when the workspace's ledger records the quote the PDF names, its
/// content hash is computed again from the recorded inputs (and the quote's status shown).
/// `None` when there is no workspace, no ledger or no such quote in it.
fn ledger_check(report: &Report, globals: &Globals) -> Result<Option<(bool, String)>, UserError> {
    let Some(number) = report.quote_number.as_deref() else {
        return Ok(None);
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let ws = match &globals.workspace {
        Some(dir) => Workspace::load(dir)?,
        None => match crate::workspace::find_root(&cwd) {
            Some(root) => Workspace::load(&root)?,
            None => return Ok(None),
        },
    };
    let to_user = |e: anyhow::Error| {
        e.downcast::<UserError>()
            .unwrap_or_else(|e| UserError::new(format!("{e:#}")))
    };
    let Some(ledger) = Ledger::open_existing(&ws.root).map_err(to_user)? else {
        return Ok(None);
    };
    let Some(record) = ledger
        .find(number)
        .map_err(to_user)?
        .into_iter()
        .find(|r| r.kind == DocKind::Quote)
    else {
        return Ok(None);
    };
    let inputs = crate::commands::quote::QuoteInputs::of(&record)?;
    let q = inputs.resolve(&inputs.snapshot(&ws), &record.number)?;
    let (status, since) = ledger.quote_status(number).map_err(to_user)?;
    let status = match since {
        Some(on) => format!("{status} on {on}"),
        None => status.to_string(),
    };
    Ok(Some(match check_inputs(report, &q)? {
        InputsCheck::Match => (
            true,
            format!("  ledger: quote {number} as recorded ({status}) gives the same content hash"),
        ),
        InputsCheck::Differ { content_sha256, .. } => (
            false,
            format!(
                "  ledger: quote {number} as recorded ({status}) has content-sha256 {content_sha256}, not the one this PDF carries"
            ),
        ),
    }))
}

/// `clausier verify FILE.pdf [--quote QUOTE.yaml]`: prints the verdict; exit 0 when intact
/// or signed (and the inputs match), 1 when altered, 2 when the file is not a clausier quote.
pub fn run(args: &VerifyArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        UserError::new(format!("cannot read {}: {e}", args.file.display()))
            .file(&args.file)
            .hint("give the path of a quote PDF")
    })?;
    let report = verify(&bytes).map_err(|e| e.file(&args.file))?;
    let mut ok = !matches!(report.verdict, Verdict::Altered { .. });
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{report}");
    if let Some(yaml) = &args.quote {
        let ws = match &globals.workspace {
            Some(dir) => Workspace::load(dir)?,
            None => {
                let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                let start = std::fs::canonicalize(yaml)
                    .ok()
                    .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
                    .unwrap_or_else(|| cwd.clone());
                match crate::workspace::find_root(&start) {
                    Some(root) => Workspace::load(&root)?,
                    None => Workspace::discover(&cwd)?,
                }
            }
        };
        let src = Source::read(yaml)?;
        let doc: QuoteDoc = src.parse()?;
        let q = resolve_quote(&ws, &src, &doc, None)?;
        match check_inputs(&report, &q)? {
            InputsCheck::Match => {
                let _ = writeln!(
                    out,
                    "  inputs: {} gives the same quote number and content hash",
                    yaml.display()
                );
            }
            InputsCheck::Differ {
                number,
                content_sha256,
            } => {
                ok = false;
                let _ = writeln!(
                    out,
                    "  inputs: {} changed since the PDF was issued: it now gives quote {number}, content-sha256 {content_sha256}",
                    yaml.display()
                );
            }
        }
    } else if let Some((same, line)) = ledger_check(&report, globals)? {
        ok &= same;
        let _ = writeln!(out, "{line}");
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
