//! tera environment that turns documents into Typst source with every value escaped.
