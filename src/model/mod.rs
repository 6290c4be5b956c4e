//! Core data types shared by every stage: provinces, periods, metrics, observations,
//! national-index scores and fetched pages. Pure: no I/O. Serialised names follow
//! `shared/eval/SCHEMA.md`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod index;
mod period;

pub use self::index::{IndexGroup, IndexScore, UnitLevel};
pub use self::period::{first_of_month, last_of_month, CalendarPeriod, Period, PeriodKind};

/// Which administrative map a province code belongs to: the 63 provinces before
/// 2025-07-01 or the 34 after. GSO codes are reused across the two (44 was Quảng Bình,
/// is now Quảng Trị), so a code is only meaningful with its era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Era {
    /// The 63 provinces in force until 2025-06-30.
    #[serde(rename = "63")]
    Pre2025,
    /// The 34 provinces in force from 2025-07-01.
    #[serde(rename = "34")]
    Post2025,
}

impl Era {
    /// The first day of the 34-province map.
    pub const MERGER_DATE: (i32, u32, u32) = (2025, 7, 1);

    /// The era in force on `date`.
    #[must_use]
    pub fn on(date: NaiveDate) -> Era {
        let (y, m, d) = Self::MERGER_DATE;
        if (date.year(), date.month(), date.day()) < (y, m, d) {
            Era::Pre2025
        } else {
            Era::Post2025
        }
    }

    /// How many provinces the era has (63 or 34).
    #[must_use]
    pub fn province_count(self) -> u16 {
        match self {
            Era::Pre2025 => 63,
            Era::Post2025 => 34,
        }
    }
}

/// A province: its GSO code within an era. Displayed as `63:01` / `34:01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProvinceCode {
    /// The map the code belongs to.
    pub era: Era,
    /// The two-digit GSO code.
    pub gso: u8,
}

impl fmt::Display for ProvinceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:02}", self.era.province_count(), self.gso)
    }
}

impl FromStr for ProvinceCode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a province code (expected e.g. 63:06 or 34:19)");
        let (era, gso) = s.split_once(':').ok_or_else(bad)?;
        let era = match era {
            "63" => Era::Pre2025,
            "34" => Era::Post2025,
            _ => return Err(bad()),
        };
        let gso = gso.parse().map_err(|_| bad())?;
        Ok(ProvinceCode { era, gso })
    }
}

impl Serialize for ProvinceCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProvinceCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Declares a string-keyed enum with `as_str`, `FromStr`, `ALL` and serde by key.
macro_rules! keyed_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key used in files, on the command line and in SCHEMA.md.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let keys: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    crate::text::unknown_choice(stringify!($name), s, &keys)
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

keyed_enum! {
    /// What a figure counts (the metric keys of SCHEMA.md).
    Metric {
        /// Dossiers received in total.
        ReceivedTotal = "received_total",
        /// Newly received dossiers ("tiếp nhận mới").
        ReceivedNew = "received_new",
        /// Dossiers received online.
        ReceivedOnline = "received_online",
        /// Dossiers received in person.
        ReceivedDirect = "received_direct",
        /// Dossiers received by post.
        ReceivedPostal = "received_postal",
        /// Dossiers carried over from the previous period.
        CarriedOver = "carried_over",
        /// Dossiers handled or in progress in the period.
        InProcessTotal = "in_process_total",
        /// Dossiers due in the period.
        Due = "due",
        /// Dossiers resolved.
        Resolved = "resolved",
        /// Resolved before the deadline.
        ResolvedEarly = "resolved_early",
        /// Resolved on the deadline (early reported separately).
        ResolvedOnTime = "resolved_on_time",
        /// Resolved early or on time.
        ResolvedEarlyOrOnTime = "resolved_early_or_on_time",
        /// Resolved late, or overdue.
        ResolvedLate = "resolved_late",
        /// Returned to the applicant or withdrawn.
        ReturnedOrWithdrawn = "returned_or_withdrawn",
        /// Still being processed.
        Pending = "pending",
        /// Results returned by post.
        ResultsPostal = "results_postal",
        /// Online dossiers at service level 3.
        OnlineLevel3 = "online_level3",
        /// Online dossiers at service level 4.
        OnlineLevel4 = "online_level4",
        /// Fees paid online.
        OnlinePayments = "online_payments",
        /// Satisfaction ratings given.
        RatingsTotal = "ratings_total",
        /// "Very satisfied" ratings.
        RatingsVerySatisfied = "ratings_very_satisfied",
        /// "Satisfied" ratings.
        RatingsSatisfied = "ratings_satisfied",
        /// "Neutral" ratings.
        RatingsNeutral = "ratings_neutral",
        /// "Dissatisfied" ratings.
        RatingsDissatisfied = "ratings_dissatisfied",
        /// People guided or helped.
        GuidanceTotal = "guidance_total",
        /// National index total score (/100).
        IndexTotalScore = "index_total_score",
        /// National index rank.
        IndexRank = "index_rank",
        /// Number of units ranked on the national index.
        IndexRankOf = "index_rank_of",
        /// Score of one index group (named in `unit_name`).
        IndexGroupScore = "index_group_score",
        /// Anything else (not scored).
        Other = "other",
    }
}

