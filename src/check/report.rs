//! Printers of `clausier check`: human (like `clausier audit`) and JSON.

use std::fmt::Write;

use super::CheckReport;
use crate::model::Lang;

/// Human output: location, code, message, the terms line with the value underlined,
/// both values and the hint; then a summary line.
pub fn human(report: &CheckReport, lang: Lang) -> String {
    let mut out = String::new();
    let (terms_l, docs_l, from_l) = match lang {
        Lang::Fr => ("conditions", "documents", "source"),
        Lang::Nl => ("voorwaarden", "documenten", "bron"),
        Lang::En => ("terms", "documents", "from"),
    };
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}: {}",
            f.file, f.line, f.column, f.severity, f.code, f.slug, f.message
        );
        let gutter = f.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(
            out,
            "{} | {}",
            f.line,
            f.source_line.trim_end().replace('\t', " ")
        );
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(f.column.saturating_sub(1)),
            "^".repeat(f.width)
        );
        let _ = writeln!(out, "{pad} = {terms_l}: {}", f.terms);
        let _ = writeln!(
            out,
            "{pad} = {docs_l}: {} ({from_l} {})",
            f.documents, f.documents_source
        );
        let _ = writeln!(out, "{pad} = hint: {}", f.hint);
        out.push('\n');
    }
    let n = report.findings.len();
    let files = report.terms.len();
    // French counts 0 and 1 as singular, Dutch and English only 1.
    let pl = |k: usize, one: &str, many: &str| {
        let singular = k == 1 || (k == 0 && lang == Lang::Fr);
        format!("{k} {}", if singular { one } else { many })
    };
    let line = match lang {
        Lang::Fr => format!(
            "{} entre {} et les documents",
            pl(n, "désaccord", "désaccords"),
            pl(files, "fichier de conditions", "fichiers de conditions")
        ),
        Lang::Nl => format!(
            "{} tussen {} en de documenten",
            pl(n, "afwijking", "afwijkingen"),
            pl(files, "voorwaardenbestand", "voorwaardenbestanden")
        ),
        Lang::En => format!(
            "{} between {} and the documents",
            pl(n, "mismatch", "mismatches"),
            pl(files, "terms file", "terms files")
        ),
    };
    let _ = writeln!(out, "{line}");
    out
}

/// JSON output (docs/check-json.md): `{schema_version, tool, workspace, date, terms,
/// findings, notes, summary}`.
pub fn json(report: &CheckReport) -> String {
    let v = serde_json::json!({
        "schema_version": 1,
        "tool": {"name": "clausier", "version": env!("CARGO_PKG_VERSION")},
        "workspace": report.workspace,
        "date": report.date,
        "terms": report.terms,
        "findings": report.findings,
        "notes": report.notes,
        "summary": {"terms_files": report.terms.len(), "findings": report.findings.len()},
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
