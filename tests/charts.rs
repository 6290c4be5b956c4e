//! Chart tests: SVG snapshots (insta), structural checks on the SVG text, decoded PNGs,
//! every province name drawn, determinism. Charts are also written to
//! `target/test-charts/` for a human to look at.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use dvcrank::chart::{
    format_number, multiples_png, multiples_svg, ranking_png, ranking_size, ranking_svg, render_multiples,
    render_ranking, render_trend, trend_png, trend_svg, ChartError, ChartOptions, Format, Lang, SizePreset,
};
use dvcrank::model::{CalendarPeriod, Era, IndexGroup};
use dvcrank::province::Registry;
use dvcrank::rank::{rank, series, Ranking, Row, SourceRef, Subject, Trend};

#[path = "charts/fixtures.rs"]
mod fixtures;

use fixtures::*;

#[test]
fn ranking_svg_snapshot() {
    let r = small_ranking();
    let opts = ChartOptions { highlight: vec![code63(6)], ..ChartOptions::default() };
    let svg = ranking_svg(&r, &opts).unwrap();
    save("ranking-small.svg", svg.as_bytes());
    save("ranking-small.png", &ranking_png(&r, &opts).unwrap());
    insta::assert_snapshot!("ranking_small_vi", svg);
}

#[test]
fn trend_svg_snapshot() {
    let t = small_trend();
    let opts = ChartOptions { highlight: vec![code63(6)], ..ChartOptions::default() };
    let svg = trend_svg(&t, &opts).unwrap();
    save("trend-small.svg", svg.as_bytes());
    save("trend-small.png", &trend_png(&t, &opts).unwrap());
    insta::assert_snapshot!("trend_small_vi", svg);
}

#[test]
fn ranking_svg_has_title_names_stamp_average_footnote_and_source() {
    let r = small_ranking();
    let svg = ranking_svg(&r, &ChartOptions::default()).unwrap();
    assert_escaped(&svg);
    let texts = svg_texts(&svg);
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    assert!(has("Chỉ số phục vụ người dân, doanh nghiệp — tháng 4/2024"), "{texts:?}");
    assert!(has("8 tỉnh, thành phố; xếp hạng theo tổng điểm (thang 100)"));
    for name in ["Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Đắk Lắk", "Hà Nội", "Bắc Kạn", "Hồ Chí Minh", "Cà Mau"]
    {
        assert!(texts.iter().any(|t| t == name), "{name} missing");
    }
    assert!(has("DỮ LIỆU MẪU / SAMPLE DATA"));
    assert!(has("DỮ LIỆU MẪU, không phải số liệu thật"));
    assert!(has("Trung bình 8 tỉnh, thành phố: 76,51"), "{texts:?}");
    assert!(has("Không có số liệu: Cao Bằng, Điện Biên."));
    assert!(has("Nguồn: dichvucong.gov.vn, truy cập 29/8/2025"));
    assert!(has("86,97") && has("75,35"));
    assert!(has("Điểm (thang 100)"));
    // Ranks are drawn beside the names.
    assert!(texts.iter().any(|t| t == "8"));
}

#[test]
fn english_charts_use_english_words_and_numbers() {
    let r = small_ranking();
    let opts = ChartOptions { lang: Lang::En, ..ChartOptions::default() };
    let texts = svg_texts(&ranking_svg(&r, &opts).unwrap());
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    assert!(has("Service index for citizens and businesses — Apr 2024"));
    assert!(has("Average of 8 provinces and cities: 76.51"));
    assert!(has("Source: dichvucong.gov.vn, accessed 29 Aug 2025"));
    assert!(has("No data: Cao Bằng, Điện Biên."));
    assert!(has("86.97") && !has("86,97"));
    assert!(has("SAMPLE DATA"));
}

#[test]
fn xml_special_characters_are_escaped() {
    let r = small_ranking();
    let opts = ChartOptions { title: Some("Điểm <cao> & \"thấp\" — 'Huế'".into()), ..ChartOptions::default() };
    let svg = ranking_svg(&r, &opts).unwrap();
    assert_escaped(&svg);
    assert!(svg.contains("Điểm &lt;cao&gt; &amp; &quot;thấp&quot; — &apos;Huế&apos;"));
}

