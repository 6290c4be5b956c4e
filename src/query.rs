//! Rankings, trends, overviews and comparisons read from the store: the store is read
//! here (I/O), then the pure functions of [`crate::rank`] do the work.

mod lookup;
mod overview;

pub use self::overview::{
    compare, overview, overview_periods, Cell, Compared, Comparison, Measure, Overview, OverviewColumn,
};

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use self::lookup::Lookup;
use crate::extract::index_page::vietnam_date;
use crate::model::{
    CalendarPeriod, Era, Flag, IndexGroup, IndexScore, Metric, Observation, ProvinceCode, Scope, Unit, UnitLevel,
};
use crate::province::Registry;
use crate::rank::boundaries::{self, Boundaries};
use crate::rank::{self, add_changes, Point, Ranking, Row, Series, SourceRef, Subject, Trend};
use crate::store::{ObservationFilter, Store};
use crate::{Error, Result};

/// The host a figure's URL names, as a reader should see it: the demo's loopback
/// mirror is shown under the real host it mirrors.
fn display_host(store: &Store, url: &str) -> String {
    let host = url::Url::parse(url).ok().map(|u| crate::fetch::host_key(&u).unwrap_or_default()).unwrap_or_default();
    store.host_alias(&host).ok().flatten().unwrap_or(host)
}

/// The source lines of readings taken from `refs` (URL, capture time).
fn sources_of<'a>(store: &Store, refs: impl Iterator<Item = (&'a str, DateTime<Utc>)>) -> Vec<SourceRef> {
    // Readings of one table share their URL: find each URL's host once.
    let mut by_url: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
    for (url, at) in refs {
        let e = by_url.entry(url).or_insert(at);
        *e = (*e).max(at);
    }
    merge_sources(
        by_url.into_iter().map(|(url, captured_at)| SourceRef { host: display_host(store, url), captured_at }),
    )
}

/// Source lines from several readings: each host once, with its latest capture.
fn merge_sources(refs: impl Iterator<Item = SourceRef>) -> Vec<SourceRef> {
    let mut latest: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    for r in refs {
        let e = latest.entry(r.host).or_insert(r.captured_at);
        *e = (*e).max(r.captured_at);
    }
    latest.into_iter().map(|(host, captured_at)| SourceRef { host, captured_at }).collect()
}

/// A unit's value on the index total or one group. Before 2025-07 the site splits
/// online service in two columns; `ONLINE` is then their sum (two halves of one unit's
/// group, so comparable with the single column after the merger).
fn index_value(s: &IndexScore, group: Option<IndexGroup>) -> Option<f64> {
    match group {
        None => Some(s.total).filter(|t| t.is_finite()),
        Some(IndexGroup::OnlineCombined) => s
            .groups
            .get(&IndexGroup::OnlineCombined)
            .copied()
            .or_else(|| Some(s.groups.get(&IndexGroup::OnlineService)? + s.groups.get(&IndexGroup::OnlinePayment)?)),
        Some(g) => s.groups.get(&g).copied(),
    }
}

/// Whose table a ranking ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexScope {
    /// The provinces (the national table).
    National,
    /// One level of one province's drill-down (departments, districts or communes).
    DrillDown {
        /// The province, in either map: a pre-2025 province's units after the merger
        /// are those of the province it became part of.
        province: ProvinceCode,
        /// The level ranked.
        level: UnitLevel,
    },
}

/// What to rank from the national index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexSelection {
    /// The period.
    pub period: CalendarPeriod,
    /// One group instead of the total.
    pub group: Option<IndexGroup>,
    /// Each unit's latest capture at or before this moment (`None`: the latest).
    pub as_of: Option<DateTime<Utc>>,
    /// The national table or a drill-down.
    pub scope: IndexScope,
}

