//! The static HTML report (`dvcrank report`): the national ranking (sortable,
//! searchable, with grades and changes in rank), its chart, a page per province (index
//! trend, groups, bulletin figures with their sources and evidence), the flagged figures,
//! and how the data was collected. Self-contained and offline: style, script and charts
//! (SVG) are inline; nothing is fetched when it is opened. Vietnamese first, English
//! beneath; readable on a phone.
//!
//! [`collect`] reads the store (I/O) into a [`ReportData`]; the page writers in `pages`
//! are pure formatting over `impl Write`; [`write_report`] writes the folder (I/O), each
//! chart also as an SVG file with its data (`.csv`) and metadata (`.meta.json`) beside it.

mod html;
mod pages;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::chart::{self, ChartOptions};
use crate::export::{flagged_items, observation_rows, ExportFilter, FlaggedItem, ObservationRow};
use crate::model::{CalendarPeriod, IndexScore, ProvinceCode, UnitLevel};
use crate::province::Registry;
use crate::query::{self, TrendSubject};
use crate::rank::{RankEntry, Ranking, Trend};
use crate::sidecar;
use crate::store::Store;
use crate::{Error, Result};

pub use self::html::esc;
pub use self::pages::{write_flagged, write_index, write_method, write_province};

/// One province's page.
#[derive(Debug, Clone)]
pub struct ProvinceData {
    /// The province.
    pub code: ProvinceCode,
    /// Its name.
    pub name: String,
    /// The file stem of its page (`63-06-bac-kan`).
    pub slug: String,
    /// Its line in the ranking, when it has a score.
    pub entry: Option<RankEntry>,
    /// The index reading ranked (groups, capture, source).
    pub score: Option<IndexScore>,
    /// The reading's source URL as a reader should see it.
    pub score_url: Option<String>,
    /// Its index total over the months up to the report's.
    pub trend: Trend,
    /// The trend chart, when the series has at least one value.
    pub trend_svg: Option<String>,
    /// Bulletin figures about it (or the provinces it was formed from), newest period
    /// first, for periods ending by the report's.
    pub figures: Vec<ObservationRow>,
}

/// A source as the method page describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    /// The source's id (its selectors file).
    pub source: String,
    /// The hosts its pages came from, as a reader should see them.
    pub hosts: Vec<String>,
    /// Distinct URLs kept.
    pub pages: usize,
    /// First capture.
    pub first: DateTime<Utc>,
    /// Latest capture.
    pub last: DateTime<Utc>,
}

/// Everything the report shows, read from the store.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The report's period.
    pub period: CalendarPeriod,
    /// Whether the store holds the bundled sample data.
    pub sample: bool,
    /// The national index ranking of the period.
    pub ranking: Ranking,
    /// Its chart.
    pub ranking_svg: String,
    /// One per ranked province, in ranking order, then those with no score.
    pub provinces: Vec<ProvinceData>,
    /// The flagged figures up to the period.
    pub flagged: Vec<FlaggedItem>,
    /// The sources, for the method page.
    pub sources: Vec<SourceSummary>,
    /// Raw pages, bulletin figures and index readings in the store.
    pub counts: (usize, usize, usize),
    /// The command that made the report.
    pub command: Vec<String>,
}

impl ReportData {
    /// The flagged figures of one province.
    #[must_use]
    pub fn flagged_of(&self, p: &ProvinceData) -> Vec<&FlaggedItem> {
        self.flagged.iter().filter(|f| f.province_code.is_some_and(|c| c == p.code || is_part_of(c, p.code))).collect()
    }
}

/// Whether `old` is one of the pre-2025 provinces `new` was formed from.
fn is_part_of(old: ProvinceCode, new: ProvinceCode) -> bool {
    old != new && Registry::builtin().successor(old) == Some(new)
}

/// The file stem of a province's page: its code and folded name (`63-06-bac-kan`).
#[must_use]
pub fn slug(code: ProvinceCode, name: &str) -> String {
    format!("{}-{:02}-{}", code.era.province_count(), code.gso, crate::text::file_words(name))
}

fn chart_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Chart { path: PathBuf::from(what), message: e.to_string() }
}

fn sources_of(store: &Store) -> Result<Vec<SourceSummary>> {
    let mut by_source: BTreeMap<String, SourceSummary> = BTreeMap::new();
    for page in store.latest_pages()? {
        let first = store.fetches_of(&page.key())?.first().map_or(page.fetched_at, |p| p.fetched_at);
        let host = url::Url::parse(&store.display_url(&page.url))
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let s = by_source.entry(page.source.0.clone()).or_insert_with(|| SourceSummary {
            source: page.source.0.clone(),
            hosts: Vec::new(),
            pages: 0,
            first,
            last: page.fetched_at,
        });
        s.pages += 1;
        s.first = s.first.min(first);
        s.last = s.last.max(page.fetched_at);
        if !host.is_empty() && !s.hosts.contains(&host) {
            s.hosts.push(host);
            s.hosts.sort();
        }
    }
    Ok(by_source.into_values().collect())
}

