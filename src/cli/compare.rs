//! `compare`: provinces side by side for one period (rank, score, grade, groups, change,
//! bulletin rates), as a table, CSV or JSON. I/O: reads the store, writes stdout.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use dvcrank::extract::number::format_vi;
use dvcrank::query::{self, Comparison};
use dvcrank::rank::Grade;
use dvcrank::Error;

use super::rank::Format;
use super::{open_store, parse_day, parse_period, parse_provinces, StoreArg};

#[derive(Debug, Args)]
pub(super) struct CompareArgs {
    #[command(flatten)]
    pub(super) store: StoreArg,
    /// Provinces, separated by commas.
    #[arg(long)]
    pub(super) provinces: String,
    /// The period: 2024-04, 2024-Q2, 2024-H1 or 2024 (default: the latest month stored).
    #[arg(long)]
    pub(super) period: Option<String>,
    /// Use the captures taken on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub(super) as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(super) format: Format,
}

/// The table's rows: a label, then one cell per province.
fn rows(c: &Comparison) -> Vec<(String, Vec<String>)> {
    let dash = || "–".to_string();
    let per = |f: &dyn Fn(&query::Compared) -> Option<String>| -> Vec<String> {
        c.provinces.iter().map(|p| f(p).unwrap_or_else(dash)).collect()
    };
    let mut out = vec![
        (format!("Hạng (/{})", c.ranked), per(&|p| p.entry.as_ref().map(|e| e.rank.to_string()))),
        ("Điểm".to_string(), per(&|p| p.entry.as_ref().map(|e| format_vi(e.value, 2)))),
        ("Xếp loại".to_string(), per(&|p| p.entry.as_ref().map(|e| Grade::of(e.value).name_vi().to_string()))),
    ];
    for &g in &c.groups {
        let label = format!("{} (/{})", g.code(), g.max_points());
        out.push((label, per(&|p| p.entry.as_ref().and_then(|e| e.groups.get(&g)).map(|v| format_vi(*v, 2)))));
    }
    out.push((
        "Thay đổi hạng".to_string(),
        per(&|p| {
            p.entry.as_ref().and_then(|e| e.change).map(|ch| match ch.rank {
                r if r > 0 => format!("▲{r}"),
                r if r < 0 => format!("▼{}", -r),
                _ => "=".to_string(),
            })
        }),
    ));
    out.push((
        "Thay đổi điểm".to_string(),
        per(&|p| {
            p.entry.as_ref().and_then(|e| e.change).map(|ch| {
                let sign = if ch.value < 0.0 { "-" } else { "+" };
                format!("{sign}{}", format_vi(ch.value.abs(), 2))
            })
        }),
    ));
    for (i, (rate, _)) in c.provinces.first().map(|p| p.rates.clone()).unwrap_or_default().iter().enumerate() {
        out.push((
            rate.name_vi().to_string(),
            per(&|p| {
                p.rates
                    .get(i)
                    .and_then(|(_, v)| *v)
                    .map(|v| format!("{} ({})", format_vi(v.value, 2), v.basis.label_vi()))
            }),
        ));
    }
    out
}

fn write_table(out: &mut impl Write, c: &Comparison) -> anyhow::Result<()> {
    writeln!(out, "So sánh — {}{}", c.period, if c.sample { "  [DỮ LIỆU MẪU / SAMPLE DATA]" } else { "" })?;
    let rows = rows(c);
    let label_w = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = c
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            rows.iter().map(|(_, cells)| cells[i].chars().count()).max().unwrap_or(0).max(p.name.chars().count())
        })
        .collect();
    let cell = |s: &str, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(s.chars().count())));
    let mut header = " ".repeat(label_w);
    for (p, w) in c.provinces.iter().zip(&widths) {
        header.push_str(&format!("  {}", cell(&p.name, *w)));
    }
    writeln!(out, "{header}")?;
    for (label, cells) in &rows {
        let mut line = format!("{label}{}", " ".repeat(label_w - label.chars().count()));
        for (text, w) in cells.iter().zip(&widths) {
            line.push_str(&format!("  {}", cell(text, *w)));
        }
        writeln!(out, "{line}")?;
    }
    for p in &c.provinces {
        if let Some(note) = &p.note {
            writeln!(out, "{}: {note}", p.name)?;
        }
    }
    writeln!(out, "Tỷ lệ: (nêu) bản tin nêu; (tính) tính từ số lượng. Hạng: trong cả nước.")?;
    for s in &c.sources {
        writeln!(out, "Nguồn: {}, truy cập {}", s.host, s.captured_at.format("%d/%m/%Y"))?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, c: &Comparison) -> anyhow::Result<()> {
    let quote =
        |s: &str| if s.contains([',', '"']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
    let names: Vec<String> = c.provinces.iter().map(|p| quote(&p.name)).collect();
    writeln!(out, "measure,{}", names.join(","))?;
    for (label, cells) in rows(c) {
        let cells: Vec<String> = cells.iter().map(|s| if s == "–" { String::new() } else { quote(s) }).collect();
        writeln!(out, "{},{}", quote(&label), cells.join(","))?;
    }
    Ok(())
}

pub(super) fn compare(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let provinces = parse_provinces(&args.provinces)?;
    let as_of = args.as_of.as_deref().map(parse_day).transpose()?;
    let period = match &args.period {
        Some(p) => parse_period(p)?,
        None => *query::index_months(&store)?
            .last()
            .ok_or_else(|| Error::Input("the store has no index scores yet; name a --period".into()))?,
    };
    let c = query::compare(&store, &provinces, period, as_of)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => write_table(&mut out, &c)?,
        Format::Csv => write_csv(&mut out, &c)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &c)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
