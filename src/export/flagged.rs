//! The figures a journalist should check before publishing: contradictions, title
//! figures set aside, failed index-table checks, corrected periods and approximate
//! values. [`flagged_items`] reads the store (I/O); the rest is pure formatting. Shared by
//! `dvcrank check` and the report's "flagged" page.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::gather::{observation_rows, score_rows, ExportFilter};
use super::rows::{ObservationRow, ScoreRow};
use super::Record;
use crate::extract::number::format_vi;
use crate::model::ProvinceCode;
use crate::store::Store;
use crate::Result;

/// One flag on one figure, with what the figure says and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedItem {
    /// `contradiction`, `set_aside`, `inconsistent`, `period_corrected` or `approximate`.
    pub kind: String,
    /// What the flag says.
    pub detail: String,
    /// The province, when known.
    pub province_code: Option<ProvinceCode>,
    /// Its name.
    pub province: Option<String>,
    /// The figure: a metric key, or `index_total_score` for an index reading.
    pub metric: String,
    /// Its value.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// The period: the label for a bulletin figure, `2024-04` for an index reading.
    pub period: String,
    /// The unit of administration the figure is about.
    pub unit_name: String,
    /// The sentence it was read from (bulletin figures).
    pub evidence: Option<String>,
    /// The page's URL as a reader should see it.
    pub source_url: String,
    /// When the page was fetched.
    pub captured_at: String,
    /// SHA-256 of the page body.
    pub page_sha256: String,
}

impl FlaggedItem {
    /// How much a kind needs a look before publishing: lower first.
    fn severity(&self) -> u8 {
        match self.kind.as_str() {
            "contradiction" => 0,
            "set_aside" => 1,
            "inconsistent" => 2,
            "period_corrected" => 3,
            _ => 4,
        }
    }

    /// The kind's name in Vietnamese, for tables and the report.
    #[must_use]
    pub fn kind_vi(&self) -> &'static str {
        match self.kind.as_str() {
            "contradiction" => "Mâu thuẫn",
            "set_aside" => "Để riêng (tiêu đề trái với nội dung)",
            "inconsistent" => "Bảng chỉ số không khớp",
            "period_corrected" => "Kỳ báo cáo đã sửa",
            "approximate" => "Số ước lượng",
            _ => "Khác",
        }
    }

    fn from_observation(o: &ObservationRow) -> impl Iterator<Item = FlaggedItem> + '_ {
        o.flags.iter().map(move |f| FlaggedItem {
            kind: f.kind.clone(),
            detail: f.detail.clone(),
            province_code: o.province_code,
            province: o.province.clone(),
            metric: o.metric.clone(),
            value: o.value,
            unit: o.unit.clone(),
            period: o.period_label.clone(),
            unit_name: o.unit_name.clone(),
            evidence: Some(o.evidence.clone()),
            source_url: o.source.source_url.clone(),
            captured_at: o.source.captured_at.clone(),
            page_sha256: o.source.page_sha256.clone(),
        })
    }

    fn from_score(s: &ScoreRow) -> impl Iterator<Item = FlaggedItem> + '_ {
        s.flags.iter().map(move |f| FlaggedItem {
            kind: f.kind.clone(),
            detail: f.detail.clone(),
            province_code: s.province_code,
            province: s.province.clone(),
            metric: "index_total_score".to_string(),
            value: s.total,
            unit: "points".to_string(),
            period: s.period.clone(),
            unit_name: s.unit_name.clone(),
            evidence: None,
            source_url: s.source.source_url.clone(),
            captured_at: s.source.captured_at.clone(),
            page_sha256: s.source.page_sha256.clone(),
        })
    }
}

/// Every flag on the figures matching `filter`: bulletin figures, and each index unit's
/// latest reading (earlier captures repeat the same checks). The most serious kinds come
/// first, then by province and period.
///
/// # Errors
/// When the store fails.
pub fn flagged_items(store: &Store, filter: &ExportFilter) -> Result<Vec<FlaggedItem>> {
    let filter = ExportFilter { flagged_only: true, ..filter.clone() };
    let observations = observation_rows(store, &filter)?;
    let scores = score_rows(store, &ExportFilter { metric: None, ..filter }, true)?;
    let mut items: Vec<FlaggedItem> = observations
        .iter()
        .flat_map(FlaggedItem::from_observation)
        .chain(scores.iter().flat_map(FlaggedItem::from_score))
        .collect();
    items.sort_by(|a, b| {
        (a.severity(), a.province_code, &a.period, &a.metric, &a.source_url).cmp(&(
            b.severity(),
            b.province_code,
            &b.period,
            &b.metric,
            &b.source_url,
        ))
    });
    Ok(items)
}

impl Record for FlaggedItem {
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "detail",
        "province_code",
        "province",
        "metric",
        "value",
        "unit",
        "period",
        "unit_name",
        "evidence",
        "source_url",
        "captured_at",
        "page_sha256",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.kind.clone(),
            self.detail.clone(),
            self.province_code.map_or_else(String::new, |p| p.to_string()),
            self.province.clone().unwrap_or_default(),
            self.metric.clone(),
            self.value.to_string(),
            self.unit.clone(),
            self.period.clone(),
            self.unit_name.clone(),
            self.evidence.clone().unwrap_or_default(),
            self.source_url.clone(),
            self.captured_at.clone(),
            self.page_sha256.clone(),
        ]
    }
}

/// The flagged figures for a terminal: one block per figure, the kind first.
///
/// # Errors
/// When writing fails.
pub fn write_flagged_table(w: &mut impl Write, items: &[FlaggedItem], sample: bool) -> io::Result<()> {
    writeln!(
        w,
        "Số liệu cần kiểm tra trước khi đăng / Figures to check before publishing: {}{}",
        items.len(),
        if sample { "  [DỮ LIỆU MẪU / SAMPLE DATA]" } else { "" }
    )?;
    for i in items {
        let decimals = if i.unit == "count" { 0 } else { 2 };
        writeln!(w)?;
        writeln!(w, "[{}] {} — {}", i.kind, i.kind_vi(), i.detail)?;
        writeln!(
            w,
            "  {} · {} · {} = {} {} · {}",
            i.province.as_deref().unwrap_or("?"),
            i.unit_name,
            i.metric,
            format_vi(i.value, decimals),
            i.unit,
            i.period
        )?;
        if let Some(e) = &i.evidence {
            writeln!(w, "  «{e}»")?;
        }
        writeln!(w, "  {} ({})", i.source_url, i.captured_at)?;
    }
    Ok(())
}
