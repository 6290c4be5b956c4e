//! Figures in tables: a row per unit (department, district), a column per metric, the
//! column named by its header cells (a two-row header names it by both, "Tiếp nhận /
//! Trực tuyến"). The period comes from the caption or the text before the table. Pure.

use crate::extract::article::Grid;
use crate::extract::figures::RawFigure;
use crate::extract::lexicon::{self, Hint};
use crate::extract::number::find_numbers;
use crate::extract::period::find_periods;
use crate::model::{Metric, Period, Scope, Unit};

/// What the text before the table established.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableContext {
    pub period: Option<Period>,
    pub unit: Option<(Scope, String)>,
    pub year_hint: Option<i32>,
    /// How far the scanned text's lines are from the grid's line spans (a title line
    /// put before the body moves them).
    pub line_shift: usize,
}

/// One numeric column: what it counts.
#[derive(Debug, Clone, Copy)]
struct Column {
    index: usize,
    metric: Metric,
    bare_on_time: bool,
    unit: Unit,
    /// Named as a rate ("Tỷ lệ …").
    rate: bool,
}

/// A row of totals: "Tổng cộng", "Toàn tỉnh" … (as a whole word: not "Tổng cục").
pub(crate) fn total_row(label: &str) -> bool {
    const TOTALS: &[&str] = &["tổng cộng", "tổng số", "tổng", "cộng", "toàn tỉnh", "toàn thành phố", "chung"];
    let label = label.trim_start();
    let mut head_end = label.len().min(24);
    while !label.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = lexicon::lower_in_place(&label[..head_end]);
    TOTALS.iter().any(|t| head.starts_with(t) && lexicon::word_ends_at(label, t.len()))
}

pub(crate) fn is_number_cell(text: &str) -> bool {
    let t = text.trim().trim_end_matches('%').trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
}

fn serial_header(text: &str) -> bool {
    matches!(text.trim().to_lowercase().as_str(), "stt" | "tt" | "số tt" | "số thứ tự" | "#")
}

/// The metric a column's label names; the most specific (last) phrase wins, so "Đã giải
/// quyết / Trước hạn" is early, "Tiếp nhận / Tổng số" is received.
fn column_metric(label: &str) -> Option<(Metric, bool, Unit)> {
    let lower = label.to_lowercase();
    let unit = if lower.contains('%') || lower.contains("tỷ lệ") || lower.contains("tỉ lệ") {
        Unit::Percent
    } else {
        Unit::Count
    };
    let hint = lexicon::phrases(label).into_iter().rev().find(|p| p.hint != Hint::Nothing)?.hint;
    let (metric, bare) = match hint {
        Hint::Metric(m) => (m, false),
        Hint::OnTimeBare => (Metric::ResolvedOnTime, true),
        Hint::Received => (Metric::ReceivedTotal, false),
        Hint::Resolved => (Metric::Resolved, false),
        Hint::Other | Hint::Nothing => (Metric::Other, false),
    };
    Some((metric, bare, unit))
}

