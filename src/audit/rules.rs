//! Rule files (rules/*.yaml, see AUDIT-RULES.md): the data that says what to look for.
//!
//! Loading is strict: unknown fields, bad codes, regexes that do not compile, unknown
//! checks or parameters and missing languages are errors naming the file and the rule,
//! because a silently ignored typo in a rule is a legal risk that goes unnoticed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::audience::Audience;
use super::checks;
use super::lang::Lang;
use crate::error::UserError;

/// How serious a finding is; drives `--fail-on` and SARIF levels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    #[default]
    Info,
    /// Risky: likely unenforceable or contested.
    Warning,
    /// Void or unlawful.
    Error,
}

impl Severity {
    /// "error", "warning" or "info".
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses "error", "warning" or "info".
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// Which documents a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleAudience {
    /// Consumer terms only.
    B2c,
    /// Business terms only.
    B2b,
    /// Every document.
    Both,
}

/// How a rule decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A clause matches a pattern and no `unless`.
    Pattern,
    /// The document matches `requires` but nowhere `patterns`.
    Absence,
    /// A named check computing numbers.
    Numeric,
    /// A named check comparing statements across the document.
    Conflict,
    /// A named check finding repeated text.
    Duplicate,
    /// Any other named check.
    Check,
}

/// Whether patterns look at one clause at a time or the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One clause at a time.
    #[default]
    Clause,
    /// The whole document.
    Document,
}

/// A text in the three languages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct I18n {
    /// French.
    pub fr: String,
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl I18n {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Regex sources per language.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PerLang {
    /// French patterns.
    #[serde(default)]
    pub fr: Vec<String>,
    /// Dutch patterns.
    #[serde(default)]
    pub nl: Vec<String>,
    /// English patterns.
    #[serde(default)]
    pub en: Vec<String>,
}

impl PerLang {
    /// Patterns of `lang`.
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// True when no language has a pattern.
    pub fn is_empty(&self) -> bool {
        self.fr.is_empty() && self.nl.is_empty() && self.en.is_empty()
    }
}

/// What to write instead: a library clause id and/or a model text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Instead {
    /// Clause id in clauses/*.yaml, when one exists.
    #[serde(default)]
    pub clause: Option<String>,
    /// Model wording.
    pub text: I18n,
}

/// One fixture document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Language of the text.
    pub lang: Lang,
    /// Audience to audit it as (default: the rule's, b2c for `both`).
    #[serde(default)]
    pub audience: Option<Audience>,
    /// The document.
    pub text: String,
}

/// Documents that must and must not fire.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fixtures {
    /// Each yields >= 1 finding of the rule.
    #[serde(default)]
    pub fire: Vec<Fixture>,
    /// Each yields no finding of the rule.
    #[serde(default)]
    pub pass: Vec<Fixture>,
}

/// A rule file as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Family prefix + 3 digits, e.g. B2C001.
    pub code: String,
    /// kebab-case name, e.g. missing-withdrawal-right.
    pub slug: String,
    /// Short title.
    pub name: I18n,
    /// Severity of findings.
    pub severity: Severity,
    /// Severity in terms that address only businesses, where the law lets a court revise
    /// the clause rather than voiding it (an agreed rate, a penalty): `severity` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_b2b: Option<Severity>,
    /// Which documents it applies to.
    pub audience: RuleAudience,
    /// How it decides.
    pub kind: Kind,
    /// Named check (see docs/checks.md).
    #[serde(default)]
    pub check: Option<String>,
    /// Clause or document.
    #[serde(default)]
    pub scope: Scope,
    /// Patterns that make a clause fire.
    #[serde(default)]
    pub patterns: PerLang,
    /// Patterns that cancel a match in the same clause.
    #[serde(default)]
    pub unless: PerLang,
    /// Carve-outs that cancel a match anywhere in the same article (a sibling sub-clause
    /// "13.1 Sauf dol ou faute lourde" covers "13.2 pas responsable des dommages indirects").
    #[serde(default)]
    pub unless_article: PerLang,
    /// Absence rules: the document must match one of these for the rule to apply.
    #[serde(default)]
    pub requires: PerLang,
    /// Numbers for named checks.
    #[serde(default)]
    pub params: BTreeMap<String, serde_yaml::Value>,
    /// One sentence: what is wrong.
    pub message: I18n,
    /// What it checks (en).
    pub what: String,
    /// Why it is a problem, with the article.
    pub why: String,
    /// Short citation.
    pub law: String,
    /// An offending clause (en).
    pub example: String,
    /// What to write instead.
    #[serde(default)]
    pub instead: Option<Instead>,
    /// The help line.
    pub fix: I18n,
    /// Test documents.
    #[serde(default)]
    pub fixtures: Fixtures,
}

