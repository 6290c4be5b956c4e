//! Rankings with ties, changes between periods, grades, and time series for trends;
//! rates derived from bulletin figures ([`ratio`]) and series across the 2025 merger
//! ([`boundaries`]). Pure: values in, rankings out; the store reads happen in the caller.

pub mod boundaries;
pub mod ratio;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CalendarPeriod, Era, IndexGroup, Metric, ProvinceCode, Unit};

/// What a ranking or a trend measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// The national index total (/100).
    Index,
    /// One group of the national index.
    IndexGroup {
        /// The group.
        group: IndexGroup,
    },
    /// A bulletin metric in one unit.
    Metric {
        /// The metric.
        metric: Metric,
        /// Its unit.
        unit: Unit,
    },
}

impl Subject {
    /// The unit of the values.
    #[must_use]
    pub fn unit(self) -> Unit {
        match self {
            Subject::Index | Subject::IndexGroup { .. } => Unit::Points,
            Subject::Metric { unit, .. } => unit,
        }
    }

    /// Whether larger values rank higher.
    #[must_use]
    pub fn higher_is_better(self) -> bool {
        match self {
            Subject::Index | Subject::IndexGroup { .. } => true,
            Subject::Metric { metric, .. } => metric.higher_is_better(),
        }
    }

    /// The most a value can be, when there is a fixed maximum (index points, percent).
    #[must_use]
    pub fn max_value(self) -> Option<f64> {
        match self {
            Subject::Index => Some(100.0),
            Subject::IndexGroup { group } => Some(group.max_points()),
            Subject::Metric { unit: Unit::Percent, .. } => Some(100.0),
            Subject::Metric { .. } => None,
        }
    }

    /// A short name in Vietnamese.
    #[must_use]
    pub fn name_vi(self) -> String {
        match self {
            Subject::Index => "Chỉ số phục vụ người dân, doanh nghiệp".to_string(),
            Subject::IndexGroup { group } => format!("Nhóm chỉ số: {}", group.name_vi()),
            Subject::Metric { metric, unit } => {
                let what = metric_name_vi(metric);
                if unit == Unit::Percent {
                    format!("{what} (tỷ lệ)")
                } else {
                    what.to_string()
                }
            }
        }
    }

    /// A short name in English.
    #[must_use]
    pub fn name_en(self) -> String {
        match self {
            Subject::Index => "Service index for citizens and businesses".to_string(),
            Subject::IndexGroup { group } => format!("Index group: {}", group.name_en()),
            Subject::Metric { metric, unit } => {
                let what = metric.as_str().replace('_', " ");
                if unit == Unit::Percent {
                    format!("{what} (%)")
                } else {
                    what
                }
            }
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Index => f.write_str("index"),
            Subject::IndexGroup { group } => write!(f, "index:{}", group.code()),
            Subject::Metric { metric, unit: Unit::Percent } => write!(f, "{metric}%"),
            Subject::Metric { metric, .. } => write!(f, "{metric}"),
        }
    }
}

