//! GitHub Actions workflow commands: each finding becomes an annotation on the file.

use crate::audit::FileReport;
use crate::audit::baseline::Outcome;
use crate::audit::rules::Severity;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error file=…,line=…,col=…::message` line per finding.
pub fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_prop(&f.file),
            f.start.line,
            f.start.column,
            f.end.line,
            f.end.column,
            escape_prop(&format!("{} {}", f.code, f.slug)),
            escape_data(&format!("{} ({}) help: {}", f.message, f.law, f.fix)),
        ));
    }
    out
}

/// One `::notice` per baselined finding that no longer occurs, so CI shows what to shrink.
pub fn fixed(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.fixed {
        out.push_str(&format!(
            "::notice file={},title={}::{}\n",
            escape_prop(&f.file),
            escape_prop(&format!("{} {} fixed", f.code, f.slug)),
            escape_data(&format!(
                "{} baselined finding(s) no longer occur (\"{}\"); run clausier audit --write-baseline to shrink the baseline",
                f.count, f.excerpt
            )),
        ));
    }
    out
}
