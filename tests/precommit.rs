//! The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` on a fixture git
//! repository, as a user's commit runs them. `clausier-audit-system` uses the clausier on
//! PATH (this test's binary), so no network and no build are involved; PRE_COMMIT_HOME is
//! a temp dir. pre-commit is installed by `make setup` (`make setup-precommit`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HOOK_NAME: &str = "clausier audit (general terms, installed clausier)";

/// Clean consumer terms: no error-level finding.
const CLEAN: &str = "# Conditions générales

Article 1 – Prix
Les prix sont indiqués toutes taxes comprises.

Article 2 – Médiation
Le consommateur peut s’adresser au Service de Médiation pour le Consommateur.
";

/// The legal guarantee replaced by 6 months: B2C004 (error) on line 2, column 19.
const ABUSIVE: &str = "Article 1 – Garantie
Nos produits sont garantis pendant 6 mois à compter de la date de facture. Seule la garantie du fabricant est applicable.
";

/// A complaint deadline of 48 hours: B2C003, a warning only.
const WARNING_ONLY: &str = "Article 6 – Réclamations
Toute réclamation relative à un défaut doit nous parvenir dans les 48 heures de la livraison, faute de quoi elle ne sera plus recevable.

Article 7 – Médiation
Le consommateur peut s’adresser au Service de Médiation pour le Consommateur.
";

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A git repository holding `files` (added to the index, as pre-commit sees them).
fn fixture(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    git(dir.path(), &["add", "-A"]);
    dir
}

/// `python3 -m pre_commit ARGS` in `dir`, with this test's clausier first on PATH.
fn pre_commit(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let check = Command::new("python3")
        .args(["-m", "pre_commit", "--version"])
        .output();
    assert!(
        check.is_ok_and(|o| o.status.success()),
        "pre-commit is not installed: run `make setup-precommit` (python3 -m pip install --user pre-commit)"
    );
    let bin_dir: PathBuf = Path::new(env!("CARGO_BIN_EXE_clausier"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    Command::new("python3")
        .args(["-m", "pre_commit"])
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("pre-commit runs")
}

fn try_repo(dir: &Path) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    let out = pre_commit(
        dir,
        home.path(),
        &[
            "try-repo",
            &repo_root().display().to_string(),
            "clausier-audit-system",
            "--all-files",
            "--verbose",
            "--color",
            "never",
        ],
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn hook_line(out: &str) -> &str {
    out.lines()
        .find(|l| l.starts_with(HOOK_NAME))
        .unwrap_or_else(|| panic!("no hook line in:\n{out}"))
}

#[test]
fn the_hook_passes_clean_terms_and_leaves_other_markdown_alone() {
    // README.md holds an abusive clause, but it is not a terms file: not audited.
    let repo = fixture(&[("terms/cgv.md", CLEAN), ("README.md", ABUSIVE)]);
    let (code, out) = try_repo(repo.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(hook_line(&out).ends_with("Passed"), "{out}");
    assert!(
        out.contains("0 findings (0 errors, 0 warnings, 0 info) in 1 files; 0 suppressed"),
        "{out}"
    );
    assert!(!out.contains("README.md"), "{out}");
}

#[test]
fn the_hook_fails_on_abusive_terms_and_shows_the_finding() {
    let repo = fixture(&[("terms/cgv.md", CLEAN), ("terms/cgv-old.txt", ABUSIVE)]);
    let (code, out) = try_repo(repo.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(hook_line(&out).ends_with("Failed"), "{out}");
    assert!(
        out.contains("terms/cgv-old.txt:2:19: error[B2C004] legal-guarantee-limited:"),
        "{out}"
    );
    assert!(
        out.contains("1 findings (1 errors, 0 warnings, 0 info) in 2 files; 0 suppressed"),
        "{out}"
    );
}

#[test]
fn the_readme_config_with_files_and_args_overrides_runs_the_hook() {
    // What the README tells a user to add, with `files:` pointing at their own folder and
    // `args:` making warnings fail; the repository is this checkout at HEAD.
    let head = git(repo_root(), &["rev-parse", "HEAD"]);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks: [{{id: clausier-audit-system, files: ^policies/, args: [--fail-on, warning]}}]\n",
        repo_root().display(),
        head.trim()
    );
    let repo = fixture(&[
        ("policies/verkoop.txt", WARNING_ONLY),
        ("terms/cgv-old.txt", ABUSIVE),
        (".pre-commit-config.yaml", &config),
    ]);
    let home = tempfile::tempdir().unwrap();
    let out = pre_commit(
        repo.path(),
        home.path(),
        &["run", "--all-files", "--verbose", "--color", "never"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(hook_line(&text).ends_with("Failed"), "{text}");
    assert!(
        text.contains("policies/verkoop.txt:2:7: warning[B2C003] short-complaint-deadline:"),
        "{text}"
    );
    // Only the configured folder was audited.
    assert!(!text.contains("cgv-old.txt"), "{text}");
}

#[test]
fn the_hooks_manifest_is_valid_and_both_hooks_agree() {
    let home = tempfile::tempdir().unwrap();
    let manifest = repo_root().join(".pre-commit-hooks.yaml");
    let out = pre_commit(
        repo_root(),
        home.path(),
        &["validate-manifest", &manifest.display().to_string()],
    );
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let hooks: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let hooks = hooks.as_sequence().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["clausier-audit", "clausier-audit-system"]);
    assert_eq!(hooks[0]["language"], "rust");
    assert_eq!(hooks[1]["language"], "system");
    for key in ["entry", "files", "require_serial"] {
        assert_eq!(hooks[0][key], hooks[1][key], "{key}");
    }
    assert_eq!(hooks[0]["entry"], "clausier audit");
}
