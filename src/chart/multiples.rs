//! Small multiples: one panel per series in a grid, every panel on the same x and y
//! scales so panels compare at a glance. Tick labels sit on the left column and under
//! the last panel of each column; the canvas grows taller rather than squeeze panels.
//! Pure: draws into a plotters area.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use super::canvas::{Align, Canvas, Marker};
use super::captions::{credit, merger_note, sample_warning, source_line, trend_subtitle, trend_title, unit_label};
use super::format::format_value;
use super::frame::{lines_height, Frame, FrameText};
use super::options::{ChartError, ChartOptions};
use super::plot::{series_width, Plot, TimeAxis, ValueAxis};
use super::style::{ensure_fonts, measure, Target, Theme, ACCENT, BASE, INK, MUTED, PAPER};
use crate::rank::Trend;

/// Tallest canvas small multiples may grow to.
const MAX_HEIGHT: f64 = 20_000.0;

/// Where the panels go.
#[derive(Debug)]
struct Grid {
    theme: Theme,
    frame: Frame,
    time: TimeAxis,
    value: ValueAxis,
    cols: usize,
    /// Left edge of the first column's plot.
    left: f64,
    panel_w: f64,
    hgap: f64,
    /// Top of each row of panels.
    row_tops: Vec<f64>,
    title_h: f64,
    plot_h: f64,
    height: f64,
}

#[allow(clippy::too_many_lines)] // one pass: frame, axes, then the grid search
fn grid(trend: &Trend, opts: &ChartOptions, width: u32, target: Target) -> Result<Grid, ChartError> {
    ensure_fonts()?;
    let n = trend.series.len();
    let has_values = trend.series.iter().any(|s| s.points.iter().any(|p| p.value.is_some_and(f64::is_finite)));
    if n == 0 || !has_values {
        return Err(ChartError::Empty { what: "the trend has no values".into() });
    }
    let t = Theme::for_canvas(opts.size, width, target);
    let lang = opts.lang;
    let (pw, ph) = opts.size.dimensions();
    let preset_h = f64::from(ph) * f64::from(width) / f64::from(pw);
    let w = f64::from(width);
    let time = TimeAxis::of(trend)?;

    let title = opts.title.clone().unwrap_or_else(|| trend_title(trend, lang));
    let subtitle = opts.subtitle.clone().unwrap_or_else(|| trend_subtitle(trend, lang));
    let source = source_line(&trend.sources, lang);
    let notes: Vec<String> = time.crosses_merger().then(|| merger_note(lang).to_string()).into_iter().collect();
    let frame = Frame::new(
        t,
        w,
        &FrameText {
            title: &title,
            subtitle: &subtitle,
            notes: &notes,
            source: &source,
            warning: trend.sample.then(|| sample_warning(lang)),
            credit: credit(lang),
        },
    );

    // The tick count follows the panel height, found below: size the label column for
    // the widest of the counts it may get.
    let label_w = (2..=5).map(|k| ValueAxis::of(trend, k).label_width(t.small, lang)).fold(0.0, f64::max);
    let left = t.pad + label_w + t.gap;
    let hgap = 2.5 * t.gap;
    let avail_w = w - t.pad - left;
    let top = frame.header_height() + lines_height(1, t.small) + t.gap;
    let title_h = lines_height(1, t.label.bold()) + 0.8 * t.gap;
    let ticks_h = 1.2 * t.gap + lines_height(1, t.small) + 1.8 * t.gap;
    let row_gap = 2.6 * t.gap;
    let avail_h = preset_h - top - frame.footer_height();
    let min_plot_h = 5.5 * t.label.size;
    let min_panel_w = 170.0 * t.scale;
    // Space under each row: time labels where a column ends, a gap elsewhere.
    let under = |cols: usize| -> Vec<f64> {
        let rows = n.div_ceil(cols);
        (0..rows)
            .map(|r| {
                let needs = (r * cols..((r + 1) * cols).min(n)).any(|i| i + cols >= n);
                if needs {
                    ticks_h
                } else {
                    row_gap
                }
            })
            .collect()
    };

    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let cols_max = (((avail_w + hgap) / (min_panel_w + hgap)).floor().max(1.0) as usize).min(n);
    let mut best: Option<(f64, usize, f64)> = None;
    for cols in 1..=cols_max {
        let rows = n.div_ceil(cols);
        #[allow(clippy::cast_precision_loss)]
        let (fc, fr) = (cols as f64, rows as f64);
        let panel_w = (avail_w - (fc - 1.0) * hgap) / fc;
        let plot_h = (avail_h - fr * title_h - under(cols).iter().sum::<f64>()) / fr;
        if plot_h < min_plot_h {
            continue;
        }
        // Panels a little wider than tall read best; an empty cell costs about as much as
        // a panel twice too wide (a 2 × 2 grid beats 3 + 1).
        #[allow(clippy::cast_precision_loss)]
        let empty = (rows * cols - n) as f64;
        let score = (panel_w / plot_h / 1.8).ln().abs() + 0.35 * empty;
        if best.is_none_or(|(s, _, _)| score < s) {
            best = Some((score, cols, plot_h));
        }
    }
    // Nothing fits the preset: use as many columns as fit and let the canvas grow.
    let (cols, plot_h) = best.map_or((cols_max, min_plot_h), |(_, c, h)| (c, h));
    #[allow(clippy::cast_precision_loss)]
    let panel_w = (avail_w - (cols as f64 - 1.0) * hgap) / cols as f64;
    let mut row_tops = Vec::new();
    let mut y = top;
    for gap_under in under(cols) {
        row_tops.push(y);
        y += title_h + plot_h + gap_under;
    }
    let height = (y + frame.footer_height()).max(preset_h);
    if height > MAX_HEIGHT {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return Err(ChartError::TooLarge { width, height: height as u32 });
    }
    // As many value ticks as the panel height carries without crowding.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let target = ((plot_h / (2.4 * t.small.size)).floor() as usize).clamp(2, 5);
    let value = ValueAxis::of(trend, target);
    Ok(Grid { theme: t, frame, time, value, cols, left, panel_w, hgap, row_tops, title_h, plot_h, height })
}

