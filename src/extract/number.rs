//! Vietnamese-formatted numbers: `72.165` is 72165, `79,75` is 79.75, `04` is 4,
//! `61,3 ngàn` is 61300, `3,5 triệu` is 3500000. Pure.

use std::borrow::Cow;

use regex::Regex;

/// A number found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberToken {
    /// Byte offset of the first digit.
    pub start: usize,
    /// Byte offset just past the number, its `%` and its scale word if any.
    pub end: usize,
    /// The value, scaled.
    pub value: f64,
    /// Followed by `%`.
    pub percent: bool,
    /// `a/b`: the denominator (`75,35/100`, `17/63`).
    pub denominator: Option<f64>,
    /// Digits after the decimal separator, as written (for formatting back).
    pub decimals: usize,
}

/// Regexes in this crate are constants checked by tests; a failure to compile one is a
/// programming error caught before release.
#[allow(clippy::panic)]
pub(crate) fn unreachable_regex() -> Regex {
    panic!("built-in regex failed to compile")
}

/// Parses one Vietnamese-formatted number (no `%`, no scale word).
///
/// ```
/// use dvcrank::extract::number::parse_number;
/// assert_eq!(parse_number("72.165"), Some(72165.0));
/// assert_eq!(parse_number("79,75"), Some(79.75));
/// assert_eq!(parse_number("04"), Some(4.0));
/// assert_eq!(parse_number("1.234.567,5"), Some(1234567.5));
/// assert_eq!(parse_number("13.2"), Some(13.2));
/// assert_eq!(parse_number("abc"), None);
/// ```
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    parse_with_decimals(text).map(|(v, _)| v)
}

/// Parses a number and tells how many decimals it was written with.
fn parse_with_decimals(text: &str) -> Option<(f64, usize)> {
    // A stray space ("12. 345") is dropped; it is rare, so the common case borrows.
    let t: Cow<'_, [u8]> = if text.contains(' ') {
        Cow::Owned(text.bytes().filter(|&b| b != b' ').collect())
    } else {
        Cow::Borrowed(text.as_bytes())
    };
    if t.is_empty() || !t.iter().all(|&b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    let dots = t.iter().filter(|&&b| b == b'.').count();
    // The integer part (thousands dots are skipped when reading it) and the fraction.
    let (int, frac): (&[u8], &[u8]) = if let Some(comma) = t.iter().position(|&b| b == b',') {
        // A comma is always the decimal separator; dots before it group thousands.
        let frac = &t[comma + 1..];
        if frac.iter().any(|&b| b == b',' || b == b'.') {
            return None;
        }
        (&t[..comma], frac)
    } else if dots == 1 {
        let dot = t.iter().position(|&b| b == b'.')?;
        // One dot followed by exactly three digits groups thousands (72.165); otherwise
        // it is a decimal point, as in index scores written the English way (13.2).
        if t.len() - dot - 1 == 3 {
            (&t[..], &[])
        } else {
            (&t[..dot], &t[dot + 1..])
        }
    } else {
        // Several dots: thousands groups, each of three digits.
        let mut groups = t.split(|&b| b == b'.');
        let first = groups.next()?;
        if dots > 0 && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3)) {
            return None;
        }
        (&t[..], &[])
    };
    let decimal = t.len() > int.len();
    if decimal && (frac.is_empty() || !int.iter().any(u8::is_ascii_digit)) {
        return None;
    }
    Some((decimal_value(int, frac), frac.len()))
}

/// `int` (its dots skipped) and `frac` as one decimal number, rounded as `str::parse` rounds.
fn decimal_value(int: &[u8], frac: &[u8]) -> f64 {
    // Powers of ten a double holds exactly.
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];
    let digits = int.iter().chain(frac).filter(|b| b.is_ascii_digit());
    let mantissa = digits.clone().try_fold(0u64, |m, &d| m.checked_mul(10)?.checked_add(u64::from(d - b'0')));
    match (mantissa, POW10.get(frac.len())) {
        // Both exact, so the one division is correctly rounded, as parsing would be.
        #[allow(clippy::cast_precision_loss)]
        (Some(m), Some(&scale)) if m < 1 << 53 => m as f64 / scale,
        _ => {
            let int: String = int.iter().filter(|b| b.is_ascii_digit()).map(|&b| char::from(b)).collect();
            let frac: String = frac.iter().map(|&b| char::from(b)).collect();
            format!("{int}.{frac}0").parse().unwrap_or(f64::NAN)
        }
    }
}

fn scale_of(word: &str) -> f64 {
    match word.trim_matches(|c: char| !c.is_alphabetic()) {
        "ngàn" | "nghìn" => 1e3,
        "triệu" => 1e6,
        "tỷ" => 1e9,
        _ => 1.0,
    }
}

