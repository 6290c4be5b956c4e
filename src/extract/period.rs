//! Reporting periods in Vietnamese text: months ("tháng 09/2021"), quarters ("Quý III
//! năm 2021", "quý I/2024"), half-years, nine months, years, year-to-date ("lũy kế đến
//! hết tháng 10 năm 2023") and explicit windows ("từ ngày 21/8/2021 đến ngày
//! 20/9/2021"), which win over the label they qualify. Also dates and clock times, so
//! the figure finder can skip them. Pure.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::extract::lexicon::lower_in_place;
use crate::model::{first_of_month, last_of_month, Period, PeriodKind};

/// A period named in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodMention {
    /// Byte offset in the text.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// The period, dated when the year is known.
    pub period: Period,
    /// What the label names, so a later bare "quý III" can reuse an earlier stated window.
    pub anchor: Option<Anchor>,
    /// Set when the stated dates were impossible and were corrected (what and how).
    pub corrected: Option<String>,
    /// Whether the text gave the year (or explicit dates).
    pub year_stated: bool,
}

/// The calendar unit a label names: kind, number (month 1–12, quarter 1–4, half 1–2,
/// 0 for a year) and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// The kind of label.
    pub kind: PeriodKind,
    /// Month, quarter or half number (a year-to-date's last month, 0 when it runs "đến
    /// nay"; an ISO week's number for a week, kind `Explicit`); 0 for years.
    pub number: u8,
    /// The year, stated or inferred.
    pub year: Option<i32>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| crate::extract::lexicon::big_regex(pattern))
}

const DATE: &str = r"[0-9]{1,2}\s?[/\-.]\s?[0-9]{1,2}(?:\s?[/\-.]\s?[0-9]{4})?";

/// "đến ngày 22/01", "tính đến ngày 25/7/2025": a reading as of a day (the national
/// index's live figures), with no start.
fn until_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "Tính đến 17 giờ ngày 14/6/2024": an hour may come before the day.
    re(
        &RE,
        &format!(
            r"(?i)(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:[0-9]{{1,2}}\s*(?:giờ|h)(?:\s*[0-9]{{1,2}}(?:\s*phút)?)?,?\s+)?ngày\s+(?P<b>{DATE})"
        ),
    )
}

fn range_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        &format!(
            r"(?i)(?:tính\s+)?từ\s+(?:ngày:?\s+)?(?P<a>{DATE})\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:(?:ngày:?\s+)?(?P<b>{DATE})|tháng\s+(?P<bm>[0-9]{{1,2}})\s?[/\-]\s?(?P<by>[0-9]{{4}}))"
        ),
    )
}

