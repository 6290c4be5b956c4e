//! How the national index's ranking table is laid out for a period: which column holds
//! which score group, and each group's maximum. The breakdown service
//! (`report_xuhuongdiem_chiso_service`: one unit's groups as rows `CODE`, `DESCRIPTION`,
//! `SCORE`, `MAX_SCORE`, `TB_SCORE`) is the authority when it answers; otherwise the
//! selectors file's `[index.groups]` and `[index.maxima]` are used. Pure.

use std::collections::BTreeMap;

use serde_json::json;

use super::index_page::{number, period_fields};
use crate::model::{CalendarPeriod, IndexGroup, IndexScore};
use crate::source::IndexSpec;

/// Allowed difference between a group score in the breakdown and in the ranking table
/// (both are published with two decimals).
const SCORE_TOLERANCE: f64 = 0.005;

/// One call to the breakdown service: one unit's groups for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakdownQuery {
    /// The period.
    pub period: CalendarPeriod,
    /// The province's unit ID (from the national table).
    pub unit_id: String,
    /// Page number, from 1.
    pub page_index: u32,
}

/// The JSON text of the `params` form field for a breakdown query.
///
/// ```
/// use dvcrank::extract::index_layout::{breakdown_params, BreakdownQuery};
/// # let spec = dvcrank::source::compile(std::path::Path::new("d.toml"), include_str!("../../selectors/dichvucong.toml")).unwrap().index.unwrap();
/// let q = BreakdownQuery { period: "2024-Q2".parse().unwrap(), unit_id: "398126".into(), page_index: 1 };
/// let p: serde_json::Value = serde_json::from_str(&breakdown_params(&spec, "report_xuhuongdiem_chiso_service", &q)).unwrap();
/// assert_eq!(p["p_quy"], "2");
/// assert_eq!(p["p_tinh_id"], "398126");
/// assert_eq!(p["p_xa_id"], "0");
/// ```
#[must_use]
pub fn breakdown_params(spec: &IndexSpec, service: &str, q: &BreakdownQuery) -> String {
    let (month, quarter, half) = period_fields(q.period);
    json!({
        "type": "ref",
        "service": service,
        "p_nam": q.period.year().to_string(),
        "p_thang": month.to_string(),
        "p_quy": quarter.to_string(),
        "p_6thang": half.to_string(),
        "p_tinh_id": q.unit_id,
        "p_xa_id": "0",
        "pageIndex": q.page_index.to_string(),
        "pageSize": spec.page_size.to_string(),
    })
    .to_string()
}

/// One row of the breakdown service: one group of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownRow {
    /// `CODE`, the group's code (compared with the ranking table's column names).
    pub code: String,
    /// `DESCRIPTION`, the group's name.
    pub description: String,
    /// `SCORE`, the unit's points in the group.
    pub score: Option<f64>,
    /// `MAX_SCORE`, the most the group gives.
    pub max: Option<f64>,
}

/// Reads the rows of a breakdown answer (see [`super::index_page::parse_rows`]).
#[must_use]
pub fn read_breakdown(rows: &[BTreeMap<String, String>]) -> Vec<BreakdownRow> {
    let field =
        |row: &BTreeMap<String, String>, name: &str| row.get(name).map(|s| s.trim().to_string()).unwrap_or_default();
    rows.iter()
        .map(|row| BreakdownRow {
            code: field(row, "CODE"),
            description: crate::text::nfc(&field(row, "DESCRIPTION")),
            score: number(&field(row, "SCORE")),
            max: number(&field(row, "MAX_SCORE")),
        })
        .collect()
}

/// Where a [`Layout`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutOrigin {
    /// The breakdown service's answer for the period.
    Reported,
    /// The selectors file.
    Configured,
}

/// One column of the ranking table that holds a group score.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The JSON field.
    pub field: String,
    /// The group it holds.
    pub group: IndexGroup,
}

