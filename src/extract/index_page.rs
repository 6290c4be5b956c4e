//! The national index's JSON gateway (`rest.jsp`): the `params` of a ranking request,
//! and the answer read into [`IndexScore`]s with their checks (groups sum to the total,
//! each group within its maximum, ranks agree with the scores, the national table ranks
//! as many units as the era has provinces). Which column holds which group comes from a
//! [`Layout`] (see [`super::index_layout`]). A failed check is flagged on the score,
//! never silently fixed. Pure.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use serde_json::{json, Value};

use super::index_layout::Layout;
use crate::extract::ExtractError;
use crate::model::{CalendarPeriod, Era, Flag, IndexGroup, IndexScore, Provenance, ProvinceCode, UnitLevel};
use crate::province::Registry;
use crate::source::IndexSpec;

/// Allowed difference between the sum of the groups and the total.
pub const SUM_TOLERANCE: f64 = 0.02;

/// One call to the ranking service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayQuery {
    /// The period.
    pub period: CalendarPeriod,
    /// `None`: the national table (one row per province); a unit ID: that province's units.
    pub unit_id: Option<String>,
    /// Page number, from 1.
    pub page_index: u32,
}

/// The JSON text of the `params` form field for a query.
///
/// ```
/// use dvcrank::extract::index_page::{gateway_params, GatewayQuery};
/// # let spec = dvcrank::source::compile(std::path::Path::new("d.toml"), include_str!("../../selectors/dichvucong.toml")).unwrap().index.unwrap();
/// let q = GatewayQuery { period: "2024-04".parse().unwrap(), unit_id: None, page_index: 1 };
/// let p: serde_json::Value = serde_json::from_str(&gateway_params(&spec, &q)).unwrap();
/// assert_eq!(p["p_thang"], "4");
/// assert_eq!(p["p_tinh_id"], "0");
/// ```
#[must_use]
pub fn gateway_params(spec: &IndexSpec, q: &GatewayQuery) -> String {
    let (month, quarter, half) = period_fields(q.period);
    json!({
        "type": "ref",
        "service": spec.service,
        "p_nam": q.period.year().to_string(),
        "p_thang": month.to_string(),
        "p_quy": quarter.to_string(),
        "p_6thang": half.to_string(),
        "p_tinh_id": q.unit_id.clone().unwrap_or_else(|| "0".to_string()),
        "p_loaidonvi": "1",
        "loaichitieu": "0",
        "pageIndex": q.page_index.to_string(),
        "pageSize": spec.page_size.to_string(),
    })
    .to_string()
}

/// The day in Vietnam (UTC+7) at a moment: the index's periods are Vietnamese calendar
/// periods, and a capture at 01:00 UTC on the 1st is already the next day there.
#[must_use]
pub fn vietnam_date(at: DateTime<Utc>) -> NaiveDate {
    (at + TimeDelta::hours(7)).date_naive()
}

/// Every period the index publishes that overlaps `since`..=`today`: each month, quarter,
/// half-year and year, in order of their last day (a month before the quarter, half-year
/// and year ending with it).
///
/// ```
/// use dvcrank::extract::index_page::periods_since;
/// let p = periods_since("2022-08".parse().unwrap(), chrono::NaiveDate::from_ymd_opt(2022, 10, 5).unwrap());
/// let names: Vec<String> = p.iter().map(ToString::to_string).collect();
/// assert_eq!(names, ["2022-08", "2022-09", "2022-Q3", "2022-10", "2022-Q4", "2022-H2", "2022"]);
/// ```
#[must_use]
pub fn periods_since(since: CalendarPeriod, today: NaiveDate) -> Vec<CalendarPeriod> {
    let first = since.start();
    let mut out = Vec::new();
    for year in first.year()..=today.year() {
        let kinds = CalendarPeriod::months_of(year)
            .chain((1..=4).map(|quarter| CalendarPeriod::Quarter { year, quarter }))
            .chain((1..=2).map(|half| CalendarPeriod::Half { year, half }))
            .chain(std::iter::once(CalendarPeriod::Year { year }));
        out.extend(kinds.filter(|p| p.end() >= first && p.start() <= today));
    }
    let span = |p: &CalendarPeriod| p.months().1 - p.months().0;
    out.sort_by_key(|p| (p.end(), span(p)));
    out
}

/// `p_thang`, `p_quy`, `p_6thang` of a period: the one that applies is set, the others
/// are 0; all three 0 ask for the whole year.
pub(crate) fn period_fields(period: CalendarPeriod) -> (u8, u8, u8) {
    match period {
        CalendarPeriod::Month { month, .. } => (month, 0, 0),
        CalendarPeriod::Quarter { quarter, .. } => (0, quarter, 0),
        CalendarPeriod::Half { half, .. } => (0, 0, half),
        CalendarPeriod::Year { .. } => (0, 0, 0),
    }
}

