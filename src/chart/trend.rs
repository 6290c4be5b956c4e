//! The trend chart: one or more provinces over time on one plot, a line with markers
//! per series and a legend; missing periods are gaps; the 2025-07-01 merger is a
//! labelled dashed line; each line's last value is written beside its end.
//! Pure: draws into a plotters area.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use super::axis::merger_index;
use super::canvas::{Align, Canvas, Marker};
use super::captions::{credit, sample_warning, source_line, trend_subtitle, trend_title, unit_label};
use super::format::{format_value, merger_label};
use super::frame::{lines_height, Frame, FrameText, Key, Legend};
use super::options::{ChartError, ChartOptions};
use super::plot::{series_width, spread, Plot, TimeAxis, ValueAxis};
use super::style::{ensure_fonts, measure, series_colour, Target, Theme, INK, MUTED, PAPER};
use crate::rank::{Series, Trend};

/// The size of a trend chart: the preset's, always (a trend has as many rows as the
/// legend needs, and the plot takes what is left).
#[must_use]
pub fn trend_size(opts: &ChartOptions) -> (u32, u32) {
    opts.size.dimensions()
}

/// The last value of a series, if its last period has one (a label for an earlier
/// value would sit at the wrong x).
fn last_value(s: &Series) -> Option<f64> {
    s.points.iter().max_by_key(|p| p.period).and_then(|p| p.value).filter(|v| v.is_finite())
}

/// Draws a trend chart into `area` (normally [`trend_size`], or a whole multiple of it).
///
/// # Errors
/// [`ChartError::Empty`] when no series has a value; [`ChartError::TooSmall`] when the
/// legend leaves no room for the plot; [`ChartError::Backend`] when the backend fails.
#[allow(clippy::too_many_lines)] // the chart's parts laid out and drawn top to bottom
pub fn draw_trend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    trend: &Trend,
    opts: &ChartOptions,
    target: Target,
) -> Result<(), ChartError> {
    ensure_fonts()?;
    let has_values = trend.series.iter().any(|s| s.points.iter().any(|p| p.value.is_some_and(f64::is_finite)));
    if !has_values {
        return Err(ChartError::Empty { what: "the trend has no values".into() });
    }
    let (w, _) = area.dim_in_pixel();
    let t = Theme::for_canvas(opts.size, w, target);
    let canvas = Canvas::new(area, t);
    let (width, height) = canvas.size();
    let lang = opts.lang;
    let unit = trend.subject.unit();
    let time = TimeAxis::of(trend)?;
    let value = ValueAxis::of(trend, 5);

    let title = opts.title.clone().unwrap_or_else(|| trend_title(trend, lang));
    let subtitle = opts.subtitle.clone().unwrap_or_else(|| trend_subtitle(trend, lang));
    let source = source_line(&trend.sources, lang);
    let frame = Frame::new(
        t,
        width,
        &FrameText {
            title: &title,
            subtitle: &subtitle,
            notes: &[],
            source: &source,
            warning: trend.sample.then(|| sample_warning(lang)),
            credit: credit(lang),
        },
    );
    let items: Vec<(Key, String, bool)> = trend
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let hl = opts.highlight.contains(&s.province);
            (Key::Line(series_colour(i), Marker::nth(i)), s.name.clone(), hl)
        })
        .collect();
    let legend = Legend::new(&t, &items, width - 2.0 * t.pad);

    // Horizontal layout: y tick labels | plot | end labels.
    let x0 = t.pad + value.label_width(t.small, lang) + t.gap;
    let end_labels: Vec<(usize, f64, String)> = if opts.end_labels {
        trend
            .series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| last_value(s).map(|v| (i, v, format_value(v, unit, lang))))
            .collect()
    } else {
        Vec::new()
    };
    let end_w = end_labels.iter().map(|(_, _, s)| measure(s, t.small.bold())).fold(0.0, f64::max);
    let x1 = width - t.pad - if end_labels.is_empty() { 0.0 } else { end_w + 1.5 * t.gap };

    // Vertical layout: header | legend | band (unit, merger label) | plot | time labels | footer.
    let legend_top = frame.header_height();
    let band_top = legend_top + legend.height() + 1.5 * t.gap;
    let unit_text = unit_label(trend.subject, lang);
    let unit_right = t.pad + measure(&unit_text, t.small);
    let merger = time.crosses_merger().then(|| {
        let label = merger_label(lang);
        let lw = measure(label, t.small.bold());
        // Where the line will be: the x scale depends only on x0 and x1, known here.
        let xm = x0 + (merger_index() - time.lo) / (time.hi - time.lo) * (x1 - x0);
        let right = xm + t.gap + lw <= width - t.pad;
        let (left_edge, x, align) =
            if right { (xm + t.gap, xm + t.gap, Align::Left) } else { (xm - t.gap - lw, xm - t.gap, Align::Right) };
        let own_line = left_edge < unit_right + 2.0 * t.gap;
        (label, x, align, own_line)
    });
    let band_lines = if merger.is_some_and(|m| m.3) { 2 } else { 1 };
    let plot_top = band_top + lines_height(band_lines, t.small) + 1.6 * t.gap;
    let plot_bottom = height - frame.footer_height() - (1.2 * t.gap + lines_height(1, t.small) + t.gap);
    if plot_bottom - plot_top < 40.0 * t.scale {
        return Err(ChartError::TooSmall {
            width: w,
            height: area.dim_in_pixel().1,
            what: format!("a plot under a legend of {} series", trend.series.len()),
        });
    }
    let plot = Plot::new(x0, x1, plot_top, plot_bottom, &time, &value);

    canvas.fill(PAPER)?;
    frame.draw(&canvas, height)?;
    legend.draw(&canvas, t.pad, legend_top)?;
    plot.draw_grid(&canvas, &value, true, lang)?;
    let labels = time.labels(x1 - x0, t.small, t.gap, lang);
    plot.draw_time_ticks(&canvas, &time, &labels, true, (t.pad, width - t.pad))?;
    if merger.is_some() {
        plot.draw_merger(&canvas, band_top)?;
    }
    // Highlighted series last, so they lie on top.
    let mut order: Vec<usize> = (0..trend.series.len()).collect();
    order.sort_by_key(|&i| opts.highlight.contains(&trend.series[i].province));
    let all_markers = plot.room_for_markers(&time, t.marker);
    for i in order {
        let s = &trend.series[i];
        let hl = opts.highlight.contains(&s.province);
        plot.draw_series(&canvas, s, series_colour(i), Marker::nth(i), series_width(&t, hl), t.marker, all_markers)?;
    }
    let wanted: Vec<f64> = end_labels.iter().map(|(_, v, _)| plot.y.map(*v)).collect();
    let placed = spread(&wanted, 1.15 * t.small.size, plot_top, plot_bottom);
    for ((i, _, text), y) in end_labels.iter().zip(placed) {
        let baseline = t.small.centred_baseline(y);
        canvas.text(text, x1 + 1.5 * t.gap, baseline, t.small.bold(), series_colour(*i), Align::Left)?;
    }

    let band_base = band_top + t.small.ascent();
    canvas.text(&unit_text, t.pad, band_base, t.small, MUTED, Align::Left)?;
    if let Some((label, x, align, own_line)) = merger {
        let baseline = if own_line { band_base + t.small.line_height() } else { band_base };
        canvas.text(label, x, baseline, t.small.bold(), INK, align)?;
    }
    Ok(())
}
