//! Vietnamese-formatted numbers: `72.165` is 72165, `79,75` is 79.75, `04` is 4,
//! `61,3 ngàn` is 61300, `3,5 triệu` is 3500000. Pure.

use std::sync::OnceLock;

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

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Digits with any separators; `parse_number` decides what the separators mean.
        // A stray space after a thousands dot ("12. 345") is tolerated because
        // copy-pasted bulletins contain it.
        Regex::new(
            r"(?x)
            (?P<num> [0-9]{1,3}\.\ [0-9]{3}(?-u:\b) | [0-9]+(?:[.,][0-9]+)* )
            (?P<den> \s?/\s?[0-9]+(?:[.,][0-9]+)* )?
            (?P<pct> \s?% )?
            (?P<scale> \s(?:ngàn|nghìn|triệu|tỷ) (?:[\s,.;:)]|$) )?
            ",
        )
        .unwrap_or_else(|_| unreachable_regex())
    })
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
    let t: String = text.chars().filter(|c| *c != ' ').collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let dots = t.matches('.').count();
    let (normalised, decimals) = if let Some((int, frac)) = t.split_once(',') {
        // A comma is always the decimal separator; dots before it group thousands.
        if frac.contains(',') || frac.contains('.') {
            return None;
        }
        (format!("{}.{frac}", int.replace('.', "")), frac.len())
    } else if dots == 0 {
        (t.clone(), 0)
    } else if dots == 1 {
        let (int, frac) = t.split_once('.')?;
        // One dot followed by exactly three digits groups thousands (72.165); otherwise
        // it is a decimal point, as in index scores written the English way (13.2).
        if frac.len() == 3 {
            (format!("{int}{frac}"), 0)
        } else {
            (t.clone(), frac.len())
        }
    } else {
        // Several dots: thousands groups, each of three digits.
        let mut groups = t.split('.');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return None;
        }
        (t.replace('.', ""), 0)
    };
    if normalised.starts_with('.') || normalised.ends_with('.') {
        return None;
    }
    normalised.parse().ok().map(|v| (v, decimals))
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
/// ```
#[must_use]
pub fn find_numbers(text: &str) -> Vec<NumberToken> {
    let mut out = Vec::new();
    for caps in number_re().captures_iter(text) {
        let (Some(whole), Some(num)) = (caps.get(0), caps.get(1)) else { continue };
        // A digit glued to letters ("QĐ-TTg", "H5N1", "COVID-19") is a code, not a figure.
        let before = text[..num.start()].chars().next_back();
        if before.is_some_and(|c| {
            c.is_alphabetic() || c == '-' && text[..num.start()].chars().rev().nth(1).is_some_and(char::is_alphabetic)
        }) {
            continue;
        }
        let Some((mut value, decimals)) = parse_with_decimals(num.as_str()) else { continue };
        let denominator = caps.get(2).and_then(|d| parse_number(d.as_str().trim_start_matches([' ', '/']).trim()));
        let percent = caps.get(3).is_some();
        let mut end = whole.end();
        if let Some(scale) = caps.get(4) {
            // The delimiter after the word belongs to the text after it.
            let word = scale.as_str().trim_end_matches(|c: char| c.is_whitespace() || ",.;:)".contains(c));
            let word_end = scale.start() + word.len();
            // "tỷ lệ" is "rate", not "billion".
            if text[word_end..].trim_start().starts_with("lệ") {
                end = scale.start();
            } else {
                value *= scale_of(word);
                end = word_end;
            }
        }
        out.push(NumberToken { start: num.start(), end, value, percent, denominator, decimals });
    }
    out
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
    }

    proptest! {
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
        fn never_panics(s in "\\PC{0,60}") {
            let _ = find_numbers(&s);
            let _ = parse_number(&s);
        }
    }
}
