//! The whole path against the offline mirror on loopback, in a temporary store: crawl the
//! sample portals and the index gateway through the real fetcher and selectors, check the
//! stored figures, re-run and check nothing is added twice, rank, and draw the charts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::root;
use dvcrank::chart::{render_ranking, render_trend, ChartOptions};
use dvcrank::clock::{Clock, FixedClock};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::mirror::Mirror;
use dvcrank::model::{CalendarPeriod, Flag, Metric, Unit};
use dvcrank::pipeline::{CrawlOptions, Crawler, Drill};
use dvcrank::query::{self, TrendSubject};
use dvcrank::source::{load_dir, Source, SourceKind};
use dvcrank::store::{ObservationFilter, Store};

fn sources(mirror: &Mirror) -> Vec<Source> {
    let hosts = mirror.host_map();
    load_dir(&root().join("selectors"))
        .expect("selectors compile")
        .into_iter()
        .filter(|s| s.allowed_hosts.iter().any(|h| hosts.contains_key(h)))
        .map(|s| {
            let mut r = s.rebased(&hosts);
            r.crawl.delay = Duration::from_millis(1);
            r
        })
        .collect()
}

fn crawler(store: &Store, options: CrawlOptions) -> Arc<Crawler<Fetcher>> {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 6, 3, 0, 0).unwrap()));
    let fetcher = Fetcher::new(FetchConfig { allow_private: true, ..FetchConfig::default() }, Arc::clone(&clock))
        .expect("fetcher");
    Arc::new(Crawler::new(store.clone(), fetcher, clock, options))
}

fn months(list: &[&str]) -> Vec<CalendarPeriod> {
    list.iter().map(|p| p.parse().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_store_rank_and_chart_the_mirror() {
    let mirror = Mirror::start(&root().join("data/sample-site")).await.expect("mirror");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("store")).expect("store");
    for (host, addr) in mirror.host_map() {
        store.set_host_alias(&addr, &host).expect("alias");
    }
    let all = sources(&mirror);
    assert_eq!(all.iter().filter(|s| s.kind != SourceKind::NationalIndex).count(), 4);
    let options = CrawlOptions {
        periods: Some(months(&["2024-03", "2024-04", "2025-11", "2025-12"])),
        drill: Drill::Provinces(all.iter().filter_map(|s| s.province).collect()),
        ..CrawlOptions::default()
    };
    let report = crawler(&store, options.clone()).run(&all).await;
    assert!(!report.has_failures(), "{report:#?}");
    for s in report.sources.iter().filter(|s| s.source != "dichvucong") {
        assert_eq!(s.bulletins_read, 8, "{}: every bulletin read", s.source);
        assert_eq!(s.robots_disallowed.len(), 1, "{}: the draft behind robots.txt is skipped", s.source);
    }
    let index = report.sources.iter().find(|s| s.source == "dichvucong").expect("index report");
    assert_eq!(index.periods_read, 4);
    assert!(index.unmatched_units.is_empty(), "{:?}", index.unmatched_units);

    // Figures with provenance; nothing from the drafts robots.txt forbids.
    let all_obs = store.observations(&ObservationFilter::default()).expect("read");
    assert!(all_obs.len() > 1000, "{} figures", all_obs.len());
    assert!(all_obs.iter().all(|o| !o.evidence.text.is_empty() && o.provenance.url.starts_with("http://127.0.0.1:")));
    for draft in ["ban-nhap", "BanNhap", "ff00c3a9"] {
        assert!(
            !all_obs.iter().any(|o| o.provenance.url.contains(draft)),
            "a figure from the robots.txt draft {draft}"
        );
    }
    // The bulletin whose title contradicts its body: the title's figure is set aside.
    let contradicted: Vec<_> = all_obs.iter().filter(|o| o.provenance.url.contains("a115208")).collect();
    assert!(contradicted
        .iter()
        .any(|o| o.value == 7142.0 && o.metric == Metric::ReceivedTotal && !o.flags.iter().any(Flag::excludes)));
    assert!(contradicted
        .iter()
        .any(|o| o.value == 7412.0 && o.flags.iter().any(|f| matches!(f, Flag::SetAside { .. }))));

    // The published figure for April 2024 comes through the gateway exactly.
    let ranking = query::index_ranking(&store, "2024-04".parse().unwrap(), None, None).expect("ranking");
    assert_eq!(ranking.entries.len(), 63);
    let bac_kan = ranking.entries.iter().find(|e| e.name == "Bắc Kạn").expect("Bắc Kạn");
    assert_eq!((bac_kan.rank, bac_kan.value), (17, 75.35));
    assert!(bac_kan.change.is_some(), "compared with March");
    let after_merger = query::index_ranking(&store, "2025-12".parse().unwrap(), None, None).expect("ranking");
    assert_eq!(after_merger.entries.len(), 34);
    assert!(store.score_count() > 63 * 2 + 34 * 2, "drill-down tables stored too");

    // A second run adds nothing.
    let again = crawler(&store, options).run(&all).await;
    assert_eq!(again.sources.iter().map(|s| s.observations_added + s.scores_added).sum::<usize>(), 0, "{again:#?}");
    assert_eq!(store.observations(&ObservationFilter::default()).expect("read").len(), all_obs.len());

    // Charts: valid PNG and SVG of the expected size.
    let out = dir.path().join("charts");
    let mut files =
        render_ranking(out.join("ranking"), &after_merger, &ChartOptions::default()).expect("ranking chart");
    let provinces = all.iter().filter_map(|s| s.province).collect::<Vec<_>>();
    let trend = query::trend(
        &store,
        TrendSubject::Metric(Metric::ReceivedTotal, Unit::Count),
        &provinces,
        &query::months_between("2021-01".parse().unwrap(), "2025-12".parse().unwrap()),
        None,
    )
    .expect("trend");
    assert!(
        trend.series.iter().filter(|s| s.coverage() >= 3).count() >= 3,
        "the mirrored provinces have monthly series: {:?}",
        trend.series.iter().map(|s| (&s.name, s.coverage())).collect::<Vec<_>>()
    );
    files.extend(render_trend(out.join("trend"), &trend, &ChartOptions::default()).expect("trend chart"));
    for f in &files {
        let bytes = std::fs::read(f).expect("chart file");
        match f.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
                let reader = decoder.read_info().expect("a valid PNG");
                let info = reader.info();
                assert_eq!(info.width, 1200, "{}", f.display());
                assert!(info.height >= 675, "{}", f.display());
            }
            Some("svg") => {
                let text = String::from_utf8(bytes).expect("utf-8");
                assert!(text.starts_with("<svg") || text.starts_with("<?xml"), "{}", f.display());
                assert!(text.contains("width=\"1200\""), "{}", f.display());
                assert!(text.contains("SAMPLE DATA") || !trend.sample, "{}", f.display());
            }
            other => panic!("unexpected chart file {other:?}"),
        }
    }
}
