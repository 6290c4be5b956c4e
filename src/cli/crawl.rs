//! `crawl`, `demo` and `reparse`: running the pipeline and printing what it did, and
//! what `crawl` and `schedule` share: the run settings (`dvcrank.toml` under the
//! command-line flags), the fetcher built from them, progress (bars at a terminal, log
//! lines elsewhere) and the signal handler that stops a crawl with its state saved.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use dvcrank::clock::{Clock, SystemClock};
use dvcrank::config::{self, Config};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::model::SourceId;
use dvcrank::pipeline::{
    self, stop_pair, CrawlOptions, Crawler, Drill, Progress, RunReport, RunSummary, SourceReport, Stop,
};
use dvcrank::source::{self, Source};
use dvcrank::store::Store;
use dvcrank::{demo, export, schedule, sidecar, Error};

use super::{command_line, exit, open_store, parse_period, parse_provinces, print_charts, runtime};

/// Settings shared by `crawl` and `schedule`; each flag beats `dvcrank.toml`.
#[derive(Debug, Args)]
pub(super) struct RunArgs {
    /// The settings file (default: ./dvcrank.toml when it exists).
    #[arg(long)]
    pub(super) config: Option<PathBuf>,
    /// The store (a folder; created if missing) [default: from the settings, else dvcrank.db].
    #[arg(long, env = "DVCRANK_STORE")]
    pub(super) store: Option<PathBuf>,
    /// The selectors folder [default: from the settings, else selectors].
    #[arg(long)]
    pub(super) selectors: Option<PathBuf>,
    /// Only these sources (selectors file names without .toml).
    #[arg(long = "source")]
    pub(super) sources: Vec<String>,
    /// Requests in flight at once across all hosts [default: from the settings, else 16].
    #[arg(long)]
    pub(super) concurrency: Option<usize>,
    /// Contact for the user agent (an e-mail address or URL) [default: from the settings].
    #[arg(long)]
    pub(super) contact: Option<String>,
}

#[derive(Debug, Args)]
pub(super) struct CrawlArgs {
    #[command(flatten)]
    pub(super) run: RunArgs,
    /// Index periods to fetch (2024-04, 2024-Q2, 2024-H1, 2024); default every month since the source's `since`.
    #[arg(long = "period")]
    pub(super) periods: Vec<String>,
    /// Fetch closed periods again.
    #[arg(long)]
    pub(super) refresh: bool,
    /// Also fetch these provinces' drill-down tables ("all", or names separated by commas).
    #[arg(long)]
    pub(super) drill: Option<String>,
    /// At most this many pages per source.
    #[arg(long)]
    pub(super) max_pages: Option<usize>,
    /// Print the run summary as JSON.
    #[arg(long)]
    pub(super) json: bool,
}

/// Everything a crawl or the scheduler needs, settled from the flags and the file.
pub(super) struct Setup {
    pub(super) config: Config,
    pub(super) sources: Vec<Source>,
    pub(super) store: Store,
    pub(super) concurrency: usize,
}

impl RunArgs {
    /// Reads the settings and the selectors and opens the store.
    pub(super) fn setup(&self) -> anyhow::Result<Setup> {
        let mut config = match &self.config {
            Some(path) => Config::load(path, true)?,
            None => Config::load(Path::new(config::DEFAULT_CONFIG_FILE), false)?,
        };
        if let Some(store) = &self.store {
            config.store.clone_from(store);
        }
        if let Some(selectors) = &self.selectors {
            config.selectors.clone_from(selectors);
        }
        if self.contact.is_some() {
            config.contact.clone_from(&self.contact);
        }
        let concurrency = self.concurrency.unwrap_or(config.politeness.concurrency);
        if concurrency == 0 {
            anyhow::bail!(Error::Input("--concurrency must be at least 1".into()));
        }
        let all = source::load_dir_with(&config.selectors, &config.politeness.source_defaults)?;
        let sources = pipeline::select_sources(&all, &self.sources)?;
        let store = open_store(&config.store)?;
        Ok(Setup { config, sources, store, concurrency })
    }
}

impl Setup {
    /// The crawler: the fetcher of the settings, the stop signal, progress bars at a
    /// terminal and log lines elsewhere.
    pub(super) fn crawler(
        &self,
        clock: Arc<dyn Clock>,
        options: CrawlOptions,
        stop: Stop,
    ) -> Result<Crawler<Fetcher>, Error> {
        let p = &self.config.politeness;
        let fetch = FetchConfig {
            user_agent: self.config.user_agent(),
            timeout: p.source_defaults.timeout,
            max_body: p.max_body,
            max_compressed_body: p.max_compressed_body,
            max_redirects: p.max_redirects,
            retries: p.retries,
            ..FetchConfig::default()
        };
        let fetcher = Fetcher::new(fetch, Arc::clone(&clock))?;
        let progress: Arc<dyn Progress> =
            if std::io::stderr().is_terminal() { Arc::new(Bars::default()) } else { Arc::new(pipeline::LogProgress) };
        Ok(Crawler::new(self.store.clone(), fetcher, clock, options)
            .with_concurrency(self.concurrency)
            .with_stop(stop)
            .with_progress(progress))
    }
}

