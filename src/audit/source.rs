//! Turning the bytes of a terms file into text: encodings, binary detection, size limit.
//!
//! Terms arrive as UTF-8 (with or without BOM), UTF-16 exported from Word, or
//! Windows-1252 from old Windows tools; decoding never changes line structure, so a
//! line:column in the decoded text is the line:column a user sees in an editor.

use std::borrow::Cow;

/// Default size limit: general terms are a few hundred kilobytes; anything far larger is
/// almost certainly the wrong file and would only make the run slow.
pub const DEFAULT_MAX_SIZE: u64 = 20 * 1024 * 1024;

/// The encoding a file was decoded from, reported so surprises can be diagnosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Plain UTF-8 with no byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little endian with BOM.
    Utf16Le,
    /// UTF-16 big endian with BOM.
    Utf16Be,
    /// Not valid UTF-8: read as Windows-1252 (the usual legacy encoding in Belgium).
    Windows1252,
}

/// Why bytes cannot be audited as text; the CLI turns it into a `UserError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The file has no text at all.
    #[error("the file is empty")]
    Empty,
    /// NUL bytes or many control characters: an image, archive or executable.
    #[error("the file looks binary (not text, .docx, .html or .pdf)")]
    Binary,
    /// Larger than the configured limit.
    #[error("the file is {size} bytes, above the {limit}-byte limit")]
    TooLarge {
        /// Size of the input.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A container format (docx, pdf) that could not be opened.
    #[error("{0}")]
    Unreadable(String),
}

/// Decodes bytes to text, detecting the encoding from the BOM, else UTF-8, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), SourceError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((Cow::Borrowed(s), Encoding::Utf8Bom)),
            Err(_) => Err(SourceError::Binary),
        };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (s, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return Ok((Cow::Owned(strip_bom(s.into_owned())), Encoding::Utf16Le));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (s, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return Ok((Cow::Owned(strip_bom(s.into_owned())), Encoding::Utf16Be));
    }
    if looks_binary(bytes) {
        return Err(SourceError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), Encoding::Utf8)),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((Cow::Owned(s.into_owned()), Encoding::Windows1252))
        }
    }
}

fn strip_bom(s: String) -> String {
    match s.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// A NUL byte, or more than 10 % control characters in the first 8 KiB, means binary.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

/// Checks the size limit before anything is read into memory.
pub fn check_size(size: u64, limit: u64) -> Result<(), SourceError> {
    if size > limit {
        Err(SourceError::TooLarge { size, limit })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_le_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Prix: 12 €".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, "Prix: 12 €");
        assert_eq!(enc, Encoding::Utf16Le);
    }

    #[test]
    fn windows_1252_fallback_reads_accents_and_euro() {
        let (text, enc) = decode(b"R\xe9siliation: 50 \x80").unwrap();
        assert_eq!(text, "Résiliation: 50 €");
        assert_eq!(enc, Encoding::Windows1252);
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00").unwrap_err(),
            SourceError::Binary
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (text, enc) = decode("\u{feff}Article 1".as_bytes()).unwrap();
        assert_eq!(text, "Article 1");
        assert_eq!(enc, Encoding::Utf8Bom);
    }
}
