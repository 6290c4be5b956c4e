//! The parts every chart shares around its plot: title and subtitle at the top, the
//! sample-data stamp at the top right, footnotes and the source line at the bottom, and
//! flowing legends. Layout is computed first (so a chart can size itself), then drawn.
//! Pure: draws into the canvas it is given.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::canvas::{Align, Canvas, Marker};
use super::captions::SAMPLE_STAMP;
use super::options::ChartError;
use super::style::{measure, wrap, wrap_balanced, wrap_list, Font, Theme, ACCENT, GRID, INK, MUTED};

/// The laid-out header and footer of one chart.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    theme: Theme,
    width: f64,
    title: Vec<String>,
    subtitle: Vec<String>,
    /// Width and height of the sample stamp, when the data are sample data.
    stamp: Option<(f64, f64)>,
    notes: Vec<String>,
    source: Vec<String>,
    /// The sample warning after the source line: (text, x offset on its line, line).
    warning: Option<(String, f64, usize)>,
    /// The credit, right-aligned on a source line: (text, line).
    credit: (String, usize),
}

/// The texts a frame is made of.
#[derive(Debug, Clone)]
pub(crate) struct FrameText<'a> {
    pub(crate) title: &'a str,
    pub(crate) subtitle: &'a str,
    pub(crate) notes: &'a [String],
    pub(crate) source: &'a str,
    /// The sample-data warning; when present the stamp is drawn too.
    pub(crate) warning: Option<&'a str>,
    pub(crate) credit: &'a str,
}

impl Frame {
    /// Lays out the frame of a chart `width` pixels wide.
    pub(crate) fn new(theme: Theme, width: f64, text: &FrameText<'_>) -> Frame {
        let inner = (width - 2.0 * theme.pad).max(10.0);
        let stamp = text.warning.map(|_| {
            let f = stamp_font(&theme);
            let w = measure(SAMPLE_STAMP, f) + 2.0 * theme.gap * 1.5;
            let h = f.ascent() + f.descent() + 2.0 * theme.gap;
            (w, h)
        });
        let title_width = stamp.map_or(inner, |(w, _)| inner - w - 2.0 * theme.gap);
        let title = wrap_title(&crate::text::nfc(text.title), theme.title, title_width.max(inner * 0.4));
        let subtitle = wrap(&crate::text::nfc(text.subtitle), theme.subtitle, inner);
        let notes: Vec<String> =
            text.notes.iter().flat_map(|n| wrap_list(&crate::text::nfc(n), theme.small, inner)).collect();
        let mut source = wrap_list(&crate::text::nfc(text.source), theme.small, inner);
        let space = measure(" · ", theme.small);
        let warning = text.warning.map(|w| {
            let w = crate::text::nfc(w);
            let last = source.len().saturating_sub(1);
            let used = source.last().map_or(0.0, |l| measure(l, theme.small));
            let ww = measure(&w, theme.small.bold());
            if used + space + ww <= inner {
                (format!("· {w}"), used + measure(" ", theme.small), last)
            } else {
                source.push(String::new());
                (w, 0.0, last + 1)
            }
        });
        let credit_w = measure(text.credit, theme.small);
        let last = source.len().saturating_sub(1);
        let used_last = match warning.as_ref().filter(|(_, _, line)| *line == last) {
            Some((w, x, _)) => x + measure(w, theme.small.bold()),
            None => source.last().map_or(0.0, |l| measure(l, theme.small)),
        };
        let credit = if used_last + 3.0 * theme.gap + credit_w <= inner {
            (text.credit.to_string(), last)
        } else {
            source.push(String::new());
            (text.credit.to_string(), last + 1)
        };
        Frame { theme, width, title, subtitle, stamp, notes, source, warning, credit }
    }

    /// Height from the top of the canvas to where the chart body may start.
    pub(crate) fn header_height(&self) -> f64 {
        let t = &self.theme;
        let mut h = t.pad + lines_height(self.title.len(), t.title);
        if !self.subtitle.is_empty() {
            h += 0.5 * t.gap + lines_height(self.subtitle.len(), t.subtitle);
        }
        if let Some((_, sh)) = self.stamp {
            h = h.max(t.pad + sh);
        }
        h + 2.0 * t.gap
    }

    /// Height of the footer (notes and source line) including the bottom margin.
    pub(crate) fn footer_height(&self) -> f64 {
        let t = &self.theme;
        let lines = self.notes.len() + self.source.len();
        2.0 * t.gap + lines_height(lines, t.small) + t.pad * 0.8
    }

