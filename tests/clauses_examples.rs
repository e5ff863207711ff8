//! The demo workspace's terms selections build in every language.

use assert_cmd::Command;

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency")
}

#[test]
fn the_agency_terms_build_for_consumers_and_businesses_in_three_languages() {
    let out_dir = tempfile::tempdir().unwrap();
    for (file, audience) in [
        ("terms/terms-b2b.yaml", "b2b"),
        ("terms/terms-b2c.yaml", "b2c"),
    ] {
        let out = Command::cargo_bin("clausier")
            .unwrap()
            .args([
                "terms",
                "build",
                file,
                "--audience",
                audience,
                "--no-pdf",
                "-o",
            ])
            .arg(out_dir.path())
            .current_dir(example())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let fr = std::fs::read_to_string(out_dir.path().join("terms-b2c-fr.md")).unwrap();
    // The provider comes from the workspace's clausier.yaml.
    assert!(
        fr.contains("Studio Clairière SRL, Rue de l'Étuve 52, 1000 Bruxelles – BCE 0765.432.146"),
        "{fr}"
    );
    let en = std::fs::read_to_string(out_dir.path().join("terms-b2b-en.md")).unwrap();
    assert!(
        en.contains("that is 10.5% a year, until paid in full."),
        "{en}"
    );
    assert!(
        en.contains("Invoices are payable within 30 calendar days of receipt"),
        "{en}"
    );
    for lang in ["fr", "nl", "en"] {
        for aud in ["b2b", "b2c"] {
            assert!(
                out_dir
                    .path()
                    .join(format!("terms-{aud}-{lang}.md"))
                    .is_file()
            );
        }
    }
}

#[test]
fn a_scaffolded_workspace_builds_its_terms_out_of_the_box() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("agency");
    let init = Command::cargo_bin("clausier")
        .unwrap()
        .arg("init")
        .arg(&ws)
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert!(ws.join("schemas/terms.schema.json").is_file());
    let out = Command::cargo_bin("clausier")
        .unwrap()
        .args([
            "terms",
            "build",
            "terms/terms-b2c.yaml",
            "--lang",
            "nl",
            "--no-pdf",
        ])
        .current_dir(&ws)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nl = std::fs::read_to_string(ws.join("out/terms/terms-b2c-nl.md")).unwrap();
    assert!(nl.contains("## Artikel 6 – Herroepingsrecht\n"), "{nl}");
}
