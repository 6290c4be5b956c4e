//! The crawl: for each source, fetch its pages (bulletin sites: listings, then bulletins;
//! the national index: the page for its cookies, then the JSON gateway), keep every page
//! in the store, read figures from it and store them. One bad page never stops a run:
//! failures go into the [`RunReport`]. I/O: network (through a [`Fetch`]), store, clock.
//! Extraction itself is synchronous and pure; no parsed document crosses an `.await`.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use url::Url;

use crate::clock::Clock;
use crate::extract::index_page::{gateway_params, parse_rows, read_scores, GatewayQuery, TableContext};
use crate::extract::listing::read_listing;
use crate::extract::{charset, extract_bulletin, PageInput};
use crate::fetch::{Fetch, FetchOutcome, Frontier, FrontierLimits, LinkKind, Push, Request, Validators};
use crate::model::{page_key, CalendarPeriod, Era, Page, PageRole, Provenance, ProvinceCode, SourceId, UnitLevel};
use crate::province::Registry;
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
