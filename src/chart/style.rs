//! The look shared by every chart: the colour-blind-safe palette, the embedded DejaVu
//! Sans font, type sizes and strokes scaled to the canvas, and text measuring and
//! wrapping. Pure: no I/O (the font bytes are compiled into the binary).

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor};

use super::options::{ChartError, SizePreset};

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"): eight colours
/// that stay distinct for the common forms of colour blindness. Yellow (#F0E442) is left
/// out: it disappears on white.
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Bars and lines that are not highlighted.
pub const BASE: RGBColor = OKABE_ITO[0];
/// Highlighted provinces; also the sample-data stamp.
pub const ACCENT: RGBColor = OKABE_ITO[1];
/// Titles and labels.
pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// Subtitles, axis labels, the source line.
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Axis lines and reference lines.
pub const AXIS: RGBColor = RGBColor(0x88, 0x88, 0x88);
/// The background.
pub const PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// The colour of the `i`-th series or index group, cycling through [`OKABE_ITO`].
#[must_use]
pub fn series_colour(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// The font family charts are drawn in. It is both the key under which the embedded
/// font is registered with plotters and the SVG `font-family` value, so SVG viewers
/// without DejaVu Sans fall back to another wide sans-serif face instead of a serif one.
pub const FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Registers DejaVu Sans (regular and bold) with plotters, once per process.
///
/// The bytes come from the `dejavu` crate, so PNG text renders on a machine without
/// any system font. DejaVu covers every precomposed Vietnamese letter (U+1EA0–U+1EF9).
/// Licence: the DejaVu fonts are under the Bitstream Vera / Arev font licence (free to
/// use, embed and redistribute; a modified font must be renamed), and the DejaVu changes
/// are public domain; the full text ships in the `dejavu` crate
/// (`assets/dejavu-fonts-ttf-2.37/LICENSE`).
///
/// # Errors
/// [`ChartError::Font`] if the embedded bytes are not a font (a broken build).
pub fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular())
                .map_err(|_| "DejaVu Sans regular is not a valid font".to_string())?;
            plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold())
                .map_err(|_| "DejaVu Sans bold is not a valid font".to_string())
        })
        .clone()
        .map_err(ChartError::Font)?;
    super::glyphs::check()
}

/// What the chart is drawn into. Bitmap text is rasterised by this module's own glyph
/// layer; SVG text is written as `<text>` by plotters, placed by its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The SVG backend.
    Svg,
    /// The bitmap backend (PNG).
    Bitmap,
}

/// A font: size in plotters units (the bitmap backend draws the ascent-to-descent height
/// at this many pixels) and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in plotters units.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
}

impl Font {
    /// The plotters font description.
    #[must_use]
    pub fn desc(self) -> FontDesc<'static> {
        let style = if self.bold { FontStyle::Bold } else { FontStyle::Normal };
        FontDesc::new(FontFamily::Name(FAMILY), self.size, style)
    }

    /// The same font in bold.
    #[must_use]
    pub fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    /// Distance from the baseline to the top of the tallest Vietnamese capital (Ấ, Ữ),
    /// with a little air.
    #[must_use]
    pub fn ascent(self) -> f64 {
        0.94 * self.size
    }

    /// Distance from the baseline to the bottom of descenders (g, y, ạ).
    #[must_use]
    pub fn descent(self) -> f64 {
        0.22 * self.size
    }

    /// Baseline-to-baseline distance for wrapped lines.
    #[must_use]
    pub fn line_height(self) -> f64 {
        1.25 * self.size
    }

    /// Where to put the baseline so that mixed-case text looks centred on `y`.
    #[must_use]
    pub fn centred_baseline(self, y: f64) -> f64 {
        y + 0.30 * self.size
    }
}

/// The scale of the print presets against the social card.
const PRINT_SCALE: f64 = 2.3;

/// Sizes, strokes and spacing for one canvas, scaled from the 1200 × 675 social card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Scale factor against the social card.
    pub scale: f64,
    /// Where the chart is drawn.
    pub target: Target,
    /// Title.
    pub title: Font,
    /// Subtitle.
    pub subtitle: Font,
    /// Row labels, legends.
    pub label: Font,
    /// Ticks, source line, footnotes.
    pub small: Font,
    /// Outer margin.
    pub pad: f64,
    /// Small gap between a label and what it labels.
    pub gap: f64,
    /// Width of data lines.
    pub line_width: u32,
    /// Width of reference lines (average, merger).
    pub rule_width: u32,
    /// Marker radius.
    pub marker: f64,
}

impl Theme {
    /// The theme for a `width` × `height` canvas. The scale follows the smaller of the
    /// two ratios to the social card, so a square or portrait canvas does not get
    /// letters too wide for it.
    #[must_use]
    pub fn for_size(width: u32, height: u32, target: Target) -> Theme {
        let scale = (f64::from(width) / 1200.0).min(f64::from(height) / 675.0).max(0.3);
        Theme::with_scale(scale, target)
    }

    /// The theme of a chart drawn at `preset` size onto a canvas `canvas_width` pixels
    /// wide: the preset's scale, enlarged with the canvas (a supersampled PNG is drawn
    /// at twice the preset's width).
    #[must_use]
    pub fn for_canvas(preset: SizePreset, canvas_width: u32, target: Target) -> Theme {
        let (pw, ph) = preset.dimensions();
        let enlarge = f64::from(canvas_width) / f64::from(pw);
        // Both A4 orientations are the same paper: the same type sizes (row labels at
        // 8.8 pt, the title at 16.6 pt at 300 dpi), not sizes that follow the long side.
        let base = if preset.is_page() { PRINT_SCALE } else { Theme::for_size(pw, ph, target).scale };
        Theme::with_scale(base * enlarge, target)
    }

