//! `rank` and `trend`: rankings (the provinces, or one province's departments, districts
//! or communes), series and province overviews read from the store, printed as a table,
//! CSV or JSON, with notes on the readings (boundaries, capture dates, failed checks,
//! names matching no province). I/O: reads the store, writes stdout (notes to stderr
//! beside CSV or JSON).

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use dvcrank::extract::index_page::vietnam_date;
use dvcrank::extract::number::format_vi;
use dvcrank::model::{CalendarPeriod, Era, IndexGroup, Metric, ProvinceCode, Unit, UnitLevel};
use dvcrank::query::{self, IndexScope, IndexSelection, Measure, Overview, TrendSubject};
use dvcrank::rank::boundaries::{in_map, Boundaries};
use dvcrank::rank::ratio::Rate;
use dvcrank::rank::{retain_provinces, Ranking, Trend};
use dvcrank::store::Store;
use dvcrank::{export, Error};

use super::{open_store, parse_day, parse_period, parse_provinces, StoreArg};

/// Failed checks listed under a table before "and N more".
const CHECKS_SHOWN: usize = 10;

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
    /// Rank one province's units instead of the provinces: department, district or commune
    /// (with --province).
    #[arg(long)]
    pub(super) level: Option<String>,
    /// The province whose units --level ranks.
    #[arg(long)]
    pub(super) province: Option<String>,
    /// Show only these provinces (names separated by commas), with their national rank.
    #[arg(long)]
    pub(super) provinces: Option<String>,
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
    /// First period; its kind (2024-01, 2024-Q1, 2024-H1, 2024) is the series' step
    /// (default: the first month with data).
    #[arg(long)]
    pub(super) from: Option<String>,
    /// Last period (default: the latest with data).
    #[arg(long)]
    pub(super) to: Option<String>,
    /// Use the index captures taken on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub(super) as_of: Option<String>,
    /// The provincial map: as-published (each period its own; the default) or 2025 (the
    /// 34 provinces throughout: counts summed, scores per old province).
    #[arg(long, default_value = "as-published")]
    pub(super) boundaries: String,
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

fn parse_level(s: &str) -> anyhow::Result<UnitLevel> {
    Ok(match s.trim().to_lowercase().as_str() {
        "department" | "departments" => UnitLevel::Department,
        "district" | "districts" => UnitLevel::District,
        "commune" | "communes" => UnitLevel::Commune,
        other => {
            let message = dvcrank::text::unknown_choice("level", other, &["department", "district", "commune"]);
            anyhow::bail!(Error::Input(message))
        }
    })
}

fn parse_boundaries(s: &str) -> anyhow::Result<Boundaries> {
    Ok(s.parse().map_err(Error::Input)?)
}

/// One province, named on the command line.
fn one_province(name: &str) -> anyhow::Result<ProvinceCode> {
    match parse_provinces(name)?.as_slice() {
        [only] => Ok(*only),
        _ => Err(Error::Input(format!("--province names one province, not `{name}`")).into()),
    }
}

/// A ranking, what to say above it (whose units) and under it.
pub(super) struct RankOutput {
    pub(super) ranking: Ranking,
    pub(super) heading: Option<String>,
    pub(super) notes: Vec<String>,
}

fn level_vi(level: UnitLevel) -> &'static str {
    match level {
        UnitLevel::Province => "tỉnh, thành phố",
        UnitLevel::Department => "sở, ban, ngành",
        UnitLevel::District => "huyện, thị xã, thành phố thuộc tỉnh",
        UnitLevel::Commune => "xã, phường",
    }
}

fn era_line(era: Era) -> &'static str {
    match era {
        Era::Pre2025 => "Ranh giới: 63 tỉnh, thành phố (trước 1/7/2025).",
        Era::Post2025 => "Ranh giới: 34 tỉnh, thành phố (từ 1/7/2025).",
    }
}

