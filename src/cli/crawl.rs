//! `crawl`, `demo` and `reparse`: running the pipeline and printing what it did.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use dvcrank::clock::{Clock, SystemClock};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::pipeline::{self, CrawlOptions, Crawler, Drill, RunReport};
use dvcrank::{demo, export, sidecar, source, Error};

use super::{command_line, exit, open_store, parse_period, parse_provinces, print_charts, runtime, StoreArg};

#[derive(Debug, Args)]
pub(super) struct CrawlArgs {
    #[command(flatten)]
    pub(super) store: StoreArg,
    /// The selectors folder.
    #[arg(long, default_value = "selectors")]
    pub(super) selectors: PathBuf,
    /// Only these sources (selectors file names without .toml).
    #[arg(long = "source")]
    pub(super) sources: Vec<String>,
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

pub(super) fn print_report(report: &RunReport, json: bool) -> anyhow::Result<()> {
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

pub(super) fn crawl(args: &CrawlArgs) -> anyhow::Result<ExitCode> {
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
