//! The crawl: for each source, fetch its pages (bulletin sites: listings, then bulletins;
//! the national index: the page for its cookies, then the JSON gateway), keep every page
//! in the store, read figures from it and store them. One bad page never stops a run:
//! failures go into the [`RunReport`]. I/O: network (through a [`Fetch`]), store, clock.
//! Extraction itself is synchronous and pure; it runs on tokio's blocking threads, so
//! pages are read on every core while others are fetched, and no parsed document
//! crosses an `.await`.
//!
//! A bulletin site's crawl keeps several fetches in flight when its politeness allows
//! it (per-host limit × hosts, bounded by the crawler's global limit), saves its
//! frontier in the store as it goes, and on a [`Stop`] request returns with the
//! frontier saved; a crawl killed outright resumes from the last save, redoing the pages
//! after it (re-reading a page replaces its figures as a set, so none is stored twice).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use futures_util::stream::{FuturesUnordered, StreamExt as _};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use crate::clock::Clock;
use crate::config::DEFAULT_CONCURRENCY;
use crate::extract::index_page::{gateway_params, parse_rows, read_scores, GatewayQuery, TableContext};
use crate::extract::listing::read_listing;
use crate::extract::{charset, extract_bulletin, PageInput};
use crate::fetch::{Fetch, FetchOutcome, Frontier, FrontierEntry, FrontierLimits, LinkKind, Push, Request, Validators};
use crate::model::{page_key, CalendarPeriod, Era, Page, PageRole, Provenance, ProvinceCode, SourceId, UnitLevel};
use crate::province::Registry;
use crate::source::{IndexSpec, SiteSpec, Source, SourceKind};
use crate::store::{PagePut, Store};
use crate::{Error, Result, EXTRACTOR_VERSION};

mod control;
mod report;

pub use self::control::{stop_pair, LogProgress, NoProgress, Progress, Stop, StopHandle, LOG_EVERY_PAGES};
pub use self::report::{Failure, FailureKind, RunReport, RunSummary, SourceReport};

/// Which provinces' drill-down tables (departments, communes) to fetch from the index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Drill {
    /// None (the default: one request per province and period adds up).
    #[default]
    None,
    /// These provinces.
    Provinces(Vec<ProvinceCode>),
    /// Every province.
    All,
}

/// Choices for one crawl.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrawlOptions {
    /// Fetch closed index periods again even when the store has them.
    pub refresh: bool,
    /// Index periods to fetch; `None`: every month from the source's `since` to now.
    pub periods: Option<Vec<CalendarPeriod>>,
    /// Drill-down tables to fetch.
    pub drill: Drill,
    /// Overrides the sources' page budget.
    pub max_pages: Option<usize>,
}

/// Shortest time between two saves of a crawl's frontier. A crawl killed outright
/// redoes at most the pages of this last stretch (sled itself loses the writes of its
/// last half second, which the redo covers too); saving after every page would cost a
/// full copy of the frontier per page.
pub const FRONTIER_SAVE_INTERVAL: Duration = Duration::from_millis(500);

/// Runs crawls against a store.
#[derive(Debug)]
pub struct Crawler<F> {
    store: Store,
    fetcher: F,
    clock: Arc<dyn Clock>,
    options: CrawlOptions,
    /// Fetches in flight across every source.
    concurrency: usize,
    global: Arc<Semaphore>,
    stop: Stop,
    progress: Arc<dyn Progress>,
}

