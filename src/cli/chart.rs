//! `chart ranking` and `chart trend`: charts into the charts folder, each with its data
//! (`.csv`) and metadata (`.meta.json`) beside it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use dvcrank::sidecar;

use super::rank::{build_ranking, build_trend, RankArgs, TrendArgs};
use super::{command_line, open_store, print_charts};

#[derive(Debug, Subcommand)]
pub(super) enum ChartCommand {
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

pub(super) fn chart_ranking(args: &RankArgs, out: &Path) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let ranking = build_ranking(args, &store)?;
    let stem = out.join(format!("ranking-{}", ranking.period));
    let mut paths = dvcrank::chart::render_ranking(&stem, &ranking, &dvcrank::chart::ChartOptions::default())?;
    paths.extend(sidecar::write_ranking_sidecars(&stem, &ranking, &paths, &command_line())?);
    print_charts(&paths);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn chart_trend(args: &TrendArgs, out: &Path) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let t = build_trend(args, &store)?;
    let stem = t
        .series
        .iter()
        .map(|s| dvcrank::text::fold(&s.name).replace(|c: char| !c.is_ascii_alphanumeric(), "-"))
        .collect::<Vec<_>>()
        .join("_");
    let stem = out.join(format!("trend-{}-{}", t.subject, stem).replace(['%', ':'], ""));
    let mut paths = dvcrank::chart::render_trend(&stem, &t, &dvcrank::chart::ChartOptions::default())?;
    paths.extend(sidecar::write_trend_sidecars(&stem, &t, &paths, &command_line())?);
    print_charts(&paths);
    Ok(ExitCode::SUCCESS)
}