/// Compiled regexes of one language.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    /// `patterns`.
    pub patterns: Vec<Regex>,
    /// `unless`.
    pub unless: Vec<Regex>,
    /// `unless_article`.
    pub unless_article: Vec<Regex>,
    /// `requires`.
    pub requires: Vec<Regex>,
}

/// A validated rule with its regexes compiled once.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The definition.
    pub def: RuleDef,
    /// Where it came from (file name, for error messages and docs).
    pub source: String,
    /// Regexes per language, indexed like `Lang::ALL`.
    pub compiled: [Compiled; 3],
    /// Check parameters with defaults filled in.
    pub params: checks::Params,
}

impl Rule {
    /// Regexes of `lang`.
    pub fn lang(&self, lang: Lang) -> &Compiled {
        &self.compiled[lang as usize]
    }
}

/// All loaded rules, sorted by code.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// The rules.
    pub rules: Vec<Rule>,
}

const FAMILIES: &[&str] = &["B2C", "B2B", "PAY", "LIA", "DIS", "TOS", "DOC", "SUP"];

fn err(file: &str, code: &str, msg: impl std::fmt::Display) -> UserError {
    let who = if code.is_empty() {
        String::new()
    } else {
        format!("rule {code}: ")
    };
    UserError::new(format!("{who}{msg}")).file(file)
}

/// Parses and validates one rule file; `file` is its name (rules/CODE-slug.yaml).
pub fn parse_rule(file: &str, yaml: &str) -> Result<Rule, UserError> {
    let def: RuleDef = serde_yaml::from_str(yaml).map_err(|e| {
        let mut u = err(file, "", format!("invalid rule file: {e}"));
        if let Some(loc) = e.location() {
            u = u.at(loc.line(), loc.column());
        }
        u.hint("see AUDIT-RULES.md for the rule file format")
    })?;
    let code = def.code.clone();
    let fam_ok = code.len() == 6
        && FAMILIES.contains(&&code[..3])
        && code[3..].bytes().all(|b| b.is_ascii_digit());
    if !fam_ok {
        return Err(err(
            file,
            &code,
            "code must be a family (B2C, B2B, PAY, LIA, DIS, TOS, DOC, SUP) followed by 3 digits",
        )
        .field("code"));
    }
    let slug_ok = !def.slug.is_empty()
        && def
            .slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        return Err(err(file, &code, "slug must be kebab-case").field("slug"));
    }
    let base = Path::new(file)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(file);
    let expected = format!("{}-{}.yaml", def.code, def.slug);
    if base != expected {
        return Err(err(
            file,
            &code,
            format!("file name must be `{expected}` (code-slug.yaml)"),
        ));
    }
    // Kind-specific requirements.
    match def.kind {
        Kind::Pattern => {
            for lang in Lang::ALL {
                if def.patterns.get(lang).is_empty() {
                    return Err(err(
                        file,
                        &code,
                        format!("kind pattern needs patterns for `{lang}`"),
                    )
                    .field(format!("patterns.{lang}")));
                }
            }
            if def.check.is_some() {
                return Err(err(file, &code, "kind pattern takes no `check`").field("check"));
            }
        }
        Kind::Absence => {
            if def.requires.is_empty() {
                return Err(err(file, &code, "kind absence needs `requires`").field("requires"));
            }
            if def.patterns.is_empty() && def.check.is_none() {
                return Err(
                    err(file, &code, "kind absence needs `patterns` or a `check`")
                        .field("patterns"),
                );
            }
        }
        Kind::Numeric | Kind::Conflict | Kind::Duplicate | Kind::Check => {
            if def.check.is_none() {
                return Err(err(
                    file,
                    &code,
                    format!("kind {:?} needs a `check`", def.kind).to_lowercase(),
                )
                .field("check"));
            }
        }
    }
    if !def.unless_article.is_empty() && (def.kind != Kind::Pattern || def.scope != Scope::Clause) {
        return Err(err(
            file,
            &code,
            "`unless_article` needs kind pattern with scope clause",
        )
        .field("unless_article"));
    }
    let params = match &def.check {
        Some(name) => checks::Params::build(name, &def.params).map_err(|m| {
            err(file, &code, m)
                .field("check")
                .hint(format!("known checks: {}", checks::NAMES.join(", ")))
        })?,
        None => {
            if !def.params.is_empty() {
                return Err(err(file, &code, "`params` need a `check`").field("params"));
            }
            checks::Params::default()
        }
    };
    let compile = |field: &str, lang: Lang, list: &[String]| -> Result<Vec<Regex>, UserError> {
        list.iter()
            .enumerate()
            .map(|(i, src)| {
                // Compile the faster equivalent; on error, report the pattern as written.
                regex::RegexBuilder::new(&super::boundary::ascii_word_boundaries(src))
                    .size_limit(4 << 20)
                    .build()
                    .or_else(|_| regex::RegexBuilder::new(src).size_limit(4 << 20).build())
                    .map_err(|e| {
                        err(file, &code, format!("invalid regex: {e}"))
                            .field(format!("{field}.{lang}[{i}]"))
                    })
            })
            .collect()
    };
    let mut compiled: [Compiled; 3] = Default::default();
    for lang in Lang::ALL {
        compiled[lang as usize] = Compiled {
            patterns: compile("patterns", lang, def.patterns.get(lang))?,
            unless: compile("unless", lang, def.unless.get(lang))?,
            unless_article: compile("unless_article", lang, def.unless_article.get(lang))?,
            requires: compile("requires", lang, def.requires.get(lang))?,
        };
    }
    Ok(Rule {
        def,
        source: file.to_string(),
        compiled,
        params,
    })
}

