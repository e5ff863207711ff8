//! The built-in clause library: complete, embedded, trilingual, documented.

use std::collections::BTreeSet;

use clausier::clauses::{BUILTIN, Library, docs_markdown};

/// Ids other parts of clausier rely on (the auditor's `instead.clause`, the demo).
const STABLE_IDS: &[&str] = &[
    "scope-definitions",
    "order-acceptance",
    "prices-b2b",
    "prices-b2c",
    "payment-b2b",
    "payment-b2c",
    "late-payment-b2b",
    "late-payment-b2c",
    "withdrawal-b2c",
    "legal-guarantee-b2c",
    "liability-b2b",
    "liability-b2c",
    "complaints",
    "mediation-b2c",
    "applicable-law",
    "jurisdiction-b2b",
    "jurisdiction-b2c",
    "delivery",
    "client-cooperation",
    "acceptance-b2b",
    "hosting-maintenance-b2b",
    "hosting-maintenance-b2c",
    "intellectual-property",
    "confidentiality",
    "privacy",
    "subcontracting",
    "force-majeure",
    "termination-b2b",
    "termination-b2c",
    "general-provisions",
];

#[test]
fn the_library_covers_every_category_a_web_agency_needs() {
    let lib = Library::builtin().unwrap();
    assert!(
        lib.clauses().len() >= 25,
        "only {} clauses",
        lib.clauses().len()
    );
    for category in clausier::clauses::Category::ALL {
        assert!(
            lib.clauses().iter().any(|c| c.category == category),
            "no clause in category {category}"
        );
    }
}

#[test]
fn only_the_consumer_tacit_renewal_clause_goes_in_the_page_one_box() {
    let lib = Library::builtin().unwrap();
    let prominent: Vec<&str> = lib
        .clauses()
        .iter()
        .filter(|c| c.prominent)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(prominent, ["hosting-maintenance-b2c"]);
}

#[test]
fn the_library_keeps_every_id_other_tools_refer_to() {
    let lib = Library::builtin().expect("built-in library loads");
    for id in STABLE_IDS {
        assert!(lib.get(id).is_some(), "clause `{id}` is missing");
    }
}

#[test]
fn every_clause_file_in_the_repository_is_embedded_in_the_binary() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("clauses");
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    let embedded: BTreeSet<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        on_disk, embedded,
        "list every clauses/*.yaml in src/clauses/builtin.rs"
    );
}

#[test]
fn every_parameter_is_used_in_every_language() {
    let lib = Library::builtin().unwrap();
    for c in lib.clauses() {
        for p in &c.parameters {
            for (lang, body) in [("fr", &c.body.fr), ("nl", &c.body.nl), ("en", &c.body.en)] {
                assert!(
                    body.contains(&format!("{{{{ {} }}}}", p.name))
                        || body.contains(&format!("num.{}", p.name))
                        || body.contains(&format!("{} ==", p.name))
                        || body.contains(&format!("{} !=", p.name)),
                    "{}: parameter `{}` is not used in the {lang} body",
                    c.id,
                    p.name
                );
            }
        }
    }
}

#[test]
fn every_clause_cites_the_law_and_has_a_title_in_three_languages() {
    let lib = Library::builtin().unwrap();
    for c in lib.clauses() {
        assert!(!c.law.is_empty(), "{} cites no law", c.id);
        for t in [&c.title.fr, &c.title.nl, &c.title.en] {
            assert!(!t.trim().is_empty(), "{} has an empty title", c.id);
        }
    }
}

#[test]
fn no_clause_links_to_the_closed_odr_platform() {
    let lib = Library::builtin().unwrap();
    for c in lib.clauses() {
        for body in [&c.body.fr, &c.body.nl, &c.body.en] {
            assert!(!body.contains("ec.europa.eu/consumers/odr"), "{}", c.id);
        }
    }
}

#[test]
fn docs_clauses_md_is_generated_from_the_library() {
    let lib = Library::builtin().unwrap();
    let expected = docs_markdown(&lib);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/clauses.md");
    if std::env::var_os("CLAUSIER_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/clauses.md is stale: run `CLAUSIER_UPDATE_DOCS=1 cargo test --test clauses_library`"
    );
}

#[test]
fn every_audit_rule_that_suggests_a_clause_names_one_of_the_library() {
    let lib = Library::builtin().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut named = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue; // rules/profiles/
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let rule: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        if let Some(id) = rule["instead"]["clause"].as_str() {
            named += 1;
            assert!(
                lib.get(id).is_some(),
                "{}: `instead.clause: {id}` is not a library clause",
                path.display()
            );
        }
    }
    assert!(named > 0, "no rule names a clause any more");
}
