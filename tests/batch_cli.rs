//! `clausier batch invoices` as an accountant uses it: validation, skip-invalid,
//! dry run, rerun, and one broken document among many.

mod ledger_support;

use ledger_support::*;

/// `clausier batch invoices feed.csv --date 2026-11-05` in `dir`, plus `extra` flags.
fn batch_on(dir: &std::path::Path, extra: &[&str]) -> std::process::Command {
    let mut cmd = clausier(dir);
    cmd.args(["batch", "invoices", "feed.csv", "--date", "2026-11-05"])
        .args(extra);
    cmd
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_feed_with_three_invalid_rows_among_500_issues_nothing_then_skip_invalid_issues_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 100);
    // 100 clients × 5 lines = 500 rows; rows 42, 250 and 480 are broken.
    let mut rows: Vec<String> = feed(100, "2026-10", |_| 5)
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    rows[41] = "nobody,2026-10,Hosting,1,10,21\n".into();
    rows[249] = "c051,2026-13,Hosting,1,10,21\n".into();
    rows[479] = "c097,2026-11,Hosting,1,10,7\n".into();
    let text = format!("{HEADER}{}", rows.concat());
    std::fs::write(dir.path().join("feed.csv"), &text).unwrap();

    let out = batch_on(dir.path(), &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("feed.csv:43: error: field `client`: row 42: unknown client `nobody`"),
        "{err}"
    );
    assert!(
        err.contains("feed.csv:251: error: field `period`: row 250: `2026-13` is not a period"),
        "{err}"
    );
    assert!(
        err.contains("feed.csv:481: error: field `vat_rate`: row 480: unknown VAT rate 7 %"),
        "{err}"
    );
    assert!(
        err.contains("3 invalid row(s) among 500: nothing was issued"),
        "{err}"
    );
    assert!(numbers(dir.path()).is_empty());
    assert!(pdfs(dir.path()).is_empty());

    let out = batch_on(dir.path(), &["--skip-invalid"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("issued 100 invoice(s) (2026-00001 … 2026-00100)"),
        "{text}"
    );
    assert!(text.contains("skipped 3 invalid row(s)"), "{text}");
    assert_eq!(numbers(dir.path()), expected_numbers(100));
    assert_eq!(pdfs(dir.path()).len(), 100);
    let (ok, report) = verify(dir.path());
    assert!(ok, "{report}");
}

#[test]
fn a_finished_batch_run_again_does_nothing_and_its_pdfs_carry_number_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 3);
    std::fs::write(dir.path().join("feed.csv"), feed(3, "2026-10", |c| c)).unwrap();
    let run = || batch_on(dir.path(), &["--jobs", "2"]).output().unwrap();
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("issued 3 invoice(s) (2026-00001 … 2026-00003)"),
        "{text}"
    );
    assert!(
        text.contains("accounting CSV: out/batches/batch-"),
        "{text}"
    );

    // Client 001 has one line: 1 × 17.00 at 21 % → 17.00 + 3.57 = 20.57.
    let pdf = dir.path().join("out/invoice/2026-00001.pdf");
    let txt = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let txt = String::from_utf8_lossy(&txt.stdout);
    assert!(txt.contains("2026-00001"), "{txt}");
    assert!(txt.contains("Client 001"), "{txt}");
    assert!(txt.contains("20,57"), "{txt}");

    let again = run();
    assert!(again.status.success());
    assert!(
        stdout(&again)
            .contains("already done: 3 invoice(s) (2026-00001 … 2026-00003); nothing to do"),
        "{}",
        stdout(&again)
    );
    assert_eq!(numbers(dir.path()), expected_numbers(3));

    let csv = std::fs::read_to_string(
        dir.path()
            .join("out/batches")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(
        &first[..5],
        &["2026-00001", "invoice", "2026-11-05", "c001", "Client 001"]
    );
}

