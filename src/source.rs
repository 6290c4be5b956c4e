//! Sources: `selectors/<name>.toml` files, read into a raw form (serde, unknown keys
//! rejected) and compiled into a [`Source`] whose selectors, patterns, feeds, hosts,
//! province and schedule are all checked before any work starts. Errors name the file, the key and
//! the problem. A site file may name a `family` (`selectors/families/<family>.toml`,
//! see [`family`]): the family's keys are its defaults. Reading the directory is I/O;
//! [`compile`] and [`compile_in`] are pure.

pub mod family;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use scraper::Selector;
use serde::Deserialize;
use url::Url;

use crate::fetch::HostRules;
use crate::model::{CalendarPeriod, Era, IndexGroup, ProvinceCode, SourceId};
use crate::province::Registry;
use crate::schedule::Schedule;
use crate::{Error, Result};

pub use self::family::{Families, Lineage, FAMILIES_DIR};
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
    #[serde(default)]
    feeds: Vec<String>,
    #[serde(default)]
    sitemaps: Vec<String>,
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
    /// `include_title` without diacritics and case, for entries known only by their URL
    /// (a sitemap's): matched against the URL's words (`tiep-nhan-ho-so` → "tiep nhan ho so").
    pub include_slug: Option<Regex>,
    /// RSS or Atom feeds that list bulletins, read with [`crate::extract::feed::read_feed`].
    pub feeds: Vec<Url>,
    /// Sitemaps or sitemap indexes, read the same way.
    pub sitemaps: Vec<Url>,
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
        if let Some(site) = &mut s.site {
            site.feeds = site.feeds.iter().map(map_url).collect();
            site.sitemaps = site.sitemaps.iter().map(map_url).collect();
        }
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

/// The province of the source that serves `url` (a saved text's `URL:` line), if any.
#[must_use]
pub fn publisher_province(sources: &[Source], url: &str) -> Option<ProvinceCode> {
    for_url(sources, &Url::parse(url).ok()?).and_then(|s| s.province)
}

/// Reads and compiles every `*.toml` in `dir`, sorted by name, with the families of
/// `dir/families/` (which are not sources themselves).
///
/// # Errors
/// The first file that cannot be read or compiled, naming it.
pub fn load_dir(dir: &Path) -> Result<Vec<Source>> {
    load_dir_with(dir, &CrawlDefaults::default())
}

/// Reads and compiles every `*.toml` in `dir` as [`load_dir`] does; `defaults` fill the
/// `[crawl]` keys a file (and its family) leaves out.
///
/// # Errors
/// The first file that cannot be read or compiled, naming it.
pub fn load_dir_with(dir: &Path, defaults: &CrawlDefaults) -> Result<Vec<Source>> {
    let families = Families::load(&dir.join(FAMILIES_DIR))?;
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| load_file_in(p, &families, defaults)).collect()
}

/// Reads and compiles one selectors file, with the families of the `families/` folder
/// beside it.
///
/// # Errors
/// [`Error::Io`] or [`Error::Config`] naming the file and key.
pub fn load_file(path: &Path) -> Result<Source> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    load_file_in(path, &Families::load(&dir.join(FAMILIES_DIR))?, &CrawlDefaults::default())
}

fn load_file_in(path: &Path, families: &Families, defaults: &CrawlDefaults) -> Result<Source> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    compile_in(path, &text, families, defaults)
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

/// Compiles the text of a selectors file on its own: a `family` it names is only a
/// label. `path` names the file in errors; its stem is the source's id.
///
/// # Errors
/// [`Error::Config`] naming the file, the key and what is wrong.
pub fn compile(path: &Path, text: &str) -> Result<Source> {
    compile_in(path, text, &Families::default(), &CrawlDefaults::default())
}

/// Compiles the text of a selectors file, its `family` (if it names one with a file in
/// `families`) supplying every key the site leaves out, table by table. A family with
/// no file is only a label, as format 1 always allowed. `defaults` fill the `[crawl]`
/// keys neither says (from `dvcrank.toml`, else built in).
///
/// # Errors
/// [`Error::Config`] naming the file the bad key is in (the site's or its family's),
/// the key and what is wrong.
pub fn compile_in(path: &Path, text: &str, families: &Families, defaults: &CrawlDefaults) -> Result<Source> {
    let site = family::parse_table(path, text)?;
    match families.of(path, &site)? {
        Lineage::Inherits(fam) => {
            compile_table(path, family::merge(&fam.table, &site), defaults).map_err(|e| fam.attribute(e, path, &site))
        }
        Lineage::LabelOnly(name) => compile_table(path, site, defaults).map_err(|e| families.note_missing(e, &name)),
        Lineage::Standalone => compile_table(path, site, defaults),
    }
}

