//! The crawl: for each source, fetch its pages (bulletin sites: listings, then bulletins;
//! the national index: the page for its cookies, then the JSON gateway), keep every page
//! in the store, read figures from it and store them. One bad page never stops a run:
//! failures go into the [`RunReport`]. I/O: network (through a [`Fetch`]), store, clock.
//! Extraction itself is synchronous and pure; no parsed document crosses an `.await`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use url::Url;

use crate::clock::Clock;
use crate::extract::index_layout::{
    breakdown_disagreements, breakdown_params, read_breakdown, BreakdownQuery, BreakdownRow, Layout,
};
use crate::extract::index_page::{
    gateway_params, parse_rows, periods_since, read_scores, vietnam_date, GatewayQuery, TableContext,
};
use crate::extract::listing::read_listing;
use crate::extract::{charset, extract_bulletin, PageInput};
use crate::fetch::{Fetch, FetchOutcome, Frontier, FrontierLimits, LinkKind, Push, Request, Validators};
use crate::model::{
    page_key, CalendarPeriod, Era, Flag, IndexScore, Page, PageRole, Provenance, ProvinceCode, SourceId, UnitLevel,
};
use crate::rank::boundaries::in_map;
use crate::source::{IndexSpec, SiteSpec, Source, SourceKind};
use crate::store::{PagePut, Store};
use crate::{Error, Result, EXTRACTOR_VERSION};

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

/// A page that could not be fetched or read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The URL (and query, for the gateway).
    pub url: String,
    /// Why, in words.
    pub reason: String,
}

/// What one source's crawl did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceReport {
    /// The source.
    pub source: String,
    /// When the crawl started and finished.
    pub started_at: Option<DateTime<Utc>>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Pages fetched.
    pub fetched: usize,
    /// Conditional GETs answered "not modified".
    pub not_modified: usize,
    /// Pages new or changed since the last crawl.
    pub new_versions: usize,
    /// Pages skipped because robots.txt disallows them.
    pub robots_disallowed: Vec<String>,
    /// Pages that failed.
    pub failed: Vec<Failure>,
    /// Selectors that matched nothing (the site may have changed its layout).
    pub selector_misses: Vec<String>,
    /// Bulletins read into figures.
    pub bulletins_read: usize,
    /// Figures stored that were not stored before.
    pub observations_added: usize,
    /// Index periods read.
    pub periods_read: usize,
    /// Index readings stored.
    pub scores_added: usize,
    /// Index unit names that match no province (kept, flagged).
    pub unmatched_units: Vec<String>,
}

/// What a whole run did, per source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunReport {
    /// One per source, in the order given.
    pub sources: Vec<SourceReport>,
}

impl RunReport {
    /// Whether some page failed or a selector matched nothing (exit code 2).
    #[must_use]
    pub fn has_failures(&self) -> bool {
        self.sources.iter().any(|s| !s.failed.is_empty() || !s.selector_misses.is_empty())
    }
}

/// Runs crawls against a store.
#[derive(Debug)]
pub struct Crawler<F> {
    store: Store,
    fetcher: F,
    clock: Arc<dyn Clock>,
    options: CrawlOptions,
}

