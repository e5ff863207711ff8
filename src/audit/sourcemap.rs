//! Mapping from offsets in the extracted text back to line:column in the original file.
//!
//! Readers strip markup (HTML tags, docx XML, PDF layout), so the text the rules see is
//! not the file the user opens. Every reader records anchors: "extracted offset X is
//! original line L, column C". A position between anchors is found by walking the
//! extracted text from the previous anchor, counting newlines, which is exact for plain
//! text and exact to the text run for HTML.

/// One known correspondence between extracted text and original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the extracted text.
    pub text: usize,
    /// 1-based line in the original file.
    pub line: usize,
    /// 1-based column (in characters) in the original file.
    pub column: usize,
}

/// Anchors sorted by extracted offset; see the module documentation.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    anchors: Vec<Anchor>,
}

impl SourceMap {
    /// The map of a text that is its own original: one anchor per line start.
    pub fn identity(text: &str) -> SourceMap {
        let mut anchors = vec![Anchor {
            text: 0,
            line: 1,
            column: 1,
        }];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                anchors.push(Anchor {
                    text: i + 1,
                    line: anchors.len() + 1,
                    column: 1,
                });
            }
        }
        SourceMap { anchors }
    }

    /// A map built by a reader; anchors must be pushed in increasing `text` order.
    pub fn from_anchors(mut anchors: Vec<Anchor>) -> SourceMap {
        anchors.dedup_by_key(|a| a.text);
        if anchors.first().is_none_or(|a| a.text != 0) {
            anchors.insert(
                0,
                Anchor {
                    text: 0,
                    line: 1,
                    column: 1,
                },
            );
        }
        SourceMap { anchors }
    }

    /// The original (line, column) of a byte offset of the extracted text.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let idx = self.anchors.partition_point(|a| a.text <= offset);
        let anchor = self.anchors[idx.saturating_sub(1)];
        let (mut line, mut column) = (anchor.line, anchor.column);
        let start = floor_char_boundary(text, anchor.text.min(offset));
        for ch in text[start..offset].chars() {
            if ch == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        (line, column)
    }
}

/// The largest char boundary at or before `i` (str::floor_char_boundary is unstable).
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_counts_characters_not_bytes() {
        let text = "Préambule\nÉtat: 10% par mois\n";
        let map = SourceMap::identity(text);
        let off = text.find("10%").unwrap();
        assert_eq!(map.position(text, off), (2, 7));
        assert_eq!(map.position(text, 0), (1, 1));
    }

    #[test]
    fn anchors_jump_to_the_original_position() {
        let text = "Titre\n\nArticle 1";
        let map = SourceMap::from_anchors(vec![
            Anchor {
                text: 0,
                line: 3,
                column: 9,
            },
            Anchor {
                text: 7,
                line: 5,
                column: 4,
            },
        ]);
        assert_eq!(map.position(text, 2), (3, 11));
        assert_eq!(map.position(text, 15), (5, 12));
    }
}
