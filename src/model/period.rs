//! Reporting periods: a window as a text states it ([`Period`]) and the calendar periods
//! of the national index and of rankings ([`CalendarPeriod`]). Pure.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Era;

/// What kind of window a [`Period`] is, as stated in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month, or a stated monthly window.
    Month,
    /// A quarter.
    Quarter,
    /// A half-year ("6 tháng đầu năm").
    Half,
    /// The first nine months ("9 tháng").
    NineMonths,
    /// From 1 January to the end of a month ("lũy kế đến hết tháng 10").
    YearToDate,
    /// A calendar year.
    Year,
    /// Only explicit dates ("từ ngày … đến ngày …").
    Explicit,
    /// The text names a period whose dates cannot be determined.
    Unknown,
}

/// A reporting window as the text states it, with normalised dates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// The words of the text that name the period.
    pub label: String,
    /// First day, inclusive; `None` when not determinable.
    pub start: Option<NaiveDate>,
    /// Last day, inclusive; `None` when not determinable.
    pub end: Option<NaiveDate>,
    /// The kind of window.
    pub kind: PeriodKind,
}

impl Period {
    /// A period with no stated window.
    #[must_use]
    pub fn unknown() -> Period {
        Period { label: String::new(), start: None, end: None, kind: PeriodKind::Unknown }
    }
}

impl Period {
    /// The calendar period the figure reports on: the exact calendar window, or for a
    /// month or quarter stated with its own window ("Tháng 09/2021 (từ 21/8 đến 20/9)"),
    /// the month or quarter the window ends in.
    #[must_use]
    pub fn reporting_period(&self) -> Option<CalendarPeriod> {
        let (start, end) = (self.start?, self.end?);
        if let Some(p) = CalendarPeriod::from_dates(start, end) {
            return Some(p);
        }
        let days = (end - start).num_days() + 1;
        let year = end.year();
        let month = u8::try_from(end.month()).ok()?;
        match self.kind {
            PeriodKind::Month if (27..=32).contains(&days) => Some(CalendarPeriod::Month { year, month }),
            PeriodKind::Quarter if (85..=95).contains(&days) => {
                Some(CalendarPeriod::Quarter { year, quarter: month.div_ceil(3) })
            }
            _ => None,
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start, self.end, &self.label, self.kind).cmp(&(other.start, other.end, &other.label, other.kind))
    }
}

/// A calendar reporting period of the national index and of rankings:
/// `2024-04`, `2024-Q2`, `2024-H1` or `2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CalendarPeriod {
    /// A month (1–12).
    Month {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u8,
    },
    /// A quarter (1–4).
    Quarter {
        /// Year.
        year: i32,
        /// Quarter, 1–4.
        quarter: u8,
    },
    /// A half-year (1–2).
    Half {
        /// Year.
        year: i32,
        /// Half, 1–2.
        half: u8,
    },
    /// A whole year.
    Year {
        /// Year.
        year: i32,
    },
}

impl CalendarPeriod {
    /// The year the period falls in.
    #[must_use]
    pub fn year(self) -> i32 {
        match self {
            CalendarPeriod::Month { year, .. }
            | CalendarPeriod::Quarter { year, .. }
            | CalendarPeriod::Half { year, .. }
            | CalendarPeriod::Year { year } => year,
        }
    }

    /// First and last month (1–12) the period covers.
    #[must_use]
    pub fn months(self) -> (u8, u8) {
        match self {
            CalendarPeriod::Month { month, .. } => (month, month),
            CalendarPeriod::Quarter { quarter, .. } => (quarter * 3 - 2, quarter * 3),
            CalendarPeriod::Half { half, .. } => (half * 6 - 5, half * 6),
            CalendarPeriod::Year { .. } => (1, 12),
        }
    }

    /// First day of the period.
    #[must_use]
    pub fn start(self) -> NaiveDate {
        first_of_month(self.year(), self.months().0)
    }

    /// Last day of the period.
    #[must_use]
    pub fn end(self) -> NaiveDate {
        last_of_month(self.year(), self.months().1)
    }

    /// The administrative map in force at the end of the period.
    #[must_use]
    pub fn era(self) -> Era {
        Era::on(self.end())
    }