/// The periods named on the lines of `text` that state a window "từ … đến …" (one pass
/// of one regex finds those lines: most bulletins state none, and their other periods are
/// found sentence by sentence).
#[must_use]
pub fn periods_on_window_lines(text: &str, year_hint: Option<i32>) -> Vec<PeriodMention> {
    let mut out = Vec::new();
    let mut line_end = 0;
    for m in range_re().find_iter(text) {
        if m.start() < line_end {
            continue;
        }
        let mut start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        // A line that opens with the window ("(Từ ngày 12/01 đến ngày 16/01/2026)" under a
        // heading) states it for the label on the line before.
        if start > 0 && text[start..m.start()].trim_start().trim_start_matches('(').is_empty() {
            start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        line_end = text[m.end()..].find('\n').map_or(text.len(), |i| m.end() + i);
        out.extend(find_periods(&text[start..line_end], year_hint));
    }
    out
}

fn label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Alternatives from most to least specific; a year is "năm 2023", "/2023" or "-2023".
    re(
        &RE,
        r"(?ix)
        (?P<ytd> (?:lũy|luỹ)\s+kế(?:\s+từ\s+đầu\s+năm)?\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+(?P<ytd_m>[0-9]{1,2})
               | (?:kể\s+)?từ\s+đầu\s+năm(?:\s+(?P<ytd_y0>[0-9]{4}))?\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+(?P<ytd_m3>[0-9]{1,2})
               | tính\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+(?P<ytd_m2>[0-9]{1,2}) )
          (?:\s*(?:[/\-]|năm)\s*(?P<ytd_y>[0-9]{4}))?
        | (?P<since> (?:(?:lũy|luỹ)\s+kế\s+)?(?:kể\s+)?từ\s+đầu\s+năm(?:\s+(?P<since_y>[0-9]{4}))?(?:\s+(?:đến|tới)\s+nay)? )
        | (?P<half> (?:6|sáu)\s+tháng\s+(?P<half_which>đầu|cuối)\s+năm | nửa\s+(?P<half_which2>đầu|cuối)\s+năm
                  | (?:trong\s+)?(?:6|sáu)\s+tháng\s+năm )
          (?:\s*(?P<half_y>[0-9]{4}))?
        | (?P<months> (?:(?:lũy|luỹ)\s+kế\s+)(?P<n>[0-9]{1,2})\s+tháng(?:\s+đầu)?(?:\s+năm)? | (?P<n2>[0-9]{1,2})\s+tháng\s+đầu\s+năm )
          (?:\s*(?P<months_y>[0-9]{4}))?
        | (?P<nine> (?:trong\s+)?(?:9|chín)\s+tháng(?-u:\b)(?:\s+đầu)?(?:\s+năm)? ) (?:\s*(?P<nine_y>[0-9]{4}))?
        | (?P<quarter> quý\s+(?P<q>IV|I{1,3}|[1-4])(?-u:\b) ) (?:\s*(?:[/\-]|năm)\s*(?P<q_y>[0-9]{4}))?
        | (?P<month> tháng\s+(?P<m>[0-9]{1,2})(?-u:\b) ) (?:\s*(?:[/\-.]|năm)\s*(?P<m_y>[0-9]{4}))?
        | (?P<year> năm\s+(?P<y>[0-9]{4})(?-u:\b) )
        | (?P<week> tuần\s+(?:thứ\s+)?(?P<w>[0-9]{1,2})(?-u:\b) ) (?:\s*(?:[/\-]|năm)\s*(?P<w_y>[0-9]{4}))?
        ",
    )
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A full date, or a day/month after a word that announces a date.
    re(
        &RE,
        r"(?i)(?:(?:ngày|từ|đến|hết|tới)\s+)?(?-u:\b)[0-9]{1,2}\s?[/\-.]\s?[0-9]{1,2}\s?[/\-.]\s?[0-9]{4}(?-u:\b)|(?:ngày|từ|đến|hết|tới)\s+[0-9]{1,2}/[0-9]{1,2}(?-u:\b)|(?-u:\b)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?-u:\b)|(?-u:\b)[0-9]{1,2}h[0-9]{2}(?-u:\b)|(?-u:\b)[0-9]{1,2}\s*giờ(?:\s*[0-9]{1,2}\s*phút)?",
    )
}

/// Spans of dates and clock times in `text` (their digits are not figures).
#[must_use]
pub fn date_spans(text: &str) -> Vec<(usize, usize)> {
    date_re().find_iter(text).map(|m| (m.start(), m.end())).collect()
}

