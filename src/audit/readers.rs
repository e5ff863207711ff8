//! Readers: from a file's bytes to the visible text and its source map.
//!
//! | format | text | line:column reported |
//! |---|---|---|
//! | .txt, .md, stdin | the decoded file | exact, in the original file |
//! | .html, .htm | visible text; script/style dropped; block elements become line breaks | exact line, column exact to the text run (entities count as one) |
//! | .docx | `word/document.xml`, one paragraph per line | line = paragraph number in the document body |
//! | .pdf | `pdftotext` output (reading order) | line of the extracted text (pages are consecutive) |

use std::path::Path;

use super::source::{self, Encoding, SourceError};
use super::sourcemap::{Anchor, SourceMap};

/// The input formats the auditor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Txt,
    /// Markdown (read as text: rules see the words, headings give clause titles).
    Md,
    /// HTML page.
    Html,
    /// Word document.
    Docx,
    /// PDF.
    Pdf,
}

impl Format {
    /// Picks the reader from the extension; unknown extensions are read as text.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => Format::Md,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            _ => Format::Txt,
        }
    }

    /// Sniffs content for stdin, where there is no extension.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"%PDF") {
            Format::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") {
            Format::Docx
        } else {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
            if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") {
                Format::Html
            } else {
                Format::Txt
            }
        }
    }
}

/// Text extracted from a file, with the map back to the original.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// Visible text, `\n` line ends.
    pub text: String,
    /// Extracted offsets → original line:column.
    pub map: SourceMap,
    /// How the bytes were decoded (for text formats).
    pub encoding: Option<Encoding>,
    /// The reader used.
    pub format: Format,
}

/// Reads bytes in the given format; `pdftotext` is the only external tool (PDF only).
pub fn read(bytes: &[u8], format: Format) -> Result<Extracted, SourceError> {
    let extracted = match format {
        Format::Txt | Format::Md => {
            let (text, enc) = source::decode(bytes)?;
            let text = normalize_newlines(&text);
            Extracted {
                map: SourceMap::identity(&text),
                text,
                encoding: Some(enc),
                format,
            }
        }
        Format::Html => {
            let (text, enc) = source::decode(bytes)?;
            let html = normalize_newlines(&text);
            let (text, map) = html_to_text(&html);
            Extracted {
                text,
                map,
                encoding: Some(enc),
                format,
            }
        }
        Format::Docx => {
            let text = docx_to_text(bytes)?;
            Extracted {
                map: SourceMap::identity(&text),
                text,
                encoding: None,
                format,
            }
        }
        Format::Pdf => {
            let raw = crate::process::pdftotext(bytes)
                .map_err(|e| SourceError::Unreadable(format!("cannot read the PDF: {e}")))?;
            let text = normalize_newlines(&raw).replace('\u{c}', " ");
            Extracted {
                map: SourceMap::identity(&text),
                text,
                encoding: None,
                format,
            }
        }
    };
    if extracted.text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(extracted)
}

/// CRLF and lone CR become LF; the line count is unchanged so positions stay right.
fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

// ---------------------------------------------------------------- HTML

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "nav",
    "aside",
    "main",
    "form",
    "address",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "body",
    "details",
    "summary",
];

const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "title", "head", "svg", "iframe", "object",
];

struct HtmlOut {
    text: String,
    anchors: Vec<Anchor>,
    pending_break: u8,
    need_anchor: bool,
    space_pending: bool,
}

impl HtmlOut {
    fn block_break(&mut self, n: u8) {
        self.pending_break = self.pending_break.max(n);
        self.space_pending = false;
        self.need_anchor = true;
    }

