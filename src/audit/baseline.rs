//! Baseline: accept today's findings so that only new ones fail the build
//! (`clausier audit --write-baseline FILE`, then `--baseline FILE` or `audit.baseline:`).
//!
//! A finding is keyed by its file (relative to the directory of clausier.yaml), its rule
//! code and a hash of the text of the clause it sits in, normalised (lower-case,
//! punctuation and leading numbering stripped, whitespace collapsed). Moving a clause,
//! renumbering it or re-wrapping its lines keeps the key; line numbers are deliberately not
//! part of it. Identical findings share a key and the entry counts them. Findings of
//! document-level rules ("the terms never mention a mediation body") are about the whole
//! file, not the clause they point at, so their key has no clause text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::FileReport;
use super::finding::Finding;
use super::rules::{Kind, RuleSet, Scope};
use super::segment::{self, Segmented};
use crate::error::UserError;

/// Bumped on any incompatible change of the baseline file layout.
pub const VERSION: u32 = 1;

/// The baseline file: findings accepted when it was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Layout version ([`VERSION`]).
    pub version: u32,
    /// Accepted findings, sorted by file, code and hash.
    pub entries: Vec<Entry>,
}

/// Findings of one rule in one clause text of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File relative to the config root, `/`-separated.
    pub file: String,
    /// Rule code.
    pub code: String,
    /// First 16 hex digits of the SHA-256 of the normalised clause text.
    pub hash: String,
    /// How many findings share this key.
    pub count: usize,
    /// Start of the clause, so a reviewer sees what was accepted (not part of the key).
    pub excerpt: String,
}

/// A baselined finding that no longer occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fixed {
    /// File relative to the config root.
    pub file: String,
    /// Rule code.
    pub code: String,
    /// Rule slug (empty when the rule no longer exists).
    pub slug: String,
    /// Clause hash of the entry.
    pub hash: String,
    /// How many of the entry's findings disappeared.
    pub count: usize,
    /// Start of the clause, from the baseline.
    pub excerpt: String,
}

/// What comparing a run with the baseline found; printed by every format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Baseline file as given.
    pub path: String,
    /// Findings not in the baseline (still in the reports).
    pub new: usize,
    /// Findings matched by the baseline (removed from the reports).
    pub baselined: usize,
    /// Baselined findings of the audited files that no longer occur.
    pub fixed: Vec<Fixed>,
}

impl Outcome {
    /// Number of findings fixed (sum of the counts).
    pub fn fixed_count(&self) -> usize {
        self.fixed.iter().map(|f| f.count).sum()
    }

    /// Human lines: one per fixed entry, then "N new, M baselined, K fixed".
    pub fn human(&self) -> String {
        let mut out = String::new();
        for f in &self.fixed {
            let times = if f.count > 1 {
                format!(" (x{})", f.count)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{}: fixed: {} {}{times}: \"{}\"\n",
                f.file, f.code, f.slug, f.excerpt
            ));
        }
        let k = self.fixed_count();
        out.push_str(&format!(
            "baseline {}: {} new, {} baselined, {} fixed",
            self.path, self.new, self.baselined, k
        ));
        if k > 0 {
            out.push_str(" — run --write-baseline to shrink it");
        }
        out.push('\n');
        out
    }
}

type Key = (String, String, String);

/// Lower-case words of `text` without punctuation, leading clause numbering
/// ("Article 5.2 –", "§ 3", "b)", "IV."), joined by single spaces.
pub fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is_marker = |w: &str| {
        w.bytes().all(|b| b.is_ascii_digit())
            || matches!(w, "art" | "article" | "artikel" | "er" | "bis" | "ter")
            || (w.len() <= 5 && w.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')))
            || (w.len() == 1 && w.bytes().all(|b| b.is_ascii_lowercase()))
    };
    let start = words.iter().position(|w| !is_marker(w)).unwrap_or(0);
    words[start..].join(" ")
}

/// First 16 hex digits of the SHA-256 of `normalise(text)`.
pub fn clause_hash(text: &str) -> String {
    let digest = Sha256::digest(normalise(text).as_bytes());
    hex::encode(&digest[..8])
}

/// The text a finding is keyed on: its clause, or what it matched outside any clause.
fn clause_text<'a>(text: &'a str, seg: &Segmented, f: &'a Finding) -> &'a str {
    match seg.clause_at(f.byte_span[0]) {
        Some(i) => text.get(seg.clauses[i].span.clone()).unwrap_or(""),
        None => text
            .get(f.byte_span[0]..f.byte_span[1])
            .unwrap_or(f.matched.as_str()),
    }
}

fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(60).collect();
    if flat.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// True for rules that judge the whole document (absence, document-scope patterns).
fn whole_document(rules: &RuleSet, code: &str) -> bool {
    rules.get(code).is_some_and(|r| {
        r.def.kind == Kind::Absence
            || (r.def.kind == Kind::Pattern && r.def.scope == Scope::Document)
    })
}

/// Excerpt of the entries of document-level rules.
const WHOLE: &str = "(whole document)";

/// Key and excerpt of every finding of `report`, in order.
fn keyed(report: &FileReport, file: &str, rules: &RuleSet) -> Vec<(Key, String)> {
    let seg = segment::segment(&report.text);
    report
        .findings
        .iter()
        .map(|f| {
            let body = if whole_document(rules, &f.code) {
                ""
            } else {
                clause_text(&report.text, &seg, f)
            };
            let ex = if body.is_empty() {
                WHOLE.to_string()
            } else {
                excerpt(body)
            };
            ((file.to_string(), f.code.clone(), clause_hash(body)), ex)
        })
        .collect()
}

