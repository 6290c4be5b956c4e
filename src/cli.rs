//! Command-line interface (binary only): clap types and one function per subcommand.
//! Behaviour lives in the library; this file parses, calls and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use dvcrank::clock::{Clock, SystemClock};
use dvcrank::extract::{extract_bulletin, extract_text, PageInput, TextInput};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::model::{CalendarPeriod, Era, IndexGroup, Metric, PageHash, Provenance, ProvinceCode, Unit};
use dvcrank::pipeline::{self, CrawlOptions, Crawler, Drill, RunReport};
use dvcrank::province::Registry;
use dvcrank::query::{self, TrendSubject};
use dvcrank::rank::Ranking;
use dvcrank::source::{self, Source};
use dvcrank::store::Store;
use dvcrank::{demo, export, Error};

/// Crawl, rank and chart what Vietnam's provinces publish about their
/// public-administration service.
#[derive(Debug, Parser)]
#[command(name = "dvcrank", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct StoreArg {
    /// The store (a folder; created if missing).
    #[arg(long, env = "DVCRANK_STORE", default_value = "dvcrank.db")]
    store: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the bundled sample site on 127.0.0.1, crawl it, rank and chart (offline).
    Demo {
        /// The demo's store.
        #[arg(long, default_value = demo::DEMO_STORE)]
        store: PathBuf,
        /// Where charts are written.
        #[arg(long, default_value = "charts")]
        charts: PathBuf,
    },
    /// Crawl the sources of the selectors folder into the store.
    Crawl(CrawlArgs),
    /// Read the figures of one saved bulletin (.txt, or .html with --source).
    Extract {
        /// The file.
        file: PathBuf,
        /// Print JSON in the shape of the observation schema.
        #[arg(long)]
        json: bool,
        /// For HTML: the source whose selectors read the page (default: try them all).
        #[arg(long)]
        source: Option<String>,
        /// The selectors folder.
        #[arg(long, default_value = "selectors")]
        selectors: PathBuf,
    },
    /// Rank provinces for a period (the national index by default).
    Rank(RankArgs),
    /// Show a province's series over time.
    Trend(TrendArgs),
    /// Draw charts (PNG and SVG) into the charts folder.
    #[command(subcommand)]
    Chart(ChartCommand),
    /// Read every stored page again with the current extractor (no fetching).
    Reparse {
        #[command(flatten)]
        store: StoreArg,
        /// The selectors folder.
        #[arg(long, default_value = "selectors")]
        selectors: PathBuf,
    },
    /// List the provinces (63 before 2025-07-01, 34 after) and the merger.
    Provinces,
    /// List the sources of the selectors folder and their last crawl.
    Sources {
        #[command(flatten)]
        store: StoreArg,
        /// The selectors folder.
        #[arg(long, default_value = "selectors")]
        selectors: PathBuf,
    },
}

#[derive(Debug, Args)]
struct CrawlArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The selectors folder.
    #[arg(long, default_value = "selectors")]
    selectors: PathBuf,
    /// Only these sources (selectors file names without .toml).
    #[arg(long = "source")]
    sources: Vec<String>,
    /// Index periods to fetch (2024-04, 2024-Q2, 2024-H1, 2024); default every month since the source's `since`.
    #[arg(long = "period")]
    periods: Vec<String>,
    /// Fetch closed periods again.
    #[arg(long)]
    refresh: bool,
    /// Also fetch these provinces' drill-down tables ("all", or names separated by commas).
    #[arg(long)]
    drill: Option<String>,
    /// At most this many pages per source.
    #[arg(long)]
    max_pages: Option<usize>,
    /// Print the run summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
struct SubjectArgs {
    /// A bulletin metric instead of the index (e.g. received_total, received_online%).
    #[arg(long)]
    metric: Option<String>,
    /// One index group instead of the total (CKMB, TDGQ, TTTT, CLGQ, ONLINE, MDHL, MDSH).
    #[arg(long)]
    group: Option<String>,
}

