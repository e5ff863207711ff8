//! `clausier validate`: the Peppol checks an access point runs, before you send.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Globals;
use crate::error::UserError;
use crate::peppol::{Report, Severity, Validator};

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum PeppolArgs {
    /// Check UBL e-invoices with the official Peppol BIS Billing 3.0 rules.
    ///
    /// Runs what a Peppol access point runs: the UBL 2.1 schema, the CEN EN 16931 rules and
    /// the Peppol BIS Billing 3.0.21 rules. Exit 0 when every file is valid, 1 when one is
    /// rejected, 2 on a usage error. Needs Java, Saxon-HE and xmllint (`make setup-apt`).
    Validate(ValidateArgs),
}

/// Arguments of `clausier validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// UBL XML files, or folders whose *.xml files are all validated.
    #[arg(required = true, value_name = "FILE.xml")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Hide warnings (they never make the command fail).
    #[arg(long)]
    pub no_warnings: bool,
}

/// How the reports are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, `file:line:col: severity[RULE] message`.
    Human,
    /// One JSON array of reports, for scripts and CI.
    Json,
}

/// Runs one subcommand of the group.
pub fn run(args: &PeppolArgs, _globals: &Globals) -> anyhow::Result<ExitCode> {
    match args {
        PeppolArgs::Validate(a) => validate(a),
    }
}

fn validate(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let files = expand(&args.files)?;
    let validator = Validator::detect()?;
    let reports = validator.validate_files(&files)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &reports)?;
            writeln!(out)?;
        }
        Format::Human => print_human(&mut out, &reports, !args.no_warnings)?,
    }
    Ok(if reports.iter().all(Report::is_valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Replaces each folder by its `*.xml` files, sorted so output is stable.
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "xml"))
                .collect();
            if found.is_empty() {
                return Err(UserError::new("this folder holds no .xml file")
                    .file(path)
                    .hint("pass UBL files, e.g. `clausier validate out/*.xml`")
                    .into());
            }
            found.sort();
            files.extend(found);
        } else if !path.is_file() {
            return Err(UserError::new("no such file")
                .file(path)
                .hint("check the path")
                .into());
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn print_human(out: &mut impl Write, reports: &[Report], warnings: bool) -> std::io::Result<()> {
    let mut rejected = 0;
    for report in reports {
        for f in &report.findings {
            if f.severity == Severity::Warning && !warnings {
                continue;
            }
            let mut pos = report.path.display().to_string();
            if let Some(line) = f.line {
                pos.push_str(&format!(":{line}"));
                if let Some(col) = f.column {
                    pos.push_str(&format!(":{col}"));
                }
            }
            writeln!(
                out,
                "{pos}: {}[{}] ({}) {}",
                f.severity, f.rule, f.layer, f.message
            )?;
        }
        let kind = report.root.as_deref().unwrap_or("document");
        if report.is_valid() {
            writeln!(
                out,
                "{}: valid Peppol BIS 3.0 {kind} (XSD ok, {} CEN and {} Peppol rules checked, {} warning(s))",
                report.path.display(),
                report.cen_rules_fired,
                report.peppol_rules_fired,
                report.warning_count()
            )?;
        } else {
            rejected += 1;
            let rules = report.fatal_rules();
            writeln!(
                out,
                "{}: REJECTED: {} fatal error(s): {}",
                report.path.display(),
                rules.len(),
                rules.join(", ")
            )?;
        }
    }
    if reports.len() > 1 {
        writeln!(
            out,
            "{} file(s) checked: {} valid, {} rejected",
            reports.len(),
            reports.len() - rejected,
            rejected
        )?;
    }
    Ok(())
}
