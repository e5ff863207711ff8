//! `clausier audit --write-baseline` / `--baseline`: a team adopts the auditor on existing
//! terms, and only new problems fail the build; problems that disappear are "fixed".

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// Consumer terms with five findings today: B2C007 (no mediation body, anchored in
/// article 1 where consumers are addressed), PAY001 and B2C002 in article 2, PAY002 in
/// article 3, DIS001 in article 4.
const TERMS: &str = "Conditions générales de vente – Studio Exemple SRL

Article 1 – Identification
Studio Exemple SRL vend ses services aux particuliers via notre site www.exemple.be.

Article 2 – Paiement
Les factures sont payables à 30 jours. En cas de retard, un intérêt de 2% par mois est dû de plein droit et sans mise en demeure.

Article 3 – Indemnité
En cas de non-paiement, le montant dû est majoré d'une indemnité forfaitaire de 15 % avec un minimum de 100 €.

Article 4 – Litiges
Tout litige relève de la compétence exclusive des tribunaux de Liège.
";

/// One abusive clause more: the legal guarantee replaced by 6 months (B2C004, error).
const GUARANTEE: &str = "
Article 5 – Garantie
Nos produits sont garantis pendant 6 mois à compter de la date de facture. Seule la garantie du fabricant est applicable.
";

fn clausier(dir: &tempfile::TempDir) -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS").current_dir(dir.path());
    c
}

fn audit(dir: &tempfile::TempDir, extra: &[&str]) -> Command {
    let mut c = clausier(dir);
    c.args([
        "audit",
        "cgv.txt",
        "--date",
        "2025-11-03",
        "--audience",
        "b2c",
    ])
    .args(extra);
    c
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) {
    std::fs::write(dir.path().join(name), text).unwrap();
}

fn stdout_of(c: &mut Command, code: i32) -> String {
    let out = c.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Writes TERMS and its baseline in a fresh directory.
fn baselined() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", TERMS);
    let out = stdout_of(
        &mut audit(&dir, &["--write-baseline", ".clausier-baseline.json"]),
        0,
    );
    assert_eq!(
        out,
        ".clausier-baseline.json: baseline written: 5 findings in 5 entries\n"
    );
    dir
}

#[test]
fn baseline_file_is_sorted_versioned_json_keyed_by_clause_not_line() {
    let dir = baselined();
    let text = std::fs::read_to_string(dir.path().join(".clausier-baseline.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    let entries = v["entries"].as_array().unwrap();
    let keys: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("cgv.txt".to_string(), "B2C002".to_string()),
            ("cgv.txt".to_string(), "B2C007".to_string()),
            ("cgv.txt".to_string(), "DIS001".to_string()),
            ("cgv.txt".to_string(), "PAY001".to_string()),
            ("cgv.txt".to_string(), "PAY002".to_string()),
        ]
    );
    // B2C002 and PAY001 sit in the same clause: same hash; no line numbers anywhere.
    assert_eq!(entries[0]["hash"], entries[3]["hash"]);
    assert_ne!(entries[0]["hash"], entries[2]["hash"]);
    assert_eq!(
        entries[2]["hash"],
        clausier::audit::baseline::clause_hash(
            "Tout litige relève de la compétence exclusive des tribunaux de Liège."
        )
    );
    assert_eq!(
        entries[2]["excerpt"],
        "Tout litige relève de la compétence exclusive des tribunaux …"
    );
    assert!(!text.contains("\"line\""), "{text}");
    // Writing again gives the same bytes (stable, diff-friendly).
    audit(&dir, &["--write-baseline", ".clausier-baseline.json"])
        .assert()
        .code(0);
    let again = std::fs::read_to_string(dir.path().join(".clausier-baseline.json")).unwrap();
    assert_eq!(text, again);
}

#[test]
fn with_the_baseline_nothing_is_reported_and_the_exit_code_is_zero() {
    let dir = baselined();
    audit(&dir, &[]).assert().code(1);
    let out = stdout_of(
        &mut audit(&dir, &["--baseline", ".clausier-baseline.json"]),
        0,
    );
    assert_eq!(
        out,
        "0 findings (0 errors, 0 warnings, 0 info) in 1 files; 0 suppressed\n\
         baseline .clausier-baseline.json: 0 new, 5 baselined, 0 fixed\n"
    );
}

#[test]
fn only_the_added_abusive_clause_is_reported() {
    let dir = baselined();
    write(&dir, "cgv.txt", &format!("{TERMS}{GUARANTEE}"));
    let out = stdout_of(
        &mut audit(&dir, &["--baseline", ".clausier-baseline.json"]),
        1,
    );
    assert!(
        out.starts_with("cgv.txt:16:19: error[B2C004] legal-guarantee-limited:"),
        "{out}"
    );
    assert_eq!(out.matches("error[").count(), 1, "{out}");
    assert!(!out.contains("warning["), "{out}");
    assert!(
        out.ends_with(
            "1 findings (1 errors, 0 warnings, 0 info) in 1 files; 0 suppressed\n\
             baseline .clausier-baseline.json: 1 new, 5 baselined, 0 fixed\n"
        ),
        "{out}"
    );
}

