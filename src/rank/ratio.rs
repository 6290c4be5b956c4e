//! Rates derived from bulletin figures: the on-time rate ((early + on time) / resolved)
//! and the online share (online / received). A percentage the bulletin states is
//! preferred; otherwise the rate is computed from its counts, and the result says which.
//! Pure.

use serde::{Deserialize, Serialize};

use crate::model::{Flag, Metric, Observation, Scope, Unit};

/// A rate read from bulletins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    /// Dossiers resolved early or on time, per hundred resolved.
    OnTime,
    /// Dossiers received online, per hundred received.
    OnlineShare,
}

impl Rate {
    /// Both rates, in the order tables show them.
    pub const ALL: &'static [Rate] = &[Rate::OnTime, Rate::OnlineShare];

    /// A short Vietnamese name for table headers.
    #[must_use]
    pub fn name_vi(self) -> &'static str {
        match self {
            Rate::OnTime => "Tỷ lệ đúng hạn",
            Rate::OnlineShare => "Tỷ lệ trực tuyến",
        }
    }

    /// How it is computed from counts, for notes.
    #[must_use]
    pub fn formula(self) -> &'static str {
        match self {
            Rate::OnTime => "(trước hạn + đúng hạn) / đã giải quyết",
            Rate::OnlineShare => "trực tuyến / tiếp nhận",
        }
    }

    /// The counts whose sum is the numerator, in the ways bulletins give them: the
    /// first way every metric of which is present is used.
    fn numerators(self) -> &'static [&'static [Metric]] {
        match self {
            Rate::OnTime => &[&[Metric::ResolvedEarlyOrOnTime], &[Metric::ResolvedEarly, Metric::ResolvedOnTime]],
            Rate::OnlineShare => &[&[Metric::ReceivedOnline]],
        }
    }

    fn denominator(self) -> Metric {
        match self {
            Rate::OnTime => Metric::Resolved,
            Rate::OnlineShare => Metric::ReceivedTotal,
        }
    }
}

/// Whether a rate was stated by the bulletin or computed from its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The percentage as the bulletin states it.
    Stated,
    /// Computed from the bulletin's counts (or from counts summed over provinces).
    Computed,
}

impl Basis {
    /// A one-word label ("nêu", "tính").
    #[must_use]
    pub fn label_vi(self) -> &'static str {
        match self {
            Basis::Stated => "nêu",
            Basis::Computed => "tính",
        }
    }
}

/// One rate for one province and period, with its counts when the bulletin gives them
/// (needed to add provinces together).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RateValue {
    /// Percent.
    pub value: f64,
    /// Stated or computed.
    pub basis: Basis,
    /// Numerator and denominator counts, when known.
    pub counts: Option<(f64, f64)>,
}

/// Which figures a rate is read from: the provincial centre's before the province-wide
/// ones (most bulletins report the centre; mixing the two would mix bases), the latest
/// fetch first; figures set aside never.
fn candidates(observations: &[Observation]) -> Vec<Vec<&Observation>> {
    let preference = |o: &Observation| match o.scope {
        Scope::ProvincialCenter => Some(0),
        Scope::ProvinceAll => Some(1),
        _ => None,
    };
    let mut groups: Vec<(u8, chrono::DateTime<chrono::Utc>, &str, Vec<&Observation>)> = Vec::new();
    for o in observations.iter().filter(|o| !o.flags.iter().any(Flag::excludes)) {
        let Some(pref) = preference(o) else { continue };
        let url = o.provenance.url.as_str();
        match groups.iter_mut().find(|g| g.0 == pref && g.2 == url) {
            Some(g) => g.3.push(o),
            None => groups.push((pref, o.provenance.fetched_at, url, vec![o])),
        }
    }
    groups.sort_by(|a, b| (a.0, std::cmp::Reverse(a.1), a.2).cmp(&(b.0, std::cmp::Reverse(b.1), b.2)));
    groups.into_iter().map(|g| g.3).collect()
}

fn value_of(figures: &[&Observation], metric: Metric, unit: Unit) -> Option<f64> {
    figures.iter().find(|o| o.metric == metric && o.unit == unit).map(|o| o.value)
}

/// The rate from one province's figures for one period (all from bulletins about that
/// period): the first page (centre before province-wide) that states it or gives its
/// counts.
#[must_use]
pub fn rate_of(rate: Rate, observations: &[Observation]) -> Option<RateValue> {
    for figures in candidates(observations) {
        let counts = rate.numerators().iter().find_map(|parts| {
            let numerator: Option<f64> = parts.iter().map(|m| value_of(&figures, *m, Unit::Count)).sum();
            let denominator = value_of(&figures, rate.denominator(), Unit::Count).filter(|d| *d > 0.0);
            numerator.zip(denominator)
        });
        // A stated rate is the stated percentage of the numerator's first form.
        let stated = rate.numerators().first().and_then(|parts| match parts {
            [only] => value_of(&figures, *only, Unit::Percent),
            _ => None,
        });
        match (stated, counts) {
            (Some(value), _) => return Some(RateValue { value, basis: Basis::Stated, counts }),
            (None, Some((n, d))) => return Some(RateValue { value: n / d * 100.0, basis: Basis::Computed, counts }),
            (None, None) => {}
        }
    }
    None
}

