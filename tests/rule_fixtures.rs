//! Every rule's inline fixtures: each `fire` document yields at least one finding of the
//! rule, each `pass` document none, and every rule carries the minimum fixtures per
//! language (2 fire + 2 pass in French, 1 + 1 in Dutch and in English).

use chrono::NaiveDate;
use clausier::audit::audience::{Audience, AudienceChoice};
use clausier::audit::lang::Lang;
use clausier::audit::readers::{self, Format};
use clausier::audit::rules::{RuleAudience, RuleSet};
use clausier::audit::{AuditOptions, Auditor};

/// A date whose B2B rate is published and verified (2025-H2: 10.5 %).
fn audit_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 3).unwrap()
}

fn codes_found(auditor: &Auditor, text: &str, audience: Audience) -> Vec<String> {
    let extracted = readers::read(text.as_bytes(), Format::Txt).expect("fixture text reads");
    let opts = AuditOptions {
        audience: AudienceChoice::Fixed(audience),
        date: audit_date(),
        lang: None,
        ignore: Vec::new(),
    };
    auditor
        .audit("fixture", extracted, &opts)
        .findings
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn every_rule_fires_on_its_fire_fixtures_and_not_on_its_pass_fixtures() {
    let auditor = Auditor::new(RuleSet::builtin().expect("built-in rules load"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in &auditor.rules.rules {
        let default = match rule.def.audience {
            RuleAudience::B2b => Audience::B2b,
            RuleAudience::B2c | RuleAudience::Both => Audience::B2c,
        };
        let code = &rule.def.code;
        for (expect_fire, list) in [
            (true, &rule.def.fixtures.fire),
            (false, &rule.def.fixtures.pass),
        ] {
            for (i, fx) in list.iter().enumerate() {
                checked += 1;
                let found = codes_found(&auditor, &fx.text, fx.audience.unwrap_or(default));
                let fired = found.iter().any(|c| c == code);
                if fired != expect_fire {
                    failures.push(format!(
                        "{code} {} fixture #{i} ({}): expected {}, got findings {:?}\n    {}",
                        if expect_fire { "fire" } else { "pass" },
                        fx.lang,
                        if expect_fire { "a finding" } else { "none" },
                        found,
                        fx.text.trim().replace('\n', "\n    ")
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no fixtures at all");
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_the_minimum_fixtures_per_language() {
    let set = RuleSet::builtin().expect("built-in rules load");
    let mut missing = Vec::new();
    for rule in &set.rules {
        for (lang, need) in [(Lang::Fr, 2), (Lang::Nl, 1), (Lang::En, 1)] {
            let fire = rule
                .def
                .fixtures
                .fire
                .iter()
                .filter(|f| f.lang == lang)
                .count();
            let pass = rule
                .def
                .fixtures
                .pass
                .iter()
                .filter(|f| f.lang == lang)
                .count();
            if fire < need || pass < need {
                missing.push(format!(
                    "{}: {lang} has {fire} fire / {pass} pass, needs {need} / {need}",
                    rule.def.code
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_file_in_rules_dir_is_built_in() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("rules/ exists")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = clausier::audit::embedded::RULES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(embedded, on_disk);
}
