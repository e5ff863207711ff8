//! Belgian specifics: identifiers with check digits, calendars and rate tables.

pub mod calendar;
pub mod ids;
pub mod vat;

pub use ids::{Bic, EnterpriseNumber, Iban, IdError, StructuredCommunication, VatNumber};
