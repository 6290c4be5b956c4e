//! The words on a chart: titles, subtitles, axis and unit labels, the source line, the
//! footnotes and the sample-data stamp, in Vietnamese and English. Pure: no I/O.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::format::{date_name, format_value, period_name};
use super::options::{ChartOptions, Lang};
use crate::model::{CalendarPeriod, Metric, Unit};
use crate::rank::{Ranking, SourceRef, Subject, Trend};

/// The stamp on charts of sample data; bilingual in both languages, so it survives a
/// crop or a translation of the caption.
pub const SAMPLE_STAMP: &str = "DỮ LIỆU MẪU / SAMPLE DATA";

/// The subject's name in the chart's language.
#[must_use]
pub fn subject_name(subject: Subject, lang: Lang) -> String {
    match lang {
        Lang::Vi => subject.name_vi(),
        // English metric names are built from keys ("resolved late"): a title starts
        // with a capital.
        Lang::En => capitalise(&subject.name_en()),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// What the values count, for the value axis: "Điểm (thang 100)", "Tỷ lệ (%)", "Hồ sơ".
#[must_use]
pub fn unit_label(subject: Subject, lang: Lang) -> String {
    if let Some(max) = points_max(subject) {
        return match lang {
            Lang::Vi => format!("Điểm (thang {max})"),
            Lang::En => format!("Points (out of {max})"),
        };
    }
    match (subject.unit(), lang) {
        (Unit::Percent, Lang::Vi) => "Tỷ lệ (%)".to_string(),
        (Unit::Percent, Lang::En) => "Rate (%)".to_string(),
        (_, lang) => count_noun(subject, lang).to_string(),
    }
}

/// The scale of a points subject ("100", "18"), if it is one.
fn points_max(subject: Subject) -> Option<String> {
    match subject {
        Subject::Index | Subject::IndexGroup { .. } | Subject::Metric { unit: Unit::Points, .. } => {
            subject.max_value().map(|m| format!("{m:.0}"))
        }
        Subject::Metric { .. } => None,
    }
}

/// Whether a count subject counts ratings or guidance (times) rather than dossiers.
fn counts_times(subject: Subject) -> bool {
    matches!(
        subject,
        Subject::Metric {
            metric: Metric::RatingsTotal
                | Metric::RatingsVerySatisfied
                | Metric::RatingsSatisfied
                | Metric::RatingsNeutral
                | Metric::RatingsDissatisfied
                | Metric::GuidanceTotal,
            ..
        }
    )
}

/// What a count counts, as an axis label.
fn count_noun(subject: Subject, lang: Lang) -> &'static str {
    match (counts_times(subject), lang) {
        (true, Lang::Vi) => "Lượt",
        (true, Lang::En) => "Times",
        (false, Lang::Vi) => "Hồ sơ",
        (false, Lang::En) => "Dossiers",
    }
}

/// What a count counts, after "xếp hạng theo" / "ranked by".
fn count_basis(subject: Subject, lang: Lang) -> &'static str {
    match (counts_times(subject), lang) {
        (true, Lang::Vi) => "số lượt",
        (true, Lang::En) => "count",
        (false, Lang::Vi) => "số hồ sơ",
        (false, Lang::En) => "number of dossiers",
    }
}

/// What a ranking is ordered by: "tổng điểm (thang 100)", "tỷ lệ (%), thấp hơn là tốt hơn".
fn basis(subject: Subject, lang: Lang) -> String {
    let what = match (subject, lang) {
        (Subject::Index, Lang::Vi) => "tổng điểm (thang 100)".to_string(),
        (Subject::Index, Lang::En) => "total score (out of 100)".to_string(),
        (Subject::IndexGroup { group }, Lang::Vi) => {
            format!("điểm nhóm (thang {:.0})", group.max_points())
        }
        (Subject::IndexGroup { group }, Lang::En) => {
            format!("group score (out of {:.0})", group.max_points())
        }
        (Subject::Metric { unit: Unit::Percent, .. }, Lang::Vi) => "tỷ lệ (%)".to_string(),
        (Subject::Metric { unit: Unit::Percent, .. }, Lang::En) => "rate (%)".to_string(),
        (Subject::Metric { unit: Unit::Points, .. }, Lang::Vi) => "điểm".to_string(),
        (Subject::Metric { unit: Unit::Points, .. }, Lang::En) => "points".to_string(),
        (Subject::Metric { .. }, lang) => count_basis(subject, lang).to_string(),
    };
    if subject.higher_is_better() {
        what
    } else {
        match lang {
            Lang::Vi => format!("{what}, thấp hơn là tốt hơn"),
            Lang::En => format!("{what}, lower is better"),
        }
    }
}

