//! Lint general terms for abusive or conflicting clauses: `audit`, `rule`, `rules`.
//!
//! Exit codes: 0 no finding at or above `--fail-on`, 1 findings, 2 usage or input error
//! (a file that cannot be read still lets the others be audited, then exits 2).

// `UserError` is large but only built on the cold error path.
#![allow(clippy::result_large_err)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::Globals;
use crate::audit::audience::{Audience, AudienceChoice};
use crate::audit::baseline::{self, Baseline};
use crate::audit::config::{LoadedConfig, code_matches};
use crate::audit::lang::Lang;
use crate::audit::readers::{self, Format};
use crate::audit::rules::{RuleSet, Severity};
use crate::audit::source::{self, DEFAULT_MAX_SIZE};
use crate::audit::suggest;
use crate::audit::{AuditOptions, Auditor, FileReport};
use crate::error::UserError;
use crate::report::{self, InputError, Summary};

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum AuditArgs {
    /// Audit general terms (files, directories, or - for stdin) like a linter.
    Audit(AuditCmd),
    /// Print the documentation of one rule: what, why, example, instead, fix.
    Rule {
        /// Rule code (B2C001) or slug (missing-withdrawal-right).
        code: String,
        /// Language of the name, model text and fix.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Also load rules from this directory.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// List every rule.
    Rules {
        /// Language of the rule names.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Also load rules from this directory.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

/// Output formats of `clausier audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum OutputFormat {
    /// Source lines with the span underlined (default).
    #[default]
    Human,
    /// Stable JSON (docs/audit-json.md).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// Self-contained HTML page: the terms with findings highlighted (docs/audit-html.md).
    Html,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// French.
    Fr,
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::Nl => Lang::Nl,
            LangArg::En => Lang::En,
        }
    }
}

/// `--audience`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AudienceArg {
    /// Consumer rules unless the terms restrict themselves to professionals.
    Auto,
    /// Business terms.
    B2b,
    /// Consumer terms.
    B2c,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Any finding fails.
    Info,
}

/// Arguments of `clausier audit`.
#[derive(Debug, clap::Args)]
pub struct AuditCmd {
    /// Files or directories to audit (.txt .md .html .docx .pdf); `-` reads stdin.
    #[arg(required_unless_present = "show_config", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Whom the terms address.
    #[arg(long, value_enum)]
    pub audience: Option<AudienceArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Message language (default: each document's language).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Lowest severity that makes the exit code 1 (default: error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Print counts per rule instead of the findings (human format).
    #[arg(long)]
    pub statistics: bool,
    /// Also load rules from this directory (same code replaces a built-in rule).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Largest input accepted, in bytes or with K/M suffix (default 20M).
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    /// Reference date for rate tables (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Format to assume for stdin (default: sniffed).
    #[arg(long, value_enum)]
    pub stdin_format: Option<StdinFormat>,
    /// Report only findings not in this baseline file; baselined findings gone are "fixed".
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (JSON) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Print the resolved audit settings (profiles, clausier.yaml, flags) as YAML and exit.
    #[arg(long)]
    pub show_config: bool,
    /// Print a unified diff that puts the library clause in place of each flagged clause,
    /// or inserts it when missing (.txt and .md files; replaces --format); nothing is written.
    #[arg(long)]
    pub suggest: bool,
    /// Write those fixes into the files (implies --suggest).
    #[arg(long)]
    pub apply: bool,
}

/// `--stdin-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StdinFormat {
    /// Plain text.
    Txt,
    /// Markdown.
    Md,
    /// HTML.
    Html,
    /// Word.
    Docx,
    /// PDF.
    Pdf,
}

