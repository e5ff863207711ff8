//! An accountant's month: `clausier batch invoices FEED --ubl` writes the Peppol UBL
//! of every business invoice next to its PDF, lists the consumer it cannot send over
//! Peppol, and every UBL passes the official checks (one Saxon run for the batch).

use std::path::{Path, PathBuf};

use clausier::peppol::Validator;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
}

/// Text of the only element with this local name (the tests' UBL is small and flat enough).
fn one(xml: &str, tag: &str) -> String {
    let open = format!("<cbc:{tag} currencyID=\"EUR\">");
    let start = xml.find(&open).unwrap() + open.len();
    let end = start + xml[start..].find('<').unwrap();
    xml[start..end].to_string()
}

#[test]
fn batch_with_ubl_writes_a_valid_e_invoice_per_business_client_and_lists_the_consumer() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("agency");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency"),
        &ws,
    );
    std::fs::write(
        ws.join("feed.csv"),
        "client,period,description,quantity,unit_price,vat_rate\n\
         boulangerie-dupont,2026-10,Maintenance du site,1,49.99,21\n\
         harbour-analytics,2026-10,Support retainer,2,500,0\n\
         sanne-de-vries,2026-10,Hosting,1,10,21\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .current_dir(&ws)
        .args([
            "batch",
            "invoices",
            "feed.csv",
            "--date",
            "2026-11-05",
            "--ubl",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("wrote 2 Peppol UBL file(s) next to the PDFs\n"),
        "{stdout}"
    );
    let consumer_line = stdout
        .lines()
        .find(|l| l.starts_with("  no UBL for "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        consumer_line.ends_with(
            ": client `sanne-de-vries` is a consumer: Peppol e-invoices are for business customers"
        ),
        "{consumer_line}"
    );

    let pdfs = files_with_extension(&ws.join("out"), "pdf");
    let xmls = files_with_extension(&ws.join("out"), "xml");
    assert_eq!(pdfs.len(), 3);
    assert_eq!(xmls.len(), 2);
    for xml in &xmls {
        assert!(
            pdfs.contains(&xml.with_extension("pdf")),
            "{}",
            xml.display()
        );
    }

    let reports = Validator::detect().unwrap().validate_files(&xmls).unwrap();
    for r in &reports {
        assert!(r.is_valid(), "{}: {:#?}", r.path.display(), r.findings);
        assert_eq!(r.findings, vec![], "{}", r.path.display());
    }

    // The amounts of the feed, as money.rs rounds them for the PDF.
    let mut payable: Vec<String> = xmls
        .iter()
        .map(|p| one(&std::fs::read_to_string(p).unwrap(), "PayableAmount"))
        .collect();
    payable.sort();
    assert_eq!(payable, ["1000.00", "60.49"]);
}