/// Every number in `text`, left to right.
///
/// ```
/// use dvcrank::extract::number::find_numbers;
/// let found = find_numbers("tiếp nhận 61,3 ngàn hồ sơ (chiếm 79,75%), đạt 75,35/100 điểm");
/// assert_eq!(found[0].value, 61300.0);
/// assert!(found[1].percent && found[1].value == 79.75);
/// assert_eq!(found[2].denominator, Some(100.0));
/// // A space between thousands in prose; columns of a flattened table stay apart.
/// assert_eq!(find_numbers("trễ hạn là 1 234 hồ sơ")[0].value, 1234.0);
/// assert_eq!(find_numbers("Mức 4 1665 1611 54 952 59,1%").len(), 6);
/// ```
#[must_use]
pub fn find_numbers(text: &str) -> Vec<NumberToken> {
    // A hand-written scanner: numbers are frequent and short, and a regex with capture
    // groups spent more time setting up each match than reading it.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(skip) = bytes[at..].iter().position(u8::is_ascii_digit) {
        let start = at + skip;
        let parts = number_parts(text, start);
        at = parts.scanned;
        // A digit glued to letters ("QĐ-TTg", "H5N1", "COVID-19") is a code, not a figure;
        // glued to a Vietnamese word in lower case ("tiếp nhận12.486") it is a missing space.
        let mut before = text[..start].chars().rev();
        let glued = match before.next() {
            Some('-') => before.next().is_some_and(char::is_alphabetic),
            Some(c) => c.is_alphabetic() && !missing_space(&text[..start]),
            None => false,
        };
        if glued {
            continue;
        }
        let Some((mut value, decimals)) = parse_with_decimals(&text[start..parts.number_end]) else { continue };
        let denominator = parts.denominator.and_then(|(a, b)| parse_number(&text[a..b]));
        let mut end = parts.end;
        if let Some((word_start, word_end)) = parts.scale {
            // "tỷ lệ" is "rate", not "billion".
            if !text[word_end..].trim_start().starts_with("lệ") {
                value *= scale_of(&text[word_start..word_end]);
                end = word_end;
            }
        }
        out.push(NumberToken { start, end, value, percent: parts.percent, denominator, decimals });
    }
    join_space_grouped(text, &mut out);
    out
}

/// Whether the word `before` ends with is a Vietnamese word in lower case (with a
/// letter outside ASCII, as codes have none), so a digit right after it lost its space.
fn missing_space(before: &str) -> bool {
    let word: Vec<char> = before.chars().rev().take_while(|c| c.is_alphabetic()).collect();
    word.len() >= 2 && word.iter().all(|c| c.is_lowercase()) && word.iter().any(|c| !c.is_ascii())
}

/// "1 234": a thousands group split off by a space, in prose. Two plain numbers one space
/// apart are one when the first has one to three digits, the second exactly three, and no
/// other number stands next to either ("Mức 4 1665 1611 54 952 59,1%" is a table's row).
fn join_space_grouped(text: &str, tokens: &mut Vec<NumberToken>) {
    let plain = |t: &NumberToken| {
        !t.percent && t.denominator.is_none() && text[t.start..t.end].bytes().all(|b| b.is_ascii_digit())
    };
    // Only whitespace between two tokens: they are neighbours in a row of numbers.
    let adjacent = |a: &NumberToken, b: &NumberToken| text[a.end..b.start].trim().is_empty();
    let mut i = 0;
    while i + 1 < tokens.len() {
        let (a, b) = (&tokens[i], &tokens[i + 1]);
        let joins = plain(a)
            && plain(b)
            && a.end - a.start <= 3
            && b.end - b.start == 3
            && &text[a.end..b.start] == " "
            && !(i > 0 && adjacent(&tokens[i - 1], a))
            && !tokens.get(i + 2).is_some_and(|c| adjacent(b, c));
        if joins {
            let b = tokens.remove(i + 1);
            let a = &mut tokens[i];
            a.value = a.value * 1000.0 + b.value;
            a.end = b.end;
        }
        i += 1;
    }
}

/// Where the pieces of the number starting at a digit lie.
struct NumberParts {
    /// Just past the digits and separators.
    number_end: usize,
    /// `/` and a second number: its digits.
    denominator: Option<(usize, usize)>,
    /// Followed by `%`.
    percent: bool,
    /// Just past the number, denominator and `%`.
    end: usize,
    /// A scale word ("ngàn", "triệu" …) after one space: where it lies.
    scale: Option<(usize, usize)>,
    /// Where the search for the next number goes on (past the scale word's delimiter).
    scanned: usize,
}