#[test]
fn moving_renumbering_and_rewrapping_clauses_reports_nothing_new() {
    let dir = baselined();
    // Litiges moves first and becomes article 1; the payment clause is re-wrapped.
    let moved = "Conditions générales de vente – Studio Exemple SRL

Article 1 – Litiges
Tout litige relève de la compétence
exclusive des tribunaux de Liège.

Article 2 – Identification
Studio Exemple SRL vend ses services aux particuliers via notre site www.exemple.be.

Article 3 – Paiement
Les factures sont payables à 30 jours.   En cas de retard,
un intérêt de 2% par mois est dû de plein droit
et sans mise en demeure.

Article 4 – Indemnité
En cas de non-paiement, le montant dû est majoré d'une indemnité forfaitaire de 15 % avec un minimum de 100 €.
";
    write(&dir, "cgv.txt", moved);
    // Without the baseline the findings are all still there, on other lines.
    let all = stdout_of(&mut audit(&dir, &[]), 1);
    assert!(all.contains("cgv.txt:4:6: error[DIS001]"), "{all}");
    let out = stdout_of(
        &mut audit(&dir, &["--baseline", ".clausier-baseline.json"]),
        0,
    );
    assert!(
        out.ends_with("baseline .clausier-baseline.json: 0 new, 5 baselined, 0 fixed\n"),
        "{out}"
    );
}

#[test]
fn a_removed_baselined_clause_is_reported_as_fixed() {
    let dir = baselined();
    let without = TERMS.replace(
        "Article 4 – Litiges\nTout litige relève de la compétence exclusive des tribunaux de Liège.\n",
        "",
    );
    write(&dir, "cgv.txt", &without);
    let out = stdout_of(
        &mut audit(&dir, &["--baseline", ".clausier-baseline.json"]),
        0,
    );
    assert_eq!(
        out,
        "0 findings (0 errors, 0 warnings, 0 info) in 1 files; 0 suppressed\n\
         cgv.txt: fixed: DIS001 consumer-jurisdiction: \"Tout litige relève de la compétence exclusive des tribunaux …\"\n\
         baseline .clausier-baseline.json: 0 new, 4 baselined, 1 fixed — run --write-baseline to shrink it\n"
    );
    // Rewriting the baseline shrinks it.
    audit(&dir, &["--write-baseline", ".clausier-baseline.json"])
        .assert()
        .code(0)
        .stdout(".clausier-baseline.json: baseline written: 4 findings in 4 entries\n");
}

#[test]
fn identical_findings_are_counted_and_one_more_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let clause = "Intérêt : 10% par mois.";
    let two = format!("Article 1 – Vente\n{clause}\n\nArticle 2 – Location\n{clause}\n");
    write(&dir, "cgv.txt", &two);
    audit(&dir, &["--write-baseline", "b.json"])
        .assert()
        .code(0)
        .stdout("b.json: baseline written: 2 findings in 1 entries\n");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(v["entries"][0]["code"], "PAY001");
    assert_eq!(v["entries"][0]["count"], 2);
    // A third copy of the same clause: exactly one new finding, the last one.
    write(
        &dir,
        "cgv.txt",
        &format!("{two}\nArticle 3 – Maintenance\n{clause}\n"),
    );
    let out = stdout_of(&mut audit(&dir, &["--baseline", "b.json"]), 1);
    assert!(out.starts_with("cgv.txt:8:11: error[PAY001]"), "{out}");
    assert!(
        out.ends_with("baseline b.json: 1 new, 2 baselined, 0 fixed\n"),
        "{out}"
    );
    // Only one copy left: one of the two is fixed.
    write(&dir, "cgv.txt", &format!("Article 1 – Vente\n{clause}\n"));
    let out = stdout_of(&mut audit(&dir, &["--baseline", "b.json"]), 0);
    assert!(
        out.ends_with(
            "cgv.txt: fixed: PAY001 excessive-late-interest: \"Intérêt : 10% par mois.\"\n\
             baseline b.json: 0 new, 1 baselined, 1 fixed — run --write-baseline to shrink it\n"
        ),
        "{out}"
    );
}

