//! The ranking chart: one horizontal bar per province, best first, each labelled with
//! its rank and value; highlighted provinces in the accent colour; the national average
//! as a dashed line; optionally the index groups stacked; a top/bottom cut; missing
//! provinces in a footnote. The layout is computed before drawing so the chart can grow
//! taller than its preset instead of squeezing rows. Pure: draws into a plotters area.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::axis::{nice_max, step_decimals, ticks, value_top, Linear};
use super::canvas::{Align, Canvas};
use super::captions::{
    average_label, credit, missing_note, ranking_subtitle, ranking_title, sample_warning, source_line, unit_label,
};
use super::format::{format_number, format_value};
use super::frame::{lines_height, Frame, FrameText, Key, Legend};
use super::options::{ChartError, ChartOptions, Lang};
use super::style::{
    ensure_fonts, measure, Font, Target, Theme, ACCENT, AXIS, BASE, GRID, INK, MUTED, OKABE_ITO, PAPER,
};
use crate::model::IndexGroup;
use crate::province::Registry;
use crate::rank::{RankEntry, Ranking};

/// Tallest canvas a ranking may grow to (63 rows at print size fit well below it).
const MAX_HEIGHT: u32 = 20_000;

/// One line of the chart: a province, or the "⋯" between a top and a bottom cut.
#[derive(Debug, Clone, Copy)]
enum Row<'a> {
    Entry(&'a RankEntry),
    Gap,
}

/// The fixed colour of each index group, so a group keeps its colour from chart to chart
/// (and across the 2025 change from two online groups to one). Vermillion is kept for
/// highlights; grey is the one extra neutral.
#[must_use]
pub fn group_colour(group: IndexGroup) -> RGBColor {
    match group {
        IndexGroup::Transparency => OKABE_ITO[0],
        IndexGroup::Progress => OKABE_ITO[2],
        IndexGroup::OnlineService | IndexGroup::OnlineCombined => OKABE_ITO[3],
        IndexGroup::OnlinePayment => OKABE_ITO[5],
        IndexGroup::Satisfaction => OKABE_ITO[4],
        IndexGroup::Digitisation => RGBColor(0x7A, 0x7A, 0x7A),
    }
}

/// The group's name in the chart language, with its maximum ("Mức độ hài lòng (18)").
fn group_label(group: IndexGroup, lang: Lang) -> String {
    let name = match lang {
        Lang::Vi => group.name_vi(),
        Lang::En => group.name_en(),
    };
    format!("{name} ({:.0})", group.max_points())
}

/// Everything about where things go, computed before drawing.
#[derive(Debug)]
struct Layout<'a> {
    theme: Theme,
    width: f64,
    height: f64,
    frame: Frame,
    rows: Vec<Row<'a>>,
    groups: Vec<IndexGroup>,
    legend: Option<Legend>,
    /// Font of rank, name and value labels.
    font: Font,
    /// Right edge of the rank column.
    rank_x: f64,
    /// Right edge of the name column.
    name_x: f64,
    /// Top of the average label band.
    band_top: f64,
    rows_top: f64,
    pitch: f64,
    bar: f64,
    x: Linear,
    plot_x0: f64,
    plot_x1: f64,
    ticks: Vec<f64>,
    tick_decimals: usize,
    average: Option<f64>,
}

/// The rows a top/bottom cut keeps: the first `top`, the last `bottom` and every
/// highlighted province, with a gap row wherever entries are skipped.
fn visible_rows<'a>(ranking: &'a Ranking, opts: &ChartOptions) -> Vec<Row<'a>> {
    // `rank` never yields a non-finite value, but a hand-made ranking might: such an
    // entry has no bar to draw and is listed with the missing provinces instead.
    let entries: Vec<&RankEntry> = ranking.entries.iter().filter(|e| e.value.is_finite()).collect();
    let n = entries.len();
    if opts.top.is_none() && opts.bottom.is_none() {
        return entries.into_iter().map(Row::Entry).collect();
    }
    let top = opts.top.unwrap_or(0);
    let bottom = opts.bottom.unwrap_or(0);
    let keep = |i: usize, e: &RankEntry| i < top || i + bottom >= n || opts.highlight.contains(&e.province);
    let mut rows = Vec::new();
    let mut skipped = false;
    for (i, e) in entries.into_iter().enumerate() {
        if keep(i, e) {
            if skipped {
                rows.push(Row::Gap);
            }
            skipped = false;
            rows.push(Row::Entry(e));
        } else {
            skipped = true;
        }
    }
    if skipped {
        rows.push(Row::Gap);
    }
    rows
}