/// Reads a table's figures. `line_of(row)` gives the byte span of a row's text in the
/// body, for the evidence.
pub(crate) fn scan_table(grid: &Grid, ctx: &TableContext, headline: bool) -> Vec<RawFigure> {
    let rows = &grid.rows;
    // Header rows: leading rows of header cells or with no numbers.
    let header_rows = rows.iter().take_while(|r| r.iter().all(|c| c.header || !is_number_cell(&c.text))).count();
    if header_rows == 0 || header_rows >= rows.len() {
        return Vec::new();
    }
    let width = rows[0].len();
    let header_label = |col: usize| -> String {
        let mut parts: Vec<&str> = Vec::new();
        for r in &rows[..header_rows] {
            let t = r.get(col).map_or("", |c| c.text.as_str());
            if !t.is_empty() && parts.last() != Some(&t) {
                parts.push(t);
            }
        }
        parts.join(" / ")
    };
    // Each column's header rows joined, made once: a column's label is asked for per cell.
    let labels: Vec<String> = (0..width).map(header_label).collect();
    let label_of = |col: usize| labels.get(col).map_or("", String::as_str);
    let data = &rows[header_rows..];
    let numeric_share =
        |col: usize| data.iter().filter(|r| r.get(col).is_some_and(|c| is_number_cell(&c.text))).count();
    // The row-label column: the first mostly non-numeric column that is not a serial number.
    let Some(label_col) = (0..width).find(|&c| !serial_header(label_of(c)) && numeric_share(c) * 2 < data.len().max(1))
    else {
        return Vec::new();
    };
    // What the rows are: units, fields of work, index groups.
    let rows_are = lexicon::lower_in_place(label_of(label_col));
    if rows_are.contains("nhóm chỉ số") {
        return index_groups(data, label_col, &label_of, ctx, headline);
    }
    let columns: Vec<Column> = (0..width)
        .filter(|&c| c != label_col && !serial_header(label_of(c)) && numeric_share(c) > 0)
        .filter_map(|c| {
            column_metric(label_of(c)).map(|(metric, bare_on_time, unit)| {
                let label = lexicon::lower_in_place(label_of(c));
                let rate = label.contains("tỷ lệ") || label.contains("tỉ lệ");
                Column { index: c, metric, bare_on_time, unit, rate }
            })
        })
        .collect();
    if columns.is_empty() {
        return Vec::new();
    }

    let caption_period =
        grid.caption.as_deref().and_then(|c| find_periods(c, ctx.year_hint).into_iter().next()).map(|m| m.period);
    let period = caption_period.or_else(|| ctx.period.clone()).unwrap_or_else(Period::unknown);
    let subject = grid
        .caption
        .as_deref()
        .and_then(|c| lexicon::unit_mentions(c).next().map(|u| (u.scope, u.name)))
        .or_else(|| ctx.unit.clone());

    // With no subject named, the rows tell whose total it is: departments add up to the
    // provincial centre's, districts to the district level's.
    // Each row's label, and the kind of unit it names.
    let row_labels: Vec<(&str, Option<Scope>)> = data
        .iter()
        .map(|r| {
            let label = r.get(label_col).map_or("", |c| c.text.as_str());
            (label, lexicon::first_unit_scope(label))
        })
        .collect();
    let scopes: Vec<Scope> = row_labels.iter().filter_map(|r| r.1).collect();
    let count = |s: Scope| scopes.iter().filter(|x| **x == s).count();
    // The kind most rows name: a table of departments or of districts.
    let rows_kind = [Scope::Department, Scope::DistrictCommune].into_iter().find(|&s| count(s) * 2 > scopes.len());
    // Rows of both kinds (a statistics page's chosen units): their total is no unit's.
    let mixed = count(Scope::Department) > 0 && count(Scope::DistrictCommune) > 0;
    let subject = subject.or_else(|| match rows_kind {
        _ if mixed => Some((Scope::Other, "Các đơn vị trong bảng".to_string())),
        Some(Scope::Department) => Some((Scope::ProvincialCenter, "Trung tâm Phục vụ hành chính công".to_string())),
        Some(_) => Some((Scope::DistrictCommune, "Cấp huyện, cấp xã".to_string())),
        None => None,
    });
    // A table by field of work ("Lĩnh vực": Đất đai, Hộ tịch …) splits its subject's
    // figures; its rows are kept as `other` (SCHEMA.md), named after the subject.
    let by_field = rows_are.contains("lĩnh vực");
    let mut out = Vec::new();
    for (row, &(label, named_scope)) in data.iter().zip(&row_labels) {
        let label = label.trim();
        if label.is_empty() {
            continue;
        }
        let field = by_field && !total_row(label);
        let (scope, unit_name, named) = if field {
            match &subject {
                Some((scope, name)) => (*scope, format!("{name} – {label}"), true),
                None => (Scope::ProvinceAll, label.to_string(), true),
            }
        } else if named_scope == Some(Scope::ProvinceAll) {
            // "Toàn tỉnh": the province's own total, whatever the rows are.
            (Scope::ProvinceAll, label.to_string(), false)
        } else if total_row(label) {
            match &subject {
                Some((scope, name)) => (*scope, format!("{name} (tổng cộng)"), false),
                None => (Scope::ProvinceAll, label.to_string(), false),
            }
        } else {
            match named_scope {
                Some(scope) => (scope, label.to_string(), true),
                // An unnamed kind of row ("Các đơn vị khác") in a department or district
                // table: the table's kind, else the subject's.
                None => (rows_kind.or(subject.as_ref().map(|s| s.0)).unwrap_or(Scope::Other), label.to_string(), true),
            }
        };
        for col in &columns {
            let Some(cell) = row.get(col.index) else { continue };
            let Some(tok) = find_numbers(&cell.text).into_iter().next() else { continue };
            let unit = if tok.percent { Unit::Percent } else { col.unit };
            let header = label_of(col.index);
            // A rate named "đúng hạn" alone ("Tỷ lệ đúng hạn") counts early dossiers too (as
            // in prose); the share split off an on-time count ("Đúng hạn / %") does not.
            let (metric, on_time_bare) = if field {
                (Metric::Other, false)
            } else if col.bare_on_time && col.rate {
                (Metric::ResolvedEarlyOrOnTime, false)
            } else {
                (col.metric, col.bare_on_time)
            };
            out.push(RawFigure {
                metric,
                on_time_bare,
                value: tok.value,
                unit,
                scope,
                unit_name: unit_name.clone(),
                unit_named: named,
                period: period.clone(),
                period_note: None,
                evidence: (cell.line.0 + ctx.line_shift, cell.line.1 + ctx.line_shift),
                evidence_text: Some([label, " — ", header, ": ", cell.text.trim()].concat()),
                approximate: None,
                from_headline: headline,
            });
        }
    }
    out
}

