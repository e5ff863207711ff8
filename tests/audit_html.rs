//! `clausier audit --format html`: the page itself (escaping, nesting, `-o`, exit codes) and
//! the page as a lawyer sees it, rendered by a real browser (Debian's headless Chromium,
//! installed by `make setup`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use wait_timeout::ChildExt;

/// French B2B terms with exactly five findings, and markup and quotes that must stay text.
const TERMS: &str = "\
Conditions générales de vente — Atelier <Dupont> & \"Fils\"

Article 1 – Objet
Les présentes conditions s'appliquent exclusivement aux professionnels. <script>document.title='pwned'</script>

Article 2 – Paiement
Les factures sont payables à 90 jours. Tout retard entraîne un intérêt de 2 % par mois.

Article 3 – Responsabilité
Le vendeur n'est en aucun cas responsable des dommages, directs ou indirects.

Article 4 – Modifications
Le vendeur se réserve le droit de modifier à tout moment ses tarifs et de supprimer sans préavis les contenus publiés par le client.
";

/// (code, severity, line:column, highlighted text) of the five findings, in document order.
/// The last two start at the same place: their marks nest.
const EXPECTED: [(&str, &str, &str, &str); 5] = [
    ("PAY004", "warning", "7:30", "90 jours"),
    ("PAY001", "error", "7:75", "2 % par mois"),
    (
        "LIA001",
        "warning",
        "10:12",
        "n'est en aucun cas responsable",
    ),
    (
        "B2B001",
        "warning",
        "13:12",
        "se réserve le droit de modifier",
    ),
    (
        "TOS003",
        "warning",
        "13:12",
        "se réserve le droit de modifier à tout moment ses tarifs et de supprimer sans préavis les contenus",
    ),
];

fn clausier() -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Audits `files` in `dir` to `report.html` with `-o`; returns the page.
fn html_report(dir: &Path, files: &[&str], extra: &[&str], code: i32) -> String {
    let mut args = vec![
        "audit",
        "--date",
        "2025-11-03",
        "--format",
        "html",
        "-o",
        "report.html",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(files);
    clausier()
        .current_dir(dir)
        .args(&args)
        .assert()
        .code(code)
        .stdout("");
    std::fs::read_to_string(dir.join("report.html")).expect("report written")
}

/// One `<mark>` fragment of the page.
#[derive(Debug)]
struct Fragment {
    n: usize,
    id: Option<String>,
    code: String,
    sev: String,
    class: String,
}

/// The marks of `<main>` and the text each finding highlights (fragments joined), read
/// with a small tag walker: the page is ours and well-formed, Chromium's serialisation too.
fn marks(html: &str) -> (Vec<Fragment>, BTreeMap<usize, String>) {
    let open = html.find("<main").expect("<main>");
    let start = open + html[open..].find('>').unwrap() + 1;
    let end = html.find("</main>").expect("</main>");
    let main = &html[start..end];
    let token = regex::Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)").unwrap();
    let attr = |attrs: &str, name: &str| -> Option<String> {
        let re = regex::Regex::new(&format!(r#"\s{name}="([^"]*)""#)).unwrap();
        re.captures(attrs).map(|c| c[1].to_string())
    };
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut fragments = Vec::new();
    let mut texts: BTreeMap<usize, String> = BTreeMap::new();
    for c in token.captures_iter(main) {
        if let Some(text) = c.get(4) {
            let text = decode(text.as_str());
            for n in stack.iter().flatten() {
                texts.entry(*n).or_default().push_str(&text);
            }
            continue;
        }
        let name = c[2].to_ascii_lowercase();
        if &c[1] == "/" {
            let open = stack.pop().expect("balanced tags");
            assert_eq!(open.is_some(), name == "mark", "misnested </{name}>");
            continue;
        }
        if ["input", "br", "img", "meta", "link", "hr", "wbr"].contains(&name.as_str()) {
            continue;
        }
        if name == "mark" {
            let attrs = &c[3];
            let n: usize = attr(attrs, "data-n").expect("data-n").parse().unwrap();
            texts.entry(n).or_default();
            fragments.push(Fragment {
                n,
                id: attr(attrs, "id"),
                code: attr(attrs, "data-code").expect("data-code"),
                sev: attr(attrs, "data-sev").expect("data-sev"),
                class: attr(attrs, "class").expect("class"),
            });
            stack.push(Some(n));
        } else {
            stack.push(None);
        }
    }
    assert!(stack.is_empty(), "unclosed tags in <main>: {stack:?}");
    (fragments, texts)
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The first-fragment marks (one per finding), by number: (n, code, severity, text).
fn highlighted(html: &str) -> Vec<(usize, String, String, String)> {
    let (fragments, texts) = marks(html);
    let mut found: Vec<_> = fragments
        .iter()
        .filter(|f| f.id.is_some())
        .map(|f| {
            assert_eq!(f.id.as_deref(), Some(format!("f-{}", f.n).as_str()));
            assert!(f.class.contains(&format!("sev-{}", f.sev)), "{f:?}");
            (f.n, f.code.clone(), f.sev.clone(), texts[&f.n].clone())
        })
        .collect();
    found.sort();
    found
}

// ---------------------------------------------------------------- browser

/// Debian's `chromium` on PATH; the test fails (never skips) without it.
fn chromium() -> PathBuf {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "Chromium is needed for the HTML report test and is missing: run `make setup` \
                 (installs Debian's `chromium`)"
            )
        })
}