fn layout<'a>(ranking: &'a Ranking, opts: &ChartOptions, width: u32, target: Target) -> Result<Layout<'a>, ChartError> {
    ensure_fonts()?;
    if !ranking.entries.iter().any(|e| e.value.is_finite()) {
        return Err(ChartError::Empty { what: format!("the ranking of {} has no entries", ranking.period) });
    }
    let theme = Theme::for_canvas(opts.size, width, target);
    let (pw, ph) = opts.size.dimensions();
    let preset_height = f64::from(ph) * f64::from(width) / f64::from(pw);
    // A page cannot grow without leaving A4, so it gives up more type size first.
    let shrink_steps: &[f64] = if opts.size.is_page() { &[1.0, 0.95, 0.9, 0.85, 0.8] } else { &[1.0, 0.95, 0.9] };
    let at = |shrink: f64| layout_at(ranking, opts, theme, f64::from(width), preset_height, shrink);
    let fitting = shrink_steps.iter().map(|&s| at(s)).find(|l| l.height <= preset_height + 0.5);
    // Nothing fits: a page keeps the smallest type (least growth); a screen chart keeps
    // full-size type and grows.
    let l = match fitting {
        Some(l) => l,
        None if opts.size.is_page() => at(shrink_steps.last().copied().unwrap_or(1.0)),
        None => at(1.0),
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let h = l.height.ceil().max(0.0) as u32;
    if h > MAX_HEIGHT {
        return Err(ChartError::TooLarge { width, height: h });
    }
    Ok(l)
}

