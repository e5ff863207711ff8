//! From YAML text to model types, with errors that point at file, line, column and field.
//!
//! serde_yaml knows where a parse error happened; this module turns its message into a
//! [`UserError`] (with a did-you-mean hint for unknown fields and variants), and
//! [`Source::locate`] finds the position of any field path (e.g. `lines[2].vat_rate`)
//! for checks that run after parsing, by walking the document with serde_yaml itself so
//! flow style, quoting and anchors are handled like the parser handles them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::error::UserError;

/// A YAML file kept in memory so later checks can point back into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path as shown in messages.
    pub path: PathBuf,
    /// Full text.
    pub text: String,
}

impl Source {
    /// Wraps text that did not come from disk (tests, embedded files).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Reads a file, turning I/O problems into a user error that names it.
    pub fn read(path: &Path) -> Result<Self, UserError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Source::new(path, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(UserError::new("file not found").file(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                Err(UserError::new("file is not valid UTF-8")
                    .file(path)
                    .hint("save the file as UTF-8"))
            }
            Err(e) => Err(UserError::new(format!("cannot read file: {e}")).file(path)),
        }
    }

    /// Deserializes the whole file, mapping serde errors to positioned user errors.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, UserError> {
        if self.text.trim().is_empty()
            || self
                .text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Err(UserError::new("file is empty")
                .file(&self.path)
                .at(1, 1)
                .hint("see the examples in `clausier init` for the expected keys"));
        }
        serde_yaml::from_str(&self.text).map_err(|e| self.map_error(&e))
    }

    /// Line and column (1-based) of the value at `field` (e.g. `lines[2].vat_rate`), if present.
    pub fn locate(&self, field: &str) -> Option<(usize, usize)> {
        let path = parse_field_path(field)?;
        let de = serde_yaml::Deserializer::from_str(&self.text);
        match (Walk { path: &path }).deserialize(de) {
            Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
            _ => None,
        }
    }

    /// An error about `field`, positioned at its value (or at the file start when absent).
    pub fn error(&self, field: &str, message: impl Into<String>) -> UserError {
        let (line, col) = self.locate(field).unwrap_or((1, 1));
        UserError::new(message)
            .file(&self.path)
            .at(line, col)
            .field(field)
    }

    fn map_error(&self, e: &serde_yaml::Error) -> UserError {
        let mut err = UserError::new("").file(&self.path);
        if let Some(loc) = e.location() {
            err = err.at(loc.line(), loc.column());
        }
        let full = e.to_string();
        // serde_yaml renders "<path>: <message> at line L column C".
        let no_loc = match full.rfind(" at line ") {
            Some(i) if e.location().is_some() => &full[..i],
            _ => full.as_str(),
        };
        let (path, msg) = split_path(no_loc);
        let (msg, hint) = super::split_hint(msg);
        let join = |name: &str| match path {
            Some(p) => format!("{p}.{name}"),
            None => name.to_string(),
        };
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let name = rest.split('`').next().unwrap_or_default();
            let expected = backticked_after(rest, "expected");
            err.field = Some(join(name));
            err.message = "unknown field".into();
            err.hint = Some(did_you_mean(name, &expected, "fields"));
        } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
            let name = rest.split('`').next().unwrap_or_default();
            let expected = backticked_after(rest, "expected");
            err.field = path.map(str::to_string);
            err.message = format!("unknown value `{name}`");
            err.hint = Some(did_you_mean(name, &expected, "values"));
        } else if let Some(rest) = msg.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            err.field = Some(join(name));
            err.message = "missing required field".into();
            err.hint = Some(match path {
                Some(p) => format!("add `{name}:` under `{p}`"),
                None => format!("add `{name}:` at the top level"),
            });
        } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
            err.field = path.map(str::to_string);
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let expected = friendly_expected(expected);
            err.message = format!("expected {expected}, found {found}");
            err.hint = Some(type_hint(&expected, found, path.is_none()));
        } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
            err.field = path.map(str::to_string);
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let expected = friendly_expected(expected);
            err.message = format!("expected {expected}, found {found}");
            err.hint = Some(type_hint(&expected, found, path.is_none()));
        } else if [
            "input contains invalid characters",
            "premature end of input",
            "trailing input",
            "input is out of range",
            "input is not enough",
            "no possible date",
        ]
        .iter()
        .any(|p| msg.starts_with(p))
        {
            // chrono's date parser.
            err.field = path.map(str::to_string);
            err.message = "invalid date".into();
            err.hint = Some("write dates as YYYY-MM-DD, e.g. 2026-11-25".into());
        } else {
            // Messages of our own checks carry their hint; libyaml syntax errors get one here.
            err.field = path.map(str::to_string);
            err.message = msg;
            err.hint = hint.or_else(|| {
                (path.is_none() && e.location().is_some()).then(|| {
                    "check the indentation and the `key: value` syntax around this line".to_string()
                })
            });
        }
        if err.message.is_empty() {
            err.message = "invalid YAML".into();
        }
        err
    }
}

