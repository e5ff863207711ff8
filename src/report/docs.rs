//! Rule documentation: `clausier rule CODE`, `clausier rules`, and docs/rules/*.md are
//! rendered from the same rule files, so the docs can never drift from the rules.

use std::fmt::Write;

use crate::audit::lang::Lang;
use crate::audit::rules::{Rule, RuleSet};

fn audience(r: &Rule) -> &'static str {
    match r.def.audience {
        crate::audit::rules::RuleAudience::B2c => "b2c",
        crate::audit::rules::RuleAudience::B2b => "b2b",
        crate::audit::rules::RuleAudience::Both => "both",
    }
}

fn kind(r: &Rule) -> String {
    let k = format!("{:?}", r.def.kind).to_lowercase();
    match &r.def.check {
        Some(c) => format!("{k} ({c})"),
        None => k,
    }
}

/// `clausier rule CODE`: what / why / example / instead / fix in a terminal.
pub fn rule_text(r: &Rule, lang: Lang) -> String {
    let d = &r.def;
    let mut out = String::new();
    let _ = writeln!(out, "{} {}: {}", d.code, d.slug, d.name.get(lang));
    let _ = writeln!(
        out,
        "severity: {}   audience: {}   kind: {}",
        severity(d),
        audience(r),
        kind(r)
    );
    let _ = writeln!(out, "law: {}\n", d.law);
    let _ = writeln!(out, "What it checks\n  {}\n", d.what);
    let _ = writeln!(out, "Why it is a problem\n  {}\n", d.why);
    let _ = writeln!(out, "Example\n  {}\n", d.example);
    if let Some(i) = &d.instead {
        match &i.clause {
            Some(c) => {
                let _ = writeln!(out, "Instead (library clause `{c}`)");
            }
            None => {
                let _ = writeln!(out, "Instead");
            }
        }
        let _ = writeln!(out, "  {}\n", i.text.get(lang));
    }
    let _ = writeln!(out, "Fix\n  {}", d.fix.get(lang));
    out
}

/// `clausier rules`: one line per rule.
pub fn rules_table(set: &RuleSet, lang: Lang) -> String {
    let mut out = String::new();
    let w = set
        .rules
        .iter()
        .map(|r| r.def.slug.len())
        .max()
        .unwrap_or(4);
    for r in &set.rules {
        let _ = writeln!(
            out,
            "{}  {:<7} {:<4}  {:<w$}  {}",
            r.def.code,
            r.def.severity.as_str(),
            audience(r),
            r.def.slug,
            r.def.name.get(lang)
        );
    }
    out
}

/// docs/rules/CODE-slug.md.
pub fn rule_markdown(r: &Rule) -> String {
    let d = &r.def;
    let mut out = String::new();
    let _ = writeln!(out, "<!-- generated from {}; do not edit -->", r.source);
    let _ = writeln!(out, "# {} {}\n", d.code, d.slug);
    let _ = writeln!(
        out,
        "| | |\n|---|---|\n| Name | {} / {} / {} |\n| Severity | {} |\n| Audience | {} |\n| Kind | {} |\n| Law | {} |\n",
        d.name.en,
        d.name.fr,
        d.name.nl,
        severity(d),
        audience(r),
        kind(r),
        d.law
    );
    let _ = writeln!(out, "## What it checks\n\n{}\n", d.what);
    let _ = writeln!(out, "## Why it is a problem\n\n{}\n", d.why);
    let _ = writeln!(out, "## Example\n\n> {}\n", d.example);
    if let Some(i) = &d.instead {
        let _ = writeln!(out, "## Instead\n");
        if let Some(c) = &i.clause {
            let _ = writeln!(out, "Library clause: `{c}`\n");
        }
        for lang in Lang::ALL {
            let _ = writeln!(out, "- **{lang}**: {}", i.text.get(lang));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Fix\n");
    for lang in Lang::ALL {
        let _ = writeln!(out, "- **{lang}**: {}", d.fix.get(lang));
    }
    let _ = writeln!(
        out,
        "\nSuppress with `<!-- clausier-ignore {}: reason -->` on the line before the clause.",
        d.code
    );
    out
}

/// docs/rules/README.md: the index.
pub fn index_markdown(set: &RuleSet) -> String {
    let mut out = String::from(
        "<!-- generated from rules/; do not edit: CLAUSIER_UPDATE_DOCS=1 cargo test --test audit_docs -->\n# Audit rules\n\n| Code | Slug | Severity | Audience | Law |\n|---|---|---|---|---|\n",
    );
    for r in &set.rules {
        let _ = writeln!(
            out,
            "| [{}]({}-{}.md) | {} | {} | {} | {} |",
            r.def.code,
            r.def.code,
            r.def.slug,
            r.def.slug,
            r.def.severity.as_str(),
            audience(r),
            r.def.law
        );
    }
    out
}

/// "error (warning in business-only terms)" when the rule softens for B2B.
fn severity(d: &crate::audit::rules::RuleDef) -> String {
    match d.severity_b2b {
        Some(b) if b != d.severity => format!(
            "{} ({} in business-only terms)",
            d.severity.as_str(),
            b.as_str()
        ),
        _ => d.severity.as_str().to_string(),
    }
}