#[allow(clippy::too_many_lines)] // one linear pass over the chart's parts, top to bottom
fn layout_at<'a>(
    ranking: &'a Ranking,
    opts: &ChartOptions,
    theme: Theme,
    width: f64,
    preset_height: f64,
    shrink: f64,
) -> Layout<'a> {
    let t = theme;
    let lang = opts.lang;
    let unit = ranking.subject.unit();
    let rows = visible_rows(ranking, opts);
    let entries = || rows.iter().filter_map(|r| if let Row::Entry(e) = r { Some(*e) } else { None });
    let groups: Vec<IndexGroup> = if opts.stacked {
        IndexGroup::ALL.iter().copied().filter(|g| entries().any(|e| e.groups.contains_key(g))).collect()
    } else {
        Vec::new()
    };
    let stacked = !groups.is_empty();
    let font = Font { size: t.label.size * shrink, bold: false };
    let highlighted = |e: &RankEntry| opts.highlight.contains(&e.province);
    let name_font = |e: &RankEntry| if highlighted(e) { font.bold() } else { font };

    // Columns: rank | name | bars | value.
    let rank_w = entries().map(|e| measure(&e.rank.to_string(), font)).fold(0.0, f64::max);
    let name_w = entries().map(|e| measure(&e.name, name_font(e))).fold(0.0, f64::max);
    let value_w = entries().map(|e| measure(&format_value(e.value, unit, lang), name_font(e))).fold(0.0, f64::max);
    let rank_x = t.pad + rank_w;
    let name_x = rank_x + 1.5 * t.gap + name_w;
    let plot_x0 = name_x + 1.5 * t.gap;
    let plot_x1 = (width - t.pad - value_w - t.gap).max(plot_x0 + 50.0 * t.scale);

    // Value domain: from zero (or below, for negative values) to the subject's maximum.
    let values = entries().map(|e| if stacked { e.value.max(e.groups.values().sum()) } else { e.value });
    let max_value = values.fold(0.0, f64::max);
    let min_value = entries().map(|e| e.value).fold(0.0, f64::min);
    // Ranking::average over the entries that have a value: a hand-made ranking with a
    // NaN must not turn the line into NaN.
    let finite: Vec<f64> = ranking.entries.iter().map(|e| e.value).filter(|v| v.is_finite()).collect();
    #[allow(clippy::cast_precision_loss)]
    let mean = (!finite.is_empty()).then(|| finite.iter().sum::<f64>() / finite.len() as f64);
    let average = mean.filter(|m| opts.average_line && m.is_finite());
    let hi = value_top(ranking.subject, max_value.max(average.unwrap_or(0.0)), 5);
    let lo = if min_value < 0.0 { -nice_max(-min_value, 5) } else { 0.0 };
    let (tick_values, step) = ticks(lo, hi, 5);
    let x = Linear::new(lo, hi, plot_x0, plot_x1);

    // Header and footer.
    let unusable = ranking.entries.iter().filter(|e| !e.value.is_finite()).map(|e| e.name.clone());
    let missing: Vec<String> = ranking.missing.iter().map(|c| Registry::builtin().name(*c)).chain(unusable).collect();
    let notes: Vec<String> = missing_note(&missing, lang).into_iter().collect();
    let title = opts.title.clone().unwrap_or_else(|| ranking_title(ranking, lang));
    let subtitle = opts.subtitle.clone().unwrap_or_else(|| ranking_subtitle(ranking, opts, stacked));
    let source = source_line(&ranking.sources, lang);
    let text = FrameText {
        title: &title,
        subtitle: &subtitle,
        notes: &notes,
        source: &source,
        warning: ranking.sample.then(|| sample_warning(lang)),
        credit: credit(lang),
    };
    let frame = Frame::new(t, width, &text);

    let legend = stacked.then(|| {
        let items: Vec<(Key, String, bool)> =
            groups.iter().map(|g| (Key::Swatch(group_colour(*g)), group_label(*g, lang), false)).collect();
        Legend::new(&t, &items, width - 2.0 * t.pad)
    });
    let mut y = frame.header_height();
    if let Some(l) = &legend {
        y += l.height() + 1.5 * t.gap;
    }
    let band_top = y;
    if average.is_some() {
        y += lines_height(1, t.small) + t.gap;
    }
    let rows_top = y;
    let axis_h = t.gap + lines_height(1, t.small) + 0.6 * t.gap + lines_height(1, t.small) + t.gap;
    let fixed = rows_top + axis_h + frame.footer_height();

    #[allow(clippy::cast_precision_loss)]
    let n = rows.len().max(1) as f64;
    // Paper is read closer than a screen: rows may sit tighter before the page grows.
    let min_pitch = if opts.size.is_page() { 1.45 } else { 1.75 } * font.size;
    let max_pitch = 3.0 * font.size;
    let pitch = ((preset_height - fixed) / n).clamp(min_pitch, max_pitch);
    let height = (fixed + n * pitch).max(preset_height);
    let bar = (0.66 * pitch).min(1.9 * font.size);
    Layout {
        theme: t,
        width,
        height,
        frame,
        rows,
        groups,
        legend,
        font,
        rank_x,
        name_x,
        band_top,
        rows_top,
        pitch,
        bar,
        x,
        plot_x0,
        plot_x1,
        ticks: tick_values,
        tick_decimals: step_decimals(step),
        average,
    }
}

/// The size in pixels a ranking chart needs: the preset's width, and its height or more
/// when the rows would otherwise be too tight to read.
///
/// # Errors
/// [`ChartError::Empty`] for a ranking without entries, [`ChartError::TooLarge`] when
/// the rows would need more than 20 000 px.
pub fn ranking_size(ranking: &Ranking, opts: &ChartOptions) -> Result<(u32, u32), ChartError> {
    let (w, _) = opts.size.dimensions();
    let l = layout(ranking, opts, w, Target::Bitmap)?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let h = l.height.ceil() as u32;
    Ok((w, h))
}

