//! `citation-artifact`: residue of chat tools pasted into terms ("oaicite",
//! "contentReference", "Economie+1" source chips, stray "[1]"): it shows the text was
//! not proofread and makes a court doubt what the parties read.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Hit};

static ARTIFACT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?x)
          :?contentReference\[[^\]\n]{0,40}\](?:\{[^}\n]{0,40}\})?
        | \boaicite(?::\d+)?
        | \bturn\d+(?:search|news|view|file)\d+
        | 【\d+(?::\d+)?†[^】\n]{0,40}】
        | \p{Lu}[\p{L}]{2,}\+\d{1,2}
        | [\p{L}\p{N}.)»”\x22]\[\d{1,2}\](?:\s|$|[.,;])
        | [.!?]\s\[\d{1,2}\](?:\s|$)",
    )
    .expect("artifact regex")
});

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (_, clause) in ctx.clauses() {
        let body = &ctx.text[clause.span.clone()];
        for m in ARTIFACT.find_iter(body) {
            // Drop the preceding character / trailing space matched only for context.
            let s = m.as_str();
            let lead = if s.contains("contentReference") {
                0
            } else {
                s.find('[').unwrap_or(0)
            };
            let trimmed = s[lead..].trim_end_matches([' ', '\t', '\n', '.', ',', ';']);
            let start = clause.span.start + m.start() + lead;
            hits.push(Hit {
                span: start..start + trimmed.len(),
                detail: None,
                related: None,
            });
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    fn found(s: &str) -> Vec<String> {
        let re: &Regex = &super::ARTIFACT;
        re.find_iter(s).map(|m| m.as_str().to_string()).collect()
    }

    #[test]
    fn chat_tool_residue_is_found() {
        assert_eq!(
            found("Justice Belgique+2ETAamb+2 et Economie+1"),
            vec!["Belgique+2", "ETAamb+2", "Economie+1"]
        );
        assert_eq!(
            found("voir :contentReference[oaicite:3]{index=3}"),
            vec![":contentReference[oaicite:3]{index=3}"]
        );
        assert!(found("article 5, 1°").is_empty());
    }
}