pub(super) fn build_rank(args: &RankArgs, store: &Store) -> anyhow::Result<RankOutput> {
    let subject = parse_subject(&args.subject)?;
    let as_of = args.as_of.as_deref().map(parse_day).transpose()?;
    let scope = match (&args.level, &args.province) {
        (None, None) => IndexScope::National,
        (Some(level), Some(province)) => {
            IndexScope::DrillDown { province: one_province(province)?, level: parse_level(level)? }
        }
        (Some(_), None) => anyhow::bail!(Error::Input("--level ranks one province's units: add --province".into())),
        (None, Some(_)) => anyhow::bail!(Error::Input(
            "--province picks the province whose units --level ranks: add --level department, district or commune (or use --provinces to filter the national ranking)".into()
        )),
    };
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
    let mut notes = vec![era_line(period.era()).to_string()];
    let mut heading = None;
    let mut ranking = match subject {
        TrendSubject::Index(group) => {
            let table = query::index_table(store, &IndexSelection { period, group, as_of, scope })?;
            if let (Some(p), IndexScope::DrillDown { level, .. }) = (table.province, scope) {
                let name = dvcrank::province::Registry::builtin().name(p);
                heading = Some(format!("{name} — {}: hạng trong cấp này", level_vi(level)));
            }
            notes.extend(table_notes(&table, args.province.as_deref(), as_of));
            table.ranking
        }
        TrendSubject::Metric(metric, unit) => {
            if !matches!(scope, IndexScope::National) {
                anyhow::bail!(Error::Input("--level ranks the units of the index; drop --metric".into()));
            }
            query::metric_ranking(store, metric, unit, period)?
        }
    };
    if let Some(list) = &args.provinces {
        let keep: Vec<ProvinceCode> =
            parse_provinces(list)?.into_iter().flat_map(|p| in_map(p, period.era())).collect();
        retain_provinces(&mut ranking, &keep);
    }
    Ok(RankOutput { ranking, heading, notes })
}

fn table_notes(
    table: &query::IndexTable,
    asked: Option<&str>,
    as_of: Option<chrono::DateTime<chrono::Utc>>,
) -> Vec<String> {
    let registry = dvcrank::province::Registry::builtin();
    let mut notes = Vec::new();
    if let (Some(p), Some(asked)) = (table.province, asked) {
        let shown = registry.name(p);
        if dvcrank::text::fold(&shown) != dvcrank::text::fold(asked) {
            notes.push(format!("Đơn vị của {shown} (tỉnh, thành phố gồm `{asked}` trong kỳ này)."));
        }
    }
    if let Some((first, last)) = table.captured {
        let (a, b) = (vietnam_date(first), vietnam_date(last));
        let when = if a == b {
            format!("ngày {}", a.format("%d/%m/%Y"))
        } else {
            format!("từ {} đến {}", a.format("%d/%m/%Y"), b.format("%d/%m/%Y"))
        };
        let asked = as_of.map_or(String::new(), |t| format!(" (--as-of {})", vietnam_date(t)));
        notes.push(format!("Số liệu chụp {when}{asked}: điểm thay đổi hằng ngày đến khi kỳ đóng."));
    }
    if !table.unmatched.is_empty() {
        notes.push(format!("Không khớp tỉnh nào (giữ trong kho, không xếp hạng): {}.", table.unmatched.join(", ")));
    }
    if !table.checks.is_empty() {
        notes.push(format!("Kiểm tra không đạt ({}): số liệu giữ nguyên, không sửa.", table.checks.len()));
        for (unit, detail) in table.checks.iter().take(CHECKS_SHOWN) {
            notes.push(format!("  {unit}: {detail}"));
        }
        if table.checks.len() > CHECKS_SHOWN {
            notes.push(format!("  … và {} nữa", table.checks.len() - CHECKS_SHOWN));
        }
    }
    notes
}

pub(super) fn build_ranking(args: &RankArgs, store: &Store) -> anyhow::Result<Ranking> {
    Ok(build_rank(args, store)?.ranking)
}