impl<F: Fetch + 'static> Crawler<F> {
    /// A crawler that fetches with `fetcher` and stamps with `clock`.
    pub fn new(store: Store, fetcher: F, clock: Arc<dyn Clock>, options: CrawlOptions) -> Crawler<F> {
        Crawler { store, fetcher, clock, options }
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
        let outcome = match (&source.site, &source.index) {
            (Some(site), _) => self.crawl_site(source, site, &mut report).await,
            (None, Some(index)) => self.crawl_index(source, index, &mut report).await,
            (None, None) => Ok(()),
        };
        if let Err(e) = outcome {
            report.failed.push(Failure { url: "-".into(), reason: e.to_string() });
        }
        report.finished_at = Some(self.clock.now());
        if let Err(e) = self.store.put_run(&source.id.0, self.clock.now(), &report) {
            report.failed.push(Failure { url: "-".into(), reason: e.to_string() });
        }
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
                report.failed.push(Failure { url: key, reason: e.to_string() });
                Ok(None)
            }
        }
    }

    async fn crawl_site(&self, source: &Source, spec: &SiteSpec, report: &mut SourceReport) -> Result<()> {
        let limits = FrontierLimits {
            max_depth: u32::try_from(source.crawl.max_depth).unwrap_or(u32::MAX),
            max_pages: self.options.max_pages.unwrap_or(source.crawl.max_pages),
        };
        let mut frontier: Frontier = match self.store.load_frontier::<Frontier>(&source.id.0)? {
            Some(mut saved) => {
                saved.resume();
                saved
            }
            None => {
                let mut f = Frontier::new(limits);
                for url in &source.start_urls {
                    f.push(url.clone(), 0, LinkKind::Seed);
                }
                f
            }
        };
        while let Some(entry) = frontier.pop() {
            let validators = self.store.latest_page(entry.url.as_str())?.as_ref().and_then(Validators::of);
            let request = Request::Get { url: entry.url.clone(), validators };
            let role = if entry.kind == LinkKind::Bulletin { PageRole::Bulletin } else { PageRole::Listing };
            if let Some((body, content_type, page, changed)) =
                self.fetch_and_keep(source, &request, role, report).await?
            {
                match entry.kind {
                    LinkKind::Bulletin => {
                        self.read_bulletin(source, spec, &page, &body, content_type.as_deref(), report)?
                    }
                    _ => {
                        let text = charset::decode(&body, content_type.as_deref()).text;
                        let base = Url::parse(&page.final_url).unwrap_or_else(|_| entry.url.clone());
                        let listing = read_listing(&text, &base, spec);
                        if listing.links_found == 0 {
                            report
                                .selector_misses
                                .push(format!("listing.links `{}` matched nothing on {}", spec.links.css, entry.url));
                        }
                        let mut seen_all = !listing.bulletins.is_empty() && !changed;
                        for url in listing.bulletins.into_iter().filter(|u| source.allows(u)) {
                            seen_all &= self.store.latest_page(url.as_str())?.is_some();
                            frontier.push(url, entry.depth, LinkKind::Bulletin);
                        }
                        // An unchanged listing whose bulletins are all stored: older pages
                        // hold nothing new (unless asked to look again).
                        if let Some(next) = listing.next_page.filter(|u| source.allows(u)) {
                            if (!seen_all || self.options.refresh)
                                && frontier.push(next, entry.depth + 1, LinkKind::Listing) == Push::TooDeep
                            {
                                tracing::debug!(source = %source.id, "listing depth limit reached");
                            }
                        }
                    }
                }
            }
            frontier.done(&entry.url);
            self.store.save_frontier(&source.id.0, &frontier)?;
        }
        self.store.clear_frontier(&source.id.0)?;
        Ok(())
    }

    fn read_bulletin(
        &self,
        source: &Source,
        spec: &SiteSpec,
        page: &Page,
        body: &[u8],
        content_type: Option<&str>,
        report: &mut SourceReport,
    ) -> Result<()> {
        if self.store.is_extracted(&page.url, page.hash, EXTRACTOR_VERSION)? {
            return Ok(());
        }
        let input = PageInput { body, url: &page.url, content_type, fetched_at: page.fetched_at };
        match extract_bulletin(source, spec, &input) {
            Ok(doc) => {
                let all: Vec<_> = doc.observations.into_iter().chain(doc.set_aside).collect();
                report.observations_added += self.store.replace_observations(&page.url, &all)?;
                report.bulletins_read += 1;
                self.store.mark_extracted(&page.url, page.hash, EXTRACTOR_VERSION)?;
            }
            Err(e) => report.selector_misses.push(format!("{e} on {}", page.url)),
        }
        Ok(())
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
    gateway: &str,
    period: CalendarPeriod,
    rows: &[BTreeMap<String, String>],
) -> Result<Layout> {
    let first = rows.first().and_then(|r| r.get(&spec.id_field));
    let (Some(service), Some(first), Ok(gateway)) = (&spec.breakdown_service, first, Url::parse(gateway)) else {
        return Ok(Layout::configured(spec));
    };
    let query = BreakdownQuery { period, unit_id: first.clone(), page_index: 1 };
    let params = breakdown_params(spec, service, &query);
    let request = gateway_request(&gateway, params, None);
    let key = page_key(request.url().as_str(), request.form_body().as_deref());
    let body = match store.latest_page(&key)? {
        Some(page) => store.page_body(page.hash)?,
        None => None,
    };
    let breakdown = body.and_then(|b| parse_rows(&b).ok()).map(|rows| read_breakdown(&rows)).unwrap_or_default();
    Ok(Layout::reported(spec, &breakdown).unwrap_or_else(|| Layout::configured(spec)))
}

/// The rows of one gateway query and where they came from.
struct GatewayTable {
    rows: Vec<BTreeMap<String, String>>,
    captured_at: DateTime<Utc>,
    /// Set once the first page arrived.
    provenance: Option<Provenance>,
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
                    let layout = stored_layout(store, spec, &page.url, *period, &rows)?;
                    store.put_scores(&read_scores(&rows, spec, &layout, &ctx))?;
                    report.tables += 1;
                }
            }
            _ => {}
        }
    }
    Ok(report)
}
