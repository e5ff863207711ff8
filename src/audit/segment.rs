//! Segmentation: headings, clauses and paragraphs with their numbers and byte spans.
//!
//! A *clause* is the unit pattern rules match on: a numbered item ("Article 5",
//! "Art. 5.2", "5°", "§ 3", "1.1.", "a)"), a bullet, or a paragraph. A PDF-style hard wrap
//! across a blank line (a paragraph not ending with . ; : ! ? followed by a lowercase
//! start) stays in the same clause. Headings ("4. Tarifs", "## Paiement", "CONDITIONS DE
//! PAIEMENT", "Article 3 : devis") are not clauses: they give clauses a number and title.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lang::{self, Lang};

/// A heading line: gives the following clauses their number and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Span of the whole heading line.
    pub span: Range<usize>,
    /// Article number ("5", "5.2", "§ 3"), when the heading has one.
    pub number: Option<String>,
    /// Heading text without its number.
    pub title: String,
}

/// The unit rules match on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Byte span in the extracted text (whole lines, without the trailing newline).
    pub span: Range<usize>,
    /// The clause's own number, else the number of the heading it sits under.
    pub number: Option<String>,
    /// Title of the heading it sits under.
    pub title: Option<String>,
    /// Detected language (falls back to the document language when unclear).
    pub lang: Lang,
}

/// A document cut into headings, clauses and raw paragraphs.
#[derive(Debug, Clone)]
pub struct Segmented {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Clauses in order; spans do not overlap.
    pub clauses: Vec<Clause>,
    /// Blank-line separated blocks (for duplicate detection), headings excluded.
    pub paragraphs: Vec<Range<usize>>,
    /// Language of the whole document.
    pub lang: Lang,
}

impl Segmented {
    /// Index of the clause containing `offset`, if any.
    pub fn clause_at(&self, offset: usize) -> Option<usize> {
        let idx = self.clauses.partition_point(|c| c.span.start <= offset);
        let i = idx.checked_sub(1)?;
        (offset <= self.clauses[i].span.end).then_some(i)
    }
}

impl Segmented {
    /// Byte span of the article clause `i` belongs to: the run of clauses under the same
    /// heading ("Article 13 – Responsabilité" with its 13.1, 13.2 or 1., 2. items), cut
    /// further by the root of dotted numbers ("13.1" / "14.1"). Without a heading above,
    /// only clauses sharing a dotted root form an article. Carve-outs drafted once for a
    /// whole article ("13.1 Sauf dol ou faute lourde, ...") are read at this scope.
    pub fn article_span(&self, i: usize) -> Range<usize> {
        let heading_of = |c: &Clause| {
            self.headings
                .partition_point(|h| h.span.start < c.span.start)
        };
        let root = |c: &Clause| {
            c.number
                .as_deref()
                .and_then(|n| n.split_once('.'))
                .map(|(r, _)| r.to_string())
        };
        let me = &self.clauses[i];
        let (h, r) = (heading_of(me), root(me));
        let same = |c: &Clause| {
            heading_of(c) == h
                && match (&r, root(c)) {
                    (Some(a), Some(b)) => *a == b,
                    // Under a heading, undotted items ("1.", "a)", bullets) belong to it.
                    _ => h > 0,
                }
        };
        let mut first = i;
        while first > 0 && same(&self.clauses[first - 1]) {
            first -= 1;
        }
        let mut last = i;
        while last + 1 < self.clauses.len() && same(&self.clauses[last + 1]) {
            last += 1;
        }
        self.clauses[first].span.start..self.clauses[last].span.end
    }
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?:
            (?i:art(?:icle|ikel|\.)?)\s*(?P<art>\d{1,3}(?:[.\-]\d{1,3})*(?:er|bis|ter)?)\.?
          | §\s*(?P<par>\d{1,3})
          | (?P<deg>\d{1,3})°
          | (?P<num>\d{1,3}(?:\.\d{1,3}){0,3})(?:\.|\)|\s*[-–:])?
          | (?P<let>[a-zA-Z])\)
          | (?P<rom>[IVX]{1,5})\.
        )
        (?:\s+|$)",
    )
    .expect("marker regex")
});

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•\-\*–·▪◦]\s+").expect("bullet regex"));

static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{1,6}\s+").expect("markdown heading regex"));

#[derive(Debug, PartialEq)]
enum LineKind {
    Blank,
    Heading(Option<String>, String),
    Numbered(String),
    Bullet,
    Text,
}

