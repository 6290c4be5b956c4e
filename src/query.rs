//! Rankings and trends read from the store: the store is read here (I/O), then the pure
//! functions of [`crate::rank`] do the work.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::model::{
    CalendarPeriod, Era, Flag, IndexGroup, IndexScore, Metric, Observation, ProvinceCode, Scope, Unit, UnitLevel,
};
use crate::province::Registry;
use crate::rank::{self, add_changes, Point, Ranking, Row, Series, SourceRef, Subject, Trend};
use crate::store::{ObservationFilter, Store};
use crate::{Error, Result};

/// The host a figure's URL names, as a reader should see it: the demo's loopback
/// mirror is shown under the real host it mirrors.
fn display_host(store: &Store, url: &str) -> String {
    let host = url::Url::parse(url).ok().map(|u| crate::fetch::host_key(&u).unwrap_or_default()).unwrap_or_default();
    store.host_alias(&host).ok().flatten().unwrap_or(host)
}

fn sources_of<'a>(store: &Store, refs: impl Iterator<Item = (&'a str, DateTime<Utc>)>) -> Vec<SourceRef> {
    let mut latest: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    for (url, at) in refs {
        let host = display_host(store, url);
        let e = latest.entry(host).or_insert(at);
        *e = (*e).max(at);
    }
    latest.into_iter().map(|(host, captured_at)| SourceRef { host, captured_at }).collect()
}

fn index_value(s: &IndexScore, group: Option<IndexGroup>) -> Option<f64> {
    match group {
        None => Some(s.total).filter(|t| t.is_finite()),
        Some(g) => s.groups.get(&g).copied(),
    }
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
    let scores = store.scores(period, UnitLevel::Province, as_of)?;
    if scores.is_empty() {
        let have = store.score_periods()?;
        let near: Vec<String> = have.iter().rev().take(6).map(ToString::to_string).collect();
        return Err(Error::Input(if have.is_empty() {
            "the store has no index scores yet; run `dvcrank crawl` (or `dvcrank demo`) first".to_string()
        } else {
            format!(
                "no index scores for {period}{}; the latest periods stored are {}",
                as_of.map_or(String::new(), |a| format!(" as of {a}")),
                near.join(", ")
            )
        }));
    }
    let mut ranking = index_ranking_of(&scores, period, group);
    ranking.sample = store.is_sample()?;
    ranking.sources = sources_of(store, scores.iter().map(|s| (s.provenance.url.as_str(), s.captured_at)));
    let before = store.scores(period.previous(), UnitLevel::Province, as_of)?;
    if !before.is_empty() {
        add_changes(&mut ranking, &index_ranking_of(&before, period.previous(), group));
    }
    Ok(ranking)
}

