//! Charts of rankings and trends, drawn with plotters into PNG and SVG.
//!
//! The drawing functions ([`draw_ranking`], [`draw_trend`], [`draw_multiples`]) are pure
//! and generic over plotters' `DrawingBackend`; [`ranking_svg`], [`ranking_png`] and
//! friends render to bytes in memory. This module's `render_*` functions are the only
//! I/O in `chart/`: they write the files (to a temporary name, then renamed, so a
//! reader never sees half a chart).
//!
//! Every chart carries a title and subtitle (Vietnamese by default), axis labels with
//! units, the source line, and — for sample data — a "DỮ LIỆU MẪU / SAMPLE DATA" stamp.
//! Text is drawn with the embedded DejaVu Sans after NFC normalisation, so Vietnamese
//! renders correctly on a machine with no fonts installed.
//!
//! ```
//! use dvcrank::chart::{ranking_svg, ChartOptions};
//! use dvcrank::model::{CalendarPeriod, Era, ProvinceCode};
//! use dvcrank::rank::{rank, Row, Subject};
//!
//! let row = |gso, name: &str, value| Row {
//!     province: ProvinceCode { era: Era::Pre2025, gso },
//!     name: name.to_string(),
//!     value,
//!     groups: Default::default(),
//!     published_rank: None,
//! };
//! let period = CalendarPeriod::Month { year: 2024, month: 4 };
//! let ranking = rank(Subject::Index, period, vec![row(46, "Thừa Thiên Huế", 86.97), row(6, "Bắc Kạn", 75.35)], &[]);
//! let svg = ranking_svg(&ranking, &ChartOptions::default()).unwrap();
//! assert!(svg.contains("Thừa Thiên Huế") && svg.contains("75,35"));
//! ```

mod axis;
mod canvas;
pub mod captions;
mod encode;
pub mod format;
mod frame;
mod glyphs;
mod multiples;
mod options;
mod plot;
mod ranking;
mod style;
mod trend;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub use encode::{multiples_png, multiples_svg, ranking_png, ranking_svg, trend_png, trend_svg};
pub use format::{format_number, format_value, period_name};
pub use multiples::{draw_multiples, multiples_size};
pub use options::{ChartError, ChartOptions, Format, Lang, SizePreset};
pub use ranking::{draw_ranking, group_colour, ranking_size};
pub use style::{Target, OKABE_ITO};
pub use trend::{draw_trend, trend_size};

use crate::error::Error;
use crate::rank::{Ranking, Trend};

/// Writes the ranking chart to `path`: to that file when it ends in `.png` or `.svg`,
/// otherwise to `path.png` and/or `path.svg` as `opts.formats` says (both when empty).
/// Returns the files written.
///
/// # Errors
/// [`Error::Chart`] when the chart cannot be drawn, [`Error::Io`] when a file cannot be
/// written.
pub fn render_ranking(path: impl AsRef<Path>, ranking: &Ranking, opts: &ChartOptions) -> Result<Vec<PathBuf>, Error> {
    render(path.as_ref(), opts, |f| match f {
        Format::Png => ranking_png(ranking, opts),
        Format::Svg => ranking_svg(ranking, opts).map(String::into_bytes),
    })
}

/// Writes the trend chart (all series on one plot), as [`render_ranking`] does.
///
/// # Errors
/// As [`render_ranking`].
pub fn render_trend(path: impl AsRef<Path>, trend: &Trend, opts: &ChartOptions) -> Result<Vec<PathBuf>, Error> {
    render(path.as_ref(), opts, |f| match f {
        Format::Png => trend_png(trend, opts),
        Format::Svg => trend_svg(trend, opts).map(String::into_bytes),
    })
}

/// Writes the small-multiples chart (one panel per series), as [`render_ranking`] does.
///
/// # Errors
/// As [`render_ranking`].
pub fn render_multiples(path: impl AsRef<Path>, trend: &Trend, opts: &ChartOptions) -> Result<Vec<PathBuf>, Error> {
    render(path.as_ref(), opts, |f| match f {
        Format::Png => multiples_png(trend, opts),
        Format::Svg => multiples_svg(trend, opts).map(String::into_bytes),
    })
}

/// The files a path asks for: itself when it names a format, else one per format.
fn outputs(path: &Path, formats: &[Format]) -> Vec<(PathBuf, Format)> {
    if let Some(f) = path.extension().and_then(|e| e.to_str()).and_then(Format::from_extension) {
        return vec![(path.to_path_buf(), f)];
    }
    let mut formats = if formats.is_empty() { vec![Format::Png, Format::Svg] } else { formats.to_vec() };
    formats.sort();
    formats.dedup();
    formats
        .into_iter()
        .map(|f| {
            // Appended, not set_extension: "ranking-2024.04" must not lose its ".04".
            let mut name = OsString::from(path.as_os_str());
            name.push(".");
            name.push(f.extension());
            (PathBuf::from(name), f)
        })
        .collect()
}

fn render<F>(path: &Path, opts: &ChartOptions, bytes: F) -> Result<Vec<PathBuf>, Error>
where
    F: Fn(Format) -> Result<Vec<u8>, ChartError>,
{
    let mut written = Vec::new();
    for (file, format) in outputs(path, &opts.formats) {
        let data = bytes(format).map_err(|e| Error::Chart { path: file.clone(), message: e.to_string() })?;
        write_atomically(&file, &data)?;
        written.push(file);
    }
    Ok(written)
}

/// Writes `data` to a temporary file beside `path`, then renames it over `path`, so a
/// reader (a web server, a journalist's upload) never sees a half-written chart.
fn write_atomically(path: &Path, data: &[u8]) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, data).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        // Best effort: do not leave the temporary file behind.
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_follow_the_extension_or_the_formats() {
        let both = outputs(Path::new("charts/ranking-2024.04"), &[]);
        assert_eq!(
            both,
            vec![
                (PathBuf::from("charts/ranking-2024.04.png"), Format::Png),
                (PathBuf::from("charts/ranking-2024.04.svg"), Format::Svg)
            ]
        );
        assert_eq!(outputs(Path::new("a/b.SVG"), &[Format::Png]), vec![(PathBuf::from("a/b.SVG"), Format::Svg)]);
        assert_eq!(outputs(Path::new("x"), &[Format::Svg, Format::Svg]), vec![(PathBuf::from("x.svg"), Format::Svg)]);
    }

    #[test]
    fn writes_replace_atomically() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("c.svg");
        write_atomically(&path, b"one").expect("first write");
        write_atomically(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir")).expect("list").collect();
        assert_eq!(leftovers.len(), 1);
    }
}
