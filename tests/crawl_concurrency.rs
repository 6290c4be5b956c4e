//! Site crawls against a generated site on 127.0.0.1: the per-host limit holds (one
//! request in flight by default, more only when the source allows it), a concurrent
//! crawl stores exactly what a one-at-a-time crawl stores, a re-crawl stops paging at
//! bulletins already seen (with conditional GETs), the listing depth is a limit, and
//! failures are counted by class in the run summary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/site.rs"]
mod site;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use dvcrank::clock::{Clock, FixedClock};
use dvcrank::fetch::{FetchConfig, Fetcher, Frontier, FrontierLimits, LinkKind};
use dvcrank::pipeline::{CrawlOptions, Crawler, FailureKind, RunReport};
use dvcrank::source::{compile, Source};
use dvcrank::store::{ObservationFilter, Store};
use site::{generate, listing_count, selectors_toml, Site};

fn source(site: &Site, crawl: &str) -> Source {
    compile(Path::new("generated.toml"), &selectors_toml(&site.host(), crawl, "")).expect("compiles")
}

fn crawler(store: &Store, concurrency: usize) -> Arc<Crawler<Fetcher>> {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 6, 3, 0, 0).unwrap()));
    let fetcher = Fetcher::new(FetchConfig::default(), Arc::clone(&clock)).expect("fetcher");
    Arc::new(Crawler::new(store.clone(), fetcher, clock, CrawlOptions::default()).with_concurrency(concurrency))
}

/// What a stored figure says, without when it was fetched.
fn figures(store: &Store) -> BTreeSet<String> {
    store
        .observations(&ObservationFilter::default())
        .expect("read")
        .iter()
        .map(|o| {
            format!("{} {} {} {} {}", o.provenance.url, o.metric.as_str(), o.period.label, o.value, o.evidence.text)
        })
        .collect()
}

async fn crawl(store: &Store, source: &Source, concurrency: usize) -> RunReport {
    crawler(store, concurrency).run(std::slice::from_ref(source)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_host_limit_holds_and_a_concurrent_crawl_stores_the_same() {
    let (bulletins, per_listing) = (60, 10);
    let site = Site::start(generate(bulletins, per_listing), Duration::from_millis(15)).await;
    let pages = bulletins + listing_count(bulletins, per_listing);

    let dir = tempfile::tempdir().expect("tempdir");
    let one = Store::open(&dir.path().join("one")).expect("store");
    let report = crawl(&one, &source(&site, "delay = \"0s\"\nmax_depth = 20"), 8).await;
    let s = &report.sources[0];
    assert!(!report.has_failures(), "{report:#?}");
    assert_eq!((s.fetched, s.bulletins_read), (pages, bulletins));
    assert_eq!(site.max_in_flight(), 1, "the default is one request in flight per host");

    site.reset_counts();
    let many = Store::open(&dir.path().join("many")).expect("store");
    let report = crawl(&many, &source(&site, "delay = \"0s\"\nmax_depth = 20\nper_host = 4"), 8).await;
    assert!(!report.has_failures(), "{report:#?}");
    assert_eq!(report.sources[0].fetched, pages);
    let max = site.max_in_flight();
    assert!((2..=4).contains(&max), "{max} requests in flight with per_host = 4");

    let a = figures(&one);
    assert_eq!(a.len(), bulletins * 2, "two figures per bulletin");
    assert_eq!(a, figures(&many));
    assert_eq!(many.load_frontier::<serde_json::Value>("generated").expect("read"), None, "cleared at the end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recrawl_stops_paging_at_bulletins_already_seen() {
    let (bulletins, per_listing) = (50, 10);
    let site = Site::start(generate(bulletins, per_listing), Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("s")).expect("store");
    let source = source(&site, "delay = \"0s\"\nmax_depth = 20\nper_host = 2");
    let first = crawl(&store, &source, 4).await;
    assert_eq!(first.sources[0].bulletins_read, bulletins);

    site.reset_counts();
    let again = crawl(&store, &source, 4).await;
    let s = &again.sources[0];
    // The first listing page is unchanged (304) and all its bulletins are stored: the
    // older listing pages are not asked for.
    assert_eq!((s.fetched, s.not_modified), (0, 1 + per_listing), "{s:#?}");
    // robots.txt (a new fetcher asks again), then conditional GETs of page 1 and its
    // bulletins only.
    assert_eq!(site.requests(), 2 + per_listing);
    assert_eq!((s.observations_added, s.bulletins_read), (0, 0), "unchanged pages are not read again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_crawl_pages_on_past_a_listing_it_had_just_stored() {
    // A crawl stored the first listing page and its bulletins, and was killed before
    // its frontier moved on: only the seed is saved.
    let (bulletins, per_listing) = (50, 10);
    let site = Site::start(generate(bulletins, per_listing), Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("s")).expect("store");
    let shallow = crawl(&store, &source(&site, "delay = \"0s\"\nmax_depth = 0"), 4).await;
    assert_eq!(shallow.sources[0].bulletins_read, per_listing);
    let deep = source(&site, "delay = \"0s\"\nmax_depth = 20");
    let mut saved = Frontier::new(FrontierLimits { max_depth: 20, max_pages: 1000 });
    saved.push(deep.start_urls[0].clone(), 0, LinkKind::Seed);
    store.save_frontier("generated", &saved).expect("save");

    let resumed = crawl(&store, &deep, 4).await;
    // The first listing is unchanged and all its bulletins are stored, yet the resumed
    // crawl goes on to the older listing pages.
    assert_eq!(resumed.sources[0].bulletins_read, bulletins - per_listing, "{resumed:#?}");
    assert_eq!(store.observation_count(), bulletins * 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_depth_is_a_limit() {
    let site = Site::start(generate(50, 10), Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("s")).expect("store");
    let report = crawl(&store, &source(&site, "delay = \"0s\"\nmax_depth = 2"), 4).await;
    // Listing pages at depth 0, 1 and 2: three pages of ten bulletins.
    assert_eq!(report.sources[0].bulletins_read, 30);
    assert_eq!(report.sources[0].fetched, 33);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_counted_by_class() {
    let mut pages = generate(20, 10);
    for gone in ["/bai/3.html", "/bai/12.html"] {
        pages.remove(gone);
    }
    let site = Site::start(pages, Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("s")).expect("store");
    let report = crawl(&store, &source(&site, "delay = \"0s\""), 4).await;
    assert!(report.has_failures());
    let summary = report.summary();
    assert_eq!(summary.failed, 2);
    assert_eq!(summary.failed_by_reason.get(&FailureKind::Status), Some(&2), "{summary:#?}");
    assert_eq!(summary.pages_fetched, 20);
    assert_eq!(summary.figures_added, 18 * 2);
    let json = serde_json::to_value(&summary).expect("serialises");
    assert_eq!(json["failed_by_reason"]["status"], 2);
}