/// "Chỉ số phục vụ người dân, doanh nghiệp — tháng 4/2024".
#[must_use]
pub fn ranking_title(ranking: &Ranking, lang: Lang) -> String {
    format!("{} — {}", subject_name(ranking.subject, lang), period_name(ranking.period, lang))
}

/// "63 tỉnh, thành phố; xếp hạng theo tổng điểm (thang 100)", or with a top/bottom cut
/// "10 đứng đầu và 10 đứng cuối trong số 63 tỉnh, thành phố; …".
#[must_use]
pub fn ranking_subtitle(ranking: &Ranking, opts: &ChartOptions, stacked: bool) -> String {
    let n = ranking.entries.iter().filter(|e| e.value.is_finite()).count();
    let lang = opts.lang;
    let top = opts.top.filter(|&k| k < n);
    let bottom = opts.bottom.filter(|&k| k < n);
    let cut_covers_all = matches!((top, bottom), (Some(t), Some(b)) if t + b >= n);
    let who = match (lang, top, bottom) {
        (_, _, _) if cut_covers_all => provinces(n, lang),
        (Lang::Vi, Some(t), Some(b)) => format!("{t} đứng đầu và {b} đứng cuối trong số {}", provinces(n, lang)),
        (Lang::Vi, Some(t), None) => format!("{t} đứng đầu trong số {}", provinces(n, lang)),
        (Lang::Vi, None, Some(b)) => format!("{b} đứng cuối trong số {}", provinces(n, lang)),
        (Lang::En, Some(t), Some(b)) => format!("Top {t} and bottom {b} of {}", provinces(n, lang)),
        (Lang::En, Some(t), None) => format!("Top {t} of {}", provinces(n, lang)),
        (Lang::En, None, Some(b)) => format!("Bottom {b} of {}", provinces(n, lang)),
        (_, None, None) => provinces(n, lang),
    };
    let how = match lang {
        Lang::Vi => format!("xếp hạng theo {}", basis(ranking.subject, lang)),
        Lang::En => format!("ranked by {}", basis(ranking.subject, lang)),
    };
    let split = match (stacked, lang) {
        (false, _) => "",
        (true, Lang::Vi) => "; thanh chia theo nhóm chỉ số",
        (true, Lang::En) => "; bars split by index group",
    };
    format!("{who}; {how}{split}")
}

/// "63 tỉnh, thành phố" / "63 provinces and cities" (one: "1 tỉnh, thành phố" / "1 province").
fn provinces(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Vi, n) => format!("{n} tỉnh, thành phố"),
        (Lang::En, 1) => "1 province".to_string(),
        (Lang::En, n) => format!("{n} provinces and cities"),
    }
}

/// "Trung bình cả nước: 80,12" / "National average: 80.12" when every province of the
/// era is ranked; otherwise the mean is not the nation's, and the label says over how
/// many provinces it is ("Trung bình 61 tỉnh, thành phố: 79,70").
#[must_use]
pub fn average_label(ranking: &Ranking, value: f64, lang: Lang) -> String {
    let v = format_value(value, ranking.subject.unit(), lang);
    let n = ranking.entries.iter().filter(|e| e.value.is_finite()).count();
    let whole = n >= usize::from(ranking.era().province_count());
    match (lang, whole) {
        (Lang::Vi, true) => format!("Trung bình cả nước: {v}"),
        (Lang::En, true) => format!("National average: {v}"),
        (Lang::Vi, false) => format!("Trung bình {}: {v}", provinces(n, lang)),
        (Lang::En, false) => format!("Average of {}: {v}", provinces(n, lang)),
    }
}