/// A ranking from the index, with what a reader should know about the readings behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexTable {
    /// The ranking, with changes against the period before.
    pub ranking: Ranking,
    /// For a drill-down: the province whose units are ranked, in the period's map.
    pub province: Option<ProvinceCode>,
    /// Units of the national table whose name matches no province: kept in the store,
    /// not ranked.
    pub unmatched: Vec<String>,
    /// Failed checks of the readings used: the unit and what failed.
    pub checks: Vec<(String, String)>,
    /// When the readings used were captured: the earliest and the latest.
    pub captured: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The one province that is `p` in the map of `era` (see [`boundaries::in_map`]).
fn province_in(p: ProvinceCode, era: Era) -> Result<ProvinceCode> {
    match boundaries::in_map(p, era).as_slice() {
        [only] => Ok(*only),
        parts => {
            let registry = Registry::builtin();
            let names: Vec<String> = parts.iter().map(|c| registry.name(*c)).collect();
            Err(Error::Input(format!(
                "{} did not exist before 2025-07-01; it was formed from {}: name one of them",
                registry.name(p),
                names.join(", ")
            )))
        }
    }
}

/// The ranking of a national-index table: the provinces, or one level of one province's
/// units, on the total or one group, from each unit's latest capture at or before
/// `as_of`, with changes against the period before.
///
/// # Errors
/// When the store fails, or has no readings for the selection (the message says what it
/// has), or no unit has the group asked for.
pub fn index_table(store: &Store, sel: &IndexSelection) -> Result<IndexTable> {
    let era = sel.period.era();
    let (level, parent) = match sel.scope {
        IndexScope::National => (UnitLevel::Province, None),
        IndexScope::DrillDown { province, level } => (level, Some(province_in(province, era)?)),
    };
    let read = |period: CalendarPeriod| -> Result<Vec<IndexScore>> {
        let mut scores = store.scores(period, level, sel.as_of)?;
        if let Some(parent) = parent {
            scores.retain(|s| s.province == Some(parent));
        }
        Ok(scores)
    };
    let scores = read(sel.period)?;
    if scores.is_empty() {
        return Err(no_readings(store, sel, level, parent)?);
    }
    let mut ranking = ranking_of(&scores, sel.period, sel.group, parent.is_none());
    if ranking.entries.is_empty() {
        if let Some(group) = sel.group {
            let have: BTreeSet<&str> = scores.iter().flat_map(|s| s.groups.keys().map(|g| g.code())).collect();
            return Err(Error::Input(format!(
                "no unit has the group {} for {}; its groups are {}{}",
                group.code(),
                sel.period,
                have.into_iter().collect::<Vec<_>>().join(", "),
                if era == Era::Post2025 { " (from 2025-07 online service is one group, ONLINE /22)" } else { "" }
            )));
        }
    }
    ranking.sample = store.is_sample()?;
    ranking.sources = sources_of(store, scores.iter().map(|s| (s.provenance.url.as_str(), s.captured_at)));
    let before = read(sel.period.previous())?;
    if !before.is_empty() {
        add_changes(&mut ranking, &ranking_of(&before, sel.period.previous(), sel.group, parent.is_none()));
    }
    let unmatched = scores.iter().filter(|s| parent.is_none() && s.province.is_none()).map(|s| s.unit_name.clone());
    let checks = scores.iter().flat_map(|s| s.flags.iter().map(|f| (s.unit_name.clone(), f.describe())));
    let captured = scores.iter().map(|s| s.captured_at).min().zip(scores.iter().map(|s| s.captured_at).max());
    Ok(IndexTable { ranking, province: parent, unmatched: unmatched.collect(), checks: checks.collect(), captured })
}