fn compile_table(path: &Path, table: toml::Table, defaults: &CrawlDefaults) -> Result<Source> {
    let raw: RawSource = serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
        let key = e.path().to_string();
        config_error(path, if key == "." { "-" } else { &key }, e.inner().message())
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
    let start_urls = raw
        .start_urls
        .iter()
        .map(|u| crawl_url(path, "start_urls", u, None, &allowed_hosts))
        .collect::<Result<Vec<Url>>>()?;
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
    let schedule = raw.schedule.map(|r| compile_schedule(path, r)).transpose()?;
    let site = match (raw.kind, raw.listing, raw.article) {
        (SourceKind::NationalIndex, _, _) => None,
        (_, Some(listing), Some(article)) => {
            Some(compile_site(path, listing, article, start_urls.first(), &allowed_hosts)?)
        }
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

/// A URL the crawl may fetch: absolute, or relative to `base` (a family's
/// `/sitemap.xml` is each site's own); http(s) and on an allowed host.
fn crawl_url(path: &Path, key: &str, u: &str, base: Option<&Url>, hosts: &[String]) -> Result<Url> {
    let url = match base {
        Some(base) => base.join(u),
        None => Url::parse(u),
    }
    .map_err(|e| config_error(path, key, format!("`{u}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(config_error(path, key, format!("`{u}`: only http and https are crawled")));
    }
    if !HostRules::new(hosts.to_vec()).allows(&url) {
        return Err(config_error(path, key, format!("`{url}` is on a host not in allowed_hosts {hosts:?}")));
    }
    Ok(url)
}

fn compile_site(
    path: &Path,
    listing: RawListing,
    article: RawArticle,
    start: Option<&Url>,
    hosts: &[String],
) -> Result<SiteSpec> {
    let include_title =
        listing.include_title.as_deref().map(|s| pattern(path, "listing.include_title", s)).transpose()?;
    let include_slug = listing
        .include_title
        .as_deref()
        .map(|s| {
            RegexBuilder::new(&without_marks(s))
                .case_insensitive(true)
                .build()
                .map_err(|e| config_error(path, "listing.include_title", format!("without diacritics: {e}")))
        })
        .transpose()?;
    let urls = |key: &str, list: &[String]| -> Result<Vec<Url>> {
        list.iter().map(|u| crawl_url(path, key, u, start, hosts)).collect()
    };
    Ok(SiteSpec {
        links: selector(path, "listing.links", &listing.links)?,
        next_page: listing.next_page.as_deref().map(|s| selector(path, "listing.next_page", s)).transpose()?,
        include_title,
        include_url: listing.include_url.as_deref().map(|s| pattern(path, "listing.include_url", s)).transpose()?,
        include_slug,
        feeds: urls("listing.feeds", &listing.feeds)?,
        sitemaps: urls("listing.sitemaps", &listing.sitemaps)?,
        title: selector(path, "article.title", &article.title)?,
        date: article.date.as_deref().map(|s| selector(path, "article.date", s)).transpose()?,
        body: selector(path, "article.body", &article.body)?,
        exclude: article.exclude.iter().map(|s| selector(path, "article.exclude", s)).collect::<Result<_>>()?,
    })
}

/// `s` without its diacritics (`đ` → `d`), case kept: unlike [`crate::text::fold`] it
/// must not lower-case a pattern, where `\S` and `\s` differ.
fn without_marks(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

fn compile_schedule(path: &Path, raw: RawSchedule) -> Result<Schedule> {
    match raw {
        RawSchedule { every: Some(_), cron: Some(_) } => {
            Err(config_error(path, "schedule", "give `every` or `cron`, not both"))
        }
        RawSchedule { every: Some(every), cron: None } => {
            Schedule::every(every).map_err(|m| config_error(path, "schedule.every", m))
        }
        RawSchedule { every: None, cron: Some(cron) } => {
            Schedule::cron(&cron).map_err(|m| config_error(path, "schedule.cron", m))
        }
        RawSchedule { every: None, cron: None } => {
            Err(config_error(path, "schedule", "give `every = \"1d\"` or `cron = \"0 6 * * *\"`"))
        }
    }
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

    /// Compiles with the built-in crawl defaults.
    fn compile_in(path: &Path, text: &str, families: &Families) -> Result<Source> {
        super::compile_in(path, text, families, &CrawlDefaults::default())
    }

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
    }

    const FAMILY: &str = r#"
format = 1
kind = "provincial_portal"
[schedule]
cron = "0 6 * * *"
[listing]
links = "div.list a"
include_title = "(?i)hồ sơ|TTHC"
sitemaps = ["/sitemap.xml"]
[article]
title = "h1.title"
body = "div.body"
"#;

    fn families() -> Families {
        let mut f = Families::default();
        f.add(Path::new("selectors/families/portal.toml"), FAMILY).expect("family");
        f
    }

    const SITE: &str = r#"
format = 1
name = "Cổng thông tin điện tử tỉnh Ví Dụ"
family = "portal"
province = "Lạng Sơn"
allowed_hosts = ["vidu.gov.vn"]
start_urls = ["https://vidu.gov.vn/tin-tuc"]
[listing]
links = "ul.news a"
"#;

    #[test]
    fn a_family_s_keys_are_its_sites_defaults() {
        let s = compile_in(Path::new("selectors/vidu.toml"), SITE, &families()).expect("compiles");
        assert_eq!(s.kind, SourceKind::ProvincialPortal);
        assert_eq!(s.family.as_deref(), Some("portal"));
        assert_eq!(s.schedule.map(|s| s.to_string()).as_deref(), Some("cron \"0 6 * * *\" (UTC+7)"));
        let site = s.site.expect("site");
        assert_eq!(site.links.css, "ul.news a");
        assert_eq!(site.title.css, "h1.title");
        assert_eq!(site.sitemaps[0].as_str(), "https://vidu.gov.vn/sitemap.xml");
        assert!(site.include_slug.expect("slug").is_match("tiep nhan ho so"));
    }

    #[test]
    fn errors_in_a_family_name_the_family_file_and_the_site() {
        let e = compile_in(Path::new("selectors/vidu.toml"), &SITE.replace("portal\"", "portel\""), &families())
            .expect_err("a misspelt family supplies nothing")
            .to_string();
        assert!(e.contains("selectors/vidu.toml") && e.contains("`portel` has no file"), "{e}");
        assert!(e.contains("did you mean `portal`"), "{e}");
        let mut bad = Families::default();
        bad.add(Path::new("selectors/families/portal.toml"), &FAMILY.replace("h1.title", "h1..title"))
            .expect("parsed; checked when used");
        let e = compile_in(Path::new("selectors/vidu.toml"), SITE, &bad).expect_err("bad css").to_string();
        assert!(e.contains("families/portal.toml: article.title") && e.contains("selectors/vidu.toml"), "{e}");
        let e = compile_in(Path::new("selectors/vidu.toml"), &SITE.replace("ul.news a", "ul..news"), &families())
            .expect_err("bad css")
            .to_string();
        assert!(e.starts_with("selectors/vidu.toml: listing.links"), "{e}");
        bad.add(
            Path::new("selectors/families/portal.toml"),
            &FAMILY.replace(
                "[article]",
                "[article]
titel = \"h2\"",
            ),
        )
        .expect("parsed");
        let e = compile_in(Path::new("selectors/vidu.toml"), SITE, &bad).expect_err("unknown key").to_string();
        assert!(e.contains("families/portal.toml: article.titel"), "{e}");
        let e = compile_in(
            Path::new("selectors/vidu.toml"),
            &SITE.replace("[listing]", "[listing]\nfeeds = [\"https://other.vn/rss\"]"),
            &families(),
        )
        .expect_err("feed off host")
        .to_string();
        assert!(e.contains("listing.feeds") && e.contains("other.vn"), "{e}");
    }

    #[test]
    fn schedules_are_checked() {
        let e = error_of(&format!("{GOOD}[schedule]\ncron = \"at dawn\"\n"));
        assert!(e.contains("schedule.cron") && e.contains("at dawn"), "{e}");
        let e = error_of(&format!("{GOOD}[schedule]\nevery = \"1d\"\ncron = \"0 6 * * *\"\n"));
        assert!(e.contains("not both"), "{e}");
        let s = compile_str(&format!("{GOOD}[schedule]\nevery = \"12h\"\n")).expect("compiles");
        assert_eq!(s.schedule.map(|s| s.to_string()).as_deref(), Some("every 12h"));
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
        let s = super::compile_in(Path::new("selectors/example.toml"), &text, &Families::default(), &defaults)
            .expect("compiles");
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
