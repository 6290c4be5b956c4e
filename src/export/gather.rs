//! Reads what an export asks for from the store (I/O) and turns it into rows: filters by
//! province, period and metric, and maps each source URL as a reader should see it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::rows::{ObservationRow, RankingRow, ScoreRow};
use crate::model::{IndexGroup, Metric, ProvinceCode, Unit, UnitLevel};
use crate::province::Registry;
use crate::query;
use crate::store::{ObservationFilter, Store};
use crate::Result;

/// Which rows to export. Periods are matched on their last day: a figure for
/// "9 tháng 2024" (ending 2024-09-30) is in `--period 2024-09` and in `--period 2024-Q3`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportFilter {
    /// Only these provinces (empty: all). Drill-down units count as their province.
    pub provinces: Vec<ProvinceCode>,
    /// Only periods ending on or after this day.
    pub since: Option<NaiveDate>,
    /// Only periods ending on or before this day.
    pub until: Option<NaiveDate>,
    /// Only this metric (observations), and this unit when given.
    pub metric: Option<(Metric, Option<Unit>)>,
    /// Only flagged rows.
    pub flagged_only: bool,
}

impl ExportFilter {
    fn period_end_ok(&self, end: Option<NaiveDate>) -> bool {
        !(self.since.is_some_and(|s| end.is_none_or(|e| e < s))
            || self.until.is_some_and(|u| end.is_none_or(|e| e > u)))
    }

    fn province_ok(&self, p: Option<ProvinceCode>) -> bool {
        self.provinces.is_empty() || p.is_some_and(|p| self.provinces.contains(&p))
    }
}

fn province_name(p: Option<ProvinceCode>) -> Option<String> {
    p.map(|p| Registry::builtin().name(p))
}

/// The bulletin figures matching `filter`, in the store's order (metric, period, province).
///
/// # Errors
/// When the store fails.
pub fn observation_rows(store: &Store, filter: &ExportFilter) -> Result<Vec<ObservationRow>> {
    let sample = store.is_sample()?;
    let wanted = ObservationFilter {
        metric: filter.metric.map(|(m, _)| m),
        provinces: filter.provinces.clone(),
        since: filter.since,
        until: filter.until,
    };
    Ok(store
        .observations(&wanted)?
        .iter()
        .filter(|o| filter.metric.and_then(|(_, u)| u).is_none_or(|u| o.unit == u))
        .filter(|o| !filter.flagged_only || !o.flags.is_empty())
        .map(|o| ObservationRow::new(o, province_name(o.province), store.display_url(&o.provenance.url), sample))
        .collect())
}

const LEVELS: [UnitLevel; 4] = [UnitLevel::Province, UnitLevel::Department, UnitLevel::District, UnitLevel::Commune];

/// National-index readings matching `filter`: every capture (the index changes daily
/// until a period closes), or with `latest_only` each unit's latest. Ordered by period,
/// level, unit and capture time.
///
/// # Errors
/// When the store fails.
pub fn score_rows(store: &Store, filter: &ExportFilter, latest_only: bool) -> Result<Vec<ScoreRow>> {
    let sample = store.is_sample()?;
    let mut out = Vec::new();
    for period in store.score_periods()? {
        if !filter.period_end_ok(Some(period.end())) {
            continue;
        }
        for level in LEVELS {
            let scores =
                if latest_only { store.scores(period, level, None)? } else { store.score_history(period, level)? };
            out.extend(
                scores
                    .iter()
                    .filter(|s| filter.province_ok(s.province))
                    .filter(|s| !filter.flagged_only || !s.flags.is_empty())
                    .map(|s| ScoreRow::new(s, province_name(s.province), store.display_url(&s.provenance.url), sample)),
            );
        }
    }
    Ok(out)
}

/// National-index rankings (the total, or one group) of every stored month matching
/// `filter`, each line with the reading it ranks and its change since the month before.
/// Ranks are national: a province filter keeps lines, it does not re-rank.
///
/// # Errors
/// When the store fails.
pub fn ranking_rows(store: &Store, filter: &ExportFilter, group: Option<IndexGroup>) -> Result<Vec<RankingRow>> {
    let mut out = Vec::new();
    for period in query::index_months(store)? {
        if !filter.period_end_ok(Some(period.end())) {
            continue;
        }
        let ranking = query::index_ranking(store, period, group, None)?;
        let readings: BTreeMap<ProvinceCode, _> = store
            .scores(period, UnitLevel::Province, None)?
            .into_iter()
            .filter_map(|s| Some((s.province?, s)))
            .collect();
        for e in ranking.entries.iter().filter(|e| filter.province_ok(Some(e.province))) {
            let Some(score) = readings.get(&e.province) else { continue };
            if filter.flagged_only && score.flags.is_empty() {
                continue;
            }
            out.push(RankingRow::new(&ranking, e, score, store.display_url(&score.provenance.url)));
        }
    }
    Ok(out)
}
