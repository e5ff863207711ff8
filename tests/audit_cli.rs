//! `clausier audit`, `rule` and `rules` from the command line: exit codes, formats,
//! suppressions and bad input, as a user or a CI job sees them.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const LATE_INTEREST: &str = "Conditions générales\n\nArticle 4 – Retard de paiement\nToute facture impayée à l'échéance porte un intérêt de 10% par mois.\n";

fn clausier() -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS");
    c
}

fn write(dir: &tempfile::TempDir, name: &str, text: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `clausier audit FILE` in `dir` is refused as bad input (exit 2) with `message` on stderr.
fn assert_input_error(dir: &tempfile::TempDir, file: &str, message: &str) {
    clausier()
        .current_dir(dir.path())
        .args(["audit", file])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn audit_flags_ten_percent_a_month_as_excessive() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "cgv.txt", LATE_INTEREST.as_bytes());
    let out = clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "cgv.txt",
            "--date",
            "2025-11-03",
            "--format",
            "json",
            "--audience",
            "b2b",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["code"], "PAY001");
    assert_eq!(f["matched"], "10% par mois");
    assert_eq!(f["start"]["line"], 4);
    assert_eq!(f["start"]["column"], 56);
    assert_eq!(f["clause"]["number"], "4");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with(" (10 % par mois = 120 % par an ; taux légal B2B 2025-H2 : 10,5 %)"),
        "{}",
        f["message"]
    );
    assert!(file.exists());
}

#[test]
fn human_output_underlines_the_span_and_gives_law_and_help() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", LATE_INTEREST.as_bytes());
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.txt", "--date", "2025-11-03", "--lang", "en", "--audience", "b2b"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "cgv.txt:4:56: error[PAY001] excessive-late-interest:",
        ))
        .stdout(predicate::str::contains(
            "4 | Toute facture impayée à l'échéance porte un intérêt de 10% par mois.\n  |                                                        ^^^^^^^^^^^^\n",
        ))
        .stdout(predicate::str::contains("= law: "))
        .stdout(predicate::str::contains("= help: "))
        .stdout(predicate::str::contains("(10% per month = 120% a year; B2B statutory rate 2025-H2: 10.5%)"));
}

#[test]
fn clean_terms_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "ok.txt",
        "Article 1 – Paiement\nLes factures sont payables dans les 30 jours. Tout retard porte intérêt au taux prévu par la loi du 2 août 2002.\n".as_bytes(),
    );
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "ok.txt",
            "--date",
            "2025-11-03",
            "--audience",
            "b2b",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 findings"));
}

#[test]
fn fail_on_error_ignores_warnings_but_fail_on_warning_does_not() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "terms.txt",
        "Article 3\nLes factures sont payables à 90 jours date de facture.\n".as_bytes(),
    );
    let args = [
        "audit",
        "terms.txt",
        "--date",
        "2025-11-03",
        "--audience",
        "b2b",
    ];
    clausier()
        .current_dir(dir.path())
        .args(args)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("payment-term-too-long"));
    clausier()
        .current_dir(dir.path())
        .args(args)
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
}

#[test]
fn binary_file_is_an_input_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_input_error(&dir, "logo.txt", "logo.txt: error: the file looks binary");
}

#[test]
fn empty_file_is_an_input_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "empty.md", b"  \n\n");
    assert_input_error(&dir, "empty.md", "empty.md: error: the file is empty");
}

#[test]
fn thirty_megabyte_file_is_refused_unless_max_size_is_raised() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.txt");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(30 * 1024 * 1024).unwrap();
    assert_input_error(
        &dir,
        "huge.txt",
        "huge.txt: error: the file is 31457280 bytes, above the 20971520-byte limit",
    );
    // Raised limit: the size passes, the (sparse, all-NUL) content is then refused as binary.
    clausier()
        .current_dir(dir.path())
        .args(["audit", "huge.txt", "--max-size", "40M"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("looks binary"));
}

#[test]
fn unknown_audience_is_a_usage_error() {
    clausier()
        .args(["audit", "-", "--audience", "b2x"])
        .write_stdin("Article 1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'b2x' for '--audience",
        ));
}

#[test]
fn suppression_comment_silences_the_next_clause_and_unknown_codes_warn() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Conditions\n\n<!-- clausier-ignore PAY001: agreed with the client's counsel -->\nToute facture impayée porte un intérêt de 10% par mois.\n\n<!-- clausier-ignore XYZ999: typo -->\nLe prix est ferme.\n";
    write(&dir, "cgv.md", text.as_bytes());
    let out = clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "cgv.md",
            "--date",
            "2025-11-03",
            "--format",
            "json",
            "--audience",
            "b2b",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "cgv.md:6:1: warning: unknown rule code `XYZ999` in clausier-ignore",
        ))
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["files"][0]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(v["files"][0]["suppressed"][0]["code"], "PAY001");
    assert_eq!(
        v["files"][0]["suppressed"][0]["reason"],
        "agreed with the client's counsel"
    );
}