impl<F: Fetch + 'static> Crawler<F> {
    /// A crawler that fetches with `fetcher` and stamps with `clock`, with at most
    /// [`DEFAULT_CONCURRENCY`] fetches in flight, no stop signal and no progress.
    pub fn new(store: Store, fetcher: F, clock: Arc<dyn Clock>, options: CrawlOptions) -> Crawler<F> {
        Crawler {
            store,
            fetcher,
            clock,
            options,
            concurrency: DEFAULT_CONCURRENCY,
            global: Arc::new(Semaphore::new(DEFAULT_CONCURRENCY)),
            stop: Stop::never(),
            progress: Arc::new(NoProgress),
        }
    }

    /// At most `n` fetches in flight across every source (at least 1).
    #[must_use]
    pub fn with_concurrency(mut self, n: usize) -> Crawler<F> {
        self.concurrency = n.max(1);
        self.global = Arc::new(Semaphore::new(self.concurrency));
        self
    }

    /// Crawls stop (frontier saved) when `stop` fires.
    #[must_use]
    pub fn with_stop(mut self, stop: Stop) -> Crawler<F> {
        self.stop = stop;
        self
    }

    /// Crawls report their progress to `progress`.
    #[must_use]
    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Crawler<F> {
        self.progress = progress;
        self
    }

    /// Crawls every source, the sources concurrently (one request at a time per host
    /// is the fetcher's rule).
    pub async fn run(self: &Arc<Self>, sources: &[Source]) -> RunReport {
        let mut set = JoinSet::new();
        for (i, source) in sources.iter().enumerate() {
            let me = Arc::clone(self);
            let source = source.clone();
            set.spawn(async move { (i, me.crawl(&source).await) });
        }
        let mut reports: Vec<(usize, SourceReport)> = Vec::new();
        while let Some(done) = set.join_next().await {
            match done {
                Ok(r) => reports.push(r),
                Err(e) => reports.push((
                    usize::MAX,
                    SourceReport {
                        source: "?".into(),
                        failed: vec![Failure { url: "-".into(), reason: format!("crawl task failed: {e}") }],
                        ..SourceReport::default()
                    },
                )),
            }
        }
        reports.sort_by_key(|(i, _)| *i);
        RunReport { sources: reports.into_iter().map(|(_, r)| r).collect() }
    }

    /// Crawls one source.
    pub async fn crawl(&self, source: &Source) -> SourceReport {
        let mut report =
            SourceReport { source: source.id.0.clone(), started_at: Some(self.clock.now()), ..SourceReport::default() };
        self.progress.started(&source.id);
        let outcome = match (&source.site, &source.index) {
            (Some(site), _) => self.crawl_site(source, site, &mut report).await,
            (None, Some(index)) => self.crawl_index(source, index, &mut report).await,
            (None, None) => Ok(()),
        };
        if let Err(e) = outcome {
            report.fail("-".into(), &e);
        }
        report.finished_at = Some(self.clock.now());
        if let Err(e) = self.store.put_run(&source.id.0, self.clock.now(), &report) {
            report.fail("-".into(), &e);
        }
        self.progress.finished(&report);
        report
    }

    /// Fetches one request and keeps the page. Returns the body and content type, or
    /// `None` after recording why not.
    async fn fetch_and_keep(
        &self,
        source: &Source,
        request: &Request,
        role: PageRole,
        report: &mut SourceReport,
    ) -> Result<Option<(Vec<u8>, Option<String>, Page, bool)>> {
        let key = page_key(request.url().as_str(), request.form_body().as_deref());
        match self.fetcher.fetch(request, &source.host_rules()).await {
            FetchOutcome::Fetched(f) => {
                report.fetched += 1;
                let page = f.page(source.id.clone(), request, role);
                let changed = self.store.put_page(&page, &f.body)? == PagePut::NewVersion;
                if changed {
                    report.new_versions += 1;
                }
                Ok(Some((f.body, page.content_type.clone(), page, changed)))
            }
            FetchOutcome::NotModified { fetched_at, .. } => {
                report.not_modified += 1;
                self.store.touch_page(&key, fetched_at)?;
                let Some(page) = self.store.latest_page(&key)? else { return Ok(None) };
                let Some(body) = self.store.page_body(page.hash)? else { return Ok(None) };
                Ok(Some((body, page.content_type.clone(), page, false)))
            }
            FetchOutcome::Failed(Error::RobotsDisallowed { url }) => {
                report.robots_disallowed.push(url);
                Ok(None)
            }
            FetchOutcome::Failed(e) => {
                report.fail(key, &e);
                Ok(None)
            }
        }
    }

    /// The frontier saved by a crawl that did not finish (and `true`), or a new one from
    /// the seeds, saved at once so that a crawl killed at any time leaves one.
    fn frontier_for(&self, source: &Source) -> Result<(Frontier, bool)> {
        if let Some(mut saved) = self.store.load_frontier::<Frontier>(&source.id.0)? {
            saved.resume();
            return Ok((saved, true));
        }
        let mut f = Frontier::new(FrontierLimits {
            max_depth: u32::try_from(source.crawl.max_depth).unwrap_or(u32::MAX),
            max_pages: self.options.max_pages.unwrap_or(source.crawl.max_pages),
        });
        for url in &source.start_urls {
            f.push(url.clone(), 0, LinkKind::Seed);
        }
        self.store.save_frontier(&source.id.0, &f)?;
        Ok((f, false))
    }

    async fn crawl_site(&self, source: &Source, spec: &SiteSpec, report: &mut SourceReport) -> Result<()> {
        let (mut frontier, resumed) = self.frontier_for(source)?;
        // More in flight than the hosts would let through only queues inside the fetcher.
        let hosts = source.allowed_hosts.len().max(1);
        let limit = source.crawl.per_host.saturating_mul(hosts).clamp(1, self.concurrency);
        let shared = Arc::new(source.clone());
        let mut in_flight = FuturesUnordered::new();
        let mut stop = self.stop.clone();
        let mut saved_at = tokio::time::Instant::now();
        let mut done = 0;
        let outcome = loop {
            while in_flight.len() < limit && !stop.is_stopped() {
                let Some(entry) = frontier.pop() else { break };
                in_flight.push(self.visit(Arc::clone(&shared), entry));
            }
            let visit = tokio::select! {
                biased;
                () = stop.stopped() => break Ok(()),
                next = in_flight.next() => match next {
                    Some(Ok(visit)) => visit,
                    Some(Err(e)) => break Err(e),
                    None => break Ok(()),
                },
            };
            done += 1;
            self.follow(source, spec, &mut frontier, visit, resumed, report);
            if saved_at.elapsed() >= FRONTIER_SAVE_INTERVAL {
                self.store.save_frontier(&source.id.0, &frontier)?;
                saved_at = tokio::time::Instant::now();
            }
            self.progress.advanced(&source.id, done, frontier.len() + in_flight.len());
        };
        // Pages still in flight stay "in flight" in the saved frontier: the next crawl
        // fetches them again.
        drop(in_flight);
        if outcome.is_err() || !frontier.is_finished() {
            report.interrupted = !frontier.is_finished();
            self.store.save_frontier(&source.id.0, &frontier)?;
        } else {
            self.store.clear_frontier(&source.id.0)?;
        }
        outcome
    }

    /// Fetches one frontier entry, keeps the page and reads it (on a blocking thread).
    async fn visit(&self, source: Arc<Source>, entry: FrontierEntry) -> Result<Visit> {
        let mut report = SourceReport::default();
        let validators = self.store.latest_page(entry.url.as_str())?.as_ref().and_then(Validators::of);
        let request = Request::Get { url: entry.url.clone(), validators };
        let role = if entry.kind == LinkKind::Bulletin { PageRole::Bulletin } else { PageRole::Listing };
        let kept = {
            // The semaphore is never closed; were it closed, fetching without a place
            // beats losing the page.
            let _place = self.global.acquire().await.ok();
            self.fetch_and_keep(&source, &request, role, &mut report).await?
        };
        let Some((body, content_type, page, changed)) = kept else {
            return Ok(Visit { entry, report, listing: None, changed: false });
        };
        let store = self.store.clone();
        let kind = entry.kind;
        let base = entry.url.clone();
        let read = tokio::task::spawn_blocking(move || {
            let mut report = report;
            let spec = source.site.as_ref();
            let listing = match (kind, spec) {
                (_, None) => None,
                (LinkKind::Bulletin, Some(spec)) => {
                    read_bulletin(&store, &source, spec, &page, &body, content_type.as_deref(), &mut report)?;
                    None
                }
                (_, Some(spec)) => Some(read_listing_page(&store, &source, spec, &page, &body, content_type, &base)?),
            };
            Ok::<_, Error>((report, listing))
        })
        .await;
        match read {
            Ok(Ok((report, listing))) => Ok(Visit { entry, report, listing, changed }),
            Ok(Err(e)) => Err(e),
            Err(join) => {
                let mut report = SourceReport::default();
                let error = Error::Input(format!("reading the page failed: {join}"));
                report.fail(entry.url.to_string(), &error);
                Ok(Visit { entry, report, listing: None, changed })
            }
        }
    }

    /// Takes a visited page's counts into the report and its links into the frontier.
    /// `resumed`: the crawl goes on from a saved frontier.
    fn follow(
        &self,
        source: &Source,
        spec: &SiteSpec,
        frontier: &mut Frontier,
        visit: Visit,
        resumed: bool,
        report: &mut SourceReport,
    ) {
        let Visit { entry, report: part, listing, changed } = visit;
        report.absorb(part);
        if let Some(listing) = listing {
            if listing.links_found == 0 {
                report
                    .selector_misses
                    .push(format!("listing.links `{}` matched nothing on {}", spec.links.css, entry.url));
            }
            let mut seen_all = !listing.bulletins.is_empty() && !changed;
            for (url, stored) in listing.bulletins {
                seen_all &= stored;
                frontier.push(url, entry.depth, LinkKind::Bulletin);
            }
            // An unchanged listing whose bulletins are all stored: older pages hold
            // nothing new (unless asked to look again). Not so in a resumed crawl: the
            // stopped one may have stored this listing and its bulletins just before it
            // was stopped, with the older pages still to fetch.
            if let Some(next) = listing.next_page {
                if (!seen_all || self.options.refresh || resumed)
                    && frontier.push(next, entry.depth + 1, LinkKind::Listing) == Push::TooDeep
                {
                    tracing::debug!(source = %source.id, "listing depth limit reached");
                }
            }
        }
        frontier.done(&entry.url);
    }

    /// The periods to fetch: those asked for, or every month from `since` to now; closed
    /// periods already stored are skipped unless `refresh`.
    fn index_periods(&self, spec: &IndexSpec) -> Result<Vec<CalendarPeriod>> {
        let today = self.clock.now().date_naive();
        let wanted: Vec<CalendarPeriod> = match &self.options.periods {
            Some(p) => p.clone(),
            None => {
                let mut out = Vec::new();
                let mut p = match spec.since {
                    CalendarPeriod::Month { .. } => spec.since,
                    other => CalendarPeriod::Month { year: other.year(), month: other.months().0 },
                };
                let now = CalendarPeriod::Month { year: today.year(), month: u8::try_from(today.month()).unwrap_or(1) };
                while p <= now && out.len() < 1200 {
                    out.push(p);
                    p = match p {
                        CalendarPeriod::Month { year, month: 12 } => CalendarPeriod::Month { year: year + 1, month: 1 },
                        CalendarPeriod::Month { year, month } => CalendarPeriod::Month { year, month: month + 1 },
                        other => other,
                    };
                }
                out
            }
        };
        let mut out = Vec::new();
        for p in wanted {
            let closed = p.end() < today;
            if closed && !self.options.refresh && !self.store.scores(p, UnitLevel::Province, None)?.is_empty() {
                continue;
            }
            out.push(p);
        }
        Ok(out)
    }

    async fn crawl_index(&self, source: &Source, spec: &IndexSpec, report: &mut SourceReport) -> Result<()> {
        let periods = self.index_periods(spec)?;
        if periods.is_empty() {
            return Ok(());
        }
        // The gateway sits behind a firewall that wants the cookies of the index page.
        let Some(start) = source.start_urls.first() else { return Ok(()) };
        self.fetch_and_keep(source, &Request::get(start.clone()), PageRole::IndexPage, report).await?;
        for period in periods {
            let national = self.query_table(source, spec, start, period, None, report).await?;
            let Some(provenance) = national.provenance.filter(|_| !national.rows.is_empty()) else { continue };
            report.periods_read += 1;
            let scores = read_scores(
                &national.rows,
                spec,
                &TableContext { period, parent: None, captured_at: national.captured_at, provenance },
            );
            for s in scores.iter().filter(|s| s.province.is_none()) {
                if !report.unmatched_units.contains(&s.unit_name) {
                    report.unmatched_units.push(s.unit_name.clone());
                }
            }
            report.scores_added += self.store.put_scores(&scores)?;
            for (province, unit_id) in self.drill_targets(&scores, period.era()) {
                let table = self.query_table(source, spec, start, period, Some(unit_id), report).await?;
                let Some(provenance) = table.provenance.filter(|_| !table.rows.is_empty()) else { continue };
                let ctx = TableContext { period, parent: Some(province), captured_at: table.captured_at, provenance };
                report.scores_added += self.store.put_scores(&read_scores(&table.rows, spec, &ctx))?;
            }
        }
        Ok(())
    }

    fn drill_targets(&self, scores: &[crate::model::IndexScore], era: Era) -> Vec<(ProvinceCode, String)> {
        let registry = Registry::builtin();
        let wanted: BTreeSet<ProvinceCode> = match &self.options.drill {
            Drill::None => return Vec::new(),
            Drill::All => scores.iter().filter_map(|s| s.province).collect(),
            Drill::Provinces(list) => list
                .iter()
                .filter_map(|c| {
                    if c.era == era {
                        Some(*c)
                    } else if era == Era::Post2025 {
                        registry.successor(*c)
                    } else {
                        None
                    }
                })
                .collect(),
        };
        scores
            .iter()
            .filter_map(|s| s.province.filter(|p| wanted.contains(p)).map(|p| (p, s.unit_id.clone())))
            .collect()
    }

    /// Every page of one gateway query, each kept in the store.
    async fn query_table(
        &self,
        source: &Source,
        spec: &IndexSpec,
        referer: &Url,
        period: CalendarPeriod,
        unit_id: Option<String>,
        report: &mut SourceReport,
    ) -> Result<GatewayTable> {
        let mut table = GatewayTable { rows: Vec::new(), captured_at: self.clock.now(), provenance: None };
        // A runaway server could page forever; 50 pages of 1000 rows is far beyond any table.
        for page_index in 1..=50 {
            let params = gateway_params(spec, &GatewayQuery { period, unit_id: unit_id.clone(), page_index });
            let request = Request::PostForm {
                url: spec.gateway.clone(),
                form: vec![("params".into(), params)],
                referer: Some(referer.clone()),
            };
            let role = PageRole::IndexTable { period, unit_id: unit_id.clone() };
            let Some((body, _, page, _)) = self.fetch_and_keep(source, &request, role, report).await? else { break };
            let rows = match parse_rows(&body) {
                Ok(rows) => rows,
                Err(e) => {
                    report.failed.push(Failure { url: page.key(), reason: e.to_string() });
                    break;
                }
            };
            if page_index == 1 {
                table.captured_at = page.fetched_at;
                table.provenance = Some(Provenance {
                    url: spec.gateway.to_string(),
                    page: page.hash,
                    fetched_at: page.fetched_at,
                    extractor_version: EXTRACTOR_VERSION,
                });
            }
            let n = rows.len();
            table.rows.extend(rows);
            if n < spec.page_size as usize {
                break;
            }
        }
        Ok(table)
    }
}

