//! Ranking benchmarks from a warm store (goal: `dvcrank rank` under 50 ms): a store of
//! 40 periods × 63 provinces (and 40 × 34) with three captures each, built in a temporary
//! folder before timing; then one period ranked with its changes (what `rank` does), all
//! 40 periods ranked, a province's trend over the 40, and the pure ranking alone.
#![allow(missing_docs, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use dvcrank::model::{CalendarPeriod, Era, IndexGroup, IndexScore, PageHash, Provenance, UnitLevel};
use dvcrank::province::Registry;
use dvcrank::query::{self, IndexScope, IndexSelection, TrendSubject};
use dvcrank::rank::{rank, Row, Subject};
use dvcrank::store::Store;

const PERIODS: usize = 40;
const CAPTURES: i64 = 3;

/// 40 months in `era`: 2022-01.. before the merger, 2025-07.. after it.
fn periods(era: Era) -> Vec<CalendarPeriod> {
    let first = match era {
        Era::Pre2025 => CalendarPeriod::Month { year: 2022, month: 1 },
        Era::Post2025 => CalendarPeriod::Month { year: 2025, month: 7 },
    };
    let last = CalendarPeriod::Month { year: first.year() + 4, month: 12 };
    query::periods_between(first, last).into_iter().take(PERIODS).collect()
}

/// A deterministic score in 55..95 for (province, period, capture).
fn value(gso: u8, t: usize, capture: i64) -> f64 {
    let x = (u64::from(gso) * 7919 + t as u64 * 104_729 + capture as u64 * 31) % 4000;
    ((55.0 + x as f64 / 100.0) * 100.0).round() / 100.0
}

fn build(store: &Store, era: Era) {
    let registry = Registry::builtin();
    let groups: &[(IndexGroup, f64)] = match era {
        Era::Pre2025 => &[
            (IndexGroup::Transparency, 0.18),
            (IndexGroup::Progress, 0.2),
            (IndexGroup::OnlineService, 0.12),
            (IndexGroup::OnlinePayment, 0.1),
            (IndexGroup::Satisfaction, 0.18),
            (IndexGroup::Digitisation, 0.22),
        ],
        Era::Post2025 => &[
            (IndexGroup::Transparency, 0.18),
            (IndexGroup::Progress, 0.2),
            (IndexGroup::OnlineCombined, 0.22),
            (IndexGroup::Satisfaction, 0.18),
            (IndexGroup::Digitisation, 0.22),
        ],
    };
    for (t, period) in periods(era).into_iter().enumerate() {
        for capture in 0..CAPTURES {
            let at: DateTime<Utc> = period.end().and_hms_opt(3, 0, 0).unwrap().and_utc() - Duration::days(2 - capture);
            let scores: Vec<IndexScore> = registry
                .of_era(era)
                .map(|p| {
                    let total = value(p.code.gso, t, capture);
                    IndexScore {
                        unit_id: format!("{:06}", 100_000 + u32::from(p.code.gso)),
                        unit_name: p.name.clone(),
                        level: UnitLevel::Province,
                        province: Some(p.code),
                        period,
                        captured_at: at,
                        total,
                        rank: None,
                        rank_of: Some(era.province_count()),
                        groups: groups.iter().map(|(g, share)| (*g, total * share)).collect::<BTreeMap<_, _>>(),
                        provenance: Provenance {
                            url: "https://dichvucong.gov.vn/jsp/rest.jsp".into(),
                            page: PageHash::of(period.to_string().as_bytes()),
                            fetched_at: at,
                            extractor_version: 1,
                        },
                        flags: Vec::new(),
                    }
                })
                .collect();
            store.put_scores(&scores).unwrap();
        }
    }
    store.flush().unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).unwrap();
    for era in [Era::Pre2025, Era::Post2025] {
        build(&store, era);
    }
    for (label, era) in [("63", Era::Pre2025), ("34", Era::Post2025)] {
        let periods = periods(era);
        let last = *periods.last().unwrap();
        let national = |period| IndexSelection { period, group: None, as_of: None, scope: IndexScope::National };
        // Warm the store's cache the way a first query would.
        black_box(query::index_table(&store, &national(last)).unwrap());
        c.bench_function(
            &format!("rank one period with changes ({label} provinces, store of {PERIODS} periods)"),
            |b| {
                b.iter(|| black_box(query::index_table(&store, &national(last)).unwrap()));
            },
        );
        c.bench_function(&format!("rank all {PERIODS} periods ({label} provinces)"), |b| {
            b.iter(|| {
                for &p in &periods {
                    black_box(query::index_table(&store, &national(p)).unwrap());
                }
            });
        });
        let province = Registry::builtin().of_era(era).next().unwrap().code;
        c.bench_function(&format!("trend of one province over {PERIODS} periods ({label})"), |b| {
            b.iter(|| black_box(query::trend(&store, TrendSubject::Index(None), &[province], &periods, None).unwrap()));
        });
        let rows: Vec<Row> = Registry::builtin()
            .of_era(era)
            .map(|p| Row {
                province: p.code,
                name: p.name.clone(),
                value: value(p.code.gso, 0, 0),
                groups: BTreeMap::new(),
                published_rank: None,
            })
            .collect();
        let expected: Vec<_> = Registry::builtin().of_era(era).map(|p| p.code).collect();
        c.bench_function(&format!("pure ranking of {label} provinces"), |b| {
            b.iter(|| black_box(rank(Subject::Index, last, rows.clone(), &expected)));
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
