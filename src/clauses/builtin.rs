//! The built-in library, embedded so `clausier` works without a checkout.
//! A test checks that every file of `clauses/` is listed here.

/// (file name, YAML text) of every built-in clause.
pub const BUILTIN: &[(&str, &str)] = &[
    ("applicable-law.yaml", include_str!("../../clauses/applicable-law.yaml")),
    ("complaints.yaml", include_str!("../../clauses/complaints.yaml")),
    ("jurisdiction-b2b.yaml", include_str!("../../clauses/jurisdiction-b2b.yaml")),
    ("jurisdiction-b2c.yaml", include_str!("../../clauses/jurisdiction-b2c.yaml")),
    ("late-payment-b2b.yaml", include_str!("../../clauses/late-payment-b2b.yaml")),
    ("late-payment-b2c.yaml", include_str!("../../clauses/late-payment-b2c.yaml")),
    ("legal-guarantee-b2c.yaml", include_str!("../../clauses/legal-guarantee-b2c.yaml")),
    ("liability-b2b.yaml", include_str!("../../clauses/liability-b2b.yaml")),
    ("liability-b2c.yaml", include_str!("../../clauses/liability-b2c.yaml")),
    ("mediation-b2c.yaml", include_str!("../../clauses/mediation-b2c.yaml")),
    ("order-acceptance.yaml", include_str!("../../clauses/order-acceptance.yaml")),
    ("payment-b2b.yaml", include_str!("../../clauses/payment-b2b.yaml")),
    ("payment-b2c.yaml", include_str!("../../clauses/payment-b2c.yaml")),
    ("prices-b2b.yaml", include_str!("../../clauses/prices-b2b.yaml")),
    ("prices-b2c.yaml", include_str!("../../clauses/prices-b2c.yaml")),
    ("scope-definitions.yaml", include_str!("../../clauses/scope-definitions.yaml")),
    ("withdrawal-b2c.yaml", include_str!("../../clauses/withdrawal-b2c.yaml")),
];
