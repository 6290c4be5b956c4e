//! `chart ranking`, `chart trend` and `chart multiples`: charts into the charts folder,
//! each with its data (`.csv`) and metadata (`.meta.json`) beside it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use dvcrank::chart::{ChartOptions, Format, Lang, SizePreset};
use dvcrank::model::{Era, ProvinceCode};
use dvcrank::province::Registry;
use dvcrank::rank::boundaries::in_map;
use dvcrank::rank::Trend;
use dvcrank::sidecar;

use super::rank::{build_ranking, build_trend, RankArgs, TrendArgs};
use super::{command_line, names, open_store, print_charts};
use dvcrank::error::Error;

#[derive(Debug, Subcommand)]
pub(super) enum ChartCommand {
    /// Provinces ranked for a period.
    Ranking {
        #[command(flatten)]
        rank: RankArgs,
        #[command(flatten)]
        look: ChartArgs,
    },
    /// Provinces over time, one line each.
    Trend {
        #[command(flatten)]
        trend: TrendArgs,
        #[command(flatten)]
        look: ChartArgs,
    },
    /// Provinces over time, one panel each on shared scales (small multiples).
    Multiples {
        #[command(flatten)]
        trend: TrendArgs,
        #[command(flatten)]
        look: ChartArgs,
    },
}

/// How the chart looks and where it goes.
#[derive(Debug, Args)]
pub(super) struct ChartArgs {
    /// Output folder.
    #[arg(long, default_value = "charts")]
    out: PathBuf,
    /// Provinces to pick out in the accent colour (a ranking) or with a bold line (a
    /// trend), separated by commas; a ranking cut by --top/--bottom keeps them.
    #[arg(long)]
    highlight: Option<String>,
    /// Ranking: each bar split into the index groups.
    #[arg(long)]
    stacked: bool,
    /// Ranking: only the first N provinces (with --bottom and --highlight).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Ranking: only the last N provinces (with --top and --highlight).
    #[arg(long, value_name = "N")]
    bottom: Option<usize>,
    /// Ranking: leave out the national average line.
    #[arg(long)]
    no_average: bool,
    /// Language of the chart's words and numbers: vi (75,35) or en (75.35).
    #[arg(long, default_value = "vi")]
    lang: Lang,
    /// Size: social (1200×675), square (1080×1080), print (A4 portrait, 300 dpi),
    /// print-landscape, or WIDTHxHEIGHT in pixels.
    #[arg(long, default_value = "social")]
    size: SizePreset,
    /// Image formats, separated by commas: png, svg.
    #[arg(long, default_value = "png,svg", value_delimiter = ',', value_parser = parse_image)]
    image: Vec<Format>,
    /// A title instead of the generated one.
    #[arg(long)]
    title: Option<String>,
    /// A subtitle instead of the generated one.
    #[arg(long)]
    subtitle: Option<String>,
}

fn parse_image(s: &str) -> Result<Format, String> {
    Format::from_extension(s.trim()).ok_or_else(|| format!("unknown image format `{s}`; use png or svg"))
}

impl ChartArgs {
    /// The options, with highlighted names resolved in the map of `era` (a ranking's) or,
    /// without one, in both maps (a trend's series may be of either).
    fn options(&self, era: Option<Era>) -> anyhow::Result<ChartOptions> {
        let highlight = match &self.highlight {
            Some(list) => highlighted(list, era)?,
            None => Vec::new(),
        };
        Ok(ChartOptions {
            lang: self.lang,
            size: self.size,
            formats: self.image.clone(),
            highlight,
            stacked: self.stacked,
            top: self.top,
            bottom: self.bottom,
            average_line: !self.no_average,
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            ..ChartOptions::default()
        })
    }
}

