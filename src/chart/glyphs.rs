//! Text measuring and bitmap text, done with ab_glyph directly. plotters 0.3.7's
//! ab_glyph path drops each glyph's left side bearing and rounds the pen to whole
//! pixels per glyph, which spaces Vietnamese letters unevenly ("b ình"); here glyphs
//! are placed at sub-pixel positions with kerning. Pure: no I/O (the font bytes are
//! compiled in).

use std::sync::OnceLock;

use ab_glyph::{point, Font as _, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};
use plotters_backend::{BackendCoord, DrawingErrorKind};

use super::options::ChartError;
use super::style::Font;

/// DejaVu Sans regular and bold, parsed once.
fn faces() -> Option<&'static (FontRef<'static>, FontRef<'static>)> {
    static FACES: OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let regular = FontRef::try_from_slice(dejavu::sans::regular()).ok()?;
            let bold = FontRef::try_from_slice(dejavu::sans::bold()).ok()?;
            Some((regular, bold))
        })
        .as_ref()
}

/// The face of a font, or an error if the embedded bytes do not parse (a broken build).
fn face(font: Font) -> Result<&'static FontRef<'static>, ChartError> {
    let (regular, bold) = faces().ok_or_else(|| ChartError::Font("DejaVu Sans does not parse".into()))?;
    Ok(if font.bold { bold } else { regular })
}

/// Checks the embedded faces parse.
pub(crate) fn check() -> Result<(), ChartError> {
    face(Font { size: 1.0, bold: false }).map(|_| ())
}

/// The em size as a fraction of the font size. A font size (as in plotters and
/// ab_glyph) is the ascent-to-descent height; SVG's `font-size` is the em.
pub(crate) fn em_ratio() -> f64 {
    faces().map_or(0.859, |(f, _)| {
        let upm = f.units_per_em().unwrap_or(2048.0);
        f64::from(upm / f.height_unscaled())
    })
}

fn scale(font: Font) -> PxScale {
    #[allow(clippy::cast_possible_truncation)]
    let s = font.size as f32;
    PxScale::from(s)
}

/// The advance width of `text` (already NFC) in `font`, kerning included.
pub(crate) fn advance(text: &str, font: Font) -> f64 {
    let Ok(face) = face(font) else {
        #[allow(clippy::cast_precision_loss)]
        return text.chars().count() as f64 * 0.6 * font.size;
    };
    let scaled = face.as_scaled(scale(font));
    let mut width = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    f64::from(width)
}

/// A line of text rasterised into coverage pixels, drawable on any plotters backend.
#[derive(Debug, Clone)]
pub(crate) struct GlyphRun {
    origin: BackendCoord,
    pixels: Vec<(i32, i32, f32)>,
    colour: RGBColor,
}

impl GlyphRun {
    /// Rasterises `text` (already NFC) with its left end at `x` and its baseline at `y`.
    pub(crate) fn new(text: &str, font: Font, x: f64, y: f64, colour: RGBColor) -> Result<GlyphRun, ChartError> {
        let face = face(font)?;
        let s = scale(font);
        let scaled = face.as_scaled(s);
        #[allow(clippy::cast_possible_truncation)]
        let mut caret = point(x as f32, y as f32);
        let mut prev: Option<GlyphId> = None;
        let mut pixels = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret.x += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(s, caret);
            caret.x += scaled.h_advance(id);
            if let Some(outline) = face.outline_glyph(glyph) {
                let b = outline.px_bounds();
                #[allow(clippy::cast_possible_truncation)]
                let (bx, by) = (b.min.x as i32, b.min.y as i32);
                outline.draw(|gx, gy, coverage| {
                    if coverage > 0.004 {
                        // Glyph bitmaps are a few dozen pixels: the offsets fit an i32.
                        #[allow(clippy::cast_possible_wrap)]
                        pixels.push((bx + gx as i32, by + gy as i32, coverage.min(1.0)));
                    }
                });
            }
        }
        Ok(GlyphRun { origin: (0, 0), pixels, colour })
    }
}

impl<'a> PointCollection<'a, BackendCoord> for &'a GlyphRun {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Once<&'a BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.origin)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for GlyphRun {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        _parent_dim: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((ox, oy)) = pos.next() else {
            return Ok(());
        };
        for &(x, y, coverage) in &self.pixels {
            backend.draw_pixel((ox + x, oy + y), self.colour.mix(f64::from(coverage)).to_backend_color())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_capitals_fit_the_ascent() {
        let f = Font { size: 100.0, bold: true };
        for text in ["Ấ", "Ữ", "Ỗ", "Ẫ", "Ặ", "gạy"] {
            let run = GlyphRun::new(text, f, 0.0, 0.0, RGBColor(0, 0, 0)).expect("font");
            let top = run.pixels.iter().map(|p| p.1).min().expect("ink");
            let bottom = run.pixels.iter().map(|p| p.1).max().expect("ink");
            assert!(f64::from(-top) <= f.ascent(), "{text}: top {top}");
            assert!(f64::from(bottom) <= f.descent(), "{text}: bottom {bottom}");
        }
    }

    #[test]
    fn advance_includes_every_glyph() {
        let f = Font { size: 20.0, bold: false };
        assert!(advance("Hà Nội", f) > advance("Hà Nộ", f));
        assert!((advance("", f)).abs() < f64::EPSILON);
        assert!((em_ratio() - 2048.0 / 2384.0).abs() < 1e-3);
    }
}
