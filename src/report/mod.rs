//! Finding printers: human, JSON, SARIF, GitHub annotations, HTML, and rule documentation.
//!
//! Printers never decide anything: they format `FileReport`s the engine produced.

pub mod docs;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::FileReport;
use crate::audit::rules::Severity;

/// A file that could not be audited (unreadable, binary, too large...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// File as given.
    pub file: String,
    /// The error, one line.
    pub message: String,
}

/// Counts over a whole run; `--statistics` and the JSON summary share it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files audited.
    pub files: usize,
    /// Findings reported.
    pub findings: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings silenced.
    pub suppressed: usize,
    /// Files that could not be read.
    pub input_errors: usize,
    /// Findings per rule code.
    pub by_rule: BTreeMap<String, RuleCount>,
}

/// Findings of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// Rule slug.
    pub slug: String,
    /// Severity.
    pub severity: Severity,
    /// Number of findings.
    pub count: usize,
}

impl Summary {
    /// Counts `reports` and `errors`.
    pub fn of(reports: &[FileReport], errors: &[InputError]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            input_errors: errors.len(),
            ..Summary::default()
        };
        for r in reports {
            s.suppressed += r.suppressed.len();
            for f in &r.findings {
                s.findings += 1;
                match f.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
                s.by_rule
                    .entry(f.code.clone())
                    .or_insert_with(|| RuleCount {
                        slug: f.slug.clone(),
                        severity: f.severity,
                        count: 0,
                    })
                    .count += 1;
            }
        }
        s
    }
}

/// `--statistics`: one line per rule, most frequent first (like `ruff --statistics`).
pub fn statistics(summary: &Summary) -> String {
    let mut rows: Vec<(&String, &RuleCount)> = summary.by_rule.iter().collect();
    rows.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (code, rc) in rows {
        out.push_str(&format!(
            "{:>5}  {code}  {:<8} {}\n",
            rc.count,
            rc.severity.as_str(),
            rc.slug
        ));
    }
    out.push_str(&format!(
        "{} findings ({} errors, {} warnings, {} info) in {} files; {} suppressed\n",
        summary.findings,
        summary.errors,
        summary.warnings,
        summary.infos,
        summary.files,
        summary.suppressed
    ));
    out
}
