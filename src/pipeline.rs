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

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::stream::{FuturesUnordered, StreamExt as _};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use crate::clock::Clock;
use crate::config::DEFAULT_CONCURRENCY;
use crate::extract::feed::{looks_like_feed, read_feed};
use crate::extract::index_layout::{
    breakdown_disagreements, breakdown_params, read_breakdown, BreakdownQuery, BreakdownRow, Layout,
};
use crate::extract::index_page::{
    gateway_params, parse_rows, periods_since, read_scores, vietnam_date, GatewayQuery, TableContext,
};
use crate::extract::listing::read_listing;
use crate::extract::{charset, extract_bulletin, PageInput};
use crate::fetch::frontier::normalise;
use crate::fetch::{Fetch, FetchOutcome, Frontier, FrontierEntry, FrontierLimits, LinkKind, Push, Request, Validators};
use crate::model::{
    page_key, CalendarPeriod, Era, Flag, IndexScore, Page, PageRole, Provenance, ProvinceCode, SourceId, UnitLevel,
};
use crate::rank::boundaries::in_map;
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
        let feeds = source.site.iter().flat_map(|s| s.feeds.iter().chain(&s.sitemaps));
        for url in source.start_urls.iter().chain(feeds) {
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
                    let input = PageInput {
                        body: &body,
                        url: &page.url,
                        content_type: content_type.as_deref(),
                        fetched_at: page.fetched_at,
                    };
                    read_bulletin(&store, &source, spec, &page, &input, changed, &mut report)?;
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
            if let Some(miss) = listing.miss {
                report.selector_misses.push(miss);
            } else if listing.links_found == 0 {
                report
                    .selector_misses
                    .push(format!("listing.links `{}` matched nothing on {}", spec.links.css, entry.url));
            }
            // A sitemap index's sitemaps are read like listings, one level deeper.
            for more in listing.more {
                frontier.push(more, entry.depth + 1, LinkKind::Listing);
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

    /// The periods to fetch: those asked for, or every month, quarter, half-year and
    /// year from the source's `since` to today.
    fn index_periods(&self, spec: &IndexSpec) -> Vec<CalendarPeriod> {
        match &self.options.periods {
            Some(p) => p.clone(),
            None => periods_since(spec.since, vietnam_date(self.clock.now())),
        }
    }

    /// Whether a table of a closed period was already read after the period ended (its
    /// final reading), so it need not be fetched again unless `refresh`. An open period
    /// is live and always fetched. An answer of `[]` read after the end counts: the
    /// gateway has no data for the period.
    fn has_final_reading(&self, spec: &IndexSpec, period: CalendarPeriod, unit_id: Option<&str>) -> Result<bool> {
        let today = vietnam_date(self.clock.now());
        if self.options.refresh || period.end() >= today {
            return Ok(false);
        }
        let query = GatewayQuery { period, unit_id: unit_id.map(str::to_string), page_index: 1 };
        let request = gateway_request(&spec.gateway, gateway_params(spec, &query), None);
        let key = page_key(request.url().as_str(), request.form_body().as_deref());
        Ok(self.store.latest_page(&key)?.is_some_and(|p| vietnam_date(p.fetched_at) > period.end()))
    }

    async fn crawl_index(&self, source: &Source, spec: &IndexSpec, report: &mut SourceReport) -> Result<()> {
        // The gateway sits behind a firewall that wants the cookies of the index page.
        let Some(start) = source.start_urls.first() else { return Ok(()) };
        let mut session = false;
        for period in self.index_periods(spec) {
            let closed_and_read = self.has_final_reading(spec, period, None)?;
            if closed_and_read {
                let stored = self.store.scores(period, UnitLevel::Province, None)?;
                let mut pending = false;
                for (_, unit_id) in self.drill_targets(&stored, period.era()) {
                    pending |= !self.has_final_reading(spec, period, Some(&unit_id))?;
                }
                if !pending {
                    continue;
                }
            }
            if !session {
                self.fetch_and_keep(source, &Request::get(start.clone()), PageRole::IndexPage, report).await?;
            }
            let failed_before = report.failed.len();
            let national = self.query_table(source, spec, start, period, None, report).await?;
            // A failed call may mean the firewall's cookies expired: fetch the index page
            // again before the next call. The period is fetched again next crawl.
            session = report.failed.len() == failed_before;
            let Some(first) = national.rows.first() else { continue };
            let first_id = first.get(&spec.id_field).cloned().unwrap_or_default();
            let Some(provenance) = national.provenance else { continue };
            report.periods_read += 1;
            let (layout, breakdown) = self.read_layout(source, spec, start, period, &first_id, report).await?;
            tracing::debug!(%period, origin = ?layout.origin, columns = layout.columns.len(), "index layout");
            for note in &layout.notes {
                tracing::warn!(%period, "index layout: {note}");
            }
            let ctx = TableContext { period, parent: None, captured_at: national.captured_at, provenance };
            let mut scores = read_scores(&national.rows, spec, &layout, &ctx);
            if let Some(s) = scores.iter_mut().find(|s| s.unit_id == first_id) {
                for detail in breakdown_disagreements(&layout, &breakdown, s) {
                    s.flags.push(Flag::Inconsistent { detail });
                }
            }
            self.note_checks(period, &scores, report);
            report.scores_added += self.store.put_scores(&scores)?;
            for (province, unit_id) in self.drill_targets(&scores, period.era()) {
                if closed_and_read && self.has_final_reading(spec, period, Some(&unit_id))? {
                    continue;
                }
                let table = self.query_table(source, spec, start, period, Some(unit_id), report).await?;
                let Some(provenance) = table.provenance.filter(|_| !table.rows.is_empty()) else { continue };
                let ctx = TableContext { period, parent: Some(province), captured_at: table.captured_at, provenance };
                let scores = read_scores(&table.rows, spec, &layout, &ctx);
                self.note_checks(period, &scores, report);
                report.scores_added += self.store.put_scores(&scores)?;
            }
        }
        Ok(())
    }

    /// Says which readings failed a check (they are stored, flagged), each check once
    /// with the units it failed for, and which names match no province (stored, reported).
    fn note_checks(&self, period: CalendarPeriod, scores: &[IndexScore], report: &mut SourceReport) {
        let mut failed: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for s in scores {
            if s.level == UnitLevel::Province && s.province.is_none() && !report.unmatched_units.contains(&s.unit_name)
            {
                report.unmatched_units.push(s.unit_name.clone());
            }
            for flag in &s.flags {
                failed.entry(flag.describe()).or_default().push(&s.unit_name);
            }
        }
        for (check, units) in failed {
            let more = if units.len() > 3 { format!(" and {} more", units.len() - 3) } else { String::new() };
            tracing::warn!(%period, "index check: {check} ({}{more})", units[..units.len().min(3)].join(", "));
        }
    }

    /// Which column holds which group for a period, and the breakdown it was read from:
    /// asked of the breakdown service about `unit_id` when the source names one, else
    /// (or when it has no answer) the selectors file's.
    async fn read_layout(
        &self,
        source: &Source,
        spec: &IndexSpec,
        referer: &Url,
        period: CalendarPeriod,
        unit_id: &str,
        report: &mut SourceReport,
    ) -> Result<(Layout, Vec<BreakdownRow>)> {
        let Some(service) = &spec.breakdown_service else { return Ok((Layout::configured(spec), Vec::new())) };
        let mut rows = Vec::new();
        for page_index in 1..=MAX_GATEWAY_PAGES {
            let query = BreakdownQuery { period, unit_id: unit_id.to_string(), page_index };
            let request = gateway_request(&spec.gateway, breakdown_params(spec, service, &query), Some(referer));
            let role = PageRole::IndexBreakdown { period, unit_id: unit_id.to_string() };
            let Some((body, _, _, _)) = self.fetch_and_keep(source, &request, role, report).await? else { break };
            match parse_rows(&body) {
                Ok(page) => {
                    let n = page.len();
                    rows.extend(page);
                    if n < spec.page_size as usize {
                        break;
                    }
                }
                Err(e) => {
                    // A service that does not answer in kind leaves the configured layout.
                    tracing::warn!(%period, "{service}: {e}; using the selectors file's groups and maxima");
                    break;
                }
            }
        }
        let breakdown = read_breakdown(&rows);
        let layout = Layout::reported(spec, &breakdown).unwrap_or_else(|| Layout::configured(spec));
        Ok((layout, breakdown))
    }

    /// The drill-down tables to fetch: each wanted province's unit ID in the national
    /// table. A province named in the other map is followed across the 2025 merger: a
    /// pre-2025 province to the province it became part of, a post-2025 province back to
    /// the provinces it was formed from.
    fn drill_targets(&self, scores: &[IndexScore], era: Era) -> Vec<(ProvinceCode, String)> {
        let wanted: BTreeSet<ProvinceCode> = match &self.options.drill {
            Drill::None => return Vec::new(),
            Drill::All => scores.iter().filter_map(|s| s.province).collect(),
            Drill::Provinces(list) => list.iter().flat_map(|c| in_map(*c, era)).collect(),
        };
        scores
            .iter()
            .filter_map(|s| s.province.filter(|p| wanted.contains(p)).map(|p| (p, s.unit_id.clone())))
            .collect()
    }

    /// Every page of one ranking-table query, each kept in the store.
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
        for page_index in 1..=MAX_GATEWAY_PAGES {
            let params = gateway_params(spec, &GatewayQuery { period, unit_id: unit_id.clone(), page_index });
            let request = gateway_request(&spec.gateway, params, Some(referer));
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

/// A runaway server could page forever; 50 pages of `page_size` rows is far beyond any
/// table of the index.
const MAX_GATEWAY_PAGES: u32 = 50;

/// A call to the index gateway: the `params` form field, sent as the page's own script
/// sends it (the fetcher adds the XHR headers).
fn gateway_request(gateway: &Url, params: String, referer: Option<&Url>) -> Request {
    Request::PostForm { url: gateway.clone(), form: vec![("params".into(), params)], referer: referer.cloned() }
}

/// The layout a stored national answer is read with: from the breakdown answer stored
/// for its first unit (asked of `gateway`, as the crawl did), else the selectors file's.
fn stored_layout(
    store: &Store,
    spec: &IndexSpec,
    gateway: &Url,
    period: CalendarPeriod,
    first: Option<&str>,
) -> Result<Layout> {
    let (Some(service), Some(first)) = (&spec.breakdown_service, first) else {
        return Ok(Layout::configured(spec));
    };
    let query = BreakdownQuery { period, unit_id: first.to_string(), page_index: 1 };
    let rows = stored_rows(store, gateway, breakdown_params(spec, service, &query))?;
    let breakdown = rows.map(|rows| read_breakdown(&rows)).unwrap_or_default();
    Ok(Layout::reported(spec, &breakdown).unwrap_or_else(|| Layout::configured(spec)))
}

/// The first unit of a period's stored national table (its score breakdown gives the
/// layout), read from the table's first page.
fn national_first_id(store: &Store, spec: &IndexSpec, gateway: &Url, period: CalendarPeriod) -> Result<Option<String>> {
    let params = gateway_params(spec, &GatewayQuery { period, unit_id: None, page_index: 1 });
    let rows = stored_rows(store, gateway, params)?.unwrap_or_default();
    Ok(rows.first().and_then(|r| r.get(&spec.id_field)).cloned())
}

/// The rows of the latest stored answer to the gateway query `params`, if any.
fn stored_rows(store: &Store, gateway: &Url, params: String) -> Result<Option<Vec<BTreeMap<String, String>>>> {
    let request = gateway_request(gateway, params, None);
    let key = page_key(request.url().as_str(), request.form_body().as_deref());
    let Some(page) = store.latest_page(&key)? else { return Ok(None) };
    Ok(store.page_body(page.hash)?.and_then(|b| parse_rows(&b).ok()))
}

/// The rows of one gateway query and where they came from.
struct GatewayTable {
    rows: Vec<BTreeMap<String, String>>,
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
    /// How many links the listing selector matched (a feed's entries).
    links_found: usize,
    /// Why the page gave no links (a feed that does not parse), when known.
    miss: Option<String>,
    /// Further listing pages: a sitemap index's sitemaps.
    more: Vec<Url>,
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
    let base = Url::parse(&page.final_url).unwrap_or_else(|_| requested.clone());
    // RSS/Atom feeds and sitemaps list bulletins too.
    let (links_found, found, next_page, more, miss) = if looks_like_feed(body, content_type.as_deref()) {
        match read_feed(body, content_type.as_deref(), &base, spec) {
            Ok(feed) => {
                let miss = feed.entries.is_empty().then(|| format!("feed {requested} lists no entries"));
                (feed.entries.len(), feed.bulletins, None, feed.sitemaps, miss)
            }
            Err(e) => (0, Vec::new(), None, Vec::new(), Some(format!("feed {requested}: {e}"))),
        }
    } else {
        let text = charset::decode(body, content_type.as_deref()).text;
        let listing = read_listing(&text, &base, spec);
        (listing.links_found, listing.bulletins, listing.next_page, Vec::new(), None)
    };
    let mut bulletins = Vec::with_capacity(found.len());
    // Compared with the store in the frontier's form: the same article under another
    // session token is already stored.
    for url in found.into_iter().filter(|u| source.allows(u)).filter_map(|u| normalise(&u)) {
        let stored = store.latest_page(url.as_str())?.is_some();
        bulletins.push((url, stored));
    }
    Ok(ListingLinks {
        links_found,
        miss,
        more: more.into_iter().filter(|u| source.allows(u)).collect(),
        bulletins,
        next_page: next_page.filter(|u| source.allows(u)),
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
    input: &PageInput<'_>,
    new_version: bool,
    report: &mut SourceReport,
) -> Result<()> {
    // A version just stored has not been read yet; only an unchanged one may have been.
    if !new_version && store.is_extracted(&page.url, page.hash, EXTRACTOR_VERSION)? {
        return Ok(());
    }
    match extract_bulletin(source, spec, input) {
        Ok(doc) => {
            report.selector_misses.extend(doc.selector_misses.iter().map(|m| format!("{m} on {}", page.url)));
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
            (PageRole::IndexTable { period, unit_id }, _, Some(spec)) if source.kind == SourceKind::NationalIndex => {
                // A drill-down is read under the province its unit ID stands for in the
                // national table, with that table's layout, as the crawl read it.
                let parent = match unit_id {
                    None => None,
                    Some(id) => {
                        let national = store.scores(*period, UnitLevel::Province, None)?;
                        match national.into_iter().find(|s| &s.unit_id == id).and_then(|s| s.province) {
                            Some(p) => Some(p),
                            None => {
                                report.failed += 1;
                                continue;
                            }
                        }
                    }
                };
                let gateway = Url::parse(&page.url).ok();
                let layout_for = |first: Option<&str>| match &gateway {
                    Some(g) => stored_layout(store, spec, g, *period, first),
                    None => Ok(Layout::configured(spec)),
                };
                // A drill-down's layout is its national table's, the same for every capture.
                let drill_layout = match (parent, &gateway) {
                    (Some(_), Some(g)) => Some(layout_for(national_first_id(store, spec, g, *period)?.as_deref())?),
                    (Some(_), None) => Some(Layout::configured(spec)),
                    (None, _) => None,
                };
                // Each capture is read again as it was captured.
                for version in store.fetches_of(&page.key())? {
                    let Some(bytes) = store.page_body(version.hash)? else { continue };
                    let Ok(rows) = parse_rows(&bytes) else {
                        report.failed += 1;
                        continue;
                    };
                    let provenance = Provenance {
                        url: page.url.clone(),
                        page: version.hash,
                        fetched_at: version.fetched_at,
                        extractor_version: EXTRACTOR_VERSION,
                    };
                    let ctx = TableContext { period: *period, parent, captured_at: version.fetched_at, provenance };
                    let layout = match &drill_layout {
                        Some(layout) => layout.clone(),
                        None => layout_for(rows.first().and_then(|r| r.get(&spec.id_field)).map(String::as_str))?,
                    };
                    store.put_scores(&read_scores(&rows, spec, &layout, &ctx))?;
                    report.tables += 1;
                }
            }
            _ => {}
        }
    }
    Ok(report)
}
