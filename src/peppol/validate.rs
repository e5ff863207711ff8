//! The Peppol validation chain an access point runs, as a library call:
//! UBL 2.1 XSD (xmllint), then the CEN EN 16931 rules and the Peppol BIS
//! Billing 3.0.21 rules (compiled Schematron run by Saxon-HE).
//!
//! All three layers must run: the XSD catches structure errors (unknown element,
//! wrong namespace) that make the Schematron rules silently not fire; CEN checks
//! the arithmetic (BR-CO-*); only the Peppol rules require endpoint ids (R020).
//! Saxon is started once per stylesheet for the whole batch (directory mode),
//! because JVM start-up and stylesheet compilation dominate (≈1.5 s each).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::artefacts::{self, Artefacts};
use super::locate::SourceMap;
use super::svrl;
use crate::error::UserError;
use crate::process::{Running, Tool};

/// Which check produced a finding; printed so the user knows which rule book to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// The file is not well-formed XML.
    Xml,
    /// OASIS UBL 2.1 schema.
    Xsd,
    /// CEN EN 16931 business rules (BR-*, UBL-CR-*, UBL-SR-*).
    Cen,
    /// Peppol BIS Billing 3.0.21 rules (PEPPOL-*).
    Peppol,
    /// clausier's own checks the official rules do not make (IBAN check digits);
    /// warnings only: the official rules are the judge.
    Clausier,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layer::Xml => "xml",
            Layer::Xsd => "xsd",
            Layer::Cen => "cen",
            Layer::Peppol => "peppol",
            Layer::Clausier => "clausier",
        })
    }
}

/// Fatal findings reject the document; warnings are reported and do not block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document would be refused by an access point.
    Fatal,
    /// A recommendation of the rule set; the document is still accepted.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Fatal => "fatal",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one document, with the official rule id where there is one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Check that raised it.
    pub layer: Layer,
    /// Blocking or not.
    pub severity: Severity,
    /// Official rule id (`BR-CO-16`, `PEPPOL-EN16931-R020`), or `XSD` / `XML`.
    pub rule: String,
    /// The rule text or the xmllint message.
    pub message: String,
    /// XPath from the SVRL report, when the finding comes from Schematron.
    pub location: Option<String>,
    /// 1-based line in the validated file, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

/// The verdict for one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The file as given by the caller.
    pub path: PathBuf,
    /// Root element: `Invoice`, `CreditNote`, or whatever else was found.
    pub root: Option<String>,
    /// All findings, XSD first, then CEN, then Peppol.
    pub findings: Vec<Finding>,
    /// CEN rules that fired (0 means the rules never saw a UBL document).
    pub cen_rules_fired: usize,
    /// Peppol rules that fired.
    pub peppol_rules_fired: usize,
}

impl Report {
    /// True when no fatal finding was raised: what an access point would accept.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Fatal)
    }

    /// Rule ids of the fatal findings, for tests and summaries.
    pub fn fatal_rules(&self) -> Vec<&str> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Fatal)
            .map(|f| f.rule.as_str())
            .collect()
    }

    /// Number of non-blocking findings.
    pub fn warning_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }
}

/// The external tools of the chain, found once and reused for every batch.
#[derive(Debug, Clone)]
pub struct Validator {
    java: PathBuf,
    saxon_jar: PathBuf,
    xmllint: PathBuf,
}

/// Debian's `libsaxonhe-java` location; override with `CLAUSIER_SAXON_JAR`.
pub const DEFAULT_SAXON_JAR: &str = "/usr/share/java/Saxon-HE.jar";

const INSTALL_HINT: &str = "install the validation tools: `make setup-apt`, or on Debian/Ubuntu \
`sudo apt-get install default-jre-headless libsaxonhe-java libxml2-utils`; on macOS \
`brew install openjdk saxon libxml2` and set CLAUSIER_SAXON_JAR to saxon-he.jar";