/// Notes go under a table, or to stderr when stdout carries CSV or JSON.
fn print_notes(out: &mut impl Write, format: Format, notes: &[String]) -> anyhow::Result<()> {
    for n in notes {
        match format {
            Format::Table => writeln!(out, "{n}")?,
            Format::Csv | Format::Json => eprintln!("{n}"),
        }
    }
    Ok(())
}

pub(super) fn rank(args: &RankArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let output = build_rank(args, &store)?;
    let mut out = std::io::stdout().lock();
    print_notes(&mut out, args.format, output.heading.as_slice())?;
    match args.format {
        Format::Table => export::write_ranking_table(&mut out, &output.ranking)?,
        Format::Csv => export::write_ranking_csv(&mut out, &output.ranking)?,
        Format::Json => export::write_ranking_json(&mut out, &output.ranking)?,
    }
    print_notes(&mut out, args.format, &output.notes)?;
    Ok(ExitCode::SUCCESS)
}

/// The periods a trend covers: `--from`..`--to` in `--from`'s kind (months by default),
/// else from the first to the last period with data (`stored`, for the kind asked).
fn trend_periods(
    args: &TrendArgs,
    stored: impl FnOnce(CalendarPeriod) -> dvcrank::Result<Vec<CalendarPeriod>>,
) -> anyhow::Result<Vec<CalendarPeriod>> {
    let from = args.from.as_deref().map(parse_period).transpose()?;
    let to = args.to.as_deref().map(parse_period).transpose()?;
    let stored = stored(from.unwrap_or(CalendarPeriod::Month { year: 2000, month: 1 }))?;
    let (Some(first), Some(last)) = (from.or(stored.first().copied()), to.or(stored.last().copied())) else {
        anyhow::bail!(Error::Input("the store has no data for this yet".into()));
    };
    Ok(query::periods_between(first, last))
}

pub(super) fn build_trend(args: &TrendArgs, store: &Store) -> anyhow::Result<Trend> {
    let subject = parse_subject(&args.subject)?;
    let provinces = parse_provinces(&args.province)?;
    let as_of = args.as_of.as_deref().map(parse_day).transpose()?;
    let periods = trend_periods(args, |kind| query::subject_periods(store, subject, kind))?;
    Ok(query::trend_in(store, subject, &provinces, &periods, as_of, parse_boundaries(&args.boundaries)?)?)
}

fn value_text(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "–".to_string(), |v| format_vi(v, decimals))
}

fn runs_text(runs: &[(CalendarPeriod, CalendarPeriod)]) -> String {
    if runs.is_empty() {
        return "không có".to_string();
    }
    let parts: Vec<String> =
        runs.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}…{b}") }).collect();
    parts.join(", ")
}

