//! Profiles in clausier.yaml (`audit: {extends: be-b2c}`): built-in or shared YAML files
//! select rules and thresholds, the local file overrides them, and
//! `clausier audit --show-config` says where each value comes from.

use assert_cmd::Command;
use predicates::prelude::*;

fn clausier(dir: &tempfile::TempDir) -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS").current_dir(dir.path());
    c
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) {
    let p = dir.path().join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn show_config(dir: &tempfile::TempDir, extra: &[&str]) -> String {
    let out = clausier(dir)
        .args(["audit", "--show-config"])
        .args(extra)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn config_path(dir: &tempfile::TempDir) -> String {
    dir.path().join("clausier.yaml").display().to_string()
}

/// A consumer clause with one warning (B2C003) and nothing else.
const COMPLAINTS: &str = "Article 6 – Réclamations
Toute réclamation relative à un défaut doit nous parvenir dans les 48 heures de la livraison, faute de quoi elle ne sera plus recevable.

Article 7 – Médiation
Le consommateur peut s’adresser au Service de Médiation pour le Consommateur.
";

/// A 45-day payment term: lawful under the 60-day B2B cap, too long for a 30-day one.
const PAYMENT: &str = "Article 4 – Paiement\nLes factures sont payables à 45 jours fin de mois.\n";

#[test]
fn show_config_without_clausier_yaml_prints_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        show_config(&dir, &[]),
        "# clausier audit: resolved settings
# config: none (no clausier.yaml found)
audience: auto  # default
fail_on: error  # default
select: all  # default
ignore: []  # default
per_file_ignores: {}  # default
params: {}  # default
baseline: null  # default
"
    );
}

#[test]
fn show_config_names_the_profile_the_file_and_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "clausier.yaml",
        "issuer: {legal_name: X}\naudit:\n  extends: be-b2b\n  fail_on: warning\n  ignore: [DOC002]\n  params:\n    PAY004: {max_days: 30}\n",
    );
    let expected = format!(
        "# clausier audit: resolved settings
# config: {}
# profiles: be-b2b
audience: b2b  # profile be-b2b
fail_on: warning  # clausier.yaml
select: [B2B, B2C008, PAY, LIA, DIS, TOS, DOC, SUP]  # profile be-b2b
ignore:
  - DOC002  # clausier.yaml
per_file_ignores: {{}}  # default
params:
  PAY004:
    max_days: 30  # clausier.yaml
baseline: null  # default
",
        config_path(&dir)
    );
    let out = show_config(&dir, &[]);
    assert_eq!(out, expected);
    // The output is YAML that reads back.
    let v: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
    assert_eq!(v["params"]["PAY004"]["max_days"], 30);
    // Flags win over both, and say so.
    let out = show_config(
        &dir,
        &["--fail-on", "info", "--baseline", "b.json", "terms/cgv.txt"],
    );
    assert!(out.contains("fail_on: info  # --fail-on\n"), "{out}");
    assert!(out.contains("baseline: b.json  # --baseline\n"), "{out}");
    assert!(
        out.ends_with(
            "# codes ignored per file (ignore + matching per_file_ignores)\nfiles:\n  terms/cgv.txt: [DOC002]\n"
        ),
        "{out}"
    );
}

#[test]
fn a_shared_profile_file_can_extend_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "team/audit.yaml",
        "# shared by every shop of the group\nextends: be-b2c\nignore: [DOC002]\nper_file_ignores:\n  \"legacy/*.txt\": [PAY001]\n",
    );
    write(
        &dir,
        "clausier.yaml",
        "audit:\n  extends: team/audit.yaml\n  audience: auto\n  ignore: [LIA001]\n",
    );
    assert_eq!(
        show_config(&dir, &[]),
        format!(
            "# clausier audit: resolved settings
# config: {}
# profiles: team/audit.yaml -> be-b2c
audience: auto  # clausier.yaml
fail_on: warning  # profile be-b2c
select: [B2C, B2B, PAY, LIA, DIS, TOS, DOC, SUP]  # profile be-b2c
ignore:
  - DOC002  # profile team/audit.yaml
  - LIA001  # clausier.yaml
per_file_ignores:
  \"legacy/*.txt\": [PAY001]  # profile team/audit.yaml
params: {{}}  # default
baseline: null  # default
",
            config_path(&dir)
        )
    );
}

#[test]
fn the_be_b2c_profile_makes_warnings_fail_the_build() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", COMPLAINTS);
    let run = |dir: &tempfile::TempDir| {
        let mut c = clausier(dir);
        c.args(["audit", "cgv.txt", "--date", "2025-11-03"]);
        c
    };
    run(&dir)
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "cgv.txt:2:7: warning[B2C003] short-complaint-deadline:",
        ));
    write(&dir, "clausier.yaml", "audit:\n  extends: be-b2c\n");
    run(&dir).assert().code(1);
    // The local file overrides the profile.
    write(
        &dir,
        "clausier.yaml",
        "audit:\n  extends: be-b2c\n  fail_on: error\n",
    );
    run(&dir).assert().code(0);
}

