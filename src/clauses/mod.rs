//! The clause library: typed parameters, one body per language, assembly into terms.
