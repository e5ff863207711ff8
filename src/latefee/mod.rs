//! Late-payment engine: statutory interest per half-year, flat compensation, consumer caps.
//!
//! Everything a reminder, a formal notice or the late-fee note on an invoice says about
//! money owed for late payment is computed here, so those documents never disagree.

// `crate::error::UserError` (the project-wide input error) is 128 bytes; it is built
// only on the cold error path, so boxing it at every call site would cost clarity for
// no gain.
#![allow(clippy::result_large_err)]

pub mod engine;
pub mod events;
pub mod invoice;
pub mod note;
pub mod notice;
pub mod rates;
pub mod text;

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to the cent, half away from zero, like every other amount in clausier.
pub(crate) fn round_cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}