/// Splits serde_yaml's `path: message` prefix; a path has no spaces.
fn split_path(s: &str) -> (Option<&str>, &str) {
    if let Some((p, rest)) = s.split_once(": ") {
        let looks_like_path = !p.is_empty()
            && !p.contains(' ')
            && p.chars()
                .all(|c| c.is_alphanumeric() || "_-.[]?".contains(c));
        if looks_like_path {
            return (Some(p), rest);
        }
    }
    (None, s)
}

/// The backticked names after `word` in a serde message ("expected one of `a`, `b`").
fn backticked_after(s: &str, word: &str) -> Vec<String> {
    let Some(i) = s.find(word) else {
        return Vec::new();
    };
    s[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The hint for an unknown name: the closest valid one, or the full list.
pub fn did_you_mean(name: &str, candidates: &[String], what: &str) -> String {
    match closest(name, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None if candidates.is_empty() => format!("no {what} are allowed here"),
        None => {
            // A workspace may hold thousands of clients: list a dozen, count the rest.
            const SHOWN: usize = 12;
            let mut list = candidates
                .iter()
                .take(SHOWN)
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if candidates.len() > SHOWN {
                list.push_str(&format!(" and {} more", candidates.len() - SHOWN));
            }
            format!("valid {what} here: {list}")
        }
    }
}

/// The candidate nearest to `name` by edit distance, if near enough to be a typo.
pub fn closest<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let len = c.chars().count();
            let allowed = match len {
                0..=3 => 1,
                4..=6 => 2,
                _ => len / 3,
            };
            *d <= allowed
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

fn friendly_expected(expected: &str) -> String {
    if expected.contains("Decimal") || expected.contains("decimal") {
        "a number".into()
    } else if expected.contains("NaiveDate") || expected.contains("date") {
        "a date".into()
    } else if expected.contains("u32") || expected.contains("integer") {
        "a whole number".into()
    } else if expected.starts_with("struct ") {
        "a mapping of `key: value` lines".into()
    } else if expected.starts_with("a sequence") {
        "a list of `- ` items".into()
    } else if expected.is_empty() {
        "another value".into()
    } else {
        expected.to_string()
    }
}

fn type_hint(expected: &str, found: &str, top_level: bool) -> String {
    // `found` reads like `string "1,5"`: the value the user wrote.
    let written = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or("");
    match expected {
        "a number" if written.contains(',') && written.chars().any(|c| c.is_ascii_digit()) => {
            format!(
                "write the decimal separator as a dot, without thousands separators: `{}`",
                written.replace(['.', ' '], "").replace(',', ".")
            )
        }
        "a number" if written.contains('€') || written.contains("EUR") => {
            "write the amount without currency: all amounts are in EUR".into()
        }
        "a number" => "write a number such as `12.50`".into(),
        "a date" => "write dates as YYYY-MM-DD, e.g. 2026-11-25".into(),
        "a whole number" => "write a whole number such as `30`".into(),
        "a string" => "quote the value, e.g. `\"...\"`".into(),
        "a list of `- ` items" => "start each item on its own line with `- `".into(),
        "a mapping of `key: value` lines" if top_level => {
            "the file must consist of `key: value` lines at the top level".into()
        }
        "a mapping of `key: value` lines" => "indent the `key: value` lines under this key".into(),
        other => format!("write {other}"),
    }
}

// ---- locating a field path by walking the YAML with serde ----

const FOUND: &str = "\u{0}clausier-found\u{0}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `lines[2].vat_rate` → [Key(lines), Index(2), Key(vat_rate)].
fn parse_field_path(field: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in field.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Seg::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
    }
    Some(out)
}

struct Walk<'a> {
    path: &'a [Seg],
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.leaf()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.leaf()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        while let Some(key) = map.next_key::<KeyName>()? {
            match (first, key.0) {
                (Seg::Key(k), Some(name)) if *k == name => {
                    map.next_value_seed(Walk { path: rest })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(FOUND));
        };
        let Seg::Index(i) = first else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        for _ in 0..*i {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Walk { path: rest })?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

impl Walk<'_> {
    fn leaf<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

/// A mapping key read as text when it is a scalar.
struct KeyName(Option<String>);

impl<'de> de::Deserialize<'de> for KeyName {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyName, E> {
                Ok(KeyName(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyName, E> {
                Ok(KeyName(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyName, E> {
                Ok(KeyName(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyName, E> {
                Ok(KeyName(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<KeyName, E> {
                Ok(KeyName(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyName, E> {
                Ok(KeyName(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<KeyName, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(KeyName(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<KeyName, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(KeyName(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_nested_values_in_block_and_flow_style() {
        let s = Source::new(
            "x.yaml",
            "a: 1\nlines:\n  - description: x\n    vat_rate: 7\n  - {description: y, vat_rate: 8}\n",
        );
        assert_eq!(s.locate("a"), Some((1, 4)));
        assert_eq!(s.locate("lines[0].vat_rate"), Some((4, 15)));
        assert_eq!(s.locate("lines[1].vat_rate"), Some((5, 32)));
        assert_eq!(s.locate("lines[2].vat_rate"), None);
        assert_eq!(s.locate("missing"), None);
    }
}