/// Which column holds which group, and the groups' maxima, for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The columns read, in the selectors file's order.
    pub columns: Vec<Column>,
    /// Each group's maximum.
    pub maxima: BTreeMap<IndexGroup, f64>,
    /// Where it came from.
    pub origin: LayoutOrigin,
    /// Where the breakdown service disagreed with the selectors file, or said something odd.
    pub notes: Vec<String>,
}

impl Layout {
    /// The layout the selectors file gives.
    #[must_use]
    pub fn configured(spec: &IndexSpec) -> Layout {
        Layout {
            columns: spec.groups.iter().map(|(group, field)| Column { field: field.clone(), group: *group }).collect(),
            maxima: spec.maxima.clone(),
            origin: LayoutOrigin::Configured,
            notes: Vec::new(),
        }
    }

    /// The layout the breakdown service gives, `None` when its answer places no group
    /// (empty, or nothing recognisable). A row is placed in the table column whose name
    /// is its `CODE`, else in the column configured for the group its `DESCRIPTION`
    /// names; the description decides the group, so a swapped guess in the selectors
    /// file is corrected (and noted).
    #[must_use]
    pub fn reported(spec: &IndexSpec, breakdown: &[BreakdownRow]) -> Option<Layout> {
        let mut columns: Vec<Column> = Vec::new();
        let mut maxima = BTreeMap::new();
        let mut notes = Vec::new();
        for row in breakdown {
            let named = group_named(&row.description);
            let by_code = spec.groups.iter().find(|(_, f)| f.eq_ignore_ascii_case(&row.code));
            let field = by_code.map(|(_, f)| f.clone()).or_else(|| named.and_then(|g| configured_field(spec, g)));
            let group = named.or_else(|| by_code.map(|(g, _)| *g));
            let (Some(field), Some(group), Some(max)) = (field, group, row.max.filter(|m| *m > 0.0)) else {
                notes.push(format!(
                    "breakdown row `{}` ({}) matches no column of the table; not used",
                    row.code, row.description
                ));
                continue;
            };
            if let Some((configured, _)) = by_code {
                // From 2025-07 the online-service column holds both halves: expected.
                let merged_online = *configured == IndexGroup::OnlineService && group == IndexGroup::OnlineCombined;
                if *configured != group && !merged_online {
                    notes.push(format!(
                        "the breakdown service says column {field} is {} (/{}); the selectors file has it as {}",
                        group.name_vi(),
                        max,
                        configured.code()
                    ));
                }
            }
            if columns.iter().any(|c| c.field == field || c.group == group) {
                notes.push(format!("breakdown row `{}` repeats a column or group; the first is used", row.code));
                continue;
            }
            columns.push(Column { field, group });
            maxima.insert(group, max);
        }
        if columns.is_empty() {
            return None;
        }
        let sum: f64 = maxima.values().sum();
        if (sum - 100.0).abs() > 0.01 {
            notes.push(format!("the breakdown's maxima add up to {sum}, not 100"));
        }
        let order = |c: &Column| spec.groups.values().position(|f| *f == c.field).unwrap_or(usize::MAX);
        columns.sort_by_key(order);
        Some(Layout { columns, maxima, origin: LayoutOrigin::Reported, notes })
    }

    /// A group's maximum: the layout's, else the Decision's.
    #[must_use]
    pub fn max(&self, group: IndexGroup) -> f64 {
        self.maxima.get(&group).copied().unwrap_or_else(|| group.max_points())
    }
}

/// The table column the selectors file gives a group (the combined online score sits in
/// the online-service column).
fn configured_field(spec: &IndexSpec, group: IndexGroup) -> Option<String> {
    let group = if group == IndexGroup::OnlineCombined { IndexGroup::OnlineService } else { group };
    spec.groups.get(&group).cloned()
}

