//! The quote life cycle through the CLI, on a copy of the example workspace: a quote is
//! recorded when rendered, sent, accepted (deposit invoice), invoiced (final invoice, the
//! deposit deducted per VAT rate), and every refused move exits 2 without using a number.

mod render_support;

use std::path::{Path, PathBuf};

use clausier::ledger::{DocKind, Ledger, Link, QuoteStatus};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use render_support::{assert_contains_all, clausier, example_copy, ok, pdftotext, run};

/// A copy of examples/agency without any ledger or output of an earlier run.
fn agency() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = example_copy(&tmp.path().join("agency"));
    (tmp, ws)
}

/// The multi-rate quote with a 33 % deposit shared with the other quote tests.
const MULTI: &str = render_support::QUOTE_MULTI_RATE;

/// Runs a command that must be refused as a user error and returns its stderr.
fn refused(ws: &Path, args: &[&str]) -> String {
    let r = run(ws, args);
    assert_eq!(
        r.code, 2,
        "{args:?} should exit 2: {}{}",
        r.stdout, r.stderr
    );
    assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    r.stderr
}

fn write_quote(ws: &Path, name: &str, text: &str) -> String {
    let path = ws.join("quotes").join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// (rate, base, VAT) per rate of a recorded document, highest rate first.
fn per_rate(ledger: &Ledger, number: &str, kind: DocKind) -> Vec<(Decimal, Decimal, Decimal)> {
    let doc = ledger
        .find(number)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap();
    let mut v: Vec<_> = doc.vat.iter().map(|v| (v.rate, v.base, v.vat)).collect();
    v.sort_by_key(|b| std::cmp::Reverse(b.0));
    v
}

fn next_invoice_seq(ws: &Path) -> u32 {
    Ledger::open(ws)
        .unwrap()
        .next_seq(DocKind::Invoice, 2026)
        .unwrap()
}

#[test]
fn a_multi_rate_quote_is_accepted_then_invoiced_and_deposit_plus_final_is_the_quote_to_the_cent() {
    let (_tmp, ws) = agency();
    let file = write_quote(&ws, "multi.yaml", MULTI);

    // Rendering records the quote as a draft; its deposit is the sum of the per-rate
    // deposits: 1416.84 + 297.54 + 70.21 + 8.43 + 18.27 + 1.10 = 1812.39 (33 % of the
    // total 5492.02 would be 1812.37: one rounding per rate, as the deposit invoice does).
    let r = ok(&ws, &["quote", &file]);
    assert!(
        r.stderr.contains("recorded quote Q2026-0101 as a draft"),
        "{}",
        r.stderr
    );
    let quote_pdf = ws.join("out/quote/Q2026-0101.pdf");
    assert_eq!(r.stdout.trim(), quote_pdf.to_string_lossy());
    assert_contains_all(
        &pdftotext(&quote_pdf),
        &["Acompte à la commande (33 %)", "1.812,39 €", "5.492,02 €"],
    );
    let ledger = Ledger::open(&ws).unwrap();
    assert_eq!(
        ledger.quote_status("Q2026-0101").unwrap(),
        (QuoteStatus::Draft, None)
    );
    drop(ledger);
    // `verify` finds the quote in the ledger and recomputes its hash from the record.
    let r = ok(&ws, &["verify", &quote_pdf.to_string_lossy()]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert_eq!(lines[0], "intact: quote Q2026-0101 is exactly as issued");
    assert!(lines[1].starts_with("  content-sha256: "), "{}", r.stdout);
    assert_eq!(
        lines[2],
        "  ledger: quote Q2026-0101 as recorded (draft) gives the same content hash"
    );

    let r = ok(&ws, &["quote", "send", "Q2026-0101", "--on", "2026-11-24"]);
    assert_eq!(r.stdout, "quote Q2026-0101 sent on 2026-11-24\n");

    // Acceptance issues the deposit invoice, numbered by the ledger.
    let r = ok(
        &ws,
        &["quote", "accept", "Q2026-0101", "--on", "2026-11-30"],
    );
    let deposit_pdf = ws.join("out/invoice/2026-00001.pdf");
    assert_eq!(
        r.stdout,
        format!(
            "quote Q2026-0101 accepted on 2026-11-30\n{}\n",
            deposit_pdf.display()
        )
    );
    assert!(
        r.stderr
            .contains("issued deposit invoice 2026-00001 for quote Q2026-0101"),
        "{}",
        r.stderr
    );
    assert_contains_all(
        &pdftotext(&deposit_pdf),
        &[
            "Acompte de 33 % sur le devis Q2026-0101",
            "Acompte de 33 % sur le devis Q2026-0101 accepté le 30 novembre 2026",
            "1.416,84 €",
            "297,54 €",
            "70,21 €",
            "8,43 €",
            "18,27 €",
            "1,10 €",
            "1.812,39 €",
        ],
    );

    // The final invoice: the quote's lines, minus the deposit at each rate.
    let r = ok(
        &ws,
        &["quote", "invoice", "Q2026-0101", "--on", "2026-12-18"],
    );
    let final_pdf = ws.join("out/invoice/2026-00002.pdf");
    assert_eq!(r.stdout, format!("{}\n", final_pdf.display()));
    assert!(
        r.stderr
            .contains("issued final invoice 2026-00002 for quote Q2026-0101"),
        "{}",
        r.stderr
    );
    assert_contains_all(
        &pdftotext(&final_pdf),
        &[
            "Développement de la boutique",
            "Formation de l'équipe",
            "Guide imprimé",
            "Acompte déjà facturé (facture 2026-00001)",
            "-1.416,84 €",
            "TVA de l'acompte déduite : 297,54 €",
            "-70,21 €",
            "TVA de l'acompte déduite : 8,43 €",
            "-18,27 €",
            "TVA de l'acompte déduite : 1,10 €",
            "Facture de solde du devis Q2026-0101 accepté le 30 novembre 2026.",
            // Net per rate: 2876.61 / 604.08 at 21 %, 142.54 / 17.10 at 12 %, 37.08 / 2.22 at 6 %.
            "2.876,61 €",
            "604,08 €",
            "142,54 €",
            "17,10 €",
            "37,08 €",
            "2,22 €",
            "3.679,63 €",
        ],
    );

    let ledger = Ledger::open(&ws).unwrap();
    let quote = per_rate(&ledger, "Q2026-0101", DocKind::Quote);
    let deposit = per_rate(&ledger, "2026-00001", DocKind::Invoice);
    let last = per_rate(&ledger, "2026-00002", DocKind::Invoice);
    assert_eq!(
        quote,
        vec![
            (dec!(21), dec!(4293.45), dec!(901.62)),
            (dec!(12), dec!(212.75), dec!(25.53)),
            (dec!(6), dec!(55.35), dec!(3.32)),
        ]
    );
    assert_eq!(
        deposit,
        vec![
            (dec!(21), dec!(1416.84), dec!(297.54)),
            (dec!(12), dec!(70.21), dec!(8.43)),
            (dec!(6), dec!(18.27), dec!(1.10)),
        ]
    );
    // At 21 % the final VAT is 901.62 − 297.54 = 604.08, where 21 % of the net base
    // 2876.61 would round to 604.09: the deduction copies, it never recomputes.
    assert_eq!(
        last,
        vec![
            (dec!(21), dec!(2876.61), dec!(604.08)),
            (dec!(12), dec!(142.54), dec!(17.10)),
            (dec!(6), dec!(37.08), dec!(2.22)),
        ]
    );
    for ((q, d), f) in quote.iter().zip(&deposit).zip(&last) {
        assert_eq!((q.1, q.2), (d.1 + f.1, d.2 + f.2), "rate {}", q.0);
    }
    let linked = ledger.invoices_of_quote("Q2026-0101").unwrap();
    assert_eq!(linked.len(), 2);
    assert_eq!(
        (linked[0].0, linked[0].1.total_incl),
        (Link::DepositInvoice, dec!(1812.39))
    );
    assert_eq!(
        (linked[1].0, linked[1].1.total_incl),
        (Link::FinalInvoice, dec!(3679.63))
    );
    let quote_total = ledger.find("Q2026-0101").unwrap()[0].total_incl;
    assert_eq!(quote_total, dec!(5492.02));
    assert_eq!(linked[0].1.total_incl + linked[1].1.total_incl, quote_total);
    drop(ledger);

    let show = ok(&ws, &["ledger", "show", "Q2026-0101"]).stdout;
    assert!(
        show.contains(
            "quote status:  accepted on 2026-11-30\ndeposit:       invoice 2026-00001 (1812.39)\nfinal:         invoice 2026-00002 (3679.63)\n"
        ),
        "{show}"
    );

    // Every PDF on disk is the one the register recorded.
    let verify = ok(&ws, &["ledger", "verify"]);
    assert!(verify.stdout.contains("ledger OK"), "{}", verify.stdout);
}

#[test]
fn refused_moves_exit_2_with_a_reason_and_use_no_invoice_number() {
    let (_tmp, ws) = agency();
    let file = write_quote(&ws, "multi.yaml", MULTI);
    ok(&ws, &["quote", &file]);

    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0999", "--on", "2026-11-30"],
    );
    assert!(
        err.contains("error: no quote numbered `Q2026-0999` in the ledger"),
        "{err}"
    );
    let err = refused(
        &ws,
        &["quote", "invoice", "Q2026-0101", "--on", "2026-11-30"],
    );
    assert!(
        err.contains("error: quote Q2026-0101 is draft: only an accepted quote is invoiced"),
        "{err}"
    );
    assert!(
        err.contains("hint: record the client's acceptance first: `clausier quote accept Q2026-0101 --on DATE`"),
        "{err}"
    );
    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0101", "--on", "2026-11-20"],
    );
    assert!(
        err.contains(
            "quote Q2026-0101 cannot be accepted on 2026-11-20: it was issued on 2026-11-23"
        ),
        "{err}"
    );
    let err = refused(&ws, &["quote", "send", "Q2026-0101", "--on", "2026-11-31"]);
    assert!(err.contains("2026-11-31"), "{err}");

    // Past its validity date a quote cannot be accepted; it is recorded as expired.
    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0101", "--on", "2026-12-28"],
    );
    assert!(
        err.contains("error: quote Q2026-0101 expired on 2026-12-24 (valid until 2026-12-23): it cannot be accepted on 2026-12-28; it is now recorded as expired"),
        "{err}"
    );
    assert!(
        err.contains("hint: send the client a new quote with a new validity date"),
        "{err}"
    );
    let ledger = Ledger::open(&ws).unwrap();
    assert_eq!(
        ledger.quote_status("Q2026-0101").unwrap(),
        (
            QuoteStatus::Expired,
            Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 24).unwrap())
        )
    );
    drop(ledger);
    // Even with a date inside the validity, an expired quote stays expired.
    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0101", "--on", "2026-12-01"],
    );
    assert!(
        err.contains("error: quote Q2026-0101 is expired: it cannot become accepted"),
        "{err}"
    );
    let err = refused(
        &ws,
        &["quote", "invoice", "Q2026-0101", "--on", "2026-12-01"],
    );
    assert!(
        err.contains("quote Q2026-0101 is expired: only an accepted quote is invoiced"),
        "{err}"
    );
    assert_eq!(next_invoice_seq(&ws), 1, "a refused move used a number");

    // A declined quote cannot be accepted, sent or invoiced.
    let declined = write_quote(
        &ws,
        "declined.yaml",
        &MULTI.replace("Q2026-0101", "Q2026-0102"),
    );
    ok(&ws, &["quote", &declined]);
    let r = ok(
        &ws,
        &["quote", "decline", "Q2026-0102", "--on", "2026-11-26"],
    );
    assert_eq!(r.stdout, "quote Q2026-0102 declined on 2026-11-26\n");
    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0102", "--on", "2026-11-27"],
    );
    assert!(
        err.contains("error: quote Q2026-0102 is declined: it cannot become accepted\n  hint: send the client a new quote"),
        "{err}"
    );
    let err = refused(&ws, &["quote", "send", "Q2026-0102", "--on", "2026-11-27"]);
    assert!(
        err.contains("quote Q2026-0102 is declined: it cannot become sent"),
        "{err}"
    );
    assert_eq!(next_invoice_seq(&ws), 1, "a refused move used a number");

    // Accepted once: a second acceptance (a second deposit) and a second final
    // invoice are refused, and use no number.
    let good = write_quote(&ws, "good.yaml", &MULTI.replace("Q2026-0101", "Q2026-0103"));
    ok(&ws, &["quote", &good]);
    ok(&ws, &["quote", "send", "Q2026-0103", "--on", "2026-11-25"]);
    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0103", "--on", "2026-11-24"],
    );
    assert!(
        err.contains(
            "quote Q2026-0103 cannot be accepted on 2026-11-24: it became sent on 2026-11-25"
        ),
        "{err}"
    );
    ok(
        &ws,
        &["quote", "accept", "Q2026-0103", "--on", "2026-11-30"],
    );
    assert_eq!(next_invoice_seq(&ws), 2);
    let err = refused(
        &ws,
        &["quote", "accept", "Q2026-0103", "--on", "2026-12-01"],
    );
    assert!(
        err.contains("error: quote Q2026-0103 is accepted: it cannot become accepted\n  hint: it is accepted already; `clausier quote invoice Q2026-0103` issues its final invoice"),
        "{err}"
    );
    let err = refused(
        &ws,
        &["quote", "decline", "Q2026-0103", "--on", "2026-12-01"],
    );
    assert!(
        err.contains("quote Q2026-0103 is accepted: it cannot become declined"),
        "{err}"
    );
    let err = refused(
        &ws,
        &["quote", "invoice", "Q2026-0103", "--on", "2026-11-29"],
    );
    assert!(
        err.contains(
            "quote Q2026-0103 cannot be invoiced on 2026-11-29: it became accepted on 2026-11-30"
        ),
        "{err}"
    );
    ok(
        &ws,
        &["quote", "invoice", "Q2026-0103", "--on", "2026-12-18"],
    );
    assert_eq!(next_invoice_seq(&ws), 3);
    let err = refused(
        &ws,
        &["quote", "invoice", "Q2026-0103", "--on", "2026-12-19"],
    );
    assert!(
        err.contains("error: quote Q2026-0103 already has its final invoice: 2026-00002\n  hint: correct an issued invoice with a credit note, never by invoicing again"),
        "{err}"
    );
    assert_eq!(next_invoice_seq(&ws), 3, "a refused move used a number");
    // The database refuses a second deposit invoice on its own as well.
    let mut ledger = Ledger::open(&ws).unwrap();
    let second = ledger.accept_quote(
        "Q2026-0103",
        chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        None,
        &|_, y, s| format!("{y}-{s:05}"),
    );
    assert!(second.is_err());
    drop(ledger);
    assert_eq!(next_invoice_seq(&ws), 3);

    // Sending a quote after its validity date is refused too, and records it as expired.
    let late = write_quote(&ws, "late.yaml", &MULTI.replace("Q2026-0101", "Q2026-0104"));
    ok(&ws, &["quote", &late]);
    let err = refused(&ws, &["quote", "send", "Q2026-0104", "--on", "2026-12-24"]);
    assert!(
        err.contains("error: quote Q2026-0104 expired on 2026-12-24 (valid until 2026-12-23): it cannot be sent on 2026-12-24; it is now recorded as expired"),
        "{err}"
    );
    let show = ok(&ws, &["ledger", "show", "Q2026-0104"]).stdout;
    assert!(
        show.contains("quote status:  expired on 2026-12-24\n"),
        "{show}"
    );
    ok(&ws, &["ledger", "verify"]);
}

