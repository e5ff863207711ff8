//! Line and column of every key and value in a YAML file, so that errors found
//! after deserialisation (unknown clause, value out of range) can still point at
//! the exact place in the user's file.
//!
//! serde_yaml reports positions only for its own errors; this map is built from
//! yaml-rust2's marked events and looked up by a path such as `clauses[2].params.rate`.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Pos {
    fn from_marker(m: Marker) -> Self {
        Pos {
            line: m.line().max(1),
            column: m.col() + 1,
        }
    }
}

/// Where a node sits: its key (for mapping entries) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    /// Position of the key, when the node is a mapping entry.
    pub key: Option<Pos>,
    /// Position of the value.
    pub value: Pos,
}

/// Positions of every node of one YAML document, keyed by path.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    nodes: HashMap<String, NodeSpan>,
}

impl SpanMap {
    /// Builds the map; a document the scanner cannot read yields an empty map
    /// (serde_yaml then reports the syntax error with its own position).
    pub fn parse(text: &str) -> Self {
        let mut recv = Receiver::default();
        let mut parser = Parser::new_from_str(text);
        // A scan error leaves what was collected so far, which is still useful.
        let _ = parser.load(&mut recv, false);
        SpanMap { nodes: recv.nodes }
    }

    /// The span of the node at `path` (`a.b[0].c`; the root is the empty path).
    pub fn get(&self, path: &str) -> Option<NodeSpan> {
        self.nodes.get(path).copied()
    }

    /// Position of the value at `path`, or of the nearest ancestor that exists.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.nearest(path).map(|s| s.value)
    }

    /// Position of the key at `path` (falling back to its value), or of the nearest ancestor.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.nearest(path).map(|s| s.key.unwrap_or(s.value))
    }

    fn nearest(&self, path: &str) -> Option<NodeSpan> {
        let mut p = path.to_string();
        loop {
            if let Some(s) = self.nodes.get(&p) {
                return Some(*s);
            }
            if p.is_empty() {
                return None;
            }
            p = parent_path(&p).to_string();
        }
    }
}

/// `a.b[0]` → `a.b`, `a.b` → `a`, `a` → ``.
fn parent_path(path: &str) -> &str {
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    &path[..cut]
}

/// Joins a mapping key onto a path.
pub fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Joins a sequence index onto a path.
pub fn join_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

enum Frame {
    Mapping {
        path: String,
        pending_key: Option<(String, Pos)>,
    },
    Sequence {
        path: String,
        next: usize,
    },
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Frame>,
    nodes: HashMap<String, NodeSpan>,
}

impl Receiver {
    /// Records a value starting at `pos` and returns its path.
    fn place_value(&mut self, pos: Pos) -> String {
        let (path, key) = match self.stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Sequence { path, next }) => {
                let p = join_index(path, *next);
                *next += 1;
                (p, None)
            }
            Some(Frame::Mapping { path, pending_key }) => match pending_key.take() {
                Some((k, kpos)) => (join_key(path, &k), Some(kpos)),
                // A complex (non-scalar) key: keep it out of the map.
                None => (join_key(path, "?"), None),
            },
        };
        self.nodes
            .entry(path.clone())
            .or_insert(NodeSpan { key, value: pos });
        path
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos::from_marker(mark);
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping { pending_key, .. }) = self.stack.last_mut()
                    && pending_key.is_none()
                {
                    *pending_key = Some((value, pos));
                    return;
                }
                self.place_value(pos);
            }
            Event::Alias(_) => {
                self.place_value(pos);
            }
            Event::MappingStart(..) => {
                let path = self.place_value(pos);
                self.stack.push(Frame::Mapping {
                    path,
                    pending_key: None,
                });
            }
            Event::SequenceStart(..) => {
                let path = self.place_value(pos);
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_in_nested_sequences() {
        let text = "title: x\nclauses:\n  - id: payment-b2b\n    params:\n      days: 90\n  - late-payment-b2b\n";
        let map = SpanMap::parse(text);
        assert_eq!(
            map.get("title").unwrap().key,
            Some(Pos { line: 1, column: 1 })
        );
        assert_eq!(map.value("clauses[0].id"), Some(Pos { line: 3, column: 9 }));
        assert_eq!(
            map.key("clauses[0].params.days"),
            Some(Pos { line: 5, column: 7 })
        );
        assert_eq!(
            map.value("clauses[0].params.days"),
            Some(Pos {
                line: 5,
                column: 13
            })
        );
        assert_eq!(map.value("clauses[1]"), Some(Pos { line: 6, column: 5 }));
        // A missing node falls back to its nearest ancestor.
        assert_eq!(
            map.key("clauses[0].params.nope"),
            Some(Pos { line: 4, column: 5 })
        );
    }

    #[test]
    fn a_broken_document_does_not_panic() {
        let map = SpanMap::parse("a: [1, 2\nb: {");
        assert!(map.get("zzz").is_none());
    }
}
