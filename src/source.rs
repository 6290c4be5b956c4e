//! Sources: `selectors/<name>.toml` files, read into a raw form (serde, unknown keys
//! rejected) and compiled into a [`Source`] whose selectors, patterns, hosts, province
//! and schedule are all checked before any work starts. Errors name the file, the key and
//! the problem. Reading the directory is I/O; [`compile`] is pure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use regex::Regex;
use scraper::Selector;
use serde::Deserialize;
use url::Url;

use crate::fetch::HostRules;
use crate::model::{CalendarPeriod, Era, IndexGroup, ProvinceCode, SourceId};
use crate::province::Registry;
use crate::schedule::Schedule;
use crate::{Error, Result};

pub use crate::fetch::{DEFAULT_DELAY, DEFAULT_PER_HOST, DEFAULT_TIMEOUT};

/// The selectors-file format this version reads.
pub const FORMAT: u32 = 1;
/// Default most pages fetched from one source in one crawl.
pub const DEFAULT_MAX_PAGES: usize = 300;
/// Default most listing pages followed through "next page" links.
pub const DEFAULT_MAX_DEPTH: usize = 5;

/// What a source gets for the `[crawl]` keys it leaves out, where `dvcrank.toml` may
/// say otherwise than the built-in defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrawlDefaults {
    /// Delay between the starts of two requests to one host.
    pub delay: Duration,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Time allowed for one request.
    pub timeout: Duration,
}

impl Default for CrawlDefaults {
    fn default() -> CrawlDefaults {
        CrawlDefaults { delay: DEFAULT_DELAY, per_host: DEFAULT_PER_HOST, timeout: DEFAULT_TIMEOUT }
    }
}

/// What a source publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A provincial government portal.
    ProvincialPortal,
    /// A newspaper.
    NewsSite,
    /// The national index on dichvucong.gov.vn.
    NationalIndex,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    format: u32,
    name: String,
    kind: SourceKind,
    family: Option<String>,
    province: Option<String>,
    allowed_hosts: Vec<String>,
    start_urls: Vec<String>,
    #[serde(default)]
    crawl: RawCrawl,
    schedule: Option<RawSchedule>,
    listing: Option<RawListing>,
    article: Option<RawArticle>,
    index: Option<RawIndex>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrawl {
    #[serde(default, with = "humantime_serde")]
    delay: Option<Duration>,
    max_pages: Option<usize>,
    max_depth: Option<usize>,
    #[serde(default, with = "humantime_serde")]
    timeout: Option<Duration>,
    per_host: Option<usize>,
    allow_private: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    #[serde(default, with = "humantime_serde")]
    every: Option<Duration>,
    cron: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListing {
    links: String,
    next_page: Option<String>,
    include_title: Option<String>,
    include_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    title: String,
    date: Option<String>,
    body: String,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    gateway: String,
    service: String,
    page_size: u32,
    since: String,
    breakdown_service: Option<String>,
    fields: RawIndexFields,
    groups: BTreeMap<String, String>,
    #[serde(default)]
    maxima: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndexFields {
    id: String,
    name: String,
    rank: String,
    total: String,
    level: String,
}

/// Politeness and budget for one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlSettings {
    /// Delay between two requests to one host.
    pub delay: Duration,
    /// Most pages in one crawl.
    pub max_pages: usize,
    /// Most listing pages followed.
    pub max_depth: usize,
    /// Time allowed for one request.
    pub timeout: Duration,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Whether the source's hosts may be on loopback or private addresses (local
    /// mirrors and test servers); public sites leave it off.
    pub allow_private: bool,
}

/// A compiled selector, with the text it came from for messages.
#[derive(Debug, Clone)]
pub struct Sel {
    /// The CSS text.
    pub css: String,
    /// The compiled selector.
    pub selector: Selector,
}

/// Where bulletins are on a site's pages.
#[derive(Debug, Clone)]
pub struct SiteSpec {
    /// Links on listing pages that may be bulletins.
    pub links: Sel,
    /// The link to the next listing page.
    pub next_page: Option<Sel>,
    /// A bulletin link's text must match this.
    pub include_title: Option<Regex>,
    /// A bulletin link's URL must match this.
    pub include_url: Option<Regex>,
    /// The article's title.
    pub title: Sel,
    /// The element holding the publication date.
    pub date: Option<Sel>,
    /// The article's body.
    pub body: Sel,
    /// Elements removed from the body (related links, captions, scripts).
    pub exclude: Vec<Sel>,
}

/// How to read the national index's JSON gateway.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSpec {
    /// The `rest.jsp` URL.
    pub gateway: Url,
    /// The ranking service name.
    pub service: String,
    /// Rows per page asked for.
    pub page_size: u32,
    /// The first period fetched by default.
    pub since: CalendarPeriod,
    /// Field holding the unit ID.
    pub id_field: String,
    /// Field holding the unit name.
    pub name_field: String,
    /// Field holding the rank.
    pub rank_field: String,
    /// Field holding the total.
    pub total_field: String,
    /// Field holding the drill-down level.
    pub level_field: String,
    /// Field holding each group's score.
    pub groups: BTreeMap<IndexGroup, String>,
    /// The service that gives one unit's group breakdown with each group's maximum
    /// (`report_xuhuongdiem_chiso_service`); `None`: not asked.
    pub breakdown_service: Option<String>,
    /// Each group's maximum when the breakdown service does not say (every group has one).
    pub maxima: BTreeMap<IndexGroup, f64>,
}

