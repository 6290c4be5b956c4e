//! `report`: the static HTML report of a period into a folder.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use dvcrank::{query, report, Error};

use super::{command_line, open_store, parse_period, StoreArg};

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The month reported (default: the latest month with index scores).
    #[arg(long)]
    period: Option<String>,
    /// The output folder.
    #[arg(long, default_value = "report")]
    out: PathBuf,
}

pub(super) fn report(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let period = match &args.period {
        Some(p) => parse_period(p)?,
        None => *query::index_months(&store)?.last().ok_or_else(|| {
            Error::Input("the store has no index scores yet; run `dvcrank crawl` or `dvcrank demo`".into())
        })?,
    };
    let data = report::collect(&store, period, &command_line())?;
    let written = report::write_report(&args.out, &data)?;
    println!(
        "report: {} ({} files; {} provinces, {} flagged figures){}",
        args.out.join("index.html").display(),
        written.len(),
        data.provinces.len(),
        data.flagged.len(),
        if data.sample { " — DỮ LIỆU MẪU / SAMPLE DATA" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}
