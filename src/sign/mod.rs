//! Signed-ready quotes: an unsigned signature field over the acceptance block, metadata
//! that names the quote and its content hash, and `clausier verify` (see [`verify`]).
//!
//! Typst cannot create form fields, so the quote template wraps the signature cell of the
//! acceptance block in a link to [`ANCHOR_URI`]. Typst writes that link as a `/Link`
//! annotation whose `/Rect` is exactly the cell, on whatever page the block landed. Here
//! that annotation becomes the `/FT /Sig` widget, in place: no fixed coordinates to keep
//! in sync with the layout, and the tagged-PDF structure still points at it.
// UserError carries file, line, column and hint by design, like the rest of the crate.
#![allow(clippy::result_large_err)]

pub mod verify;
pub mod withdrawal;

use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

use crate::error::UserError;

/// The link target the quote template puts on the signature cell, replaced here.
pub const ANCHOR_URI: &str = "clausier:signature";

/// Info-dictionary key holding the SHA-256 of the page content streams at issue time.
pub const PAGES_KEY: &str = "ClausierPagesSHA256";

/// Info-dictionary key holding the SHA-256 of the descriptive metadata at issue time.
pub const INFO_KEY: &str = "ClausierInfoSHA256";

/// Info-dictionary key holding the SHA-256 of every issued byte except this value itself
/// (like a signature's /ByteRange): fonts, images and structure are covered too.
pub const FILE_KEY: &str = "ClausierFileSHA256";

/// Prefix of the content hash inside `/Keywords`, read back by `verify`.
pub const KEYWORD_PREFIX: &str = "content-sha256 ";

/// Decompression bound for page contents read from PDFs we did not write.
const MAX_PAGE_BYTES: usize = 64 << 20;

/// The Info entries covered by [`INFO_KEY`]: what a reader sees as the document's identity.
const INFO_FIELDS: [&str; 5] = ["Title", "Author", "Subject", "Keywords", "CreationDate"];

/// The signature field's name, unique per quote so that several quotes merged into one
/// PDF (or one signing service session) keep distinct fields.
pub fn field_name(quote_number: &str) -> String {
    format!("Signature-{quote_number}")
}

/// Where the signature field was placed: what a test or the user checks against.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlacement {
    /// 1-based page number.
    pub page: u32,
    /// `[x1, y1, x2, y2]` in PDF points, origin bottom-left.
    pub rect: [f32; 4],
    /// The field's `/T`.
    pub name: String,
}