/// The rows of an answer: a bare JSON array of objects whose values are strings.
///
/// # Errors
/// [`ExtractError::BadIndexJson`] when the answer is not such an array.
pub fn parse_rows(body: &[u8]) -> Result<Vec<BTreeMap<String, String>>, ExtractError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let start: String = String::from_utf8_lossy(&body[..body.len().min(60)]).into_owned();
        ExtractError::BadIndexJson(format!("not JSON ({e}); the answer starts with {start:?}"))
    })?;
    let Value::Array(items) = value else {
        return Err(ExtractError::BadIndexJson("expected a JSON array of rows".to_string()));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(map) => Ok(map
                .into_iter()
                .map(|(k, v)| {
                    let s = match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k, s)
                })
                .collect()),
            _ => Err(ExtractError::BadIndexJson(format!("row {} is not an object", i + 1))),
        })
        .collect()
}

/// A number written as a string, with a decimal dot (or comma).
pub(crate) fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let t = if t.contains(',') && !t.contains('.') { t.replace(',', ".") } else { t.to_string() };
    t.parse().ok().filter(|v: &f64| v.is_finite())
}

/// Where the rows of an answer belong.
#[derive(Debug, Clone, PartialEq)]
pub struct TableContext {
    /// The period asked for.
    pub period: CalendarPeriod,
    /// `None` for the national table; the province for a drill-down.
    pub parent: Option<ProvinceCode>,
    /// When the answer was captured.
    pub captured_at: DateTime<Utc>,
    /// The fetch the rows came from.
    pub provenance: Provenance,
}

/// The drill-down level a `CAPDONVIID` value names: 1 departments, 2 communes and wards;
/// 3 is what the districts (before 2025) are taken to be (L in dichvucong.md).
fn unit_level(code: &str) -> Option<UnitLevel> {
    match code {
        "1" => Some(UnitLevel::Department),
        "2" => Some(UnitLevel::Commune),
        "3" => Some(UnitLevel::District),
        _ => None,
    }
}

/// Reads an answer's rows into scores, the group columns as `layout` says, with the
/// checks of dichvucong.md flagged on each.
#[must_use]
pub fn read_scores(
    rows: &[BTreeMap<String, String>],
    spec: &IndexSpec,
    layout: &Layout,
    ctx: &TableContext,
) -> Vec<IndexScore> {
    let registry = Registry::builtin();
    let era = ctx.period.era();
    let field =
        |row: &BTreeMap<String, String>, name: &str| row.get(name).map(String::as_str).unwrap_or("").trim().to_string();
    let mut scores: Vec<IndexScore> = rows
        .iter()
        .map(|row| {
            let name = crate::text::nfc(&field(row, &spec.name_field));
            let mut flags = Vec::new();
            let (level, province) = match ctx.parent {
                None => {
                    let code = registry.resolve_in(&name, era).ok().filter(|c| c.era == era);
                    if code.is_none() {
                        flags.push(Flag::Inconsistent {
                            detail: format!(
                                "unit name `{name}` matches no province of the {}-province map",
                                era.province_count()
                            ),
                        });
                    }
                    (UnitLevel::Province, code)
                }
                Some(parent) => {
                    let code = field(row, &spec.level_field);
                    let level = unit_level(&code).unwrap_or_else(|| {
                        flags.push(Flag::Inconsistent {
                            detail: format!(
                                "{} `{code}` is not a known level (1 department, 2 commune, 3 district); read as a commune",
                                spec.level_field
                            ),
                        });
                        UnitLevel::Commune
                    });
                    (level, Some(parent))
                }
            };
            let total = number(&field(row, &spec.total_field));
            if total.is_none() {
                flags.push(Flag::Inconsistent {
                    detail: format!("total `{}` is not a number", field(row, &spec.total_field)),
                });
            }
            let mut groups = BTreeMap::new();
            for column in &layout.columns {
                if let Some(v) = number(&field(row, &column.field)) {
                    groups.insert(column.group, v);
                }
            }
            // From 2025-07 the site shows online service as one column out of 22: the
            // first half's column holds it and the second is empty. (A layout read from
            // the breakdown service already says so.)
            if groups.contains_key(&IndexGroup::OnlineService) && !groups.contains_key(&IndexGroup::OnlinePayment) {
                if let Some(v) = groups.remove(&IndexGroup::OnlineService) {
                    groups.insert(IndexGroup::OnlineCombined, v);
                }
            }
            let total = total.unwrap_or(f64::NAN);
            if !groups.is_empty() {
                let sum: f64 = groups.values().sum();
                if (sum - total).abs() > SUM_TOLERANCE {
                    flags.push(Flag::Inconsistent { detail: format!("groups sum to {sum:.2}, total is {total:.2}") });
                }
            }
            for (group, v) in &groups {
                let max = layout.max(*group);
                if *v < 0.0 || *v > max + 1e-9 {
                    flags.push(Flag::Inconsistent { detail: format!("{} = {v} is outside 0..{max}", group.code()) });
                }
            }
            IndexScore {
                unit_id: field(row, &spec.id_field),
                unit_name: name,
                level,
                province,
                period: ctx.period,
                captured_at: ctx.captured_at,
                total,
                rank: field(row, &spec.rank_field).parse().ok(),
                rank_of: None,
                groups,
                provenance: ctx.provenance.clone(),
                flags,
            }
        })
        .collect();
    check_ranks(&mut scores, ctx.parent.is_none().then_some(era));
    scores
}

