//! Finding printers: human, JSON, SARIF, GitHub annotations.
