//! docs/rules/*.md are generated from rules/*.yaml; this test fails when they drift.
//! Regenerate with `CLAUSIER_UPDATE_DOCS=1 cargo test --test audit_docs`.

use std::collections::BTreeMap;
use std::path::Path;

use clausier::audit::rules::RuleSet;
use clausier::report::docs;

#[test]
fn docs_rules_are_up_to_date_with_rules_dir() {
    let set = RuleSet::builtin().expect("built-in rules load");
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    expected.insert("README.md".into(), docs::index_markdown(&set));
    for r in &set.rules {
        expected.insert(
            format!("{}-{}.md", r.def.code, r.def.slug),
            docs::rule_markdown(r),
        );
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    if std::env::var_os("CLAUSIER_UPDATE_DOCS").is_some() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            clausier::output::write_atomic(&dir.join(name), text.as_bytes()).unwrap();
        }
    }
    let mut actual: BTreeMap<String, String> = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(&dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            actual.insert(name, std::fs::read_to_string(e.path()).unwrap());
        }
    }
    let stale: Vec<&String> = expected
        .keys()
        .filter(|k| actual.get(*k) != expected.get(*k))
        .chain(actual.keys().filter(|k| !expected.contains_key(*k)))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/rules is stale for {stale:?}: run CLAUSIER_UPDATE_DOCS=1 cargo test --test audit_docs"
    );
}

#[test]
fn rule_page_has_the_four_ruff_style_sections() {
    let set = RuleSet::builtin().unwrap();
    let page = docs::rule_markdown(set.get("PAY001").expect("PAY001 exists"));
    let order: Vec<usize> = [
        "## What it checks",
        "## Why it is a problem",
        "## Example",
        "## Fix",
    ]
    .iter()
    .map(|h| page.find(h).unwrap_or_else(|| panic!("{h} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{page}");
}
