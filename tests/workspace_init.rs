//! `clausier init DIR` scaffolds the example workspace and never overwrites a file.

use std::path::Path;

use assert_cmd::Command;

fn clausier() -> Command {
    Command::cargo_bin("clausier").unwrap()
}

/// Every file of examples/agency, relative to it.
fn example_files() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency");
    let mut out: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        // Same exclusions as build.rs: rendered output, hidden files, PDFs, ledgers, Typst sources.
        .filter(|p| {
            !p.starts_with("out/")
                && !p.split('/').any(|c| c.starts_with('.'))
                && ![".pdf", ".db", ".sqlite", ".sqlite3", ".typ", ".lock"]
                    .iter()
                    .any(|ext| p.ends_with(ext))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn init_scaffolds_a_workspace_that_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-agency");
    let n = example_files().len();
    clausier()
        .arg("init")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::starts_with(format!(
            "created a workspace in {} ({n} files)\n",
            dir.display()
        )));
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency");
    for rel in example_files() {
        assert_eq!(
            std::fs::read(dir.join(&rel)).unwrap(),
            std::fs::read(example.join(&rel)).unwrap(),
            "{rel}"
        );
    }
    let ws = clausier::workspace::Workspace::load(&dir).unwrap();
    assert_eq!(ws.clients.len(), 3);
    assert!(dir.join("schemas/invoice.schema.json").is_file());
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("clients")).unwrap();
    std::fs::write(dir.join("clausier.yaml"), "# mine\n").unwrap();
    clausier()
        .arg("init")
        .arg(dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "error: {} already exists; `clausier init` never overwrites files\n  hint: choose an empty or new directory, or move the file away\n",
            dir.join("clausier.yaml").display()
        ));
    assert_eq!(
        std::fs::read_to_string(dir.join("clausier.yaml")).unwrap(),
        "# mine\n"
    );
    assert!(!dir.join("clients/sanne-de-vries.yaml").exists());
}
