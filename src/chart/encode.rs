//! Charts rendered to bytes in memory: SVG text through plotters' `SVGBackend`, PNG
//! through its `BitMapBackend` and the `png` encoder. Line charts are drawn at twice the
//! size and averaged down, because plotters draws thick lines without anti-aliasing.
//! Pure: no file I/O (the caller writes the bytes).

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::prelude::{BitMapBackend, SVGBackend};

use super::canvas::backend_error;
use super::multiples::{draw_multiples, multiples_size};
use super::options::{ChartError, ChartOptions};
use super::ranking::{draw_ranking, ranking_size};
use super::style::Target;
use super::trend::{draw_trend, trend_size};
use crate::rank::{Ranking, Trend};

/// Supersampling of bar charts: none, their edges are axis-aligned and text is already
/// anti-aliased.
const BARS_SUPERSAMPLE: u32 = 1;
/// Supersampling of line charts, for smooth diagonal lines.
const LINES_SUPERSAMPLE: u32 = 2;

/// The ranking chart as SVG text. The same ranking and options give the same bytes.
///
/// # Errors
/// See [`draw_ranking`].
pub fn ranking_svg(ranking: &Ranking, opts: &ChartOptions) -> Result<String, ChartError> {
    let size = ranking_size(ranking, opts)?;
    svg(size, |area| draw_ranking(area, ranking, opts, Target::Svg))
}

/// The ranking chart as PNG bytes.
///
/// # Errors
/// See [`draw_ranking`]; [`ChartError::Png`] if encoding fails.
pub fn ranking_png(ranking: &Ranking, opts: &ChartOptions) -> Result<Vec<u8>, ChartError> {
    let size = ranking_size(ranking, opts)?;
    png(size, BARS_SUPERSAMPLE, opts.size.dpi(), |area| draw_ranking(area, ranking, opts, Target::Bitmap))
}

/// The trend chart as SVG text.
///
/// # Errors
/// See [`draw_trend`].
pub fn trend_svg(trend: &Trend, opts: &ChartOptions) -> Result<String, ChartError> {
    svg(trend_size(opts), |area| draw_trend(area, trend, opts, Target::Svg))
}

/// The trend chart as PNG bytes.
///
/// # Errors
/// See [`draw_trend`]; [`ChartError::Png`] if encoding fails.
pub fn trend_png(trend: &Trend, opts: &ChartOptions) -> Result<Vec<u8>, ChartError> {
    png(trend_size(opts), LINES_SUPERSAMPLE, opts.size.dpi(), |area| draw_trend(area, trend, opts, Target::Bitmap))
}

/// The small-multiples chart as SVG text.
///
/// # Errors
/// See [`draw_multiples`].
pub fn multiples_svg(trend: &Trend, opts: &ChartOptions) -> Result<String, ChartError> {
    let size = multiples_size(trend, opts)?;
    svg(size, |area| draw_multiples(area, trend, opts, Target::Svg))
}

/// The small-multiples chart as PNG bytes.
///
/// # Errors
/// See [`draw_multiples`]; [`ChartError::Png`] if encoding fails.
pub fn multiples_png(trend: &Trend, opts: &ChartOptions) -> Result<Vec<u8>, ChartError> {
    let size = multiples_size(trend, opts)?;
    png(size, LINES_SUPERSAMPLE, opts.size.dpi(), |area| draw_multiples(area, trend, opts, Target::Bitmap))
}

fn svg<F>(size: (u32, u32), draw: F) -> Result<String, ChartError>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ChartError>,
{
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&area)?;
        area.present().map_err(backend_error)?;
    }
    Ok(out)
}

fn png<F>((w, h): (u32, u32), factor: u32, dpi: u32, draw: F) -> Result<Vec<u8>, ChartError>
where
    F: FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), ChartError>,
{
    let (bw, bh) = (w * factor, h * factor);
    let len =
        usize::try_from(u64::from(bw) * u64::from(bh) * 3).map_err(|_| ChartError::TooLarge { width: w, height: h })?;
    let mut buf = vec![0u8; len];
    {
        let area = BitMapBackend::with_buffer(&mut buf, (bw, bh)).into_drawing_area();
        draw(&area)?;
        area.present().map_err(backend_error)?;
    }
    let rgb = if factor > 1 { downsample(&buf, bw, bh, factor) } else { buf };
    encode_png(&rgb, w, h, dpi)
}

/// Averages each `factor` × `factor` block of an RGB buffer into one pixel.
fn downsample(buf: &[u8], w: u32, h: u32, factor: u32) -> Vec<u8> {
    let (w, h, f) = (w as usize, h as usize, factor as usize);
    let (ow, oh) = (w / f, h / f);
    let mut out = vec![0u8; ow * oh * 3];
    let n = u32::try_from(f * f).unwrap_or(1);
    for oy in 0..oh {
        for ox in 0..ow {
            let mut acc = [0u32; 3];
            for dy in 0..f {
                let row = (oy * f + dy) * w;
                for dx in 0..f {
                    let i = (row + ox * f + dx) * 3;
                    for (c, a) in acc.iter_mut().enumerate() {
                        *a += u32::from(buf[i + c]);
                    }
                }
            }
            let o = (oy * ow + ox) * 3;
            for (c, a) in acc.iter().enumerate() {
                out[o + c] = u8::try_from((a + n / 2) / n).unwrap_or(u8::MAX);
            }
        }
    }
    out
}

/// Encodes an RGB buffer as PNG, recording the resolution so print software sizes a
/// 300-dpi chart as A4.
fn encode_png(rgb: &[u8], w: u32, h: u32, dpi: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // Pixels per metre, as the pHYs chunk wants.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ppm = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        let mut writer = encoder.write_header().map_err(|e| ChartError::Png(e.to_string()))?;
        writer.write_image_data(rgb).map_err(|e| ChartError::Png(e.to_string()))?;
        writer.finish().map_err(|e| ChartError::Png(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsample_averages_blocks() {
        // A 2×2 image: two black and two white pixels average to mid-grey.
        let buf = [0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0];
        assert_eq!(downsample(&buf, 2, 2, 2), vec![128, 128, 128]);
    }

    #[test]
    fn png_round_trips_size() {
        let rgb = vec![255u8; 4 * 3 * 3];
        let bytes = encode_png(&rgb, 4, 3, 300).expect("encodes");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().expect("decodes");
        assert_eq!((reader.info().width, reader.info().height), (4, 3));
    }
}