/// One site, checked and ready.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file stem.
    pub id: SourceId,
    /// The file it was read from.
    pub path: PathBuf,
    /// A human name.
    pub name: String,
    /// What it publishes.
    pub kind: SourceKind,
    /// The CMS family.
    pub family: Option<String>,
    /// The province its bulletins are about by default (pre-2025 code when it existed then).
    pub province: Option<ProvinceCode>,
    /// Hosts it may fetch from (`host` or `host:port`, lower case).
    pub allowed_hosts: Vec<String>,
    /// Where crawls start.
    pub start_urls: Vec<Url>,
    /// Politeness and budget.
    pub crawl: CrawlSettings,
    /// When `dvcrank schedule` crawls it (`None`: the configuration's default).
    pub schedule: Option<Schedule>,
    /// Article and listing selectors (bulletin sources).
    pub site: Option<SiteSpec>,
    /// Gateway settings (the national index).
    pub index: Option<IndexSpec>,
}

impl Source {
    /// The default province for a bulletin dated `on`: after the 2025 merger a
    /// pre-2025 province's bulletins are about the province it became part of.
    #[must_use]
    pub fn province_on(&self, on: Option<NaiveDate>) -> Option<ProvinceCode> {
        let code = self.province?;
        match on.map(Era::on) {
            Some(Era::Post2025) => Registry::builtin().successor(code),
            _ => Some(code),
        }
    }

    /// The same source pointed at other hosts (the demo's loopback mirror): every URL on
    /// a mapped host is rewritten to `http://` + the mapped `host:port`.
    #[must_use]
    pub fn rebased(&self, hosts: &BTreeMap<String, String>) -> Source {
        let map_url = |u: &Url| -> Url {
            match u.host_str().and_then(|h| hosts.get(h)) {
                Some(to) => {
                    let rest = &u[url::Position::BeforePath..];
                    Url::parse(&format!("http://{to}{rest}")).unwrap_or_else(|_| u.clone())
                }
                None => u.clone(),
            }
        };
        let mut s = self.clone();
        s.start_urls = s.start_urls.iter().map(map_url).collect();
        s.allowed_hosts = s.allowed_hosts.iter().map(|h| hosts.get(h).cloned().unwrap_or_else(|| h.clone())).collect();
        s.allowed_hosts.dedup();
        if let Some(index) = &mut s.index {
            index.gateway = map_url(&index.gateway);
        }
        s
    }

    /// The fetcher's rules for this source: its hosts, its pace and whether private
    /// addresses are allowed.
    #[must_use]
    pub fn host_rules(&self) -> HostRules {
        HostRules {
            allowed_hosts: self.allowed_hosts.clone(),
            delay: self.crawl.delay,
            per_host: self.crawl.per_host,
            timeout: Some(self.crawl.timeout),
            allow_private: self.crawl.allow_private,
        }
    }

    /// Whether a URL is on one of the source's hosts.
    #[must_use]
    pub fn allows(&self, url: &Url) -> bool {
        self.host_rules().allows(url)
    }
}

/// The source whose hosts serve `url` (a saved page's publisher).
#[must_use]
pub fn for_url<'a>(sources: &'a [Source], url: &Url) -> Option<&'a Source> {
    sources.iter().find(|s| s.allows(url))
}

/// Reads and compiles every `*.toml` in `dir`, sorted by name, with the built-in
/// defaults.
///
/// # Errors
/// The first file that cannot be read or compiled, naming it.
pub fn load_dir(dir: &Path) -> Result<Vec<Source>> {
    load_dir_with(dir, &CrawlDefaults::default())
}

