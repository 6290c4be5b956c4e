//! `export`, `check` and `import`: figures, index readings and rankings as CSV, JSON
//! Lines or JSON; flagged figures; the raw pages as a WARC file and back.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use dvcrank::export::{self, ExportFilter, Format};
use dvcrank::model::{IndexGroup, Metric, ProvinceCode, Unit};
use dvcrank::province::Registry;
use dvcrank::{pipeline, source, warc, Error};

use super::{exit, names, open_store, parse_period, StoreArg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum What {
    /// Bulletin figures, each with its evidence sentence and source.
    Observations,
    /// National-index readings (every capture; --latest for each unit's latest).
    Scores,
    /// National-index rankings of every stored month (the total, or --group).
    Rankings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FileFormat {
    Csv,
    Jsonl,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub(super) struct FilterArgs {
    /// Only these provinces (names separated by commas; a name counts in both maps, e.g.
    /// "Thái Nguyên" before and after the 2025 merger).
    #[arg(long)]
    province: Option<String>,
    /// Only figures whose period ends in this period (2024-04, 2024-Q2, 2024-H1, 2024).
    #[arg(long)]
    period: Option<String>,
    /// Only figures whose period ends on or after this day (YYYY-MM-DD) or period.
    #[arg(long)]
    since: Option<String>,
    /// Only this bulletin metric (e.g. received_total; received_online% for the rate only).
    #[arg(long)]
    metric: Option<String>,
}

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    #[command(flatten)]
    store: StoreArg,
    /// What to export.
    #[arg(value_enum, default_value = "observations")]
    what: What,
    #[command(flatten)]
    filter: FilterArgs,
    /// Output format (default: from --out's extension, else csv).
    #[arg(long, value_enum)]
    format: Option<FileFormat>,
    /// Output file (default: standard output).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Rankings: rank one index group instead of the total (CKMB, TDGQ, …, MDSH).
    #[arg(long)]
    group: Option<String>,
    /// Scores: each unit's latest capture only.
    #[arg(long)]
    latest: bool,
    /// Only flagged figures (see also `dvcrank check`).
    #[arg(long)]
    flagged: bool,
    /// Instead: write every stored raw page, with every capture, as a WARC file.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "out", "group", "latest", "flagged"])]
    warc: Option<PathBuf>,
    /// With --warc: compress each record (gzip members, as `.warc.gz` readers expect).
    #[arg(long, requires = "warc")]
    gzip: bool,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: CheckFormat,
}

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The WARC file (plain or gzip-compressed).
    #[arg(long, value_name = "FILE")]
    warc: PathBuf,
    /// The selectors folder, to read the imported pages into figures.
    #[arg(long, default_value = "selectors")]
    selectors: PathBuf,
}

/// Every code a province name stands for, in either map.
fn resolve_provinces(list: &str) -> anyhow::Result<Vec<ProvinceCode>> {
    let registry = Registry::builtin();
    let mut out = Vec::new();
    for name in names(list) {
        out.extend(registry.resolve(name).map_err(|e| Error::Input(e.message))?);
    }
    if out.is_empty() {
        anyhow::bail!(Error::Input("name at least one province".into()));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn parse_metric(s: &str) -> anyhow::Result<(Metric, Option<Unit>)> {
    let (key, unit) = match s.strip_suffix('%') {
        Some(k) => (k, Some(Unit::Percent)),
        None => (s, None),
    };
    let metric: Metric = key.parse().map_err(Error::Input)?;
    Ok((metric, unit))
}

fn build_filter(args: &FilterArgs) -> anyhow::Result<ExportFilter> {
    let mut filter = ExportFilter::default();
    if let Some(list) = &args.province {
        filter.provinces = resolve_provinces(list)?;
    }
    if let Some(p) = &args.period {
        let p = parse_period(p)?;
        filter.since = Some(p.start());
        filter.until = Some(p.end());
    }
    if let Some(s) = &args.since {
        let day = match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => parse_period(s)
                .map_err(|_| Error::Input(format!("`{s}` is neither a date (YYYY-MM-DD) nor a period (2024-04)")))?
                .start(),
        };
        filter.since = Some(filter.since.map_or(day, |d| d.max(day)));
    }
    filter.metric = args.metric.as_deref().map(parse_metric).transpose()?;
    Ok(filter)
}

fn output(out: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(path) => {
            Box::new(BufWriter::new(File::create(path).with_context(|| format!("creating {}", path.display()))?))
        }
        None => Box::new(std::io::stdout().lock()),
    })
}

