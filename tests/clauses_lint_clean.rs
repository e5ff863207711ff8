//! Our own clauses must pass our own auditor: every built-in selection, and the
//! whole library for each audience, in every language, with zero findings.
//!
//! When the auditor disagrees, either the clause is wrong (fix the clause) or the
//! rule is (write the case to the rule's owner, see /work/notes/clauses-vs-rules.md
//! in the team notes, and list it in `KNOWN_RULE_ISSUES` until the rule is fixed).

use std::path::Path;

use chrono::NaiveDate;
use clausier::audit::audience::{Audience, AudienceChoice};
use clausier::audit::readers::Format;
use clausier::audit::rules::RuleSet;
use clausier::audit::{AuditOptions, Auditor, audit_bytes};
use clausier::clauses::{
    AssembleOptions, LANGS, Library, Provider, Target, assemble, load_selection, parse_selection,
};
use clausier::latefee::rates::RateTable;
use clausier::workspace::Workspace;

/// Rule false positives reported to the auditor's owner (items of the notes file):
/// (document name suffix, rule code, fragment of the message). Empty when the
/// auditor and the library agree; a fixed rule must leave this list.
const KNOWN_RULE_ISSUES: &[(&str, &str, &str)] = &[];

fn known(finding: &str) -> bool {
    KNOWN_RULE_ISSUES.iter().any(|(doc, code, fragment)| {
        finding
            .split_once(' ')
            .is_some_and(|(d, rest)| d.ends_with(doc) && rest.starts_with(code))
            && finding.contains(fragment)
    })
}

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency")
}

fn provider() -> Provider {
    Provider::from_issuer(&Workspace::load(&example()).unwrap().config.issuer)
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Audits the Markdown of `sel` in every language; returns "<doc> <CODE> line:col message".
fn lint(
    lib: &Library,
    sel: &clausier::clauses::Selection,
    target: Target,
    name: &str,
) -> Vec<String> {
    static AUDITOR: std::sync::OnceLock<Auditor> = std::sync::OnceLock::new();
    let auditor = AUDITOR.get_or_init(|| Auditor::new(RuleSet::builtin().unwrap()));
    let mut out = Vec::new();
    for lang in LANGS {
        let opts = AssembleOptions {
            target: Some(target),
            lang,
            date: Some(date()),
            provider: Some(provider()),
            rates: RateTable::embedded(),
        };
        let md = assemble(lib, sel, &opts).unwrap().to_markdown();
        let doc = format!("{name}-{lang}.md");
        let audit_opts = AuditOptions {
            audience: AudienceChoice::Fixed(match target {
                Target::B2b => Audience::B2b,
                Target::B2c => Audience::B2c,
            }),
            date: date(),
            lang: None,
            ignore: Vec::new(),
        };
        let report = audit_bytes(auditor, &doc, md.as_bytes(), Format::Md, &audit_opts).unwrap();
        for f in report.findings {
            out.push(format!(
                "{doc} {} {}:{} {}",
                f.code, f.start.line, f.start.column, f.message
            ));
        }
    }
    out
}

fn assert_clean(findings: Vec<String>) {
    let unexpected: Vec<&String> = findings.iter().filter(|f| !known(f)).collect();
    assert!(
        unexpected.is_empty(),
        "the auditor flags the library's own terms:\n{}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_demo_terms_for_businesses_lint_clean_in_three_languages() {
    let lib = Library::builtin().unwrap();
    let sel = load_selection(&example().join("terms/terms-b2b.yaml")).unwrap();
    assert_clean(lint(&lib, &sel, Target::B2b, "terms-b2b"));
}

#[test]
fn the_demo_terms_for_consumers_lint_clean_in_three_languages() {
    let lib = Library::builtin().unwrap();
    let sel = load_selection(&example().join("terms/terms-b2c.yaml")).unwrap();
    assert_clean(lint(&lib, &sel, Target::B2c, "terms-b2c"));
}

#[test]
fn every_clause_of_the_library_lints_clean_for_its_audiences() {
    let lib = Library::builtin().unwrap();
    for target in [Target::B2b, Target::B2c] {
        let ids: Vec<String> = lib
            .clauses()
            .iter()
            .filter(|c| c.audience.fits(target))
            .map(|c| format!("  - {}\n", c.id))
            .collect();
        let text = format!("audience: {}\nclauses:\n{}", target.code(), ids.concat());
        let sel = parse_selection(Path::new("all.yaml"), &text).unwrap();
        assert_clean(lint(&lib, &sel, target, &format!("all-{}", target.code())));
    }
}

#[test]
fn the_known_rule_issues_list_only_names_findings_that_still_occur() {
    // A fixed rule must leave this list, so the test above guards it again.
    let lib = Library::builtin().unwrap();
    let mut all = Vec::new();
    for (file, target, name) in [
        ("terms/terms-b2b.yaml", Target::B2b, "terms-b2b"),
        ("terms/terms-b2c.yaml", Target::B2c, "terms-b2c"),
    ] {
        let sel = load_selection(&example().join(file)).unwrap();
        all.extend(lint(&lib, &sel, target, name));
    }
    for (doc, code, fragment) in KNOWN_RULE_ISSUES {
        assert!(
            all.iter()
                .any(|f| f.contains(doc) && f.contains(code) && f.contains(fragment)),
            "`{doc} {code} {fragment}` no longer occurs: remove it from KNOWN_RULE_ISSUES"
        );
    }
}

#[test]
fn business_terms_say_they_exclude_consumers_so_auto_audience_reads_them_as_b2b() {
    let lib = Library::builtin().unwrap();
    let sel = load_selection(&example().join("terms/terms-b2b.yaml")).unwrap();
    let auditor = Auditor::new(RuleSet::builtin().unwrap());
    for lang in LANGS {
        let opts = AssembleOptions {
            target: Some(Target::B2b),
            lang,
            date: Some(date()),
            provider: Some(provider()),
            rates: RateTable::embedded(),
        };
        let md = assemble(&lib, &sel, &opts).unwrap().to_markdown();
        let audit_opts = AuditOptions {
            audience: AudienceChoice::Auto,
            date: date(),
            lang: None,
            ignore: Vec::new(),
        };
        let doc = format!("terms-b2b-{lang}.md");
        let report = audit_bytes(&auditor, &doc, md.as_bytes(), Format::Md, &audit_opts).unwrap();
        assert_eq!(report.audience.audience, Audience::B2b, "{doc}");
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        assert!(codes.is_empty(), "{doc}: {codes:?}");
    }
}