#[test]
fn dry_run_shows_the_numbers_that_would_be_issued_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 2);
    std::fs::write(dir.path().join("feed.csv"), feed(2, "2026-10", |_| 2)).unwrap();
    let out = batch_on(dir.path(), &["--dry-run"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("would issue 2026-00001"), "{text}");
    assert!(text.contains("would issue 2026-00002"), "{text}");
    assert!(
        text.contains("dry run: 2 invoice(s) would be issued; nothing written"),
        "{text}"
    );
    assert!(!dir.path().join(".clausier").exists());
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_document_whose_template_fails_in_a_bundle_is_reported_by_number_and_the_others_are_delivered()
{
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 6);
    std::fs::write(dir.path().join("feed.csv"), feed(6, "2026-10", |_| 2)).unwrap();
    // A workspace template that typst rejects for one client only.
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let template = "{% include \"partials/base.typ\" %}\n\
        #if d.client.name == \"Client 004\" { panic(\"this template refuses Client 004\") }\n\
        {% include \"partials/header.typ\" %}\n{% include \"partials/parties.typ\" %}\n\
        {% include \"partials/lines.typ\" %}\n{% include \"partials/totals.typ\" %}\n";
    std::fs::write(dir.path().join("templates/invoice.typ"), template).unwrap();
    let run = || batch_on(dir.path(), &["--jobs", "1"]).output().unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error: 2026-00004 (client c004) was not rendered"),
        "{err}"
    );
    assert!(err.contains("this template refuses Client 004"), "{err}");
    assert!(
        err.contains("1 invoice(s) not rendered; their numbers are kept"),
        "{err}"
    );
    let files = pdfs(dir.path());
    assert_eq!(
        files,
        [
            "2026-00001.pdf",
            "2026-00002.pdf",
            "2026-00003.pdf",
            "2026-00005.pdf",
            "2026-00006.pdf"
        ]
    );
    let (ok, report) = verify(dir.path());
    assert!(!ok);
    assert!(
        report.contains("2026-00004: allocated but its PDF is not finished"),
        "{report}"
    );

    // Fixing the template and running the same command finishes the batch, same number.
    std::fs::remove_file(dir.path().join("templates/invoice.typ")).unwrap();
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("finished batch: 6 invoice(s)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(pdfs(dir.path()).len(), 6);
    let (ok, report) = verify(dir.path());
    assert!(ok, "{report}");
}

#[test]
fn without_typst_the_batch_allocates_no_number_and_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 2);
    std::fs::write(dir.path().join("feed.csv"), feed(2, "2026-10", |_| 1)).unwrap();
    let out = batch_on(dir.path(), &[])
        .env("CLAUSIER_TYPST", "/nonexistent/typst")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cargo install typst-cli --locked --version 0.15.1"),
        "{}",
        stderr(&out)
    );
    assert!(numbers(dir.path()).is_empty());
}

#[test]
fn an_invoice_level_rule_is_reported_on_the_row_of_the_offending_line() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 1);
    // An Irish business: reverse charge, so every line must be at 0 %.
    std::fs::write(
        dir.path().join("clients/dublin.yaml"),
        "id: dublin\nname: Harbour Ltd\nkind: b2b\nlanguage: en\n\
         address: { street: 21 Grand Canal Quay, postcode: D02 X285, city: Dublin, country: IE }\n\
         vat_number: IE6388047V\n",
    )
    .unwrap();
    let text = format!(
        "{HEADER}dublin,2026-10,Design,1,100,0\ndublin,2026-10,Hosting,1,10,21\n{}",
        row(1, "2026-10", 0, 21)
    );
    std::fs::write(dir.path().join("feed.csv"), text).unwrap();
    let out = batch_on(dir.path(), &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("feed.csv:3: error: row 2: invoice of `dublin` for 2026-10: line 2 is at 21 % but the document is under reverse charge"),
        "{err}"
    );
    assert!(
        err.contains("1 invalid row(s) among 3: nothing was issued"),
        "{err}"
    );
}

#[test]
fn an_invoice_that_could_not_be_rendered_is_refused_before_any_number_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path(), 2);
    std::fs::write(dir.path().join("feed.csv"), feed(2, "2098-12", |_| 1)).unwrap();
    // The invoice's late-fee note needs the statutory rate of the issue date's
    // half-year: a date the rate table does not cover fails at render time, so the
    // batch must refuse it while checking, not after allocating.
    let out = clausier(dir.path())
        .args(["batch", "invoices", "feed.csv", "--date", "2099-01-05"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("feed.csv:2: error: row 1: invoice of `c001` for 2098-12:"),
        "{err}"
    );
    assert!(err.contains("2099-H1"), "{err}");
    assert!(
        err.contains("2 invalid row(s) among 2: nothing was issued"),
        "{err}"
    );
    assert!(numbers(dir.path()).is_empty());
}
