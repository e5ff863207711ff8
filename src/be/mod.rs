//! Belgian specifics: identifiers with check digits, calendars and rate tables.

pub mod calendar;
