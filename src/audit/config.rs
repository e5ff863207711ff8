//! The `audit:` section of clausier.yaml: rules to ignore, per file or everywhere.
//!
//! Read here with a small struct so the auditor works in any directory, with or without
//! a full workspace; other sections of clausier.yaml are not looked at.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::UserError;

/// `audit:` in clausier.yaml.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// Codes ignored in every file.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Glob (relative to clausier.yaml, `*` and `**`) → codes ignored in matching files.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Default `--fail-on`.
    #[serde(default)]
    pub fail_on: Option<String>,
    /// Default `--audience`.
    #[serde(default)]
    pub audience: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FileShape {
    #[serde(default)]
    audit: Option<AuditConfig>,
}

/// The loaded section and the directory globs are relative to.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    /// The section (default when absent).
    pub audit: AuditConfig,
    /// Directory of clausier.yaml.
    pub root: PathBuf,
    /// The file read, if any.
    pub path: Option<PathBuf>,
}

impl LoadedConfig {
    /// Walks up from `start` to the first clausier.yaml and reads its `audit:` section.
    pub fn discover(start: &Path) -> Result<LoadedConfig, UserError> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join("clausier.yaml");
            if candidate.is_file() {
                return Self::load(&candidate);
            }
            dir = d.parent();
        }
        Ok(LoadedConfig {
            root: start.to_path_buf(),
            ..LoadedConfig::default()
        })
    }

    /// Reads `path`.
    pub fn load(path: &Path) -> Result<LoadedConfig, UserError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError::new(format!("cannot read: {e}")).file(path))?;
        let shape: FileShape = serde_yaml::from_str(&text).map_err(|e| {
            let mut u = UserError::new(format!("invalid audit section: {e}"))
                .file(path)
                .field("audit");
            if let Some(l) = e.location() {
                u = u.at(l.line(), l.column());
            }
            u
        })?;
        Ok(LoadedConfig {
            audit: shape.audit.unwrap_or_default(),
            root: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            path: Some(path.to_path_buf()),
        })
    }

    /// Codes ignored for `file` (global + matching per-file entries), upper-cased.
    pub fn ignored_for(&self, file: &Path) -> Vec<String> {
        let rel = file
            .strip_prefix(&self.root)
            .or_else(|_| file.strip_prefix("./"))
            .unwrap_or(file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let mut codes: Vec<String> = self.audit.ignore.clone();
        for (pattern, list) in &self.audit.per_file_ignores {
            if glob_match(pattern, &rel) {
                codes.extend(list.iter().cloned());
            }
        }
        codes.iter().map(|c| c.to_ascii_uppercase()).collect()
    }
}

/// Minimal glob: `**` any path, `*` any run without `/`, `?` one character.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn rec(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = if p.get(2) == Some(&b'/') {
                    &p[3..]
                } else {
                    &p[2..]
                };
                (0..=s.len()).any(|i| rec(rest, &s[i..]))
            }
            Some(b'*') => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| rec(&p[1..], &s[i..])),
            Some(b'?') => !s.is_empty() && s[0] != b'/' && rec(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && rec(&p[1..], &s[1..]),
        }
    }
    rec(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_gitignore() {
        assert!(glob_match("terms/*.md", "terms/cgv.md"));
        assert!(!glob_match("terms/*.md", "terms/old/cgv.md"));
        assert!(glob_match("**/*.html", "site/a/b.html"));
        assert!(glob_match("legacy.txt", "legacy.txt"));
    }
}
