//! The time plot shared by the trend chart and small multiples: a month-based x axis
//! with ticks that fit, a value axis from zero, grid lines, the merger marker, and
//! series drawn as lines broken at missing periods (never interpolated). Pure: draws
//! into the canvas it is given.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::axis::{merger_index, nice_max, period_bounds, period_centre, step_decimals, ticks, value_top, Linear};
use super::canvas::{Align, Canvas, Marker};
use super::format::{format_number, period_tick};
use super::options::{ChartError, Lang};
use super::style::{measure, Font, Theme, AXIS, GRID, INK, MUTED};
use crate::model::CalendarPeriod;
use crate::rank::{Series, Trend};

/// The time axis of a trend: every period any series has, in order, and the span.
#[derive(Debug, Clone)]
pub(crate) struct TimeAxis {
    pub(crate) periods: Vec<CalendarPeriod>,
    pub(crate) lo: f64,
    pub(crate) hi: f64,
}

impl TimeAxis {
    /// The axis of a trend, or an error when no series has a point.
    pub(crate) fn of(trend: &Trend) -> Result<TimeAxis, ChartError> {
        let mut periods: Vec<CalendarPeriod> =
            trend.series.iter().flat_map(|s| s.points.iter().map(|p| p.period)).collect();
        periods.sort();
        periods.dedup();
        let lo = periods.iter().map(|p| period_bounds(*p).0).fold(f64::INFINITY, f64::min);
        let hi = periods.iter().map(|p| period_bounds(*p).1).fold(f64::NEG_INFINITY, f64::max);
        if periods.is_empty() || !lo.is_finite() || !hi.is_finite() {
            return Err(ChartError::Empty { what: "the trend has no periods".into() });
        }
        Ok(TimeAxis { periods, lo, hi })
    }

    /// Whether the span runs across 2025-07-01.
    pub(crate) fn crosses_merger(&self) -> bool {
        let m = merger_index();
        self.lo < m && m < self.hi
    }

    /// The periods to label and their labels, every `k`-th so labels do not touch in
    /// `width` pixels. Months are labelled on round months (1, 4, 7, 10 for k = 3), and by
    /// year alone once the step reaches a year.
    pub(crate) fn labels(&self, width: f64, font: Font, gap: f64, lang: Lang) -> Vec<(CalendarPeriod, String)> {
        let months = self.periods.iter().all(|p| matches!(p, CalendarPeriod::Month { .. }));
        let px_per_month = width / (self.hi - self.lo).max(1.0);
        let steps: &[usize] = if months { &[1, 2, 3, 6, 12, 24, 60, 120] } else { &[1, 2, 3, 4, 6, 8, 12, 20, 40] };
        let mut chosen = Vec::new();
        for &k in steps {
            let year_only = months && k >= 12;
            let picked: Vec<(CalendarPeriod, String)> = self
                .periods
                .iter()
                .enumerate()
                .filter(|(i, p)| match p {
                    CalendarPeriod::Month { year, month } if months => {
                        if year_only {
                            *month == 1 && usize::try_from(*year).unwrap_or(0) % (k / 12) == 0
                        } else {
                            (usize::from(*month) - 1) % k == 0
                        }
                    }
                    _ => i % k == 0,
                })
                .map(|(_, p)| (*p, period_tick(*p, lang, year_only)))
                .collect();
            let widest = picked.iter().map(|(_, s)| measure(s, font)).fold(0.0, f64::max);
            #[allow(clippy::cast_precision_loss)]
            let spacing = if months { k as f64 * px_per_month } else { self.min_spacing(k, px_per_month) };
            chosen = picked;
            if widest + 1.5 * gap <= spacing {
                break;
            }
        }
        if chosen.is_empty() {
            // A short span with no round month: label the first period at least.
            if let Some(p) = self.periods.first() {
                chosen.push((*p, period_tick(*p, lang, false)));
            }
        }
        chosen
    }

