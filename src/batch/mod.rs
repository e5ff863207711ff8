//! Batch invoicing: plan, allocate, render in parallel, resume after a crash.
