//! The demo: serves `data/sample-site` on loopback, crawls it with the real fetcher and
//! the real selector files into a store of its own, and returns what a user looks at
//! first: the ranking of the latest month and the trend of the mirrored provinces. The
//! national index is replayed capture by capture, each crawl stamped with its capture
//! day, so the store holds snapshots as a crawler left running would. Re-runnable: a
//! second run adds nothing twice. I/O.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};

use crate::clock::{Clock, FixedClock, SystemClock};
use crate::fetch::{FetchConfig, Fetcher};
use crate::mirror::{capture_dates, Mirror};
use crate::model::{CalendarPeriod, ProvinceCode};
use crate::pipeline::{CrawlOptions, Crawler, Drill, RunReport, SourceReport};
use crate::rank::{Ranking, Trend};
use crate::source::{load_dir, Source, SourceKind};
use crate::store::Store;
use crate::{query, Error, Result};

/// Delay between requests to one mirrored host: the mirror is on loopback, so the demo
/// does not need the real sites' second.
pub const DEMO_DELAY: Duration = Duration::from_millis(5);

/// The demo's store, apart from any real crawl's.
pub const DEMO_STORE: &str = "dvcrank-demo.db";

/// Where the demo reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPaths {
    /// `data/sample-site`.
    pub site: PathBuf,
    /// `selectors/`.
    pub selectors: PathBuf,
    /// The demo's own store.
    pub store: PathBuf,
}

/// What the demo produced.
#[derive(Debug)]
pub struct DemoOutcome {
    /// The crawl, per source (the index's replayed captures summed into one report).
    pub report: RunReport,
    /// The national ranking of the latest month.
    pub ranking: Ranking,
    /// The index trend of the mirrored provinces.
    pub trend: Trend,
    /// The store, open.
    pub store: Store,
}

/// The provinces the mirror has portals for (and so drill-down tables).
fn mirrored_provinces(sources: &[Source]) -> Vec<ProvinceCode> {
    let mut out: Vec<ProvinceCode> = sources.iter().filter_map(|s| s.province).collect();
    out.sort();
    out.dedup();
    out
}

/// Adds `r` into `total` (the index's captures crawl as one source).
fn merge_into(total: &mut SourceReport, r: SourceReport) {
    total.started_at = total.started_at.or(r.started_at);
    total.finished_at = r.finished_at.or(total.finished_at);
    total.source.clone_from(&r.source);
    total.absorb(r);
}

fn fetcher(clock: Arc<dyn Clock>) -> Result<Fetcher> {
    Fetcher::new(
        FetchConfig {
            allow_private: true,
            retries: 1,
            backoff_base: Duration::from_millis(50),
            ..FetchConfig::default()
        },
        clock,
    )
}

/// Runs the demo.
///
/// # Errors
/// When the sample site, the selectors or the store cannot be read, or the crawl found
/// no index scores.
pub async fn run(paths: &DemoPaths) -> Result<DemoOutcome> {
    let all = load_dir(&paths.selectors)?;
    let mirror = Mirror::start(&paths.site).await?;
    let hosts = mirror.host_map();
    let sources: Vec<Source> = all
        .iter()
        .filter(|s| s.allowed_hosts.iter().any(|h| hosts.contains_key(h)))
        .map(|s| {
            let mut r = s.rebased(&hosts);
            r.crawl.delay = DEMO_DELAY;
            r
        })
        .collect();
    if sources.is_empty() {
        return Err(Error::Input(format!(
            "no selectors file in {} names a host mirrored in {}",
            paths.selectors.display(),
            paths.site.display()
        )));
    }
    let store = Store::open(&paths.store)?;
    store.set_sample(true)?;
    for (host, addr) in &hosts {
        store.set_host_alias(addr, host)?;
    }
    let drill = Drill::Provinces(mirrored_provinces(&sources));

    // The index, replayed: on each capture day, the periods captured that day.
    let mut index_total = SourceReport::default();
    for source in sources.iter().filter(|s| s.kind == SourceKind::NationalIndex) {
        for (day, periods) in capture_dates(&paths.site)? {
            mirror.set_today(Some(day));
            let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(capture_time(day)));
            let periods: Vec<CalendarPeriod> = periods.iter().filter_map(|p| p.parse().ok()).collect();
            let options = CrawlOptions { refresh: true, periods: Some(periods), drill: drill.clone(), max_pages: None };
            let crawler = Crawler::new(store.clone(), fetcher(Arc::clone(&clock))?, clock, options);
            merge_into(&mut index_total, crawler.crawl(source).await);
        }
    }
    mirror.set_today(None);

    // The bulletin sites, now.
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let sites: Vec<Source> = sources.iter().filter(|s| s.kind != SourceKind::NationalIndex).cloned().collect();
    let crawler = Arc::new(Crawler::new(store.clone(), fetcher(Arc::clone(&clock))?, clock, CrawlOptions::default()));
    let mut report = crawler.run(&sites).await;
    if !index_total.source.is_empty() {
        report.sources.insert(0, index_total);
    }
    store.flush()?;

    let months = query::index_months(&store)?;
    let latest = *months.last().ok_or_else(|| Error::Input("the demo crawl stored no index scores".to_string()))?;
    let ranking = query::index_ranking(&store, latest, None, None)?;
    let provinces = mirrored_provinces(&sources);
    let first = *months.first().unwrap_or(&latest);
    let trend = query::trend(
        &store,
        query::TrendSubject::Index(None),
        &provinces,
        &query::months_between(first, latest),
        None,
    )?;
    Ok(DemoOutcome { report, ranking, trend, store })
}

/// 10:00 in Vietnam (UTC+7) on a capture day.
fn capture_time(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).unwrap_or_default())
}

/// The default demo paths under a project folder.
#[must_use]
pub fn default_paths(project: &Path) -> DemoPaths {
    DemoPaths {
        site: project.join("data").join("sample-site"),
        selectors: project.join("selectors"),
        store: project.join(DEMO_STORE),
    }
}
