//! Suppressions keep the audit honest: a `clausier-ignore` without a reason is a warning
//! (SUP001), and one that silences nothing is reported as unused (SUP002), at the comment.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// Line 3: no reason. Line 6: LIA001 silences nothing (PAY001 does). Line 9: a trailing
/// comment whose PAY001 silences nothing. Line 11: an unknown code (a warning, not SUP002).
const TERMS: &str = "# Conditions

<!-- clausier-ignore PAY001 -->
Toute facture impayée porte un intérêt de 10% par mois.

<!-- clausier-ignore PAY001, LIA001: agreed with counsel -->
En cas de retard, un intérêt de 10% par mois est dû.

Le prix est ferme. # clausier-ignore PAY001: old rate clause

<!-- clausier-ignore XYZ999: typo -->
Le prix est ferme et définitif.
";

fn audit(dir: &tempfile::TempDir, file: &str, extra: &[&str]) -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS")
        .current_dir(dir.path())
        .args(["audit", file, "--date", "2025-11-03", "--lang", "en"])
        .args(extra);
    c
}

fn with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

fn headers(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| l.starts_with("cgv.") || l.starts_with("t.txt"))
        .map(String::from)
        .collect()
}

#[test]
fn reasonless_and_unused_suppressions_are_reported_at_the_comment() {
    let dir = with("cgv.md", TERMS);
    let out = audit(&dir, "cgv.md", &["--audience", "b2b"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "cgv.md:11:1: warning: unknown rule code `XYZ999` in clausier-ignore",
        ))
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        headers(&out),
        [
            "cgv.md:3:1: warning[SUP001] suppression-without-reason: This clausier-ignore comment does not say why the finding is accepted: add a reason after the codes.",
            "cgv.md:6:1: warning[SUP002] unused-suppression: This clausier-ignore comment silences no finding in the clause it applies to: the clause changed or the rule no longer fires there; remove the code. (code: LIA001)",
            "cgv.md:9:20: warning[SUP002] unused-suppression: This clausier-ignore comment silences no finding in the clause it applies to: the clause changed or the rule no longer fires there; remove the code. (code: PAY001)",
            "cgv.md: note: audience b2b (flag)",
        ]
    );
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.ends_with("3 findings (0 errors, 3 warnings, 0 info) in 1 files; 2 suppressed\n"),
        "{text}"
    );
}

#[test]
fn suppression_findings_are_data_in_json_with_exact_spans() {
    let dir = with("cgv.md", TERMS);
    let out = audit(&dir, "cgv.md", &["--audience", "b2b", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let file = &v["files"][0];
    let got: Vec<(String, u64, u64, u64, u64, String)> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
                f["end"]["line"].as_u64().unwrap(),
                f["end"]["column"].as_u64().unwrap(),
                f["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |c: &str, l, col, el, ec, m: &str| (c.to_string(), l, col, el, ec, m.to_string());
    assert_eq!(
        got,
        [
            row("SUP001", 3, 1, 3, 32, "<!-- clausier-ignore PAY001 -->"),
            row(
                "SUP002",
                6,
                1,
                6,
                61,
                "<!-- clausier-ignore PAY001, LIA001: agreed with counsel -->"
            ),
            row(
                "SUP002",
                9,
                20,
                9,
                61,
                "# clausier-ignore PAY001: old rate clause"
            ),
        ]
    );
    // Both PAY001 findings were silenced, with the reason given (none on line 3).
    assert_eq!(
        file["suppressed"],
        serde_json::json!([
            {"code": "PAY001", "location": {"line": 4, "column": 43}, "reason": null},
            {"code": "PAY001", "location": {"line": 7, "column": 33}, "reason": "agreed with counsel"}
        ])
    );
}

#[test]
fn fail_on_warning_makes_suppression_findings_fail_the_build() {
    let dir = with("cgv.md", TERMS);
    audit(
        &dir,
        "cgv.md",
        &["--audience", "b2b", "--fail-on", "warning"],
    )
    .assert()
    .code(1);
}

#[test]
fn the_sup_family_can_be_ignored_in_clausier_yaml() {
    let dir = with("cgv.md", TERMS);
    std::fs::write(
        dir.path().join("clausier.yaml"),
        "audit:\n  ignore: [SUP]\n",
    )
    .unwrap();
    let out = audit(&dir, "cgv.md", &["--audience", "b2b"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("unknown rule code `SUP`").not())
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&out),
        "0 findings (0 errors, 0 warnings, 0 info) in 1 files; 2 suppressed\n"
    );
}

#[test]
fn an_html_comment_without_reason_is_reported_at_its_markup_position() {
    let html = "<html><body>\n<h1>Conditions</h1>\n  <!-- clausier-ignore PAY001 -->\n<p>Toute facture impayée porte un intérêt de 10% par mois.</p>\n</body></html>\n";
    let dir = with("cgv.html", html);
    let out = audit(&dir, "cgv.html", &["--audience", "b2b"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        headers(&out),
        [
            "cgv.html:3:3: warning[SUP001] suppression-without-reason: This clausier-ignore comment does not say why the finding is accepted: add a reason after the codes.",
            "cgv.html: note: audience b2b (flag)",
        ]
    );
}

#[test]
fn a_code_of_a_rule_left_out_by_select_is_unused_not_unknown() {
    let dir = with(
        "t.txt",
        "Article 1 – Responsabilité\n<!-- clausier-ignore LIA001: kept for the group -->\nNous ne sommes jamais responsables des dommages.\n",
    );
    std::fs::write(
        dir.path().join("clausier.yaml"),
        "audit:\n  select: [PAY, SUP]\n",
    )
    .unwrap();
    let out = audit(&dir, "t.txt", &[])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("unknown rule code").not())
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        headers(&out),
        [
            "t.txt:2:1: warning[SUP002] unused-suppression: This clausier-ignore comment silences no finding in the clause it applies to: the clause changed or the rule no longer fires there; remove the code. (code: LIA001)",
            "t.txt: note: audience b2c (auto)",
        ]
    );
}
