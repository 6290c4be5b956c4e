//! The files written beside every chart so a reader can check it: `<chart>.csv`, the
//! values drawn (UTF-8 with a byte-order mark), and `<chart>.meta.json`, what the chart
//! is, where its figures were read and when, the dvcrank and extractor versions and the
//! command that drew it. The data and metadata writers are pure; [`write_ranking_sidecars`]
//! and [`write_trend_sidecars`] write the files (I/O).
//!
//! Deterministic: no time other than the data's, keys sorted, so re-drawing an unchanged
//! chart rewrites identical files.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::chart::{captions, Lang};
use crate::export::{csv_writer, rows::timestamp, write_ranking_csv, BOM};
use crate::rank::{Ranking, SourceRef, Trend};
use crate::{Error, Result, EXTRACTOR_VERSION};

/// Where a chart's figures were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaSource {
    /// The host (the real one for the demo's mirror).
    pub host: String,
    /// The latest capture used from it (RFC 3339, UTC).
    pub captured_at: String,
}

/// What `<chart>.meta.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartMeta {
    /// The chart files, by file name.
    pub charts: Vec<String>,
    /// The data file beside it.
    pub data: String,
    /// The chart's title, in Vietnamese.
    pub title: String,
    /// What is drawn (`index`, `index:MDHL`, `received_online%` …).
    pub subject: String,
    /// The periods drawn, first and last.
    pub periods: Vec<String>,
    /// Where the figures were read.
    pub sources: Vec<MetaSource>,
    /// Whether the figures are the bundled sample data.
    pub sample: bool,
    /// The dvcrank that drew it.
    pub dvcrank_version: String,
    /// The extraction rules of that dvcrank.
    pub extractor_version: u32,
    /// The command line that drew it.
    pub command: Vec<String>,
}

fn sources(refs: &[SourceRef]) -> Vec<MetaSource> {
    refs.iter().map(|s| MetaSource { host: s.host.clone(), captured_at: timestamp(s.captured_at) }).collect()
}

fn file_names(paths: &[PathBuf]) -> Vec<String> {
    paths.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect()
}

impl ChartMeta {
    /// The metadata of a ranking chart.
    #[must_use]
    pub fn of_ranking(ranking: &Ranking, charts: &[PathBuf], data: &str, command: &[String]) -> ChartMeta {
        ChartMeta {
            charts: file_names(charts),
            data: data.to_string(),
            title: captions::ranking_title(ranking, Lang::Vi),
            subject: ranking.subject.to_string(),
            periods: vec![ranking.period.to_string()],
            sources: sources(&ranking.sources),
            sample: ranking.sample,
            dvcrank_version: env!("CARGO_PKG_VERSION").to_string(),
            extractor_version: EXTRACTOR_VERSION,
            command: command.to_vec(),
        }
    }

    /// The metadata of a trend chart.
    #[must_use]
    pub fn of_trend(trend: &Trend, charts: &[PathBuf], data: &str, command: &[String]) -> ChartMeta {
        ChartMeta {
            charts: file_names(charts),
            data: data.to_string(),
            title: captions::trend_title(trend, Lang::Vi),
            subject: trend.subject.to_string(),
            periods: captions::trend_span(trend).map(|(a, b)| vec![a.to_string(), b.to_string()]).unwrap_or_default(),
            sources: sources(&trend.sources),
            sample: trend.sample,
            dvcrank_version: env!("CARGO_PKG_VERSION").to_string(),
            extractor_version: EXTRACTOR_VERSION,
            command: command.to_vec(),
        }
    }

    /// The metadata as pretty JSON with sorted keys.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        // Through a Value, whose maps are sorted, so the keys come out in order whatever
        // the field order above.
        let value = serde_json::to_value(self).map_err(io::Error::other)?;
        serde_json::to_writer_pretty(&mut *w, &value).map_err(io::Error::other)?;
        writeln!(w)
    }
}

/// The values a ranking chart draws, as `dvcrank rank --format csv` prints them, with a
/// byte-order mark for spreadsheets.
///
/// # Errors
/// When writing fails.
pub fn write_ranking_data(w: &mut impl Write, ranking: &Ranking) -> io::Result<()> {
    w.write_all(BOM)?;
    write_ranking_csv(w, ranking)
}

/// The values a trend chart draws: one row per series and period, empty where the line
/// has a gap.
///
/// # Errors
/// When writing fails.
pub fn write_trend_data(w: &mut impl Write, trend: &Trend) -> io::Result<()> {
    let mut out = csv_writer(&mut *w, true)?;
    out.write_record(["subject", "period", "province_code", "series", "value", "sample"])?;
    for s in &trend.series {
        for p in &s.points {
            out.write_record([
                trend.subject.to_string(),
                p.period.to_string(),
                s.province.to_string(),
                s.name.clone(),
                p.value.map_or_else(String::new, |v| v.to_string()),
                trend.sample.to_string(),
            ])?;
        }
    }
    out.flush()
}

/// `stem` with `.suffix` appended (not replacing an extension: "ranking-2024.04" keeps
/// its ".04").
fn beside(stem: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(stem.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn write_file(path: &Path, f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> Result<()> {
    let mut bytes = Vec::new();
    f(&mut bytes).map_err(|e| Error::io(path, e))?;
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Writes `<stem>.csv` and `<stem>.meta.json` beside the ranking chart(s) `charts` drawn
/// at `stem`. Returns the files written.
///
/// # Errors
/// [`Error::Io`] when a file cannot be written.
pub fn write_ranking_sidecars(
    stem: &Path,
    ranking: &Ranking,
    charts: &[PathBuf],
    command: &[String],
) -> Result<Vec<PathBuf>> {
    let (data, meta) = (beside(stem, ".csv"), beside(stem, ".meta.json"));
    write_file(&data, |w| write_ranking_data(w, ranking))?;
    let name = data.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    write_file(&meta, |w| ChartMeta::of_ranking(ranking, charts, &name, command).write(w))?;
    Ok(vec![data, meta])
}

/// Writes `<stem>.csv` and `<stem>.meta.json` beside the trend chart(s) `charts`.
///
/// # Errors
/// [`Error::Io`] when a file cannot be written.
pub fn write_trend_sidecars(
    stem: &Path,
    trend: &Trend,
    charts: &[PathBuf],
    command: &[String],
) -> Result<Vec<PathBuf>> {
    let (data, meta) = (beside(stem, ".csv"), beside(stem, ".meta.json"));
    write_file(&data, |w| write_trend_data(w, trend))?;
    let name = data.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    write_file(&meta, |w| ChartMeta::of_trend(trend, charts, &name, command).write(w))?;
    Ok(vec![data, meta])
}
