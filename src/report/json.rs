//! JSON output; the schema is documented in docs/audit-json.md and versioned.

use serde::Serialize;

use super::{InputError, Summary};
use crate::audit::FileReport;
use crate::audit::baseline::Outcome;

/// Bumped on any incompatible change of the JSON layout.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Output<'a> {
    schema_version: u32,
    tool: Tool,
    files: &'a [FileReport],
    errors: &'a [InputError],
    summary: Summary,
    /// Only with `--baseline`: counts and fixed entries (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Outcome>,
}

/// The whole run as pretty-printed JSON.
pub fn render(reports: &[FileReport], errors: &[InputError]) -> String {
    render_with_baseline(reports, errors, None)
}

/// The whole run as JSON, with the `baseline` object when a baseline was applied.
pub fn render_with_baseline(
    reports: &[FileReport],
    errors: &[InputError],
    baseline: Option<&Outcome>,
) -> String {
    let out = Output {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "clausier",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: reports,
        errors,
        summary: Summary::of(reports, errors),
        baseline,
    };
    let mut s = serde_json::to_string_pretty(&out).expect("findings serialize");
    s.push('\n');
    s
}
