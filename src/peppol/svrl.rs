//! Reads the SVRL reports that the compiled Schematron rules write.
//!
//! Saxon exits 0 even when rules fail, so the verdict comes from here: every
//! `svrl:failed-assert` (and `svrl:successful-report`) becomes a rule hit with its
//! flag; `svrl:fired-rule` elements are counted to prove the rules ran at all.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// One assertion that failed in an SVRL report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    /// Official rule id, e.g. `BR-CO-16` or `PEPPOL-EN16931-R020`.
    pub id: String,
    /// `fatal` or `warning` as written by the rule set.
    pub flag: String,
    /// XPath of the node the rule fired on.
    pub location: String,
    /// Rule text without its `[ID]-` prefix, whitespace collapsed.
    pub message: String,
}

/// What one SVRL file says about one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SvrlReport {
    /// Failed assertions, in document order.
    pub hits: Vec<RuleHit>,
    /// Number of `svrl:fired-rule` elements: 0 means the rules never matched the document.
    pub fired_rules: usize,
}

/// Parses an SVRL document; errors only when the report itself is not XML.
pub fn parse(svrl: &str) -> Result<SvrlReport, quick_xml::Error> {
    let mut reader = Reader::from_str(svrl);
    let mut report = SvrlReport::default();
    let mut current: Option<RuleHit> = None;
    let mut in_text = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.local_name().as_ref(),
                    "failed-assert" | "successful-report"
                ) =>
            {
                let mut hit = RuleHit {
                    id: String::new(),
                    flag: String::new(),
                    location: String::new(),
                    message: String::new(),
                };
                for attr in e.attributes().flatten() {
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match attr.key.local_name().as_ref() {
                        "id" => hit.id = value,
                        "flag" => hit.flag = value,
                        "location" => hit.location = value,
                        _ => {}
                    }
                }
                current = Some(hit);
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "fired-rule" => {
                report.fired_rules += 1;
            }
            Event::Start(e) if e.local_name().as_ref() == "text" && current.is_some() => {
                in_text = true;
            }
            Event::End(e) if e.local_name().as_ref() == "text" => in_text = false,
            Event::Text(t) if in_text => {
                if let Some(hit) = current.as_mut() {
                    hit.message.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text => {
                if let Some(hit) = current.as_mut() {
                    hit.message.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(hit) = current.as_mut() {
                    hit.message.push_str(&resolve_entity(&r));
                }
            }
            Event::End(e)
                if matches!(
                    e.local_name().as_ref(),
                    "failed-assert" | "successful-report"
                ) =>
            {
                if let Some(mut hit) = current.take() {
                    hit.message = clean_message(&hit.message, &hit.id);
                    report.hits.push(hit);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An empty `<svrl:failed-assert/>` never sees an End event.
    if let Some(mut hit) = current.take() {
        hit.message = clean_message(&hit.message, &hit.id);
        report.hits.push(hit);
    }
    Ok(report)
}

/// Expands the five predefined entities and character references.
fn resolve_entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.as_ref() {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{};", other),
    }
}

/// Collapses whitespace and drops the `[RULE-ID]-` prefix the rule sets put on every text.
fn clean_message(raw: &str, id: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let prefix = format!("[{id}]-");
    match collapsed.strip_prefix(&prefix) {
        Some(rest) => rest.trim().to_string(),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_failed_assert_split_over_lines_and_counts_fired_rules() {
        let svrl = r#"<?xml version="1.0"?>
<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
  <svrl:fired-rule context="/"/>
  <svrl:fired-rule context="cac:Party"/>
  <svrl:failed-assert test="cbc:EndpointID"
      id="PEPPOL-EN16931-R020"
      flag="fatal"
      location="/*:Invoice[1]/*:AccountingSupplierParty[1]">
     <svrl:text>[PEPPOL-EN16931-R020]-Seller electronic address
        MUST be provided &amp; valid</svrl:text>
  </svrl:failed-assert>
  <svrl:failed-assert id="UBL-CR-001" flag="warning" location="/*:Invoice[1]">
     <svrl:text>[UBL-CR-001]-A UBL invoice should not include extensions</svrl:text>
  </svrl:failed-assert>
</svrl:schematron-output>"#;
        let report = parse(svrl).unwrap();
        assert_eq!(report.fired_rules, 2);
        assert_eq!(
            report.hits,
            vec![
                RuleHit {
                    id: "PEPPOL-EN16931-R020".into(),
                    flag: "fatal".into(),
                    location: "/*:Invoice[1]/*:AccountingSupplierParty[1]".into(),
                    message: "Seller electronic address MUST be provided & valid".into(),
                },
                RuleHit {
                    id: "UBL-CR-001".into(),
                    flag: "warning".into(),
                    location: "/*:Invoice[1]".into(),
                    message: "A UBL invoice should not include extensions".into(),
                },
            ]
        );
    }
}