#[derive(Debug, Args)]
struct RankArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The period: 2024-04, 2024-Q2, 2024-H1 or 2024 (default: the latest month stored).
    #[arg(long)]
    period: Option<String>,
    #[command(flatten)]
    subject: SubjectArgs,
    /// Use the captures taken on or before this day (YYYY-MM-DD).
    #[arg(long)]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct TrendArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Provinces, separated by commas.
    #[arg(long)]
    province: String,
    #[command(flatten)]
    subject: SubjectArgs,
    /// First month (default: the first stored).
    #[arg(long)]
    from: Option<String>,
    /// Last month (default: the latest stored).
    #[arg(long)]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum ChartCommand {
    /// Provinces ranked for a period.
    Ranking {
        #[command(flatten)]
        rank: RankArgs,
        /// Output folder.
        #[arg(long, default_value = "charts")]
        out: PathBuf,
    },
    /// Provinces over time.
    Trend {
        #[command(flatten)]
        trend: TrendArgs,
        /// Output folder.
        #[arg(long, default_value = "charts")]
        out: PathBuf,
    },
}

/// Exit codes (see README).
mod exit {
    pub const FAILURES: u8 = 2;
    pub const CONFIG: u8 = 3;
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DVCRANK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`dvcrank rank | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            let config = e
                .chain()
                .any(|c| c.downcast_ref::<Error>().is_some_and(|d| d.is_config() || matches!(d, Error::Input(_))));
            ExitCode::from(if config { exit::CONFIG } else { 1 })
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo { store, charts } => run_demo(&store, &charts),
        Command::Crawl(args) => crawl(&args),
        Command::Extract { file, json, source, selectors } => extract(&file, json, source.as_deref(), &selectors),
        Command::Rank(args) => rank(&args),
        Command::Trend(args) => trend(&args),
        Command::Chart(ChartCommand::Ranking { rank, out }) => chart_ranking(&rank, &out),
        Command::Chart(ChartCommand::Trend { trend, out }) => chart_trend(&trend, &out),
        Command::Reparse { store, selectors } => reparse(&store.store, &selectors),
        Command::Provinces => provinces(),
        Command::Sources { store, selectors } => sources(&store.store, &selectors),
    }
}

fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening the store {}", path.display()))
}

fn parse_period(s: &str) -> anyhow::Result<CalendarPeriod> {
    s.parse().map_err(|e: String| anyhow::Error::new(Error::Input(e)))
}

fn parse_day(s: &str) -> anyhow::Result<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::Input(format!("`{s}` is not a date; use YYYY-MM-DD")))?;
    // "as of a day" includes the whole day in Vietnam.
    Ok(day.and_hms_opt(16, 59, 59).unwrap_or_default().and_utc())
}

/// Provinces named on the command line, each as its pre-2025 code when it had one (so
/// its series can be followed through the merger).
fn parse_provinces(list: &str) -> anyhow::Result<Vec<ProvinceCode>> {
    let registry = Registry::builtin();
    let mut out = Vec::new();
    for name in list.split([',', ';']).map(str::trim).filter(|n| !n.is_empty()) {
        let codes = registry.resolve(name).map_err(|e| Error::Input(e.message))?;
        let code = codes.iter().find(|c| c.era == Era::Pre2025).or(codes.first()).copied();
        out.extend(code);
    }
    if out.is_empty() {
        anyhow::bail!(Error::Input("name at least one province".into()));
    }
    Ok(out)
}

fn parse_subject(args: &SubjectArgs) -> anyhow::Result<TrendSubject> {
    match (&args.metric, &args.group) {
        (Some(_), Some(_)) => Err(Error::Input("give --metric or --group, not both".into()).into()),
        (Some(m), None) if m == "index" => Ok(TrendSubject::Index(None)),
        (Some(m), None) => {
            let (key, unit) = match m.strip_suffix('%') {
                Some(k) => (k, Unit::Percent),
                None => (m.as_str(), Unit::Count),
            };
            let metric: Metric = key
                .parse()
                .map_err(|e: String| Error::Input(format!("{e} (add % for a rate, e.g. received_online%)")))?;
            let unit = match metric {
                Metric::IndexTotalScore | Metric::IndexGroupScore => Unit::Points,
                _ => unit,
            };
            Ok(TrendSubject::Metric(metric, unit))
        }
        (None, Some(g)) => Ok(TrendSubject::Index(Some(g.parse::<IndexGroup>().map_err(Error::Input)?))),
        (None, None) => Ok(TrendSubject::Index(None)),
    }
}

fn build_ranking(args: &RankArgs, store: &Store) -> anyhow::Result<Ranking> {
    let subject = parse_subject(&args.subject)?;
    let as_of = args.as_of.as_deref().map(parse_day).transpose()?;
    let period = match &args.period {
        Some(p) => parse_period(p)?,
        None => match subject {
            TrendSubject::Index(_) => *query::index_months(store)?.last().ok_or_else(|| {
                Error::Input("the store has no index scores yet; run `dvcrank crawl` or `dvcrank demo`".into())
            })?,
            TrendSubject::Metric(m, u) => *query::metric_months(store, m, u)?
                .last()
                .ok_or_else(|| Error::Input(format!("the store has no monthly `{m}` figures")))?,
        },
    };
    Ok(match subject {
        TrendSubject::Index(group) => query::index_ranking(store, period, group, as_of)?,
        TrendSubject::Metric(metric, unit) => query::metric_ranking(store, metric, unit, period)?,
    })
}

fn rank(args: &RankArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let ranking = build_ranking(args, &store)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => export::write_ranking_table(&mut out, &ranking)?,
        Format::Csv => export::write_ranking_csv(&mut out, &ranking)?,
        Format::Json => export::write_ranking_json(&mut out, &ranking)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn build_trend(args: &TrendArgs, store: &Store) -> anyhow::Result<dvcrank::rank::Trend> {
    let subject = parse_subject(&args.subject)?;
    let provinces = parse_provinces(&args.province)?;
    let stored = match subject {
        TrendSubject::Index(_) => query::index_months(store)?,
        TrendSubject::Metric(m, u) => query::metric_months(store, m, u)?,
    };
    let from = match &args.from {
        Some(p) => parse_period(p)?,
        None => *stored.first().ok_or_else(|| Error::Input("the store has no data for this series yet".into()))?,
    };
    let to = match &args.to {
        Some(p) => parse_period(p)?,
        None => *stored.last().unwrap_or(&from),
    };
    Ok(query::trend(store, subject, &provinces, &query::months_between(from, to), None)?)
}

fn trend(args: &TrendArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let t = build_trend(args, &store)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &t)?;
            writeln!(out)?;
        }
        Format::Csv => {
            writeln!(out, "period,province_code,province,value")?;
            for s in &t.series {
                for p in &s.points {
                    writeln!(
                        out,
                        "{},{},{},{}",
                        p.period,
                        s.province,
                        s.name,
                        p.value.map_or_else(String::new, |v| v.to_string())
                    )?;
                }
            }
        }
        Format::Table => {
            writeln!(out, "{}{}", t.subject.name_vi(), if t.sample { "  [DỮ LIỆU MẪU / SAMPLE DATA]" } else { "" })?;
            for s in &t.series {
                writeln!(out, "{} — {} of {} periods have data", s.name, s.coverage(), s.points.len())?;
                for p in &s.points {
                    writeln!(
                        out,
                        "  {}  {}",
                        p.period,
                        p.value.map_or_else(|| "–".to_string(), |v| dvcrank::extract::number::format_vi(v, 2))
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_charts(paths: &[PathBuf]) {
    for p in paths {
        println!("chart: {}", p.display());
    }
}

fn chart_ranking(args: &RankArgs, out: &Path) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let ranking = build_ranking(args, &store)?;
    let paths = dvcrank::chart::render_ranking(
        out.join(format!("ranking-{}", ranking.period)),
        &ranking,
        &dvcrank::chart::ChartOptions::default(),
    )?;
    print_charts(&paths);
    Ok(ExitCode::SUCCESS)
}

fn chart_trend(args: &TrendArgs, out: &Path) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let t = build_trend(args, &store)?;
    let stem = t
        .series
        .iter()
        .map(|s| dvcrank::text::fold(&s.name).replace(|c: char| !c.is_ascii_alphanumeric(), "-"))
        .collect::<Vec<_>>()
        .join("_");
    let paths = dvcrank::chart::render_trend(
        out.join(format!("trend-{}-{}", t.subject, stem).replace(['%', ':'], "")),
        &t,
        &dvcrank::chart::ChartOptions::default(),
    )?;
    print_charts(&paths);
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &RunReport, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    for s in &report.sources {
        println!(
            "{:<14} fetched {:>4}  not modified {:>3}  new {:>4}  failed {:>3}  robots {:>2}  bulletins {:>3}  figures +{:<5} index periods {:>3}  scores +{}",
            s.source,
            s.fetched,
            s.not_modified,
            s.new_versions,
            s.failed.len(),
            s.robots_disallowed.len(),
            s.bulletins_read,
            s.observations_added,
            s.periods_read,
            s.scores_added
        );
        for f in &s.failed {
            println!("    failed: {} — {}", f.url, f.reason);
        }
        for m in &s.selector_misses {
            println!("    selector: {m}");
        }
        for u in &s.unmatched_units {
            println!("    unmatched index unit: {u}");
        }
    }
    Ok(())
}

fn crawl(args: &CrawlArgs) -> anyhow::Result<ExitCode> {
    let all = source::load_dir(&args.selectors)?;
    let sources = pipeline::select_sources(&all, &args.sources)?;
    let periods = if args.periods.is_empty() {
        None
    } else {
        Some(args.periods.iter().map(|p| parse_period(p)).collect::<anyhow::Result<Vec<_>>>()?)
    };
    let drill = match args.drill.as_deref() {
        None => Drill::None,
        Some("all") => Drill::All,
        Some(list) => Drill::Provinces(parse_provinces(list)?),
    };
    let store = open_store(&args.store.store)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = CrawlOptions { refresh: args.refresh, periods, drill, max_pages: args.max_pages };
    let rt = runtime()?;
    let report = rt.block_on(async {
        let fetcher = Fetcher::new(FetchConfig::default(), Arc::clone(&clock))?;
        let crawler = Arc::new(Crawler::new(store.clone(), fetcher, clock, options));
        Ok::<_, Error>(crawler.run(&sources).await)
    })?;
    store.flush()?;
    print_report(&report, args.json)?;
    Ok(if report.has_failures() { ExitCode::from(exit::FAILURES) } else { ExitCode::SUCCESS })
}

fn run_demo(store: &Path, charts: &Path) -> anyhow::Result<ExitCode> {
    let root = std::env::current_dir()?;
    let mut paths = demo::default_paths(&root);
    paths.store = store.to_path_buf();
    if !paths.site.is_dir() {
        anyhow::bail!(Error::Input(format!(
            "{} not found: run the demo from the dvcrank folder (where Cargo.toml is)",
            paths.site.display()
        )));
    }
    println!("dvcrank demo — SAMPLE DATA (DỮ LIỆU MẪU): a mock mirror served on 127.0.0.1, not the real sites.");
    let started = std::time::Instant::now();
    let outcome = runtime()?.block_on(demo::run(&paths))?;
    print_report(&outcome.report, false)?;
    println!();
    export::write_ranking_table(&mut std::io::stdout().lock(), &outcome.ranking)?;
    println!();
    let options = dvcrank::chart::ChartOptions::default();
    let mut written = dvcrank::chart::render_ranking(
        charts.join(format!("ranking-{}", outcome.ranking.period)),
        &outcome.ranking,
        &options,
    )?;
    written.extend(dvcrank::chart::render_trend(
        charts.join("trend-index-sample-provinces"),
        &outcome.trend,
        &options,
    )?);
    print_charts(&written);
    println!(
        "store: {} ({} pages, {} figures, {} index readings) in {:.1} s",
        paths.store.display(),
        outcome.store.page_count(),
        outcome.store.observation_count(),
        outcome.store.score_count(),
        started.elapsed().as_secs_f64()
    );
    println!("next: dvcrank rank --store {} --period {}", paths.store.display(), outcome.ranking.period);
    Ok(if outcome.report.has_failures() { ExitCode::from(exit::FAILURES) } else { ExitCode::SUCCESS })
}

fn extract(file: &Path, json: bool, source_name: Option<&str>, selectors: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let fetched_at = SystemClock.now();
    let url = format!("file://{}", file.display());
    let is_html = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || bytes.windows(5).take(2048).any(|w| w.eq_ignore_ascii_case(b"<html"));
    let doc = if is_html {
        let all = source::load_dir(selectors)?;
        let candidates: Vec<Source> = match source_name {
            Some(n) => pipeline::select_sources(&all, &[n.to_string()])?,
            None => all,
        };
        let input = PageInput { body: &bytes, url: &url, content_type: None, fetched_at };
        let mut last_err = None;
        let mut found = None;
        for s in &candidates {
            let Some(spec) = &s.site else { continue };
            match extract_bulletin(s, spec, &input) {
                Ok(doc) => {
                    found = Some(doc);
                    break;
                }
                Err(e) => last_err = Some(format!("{}: {e}", s.id)),
            }
        }
        found.ok_or_else(|| {
            Error::Input(format!(
                "no source's selectors read an article from {} ({})",
                file.display(),
                last_err.unwrap_or_default()
            ))
        })?
    } else {
        let text = dvcrank::extract::charset::decode(&bytes, None).text;
        let provenance =
            Provenance { url, page: PageHash::of(&bytes), fetched_at, extractor_version: dvcrank::EXTRACTOR_VERSION };
        extract_text(&TextInput::from_saved_text(&text, provenance))
    };
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&doc.to_schema_json())?)?;
    } else {
        writeln!(
            out,
            "{} | {} | {}",
            doc.title.as_deref().unwrap_or("-"),
            doc.province_text.as_deref().unwrap_or("-"),
            doc.published.map_or_else(|| "-".to_string(), |d| d.to_string())
        )?;
        for o in doc.observations.iter().chain(&doc.set_aside) {
            let flags = o.flags.iter().map(dvcrank::model::Flag::describe).collect::<Vec<_>>().join("; ");
            writeln!(
                out,
                "{:<26} {:>12} {:<7} {:<17} {:<24} {}{}",
                o.metric,
                o.value,
                o.unit,
                o.scope,
                o.period.label,
                o.unit_name,
                if flags.is_empty() { String::new() } else { format!("  [{flags}]") }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn reparse(store: &Path, selectors: &Path) -> anyhow::Result<ExitCode> {
    let all = source::load_dir(selectors)?;
    let store = open_store(store)?;
    let report = pipeline::reparse(&store, &all)?;
    store.flush()?;
    println!(
        "re-read {} bulletins and {} index tables; {} new figures; {} pages could not be read",
        report.bulletins, report.tables, report.observations_added, report.failed
    );
    Ok(if report.failed > 0 { ExitCode::from(exit::FAILURES) } else { ExitCode::SUCCESS })
}

fn provinces() -> anyhow::Result<ExitCode> {
    let registry = Registry::builtin();
    let mut out = std::io::stdout().lock();
    writeln!(out, "63 provinces until 2025-06-30 → the province they became part of on 2025-07-01")?;
    for p in registry.of_era(Era::Pre2025) {
        let into = p.merged_into.map(|c| registry.name(c)).unwrap_or_default();
        writeln!(out, "  {}  {:<22} → {}", p.code, p.name, into)?;
    }
    writeln!(out, "34 provinces from 2025-07-01")?;
    for p in registry.of_era(Era::Post2025) {
        let from = p.merged_from.iter().map(|c| registry.name(*c)).collect::<Vec<_>>().join(", ");
        writeln!(out, "  {}  {:<22} ← {}", p.code, p.name, from)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn sources(store: &Path, selectors: &Path) -> anyhow::Result<ExitCode> {
    let all = source::load_dir(selectors)?;
    let store = if store.exists() { Some(open_store(store)?) } else { None };
    let registry = Registry::builtin();
    for s in &all {
        let province = s.province.map(|c| registry.name(c)).unwrap_or_else(|| "—".into());
        let last: Option<pipeline::SourceReport> = match &store {
            Some(st) => st.last_run(&s.id.0)?,
            None => None,
        };
        let last = last.map_or_else(
            || "never crawled".to_string(),
            |r| {
                format!(
                    "last crawl {}: {} fetched, {} failed",
                    r.finished_at.map_or_else(|| "?".into(), |t| t.format("%Y-%m-%d %H:%M").to_string()),
                    r.fetched,
                    r.failed.len()
                )
            },
        );
        println!("{:<14} {:<18} {:<16} {}  ({})", s.id, province, s.family.as_deref().unwrap_or("-"), s.name, last);
    }
    Ok(ExitCode::SUCCESS)
}
