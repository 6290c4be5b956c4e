//! Value scales: "nice" tick steps (1, 2, 2.5, 5 × 10ⁿ), linear mapping from data to
//! pixels, and the month index used as the time axis. Pure: no I/O.

use crate::model::{CalendarPeriod, Era, Unit};
use crate::rank::Subject;

/// A step near `range / target` rounded to 1, 2, 2.5 or 5 × 10ⁿ.
#[must_use]
pub(crate) fn nice_step(range: f64, target: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let raw = (range / target.max(1) as f64).abs();
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|&n| norm <= n).unwrap_or(10.0);
    nice * magnitude
}

/// The smallest multiple of a nice step that is ≥ `max` (for axes without a fixed top).
#[must_use]
pub(crate) fn nice_max(max: f64, target: usize) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let step = nice_step(max, target);
    (max / step).ceil() * step
}

/// The top of a value axis that starts at zero. Index points run to the scale's own top
/// (100, or a group's maximum) so values compare with what was possible; percentages
/// run to 100 when the data reach half of it, and otherwise to a nice number above the
/// data, so low rates (3 % of dossiers late) stay readable; counts always do the latter.
#[must_use]
pub(crate) fn value_top(subject: Subject, max: f64, target: usize) -> f64 {
    match subject.max_value() {
        Some(m) if subject.unit() == Unit::Points && m >= max => m,
        Some(m) if m >= max && max >= m / 2.0 => m,
        _ => nice_max(max, target),
    }
}

/// Ticks from `lo` to `hi` (both included when they fall on the step), with the step.
#[must_use]
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let step = nice_step(hi - lo, target);
    let first = (lo / step).ceil();
    let mut out = Vec::new();
    let mut k = first;
    // Bounded: (hi - lo) / step is about `target`.
    while k * step <= hi + step * 1e-9 && out.len() < 100 {
        out.push(k * step);
        k += 1.0;
    }
    (out, step)
}

/// How many decimals tick labels need for a step (2.5 needs one, 20 none).
#[must_use]
pub(crate) fn step_decimals(step: f64) -> usize {
    (0..4usize)
        .find(|&d| {
            let scaled = step * 10f64.powi(i32::try_from(d).unwrap_or(0));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// A linear map from a data interval onto a pixel interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Linear {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Linear {
    /// Maps `d0..d1` onto `r0..r1` (either may be reversed, e.g. y growing downwards).
    pub(crate) fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Linear {
        // A zero-width domain would divide by zero; widen it by one unit.
        let d1 = if (d1 - d0).abs() < f64::EPSILON { d0 + 1.0 } else { d1 };
        Linear { d0, d1, r0, r1 }
    }

    /// The pixel of a data value.
    pub(crate) fn map(&self, v: f64) -> f64 {
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Months since year 0 of the first month of a period: the time axis counts months, so
/// months, quarters, half-years and years share one axis.
#[must_use]
pub(crate) fn month_index(year: i32, month: u8) -> f64 {
    f64::from(year) * 12.0 + f64::from(month.saturating_sub(1))
}

/// Where a period sits on the time axis: the middle of the months it covers.
#[must_use]
pub(crate) fn period_centre(p: CalendarPeriod) -> f64 {
    let (a, b) = p.months();
    (month_index(p.year(), a) + month_index(p.year(), b) + 1.0) / 2.0
}

/// The start and end of a period on the time axis.
#[must_use]
pub(crate) fn period_bounds(p: CalendarPeriod) -> (f64, f64) {
    let (a, b) = p.months();
    (month_index(p.year(), a), month_index(p.year(), b) + 1.0)
}

/// The 2025-07-01 merger on the time axis (the boundary between June and July 2025).
#[must_use]
pub(crate) fn merger_index() -> f64 {
    let (y, m, _) = Era::MERGER_DATE;
    month_index(y, u8::try_from(m).unwrap_or(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert!((nice_step(100.0, 5) - 20.0).abs() < 1e-9);
        assert!((nice_step(10.0, 4) - 2.5).abs() < 1e-9);
        assert!((nice_step(72_165.0, 5) - 20_000.0).abs() < 1e-9);
        assert!((nice_max(72_165.0, 5) - 80_000.0).abs() < 1e-9);
        assert!((nice_max(0.0, 5) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn value_axis_tops() {
        let late = Subject::Metric { metric: crate::model::Metric::ResolvedLate, unit: Unit::Percent };
        assert!((value_top(late, 8.05, 5) - 10.0).abs() < 1e-9);
        assert!((value_top(late, 97.4, 5) - 100.0).abs() < 1e-9);
        assert!((value_top(Subject::Index, 62.0, 5) - 100.0).abs() < 1e-9);
        let count = Subject::Metric { metric: crate::model::Metric::ReceivedTotal, unit: Unit::Count };
        assert!((value_top(count, 111_543.0, 5) - 125_000.0).abs() < 1e-9);
    }

    #[test]
    fn tick_lists() {
        let (t, step) = ticks(0.0, 100.0, 5);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(step_decimals(step), 0);
        assert_eq!(step_decimals(2.5), 1);
        assert_eq!(step_decimals(0.25), 2);
    }

    #[test]
    fn time_axis() {
        let june: CalendarPeriod = "2025-06".parse().expect("valid");
        let july: CalendarPeriod = "2025-07".parse().expect("valid");
        assert!(period_centre(june) < merger_index() && merger_index() < period_centre(july));
        let q: CalendarPeriod = "2024-Q2".parse().expect("valid");
        assert_eq!(period_bounds(q), (month_index(2024, 4), month_index(2024, 7)));
    }

    #[test]
    fn linear_maps_reversed_ranges() {
        let y = Linear::new(0.0, 100.0, 500.0, 100.0);
        assert!((y.map(0.0) - 500.0).abs() < 1e-9);
        assert!((y.map(50.0) - 300.0).abs() < 1e-9);
        let flat = Linear::new(5.0, 5.0, 0.0, 10.0);
        assert!(flat.map(5.0).is_finite());
    }
}
