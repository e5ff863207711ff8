//! Bytes → reader (chosen by the first byte) → segmentation → rules → findings → human
//! printer: must never panic.
#![no_main]

use std::sync::LazyLock;

use clausier::audit::audience::AudienceChoice;
use clausier::audit::readers::{self, Format};
use clausier::audit::rules::RuleSet;
use clausier::audit::{AuditOptions, Auditor};
use libfuzzer_sys::fuzz_target;

static AUDITOR: LazyLock<Auditor> =
    LazyLock::new(|| Auditor::new(RuleSet::builtin().expect("built-in rules load")));

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    // PDF is left out: it spawns pdftotext, which is not what is being fuzzed.
    let format = match selector % 4 {
        0 => Format::Txt,
        1 => Format::Md,
        2 => Format::Html,
        _ => Format::Docx,
    };
    let opts = AuditOptions {
        audience: AudienceChoice::Auto,
        date: chrono::NaiveDate::from_ymd_opt(2025, 11, 3).expect("valid date"),
        lang: None,
        ignore: Vec::new(),
    };
    if let Ok(extracted) = readers::read(bytes, format) {
        let report = AUDITOR.audit("fuzz", extracted, &opts);
        let _ = clausier::report::human::render(&report);
    }
});