impl Metric {
    /// Whether larger values are better when ranking on this metric.
    #[must_use]
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Metric::ResolvedLate
                | Metric::Pending
                | Metric::ReturnedOrWithdrawn
                | Metric::RatingsDissatisfied
                | Metric::IndexRank
        )
    }

    /// Whether values of this metric can be summed across provinces (counts of dossiers,
    /// ratings …), which decides how series are shown across the 2025 merger.
    #[must_use]
    pub fn is_additive(self) -> bool {
        !matches!(
            self,
            Metric::IndexTotalScore | Metric::IndexRank | Metric::IndexRankOf | Metric::IndexGroupScore | Metric::Other
        )
    }
}

keyed_enum! {
    /// The unit a value is in.
    Unit {
        /// A count of dossiers, ratings, ranks …
        Count = "count",
        /// A percentage (79,75% is 79.75).
        Percent = "percent",
        /// Index points.
        Points = "points",
    }
}

keyed_enum! {
    /// Which part of the administration a figure is about.
    Scope {
        /// The provincial public-administration service centre.
        ProvincialCenter = "provincial_center",
        /// District and commune one-stop desks (and 2025 ward/commune centres).
        DistrictCommune = "district_commune",
        /// A provincial department (Sở) or the departments together.
        Department = "department",
        /// The whole province.
        ProvinceAll = "province_all",
        /// National figures, other provinces, mixed aggregates.
        Other = "other",
    }
}

/// SHA-256 of a page body; pages are stored by it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageHash(pub [u8; 32]);

impl PageHash {
    /// The hash of `bytes`.
    #[must_use]
    pub fn of(bytes: &[u8]) -> PageHash {
        use sha2::Digest;
        PageHash(sha2::Sha256::digest(bytes).into())
    }
}

impl fmt::Display for PageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for PageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PageHash({self})")
    }
}

impl FromStr for PageHash {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a SHA-256 hash (64 hex digits)");
        if s.len() != 64 || !s.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(PageHash(out))
    }
}

impl Serialize for PageHash {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PageHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The name of a source: the stem of its selectors file (`baodongkhoi`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub String);

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// Where a figure came from: the sentence (or table row) and its byte span in the
/// article body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence or table row, NFC.
    pub text: String,
    /// Byte offset of the sentence in the article body.
    pub start: usize,
    /// Byte offset just past the sentence.
    pub end: usize,
}

/// Which fetch a figure was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The page's URL (or `file://` path for a local file).
    pub url: String,
    /// Hash of the page body the figure was read from.
    pub page: PageHash,
    /// When the page was fetched (or the file read).
    pub fetched_at: DateTime<Utc>,
    /// [`crate::EXTRACTOR_VERSION`] of the code that read it.
    pub extractor_version: u32,
}

/// Something a reader should check before trusting a figure. Flagged figures are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// The text qualifies the number ("hơn", "gần", "khoảng").
    Approximate {
        /// The qualifying word.
        qualifier: String,
    },
    /// The stated dates were impossible and were corrected.
    PeriodCorrected {
        /// What was stated and what was used.
        detail: String,
    },
    /// Another figure in the document disagrees with this one.
    Contradiction {
        /// What disagrees.
        detail: String,
    },
    /// Set aside: a title figure its own body contradicts. Kept for the record, left
    /// out of rankings and trends.
    SetAside {
        /// Why.
        detail: String,
    },
    /// An index table failed a consistency check (groups vs total, ranks vs scores).
    Inconsistent {
        /// Which check failed.
        detail: String,
    },
}

impl Flag {
    /// Whether a figure with this flag stays out of rankings and trends.
    #[must_use]
    pub fn excludes(&self) -> bool {
        matches!(self, Flag::SetAside { .. })
    }

    /// A one-line description.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Flag::Approximate { qualifier } => format!("approximate ({qualifier})"),
            Flag::PeriodCorrected { detail } => format!("period corrected: {detail}"),
            Flag::Contradiction { detail } => format!("contradiction: {detail}"),
            Flag::SetAside { detail } => format!("set aside: {detail}"),
            Flag::Inconsistent { detail } => format!("inconsistent: {detail}"),
        }
    }
}