/// The size small multiples need: the preset's width, and its height or more when the
/// panels would otherwise be too small to read.
///
/// # Errors
/// [`ChartError::Empty`] when no series has a value, [`ChartError::TooLarge`] past
/// 20 000 px.
pub fn multiples_size(trend: &Trend, opts: &ChartOptions) -> Result<(u32, u32), ChartError> {
    let (w, _) = opts.size.dimensions();
    let g = grid(trend, opts, w, Target::Bitmap)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let h = g.height.ceil() as u32;
    Ok((w, h))
}

/// Draws small multiples into `area` ([`multiples_size`], or a whole multiple of it).
///
/// # Errors
/// [`ChartError::Empty`] when no series has a value; [`ChartError::Backend`] when the
/// backend fails.
pub fn draw_multiples<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    trend: &Trend,
    opts: &ChartOptions,
    target: Target,
) -> Result<(), ChartError> {
    let (w, _) = area.dim_in_pixel();
    let g = grid(trend, opts, w, target)?;
    let t = g.theme;
    let canvas = Canvas::new(area, t);
    let lang = opts.lang;
    let unit = trend.subject.unit();
    canvas.fill(PAPER)?;
    g.frame.draw(&canvas, canvas.size().1)?;
    let unit_base = g.frame.header_height() + t.small.ascent();
    canvas.text(&unit_label(trend.subject, lang), t.pad, unit_base, t.small, MUTED, Align::Left)?;
    let labels = g.time.labels(g.panel_w, t.small, t.gap, lang);
    let n = trend.series.len();
    for (i, s) in trend.series.iter().enumerate() {
        let (col, row) = (i % g.cols, i / g.cols);
        #[allow(clippy::cast_precision_loss)]
        let x0 = g.left + col as f64 * (g.panel_w + g.hgap);
        let y0 = g.row_tops.get(row).copied().unwrap_or(0.0);
        let plot_top = y0 + g.title_h;
        let plot = Plot::new(x0, x0 + g.panel_w, plot_top, plot_top + g.plot_h, &g.time, &g.value);
        let hl = opts.highlight.contains(&s.province);
        let colour = if hl { ACCENT } else { BASE };

        let f = t.label.bold();
        let baseline = y0 + f.ascent();
        canvas.text(&s.name, x0, baseline, f, if hl { ACCENT } else { INK }, Align::Left)?;
        let last = s.points.iter().max_by_key(|p| p.period).and_then(|p| p.value).filter(|v| v.is_finite());
        if let Some(v) = last {
            let text = format_value(v, unit, lang);
            let room = g.panel_w - measure(&s.name, f) - 2.0 * t.gap;
            if measure(&text, t.small.bold()) <= room {
                canvas.text(&text, x0 + g.panel_w, baseline, t.small.bold(), colour, Align::Right)?;
            }
        }
        plot.draw_grid(&canvas, &g.value, col == 0, lang)?;
        // Time labels under the last panel of each column only.
        let overhang = g.hgap / 2.0 - 0.5 * t.gap;
        let bounds = ((x0 - overhang).max(t.pad), (x0 + g.panel_w + overhang).min(canvas.size().0 - t.pad));
        plot.draw_time_ticks(&canvas, &g.time, &labels, i + g.cols >= n, bounds)?;
        if g.time.crosses_merger() {
            plot.draw_merger(&canvas, plot_top)?;
        }
        let r = t.marker * 0.85;
        let all_markers = plot.room_for_markers(&g.time, r);
        plot.draw_series(&canvas, s, colour, Marker::Circle, series_width(&t, hl), r, all_markers)?;
    }
    Ok(())
}
