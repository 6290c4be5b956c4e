//! `rank` and `trend`: rankings and series read from the store, printed as a table,
//! CSV or JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use dvcrank::model::{IndexGroup, Metric, Unit};
use dvcrank::query::{self, TrendSubject};
use dvcrank::rank::Ranking;
use dvcrank::store::Store;
use dvcrank::{export, Error};

use super::{open_store, parse_day, parse_period, parse_provinces, StoreArg};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub(super) struct SubjectArgs {
    /// A bulletin metric instead of the index (e.g. received_total, received_online%).
    #[arg(long)]
    pub(super) metric: Option<String>,
    /// One index group instead of the total (CKMB, TDGQ, TTTT, CLGQ, ONLINE, MDHL, MDSH).
    #[arg(long)]
    pub(super) group: Option<String>,
}

#[derive(Debug, Args)]
pub(super) struct RankArgs {
    #[command(flatten)]
    pub(super) store: StoreArg,
    /// The period: 2024-04, 2024-Q2, 2024-H1 or 2024 (default: the latest month stored).
    #[arg(long)]
    pub(super) period: Option<String>,
    #[command(flatten)]
    pub(super) subject: SubjectArgs,
    /// Use the captures taken on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub(super) as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(super) format: Format,
}

#[derive(Debug, Args)]
pub(super) struct TrendArgs {
    #[command(flatten)]
    pub(super) store: StoreArg,
    /// Provinces, separated by commas.
    #[arg(long)]
    pub(super) province: String,
    #[command(flatten)]
    pub(super) subject: SubjectArgs,
    /// First month (default: the first stored).
    #[arg(long)]
    pub(super) from: Option<String>,
    /// Last month (default: the latest stored).
    #[arg(long)]
    pub(super) to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(super) format: Format,
}

pub(super) fn parse_subject(args: &SubjectArgs) -> anyhow::Result<TrendSubject> {
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

pub(super) fn build_ranking(args: &RankArgs, store: &Store) -> anyhow::Result<Ranking> {
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

pub(super) fn rank(args: &RankArgs) -> anyhow::Result<ExitCode> {
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

pub(super) fn build_trend(args: &TrendArgs, store: &Store) -> anyhow::Result<dvcrank::rank::Trend> {
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

pub(super) fn trend(args: &TrendArgs) -> anyhow::Result<ExitCode> {
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
