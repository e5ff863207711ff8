//! SARIF output validates against the official SARIF 2.1.0 schema
//! (tests/schemas/sarif-schema-2.1.0.json), and the JSON output of a fixture document
//! is snapshot-tested so any change of the documented schema is deliberate.

use assert_cmd::Command;
use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/audit_data");

fn run(format: &str) -> Value {
    let out = Command::cargo_bin("clausier")
        .unwrap()
        .current_dir(DATA)
        .args([
            "audit",
            "cgv-fr.txt",
            "--date",
            "2025-11-03",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Compiles the official schema. Its `run.language` pattern has a stray `]`
/// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, also in `toolComponent`) that a strict
/// validator rejects as a regex; it is replaced by the intended
/// `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$` here only.
fn validator(schema: &Value) -> jsonschema::Validator {
    let mut schema = schema.clone();
    for def in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        assert_eq!(pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = Value::String("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
    }
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn sarif_output_validates_against_the_2_1_0_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).unwrap();
    let validator = validator(&schema);
    let log = run("sarif");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let pay = results
        .iter()
        .find(|r| r["ruleId"] == "PAY001")
        .expect("PAY001 result");
    assert_eq!(pay["level"], "error");
    let region = &pay["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 7);
    assert_eq!(region["startColumn"], 72);
    assert_eq!(
        pay["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "cgv-fr.txt"
    );
}

#[test]
fn sarif_schema_rejects_a_broken_log() {
    // The validator is really applied: a log without `runs` must fail.
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json")).unwrap();
    let validator = validator(&schema);
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0"})));
}

#[test]
fn json_output_of_the_fixture_document_matches_the_snapshot() {
    let mut v = run("json");
    v["tool"]["version"] = Value::String("[version]".into());
    insta::assert_json_snapshot!("cgv_fr_json", v);
}