/// The rows of one gateway query and where they came from.
struct GatewayTable {
    rows: Vec<std::collections::BTreeMap<String, String>>,
    captured_at: DateTime<Utc>,
    /// Set once the first page arrived.
    provenance: Option<Provenance>,
}

/// One frontier entry, fetched and read.
#[derive(Debug)]
struct Visit {
    entry: FrontierEntry,
    /// What fetching and reading it added to the source's report.
    report: SourceReport,
    /// The links of a listing page.
    listing: Option<ListingLinks>,
    /// Whether the page is new or changed since the last crawl.
    changed: bool,
}

/// The links a listing page gave.
#[derive(Debug)]
struct ListingLinks {
    /// How many links the listing selector matched.
    links_found: usize,
    /// Bulletin links on the source's hosts, each with whether the store has it.
    bulletins: Vec<(Url, bool)>,
    /// The next listing page, when on the source's hosts.
    next_page: Option<Url>,
}

/// Reads a listing page's links. Synchronous (scraper).
fn read_listing_page(
    store: &Store,
    source: &Source,
    spec: &SiteSpec,
    page: &Page,
    body: &[u8],
    content_type: Option<String>,
    requested: &Url,
) -> Result<ListingLinks> {
    let text = charset::decode(body, content_type.as_deref()).text;
    let base = Url::parse(&page.final_url).unwrap_or_else(|_| requested.clone());
    let listing = read_listing(&text, &base, spec);
    let mut bulletins = Vec::with_capacity(listing.bulletins.len());
    for url in listing.bulletins.into_iter().filter(|u| source.allows(u)) {
        let stored = store.latest_page(url.as_str())?.is_some();
        bulletins.push((url, stored));
    }
    Ok(ListingLinks {
        links_found: listing.links_found,
        bulletins,
        next_page: listing.next_page.filter(|u| source.allows(u)),
    })
}