#[test]
fn a_threshold_in_the_config_changes_what_the_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", PAYMENT);
    let run = |dir: &tempfile::TempDir| {
        let out = clausier(dir)
            .args(["audit", "cgv.txt", "--date", "2025-11-03", "--lang", "en"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    write(&dir, "clausier.yaml", "audit:\n  extends: be-b2b\n");
    assert_eq!(
        run(&dir),
        "0 findings (0 errors, 0 warnings, 0 info) in 1 files; 0 suppressed\n"
    );
    write(
        &dir,
        "clausier.yaml",
        "audit:\n  extends: be-b2b\n  params:\n    PAY004: {max_days: 30}\n",
    );
    let out = run(&dir);
    assert!(
        out.starts_with("cgv.txt:2:30: warning[PAY004] payment-term-too-long:"),
        "{out}"
    );
    assert!(
        out.lines().next().unwrap().ends_with("(45 days > 30 days)"),
        "{out}"
    );
}

#[test]
fn select_by_family_runs_only_those_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "cgv.txt",
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/audit_data/cgv-fr.txt"
        ))
        .unwrap(),
    );
    write(&dir, "clausier.yaml", "audit:\n  select: [PAY, DIS001]\n");
    let out = clausier(&dir)
        .args([
            "audit",
            "cgv.txt",
            "--date",
            "2025-11-03",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let codes: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PAY001", "PAY002", "DIS001"]);
}

#[test]
fn an_unknown_profile_lists_the_known_ones_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", PAYMENT);
    write(&dir, "clausier.yaml", "audit:\n  extends: be_b2b\n");
    clausier(&dir)
        .args(["audit", "cgv.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "{}:2:3: error: field `audit.extends`: unknown profile `be_b2b`\n  hint: did you mean `be-b2b`? known profiles: be-b2b, be-b2c; or give a path to a YAML file (e.g. ./team-audit.yaml)\n",
            config_path(&dir)
        ));
}

#[test]
fn an_extends_cycle_names_the_files() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "team/a.yaml", "extends: b.yaml\n");
    write(&dir, "team/b.yaml", "# shared\nextends: a.yaml\n");
    write(&dir, "clausier.yaml", "audit:\n  extends: team/a.yaml\n");
    let team = dir.path().join("team");
    clausier(&dir)
        .args(["audit", "--show-config"])
        .assert()
        .code(2)
        .stderr(format!(
            "{b}:2:1: error: field `extends`: extends cycle: {a} -> {b} -> {a}\n  hint: remove `extends:` from one of these files\n",
            a = team.join("a.yaml").display(),
            b = team.join("b.yaml").display(),
        ));
}

#[test]
fn a_missing_profile_file_is_an_error_at_the_extends_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "clausier.yaml",
        "audit:\n  fail_on: error\n  extends: ./nothere.yaml\n",
    );
    clausier(&dir)
        .args(["audit", "--show-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(format!(
            "{}:3:3: error: field `audit.extends`: cannot read profile `{}`",
            config_path(&dir),
            dir.path().join("./nothere.yaml").display()
        )));
}

#[test]
fn bad_params_and_selects_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "clausier.yaml",
        "audit:\n  params:\n    PAY004: {max_dayz: 30}\n",
    );
    clausier(&dir)
        .args(["audit", "--show-config"])
        .assert()
        .code(2)
        .stderr(format!(
            "{}: error: field `audit.params.PAY004`: unknown param `max_dayz` for check `payment-term` (allowed: max_days)\n  hint: docs/checks.md lists each check's parameters\n",
            config_path(&dir)
        ));
    write(&dir, "clausier.yaml", "audit:\n  select: [PAY, XX]\n");
    clausier(&dir)
        .args(["audit", "--show-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: field `audit.select`: `XX` selects no rule (not a code or family prefix)",
        ));
    write(&dir, "clausier.yaml", "audit:\n  select: []\n");
    clausier(&dir)
        .args(["audit", "--show-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: field `audit.select`: `select` is empty: no rule would run",
        ));
}

#[test]
fn built_in_profiles_only_name_existing_rules() {
    // Every select entry of every built-in profile selects at least one rule, and every
    // params entry is accepted by its rule's check.
    for (name, _) in clausier::audit::config::PROFILES {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir,
            "clausier.yaml",
            &format!("audit:\n  extends: {name}\n"),
        );
        let cfg =
            clausier::audit::config::LoadedConfig::load(&dir.path().join("clausier.yaml")).unwrap();
        let mut rules = clausier::audit::rules::RuleSet::builtin().unwrap();
        let left_out = cfg.apply_to(&mut rules).unwrap();
        assert!(!rules.rules.is_empty(), "{name}");
        assert_eq!(
            rules.rules.len() + left_out.len(),
            clausier::audit::rules::RuleSet::builtin()
                .unwrap()
                .rules
                .len()
        );
    }
}

#[test]
fn a_workspace_clausier_yaml_with_an_audit_section_still_loads_for_documents() {
    let dir = tempfile::tempdir().unwrap();
    // The example workspace's clausier.yaml, without its logo file.
    let example: String = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/agency/clausier.yaml"
    ))
    .unwrap()
    .lines()
    .filter(|l| !l.trim_start().starts_with("logo:"))
    .map(|l| format!("{l}\n"))
    .collect();
    write(
        &dir,
        "clausier.yaml",
        &format!("{example}audit:\n  extends: be-b2c\n  ignore: [DOC002]\n"),
    );
    let ws = clausier::workspace::Workspace::load(dir.path()).expect("workspace loads");
    assert_eq!(
        ws.config.audit,
        Some(serde_json::json!({"extends": "be-b2c", "ignore": ["DOC002"]}))
    );
    let out = show_config(&dir, &[]);
    assert!(
        out.contains("fail_on: warning  # profile be-b2c\n"),
        "{out}"
    );
}
