//! Peppol BIS Billing 3.0 UBL mapping and validation with the official artefacts.