fn classify(line: &str) -> LineKind {
    let t = line.trim();
    if t.is_empty() || super::suppress::is_directive_line(t) {
        return LineKind::Blank;
    }
    if let Some(m) = MD_HEADING.find(t) {
        let rest = t[m.end()..].trim();
        return match split_marker(rest) {
            Some((num, title)) => LineKind::Heading(Some(num), title.to_string()),
            None => LineKind::Heading(None, rest.to_string()),
        };
    }
    if let Some((num, rest)) = split_marker(t) {
        let is_article = t.len() >= 3 && t.as_bytes()[..3].eq_ignore_ascii_case(b"art");
        let rest_t = rest.trim_start_matches([':', '-', '–', '.', ' ']).trim();
        let short = rest_t.chars().count() <= 70;
        let ends_like_sentence = rest_t.ends_with(['.', ',', ';']);
        let starts_upper = rest_t.chars().next().is_none_or(char::is_uppercase);
        if rest_t.is_empty() || (short && !ends_like_sentence && (is_article || starts_upper)) {
            return LineKind::Heading(Some(num), rest_t.to_string());
        }
        return LineKind::Numbered(num);
    }
    if BULLET.is_match(t) {
        return LineKind::Bullet;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 4
        && t.chars().count() <= 100
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 9
    {
        return LineKind::Heading(None, t.to_string());
    }
    LineKind::Text
}

/// Splits "Article 5 : Prix" into ("5", "Prix"); `None` when the line has no number marker.
fn split_marker(t: &str) -> Option<(String, &str)> {
    let caps = MARKER.captures(t)?;
    let whole = caps.get(0)?;
    let num = if let Some(m) = caps.name("art") {
        m.as_str().to_string()
    } else if let Some(m) = caps.name("par") {
        format!("§ {}", m.as_str())
    } else if let Some(m) = caps.name("deg") {
        format!("{}°", m.as_str())
    } else if let Some(m) = caps.name("num") {
        m.as_str().to_string()
    } else if let Some(m) = caps.name("let") {
        format!("{})", m.as_str())
    } else {
        caps.name("rom")?.as_str().to_string()
    };
    Some((num, &t[whole.end()..]))
}

/// Cuts `text` into headings, clauses and paragraphs and detects languages.
pub fn segment(text: &str) -> Segmented {
    let doc_lang = lang::detect(text, 1).unwrap_or(Lang::Fr);
    let mut headings: Vec<Heading> = Vec::new();
    let mut clauses: Vec<Clause> = Vec::new();
    let mut paragraphs: Vec<Range<usize>> = Vec::new();

    let mut current: Option<(Range<usize>, Option<String>)> = None; // clause span + own number
    let mut para: Option<Range<usize>> = None;
    let mut blank_before = false;
    let mut heading_num: Option<String> = None;
    let mut heading_title: Option<String> = None;

    let finish = |cur: &mut Option<(Range<usize>, Option<String>)>,
                  clauses: &mut Vec<Clause>,
                  hnum: &Option<String>,
                  htitle: &Option<String>| {
        if let Some((span, own)) = cur.take() {
            let body = &text[span.clone()];
            let lang = lang::detect(body, 3).unwrap_or(doc_lang);
            clauses.push(Clause {
                span,
                number: own.or_else(|| hnum.clone()),
                title: htitle.clone(),
                lang,
            });
        }
    };

    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let line = &text[start..end];
        // Span of the line without leading/trailing whitespace.
        let lead = line.len() - line.trim_start().len();
        let span = start + lead..start + line.trim_end().len();
        let kind = classify(line);
        match kind {
            LineKind::Blank => {
                blank_before = true;
                if let Some(p) = para.take() {
                    paragraphs.push(p);
                }
            }
            LineKind::Heading(num, title) => {
                finish(&mut current, &mut clauses, &heading_num, &heading_title);
                if let Some(p) = para.take() {
                    paragraphs.push(p);
                }
                heading_num = num.clone();
                heading_title = (!title.is_empty()).then(|| title.clone());
                headings.push(Heading {
                    span: span.clone(),
                    number: num,
                    title,
                });
                blank_before = false;
            }
            LineKind::Numbered(_) | LineKind::Bullet | LineKind::Text => {
                let own = match &kind {
                    LineKind::Numbered(n) => Some(n.clone()),
                    _ => None,
                };
                let starts_new = match &current {
                    None => true,
                    Some((cur_span, _)) => match kind {
                        LineKind::Numbered(_) | LineKind::Bullet => true,
                        _ => blank_before && !is_wrap(&text[cur_span.clone()], line.trim()),
                    },
                };
                if starts_new {
                    finish(&mut current, &mut clauses, &heading_num, &heading_title);
                    current = Some((span.clone(), own));
                } else if let Some((cur_span, _)) = current.as_mut() {
                    cur_span.end = span.end;
                }
                match para.as_mut() {
                    Some(p) => p.end = span.end,
                    None => para = Some(span.clone()),
                }
                blank_before = false;
            }
        }
        start = end + 1;
    }
    finish(&mut current, &mut clauses, &heading_num, &heading_title);
    if let Some(p) = para.take() {
        paragraphs.push(p);
    }
    Segmented {
        headings,
        clauses,
        paragraphs,
        lang: doc_lang,
    }
}