/// A table of the national index's groups ("Nhóm chỉ số" | "Điểm tối đa" | "Tháng
/// 9/2025" | "Tháng 10/2025"): a group score per row and period column, the total on the
/// "Tổng điểm" row. Columns naming no period are read for the context's period, except
/// the maximum ("tối đa").
fn index_groups<'a>(
    data: &[Vec<crate::extract::article::GridCell>],
    label_col: usize,
    label_of: &dyn Fn(usize) -> &'a str,
    ctx: &TableContext,
    headline: bool,
) -> Vec<RawFigure> {
    let width = data.first().map_or(0, Vec::len);
    let columns: Vec<(usize, Period)> = (0..width)
        .filter(|&c| c != label_col && !serial_header(label_of(c)))
        .filter(|&c| !lexicon::lower_in_place(label_of(c)).contains("tối đa"))
        .filter_map(|c| {
            let named = find_periods(label_of(c), ctx.year_hint).into_iter().next().map(|m| m.period);
            Some((c, named.or_else(|| ctx.period.clone())?))
        })
        .collect();
    let mut out = Vec::new();
    for row in data {
        let Some(label) = row.get(label_col).map(|c| c.text.trim()) else { continue };
        if label.is_empty() {
            continue;
        }
        let total = total_row(label);
        for (col, period) in &columns {
            let Some(cell) = row.get(*col) else { continue };
            let Some(tok) = find_numbers(&cell.text).into_iter().next() else { continue };
            out.push(RawFigure {
                metric: if total { Metric::IndexTotalScore } else { Metric::IndexGroupScore },
                on_time_bare: false,
                value: tok.value,
                unit: Unit::Points,
                scope: Scope::ProvinceAll,
                unit_name: if total { String::new() } else { label.to_string() },
                unit_named: !total,
                period: period.clone(),
                period_note: None,
                evidence: (cell.line.0 + ctx.line_shift, cell.line.1 + ctx.line_shift),
                evidence_text: Some([label, " — ", label_of(*col), ": ", cell.text.trim()].concat()),
                approximate: None,
                from_headline: headline,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::article::GridCell;

    fn grid(caption: &str, rows: &[&[&str]], header_rows: usize) -> Grid {
        Grid {
            caption: Some(caption.to_string()),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    r.iter()
                        .map(|t| GridCell { text: (*t).to_string(), header: i < header_rows, line: (0, 0) })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn two_row_header_and_total_row() {
        let g = grid(
            "Cấp huyện - Quý III năm 2024",
            &[
                &["STT", "Địa phương", "Tiếp nhận", "Tiếp nhận", "Đã giải quyết", "Đã giải quyết"],
                &["STT", "Địa phương", "Tổng số", "Bưu chính", "Tổng số", "Đúng hạn"],
                &["1", "UBND huyện Phú Vang", "3.446", "36", "3.245", "1.702"],
                &["", "Tổng cộng", "31.604", "293", "32.064", "15.124"],
            ],
            2,
        );
        let figures = scan_table(&g, &TableContext::default(), false);
        let got: Vec<(Metric, f64, Scope)> = figures.iter().map(|f| (f.metric, f.value, f.scope)).collect();
        assert_eq!(got[0], (Metric::ReceivedTotal, 3446.0, Scope::DistrictCommune));
        assert_eq!(got[1], (Metric::ReceivedPostal, 36.0, Scope::DistrictCommune));
        assert_eq!(got[2], (Metric::Resolved, 3245.0, Scope::DistrictCommune));
        assert!(figures[3].on_time_bare);
        assert_eq!(figures[4].unit_name, "Cấp huyện (tổng cộng)");
        assert_eq!(figures[0].period.start.map(|d| d.to_string()).as_deref(), Some("2024-07-01"));
    }

    #[test]
    fn a_whole_province_row_is_the_provinces() {
        let g = grid(
            "",
            &[&["Đơn vị", "Tiếp nhận"], &["Sở Tư pháp", "3184"], &["Sở Xây dựng", "562"], &["Toàn tỉnh", "98650"]],
            1,
        );
        let scopes: Vec<Scope> = scan_table(&g, &TableContext::default(), false).iter().map(|f| f.scope).collect();
        assert_eq!(scopes, [Scope::Department, Scope::Department, Scope::ProvinceAll]);
    }

    #[test]
    fn rows_by_field_of_work_split_the_subjects_figures() {
        let g = grid(
            "",
            &[
                &["Lĩnh vực", "Tiếp nhận"],
                &["Tư pháp - Chứng thực", "987"],
                &["Xây dựng", "412"],
                &["Tổng cộng", "1399"],
            ],
            1,
        );
        let ctx = TableContext {
            unit: Some((Scope::DistrictCommune, "Bộ phận một cửa thị xã".into())),
            ..TableContext::default()
        };
        let got: Vec<(Metric, Scope, String)> =
            scan_table(&g, &ctx, false).into_iter().map(|f| (f.metric, f.scope, f.unit_name)).collect();
        assert_eq!(
            got[0],
            (Metric::Other, Scope::DistrictCommune, "Bộ phận một cửa thị xã – Tư pháp - Chứng thực".into())
        );
        assert_eq!(
            got[2],
            (Metric::ReceivedTotal, Scope::DistrictCommune, "Bộ phận một cửa thị xã (tổng cộng)".into())
        );
    }

    #[test]
    fn a_table_of_index_groups_by_month() {
        let g = grid(
            "",
            &[
                &["Nhóm chỉ số", "Điểm tối đa", "Tháng 9/2025", "Tháng 10/2025"],
                &["Công khai, minh bạch", "18", "16,42", "17,05"],
                &["Tổng điểm", "100", "82,14", "84,6"],
            ],
            1,
        );
        let got: Vec<(Metric, f64, String, String)> = scan_table(&g, &TableContext::default(), false)
            .into_iter()
            .map(|f| (f.metric, f.value, f.unit_name, f.period.start.map(|d| d.to_string()).unwrap_or_default()))
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[1], (Metric::IndexGroupScore, 17.05, "Công khai, minh bạch".into(), "2025-10-01".into()));
        assert_eq!(got[2], (Metric::IndexTotalScore, 82.14, String::new(), "2025-09-01".into()));
    }

    #[test]
    fn the_total_of_departments_and_districts_together_is_no_units() {
        let g = grid(
            "",
            &[
                &["Đơn vị", "Tiếp nhận"],
                &["Sở Tư pháp", "3184"],
                &["Sở Xây dựng", "562"],
                &["UBND huyện Cái Bè", "4873"],
                &["Tổng cộng", "8619"],
            ],
            1,
        );
        let scopes: Vec<Scope> = scan_table(&g, &TableContext::default(), false).iter().map(|f| f.scope).collect();
        assert_eq!(scopes, [Scope::Department, Scope::Department, Scope::DistrictCommune, Scope::Other]);
    }
}
