//! Fixtures and checks for `tests/charts.rs`: hand-built rankings and trends with real
//! province names (sample data), PNG decoding, SVG text extraction. No I/O except
//! writing charts to `target/test-charts/` for people to look at.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use dvcrank::model::{CalendarPeriod, Era, IndexGroup, ProvinceCode};
use dvcrank::province::Registry;
use dvcrank::rank::{rank, series, Ranking, Row, SourceRef, Subject, Trend};

/// Where charts are written for a human to look at.
pub fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("test-charts");
    std::fs::create_dir_all(&dir).expect("create target/test-charts");
    dir
}

pub fn save(name: &str, bytes: &[u8]) {
    std::fs::write(out_dir().join(name), bytes).expect("write chart");
}

pub fn sources() -> Vec<SourceRef> {
    vec![SourceRef {
        host: "dichvucong.gov.vn".into(),
        captured_at: Utc.with_ymd_and_hms(2025, 8, 29, 3, 0, 0).unwrap(),
    }]
}

/// A deterministic pseudo-random number in 0..1 from two integers.
pub fn noise(a: u32, b: u32) -> f64 {
    let mut x = a.wrapping_mul(2_654_435_761) ^ b.wrapping_mul(2_246_822_519);
    x ^= x >> 15;
    x = x.wrapping_mul(2_654_435_769);
    x ^= x >> 13;
    f64::from(x % 10_000) / 10_000.0
}

/// Index groups of the 2024 scheme, summing to a total near `level` (0..1 of the max).
pub fn groups_2024(gso: u8, level: f64) -> BTreeMap<IndexGroup, f64> {
    [
        IndexGroup::Transparency,
        IndexGroup::Progress,
        IndexGroup::OnlineService,
        IndexGroup::OnlinePayment,
        IndexGroup::Satisfaction,
        IndexGroup::Digitisation,
    ]
    .iter()
    .enumerate()
    .map(|(k, g)| {
        let f = (level + 0.25 * (noise(u32::from(gso), u32::try_from(k).unwrap()) - 0.5)).clamp(0.2, 1.0);
        (*g, (g.max_points() * f * 100.0).round() / 100.0)
    })
    .collect()
}

/// A sample ranking of every province of an era, with index groups; `skip` provinces
/// have no value (they become the footnote).
pub fn era_ranking(era: Era, period: CalendarPeriod, skip: &[u8]) -> Ranking {
    let reg = Registry::builtin();
    let expected: Vec<ProvinceCode> = reg.of_era(era).map(|p| p.code).collect();
    let rows = reg
        .of_era(era)
        .filter(|p| !skip.contains(&p.code.gso))
        .map(|p| {
            let level = 0.62 + 0.33 * noise(u32::from(p.code.gso), 7);
            let groups = groups_2024(p.code.gso, level);
            let value = (groups.values().sum::<f64>() * 100.0).round() / 100.0;
            Row { province: p.code, name: p.name.clone(), value, groups, published_rank: None }
        })
        .collect();
    let mut r = rank(Subject::Index, period, rows, &expected);
    r.sources = sources();
    r.sample = true;
    r
}

pub fn april_2024() -> CalendarPeriod {
    CalendarPeriod::Month { year: 2024, month: 4 }
}

pub fn code63(gso: u8) -> ProvinceCode {
    ProvinceCode { era: Era::Pre2025, gso }
}

/// A small ranking with the names whose diacritics are easiest to get wrong.
pub fn small_ranking() -> Ranking {
    let reg = Registry::builtin();
    let picks: [(u8, f64); 8] =
        [(46, 86.97), (77, 84.12), (66, 79.5), (1, 78.03), (6, 75.35), (79, 72.4), (96, 69.63), (2, 66.1)];
    let rows = picks
        .iter()
        .map(|&(gso, value)| Row {
            province: code63(gso),
            name: reg.name(code63(gso)),
            value,
            groups: BTreeMap::new(),
            published_rank: None,
        })
        .collect();
    let expected: Vec<ProvinceCode> = picks.iter().map(|p| code63(p.0)).chain([code63(4), code63(11)]).collect();
    let mut r = rank(Subject::Index, april_2024(), rows, &expected);
    r.sources = sources();
    r.sample = true;
    r
}

