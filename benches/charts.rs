//! Chart rendering benchmarks: a 63-province ranking as PNG (goal ≤ 100 ms) and as SVG
//! (goal ≤ 20 ms), plus a trend chart. In-memory rendering: no file I/O is measured.
#![allow(missing_docs, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use dvcrank::chart::{ranking_png, ranking_svg, trend_png, ChartOptions};
use dvcrank::model::{CalendarPeriod, Era, IndexGroup};
use dvcrank::province::Registry;
use dvcrank::rank::{rank, series, Ranking, Row, SourceRef, Subject, Trend};

fn sources() -> Vec<SourceRef> {
    vec![SourceRef {
        host: "dichvucong.gov.vn".into(),
        captured_at: Utc.with_ymd_and_hms(2025, 8, 29, 3, 0, 0).unwrap(),
    }]
}

/// Every pre-2025 province with a made-up but deterministic score and group breakdown.
fn ranking_63() -> Ranking {
    let reg = Registry::builtin();
    let rows = reg
        .of_era(Era::Pre2025)
        .map(|p| {
            let level = 0.6 + f64::from(p.code.gso % 37) / 100.0;
            let groups: BTreeMap<IndexGroup, f64> = [
                IndexGroup::Transparency,
                IndexGroup::Progress,
                IndexGroup::OnlineService,
                IndexGroup::OnlinePayment,
                IndexGroup::Satisfaction,
                IndexGroup::Digitisation,
            ]
            .iter()
            .map(|g| (*g, g.max_points() * level))
            .collect();
            Row { province: p.code, name: p.name.clone(), value: groups.values().sum(), groups, published_rank: None }
        })
        .collect();
    let mut r = rank(Subject::Index, CalendarPeriod::Month { year: 2024, month: 4 }, rows, &[]);
    r.sources = sources();
    r.sample = true;
    r
}

fn trend_5() -> Trend {
    let reg = Registry::builtin();
    let periods: Vec<CalendarPeriod> = CalendarPeriod::months_of(2024).chain(CalendarPeriod::months_of(2025)).collect();
    let series_list = reg
        .of_era(Era::Pre2025)
        .take(5)
        .map(|p| {
            let values: BTreeMap<CalendarPeriod, f64> = periods
                .iter()
                .enumerate()
                .map(|(i, per)| (*per, 60.0 + f64::from(p.code.gso % 20) + f64::from(u8::try_from(i).unwrap()) * 0.5))
                .collect();
            series(p.code, p.name.clone(), &periods, &values)
        })
        .collect();
    Trend { subject: Subject::Index, series: series_list, sources: sources(), sample: true }
}

fn bench(c: &mut Criterion) {
    let r = ranking_63();
    let plain = ChartOptions::default();
    let stacked = ChartOptions { stacked: true, ..ChartOptions::default() };
    c.bench_function("ranking_63_png", |b| {
        b.iter(|| ranking_png(black_box(&r), &plain).unwrap());
    });
    c.bench_function("ranking_63_svg", |b| {
        b.iter(|| ranking_svg(black_box(&r), &plain).unwrap());
    });
    c.bench_function("ranking_63_stacked_png", |b| {
        b.iter(|| ranking_png(black_box(&r), &stacked).unwrap());
    });
    let t = trend_5();
    c.bench_function("trend_5x24_png", |b| {
        b.iter(|| trend_png(black_box(&t), &plain).unwrap());
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
