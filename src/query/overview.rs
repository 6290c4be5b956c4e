//! What a provincial office reads first: a province's index score and rank, its on-time
//! rate and its online share, period by period, with which periods have data; and
//! several provinces side by side for one period. I/O (store reads through [`Lookup`]),
//! then pure assembly.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::lookup::Lookup;
use super::{index_table, province_in, IndexScope, IndexSelection};
use crate::model::{CalendarPeriod, IndexGroup, ProvinceCode};
use crate::province::Registry;
use crate::rank::boundaries::{self, followed_name, Boundaries, Feed};
use crate::rank::ratio::{Basis, Rate, RateValue};
use crate::rank::{RankEntry, SourceRef};
use crate::store::Store;
use crate::{Error, Result};

/// What a column of an overview measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The national index total (/100), with the rank.
    Index,
    /// A rate from the bulletins.
    Rate(Rate),
}

impl Measure {
    /// A short Vietnamese name for headers.
    #[must_use]
    pub fn name_vi(self) -> &'static str {
        match self {
            Measure::Index => "Điểm chỉ số",
            Measure::Rate(rate) => rate.name_vi(),
        }
    }
}

/// One period of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The value (points or percent), if the period has one.
    pub value: Option<f64>,
    /// For the index, the rank ("17/63"); for a rate, stated or computed.
    pub detail: Option<String>,
}

/// One measure of one province (or, under the 2025 boundaries, of one old province).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewColumn {
    /// What it measures.
    pub measure: Measure,
    /// The province.
    pub province: ProvinceCode,
    /// The label.
    pub name: String,
    /// One per period of the overview.
    pub cells: Vec<Cell>,
}

/// Provinces' index and bulletin rates over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// The map the columns are drawn in.
    pub boundaries: Boundaries,
    /// The periods, in order.
    pub periods: Vec<CalendarPeriod>,
    /// The columns: per province, the index then the rates.
    pub columns: Vec<OverviewColumn>,
    /// Where the values were read.
    pub sources: Vec<SourceRef>,
    /// Whether the figures are the bundled sample data.
    pub sample: bool,
}

impl OverviewColumn {
    /// The runs of consecutive periods that have a value, first and last of each.
    #[must_use]
    pub fn coverage(&self, periods: &[CalendarPeriod]) -> Vec<(CalendarPeriod, CalendarPeriod)> {
        let present: Vec<bool> = self.cells.iter().map(|c| c.value.is_some()).collect();
        crate::rank::runs(periods, &present)
    }
}

fn rank_detail(rank: Option<u16>, of: Option<u16>) -> Option<String> {
    Some(format!("{}/{}", rank?, of.map_or_else(|| "?".to_string(), |n| n.to_string())))
}

fn rate_cell(value: Option<RateValue>, feed: &Feed) -> Cell {
    let detail = value.map(|v| match (v.basis, feed) {
        (Basis::Computed, Feed::Sum(parts)) => format!("{}, cộng {} tỉnh", v.basis.label_vi(), parts.len()),
        (basis, _) => basis.label_vi().to_string(),
    });
    Cell { value: value.map(|v| v.value), detail }
}

/// The periods of `kind`'s kind (month, quarter, half-year or year) from the first to
/// the last that has an index reading, or a bulletin figure for one of `provinces` or the
/// provinces they merged with or into.
///
/// # Errors
/// When the store fails.
pub fn overview_periods(
    store: &Store,
    provinces: &[ProvinceCode],
    kind: CalendarPeriod,
) -> Result<Vec<CalendarPeriod>> {
    let registry = Registry::builtin();
    let mut related = BTreeSet::new();
    for &p in provinces {
        let new = registry.successor(p).unwrap_or(p);
        related.insert(p);
        related.insert(new);
        related.extend(registry.predecessors(new));
    }
    let lookup = Lookup::for_provinces(store, None, related)?;
    let have = lookup.periods_with_data(&store.score_periods()?, kind);
    Ok(match (have.first(), have.last()) {
        (Some(first), Some(last)) => super::periods_between(*first, *last),
        _ => Vec::new(),
    })
}

