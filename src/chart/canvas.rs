//! A thin drawing layer over a plotters `DrawingArea`: text placed by baseline (and
//! NFC-normalised), rectangles, lines, dashed rules and markers, in `f64` pixels.
//! Generic over the backend; pure: it draws into whatever the caller gives it.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor};

use super::glyphs::{advance, em_ratio, GlyphRun};
use super::options::ChartError;
use super::style::{Font, Target, Theme};

/// Horizontal alignment of text against its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Centre,
    Right,
}

/// Marker shapes, cycled with the colours so series stay apart in greyscale print too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    /// The marker of the `i`-th series.
    pub(crate) fn nth(i: usize) -> Marker {
        [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond][i % 4]
    }
}

/// Converts a plotters drawing error (any backend) into ours.
pub(crate) fn backend_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError::Backend(e.to_string())
}

/// Rounds a layout coordinate to a pixel. Layout values are bounded by the canvas size
/// (≤ 20 000 px), so the conversion cannot overflow.
#[allow(clippy::cast_possible_truncation)]
pub(crate) fn px(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-1.0e6, 1.0e6) as i32
    } else {
        0
    }
}

/// A drawing area with the theme it is drawn in.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    pub(crate) theme: Theme,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub(crate) fn new(area: &'a DrawingArea<DB, Shift>, theme: Theme) -> Self {
        Canvas { area, theme }
    }

    /// Width and height in pixels.
    pub(crate) fn size(&self) -> (f64, f64) {
        let (w, h) = self.area.dim_in_pixel();
        (f64::from(w), f64::from(h))
    }

    /// Fills the whole area.
    pub(crate) fn fill(&self, colour: RGBColor) -> Result<(), ChartError> {
        self.area.fill(&colour).map_err(backend_error)
    }

    /// Draws `text` (NFC-normalised first) with its baseline at `baseline`.
    pub(crate) fn text(
        &self,
        text: &str,
        x: f64,
        baseline: f64,
        font: Font,
        colour: RGBColor,
        align: Align,
    ) -> Result<(), ChartError> {
        let text = crate::text::nfc(text);
        if text.is_empty() {
            return Ok(());
        }
        match self.theme.target {
            Target::Bitmap => {
                let left = match align {
                    Align::Left => x,
                    Align::Centre => x - advance(&text, font) / 2.0,
                    Align::Right => x - advance(&text, font),
                };
                let run = GlyphRun::new(&text, font, left, baseline, colour)?;
                self.area.draw(&run).map_err(backend_error)
            }
            Target::Svg => {
                let h = match align {
                    Align::Left => HPos::Left,
                    Align::Centre => HPos::Center,
                    Align::Right => HPos::Right,
                };
                // plotters-svg writes font-size = size / 1.24 and dy = 0.76 em; this
                // makes the em match the bitmap's and puts the baseline at `baseline`.
                let em = em_ratio() * font.size;
                let svg_font = Font { size: em * 1.24, ..font };
                let style = svg_font.desc().color(&colour).pos(Pos::new(h, VPos::Top));
                let y = baseline - 0.76 * em;
                self.area.draw_text(&text, &style, (px(x), px(y))).map_err(backend_error)
            }
        }
    }

    /// A filled rectangle between two corners.
    pub(crate) fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, colour: RGBColor) -> Result<(), ChartError> {
        let (a, b) = ((px(x0.min(x1)), px(y0.min(y1))), (px(x0.max(x1)), px(y0.max(y1))));
        if a.0 == b.0 || a.1 == b.1 {
            return Ok(());
        }
        self.area.draw(&Rectangle::new([a, b], colour.filled())).map_err(backend_error)
    }

    /// A rectangle outline of the given width.
    pub(crate) fn frame(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        colour: RGBColor,
        width: f64,
    ) -> Result<(), ChartError> {
        self.rect(x0, y0, x1, y0 + width, colour)?;
        self.rect(x0, y1 - width, x1, y1, colour)?;
        self.rect(x0, y0, x0 + width, y1, colour)?;
        self.rect(x1 - width, y0, x1, y1, colour)
    }

    /// A connected line through `points`.
    pub(crate) fn polyline(&self, points: &[(f64, f64)], colour: RGBColor, width: u32) -> Result<(), ChartError> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area.draw(&PathElement::new(pts, colour.stroke_width(width))).map_err(backend_error)
    }

    /// A vertical dashed rule from `y0` to `y1`, drawn as small rectangles so dashes are
    /// crisp in PNG and identical in SVG.
    pub(crate) fn dashed_vline(
        &self,
        x: f64,
        y0: f64,
        y1: f64,
        colour: RGBColor,
        width: u32,
    ) -> Result<(), ChartError> {
        let w = f64::from(width);
        let dash = 6.0 * self.theme.scale;
        let step = 10.0 * self.theme.scale;
        let mut y = y0.min(y1);
        let end = y0.max(y1);
        while y < end {
            self.rect(x - w / 2.0, y, x + w / 2.0, (y + dash).min(end), colour)?;
            y += step;
        }
        Ok(())
    }

    /// A horizontal hairline.
    pub(crate) fn hline(&self, x0: f64, x1: f64, y: f64, colour: RGBColor, width: u32) -> Result<(), ChartError> {
        let w = f64::from(width);
        self.rect(x0, y - w / 2.0, x1, y + w / 2.0, colour)
    }

    /// A vertical hairline.
    pub(crate) fn vline(&self, x: f64, y0: f64, y1: f64, colour: RGBColor, width: u32) -> Result<(), ChartError> {
        let w = f64::from(width);
        self.rect(x - w / 2.0, y0, x + w / 2.0, y1, colour)
    }

    /// A marker of radius `r` centred on (x, y), with a white rim so it stands out
    /// from the line it sits on.
    pub(crate) fn marker(&self, shape: Marker, x: f64, y: f64, r: f64, colour: RGBColor) -> Result<(), ChartError> {
        let rim = (r * 0.35).max(1.0);
        self.marker_shape(shape, x, y, r + rim, super::style::PAPER)?;
        self.marker_shape(shape, x, y, r, colour)
    }

    fn marker_shape(&self, shape: Marker, x: f64, y: f64, r: f64, colour: RGBColor) -> Result<(), ChartError> {
        let style = colour.filled();
        match shape {
            Marker::Circle => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let radius = r.round().max(1.0) as u32;
                self.area.draw(&Circle::new((px(x), px(y)), radius, style)).map_err(backend_error)
            }
            Marker::Square => {
                // Whole-pixel centre and half-side, so the square stays square.
                let (cx, cy, h) = (x.round(), y.round(), (r * 0.9).round().max(1.0));
                self.rect(cx - h, cy - h, cx + h, cy + h, colour)
            }
            Marker::Triangle => {
                let s = r * 1.25;
                let pts =
                    vec![(px(x), px(y - s)), (px(x + s * 0.95), px(y + s * 0.7)), (px(x - s * 0.95), px(y + s * 0.7))];
                self.area.draw(&Polygon::new(pts, style)).map_err(backend_error)
            }
            Marker::Diamond => {
                let s = r * 1.3;
                let pts = vec![(px(x), px(y - s)), (px(x + s), px(y)), (px(x), px(y + s)), (px(x - s), px(y))];
                self.area.draw(&Polygon::new(pts, style)).map_err(backend_error)
            }
        }
    }
}
