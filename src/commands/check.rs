//! `clausier check`: the workspace's terms against what its documents print.
//!
//! Exit codes like `audit`: 0 the terms and the documents agree, 1 mismatches (XDOC
//! findings), 2 usage or input error.

// `UserError` is large but only built on the cold error path.
#![allow(clippy::result_large_err)]

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::Globals;
use crate::check::{self, CheckOptions};
use crate::model::Lang;
use crate::workspace::Workspace;

/// Output formats of `clausier check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum CheckFormat {
    /// The terms line with the value underlined, both values and a hint.
    #[default]
    Human,
    /// Stable JSON.
    Json,
}

/// Arguments of `clausier check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
    /// Message language (default: the workspace's `defaults.language`).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Reference date for the statutory and legal rates (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "fr" => Ok(Lang::Fr),
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        other => Err(format!("unknown language `{other}`; use fr, nl or en")),
    }
}

/// Runs `clausier check`.
pub fn run(args: &CheckArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir()?;
    let ws = Workspace::open(globals.workspace.as_deref(), &cwd)?;
    let opts = CheckOptions {
        date: args
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        lang: args.lang,
    };
    let report = check::check(&ws, &opts)?;
    let lang = args.lang.unwrap_or(ws.config.defaults.language);
    let mut stdout = std::io::stdout().lock();
    for n in &report.notes {
        eprintln!("note: {n}");
    }
    match args.format {
        CheckFormat::Human => write!(stdout, "{}", check::report::human(&report, lang))?,
        CheckFormat::Json => write!(stdout, "{}", check::report::json(&report))?,
    }
    stdout.flush()?;
    Ok(if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
