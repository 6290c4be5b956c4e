//! Command-line interface (binary only): clap types, argument parsing shared by the
//! subcommands, and the dispatch. One file per group of subcommands; behaviour lives in
//! the library.

mod chart;
mod compare;
mod crawl;
mod export;
mod info;
mod rank;
mod report;
mod schedule;
mod sources;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};

use dvcrank::model::{CalendarPeriod, Era, ProvinceCode};
use dvcrank::province::Registry;
use dvcrank::store::Store;
use dvcrank::{demo, Error};

use self::chart::ChartCommand;
use self::compare::CompareArgs;
use self::crawl::CrawlArgs;
use self::export::{CheckArgs, ExportArgs, ImportArgs};
use self::rank::{RankArgs, TrendArgs};
use self::report::ReportArgs;
use self::schedule::ScheduleArgs;
use self::sources::SourcesArgs;

/// Crawl, rank and chart what Vietnam's provinces publish about their
/// public-administration service.
#[derive(Debug, Parser)]
#[command(name = "dvcrank", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
pub(super) struct StoreArg {
    /// The store (a folder; created if missing).
    #[arg(long, env = "DVCRANK_STORE", default_value = "dvcrank.db")]
    pub(super) store: PathBuf,
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
    /// Keep crawling each source on its schedule until stopped (SIGINT/SIGTERM).
    Schedule(ScheduleArgs),
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
    /// Show provinces side by side for one period.
    Compare(CompareArgs),
    /// Draw charts (PNG and SVG) into the charts folder.
    #[command(subcommand)]
    Chart(ChartCommand),
    /// Export figures, index readings or rankings (CSV, JSON Lines, JSON) with their
    /// sources, or the raw pages as a WARC file (--warc).
    Export(ExportArgs),
    /// List the flagged figures to check before publishing (contradictions, set-aside
    /// title figures, failed index checks, corrected periods, approximate values).
    Check(CheckArgs),
    /// Write the static HTML report of a period (ranking, provinces, flagged figures,
    /// method) into a folder; it works offline.
    Report(ReportArgs),
    /// Rebuild a store from a WARC file (then read its pages into figures).
    Import(ImportArgs),
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
    /// List the sources of the selectors folder (province, family, schedule, last
    /// crawl), or check one against a live page (`sources check NAME --url URL`).
    Sources(SourcesArgs),
}

/// Exit codes (see README).
pub(super) mod exit {
    pub const FAILURES: u8 = 2;
    pub const CONFIG: u8 = 3;
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    // A crawl away from a terminal reports its progress in log lines; at a terminal it
    // draws bars instead, and the lines would only break them.
    let crawling = matches!(cli.command, Command::Crawl(_) | Command::Schedule(_));
    let default_filter = if crawling && !std::io::stderr().is_terminal() { "warn,dvcrank=info" } else { "warn" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DVCRANK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
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

pub(super) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo { store, charts } => crawl::run_demo(&store, &charts),
        Command::Crawl(args) => crawl::crawl(&args),
        Command::Schedule(args) => schedule::schedule(&args),
        Command::Extract { file, json, source, selectors } => info::extract(&file, json, source.as_deref(), &selectors),
        Command::Rank(args) => rank::rank(&args),
        Command::Trend(args) => rank::trend(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Chart(command) => chart::chart(&command),
        Command::Export(args) => export::export(&args),
        Command::Check(args) => export::check(&args),
        Command::Import(args) => export::import(&args),
        Command::Report(args) => report::report(&args),
        Command::Reparse { store, selectors } => crawl::reparse(&store.store, &selectors),
        Command::Provinces => info::provinces(),
        Command::Sources(args) => sources::run(&args),
    }
}

pub(super) fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening the store {}", path.display()))
}

pub(super) fn parse_period(s: &str) -> anyhow::Result<CalendarPeriod> {
    s.parse().map_err(|e: String| anyhow::Error::new(Error::Input(e)))
}

pub(super) fn parse_day(s: &str) -> anyhow::Result<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::Input(format!("`{s}` is not a date; use YYYY-MM-DD")))?;
    // "as of a day" includes the whole day in Vietnam.
    Ok(day.and_hms_opt(16, 59, 59).unwrap_or_default().and_utc())
}

/// The names in a list typed on the command line, separated by commas or semicolons.
pub(super) fn names(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', ';']).map(str::trim).filter(|n| !n.is_empty())
}

/// Provinces named on the command line, each as its pre-2025 code when it had one (so
/// its series can be followed through the merger).
pub(super) fn parse_provinces(list: &str) -> anyhow::Result<Vec<ProvinceCode>> {
    let registry = Registry::builtin();
    let mut out = Vec::new();
    for name in names(list) {
        let codes = registry.resolve(name).map_err(|e| Error::Input(e.message))?;
        let code = codes.iter().find(|c| c.era == Era::Pre2025).or(codes.first()).copied();
        out.extend(code);
    }
    if out.is_empty() {
        anyhow::bail!(Error::Input("name at least one province".into()));
    }
    Ok(out)
}

/// The command line as typed, recorded in the metadata beside charts and reports; the
/// program by its name only, since its folder says nothing about the output.
pub(super) fn command_line() -> Vec<String> {
    let mut args: Vec<String> = std::env::args().collect();
    if let Some(program) = args.first_mut() {
        if let Some(name) = Path::new(program).file_name() {
            *program = name.to_string_lossy().into_owned();
        }
    }
    args
}

pub(super) fn print_charts(paths: &[PathBuf]) {
    for p in paths {
        println!("chart: {}", p.display());
    }
}