/// A metric's name in Vietnamese, for titles and tables.
#[must_use]
pub fn metric_name_vi(metric: Metric) -> &'static str {
    match metric {
        Metric::ReceivedTotal => "Hồ sơ tiếp nhận",
        Metric::ReceivedNew => "Hồ sơ tiếp nhận mới",
        Metric::ReceivedOnline => "Hồ sơ tiếp nhận trực tuyến",
        Metric::ReceivedDirect => "Hồ sơ tiếp nhận trực tiếp",
        Metric::ReceivedPostal => "Hồ sơ tiếp nhận qua bưu chính",
        Metric::CarriedOver => "Hồ sơ kỳ trước chuyển sang",
        Metric::InProcessTotal => "Hồ sơ đã và đang giải quyết",
        Metric::Due => "Hồ sơ đến hạn",
        Metric::Resolved => "Hồ sơ đã giải quyết",
        Metric::ResolvedEarly => "Giải quyết trước hạn",
        Metric::ResolvedOnTime => "Giải quyết đúng hạn",
        Metric::ResolvedEarlyOrOnTime => "Giải quyết đúng và trước hạn",
        Metric::ResolvedLate => "Giải quyết trễ hạn",
        Metric::ReturnedOrWithdrawn => "Hồ sơ trả lại, rút",
        Metric::Pending => "Hồ sơ đang giải quyết",
        Metric::ResultsPostal => "Trả kết quả qua bưu chính",
        Metric::OnlineLevel3 => "Hồ sơ trực tuyến mức độ 3",
        Metric::OnlineLevel4 => "Hồ sơ trực tuyến mức độ 4",
        Metric::OnlinePayments => "Thanh toán trực tuyến",
        Metric::RatingsTotal => "Lượt đánh giá",
        Metric::RatingsVerySatisfied => "Rất hài lòng",
        Metric::RatingsSatisfied => "Hài lòng",
        Metric::RatingsNeutral => "Bình thường",
        Metric::RatingsDissatisfied => "Không hài lòng",
        Metric::GuidanceTotal => "Lượt hướng dẫn, hỗ trợ",
        Metric::IndexTotalScore => "Điểm Bộ chỉ số",
        Metric::IndexRank => "Xếp hạng Bộ chỉ số",
        Metric::IndexRankOf => "Số đơn vị xếp hạng",
        Metric::IndexGroupScore => "Điểm nhóm chỉ số",
        Metric::Other => "Khác",
    }
}

/// The grade bands of the national index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// ≥ 90.
    Excellent,
    /// 80–90.
    Good,
    /// 70–80.
    Fair,
    /// 50–70.
    Average,
    /// < 50.
    Weak,
}

impl Grade {
    /// The band a total score falls in.
    #[must_use]
    pub fn of(total: f64) -> Grade {
        match total {
            t if t >= 90.0 => Grade::Excellent,
            t if t >= 80.0 => Grade::Good,
            t if t >= 70.0 => Grade::Fair,
            t if t >= 50.0 => Grade::Average,
            _ => Grade::Weak,
        }
    }

    /// The Vietnamese name used by the portal.
    #[must_use]
    pub fn name_vi(self) -> &'static str {
        match self {
            Grade::Excellent => "Xuất sắc",
            Grade::Good => "Tốt",
            Grade::Fair => "Khá",
            Grade::Average => "Trung bình",
            Grade::Weak => "Yếu",
        }
    }
}

/// Where the figures of a ranking or trend were read, for the chart's source line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    /// The host ("dichvucong.gov.vn").
    pub host: String,
    /// The latest capture used from it.
    pub captured_at: DateTime<Utc>,
}

/// One province's value, before ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The province.
    pub province: ProvinceCode,
    /// Its display name.
    pub name: String,
    /// The value ranked.
    pub value: f64,
    /// Index group scores, when the subject is the index.
    pub groups: BTreeMap<IndexGroup, f64>,
    /// The rank the source itself published, if any.
    pub published_rank: Option<u16>,
}

/// Movement since the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Places gained (positive) or lost (negative).
    pub rank: i32,
    /// Difference in value.
    pub value: f64,
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankEntry {
    /// Rank; tied values share one (1, 2, 2, 4).
    pub rank: u16,
    /// The province.
    pub province: ProvinceCode,
    /// Its display name.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Index group scores, when the subject is the index.
    pub groups: BTreeMap<IndexGroup, f64>,
    /// The rank the source published, kept to show disagreement.
    pub published_rank: Option<u16>,
    /// Change against the previous period, when it has a value.
    pub change: Option<Change>,
}

/// Provinces ordered on one subject for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// What is ranked.
    pub subject: Subject,
    /// The period.
    pub period: CalendarPeriod,
    /// Best first.
    pub entries: Vec<RankEntry>,
    /// Provinces of the era with no value.
    pub missing: Vec<ProvinceCode>,
    /// Where the values were read.
    pub sources: Vec<SourceRef>,
    /// Whether the figures are the bundled sample data.
    pub sample: bool,
}

impl Ranking {
    /// The administrative map the ranking's provinces belong to.
    #[must_use]
    pub fn era(&self) -> Era {
        self.period.era()
    }