/// Runs one subcommand of the group.
pub fn run(args: &AuditArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    match args {
        AuditArgs::Audit(cmd) => run_audit(cmd, globals),
        AuditArgs::Rule { code, lang, rules } => {
            let set = load_rules(rules.as_deref())?;
            let Some(rule) = set.get(code) else {
                let mut close: Vec<(f64, &str)> = set
                    .rules
                    .iter()
                    .map(|r| {
                        let a = strsim::jaro_winkler(&code.to_lowercase(), &r.def.slug);
                        let b = strsim::jaro_winkler(&code.to_uppercase(), &r.def.code);
                        (a.max(b), r.def.code.as_str())
                    })
                    .collect();
                close.sort_by(|a, b| b.0.total_cmp(&a.0));
                let hint = match close.first() {
                    Some((_, c)) => format!("did you mean {c}? `clausier rules` lists them all"),
                    None => "`clausier rules` lists them all".to_string(),
                };
                return Err(UserError::new(format!("unknown rule `{code}`"))
                    .hint(hint)
                    .into());
            };
            print!("{}", report::docs::rule_text(rule, (*lang).into()));
            Ok(ExitCode::SUCCESS)
        }
        AuditArgs::Rules { lang, rules } => {
            let set = load_rules(rules.as_deref())?;
            print!("{}", report::docs::rules_table(&set, (*lang).into()));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_rules(dir: Option<&Path>) -> Result<RuleSet, UserError> {
    let mut set = RuleSet::builtin()?;
    if let Some(d) = dir {
        set.load_dir(d)?;
    }
    Ok(set)
}

/// Parses "20M", "512K", "1048576".
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = s[i..].to_ascii_uppercase();
            let mult = match unit.trim_end_matches(['B', 'I']) {
                "" => 1,
                "K" => 1 << 10,
                "M" => 1 << 20,
                "G" => 1 << 30,
                _ => return None,
            };
            (&s[..i], mult)
        }
        None => (s, 1),
    };
    num.trim().parse::<u64>().ok()?.checked_mul(mult)
}

fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    const EXTS: &[&str] = &["txt", "md", "markdown", "html", "htm", "docx", "pdf"];
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
        } else if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0
                        || !e
                            .file_name()
                            .to_str()
                            .is_some_and(|n| n.starts_with('.') || n == "target")
                })
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTS.contains(&e.to_ascii_lowercase().as_str()))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            errors.push(InputError {
                file: p.display().to_string(),
                message: "no such file or directory".into(),
            });
        }
    }
    (files, errors)
}

fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        source::check_size(buf.len() as u64, limit).map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    source::check_size(meta.len(), limit).map_err(|e| e.to_string())?;
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

/// Settings given as flags, for `--show-config`: key → (value, flag).
fn cli_settings(cmd: &AuditCmd) -> std::collections::BTreeMap<&'static str, (String, String)> {
    let mut m = std::collections::BTreeMap::new();
    if let Some(a) = cmd.audience {
        let v = match a {
            AudienceArg::Auto => "auto",
            AudienceArg::B2b => "b2b",
            AudienceArg::B2c => "b2c",
        };
        m.insert("audience", (v.to_string(), "--audience".to_string()));
    }
    if let Some(f) = cmd.fail_on {
        let v = match f {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
        };
        m.insert("fail_on", (v.to_string(), "--fail-on".to_string()));
    }
    if let Some(b) = &cmd.baseline {
        m.insert(
            "baseline",
            (b.display().to_string(), "--baseline".to_string()),
        );
    }
    m
}