    fn push_char(&mut self, ch: char, line: usize, column: usize) {
        if ch.is_whitespace() {
            if !self.text.is_empty() && self.pending_break == 0 {
                self.space_pending = true;
            }
            if ch == '\n' {
                self.need_anchor = true;
            }
            return;
        }
        if self.pending_break > 0 && !self.text.is_empty() {
            while self.text.ends_with(' ') {
                self.text.pop();
            }
            for _ in 0..self.pending_break {
                self.text.push('\n');
            }
            self.need_anchor = true;
        } else if self.space_pending {
            self.text.push(' ');
        }
        self.pending_break = 0;
        self.space_pending = false;
        if self.need_anchor {
            self.anchors.push(Anchor {
                text: self.text.len(),
                line,
                column,
            });
            self.need_anchor = false;
        }
        self.text.push(ch);
    }
}

/// Visible text of an HTML page with a map to the original lines and columns.
pub fn html_to_text(html: &str) -> (String, SourceMap) {
    let mut out = HtmlOut {
        text: String::new(),
        anchors: Vec::new(),
        pending_break: 0,
        need_anchor: true,
        space_pending: false,
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let (mut line, mut column) = (1usize, 1usize);
    // Advances line/column over html[from..to].
    let advance = |from: usize, to: usize, line: &mut usize, column: &mut usize| {
        for ch in html[from..to].chars() {
            if ch == '\n' {
                *line += 1;
                *column = 1;
            } else {
                *column += 1;
            }
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if html[i..].starts_with("<!--") {
                let end = html[i + 4..]
                    .find("-->")
                    .map_or(html.len(), |e| i + 4 + e + 3);
                let comment = &html[i..end];
                if comment.contains("clausier-ignore") {
                    // Kept as text on its own line so suppressions work like in Markdown.
                    let (l0, c0) = (line, column);
                    out.block_break(1);
                    let (mut l, mut c) = (l0, c0);
                    for ch in comment.chars() {
                        let ch2 = if ch == '\n' { ' ' } else { ch };
                        out.push_char(ch2, l, c);
                        if ch == '\n' {
                            l += 1;
                            c = 1;
                        } else {
                            c += 1;
                        }
                    }
                    out.block_break(1);
                }
                advance(i, end, &mut line, &mut column);
                i = end;
                continue;
            }
            let Some((tag_end, name, closing)) = parse_tag(html, i) else {
                // A lone '<' is text.
                out.push_char('<', line, column);
                advance(i, i + 1, &mut line, &mut column);
                i += 1;
                continue;
            };
            let name_lc = name.to_ascii_lowercase();
            out.need_anchor = true;
            advance(i, tag_end, &mut line, &mut column);
            i = tag_end;
            if !closing && SKIPPED_TAGS.contains(&name_lc.as_str()) {
                let close = format!("</{name_lc}");
                let rest_lc = html[i..].to_ascii_lowercase();
                let end = match rest_lc.find(&close) {
                    Some(p) => {
                        let after = i + p;
                        html[after..]
                            .find('>')
                            .map_or(html.len(), |g| after + g + 1)
                    }
                    None => html.len(),
                };
                advance(i, end, &mut line, &mut column);
                i = end;
                continue;
            }
            if name_lc == "br" {
                out.block_break(1);
            } else if matches!(name_lc.as_str(), "td" | "th") {
                out.space_pending = !out.text.is_empty();
            } else if BLOCK_TAGS.contains(&name_lc.as_str()) {
                out.block_break(2);
            }
            continue;
        }
        if bytes[i] == b'&'
            && let Some((ch, len)) = decode_entity(&html[i..])
        {
            out.need_anchor = true;
            out.push_char(ch, line, column);
            out.need_anchor = true;
            advance(i, i + len, &mut line, &mut column);
            i += len;
            continue;
        }
        let orig = html[i..].chars().next().unwrap_or(' ');
        let ch = if orig == '\u{a0}' { ' ' } else { orig };
        out.push_char(ch, line, column);
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
        i += orig.len_utf8();
    }
    let mut text = out.text;
    text.push('\n');
    (text, SourceMap::from_anchors(out.anchors))
}

/// Parses `<name ...>` or `</name>` at `start`; returns (end offset, name, closing).
fn parse_tag(html: &str, start: usize) -> Option<(usize, &str, bool)> {
    let rest = &html[start + 1..];
    let (closing, rest_off) = match rest.strip_prefix('/') {
        Some(_) => (true, start + 2),
        None => (false, start + 1),
    };
    let after = &html[rest_off..];
    if after.starts_with('!') || after.starts_with('?') {
        let end = after.find('>').map_or(html.len(), |e| rest_off + e + 1);
        return Some((end, "!", closing));
    }
    let name_len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
        .count();
    if name_len == 0 || !after.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = &after[..name_len];
    let mut quote: Option<u8> = None;
    for (k, b) in after.bytes().enumerate().skip(name_len) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some((rest_off + k + 1, name, closing)),
            None => {}
        }
    }
    Some((html.len(), name, closing))
}