#[test]
fn a_quote_without_deposit_is_invoiced_in_full_with_no_deduction() {
    let (_tmp, ws) = agency();
    // The example's Dutch consumer quote: 850.00 + 20 × 12.50 − 20 % = 1050.00 excl.,
    // VAT 220.50, total 1270.50; no deposit.
    let file = ws.join("quotes/Q2026-0002-de-vries.yaml");
    ok(&ws, &["quote", &file.to_string_lossy()]);
    let r = ok(
        &ws,
        &["quote", "accept", "Q2026-0002", "--on", "2026-11-28"],
    );
    assert_eq!(r.stdout, "quote Q2026-0002 accepted on 2026-11-28\n");
    assert_eq!(next_invoice_seq(&ws), 1, "no deposit, no invoice");
    ok(
        &ws,
        &["quote", "invoice", "Q2026-0002", "--on", "2026-12-10"],
    );
    let text = pdftotext(&ws.join("out/invoice/2026-00001.pdf"));
    assert_contains_all(
        &text,
        &[
            "Blogmodule met categorieën en zoekfunctie",
            "Slotfactuur van offerte Q2026-0002, aanvaard op 28 november 2026.",
            "€ 1.270,50",
        ],
    );
    assert!(!text.contains("voorschot"), "{text}");
    let ledger = Ledger::open(&ws).unwrap();
    assert_eq!(
        per_rate(&ledger, "2026-00001", DocKind::Invoice),
        vec![(dec!(21), dec!(1050.00), dec!(220.50))]
    );
}