/// The group a description names, by its key words (the portal's wording varies:
/// "Tiến độ, kết quả giải quyết" and "Tiến độ giải quyết").
fn group_named(description: &str) -> Option<IndexGroup> {
    let folded: String =
        crate::text::fold(description).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    // Most specific first: "thanh toán trực tuyến" and "cung cấp dịch vụ trực tuyến"
    // both contain "trực tuyến".
    const KEYS: &[(&str, IndexGroup)] = &[
        ("cong khai", IndexGroup::Transparency),
        ("tien do", IndexGroup::Progress),
        ("thanh toan", IndexGroup::OnlinePayment),
        ("cung cap dich vu", IndexGroup::OnlineCombined),
        ("truc tuyen", IndexGroup::OnlineService),
        ("hai long", IndexGroup::Satisfaction),
        ("so hoa", IndexGroup::Digitisation),
    ];
    KEYS.iter().find(|(key, _)| words.contains(key)).map(|(_, g)| *g)
}

/// Where the breakdown of a unit disagrees with the same unit's row of the ranking
/// table (both read for the same period, seconds apart).
#[must_use]
pub fn breakdown_disagreements(layout: &Layout, breakdown: &[BreakdownRow], score: &IndexScore) -> Vec<String> {
    let mut out = Vec::new();
    for row in breakdown {
        let Some(group) = group_named(&row.description)
            .or_else(|| layout.columns.iter().find(|c| c.field.eq_ignore_ascii_case(&row.code)).map(|c| c.group))
        else {
            continue;
        };
        match (row.score, score.groups.get(&group)) {
            (Some(b), Some(t)) if (b - t).abs() > SCORE_TOLERANCE => {
                out.push(format!("the breakdown service gives {} {b}, the ranking table {t}", group.code()))
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::index_page::parse_rows;
    use crate::extract::index_page::tests::spec;

    fn rows(json: &str) -> Vec<BreakdownRow> {
        read_breakdown(&parse_rows(json.as_bytes()).expect("rows"))
    }

    const SIX: &str = r#"[
        {"CODE":"CKMB","DESCRIPTION":"Công khai, minh bạch","SCORE":"13.2","MAX_SCORE":"18","TB_SCORE":"73.33"},
        {"CODE":"TDGQ","DESCRIPTION":"Tiến độ, kết quả giải quyết","SCORE":"18.4","MAX_SCORE":"20","TB_SCORE":"92"},
        {"CODE":"TTTT","DESCRIPTION":"Dịch vụ công trực tuyến","SCORE":"7.7","MAX_SCORE":"12","TB_SCORE":"64.17"},
        {"CODE":"CLGQ","DESCRIPTION":"Thanh toán trực tuyến","SCORE":"7.6","MAX_SCORE":"10","TB_SCORE":"76"},
        {"CODE":"MDHL","DESCRIPTION":"Mức độ hài lòng","SCORE":"17.6","MAX_SCORE":"18","TB_SCORE":"97.78"},
        {"CODE":"MDSH","DESCRIPTION":"Số hóa hồ sơ","SCORE":"15.6","MAX_SCORE":"22","TB_SCORE":"70.91"}]"#;

    #[test]
    fn six_columns_as_the_service_reports_them() {
        let layout = Layout::reported(&spec(), &rows(SIX)).expect("placed");
        assert_eq!(layout.origin, LayoutOrigin::Reported);
        assert_eq!(layout.columns.len(), 6);
        assert_eq!(layout.max(IndexGroup::OnlineService), 12.0);
        assert_eq!(layout.max(IndexGroup::OnlinePayment), 10.0);
        assert!(layout.notes.is_empty(), "{:?}", layout.notes);
    }

    #[test]
    fn five_columns_put_the_combined_online_score_in_its_column() {
        let five = r#"[
            {"CODE":"CKMB","DESCRIPTION":"Công khai, minh bạch","SCORE":"15.67","MAX_SCORE":"18","TB_SCORE":"87.06"},
            {"CODE":"TDGQ","DESCRIPTION":"Tiến độ giải quyết","SCORE":"19.31","MAX_SCORE":"20","TB_SCORE":"96.55"},
            {"CODE":"TTTT","DESCRIPTION":"Cung cấp dịch vụ trực tuyến","SCORE":"17.49","MAX_SCORE":"22","TB_SCORE":"79.5"},
            {"CODE":"MDHL","DESCRIPTION":"Mức độ hài lòng","SCORE":"17.86","MAX_SCORE":"18","TB_SCORE":"99.22"},
            {"CODE":"MDSH","DESCRIPTION":"Số hóa hồ sơ","SCORE":"16.64","MAX_SCORE":"22","TB_SCORE":"75.64"}]"#;
        let layout = Layout::reported(&spec(), &rows(five)).expect("placed");
        let online = layout.columns.iter().find(|c| c.field == "TTTT").expect("TTTT");
        assert_eq!(online.group, IndexGroup::OnlineCombined);
        assert_eq!(layout.max(IndexGroup::OnlineCombined), 22.0);
        assert!(!layout.columns.iter().any(|c| c.field == "CLGQ"));
        assert!(layout.notes.is_empty(), "{:?}", layout.notes);
    }

    #[test]
    fn the_service_corrects_a_swapped_guess_and_says_so() {
        // The portal's codes differ from the table's columns, and the halves are swapped
        // against the selectors file's guess: the description decides.
        let swapped = SIX
            .replace(
                r#""CODE":"TTTT","DESCRIPTION":"Dịch vụ công trực tuyến""#,
                r#""CODE":"TTTT","DESCRIPTION":"Thanh toán trực tuyến""#,
            )
            .replace(
                r#""CODE":"CLGQ","DESCRIPTION":"Thanh toán trực tuyến""#,
                r#""CODE":"CLGQ","DESCRIPTION":"Dịch vụ công trực tuyến""#,
            )
            .replace(r#""SCORE":"7.7","MAX_SCORE":"12""#, r#""SCORE":"7.7","MAX_SCORE":"10""#)
            .replace(r#""SCORE":"7.6","MAX_SCORE":"10""#, r#""SCORE":"7.6","MAX_SCORE":"12""#);
        let layout = Layout::reported(&spec(), &rows(&swapped)).expect("placed");
        let tttt = layout.columns.iter().find(|c| c.field == "TTTT").expect("TTTT");
        assert_eq!(tttt.group, IndexGroup::OnlinePayment);
        assert_eq!(layout.max(IndexGroup::OnlinePayment), 10.0);
        assert_eq!(layout.notes.len(), 2, "{:?}", layout.notes);
        assert!(layout.notes[0].contains("column TTTT is Thanh toán trực tuyến"), "{:?}", layout.notes);
    }

    #[test]
    fn codes_unknown_to_the_table_are_placed_by_description() {
        let other_codes =
            SIX.replace(r#""CODE":"CKMB""#, r#""CODE":"NHOM1""#).replace(r#""CODE":"MDSH""#, r#""CODE":"X""#);
        let layout = Layout::reported(&spec(), &rows(&other_codes)).expect("placed");
        assert_eq!(layout.columns.len(), 6);
        assert_eq!(layout.columns[0], Column { field: "CKMB".into(), group: IndexGroup::Transparency });
    }

    #[test]
    fn an_empty_or_unrecognisable_answer_leaves_the_configured_layout() {
        assert!(Layout::reported(&spec(), &[]).is_none());
        let odd = r#"[{"CODE":"Z","DESCRIPTION":"Khác","SCORE":"1","MAX_SCORE":"5","TB_SCORE":"20"}]"#;
        assert!(Layout::reported(&spec(), &rows(odd)).is_none());
        let configured = Layout::configured(&spec());
        assert_eq!(configured.origin, LayoutOrigin::Configured);
        assert_eq!(configured.max(IndexGroup::OnlineCombined), 22.0);
        assert_eq!(configured.columns.len(), 6);
    }

    #[test]
    fn maxima_that_do_not_add_up_are_noted() {
        let off = SIX.replace(r#""MAX_SCORE":"22""#, r#""MAX_SCORE":"25""#);
        let layout = Layout::reported(&spec(), &rows(&off)).expect("placed");
        assert!(layout.notes.iter().any(|n| n.contains("add up to 103")), "{:?}", layout.notes);
    }
}
