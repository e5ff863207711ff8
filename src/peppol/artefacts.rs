//! The official validation artefacts, compiled into the binary so that a clean
//! clone (or an installed `clausier`) validates without any download.
//!
//! The files live in `data/peppol/` (see its README for origin, licences and
//! SHA-256). They are written to a private temporary directory per validation
//! run because xmllint and Saxon read them from disk.

use std::io;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/peppol/", $path)).as_slice(),
        )
    };
}

/// Every file the validation chain reads, by path relative to `data/peppol/`.
const FILES: &[(&str, &[u8])] = &[
    embed!("bis-billing-3.0.21/CEN-EN16931-UBL.xslt"),
    embed!("bis-billing-3.0.21/PEPPOL-EN16931-UBL.xslt"),
    embed!("ubl-2.1-xsd/common/CCTS_CCT_SchemaModule-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-CommonAggregateComponents-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-CommonBasicComponents-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-CommonExtensionComponents-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-CommonSignatureComponents-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-CoreComponentParameters-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-ExtensionContentDataType-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-QualifiedDataTypes-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-SignatureAggregateComponents-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-SignatureBasicComponents-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-UnqualifiedDataTypes-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-XAdESv132-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-XAdESv141-2.1.xsd"),
    embed!("ubl-2.1-xsd/common/UBL-xmldsig-core-schema-2.1.xsd"),
    embed!("ubl-2.1-xsd/maindoc/UBL-CreditNote-2.1.xsd"),
    embed!("ubl-2.1-xsd/maindoc/UBL-Invoice-2.1.xsd"),
];

/// Path of the UBL 2.1 Invoice schema, relative to the artefact root.
pub const INVOICE_XSD: &str = "ubl-2.1-xsd/maindoc/UBL-Invoice-2.1.xsd";
/// Path of the UBL 2.1 CreditNote schema, relative to the artefact root.
pub const CREDIT_NOTE_XSD: &str = "ubl-2.1-xsd/maindoc/UBL-CreditNote-2.1.xsd";
/// Compiled CEN EN 16931 UBL rules shipped with Peppol BIS Billing 3.0.21.
pub const CEN_XSLT: &str = "bis-billing-3.0.21/CEN-EN16931-UBL.xslt";
/// Compiled Peppol BIS Billing 3.0.21 rules.
pub const PEPPOL_XSLT: &str = "bis-billing-3.0.21/PEPPOL-EN16931-UBL.xslt";

/// The artefacts written out to a temporary directory, removed on drop so
/// repeated runs leave nothing behind.
pub struct Artefacts {
    dir: tempfile::TempDir,
}

impl Artefacts {
    /// Writes the embedded files under a fresh temporary directory.
    pub fn unpack() -> io::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("clausier-peppol-")
            .tempdir()?;
        for (rel, bytes) in FILES {
            let path = dir.path().join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
        }
        Ok(Artefacts { dir })
    }

    /// Absolute path of one artefact (one of the `*_XSD` / `*_XSLT` constants).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The scratch root, also used for the Saxon input and output folders.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}