    /// The theme at an explicit scale.
    #[must_use]
    pub fn with_scale(scale: f64, target: Target) -> Theme {
        let font = |size: f64, bold: bool| Font { size: size * scale, bold };
        let stroke = |w: f64| {
            // A stroke is a whole number of pixels in plotters; at least one.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let px = (w * scale).round().max(1.0) as u32;
            px
        };
        Theme {
            scale,
            target,
            title: font(30.0, true),
            subtitle: font(19.0, false),
            label: font(16.0, false),
            small: font(14.0, false),
            pad: 28.0 * scale,
            gap: 8.0 * scale,
            line_width: stroke(3.0),
            rule_width: stroke(2.0),
            marker: 4.5 * scale,
        }
    }
}

/// The advance width of `text` in `font`, in pixels (NFC first, as drawn).
#[must_use]
pub fn measure(text: &str, font: Font) -> f64 {
    super::glyphs::advance(&crate::text::nfc(text), font)
}

/// `text` broken into lines no wider than `max_width`, at spaces. A single word wider
/// than the line stays whole on its own line (names are never cut).
#[must_use]
pub fn wrap(text: &str, font: Font, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if current.is_empty() {
            current.push_str(word);
            continue;
        }
        let candidate = format!("{current} {word}");
        if measure(&candidate, font) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Wraps a list ("Không có số liệu: Bắc Kạn, Cao Bằng, Nghệ An.") between its items,
/// after ": " and ", ", so no name is split across lines ("Nghệ" / "An"). An item wider
/// than the line is word-wrapped.
#[must_use]
pub fn wrap_list(text: &str, font: Font, max_width: f64) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if (c == ',' || c == ':' || c == ';') && chars.peek() == Some(&' ') {
            chars.next();
            items.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        let candidate = if line.is_empty() { item.clone() } else { format!("{line} {item}") };
        if measure(&candidate, font) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(&item, font) <= max_width {
            line = item;
        } else {
            let mut parts = wrap(&item, font, max_width);
            line = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Like [`wrap`], but with lines of even length: the same number of lines as greedy
/// wrapping at `max_width`, at the narrowest width that still needs no more lines (so a
/// title does not end with a lone word).
#[must_use]
pub fn wrap_balanced(text: &str, font: Font, max_width: f64) -> Vec<String> {
    let greedy = wrap(text, font, max_width);
    if greedy.len() <= 1 {
        return greedy;
    }
    let (mut lo, mut hi) = (0.0, max_width);
    for _ in 0..16 {
        let mid = f64::midpoint(lo, hi);
        if wrap(text, font, mid).len() <= greedy.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(text, font, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_register_and_measure_vietnamese() {
        ensure_fonts().expect("embedded font loads");
        let f = Theme::with_scale(1.0, Target::Svg).label;
        let w = measure("Thừa Thiên Huế", f);
        assert!(w > 50.0 && w < 200.0, "{w}");
        assert!(measure("Thừa Thiên Huế", f.bold()) > w);
        // Decomposed tone marks measure as their composed form.
        let nfd = "Hu\u{0065}\u{0302}\u{0301}";
        assert!((measure(nfd, f) - measure("Huế", f)).abs() < 0.5);
    }

    #[test]
    fn wrap_keeps_words_whole() {
        ensure_fonts().expect("embedded font loads");
        let f = Theme::with_scale(1.0, Target::Svg).small;
        let lines = wrap("Không có số liệu: Bắc Kạn, Cao Bằng, Hà Giang, Lào Cai", f, 150.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "Không có số liệu: Bắc Kạn, Cao Bằng, Hà Giang, Lào Cai");
        for line in &lines {
            assert!(measure(line, f) <= 150.0 || !line.contains(' '), "{line}");
        }
    }

    #[test]
    fn lists_break_between_items() {
        ensure_fonts().expect("embedded font loads");
        let f = Theme::with_scale(1.0, Target::Svg).small;
        let text = "Không có số liệu: Hà Giang, Cao Bằng, Nghệ An, Bà Rịa - Vũng Tàu, Thừa Thiên Huế.";
        for width in [120.0, 200.0, 300.0] {
            let lines = wrap_list(text, f, width);
            assert_eq!(lines.join(" "), text);
            for name in ["Nghệ An", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế.", "Cao Bằng,"] {
                assert!(lines.iter().any(|l| l.contains(name)), "{name} split at {width}: {lines:?}");
            }
        }
    }

    #[test]
    fn balanced_wrap_evens_lines() {
        ensure_fonts().expect("embedded font loads");
        let f = Theme::with_scale(1.0, Target::Svg).title;
        let text = "Service index for citizens and businesses to Oct 2025";
        let greedy = wrap(text, f, 760.0);
        let even = wrap_balanced(text, f, 760.0);
        assert_eq!(greedy.len(), even.len());
        let spread = |l: &[String]| {
            let w: Vec<f64> = l.iter().map(|s| measure(s, f)).collect();
            w.iter().copied().fold(0.0, f64::max) - w.iter().copied().fold(f64::INFINITY, f64::min)
        };
        assert!(spread(&even) <= spread(&greedy));
    }

    #[test]
    fn themes_scale_with_the_canvas() {
        let social = Theme::for_size(1200, 675, Target::Bitmap);
        let print = Theme::for_size(2480, 3508, Target::Bitmap);
        assert!((social.scale - 1.0).abs() < 1e-9);
        assert!(print.label.size > 2.0 * social.label.size);
        assert!(print.line_width > social.line_width);
    }
}
