//! What a caller can ask of a chart: language, size preset, output formats,
//! highlighted provinces, top/bottom cuts, stacking; and the chart error type.
//! Pure: no I/O.

use std::fmt;
use std::str::FromStr;

use crate::model::ProvinceCode;

/// The language of every word drawn on a chart (titles, axes, source line, numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Vietnamese: "tháng 4/2024", numbers as 75,35 and 72.165.
    #[default]
    Vi,
    /// English: "Apr 2024", numbers as 75.35 and 72,165.
    En,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" => Ok(Lang::Vi),
            "en" | "eng" => Ok(Lang::En),
            _ => Err(format!("unknown language `{s}`; use `vi` or `en`")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        })
    }
}

/// The canvas size. Fonts and strokes scale with it, so a print chart is as legible on
/// paper as a social chart on a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SizePreset {
    /// 1200 × 675 px, the 16:9 card of most social networks.
    #[default]
    Social,
    /// 1080 × 1080 px.
    Square,
    /// A4 portrait at 300 dpi: 2480 × 3508 px.
    PrintPortrait,
    /// A4 landscape at 300 dpi: 3508 × 2480 px.
    PrintLandscape,
    /// Any size, in pixels (each side clamped to 200–20 000).
    Custom {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

impl SizePreset {
    /// Width and height in pixels.
    #[must_use]
    pub fn dimensions(self) -> (u32, u32) {
        match self {
            SizePreset::Social => (1200, 675),
            SizePreset::Square => (1080, 1080),
            SizePreset::PrintPortrait => (2480, 3508),
            SizePreset::PrintLandscape => (3508, 2480),
            SizePreset::Custom { width, height } => (width.clamp(200, 20_000), height.clamp(200, 20_000)),
        }
    }

    /// The resolution written into PNG files (the print presets are 300 dpi).
    #[must_use]
    pub fn dpi(self) -> u32 {
        match self {
            SizePreset::PrintPortrait | SizePreset::PrintLandscape => 300,
            _ => 96,
        }
    }

    /// Whether the preset is a fixed page: rankings then shrink their row font (to a
    /// limit) before growing taller than the page.
    #[must_use]
    pub fn is_page(self) -> bool {
        matches!(self, SizePreset::PrintPortrait | SizePreset::PrintLandscape)
    }
}

impl FromStr for SizePreset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "social" => return Ok(SizePreset::Social),
            "square" => return Ok(SizePreset::Square),
            "print" | "a4" | "print-portrait" | "a4-portrait" => return Ok(SizePreset::PrintPortrait),
            "print-landscape" | "a4-landscape" => return Ok(SizePreset::PrintLandscape),
            _ => {}
        }
        let custom = t.split_once('x').and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)));
        match custom {
            Some((width, height)) => Ok(SizePreset::Custom { width, height }),
            None => Err(format!(
                "unknown chart size `{s}`; use social, square, print (A4 portrait), print-landscape or WIDTHxHEIGHT"
            )),
        }
    }
}

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// PNG (RGB, 8 bit), with the preset's dpi recorded.
    Png,
    /// SVG text; viewers draw the text with their own copy of DejaVu Sans or a fallback.
    Svg,
}

impl Format {
    /// The file extension, without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }

    /// The format a file extension names (case-insensitive), if any.
    #[must_use]
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// How to draw a chart. `ChartOptions::default()` is a Vietnamese social-size chart
/// written as PNG and SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Language of all text and number formats.
    pub lang: Lang,
    /// Canvas size. A ranking grows taller than the preset when its rows would be too
    /// tight to read.
    pub size: SizePreset,
    /// Formats written by `render_*` when the path has no `.png`/`.svg` extension.
    pub formats: Vec<Format>,
    /// Provinces drawn in the accent colour (rankings) or with a thicker line (trends).
    /// In a ranking cut with `top`/`bottom`, highlighted provinces are kept as well.
    pub highlight: Vec<ProvinceCode>,
    /// Ranking only: draw the index-group breakdown as stacked bars.
    pub stacked: bool,
    /// Ranking only: show just the first `n` entries (plus `bottom` and highlights).
    pub top: Option<usize>,
    /// Ranking only: show just the last `n` entries (plus `top` and highlights).
    pub bottom: Option<usize>,
    /// Ranking only: draw the national average as a labelled vertical line.
    pub average_line: bool,
    /// Trend only: write the last value of each line beside its end.
    pub end_labels: bool,
    /// Replaces the generated title.
    pub title: Option<String>,
    /// Replaces the generated subtitle.
    pub subtitle: Option<String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            lang: Lang::Vi,
            size: SizePreset::Social,
            formats: vec![Format::Png, Format::Svg],
            highlight: Vec::new(),
            stacked: false,
            top: None,
            bottom: None,
            average_line: true,
            end_labels: true,
            title: None,
            subtitle: None,
        }
    }
}

/// Why a chart could not be drawn. Pure: it names no file; `render_*` adds the path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// There is nothing to draw.
    #[error("nothing to draw: {what}")]
    Empty {
        /// What was empty (a ranking with no entries, a trend with no values …).
        what: String,
    },
    /// The embedded font could not be loaded (a broken build).
    #[error("embedded font: {0}")]
    Font(String),
    /// The drawing backend failed.
    #[error("drawing: {0}")]
    Backend(String),
    /// The PNG encoder failed.
    #[error("encoding PNG: {0}")]
    Png(String),
    /// The canvas is too small for what must go on it (a legend of many series leaves
    /// no room for the plot).
    #[error("the {width} × {height} px canvas is too small for {what}; use a larger size or fewer series")]
    TooSmall {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// What did not fit.
        what: String,
    },
    /// The chart would be larger than a PNG can sensibly be; ask for `top`/`bottom`.
    #[error("chart would be {width} × {height} px; show fewer rows (--top/--bottom) or a larger width")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}