/// "Không có số liệu: Bắc Kạn, Cao Bằng." for provinces without a value.
#[must_use]
pub fn missing_note(names: &[String], lang: Lang) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    let list = names.join(", ");
    Some(match lang {
        Lang::Vi => format!("Không có số liệu: {list}."),
        Lang::En => format!("No data: {list}."),
    })
}

/// The trend's period span: "tháng 1/2024 đến tháng 8/2025" / "Jan 2024 to Aug 2025".
fn span(first: CalendarPeriod, last: CalendarPeriod, lang: Lang) -> String {
    if first == last {
        return period_name(first, lang);
    }
    match lang {
        Lang::Vi => format!("{} đến {}", period_name(first, lang), period_name(last, lang)),
        Lang::En => format!("{} to {}", period_name(first, lang), period_name(last, lang)),
    }
}

/// The first and last period of a trend, over all series.
#[must_use]
pub fn trend_span(trend: &Trend) -> Option<(CalendarPeriod, CalendarPeriod)> {
    let periods = trend.series.iter().flat_map(|s| s.points.iter().map(|p| p.period));
    let first = periods.clone().min()?;
    let last = periods.max()?;
    Some((first, last))
}

/// "Chỉ số phục vụ người dân, doanh nghiệp — tháng 1/2024 đến tháng 8/2025".
#[must_use]
pub fn trend_title(trend: &Trend, lang: Lang) -> String {
    match trend_span(trend) {
        Some((a, b)) => format!("{} — {}", subject_name(trend.subject, lang), span(a, b, lang)),
        None => subject_name(trend.subject, lang),
    }
}

/// "3 tỉnh, thành phố; tổng điểm (thang 100) theo tháng; chỗ đứt: không có số liệu".
#[must_use]
pub fn trend_subtitle(trend: &Trend, lang: Lang) -> String {
    let n = trend.series.len();
    let step = trend_span(trend).map(|(a, _)| a);
    let by = match (lang, step) {
        (Lang::Vi, Some(CalendarPeriod::Month { .. })) => " theo tháng",
        (Lang::Vi, Some(CalendarPeriod::Quarter { .. })) => " theo quý",
        (Lang::Vi, Some(CalendarPeriod::Half { .. })) => " theo nửa năm",
        (Lang::Vi, Some(CalendarPeriod::Year { .. })) => " theo năm",
        (Lang::En, Some(CalendarPeriod::Month { .. })) => " by month",
        (Lang::En, Some(CalendarPeriod::Quarter { .. })) => " by quarter",
        (Lang::En, Some(CalendarPeriod::Half { .. })) => " by half-year",
        (Lang::En, Some(CalendarPeriod::Year { .. })) => " by year",
        (_, None) => "",
    };
    let what = match trend.subject {
        Subject::Index | Subject::IndexGroup { .. } => basis(trend.subject, lang),
        Subject::Metric { .. } => unit_label(trend.subject, lang).to_lowercase(),
    };
    let gaps = trend.series.iter().any(|s| s.points.iter().any(|p| p.value.is_none()));
    let gap_note = match (gaps, lang) {
        (false, _) => "",
        (true, Lang::Vi) => "; chỗ đứt: không có số liệu",
        (true, Lang::En) => "; breaks: no data",
    };
    format!("{}; {what}{by}{gap_note}", provinces(n, lang))
}

/// The day a capture was made, in Vietnam's time (UTC+7, no daylight saving), which is
/// the date a Vietnamese reader would give for it.
#[must_use]
pub fn accessed_on(at: DateTime<Utc>) -> NaiveDate {
    FixedOffset::east_opt(7 * 3600).map_or_else(|| at.date_naive(), |ict| at.with_timezone(&ict).date_naive())
}

