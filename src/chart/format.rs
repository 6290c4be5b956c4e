//! How numbers, periods and dates are written on charts, in Vietnamese and English.
//! Pure: no I/O.

use chrono::{Datelike, NaiveDate};

use super::options::Lang;
use crate::model::{CalendarPeriod, Unit};

/// The minus sign drawn before negative numbers (U+2212, which DejaVu Sans has; the
/// ASCII hyphen is shorter than a digit and reads as a dash).
pub const MINUS: char = '\u{2212}';

/// `value` rounded to `decimals` places, with the language's separators: Vietnamese
/// groups thousands with `.` and marks decimals with `,`; English the other way round.
/// Non-finite values are written as an en dash.
///
/// ```
/// use dvcrank::chart::{format_number, Lang};
/// assert_eq!(format_number(75.35, 2, Lang::Vi), "75,35");
/// assert_eq!(format_number(72165.0, 0, Lang::Vi), "72.165");
/// assert_eq!(format_number(75.35, 2, Lang::En), "75.35");
/// assert_eq!(format_number(72165.0, 0, Lang::En), "72,165");
/// assert_eq!(format_number(-1234.5, 1, Lang::Vi), "\u{2212}1.234,5");
/// ```
#[must_use]
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "\u{2013}".to_string();
    }
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let decimals = decimals.min(12);
    let plain = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
    // "-0,00" would claim a sign the rounded number does not have.
    let is_zero = plain.bytes().all(|b| b == b'0' || b == b'.');
    if value < 0.0 && !is_zero {
        out.push(MINUS);
    }
    let digits = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(frac_part);
    }
    out
}

/// How many decimals a value of `unit` is shown with: index points and percentages with
/// two (the portal publishes two), counts with none.
#[must_use]
pub fn decimals_for(unit: Unit) -> usize {
    match unit {
        Unit::Points | Unit::Percent => 2,
        Unit::Count => 0,
    }
}

/// A value in its unit: "75,35", "79,75%", "72.165".
#[must_use]
pub fn format_value(value: f64, unit: Unit, lang: Lang) -> String {
    let number = format_number(value, decimals_for(unit), lang);
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Points | Unit::Count => number,
    }
}

/// Roman numerals for quarters, as Vietnamese writes them ("quý II").
fn roman(n: u8) -> &'static str {
    match n {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_en(month: u32) -> &'static str {
    usize::try_from(month).ok().and_then(|m| m.checked_sub(1)).and_then(|i| MONTHS_EN.get(i)).copied().unwrap_or("?")
}

/// A period's full name, as in titles: "tháng 4/2024", "quý II/2024",
/// "6 tháng đầu năm 2024", "năm 2024"; "Apr 2024", "Q2 2024", "H1 2024", "2024".
///
/// ```
/// use dvcrank::chart::{period_name, Lang};
/// let p = "2024-Q2".parse().unwrap();
/// assert_eq!(period_name(p, Lang::Vi), "quý II/2024");
/// assert_eq!(period_name(p, Lang::En), "Q2 2024");
/// ```
#[must_use]
pub fn period_name(period: CalendarPeriod, lang: Lang) -> String {
    match (lang, period) {
        (Lang::Vi, CalendarPeriod::Month { year, month }) => format!("tháng {month}/{year}"),
        (Lang::Vi, CalendarPeriod::Quarter { year, quarter }) => {
            format!("quý {}/{year}", roman(quarter))
        }
        (Lang::Vi, CalendarPeriod::Half { year, half: 1 }) => format!("6 tháng đầu năm {year}"),
        (Lang::Vi, CalendarPeriod::Half { year, .. }) => format!("6 tháng cuối năm {year}"),
        (Lang::Vi, CalendarPeriod::Year { year }) => format!("năm {year}"),
        (Lang::En, CalendarPeriod::Month { year, month }) => {
            format!("{} {year}", month_en(u32::from(month)))
        }
        (Lang::En, CalendarPeriod::Quarter { year, quarter }) => format!("Q{quarter} {year}"),
        (Lang::En, CalendarPeriod::Half { year, half }) => format!("H{half} {year}"),
        (Lang::En, CalendarPeriod::Year { year }) => format!("{year}"),
    }
}

/// A period's short name, for axis ticks: "T4/2024", "Q2/2024", "H1/2024"; "Apr 2024",
/// "Q2 2024", "H1 2024"; a year alone when `year_only`.
#[must_use]
pub fn period_tick(period: CalendarPeriod, lang: Lang, year_only: bool) -> String {
    if year_only {
        return period.year().to_string();
    }
    match (lang, period) {
        (Lang::Vi, CalendarPeriod::Month { year, month }) => format!("T{month}/{year}"),
        (Lang::Vi, CalendarPeriod::Quarter { year, quarter }) => format!("Q{quarter}/{year}"),
        (Lang::Vi, CalendarPeriod::Half { year, half }) => format!("H{half}/{year}"),
        (_, CalendarPeriod::Year { year }) => year.to_string(),
        (Lang::En, p) => period_name(p, Lang::En),
    }
}

