//! The same terms as .txt, .html, .docx and .pdf give the same findings, each with the
//! line and column of its own file (HTML: the original markup line; docx: paragraph;
//! PDF: line of the extracted text).

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/audit_data");

fn txt() -> String {
    std::fs::read_to_string(Path::new(DATA).join("cgv-fr.txt")).unwrap()
}

/// One `<w:p>` per line of the text (blank lines too), like Word saves it.
fn docx_from(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        let esc = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{esc}</w:t></w:r></w:p>"
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// Same line structure as the text: head and title on line 1, one element per line,
/// `&eacute;` in "numéro" on line 4 to check entity-aware columns.
fn html_from(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str("<!DOCTYPE html><html><head><style>p{color:red}</style><script>var t = \"10% par mois\";</script></head><body><h1>");
            out.push_str(line);
            out.push_str("</h1>\n");
        } else if line.is_empty() {
            out.push('\n');
        } else if line.starts_with("Article") {
            out.push_str(&format!("<h2>{line}</h2>\n"));
        } else {
            out.push_str(&format!(
                "<p>{}</p>\n",
                line.replace("numéro", "num&eacute;ro")
            ));
        }
    }
    out.push_str("</body></html>\n");
    out
}

fn findings(path: &Path) -> Vec<(String, String, usize, usize)> {
    let out = Command::cargo_bin("clausier")
        .unwrap()
        .args(["audit", "--format", "json", "--date", "2025-11-03"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["matched"]
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                f["start"]["line"].as_u64().unwrap() as usize,
                f["start"]["column"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

fn position(found: &[(String, String, usize, usize)], code: &str) -> (usize, usize) {
    let f = found
        .iter()
        .find(|f| f.0 == code)
        .unwrap_or_else(|| panic!("no {code} in {found:?}"));
    (f.2, f.3)
}

#[test]
fn docx_html_pdf_and_txt_of_the_same_terms_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let text = txt();
    let docx = dir.path().join("cgv-fr.docx");
    std::fs::write(&docx, docx_from(&text)).unwrap();
    let html = dir.path().join("cgv-fr.html");
    std::fs::write(&html, html_from(&text)).unwrap();

    let from_txt = findings(&Path::new(DATA).join("cgv-fr.txt"));
    let from_docx = findings(&docx);
    let from_html = findings(&html);
    let from_pdf = findings(&Path::new(DATA).join("cgv-fr.pdf"));

    let what = |v: &[(String, String, usize, usize)]| {
        v.iter()
            .map(|f| (f.0.clone(), f.1.clone()))
            .collect::<Vec<_>>()
    };
    assert!(from_txt.len() >= 4, "{from_txt:?}");
    assert_eq!(what(&from_docx), what(&from_txt));
    assert_eq!(what(&from_html), what(&from_txt));
    assert_eq!(what(&from_pdf), what(&from_txt));

    // Plain text and docx: the line and column of the file / paragraph.
    assert_eq!(position(&from_txt, "DOC003"), (4, 41));
    assert_eq!(position(&from_txt, "PAY001"), (7, 72));
    assert_eq!(position(&from_docx, "DOC003"), (4, 41));
    assert_eq!(position(&from_docx, "PAY001"), (7, 72));
    // HTML: same lines, columns shifted by `<p>` and the 8-character `&eacute;`.
    assert_eq!(position(&from_html, "DOC003"), (4, 51));
    assert_eq!(position(&from_html, "PAY001"), (7, 75));
    // PDF: lines of the extracted text (pdftotext drops the blank lines).
    assert_eq!(position(&from_pdf, "DOC003"), (3, 41));
    assert_eq!(position(&from_pdf, "PAY001"), (5, 72));
}

#[test]
fn docx_from_stdin_is_sniffed() {
    let text = txt();
    let out = Command::cargo_bin("clausier")
        .unwrap()
        .args(["audit", "-", "--format", "json", "--date", "2025-11-03"])
        .write_stdin(docx_from(&text))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["format"], "docx");
    assert_eq!(v["files"][0]["file"], "-");
}

#[test]
fn a_corrupt_docx_is_a_clear_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.docx");
    std::fs::write(&p, b"PK\x03\x04 this is not really a zip").unwrap();
    let out = Command::cargo_bin("clausier")
        .unwrap()
        .arg("audit")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.docx: error: cannot read the .docx"),
        "{err}"
    );
}
