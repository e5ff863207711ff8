//! Clause bodies: tera templates over the parameters, rendered to a small markup
//! (paragraphs, `- ` lists, `> ` boxes, `**bold**`) that becomes Markdown or Typst
//! without either format's special characters ever reaching the other.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assemble::Provider;
use super::param::ParamValue;
use super::{Clause, Lang, Target};

/// A piece of text, bold or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    /// The characters, verbatim.
    pub text: String,
    /// Printed in bold.
    pub bold: bool,
}

/// A block of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph, numbered `article.n` when the article has several.
    Para {
        /// `3.2`, or none for a single-paragraph article.
        number: Option<String>,
        /// Its text.
        runs: Vec<Run>,
    },
    /// A bulleted list.
    List {
        /// One run list per item.
        items: Vec<Vec<Run>>,
    },
    /// A framed block, such as the model withdrawal form.
    Boxed {
        /// Its content.
        blocks: Vec<Block>,
    },
}

/// Splits `**bold**` markers into runs; an unmatched `**` stays literal.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut rest = text;
    let mut push = |t: &str, bold: bool| {
        if t.is_empty() {
            return;
        }
        if let Some(last) = out.last_mut()
            && last.bold == bold
        {
            last.text.push_str(t);
            return;
        }
        out.push(Run {
            text: t.to_string(),
            bold,
        });
    };
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        match after.find("**") {
            Some(end) if end > 0 => {
                push(&rest[..start], false);
                push(&after[..end], true);
                rest = &after[end + 2..];
            }
            _ => {
                push(&rest[..start + 2], false);
                rest = after;
            }
        }
    }
    push(rest, false);
    out
}

/// Parses rendered body text into blocks (paragraph numbers are added by the assembler).
pub fn parse_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut i = 0;

    fn flush(blocks: &mut Vec<Block>, para: &mut Vec<String>, list: &mut Vec<String>) {
        if !para.is_empty() {
            blocks.push(Block::Para {
                number: None,
                runs: runs(&para.join(" ")),
            });
            para.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List {
                items: list.iter().map(|s| runs(s)).collect(),
            });
            list.clear();
        }
    }

    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.trim_start().starts_with('>') {
            flush(&mut blocks, &mut para, &mut list);
            let mut inner = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('>') {
                let l = lines[i].trim_start();
                let l = l.strip_prefix("> ").unwrap_or(&l[1..]);
                inner.push(l.to_string());
                i += 1;
            }
            blocks.push(Block::Boxed {
                blocks: parse_blocks(&inner.join("\n")),
            });
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut blocks, &mut para, &mut list);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !para.is_empty() {
                let mut empty = Vec::new();
                flush(&mut blocks, &mut para, &mut empty);
            }
            list.push(item.trim().to_string());
        } else if !list.is_empty() && line.starts_with("  ") {
            // Continuation of the last list item.
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if !list.is_empty() {
                let mut empty = Vec::new();
                flush(&mut blocks, &mut empty, &mut list);
            }
            para.push(trimmed.to_string());
        }
        i += 1;
    }
    flush(&mut blocks, &mut para, &mut list);
    blocks
}

/// The tera context of one clause: parameters as display text, `num.*` for
/// comparisons, `provider.*`, `audience` and `lang`.
pub fn context(
    values: &BTreeMap<String, ParamValue>,
    provider: &Provider,
    target: Target,
    lang: Lang,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    let mut num = serde_json::Map::new();
    for (name, value) in values {
        ctx.insert(name.as_str(), &value.display(lang));
        num.insert(name.clone(), value.number());
    }
    ctx.insert("num", &num);
    ctx.insert("provider", &provider.localized(lang));
    ctx.insert("audience", target.code());
    ctx.insert("lang", lang.code());
    ctx
}

/// Renders one body; the error message names the clause and the cause.
pub fn render(clause: &Clause, lang: Lang, ctx: &tera::Context) -> Result<String, String> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    let name = format!("{}.{}", clause.id, lang.code());
    tera.add_raw_template(&name, clause.body.get(lang))
        .map_err(|e| chain(&e))?;
    tera.render(&name, ctx).map_err(|e| chain(&e))
}

/// Compiles and renders a body with sample values, so a broken template is
/// reported when the library loads rather than when a user builds terms.
pub fn check_template(clause: &Clause, lang: Lang) -> Result<(), String> {
    let mut values = BTreeMap::new();
    for p in &clause.parameters {
        let v = match (&p.default, p.ty) {
            (Some(v), _) => v.clone(),
            (None, super::ParamType::Percent) => {
                ParamValue::Percent(p.min.unwrap_or(rust_decimal::Decimal::ONE))
            }
            (None, super::ParamType::Amount) => {
                ParamValue::Amount(p.min.unwrap_or(rust_decimal::Decimal::ONE))
            }
            (None, super::ParamType::Days) => ParamValue::Days(1),
            (None, super::ParamType::Date) => {
                ParamValue::Date(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default())
            }
            (None, super::ParamType::Text) => ParamValue::Text(super::Localized::same("x")),
            (None, super::ParamType::Choice) => {
                ParamValue::Choice(p.choices.first().cloned().unwrap_or_default())
            }
        };
        values.insert(p.name.clone(), v);
    }
    let targets: &[Target] = match clause.audience {
        super::Audience::B2b => &[Target::B2b],
        super::Audience::B2c => &[Target::B2c],
        super::Audience::Both => &[Target::B2b, Target::B2c],
    };
    for t in targets {
        let ctx = context(&values, &Provider::sample(), *t, lang);
        render(clause, lang, &ctx).map_err(|e| format!("body ({}, {}): {e}", lang, t.code()))?;
    }
    Ok(())
}

/// Joins an error with its causes: tera puts the useful part in the source.
fn chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        cur = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_markers_become_runs() {
        let r = runs("a **b** c ** d");
        assert_eq!(
            r,
            vec![
                Run {
                    text: "a ".into(),
                    bold: false
                },
                Run {
                    text: "b".into(),
                    bold: true
                },
                Run {
                    text: " c ** d".into(),
                    bold: false
                },
            ]
        );
    }

    #[test]
    fn paragraphs_lists_and_boxes_are_split() {
        let b = parse_blocks("First\nline.\n\n- one\n  more\n- two\n\n> **Form**\n>\n> - To:\n");
        assert_eq!(b.len(), 3);
        assert!(matches!(&b[0], Block::Para { runs, .. } if runs[0].text == "First line."));
        assert!(
            matches!(&b[1], Block::List { items } if items.len() == 2 && items[0][0].text == "one more")
        );
        assert!(matches!(&b[2], Block::Boxed { blocks } if blocks.len() == 2));
    }
}