/// Decodes `&name;`, `&#123;` or `&#x1F;` at the start of `s`; returns (char, bytes used).
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s[..super::sourcemap::floor_char_boundary(s, 12)].find(';')?;
    let body = &s[1..semi];
    let ch = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" | "rsquo" | "lsquo" => '\'',
            "nbsp" => ' ',
            "euro" => '€',
            "sect" => '§',
            "deg" => '°',
            "laquo" => '«',
            "raquo" => '»',
            "ldquo" | "rdquo" => '"',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "bull" => '•',
            "eacute" => 'é',
            "egrave" => 'è',
            "ecirc" => 'ê',
            "euml" => 'ë',
            "Eacute" => 'É',
            "agrave" => 'à',
            "acirc" => 'â',
            "auml" => 'ä',
            "Agrave" => 'À',
            "ccedil" => 'ç',
            "icirc" => 'î',
            "iuml" => 'ï',
            "ocirc" => 'ô',
            "ouml" => 'ö',
            "ucirc" => 'û',
            "ugrave" => 'ù',
            "uuml" => 'ü',
            _ => return None,
        }
    };
    Some((ch, semi + 1))
}

// ---------------------------------------------------------------- DOCX

/// Paragraph text of a .docx body, one paragraph per line.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, SourceError> {
    use std::io::Read;
    let bad = |e: String| SourceError::Unreadable(format!("cannot read the .docx: {e}"));
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut file = archive
        .by_name("word/document.xml")
        .map_err(|_| bad("no word/document.xml inside".into()))?;
    let mut xml = String::new();
    // A zip bomb guard: document.xml of real terms is well under 64 MB.
    (&mut file)
        .take(64 * 1024 * 1024)
        .read_to_string(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    docx_xml_to_text(&xml).map_err(bad)
}

/// Walks `word/document.xml`: `w:t` text, `w:tab` → tab, `w:br` → space, `w:p` → line.
pub fn docx_xml_to_text(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.name().as_ref() {
                "w:t" => in_t = true,
                "w:tab" => text.push('\t'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => text.push('\t'),
                "w:br" | "w:cr" => text.push(' '),
                "w:p" => text.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_t = false,
                "w:p" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_t => text.push_str(&t.xml10_content().replace('\n', " ")),
            Event::GeneralRef(r) if in_t => {
                if let Ok(Some(ch)) = r.resolve_char_ref() {
                    text.push(ch);
                } else {
                    let name: &str = &r;
                    text.push_str(match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_drops_scripts_and_maps_to_original_lines() {
        let html = "<html><head><title>T</title><style>p{}</style></head>\n<body>\n<h1>Article 1</h1>\n<p>Int&eacute;r&ecirc;ts de <b>10%</b>\n par mois.</p><script>var a = '10% par mois';</script>\n</body></html>";
        let (text, map) = html_to_text(html);
        assert_eq!(text, "Article 1\n\nIntérêts de 10% par mois.\n");
        let off = text.find("10%").unwrap();
        assert_eq!(map.position(&text, off), (4, 32));
        let off = text.find("par").unwrap();
        assert_eq!(map.position(&text, off), (5, 2));
    }

    #[test]
    fn docx_paragraphs_become_lines() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>Article 1</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Prix &amp; </w:t></w:r><w:r><w:t>paiement</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            docx_xml_to_text(xml).unwrap(),
            "Article 1\nPrix & paiement\n"
        );
    }
}
