//! Text normalisation shared by matching and drawing: NFC, diacritic folding,
//! whitespace, and "did you mean" suggestions. Pure: no I/O.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The NFC form of `s`. Every string is normalised before it is matched or drawn:
/// windows-1258 pages decode to decomposed tone marks, and plotters draws NFD marks
/// as loose glyphs.
///
/// ```
/// assert_eq!(dvcrank::text::nfc("Ha\u{300} N\u{1ED9}i"), "Hà Nội");
/// ```
#[must_use]
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        return s.to_string();
    }
    s.nfc().collect()
}

/// [`nfc`] of a string already owned: kept as it is when it is NFC, the common case.
#[must_use]
pub fn nfc_owned(s: String) -> String {
    if is_nfc(&s) {
        return s;
    }
    s.nfc().collect()
}

/// Whether `s` is NFC: most text arrives composed already, so a range check, then the
/// quick check, before any rewrite.
fn is_nfc(s: &str) -> bool {
    all_composed_as_is(s) || unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Whether every letter of `s` is [`composed_as_is`], reading bytes: letters below
/// U+0300 (ASCII, Latin-1, Latin Extended; lead bytes below 0xCC) are skipped eight bytes
/// at a time, and the precomposed letters with tone marks are told by their first bytes.
fn all_composed_as_is(s: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let x = u64::from_ne_bytes(word);
            // A byte is 0xCC or more when its top bit is set and its low seven bits plus
            // 0x34 reach the top bit (no carry crosses bytes: 0x7F + 0x34 < 0x100).
            if ((x & !HIGH) + 0x3434_3434_3434_3434) & x & HIGH == 0 {
                i += 8;
                continue;
            }
        }
        i += match b {
            // ASCII, continuation bytes, lead bytes of U+0080..U+02FF.
            0..=0xCB => 1,
            // U+1EA0..U+1EF9, the precomposed letters with tone marks.
            0xE1 if matches!(bytes.get(i + 1..i + 3), Some([0xBA, 0xA0..=0xBF] | [0xBB, 0x80..=0xB9])) => 3,
            _ => match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if composed_as_is(c) => c.len_utf8(),
                _ => return false,
            },
        };
    }
    true
}

/// Letters that are NFC whatever follows them, found without the normalisation tables:
/// everything below the combining marks (ASCII, Latin-1, Latin Extended), the precomposed
/// Vietnamese letters, and punctuation such as dashes and quotes.
fn composed_as_is(c: char) -> bool {
    matches!(u32::from(c), 0..=0x2FF | 0x1EA0..=0x1EF9 | 0x2010..=0x205F)
}

/// Lower case without diacritics (`đ` becomes `d`), for matching names typed with or
/// without accents.
///
/// ```
/// assert_eq!(dvcrank::text::fold("Bắc Kạn"), "bac kan");
/// assert_eq!(dvcrank::text::fold("ĐỒNG THÁP"), "dong thap");
/// ```
#[must_use]
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name made safe for a file name: folded to ASCII, words joined by `-`, nothing
/// else kept (no `/`, `..` or control characters from page text), at most 80 bytes.
///
/// ```
/// assert_eq!(dvcrank::text::file_words("Bắc Kạn → Thái Nguyên"), "bac-kan-thai-nguyen");
/// assert_eq!(dvcrank::text::file_words("../../etc/passwd"), "etc-passwd");
/// ```
#[must_use]
pub fn file_words(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if out.len() + word.len() + 1 > 80 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// Collapses runs of whitespace (including non-breaking spaces) to one space and trims.
#[must_use]
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_words(&mut out, s);
    out
}

/// Appends the words of `s` to `out`, one space before each unless `out` is empty: text
/// in pieces (an element's text nodes) squashed as one.
pub fn push_words(out: &mut String, s: &str) {
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The candidates closest to `input` (folded, by normalised Levenshtein distance),
/// best first, at most `limit`.
#[must_use]
pub fn closest<'a>(input: &str, candidates: &[&'a str], limit: usize) -> Vec<&'a str> {
    let folded = fold(input);
    let mut scored: Vec<(f64, &str)> = candidates
        .iter()
        .map(|c| {
            let fc = fold(c);
            let mut score = strsim::normalized_levenshtein(&folded, &fc);
            if !folded.is_empty() && (fc.contains(&folded) || folded.contains(&fc)) {
                score = score.max(0.75);
            }
            (score, *c)
        })
        .filter(|(score, _)| *score >= 0.4)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// The message for an unknown choice: what was given, the closest valid ones, and
/// where to see them all.
#[must_use]
pub fn unknown_choice(what: &str, input: &str, choices: &[&str]) -> String {
    let near = closest(input, choices, 3);
    if near.is_empty() {
        format!("unknown {what} `{input}`; valid values: {}", choices.join(", "))
    } else {
        format!(
            "unknown {what} `{input}`; did you mean {}?",
            near.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_every_vietnamese_mark() {
        assert_eq!(fold("Thừa Thiên Huế"), "thua thien hue");
        assert_eq!(fold("Bà Rịa – Vũng Tàu"), "ba ria – vung tau");
        assert_eq!(fold("Hồ Chí Minh"), "ho chi minh");
    }

    #[test]
    fn the_fast_ranges_hold_only_letters_nfc_leaves_as_they_are() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x2FF_u32).chain(0x1EA0..=0x1EF9).chain(0x2010..=0x205F).filter_map(char::from_u32) {
            assert!(composed_as_is(c));
            let quick = unicode_normalization::is_nfc_quick(std::iter::once(c));
            assert!(quick == unicode_normalization::IsNormalized::Yes && canonical_combining_class(c) == 0, "{c:?}");
        }
        assert!(!composed_as_is('\u{0300}') && !composed_as_is('\u{2000}'));
        assert!(all_composed_as_is("Hà Nội – “Huế” ȳ"));
        for c in (0x1E00..=0x1FFF_u32).chain(0x2000..=0x20FF).filter_map(char::from_u32) {
            assert_eq!(all_composed_as_is(&format!("{c}abcdefghij")), composed_as_is(c), "{c:?}");
        }
        assert!(!all_composed_as_is("Ha\u{300}") && !all_composed_as_is("a\u{2000}"));
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_agrees_with_each_letter(s in "[a-zA-Z0-9 .,àâăđêôơưạếờữ\u{300}\u{301}\u{323}\u{2013}\u{2000}\u{a0}\u{1ec7}]{0,40}") {
            proptest::prop_assert_eq!(all_composed_as_is(&s), s.chars().all(composed_as_is));
        }
    }

    #[test]
    fn nfc_composes_decomposed_tones() {
        let decomposed = "Vi\u{0065}\u{0302}\u{0323}t";
        assert_eq!(nfc(decomposed), "Việt");
    }

    #[test]
    fn closest_suggests_near_names() {
        let names = ["Bắc Kạn", "Bắc Giang", "Bắc Ninh", "Cà Mau"];
        assert_eq!(closest("bac kan", &names, 1), vec!["Bắc Kạn"]);
        assert!(closest("zzzzzz", &names, 3).is_empty());
        assert!(unknown_choice("province", "Bac Kan", &names).contains("Bắc Kạn"));
    }

    #[test]
    fn squash_spaces_handles_nbsp() {
        assert_eq!(squash_spaces("  a\u{a0}\u{a0}b \n c "), "a b c");
    }
}
