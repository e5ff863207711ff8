//! Terms auditor: readers, segmentation, audience detection and the rule engine.
//!
//! `bytes → readers (text + source map) → segment (clauses) → engine (rules, checks)
//! → findings`; printers live in `crate::report`.

// `crate::error::UserError` is large but only built on the cold error path.
#![allow(clippy::result_large_err)]

pub mod audience;
pub mod baseline;
pub mod boundary;
pub mod checks;
pub mod config;
pub mod embedded;
pub mod engine;
pub mod finding;
pub mod lang;
pub mod readers;
pub mod rules;
pub mod segment;
pub mod source;
pub mod sourcemap;
pub mod suggest;
pub mod suppress;

pub use engine::{AuditOptions, Auditor, FileReport};
pub use finding::Finding;

use source::SourceError;

/// Reads bytes in `format` and audits them: the whole pipeline for one file.
pub fn audit_bytes(
    auditor: &Auditor,
    file: &str,
    bytes: &[u8],
    format: readers::Format,
    opts: &AuditOptions,
) -> Result<FileReport, SourceError> {
    let extracted = readers::read(bytes, format)?;
    Ok(auditor.audit(file, extracted, opts))
}