/// Provinces' index total (with rank), on-time rate and online share over `periods`,
/// under the boundaries chosen.
///
/// # Errors
/// When the store fails.
pub fn overview(
    store: &Store,
    provinces: &[ProvinceCode],
    periods: &[CalendarPeriod],
    as_of: Option<DateTime<Utc>>,
    boundaries: Boundaries,
) -> Result<Overview> {
    let index_columns = boundaries::columns(provinces, periods, boundaries, false);
    let rate_columns = boundaries::columns(provinces, periods, boundaries, true);
    let all: Vec<boundaries::Column> = index_columns.iter().chain(&rate_columns).cloned().collect();
    let mut lookup = Lookup::new(store, as_of, &all)?;
    let mut columns = Vec::new();
    for column in &index_columns {
        let mut cells = Vec::with_capacity(periods.len());
        for (&period, feed) in periods.iter().zip(&column.feeds) {
            let score = match feed {
                Some(Feed::One(p)) => lookup.score(period, *p)?,
                _ => None,
            };
            cells.push(match score {
                Some(s) if s.total.is_finite() => Cell { value: Some(s.total), detail: rank_detail(s.rank, s.rank_of) },
                _ => Cell { value: None, detail: None },
            });
        }
        columns.push(OverviewColumn {
            measure: Measure::Index,
            province: column.province,
            name: column.name.clone(),
            cells,
        });
    }
    for &rate in Rate::ALL {
        for column in &rate_columns {
            let cells = periods
                .iter()
                .zip(&column.feeds)
                .map(|(&period, feed)| match feed {
                    Some(feed) => rate_cell(lookup.rate(rate, period, feed), feed),
                    None => Cell { value: None, detail: None },
                })
                .collect();
            columns.push(OverviewColumn {
                measure: Measure::Rate(rate),
                province: column.province,
                name: column.name.clone(),
                cells,
            });
        }
    }
    Ok(Overview {
        boundaries,
        periods: periods.to_vec(),
        columns,
        sources: lookup.sources(),
        sample: store.is_sample()?,
    })
}

/// One province in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    /// The province as named.
    pub asked: ProvinceCode,
    /// The province whose figures are shown (after the merger, the one it became part of).
    pub shown: Option<ProvinceCode>,
    /// "Bắc Kạn → Thái Nguyên" when followed across the merger.
    pub name: String,
    /// Its line of the national ranking (rank among all provinces, score, groups, change).
    pub entry: Option<RankEntry>,
    /// On-time rate and online share from the bulletins.
    pub rates: Vec<(Rate, Option<RateValue>)>,
    /// Why something is missing.
    pub note: Option<String>,
}

/// Provinces side by side for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The period.
    pub period: CalendarPeriod,
    /// How many provinces the national ranking ranks (0 without index data).
    pub ranked: usize,
    /// The groups the period's table has.
    pub groups: Vec<IndexGroup>,
    /// One per province asked for, in that order.
    pub provinces: Vec<Compared>,
    /// Where the values were read.
    pub sources: Vec<SourceRef>,
    /// Whether the figures are the bundled sample data.
    pub sample: bool,
}

/// Provinces side by side for one period: each one's line of the national ranking (from
/// captures at or before `as_of`) and its bulletin rates.
///
/// # Errors
/// When the store fails.
pub fn compare(
    store: &Store,
    provinces: &[ProvinceCode],
    period: CalendarPeriod,
    as_of: Option<DateTime<Utc>>,
) -> Result<Comparison> {
    let sel = IndexSelection { period, group: None, as_of, scope: IndexScope::National };
    let table = match index_table(store, &sel) {
        Ok(t) => Some(t),
        // No index data for the period: the rates can still be compared.
        Err(Error::Input(_)) => None,
        Err(e) => return Err(e),
    };
    let columns = boundaries::columns(provinces, &[period], Boundaries::AsPublished, true);
    let mut lookup = Lookup::new(store, as_of, &columns)?;
    let registry = Registry::builtin();
    let mut out = Vec::new();
    for &asked in provinces {
        let shown = province_in(asked, period.era()).ok();
        let entry = table
            .as_ref()
            .and_then(|t| shown.and_then(|p| t.ranking.entries.iter().find(|e| e.province == p)))
            .cloned();
        let rates = Rate::ALL
            .iter()
            .map(|&rate| (rate, shown.and_then(|p| lookup.rate(rate, period, &Feed::One(p)))))
            .collect();
        let note = match (shown, &table, &entry) {
            (None, ..) => Some(format!("{} did not exist in {period}", registry.name(asked))),
            (Some(_), None, _) => Some(format!("the store has no index scores for {period}")),
            (Some(_), Some(_), None) => Some(format!("no index score for {period}")),
            _ => None,
        };
        out.push(Compared { asked, shown, name: followed_name_in(asked, period), entry, rates, note });
    }
    let table_sources = table.iter().flat_map(|t| t.ranking.sources.iter().cloned());
    let sources = super::merge_sources(lookup.sources().into_iter().chain(table_sources));
    let groups: BTreeSet<IndexGroup> =
        table.iter().flat_map(|t| t.ranking.entries.iter().flat_map(|e| e.groups.keys().copied())).collect();
    Ok(Comparison {
        period,
        ranked: table.as_ref().map_or(0, |t| t.ranking.entries.len()),
        groups: groups.into_iter().collect(),
        provinces: out,
        sources,
        sample: store.is_sample()?,
    })
}

/// A province's label in a period's map: "Bắc Kạn → Thái Nguyên" after the merger.
fn followed_name_in(p: ProvinceCode, period: CalendarPeriod) -> String {
    if p.era == period.era() {
        Registry::builtin().name(p)
    } else {
        followed_name(p)
    }
}