#[test]
fn decomposed_names_are_drawn_composed() {
    let mut r = small_ranking();
    // "Huế" with a decomposed ê + acute, as windows-1258 pages decode.
    r.entries[0].name = "Thu\u{031B}\u{0300}a Thie\u{0302}n Hue\u{0302}\u{0301}".into();
    let svg = ranking_svg(&r, &ChartOptions::default()).unwrap();
    assert!(svg.contains("Thừa Thiên Huế"));
    assert!(!svg.contains('\u{0302}') && !svg.contains('\u{0301}') && !svg.contains('\u{031B}'));
}

#[test]
fn trend_marks_the_merger_only_when_the_span_crosses_it() {
    let t = small_trend();
    let texts = svg_texts(&trend_svg(&t, &ChartOptions::default()).unwrap());
    // The title may wrap: look in all the text at once.
    let all = texts.join(" ");
    let has = |s: &str| all.contains(s);
    assert!(has("Sáp nhập tỉnh 01/7/2025"));
    assert!(has("tháng 1/2025 đến tháng 10/2025"));
    assert!(has("chỗ đứt: không có số liệu"));
    assert!(has("DỮ LIỆU MẪU / SAMPLE DATA"));
    for name in ["Bắc Kạn", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu"] {
        assert!(has(name), "{name}");
    }
    let en = svg_texts(&trend_svg(&t, &ChartOptions { lang: Lang::En, ..ChartOptions::default() }).unwrap());
    assert!(en.iter().any(|t| t.contains("Provinces merged 1 Jul 2025")));

    let mut before = t.clone();
    for s in &mut before.series {
        s.points.retain(|p| p.period < CalendarPeriod::Month { year: 2025, month: 7 });
    }
    let texts = svg_texts(&trend_svg(&before, &ChartOptions::default()).unwrap());
    assert!(!texts.iter().any(|t| t.contains("Sáp nhập")));
}

#[test]
fn trend_gaps_are_not_interpolated() {
    // One series with a hole in April: the line is two polylines, and no point is drawn
    // at April's x.
    let mut t = small_trend();
    t.series.truncate(1);
    let svg = trend_svg(&t, &ChartOptions::default()).unwrap();
    let lines = svg.matches("<polyline").count();
    // Two data segments plus the legend's key line.
    assert_eq!(lines, 3, "{svg}");
}

#[test]
fn ranking_pngs_have_the_expected_size_and_content() {
    let r = era_ranking(Era::Pre2025, april_2024(), &[6, 11]);
    let opts = ChartOptions { highlight: vec![code63(46), code63(77)], ..ChartOptions::default() };
    let (w, h) = ranking_size(&r, &opts).unwrap();
    assert_eq!(w, 1200);
    assert!(h > 675, "63 rows need more than 675 px: {h}");
    let png = ranking_png(&r, &opts).unwrap();
    save("ranking-63.png", &png);
    save("ranking-63.svg", ranking_svg(&r, &opts).unwrap().as_bytes());
    assert_png(&png, w, h);

    let stacked = ChartOptions { stacked: true, ..opts.clone() };
    let png = ranking_png(&r, &stacked).unwrap();
    save("ranking-63-stacked.png", &png);
    let (w, h) = ranking_size(&r, &stacked).unwrap();
    assert_png(&png, w, h);

    let cut = ChartOptions { top: Some(10), bottom: Some(5), lang: Lang::En, ..opts.clone() };
    let png = ranking_png(&r, &cut).unwrap();
    save("ranking-top-bottom-en.png", &png);
    let (w, h) = ranking_size(&r, &cut).unwrap();
    assert_png(&png, w, h);
    let texts = svg_texts(&ranking_svg(&r, &cut).unwrap());
    assert!(texts.iter().any(|t| t.contains("Top 10 and bottom 5 of 61 provinces and cities")), "{texts:?}");
    assert!(texts.iter().any(|t| t == "⋯"));
}