/// A date `d/m/yyyy` (also with `-` or `.`); `d/m` takes `year_hint`.
///
/// ```
/// use dvcrank::extract::period::parse_date;
/// assert_eq!(parse_date("17/11/2023", None).map(|d| d.to_string()), Some("2023-11-17".into()));
/// assert_eq!(parse_date("22/01", Some(2024)).map(|d| d.to_string()), Some("2024-01-22".into()));
/// ```
#[must_use]
pub fn parse_date(text: &str, year_hint: Option<i32>) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let (d, m, y) = match parts.as_slice() {
        [d, m, y] => (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?),
        [d, m] => (d.parse().ok()?, m.parse().ok()?, year_hint?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The first date written `d/m/yyyy` in `text` (a page's publication line).
#[must_use]
pub fn first_full_date(text: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"(?-u:\b)([0-9]{1,2})\s?[/\-.]\s?([0-9]{1,2})\s?[/\-.]\s?([0-9]{4})(?-u:\b)");
    re.captures_iter(text).find_map(|c| {
        NaiveDate::from_ymd_opt(
            c.get(3)?.as_str().parse().ok()?,
            c.get(2)?.as_str().parse().ok()?,
            c.get(1)?.as_str().parse().ok()?,
        )
    })
}

fn roman(q: &str) -> Option<u8> {
    match q.to_ascii_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

fn month_window(kind: PeriodKind, number: u8) -> (u8, u8) {
    match kind {
        PeriodKind::Quarter => (number * 3 - 2, number * 3),
        PeriodKind::Half => (number * 6 - 5, number * 6),
        PeriodKind::NineMonths => (1, 9),
        PeriodKind::YearToDate => (1, number),
        PeriodKind::Year => (1, 12),
        _ => (number, number),
    }
}

/// Dates of a labelled calendar window in `year`.
fn calendar_dates(anchor: Anchor) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match anchor.year {
        Some(year) if anchor.kind == PeriodKind::YearToDate && anchor.number == 0 => {
            (Some(first_of_month(year, 1)), None)
        }
        Some(year) if anchor.kind == PeriodKind::Explicit => {
            let week = u32::from(anchor.number);
            let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon);
            (monday, NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Sun))
        }
        Some(year) => {
            let (a, b) = month_window(anchor.kind, anchor.number);
            (Some(first_of_month(year, a)), Some(last_of_month(year, b)))
        }
        None => (None, None),
    }
}

/// Expected length in days of a labelled window, for checking stated dates.
fn expected_days(kind: PeriodKind, number: u8) -> Option<(i64, i64)> {
    match kind {
        PeriodKind::Month => Some((27, 32)),
        PeriodKind::Quarter => Some((85, 95)),
        PeriodKind::Half => Some((178, 186)),
        PeriodKind::NineMonths => Some((268, 277)),
        PeriodKind::Year => Some((360, 370)),
        PeriodKind::YearToDate if number > 0 => Some((i64::from(number) * 28, i64::from(number) * 31 + 5)),
        _ => None,
    }
}

fn label_anchor(c: &regex::Captures<'_>, year_hint: Option<i32>) -> Option<(Anchor, bool)> {
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u8>().ok());
    let year = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    let (kind, number, stated) = if c.name("ytd").is_some() {
        let m = num("ytd_m").or_else(|| num("ytd_m2")).or_else(|| num("ytd_m3")).filter(|m| (1..=12).contains(m))?;
        (PeriodKind::YearToDate, m, year("ytd_y").or_else(|| year("ytd_y0")))
    } else if c.name("months").is_some() {
        // "Lũy kế 11 tháng năm 2022", "3 tháng đầu năm": the first months of the year.
        let n = num("n").or_else(|| num("n2")).filter(|n| (1..=12).contains(n))?;
        let (kind, number) = match n {
            3 => (PeriodKind::Quarter, 1),
            6 => (PeriodKind::Half, 1),
            9 => (PeriodKind::NineMonths, 9),
            12 => (PeriodKind::Year, 0),
            _ => (PeriodKind::YearToDate, n),
        };
        (kind, number, year("months_y"))
    } else if c.name("since").is_some() {
        // "Từ đầu năm đến nay": from 1 January, to a day the text does not give.
        (PeriodKind::YearToDate, 0, year("since_y"))
    } else if c.name("half").is_some() {
        let which = c.name("half_which").or_else(|| c.name("half_which2")).map(|m| m.as_str().to_lowercase());
        (PeriodKind::Half, if which.as_deref() == Some("cuối") { 2 } else { 1 }, year("half_y"))
    } else if let Some(nine) = c.name("nine") {
        // "9 tháng" alone is a duration; "trong 9 tháng" or "9 tháng năm" is a period.
        let words = nine.as_str().to_lowercase();
        if !(words.starts_with("trong") || words.ends_with("năm")) {
            return None;
        }
        (PeriodKind::NineMonths, 9, year("nine_y"))
    } else if c.name("quarter").is_some() {
        (PeriodKind::Quarter, roman(c.name("q")?.as_str())?, year("q_y"))
    } else if c.name("month").is_some() {
        (PeriodKind::Month, num("m").filter(|m| (1..=12).contains(m))?, year("m_y"))
    } else if c.name("week").is_some() {
        // "Tuần 24 năm 2024": an ISO week, Monday to Sunday, unless a window is stated.
        (PeriodKind::Explicit, num("w").filter(|w| (1..=53).contains(w))?, year("w_y"))
    } else {
        (PeriodKind::Year, 0, year("y"))
    };
    let year_ok = |y: i32| (1990..=2100).contains(&y);
    let stated = stated.filter(|y| year_ok(*y));
    Some((Anchor { kind, number, year: stated.or(year_hint) }, stated.is_some()))
}