/// Turns a freshly compiled quote PDF into a signed-ready one: the acceptance block's
/// anchor becomes an unsigned signature field, and the metadata names the quote, its
/// content hash and digests `verify` compares later. Deterministic: the same input bytes
/// give the same output bytes.
pub fn prepare_quote(
    pdf: &[u8],
    quote_number: &str,
    content_sha256: &str,
) -> Result<Vec<u8>, UserError> {
    let mut doc = Document::load_mem(pdf).map_err(|e| {
        UserError::new(format!("cannot read the PDF typst produced: {e}"))
            .hint("this is a bug in clausier; run again with --emit-typst and report it")
    })?;
    let (page_id, annot_id) = find_anchor(&doc).ok_or_else(|| {
        UserError::new("the quote template has no signature anchor")
            .hint(format!(
                "the acceptance block's signature cell must be wrapped in #link(\"{ANCHOR_URI}\", ...); \
                 compare your templates/partials/acceptance.typ with `clausier templates`"
            ))
    })?;
    let name = field_name(quote_number);
    let pdf_err = |e: lopdf::Error| {
        UserError::new(format!("cannot add the signature field: {e}"))
            .hint("this is a bug in clausier; please report it")
    };
    {
        let annot = doc.get_dictionary_mut(annot_id).map_err(pdf_err)?;
        annot.remove(b"A");
        annot.remove(b"Contents");
        annot.remove(b"Border");
        annot.set("Subtype", Object::Name(b"Widget".to_vec()));
        annot.set("FT", Object::Name(b"Sig".to_vec()));
        annot.set("T", Object::string_literal(name.as_bytes()));
        // Print (4) + Locked (128): the field cannot be moved off the acceptance block.
        annot.set("F", Object::Integer(4 | 128));
        annot.set("P", Object::Reference(page_id));
        annot.set(
            "TU",
            Object::string_literal(format!("Signature {quote_number}").into_bytes()),
        );
    }
    retag_as_form(&mut doc, annot_id);
    // SigFlags 2 (AppendOnly): a signing tool must save incrementally, so the bytes we
    // issued stay a prefix of the signed file and `verify` can prove what was signed.
    let mut acroform = Dictionary::new();
    acroform.set("Fields", Object::Array(vec![Object::Reference(annot_id)]));
    acroform.set("SigFlags", Object::Integer(2));
    doc.catalog_mut()
        .map_err(pdf_err)?
        .set("AcroForm", Object::Dictionary(acroform));

    let info_id = info_id(&doc);
    let pages_digest = pages_sha256(&doc);
    let info = match info_id {
        Some(id) => doc.get_dictionary_mut(id).map_err(pdf_err)?,
        None => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            doc.get_dictionary_mut(id).map_err(pdf_err)?
        }
    };
    info.set("Subject", Object::string_literal(quote_number.as_bytes()));
    info.set(
        "Keywords",
        Object::string_literal(
            format!("clausier; quote {quote_number}; {KEYWORD_PREFIX}{content_sha256}")
                .into_bytes(),
        ),
    );
    let info_digest = info_sha256(info);
    info.set(PAGES_KEY, Object::string_literal(pages_digest.into_bytes()));
    info.set(INFO_KEY, Object::string_literal(info_digest.into_bytes()));
    info.set(FILE_KEY, Object::string_literal(vec![b'0'; 64]));

    add_xmp(&mut doc, quote_number, content_sha256);

    let mut out = Vec::with_capacity(pdf.len() + 1024);
    doc.save_to(&mut out).map_err(|e| {
        UserError::new(format!("cannot write the signed-ready PDF: {e}"))
            .hint("this is a bug in clausier; please report it")
    })?;
    let at = file_digest_offset(&out).ok_or_else(|| {
        UserError::new("cannot seal the signed-ready PDF")
            .hint("this is a bug in clausier; please report it")
    })?;
    let end = verify::issued_end(&out).unwrap_or(out.len());
    let digest = file_sha256(&out[..end], at);
    out[at..at + 64].copy_from_slice(digest.as_bytes());
    Ok(out)
}

/// Offset of the 64 hex digits of [`FILE_KEY`]'s value in the issued bytes.
pub(crate) fn file_digest_offset(bytes: &[u8]) -> Option<usize> {
    let key = format!("/{FILE_KEY}");
    let at = bytes.windows(key.len()).position(|w| w == key.as_bytes())? + key.len();
    let open = at + bytes.get(at..)?.iter().position(|b| *b == b'(')? + 1;
    let digits = bytes.get(open..open + 64)?;
    (bytes.get(open + 64) == Some(&b')') && digits.iter().all(u8::is_ascii_hexdigit))
        .then_some(open)
}

/// SHA-256 (hex) of the bytes around the 64 digits at `at`.
pub(crate) fn file_sha256(bytes: &[u8], at: usize) -> String {
    let mut h = Sha256::new();
    h.update(&bytes[..at]);
    h.update(&bytes[at + 64..]);
    hex::encode(h.finalize())
}

/// Finds the page and annotation of the link typst made for [`ANCHOR_URI`].
fn find_anchor(doc: &Document) -> Option<(ObjectId, ObjectId)> {
    for page_id in doc.get_pages().values() {
        let Ok(page) = doc.get_dictionary(*page_id) else {
            continue;
        };
        let Ok(annots) = page.get_deref(b"Annots", doc).and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let Ok(id) = a.as_reference() else { continue };
            let Ok(annot) = doc.get_dictionary(id) else {
                continue;
            };
            let uri = annot
                .get_deref(b"A", doc)
                .and_then(Object::as_dict)
                .and_then(|action| action.get(b"URI"))
                .and_then(Object::as_str);
            if uri.is_ok_and(|u| u == ANCHOR_URI.as_bytes()) {
                return Some((*page_id, id));
            }
        }
    }
    None
}