fn run_audit(cmd: &AuditCmd, globals: &Globals) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir()?;
    let config = match &globals.workspace {
        Some(ws) => {
            let p = ws.join("clausier.yaml");
            if p.is_file() {
                LoadedConfig::load(&p)?
            } else {
                LoadedConfig::discover(ws)?
            }
        }
        None => LoadedConfig::discover(&cwd)?,
    };
    let audience = match (cmd.audience, config.audit.audience.as_deref()) {
        (Some(AudienceArg::Auto), _) => AudienceChoice::Auto,
        (Some(AudienceArg::B2b), _) => AudienceChoice::Fixed(Audience::B2b),
        (Some(AudienceArg::B2c), _) => AudienceChoice::Fixed(Audience::B2c),
        (None, Some(s)) => AudienceChoice::parse(s).ok_or_else(|| {
            UserError::new(format!("unknown audience `{s}` (auto, b2b or b2c)"))
                .field("audit.audience")
                .file(config.path.clone().unwrap_or_default())
        })?,
        (None, None) => AudienceChoice::Auto,
    };
    let fail_on = match (cmd.fail_on, config.audit.fail_on.as_deref()) {
        (Some(FailOn::Error), _) => Severity::Error,
        (Some(FailOn::Warning), _) => Severity::Warning,
        (Some(FailOn::Info), _) => Severity::Info,
        (None, Some(s)) => Severity::parse(s).ok_or_else(|| {
            UserError::new(format!("unknown fail_on `{s}` (error, warning or info)"))
                .field("audit.fail_on")
                .file(config.path.clone().unwrap_or_default())
        })?,
        (None, None) => Severity::Error,
    };
    let limit = match &cmd.max_size {
        Some(s) => parse_size(s).ok_or_else(|| {
            UserError::new(format!("invalid --max-size `{s}`"))
                .hint("write e.g. 50M, 512K or 1048576")
        })?,
        None => DEFAULT_MAX_SIZE,
    };
    let mut rules = load_rules(cmd.rules.as_deref())?;
    let known: Vec<String> = rules.codes().into_iter().map(String::from).collect();
    let left_out = config.apply_to(&mut rules)?;
    if cmd.show_config {
        print!("{}", config.show(&cli_settings(cmd), &cmd.paths));
        return Ok(ExitCode::SUCCESS);
    }
    let mut config_warnings = Vec::new();
    for code in config
        .audit
        .ignore
        .iter()
        .chain(config.audit.per_file_ignores.values().flatten())
    {
        if !known.iter().any(|k| code_matches(code, k)) {
            config_warnings.push(format!(
                "{}: unknown rule code `{code}` in audit ignores",
                config
                    .path
                    .as_deref()
                    .unwrap_or(Path::new("clausier.yaml"))
                    .display()
            ));
        }
    }
    let auditor = Auditor::new(rules).with_left_out(left_out);
    // Read before auditing, so a missing or broken baseline fails fast (exit 2).
    let baseline_in = match (&cmd.write_baseline, &cmd.baseline, &config.audit.baseline) {
        (Some(_), _, _) | (None, None, None) => None,
        (None, Some(p), _) => Some((p.clone(), Baseline::load(p)?)),
        (None, None, Some(p)) => Some((PathBuf::from(p), Baseline::load(Path::new(p))?)),
    };
    let date = cmd
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let (files, mut errors) = collect_inputs(&cmd.paths);

    let results: Vec<Result<FileReport, InputError>> = files
        .par_iter()
        .map(|path| {
            let name = if path.as_os_str() == "-" {
                "-".to_string()
            } else {
                path.display().to_string()
            };
            let fail = |message: String| InputError {
                file: name.clone(),
                message,
            };
            let bytes = read_input(path, limit).map_err(&fail)?;
            let format = if path.as_os_str() == "-" {
                match cmd.stdin_format {
                    Some(StdinFormat::Txt) => Format::Txt,
                    Some(StdinFormat::Md) => Format::Md,
                    Some(StdinFormat::Html) => Format::Html,
                    Some(StdinFormat::Docx) => Format::Docx,
                    Some(StdinFormat::Pdf) => Format::Pdf,
                    None => Format::sniff(&bytes),
                }
            } else {
                Format::from_path(path)
            };
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            let opts = AuditOptions {
                audience,
                date,
                lang: cmd.lang.map(Into::into),
                ignore: config.ignored_for(&abs),
            };
            let extracted = readers::read(&bytes, format).map_err(|e| fail(e.to_string()))?;
            Ok(auditor.audit(&name, extracted, &opts))
        })
        .collect();
    let mut reports = Vec::new();
    for r in results {
        match r {
            Ok(rep) => reports.push(rep),
            Err(e) => errors.push(e),
        }
    }

    let mut stdout = ReportSink::new(cmd.output.as_deref());
    let mut stderr = std::io::stderr().lock();
    for w in &config_warnings {
        writeln!(stderr, "warning: {w}")?;
    }
    for rep in &reports {
        for w in &rep.warnings {
            match &w.location {
                Some(l) => writeln!(
                    stderr,
                    "{}:{}:{}: warning: {}",
                    rep.file, l.line, l.column, w.message
                )?,
                None => writeln!(stderr, "{}: warning: {}", rep.file, w.message)?,
            }
        }
    }
    for e in &errors {
        writeln!(stderr, "{}: error: {}", e.file, e.message)?;
    }
    let name = |file: &str| baseline::relative_name(file, &config.root);
    if let Some(path) = &cmd.write_baseline {
        if !errors.is_empty() {
            return Err(UserError::new(format!(
                "not writing the baseline: {} file(s) could not be audited",
                errors.len()
            ))
            .file(path)
            .hint("fix or leave out the files above, then run --write-baseline again")
            .into());
        }
        let b = Baseline::build(&reports, &auditor.rules, name);
        b.write(path)?;
        writeln!(
            stdout,
            "{}: baseline written: {} findings in {} entries",
            path.display(),
            b.findings(),
            b.entries.len()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let outcome = baseline_in.map(|(path, b)| {
        b.apply(
            &path.display().to_string(),
            &mut reports,
            &auditor.rules,
            name,
        )
    });
    if cmd.suggest || cmd.apply || cmd.format == OutputFormat::Human {
        let fixed = suggest_or_name_clauses(cmd, globals, &cwd, date, &auditor, &mut reports)?;
        if let Some(fixed) = fixed {
            stdout.flush()?;
            let code = if !errors.is_empty() {
                2
            } else {
                let unfixed = |r: &FileReport| {
                    r.findings.iter().any(|f| {
                        f.severity >= fail_on
                            && !(cmd.apply
                                && fixed
                                    .fixed
                                    .get(&r.file)
                                    .is_some_and(|c| c.contains(&f.code)))
                    })
                };
                u8::from(reports.iter().any(unfixed))
            };
            return Ok(ExitCode::from(code));
        }
    }
    let summary = Summary::of(&reports, &errors);
    match cmd.format {
        OutputFormat::Human => {
            if cmd.statistics {
                write!(stdout, "{}", report::statistics(&summary))?;
            } else {
                for rep in &reports {
                    write!(stdout, "{}", report::human::render(rep))?;
                }
                writeln!(
                    stdout,
                    "{} findings ({} errors, {} warnings, {} info) in {} files; {} suppressed",
                    summary.findings,
                    summary.errors,
                    summary.warnings,
                    summary.infos,
                    summary.files,
                    summary.suppressed
                )?;
            }
            if let Some(o) = &outcome {
                write!(stdout, "{}", o.human())?;
            }
        }
        OutputFormat::Json => write!(
            stdout,
            "{}",
            report::json::render_with_baseline(&reports, &errors, outcome.as_ref())
        )?,
        OutputFormat::Sarif => write!(
            stdout,
            "{}",
            report::sarif::render(&reports, &auditor.rules)
        )?,
        OutputFormat::Github => {
            for rep in &reports {
                write!(stdout, "{}", report::github::render(rep))?;
            }
            if cmd.statistics {
                write!(stdout, "{}", report::statistics(&summary))?;
            }
            if let Some(o) = &outcome {
                write!(stdout, "{}", report::github::fixed(o))?;
            }
        }
        OutputFormat::Html => {
            let lang = report::html::page_lang(&reports, cmd.lang.map(Into::into));
            let page = report::html::render(&reports, &errors, &auditor.rules, lang);
            stdout.write_all(page.as_bytes())?;
        }
    }
    stdout.finish()?;
    if !errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let failing = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= fail_on);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where the report goes: stdout, or with `-o FILE` a buffer written atomically at the end,
/// so an interrupted run never leaves a half-written report.
enum ReportSink<'a> {
    Stdout(std::io::StdoutLock<'static>),
    File(&'a Path, Vec<u8>),
}

impl<'a> ReportSink<'a> {
    fn new(output: Option<&'a Path>) -> ReportSink<'a> {
        match output {
            Some(path) => ReportSink::File(path, Vec::new()),
            None => ReportSink::Stdout(std::io::stdout().lock()),
        }
    }

    fn finish(self) -> Result<(), anyhow::Error> {
        match self {
            ReportSink::Stdout(mut s) => s.flush()?,
            ReportSink::File(path, bytes) => {
                crate::output::write_atomic(path, &bytes).map_err(|e| {
                    UserError::new(format!("cannot write the report: {e}"))
                        .file(path)
                        .hint("check that the directory exists and is writable, or drop -o to print to stdout")
                })?
            }
        }
        Ok(())
    }
}

impl Write for ReportSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ReportSink::Stdout(s) => s.write(buf),
            ReportSink::File(_, v) => v.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ReportSink::Stdout(s) => s.flush(),
            ReportSink::File(..) => Ok(()),
        }
    }
}

/// `--suggest`/`--apply` (returns what was fixed), else names the library clauses in the
/// `help:` lines of the human output; see `crate::audit::suggest`.
fn suggest_or_name_clauses(
    cmd: &AuditCmd,
    globals: &Globals,
    cwd: &Path,
    date: NaiveDate,
    auditor: &Auditor,
    reports: &mut [FileReport],
) -> anyhow::Result<Option<suggest::Outcome>> {
    if !(cmd.suggest || cmd.apply) {
        let exists = suggest::clause_exists(globals.workspace.as_deref(), cwd);
        for rep in reports.iter_mut() {
            suggest::name_clauses(rep, &auditor.rules, &exists, cmd.lang.map(Into::into));
        }
        return Ok(None);
    }
    let ws = suggest::workspace_clauses(globals.workspace.as_deref(), cwd)?;
    for w in &ws.warnings {
        eprintln!("warning: {w}");
    }
    let renderer = suggest::Renderer {
        lib: &ws.lib,
        provider: ws.provider,
        date,
        rates: crate::latefee::rates::RateTable::embedded(),
        values: ws.values,
    };
    let outcome = suggest::run(
        reports,
        &auditor.rules,
        &renderer,
        cmd.apply,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(Some(outcome))
}