    /// The mean of the ranked values (the "national average" line).
    #[must_use]
    pub fn average(&self) -> Option<f64> {
        if self.entries.is_empty() {
            return None;
        }
        #[allow(clippy::cast_precision_loss)]
        let n = self.entries.len() as f64;
        Some(self.entries.iter().map(|e| e.value).sum::<f64>() / n)
    }
}

/// Values within this distance rank as tied (the portal publishes two decimals).
const TIE_EPSILON: f64 = 0.005;

/// Ranks `rows` on `subject`: sorted best first, equal values share a rank (1, 2, 2, 4),
/// and `expected` provinces with no row are listed as missing. The input order does not
/// matter: ties are listed by name.
#[must_use]
pub fn rank(subject: Subject, period: CalendarPeriod, rows: Vec<Row>, expected: &[ProvinceCode]) -> Ranking {
    let mut rows: Vec<Row> = rows.into_iter().filter(|r| r.value.is_finite()).collect();
    let better = subject.higher_is_better();
    rows.sort_by(|a, b| {
        let by_value = if better { b.value.total_cmp(&a.value) } else { a.value.total_cmp(&b.value) };
        by_value.then_with(|| a.name.cmp(&b.name)).then_with(|| a.province.cmp(&b.province))
    });
    let mut entries: Vec<RankEntry> = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let rank = match entries.last() {
            Some(prev) if (prev.value - row.value).abs() < TIE_EPSILON => prev.rank,
            _ => u16::try_from(i + 1).unwrap_or(u16::MAX),
        };
        entries.push(RankEntry {
            rank,
            province: row.province,
            name: row.name,
            value: row.value,
            groups: row.groups,
            published_rank: row.published_rank,
            change: None,
        });
    }
    let present: BTreeSet<ProvinceCode> = entries.iter().map(|e| e.province).collect();
    let missing = expected.iter().copied().filter(|c| !present.contains(c)).collect();
    Ranking { subject, period, entries, missing, sources: Vec::new(), sample: false }
}

/// Fills each entry's change against `previous` (same subject, the period before). An
/// entry is the same as before when its province and name are (a province's name is
/// fixed within a map; the units of a drill-down share their province and differ by name).
pub fn add_changes(current: &mut Ranking, previous: &Ranking) {
    let before: BTreeMap<(ProvinceCode, &str), &RankEntry> =
        previous.entries.iter().map(|e| ((e.province, e.name.as_str()), e)).collect();
    for entry in &mut current.entries {
        entry.change = before
            .get(&(entry.province, entry.name.as_str()))
            .map(|p| Change { rank: i32::from(p.rank) - i32::from(entry.rank), value: entry.value - p.value });
    }
}

/// Keeps only the entries (and missing provinces) of `provinces`, each with the rank it
/// has in the whole ranking.
pub fn retain_provinces(ranking: &mut Ranking, provinces: &[ProvinceCode]) {
    let keep: BTreeSet<ProvinceCode> = provinces.iter().copied().collect();
    ranking.entries.retain(|e| keep.contains(&e.province));
    ranking.missing.retain(|p| keep.contains(p));
}

/// One point of a series; `None` where the period has no data (drawn as a gap).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The period.
    pub period: CalendarPeriod,
    /// The value, if known.
    pub value: Option<f64>,
}

/// One province's values over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The province.
    pub province: ProvinceCode,
    /// Its display name.
    pub name: String,
    /// Points in period order, one per period of the trend.
    pub points: Vec<Point>,
}

impl Series {
    /// How many periods have a value.
    #[must_use]
    pub fn coverage(&self) -> usize {
        self.points.iter().filter(|p| p.value.is_some()).count()
    }

    /// The runs of consecutive periods that have a value, first and last of each.
    #[must_use]
    pub fn covered(&self) -> Vec<(CalendarPeriod, CalendarPeriod)> {
        let periods: Vec<CalendarPeriod> = self.points.iter().map(|p| p.period).collect();
        let present: Vec<bool> = self.points.iter().map(|p| p.value.is_some()).collect();
        runs(&periods, &present)
    }
}