/// `file` (as given on the command line) relative to `root`, `/`-separated; stdin stays `-`.
pub fn relative_name(file: &str, root: &Path) -> String {
    if file == "-" {
        return file.to_string();
    }
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.into());
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let rel = abs.strip_prefix(&root).unwrap_or(Path::new(file));
    rel.to_string_lossy().replace('\\', "/")
}

impl Baseline {
    /// Records every finding of `reports`; `name` maps a report's file to its key path.
    pub fn build(
        reports: &[FileReport],
        rules: &RuleSet,
        name: impl Fn(&str) -> String,
    ) -> Baseline {
        let mut map: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        for rep in reports {
            for (key, ex) in keyed(rep, &name(&rep.file), rules) {
                map.entry(key).or_insert((0, ex)).0 += 1;
            }
        }
        Baseline {
            version: VERSION,
            entries: map
                .into_iter()
                .map(|((file, code, hash), (count, excerpt))| Entry {
                    file,
                    code,
                    hash,
                    count,
                    excerpt,
                })
                .collect(),
        }
    }

    /// Total number of findings recorded.
    pub fn findings(&self) -> usize {
        self.entries.iter().map(|e| e.count).sum()
    }

    /// Pretty, sorted JSON with a trailing newline (stable across runs, diff-friendly).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serializes");
        s.push('\n');
        s
    }

    /// Writes the file atomically (temp file + rename).
    pub fn write(&self, path: &Path) -> Result<(), UserError> {
        crate::output::write_atomic(path, self.to_json().as_bytes()).map_err(|e| {
            UserError::new(format!("cannot write the baseline: {e}"))
                .file(path)
                .hint("check that the directory exists and is writable")
        })
    }

    /// Reads a baseline file; a missing, unreadable or invalid file is an error naming it.
    pub fn load(path: &Path) -> Result<Baseline, UserError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UserError::new(format!("cannot read the baseline: {e}"))
                .file(path)
                .hint(format!(
                    "create it with `clausier audit PATHS --write-baseline {}`",
                    path.display()
                ))
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            UserError::new(format!("invalid baseline: {e}"))
                .file(path)
                .at(e.line(), e.column())
                .hint("regenerate it with --write-baseline")
        })?;
        if b.version != VERSION {
            return Err(UserError::new(format!(
                "unsupported baseline version {} (this clausier reads version {VERSION})",
                b.version
            ))
            .file(path)
            .field("version")
            .hint("regenerate it with --write-baseline"));
        }
        Ok(b)
    }

    /// Removes baselined findings from `reports` and says what is new and what was fixed.
    /// Only entries of files audited in this run can be fixed.
    pub fn apply(
        &self,
        path: &str,
        reports: &mut [FileReport],
        rules: &RuleSet,
        name: impl Fn(&str) -> String,
    ) -> Outcome {
        let mut allowed: BTreeMap<Key, usize> = BTreeMap::new();
        for e in &self.entries {
            *allowed
                .entry((e.file.clone(), e.code.clone(), e.hash.clone()))
                .or_default() += e.count;
        }
        let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
        let mut audited = BTreeSet::new();
        let mut out = Outcome {
            path: path.to_string(),
            ..Outcome::default()
        };
        for rep in reports.iter_mut() {
            let file = name(&rep.file);
            let keys = keyed(rep, &file, rules);
            audited.insert(file);
            let mut keep = Vec::with_capacity(rep.findings.len());
            for (f, (key, _)) in std::mem::take(&mut rep.findings).into_iter().zip(keys) {
                let n = seen.entry(key.clone()).or_default();
                *n += 1;
                if *n <= allowed.get(&key).copied().unwrap_or(0) {
                    out.baselined += 1;
                } else {
                    out.new += 1;
                    keep.push(f);
                }
            }
            rep.findings = keep;
        }
        for e in &self.entries {
            if !audited.contains(&e.file) {
                continue;
            }
            let key = (e.file.clone(), e.code.clone(), e.hash.clone());
            let total = allowed[&key];
            let now = seen.get(&key).copied().unwrap_or(0);
            // Entries sharing a key (hand-edited file) are fixed once, on the first.
            if now < total
                && !out
                    .fixed
                    .iter()
                    .any(|f| (&f.file, &f.code, &f.hash) == (&e.file, &e.code, &e.hash))
            {
                out.fixed.push(Fixed {
                    file: e.file.clone(),
                    code: e.code.clone(),
                    slug: rules
                        .get(&e.code)
                        .map_or_else(String::new, |r| r.def.slug.clone()),
                    hash: e.hash.clone(),
                    count: total - now,
                    excerpt: e.excerpt.clone(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_case_wrapping_punctuation_and_numbering() {
        let a = "Article 5.2 – Tout retard de paiement\nentraîne un intérêt de 10 % par mois.";
        let b = "7) tout retard de paiement entraîne un intérêt\n   de 10% par mois";
        assert_eq!(
            normalise(a),
            "tout retard de paiement entraîne un intérêt de 10 par mois"
        );
        assert_eq!(normalise(a), normalise(b));
        assert_eq!(clause_hash(a), clause_hash(b));
        assert_ne!(
            clause_hash(a),
            clause_hash("Tout retard entraîne 12 % l'an.")
        );
        assert_eq!(clause_hash(a).len(), 16);
    }

    #[test]
    fn relative_names_are_relative_to_the_root() {
        let dir = std::env::current_dir().unwrap();
        assert_eq!(relative_name("terms/cgv.md", &dir), "terms/cgv.md");
        assert_eq!(relative_name("-", &dir), "-");
        assert_eq!(
            relative_name(&dir.join("a/b.txt").to_string_lossy(), &dir),
            "a/b.txt"
        );
    }
}