/// One figure read from a bulletin, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The province the figure is about, when known.
    pub province: Option<ProvinceCode>,
    /// The province as the document names it.
    pub province_text: Option<String>,
    /// Which part of the administration.
    pub scope: Scope,
    /// The unit as the text names it ("Trung tâm Phục vụ hành chính công tỉnh").
    pub unit_name: String,
    /// The reporting window.
    pub period: Period,
    /// What is counted.
    pub metric: Metric,
    /// The value, normalised (72.165 → 72165, 79,75% → 79.75).
    pub value: f64,
    /// The unit of `value`.
    pub unit: Unit,
    /// The sentence it came from.
    pub evidence: Evidence,
    /// The fetch it came from.
    pub provenance: Provenance,
    /// What to check before trusting it.
    pub flags: Vec<Flag>,
}

/// What a fetched page is to the crawl.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageRole {
    /// A list of links to bulletins.
    Listing,
    /// A bulletin article.
    Bulletin,
    /// The national index's HTML page (fetched for its cookies).
    IndexPage,
    /// An answer of the national index's JSON gateway.
    IndexTable {
        /// The period asked for.
        period: CalendarPeriod,
        /// `None`: the national table; a unit ID: that province's drill-down.
        unit_id: Option<String>,
    },
    /// An answer of the index's breakdown service (one unit's groups and their maxima).
    IndexBreakdown {
        /// The period asked for.
        period: CalendarPeriod,
        /// The unit asked about.
        unit_id: String,
    },
    /// Not recorded.
    #[default]
    Unknown,
}

/// One fetch of one URL. The body is stored separately, by [`PageHash`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The URL requested.
    pub url: String,
    /// The URL answered, after redirects.
    pub final_url: String,
    /// The form body, for a POST (the index gateway); `None` for a GET.
    pub request_body: Option<String>,
    /// The source it was fetched for.
    pub source: SourceId,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// HTTP status.
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: Option<String>,
    /// `ETag` header, for conditional GET.
    pub etag: Option<String>,
    /// `Last-Modified` header, for conditional GET.
    pub last_modified: Option<String>,
    /// SHA-256 of the body.
    pub hash: PageHash,
    /// Body length in bytes.
    pub body_len: u64,
    /// What the page is to the crawl.
    #[serde(default)]
    pub role: PageRole,
}

impl Page {
    /// The key the store keeps this page's versions under: the URL, with the form body
    /// for a POST (each gateway query is its own page).
    #[must_use]
    pub fn key(&self) -> String {
        page_key(&self.url, self.request_body.as_deref())
    }
}

/// The store key of a URL fetched with an optional form body.
#[must_use]
pub fn page_key(url: &str, request_body: Option<&str>) -> String {
    match request_body {
        Some(body) => format!("{url} POST {body}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_periods_parse_and_print() {
        for s in ["2024-04", "2024-Q2", "2024-H1", "2024"] {
            let p: CalendarPeriod = s.parse().expect("valid");
            assert_eq!(p.to_string(), s);
        }
        assert!("2024-13".parse::<CalendarPeriod>().is_err());
        assert!("2024-Q5".parse::<CalendarPeriod>().is_err());
        assert!("april".parse::<CalendarPeriod>().is_err());
    }

    #[test]
    fn calendar_period_dates() {
        let q: CalendarPeriod = "2024-Q1".parse().expect("valid");
        assert_eq!(q.start(), NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"));
        assert_eq!(q.end(), NaiveDate::from_ymd_opt(2024, 3, 31).expect("date"));
        assert_eq!(CalendarPeriod::from_dates(q.start(), q.end()), Some(q));
        let feb: CalendarPeriod = "2024-02".parse().expect("valid");
        assert_eq!(feb.end().day(), 29);
        assert_eq!(feb.previous().to_string(), "2024-01");
        assert_eq!("2024-01".parse::<CalendarPeriod>().expect("valid").previous().to_string(), "2023-12");
    }

    #[test]
    fn eras_split_on_merger_day() {
        assert_eq!("2025-06".parse::<CalendarPeriod>().expect("valid").era(), Era::Pre2025);
        assert_eq!("2025-07".parse::<CalendarPeriod>().expect("valid").era(), Era::Post2025);
        assert_eq!("2025".parse::<CalendarPeriod>().expect("valid").era(), Era::Post2025);
    }

    #[test]
    fn keys_round_trip() {
        for m in Metric::ALL {
            assert_eq!(m.as_str().parse::<Metric>(), Ok(*m));
        }
        let err = "recieved_total".parse::<Metric>().expect_err("unknown");
        assert!(err.contains("received_total"), "{err}");
        let code: ProvinceCode = "63:06".parse().expect("valid");
        assert_eq!(code.to_string(), "63:06");
        let h = PageHash::of(b"abc");
        assert_eq!(h.to_string().parse::<PageHash>(), Ok(h));
    }
}