pub(super) fn trend(args: &TrendArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    if args.subject.metric.is_none() && args.subject.group.is_none() {
        return print_overview(args, &store);
    }
    let t = build_trend(args, &store)?;
    let boundaries = parse_boundaries(&args.boundaries)?;
    let decimals = if t.subject.unit() == Unit::Count { 0 } else { 2 };
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
                    let value = p.value.map_or_else(String::new, |v| v.to_string());
                    writeln!(out, "{},{},\"{}\",{value}", p.period, s.province, s.name.replace('"', "\"\""))?;
                }
            }
        }
        Format::Table => {
            writeln!(out, "{}{}", t.subject.name_vi(), if t.sample { "  [DỮ LIỆU MẪU / SAMPLE DATA]" } else { "" })?;
            writeln!(out, "{}", boundaries.describe_vi())?;
            for s in &t.series {
                writeln!(
                    out,
                    "{} — {} / {} kỳ có số liệu ({})",
                    s.name,
                    s.coverage(),
                    s.points.len(),
                    runs_text(&s.covered())
                )?;
                for p in &s.points {
                    writeln!(out, "  {}  {}", p.period, value_text(p.value, decimals))?;
                }
            }
            for s in &t.sources {
                writeln!(out, "Nguồn: {}, truy cập {}", s.host, s.captured_at.format("%d/%m/%Y"))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_overview(args: &TrendArgs, store: &Store) -> anyhow::Result<ExitCode> {
    let provinces = parse_provinces(&args.province)?;
    let as_of = args.as_of.as_deref().map(parse_day).transpose()?;
    let periods = trend_periods(args, |kind| query::overview_periods(store, &provinces, kind))?;
    let o = query::overview(store, &provinces, &periods, as_of, parse_boundaries(&args.boundaries)?)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &o)?;
            writeln!(out)?;
        }
        Format::Csv => {
            writeln!(out, "period,measure,province_code,province,value,detail")?;
            for c in &o.columns {
                let measure = match c.measure {
                    Measure::Index => "index",
                    Measure::Rate(Rate::OnTime) => "on_time_rate",
                    Measure::Rate(Rate::OnlineShare) => "online_share",
                };
                for (period, cell) in o.periods.iter().zip(&c.cells) {
                    writeln!(
                        out,
                        "{period},{measure},{},\"{}\",{},{}",
                        c.province,
                        c.name.replace('"', "\"\""),
                        cell.value.map_or_else(String::new, |v| v.to_string()),
                        cell.detail.as_deref().unwrap_or("")
                    )?;
                }
            }
        }
        Format::Table => write_overview_table(&mut out, &o)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_overview_table(out: &mut impl Write, o: &Overview) -> anyhow::Result<()> {
    writeln!(out, "Chỉ số phục vụ và số liệu bản tin{}", if o.sample { "  [DỮ LIỆU MẪU / SAMPLE DATA]" } else { "" })?;
    writeln!(out, "{}", o.boundaries.describe_vi())?;
    for (i, c) in o.columns.iter().enumerate() {
        writeln!(out, "  [{}] {} — {}", i + 1, c.measure.name_vi(), c.name)?;
    }
    let cells: Vec<Vec<String>> = o
        .columns
        .iter()
        .map(|c| {
            c.cells
                .iter()
                .map(|cell| match (&cell.value, &cell.detail) {
                    (Some(v), Some(d)) => format!("{} ({d})", format_vi(*v, 2)),
                    (v, _) => value_text(*v, 2),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = cells
        .iter()
        .enumerate()
        .map(|(i, col)| col.iter().map(|s| s.chars().count()).max().unwrap_or(0).max(format!("[{}]", i + 1).len()))
        .collect();
    let mut header = format!("{:<8}", "Kỳ");
    for (i, w) in widths.iter().enumerate() {
        header.push_str(&format!("  {:>w$}", format!("[{}]", i + 1)));
    }
    writeln!(out, "{}", header.trim_end())?;
    for (row, period) in o.periods.iter().enumerate() {
        let mut line = format!("{:<8}", period.to_string());
        for (col, w) in cells.iter().zip(&widths) {
            let text = col.get(row).map_or("–", String::as_str);
            let pad = w.saturating_sub(text.chars().count());
            line.push_str(&format!("  {}{text}", " ".repeat(pad)));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "Có số liệu:")?;
    for (i, c) in o.columns.iter().enumerate() {
        let have = c.cells.iter().filter(|x| x.value.is_some()).count();
        writeln!(out, "  [{}] {} / {} kỳ: {}", i + 1, have, o.periods.len(), runs_text(&c.coverage(&o.periods)))?;
    }
    writeln!(
        out,
        "{} = {}; {} = {}. (nêu): tỷ lệ bản tin nêu; (tính): tính từ số lượng. Điểm chỉ số kèm (hạng/số tỉnh).",
        Rate::OnTime.name_vi(),
        Rate::OnTime.formula(),
        Rate::OnlineShare.name_vi(),
        Rate::OnlineShare.formula()
    )?;
    for s in &o.sources {
        writeln!(out, "Nguồn: {}, truy cập {}", s.host, s.captured_at.format("%d/%m/%Y"))?;
    }
    Ok(())
}
