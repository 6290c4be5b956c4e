//! The figures of a few provinces over a few periods, read from the store once and then
//! looked up per province and period: index readings (each unit's latest capture at or
//! before a moment) and bulletin figures (by the period they report on). Remembers which
//! readings were used, for the source line. I/O (store reads).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::{index_value, pick_per_province, same_kind, sources_of, TrendSubject};
use crate::model::{CalendarPeriod, IndexScore, Observation, ProvinceCode, UnitLevel};
use crate::rank::boundaries::{Column, Feed};
use crate::rank::ratio::{combined_rate, rate_of, Rate, RateValue};
use crate::rank::SourceRef;
use crate::store::{ObservationFilter, Store};
use crate::Result;

/// Store reads for a trend, an overview or a comparison.
pub(super) struct Lookup<'a> {
    store: &'a Store,
    as_of: Option<DateTime<Utc>>,
    scores: BTreeMap<CalendarPeriod, BTreeMap<ProvinceCode, IndexScore>>,
    figures: BTreeMap<(ProvinceCode, CalendarPeriod), Vec<Observation>>,
    used: Vec<(String, DateTime<Utc>)>,
}

impl<'a> Lookup<'a> {
    /// Reads the bulletin figures of every province the columns draw on.
    pub(super) fn new(store: &'a Store, as_of: Option<DateTime<Utc>>, columns: &[Column]) -> Result<Lookup<'a>> {
        let provinces: BTreeSet<ProvinceCode> = columns
            .iter()
            .flat_map(|c| c.feeds.iter().flatten())
            .flat_map(|f| match f {
                Feed::One(p) => vec![*p],
                Feed::Sum(ps) => ps.clone(),
            })
            .collect();
        Lookup::for_provinces(store, as_of, provinces)
    }

    /// Reads the bulletin figures of `provinces`.
    pub(super) fn for_provinces(
        store: &'a Store,
        as_of: Option<DateTime<Utc>>,
        provinces: BTreeSet<ProvinceCode>,
    ) -> Result<Lookup<'a>> {
        let mut figures: BTreeMap<(ProvinceCode, CalendarPeriod), Vec<Observation>> = BTreeMap::new();
        if !provinces.is_empty() {
            let filter =
                ObservationFilter { provinces: provinces.into_iter().collect(), ..ObservationFilter::default() };
            for o in store.observations(&filter)? {
                if let (Some(p), Some(period)) = (o.province, o.period.reporting_period()) {
                    figures.entry((p, period)).or_default().push(o);
                }
            }
        }
        Ok(Lookup { store, as_of, scores: BTreeMap::new(), figures, used: Vec::new() })
    }

    /// A province's index reading for a period.
    pub(super) fn score(&mut self, period: CalendarPeriod, province: ProvinceCode) -> Result<Option<&IndexScore>> {
        if !self.scores.contains_key(&period) {
            let read = self.store.scores(period, UnitLevel::Province, self.as_of)?;
            let by_province = read.into_iter().filter_map(|s| Some((s.province?, s))).collect();
            self.scores.insert(period, by_province);
        }
        let found = self.scores.get(&period).and_then(|m| m.get(&province));
        if let Some(s) = found {
            self.used.push((s.provenance.url.clone(), s.captured_at));
        }
        Ok(found)
    }

    fn figures(&self, province: ProvinceCode, period: CalendarPeriod) -> &[Observation] {
        self.figures.get(&(province, period)).map_or(&[], Vec::as_slice)
    }

    /// A trend subject's value where a column's feed points.
    pub(super) fn value(&mut self, subject: TrendSubject, period: CalendarPeriod, feed: &Feed) -> Result<Option<f64>> {
        match (subject, feed) {
            (TrendSubject::Index(group), Feed::One(p)) => {
                Ok(self.score(period, *p)?.and_then(|s| index_value(s, group)))
            }
            // Scores are never added over provinces.
            (TrendSubject::Index(_), Feed::Sum(_)) => Ok(None),
            (TrendSubject::Metric(metric, unit), Feed::One(p)) => Ok(self.figure(*p, period, metric, unit)),
            (TrendSubject::Metric(metric, unit), Feed::Sum(ps)) => {
                // A sum over part of the provinces would pass for the whole: all or nothing.
                Ok(ps.iter().map(|p| self.figure(*p, period, metric, unit)).sum())
            }
        }
    }

    fn figure(
        &mut self,
        province: ProvinceCode,
        period: CalendarPeriod,
        metric: crate::model::Metric,
        unit: crate::model::Unit,
    ) -> Option<f64> {
        let candidates: Vec<Observation> =
            self.figures(province, period).iter().filter(|o| o.metric == metric && o.unit == unit).cloned().collect();
        let picked = pick_per_province(candidates).remove(&province)?;
        self.used.push((picked.provenance.url.clone(), picked.provenance.fetched_at));
        Some(picked.value)
    }

    /// A bulletin rate where a column's feed points: one province's, or several
    /// provinces' counts added together.
    pub(super) fn rate(&mut self, rate: Rate, period: CalendarPeriod, feed: &Feed) -> Option<RateValue> {
        let value = match feed {
            Feed::One(p) => rate_of(rate, self.figures(*p, period)),
            Feed::Sum(ps) => {
                let parts: Vec<Option<RateValue>> =
                    ps.iter().map(|p| rate_of(rate, self.figures(*p, period))).collect();
                combined_rate(&parts)
            }
        };
        if value.is_some() {
            let provinces = match feed {
                Feed::One(p) => std::slice::from_ref(p),
                Feed::Sum(ps) => ps.as_slice(),
            };
            let refs: Vec<(String, DateTime<Utc>)> = provinces
                .iter()
                .flat_map(|p| self.figures(*p, period))
                .map(|o| (o.provenance.url.clone(), o.provenance.fetched_at))
                .collect();
            self.used.extend(refs);
        }
        value
    }

    /// The hosts of the readings used, each with its latest capture.
    pub(super) fn sources(&self) -> Vec<SourceRef> {
        sources_of(self.store, self.used.iter().map(|(u, t)| (u.as_str(), *t)))
    }

    /// The periods of `kind`'s kind among `index_periods` and the periods the figures
    /// read report on.
    pub(super) fn periods_with_data(
        &self,
        index_periods: &[CalendarPeriod],
        kind: CalendarPeriod,
    ) -> Vec<CalendarPeriod> {
        let mut out: BTreeSet<CalendarPeriod> = index_periods.iter().copied().filter(|p| same_kind(*p, kind)).collect();
        out.extend(self.figures.keys().map(|(_, p)| *p).filter(|p| same_kind(*p, kind)));
        out.into_iter().collect()
    }
}