/// Runs headless Chromium on `url` with `args`; returns stdout. A fresh profile each time,
/// no network services, and a generous safety timeout against a hung browser.
fn run_chromium(url: &str, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Process::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let status = child
        .wait_timeout(Duration::from_secs(180))
        .expect("wait for chromium");
    let Some(status) = status else {
        let _ = child.kill();
        panic!("chromium did not finish within 180 s on {url}");
    };
    let out = child.wait_with_output().expect("chromium output");
    assert!(
        status.success(),
        "chromium failed ({status}) on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 DOM")
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// `pdftotext` (poppler-utils, installed by `make setup`) of a PDF, in reading order.
fn pdftotext(pdf: &Path) -> String {
    let out = Process::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: `make setup` installs poppler-utils");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("utf-8 text")
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn chromium_renders_the_report_with_five_highlighted_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cgv.txt", TERMS);
    let page = html_report(dir.path(), &["cgv.txt"], &["--audience", "b2b"], 1);
    let report = dir.path().join("report.html");

    let dom = run_chromium(&file_url(&report), &["--dump-dom".to_string()]);
    // The script ran (the CSP hash let it) and counted the visible findings.
    assert!(
        dom.contains("<html lang=\"fr\" data-ready=\"1\">"),
        "script did not run:\n{dom}"
    );
    assert!(dom.contains("<span id=\"shown\">5</span>"), "{dom}");
    // Five marks in all: the two findings on the same clause nest without splitting.
    assert_eq!(marks(&dom).0.len(), EXPECTED.len());
    let found = highlighted(&dom);
    let expected: Vec<(usize, String, String, String)> = EXPECTED
        .iter()
        .enumerate()
        .map(|(i, (code, sev, _, text))| {
            (i + 1, code.to_string(), sev.to_string(), text.to_string())
        })
        .collect();
    assert_eq!(found, expected);
    // What the browser shows is what the generator wrote.
    assert_eq!(highlighted(&page), expected);
    // The hostile text is text: no script element but ours, no title change.
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(dom.contains("Atelier &lt;Dupont&gt; &amp; \"Fils\""));
    assert!(!dom.contains("<title>pwned"));

    // Filters: `?hide=sev:warning` leaves the errors.
    let filtered = run_chromium(
        &format!("{}?hide=sev:warning", file_url(&report)),
        &["--dump-dom".to_string()],
    );
    let errors = EXPECTED.iter().filter(|e| e.1 == "error").count();
    assert!(
        filtered.contains(&format!("<span id=\"shown\">{errors}</span>")),
        "{filtered}"
    );
    let (fragments, _) = marks(&filtered);
    for f in &fragments {
        assert_eq!(f.class.contains(" off"), f.sev == "warning", "{f:?}");
    }

    // Printed: no filters, the text first, then the cards; every finding still numbered.
    let pdf = dir.path().join("report.pdf");
    run_chromium(
        &file_url(&report),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let text = pdftotext(&pdf);
    assert!(!text.contains("Filtres"), "filters printed:\n{text}");
    assert!(!text.contains("constats affichés"), "{text}");
    let last_clause = text.find("publiés par le client.").expect("terms printed");
    let first_card = text.find("Base légale").expect("cards printed");
    assert!(
        last_clause < first_card,
        "cards not below the text:\n{text}"
    );
    assert_eq!(text.matches("Base légale").count(), EXPECTED.len());

    // A screenshot a person can look at.
    let shot = dir.path().join("report.png");
    run_chromium(
        &file_url(&report),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(png_size(&png), (1280, 1600));
    // A blank or unstyled page compresses to a few KB; the report has colour and text.
    assert!(
        png.len() > 60_000,
        "screenshot too small: {} bytes",
        png.len()
    );
}

// ---------------------------------------------------------------- page, no browser

#[test]
fn the_page_matches_the_json_findings_and_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cgv.txt", TERMS);
    let page = html_report(dir.path(), &["cgv.txt"], &["--audience", "b2b"], 1);
    let json = {
        let out = clausier()
            .current_dir(dir.path())
            .args([
                "audit",
                "--date",
                "2025-11-03",
                "--format",
                "json",
                "--audience",
                "b2b",
                "cgv.txt",
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let v: Value = serde_json::from_slice(&out).unwrap();
        v["files"][0]["findings"].as_array().unwrap().clone()
    };
    let from_json: Vec<(String, String, String, String)> = json
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                format!("{}:{}", f["start"]["line"], f["start"]["column"]),
                f["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String, String)> = EXPECTED
        .iter()
        .map(|(c, s, l, t)| (c.to_string(), s.to_string(), l.to_string(), t.to_string()))
        .collect();
    assert_eq!(from_json, expected);
    for (i, (code, _, at, _)) in EXPECTED.iter().enumerate() {
        let card = format!(
            "id=\"c-{}\" data-n=\"{}\" data-code=\"{code}\"",
            i + 1,
            i + 1
        );
        assert!(page.contains(&card), "missing card {card}");
        assert!(
            page.contains(&format!("ligne {at}")),
            "missing location {at}"
        );
    }
    // No network: nothing loaded from elsewhere, and a CSP that forbids it anyway.
    assert!(page.contains("content=\"default-src 'none'; style-src 'sha256-"));
    for needle in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!page.contains(needle), "page refers to {needle}");
    }
    // French labels for French findings.
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("<h1>Audit des conditions générales</h1>"));
    assert!(page.contains("Base légale"));
}

#[test]
fn hostile_terms_stay_text_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cgv.txt", TERMS);
    let page = html_report(dir.path(), &["cgv.txt"], &["--audience", "b2b"], 1);
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert!(page.contains("Atelier &lt;Dupont&gt; &amp; &quot;Fils&quot;"));
    assert!(!page.contains("<Dupont>"));
}

#[test]
fn several_files_get_one_section_each_and_unique_ids() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", TERMS);
    write(
        dir.path(),
        "b.txt",
        "Algemene voorwaarden\n\nArtikel 1 – Betaling\nFacturen zijn betaalbaar binnen 30 dagen. Bij laattijdige betaling is een interest van 3 % per maand verschuldigd.\n",
    );
    let page = html_report(dir.path(), &["a.txt", "b.txt"], &["--audience", "b2b"], 1);
    assert!(
        page.contains("<section class=\"file\" id=\"file-1\">\n<h2 class=\"fname\">a.txt</h2>")
    );
    assert!(
        page.contains("<section class=\"file\" id=\"file-2\">\n<h2 class=\"fname\">b.txt</h2>")
    );
    let found = highlighted(&page);
    let ns: Vec<usize> = found.iter().map(|f| f.0).collect();
    assert_eq!(ns, (1..=EXPECTED.len() + 1).collect::<Vec<_>>());
    let last = found.last().unwrap();
    assert_eq!(
        (last.1.as_str(), last.3.as_str()),
        ("PAY001", "3 % per maand")
    );
    // Five French findings against one Dutch: French labels.
    assert!(page.contains("<html lang=\"fr\">"));
    // --lang picks the labels.
    let page = html_report(
        dir.path(),
        &["a.txt", "b.txt"],
        &["--audience", "b2b", "--lang", "nl"],
        1,
    );
    assert!(page.contains("<html lang=\"nl\">"));
    assert!(page.contains("Wettelijke grondslag"));
}

