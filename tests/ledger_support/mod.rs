//! Shared fixtures of the ledger and batch tests: a small workspace and feeds.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// A workspace with `clients` business clients `c001`, `c002`, … (fr, nl, en in turn).
pub fn workspace(dir: &Path, clients: usize) {
    std::fs::create_dir_all(dir.join("clients")).unwrap();
    std::fs::write(
        dir.join("clausier.yaml"),
        r#"issuer:
  legal_name: Studio Test
  legal_form: SRL
  address: { street: Rue de l'Étuve 52, postcode: "1000", city: Bruxelles, country: BE }
  enterprise_number: 0765.432.146
  vat_number: BE 0765.432.146
  iban: BE83 3630 1234 5615
  bic: BBRUBEBB
  email: billing@studio.example
  phone: +32 2 555 01 23
numbering:
  invoice: "{year}-{seq:05}"
"#,
    )
    .unwrap();
    for i in 1..=clients {
        let lang = ["fr", "nl", "en"][i % 3];
        std::fs::write(
            dir.join(format!("clients/c{i:03}.yaml")),
            format!(
                "id: c{i:03}\nname: Client {i:03}\nkind: b2b\nlanguage: {lang}\n\
                 address: {{ street: Rue {i}, postcode: \"5000\", city: Namur, country: BE }}\n\
                 vat_number: BE 0412.345.614\n"
            ),
        )
        .unwrap();
    }
}

/// One feed row.
pub fn row(client: usize, period: &str, line: usize, rate: u32) -> String {
    format!(
        "c{client:03},{period},Service {line} for {period},{q},{p}.{c:02},{rate}\n",
        q = 1 + line % 3,
        p = 10 + client * 7 % 90,
        c = line * 13 % 100
    )
}

/// Header of a CSV feed.
pub const HEADER: &str = "client,period,description,quantity,unit_price,vat_rate\n";

/// A CSV feed: for each client 1..=clients, `lines(client)` rows for `period`.
pub fn feed(clients: usize, period: &str, lines: impl Fn(usize) -> usize) -> String {
    let mut s = HEADER.to_string();
    for c in 1..=clients {
        for l in 0..lines(c) {
            s.push_str(&row(c, period, l, if l % 2 == 0 { 21 } else { 6 }));
        }
    }
    s
}

/// The clausier binary, run in `dir`.
pub fn clausier(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clausier"));
    cmd.current_dir(dir).env_remove("CLAUSIER_TEST_PAUSE_AT");
    cmd
}

/// Runs `clausier ledger verify` and returns (success, stdout).
pub fn verify(dir: &Path) -> (bool, String) {
    let out = clausier(dir).args(["ledger", "verify"]).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Numbers recorded in the ledger, in order.
pub fn numbers(dir: &Path) -> Vec<String> {
    let out = clausier(dir)
        .args(["ledger", "export", "--csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// PDF files under out/invoice.
pub fn pdfs(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("out/invoice"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".pdf"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// `2026-00001` … `2026-{n}`.
pub fn expected_numbers(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("2026-{i:05}")).collect()
}