/// Reads a bulletin's figures into the store, unless this page was already read by
/// this extractor. The page's figures replace those read from its URL before, as a set.
/// Synchronous (scraper, sled).
fn read_bulletin(
    store: &Store,
    source: &Source,
    spec: &SiteSpec,
    page: &Page,
    body: &[u8],
    content_type: Option<&str>,
    report: &mut SourceReport,
) -> Result<()> {
    if store.is_extracted(&page.url, page.hash, EXTRACTOR_VERSION)? {
        return Ok(());
    }
    let input = PageInput { body, url: &page.url, content_type, fetched_at: page.fetched_at };
    match extract_bulletin(source, spec, &input) {
        Ok(doc) => {
            let all: Vec<_> = doc.observations.into_iter().chain(doc.set_aside).collect();
            report.observations_added += store.replace_observations(&page.url, &all)?;
            report.bulletins_read += 1;
            store.mark_extracted(&page.url, page.hash, EXTRACTOR_VERSION)?;
        }
        Err(e) => report.selector_misses.push(format!("{e} on {}", page.url)),
    }
    Ok(())
}

/// Which sources to crawl: those named, or all. Unknown names are an input error with
/// the closest names.
///
/// # Errors
/// [`Error::Input`] naming the unknown source.
pub fn select_sources(all: &[Source], names: &[String]) -> Result<Vec<Source>> {
    if names.is_empty() {
        return Ok(all.to_vec());
    }
    let ids: Vec<&str> = all.iter().map(|s| s.id.0.as_str()).collect();
    names
        .iter()
        .map(|n| {
            all.iter()
                .find(|s| s.id.0 == *n)
                .cloned()
                .ok_or_else(|| Error::Input(crate::text::unknown_choice("source", n, &ids)))
        })
        .collect()
}