impl Validator {
    /// Finds java, the Saxon-HE jar and xmllint, or explains how to install them.
    pub fn detect() -> anyhow::Result<Validator> {
        let java = match std::env::var_os("JAVA_HOME") {
            Some(home) if Path::new(&home).join("bin/java").is_file() => {
                Path::new(&home).join("bin/java")
            }
            _ => PathBuf::from("java"),
        };
        let saxon_jar = std::env::var_os("CLAUSIER_SAXON_JAR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_SAXON_JAR));
        let xmllint = PathBuf::from("xmllint");
        if !Tool::new(&java).arg("-version").runs() {
            return Err(UserError::new(
                "Java is not installed; the official Peppol rules run on Saxon-HE, a Java program",
            )
            .hint(INSTALL_HINT)
            .into());
        }
        if !saxon_jar.is_file() {
            return Err(UserError::new(format!(
                "Saxon-HE is not installed (no {})",
                saxon_jar.display()
            ))
            .hint(INSTALL_HINT)
            .into());
        }
        if !Tool::new(&xmllint).arg("--version").runs() {
            return Err(
                UserError::new("xmllint is not installed; it checks the UBL 2.1 schema")
                    .hint(INSTALL_HINT)
                    .into(),
            );
        }
        Ok(Validator {
            java,
            saxon_jar,
            xmllint,
        })
    }

    /// Validates files on disk; one Saxon run per rule set for the whole batch.
    pub fn validate_files(&self, paths: &[PathBuf]) -> anyhow::Result<Vec<Report>> {
        let mut docs = Vec::with_capacity(paths.len());
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| {
                UserError::new(format!("cannot read the file: {e}"))
                    .file(path)
                    .hint("check the path; `clausier validate` takes UBL XML files")
            })?;
            docs.push((path.clone(), bytes));
        }
        self.validate_documents(&docs)
    }

    /// Validates documents held in memory (e.g. freshly generated UBL); the
    /// names are used in the reports only.
    pub fn validate_documents(&self, docs: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<Vec<Report>> {
        let art = Artefacts::unpack()?;
        let input = art.root().join("in");
        let cen_out = art.root().join("out-cen");
        let peppol_out = art.root().join("out-peppol");
        for dir in [&input, &cen_out, &peppol_out] {
            std::fs::create_dir_all(dir)?;
        }

        // Stage every document, then run xmllint once per schema and chunk.
        let mut maps = Vec::with_capacity(docs.len());
        let mut roots = Vec::with_capacity(docs.len());
        let mut by_schema: [(&str, Vec<usize>); 2] = [
            (artefacts::INVOICE_XSD, Vec::new()),
            (artefacts::CREDIT_NOTE_XSD, Vec::new()),
        ];
        for (idx, (_, bytes)) in docs.iter().enumerate() {
            std::fs::write(input.join(staged_name(idx)), bytes)?;
            let text = String::from_utf8_lossy(bytes);
            maps.push(SourceMap::parse(&text));
            let root = if has_doctype(&text) {
                None
            } else {
                root_element(&text)
            };
            let is_credit_note = root
                .as_ref()
                .is_some_and(|(local, _)| local == "CreditNote");
            by_schema[usize::from(is_credit_note)].1.push(idx);
            roots.push(root);
        }
        let mut xsd_results: Vec<XsdOutcome> = vec![(true, Vec::new()); docs.len()];
        for (xsd, indices) in &by_schema {
            for chunk in indices.chunks(XMLLINT_CHUNK) {
                for (idx, result) in self.run_xsd(&art.path(xsd), &input, chunk)? {
                    xsd_results[idx] = result;
                }
            }
        }

        let mut reports = Vec::with_capacity(docs.len());
        let mut to_schematron = Vec::new();
        for (idx, (_, bytes)) in docs.iter().enumerate() {
            let text = String::from_utf8_lossy(bytes);
            if has_doctype(&text) {
                // UBL has no DTD; refusing it keeps external entities away from Saxon.
                xsd_results[idx].0 = false;
                xsd_results[idx].1.insert(
                    0,
                    Finding {
                        layer: Layer::Xml,
                        severity: Severity::Fatal,
                        rule: "XML".into(),
                        message: "a DOCTYPE declaration is not allowed in a UBL document".into(),
                        location: None,
                        line: None,
                        column: None,
                    },
                );
            } else if xsd_results[idx].0 {
                xsd_results[idx].1.extend(iban_findings(&text));
            }
        }
        for (idx, ((path, _), (root, (well_formed, findings)))) in docs
            .iter()
            .zip(roots.into_iter().zip(xsd_results))
            .enumerate()
        {
            // Outside the two UBL namespaces the rules either do not fire or fire
            // nonsense (line checks on a foreign document): the XSD error says it all.
            let is_ubl = root.as_ref().is_some_and(|(local, ns)| {
                (local == "Invoice" && ns == UBL_INVOICE_NS)
                    || (local == "CreditNote" && ns == UBL_CREDIT_NOTE_NS)
            });
            if well_formed && is_ubl {
                to_schematron.push(idx);
            } else {
                std::fs::remove_file(input.join(staged_name(idx)))?;
            }
            reports.push(Report {
                path: path.clone(),
                root: root.map(|(local, _)| local),
                findings,
                cen_rules_fired: 0,
                peppol_rules_fired: 0,
            });
        }

        if !to_schematron.is_empty() {
            let timeout = Duration::from_secs(120 + to_schematron.len() as u64);
            let cen = self.spawn_saxon(&art.path(artefacts::CEN_XSLT), &input, &cen_out)?;
            let peppol =
                self.spawn_saxon(&art.path(artefacts::PEPPOL_XSLT), &input, &peppol_out)?;
            let cen_err = wait_saxon(cen, timeout)?;
            let peppol_err = wait_saxon(peppol, timeout)?;
            for idx in to_schematron {
                let report = &mut reports[idx];
                let map = maps[idx].as_ref();
                for (layer, out, err) in [
                    (Layer::Cen, &cen_out, &cen_err),
                    (Layer::Peppol, &peppol_out, &peppol_err),
                ] {
                    let svrl_path = out.join(staged_name(idx));
                    let fired = read_svrl(layer, &svrl_path, err, map, &mut report.findings)?;
                    match layer {
                        Layer::Cen => report.cen_rules_fired = fired,
                        _ => report.peppol_rules_fired = fired,
                    }
                }
                let xsd_ok = !report.findings.iter().any(|f| f.layer == Layer::Xsd);
                if xsd_ok && (report.cen_rules_fired == 0 || report.peppol_rules_fired == 0) {
                    report.findings.push(Finding {
                        layer: Layer::Peppol,
                        severity: Severity::Fatal,
                        rule: "NO-RULES-FIRED".into(),
                        message: "the CEN or Peppol rules did not recognise this document, \
                                  so nothing was checked"
                            .into(),
                        location: None,
                        line: None,
                        column: None,
                    });
                }
            }
        }
        Ok(reports)
    }

    /// Runs xmllint on staged documents (names relative to `dir`, so output lines are
    /// short and unambiguous); returns (index, (well-formed, findings)) per document.
    fn run_xsd(
        &self,
        xsd: &Path,
        dir: &Path,
        indices: &[usize],
    ) -> anyhow::Result<Vec<(usize, XsdOutcome)>> {
        if indices.is_empty() {
            return Ok(Vec::new());
        }
        let out = Tool::new(&self.xmllint)
            .current_dir(dir)
            .arg("--noout")
            .arg("--nonet")
            .arg("--schema")
            .arg(xsd)
            .args(indices.iter().map(|&i| staged_name(i)))
            .capture_stdout()
            .capture_stderr()
            .output()?;
        let stderr = out.stderr_text();
        // xmllint: 0 all valid, 1 a file is not well-formed, 3/4 schema-invalid,
        // 5 the schema itself did not compile (a broken install, not the user's file).
        let code = out.status.code();
        if !matches!(code, Some(0 | 1 | 3 | 4)) {
            anyhow::bail!("xmllint failed (exit {code:?}): {}", stderr.trim());
        }
        let mut results = Vec::with_capacity(indices.len());
        for &idx in indices {
            let name = staged_name(idx);
            let prefix = format!("{name}:");
            if stderr.lines().any(|l| l == format!("{name} validates")) {
                results.push((idx, (true, Vec::new())));
                continue;
            }
            // "fails to validate" = well-formed but schema-invalid; no status line at
            // all = the parser gave up (not well-formed).
            let well_formed = stderr
                .lines()
                .any(|l| l == format!("{name} fails to validate"));
            let layer = if well_formed { Layer::Xsd } else { Layer::Xml };
            let mut findings: Vec<Finding> = stderr
                .lines()
                .filter_map(|l| l.strip_prefix(&prefix))
                .map(|rest| {
                    let (line_no, message) = match rest.split_once(':') {
                        Some((n, msg)) => (n.trim().parse::<usize>().ok(), msg.trim()),
                        None => (None, rest.trim()),
                    };
                    Finding {
                        layer,
                        severity: Severity::Fatal,
                        rule: layer.to_string().to_uppercase(),
                        message: tidy_xmllint(message),
                        location: None,
                        line: line_no,
                        column: None,
                    }
                })
                .collect();
            if findings.is_empty() {
                findings.push(Finding {
                    layer,
                    severity: Severity::Fatal,
                    rule: layer.to_string().to_uppercase(),
                    message: "xmllint rejected the file without a message".into(),
                    location: None,
                    line: None,
                    column: None,
                });
            }
            results.push((idx, (well_formed, findings)));
        }
        Ok(results)
    }

    /// Starts Saxon on a whole folder: one JVM and one stylesheet compile for the batch.
    fn spawn_saxon(&self, xslt: &Path, input: &Path, output: &Path) -> anyhow::Result<Running> {
        let running = Tool::new(&self.java)
            // C1 only: the run is short, so start-up beats peak speed (≈1 s saved).
            .arg("-XX:TieredStopAtLevel=1")
            .arg("-cp")
            .arg(&self.saxon_jar)
            .arg("net.sf.saxon.Transform")
            .arg(format!("-s:{}", input.display()))
            .arg(format!("-xsl:{}", xslt.display()))
            .arg(format!("-o:{}", output.display()))
            .capture_stderr()
            .spawn()
            .map_err(|e| UserError::new(format!("cannot start java: {e}")).hint(INSTALL_HINT))?;
        Ok(running)
    }
}

