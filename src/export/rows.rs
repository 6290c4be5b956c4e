//! The flat rows of the exports: one observation, one index reading, one ranking line,
//! each with its provenance. Pure: built from model types and the URL as a reader should
//! see it (the store maps the demo's loopback mirror to `mirror://real-host/…`).
//!
//! JSON keeps types (numbers, nulls, a list of flags, a map of group scores); CSV
//! flattens them into the `COLUMNS` of each row type.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::{cell_num, Record};
use crate::model::{Flag, IndexGroup, IndexScore, Observation, Provenance, ProvinceCode};
use crate::rank::{Grade, RankEntry, Ranking};

/// One flag of a figure: its kind (`approximate`, `period_corrected`, `contradiction`,
/// `set_aside`, `inconsistent`) and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRow {
    /// The kind, as in `Flag`'s serialised tag.
    pub kind: String,
    /// The qualifier or the detail.
    pub detail: String,
}

impl FlagRow {
    /// The row of a flag.
    #[must_use]
    pub fn of(flag: &Flag) -> FlagRow {
        let (kind, detail) = match flag {
            Flag::Approximate { qualifier } => ("approximate", qualifier),
            Flag::PeriodCorrected { detail } => ("period_corrected", detail),
            Flag::Contradiction { detail } => ("contradiction", detail),
            Flag::SetAside { detail } => ("set_aside", detail),
            Flag::Inconsistent { detail } => ("inconsistent", detail),
        };
        FlagRow { kind: kind.to_string(), detail: detail.clone() }
    }
}

/// Flags as one CSV cell: `kind: detail`, separated by ` | `.
fn flags_cell(flags: &[FlagRow]) -> String {
    flags.iter().map(|f| format!("{}: {}", f.kind, f.detail)).collect::<Vec<_>>().join(" | ")
}

/// A time as exports write it: RFC 3339 in UTC, with as many fractional digits as it has
/// (so the value read back is the value stored).
#[must_use]
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn date_cell(d: Option<NaiveDate>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

fn opt_cell<T: ToString>(v: Option<&T>) -> String {
    v.map_or_else(String::new, ToString::to_string)
}

/// Where a row's value was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The page's URL as a reader should see it (`mirror://host/…` for the demo's mirror).
    pub source_url: String,
    /// When the page was fetched (RFC 3339, UTC).
    pub captured_at: String,
    /// SHA-256 of the page body, hex: the body is in the store and in a WARC export
    /// (`WARC-Payload-Digest: sha256:<this>`).
    pub page_sha256: String,
    /// The version of the extraction rules that read it.
    pub extractor_version: u32,
}

impl Source {
    /// The source of a provenance, with the URL already mapped for readers.
    #[must_use]
    pub fn of(p: &Provenance, source_url: String) -> Source {
        Source {
            source_url,
            captured_at: timestamp(p.fetched_at),
            page_sha256: p.page.to_string(),
            extractor_version: p.extractor_version,
        }
    }

    fn cells(&self) -> [String; 4] {
        [
            self.source_url.clone(),
            self.captured_at.clone(),
            self.page_sha256.clone(),
            self.extractor_version.to_string(),
        ]
    }
}

/// One figure read from a bulletin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservationRow {
    /// `63:06` (pre-2025 map) or `34:19` (post-2025); null when not known.
    pub province_code: Option<ProvinceCode>,
    /// The province's name in the registry.
    pub province: Option<String>,
    /// The province as the bulletin names it.
    pub province_text: Option<String>,
    /// `provincial_center`, `district_commune`, `department`, `province_all`, `other`.
    pub scope: String,
    /// The unit as the text names it.
    pub unit_name: String,
    /// The metric key (SCHEMA.md).
    pub metric: String,
    /// The value, normalised (72.165 → 72165, 79,75% → 79.75).
    pub value: f64,
    /// `count`, `percent` or `points`.
    pub unit: String,
    /// The words naming the period.
    pub period_label: String,
    /// First day of the period (YYYY-MM-DD), when known.
    pub period_start: Option<NaiveDate>,
    /// Last day, when known.
    pub period_end: Option<NaiveDate>,
    /// `month`, `quarter`, `half`, `nine_months`, `year_to_date`, `year`, `explicit`, `unknown`.
    pub period_kind: String,
    /// The sentence or table row the value was read from.
    pub evidence: String,
    /// What to check before using the figure.
    pub flags: Vec<FlagRow>,
    /// Kept for the record but left out of rankings and trends.
    pub set_aside: bool,
    /// Where it was read.
    #[serde(flatten)]
    pub source: Source,
    /// Whether it is the bundled sample data.
    pub sample: bool,
}