#[test]
fn long_footnotes_wrap() {
    let skip: Vec<u8> = (1..=60).filter(|g| g % 2 == 0).collect();
    let r = era_ranking(Era::Pre2025, april_2024(), &skip);
    assert!(r.missing.len() > 20);
    let opts = ChartOptions { top: Some(8), ..ChartOptions::default() };
    let png = ranking_png(&r, &opts).unwrap();
    save("ranking-many-missing.png", &png);
    let (w, h) = ranking_size(&r, &opts).unwrap();
    assert_png(&png, w, h);
    let texts = svg_texts(&ranking_svg(&r, &opts).unwrap());
    let notes: Vec<&String> = texts.iter().filter(|t| t.starts_with("Không có số liệu")).collect();
    assert_eq!(notes.len(), 1, "the note starts once");
    let all = texts.join(" ");
    for code in &r.missing {
        let name = Registry::builtin().name(*code);
        assert!(all.contains(&name), "{name} not in the footnote");
    }
}

#[test]
fn size_presets_scale() {
    let r = era_ranking(Era::Post2025, CalendarPeriod::Month { year: 2025, month: 8 }, &[]);
    for (preset, name) in [
        (SizePreset::Square, "square"),
        (SizePreset::PrintPortrait, "print-portrait"),
        (SizePreset::PrintLandscape, "print-landscape"),
    ] {
        let opts = ChartOptions { size: preset, stacked: true, ..ChartOptions::default() };
        let (w, h) = ranking_size(&r, &opts).unwrap();
        assert_eq!(w, preset.dimensions().0);
        assert!(h >= preset.dimensions().1);
        let png = ranking_png(&r, &opts).unwrap();
        save(&format!("ranking-34-{name}.png"), &png);
        assert_png(&png, w, h);
    }
    // A4 portrait holds 63 rows without growing (the row font shrinks a little first).
    let r63 = era_ranking(Era::Pre2025, april_2024(), &[]);
    let a4 = ChartOptions { size: SizePreset::PrintPortrait, ..ChartOptions::default() };
    assert_eq!(ranking_size(&r63, &a4).unwrap(), (2480, 3508));
    let png = ranking_png(&r63, &a4).unwrap();
    save("ranking-63-print-portrait.png", &png);
    assert_png(&png, 2480, 3508);
    // 300 dpi is recorded, so print software sizes the page as A4.
    let reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
    let dims = reader.info().pixel_dims.unwrap();
    assert_eq!((dims.xppu, dims.yppu, dims.unit), (11_811, 11_811, png::Unit::Meter));
}

#[test]
fn trend_and_multiples_pngs() {
    let t = small_trend();
    let opts = ChartOptions::default();
    assert_png(&trend_png(&t, &opts).unwrap(), 1200, 675);
    let square = ChartOptions { size: SizePreset::Square, lang: Lang::En, ..ChartOptions::default() };
    let png = trend_png(&t, &square).unwrap();
    save("trend-square-en.png", &png);
    assert_png(&png, 1080, 1080);

    let png = multiples_png(&t, &opts).unwrap();
    save("multiples-3.png", &png);
    assert_png(&png, 1200, 675);

    let many = long_trend(12);
    let png = multiples_png(&many, &opts).unwrap();
    save("multiples-12.png", &png);
    let svg = multiples_svg(&many, &opts).unwrap();
    save("multiples-12.svg", svg.as_bytes());
    let texts = svg_texts(&svg);
    for s in &many.series {
        assert!(texts.contains(&s.name), "{}", s.name);
    }
    assert!(texts.iter().any(|t| t.contains("Đường đứt nét: sáp nhập tỉnh 01/7/2025")));

    let all = long_trend(63);
    let png = multiples_png(&all, &opts).unwrap();
    save("multiples-63.png", &png);
    let (w, h, _) = decode(&png);
    assert_eq!(w, 1200);
    assert!(h > 675);
}