pub(super) fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    if let Some(path) = &args.warc {
        let mut out = BufWriter::new(File::create(path).with_context(|| format!("creating {}", path.display()))?);
        let summary = warc::write_store(&store, &mut out, &warc::WriteOptions { gzip: args.gzip })
            .with_context(|| format!("writing {}", path.display()))?;
        out.flush().with_context(|| format!("writing {}", path.display()))?;
        println!(
            "{}: {} responses, {} revisits, {} requests ({} pages)",
            path.display(),
            summary.responses,
            summary.revisits,
            summary.requests,
            store.page_count()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut filter = build_filter(&args.filter)?;
    filter.flagged_only = args.flagged;
    let format = match (args.format, args.out.as_deref().and_then(Format::from_path)) {
        (Some(FileFormat::Csv), _) | (None, None) => Format::Csv,
        (Some(FileFormat::Jsonl), _) => Format::JsonLines,
        (Some(FileFormat::Json), _) => Format::Json,
        (None, Some(f)) => f,
    };
    if args.group.is_some() && args.what != What::Rankings {
        anyhow::bail!(Error::Input("--group applies to `export rankings`".into()));
    }
    if args.latest && args.what != What::Scores {
        anyhow::bail!(Error::Input("--latest applies to `export scores`".into()));
    }
    if filter.metric.is_some() && args.what != What::Observations {
        anyhow::bail!(Error::Input(
            "--metric applies to `export observations`; for a ranking on a bulletin metric use \
             `dvcrank rank --metric M --format csv`"
                .into()
        ));
    }
    let mut out = output(args.out.as_deref())?;
    match args.what {
        What::Observations => export::write_records(&mut out, &export::observation_rows(&store, &filter)?, format)?,
        What::Scores => export::write_records(&mut out, &export::score_rows(&store, &filter, args.latest)?, format)?,
        What::Rankings => {
            let group = args.group.as_deref().map(str::parse::<IndexGroup>).transpose().map_err(Error::Input)?;
            export::write_records(&mut out, &export::ranking_rows(&store, &filter, group)?, format)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let items = export::flagged_items(&store, &build_filter(&args.filter)?)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        CheckFormat::Table => export::write_flagged_table(&mut out, &items, store.is_sample()?)?,
        CheckFormat::Csv => export::write_records(&mut out, &items, Format::Csv)?,
        CheckFormat::Json => export::write_records(&mut out, &items, Format::Json)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let sources = source::load_dir(&args.selectors)?;
    let store = open_store(&args.store.store)?;
    let file = File::open(&args.warc).with_context(|| format!("opening {}", args.warc.display()))?;
    let summary =
        warc::import(&store, BufReader::new(file)).with_context(|| format!("importing {}", args.warc.display()))?;
    let report = pipeline::reparse(&store, &sources)?;
    store.flush()?;
    println!(
        "imported {} captures ({} new pages, {} not-modified checks, {} records skipped); \
         re-read {} bulletins and {} index tables: {} figures",
        summary.captures,
        summary.new_pages,
        summary.not_modified,
        summary.skipped,
        report.bulletins,
        report.tables,
        report.observations_added
    );
    for p in &summary.problems {
        println!("    skipped: {p}");
    }
    Ok(if report.failed > 0 || summary.skipped > 0 { ExitCode::from(exit::FAILURES) } else { ExitCode::SUCCESS })
}
