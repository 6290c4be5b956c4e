//! The national index's types: score groups, unit levels, one unit's score. Pure.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CalendarPeriod, Flag, Provenance, ProvinceCode};

/// The score groups of the national index (Decision 766). Until 2025-06 the site showed
/// online service as two columns (/12 and /10); from 2025-07 as one (/22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IndexGroup {
    /// Công khai, minh bạch (/18).
    #[serde(rename = "CKMB")]
    Transparency,
    /// Tiến độ, kết quả giải quyết (/20).
    #[serde(rename = "TDGQ")]
    Progress,
    /// Dịch vụ công trực tuyến (/12, until 2025-06).
    #[serde(rename = "TTTT")]
    OnlineService,
    /// Thanh toán trực tuyến (/10, until 2025-06).
    #[serde(rename = "CLGQ")]
    OnlinePayment,
    /// Cung cấp dịch vụ trực tuyến, both halves (/22, from 2025-07).
    #[serde(rename = "ONLINE")]
    OnlineCombined,
    /// Mức độ hài lòng (/18).
    #[serde(rename = "MDHL")]
    Satisfaction,
    /// Số hóa hồ sơ (/22).
    #[serde(rename = "MDSH")]
    Digitisation,
}

impl IndexGroup {
    /// Every group, in the order the site shows them.
    pub const ALL: &'static [IndexGroup] = &[
        IndexGroup::Transparency,
        IndexGroup::Progress,
        IndexGroup::OnlineService,
        IndexGroup::OnlinePayment,
        IndexGroup::OnlineCombined,
        IndexGroup::Satisfaction,
        IndexGroup::Digitisation,
    ];

    /// The short code used on the command line and in exports.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            IndexGroup::Transparency => "CKMB",
            IndexGroup::Progress => "TDGQ",
            IndexGroup::OnlineService => "TTTT",
            IndexGroup::OnlinePayment => "CLGQ",
            IndexGroup::OnlineCombined => "ONLINE",
            IndexGroup::Satisfaction => "MDHL",
            IndexGroup::Digitisation => "MDSH",
        }
    }

    /// The group's Vietnamese name.
    #[must_use]
    pub fn name_vi(self) -> &'static str {
        match self {
            IndexGroup::Transparency => "Công khai, minh bạch",
            IndexGroup::Progress => "Tiến độ giải quyết",
            IndexGroup::OnlineService => "Dịch vụ công trực tuyến",
            IndexGroup::OnlinePayment => "Thanh toán trực tuyến",
            IndexGroup::OnlineCombined => "Cung cấp dịch vụ trực tuyến",
            IndexGroup::Satisfaction => "Mức độ hài lòng",
            IndexGroup::Digitisation => "Số hóa hồ sơ",
        }
    }

    /// The group's English name.
    #[must_use]
    pub fn name_en(self) -> &'static str {
        match self {
            IndexGroup::Transparency => "Transparency",
            IndexGroup::Progress => "Timeliness",
            IndexGroup::OnlineService => "Online services",
            IndexGroup::OnlinePayment => "Online payment",
            IndexGroup::OnlineCombined => "Online services (incl. payment)",
            IndexGroup::Satisfaction => "Satisfaction",
            IndexGroup::Digitisation => "Digitisation",
        }
    }

    /// The most points the group can give, per Decision 766.
    #[must_use]
    pub fn max_points(self) -> f64 {
        match self {
            IndexGroup::Transparency | IndexGroup::Satisfaction => 18.0,
            IndexGroup::Progress => 20.0,
            IndexGroup::OnlineService => 12.0,
            IndexGroup::OnlinePayment => 10.0,
            IndexGroup::OnlineCombined | IndexGroup::Digitisation => 22.0,
        }
    }
}

impl FromStr for IndexGroup {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded = crate::text::fold(s);
        IndexGroup::ALL
            .iter()
            .copied()
            .find(|g| {
                g.code().eq_ignore_ascii_case(s)
                    || crate::text::fold(g.name_vi()) == folded
                    || g.name_en().eq_ignore_ascii_case(s)
            })
            .ok_or_else(|| {
                let codes: Vec<&str> = IndexGroup::ALL.iter().map(|g| g.code()).collect();
                crate::text::unknown_choice("index group", s, &codes)
            })
    }
}

/// The level of a unit in the national index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// A province (the national table).
    Province,
    /// A provincial department (drill-down, `CAPDONVIID` 1).
    Department,
    /// A district (drill-down, before 2025).
    District,
    /// A commune or ward (drill-down, `CAPDONVIID` 2).
    Commune,
}

/// One unit's national-index score for a period, as captured at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexScore {
    /// The unit's opaque ID in the index system.
    pub unit_id: String,
    /// The unit's name as the index shows it.
    pub unit_name: String,
    /// Province, department, district or commune.
    pub level: UnitLevel,
    /// The province: the unit itself, or the province a drill-down belongs to.
    pub province: Option<ProvinceCode>,
    /// The period scored.
    pub period: CalendarPeriod,
    /// When this reading was taken (scores change until the period closes).
    pub captured_at: DateTime<Utc>,
    /// Total score out of 100.
    pub total: f64,
    /// Rank among the units of the table.
    pub rank: Option<u16>,
    /// How many units the table ranks.
    pub rank_of: Option<u16>,
    /// Group scores.
    pub groups: BTreeMap<IndexGroup, f64>,
    /// Which fetch it came from.
    pub provenance: Provenance,
    /// Failed consistency checks.
    pub flags: Vec<Flag>,
}
