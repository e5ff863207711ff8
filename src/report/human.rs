//! Human output, like rustc or ruff: location, code, message, the source line with the
//! span underlined, the law and a `help:` line.

use std::fmt::Write;

use crate::audit::FileReport;
use crate::audit::finding::Finding;
use crate::audit::sourcemap::floor_char_boundary;

const MAX_WIDTH: usize = 110;

/// Renders every finding of `report`, with the audience evidence once per file.
pub fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        render_finding(&mut out, report, f);
    }
    if !report.findings.is_empty() {
        let a = &report.audience;
        let _ = write!(
            out,
            "{}: note: audience {} ({})",
            report.file,
            a.audience.code(),
            a.source
        );
        if !a.evidence.is_empty() {
            let ev: Vec<String> = a
                .evidence
                .iter()
                .map(|e| format!("\"{}\" {}:{}", e.text, e.line, e.column))
                .collect();
            let _ = write!(out, "; evidence: {}", ev.join(", "));
        }
        out.push_str("\n\n");
    }
    out
}

fn render_finding(out: &mut String, report: &FileReport, f: &Finding) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {}[{}] {}: {}",
        f.file,
        f.start.line,
        f.start.column,
        f.severity.as_str(),
        f.code,
        f.slug,
        f.message
    );
    if let Some(c) = &f.clause {
        let label = match (&c.number, &c.title) {
            (Some(n), Some(t)) => format!("clause {n} ({t})"),
            (Some(n), None) => format!("clause {n}"),
            (None, Some(t)) => format!("under \"{t}\""),
            (None, None) => String::new(),
        };
        if !label.is_empty() {
            let _ = writeln!(out, "  --> {label}");
        }
    }
    let text = &report.text;
    let start = floor_char_boundary(text, f.byte_span[0]);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let col = text[line_start..start].chars().count();
    let span_end = floor_char_boundary(text, f.byte_span[1].clamp(start, line_end));
    let width = text[start..span_end].chars().count().max(1);
    // Window long lines around the span.
    let chars: Vec<char> = line.chars().collect();
    let from = if col + width > MAX_WIDTH {
        col.saturating_sub(20)
    } else {
        0
    };
    let to = (from + MAX_WIDTH).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    if from > 0 {
        shown.insert(0, '…');
    }
    if to < chars.len() {
        shown.push('…');
    }
    let shown = shown.replace('\t', " ");
    let gutter = f.start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let caret_col = col - from + usize::from(from > 0);
    let caret_w = width.min(to.saturating_sub(col)).max(1);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{} | {}", f.start.line, shown.trim_end());
    let _ = writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(caret_col),
        "^".repeat(caret_w)
    );
    if let Some(r) = &f.related {
        let _ = writeln!(out, "{pad} = first stated at {}:{}", r.line, r.column);
    }
    let _ = writeln!(out, "{pad} = law: {}", f.law);
    let _ = writeln!(out, "{pad} = help: {}", f.fix);
    out.push('\n');
}
