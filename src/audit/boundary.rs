//! Speed: Unicode word boundaries (`\b`) make the regex engine leave its fast DFA on
//! every non-ASCII byte, which French and Dutch terms are full of. A `\b` next to an
//! ASCII letter or digit behaves the same as the ASCII `(?-u:\b)` except after or before
//! a non-ASCII letter glued to that ASCII letter ("ésans"), which real text does not
//! contain, so rule patterns are rewritten that way when compiled. A `\b` next to `[ée]`
//! or `\w` is left alone.

use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};

/// Compiles one of the engine's own patterns with the same rewrite.
pub fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&ascii_word_boundaries(pattern))
}

/// `pattern` with every safe Unicode `\b` replaced by `(?-u:\b)`; unchanged if it does
/// not parse (the compile error is then reported on the original).
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let Ok(tree) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.to_string();
    };
    let mut spans = Vec::new();
    collect(&tree, &mut spans);
    if spans.is_empty() {
        return pattern.to_string();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(pattern.len() + spans.len() * 6);
    let mut last = 0;
    for (start, end) in spans {
        out.push_str(&pattern[last..start]);
        out.push_str("(?-u:\\b)");
        last = end;
    }
    out.push_str(&pattern[last..]);
    out
}

fn collect(tree: &Ast, out: &mut Vec<(usize, usize)>) {
    match tree {
        Ast::Concat(c) => {
            for (i, a) in c.asts.iter().enumerate() {
                match a {
                    Ast::Assertion(x) if x.kind == ast::AssertionKind::WordBoundary => {
                        let prev = edge_seq(&c.asts[..i], Edge::Last) == Some(true);
                        let next = edge_seq(&c.asts[i + 1..], Edge::First) == Some(true);
                        if prev || next {
                            out.push((x.span.start.offset, x.span.end.offset));
                        }
                    }
                    other => collect(other, out),
                }
            }
        }
        Ast::Group(g) => collect(&g.ast, out),
        Ast::Alternation(a) => a.asts.iter().for_each(|x| collect(x, out)),
        Ast::Repetition(r) => collect(&r.ast, out),
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Edge {
    First,
    Last,
}

fn ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn optional(r: &ast::Repetition) -> bool {
    match &r.op.kind {
        ast::RepetitionKind::ZeroOrOne | ast::RepetitionKind::ZeroOrMore => true,
        ast::RepetitionKind::OneOrMore => false,
        ast::RepetitionKind::Range(range) => match range {
            ast::RepetitionRange::Exactly(n) | ast::RepetitionRange::AtLeast(n) => *n == 0,
            ast::RepetitionRange::Bounded(n, _) => *n == 0,
        },
    }
}

/// Whether every character that can stand at the `which` edge of `seq` is an ASCII
/// word character: `Some(true)` yes, `Some(false)` no, `None` the edge may be empty.
fn edge_seq(seq: &[Ast], which: Edge) -> Option<bool> {
    let mut items: Vec<&Ast> = seq.iter().collect();
    if which == Edge::Last {
        items.reverse();
    }
    for (k, a) in items.iter().enumerate() {
        match a {
            Ast::Flags(_) | Ast::Assertion(_) | Ast::Empty(_) => continue,
            Ast::Repetition(r) if optional(r) => {
                let rest: Vec<Ast> = {
                    let mut v: Vec<Ast> = items[k + 1..].iter().map(|x| (*x).clone()).collect();
                    if which == Edge::Last {
                        v.reverse();
                    }
                    v
                };
                return match (edge(&r.ast, which), edge_seq(&rest, which)) {
                    (Some(true), Some(true)) => Some(true),
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    _ => None,
                };
            }
            other => return edge(other, which),
        }
    }
    None
}

fn edge(a: &Ast, which: Edge) -> Option<bool> {
    match a {
        Ast::Literal(l) => Some(ascii_word(l.c)),
        Ast::Dot(_) | Ast::ClassPerl(_) | Ast::ClassUnicode(_) => Some(false),
        Ast::ClassBracketed(b) => Some(!b.negated && class_ascii_word(&b.kind)),
        Ast::Group(g) => edge(&g.ast, which),
        Ast::Repetition(r) => {
            if optional(r) {
                None
            } else {
                edge(&r.ast, which)
            }
        }
        Ast::Alternation(alt) => {
            let mut all = Some(true);
            for x in &alt.asts {
                match edge(x, which) {
                    Some(true) => {}
                    Some(false) => return Some(false),
                    None => all = None,
                }
            }
            all
        }
        Ast::Concat(c) => edge_seq(&c.asts, which),
        Ast::Flags(_) | Ast::Assertion(_) | Ast::Empty(_) => None,
    }
}

fn class_ascii_word(set: &ClassSet) -> bool {
    match set {
        ClassSet::Item(item) => item_ascii_word(item),
        ClassSet::BinaryOp(_) => false,
    }
}

fn item_ascii_word(item: &ClassSetItem) -> bool {
    match item {
        ClassSetItem::Literal(l) => ascii_word(l.c),
        ClassSetItem::Range(r) => {
            let (a, b) = (r.start.c, r.end.c);
            a.is_ascii_lowercase() && b.is_ascii_lowercase()
                || a.is_ascii_uppercase() && b.is_ascii_uppercase()
                || a.is_ascii_digit() && b.is_ascii_digit()
        }
        ClassSetItem::Union(u) => !u.items.is_empty() && u.items.iter().all(item_ascii_word),
        ClassSetItem::Bracketed(b) => !b.negated && class_ascii_word(&b.kind),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::ascii_word_boundaries as r;

    #[test]
    fn boundaries_next_to_ascii_letters_become_ascii() {
        assert_eq!(
            r(r"(?i)\bsans\s+mise\b"),
            r"(?i)(?-u:\b)sans\s+mise(?-u:\b)"
        );
        assert_eq!(
            r(r"\b(commandes?|achats?)\b[^.]{0,9}\b(en\s+ligne)"),
            r"(?-u:\b)(commandes?|achats?)(?-u:\b)[^.]{0,9}(?-u:\b)(en\s+ligne)"
        );
        assert_eq!(r(r"\bpr[ée]avis\b"), r"(?-u:\b)pr[ée]avis(?-u:\b)");
    }

    #[test]
    fn boundaries_next_to_accented_or_unknown_characters_stay_unicode() {
        assert_eq!(r(r"\b[ée]ch[ée]ance"), r"\b[ée]ch[ée]ance");
        assert_eq!(r(r"pay[ée]\b"), r"pay[ée]\b");
        assert_eq!(r(r"\w+\b"), r"\w+\b");
        assert_eq!(r(r"(unclosed"), r"(unclosed");
    }

    #[test]
    fn rewritten_patterns_match_the_same_french_text() {
        let text = "Les intérêts sont dus sans mise en demeure préalable.";
        for p in [
            r"(?i)\bsans\s+mise\s+en\s+demeure\b",
            r"(?i)\bint[ée]r[êe]ts\b",
        ] {
            let a = regex::Regex::new(p).unwrap().find(text).map(|m| m.range());
            let b = regex::Regex::new(&r(p))
                .unwrap()
                .find(text)
                .map(|m| m.range());
            assert_eq!(a, b, "{p}");
        }
    }
}