/// "Nguồn: dichvucong.gov.vn, truy cập 29/8/2025" (several hosts joined; the latest
/// capture of each host).
#[must_use]
pub fn source_line(sources: &[SourceRef], lang: Lang) -> String {
    // First appearance decides the order: callers put the main source first.
    let mut hosts: Vec<(&str, DateTime<Utc>)> = Vec::new();
    for s in sources {
        match hosts.iter_mut().find(|(h, _)| *h == s.host) {
            Some((_, at)) => *at = (*at).max(s.captured_at),
            None => hosts.push((s.host.as_str(), s.captured_at)),
        }
    }
    let (label, accessed) = match (lang, hosts.len()) {
        (Lang::Vi, _) => ("Nguồn", "truy cập"),
        (Lang::En, 0 | 1) => ("Source", "accessed"),
        (Lang::En, _) => ("Sources", "accessed"),
    };
    let dates: Vec<NaiveDate> = hosts.iter().map(|(_, at)| accessed_on(*at)).collect();
    let body = match dates.first() {
        None => match lang {
            Lang::Vi => "không ghi nhận".to_string(),
            Lang::En => "not recorded".to_string(),
        },
        Some(first) if dates.iter().all(|d| d == first) => {
            let names: Vec<&str> = hosts.iter().map(|(h, _)| *h).collect();
            format!("{}, {accessed} {}", names.join(", "), date_name(*first, lang))
        }
        Some(_) => hosts
            .iter()
            .zip(&dates)
            .map(|((h, _), d)| format!("{h} ({accessed} {})", date_name(*d, lang)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!("{label}: {body}")
}

/// The warning drawn after the source line on charts of sample data.
#[must_use]
pub fn sample_warning(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "DỮ LIỆU MẪU, không phải số liệu thật",
        Lang::En => "SAMPLE DATA, not real figures",
    }
}

/// The credit at the bottom right.
#[must_use]
pub fn credit(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Biểu đồ: dvcrank",
        Lang::En => "Chart: dvcrank",
    }
}

/// The note under small multiples that explains the dashed line.
#[must_use]
pub fn merger_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Đường đứt nét: sáp nhập tỉnh 01/7/2025.",
        Lang::En => "Dashed line: provinces merged 1 Jul 2025.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("valid time")
    }

    #[test]
    fn source_lines() {
        let one = [SourceRef { host: "dichvucong.gov.vn".into(), captured_at: at(2025, 8, 29, 3) }];
        assert_eq!(source_line(&one, Lang::Vi), "Nguồn: dichvucong.gov.vn, truy cập 29/8/2025");
        assert_eq!(source_line(&one, Lang::En), "Source: dichvucong.gov.vn, accessed 29 Aug 2025");
        let two = [
            SourceRef { host: "dichvucong.gov.vn".into(), captured_at: at(2025, 8, 29, 3) },
            SourceRef { host: "bacninh.gov.vn".into(), captured_at: at(2025, 8, 29, 4) },
            SourceRef { host: "dichvucong.gov.vn".into(), captured_at: at(2025, 8, 28, 3) },
        ];
        assert_eq!(source_line(&two, Lang::Vi), "Nguồn: dichvucong.gov.vn, bacninh.gov.vn, truy cập 29/8/2025");
        let apart = [
            SourceRef { host: "a.gov.vn".into(), captured_at: at(2025, 8, 29, 3) },
            SourceRef { host: "b.gov.vn".into(), captured_at: at(2025, 8, 27, 3) },
        ];
        assert_eq!(
            source_line(&apart, Lang::En),
            "Sources: a.gov.vn (accessed 29 Aug 2025), b.gov.vn (accessed 27 Aug 2025)"
        );
        assert_eq!(source_line(&[], Lang::Vi), "Nguồn: không ghi nhận");
    }

    #[test]
    fn capture_dates_are_vietnam_dates() {
        // 20:00 UTC on the 28th is 03:00 on the 29th in Hà Nội.
        assert_eq!(accessed_on(at(2025, 8, 28, 20)), NaiveDate::from_ymd_opt(2025, 8, 29).expect("date"));
    }

    #[test]
    fn unit_labels() {
        assert_eq!(unit_label(Subject::Index, Lang::Vi), "Điểm (thang 100)");
        let pct = Subject::Metric { metric: Metric::ResolvedEarlyOrOnTime, unit: Unit::Percent };
        assert_eq!(unit_label(pct, Lang::En), "Rate (%)");
        let count = Subject::Metric { metric: Metric::ReceivedTotal, unit: Unit::Count };
        assert_eq!(unit_label(count, Lang::Vi), "Hồ sơ");
    }
}