/// Reads and compiles every `*.toml` in `dir`, sorted by name; `defaults` fill the
/// `[crawl]` keys a file leaves out.
///
/// # Errors
/// The first file that cannot be read or compiled, naming it.
pub fn load_dir_with(dir: &Path, defaults: &CrawlDefaults) -> Result<Vec<Source>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
            compile_with(p, &text, defaults)
        })
        .collect()
}

/// Reads and compiles one selectors file.
///
/// # Errors
/// [`Error::Io`] or [`Error::Config`] naming the file and key.
pub fn load_file(path: &Path) -> Result<Source> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    compile(path, &text)
}

fn config_error(path: &Path, key: &str, message: impl Into<String>) -> Error {
    Error::Config { path: path.to_path_buf(), key: key.to_string(), message: message.into() }
}

fn selector(path: &Path, key: &str, css: &str) -> Result<Sel> {
    Selector::parse(css)
        .map(|selector| Sel { css: css.to_string(), selector })
        .map_err(|e| config_error(path, key, format!("`{css}` is not a valid CSS selector: {e}")))
}

fn pattern(path: &Path, key: &str, re: &str) -> Result<Regex> {
    Regex::new(re).map_err(|e| config_error(path, key, format!("`{re}` is not a valid regular expression: {e}")))
}

/// Compiles the text of a selectors file with the built-in defaults. `path` names the
/// file in errors; its stem is the source's id.
///
/// # Errors
/// [`Error::Config`] naming the file, the key and what is wrong.
pub fn compile(path: &Path, text: &str) -> Result<Source> {
    compile_with(path, text, &CrawlDefaults::default())
}