/// What re-reading the stored pages did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ReparseReport {
    /// Bulletin pages read again.
    pub bulletins: usize,
    /// Gateway answers read again.
    pub tables: usize,
    /// Figures that were not stored before.
    pub observations_added: usize,
    /// Pages that could not be read.
    pub failed: usize,
}

/// Reads every stored page again with the current extractor (no fetching): bulletin
/// pages of the given sources, and the index gateway's answers. Synchronous; run it off
/// the async runtime.
///
/// # Errors
/// When the store fails.
pub fn reparse(store: &Store, sources: &[Source]) -> Result<ReparseReport> {
    let mut report = ReparseReport::default();
    let by_id = |id: &SourceId| sources.iter().find(|s| s.id == *id);
    for page in store.latest_pages()? {
        let Some(source) = by_id(&page.source) else { continue };
        let Some(body) = store.page_body(page.hash)? else { continue };
        match (&page.role, &source.site, &source.index) {
            (PageRole::Bulletin, Some(spec), _) => {
                let input = PageInput {
                    body: &body,
                    url: &page.url,
                    content_type: page.content_type.as_deref(),
                    fetched_at: page.fetched_at,
                };
                match extract_bulletin(source, spec, &input) {
                    Ok(doc) => {
                        let all: Vec<_> = doc.observations.into_iter().chain(doc.set_aside).collect();
                        report.observations_added += store.replace_observations(&page.url, &all)?;
                        store.mark_extracted(&page.url, page.hash, EXTRACTOR_VERSION)?;
                        report.bulletins += 1;
                    }
                    Err(_) => report.failed += 1,
                }
            }
            (PageRole::IndexTable { period, unit_id: None }, _, Some(spec))
                if source.kind == SourceKind::NationalIndex =>
            {
                // Each capture of the national table is read again as it was captured.
                for version in store.fetches_of(&page.key())? {
                    let Some(bytes) = store.page_body(version.hash)? else { continue };
                    let Ok(rows) = parse_rows(&bytes) else {
                        report.failed += 1;
                        continue;
                    };
                    let provenance = Provenance {
                        url: spec.gateway.to_string(),
                        page: version.hash,
                        fetched_at: version.fetched_at,
                        extractor_version: EXTRACTOR_VERSION,
                    };
                    let ctx =
                        TableContext { period: *period, parent: None, captured_at: version.fetched_at, provenance };
                    store.put_scores(&read_scores(&rows, spec, &ctx))?;
                    report.tables += 1;
                }
            }
            _ => {}
        }
    }
    Ok(report)
}