/// The rate of several provinces together: their counts summed, then divided. `None`
/// unless every one of them gives its counts (a rate over part of the provinces would
/// pass for the whole).
#[must_use]
pub fn combined_rate(parts: &[Option<RateValue>]) -> Option<RateValue> {
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    for part in parts {
        let (n, d) = (*part)?.counts?;
        numerator += n;
        denominator += d;
    }
    (denominator > 0.0).then(|| RateValue {
        value: numerator / denominator * 100.0,
        basis: Basis::Computed,
        counts: Some((numerator, denominator)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CalendarPeriod, Era, Evidence, PageHash, Provenance, ProvinceCode};

    fn obs(url: &str, scope: Scope, metric: Metric, unit: Unit, value: f64) -> Observation {
        Observation {
            province: Some(ProvinceCode { era: Era::Pre2025, gso: 20 }),
            province_text: None,
            scope,
            unit_name: String::new(),
            period: CalendarPeriod::Month { year: 2024, month: 3 }.to_period(),
            metric,
            value,
            unit,
            evidence: Evidence { text: String::new(), start: 0, end: 0 },
            provenance: Provenance {
                url: url.into(),
                page: PageHash::of(url.as_bytes()),
                fetched_at: "2024-04-02T00:00:00Z".parse().expect("time"),
                extractor_version: 1,
            },
            flags: vec![],
        }
    }

    use Metric::{ReceivedOnline, ReceivedTotal, Resolved, ResolvedEarly, ResolvedEarlyOrOnTime, ResolvedOnTime};
    use Scope::{DistrictCommune, ProvinceAll, ProvincialCenter};

    #[test]
    fn a_stated_percentage_wins_over_counts() {
        let figures = vec![
            obs("a", ProvincialCenter, ResolvedEarlyOrOnTime, Unit::Percent, 99.61),
            obs("a", ProvincialCenter, ResolvedEarlyOrOnTime, Unit::Count, 14_902.0),
            obs("a", ProvincialCenter, Resolved, Unit::Count, 14_961.0),
        ];
        let r = rate_of(Rate::OnTime, &figures).expect("rate");
        assert_eq!((r.value, r.basis), (99.61, Basis::Stated));
        assert_eq!(r.counts, Some((14_902.0, 14_961.0)));
    }

    #[test]
    fn early_plus_on_time_over_resolved_when_nothing_is_stated() {
        let figures = vec![
            obs("a", ProvincialCenter, ResolvedEarly, Unit::Count, 7_204.0),
            obs("a", ProvincialCenter, ResolvedOnTime, Unit::Count, 5_583.0),
            obs("a", ProvincialCenter, Resolved, Unit::Count, 12_790.0),
        ];
        let r = rate_of(Rate::OnTime, &figures).expect("rate");
        assert_eq!(r.basis, Basis::Computed);
        assert!((r.value - 12_787.0 / 12_790.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn the_centre_before_the_province_and_never_mixed() {
        // The centre gives online counts; the province-wide figures give a stated share:
        // the centre's page is read first, and its own counts decide.
        let figures = vec![
            obs("p", ProvinceAll, ReceivedOnline, Unit::Percent, 50.0),
            obs("c", ProvincialCenter, ReceivedOnline, Unit::Count, 30.0),
            obs("c", ProvincialCenter, ReceivedTotal, Unit::Count, 120.0),
            obs("d", DistrictCommune, ReceivedOnline, Unit::Percent, 10.0),
        ];
        let r = rate_of(Rate::OnlineShare, &figures).expect("rate");
        assert_eq!((r.value, r.basis), (25.0, Basis::Computed));
        // A centre figure without its base: the province-wide stated share is used.
        let partial = vec![figures[0].clone(), figures[1].clone()];
        assert_eq!(rate_of(Rate::OnlineShare, &partial).map(|r| r.value), Some(50.0));
        assert_eq!(rate_of(Rate::OnlineShare, &figures[3..]), None, "district desks are not the province");
    }

    #[test]
    fn set_aside_figures_are_not_read() {
        let mut total = obs("a", ProvincialCenter, ReceivedTotal, Unit::Count, 7_412.0);
        total.flags.push(Flag::SetAside { detail: "title contradicts body".into() });
        let figures = vec![total, obs("a", ProvincialCenter, ReceivedOnline, Unit::Count, 3_688.0)];
        assert_eq!(rate_of(Rate::OnlineShare, &figures), None);
    }

    #[test]
    fn provinces_combine_only_with_every_count() {
        let a = RateValue { value: 50.0, basis: Basis::Computed, counts: Some((50.0, 100.0)) };
        let b = RateValue { value: 90.0, basis: Basis::Stated, counts: Some((270.0, 300.0)) };
        let c = RateValue { value: 80.0, basis: Basis::Stated, counts: None };
        let both = combined_rate(&[Some(a), Some(b)]).expect("both have counts");
        assert_eq!((both.value, both.basis), (80.0, Basis::Computed), "320 / 400, not the mean of 50 and 90");
        assert_eq!(combined_rate(&[Some(a), Some(c)]), None);
        assert_eq!(combined_rate(&[Some(a), None]), None);
    }
}