/// A hard wrap across a blank line: the clause so far does not end a sentence and the
/// next line starts in lowercase.
fn is_wrap(before: &str, next: &str) -> bool {
    let ends_open = !before
        .trim_end()
        .ends_with(['.', ';', ':', '!', '?', ')', '»', '"']);
    let next_lower = next.chars().next().is_some_and(char::is_lowercase);
    ends_open && next_lower
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(s: &Segmented, text: &str) -> Vec<(Option<String>, String)> {
        s.clauses
            .iter()
            .map(|c| (c.number.clone(), text[c.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn article_headings_number_their_clauses() {
        let text = "Article 5 : Paiement\nLes factures sont payables à 30 jours.\n\nArt. 5.2 Le client paie par virement bancaire et sans frais pour la société.\n5° le prix est ferme.\n§ 3 Le tribunal de Liège est seul compétent pour tout litige.\n";
        let s = segment(text);
        assert_eq!(s.headings.len(), 1);
        assert_eq!(s.headings[0].title, "Paiement");
        assert_eq!(
            numbers(&s, text),
            vec![
                (
                    Some("5".into()),
                    "Les factures sont payables à 30 jours.".into()
                ),
                (
                    Some("5.2".into()),
                    "Art. 5.2 Le client paie par virement bancaire et sans frais pour la société."
                        .into()
                ),
                (Some("5°".into()), "5° le prix est ferme.".into()),
                (
                    Some("§ 3".into()),
                    "§ 3 Le tribunal de Liège est seul compétent pour tout litige.".into()
                ),
            ]
        );
        assert_eq!(s.lang, Lang::Fr);
    }

    #[test]
    fn pdf_wraps_across_blank_lines_stay_in_one_clause() {
        let text = "4.3 Retard de paiement\n\n• des pénalités de 10% par\n\nmois seront appliquées.\n• Ampstra peut suspendre.\n\nARTIKEL ZEVEN\n";
        let s = segment(text);
        assert_eq!(
            numbers(&s, text),
            vec![
                (
                    Some("4.3".into()),
                    "• des pénalités de 10% par\n\nmois seront appliquées.".into()
                ),
                (Some("4.3".into()), "• Ampstra peut suspendre.".into()),
            ]
        );
        assert_eq!(s.headings.len(), 2);
        assert_eq!(s.headings[1].title, "ARTIKEL ZEVEN");
    }

    #[test]
    fn articles_group_sub_clauses_under_a_heading_or_a_dotted_root() {
        let text = "Article 13 – Responsabilité\n13.1. Sauf dol, la responsabilité est limitée au prix.\n13.2. Le prestataire n'est pas responsable des dommages indirects.\nArticle 14 – Plaintes\n1. Les plaintes sont écrites et motivées.\n2. Elles sont envoyées dans les huit jours.\n";
        let s = segment(text);
        let art = |i: usize| &text[s.article_span(i)];
        assert_eq!(s.clauses.len(), 4);
        assert_eq!(
            art(1),
            "13.1. Sauf dol, la responsabilité est limitée au prix.\n13.2. Le prestataire n'est pas responsable des dommages indirects."
        );
        assert_eq!(
            art(2),
            "1. Les plaintes sont écrites et motivées.\n2. Elles sont envoyées dans les huit jours."
        );
        // No heading above: dotted roots decide, undotted numbers stay alone.
        let flat = "13.1. Sauf dol, la responsabilité est limitée au prix payé.\n13.2. Le prestataire n'est pas responsable des dommages indirects.\n14.1. Les plaintes sont écrites et motivées par le client.\n15. Le droit belge est applicable à tous les contrats.\n";
        let s2 = segment(flat);
        assert_eq!(s2.headings.len(), 0);
        assert_eq!(
            &flat[s2.article_span(1)],
            "13.1. Sauf dol, la responsabilité est limitée au prix payé.\n13.2. Le prestataire n'est pas responsable des dommages indirects."
        );
        assert_eq!(
            &flat[s2.article_span(2)],
            "14.1. Les plaintes sont écrites et motivées par le client."
        );
        assert_eq!(
            &flat[s2.article_span(3)],
            "15. Le droit belge est applicable à tous les contrats."
        );
    }

    #[test]
    fn markdown_headings_and_numbered_lowercase_items() {
        let text = "## 1.1. Betaling\n\n1. de klant betaalt binnen 30 dagen na factuurdatum.\n";
        let s = segment(text);
        assert_eq!(s.headings[0].number.as_deref(), Some("1.1"));
        assert_eq!(s.clauses[0].number.as_deref(), Some("1"));
        assert_eq!(s.clauses[0].lang, Lang::Nl);
    }
}
