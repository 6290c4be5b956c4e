//! `sources` (each source with its province, family, schedule and last crawl) and
//! `sources check NAME --url URL` (fetch one page and show what each selector finds:
//! what a user runs when a site changes its layout). I/O: the selectors folder, the
//! store, and for `check` one page (with robots.txt) over the network.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use url::Url;

use dvcrank::clock::SystemClock;
use dvcrank::extract::charset;
use dvcrank::extract::feed::{looks_like_feed, read_feed};
use dvcrank::extract::probe::{probe_page, PageKind, Probe};
use dvcrank::fetch::{FetchConfig, FetchOutcome, Fetcher, Request};
use dvcrank::pipeline::{self, SourceReport};
use dvcrank::province::Registry;
use dvcrank::source::{self, SiteSpec, Source, SourceKind};
use dvcrank::Error;

use super::{exit, open_store, runtime, StoreArg};

#[derive(Debug, Args)]
pub(super) struct SourcesArgs {
    #[command(subcommand)]
    action: Option<SourcesAction>,
    #[command(flatten)]
    store: StoreArg,
    /// The selectors folder.
    #[arg(long, default_value = "selectors", global = true)]
    selectors: PathBuf,
}

#[derive(Debug, Subcommand)]
enum SourcesAction {
    /// Fetch one page of a source and show what each of its selectors finds (exit code
    /// 2 when one the page needs matches nothing).
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The source (its selectors file name without .toml).
    name: String,
    /// The page (default: the source's first start page).
    #[arg(long)]
    url: Option<String>,
    /// Read the page as this kind (default: a start page is a listing, a URL matching
    /// include_url a bulletin; XML is a feed).
    #[arg(long = "as", value_enum)]
    as_kind: Option<KindArg>,
    /// Allow hosts on loopback or private addresses (a local copy of a site).
    #[arg(long)]
    allow_private: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Listing,
    Article,
    Feed,
}

pub(super) fn run(args: &SourcesArgs) -> anyhow::Result<ExitCode> {
    match &args.action {
        None => list(args),
        Some(SourcesAction::Check(check_args)) => check(check_args, args),
    }
}