/// Three provinces over 2025-01..2025-10 (across the merger), with gaps.
pub fn small_trend() -> Trend {
    let periods: Vec<CalendarPeriod> = (1..=10).map(|month| CalendarPeriod::Month { year: 2025, month }).collect();
    let reg = Registry::builtin();
    let make = |gso: u8, base: f64, missing: &[u8]| {
        let values: BTreeMap<CalendarPeriod, f64> = periods
            .iter()
            .filter(|p| !matches!(p, CalendarPeriod::Month { month, .. } if missing.contains(month)))
            .map(|p| {
                let m = match p {
                    CalendarPeriod::Month { month, .. } => f64::from(*month),
                    _ => 0.0,
                };
                (*p, ((base + 1.3 * m + 3.0 * (m * 0.9).sin()) * 100.0).round() / 100.0)
            })
            .collect();
        series(code63(gso), reg.name(code63(gso)), &periods, &values)
    };
    Trend {
        subject: Subject::Index,
        series: vec![make(6, 70.0, &[4]), make(46, 78.0, &[]), make(77, 74.0, &[7, 8])],
        sources: sources(),
        sample: true,
    }
}

/// Every pre-2025 province over 2024-01..2025-06: a long trend for small multiples.
pub fn long_trend(count: usize) -> Trend {
    let periods: Vec<CalendarPeriod> = CalendarPeriod::months_of(2024)
        .chain((1..=8).map(|month| CalendarPeriod::Month { year: 2025, month }))
        .collect();
    let reg = Registry::builtin();
    let series_list = reg
        .of_era(Era::Pre2025)
        .take(count)
        .map(|p| {
            let values: BTreeMap<CalendarPeriod, f64> = periods
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + usize::from(p.code.gso)) % 11 != 0)
                .map(|(i, per)| {
                    let i = u32::try_from(i).unwrap();
                    (*per, 60.0 + 30.0 * noise(u32::from(p.code.gso), 99) + 0.4 * f64::from(i) + 3.0 * noise(i, 5))
                })
                .collect();
            series(p.code, p.name.clone(), &periods, &values)
        })
        .collect();
    Trend { subject: Subject::Index, series: series_list, sources: sources(), sample: true }
}

pub fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("valid PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("one frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Checks a PNG is `w` × `h` and has real content: not blank, many colours (text is
/// anti-aliased), and the accent/base colours of bars or lines.
pub fn assert_png(bytes: &[u8], w: u32, h: u32) {
    let (pw, ph, buf) = decode(bytes);
    assert_eq!((pw, ph), (w, h));
    let pixels: Vec<[u8; 3]> = buf.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    let white = pixels.iter().filter(|p| **p == [255, 255, 255]).count();
    assert!(white < pixels.len() * 97 / 100, "almost all white");
    assert!(white > pixels.len() / 3, "mostly not background: broken layout?");
    let distinct: std::collections::BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(distinct.len() > 50, "only {} colours", distinct.len());
    let dark = pixels.iter().filter(|p| p.iter().all(|c| *c < 80)).count();
    assert!(dark > 1000, "too little dark text: {dark}");
}

/// The text content of every `<text>` element, unescaped.
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|chunk| {
            let start = chunk.find('>')? + 1;
            let end = chunk.find("</text>")?;
            Some(
                chunk[start..end]
                    .trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// Every `&` in the SVG starts an entity: the text is properly escaped XML.
pub fn assert_escaped(svg: &str) {
    for (i, _) in svg.match_indices('&') {
        let rest = &svg[i..];
        assert!(
            ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"].iter().any(|e| rest.starts_with(e)),
            "bare & at {i}: {}",
            &rest[..rest.len().min(20)]
        );
    }
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
}
