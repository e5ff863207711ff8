//! Scaffold a workspace: `clausier init DIR` copies the example agency workspace.
//!
//! The files are embedded in the binary at build time (see `build.rs`), so a user who only
//! has the binary still gets a working workspace, schemas included for editor completion.

// UserError carries file, position, field and hint by design; errors are the cold path.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Globals;
use crate::error::UserError;

include!(concat!(env!("OUT_DIR"), "/scaffold.rs"));

/// Arguments of `clausier init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Directory to create the workspace in (created if missing; existing files are never overwritten).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Runs `clausier init DIR`.
pub fn run(args: &InitArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    let written = scaffold(&args.dir)?;
    println!(
        "created a workspace in {} ({} files)",
        args.dir.display(),
        written.len()
    );
    println!(
        "next: cd {} && clausier invoice invoices/2026-00001-dupont-site.yaml",
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the example workspace into `dir`; refuses, writing nothing, if any file exists.
pub fn scaffold(dir: &Path) -> Result<Vec<PathBuf>, UserError> {
    let existing: Vec<String> = SCAFFOLD
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.to_string())
        .collect();
    if let Some(first) = existing.first() {
        return Err(UserError::new(format!(
            "{} already exists; `clausier init` never overwrites files",
            dir.join(first).display()
        ))
        .hint(if existing.len() > 1 {
            format!(
                "{} files of the example workspace already exist in {}: choose an empty or new directory",
                existing.len(),
                dir.display()
            )
        } else {
            "choose an empty or new directory, or move the file away".to_string()
        }));
    }
    let mut written = Vec::new();
    for (rel, bytes) in SCAFFOLD {
        let path = dir.join(rel);
        crate::output::write_atomic(&path, bytes).map_err(|e| {
            UserError::new(format!("cannot write {}: {e}", path.display()))
                .hint("check that the directory is writable")
        })?;
        written.push(path);
    }
    Ok(written)
}