fn index_ranking_of(scores: &[IndexScore], period: CalendarPeriod, group: Option<IndexGroup>) -> Ranking {
    let registry = Registry::builtin();
    let era = period.era();
    let rows: Vec<Row> = scores
        .iter()
        .filter_map(|s| {
            let province = s.province?;
            Some(Row {
                province,
                name: registry.name(province),
                value: index_value(s, group)?,
                groups: s.groups.clone(),
                published_rank: if group.is_none() { s.rank } else { None },
            })
        })
        .collect();
    let expected: Vec<ProvinceCode> = registry.of_era(era).map(|p| p.code).collect();
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

fn observations_in(store: &Store, metric: Metric, unit: Unit, period: CalendarPeriod) -> Result<Vec<Observation>> {
    let filter = ObservationFilter {
        metric: Some(metric),
        since: Some(period.end()),
        until: Some(period.end()),
        ..ObservationFilter::default()
    };
    Ok(store
        .observations(&filter)?
        .into_iter()
        .filter(|o| o.unit == unit && o.period.start == Some(period.start()) && o.period.end == Some(period.end()))
        .collect())
}

/// Provinces ranked on a bulletin metric for a calendar period (figures whose stated
/// window is exactly that period).
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

/// Monthly series for provinces. A province is followed through the 2025 merger: before
/// it, its own values; after it, the values of the province it became part of.
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
    let registry = Registry::builtin();
    let mut values: BTreeMap<ProvinceCode, BTreeMap<CalendarPeriod, f64>> = BTreeMap::new();
    let mut refs: Vec<(String, DateTime<Utc>)> = Vec::new();
    let code_in = |p: ProvinceCode, era: Era| {
        if era == p.era {
            Some(p)
        } else if era == Era::Post2025 {
            registry.successor(p)
        } else {
            None
        }
    };
    for &period in periods {
        let era = period.era();
        match subject {
            TrendSubject::Index(group) => {
                for s in store.scores(period, UnitLevel::Province, as_of)? {
                    let Some(sp) = s.province else { continue };
                    for &p in provinces {
                        if code_in(p, era) == Some(sp) {
                            if let Some(v) = index_value(&s, group) {
                                values.entry(p).or_default().insert(period, v);
                                refs.push((s.provenance.url.clone(), s.captured_at));
                            }
                        }
                    }
                }
            }
            TrendSubject::Metric(metric, unit) => {
                let picked = pick_per_province(observations_in(store, metric, unit, period)?);
                for &p in provinces {
                    let Some(code) = code_in(p, era) else { continue };
                    if let Some(o) = picked.get(&code) {
                        values.entry(p).or_default().insert(period, o.value);
                        refs.push((o.provenance.url.clone(), o.provenance.fetched_at));
                    }
                }
            }
        }
    }
    let series = provinces
        .iter()
        .map(|&p| {
            let name = series_name(p);
            let v = values.remove(&p).unwrap_or_default();
            Series {
                province: p,
                name,
                points: periods.iter().map(|&period| Point { period, value: v.get(&period).copied() }).collect(),
            }
        })
        .collect();
    let subject = match subject {
        TrendSubject::Index(None) => Subject::Index,
        TrendSubject::Index(Some(group)) => Subject::IndexGroup { group },
        TrendSubject::Metric(metric, unit) => Subject::Metric { metric, unit },
    };
    Ok(Trend {
        subject,
        series,
        sources: sources_of(store, refs.iter().map(|(u, t)| (u.as_str(), *t))),
        sample: store.is_sample()?,
    })
}

/// "Bắc Kạn → Thái Nguyên" for a province that merged into another.
fn series_name(p: ProvinceCode) -> String {
    let registry = Registry::builtin();
    let name = registry.name(p);
    match registry.successor(p) {
        Some(s) if p.era == Era::Pre2025 && registry.name(s) != name => format!("{name} → {}", registry.name(s)),
        _ => name,
    }
}

/// Every month from `from` to `to`, inclusive.
#[must_use]
pub fn months_between(from: CalendarPeriod, to: CalendarPeriod) -> Vec<CalendarPeriod> {
    let first = CalendarPeriod::Month { year: from.year(), month: from.months().0 };
    let last = CalendarPeriod::Month { year: to.year(), month: to.months().1 };
    let mut out = Vec::new();
    let mut p = first;
    while p <= last && out.len() < 2400 {
        out.push(p);
        p = match p {
            CalendarPeriod::Month { year, month: 12 } => CalendarPeriod::Month { year: year + 1, month: 1 },
            CalendarPeriod::Month { year, month } => CalendarPeriod::Month { year, month: month + 1 },
            other => other,
        };
    }
    out
}

/// The months that have national index scores in the store.
///
/// # Errors
/// When the store fails.
pub fn index_months(store: &Store) -> Result<Vec<CalendarPeriod>> {
    Ok(store.score_periods()?.into_iter().filter(|p| matches!(p, CalendarPeriod::Month { .. })).collect())
}

/// The months that have a bulletin figure for `metric`.
///
/// # Errors
/// When the store fails.
pub fn metric_months(store: &Store, metric: Metric, unit: Unit) -> Result<Vec<CalendarPeriod>> {
    let filter = ObservationFilter { metric: Some(metric), ..ObservationFilter::default() };
    let months: BTreeSet<CalendarPeriod> = store
        .observations(&filter)?
        .into_iter()
        .filter(|o| o.unit == unit)
        .filter_map(|o| o.period.reporting_period())
        .filter(|p| matches!(p, CalendarPeriod::Month { .. }))
        .collect();
    Ok(months.into_iter().collect())
}
