//! `clausier ledger list|show|export|verify` on a register filled by a small batch.

mod ledger_support;

use ledger_support::*;

#[test]
fn the_accountant_lists_shows_exports_and_verifies_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    workspace(d, 2);
    // Client 002: 1 × 24.00 at 21 % and 2 × 24.13 at 6 % → 24.00 + 48.26 = 72.26 excl.
    std::fs::write(d.join("feed.csv"), feed(2, "2026-10", |c| c)).unwrap();
    let out = clausier(d)
        .args(["batch", "invoices", "feed.csv", "--date", "2026-11-05"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let run = |args: &[&str]| clausier(d).args(args).output().unwrap();
    let list = String::from_utf8(run(&["ledger", "list"]).stdout).unwrap();
    assert!(list.contains("2026-00002"), "{list}");
    assert!(list.ends_with("2 document(s)\n"), "{list}");

    let show = String::from_utf8(run(&["ledger", "show", "2026-00002"]).stdout).unwrap();
    assert!(show.contains("client:        Client 002 (c002)"), "{show}");
    assert!(
        show.contains("VAT   6 %:     base        48.26  VAT       2.90"),
        "{show}"
    );
    assert!(
        show.contains("VAT  21 %:     base        24.00  VAT       5.04"),
        "{show}"
    );
    assert!(show.contains("total incl.:   80.20"), "{show}");
    assert!(show.contains("state:         done"), "{show}");

    let missing = run(&["ledger", "show", "2026-09999"]);
    assert_eq!(missing.status.code(), Some(2));

    assert!(
        run(&["ledger", "export", "--csv", "-o", "register.csv"])
            .status
            .success()
    );
    let csv = std::fs::read_to_string(d.join("register.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "number,kind,issue_date,client_id,client_name,base_6,vat_6,base_21,vat_21,total_excl,total_vat,total_incl,state,pdf,pdf_sha256"
    );
    assert!(lines.nth(1).unwrap().starts_with(
        "2026-00002,invoice,2026-11-05,c002,Client 002,48.26,2.90,24.00,5.04,72.26,7.94,80.20,done,out/invoice/2026-00002.pdf,"
    ));

    let ok = run(&["ledger", "verify"]);
    assert!(ok.status.success());
    // One byte changed in an issued PDF is caught.
    let pdf = d.join("out/invoice/2026-00001.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 1;
    std::fs::write(&pdf, bytes).unwrap();
    let bad = run(&["ledger", "verify"]);
    assert_eq!(bad.status.code(), Some(1));
    let text = String::from_utf8(bad.stdout).unwrap();
    assert!(
        text.contains("error: 2026-00001: out/invoice/2026-00001.pdf is not the issued PDF"),
        "{text}"
    );
    assert!(text.contains("ledger NOT OK: 1 problem(s)"), "{text}");
}
