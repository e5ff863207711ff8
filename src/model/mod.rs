//! Parties, lines and documents as loaded from YAML; every type rejects unknown fields.