/// The error for a selection the store has no readings for, saying what it has.
fn no_readings(store: &Store, sel: &IndexSelection, level: UnitLevel, parent: Option<ProvinceCode>) -> Result<Error> {
    let have = store.score_periods()?;
    if have.is_empty() {
        return Ok(Error::Input(
            "the store has no index scores yet; run `dvcrank crawl` (or `dvcrank demo`) first".to_string(),
        ));
    }
    let when = sel.as_of.map_or(String::new(), |a| format!(" as of {}", vietnam_date(a)));
    let Some(parent) = parent else {
        let near: Vec<String> = have.iter().rev().take(6).map(ToString::to_string).collect();
        return Ok(Error::Input(format!(
            "no index scores for {}{when}; the latest periods stored are {}",
            sel.period,
            near.join(", ")
        )));
    };
    let registry = Registry::builtin();
    let level_name = |l: UnitLevel| match l {
        UnitLevel::Department => "department",
        UnitLevel::District => "district",
        UnitLevel::Commune => "commune",
        UnitLevel::Province => "province",
    };
    // The province's other levels, if the store has them (before 2025 the index ranked
    // districts, from 2025 communes).
    let mut other_levels = Vec::new();
    for other in [UnitLevel::Department, UnitLevel::District, UnitLevel::Commune] {
        let has =
            other != level && store.scores(sel.period, other, sel.as_of)?.iter().any(|s| s.province == Some(parent));
        if has {
            other_levels.push(format!("--level {}", level_name(other)));
        }
    }
    let hint = if other_levels.is_empty() {
        let drilled: BTreeSet<String> = store
            .scores(sel.period, level, sel.as_of)?
            .iter()
            .filter_map(|s| s.province)
            .map(|p| registry.name(p))
            .collect();
        let have = if drilled.is_empty() {
            format!("the store has no {} tables for {}", level_name(level), sel.period)
        } else {
            format!("the store has them for {}", drilled.into_iter().collect::<Vec<_>>().join(", "))
        };
        format!(
            "{have} (fetch them with `dvcrank crawl --drill \"{}\" --period {}`)",
            registry.name(parent),
            sel.period
        )
    } else {
        format!("the store has {} for it", other_levels.join(", "))
    };
    Ok(Error::Input(format!(
        "no {} scores for {} in {}{when}; {hint}",
        level_name(level),
        registry.name(parent),
        sel.period
    )))
}