/// Stops `stop`'s crawls on the first SIGINT or SIGTERM (they save their frontiers),
/// and quits at once on a second one.
pub(super) fn stop_on_signals() -> Stop {
    let (handle, stop) = stop_pair();
    tokio::spawn(async move {
        match schedule::shutdown_signal().await {
            Ok(()) => {
                tracing::warn!("stopping: saving the crawl state (signal again to quit at once)");
                handle.stop();
            }
            Err(e) => {
                tracing::error!("cannot listen for signals: {e}");
                return;
            }
        }
        if schedule::shutdown_signal().await.is_ok() {
            std::process::exit(130);
        }
    });
    stop
}

/// One progress bar per source (pages done of done + queued), drawn on stderr.
#[derive(Debug, Default)]
struct Bars {
    all: MultiProgress,
    bars: Mutex<BTreeMap<String, ProgressBar>>,
}

impl Bars {
    fn bar(&self, source: &str) -> ProgressBar {
        let mut bars = self.bars.lock().unwrap_or_else(PoisonError::into_inner);
        bars.entry(source.to_string())
            .or_insert_with(|| {
                let bar = self.all.add(ProgressBar::new(0));
                bar.set_draw_target(ProgressDrawTarget::stderr());
                // The template is a constant known to be valid; the default style is a
                // fine fallback.
                if let Ok(style) =
                    ProgressStyle::with_template("{prefix:>14} [{bar:30}] {pos}/{len} pages {elapsed} {msg}")
                {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_prefix(source.to_string());
                bar.enable_steady_tick(Duration::from_millis(250));
                bar
            })
            .clone()
    }
}

impl Progress for Bars {
    fn started(&self, source: &SourceId) {
        self.bar(&source.0);
    }

    fn advanced(&self, source: &SourceId, done: usize, queued: usize) {
        let bar = self.bar(&source.0);
        bar.set_length((done + queued) as u64);
        bar.set_position(done as u64);
    }

    fn finished(&self, report: &SourceReport) {
        let bar = self.bar(&report.source);
        let state = if report.interrupted { "stopped" } else { "done" };
        bar.finish_with_message(format!(
            "{state}: {} failed, +{} figures, +{} scores",
            report.failed.len(),
            report.observations_added,
            report.scores_added
        ));
    }
}

/// What `crawl --json` prints.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    summary: RunSummary,
    sources: &'a [SourceReport],
}

pub(super) fn print_report(report: &RunReport, json: bool) -> anyhow::Result<()> {
    if json {
        let out = JsonReport { summary: report.summary(), sources: &report.sources };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for s in &report.sources {
        println!(
            "{:<14} fetched {:>4}  not modified {:>3}  new {:>4}  failed {:>3}  robots {:>2}  bulletins {:>3}  figures +{:<5} index periods {:>3}  scores +{}{}",
            s.source,
            s.fetched,
            s.not_modified,
            s.new_versions,
            s.failed.len(),
            s.robots_disallowed.len(),
            s.bulletins_read,
            s.observations_added,
            s.periods_read,
            s.scores_added,
            if s.interrupted { "  (stopped; resumes next run)" } else { "" }
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

pub(super) fn crawl(args: &CrawlArgs) -> anyhow::Result<ExitCode> {
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
    let setup = args.run.setup()?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = CrawlOptions { refresh: args.refresh, periods, drill, max_pages: args.max_pages };
    let rt = runtime()?;
    let report = rt.block_on(async {
        let crawler = Arc::new(setup.crawler(clock, options, stop_on_signals())?);
        Ok::<_, Error>(crawler.run(&setup.sources).await)
    })?;
    setup.store.flush().context("saving the store")?;
    print_report(&report, args.json)?;
    Ok(if report.has_failures() { ExitCode::from(exit::FAILURES) } else { ExitCode::SUCCESS })
}

pub(super) fn run_demo(store: &Path, charts: &Path) -> anyhow::Result<ExitCode> {
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
    let command = command_line();
    let ranking_stem = charts.join(format!("ranking-{}", outcome.ranking.period));
    let mut written = dvcrank::chart::render_ranking(&ranking_stem, &outcome.ranking, &options)?;
    written.extend(sidecar::write_ranking_sidecars(&ranking_stem, &outcome.ranking, &written, &command)?);
    let trend_stem = charts.join("trend-index-sample-provinces");
    let trend_charts = dvcrank::chart::render_trend(&trend_stem, &outcome.trend, &options)?;
    let trend_sidecars = sidecar::write_trend_sidecars(&trend_stem, &outcome.trend, &trend_charts, &command)?;
    written.extend(trend_charts);
    written.extend(trend_sidecars);
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

pub(super) fn reparse(store: &Path, selectors: &Path) -> anyhow::Result<ExitCode> {
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