/// Waits for one Saxon run; returns its stderr (non-empty when a document failed).
fn wait_saxon(running: Running, timeout: Duration) -> anyhow::Result<String> {
    let Some(done) = running.wait(timeout)? else {
        anyhow::bail!("Saxon did not finish within {} s", timeout.as_secs());
    };
    let stderr = done.stderr_text();
    if !done.status.success() && stderr.trim().is_empty() {
        anyhow::bail!("Saxon failed ({})", done.status);
    }
    Ok(stderr)
}

/// Adds the hits of one SVRL report to `findings`; returns the number of fired rules.
fn read_svrl(
    layer: Layer,
    svrl_path: &Path,
    saxon_stderr: &str,
    map: Option<&SourceMap>,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<usize> {
    let Ok(text) = std::fs::read_to_string(svrl_path) else {
        findings.push(Finding {
            layer,
            severity: Severity::Fatal,
            rule: "SAXON".into(),
            message: format!(
                "the {layer} rules could not run on this file: {}",
                saxon_stderr.trim()
            ),
            location: None,
            line: None,
            column: None,
        });
        return Ok(0);
    };
    let report = svrl::parse(&text)?;
    for hit in report.hits {
        let pos = map.and_then(|m| m.locate(&hit.location));
        findings.push(Finding {
            layer,
            severity: if hit.flag == "warning" {
                Severity::Warning
            } else {
                Severity::Fatal
            },
            rule: hit.id,
            message: hit.message,
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            location: Some(hit.location),
        });
    }
    Ok(report.fired_rules)
}

/// What xmllint says about one document: well-formed or not, and its errors.
type XsdOutcome = (bool, Vec<Finding>);

/// Documents per xmllint run: keeps the command line far below ARG_MAX.
const XMLLINT_CHUNK: usize = 500;

/// Name of a document inside the Saxon input folder (unique, order-preserving).
fn staged_name(idx: usize) -> String {
    format!("doc-{idx:06}.xml")
}

/// Local name and namespace of the root element, used to pick the Invoice or
/// CreditNote schema and to decide whether the Schematron rules apply at all.
fn root_element(xml: &str) -> Option<(String, String)> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let mut reader = quick_xml::reader::NsReader::from_str(xml);
    loop {
        match reader.read_resolved_event().ok()? {
            (ns, Event::Start(e) | Event::Empty(e)) => {
                let ns = match ns {
                    ResolveResult::Bound(n) => n.as_ref().to_string(),
                    _ => String::new(),
                };
                return Some((e.local_name().as_ref().to_string(), ns));
            }
            (_, Event::Eof) => return None,
            _ => {}
        }
    }
}