    /// The smallest distance between every `k`-th period centre.
    fn min_spacing(&self, k: usize, px_per_month: f64) -> f64 {
        let centres: Vec<f64> = self.periods.iter().step_by(k.max(1)).map(|p| period_centre(*p)).collect();
        centres.windows(2).map(|w| (w[1] - w[0]) * px_per_month).fold(f64::INFINITY, f64::min)
    }
}

/// The value axis: from zero (or a nice negative floor) to the subject's maximum for
/// index points and percentages, else to a nice number above the data.
#[derive(Debug, Clone)]
pub(crate) struct ValueAxis {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) ticks: Vec<f64>,
    pub(crate) decimals: usize,
}

impl ValueAxis {
    pub(crate) fn of(trend: &Trend, target_ticks: usize) -> ValueAxis {
        let values =
            || trend.series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.value)).filter(|v| v.is_finite());
        let max = values().fold(0.0, f64::max);
        let min = values().fold(0.0, f64::min);
        let hi = value_top(trend.subject, max, target_ticks);
        let lo = if min < 0.0 { -nice_max(-min, target_ticks) } else { 0.0 };
        let (ticks, step) = ticks(lo, hi, target_ticks);
        ValueAxis { lo, hi, ticks, decimals: step_decimals(step) }
    }

    /// The widest tick label.
    pub(crate) fn label_width(&self, font: Font, lang: Lang) -> f64 {
        self.ticks.iter().map(|v| measure(&format_number(*v, self.decimals, lang), font)).fold(0.0, f64::max)
    }
}

/// A plot rectangle with its two scales.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plot {
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
    pub(crate) x: Linear,
    pub(crate) y: Linear,
}

impl Plot {
    pub(crate) fn new(x0: f64, x1: f64, y0: f64, y1: f64, time: &TimeAxis, value: &ValueAxis) -> Plot {
        Plot { x0, x1, y1, x: Linear::new(time.lo, time.hi, x0, x1), y: Linear::new(value.lo, value.hi, y1, y0) }
    }

