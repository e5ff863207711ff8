//! clausier: Belgian business documents (quotes, invoices, credit notes, notices)
//! generated from a clause library, and an auditor for general terms.
//!
//! The binary in `main.rs` is a thin layer over this library so that tests and
//! other tools can call the same code paths the CLI uses.

pub mod audit;
pub mod batch;
pub mod be;
pub mod check;
pub mod clauses;
pub mod cli;
pub mod commands;
pub mod error;
pub mod latefee;
pub mod ledger;
pub mod model;
pub mod money;
pub mod output;
pub mod peppol;
pub mod process;
pub mod qr;
pub mod render;
pub mod report;
pub mod sign;
pub mod typst;
pub mod workspace;