/// Reads what the report of `period` shows from the store.
///
/// # Errors
/// When the store fails, has no index scores for the period, or a chart cannot be drawn.
pub fn collect(store: &Store, period: CalendarPeriod, command: &[String]) -> Result<ReportData> {
    let sample = store.is_sample()?;
    let ranking = query::index_ranking(store, period, None, None)?;
    let opts = ChartOptions::default();
    let ranking_svg = chart::ranking_svg(&ranking, &opts).map_err(|e| chart_error("ranking", e))?;
    let registry = Registry::builtin();
    let mut codes: Vec<ProvinceCode> = ranking.entries.iter().map(|e| e.province).collect();
    codes.extend(&ranking.missing);
    let months: Vec<CalendarPeriod> = query::index_months(store)?.into_iter().filter(|m| *m <= period).collect();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => query::months_between(*a, *b),
        _ => Vec::new(),
    };
    let all = query::trend(store, TrendSubject::Index(None), &codes, &span, None)?;
    let readings: BTreeMap<ProvinceCode, IndexScore> =
        store.scores(period, UnitLevel::Province, None)?.into_iter().filter_map(|s| Some((s.province?, s))).collect();
    let until = ExportFilter { until: Some(period.end()), ..ExportFilter::default() };
    let mut figures: BTreeMap<ProvinceCode, Vec<ObservationRow>> = BTreeMap::new();
    for row in observation_rows(store, &until)? {
        let Some(code) = row.province_code else { continue };
        // Figures of a pre-2025 province also show on the page of the province it joined.
        let page =
            if codes.contains(&code) { Some(code) } else { codes.iter().copied().find(|c| is_part_of(code, *c)) };
        if let Some(page) = page {
            figures.entry(page).or_default().push(row);
        }
    }
    let mut provinces = Vec::with_capacity(codes.len());
    for (code, series) in codes.iter().zip(all.series) {
        let name = registry.name(*code);
        let trend = Trend { subject: all.subject, series: vec![series], sources: all.sources.clone(), sample };
        let trend_svg = if trend.series.iter().any(|s| s.coverage() > 0) {
            Some(chart::trend_svg(&trend, &opts).map_err(|e| chart_error("trend", e))?)
        } else {
            None
        };
        let mut rows = figures.remove(code).unwrap_or_default();
        rows.sort_by(|a, b| {
            (b.period_end, &a.source.source_url, &a.metric).cmp(&(a.period_end, &b.source.source_url, &b.metric))
        });
        provinces.push(ProvinceData {
            code: *code,
            slug: slug(*code, &name),
            name,
            entry: ranking.entries.iter().find(|e| e.province == *code).cloned(),
            score: readings.get(code).cloned(),
            score_url: readings.get(code).map(|s| store.display_url(&s.provenance.url)),
            trend,
            trend_svg,
            figures: rows,
        });
    }
    Ok(ReportData {
        period,
        sample,
        ranking,
        ranking_svg,
        provinces,
        flagged: flagged_items(store, &until)?,
        sources: sources_of(store)?,
        counts: (store.page_count(), store.observation_count(), store.score_count()),
        command: command.to_vec(),
    })
}

fn write_page(path: &Path, f: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = BufWriter::new(file);
    f(&mut w).and_then(|()| w.flush()).map_err(|e| Error::io(path, e))
}

/// Writes the report into `dir` (created if missing): `index.html`, `flagged.html`,
/// `method.html`, `provinces/<slug>.html`, and `charts/` with each chart as SVG beside its
/// data and metadata. Returns the files written.
///
/// # Errors
/// When a file cannot be written.
pub fn write_report(dir: &Path, data: &ReportData) -> Result<Vec<PathBuf>> {
    let charts = dir.join("charts");
    let provinces = dir.join("provinces");
    for d in [dir, &charts, &provinces] {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    let mut written = Vec::new();
    let stem = charts.join(format!("ranking-{}", data.period));
    let svg = charts.join(format!("ranking-{}.svg", data.period));
    std::fs::write(&svg, &data.ranking_svg).map_err(|e| Error::io(&svg, e))?;
    written.extend(sidecar::write_ranking_sidecars(&stem, &data.ranking, std::slice::from_ref(&svg), &data.command)?);
    written.push(svg);
    for p in &data.provinces {
        if let Some(chart) = &p.trend_svg {
            let stem = charts.join(format!("trend-{}", p.slug));
            let svg = charts.join(format!("trend-{}.svg", p.slug));
            std::fs::write(&svg, chart).map_err(|e| Error::io(&svg, e))?;
            written.extend(sidecar::write_trend_sidecars(&stem, &p.trend, std::slice::from_ref(&svg), &data.command)?);
            written.push(svg);
        }
        let path = provinces.join(format!("{}.html", p.slug));
        write_page(&path, |w| pages::write_province(w, data, p))?;
        written.push(path);
    }
    for (name, f) in [
        ("index.html", pages::write_index as fn(&mut BufWriter<std::fs::File>, &ReportData) -> std::io::Result<()>),
        ("flagged.html", pages::write_flagged),
        ("method.html", pages::write_method),
    ] {
        let path = dir.join(name);
        write_page(&path, |w| f(w, data))?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Era;

    #[test]
    fn slugs_are_ascii_and_unique_per_map() {
        assert_eq!(slug(ProvinceCode { era: Era::Pre2025, gso: 6 }, "Bắc Kạn"), "63-06-bac-kan");
        assert_eq!(slug(ProvinceCode { era: Era::Post2025, gso: 79 }, "TP. Hồ Chí Minh"), "34-79-tp-ho-chi-minh");
    }
}
