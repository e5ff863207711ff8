//! The `audit:` section of clausier.yaml: profiles, rules to select or ignore, thresholds,
//! baseline.
//!
//! Read here with a small struct so the auditor works in any directory, with or without
//! a full workspace; other sections of clausier.yaml are not looked at.
//!
//! `extends:` names a built-in profile (rules/profiles/*.yaml, e.g. `be-b2c`) or a YAML
//! file relative to the file that extends it; chains are allowed. The extending file wins:
//! `audience`, `fail_on`, `select` and `baseline` replace the profile's; `ignore`,
//! `per_file_ignores` and `params` add to it. Where each value came from is kept for
//! `clausier audit --show-config`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::rules::RuleSet;
use crate::error::UserError;

/// Built-in profiles: (name, YAML), embedded so the binary works alone.
pub const PROFILES: &[(&str, &str)] = &[
    ("be-b2b", include_str!("../../rules/profiles/be-b2b.yaml")),
    ("be-b2c", include_str!("../../rules/profiles/be-b2c.yaml")),
];

/// `audit:` in clausier.yaml (and the body of a profile).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// Profile this section builds on: a built-in name or a YAML path.
    #[serde(default)]
    pub extends: Option<String>,
    /// Codes or family prefixes (B2C, TOS) of the rules to run; all when absent.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Codes (or family prefixes) ignored in every file.
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
    /// Rule code → check parameters overriding the rule file's (e.g. PAY004 max_days).
    #[serde(default)]
    pub params: BTreeMap<String, BTreeMap<String, serde_yaml::Value>>,
    /// Default `--baseline` (relative to the file that sets it).
    #[serde(default)]
    pub baseline: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FileShape {
    #[serde(default)]
    audit: Option<AuditConfig>,
}