/// Typst tags the link as a `/Link` structure element; assistive technology should see a
/// form field instead.
fn retag_as_form(doc: &mut Document, annot_id: ObjectId) {
    let refers_to_annot = |d: &Dictionary| {
        d.get(b"K").and_then(Object::as_array).is_ok_and(|kids| {
            kids.iter().any(|k| {
                k.as_dict()
                    .and_then(|objr| objr.get(b"Obj"))
                    .and_then(Object::as_reference)
                    .is_ok_and(|r| r == annot_id)
            })
        })
    };
    let elems: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            (d.has_type(b"StructElem") && refers_to_annot(d)).then_some(*id)
        })
        .collect();
    for id in elems {
        if let Ok(d) = doc.get_dictionary_mut(id) {
            d.set("S", Object::Name(b"Form".to_vec()));
        }
    }
}

/// The Info dictionary's object id, when the trailer references one.
fn info_id(doc: &Document) -> Option<ObjectId> {
    doc.trailer.get(b"Info").and_then(Object::as_reference).ok()
}

/// SHA-256 (hex) of every page's content streams, in page order: what the reader sees.
pub(crate) fn pages_sha256(doc: &Document) -> String {
    let mut h = Sha256::new();
    for (n, page_id) in doc.get_pages() {
        let content = doc
            .get_page_content_with_limit(page_id, MAX_PAGE_BYTES)
            .unwrap_or_default();
        h.update(format!("page {n} {}\n", content.len()).as_bytes());
        h.update(&content);
    }
    hex::encode(h.finalize())
}

/// SHA-256 (hex) of the descriptive Info entries ([`INFO_FIELDS`]).
pub(crate) fn info_sha256(info: &Dictionary) -> String {
    let mut h = Sha256::new();
    for key in INFO_FIELDS {
        let value = info
            .get(key.as_bytes())
            .and_then(Object::as_str)
            .unwrap_or(b"");
        h.update(format!("{key} {}\n", value.len()).as_bytes());
        h.update(value);
    }
    hex::encode(h.finalize())
}

/// Reads back where the signature field is: page number, rectangle and name. `None` when
/// the PDF has no `/FT /Sig` widget.
pub fn find_signature_field(pdf: &[u8]) -> Option<FieldPlacement> {
    let doc = Document::load_mem(pdf).ok()?;
    for (n, page_id) in doc.get_pages() {
        let Ok(annots) = doc
            .get_dictionary(page_id)
            .and_then(|p| p.get_deref(b"Annots", &doc))
            .and_then(Object::as_array)
        else {
            continue;
        };
        for a in annots {
            let Ok(annot) = a.as_reference().and_then(|id| doc.get_dictionary(id)) else {
                continue;
            };
            let is_sig = annot
                .get(b"FT")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Sig");
            if !is_sig {
                continue;
            }
            let rect = annot.get(b"Rect").and_then(Object::as_array).ok()?;
            let mut r = [0f32; 4];
            for (slot, v) in r.iter_mut().zip(rect) {
                *slot = v.as_float().ok()?;
            }
            let name = annot
                .get(b"T")
                .and_then(Object::as_str)
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default();
            return Some(FieldPlacement {
                page: n,
                rect: r,
                name,
            });
        }
    }
    None
}

/// The quote's content hash as printed in its footer: the terms file is read again so the
/// hash covers the exact terms the client agrees to.
pub fn content_sha256(q: &crate::model::ResolvedQuote) -> Result<String, UserError> {
    let terms = match q.terms.as_deref() {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                UserError::new(format!("cannot read the quote's terms: {e}"))
                    .file(path)
                    .hint("`terms:` names a file relative to the workspace root")
            })?;
            Some(hex::encode(Sha256::digest(&bytes)))
        }
        None => None,
    };
    Ok(crate::render::view::quote_content_sha256(
        q,
        terms.as_deref(),
    ))
}

/// Viewers that read the XMP packet rather than the Info dictionary (Acrobat does when
/// both exist) must show the same subject and keywords.
fn add_xmp(doc: &mut Document, quote_number: &str, content_sha256: &str) {
    let Some(id) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| m.as_reference().ok())
    else {
        return;
    };
    let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
        return;
    };
    if stream.dict.has(b"Filter") {
        return;
    }
    let xml = String::from_utf8_lossy(&stream.content).into_owned();
    let close = "</rdf:Description>";
    let Some(at) = xml.find(close) else { return };
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let extra = format!(
        "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\
         <pdf:Keywords>clausier; quote {}; {KEYWORD_PREFIX}{}</pdf:Keywords>",
        esc(quote_number),
        esc(quote_number),
        esc(content_sha256)
    );
    let mut updated = xml;
    updated.insert_str(at, &extra);
    stream.set_content(updated.into_bytes());
}