#[test]
fn json_output_carries_the_baseline_outcome() {
    let dir = baselined();
    let without = TERMS.replace(
        "Article 4 – Litiges\nTout litige relève de la compétence exclusive des tribunaux de Liège.\n",
        "",
    );
    write(&dir, "cgv.txt", &format!("{without}{GUARANTEE}"));
    let out = audit(
        &dir,
        &["--baseline", ".clausier-baseline.json", "--format", "json"],
    )
    .assert()
    .code(1)
    .get_output()
    .stdout
    .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    let codes: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["B2C004"]);
    assert_eq!(v["summary"]["findings"], 1);
    assert_eq!(
        v["baseline"],
        serde_json::json!({
            "path": ".clausier-baseline.json",
            "new": 1,
            "baselined": 4,
            "fixed": [{
                "file": "cgv.txt",
                "code": "DIS001",
                "slug": "consumer-jurisdiction",
                "hash": clausier::audit::baseline::clause_hash(
                    "Tout litige relève de la compétence exclusive des tribunaux de Liège."
                ),
                "count": 1,
                "excerpt": "Tout litige relève de la compétence exclusive des tribunaux …"
            }]
        })
    );
    // Without --baseline the key is absent (the documented schema is unchanged).
    let plain = audit(&dir, &["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&plain).unwrap();
    assert!(v.get("baseline").is_none());
}

#[test]
fn github_format_reports_new_findings_and_fixed_entries_as_notices() {
    let dir = baselined();
    let without = TERMS.replace(
        "Article 4 – Litiges\nTout litige relève de la compétence exclusive des tribunaux de Liège.\n",
        "",
    );
    write(&dir, "cgv.txt", &format!("{without}{GUARANTEE}"));
    let out = stdout_of(
        &mut audit(
            &dir,
            &[
                "--baseline",
                ".clausier-baseline.json",
                "--format",
                "github",
            ],
        ),
        1,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("::error file=cgv.txt,line=14,col=19,"),
        "{out}"
    );
    assert_eq!(
        lines[1],
        "::notice file=cgv.txt,title=DIS001 consumer-jurisdiction fixed::1 baselined finding(s) no longer occur (\"Tout litige relève de la compétence exclusive des tribunaux …\"); run clausier audit --write-baseline to shrink the baseline"
    );
}

#[test]
fn baseline_set_in_clausier_yaml_is_used_by_default() {
    let dir = baselined();
    write(
        &dir,
        "clausier.yaml",
        "audit:\n  baseline: .clausier-baseline.json\n",
    );
    write(&dir, "cgv.txt", &format!("{TERMS}{GUARANTEE}"));
    let out = stdout_of(&mut audit(&dir, &[]), 1);
    let abs = dir.path().join(".clausier-baseline.json");
    assert!(
        out.ends_with(&format!(
            "baseline {}: 1 new, 5 baselined, 0 fixed\n",
            abs.display()
        )),
        "{out}"
    );
}

#[test]
fn a_missing_baseline_is_an_input_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", TERMS);
    audit(&dir, &["--baseline", "nope.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "nope.json: error: cannot read the baseline: No such file or directory",
        ))
        .stderr(predicate::str::contains(
            "hint: create it with `clausier audit PATHS --write-baseline nope.json`",
        ));
}

#[test]
fn a_corrupt_baseline_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", TERMS);
    write(
        &dir,
        "b.json",
        "{\n  \"version\": 1,\n  \"entries\": [\n    {\"file\": \"cgv.txt\" \"code\": \"PAY001\"}\n  ]\n}\n",
    );
    audit(&dir, &["--baseline", "b.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "b.json:4:24: error: invalid baseline: expected `,` or `}` at line 4 column 24",
        ))
        .stderr(predicate::str::contains(
            "hint: regenerate it with --write-baseline",
        ));
}

#[test]
fn a_baseline_of_another_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", TERMS);
    write(&dir, "b.json", "{\"version\": 7, \"entries\": []}\n");
    audit(&dir, &["--baseline", "b.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "b.json: error: field `version`: unsupported baseline version 7 (this clausier reads version 1)",
        ));
}

#[test]
fn write_baseline_refuses_when_a_file_could_not_be_audited() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", TERMS);
    clausier(&dir)
        .args([
            "audit",
            "cgv.txt",
            "missing.txt",
            "--write-baseline",
            "b.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "b.json: error: not writing the baseline: 1 file(s) could not be audited",
        ));
    assert!(!dir.path().join("b.json").exists());
}

#[test]
fn baselined_files_not_audited_in_this_run_are_not_fixed() {
    let dir = baselined();
    write(
        &dir,
        "other.txt",
        "Article 1 – Prix\nLes prix sont fermes.\n",
    );
    clausier(&dir)
        .args([
            "audit",
            "other.txt",
            "--date",
            "2025-11-03",
            "--baseline",
            ".clausier-baseline.json",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(
            "baseline .clausier-baseline.json: 0 new, 0 baselined, 0 fixed\n",
        ));
}

#[test]
fn json_output_with_a_baseline_matches_the_snapshot() {
    // docs/audit-json.md documents this layout: new findings only, plus `baseline`.
    let dir = baselined();
    let without = TERMS.replace(
        "Article 4 – Litiges\nTout litige relève de la compétence exclusive des tribunaux de Liège.\n",
        "",
    );
    write(&dir, "cgv.txt", &format!("{without}{GUARANTEE}"));
    let out = audit(
        &dir,
        &[
            "--baseline",
            ".clausier-baseline.json",
            "--format",
            "json",
            "--lang",
            "en",
        ],
    )
    .assert()
    .code(1)
    .get_output()
    .stdout
    .clone();
    let mut v: Value = serde_json::from_slice(&out).unwrap();
    v["tool"]["version"] = Value::String("[version]".into());
    insta::assert_json_snapshot!("cgv_baseline_json", v);
}