#[test]
fn long_spans_label_years() {
    let reg = Registry::builtin();
    let periods: Vec<CalendarPeriod> = (2019..=2025).flat_map(CalendarPeriod::months_of).collect();
    let series_list = reg
        .of_era(Era::Pre2025)
        .skip(40)
        .take(4)
        .map(|p| {
            let values: BTreeMap<CalendarPeriod, f64> = periods
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 17 != 5)
                .map(|(i, per)| {
                    let i = u32::try_from(i).unwrap();
                    (*per, 35.0 + 0.6 * f64::from(i) + 8.0 * noise(i, u32::from(p.code.gso)))
                })
                .collect();
            series(p.code, p.name.clone(), &periods, &values)
        })
        .collect();
    let t = Trend { subject: Subject::Index, series: series_list, sources: sources(), sample: true };
    let opts = ChartOptions { lang: Lang::En, highlight: vec![code63(66)], ..ChartOptions::default() };
    let png = trend_png(&t, &opts).unwrap();
    save("trend-7-years-en.png", &png);
    assert_png(&png, 1200, 675);
    let texts = svg_texts(&trend_svg(&t, &opts).unwrap());
    for year in 2019..=2025 {
        let y = year.to_string();
        let labelled = texts.iter().any(|t| t.len() < 10 && t.contains(&y));
        assert!(labelled, "{year} labelled: {texts:?}");
    }
    let png = multiples_png(&t, &opts).unwrap();
    save("multiples-7-years-en.png", &png);
}

#[test]
fn every_province_name_is_drawn() {
    let reg = Registry::builtin();
    for (era, period) in [(Era::Pre2025, april_2024()), (Era::Post2025, CalendarPeriod::Month { year: 2025, month: 8 })]
    {
        let r = era_ranking(era, period, &[]);
        assert_eq!(r.entries.len(), usize::from(era.province_count()));
        let svg = ranking_svg(&r, &ChartOptions::default()).unwrap();
        assert_escaped(&svg);
        let texts = svg_texts(&svg);
        for p in reg.of_era(era) {
            assert!(texts.contains(&p.name), "{} not drawn", p.name);
        }
        ranking_png(&r, &ChartOptions::default()).unwrap();
        save(&format!("ranking-all-{}.svg", era.province_count()), svg.as_bytes());
    }
    assert_eq!(reg.all().len(), 97);
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let r = era_ranking(Era::Pre2025, april_2024(), &[]);
    let opts = ChartOptions { stacked: true, ..ChartOptions::default() };
    assert_eq!(ranking_svg(&r, &opts).unwrap(), ranking_svg(&r, &opts).unwrap());
    assert_eq!(ranking_png(&r, &opts).unwrap(), ranking_png(&r, &opts).unwrap());
    let t = small_trend();
    assert_eq!(trend_svg(&t, &opts).unwrap(), trend_svg(&t, &opts).unwrap());
}

#[test]
fn empty_inputs_are_errors_not_panics() {
    let mut r = small_ranking();
    r.entries.clear();
    assert!(matches!(ranking_svg(&r, &ChartOptions::default()), Err(ChartError::Empty { .. })));
    let mut t = small_trend();
    for s in &mut t.series {
        for p in &mut s.points {
            p.value = None;
        }
    }
    assert!(matches!(trend_png(&t, &ChartOptions::default()), Err(ChartError::Empty { .. })));
    t.series.clear();
    assert!(matches!(multiples_svg(&t, &ChartOptions::default()), Err(ChartError::Empty { .. })));
}

#[test]
fn render_writes_the_requested_files() {
    let dir = tempfile::tempdir().unwrap();
    let r = small_ranking();
    let written = render_ranking(dir.path().join("ranking-2024-04"), &r, &ChartOptions::default()).unwrap();
    assert_eq!(written.len(), 2);
    assert!(written[0].ends_with("ranking-2024-04.png") && written[1].ends_with("ranking-2024-04.svg"));
    for f in &written {
        assert!(std::fs::metadata(f).unwrap().len() > 1000);
    }
    let svg_only = ChartOptions { formats: vec![Format::Svg], ..ChartOptions::default() };
    let written = render_trend(dir.path().join("t"), &small_trend(), &svg_only).unwrap();
    assert_eq!(written, vec![dir.path().join("t.svg")]);
    let written = render_multiples(dir.path().join("m.png"), &small_trend(), &svg_only).unwrap();
    assert_eq!(written, vec![dir.path().join("m.png")]);
    decode(&std::fs::read(&written[0]).unwrap());
    // The files for people to look at.
    render_ranking(out_dir().join("render-ranking"), &r, &ChartOptions::default()).unwrap();
}

