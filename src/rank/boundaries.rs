//! Series across the 2025-07-01 merger: which province's figures a column shows in
//! each period, under the boundaries chosen. As published, a province is followed into
//! the province it became part of. Under the 2025 boundaries, a post-2025 province's
//! earlier periods are its predecessors': counts summed, scores shown per old province
//! (never averaged). Pure.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::{CalendarPeriod, Era, ProvinceCode};
use crate::province::Registry;

/// Which provincial map a series is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundaries {
    /// Each period in its own map (63 provinces until 2025-06, 34 from 2025-07); a
    /// pre-2025 province is followed into the province it became part of.
    #[default]
    AsPublished,
    /// The 34 provinces of 2025 throughout.
    Merged2025,
}

impl Boundaries {
    /// A line saying what the boundaries are, for the head of a table.
    #[must_use]
    pub fn describe_vi(self) -> &'static str {
        match self {
            Boundaries::AsPublished => {
                "Ranh giới: như công bố (63 tỉnh đến 6/2025, 34 tỉnh từ 7/2025; tỉnh cũ nối vào tỉnh mới). \
                 --boundaries 2025 để xem theo 34 tỉnh."
            }
            Boundaries::Merged2025 => {
                "Ranh giới: 34 tỉnh năm 2025. Trước 7/2025: số lượng cộng các tỉnh cũ (tỷ lệ tính lại từ \
                 tổng); điểm và tỷ lệ đã nêu hiện theo từng tỉnh cũ, không lấy trung bình."
            }
        }
    }
}

impl fmt::Display for Boundaries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Boundaries::AsPublished => "as-published",
            Boundaries::Merged2025 => "2025",
        })
    }
}

impl FromStr for Boundaries {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "as-published" | "published" => Ok(Boundaries::AsPublished),
            "2025" | "34" => Ok(Boundaries::Merged2025),
            other => Err(crate::text::unknown_choice("boundaries", other, &["as-published", "2025"])),
        }
    }
}

/// A province in the map of `era`: itself in its own map, the province a pre-2025
/// province became part of, or the provinces a 2025 province was formed from.
#[must_use]
pub fn in_map(p: ProvinceCode, era: Era) -> Vec<ProvinceCode> {
    let registry = Registry::builtin();
    match (p.era, era) {
        (a, b) if a == b => vec![p],
        (Era::Pre2025, _) => registry.successor(p).into_iter().collect(),
        (Era::Post2025, _) => registry.predecessors(p),
    }
}

/// Where a column's value for one period comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    /// One province's figure.
    One(ProvinceCode),
    /// Several provinces' figures added together (counts only).
    Sum(Vec<ProvinceCode>),
}

/// One series to show, and its source in every period (`None`: nothing to show there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The province the series is about.
    pub province: ProvinceCode,
    /// Its label.
    pub name: String,
    /// One per period, in the order asked for.
    pub feeds: Vec<Option<Feed>>,
}

/// The columns that show `provinces` over `periods`. `additive`: the values can be
/// summed over provinces (counts, or rates recomputed from summed counts). Provinces that
/// end up as the same column are shown once.
#[must_use]
pub fn columns(
    provinces: &[ProvinceCode],
    periods: &[CalendarPeriod],
    boundaries: Boundaries,
    additive: bool,
) -> Vec<Column> {
    let registry = Registry::builtin();
    let mut out: Vec<Column> = Vec::new();
    for &p in provinces {
        let new = match boundaries {
            Boundaries::AsPublished => vec![followed(p, periods)],
            Boundaries::Merged2025 => merged(registry.successor(p).unwrap_or(p), periods, additive),
        };
        for c in new {
            if !out.iter().any(|o| o.name == c.name && o.province == c.province) {
                out.push(c);
            }
        }
    }
    out
}

/// A province as published: itself in its own map, the province it became part of after
/// the merger; a post-2025 province did not exist before it.
fn followed(p: ProvinceCode, periods: &[CalendarPeriod]) -> Column {
    let feeds = periods
        .iter()
        .map(|period| match (p.era, period.era()) {
            // A 2025 province did not exist before; under these boundaries its
            // predecessors are not its own series.
            (Era::Post2025, Era::Pre2025) => None,
            (_, era) => in_map(p, era).first().copied().map(Feed::One),
        })
        .collect();
    Column { province: p, name: followed_name(p), feeds }
}

/// "Bắc Kạn → Thái Nguyên" for a province that merged into another.
#[must_use]
pub fn followed_name(p: ProvinceCode) -> String {
    let registry = Registry::builtin();
    let name = registry.name(p);
    match registry.successor(p) {
        Some(s) if p.era == Era::Pre2025 && registry.name(s) != name => format!("{name} → {}", registry.name(s)),
        _ => name,
    }
}