/// Reads the number starting at byte `start` (a digit): digits with `.` or `,` between
/// groups ("1.234,5"); a copy-paste space after a thousands dot ("12. 345"); an optional
/// `/denominator` and `%`, each after at most one space; a scale word after one space.
fn number_parts(text: &str, start: usize) -> NumberParts {
    let bytes = text.as_bytes();
    let number_end = spaced_thousands(bytes, start).unwrap_or_else(|| digit_groups(bytes, start));
    let mut end = number_end;
    let mut denominator = None;
    let slash = after_space(text, end);
    if bytes.get(slash) == Some(&b'/') {
        let first = after_space(text, slash + 1);
        if bytes.get(first).is_some_and(u8::is_ascii_digit) {
            end = digit_groups(bytes, first);
            denominator = Some((first, end));
        }
    }
    let sign = after_space(text, end);
    let percent = bytes.get(sign) == Some(&b'%');
    if percent {
        end = sign + 1;
    }
    let mut scale = None;
    let mut scanned = end;
    if let Some(space) = text[end..].chars().next().filter(|c| c.is_whitespace()) {
        let word_start = end + space.len_utf8();
        let rest = &text[word_start..];
        if let Some(word) = ["ngàn", "nghìn", "triệu", "tỷ"].into_iter().find(|w| rest.starts_with(w)) {
            let word_end = word_start + word.len();
            let delimiter = text[word_end..].chars().next();
            if delimiter.is_none_or(|c| c.is_whitespace() || ",.;:)".contains(c)) {
                scale = Some((word_start, word_end));
                scanned = word_end + delimiter.map_or(0, char::len_utf8);
            }
        }
    }
    NumberParts { number_end, denominator, percent, end, scale, scanned }
}

/// "12. 345": one to three digits, a dot, a space and three digits standing alone.
fn spaced_thousands(bytes: &[u8], start: usize) -> Option<usize> {
    let lead = bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
    let dot = start + lead;
    let group = bytes.get(dot + 2..dot + 5)?;
    let alone = !bytes.get(dot + 5).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    (lead <= 3 && bytes.get(dot..dot + 2) == Some(b". ") && group.iter().all(u8::is_ascii_digit) && alone)
        .then_some(dot + 5)
}

/// Digits, then any number of `.` or `,` each followed by digits: just past them.
fn digit_groups(bytes: &[u8], start: usize) -> usize {
    let digits_from = |i: usize| i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = digits_from(start);
    while matches!(bytes.get(end), Some(b'.' | b',')) && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_from(end + 1);
    }
    end
}

/// `at`, or just past the whitespace character there.
fn after_space(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8)
}