/// The provinces a list names. In a given map, a name from the other one stands for
/// the provinces it became or came from ("Hà Giang" in 2025-12 is Tuyên Quang).
fn highlighted(list: &str, era: Option<Era>) -> anyhow::Result<Vec<ProvinceCode>> {
    let registry = Registry::builtin();
    let mut out = Vec::new();
    for name in names(list) {
        let codes = registry.resolve(name).map_err(|e| Error::Input(format!("--highlight: {}", e.message)))?;
        match era {
            None => out.extend(codes),
            Some(era) if codes.iter().any(|c| c.era == era) => out.extend(codes.into_iter().filter(|c| c.era == era)),
            Some(era) => out.extend(codes.into_iter().flat_map(|c| in_map(c, era))),
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

pub(super) fn chart(command: &ChartCommand) -> anyhow::Result<ExitCode> {
    match command {
        ChartCommand::Ranking { rank, look } => chart_ranking(rank, look),
        ChartCommand::Trend { trend, look } => chart_trend(trend, look, false),
        ChartCommand::Multiples { trend, look } => chart_trend(trend, look, true),
    }
}

fn chart_ranking(args: &RankArgs, look: &ChartArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let ranking = build_ranking(args, &store)?;
    let opts = look.options(Some(ranking.period.era()))?;
    let stem = look.out.join(format!("ranking-{}{}", ranking.period, variant(look)));
    let mut paths = dvcrank::chart::render_ranking(&stem, &ranking, &opts)?;
    paths.extend(sidecar::write_ranking_sidecars(&stem, &ranking, &paths, &command_line())?);
    print_charts(&paths);
    Ok(ExitCode::SUCCESS)
}

fn chart_trend(args: &TrendArgs, look: &ChartArgs, multiples: bool) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.store.store)?;
    let t = build_trend(args, &store)?;
    let opts = look.options(None)?;
    let kind = if multiples { "multiples" } else { "trend" };
    let stem =
        look.out.join(format!("{kind}-{}-{}{}", t.subject, series_names(&t), variant(look)).replace(['%', ':'], ""));
    let mut paths = if multiples {
        dvcrank::chart::render_multiples(&stem, &t, &opts)?
    } else {
        dvcrank::chart::render_trend(&stem, &t, &opts)?
    };
    paths.extend(sidecar::write_trend_sidecars(&stem, &t, &paths, &command_line())?);
    print_charts(&paths);
    Ok(ExitCode::SUCCESS)
}

/// The series' names folded to ASCII words for a file name ("Lạng Sơn" → "lang-son").
fn series_names(t: &Trend) -> String {
    let names: Vec<String> = t.series.iter().map(|s| dvcrank::text::file_words(&s.name)).collect();
    // Many provinces would make a file name longer than file systems allow.
    if names.len() > 6 {
        format!("{}-and-{}-more", names[..3].join("_"), names.len() - 3)
    } else {
        names.join("_")
    }
}

/// A suffix telling variants of the same chart apart, so one does not overwrite another:
/// `-stacked`, `-top10`, `-en`, `-square` …
fn variant(look: &ChartArgs) -> String {
    let mut out = String::new();
    if look.stacked {
        out.push_str("-stacked");
    }
    if let Some(n) = look.top {
        out.push_str(&format!("-top{n}"));
    }
    if let Some(n) = look.bottom {
        out.push_str(&format!("-bottom{n}"));
    }
    if look.lang != Lang::default() {
        out.push_str(&format!("-{}", look.lang));
    }
    match look.size {
        SizePreset::Social => {}
        SizePreset::Square => out.push_str("-square"),
        SizePreset::PrintPortrait => out.push_str("-print"),
        SizePreset::PrintLandscape => out.push_str("-print-landscape"),
        SizePreset::Custom { width, height } => out.push_str(&format!("-{width}x{height}")),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_names_follow_the_map_asked_for() {
        let registry = Registry::builtin();
        let names = |codes: Vec<ProvinceCode>| codes.into_iter().map(|c| registry.name(c)).collect::<Vec<_>>();
        let after = highlighted("Hà Giang, Huế", Some(Era::Post2025)).expect("known");
        assert_eq!(names(after), ["Tuyên Quang", "Huế"]);
        let before = highlighted("Ninh Bình", Some(Era::Pre2025)).expect("known");
        assert_eq!(names(before), ["Ninh Bình"]);
        assert!(highlighted("Lang Son", None).expect("known").len() == 2, "both maps' Lạng Sơn");
        let err = highlighted("Hà Nọi, Atlantis", None).expect_err("unknown").to_string();
        assert!(err.contains("--highlight") && err.contains("Atlantis"), "{err}");
    }
}