impl ObservationRow {
    /// The row of an observation.
    #[must_use]
    pub fn new(o: &Observation, province: Option<String>, source_url: String, sample: bool) -> ObservationRow {
        ObservationRow {
            province_code: o.province,
            province,
            province_text: o.province_text.clone(),
            scope: o.scope.as_str().to_string(),
            unit_name: o.unit_name.clone(),
            metric: o.metric.as_str().to_string(),
            value: o.value,
            unit: o.unit.as_str().to_string(),
            period_label: o.period.label.clone(),
            period_start: o.period.start,
            period_end: o.period.end,
            period_kind: serde_json::to_value(o.period.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            evidence: o.evidence.text.clone(),
            flags: o.flags.iter().map(FlagRow::of).collect(),
            set_aside: o.flags.iter().any(Flag::excludes),
            source: Source::of(&o.provenance, source_url),
            sample,
        }
    }
}

impl Record for ObservationRow {
    const COLUMNS: &'static [&'static str] = &[
        "province_code",
        "province",
        "province_text",
        "scope",
        "unit_name",
        "metric",
        "value",
        "unit",
        "period_label",
        "period_start",
        "period_end",
        "period_kind",
        "evidence",
        "flags",
        "set_aside",
        "source_url",
        "captured_at",
        "page_sha256",
        "extractor_version",
        "sample",
    ];

    fn cells(&self) -> Vec<String> {
        let mut out = vec![
            opt_cell(self.province_code.as_ref()),
            self.province.clone().unwrap_or_default(),
            self.province_text.clone().unwrap_or_default(),
            self.scope.clone(),
            self.unit_name.clone(),
            self.metric.clone(),
            self.value.to_string(),
            self.unit.clone(),
            self.period_label.clone(),
            date_cell(self.period_start),
            date_cell(self.period_end),
            self.period_kind.clone(),
            self.evidence.clone(),
            flags_cell(&self.flags),
            self.set_aside.to_string(),
        ];
        out.extend(self.source.cells());
        out.push(self.sample.to_string());
        out
    }
}

/// The group columns of score and ranking CSVs: every group, always, so the columns do
/// not depend on the periods exported.
fn group_cells(groups: &BTreeMap<String, f64>) -> impl Iterator<Item = String> + '_ {
    IndexGroup::ALL.iter().map(|g| cell_num(groups.get(g.code()).copied()))
}

fn group_map(groups: &BTreeMap<IndexGroup, f64>) -> BTreeMap<String, f64> {
    groups.iter().map(|(g, v)| (g.code().to_string(), *v)).collect()
}

/// The CSV columns of the groups, in the site's order.
const GROUP_COLUMNS: [&str; 7] = ["CKMB", "TDGQ", "TTTT", "CLGQ", "ONLINE", "MDHL", "MDSH"];

/// One reading of the national index for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// The period scored (`2024-04`).
    pub period: String,
    /// `province`, `department`, `district` or `commune`.
    pub level: String,
    /// The unit's ID in the index system.
    pub unit_id: String,
    /// The unit's name as the index shows it.
    pub unit_name: String,
    /// The province (the unit itself, or the one a drill-down belongs to).
    pub province_code: Option<ProvinceCode>,
    /// The province's name in the registry.
    pub province: Option<String>,
    /// Total out of 100.
    pub total: f64,
    /// The rank the index published.
    pub rank: Option<u16>,
    /// How many units that table ranks.
    pub rank_of: Option<u16>,
    /// Xuất sắc, Tốt, Khá, Trung bình or Yếu.
    pub grade: String,
    /// Group scores by code (CKMB, TDGQ, TTTT, CLGQ, ONLINE, MDHL, MDSH).
    pub groups: BTreeMap<String, f64>,
    /// Failed consistency checks of the table.
    pub flags: Vec<FlagRow>,
    /// Where it was read (`captured_at` is the snapshot's time).
    #[serde(flatten)]
    pub source: Source,
    /// Whether it is the bundled sample data.
    pub sample: bool,
}

impl ScoreRow {
    /// The row of a score.
    #[must_use]
    pub fn new(s: &IndexScore, province: Option<String>, source_url: String, sample: bool) -> ScoreRow {
        let mut source = Source::of(&s.provenance, source_url);
        source.captured_at = timestamp(s.captured_at);
        ScoreRow {
            period: s.period.to_string(),
            level: serde_json::to_value(s.level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            unit_id: s.unit_id.clone(),
            unit_name: s.unit_name.clone(),
            province_code: s.province,
            province,
            total: s.total,
            rank: s.rank,
            rank_of: s.rank_of,
            grade: Grade::of(s.total).name_vi().to_string(),
            groups: group_map(&s.groups),
            flags: s.flags.iter().map(FlagRow::of).collect(),
            source,
            sample,
        }
    }
}

impl Record for ScoreRow {
    const COLUMNS: &'static [&'static str] = &[
        "period",
        "level",
        "unit_id",
        "unit_name",
        "province_code",
        "province",
        "total",
        "rank",
        "rank_of",
        "grade",
        GROUP_COLUMNS[0],
        GROUP_COLUMNS[1],
        GROUP_COLUMNS[2],
        GROUP_COLUMNS[3],
        GROUP_COLUMNS[4],
        GROUP_COLUMNS[5],
        GROUP_COLUMNS[6],
        "flags",
        "source_url",
        "captured_at",
        "page_sha256",
        "extractor_version",
        "sample",
    ];

