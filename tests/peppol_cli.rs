//! `clausier validate` as a user runs it before sending an invoice over Peppol.

use std::path::Path;

use assert_cmd::Command;

fn clausier() -> Command {
    let mut cmd = Command::cargo_bin("clausier").unwrap();
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/peppol"));
    cmd
}

#[test]
fn validate_prints_each_rejection_with_line_rule_and_exits_1() {
    let out = clausier()
        .args([
            "validate",
            "be-baseline.xml",
            "broken/missing-seller-endpoint.xml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "be-baseline.xml: valid Peppol BIS 3.0 Invoice (XSD ok, 69 CEN and 39 Peppol rules checked, 0 warning(s))\n\
         broken/missing-seller-endpoint.xml:15:5: fatal[PEPPOL-EN16931-R020] (peppol) Seller electronic address MUST be provided\n\
         broken/missing-seller-endpoint.xml: REJECTED: 1 fatal error(s): PEPPOL-EN16931-R020\n\
         2 file(s) checked: 1 valid, 1 rejected\n"
    );
}

#[test]
fn validate_takes_a_folder_and_exits_0_when_every_file_passes() {
    let out = clausier().args(["validate", "examples"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 10, "{stdout}");
    assert_eq!(
        lines[2],
        "examples/base-creditnote-correction.xml: valid Peppol BIS 3.0 CreditNote \
         (XSD ok, 88 CEN and 39 Peppol rules checked, 0 warning(s))"
    );
    assert_eq!(lines[9], "9 file(s) checked: 9 valid, 0 rejected");
}

#[test]
fn validate_json_reports_each_finding_with_layer_rule_and_position() {
    let out = clausier()
        .args(["validate", "--format", "json", "broken/not-well-formed.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "path": "broken/not-well-formed.xml",
            "root": "Invoice",
            "findings": [{
                "layer": "xml",
                "severity": "fatal",
                "rule": "XML",
                "message": "Opening and ending tag mismatch: ID line 8 and Id",
                "location": null,
                "line": 8,
                "column": null
            }],
            "cen_rules_fired": 0,
            "peppol_rules_fired": 0
        }])
    );
}

#[test]
fn validate_without_java_says_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let out = clausier()
        .env("PATH", empty.path())
        .env_remove("JAVA_HOME")
        .args(["validate", "be-baseline.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: Java is not installed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: install the validation tools: `make setup-apt`"),
        "{stderr}"
    );
    assert!(stderr.contains("libsaxonhe-java"), "{stderr}");
}

#[test]
fn validate_on_a_missing_file_is_a_usage_error() {
    clausier()
        .args(["validate", "nope.xml"])
        .assert()
        .code(2)
        .stderr("nope.xml: error: no such file\n  hint: check the path\n");
}
