//! Inline suppressions: `<!-- clausier-ignore B2C001: reason -->` or
//! `# clausier-ignore B2C001, PAY002: reason` on the line before a clause (applies to
//! the next clause) or at the end of a clause line (applies to that clause).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::segment::Segmented;

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Codes it silences (upper-cased).
    pub codes: Vec<String>,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// Span of the comment in the extracted text.
    pub span: Range<usize>,
    /// Span of text it applies to (a clause); `None` if nothing follows.
    pub target: Option<Range<usize>>,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:<!--|#)[ \t]*clausier-ignore[ \t]*:?[ \t]*([A-Za-z0-9]+(?:[ \t]*,[ \t]*[A-Za-z0-9]+)*)[ \t]*(?::[ \t]*(.*?))?[ \t]*(?:-->)?[ \t]*$",
    )
    .expect("directive regex")
});

/// Finds every directive in `text` and resolves the clause it applies to.
pub fn directives(text: &str, seg: &Segmented) -> Vec<Directive> {
    let mut out = Vec::new();
    for caps in DIRECTIVE.captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        let line_start = text[..whole.start()].rfind('\n').map_or(0, |i| i + 1);
        let alone = text[line_start..whole.start()].trim().is_empty();
        let target = if alone {
            seg.clauses
                .iter()
                .find(|c| c.span.start >= whole.end())
                .map(|c| c.span.clone())
        } else {
            seg.clause_at(whole.start())
                .map(|i| seg.clauses[i].span.clone())
        };
        out.push(Directive {
            codes: caps[1]
                .split(',')
                .map(|c| c.trim().to_ascii_uppercase())
                .collect(),
            reason: caps
                .get(2)
                .map(|r| r.as_str().trim().to_string())
                .filter(|r| !r.is_empty()),
            span: whole.start()..whole.end(),
            target,
        });
    }
    out
}

/// True when `text` is a directive line, so segmentation can skip it.
pub fn is_directive_line(line: &str) -> bool {
    line.contains("clausier-ignore") && DIRECTIVE.is_match(line)
}