/// Compiles the text of a selectors file; `defaults` fill the `[crawl]` keys it leaves
/// out.
///
/// # Errors
/// [`Error::Config`] naming the file, the key and what is wrong.
pub fn compile_with(path: &Path, text: &str, defaults: &CrawlDefaults) -> Result<Source> {
    let raw: RawSource = toml::from_str(text).map_err(|e| {
        let key = e.span().map_or_else(|| "-".to_string(), |s| format!("at byte {}", s.start));
        config_error(path, &key, e.message().to_string())
    })?;
    if raw.format != FORMAT {
        return Err(config_error(
            path,
            "format",
            format!("format {} is not supported; this dvcrank reads format {FORMAT}", raw.format),
        ));
    }
    let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(config_error(
            path,
            "-",
            "the file name must be ASCII letters, digits, '-' or '_' (it is the source's id)",
        ));
    }
    let province = match &raw.province {
        Some(name) => {
            let codes = Registry::builtin().resolve(name).map_err(|e| config_error(path, "province", e.message))?;
            codes.iter().find(|c| c.era == Era::Pre2025).or(codes.first()).copied()
        }
        None => None,
    };
    if raw.allowed_hosts.is_empty() {
        return Err(config_error(path, "allowed_hosts", "list at least one host"));
    }
    let allowed_hosts: Vec<String> = raw.allowed_hosts.iter().map(|h| h.trim().to_lowercase()).collect();
    if raw.start_urls.is_empty() {
        return Err(config_error(path, "start_urls", "list at least one URL"));
    }
    let mut start_urls = Vec::new();
    for u in &raw.start_urls {
        let url = Url::parse(u).map_err(|e| config_error(path, "start_urls", format!("`{u}` is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(config_error(path, "start_urls", format!("`{u}`: only http and https are crawled")));
        }
        if !HostRules::new(allowed_hosts.clone()).allows(&url) {
            return Err(config_error(
                path,
                "start_urls",
                format!("`{u}` is on a host not in allowed_hosts {allowed_hosts:?}"),
            ));
        }
        start_urls.push(url);
    }
    if raw.crawl.per_host == Some(0) {
        return Err(config_error(path, "crawl.per_host", "must be at least 1"));
    }
    if raw.crawl.timeout.is_some_and(|t| t.is_zero()) {
        return Err(config_error(path, "crawl.timeout", "must be longer than 0s"));
    }
    let crawl = CrawlSettings {
        delay: raw.crawl.delay.unwrap_or(defaults.delay),
        max_pages: raw.crawl.max_pages.unwrap_or(DEFAULT_MAX_PAGES),
        max_depth: raw.crawl.max_depth.unwrap_or(DEFAULT_MAX_DEPTH),
        timeout: raw.crawl.timeout.unwrap_or(defaults.timeout),
        per_host: raw.crawl.per_host.unwrap_or(defaults.per_host),
        allow_private: raw.crawl.allow_private.unwrap_or(false),
    };
    let schedule = match raw.schedule {
        None => None,
        Some(RawSchedule { every: Some(_), cron: Some(_) }) => {
            return Err(config_error(path, "schedule", "give `every` or `cron`, not both"))
        }
        Some(RawSchedule { every: Some(every), cron: None }) => {
            Some(Schedule::every(every).map_err(|m| config_error(path, "schedule.every", m))?)
        }
        Some(RawSchedule { every: None, cron: Some(cron) }) => {
            Some(Schedule::cron(&cron).map_err(|m| config_error(path, "schedule.cron", m))?)
        }
        Some(RawSchedule { every: None, cron: None }) => {
            return Err(config_error(path, "schedule", "give `every = \"1d\"` or `cron = \"0 6 * * *\"`"))
        }
    };
    let site = match (raw.kind, raw.listing, raw.article) {
        (SourceKind::NationalIndex, _, _) => None,
        (_, Some(listing), Some(article)) => Some(SiteSpec {
            links: selector(path, "listing.links", &listing.links)?,
            next_page: listing.next_page.as_deref().map(|s| selector(path, "listing.next_page", s)).transpose()?,
            include_title: listing
                .include_title
                .as_deref()
                .map(|s| pattern(path, "listing.include_title", s))
                .transpose()?,
            include_url: listing.include_url.as_deref().map(|s| pattern(path, "listing.include_url", s)).transpose()?,
            title: selector(path, "article.title", &article.title)?,
            date: article.date.as_deref().map(|s| selector(path, "article.date", s)).transpose()?,
            body: selector(path, "article.body", &article.body)?,
            exclude: article.exclude.iter().map(|s| selector(path, "article.exclude", s)).collect::<Result<_>>()?,
        }),
        (_, None, _) => return Err(config_error(path, "listing", "a bulletin source needs a [listing] table")),
        (_, _, None) => return Err(config_error(path, "article", "a bulletin source needs an [article] table")),
    };
    let index = match (raw.kind, raw.index) {
        (SourceKind::NationalIndex, Some(ix)) => Some(compile_index(path, ix, &allowed_hosts)?),
        (SourceKind::NationalIndex, None) => {
            return Err(config_error(path, "index", "a national_index source needs an [index] table"))
        }
        (_, Some(_)) => return Err(config_error(path, "index", "only a national_index source has an [index] table")),
        (_, None) => None,
    };
    Ok(Source {
        id: SourceId(id),
        path: path.to_path_buf(),
        name: raw.name,
        kind: raw.kind,
        family: raw.family,
        province,
        allowed_hosts,
        start_urls,
        crawl,
        schedule,
        site,
        index,
    })
}

fn compile_index(path: &Path, ix: RawIndex, hosts: &[String]) -> Result<IndexSpec> {
    let gateway = Url::parse(&ix.gateway)
        .map_err(|e| config_error(path, "index.gateway", format!("`{}` is not a URL: {e}", ix.gateway)))?;
    if !HostRules::new(hosts.to_vec()).allows(&gateway) {
        return Err(config_error(path, "index.gateway", "the gateway's host is not in allowed_hosts"));
    }
    let since: CalendarPeriod = ix.since.parse().map_err(|e: String| config_error(path, "index.since", e))?;
    if ix.page_size == 0 {
        return Err(config_error(path, "index.page_size", "must be at least 1"));
    }
    let mut groups = BTreeMap::new();
    for (code, field) in ix.groups {
        let group: IndexGroup =
            code.parse().map_err(|e: String| config_error(path, &format!("index.groups.{code}"), e))?;
        groups.insert(group, field);
    }
    let mut maxima: BTreeMap<IndexGroup, f64> = IndexGroup::ALL.iter().map(|g| (*g, g.max_points())).collect();
    for (code, max) in ix.maxima {
        let key = format!("index.maxima.{code}");
        let group: IndexGroup = code.parse().map_err(|e: String| config_error(path, &key, e))?;
        if !(max > 0.0 && max <= 100.0) {
            return Err(config_error(path, &key, format!("{max} is not a maximum between 0 and 100 points")));
        }
        maxima.insert(group, max);
    }
    Ok(IndexSpec {
        gateway,
        service: ix.service,
        page_size: ix.page_size,
        since,
        id_field: ix.fields.id,
        name_field: ix.fields.name,
        rank_field: ix.fields.rank,
        total_field: ix.fields.total,
        level_field: ix.fields.level,
        groups,
        breakdown_service: ix.breakdown_service.filter(|s| !s.trim().is_empty()),
        maxima,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
format = 1
name = "Báo Ví Dụ"
kind = "news_site"
province = "Bến Tre"
allowed_hosts = ["example.vn"]
start_urls = ["https://example.vn/tin"]
[crawl]
delay = "500ms"
[listing]
links = "h3 a"
next_page = "a[rel=next]"
include_title = "(?i)hồ sơ"
[article]
title = "h1"
body = "div.content"
"#;

    fn compile_str(text: &str) -> Result<Source> {
        compile(Path::new("selectors/example.toml"), text)
    }

    #[test]
    fn good_file_compiles() {
        let s = compile_str(GOOD).expect("compiles");
        assert_eq!(s.id.0, "example");
        assert_eq!(s.crawl.delay, Duration::from_millis(500));
        assert_eq!(s.crawl.max_pages, DEFAULT_MAX_PAGES);
        assert_eq!(s.province.map(|c| c.to_string()).as_deref(), Some("63:83"));
        let after = NaiveDate::from_ymd_opt(2025, 8, 1);
        assert_eq!(s.province_on(after).map(|c| c.to_string()).as_deref(), Some("34:86"));
    }

    fn error_of(text: &str) -> String {
        compile_str(text).expect_err("should fail").to_string()
    }

    #[test]
    fn errors_name_file_key_and_problem() {
        let bad_css = GOOD.replace("links = \"h3 a\"", "links = \"h3 >> a\"");
        let e = error_of(&bad_css);
        assert!(e.contains("selectors/example.toml") && e.contains("listing.links") && e.contains("h3 >> a"), "{e}");
        let e = error_of(&GOOD.replace("province = \"Bến Tre\"", "province = \"Ben Tree\""));
        assert!(e.contains("province") && e.contains("Bến Tre"), "{e}");
        let e = error_of(&GOOD.replace("[crawl]", "colour = \"red\"\n[crawl]"));
        assert!(e.contains("colour"), "{e}");
        let e = error_of(&GOOD.replace("https://example.vn/tin", "https://other.vn/tin"));
        assert!(e.contains("start_urls") && e.contains("allowed_hosts"), "{e}");
        let e = error_of(&GOOD.replace("include_title = \"(?i)hồ sơ\"", "include_title = \"(hồ sơ\""));
        assert!(e.contains("listing.include_title"), "{e}");
        let e = error_of(&GOOD.replace("format = 1", "format = 9"));
        assert!(e.contains("format 9"), "{e}");
        let e = error_of(&format!("{GOOD}[schedule]\ncron = \"at dawn\"\n"));
        assert!(e.contains("schedule.cron") && e.contains("at dawn"), "{e}");
        let e = error_of(&format!("{GOOD}[schedule]\nevery = \"1d\"\ncron = \"0 6 * * *\"\n"));
        assert!(e.contains("not both"), "{e}");
        let e = error_of(&GOOD.replace("delay = \"500ms\"", "per_host = 0"));
        assert!(e.contains("crawl.per_host"), "{e}");
    }

    #[test]
    fn schedule_politeness_and_defaults() {
        let s = compile_str(&format!("{GOOD}[schedule]\nevery = \"12h\"\n")).expect("compiles");
        assert_eq!(s.schedule, Some(Schedule::Every(Duration::from_secs(12 * 3600))));
        assert_eq!((s.crawl.per_host, s.crawl.allow_private), (DEFAULT_PER_HOST, false));
        let defaults = CrawlDefaults { delay: Duration::from_secs(3), per_host: 2, timeout: Duration::from_secs(9) };
        let text = GOOD.replace("delay = \"500ms\"", "allow_private = true");
        let s = compile_with(Path::new("selectors/example.toml"), &text, &defaults).expect("compiles");
        assert_eq!((s.crawl.delay, s.crawl.per_host, s.crawl.allow_private), (Duration::from_secs(3), 2, true));
        assert_eq!(s.crawl.timeout, Duration::from_secs(9));
        assert_eq!(s.schedule, None);
        let rules = s.host_rules();
        assert_eq!((rules.per_host, rules.allow_private), (2, true));
    }

    #[test]
    fn rebasing_points_at_the_mirror() {
        let s = compile_str(GOOD).expect("compiles");
        let hosts = BTreeMap::from([("example.vn".to_string(), "127.0.0.1:4000".to_string())]);
        let r = s.rebased(&hosts);
        assert_eq!(r.start_urls[0].as_str(), "http://127.0.0.1:4000/tin");
        assert!(r.allows(&r.start_urls[0]));
    }
}