impl RuleSet {
    /// The rules built into the binary (rules/ at compile time).
    pub fn builtin() -> Result<RuleSet, UserError> {
        let mut set = RuleSet::default();
        for (name, yaml) in super::embedded::RULES {
            set.add(parse_rule(&format!("rules/{name}"), yaml)?)?;
        }
        set.sort();
        Ok(set)
    }

    /// Adds every `*.yaml` of `dir` (for `--rules DIR`).
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), UserError> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            UserError::new(format!("cannot read the rules directory: {e}")).file(dir)
        })?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        for path in files {
            let yaml = std::fs::read_to_string(&path)
                .map_err(|e| UserError::new(format!("cannot read: {e}")).file(&path))?;
            let rule = parse_rule(&path.display().to_string(), &yaml)?;
            // A user rule with a built-in code replaces it (override by file of same name).
            self.rules.retain(|r| r.def.code != rule.def.code);
            self.add(rule)?;
        }
        self.sort();
        Ok(())
    }

    fn add(&mut self, rule: Rule) -> Result<(), UserError> {
        if let Some(other) = self
            .rules
            .iter()
            .find(|r| r.def.code == rule.def.code || r.def.slug == rule.def.slug)
        {
            return Err(err(
                &rule.source,
                &rule.def.code,
                format!("code or slug already used by {}", other.source),
            ));
        }
        self.rules.push(rule);
        Ok(())
    }

    fn sort(&mut self) {
        self.rules.sort_by(|a, b| a.def.code.cmp(&b.def.code));
    }

    /// The rule with this code or slug.
    pub fn get(&self, code_or_slug: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.def.code.eq_ignore_ascii_case(code_or_slug) || r.def.slug == code_or_slug)
    }

    /// All codes (for validating suppressions and config).
    pub fn codes(&self) -> BTreeSet<&str> {
        self.rules.iter().map(|r| r.def.code.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = r#"
code: TOS901
slug: test-rule
name: {fr: "n", nl: "n", en: "n"}
severity: warning
audience: both
kind: pattern
patterns: {fr: ['(?i)\bx\b'], nl: ['y'], en: ['z']}
message: {fr: "m", nl: "m", en: "m"}
what: "w"
why: "y"
law: "l"
example: "e"
fix: {fr: "f", nl: "f", en: "f"}
"#;

    #[test]
    fn a_valid_rule_loads() {
        let r = parse_rule("rules/TOS901-test-rule.yaml", RULE).unwrap();
        assert_eq!(r.def.code, "TOS901");
        assert!(r.lang(Lang::Fr).patterns[0].is_match("a x b"));
    }

    #[test]
    fn an_invalid_regex_names_file_rule_and_field() {
        let bad = RULE.replace("['y']", "['(unclosed']");
        let e = parse_rule("rules/TOS901-test-rule.yaml", &bad).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("patterns.nl[0]"));
        assert!(
            e.message.starts_with("rule TOS901: invalid regex"),
            "{}",
            e.message
        );
        assert_eq!(
            e.file.unwrap().to_str(),
            Some("rules/TOS901-test-rule.yaml")
        );
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let bad = format!("{RULE}\nseverty: error\n");
        let e = parse_rule("rules/TOS901-test-rule.yaml", &bad).unwrap_err();
        assert!(
            e.message.contains("unknown field `severty`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unless_article_compiles_and_needs_a_clause_scoped_pattern_rule() {
        let with = format!("{RULE}unless_article: {{fr: ['(?i)sauf dol']}}\n");
        let r = parse_rule("rules/TOS901-test-rule.yaml", &with).unwrap();
        assert!(r.lang(Lang::Fr).unless_article[0].is_match("Sauf dol, ..."));
        let doc = with.replace("kind: pattern", "kind: pattern\nscope: document");
        let e = parse_rule("rules/TOS901-test-rule.yaml", &doc).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("unless_article"));
        assert!(
            e.message.contains("needs kind pattern with scope clause"),
            "{}",
            e.message
        );
    }

    #[test]
    fn file_name_must_match_code_and_slug() {
        let e = parse_rule("rules/TOS901-other.yaml", RULE).unwrap_err();
        assert!(e.message.contains("TOS901-test-rule.yaml"), "{}", e.message);
    }
}