#[test]
fn per_file_ignores_in_clausier_yaml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("legacy")).unwrap();
    write(&dir, "legacy/old.txt", LATE_INTEREST.as_bytes());
    write(
        &dir,
        "clausier.yaml",
        b"issuer: {legal_name: X}\naudit:\n  per_file_ignores:\n    \"legacy/*.txt\": [PAY001]\n",
    );
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "legacy",
            "--date",
            "2025-11-03",
            "--audience",
            "b2b",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 suppressed"));
}

#[test]
fn stdin_is_audited_with_github_annotations() {
    clausier()
        .args(["audit", "-", "--date", "2025-11-03", "--format", "github", "--audience", "b2b"])
        .write_stdin(LATE_INTEREST)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=-,line=4,col=56,endLine=4,endColumn=68,title=PAY001 excessive-late-interest::",
        ));
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.txt", LATE_INTEREST.as_bytes());
    write(&dir, "b.txt", LATE_INTEREST.as_bytes());
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            ".",
            "--statistics",
            "--date",
            "2025-11-03",
            "--audience",
            "b2b",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "    2  PAY001  error    excessive-late-interest\n",
        ));
}

#[test]
fn rule_prints_its_documentation_and_unknown_rule_exits_2() {
    clausier()
        .args(["rule", "PAY001"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "PAY001 excessive-late-interest: ",
        ))
        .stdout(predicate::str::contains("What it checks"))
        .stdout(predicate::str::contains("Why it is a problem"))
        .stdout(predicate::str::contains("Example"))
        .stdout(predicate::str::contains("Fix"));
    clausier()
        .args(["rule", "PAY01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `PAY01`"));
    clausier()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PAY001  error"));
}

const CUSTOM_RULE: &str = r#"
code: TOS901
slug: no-pets-clause
name: {fr: "Animaux", nl: "Dieren", en: "Pets"}
severity: warning
audience: both
kind: pattern
patterns: {fr: ['(?i)\banimaux\b'], nl: ['(?i)\bdieren\b'], en: ['(?i)\bpets\b']}
message: {fr: "Clause animaux.", nl: "Dierenbeding.", en: "Pets clause."}
what: "w"
why: "y"
law: "none"
example: "e"
fix: {fr: "f", nl: "f", en: "f"}
"#;

#[test]
fn extra_rules_directory_adds_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("myrules")).unwrap();
    write(
        &dir,
        "myrules/TOS901-no-pets-clause.yaml",
        CUSTOM_RULE.as_bytes(),
    );
    write(
        &dir,
        "cgv.txt",
        "Article 1\nLes animaux sont interdits dans nos locaux.\n".as_bytes(),
    );
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "cgv.txt",
            "--rules",
            "myrules",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "cgv.txt:2:5: warning[TOS901] no-pets-clause: Clause animaux.",
        ));
}

#[test]
fn an_invalid_regex_in_a_rules_directory_is_a_usage_error_naming_file_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("myrules")).unwrap();
    write(
        &dir,
        "myrules/TOS901-no-pets-clause.yaml",
        CUSTOM_RULE.replace(r"(?i)\bdieren\b", "(dieren").as_bytes(),
    );
    write(&dir, "cgv.txt", b"Article 1\n");
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.txt", "--rules", "myrules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("TOS901-no-pets-clause.yaml"))
        .stderr(predicate::str::contains(
            "field `patterns.nl[0]`: rule TOS901: invalid regex",
        ));
}

#[test]
fn a_business_penalty_is_a_warning_and_a_consumer_penalty_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "cgv.txt",
        "Article 8 – Clause pénale\nToute facture impayée à l'échéance sera majorée d'une indemnité forfaitaire de 15 % du montant dû, avec un minimum de 150 €.\n".as_bytes(),
    );
    let severity_for = |audience: &str, code: i32| {
        let out = clausier()
            .current_dir(dir.path())
            .args([
                "audit",
                "cgv.txt",
                "--date",
                "2026-12-06",
                "--format",
                "json",
            ])
            .args(["--audience", audience])
            .assert()
            .code(code)
            .get_output()
            .stdout
            .clone();
        let v = json_of(&out);
        let f = &v["files"][0]["findings"][0];
        assert_eq!(f["code"], "PAY002", "{v}");
        f["severity"].as_str().unwrap().to_string()
    };
    // A court may reduce a B2B penalty (old art. 1231 CC): a risk, exit 0 under --fail-on error.
    assert_eq!(severity_for("b2b", 0), "warning");
    // Above the Book XIX cap the consumer is released from the clause.
    assert_eq!(severity_for("b2c", 1), "error");
}