#[test]
fn output_file_works_for_every_format_and_keeps_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cgv.txt", TERMS);
    // Findings at error level: exit 1, even when writing a file.
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "--date",
            "2025-11-03",
            "--audience",
            "b2b",
            "--format",
            "json",
        ])
        .args(["--output", "out/audit.json", "cgv.txt"])
        .assert()
        .code(1)
        .stdout("");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/audit.json")).unwrap())
            .unwrap();
    assert_eq!(v["summary"]["findings"], EXPECTED.len());
    // Only warnings fail with --fail-on warning... and a clean file exits 0 with a page.
    write(
        dir.path(),
        "ok.txt",
        "Conditions générales\n\nArticle 1 – Paiement\nLes factures sont payables à 30 jours.\n",
    );
    let page = html_report(dir.path(), &["ok.txt"], &["--audience", "b2b"], 0);
    assert!(page.contains("Aucun constat."));
    assert!(highlighted(&page).is_empty());
    // Default format to a file: the human text.
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "--date",
            "2025-11-03",
            "--audience",
            "b2b",
            "-o",
            "audit.txt",
            "ok.txt",
        ])
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("audit.txt")).unwrap(),
        "0 findings (0 errors, 0 warnings, 0 info) in 1 files; 0 suppressed\n"
    );
}

#[test]
fn unreadable_files_are_listed_in_the_page_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cgv.txt", TERMS);
    let page = html_report(
        dir.path(),
        &["cgv.txt", "missing.txt"],
        &["--audience", "b2b"],
        2,
    );
    assert!(page.contains(
        "<h3>Fichiers non audités</h3><ul><li><code>missing.txt</code>: no such file or directory</li></ul>"
    ));
    assert_eq!(highlighted(&page).len(), EXPECTED.len());
}

#[test]
fn an_unwritable_output_is_an_input_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cgv.txt", TERMS);
    write(dir.path(), "blocker", "a file, not a directory");
    clausier()
        .current_dir(dir.path())
        .args([
            "audit",
            "--format",
            "html",
            "-o",
            "blocker/report.html",
            "cgv.txt",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("blocker/report.html: error: cannot write the report")
                .and(predicate::str::contains("hint:")),
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("blocker")).unwrap(),
        "a file, not a directory"
    );
}

#[test]
fn html_is_listed_in_help() {
    clausier()
        .args(["audit", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("html").and(predicate::str::contains("-o, --output <FILE>")),
        );
}