fn list(args: &SourcesArgs) -> anyhow::Result<ExitCode> {
    let all = source::load_dir(&args.selectors)?;
    let store = if args.store.store.exists() { Some(open_store(&args.store.store)?) } else { None };
    let registry = Registry::builtin();
    println!("{:<22} {:<32} {:<15} {:<26} {:<58} NAME", "SOURCE", "PROVINCE", "FAMILY", "SCHEDULE", "LAST CRAWL");
    for s in &all {
        let province = s.province.map_or_else(
            || match s.kind {
                SourceKind::NationalIndex => "— (every province)".to_string(),
                _ => "— (the text names it)".to_string(),
            },
            |c| match registry.successor(c).filter(|n| *n != c && c.era != n.era) {
                Some(new) if registry.name(new) != registry.name(c) => {
                    format!("{} → {}", registry.name(c), registry.name(new))
                }
                _ => registry.name(c),
            },
        );
        let schedule = s.schedule.as_ref().map_or_else(|| "default".to_string(), ToString::to_string);
        let last: Option<SourceReport> = match &store {
            Some(st) => st.last_run(&s.id.0)?,
            None => None,
        };
        let last = last.map_or_else(|| "never crawled".to_string(), |r| last_crawl(&r));
        println!(
            "{:<22} {:<32} {:<15} {:<26} {:<58} {}",
            s.id.0,
            province,
            s.family.as_deref().unwrap_or("-"),
            schedule,
            last,
            s.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn last_crawl(r: &SourceReport) -> String {
    let when = r.finished_at.map_or_else(|| "?".into(), |t| t.format("%Y-%m-%d %H:%M").to_string());
    let mut out = format!("{when}: {} fetched, {} bulletins, {} failed", r.fetched, r.bulletins_read, r.failed.len());
    if !r.selector_misses.is_empty() {
        out.push_str(&format!(", {} selector misses", r.selector_misses.len()));
    }
    out
}

fn check(args: &CheckArgs, sources: &SourcesArgs) -> anyhow::Result<ExitCode> {
    let all = source::load_dir(&sources.selectors)?;
    let Some(source) = pipeline::select_sources(&all, std::slice::from_ref(&args.name))?.into_iter().next() else {
        anyhow::bail!(Error::Input(format!("no source named {}", args.name)));
    };
    let Some(spec) = &source.site else {
        anyhow::bail!(Error::Input(format!(
            "{} is the national index (a JSON gateway, no selectors); `sources check` reads bulletin sites",
            source.id
        )));
    };
    let url = match &args.url {
        Some(u) => Url::parse(u).map_err(|e| Error::Input(format!("`{u}` is not a URL: {e}")))?,
        None => source.start_urls.first().cloned().context("the source has no start page")?,
    };
    if !source.allows(&url) {
        anyhow::bail!(Error::Input(format!(
            "{url} is not on {}'s allowed_hosts {:?}; add its host to {}",
            source.id,
            source.allowed_hosts,
            source.path.display()
        )));
    }
    let config = FetchConfig { allow_private: args.allow_private, retries: 1, ..FetchConfig::default() };
    let fetcher = Fetcher::new(config, Arc::new(SystemClock))?;
    let outcome = runtime()?.block_on(fetcher.fetch(&Request::get(url.clone()), &source.host_rules()));
    let fetched = match outcome {
        FetchOutcome::Fetched(f) => f,
        FetchOutcome::NotModified { .. } => anyhow::bail!("{url}: the server answered 304 to an unconditional GET"),
        FetchOutcome::Failed(e) => {
            println!("{}: fetching {url} failed: {e}", source.id);
            return Ok(ExitCode::from(exit::FAILURES));
        }
    };
    let content_type = fetched.content_type.as_deref();
    println!(
        "GET {url} → {} {}, {} bytes",
        fetched.status,
        content_type.unwrap_or("(no content type)"),
        fetched.body.len()
    );
    if fetched.final_url != url {
        println!("  (redirected to {})", fetched.final_url);
    }
    println!("source {} ({}), {}", source.id, source.family.as_deref().unwrap_or("no family"), source.path.display());
    let as_feed = match args.as_kind {
        Some(kind) => matches!(kind, KindArg::Feed),
        None => looks_like_feed(&fetched.body, content_type),
    };
    let ok = if as_feed {
        show_feed(&fetched.body, content_type, &fetched.final_url, spec)
    } else {
        let text = charset::decode(&fetched.body, content_type).text;
        let probe = probe_page(&text, &fetched.final_url, &source, spec);
        let kind = match args.as_kind {
            Some(KindArg::Article) => PageKind::Article,
            Some(_) => PageKind::Listing,
            None => probe.kind_of(&url, &source, spec),
        };
        show_probe(&probe, kind, &source, spec)
    };
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(exit::FAILURES) })
}

/// Prints what the selectors found; `false` when one the page needs matched nothing.
fn show_probe(probe: &Probe, kind: PageKind, source: &Source, spec: &SiteSpec) -> bool {
    let (what, other) = match kind {
        PageKind::Listing => ("a listing page", "article"),
        PageKind::Article => ("a bulletin", "listing"),
    };
    println!("read as {what} (--as {other} to read it the other way)\n");
    let missing = probe.missing(kind);
    for f in &probe.findings {
        let flag = if missing.iter().any(|m| m.key == f.key) { "  ← MATCHED NOTHING" } else { "" };
        println!("{:<20} {:>4} × `{}`{flag}", f.key, f.matches, f.css);
        if let Some(first) = &f.first {
            println!("{:<20}        first: {first}", "");
        }
    }
    if kind == PageKind::Listing {
        let followed = probe.links.iter().filter(|l| l.rejected.is_none()).count();
        println!("\nlinks: {} matched, {followed} followed as bulletins", probe.links.len());
        for l in &probe.links {
            match l.rejected {
                None => println!("  ✓ {}  {}", l.text, l.url),
                Some(why) => println!("  ✗ {}  {}  ({why})", l.text, l.url),
            }
        }
        println!("next page: {}", probe.listing.next_page.as_ref().map_or("none".to_string(), Url::to_string));
        for (what, urls) in [("feed", &spec.feeds), ("sitemap", &spec.sitemaps)] {
            for u in urls {
                println!("{what}: {u}  (check it with --url)");
            }
        }
    } else {
        match &probe.article {
            Ok(a) => {
                println!("\ntitle: {}", a.title);
                println!("published: {}", a.published.map_or_else(|| "no date found".to_string(), |d| d.to_string()));
                println!(
                    "body: {} characters, {} lines, {} tables",
                    a.body.chars().count(),
                    a.body.lines().count(),
                    a.tables.len()
                );
                let default = source.province_on(a.published).map(|c| Registry::builtin().name(c));
                println!("province when the text names none: {}", default.unwrap_or_else(|| "none".into()));
            }
            Err(e) => println!("\nthe crawl could not read this bulletin: {e}"),
        }
    }
    for m in &missing {
        println!("MISSING: {} `{}` matched nothing on this page", m.key, m.css);
    }
    missing.is_empty()
}

/// Prints a feed's entries and which pass the filters; `false` when it has none.
fn show_feed(body: &[u8], content_type: Option<&str>, base: &Url, spec: &SiteSpec) -> bool {
    match read_feed(body, content_type, base, spec) {
        Ok(feed) => {
            println!(
                "read as a feed: {:?}, {} entries, {} followed as bulletins",
                feed.kind,
                feed.entries.len(),
                feed.bulletins.len()
            );
            for e in &feed.entries {
                let mark =
                    if feed.bulletins.contains(&e.url) || feed.sitemaps.contains(&e.url) { "✓" } else { "✗" };
                let date = e.date.map_or_else(String::new, |d| format!("{d}  "));
                println!("  {mark} {date}{}  {}", e.title.as_deref().unwrap_or("(no title)"), e.url);
            }
            if feed.entries.is_empty() {
                println!("MISSING: the feed has no entries");
            }
            !feed.entries.is_empty()
        }
        Err(e) => {
            println!("MISSING: not a feed: {e}");
            false
        }
    }
}