/// The national index ranking of a period (the total, or one group), from each
/// province's latest capture at or before `as_of`, with changes against the period before.
///
/// # Errors
/// When the store fails, or has no scores for the period (the message lists the
/// periods it has).
pub fn index_ranking(
    store: &Store,
    period: CalendarPeriod,
    group: Option<IndexGroup>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Ranking> {
    let sel = IndexSelection { period, group, as_of, scope: IndexScope::National };
    Ok(index_table(store, &sel)?.ranking)
}

/// Ranks readings: provinces by their code (national) or a province's units by name.
fn ranking_of(scores: &[IndexScore], period: CalendarPeriod, group: Option<IndexGroup>, national: bool) -> Ranking {
    let registry = Registry::builtin();
    let rows: Vec<Row> = scores
        .iter()
        .filter_map(|s| {
            let province = s.province?;
            Some(Row {
                province,
                name: if national { registry.name(province) } else { s.unit_name.clone() },
                value: index_value(s, group)?,
                groups: s.groups.clone(),
                // A drill-down table is ranked by the site across all its levels.
                published_rank: if group.is_none() && national { s.rank } else { None },
            })
        })
        .collect();
    let expected: Vec<ProvinceCode> =
        if national { registry.of_era(period.era()).map(|p| p.code).collect() } else { Vec::new() };
    let subject = group.map_or(Subject::Index, |group| Subject::IndexGroup { group });
    rank::rank(subject, period, rows, &expected)
}

/// One value per province for a bulletin metric in a calendar period: the provincial
/// centre's figure if there is one (most bulletins report it, so series stay comparable),
/// else the province-wide one; set-aside figures never.
fn pick_per_province(observations: Vec<Observation>) -> BTreeMap<ProvinceCode, Observation> {
    let mut best: BTreeMap<ProvinceCode, Observation> = BTreeMap::new();
    let preference = |o: &Observation| match o.scope {
        Scope::ProvincialCenter => 0,
        Scope::ProvinceAll => 1,
        _ => 2,
    };
    for o in observations {
        let Some(p) = o.province else { continue };
        if preference(&o) > 1 || o.flags.iter().any(Flag::excludes) {
            continue;
        }
        let better = best.get(&p).is_none_or(|b| {
            (preference(&o), std::cmp::Reverse(o.provenance.fetched_at))
                < (preference(b), std::cmp::Reverse(b.provenance.fetched_at))
        });
        if better {
            best.insert(p, o);
        }
    }
    best
}

/// Figures for one metric and unit that report on `period` (a month stated with its own
/// window, "21/9–20/10", reports on the month it ends in).
fn observations_in(store: &Store, metric: Metric, unit: Unit, period: CalendarPeriod) -> Result<Vec<Observation>> {
    let filter = ObservationFilter {
        metric: Some(metric),
        since: Some(period.start()),
        until: Some(period.end()),
        ..ObservationFilter::default()
    };
    Ok(store
        .observations(&filter)?
        .into_iter()
        .filter(|o| o.unit == unit && o.period.reporting_period() == Some(period))
        .collect())
}

/// Provinces ranked on a bulletin metric for a calendar period (figures that report on
/// that period).
///
/// # Errors
/// When the store fails or no province has the figure.
pub fn metric_ranking(store: &Store, metric: Metric, unit: Unit, period: CalendarPeriod) -> Result<Ranking> {
    let picked = pick_per_province(observations_in(store, metric, unit, period)?);
    if picked.is_empty() {
        return Err(Error::Input(format!("no province has a `{metric}` figure ({unit}) for {period} in the store")));
    }
    let registry = Registry::builtin();
    let rows = picked
        .values()
        .filter_map(|o| {
            Some(Row {
                province: o.province?,
                name: registry.name(o.province?),
                value: o.value,
                groups: BTreeMap::new(),
                published_rank: None,
            })
        })
        .collect();
    let expected: Vec<ProvinceCode> = registry.of_era(period.era()).map(|p| p.code).collect();
    let mut ranking = rank::rank(Subject::Metric { metric, unit }, period, rows, &expected);
    ranking.sample = store.is_sample()?;
    ranking.sources = sources_of(store, picked.values().map(|o| (o.provenance.url.as_str(), o.provenance.fetched_at)));
    Ok(ranking)
}

/// What a trend follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendSubject {
    /// The national index total, or one group.
    Index(Option<IndexGroup>),
    /// A bulletin metric in a unit.
    Metric(Metric, Unit),
}

impl TrendSubject {
    /// Whether values can be added over provinces (counts of dossiers, ratings …).
    fn additive(self) -> bool {
        matches!(self, TrendSubject::Metric(m, Unit::Count) if m.is_additive())
    }

    fn subject(self) -> Subject {
        match self {
            TrendSubject::Index(None) => Subject::Index,
            TrendSubject::Index(Some(group)) => Subject::IndexGroup { group },
            TrendSubject::Metric(metric, unit) => Subject::Metric { metric, unit },
        }
    }
}

/// Series for provinces, each period in its own map: a province is followed through the
/// 2025 merger (before it, its own values; after it, the values of the province it became
/// part of).
///
/// # Errors
/// When the store fails.
pub fn trend(
    store: &Store,
    subject: TrendSubject,
    provinces: &[ProvinceCode],
    periods: &[CalendarPeriod],
    as_of: Option<DateTime<Utc>>,
) -> Result<Trend> {
    trend_in(store, subject, provinces, periods, as_of, Boundaries::AsPublished)
}