/// Draws a ranking chart into `area`, which should be [`ranking_size`] (or that size
/// times a whole factor, for supersampling). `target` says which backend `area` is
/// drawn by, because plotters places text differently in SVG and bitmaps.
///
/// # Errors
/// [`ChartError::Empty`] for a ranking without entries; [`ChartError::Backend`] when
/// the backend fails.
pub fn draw_ranking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ranking: &Ranking,
    opts: &ChartOptions,
    target: Target,
) -> Result<(), ChartError> {
    let (w, _) = area.dim_in_pixel();
    let l = layout(ranking, opts, w, target)?;
    let canvas = Canvas::new(area, l.theme);
    canvas.fill(PAPER)?;
    l.frame.draw(&canvas, canvas.size().1)?;
    draw_body(&canvas, &l, ranking, opts)
}

#[allow(clippy::too_many_lines)] // grid, rows, average line and axis share one layout
fn draw_body<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    l: &Layout<'_>,
    ranking: &Ranking,
    opts: &ChartOptions,
) -> Result<(), ChartError> {
    let t = l.theme;
    let lang = opts.lang;
    let unit = ranking.subject.unit();
    #[allow(clippy::cast_precision_loss)]
    let rows_bottom = l.rows_top + l.rows.len() as f64 * l.pitch;

    if let Some(legend) = &l.legend {
        let top = l.frame.header_height();
        legend.draw(canvas, t.pad, top)?;
    }

    // Zebra stripes help the eye across from a name to its bar on long lists.
    if l.rows.len() > 15 {
        for i in (1..l.rows.len()).step_by(2) {
            #[allow(clippy::cast_precision_loss)]
            let y = l.rows_top + i as f64 * l.pitch;
            canvas.rect(t.pad, y, l.width - t.pad, y + l.pitch, RGBColor(0xF4, 0xF4, 0xF4))?;
        }
    }
    for &v in &l.ticks {
        let x = l.x.map(v);
        canvas.vline(x, l.rows_top, rows_bottom, GRID, 1)?;
    }

    for (i, row) in l.rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let mid = l.rows_top + (i as f64 + 0.5) * l.pitch;
        let baseline = l.font.centred_baseline(mid);
        let e = match row {
            Row::Gap => {
                canvas.text("⋯", l.name_x, baseline, l.font, MUTED, Align::Right)?;
                continue;
            }
            Row::Entry(e) => *e,
        };
        let hl = opts.highlight.contains(&e.province);
        let font = if hl { l.font.bold() } else { l.font };
        let ink = if hl { ACCENT } else { INK };
        canvas.text(&e.rank.to_string(), l.rank_x, baseline, l.font, MUTED, Align::Right)?;
        canvas.text(&e.name, l.name_x, baseline, font, ink, Align::Right)?;
        let (y0, y1) = (mid - l.bar / 2.0, mid + l.bar / 2.0);
        let zero = l.x.map(0.0);
        if l.groups.is_empty() {
            canvas.rect(zero, y0, l.x.map(e.value), y1, if hl { ACCENT } else { BASE })?;
        } else {
            let mut acc = 0.0;
            // A hairline of paper between segments keeps neighbours apart for readers
            // who cannot tell their colours apart.
            let sep = t.scale.max(1.0);
            for (k, g) in l.groups.iter().enumerate() {
                let v = e.groups.get(g).copied().unwrap_or(0.0).max(0.0);
                let cut = if k + 1 < l.groups.len() { sep } else { 0.0 };
                let (a, b) = (l.x.map(acc), l.x.map(acc + v) - cut);
                if b > a {
                    canvas.rect(a, y0, b, y1, group_colour(*g))?;
                }
                acc += v;
            }
            if hl {
                let w = (2.0 * t.scale).max(1.0);
                canvas.frame(zero - w, y0 - w, l.x.map(acc) + w, y1 + w, INK, w)?;
            }
        }
    }

    // The average line goes over the bars; value labels go over it, on a paper halo.
    if let Some(avg) = l.average {
        let x = l.x.map(avg);
        canvas.dashed_vline(x, l.band_top + 0.2 * t.gap, rows_bottom, INK, t.rule_width)?;
        let label = average_label(ranking, avg, lang);
        let w = measure(&label, t.small.bold());
        let baseline = l.band_top + t.small.ascent();
        if x + t.gap + w <= l.width - t.pad {
            canvas.text(&label, x + t.gap, baseline, t.small.bold(), INK, Align::Left)?;
        } else {
            canvas.text(&label, x - t.gap, baseline, t.small.bold(), INK, Align::Right)?;
        }
    }
    for (i, row) in l.rows.iter().enumerate() {
        let Row::Entry(e) = row else { continue };
        #[allow(clippy::cast_precision_loss)]
        let mid = l.rows_top + (i as f64 + 0.5) * l.pitch;
        let hl = opts.highlight.contains(&e.province);
        let font = if hl { l.font.bold() } else { l.font };
        let label = format_value(e.value, unit, lang);
        let end = if l.groups.is_empty() { e.value } else { e.value.max(e.groups.values().sum()) };
        let x = l.x.map(end.max(0.0)) + t.gap;
        let w = measure(&label, font);
        let halo = 0.25 * t.gap;
        canvas.rect(x - halo, mid - 0.5 * font.size, x + w + halo, mid + 0.5 * font.size, halo_colour(i, l))?;
        canvas.text(&label, x, font.centred_baseline(mid), font, if hl { ACCENT } else { INK }, Align::Left)?;
    }

    // Value axis under the rows: zero line, tick labels, unit.
    canvas.vline(l.x.map(0.0), l.rows_top, rows_bottom, AXIS, 1)?;
    canvas.hline(l.plot_x0, l.plot_x1, rows_bottom, AXIS, 1)?;
    let tick_base = rows_bottom + t.gap + t.small.ascent();
    for &v in &l.ticks {
        let x = l.x.map(v);
        canvas.vline(x, rows_bottom, rows_bottom + 0.6 * t.gap, AXIS, 1)?;
        canvas.text(&format_number(v, l.tick_decimals, lang), x, tick_base, t.small, MUTED, Align::Centre)?;
    }
    let unit_base = tick_base + t.small.descent() + 0.6 * t.gap + t.small.ascent();
    let centre = f64::midpoint(l.plot_x0, l.plot_x1);
    canvas.text(&unit_label(ranking.subject, lang), centre, unit_base, t.small, MUTED, Align::Centre)?;
    Ok(())
}

