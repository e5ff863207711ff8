//! Typst escaping: the only way a user string may reach generated Typst source.
//!
//! Built-in templates pass user data as JSON read with `json()`, which Typst
//! never interprets as markup. These filters exist for the tera side: labels,
//! workspace template overrides, and anything a template author interpolates.
//! Tera autoescapes every `{{ }}` in `.typ` templates with [`markup`], so an
//! override is safe by default; [`string_literal`] is for code contexts.

/// Escapes `text` so that Typst markup renders it literally, character for character.
///
/// Every ASCII punctuation character is backslash-escaped (Typst accepts `\` before
/// any symbol), which neutralises `#`, `$`, `[`, `]`, `@`, `<`, `>`, `*`, `_`, the
/// backtick, comments (`//`, `/*`), line-start `=`, `-`, `+`, `1.` and `/ term:`,
/// and the shorthands `~`, `--`, `...`, `'` and `"`. A newline becomes a forced
/// line break so a multi-line address keeps its lines but cannot start a heading
/// or a new paragraph; other control characters are dropped.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\\n");
            }
            '\n' => out.push_str("\\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if c.is_ascii_punctuation()
                && !matches!(c, ',' | ';' | '!' | '?' | '%' | '&' | '|' | '^') =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Quotes `text` as a Typst string literal (with the surrounding `"`), for code contexts
/// such as `#set document(title: {{ title | typst_str }})`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_active_character_of_the_injection_name() {
        assert_eq!(
            markup(r#"#panic("x") $x$ ] @ref <l> \ // /*"#),
            r#"\#panic\(\"x\"\) \$x\$ \] \@ref \<l\> \\ \/\/ \/\*"#
        );
    }

    #[test]
    fn markup_turns_newlines_into_line_breaks_not_paragraphs_or_headings() {
        assert_eq!(
            markup("Rue 1\r\n= Title\n- item"),
            "Rue 1\\\n\\= Title\\\n\\- item"
        );
    }

    #[test]
    fn markup_keeps_letters_digits_and_accents() {
        assert_eq!(markup("Café Éloïse 12, n° 3"), "Café Éloïse 12, n° 3");
    }

    #[test]
    fn string_literal_escapes_quotes_backslashes_and_controls() {
        assert_eq!(string_literal("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u{1}""#);
    }
}