/// Series for provinces under the boundaries chosen (see [`rank::boundaries`]): under
/// the 2025 boundaries, counts before the merger are summed over the provinces merged,
/// and scores and rates are shown per old province.
///
/// # Errors
/// When the store fails.
pub fn trend_in(
    store: &Store,
    subject: TrendSubject,
    provinces: &[ProvinceCode],
    periods: &[CalendarPeriod],
    as_of: Option<DateTime<Utc>>,
    boundaries: Boundaries,
) -> Result<Trend> {
    let columns = boundaries::columns(provinces, periods, boundaries, subject.additive());
    let mut lookup = Lookup::new(store, as_of, &columns)?;
    let mut series = Vec::with_capacity(columns.len());
    for column in columns {
        let mut points = Vec::with_capacity(periods.len());
        for (&period, feed) in periods.iter().zip(&column.feeds) {
            let value = match feed {
                Some(feed) => lookup.value(subject, period, feed)?,
                None => None,
            };
            points.push(Point { period, value });
        }
        series.push(Series { province: column.province, name: column.name, points });
    }
    Ok(Trend { subject: subject.subject(), series, sources: lookup.sources(), sample: store.is_sample()? })
}

/// Every month from `from` to `to`, inclusive.
#[must_use]
pub fn months_between(from: CalendarPeriod, to: CalendarPeriod) -> Vec<CalendarPeriod> {
    periods_between(CalendarPeriod::Month { year: from.year(), month: from.months().0 }, to)
}

/// Every period of `from`'s kind from `from` to the last one starting by the end of `to`:
/// `2024-Q1`..`2024-12` gives the four quarters of 2024.
#[must_use]
pub fn periods_between(from: CalendarPeriod, to: CalendarPeriod) -> Vec<CalendarPeriod> {
    let mut out = Vec::new();
    let mut p = from;
    // A bound against a typo like 2024..2924 running for ever.
    while p.start() <= to.end() && out.len() < 2400 {
        out.push(p);
        p = following(p);
    }
    out
}

/// The period of the same kind just after `p`.
fn following(p: CalendarPeriod) -> CalendarPeriod {
    let (year, last) = (p.year(), p.months().1);
    let (next_year, next_month) = if last == 12 { (year + 1, 1) } else { (year, last + 1) };
    match p {
        CalendarPeriod::Month { .. } => CalendarPeriod::Month { year: next_year, month: next_month },
        CalendarPeriod::Quarter { .. } => CalendarPeriod::Quarter { year: next_year, quarter: next_month.div_ceil(3) },
        CalendarPeriod::Half { .. } => CalendarPeriod::Half { year: next_year, half: next_month.div_ceil(6) },
        CalendarPeriod::Year { .. } => CalendarPeriod::Year { year: year + 1 },
    }
}

/// Whether two periods are of the same kind (both months, both quarters …).
fn same_kind(a: CalendarPeriod, b: CalendarPeriod) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

/// The periods of `kind`'s kind (month, quarter, half-year, year) that have data for
/// `subject`: national index scores, or a bulletin figure of the metric.
///
/// # Errors
/// When the store fails.
pub fn subject_periods(store: &Store, subject: TrendSubject, kind: CalendarPeriod) -> Result<Vec<CalendarPeriod>> {
    let found: BTreeSet<CalendarPeriod> = match subject {
        TrendSubject::Index(_) => store.score_periods()?.into_iter().collect(),
        TrendSubject::Metric(metric, unit) => {
            let filter = ObservationFilter { metric: Some(metric), ..ObservationFilter::default() };
            store
                .observations(&filter)?
                .into_iter()
                .filter(|o| o.unit == unit)
                .filter_map(|o| o.period.reporting_period())
                .collect()
        }
    };
    Ok(found.into_iter().filter(|p| same_kind(*p, kind)).collect())
}

/// Any month: the kind of period most series step by.
const A_MONTH: CalendarPeriod = CalendarPeriod::Month { year: 2000, month: 1 };

/// The months that have national index scores in the store.
///
/// # Errors
/// When the store fails.
pub fn index_months(store: &Store) -> Result<Vec<CalendarPeriod>> {
    subject_periods(store, TrendSubject::Index(None), A_MONTH)
}

/// The months that have a bulletin figure for `metric`.
///
/// # Errors
/// When the store fails.
pub fn metric_months(store: &Store, metric: Metric, unit: Unit) -> Result<Vec<CalendarPeriod>> {
    subject_periods(store, TrendSubject::Metric(metric, unit), A_MONTH)
}