/// True when the document declares a DTD (`<!DOCTYPE ...>`).
fn has_doctype(xml: &str) -> bool {
    let mut reader = quick_xml::reader::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::DocType(_)) => return true,
            Ok(quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_))
            | Ok(quick_xml::events::Event::Eof)
            | Err(_) => return false,
            _ => {}
        }
    }
}

/// Warns about a SEPA credit transfer (code 58) whose IBAN fails its check digits:
/// the official rules only require an account to be present, and a mistyped IBAN
/// sends the customer's payment back.
fn iban_findings(xml: &str) -> Vec<Finding> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::reader::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut code = String::new();
    let mut account: Option<(String, usize)> = None;
    let mut findings = Vec::new();
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(_) => break,
        };
        match event {
            Event::Start(e) => path.push(e.local_name().as_ref().to_string()),
            Event::End(_) => {
                if path.last().is_some_and(|p| p == "PaymentMeans") {
                    if let Some((iban, line)) = account.take()
                        && code.trim() == "58"
                        && let Err(err) = crate::be::Iban::parse(&iban)
                    {
                        findings.push(Finding {
                            layer: Layer::Clausier,
                            severity: Severity::Warning,
                            rule: "CLAUSIER-IBAN".into(),
                            message: format!(
                                "{}: a SEPA transfer to this account would bounce",
                                err.message
                            ),
                            location: None,
                            line: Some(line),
                            column: None,
                        });
                    }
                    code.clear();
                }
                path.pop();
            }
            Event::Text(t) => {
                let n = path.len();
                let text = t.xml10_content();
                if n >= 2 && path[n - 1] == "PaymentMeansCode" && path[n - 2] == "PaymentMeans" {
                    code.push_str(&text);
                } else if n >= 3
                    && path[n - 1] == "ID"
                    && path[n - 2] == "PayeeFinancialAccount"
                    && path[n - 3] == "PaymentMeans"
                {
                    let line = xml[..offset.min(xml.len())].matches('\n').count() + 1;
                    account = Some((text.trim().to_string(), line));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    findings
}

/// Namespaces of the two UBL documents Peppol BIS Billing accepts.
const UBL_INVOICE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const UBL_CREDIT_NOTE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

/// Shortens xmllint's messages: drops the `element X: Schemas validity error :` preamble.
fn tidy_xmllint(message: &str) -> String {
    let msg = match message.split_once("Schemas validity error :") {
        Some((_, rest)) => rest.trim(),
        None => message,
    };
    let msg = msg.strip_prefix("parser error :").unwrap_or(msg).trim();
    msg.replace(
        "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}",
        "cbc:",
    )
    .replace(
        "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}",
        "cac:",
    )
    .replace(
        "{urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2}",
        "ext:",
    )
}

/// Convenience for callers that validate once: detect the tools, then validate.
pub fn validate_files(paths: &[PathBuf]) -> anyhow::Result<Vec<Report>> {
    Validator::detect()?.validate_files(paths)
}
