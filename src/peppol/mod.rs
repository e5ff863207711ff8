//! Peppol BIS Billing 3.0 UBL mapping and validation with the official artefacts.
//!
//! Since 1 January 2026 invoices between Belgian VAT-registered businesses must
//! be structured e-invoices sent over Peppol; a PDF alone no longer counts. This
//! module validates UBL 2.1 documents with the same three checks an access point
//! runs (UBL XSD, CEN EN 16931 rules, Peppol BIS 3.0.21 rules), and maps the
//! resolved documents to UBL with the very amounts the PDF prints.

pub mod artefacts;
pub mod batch;
mod locate;
pub mod svrl;
pub mod ubl;
pub mod validate;
pub(crate) mod xml;

pub use ubl::{EmbeddedPdf, UblDocument, client_participant, to_ubl, write_ubl};
pub use validate::{Finding, Layer, Report, Severity, Validator, validate_files};