/// Every period named in `text`, left to right. Labels without a year take `year_hint`
/// (the context's year); a label followed by a stated window in parentheses ("Tháng
/// 09/2021 (Tính từ ngày 21/8/2021 đến ngày 20/9/2021)") is one mention dated by the window.
///
/// ```
/// use dvcrank::extract::period::find_periods;
/// let p = &find_periods("Lũy kế đến hết tháng 10 năm 2023, tổng số", None)[0].period;
/// assert_eq!(p.start.map(|d| d.to_string()), Some("2023-01-01".into()));
/// assert_eq!(p.end.map(|d| d.to_string()), Some("2023-10-31".into()));
/// ```
#[must_use]
pub fn find_periods(text: &str, year_hint: Option<i32>) -> Vec<PeriodMention> {
    periods_in(text, &lower_in_place(text), year_hint)
}

/// [`find_periods`] with the text's lower case at hand ([`lower_in_place`]): a pattern
/// is run only when the text has the word every match of it contains ("từ" for a
/// window, "ngày" for a reading as of a day, "tháng", "quý", "năm" or "tuần" for a label).
pub(crate) fn periods_in(text: &str, lower: &str, year_hint: Option<i32>) -> Vec<PeriodMention> {
    let dated = text.bytes().any(|b| b.is_ascii_digit());
    let labelled = ["tháng", "quý", "năm", "tuần"].iter().any(|w| lower.contains(w));
    let mut ranges: Vec<(usize, usize, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
    let windowed = dated && lower.contains("từ");
    for c in windowed.then(|| range_re().captures_iter(text)).into_iter().flatten() {
        let (Some(whole), Some(a)) = (c.get(0), c.name("a")) else { continue };
        // "từ ngày 01/7/2025 đến hết tháng 11/2025": to the month's last day.
        let end_date = match (c.name("b"), c.name("bm"), c.name("by")) {
            (Some(b), _, _) => parse_date(b.as_str(), year_hint),
            (None, Some(m), Some(y)) => {
                let anchor = Anchor {
                    kind: PeriodKind::Month,
                    number: m.as_str().parse().ok().filter(|m| (1..=12).contains(m)).unwrap_or(0),
                    year: y.as_str().parse().ok(),
                };
                if anchor.number == 0 {
                    None
                } else {
                    calendar_dates(anchor).1
                }
            }
            _ => None,
        };
        let start_date = end_date.and_then(|e| {
            parse_date(a.as_str(), None).or_else(|| {
                // "từ 15/12 đến 14/3/2023": the start takes the end's year, or the one before.
                let same = parse_date(a.as_str(), Some(e.year()))?;
                Some(if same > e { parse_date(a.as_str(), Some(e.year() - 1))? } else { same })
            })
        });
        ranges.push((whole.start(), whole.end(), start_date, end_date));
    }

    let mut out: Vec<PeriodMention> = Vec::new();
    let as_of = dated && lower.contains("ngày");
    for c in as_of.then(|| until_re().captures_iter(text)).into_iter().flatten() {
        let (Some(whole), Some(b)) = (c.get(0), c.name("b")) else { continue };
        if ranges.iter().any(|r| whole.start() < r.1 && whole.end() > r.0) {
            continue;
        }
        let end = parse_date(b.as_str(), year_hint);
        out.push(PeriodMention {
            start: whole.start(),
            end: whole.end(),
            period: Period { label: label_text(whole.as_str()), start: None, end, kind: PeriodKind::Explicit },
            anchor: None,
            corrected: None,
            year_stated: end.is_some(),
        });
    }
    let snapshots: Vec<(usize, usize)> = out.iter().map(|m| (m.start, m.end)).collect();
    let inside_range = |pos: usize| {
        ranges.iter().any(|r| pos >= r.0 && pos < r.1) || snapshots.iter().any(|&(a, b)| pos >= a && pos < b)
    };
    for c in labelled.then(|| label_re().captures_iter(text)).into_iter().flatten() {
        let Some(whole) = c.get(0) else { continue };
        if inside_range(whole.start()) {
            continue;
        }
        let Some((anchor, stated)) = label_anchor(&c, year_hint) else { continue };
        let (start, end) = calendar_dates(anchor);
        out.push(PeriodMention {
            start: whole.start(),
            end: whole.end(),
            period: Period { label: label_text(whole.as_str()), start, end, kind: anchor.kind },
            anchor: Some(anchor),
            corrected: None,
            year_stated: stated,
        });
    }

    for (rs, re_, start_date, end_date) in ranges {
        // A range right after a label ("Tháng 09/2021 (Tính từ …)") dates that label.
        let label = out
            .iter_mut()
            .rev()
            .find(|m| m.end <= rs && text[m.end..rs].trim().trim_start_matches(['(', ',', ':']).trim().is_empty());
        match label {
            Some(m) => {
                let close =
                    text[re_..].find(')').filter(|i| text[re_..re_ + i].trim().is_empty()).map_or(re_, |i| re_ + i + 1);
                let kind = m.period.kind;
                let number = m.anchor.map_or(0, |a| a.number);
                let (start, corrected) = check_window(kind, number, start_date, end_date);
                m.period.label = label_text(&text[m.start..close]);
                m.period.start = start;
                m.period.end = end_date;
                m.end = close;
                m.corrected = corrected;
                m.year_stated = true;
            }
            // A few days in passing ("nghỉ Tết (từ 25-1 đến 2-2-2025)") are not a reporting
            // period.
            None if start_date.zip(end_date).is_some_and(|(s, e)| (e - s).num_days() < 9) => {}
            None => out.push(PeriodMention {
                start: rs,
                end: re_,
                period: Period {
                    label: label_text(&text[rs..re_]),
                    start: start_date,
                    end: end_date,
                    kind: PeriodKind::Explicit,
                },
                anchor: None,
                corrected: None,
                year_stated: end_date.is_some(),
            }),
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// A period's words as a label: one space between words, as a heading under a line break
/// or a statistics page's aligned form ("Từ ngày: 01/01/2021     Đến ngày: 31/03/2021")
/// spaces them otherwise.
fn label_text(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    for word in words.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Checks a stated window against its label's length; a start year that makes the window
/// impossible (a quarter from 21/6/2020 to 20/9/2021) is moved to the end's year.
fn check_window(
    kind: PeriodKind,
    number: u8,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<String>) {
    let (Some(s), Some(e), Some((lo, hi))) = (start, end, expected_days(kind, number)) else {
        return (start, None);
    };
    let days = (e - s).num_days() + 1;
    // A window shorter than its label is a part of the period ("tháng 4 (từ ngày 1/4 đến
    // ngày 25/4)"), stated on purpose; only a window too long for its label is suspect.
    if (1..=hi).contains(&days) {
        return (start, None);
    }
    for year in [e.year(), e.year() - 1] {
        if let Some(fixed) = s.with_year(year) {
            let d = (e - fixed).num_days() + 1;
            if fixed <= e && (lo..=hi).contains(&d) {
                return (Some(fixed), Some(format!("stated start {s} makes a {days}-day window; used {fixed}")));
            }
        }
    }
    (start, Some(format!("stated window {s}..{e} is {days} days, unusual for a {kind:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one(text: &str, hint: Option<i32>) -> (String, Option<String>, Option<String>, PeriodKind) {
        let m = find_periods(text, hint).into_iter().next().unwrap_or_else(|| panic!("no period in {text}"));
        (m.period.label, m.period.start.map(|d| d.to_string()), m.period.end.map(|d| d.to_string()), m.period.kind)
    }

    fn dates(text: &str, hint: Option<i32>) -> (String, String) {
        let (_, s, e, _) = one(text, hint);
        (s.unwrap_or_default(), e.unwrap_or_default())
    }

    #[test]
    fn a_window_on_the_line_under_a_heading_dates_the_heading() {
        let text =
            "BẢN TIN TUẦN 03 NĂM 2026\n(Từ ngày 12/01 đến ngày 16/01/2026)\n\nTrong tuần, tiếp nhận 14.208 hồ sơ.";
        let found = periods_on_window_lines(text, None);
        let p = &found[0];
        assert_eq!(p.anchor.map(|a| a.number), Some(3));
        assert_eq!(p.period.label, "TUẦN 03 NĂM 2026 (Từ ngày 12/01 đến ngày 16/01/2026)");
        assert_eq!(p.period.start.map(|d| d.to_string()).as_deref(), Some("2026-01-12"));
        assert_eq!(p.period.end.map(|d| d.to_string()).as_deref(), Some("2026-01-16"));
        // A window that opens a sentence of its own is not the line before's.
        let text = "Kết quả tháng 3.\nTừ ngày 1/4 đến ngày 30/4/2026, tiếp nhận 500 hồ sơ.";
        let found = periods_on_window_lines(text, None);
        let window = found.iter().find(|p| p.period.label.starts_with("Từ ngày")).expect("the window");
        assert!(window.anchor.is_none());
    }

    #[test]
    fn labels() {
        let cases = [
            ("Trong quý I năm 2021, Trung tâm", "2021-01-01", "2021-03-31"),
            ("trong quý III-2020", "2020-07-01", "2020-09-30"),
            ("quý I/2024", "2024-01-01", "2024-03-31"),
            ("Quý 3 năm 2022", "2022-07-01", "2022-09-30"),
            ("tháng 10-2020", "2020-10-01", "2020-10-31"),
            ("Tháng 09/2021", "2021-09-01", "2021-09-30"),
            ("tháng 2 năm 2024", "2024-02-01", "2024-02-29"),
            ("Sáu tháng đầu năm 2022", "2022-01-01", "2022-06-30"),
            ("Trong 6 tháng năm 2023", "2023-01-01", "2023-06-30"),
            ("6 tháng cuối năm 2023", "2023-07-01", "2023-12-31"),
            ("Trong 9 tháng năm 2020", "2020-01-01", "2020-09-30"),
            ("Lũy kế đến hết tháng 10 năm 2023", "2023-01-01", "2023-10-31"),
            ("Từ đầu năm đến hết tháng 8/2023", "2023-01-01", "2023-08-31"),
            ("Lũy kế 11 tháng năm 2022", "2022-01-01", "2022-11-30"),
            ("3 tháng đầu năm 2021", "2021-01-01", "2021-03-31"),
            ("tính đến tháng 10 năm 2023", "2023-01-01", "2023-10-31"),
            ("Trong năm 2019", "2019-01-01", "2019-12-31"),
            ("Tuần 24 năm 2024", "2024-06-10", "2024-06-16"),
            ("Trong tuần 24 (từ ngày 10/6/2024 đến ngày 14/6/2024)", "2024-06-10", "2024-06-14"),
            ("Tính đến 17 giờ ngày 14/6/2024", "", "2024-06-14"),
            ("Lũy kế từ ngày 01/7/2025 đến hết tháng 11/2025", "2025-07-01", "2025-11-30"),
        ];
        for (text, s, e) in cases {
            assert_eq!(dates(text, None), (s.to_string(), e.to_string()), "{text}");
        }
    }

    #[test]
    fn since_the_start_of_the_year_has_no_end() {
        assert_eq!(dates("Từ đầu năm đến nay, Trung tâm", Some(2023)), ("2023-01-01".into(), String::new()));
        assert_eq!(one("kể từ đầu năm 2024", None).3, PeriodKind::YearToDate);
    }

    #[test]
    fn explicit_windows_win() {
        let (label, s, e, kind) = one("Tháng 09/2021 (Tính từ ngày 21/8/2021 đến ngày 20/9/2021), Trung tâm", None);
        assert_eq!(label, "Tháng 09/2021 (Tính từ ngày 21/8/2021 đến ngày 20/9/2021)");
        assert_eq!((s.as_deref(), e.as_deref(), kind), (Some("2021-08-21"), Some("2021-09-20"), PeriodKind::Month));
        assert_eq!(
            dates("Trong tháng 4 (từ ngày 1/4 đến ngày 25/4/2024)", None),
            ("2024-04-01".into(), "2024-04-25".into())
        );
        assert_eq!(
            dates("quý I năm 2023 (tính từ ngày 15/12/2022 đến 14/3/2023)", None),
            ("2022-12-15".into(), "2023-03-14".into())
        );
        assert_eq!(dates("từ ngày 21/7đến 20/8/2021", None), ("2021-07-21".into(), "2021-08-20".into()));
        assert_eq!(dates("từ 15/12 đến 14/3/2023", None), ("2022-12-15".into(), "2023-03-14".into()));
    }

    #[test]
    fn impossible_windows_are_corrected_and_reported() {
        let m = find_periods("Quý III năm 2021 (Tính từ ngày 21/6/2020 đến ngày 20/9/2021)", None).remove(0);
        assert_eq!(m.period.start.map(|d| d.to_string()).as_deref(), Some("2021-06-21"));
        assert!(m.corrected.is_some());
    }

    #[test]
    fn missing_years_take_the_hint() {
        assert_eq!(dates("Trong quý III, tỷ lệ", Some(2021)), ("2021-07-01".into(), "2021-09-30".into()));
        let (_, s, _, kind) = one("tháng 10", None);
        assert_eq!((s, kind), (None, PeriodKind::Month));
    }

    #[test]
    fn dates_and_times_are_spans() {
        let text = "Publish date 17/11/2023 | 08:38, ngày 22/01, xếp hạng 17/63";
        let spans: Vec<&str> = date_spans(text).into_iter().map(|(a, b)| &text[a..b]).collect();
        assert_eq!(spans, vec!["17/11/2023", "08:38", "ngày 22/01"]);
        let text = "từ 21/6/2021, Trung tâm";
        let spans: Vec<&str> = date_spans(text).into_iter().map(|(a, b)| &text[a..b]).collect();
        assert_eq!(spans, vec!["từ 21/6/2021"]);
    }

    proptest! {
        #[test]
        fn start_never_after_end(s in "\\PC{0,80}", m in 1u8..13, d in 1u8..29, y in 2000i32..2030) {
            for p in find_periods(&s, Some(y)) {
                if let (Some(a), Some(b)) = (p.period.start, p.period.end) { prop_assert!(a <= b || p.corrected.is_some()); }
            }
            let text = format!("từ ngày {d}/{m}/{y} đến ngày {d}/{m}/{}", y + 1);
            for p in find_periods(&text, None) {
                if let (Some(a), Some(b)) = (p.period.start, p.period.end) { prop_assert!(a <= b); }
            }
        }
    }
}