    /// The period of the same kind just before this one.
    #[must_use]
    pub fn previous(self) -> CalendarPeriod {
        match self {
            CalendarPeriod::Month { year, month: 1 } => CalendarPeriod::Month { year: year - 1, month: 12 },
            CalendarPeriod::Month { year, month } => CalendarPeriod::Month { year, month: month - 1 },
            CalendarPeriod::Quarter { year, quarter: 1 } => CalendarPeriod::Quarter { year: year - 1, quarter: 4 },
            CalendarPeriod::Quarter { year, quarter } => CalendarPeriod::Quarter { year, quarter: quarter - 1 },
            CalendarPeriod::Half { year, half: 1 } => CalendarPeriod::Half { year: year - 1, half: 2 },
            CalendarPeriod::Half { year, half } => CalendarPeriod::Half { year, half: half - 1 },
            CalendarPeriod::Year { year } => CalendarPeriod::Year { year: year - 1 },
        }
    }

    /// The same period as a dated [`Period`].
    #[must_use]
    pub fn to_period(self) -> Period {
        let kind = match self {
            CalendarPeriod::Month { .. } => PeriodKind::Month,
            CalendarPeriod::Quarter { .. } => PeriodKind::Quarter,
            CalendarPeriod::Half { .. } => PeriodKind::Half,
            CalendarPeriod::Year { .. } => PeriodKind::Year,
        };
        Period { label: self.to_string(), start: Some(self.start()), end: Some(self.end()), kind }
    }

    /// The calendar period whose dates are exactly `start..=end`, if there is one.
    #[must_use]
    pub fn from_dates(start: NaiveDate, end: NaiveDate) -> Option<CalendarPeriod> {
        let year = start.year();
        if end.year() != year || start.day() != 1 || end != last_of_month(year, end.month() as u8) {
            return None;
        }
        let (a, b) = (start.month() as u8, end.month() as u8);
        match (a, b) {
            (a, b) if a == b => Some(CalendarPeriod::Month { year, month: a }),
            (1, 12) => Some(CalendarPeriod::Year { year }),
            (1, 6) | (7, 12) => Some(CalendarPeriod::Half { year, half: b / 6 }),
            (a, b) if b == a + 2 && a % 3 == 1 => Some(CalendarPeriod::Quarter { year, quarter: b / 3 }),
            _ => None,
        }
    }

    /// Every month of `year`, January first.
    pub fn months_of(year: i32) -> impl Iterator<Item = CalendarPeriod> {
        (1..=12).map(move |month| CalendarPeriod::Month { year, month })
    }
}

/// First day of a month.
#[must_use]
pub fn first_of_month(year: i32, month: u8) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, u32::from(month.clamp(1, 12)), 1).unwrap_or(NaiveDate::MIN)
}

/// Last day of a month.
#[must_use]
pub fn last_of_month(year: i32, month: u8) -> NaiveDate {
    let (y, m) = if month >= 12 { (year + 1, 1) } else { (year, month + 1) };
    first_of_month(y, m).pred_opt().unwrap_or(NaiveDate::MIN)
}

impl fmt::Display for CalendarPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CalendarPeriod::Month { year, month } => write!(f, "{year}-{month:02}"),
            CalendarPeriod::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            CalendarPeriod::Half { year, half } => write!(f, "{year}-H{half}"),
            CalendarPeriod::Year { year } => write!(f, "{year}"),
        }
    }
}

impl FromStr for CalendarPeriod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!("`{s}` is not a period: use a month (2024-04), a quarter (2024-Q2), a half-year (2024-H1) or a year (2024)")
        };
        let s = s.trim();
        let (y, rest) = match s.split_once('-') {
            Some((y, rest)) => (y, Some(rest)),
            None => (s, None),
        };
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        let Some(rest) = rest else { return Ok(CalendarPeriod::Year { year }) };
        let num = |t: &str, max: u8| -> Result<u8, String> {
            t.parse::<u8>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(bad)
        };
        let upper = rest.to_ascii_uppercase();
        if let Some(q) = upper.strip_prefix('Q') {
            Ok(CalendarPeriod::Quarter { year, quarter: num(q, 4)? })
        } else if let Some(h) = upper.strip_prefix('H') {
            Ok(CalendarPeriod::Half { year, half: num(h, 2)? })
        } else {
            Ok(CalendarPeriod::Month { year, month: num(rest, 12)? })
        }
    }
}

impl Serialize for CalendarPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CalendarPeriod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