/// The loaded section and the directory globs are relative to.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    /// The section merged with its profiles (default when absent).
    pub audit: AuditConfig,
    /// Directory of clausier.yaml.
    pub root: PathBuf,
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Where each resolved value comes from: key (`audience`, `ignore.B2C001`,
    /// `params.PAY004.max_days`...) → "profile be-b2c", "clausier.yaml"...
    pub origins: BTreeMap<String, String>,
    /// Profiles applied, outermost first.
    pub profiles: Vec<String>,
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

    /// Reads `path` and the profiles it extends.
    pub fn load(path: &Path) -> Result<LoadedConfig, UserError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError::new(format!("cannot read: {e}")).file(path))?;
        let shape: FileShape = serde_yaml::from_str(&text).map_err(|e| yaml_error(path, e))?;
        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut loaded = LoadedConfig {
            root: root.clone(),
            path: Some(path.to_path_buf()),
            ..LoadedConfig::default()
        };
        let section = shape.audit.unwrap_or_default();
        let label = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut stack = vec![Source::File(absolute(path))];
        let merged = resolve(
            section,
            &label,
            &root,
            &Located {
                path,
                text: &text,
                field: "audit.extends",
            },
            &mut stack,
            &mut loaded,
        )?;
        loaded.audit = merged;
        Ok(loaded)
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

    /// Narrows `rules` to `select` and applies `params`; returns the codes left out, so
    /// suppressions naming them are not taken for typos.
    pub fn apply_to(&self, rules: &mut RuleSet) -> Result<BTreeSet<String>, UserError> {
        let file = self.path.clone().unwrap_or_else(|| "clausier.yaml".into());
        for (code, overrides) in &self.audit.params {
            let Some(rule) = rules
                .rules
                .iter_mut()
                .find(|r| r.def.code.eq_ignore_ascii_case(code))
            else {
                return Err(UserError::new(format!("unknown rule code `{code}`"))
                    .file(&file)
                    .field(format!("audit.params.{code}"))
                    .hint("`clausier rules` lists the codes"));
            };
            let Some(check) = rule.def.check.clone() else {
                return Err(UserError::new(format!(
                    "rule {} has no check, so no parameters",
                    rule.def.code
                ))
                .file(&file)
                .field(format!("audit.params.{code}"))
                .hint("docs/checks.md lists each check's parameters"));
            };
            let mut raw = rule.def.params.clone();
            raw.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
            rule.params = super::checks::Params::build(&check, &raw).map_err(|m| {
                UserError::new(m)
                    .file(&file)
                    .field(format!("audit.params.{code}"))
                    .hint("docs/checks.md lists each check's parameters")
            })?;
        }
        let mut left_out = BTreeSet::new();
        if let Some(select) = &self.audit.select {
            if select.is_empty() {
                return Err(UserError::new("`select` is empty: no rule would run")
                    .file(&file)
                    .field("audit.select")
                    .hint(
                        "remove `select` to run every rule, or name codes or families (B2C, PAY…)",
                    ));
            }
            for s in select {
                if !rules.rules.iter().any(|r| code_matches(s, &r.def.code)) {
                    return Err(UserError::new(format!(
                        "`{s}` selects no rule (not a code or family prefix)"
                    ))
                    .file(&file)
                    .field("audit.select")
                    .hint("`clausier rules` lists the codes"));
                }
            }
            rules.rules.retain(|r| {
                let keep = select.iter().any(|s| code_matches(s, &r.def.code));
                if !keep {
                    left_out.insert(r.def.code.clone());
                }
                keep
            });
        }
        Ok(left_out)
    }

    /// `--show-config`: the resolved settings as YAML, each value with where it comes from.
    /// `cli` holds keys set on the command line (key → flag); `files` lists per-file ignores.
    pub fn show(&self, cli: &BTreeMap<&str, (String, String)>, files: &[PathBuf]) -> String {
        let mut out = String::from("# clausier audit: resolved settings\n");
        match &self.path {
            Some(p) => out.push_str(&format!("# config: {}\n", p.display())),
            None => out.push_str("# config: none (no clausier.yaml found)\n"),
        }
        if !self.profiles.is_empty() {
            out.push_str(&format!("# profiles: {}\n", self.profiles.join(" -> ")));
        }
        let origin = |key: &str| {
            self.origins
                .get(key)
                .cloned()
                .unwrap_or_else(|| "default".to_string())
        };
        let scalar = |out: &mut String, key: &str, value: Option<&str>, default: &str| {
            // The default is written as YAML already (`null` must stay a null).
            let (v, from) = match cli.get(key) {
                Some((v, flag)) => (quote(v), flag.clone()),
                None => match value {
                    Some(v) => (quote(v), origin(key)),
                    None => (default.to_string(), "default".to_string()),
                },
            };
            out.push_str(&format!("{key}: {v}  # {from}\n"));
        };
        scalar(&mut out, "audience", self.audit.audience.as_deref(), "auto");
        scalar(&mut out, "fail_on", self.audit.fail_on.as_deref(), "error");
        match &self.audit.select {
            Some(list) => out.push_str(&format!(
                "select: [{}]  # {}\n",
                list.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "),
                origin("select")
            )),
            None => out.push_str("select: all  # default\n"),
        }
        if self.audit.ignore.is_empty() {
            out.push_str("ignore: []  # default\n");
        } else {
            out.push_str("ignore:\n");
            for c in &self.audit.ignore {
                out.push_str(&format!(
                    "  - {}  # {}\n",
                    quote(c),
                    origin(&format!("ignore.{c}"))
                ));
            }
        }
        if self.audit.per_file_ignores.is_empty() {
            out.push_str("per_file_ignores: {}  # default\n");
        } else {
            out.push_str("per_file_ignores:\n");
            for (glob, codes) in &self.audit.per_file_ignores {
                out.push_str(&format!(
                    "  {}: [{}]  # {}\n",
                    quote(glob),
                    codes
                        .iter()
                        .map(|s| quote(s))
                        .collect::<Vec<_>>()
                        .join(", "),
                    origin(&format!("per_file_ignores.{glob}"))
                ));
            }
        }
        if self.audit.params.is_empty() {
            out.push_str("params: {}  # default\n");
        } else {
            out.push_str("params:\n");
            for (code, map) in &self.audit.params {
                out.push_str(&format!("  {}:\n", quote(code)));
                for (k, v) in map {
                    let v = serde_yaml::to_string(v).unwrap_or_default();
                    out.push_str(&format!(
                        "    {}: {}  # {}\n",
                        quote(k),
                        v.trim_end(),
                        origin(&format!("params.{code}.{k}"))
                    ));
                }
            }
        }
        scalar(&mut out, "baseline", self.audit.baseline.as_deref(), "null");
        if !files.is_empty() {
            out.push_str("# codes ignored per file (ignore + matching per_file_ignores)\nfiles:\n");
            for f in files {
                let abs = absolute(f);
                let codes = self.ignored_for(&abs);
                out.push_str(&format!(
                    "  {}: [{}]\n",
                    quote(&f.display().to_string()),
                    codes
                        .iter()
                        .map(|s| quote(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        out
    }
}

/// True when `pattern` (a code or a family prefix such as `B2C`) covers `code`.
pub fn code_matches(pattern: &str, code: &str) -> bool {
    !pattern.is_empty()
        && code
            .get(..pattern.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(pattern))
}

/// A YAML scalar written so it reads back as the same string.
fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !matches!(
            s,
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("string serializes")
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn yaml_error(path: &Path, e: serde_yaml::Error) -> UserError {
    let mut u = UserError::new(format!("invalid audit section: {e}"))
        .file(path)
        .field("audit");
    if let Some(l) = e.location() {
        u = u.at(l.line(), l.column());
    }
    u
}

/// A profile in the `extends` chain, to detect cycles.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Builtin(&'static str),
    File(PathBuf),
}

impl Source {
    fn label(&self) -> String {
        match self {
            Source::Builtin(n) => (*n).to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// The file a section was read from, for errors pointing at its `extends:` line.
struct Located<'a> {
    path: &'a Path,
    text: &'a str,
    /// `audit.extends` in clausier.yaml, `extends` in a profile.
    field: &'static str,
}

impl Located<'_> {
    fn extends_error(&self, message: String, hint: String) -> UserError {
        let mut u = UserError::new(message)
            .file(self.path)
            .field(self.field)
            .hint(hint);
        if let Some((i, line)) = self
            .text
            .lines()
            .enumerate()
            .find(|(_, l)| l.trim_start().starts_with("extends:"))
        {
            u = u.at(i + 1, line.len() - line.trim_start().len() + 1);
        }
        u
    }
}

/// Reads a profile body: a bare audit section, or a file with an `audit:` key.
fn parse_profile(path: &Path, text: &str) -> Result<AuditConfig, UserError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| yaml_error(path, e))?;
    let wrapped = value
        .as_mapping()
        .is_some_and(|m| m.contains_key(serde_yaml::Value::from("audit")));
    if wrapped {
        let shape: FileShape = serde_yaml::from_str(text).map_err(|e| yaml_error(path, e))?;
        Ok(shape.audit.unwrap_or_default())
    } else if value.is_null() {
        Ok(AuditConfig::default())
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(path, e))
    }
}

/// Merges `section` (read from `label`, paths relative to `dir`) over the profiles it
/// extends, recording origins in `loaded`.
fn resolve(
    mut section: AuditConfig,
    label: &str,
    dir: &Path,
    at: &Located<'_>,
    stack: &mut Vec<Source>,
    loaded: &mut LoadedConfig,
) -> Result<AuditConfig, UserError> {
    let mut base = AuditConfig::default();
    if let Some(name) = section.extends.take() {
        let (source, text) = find_profile(&name, dir, at)?;
        if let Some(first) = stack.iter().position(|s| *s == source) {
            let chain: Vec<String> = stack[first..]
                .iter()
                .chain(std::iter::once(&source))
                .map(Source::label)
                .collect();
            return Err(at.extends_error(
                format!("extends cycle: {}", chain.join(" -> ")),
                "remove `extends:` from one of these files".into(),
            ));
        }
        let (plabel, pdir, ppath) = match &source {
            Source::Builtin(n) => (
                format!("profile {n}"),
                dir.to_path_buf(),
                PathBuf::from(format!("rules/profiles/{n}.yaml")),
            ),
            Source::File(p) => (
                format!("profile {name}"),
                p.parent().unwrap_or(Path::new(".")).to_path_buf(),
                p.clone(),
            ),
        };
        loaded.profiles.push(name.clone());
        let body = parse_profile(&ppath, &text)?;
        stack.push(source);
        base = resolve(
            body,
            &plabel,
            &pdir,
            &Located {
                path: &ppath,
                text: &text,
                field: "extends",
            },
            stack,
            loaded,
        )?;
        stack.pop();
    }
    let mut set = |key: String| {
        loaded.origins.insert(key, label.to_string());
    };
    if section.audience.is_some() {
        set("audience".into());
        base.audience = section.audience;
    }
    if section.fail_on.is_some() {
        set("fail_on".into());
        base.fail_on = section.fail_on;
    }
    if section.select.is_some() {
        set("select".into());
        base.select = section.select;
    }
    if let Some(b) = section.baseline {
        set("baseline".into());
        let p = Path::new(&b);
        base.baseline = Some(if p.is_absolute() {
            b
        } else {
            dir.join(p).display().to_string()
        });
    }
    for code in section.ignore {
        set(format!("ignore.{code}"));
        if !base.ignore.contains(&code) {
            base.ignore.push(code);
        }
    }
    for (glob, codes) in section.per_file_ignores {
        set(format!("per_file_ignores.{glob}"));
        let list = base.per_file_ignores.entry(glob).or_default();
        for c in codes {
            if !list.contains(&c) {
                list.push(c);
            }
        }
    }
    for (code, map) in section.params {
        let entry = base.params.entry(code.clone()).or_default();
        for (k, v) in map {
            set(format!("params.{code}.{k}"));
            entry.insert(k, v);
        }
    }
    Ok(base)
}

/// A built-in profile by name, or a YAML file relative to `dir`.
fn find_profile(name: &str, dir: &Path, at: &Located<'_>) -> Result<(Source, String), UserError> {
    if let Some((n, text)) = PROFILES.iter().find(|(n, _)| *n == name) {
        return Ok((Source::Builtin(n), (*text).to_string()));
    }
    let looks_like_path = name.contains('/')
        || name.contains('\\')
        || name.ends_with(".yaml")
        || name.ends_with(".yml");
    let known: Vec<&str> = PROFILES.iter().map(|(n, _)| *n).collect();
    if !looks_like_path {
        let close = known
            .iter()
            .map(|k| (strsim::jaro_winkler(name, k), *k))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|(score, _)| *score > 0.7);
        let mut hint = format!("known profiles: {}", known.join(", "));
        if let Some((_, k)) = close {
            hint = format!("did you mean `{k}`? {hint}");
        }
        hint.push_str("; or give a path to a YAML file (e.g. ./team-audit.yaml)");
        return Err(at.extends_error(format!("unknown profile `{name}`"), hint));
    }
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        at.extends_error(
            format!("cannot read profile `{}`: {e}", path.display()),
            format!(
                "paths are relative to the file that extends them; built-in profiles: {}",
                known.join(", ")
            ),
        )
    })?;
    Ok((Source::File(absolute(&path)), text))
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
    fn codes_match_by_family_prefix_case_insensitively() {
        assert!(code_matches("B2C", "B2C001"));
        assert!(code_matches("b2c001", "B2C001"));
        assert!(!code_matches("B2C0011", "B2C001"));
        assert!(!code_matches("", "B2C001"));
        assert!(!code_matches("PAY", "B2C001"));
    }

    #[test]
    fn show_config_quotes_only_what_yaml_would_misread() {
        assert_eq!(quote("be-b2c"), "be-b2c");
        assert_eq!(quote("legacy/*.txt"), "\"legacy/*.txt\"");
        assert_eq!(quote("null"), "\"null\"");
        assert_eq!(quote("30"), "\"30\"");
        assert_eq!(quote(""), "\"\"");
    }

    #[test]
    fn globs_match_like_gitignore() {
        assert!(glob_match("terms/*.md", "terms/cgv.md"));
        assert!(!glob_match("terms/*.md", "terms/old/cgv.md"));
        assert!(glob_match("**/*.html", "site/a/b.html"));
        assert!(glob_match("legacy.txt", "legacy.txt"));
    }
}