    /// Horizontal grid lines, and the tick labels left of the plot when `labels`.
    pub(crate) fn draw_grid<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        value: &ValueAxis,
        labels: bool,
        lang: Lang,
    ) -> Result<(), ChartError> {
        let t = canvas.theme;
        for &v in &value.ticks {
            let y = self.y.map(v);
            let colour = if v == 0.0 { AXIS } else { GRID };
            canvas.hline(self.x0, self.x1, y, colour, 1)?;
            if labels {
                let text = format_number(v, value.decimals, lang);
                canvas.text(&text, self.x0 - t.gap, t.small.centred_baseline(y), t.small, MUTED, Align::Right)?;
            }
        }
        Ok(())
    }

    /// Tick marks under the plot at every period (when they are not too dense), and the
    /// chosen labels when `labels`, kept within `bounds` (shifted inwards at the ends so
    /// they neither leave the canvas nor run into the next panel).
    pub(crate) fn draw_time_ticks<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        time: &TimeAxis,
        chosen: &[(CalendarPeriod, String)],
        labels: bool,
        bounds: (f64, f64),
    ) -> Result<(), ChartError> {
        let t = canvas.theme;
        let px_per_month = (self.x1 - self.x0) / (time.hi - time.lo).max(1.0);
        let dense = px_per_month < 4.0 * t.scale;
        for p in &time.periods {
            let is_labelled = chosen.iter().any(|(c, _)| c == p);
            if dense && !is_labelled {
                continue;
            }
            let x = self.x.map(period_centre(*p));
            let len = if is_labelled { 0.8 * t.gap } else { 0.45 * t.gap };
            canvas.vline(x, self.y1, self.y1 + len, AXIS, 1)?;
        }
        if labels {
            let baseline = self.y1 + 1.2 * t.gap + t.small.ascent();
            for (p, s) in chosen {
                let half = measure(s, t.small) / 2.0;
                let x = self.x.map(period_centre(*p)).min(bounds.1 - half).max(bounds.0 + half);
                canvas.text(s, x, baseline, t.small, MUTED, Align::Centre)?;
            }
        }
        Ok(())
    }

    /// Whether periods are far enough apart for a marker on every point; otherwise only
    /// points standing alone (between gaps) get one, so they stay visible.
    pub(crate) fn room_for_markers(&self, time: &TimeAxis, marker_r: f64) -> bool {
        #[allow(clippy::cast_precision_loss)]
        let per_period = (self.x1 - self.x0) / time.periods.len().max(1) as f64;
        per_period >= 5.0 * marker_r
    }

    /// The dashed merger line from `top` to the bottom of the plot.
    pub(crate) fn draw_merger<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, top: f64) -> Result<(), ChartError> {
        let x = self.x.map(merger_index());
        canvas.dashed_vline(x, top, self.y1, INK, canvas.theme.rule_width)
    }

    /// One series: lines between consecutive known values (a missing period breaks the
    /// line), and markers on every known value when `all_markers`, else only on values
    /// with no known neighbour (which would otherwise be invisible).
    #[allow(clippy::too_many_arguments)] // a style bundle would only move the list
    pub(crate) fn draw_series<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        series: &Series,
        colour: RGBColor,
        marker: Marker,
        width: u32,
        marker_r: f64,
        all_markers: bool,
    ) -> Result<(), ChartError> {
        // A non-finite value is as good as missing: it breaks the line too.
        let mut points: Vec<(CalendarPeriod, Option<f64>)> =
            series.points.iter().map(|p| (p.period, p.value.filter(|v| v.is_finite()))).collect();
        points.sort_by_key(|p| p.0);
        let mut segment: Vec<(f64, f64)> = Vec::new();
        for &(period, value) in &points {
            match value {
                Some(v) => segment.push((self.x.map(period_centre(period)), self.y.map(v))),
                None => {
                    canvas.polyline(&segment, colour, width)?;
                    segment.clear();
                }
            }
        }
        canvas.polyline(&segment, colour, width)?;
        for (i, &(period, value)) in points.iter().enumerate() {
            let Some(v) = value else { continue };
            let known = |j: Option<usize>| j.and_then(|j| points.get(j)).is_some_and(|p| p.1.is_some());
            let alone = !known(i.checked_sub(1)) && !known(Some(i + 1));
            if all_markers || alone {
                canvas.marker(marker, self.x.map(period_centre(period)), self.y.map(v), marker_r, colour)?;
            }
        }
        Ok(())
    }
}

/// Spreads labels wanted at `ys` so that no two are closer than `min_gap`, keeping them
/// within `lo..=hi` and as near their wish as possible. Returns positions in input order.
pub(crate) fn spread(ys: &[f64], min_gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]).then(a.cmp(&b)));
    let mut placed: Vec<f64> = order.iter().map(|&i| ys[i].clamp(lo, hi)).collect();
    for i in 1..placed.len() {
        placed[i] = placed[i].max(placed[i - 1] + min_gap);
    }
    if let Some(last) = placed.last_mut() {
        *last = last.min(hi);
    }
    for i in (0..placed.len().saturating_sub(1)).rev() {
        placed[i] = placed[i].min(placed[i + 1] - min_gap);
    }
    let mut out = vec![0.0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// The theme-scaled stroke for a series: thicker when highlighted.
pub(crate) fn series_width(theme: &Theme, highlighted: bool) -> u32 {
    if highlighted {
        theme.line_width + theme.line_width.div_ceil(2)
    } else {
        theme.line_width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_keeps_order_and_distance() {
        let out = spread(&[100.0, 101.0, 102.0, 300.0], 10.0, 0.0, 400.0);
        assert!(out[1] - out[0] >= 10.0 - 1e-9 && out[2] - out[1] >= 10.0 - 1e-9);
        assert!((out[3] - 300.0).abs() < 1e-9);
        let clamped = spread(&[395.0, 399.0], 10.0, 0.0, 400.0);
        assert!(clamped[1] <= 400.0 && clamped[1] - clamped[0] >= 10.0 - 1e-9);
    }
}
