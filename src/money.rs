//! Money arithmetic with `rust_decimal`: the one place that decides how amounts are rounded.