/// The runs of consecutive `periods` whose flag in `present` is set, as (first, last):
/// how a table says which periods have data.
#[must_use]
pub fn runs(periods: &[CalendarPeriod], present: &[bool]) -> Vec<(CalendarPeriod, CalendarPeriod)> {
    let mut out: Vec<(CalendarPeriod, CalendarPeriod)> = Vec::new();
    let mut open = false;
    for (&period, &has) in periods.iter().zip(present) {
        match (has, open, out.last_mut()) {
            (true, true, Some(run)) => run.1 = period,
            (true, ..) => out.push((period, period)),
            _ => {}
        }
        open = has;
    }
    out
}

/// Several provinces' series on one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// What is measured.
    pub subject: Subject,
    /// One per province.
    pub series: Vec<Series>,
    /// Where the values were read.
    pub sources: Vec<SourceRef>,
    /// Whether the figures are the bundled sample data.
    pub sample: bool,
}

/// Builds a series over `periods` from known values; periods without a value become gaps.
#[must_use]
pub fn series(
    province: ProvinceCode,
    name: String,
    periods: &[CalendarPeriod],
    values: &BTreeMap<CalendarPeriod, f64>,
) -> Series {
    let points = periods.iter().map(|&period| Point { period, value: values.get(&period).copied() }).collect();
    Series { province, name, points }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(gso: u8) -> ProvinceCode {
        ProvinceCode { era: Era::Pre2025, gso }
    }

    fn row(gso: u8, value: f64) -> Row {
        Row { province: code(gso), name: format!("P{gso:02}"), value, groups: BTreeMap::new(), published_rank: None }
    }

    fn period() -> CalendarPeriod {
        CalendarPeriod::Month { year: 2024, month: 4 }
    }

    #[test]
    fn ties_share_a_rank_and_skip_the_next() {
        let r = rank(Subject::Index, period(), vec![row(1, 80.0), row(2, 90.0), row(3, 80.0), row(4, 70.0)], &[]);
        let ranks: Vec<(u16, u8)> = r.entries.iter().map(|e| (e.rank, e.province.gso)).collect();
        assert_eq!(ranks, vec![(1, 2), (2, 1), (2, 3), (4, 4)]);
    }

    #[test]
    fn lower_is_better_for_late_dossiers() {
        let subject = Subject::Metric { metric: Metric::ResolvedLate, unit: Unit::Percent };
        let r = rank(subject, period(), vec![row(1, 3.0), row(2, 0.5)], &[]);
        assert_eq!(r.entries[0].province, code(2));
    }

    #[test]
    fn missing_provinces_are_listed() {
        let r = rank(Subject::Index, period(), vec![row(1, 80.0), row(2, f64::NAN)], &[code(1), code(2), code(4)]);
        assert_eq!(r.missing, vec![code(2), code(4)]);
        assert_eq!(r.entries.len(), 1);
    }

    #[test]
    fn changes_against_previous_period() {
        let before = rank(Subject::Index, period().previous(), vec![row(1, 70.0), row(2, 80.0)], &[]);
        let mut now = rank(Subject::Index, period(), vec![row(1, 85.0), row(2, 80.0), row(3, 60.0)], &[]);
        add_changes(&mut now, &before);
        let one = &now.entries[0];
        assert_eq!(one.province, code(1));
        let change = one.change.expect("had a value before");
        assert_eq!(change.rank, 1);
        assert!((change.value - 15.0).abs() < 1e-9);
        assert!(now.entries[2].change.is_none());
    }

    #[test]
    fn units_of_one_province_keep_their_own_changes() {
        let unit = |name: &str, value| Row { name: name.into(), ..row(20, value) };
        let before = rank(Subject::Index, period().previous(), vec![unit("Sở A", 80.0), unit("Sở B", 70.0)], &[]);
        let mut now = rank(Subject::Index, period(), vec![unit("Sở A", 75.0), unit("Sở B", 78.0)], &[]);
        add_changes(&mut now, &before);
        let b = now.entries.iter().find(|e| e.name == "Sở B").expect("B");
        assert_eq!(b.change.map(|c| c.rank), Some(1));
        assert!(b.change.is_some_and(|c| (c.value - 8.0).abs() < 1e-9));
    }

    #[test]
    fn a_filtered_ranking_keeps_the_national_ranks() {
        let mut r = rank(Subject::Index, period(), vec![row(1, 90.0), row(2, 80.0), row(3, 70.0)], &[code(4)]);
        retain_provinces(&mut r, &[code(3), code(4)]);
        assert_eq!(r.entries.iter().map(|e| (e.rank, e.province)).collect::<Vec<_>>(), vec![(3, code(3))]);
        assert_eq!(r.missing, vec![code(4)]);
    }

    #[test]
    fn grades_follow_the_bands() {
        assert_eq!(Grade::of(90.0), Grade::Excellent);
        assert_eq!(Grade::of(86.97), Grade::Good);
        assert_eq!(Grade::of(75.35), Grade::Fair);
        assert_eq!(Grade::of(69.63), Grade::Average);
        assert_eq!(Grade::of(49.99), Grade::Weak);
    }

    #[test]
    fn series_has_gaps_for_missing_periods() {
        let periods: Vec<CalendarPeriod> = CalendarPeriod::months_of(2024).take(3).collect();
        let values = BTreeMap::from([(periods[0], 1.0), (periods[2], 3.0)]);
        let s = series(code(1), "P01".into(), &periods, &values);
        assert_eq!(s.points[1].value, None);
        assert_eq!(s.coverage(), 2);
        assert_eq!(s.covered(), vec![(periods[0], periods[0]), (periods[2], periods[2])]);
        let all = series(code(1), "P01".into(), &periods[..2], &BTreeMap::from([(periods[0], 1.0), (periods[1], 2.0)]));
        assert_eq!(all.covered(), vec![(periods[0], periods[1])]);
    }

    proptest! {
        #[test]
        fn missing_are_the_expected_without_a_value_and_filters_keep_ranks(
            present in proptest::collection::btree_set(0u8..60, 0..40),
            keep in proptest::collection::btree_set(0u8..60, 0..10),
        ) {
            let rows: Vec<Row> = present.iter().map(|g| row(*g, f64::from(*g % 7))).collect();
            let expected: Vec<ProvinceCode> = (0..60).map(code).collect();
            let full = rank(Subject::Index, period(), rows, &expected);
            let missing: Vec<u8> = full.missing.iter().map(|c| c.gso).collect();
            prop_assert_eq!(missing, (0..60).filter(|g| !present.contains(g)).collect::<Vec<_>>());
            let mut some = full.clone();
            let keep: Vec<ProvinceCode> = keep.iter().map(|g| code(*g)).collect();
            retain_provinces(&mut some, &keep);
            for e in &some.entries {
                prop_assert!(keep.contains(&e.province));
                prop_assert_eq!(Some(e.rank), full.entries.iter().find(|f| f.province == e.province).map(|f| f.rank));
            }
            prop_assert_eq!(some.entries.len() + some.missing.len(), keep.len());
        }

        #[test]
        fn ranks_are_monotonic_and_order_free(values in proptest::collection::vec(0u16..1000, 1..70), seed in any::<u64>()) {
            let rows: Vec<Row> = values.iter().enumerate().map(|(i, v)| row(u8::try_from(i).unwrap_or(0), f64::from(*v) / 10.0)).collect();
            let a = rank(Subject::Index, period(), rows.clone(), &[]);
            let mut shuffled = rows;
            let n = shuffled.len();
            for i in 0..n {
                let j = usize::try_from((seed.wrapping_mul(i as u64 + 7)) % n as u64).unwrap_or(0);
                shuffled.swap(i, j);
            }
            let b = rank(Subject::Index, period(), shuffled, &[]);
            prop_assert_eq!(&a.entries, &b.entries);
            // Competition ranking: one more than the number of strictly better values.
            for e in &a.entries {
                let better = a.entries.iter().filter(|o| o.value - e.value >= TIE_EPSILON).count();
                prop_assert_eq!(usize::from(e.rank), better + 1);
            }
            for w in a.entries.windows(2) {
                prop_assert!(w[0].value >= w[1].value);
                prop_assert!(w[0].rank <= w[1].rank);
                if (w[0].value - w[1].value).abs() < TIE_EPSILON {
                    prop_assert_eq!(w[0].rank, w[1].rank);
                }
            }
        }
    }
}