/// A date as written in a source line: "29/8/2025"; "29 Aug 2025".
#[must_use]
pub fn date_name(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", date.day(), date.month(), date.year()),
        Lang::En => format!("{} {} {}", date.day(), month_en(date.month()), date.year()),
    }
}

/// The label of the 2025-07-01 merger marker on trend charts.
#[must_use]
pub fn merger_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Sáp nhập tỉnh 01/7/2025",
        Lang::En => "Provinces merged 1 Jul 2025",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_and_english_separators() {
        assert_eq!(format_number(75.35, 2, Lang::Vi), "75,35");
        assert_eq!(format_number(72165.0, 0, Lang::Vi), "72.165");
        assert_eq!(format_number(1_234_567.891, 2, Lang::Vi), "1.234.567,89");
        assert_eq!(format_number(75.35, 2, Lang::En), "75.35");
        assert_eq!(format_number(72165.0, 0, Lang::En), "72,165");
        assert_eq!(format_number(999.0, 0, Lang::En), "999");
        assert_eq!(format_number(1000.0, 0, Lang::En), "1,000");
        assert_eq!(format_number(0.0, 1, Lang::Vi), "0,0");
        assert_eq!(format_number(f64::NAN, 2, Lang::Vi), "\u{2013}");
    }

    #[test]
    fn negative_numbers_and_negative_zero() {
        assert_eq!(format_number(-2.5, 1, Lang::En), "\u{2212}2.5");
        assert_eq!(format_number(-0.001, 2, Lang::Vi), "0,00");
        assert_eq!(format_number(-1000.0, 0, Lang::Vi), "\u{2212}1.000");
    }

    #[test]
    fn values_carry_their_unit() {
        assert_eq!(format_value(79.75, Unit::Percent, Lang::Vi), "79,75%");
        assert_eq!(format_value(8000.0, Unit::Count, Lang::Vi), "8.000");
        assert_eq!(format_value(86.966, Unit::Points, Lang::En), "86.97");
    }

    #[test]
    fn period_names() {
        let p = |s: &str| s.parse::<CalendarPeriod>().expect("valid period");
        assert_eq!(period_name(p("2024-04"), Lang::Vi), "tháng 4/2024");
        assert_eq!(period_name(p("2024-Q2"), Lang::Vi), "quý II/2024");
        assert_eq!(period_name(p("2024-H1"), Lang::Vi), "6 tháng đầu năm 2024");
        assert_eq!(period_name(p("2024-H2"), Lang::Vi), "6 tháng cuối năm 2024");
        assert_eq!(period_name(p("2024"), Lang::Vi), "năm 2024");
        assert_eq!(period_name(p("2024-04"), Lang::En), "Apr 2024");
        assert_eq!(period_name(p("2024-Q2"), Lang::En), "Q2 2024");
        assert_eq!(period_name(p("2024-H1"), Lang::En), "H1 2024");
        assert_eq!(period_name(p("2024"), Lang::En), "2024");
        assert_eq!(period_tick(p("2024-04"), Lang::Vi, false), "T4/2024");
        assert_eq!(period_tick(p("2024-04"), Lang::En, true), "2024");
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 29).expect("date");
        assert_eq!(date_name(d, Lang::Vi), "29/8/2025");
        assert_eq!(date_name(d, Lang::En), "29 Aug 2025");
    }

    /// Reads back what `format_number` wrote, the way a reader of the chart would.
    fn parse_back(s: &str, lang: Lang) -> Option<f64> {
        let (group, point) = match lang {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        };
        let (sign, body) = match s.strip_prefix(MINUS) {
            Some(rest) => (-1.0, rest),
            None => (1.0, s),
        };
        let (int_part, frac) = body.split_once(point).unwrap_or((body, ""));
        let groups: Vec<&str> = int_part.split(group).collect();
        // Every group after the first has exactly three digits; the first has one to three.
        let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || groups.iter().skip(1).any(|g| g.len() != 3) {
            return None;
        }
        let plain = format!("{}.{}", groups.concat(), if frac.is_empty() { "0" } else { frac });
        plain.parse::<f64>().ok().map(|v| sign * v)
    }

    proptest! {
        #[test]
        fn formatting_round_trips(value in -1.0e9f64..1.0e9, decimals in 0usize..4, en in any::<bool>()) {
            let lang = if en { Lang::En } else { Lang::Vi };
            let s = format_number(value, decimals, lang);
            let back = parse_back(&s, lang);
            prop_assert!(back.is_some(), "{} did not parse back", s);
            let back = back.unwrap_or(f64::NAN);
            let tolerance = 0.5 * 10f64.powi(-i32::try_from(decimals).unwrap_or(0)) + value.abs() * 1e-12;
            prop_assert!((back - value).abs() <= tolerance, "{} -> {} (value {})", s, back, value);
            let point = if en { '.' } else { ',' };
            if decimals == 0 {
                prop_assert!(!s.contains(point), "{} has a decimal mark", s);
            } else {
                prop_assert_eq!(s.matches(point).count(), 1);
            }
        }
    }
}