/// Ranks must follow the totals (ties share a rank); the national table must rank the
/// era's number of provinces.
fn check_ranks(scores: &mut [IndexScore], national: Option<Era>) {
    let n = u16::try_from(scores.len()).unwrap_or(u16::MAX);
    let mut totals: Vec<f64> = scores.iter().map(|s| s.total).filter(|t| t.is_finite()).collect();
    totals.sort_by(|a, b| b.total_cmp(a));
    for s in scores.iter_mut() {
        s.rank_of = Some(n);
        if !s.total.is_finite() {
            continue;
        }
        let expected =
            totals.iter().position(|t| (t - s.total).abs() < 0.005).map(|i| u16::try_from(i + 1).unwrap_or(u16::MAX));
        if let (Some(rank), Some(expected)) = (s.rank, expected) {
            if rank != expected {
                s.flags.push(Flag::Inconsistent {
                    detail: format!("rank {rank} but the total {:.2} ranks {expected}", s.total),
                });
            }
        }
        if let Some(era) = national {
            if n != era.province_count() {
                s.flags.push(Flag::Inconsistent {
                    detail: format!(
                        "the table ranks {n} units; the map in force for the period has {} provinces",
                        era.province_count()
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::PageHash;

    /// The national index's own selectors file, for tests here and in `index_layout`.
    pub(crate) fn spec() -> IndexSpec {
        crate::source::compile(std::path::Path::new("d.toml"), include_str!("../../selectors/dichvucong.toml"))
            .expect("dichvucong.toml compiles")
            .index
            .expect("index")
    }

    fn ctx(period: &str) -> TableContext {
        TableContext {
            period: period.parse().expect("period"),
            parent: None,
            captured_at: "2024-04-27T00:00:00Z".parse().expect("time"),
            provenance: Provenance {
                url: "g".into(),
                page: PageHash::of(b""),
                fetched_at: "2024-04-27T00:00:00Z".parse().expect("time"),
                extractor_version: 1,
            },
        }
    }

    #[test]
    fn string_numbers_and_six_columns() {
        let body = r#"[{"ID":"1","TEN":"Tỉnh Bắc Kạn","ROW_STT":"1","TONG_SCORE":"75.35","CKMB":"15","TDGQ":"18","TTTT":"8","CLGQ":"6.35","MDHL":"18","MDSH":"10"},
                        {"ID":"2","TEN":"Cao Bằng","ROW_STT":"2","TONG_SCORE":"70","CKMB":"","TDGQ":"","TTTT":"","CLGQ":"","MDHL":"","MDSH":""}]"#;
        let rows = parse_rows(body.as_bytes()).expect("rows");
        let scores = read_scores(&rows, &spec(), &Layout::configured(&spec()), &ctx("2024-04"));
        assert_eq!(scores[0].province.map(|c| c.to_string()).as_deref(), Some("63:06"));
        assert_eq!(scores[0].total, 75.35);
        assert_eq!(scores[0].groups.get(&IndexGroup::OnlinePayment), Some(&6.35));
        assert_eq!(scores[0].rank_of, Some(2));
        // Two rows where the era has 63: flagged, kept.
        assert!(scores[0].flags.iter().any(|f| f.describe().contains("ranks 2 units")));
        assert!(!scores[0].flags.iter().any(|f| f.describe().contains("groups sum")));
    }

    #[test]
    fn five_columns_after_the_merger_and_failed_checks() {
        let body = r#"[{"ID":"9","TEN":"Thái Nguyên","ROW_STT":"2","TONG_SCORE":"86.97","CKMB":"15.67","TDGQ":"19.31","TTTT":"17.49","CLGQ":"","MDHL":"17.86","MDSH":"16.64"},
                       {"ID":"8","TEN":"Atlantis","ROW_STT":"1","TONG_SCORE":"80","CKMB":"1","TDGQ":"1","TTTT":"1","CLGQ":"","MDHL":"1","MDSH":"1"}]"#;
        let rows = parse_rows(body.as_bytes()).expect("rows");
        let scores = read_scores(&rows, &spec(), &Layout::configured(&spec()), &ctx("2025-08"));
        assert_eq!(scores[0].groups.get(&IndexGroup::OnlineCombined), Some(&17.49));
        assert!(scores[0].flags.iter().any(|f| f.describe().contains("rank 2 but")));
        assert!(scores[1].province.is_none());
        assert!(scores[1].flags.iter().any(|f| f.describe().contains("Atlantis")));
        assert!(scores[1].flags.iter().any(|f| f.describe().contains("groups sum")));
    }

    #[test]
    fn drill_down_levels_and_maxima_from_the_layout() {
        let body = r#"[{"ID":"5","TEN":"Sở Tư pháp","ROW_STT":"1","TONG_SCORE":"80","CKMB":"15","TDGQ":"18","TTTT":"11","CLGQ":"9","MDHL":"17","MDSH":"10","CAPDONVIID":"1"},
                       {"ID":"6","TEN":"UBND huyện Bắc Sơn","ROW_STT":"2","TONG_SCORE":"70","CKMB":"14","TDGQ":"16","TTTT":"9","CLGQ":"7","MDHL":"15","MDSH":"9","CAPDONVIID":"3"},
                       {"ID":"7","TEN":"Ban X","ROW_STT":"2","TONG_SCORE":"70","CKMB":"14","TDGQ":"16","TTTT":"9","CLGQ":"7","MDHL":"15","MDSH":"9","CAPDONVIID":"9"}]"#;
        let rows = parse_rows(body.as_bytes()).expect("rows");
        let mut c = ctx("2024-04");
        c.parent = Some(ProvinceCode { era: Era::Pre2025, gso: 20 });
        let mut layout = Layout::configured(&spec());
        let scores = read_scores(&rows, &spec(), &layout, &c);
        assert_eq!(
            scores.iter().map(|s| s.level).collect::<Vec<_>>(),
            [UnitLevel::Department, UnitLevel::District, UnitLevel::Commune]
        );
        assert!(scores[2].flags.iter().any(|f| f.describe().contains("CAPDONVIID `9`")));
        // Ties share a rank (1, 2, 2): no rank flag; a drill-down has no 63-row rule.
        assert!(scores[..2].iter().all(|s| s.flags.is_empty()), "{:?}", scores[1].flags);
        // A smaller maximum reported for a group turns the same value into a failed check.
        layout.maxima.insert(IndexGroup::OnlineService, 10.0);
        let scores = read_scores(&rows, &spec(), &layout, &c);
        assert!(
            scores[0].flags.iter().any(|f| f.describe().contains("TTTT = 11 is outside 0..10")),
            "{:?}",
            scores[0].flags
        );
    }

    #[test]
    fn periods_of_every_kind_and_vietnamese_days() {
        let today = NaiveDate::from_ymd_opt(2024, 1, 10).expect("date");
        let all = periods_since("2022-08".parse().expect("period"), today);
        let count = |f: fn(&CalendarPeriod) -> bool| all.iter().filter(|p| f(p)).count();
        assert_eq!(count(|p| matches!(p, CalendarPeriod::Month { .. })), 18, "2022-08 to 2024-01");
        assert_eq!(count(|p| matches!(p, CalendarPeriod::Quarter { .. })), 7, "2022-Q3 to 2024-Q1");
        assert_eq!(count(|p| matches!(p, CalendarPeriod::Half { .. })), 4, "2022-H2 to 2024-H1");
        assert_eq!(count(|p| matches!(p, CalendarPeriod::Year { .. })), 3);
        assert!(all.windows(2).all(|w| w[0].end() <= w[1].end()));
        let late: DateTime<Utc> = "2024-04-30T18:00:00Z".parse().expect("time");
        assert_eq!(vietnam_date(late), NaiveDate::from_ymd_opt(2024, 5, 1).expect("date"));
    }

    #[test]
    fn bad_answers_are_errors() {
        assert!(parse_rows(b"<html>WAF</html>").is_err());
        assert!(parse_rows(b"{\"a\":1}").is_err());
        assert_eq!(parse_rows(b"[]").expect("empty").len(), 0);
    }
}
