//! Document number patterns such as `{year}-{seq:05}`: formatting and parsing.
//!
//! The ledger allocates the sequence number; this module only turns (year, seq) into the
//! printed number and back, so the register can check that a hand-written number fits.

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    Year,
    Seq { width: usize },
}

/// Splits a pattern into tokens, or says what is wrong with it.
fn tokens(pattern: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    let mut seqs = 0;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(0) => {
                let end = rest
                    .find('}')
                    .ok_or_else(|| format!("unclosed `{{` in number pattern `{pattern}`"))?;
                let inner = &rest[1..end];
                let tok = match inner {
                    "year" => Token::Year,
                    "seq" => Token::Seq { width: 0 },
                    _ => match inner.strip_prefix("seq:") {
                        Some(w) if w.starts_with('0') && w.len() > 1 => Token::Seq {
                            width: w[1..].parse().map_err(|_| {
                                format!("`{{{inner}}}` is not a valid sequence width")
                            })?,
                        },
                        _ => {
                            return Err(format!(
                                "unknown placeholder `{{{inner}}}` in number pattern `{pattern}`"
                            ));
                        }
                    },
                };
                if matches!(tok, Token::Seq { .. }) {
                    seqs += 1;
                }
                out.push(tok);
                rest = &rest[end + 1..];
            }
            Some(i) => {
                out.push(Token::Literal(rest[..i].to_string()));
                rest = &rest[i..];
            }
            None => {
                if rest.contains('}') {
                    return Err(format!("stray `}}` in number pattern `{pattern}`"));
                }
                out.push(Token::Literal(rest.to_string()));
                rest = "";
            }
        }
    }
    if seqs != 1 {
        return Err(format!(
            "number pattern `{pattern}` must contain `{{seq}}` (or `{{seq:05}}`) exactly once"
        ));
    }
    Ok(out)
}

/// Checks a pattern from clausier.yaml; the error is a sentence for a `UserError`.
pub fn validate_pattern(pattern: &str) -> Result<(), String> {
    tokens(pattern).map(|_| ())
}

/// Formats a number: `format_number("{year}-{seq:05}", 2026, 42)` → `2026-00042`.
pub fn format_number(pattern: &str, year: i32, seq: u64) -> Result<String, String> {
    let mut out = String::new();
    for t in tokens(pattern)? {
        match t {
            Token::Literal(s) => out.push_str(&s),
            Token::Year => out.push_str(&format!("{year:04}")),
            Token::Seq { width } => out.push_str(&format!("{seq:0width$}")),
        }
    }
    Ok(out)
}

/// Parses a number back: `parse_number("{year}-{seq:05}", "2026-00042")` → `Some((Some(2026), 42))`.
///
/// A padded sequence must have exactly its width unless it overflowed it (100000 after 99999).
pub fn parse_number(pattern: &str, number: &str) -> Option<(Option<i32>, u64)> {
    let toks = tokens(pattern).ok()?;
    let mut rest = number;
    let mut year = None;
    let mut seq = None;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::Literal(s) => rest = rest.strip_prefix(s.as_str())?,
            Token::Year => {
                let digits = rest.get(..4)?;
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                year = Some(digits.parse().ok()?);
                rest = &rest[4..];
            }
            Token::Seq { width } => {
                let n = rest.bytes().take_while(u8::is_ascii_digit).count();
                // When a year follows directly, the sequence must stop before it.
                let n = match toks.get(i + 1) {
                    Some(Token::Year) => n.checked_sub(4)?,
                    _ => n,
                };
                if n == 0 || n < *width {
                    return None;
                }
                let digits = &rest[..n];
                if n > *width && *width > 0 && digits.starts_with('0') {
                    return None;
                }
                seq = Some(digits.parse().ok()?);
                rest = &rest[n..];
            }
        }
    }
    if rest.is_empty() {
        Some((year, seq?))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_the_default_invoice_pattern() {
        assert_eq!(
            format_number("{year}-{seq:05}", 2026, 42).unwrap(),
            "2026-00042"
        );
        assert_eq!(
            parse_number("{year}-{seq:05}", "2026-00042"),
            Some((Some(2026), 42))
        );
        assert_eq!(parse_number("{year}-{seq:05}", "2026-042"), None);
        assert_eq!(
            parse_number("{year}-{seq:05}", "2026-100000"),
            Some((Some(2026), 100000))
        );
        assert_eq!(parse_number("F{seq}", "F7"), Some((None, 7)));
        assert!(validate_pattern("{year}").is_err());
        assert!(validate_pattern("{year}-{sequence}").is_err());
    }
}