    /// Draws the header at the top and the footer at the bottom of a canvas `height`
    /// pixels tall.
    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, height: f64) -> Result<(), ChartError> {
        let t = &self.theme;
        let x = t.pad;
        let mut baseline = t.pad + t.title.ascent();
        for line in &self.title {
            canvas.text(line, x, baseline, t.title, INK, Align::Left)?;
            baseline += t.title.line_height();
        }
        baseline += -t.title.line_height() + t.title.descent() + 0.5 * t.gap + t.subtitle.ascent();
        for line in &self.subtitle {
            canvas.text(line, x, baseline, t.subtitle, MUTED, Align::Left)?;
            baseline += t.subtitle.line_height();
        }
        if let Some((w, h)) = self.stamp {
            let f = stamp_font(t);
            let (x1, y0) = (self.width - t.pad, t.pad);
            let border = (2.0 * t.scale).max(1.0);
            canvas.rect(x1 - w, y0, x1, y0 + h, RGBColor(0xFF, 0xF1, 0xE8))?;
            canvas.frame(x1 - w, y0, x1, y0 + h, ACCENT, border)?;
            canvas.text(SAMPLE_STAMP, x1 - w / 2.0, y0 + t.gap + f.ascent(), f, ACCENT, Align::Centre)?;
        }
        let top = height - self.footer_height();
        canvas.hline(t.pad, self.width - t.pad, top + t.gap * 0.5, GRID, 1)?;
        let mut baseline = top + 1.5 * t.gap + t.small.ascent();
        for line in &self.notes {
            canvas.text(line, x, baseline, t.small, MUTED, Align::Left)?;
            baseline += t.small.line_height();
        }
        for (i, line) in self.source.iter().enumerate() {
            canvas.text(line, x, baseline, t.small, MUTED, Align::Left)?;
            if let Some((w, wx, _)) = self.warning.as_ref().filter(|(_, _, l)| *l == i) {
                canvas.text(w, x + wx, baseline, t.small.bold(), ACCENT, Align::Left)?;
            }
            if self.credit.1 == i {
                let (c, right) = (&self.credit.0, self.width - t.pad);
                canvas.text(c, right, baseline, t.small, MUTED, Align::Right)?;
            }
            baseline += t.small.line_height();
        }
        Ok(())
    }
}

/// A title in lines: when it does not fit, break after "—" first (subject, then
/// period), and keep the lines of each part even.
fn wrap_title(title: &str, font: Font, width: f64) -> Vec<String> {
    if measure(title, font) <= width {
        return vec![title.to_string()];
    }
    match title.split_once(" — ") {
        Some((head, tail)) => {
            let mut lines = wrap_balanced(&format!("{head} —"), font, width);
            lines.extend(wrap_balanced(tail, font, width));
            lines
        }
        None => wrap_balanced(title, font, width),
    }
}

fn stamp_font(t: &Theme) -> Font {
    t.label.bold()
}

/// Height of `n` lines of `font`, from the top of the first line's capitals to the
/// bottom of the last line's descenders.
pub(crate) fn lines_height(n: usize, font: Font) -> f64 {
    if n == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let gaps = (n - 1) as f64;
    font.ascent() + font.descent() + gaps * font.line_height()
}

/// What a legend entry shows before its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Key {
    /// A filled square (bars, stacked groups).
    Swatch(RGBColor),
    /// A short line with a marker (trend series).
    Line(RGBColor, Marker),
}

/// A legend laid out in rows that wrap at the available width.
#[derive(Debug, Clone)]
pub(crate) struct Legend {
    /// Rows of (x offset, key, label, bold).
    rows: Vec<Vec<(f64, Key, String, bool)>>,
    font: Font,
    key_width: f64,
}

impl Legend {
    /// Lays out `items` (key, label, bold) in rows no wider than `width`.
    pub(crate) fn new(theme: &Theme, items: &[(Key, String, bool)], width: f64) -> Legend {
        let font = theme.label;
        let key_width = 1.9 * font.size;
        let spacing = 2.5 * theme.gap;
        let mut rows: Vec<Vec<(f64, Key, String, bool)>> = Vec::new();
        let mut row: Vec<(f64, Key, String, bool)> = Vec::new();
        let mut x = 0.0;
        for (key, label, bold) in items {
            let label = crate::text::nfc(label);
            let w = key_width + theme.gap + measure(&label, if *bold { font.bold() } else { font });
            if !row.is_empty() && x + w > width {
                rows.push(std::mem::take(&mut row));
                x = 0.0;
            }
            row.push((x, *key, label, *bold));
            x += w + spacing;
        }
        if !row.is_empty() {
            rows.push(row);
        }
        Legend { rows, font, key_width }
    }

    /// Baseline-to-baseline distance of legend rows: keys need more air than text.
    fn pitch(&self) -> f64 {
        1.45 * self.font.size
    }

    /// Height of the laid-out legend (0 when empty).
    pub(crate) fn height(&self) -> f64 {
        if self.rows.is_empty() {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let gaps = (self.rows.len() - 1) as f64;
        self.font.ascent() + self.font.descent() + gaps * self.pitch()
    }

    /// Draws the legend with its top-left corner at (x, y).
    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, x: f64, y: f64) -> Result<(), ChartError> {
        let t = canvas.theme;
        let f = self.font;
        let mut baseline = y + f.ascent();
        for row in &self.rows {
            let mid = baseline - 0.36 * f.size;
            for (dx, key, label, bold) in row {
                let kx = x + dx;
                match *key {
                    Key::Swatch(c) => {
                        let s = 0.42 * f.size;
                        canvas.rect(
                            kx + self.key_width / 2.0 - s,
                            mid - s,
                            kx + self.key_width / 2.0 + s,
                            mid + s,
                            c,
                        )?;
                    }
                    Key::Line(c, m) => {
                        canvas.polyline(&[(kx, mid), (kx + self.key_width, mid)], c, t.line_width)?;
                        canvas.marker(m, kx + self.key_width / 2.0, mid, t.marker, c)?;
                    }
                }
                let lf = if *bold { f.bold() } else { f };
                canvas.text(label, kx + self.key_width + t.gap, baseline, lf, INK, Align::Left)?;
            }
            baseline += self.pitch();
        }
        Ok(())
    }
}
