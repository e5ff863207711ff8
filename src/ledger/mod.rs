//! The invoice register: the only module that opens the SQLite database.