/// A 2025 province over time: one column when its earlier figures add up (or it had a
/// single predecessor of its own name), else its own column from 2025-07 and one per
/// predecessor before.
fn merged(new: ProvinceCode, periods: &[CalendarPeriod], additive: bool) -> Vec<Column> {
    let registry = Registry::builtin();
    let before = registry.predecessors(new);
    let new_name = registry.name(new);
    let unchanged = matches!(before.as_slice(), [only] if registry.name(*only) == new_name);
    let feed_after = |period: &CalendarPeriod| (period.era() == Era::Post2025).then_some(Feed::One(new));
    if additive || unchanged {
        let feeds = periods
            .iter()
            .map(|period| match (period.era(), before.as_slice()) {
                (Era::Post2025, _) => Some(Feed::One(new)),
                (Era::Pre2025, []) => None,
                (Era::Pre2025, [only]) => Some(Feed::One(*only)),
                (Era::Pre2025, many) => Some(Feed::Sum(many.to_vec())),
            })
            .collect();
        let name = if unchanged || before.len() < 2 {
            new_name
        } else {
            let parts: Vec<String> = before.iter().map(|c| registry.name(*c)).collect();
            format!("{new_name} (đến 6/2025: {})", parts.join(" + "))
        };
        return vec![Column { province: new, name, feeds }];
    }
    let mut out = vec![Column {
        province: new,
        name: format!("{new_name} (từ 7/2025)"),
        feeds: periods.iter().map(feed_after).collect(),
    }];
    for old in before {
        out.push(Column {
            province: old,
            name: format!("{} (đến 6/2025)", registry.name(old)),
            feeds: periods.iter().map(|p| (p.era() == Era::Pre2025).then_some(Feed::One(old))).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(era: Era, gso: u8) -> ProvinceCode {
        ProvinceCode { era, gso }
    }

    fn periods() -> Vec<CalendarPeriod> {
        ["2025-06", "2025-07"].iter().map(|p| p.parse().expect("period")).collect()
    }

    #[test]
    fn as_published_follows_into_the_successor() {
        let bac_kan = code(Era::Pre2025, 6);
        let cols = columns(&[bac_kan], &periods(), Boundaries::AsPublished, false);
        assert_eq!(cols.len(), 1);
        assert_eq!(cols[0].name, "Bắc Kạn → Thái Nguyên");
        assert_eq!(cols[0].feeds, vec![Some(Feed::One(bac_kan)), Some(Feed::One(code(Era::Post2025, 19)))]);
        let hue_new = code(Era::Post2025, 46);
        let cols = columns(&[hue_new], &periods(), Boundaries::AsPublished, false);
        assert_eq!(cols[0].feeds[0], None, "the 2025 province did not exist in June");
    }

    #[test]
    fn counts_sum_and_scores_stay_per_old_province() {
        let bac_kan = code(Era::Pre2025, 6);
        let thai_nguyen = code(Era::Post2025, 19);
        let summed = columns(&[bac_kan], &periods(), Boundaries::Merged2025, true);
        assert_eq!(summed.len(), 1);
        match &summed[0].feeds[0] {
            Some(Feed::Sum(parts)) => assert_eq!(parts.len(), 2),
            other => panic!("expected a sum, got {other:?}"),
        }
        assert_eq!(summed[0].feeds[1], Some(Feed::One(thai_nguyen)));
        let scores = columns(&[bac_kan, thai_nguyen], &periods(), Boundaries::Merged2025, false);
        assert_eq!(scores.len(), 3, "{scores:?}");
        assert_eq!(scores[0].feeds, vec![None, Some(Feed::One(thai_nguyen))]);
        assert!(scores[1..].iter().all(|c| c.feeds[1].is_none() && matches!(c.feeds[0], Some(Feed::One(_)))));
        assert!(scores.iter().any(|c| c.name == "Bắc Kạn (đến 6/2025)"));
    }

    #[test]
    fn an_unchanged_province_is_one_series() {
        let lang_son = code(Era::Pre2025, 20);
        let cols = columns(&[lang_son], &periods(), Boundaries::Merged2025, false);
        assert_eq!(cols.len(), 1);
        assert_eq!(cols[0].name, "Lạng Sơn");
        assert!(cols[0].feeds.iter().all(Option::is_some));
    }

    #[test]
    fn boundaries_parse_with_suggestions() {
        assert_eq!("2025".parse::<Boundaries>(), Ok(Boundaries::Merged2025));
        assert_eq!("as-published".parse::<Boundaries>(), Ok(Boundaries::AsPublished));
        assert!("2052".parse::<Boundaries>().expect_err("unknown").contains("2025"));
    }
}