/// The background under a value label: the zebra stripe's colour on striped rows.
fn halo_colour(i: usize, l: &Layout<'_>) -> RGBColor {
    if l.rows.len() > 15 && i % 2 == 1 {
        RGBColor(0xF4, 0xF4, 0xF4)
    } else {
        PAPER
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CalendarPeriod, Era, ProvinceCode};
    use crate::rank::{rank, Row as RankRow, Subject};

    fn ranking(n: u8) -> Ranking {
        let rows = (1..=n)
            .map(|i| RankRow {
                province: ProvinceCode { era: Era::Pre2025, gso: i },
                name: format!("Tỉnh {i}"),
                value: 50.0 + f64::from(i) * 0.7,
                groups: std::collections::BTreeMap::new(),
                published_rank: None,
            })
            .collect();
        rank(Subject::Index, CalendarPeriod::Month { year: 2024, month: 4 }, rows, &[])
    }

    #[test]
    fn cuts_keep_top_bottom_and_highlights_with_gaps() {
        let r = ranking(20);
        let opts = ChartOptions {
            top: Some(3),
            bottom: Some(2),
            highlight: vec![r.entries[10].province],
            ..ChartOptions::default()
        };
        let rows = visible_rows(&r, &opts);
        let shape: Vec<char> = rows.iter().map(|r| if matches!(r, Row::Gap) { '-' } else { 'x' }).collect();
        assert_eq!(shape.iter().collect::<String>(), "xxx-x-xx");
    }

    #[test]
    fn long_rankings_grow_instead_of_squeezing() {
        let r = ranking(63);
        let (w, h) = ranking_size(&r, &ChartOptions::default()).expect("size");
        assert_eq!(w, 1200);
        assert!(h > 675, "{h}");
        let short = ranking(5);
        assert_eq!(ranking_size(&short, &ChartOptions::default()).expect("size"), (1200, 675));
    }
}