#[test]
fn other_subjects_units_and_periods() {
    use dvcrank::model::{Metric, Unit};
    let reg = Registry::builtin();
    // Dossier counts: thousands separators, a nice axis maximum, ties sharing a rank.
    let count = Subject::Metric { metric: Metric::ReceivedTotal, unit: Unit::Count };
    let rows: Vec<Row> = reg
        .of_era(Era::Post2025)
        .take(12)
        .enumerate()
        .map(|(i, p)| Row {
            province: p.code,
            name: p.name.clone(),
            value: if i == 3 { 61_300.0 } else { 8_000.0 + 9_413.0 * f64::from(u8::try_from(i).unwrap()) },
            groups: BTreeMap::new(),
            published_rank: None,
        })
        .collect();
    let mut r = rank(count, CalendarPeriod::Quarter { year: 2025, quarter: 3 }, rows, &[]);
    r.sources = vec![
        SourceRef {
            host: "dichvucong.gov.vn".into(),
            captured_at: Utc.with_ymd_and_hms(2025, 10, 2, 1, 0, 0).unwrap(),
        },
        SourceRef {
            host: "thainguyen.gov.vn".into(),
            captured_at: Utc.with_ymd_and_hms(2025, 10, 1, 1, 0, 0).unwrap(),
        },
    ];
    let svg = ranking_svg(&r, &ChartOptions::default()).unwrap();
    save("ranking-count-quarter.svg", svg.as_bytes());
    save("ranking-count-quarter.png", &ranking_png(&r, &ChartOptions::default()).unwrap());
    let texts = svg_texts(&svg).join(" | ");
    assert!(texts.contains("Hồ sơ tiếp nhận — quý III/2025"), "{texts}");
    assert!(texts.contains("61.300") && texts.contains("111.543"), "{texts}");
    assert!(texts.contains("dichvucong.gov.vn (truy cập 2/10/2025), thainguyen.gov.vn (truy cập 1/10/2025)"));
    assert!(!texts.contains("DỮ LIỆU MẪU"), "not sample data");

    // A rate where lower is better.
    let late = Subject::Metric { metric: Metric::ResolvedLate, unit: Unit::Percent };
    let rows: Vec<Row> = reg
        .of_era(Era::Pre2025)
        .take(10)
        .enumerate()
        .map(|(i, p)| Row {
            province: p.code,
            name: p.name.clone(),
            value: 0.4 + 0.85 * f64::from(u8::try_from(i).unwrap()),
            groups: BTreeMap::new(),
            published_rank: None,
        })
        .collect();
    let mut r = rank(late, CalendarPeriod::Half { year: 2024, half: 1 }, rows, &[]);
    r.sample = true;
    let opts = ChartOptions { lang: Lang::En, ..ChartOptions::default() };
    let svg = ranking_svg(&r, &opts).unwrap();
    save("ranking-late-percent-en.png", &ranking_png(&r, &opts).unwrap());
    let texts = svg_texts(&svg).join(" | ");
    assert!(texts.contains("H1 2024") && texts.contains("lower is better") && texts.contains("0.40%"), "{texts}");
    assert!(texts.contains("Source: not recorded"));

    // Quarterly trend of nine provinces: colours cycle, markers tell them apart.
    let periods: Vec<CalendarPeriod> =
        (2023..=2025).flat_map(|year| (1..=4).map(move |quarter| CalendarPeriod::Quarter { year, quarter })).collect();
    let series_list = reg
        .of_era(Era::Pre2025)
        .skip(20)
        .take(9)
        .map(|p| {
            let values: BTreeMap<CalendarPeriod, f64> = periods
                .iter()
                .enumerate()
                .map(|(i, q)| (*q, 40.0 + 4.0 * f64::from(p.code.gso % 9) + 2.0 * f64::from(u8::try_from(i).unwrap())))
                .collect();
            series(p.code, p.name.clone(), &periods, &values)
        })
        .collect();
    let pct = Subject::Metric { metric: Metric::ReceivedOnline, unit: Unit::Percent };
    let t = Trend { subject: pct, series: series_list, sources: sources(), sample: false };
    let svg = trend_svg(&t, &ChartOptions::default()).unwrap();
    save("trend-quarters-9.png", &trend_png(&t, &ChartOptions::default()).unwrap());
    let texts = svg_texts(&svg).join(" | ");
    assert!(texts.contains("quý I/2023 đến quý IV/2025"), "{texts}");
    assert!(texts.contains("Q3/2025") || texts.contains("Q1/2025"), "{texts}");
    assert!(texts.contains("Tỷ lệ (%)"));

    // A trend with a single known value still draws it (as a lone marker).
    let one = Trend {
        subject: Subject::Index,
        series: vec![series(code63(1), "Hà Nội".into(), &[april_2024()], &BTreeMap::from([(april_2024(), 81.5)]))],
        sources: sources(),
        sample: true,
    };
    let png = trend_png(&one, &ChartOptions::default()).unwrap();
    save("trend-single-point.png", &png);
    assert_png(&png, 1200, 675);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Whatever a hand-made ranking holds (NaN, infinities, negative or huge values,
    /// names with markup or loose combining marks), drawing it returns a chart or an
    /// error, never a panic, and the SVG stays well-escaped.
    #[test]
    fn odd_rankings_never_panic(
        values in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::num::f64::ANY,
                -1.0e6f64..1.0e6,
                0.0f64..100.0,
            ],
            0..40,
        ),
        names in proptest::collection::vec("[a-zA-Z<>&\"' \u{0300}-\u{0323}ăâêôơưđ]{0,24}", 40),
        top in proptest::option::of(0usize..10),
        bottom in proptest::option::of(0usize..10),
        stacked in proptest::bool::ANY,
        en in proptest::bool::ANY,
    ) {
        let entries = values
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(i, (v, name))| dvcrank::rank::RankEntry {
                rank: u16::try_from(i + 1).unwrap(),
                province: code63(u8::try_from(i).unwrap()),
                name: name.clone(),
                value: *v,
                groups: BTreeMap::from([(IndexGroup::Progress, *v / 2.0), (IndexGroup::Satisfaction, *v / 3.0)]),
                published_rank: None,
                change: None,
            })
            .collect();
        let r = Ranking {
            subject: Subject::Index,
            period: april_2024(),
            entries,
            missing: vec![code63(1), code63(250)],
            sources: sources(),
            sample: true,
        };
        let opts = ChartOptions {
            top,
            bottom,
            stacked,
            lang: if en { Lang::En } else { Lang::Vi },
            ..ChartOptions::default()
        };
        match ranking_svg(&r, &opts) {
            Ok(svg) => assert_escaped(&svg),
            Err(ChartError::Empty { .. } | ChartError::TooLarge { .. }) => {}
            Err(e) => panic!("unexpected error {e}"),
        }
    }

    /// The same for trends: any values, any gaps.
    #[test]
    fn odd_trends_never_panic(
        values in proptest::collection::vec(proptest::option::of(proptest::num::f64::ANY), 0..30),
        count in 1usize..4,
    ) {
        let periods: Vec<CalendarPeriod> = (0..values.len())
            .map(|i| CalendarPeriod::Month { year: 2024 + i32::try_from(i / 12).unwrap(), month: u8::try_from(i % 12 + 1).unwrap() })
            .collect();
        let series_list = (0..count)
            .map(|k| dvcrank::rank::Series {
                province: code63(u8::try_from(k).unwrap()),
                name: format!("Tỉnh {k}"),
                points: periods
                    .iter()
                    .zip(&values)
                    .map(|(p, v)| dvcrank::rank::Point { period: *p, value: v.map(|v| v * (k as f64 + 1.0)) })
                    .collect(),
            })
            .collect();
        let t = Trend { subject: Subject::Index, series: series_list, sources: vec![], sample: false };
        for result in [trend_svg(&t, &ChartOptions::default()), multiples_svg(&t, &ChartOptions::default())] {
            match result {
                Ok(svg) => assert_escaped(&svg),
                Err(ChartError::Empty { .. }) => {}
                Err(e) => panic!("unexpected error {e}"),
            }
        }
    }
}

#[test]
fn number_formatting() {
    assert_eq!(format_number(75.35, 2, Lang::Vi), "75,35");
    assert_eq!(format_number(72_165.0, 0, Lang::Vi), "72.165");
    assert_eq!(format_number(75.35, 2, Lang::En), "75.35");
    assert_eq!(format_number(72_165.0, 0, Lang::En), "72,165");
    assert_eq!(format_number(1_000_000.5, 1, Lang::Vi), "1.000.000,5");
}
