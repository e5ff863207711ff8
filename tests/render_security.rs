//! Hostile input and a hostile environment: user text is printed, never executed; a
//! template cannot read outside its sandbox; a missing, wrong or hanging typst is an
//! error that says what to do, and nothing is written to `out/`.

mod render_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use render_support::*;

const HOSTILE_NAME: &str = r#"#panic("x") $x$ ] @ref <l> \ // /*"#;

fn hostile_workspace(root: &Path) -> std::path::PathBuf {
    let ws = workspace(root);
    std::fs::write(
        ws.join("clients/evil.yaml"),
        format!(
            "id: evil\nname: '{HOSTILE_NAME}'\nkind: b2b\nlanguage: en\naddress: {{street: '= Heading *bold* _it_', postcode: \"1000\", city: '`raw` ~ -- ...'}}\nvat_number: BE0412345614\n"
        ),
    )
    .unwrap();
    document(
        &ws,
        "invoices/evil.yaml",
        "client: evil\nnumber: 2026-00666\nissue_date: 2026-11-02\nsubject: '#set page(fill: red)'\nnotes: \"- not a list\\n+ not an enum\\n= not a heading\"\nlines:\n  - {description: '#read(\"/etc/passwd\")', quantity: 1, unit_price: 10, vat_rate: 21}\n",
    );
    ws
}

#[test]
fn markup_and_code_in_client_data_appear_literally_in_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = hostile_workspace(&tmp.path().join("ws"));
    let pdf = tmp.path().join("evil.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/evil.yaml"))
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            HOSTILE_NAME,
            r#"#read("/etc/passwd")"#,
            "#set page(fill: red)",
            "= Heading *bold* _it_",
            "`raw` ~ -- ...",
            "- not a list",
            "+ not an enum",
            "= not a heading",
        ],
    );
    assert!(
        !text.contains("root:x:0:0"),
        "the passwd file must never be read"
    );
}

#[test]
fn a_workspace_template_override_escapes_interpolated_values() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = hostile_workspace(&tmp.path().join("ws"));
    std::fs::create_dir_all(ws.join("templates")).unwrap();
    std::fs::write(
        ws.join("templates/invoice.typ"),
        "#set text(font: \"Inter\")\nMarkup: {{ d.client.name }}\n\nString: #text({{ d.client.name | typst_str }})\n\nLabel: {{ t.invoice }}\n",
    )
    .unwrap();
    let pdf = tmp.path().join("override.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/evil.yaml"))
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            &format!("Markup: {HOSTILE_NAME}"),
            &format!("String: {HOSTILE_NAME}"),
            "Label: Invoice",
        ],
    );
}

fn assert_sandbox_refuses(template: &str, expected: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/fr.yaml", INVOICE_FR);
    std::fs::create_dir_all(ws.join("templates")).unwrap();
    std::fs::write(ws.join("templates/invoice.typ"), template).unwrap();
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/fr.yaml"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("typst could not compile 2026-00042.typ"),
        "{stderr}"
    );
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        stderr.contains("hint: templates may only read the files clausier puts in the sandbox"),
        "{stderr}"
    );
    assert!(
        !ws.join("out").exists(),
        "nothing may be written to out/ on failure"
    );
}

#[test]
fn a_template_reading_an_absolute_path_finds_only_the_empty_sandbox() {
    assert_sandbox_refuses("#read(\"/etc/passwd\")\n", "file not found");
}

#[test]
fn a_template_climbing_out_of_the_sandbox_is_refused() {
    assert_sandbox_refuses(
        "#read(\"../../../../../../etc/passwd\")\n",
        "would escape the project root",
    );
}

#[test]
fn a_missing_typst_is_reported_with_the_install_command_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let out = clausier()
        .env("CLAUSIER_TYPST", tmp.path().join("no-such-typst"))
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/fr.yaml"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("typst was not found"), "{stderr}");
    assert!(stderr.contains("no-such-typst"), "{stderr}");
    assert!(
        stderr.contains("cargo install typst-cli --locked --version 0.15.1"),
        "{stderr}"
    );
    assert!(!ws.join("out").exists());
}

fn fake_typst(dir: &Path, script: &str) -> std::path::PathBuf {
    let path = dir.join("typst");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_typst_of_another_version_is_refused_with_the_pinned_version() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let typst = fake_typst(tmp.path(), "echo 'typst 0.12.0 (deadbeef)'");
    let out = clausier()
        .env("CLAUSIER_TYPST", &typst)
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/fr.yaml"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is typst 0.12.0, clausier needs typst 0.15.1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cargo install typst-cli --locked --version 0.15.1"),
        "{stderr}"
    );
}

#[test]
fn a_hanging_typst_is_killed_at_the_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let typst = fake_typst(
        tmp.path(),
        "if [ \"$1\" = --version ]; then echo 'typst 0.15.1'; else exec sleep 60; fi",
    );
    let out = clausier()
        .env("CLAUSIER_TYPST", &typst)
        .env("CLAUSIER_TYPST_TIMEOUT", "1")
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/fr.yaml"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("typst did not finish within 1 seconds and was stopped"),
        "{stderr}"
    );
    assert!(!ws.join("out").exists());
}