#[test]
fn rendering_records_a_quote_once_and_a_second_file_cannot_take_its_number() {
    let (_tmp, ws) = agency();
    let file = write_quote(&ws, "multi.yaml", MULTI);
    let first = ok(&ws, &["quote", &file]);
    let bytes = std::fs::read(ws.join("out/quote/Q2026-0101.pdf")).unwrap();
    // Again: same record, same bytes, nothing recorded.
    let again = ok(&ws, &["quote", &file]);
    assert!(!again.stderr.contains("recorded"), "{}", again.stderr);
    assert_eq!(first.stdout, again.stdout);
    assert!(std::fs::read(ws.join("out/quote/Q2026-0101.pdf")).unwrap() == bytes);

    // Another file with the same number is refused.
    let copy = write_quote(&ws, "copy.yaml", MULTI);
    let err = refused(&ws, &["quote", &copy]);
    assert!(
        err.contains(
            "error: quote number Q2026-0101 is already recorded in the ledger for quotes/multi.yaml"
        ),
        "{err}"
    );

    // A changed file renders the quote as recorded, and says so.
    std::fs::write(&file, MULTI.replace("613.35", "700")).unwrap();
    let changed = ok(&ws, &["quote", &file]);
    assert!(
        changed
            .stderr
            .contains("was recorded as quote Q2026-0101 and has changed since"),
        "{}",
        changed.stderr
    );
    assert!(std::fs::read(ws.join("out/quote/Q2026-0101.pdf")).unwrap() == bytes);

    // A PDF of another quote under the same number (rendered in another workspace) is
    // intact in itself, but not the quote this ledger recorded: exit 1.
    let (_other_tmp, other) = agency();
    let forged = write_quote(&other, "multi.yaml", &MULTI.replace("613.35", "700"));
    ok(&other, &["quote", &forged]);
    let r = run(
        &ws,
        &[
            "verify",
            &other.join("out/quote/Q2026-0101.pdf").to_string_lossy(),
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert_eq!(lines[0], "intact: quote Q2026-0101 is exactly as issued");
    let carried = lines[1].strip_prefix("  content-sha256: ").unwrap();
    let recorded = lines[2]
        .strip_prefix("  ledger: quote Q2026-0101 as recorded (draft) has content-sha256 ")
        .and_then(|l| l.strip_suffix(", not the one this PDF carries"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert_eq!((carried.len(), recorded.len()), (64, 64));
    assert_ne!(carried, recorded);

    // A quote without `number:` takes the next number of the quote series.
    let unnumbered = write_quote(
        &ws,
        "unnumbered.yaml",
        &MULTI.replace("number: Q2026-0101\n", ""),
    );
    let r = ok(&ws, &["quote", &unnumbered]);
    assert!(
        r.stderr.contains("recorded quote Q2026-0102 as a draft"),
        "{}",
        r.stderr
    );
    ok(&ws, &["ledger", "verify"]);
}

#[test]
fn a_deposit_invoice_whose_pdf_failed_is_finished_by_running_accept_again() {
    let (_tmp, ws) = agency();
    let file = write_quote(&ws, "multi.yaml", MULTI);
    ok(&ws, &["quote", &file]);
    // typst missing: the acceptance and the deposit number are recorded, the PDF is not.
    let out = clausier()
        .env("CLAUSIER_TYPST", ws.join("no-such-typst"))
        .arg("--workspace")
        .arg(&ws)
        .args(["quote", "accept", "Q2026-0101", "--on", "2026-11-30"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let verify = run(&ws, &["ledger", "verify"]);
    assert_eq!(verify.code, 1);
    assert!(
        verify
            .stdout
            .contains("error: 2026-00001: allocated but its PDF is not finished"),
        "{}",
        verify.stdout
    );
    // The same command again finishes that invoice, and takes no second number.
    let r = ok(
        &ws,
        &["quote", "accept", "Q2026-0101", "--on", "2026-11-30"],
    );
    assert!(
        r.stderr
            .contains("finishing deposit invoice 2026-00001 of quote Q2026-0101"),
        "{}",
        r.stderr
    );
    assert!(ws.join("out/invoice/2026-00001.pdf").is_file());
    assert_eq!(next_invoice_seq(&ws), 2);
    ok(&ws, &["ledger", "verify"]);
}
