//! `schedule`: the long-running crawler. Reads the settings and the sources, then
//! crawls each source when its schedule says, until SIGINT or SIGTERM; the crawls then
//! save their frontiers and the store is flushed before it exits with 0.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;

use dvcrank::clock::{Clock, SystemClock};
use dvcrank::pipeline::CrawlOptions;
use dvcrank::schedule::{self, Scheduled};
use dvcrank::Error;

use super::crawl::{stop_on_signals, RunArgs};
use super::runtime;

#[derive(Debug, Args)]
pub(super) struct ScheduleArgs {
    #[command(flatten)]
    pub(super) run: RunArgs,
}

pub(super) fn schedule(args: &ScheduleArgs) -> anyhow::Result<ExitCode> {
    let setup = args.run.setup()?;
    let scheduled: Vec<Scheduled> = setup
        .sources
        .iter()
        .map(|s| Scheduled {
            source: s.clone(),
            schedule: s.schedule.clone().unwrap_or_else(|| setup.config.default_schedule.clone()),
        })
        .collect();
    for s in &scheduled {
        tracing::info!(source = %s.source.id, schedule = %s.schedule, "scheduled");
    }
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let rt = runtime()?;
    rt.block_on(async {
        let stop = stop_on_signals();
        let crawler = Arc::new(setup.crawler(Arc::clone(&clock), CrawlOptions::default(), stop.clone())?);
        schedule::run(crawler, &setup.store, &scheduled, clock, setup.config.poll, stop).await?;
        Ok::<_, Error>(())
    })?;
    setup.store.flush().context("saving the store")?;
    tracing::info!("stopped; state saved");
    Ok(ExitCode::SUCCESS)
}