/// Formats a number the Vietnamese way: dots between thousands, a decimal comma.
///
/// ```
/// use dvcrank::extract::number::format_vi;
/// assert_eq!(format_vi(72165.0, 0), "72.165");
/// assert_eq!(format_vi(79.75, 2), "79,75");
/// assert_eq!(format_vi(1234567.5, 1), "1.234.567,5");
/// ```
#[must_use]
pub fn format_vi(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3 + 4);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_forms() {
        let cases = [
            ("72.165", Some(72165.0)),
            ("30.228", Some(30228.0)),
            ("1.359", Some(1359.0)),
            ("79,75", Some(79.75)),
            ("0,01", Some(0.01)),
            ("04", Some(4.0)),
            ("01", Some(1.0)),
            ("80.1", Some(80.1)),
            ("75.35", Some(75.35)),
            ("12. 345", Some(12345.0)),
            ("1.2.3", None),
            ("", None),
            (",5", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), want, "{text}");
        }
    }

    #[test]
    fn tokens_with_percent_scale_and_fraction() {
        let t = find_numbers("đạt 2,88 % và 3,5 triệu lượt, 4.561/5.650 hồ sơ, 17/63 tỉnh");
        let values: Vec<f64> = t.iter().map(|n| n.value).collect();
        assert_eq!(values, vec![2.88, 3_500_000.0, 4561.0, 17.0]);
        assert!(t[0].percent);
        assert_eq!(t[2].denominator, Some(5650.0));
        assert_eq!(t[3].denominator, Some(63.0));
    }

    #[test]
    fn codes_are_not_figures() {
        assert!(find_numbers("Quyết định 766/QĐ-TTg").len() == 1);
        assert!(find_numbers("COVID-19 và H5N1").is_empty());
        assert!(find_numbers("Nghị định 61/2018/NĐ-CP, mã số TTHC2").len() == 1);
    }

    #[test]
    fn a_number_glued_to_a_vietnamese_word_lost_its_space() {
        let got = find_numbers("huyện đã tiếp nhận12.486 hồ sơ");
        assert_eq!(got.iter().map(|t| t.value).collect::<Vec<_>>(), vec![12486.0]);
    }

    /// Start, number end, end, denominator, percent, scale word.
    type Spans = (usize, usize, usize, Option<(usize, usize)>, bool, Option<(usize, usize)>);

    /// The scanner's specification, written as the regex it replaced: the leftmost-first
    /// match of this pattern, scanned left to right.
    fn by_regex(text: &str) -> Vec<Spans> {
        let re = Regex::new(
            r"(?x)
            (?P<num> [0-9]{1,3}\.\ [0-9]{3}(?-u:\b) | [0-9]+(?:[.,][0-9]+)* )
            (?P<den> \s?/\s?(?P<dd>[0-9]+(?:[.,][0-9]+)*) )?
            (?P<pct> \s?% )?
            (?P<scale> \s(?P<word>ngàn|nghìn|triệu|tỷ) (?:[\s,.;:)]|$) )?",
        )
        .expect("regex");
        re.captures_iter(text)
            .map(|c| {
                let span = |name: &str| c.name(name).map(|m| (m.start(), m.end()));
                let (start, number_end) = span("num").expect("always there");
                // The number's end leaves out the scale word and its delimiter.
                let end = span("pct").or(span("den")).map_or(number_end, |s| s.1);
                (start, number_end, end, span("dd"), span("pct").is_some(), span("word"))
            })
            .collect()
    }

    fn by_scanner(text: &str) -> Vec<Spans> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(skip) = text.as_bytes()[at..].iter().position(u8::is_ascii_digit) {
            let p = number_parts(text, at + skip);
            out.push((at + skip, p.number_end, p.end, p.denominator, p.percent, p.scale));
            at = p.scanned;
        }
        out
    }

    /// How `parse_with_decimals` reads a number, written plainly with strings.
    fn parse_spec(text: &str) -> Option<(f64, usize)> {
        let t: String = text.chars().filter(|c| *c != ' ').collect();
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            return None;
        }
        let dots = t.matches('.').count();
        let (normalised, decimals) = if let Some((int, frac)) = t.split_once(',') {
            if frac.contains([',', '.']) {
                return None;
            }
            (format!("{}.{frac}", int.replace('.', "")), frac.len())
        } else if dots == 1 {
            let (int, frac) = t.split_once('.')?;
            if frac.len() == 3 {
                (format!("{int}{frac}"), 0)
            } else {
                (t.clone(), frac.len())
            }
        } else {
            let mut groups = t.split('.');
            let first = groups.next()?;
            if dots > 0 && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3)) {
                return None;
            }
            (t.replace('.', ""), 0)
        };
        if normalised.starts_with('.') || normalised.ends_with('.') {
            return None;
        }
        normalised.parse().ok().map(|v| (v, decimals))
    }

    proptest! {
        #[test]
        fn scanner_matches_its_regex(s in "[0-9 .,/%\u{a0}aàl\u{1ec7}]{0,12}(?:( ngàn| nghìn| triệu| tỷ)[ ,.;:)lệa]{0,2}[0-9 .,/%]{0,8}){0,2}") {
            prop_assert_eq!(by_scanner(&s), by_regex(&s));
        }

        #[test]
        fn parser_matches_its_specification(s in "[0-9 .,]{0,14}|[0-9]{18,24}(?:,[0-9]{1,3})?") {
            prop_assert_eq!(parse_with_decimals(&s), parse_spec(&s));
        }

        #[test]
        fn formatting_then_parsing_returns_the_value(int in 0u64..10_000_000_000, cents in 0u64..100, decimals in 0usize..3) {
            #[allow(clippy::cast_precision_loss)]
            let scale = 10u64.pow(u32::try_from(decimals).unwrap_or(0));
            #[allow(clippy::cast_precision_loss)]
            let value = int as f64 + (cents % scale) as f64 / scale as f64;
            let text = format_vi(value, decimals);
            let parsed = parse_number(&text).expect("parses");
            prop_assert!((parsed - value).abs() < 0.0051, "{} -> {} -> {}", value, text, parsed);
        }

        #[test]
        fn a_number_spaced_in_prose_is_one(n in 1_000u32..1_000_000) {
            let text = format!("trễ hạn là {} {:03} hồ sơ", n / 1000, n % 1000);
            let found = find_numbers(&text);
            prop_assert_eq!(found.len(), 1);
            prop_assert_eq!(found[0].value, f64::from(n));
        }

        #[test]
        fn a_row_of_numbers_stays_apart(row in proptest::collection::vec(0u32..1000, 3..8)) {
            let text = format!("Sở Tư pháp {}", row.iter().map(u32::to_string).collect::<Vec<_>>().join(" "));
            let values: Vec<f64> = find_numbers(&text).iter().map(|t| t.value).collect();
            prop_assert_eq!(values, row.iter().map(|&v| f64::from(v)).collect::<Vec<_>>());
        }

        #[test]
        fn never_panics(s in "\\PC{0,60}") {
            let _ = find_numbers(&s);
            let _ = parse_number(&s);
        }
    }
}