    fn cells(&self) -> Vec<String> {
        let mut out = vec![
            self.period.clone(),
            self.level.clone(),
            self.unit_id.clone(),
            self.unit_name.clone(),
            opt_cell(self.province_code.as_ref()),
            self.province.clone().unwrap_or_default(),
            self.total.to_string(),
            opt_cell(self.rank.as_ref()),
            opt_cell(self.rank_of.as_ref()),
            self.grade.clone(),
        ];
        out.extend(group_cells(&self.groups));
        out.push(flags_cell(&self.flags));
        out.extend(self.source.cells());
        out.push(self.sample.to_string());
        out
    }
}

/// One line of a ranking, with the reading it ranks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingRow {
    /// What is ranked: `index`, or `index:MDHL` for one group.
    pub subject: String,
    /// The period.
    pub period: String,
    /// Rank; tied values share one (1, 2, 2, 4).
    pub rank: u16,
    /// The province.
    pub province_code: ProvinceCode,
    /// Its name.
    pub province: String,
    /// The value ranked.
    pub value: f64,
    /// Group scores by code.
    pub groups: BTreeMap<String, f64>,
    /// The grade of the total (index rankings only).
    pub grade: Option<String>,
    /// Places gained (positive) or lost since the period before.
    pub rank_change: Option<i32>,
    /// Change in value since the period before.
    pub value_change: Option<f64>,
    /// The rank the index itself published, to show any disagreement.
    pub published_rank: Option<u16>,
    /// Failed consistency checks of the reading.
    pub flags: Vec<FlagRow>,
    /// Where the reading was taken.
    #[serde(flatten)]
    pub source: Source,
    /// Whether it is the bundled sample data.
    pub sample: bool,
}

impl RankingRow {
    /// The row of a ranking entry and the index reading it ranks.
    #[must_use]
    pub fn new(r: &Ranking, e: &RankEntry, score: &IndexScore, source_url: String) -> RankingRow {
        let mut source = Source::of(&score.provenance, source_url);
        source.captured_at = timestamp(score.captured_at);
        RankingRow {
            subject: r.subject.to_string(),
            period: r.period.to_string(),
            rank: e.rank,
            province_code: e.province,
            province: e.name.clone(),
            value: e.value,
            groups: group_map(&e.groups),
            grade: matches!(r.subject, crate::rank::Subject::Index).then(|| Grade::of(e.value).name_vi().to_string()),
            rank_change: e.change.map(|c| c.rank),
            // The index publishes two decimals; the difference of two such values is exact
            // to two decimals, the rest is floating-point noise.
            value_change: e.change.map(|c| (c.value * 100.0).round() / 100.0),
            published_rank: e.published_rank,
            flags: score.flags.iter().map(FlagRow::of).collect(),
            source,
            sample: r.sample,
        }
    }
}

impl Record for RankingRow {
    const COLUMNS: &'static [&'static str] = &[
        "subject",
        "period",
        "rank",
        "province_code",
        "province",
        "value",
        GROUP_COLUMNS[0],
        GROUP_COLUMNS[1],
        GROUP_COLUMNS[2],
        GROUP_COLUMNS[3],
        GROUP_COLUMNS[4],
        GROUP_COLUMNS[5],
        GROUP_COLUMNS[6],
        "grade",
        "rank_change",
        "value_change",
        "published_rank",
        "flags",
        "source_url",
        "captured_at",
        "page_sha256",
        "extractor_version",
        "sample",
    ];

    fn cells(&self) -> Vec<String> {
        let mut out = vec![
            self.subject.clone(),
            self.period.clone(),
            self.rank.to_string(),
            self.province_code.to_string(),
            self.province.clone(),
            self.value.to_string(),
        ];
        out.extend(group_cells(&self.groups));
        out.extend([
            self.grade.clone().unwrap_or_default(),
            opt_cell(self.rank_change.as_ref()),
            cell_num(self.value_change),
            opt_cell(self.published_rank.as_ref()),
            flags_cell(&self.flags),
        ]);
        out.extend(self.source.cells());
        out.push(self.sample.to_string());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_match_cells_and_group_codes() {
        assert_eq!(
            GROUP_COLUMNS.to_vec(),
            IndexGroup::ALL.iter().map(|g| g.code()).collect::<Vec<_>>(),
            "CSV group columns follow IndexGroup::ALL"
        );
        let flags = vec![
            FlagRow::of(&Flag::Approximate { qualifier: "hơn".into() }),
            FlagRow::of(&Flag::SetAside { detail: "x".into() }),
        ];
        assert_eq!(flags_cell(&flags), "approximate: hơn | set_aside: x");
    }

    #[test]
    fn timestamps_keep_their_precision() {
        let t: DateTime<Utc> = "2024-04-10T03:00:00.123456789Z".parse().expect("time");
        assert_eq!(timestamp(t), "2024-04-10T03:00:00.123456789Z");
        let whole: DateTime<Utc> = "2024-04-10T03:00:00Z".parse().expect("time");
        assert_eq!(timestamp(whole), "2024-04-10T03:00:00Z");
    }
}
