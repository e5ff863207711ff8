//! Findings are data: the engine decides, printers only format.

use serde::Serialize;

use super::lang::Lang;
use super::rules::Severity;

/// Where in the original file, 1-based lines and character columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// Number and title of the clause a finding sits in, so a lawyer can find it on paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseRef {
    /// "5.2", "§ 3", "5°"...
    pub number: Option<String>,
    /// Title of the heading above.
    pub title: Option<String>,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule code, e.g. PAY001.
    pub code: String,
    /// Rule slug, e.g. excessive-late-interest.
    pub slug: String,
    /// Rule severity.
    pub severity: Severity,
    /// File as given on the command line ("-" for stdin).
    pub file: String,
    /// Start of the span.
    pub start: Location,
    /// End of the span (exclusive column).
    pub end: Location,
    /// Byte offsets of the span in the extracted text.
    pub byte_span: [usize; 2],
    /// The text the rule matched.
    pub matched: String,
    /// What is wrong, in the output language.
    pub message: String,
    /// Short citation of the law.
    pub law: String,
    /// What to do, in the output language.
    pub fix: String,
    /// The clause the finding is in.
    pub clause: Option<ClauseRef>,
    /// Language of that clause.
    pub lang: Lang,
    /// For conflicts and duplicates: where the first statement is.
    pub related: Option<Location>,
}
