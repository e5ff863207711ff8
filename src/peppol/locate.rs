//! Turns the XPath an SVRL report gives (`/*:Invoice[namespace-uri()='…'][1]/*:…`)
//! into a line and column of the source file, so a rule hit can be shown like
//! a compiler error instead of as an XPath nobody can read.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// One element of the parsed document: enough to follow an XPath.
#[derive(Debug)]
struct Node {
    parent: Option<usize>,
    namespace: String,
    local: String,
    line: usize,
    column: usize,
}

/// Element tree of one document, indexed for XPath lookups.
#[derive(Debug)]
pub struct SourceMap {
    nodes: Vec<Node>,
}

impl SourceMap {
    /// Parses `xml`; `None` when it is not well-formed (xmllint reports why).
    pub fn parse(xml: &str) -> Option<SourceMap> {
        let mut reader = NsReader::from_str(xml);
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let line_starts = line_starts(xml);
        loop {
            let offset = usize::try_from(reader.buffer_position()).ok()?;
            let (ns, event) = reader.read_resolved_event().ok()?;
            let namespace = match ns {
                ResolveResult::Bound(n) => n.as_ref().to_string(),
                _ => String::new(),
            };
            let opens = matches!(event, Event::Start(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let (line, column) = line_col(xml, &line_starts, offset);
                    nodes.push(Node {
                        parent: stack.last().copied(),
                        namespace,
                        local: e.local_name().as_ref().to_string(),
                        line,
                        column,
                    });
                    if opens {
                        stack.push(nodes.len() - 1);
                    }
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Some(SourceMap { nodes })
    }

    /// Line and column (1-based) of the element an SVRL location points to;
    /// attribute and text steps resolve to their element.
    pub fn locate(&self, xpath: &str) -> Option<(usize, usize)> {
        let mut current: Option<usize> = None;
        for step in split_steps(xpath) {
            let Some(step) = parse_step(&step) else {
                break; // `@attr`, `text()`: stay on the element
            };
            let mut seen = 0;
            let mut found = None;
            for (idx, node) in self.nodes.iter().enumerate() {
                if node.parent != current || node.local != step.local {
                    continue;
                }
                if let Some(ns) = &step.namespace
                    && &node.namespace != ns
                {
                    continue;
                }
                seen += 1;
                if seen == step.position {
                    found = Some(idx);
                    break;
                }
            }
            current = Some(found?);
        }
        let node = &self.nodes[current?];
        Some((node.line, node.column))
    }
}

/// One `name[predicate][n]` step of an SVRL location path.
struct Step {
    local: String,
    namespace: Option<String>,
    position: usize,
}

/// Splits on `/` outside brackets and quotes (namespace URIs may contain slashes).
fn split_steps(xpath: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    for c in xpath.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, '/') if depth == 0 => {
                if !cur.is_empty() {
                    steps.push(std::mem::take(&mut cur));
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        steps.push(cur);
    }
    steps
}

/// Parses `*:Name[namespace-uri()='ns'][3]`, `cbc:Name[2]` or `Name`; `None` for non-element steps.
fn parse_step(step: &str) -> Option<Step> {
    if step.starts_with('@') || step.contains("()") && !step.contains('[') {
        return None;
    }
    let name_end = step.find('[').unwrap_or(step.len());
    let name = &step[..name_end];
    let local = name.rsplit(':').next()?.to_string();
    if local.is_empty() || local == "*" {
        return None;
    }
    let mut namespace = None;
    let mut position = 1;
    let mut rest = &step[name_end..];
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']')? + open;
        let pred = &rest[open + 1..close];
        if let Some(uri) = pred
            .strip_prefix("namespace-uri()='")
            .and_then(|p| p.strip_suffix('\''))
        {
            namespace = Some(uri.to_string());
        } else if let Ok(n) = pred.trim().parse::<usize>() {
            position = n;
        }
        rest = &rest[close + 1..];
    }
    Some(Step {
        local,
        namespace,
        position,
    })
}

/// Byte offsets where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let line = starts.partition_point(|&s| s <= offset);
    let start = starts[line - 1];
    // The parser's offsets may fall inside a multi-byte character (e.g. after a BOM):
    // step back to the character that holds it instead of slicing mid-character.
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let column = text[start..end.max(start)].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0"?>
<Invoice xmlns="urn:inv" xmlns:cac="urn:cac" xmlns:cbc="urn:cbc">
  <cbc:ID>1</cbc:ID>
  <cac:Line><cbc:ID>a</cbc:ID></cac:Line>
  <cac:Line>
    <cbc:ID>b</cbc:ID><cbc:Empty/><cbc:ID>c</cbc:ID>
  </cac:Line>
</Invoice>"#;

    #[test]
    fn an_offset_inside_a_multibyte_character_does_not_panic() {
        // Found by the property test below: a BOM then a NUL then a malformed tag.
        let xml = "\u{feff}\0<:>";
        if let Some(map) = SourceMap::parse(xml) {
            let _ = map.locate("/*:x");
        }
        let starts = line_starts(xml);
        assert_eq!(line_col(xml, &starts, 1), (1, 1));
        assert_eq!(line_col(xml, &starts, 3), (1, 2));
    }

    #[test]
    fn svrl_location_points_at_the_second_id_of_the_second_line() {
        let map = SourceMap::parse(DOC).unwrap();
        let loc = "/*:Invoice[namespace-uri()='urn:inv'][1]/*:Line[namespace-uri()='urn:cac'][2]/*:ID[namespace-uri()='urn:cbc'][2]";
        assert_eq!(map.locate(loc), Some((6, 35)));
    }

    #[test]
    fn attribute_step_resolves_to_its_element() {
        let map = SourceMap::parse(DOC).unwrap();
        assert_eq!(
            map.locate("/*:Invoice[namespace-uri()='urn:inv'][1]/*:ID[namespace-uri()='urn:cbc'][1]/@schemeID"),
            Some((3, 3))
        );
    }

    #[test]
    fn unknown_path_gives_no_position() {
        let map = SourceMap::parse(DOC).unwrap();
        assert_eq!(map.locate("/*:CreditNote[1]"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_document_and_any_location_never_panic(
            xml in "(<[a-z:]{1,4}( x='[^']{0,3}')?/?>|</[a-z:]{1,4}>|[^<]{0,5}|\\n){0,12}",
            path in "(/(\\*:)?[A-Za-z]{0,4}(\\[namespace-uri\\(\\)='[^']{0,4}'\\])?(\\[[0-9]{0,2}\\])?|/@[a-z]{1,3}|[\\[\\]'/]){0,6}",
        ) {
            if let Some(map) = SourceMap::parse(&xml) {
                let _ = map.locate(&path);
            }
            let _ = crate::peppol::svrl::parse(&xml);
        }
    }
}
