//! Bytes to text: the encoding is taken from a byte-order mark, then the HTTP
//! `Content-Type` charset, then a `<meta>` charset in the first bytes, then detection
//! (chardetng with the `.vn` hint). The text is NFC-normalised, because windows-1258
//! decodes to decomposed tone marks. Pure.

use encoding_rs::Encoding;

use crate::text::nfc;

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Header,
    /// A `<meta>` element.
    Meta,
    /// Guessed from the bytes.
    Detected,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, NFC.
    pub text: String,
    /// The encoding's name ("UTF-8", "windows-1258").
    pub encoding: &'static str,
    /// Where the encoding came from.
    pub source: CharsetSource,
    /// Whether some bytes were invalid in that encoding (replaced by U+FFFD).
    pub had_errors: bool,
}

fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// The charset named by a `<meta charset>` or `<meta http-equiv content>` in the first
/// 4 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    // Candidates start at their first byte: most bytes are not it.
    let find = |hay: &[u8], needle: &[u8]| {
        let first = needle.first()?.to_ascii_lowercase();
        (0..hay.len())
            .filter(|&i| hay[i].to_ascii_lowercase() == first)
            .find(|&i| hay.get(i..i + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)))
    };
    let mut rest = head;
    while let Some(i) = find(rest, b"<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.iter().position(|&b| b == b'>').unwrap_or(rest.len())];
        if let Some(j) = find(tag, b"charset") {
            let value = tag[j + 7..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
            let value = &value[value.iter().take_while(|&&b| b == b'"' || b == b'\'').count()..];
            let end = value
                .iter()
                .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
                .unwrap_or(value.len());
            if let Some(enc) = Encoding::for_label(&value[..end]) {
                return Some(enc);
            }
        }
    }
    None
}

/// Decodes a page body.
///
/// ```
/// use dvcrank::extract::charset::decode;
/// let d = decode("Hà Nội".as_bytes(), Some("text/html; charset=utf-8"));
/// assert_eq!(d.text, "Hà Nội");
/// ```
#[must_use]
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source) = if let Some((enc, _)) = Encoding::for_bom(bytes) {
        (enc, CharsetSource::Bom)
    } else if let Some(enc) = content_type.and_then(charset_param).and_then(|c| Encoding::for_label(c.as_bytes())) {
        (enc, CharsetSource::Header)
    } else if let Some(enc) = meta_charset(bytes) {
        (enc, CharsetSource::Meta)
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        (detector.guess(Some(b"vn"), true), CharsetSource::Detected)
    };
    if encoding == encoding_rs::UTF_8 {
        // Valid UTF-8 is used as it stands, validated once.
        let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        // Checked with SIMD: pages are long and Vietnamese text is dense with multi-byte
        // letters, where the standard check is slowest.
        if let Ok(text) = simdutf8::basic::from_utf8(unmarked) {
            return Decoded { text: nfc(text), encoding: encoding.name(), source, had_errors: false };
        }
    }
    // A page declared UTF-8 that is not valid UTF-8 is more likely a legacy page with a
    // wrong label than a damaged UTF-8 one.
    let (encoding, source) = if encoding == encoding_rs::UTF_8 && source != CharsetSource::Bom {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        (detector.guess(Some(b"vn"), false), CharsetSource::Detected)
    } else {
        (encoding, source)
    };
    let (text, _, had_errors) = encoding.decode(bytes);
    Decoded { text: nfc(&text), encoding: encoding.name(), source, had_errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_meta_and_detection() {
        let utf8 = "<html><head><meta charset=\"utf-8\"></head><body>Bắc Kạn</body></html>";
        let d = decode(utf8.as_bytes(), None);
        assert_eq!((d.source, d.encoding), (CharsetSource::Meta, "UTF-8"));
        let d = decode(utf8.as_bytes(), Some("text/html; charset=UTF-8"));
        assert_eq!(d.source, CharsetSource::Header);
    }

    #[test]
    fn windows_1258_is_composed() {
        // "Việt" in windows-1258: V i ê (0xEA) + combining dot below (0xF2) t.
        let bytes = [b'V', b'i', 0xEA, 0xF2, b't'];
        let d = decode(&bytes, Some("text/html; charset=windows-1258"));
        assert_eq!(d.text, "Việt");
    }

    #[test]
    fn mislabelled_utf8_falls_back_to_detection() {
        let bytes = [b'V', b'i', 0xEA, 0xF2, b't', b' ', b'N', b'a', b'm'];
        let d = decode(&bytes, Some("text/html; charset=utf-8"));
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(!d.text.contains('\u{FFFD}'));
    }
}
