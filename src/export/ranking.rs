//! Rankings as a terminal table, CSV (as `dvcrank rank --format csv` prints it) and
//! JSON, over any `impl Write`. Pure formatting; the caller chooses where the bytes go.

use std::io::{self, Write};

use crate::extract::number::format_vi;
use crate::model::{IndexGroup, Unit};
use crate::rank::{Grade, Ranking, Subject};

/// The groups that appear in a ranking, in the site's order.
fn groups_in(r: &Ranking) -> Vec<IndexGroup> {
    IndexGroup::ALL.iter().copied().filter(|g| r.entries.iter().any(|e| e.groups.contains_key(g))).collect()
}

fn is_index(r: &Ranking) -> bool {
    matches!(r.subject, Subject::Index)
}

fn value_decimals(r: &Ranking) -> usize {
    match r.subject.unit() {
        Unit::Count => 0,
        Unit::Percent | Unit::Points => 2,
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

fn pad_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

/// A ranking as an aligned table for a terminal, numbers in Vietnamese format.
///
/// # Errors
/// When writing fails.
pub fn write_ranking_table(w: &mut impl Write, r: &Ranking) -> io::Result<()> {
    let groups = groups_in(r);
    let decimals = value_decimals(r);
    writeln!(
        w,
        "{} — {}{}",
        r.subject.name_vi(),
        r.period,
        if r.sample { "  [DỮ LIỆU MẪU / SAMPLE DATA]" } else { "" }
    )?;
    let name_header = "Tỉnh, thành phố";
    let name_width =
        r.entries.iter().map(|e| e.name.chars().count()).max().unwrap_or(0).max(name_header.chars().count());
    let value_header = if r.subject.unit() == Unit::Points { "Điểm" } else { "Giá trị" };
    let mut header =
        format!("{}  {}  {}", pad_left("Hạng", 4), pad(name_header, name_width), pad_left(value_header, 7));
    for g in &groups {
        header.push_str(&format!("  {}", pad_left(g.code(), 6)));
    }
    if is_index(r) {
        header.push_str(&format!("  {}", pad("Xếp loại", 10)));
    }
    header.push_str("  Thay đổi");
    writeln!(w, "{header}")?;
    for e in &r.entries {
        let mut line = format!(
            "{}  {}  {}",
            pad_left(&e.rank.to_string(), 4),
            pad(&e.name, name_width),
            pad_left(&format_vi(e.value, decimals), 7)
        );
        for g in &groups {
            let v = e.groups.get(g).map_or_else(|| "–".to_string(), |v| format_vi(*v, 2));
            line.push_str(&format!("  {}", pad_left(&v, 6)));
        }
        if is_index(r) {
            line.push_str(&format!("  {}", pad(Grade::of(e.value).name_vi(), 10)));
        }
        let change = match e.change {
            Some(c) if c.rank > 0 => format!("▲{} ({:+})", c.rank, Signed(c.value, decimals)),
            Some(c) if c.rank < 0 => format!("▼{} ({:+})", -c.rank, Signed(c.value, decimals)),
            Some(c) => format!("= ({:+})", Signed(c.value, decimals)),
            // No value the period before (a new series, or across the 2025 merger).
            None => "—".to_string(),
        };
        line.push_str(&format!("  {change}"));
        writeln!(w, "{}", line.trim_end())?;
    }
    if !r.missing.is_empty() {
        writeln!(w, "Không có số liệu: {} tỉnh, thành phố", r.missing.len())?;
    }
    for s in &r.sources {
        writeln!(w, "Nguồn: {}, truy cập {}", s.host, s.captured_at.format("%d/%m/%Y"))?;
    }
    Ok(())
}

/// A signed number in Vietnamese format, for `{:+}`.
struct Signed(f64, usize);

impl std::fmt::Display for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0.0 {
            "-"
        } else if f.sign_plus() {
            "+"
        } else {
            ""
        };
        write!(f, "{sign}{}", format_vi(self.0.abs(), self.1))
    }
}

/// A ranking as CSV (decimal points, one header row, no byte-order mark: it is meant
/// for pipes; `dvcrank export rankings` writes the spreadsheet-friendly file).
///
/// # Errors
/// When writing fails.
pub fn write_ranking_csv(w: &mut impl Write, r: &Ranking) -> io::Result<()> {
    let groups = groups_in(r);
    let mut header =
        vec!["period".to_string(), "rank".into(), "province_code".into(), "province".into(), "value".into()];
    header.extend(groups.iter().map(|g| g.code().to_string()));
    header.extend([
        "grade".to_string(),
        "rank_change".into(),
        "value_change".into(),
        "published_rank".into(),
        "sample".into(),
    ]);
    let mut out = super::csv_writer(&mut *w, false)?;
    out.write_record(&header)?;
    for e in &r.entries {
        let mut row =
            vec![r.period.to_string(), e.rank.to_string(), e.province.to_string(), e.name.clone(), e.value.to_string()];
        row.extend(groups.iter().map(|g| e.groups.get(g).map_or_else(String::new, ToString::to_string)));
        row.push(if is_index(r) { Grade::of(e.value).name_vi().to_string() } else { String::new() });
        row.push(e.change.map_or_else(String::new, |c| c.rank.to_string()));
        row.push(e.change.map_or_else(String::new, |c| format!("{:.2}", c.value)));
        row.push(e.published_rank.map_or_else(String::new, |p| p.to_string()));
        row.push(r.sample.to_string());
        out.write_record(&row)?;
    }
    out.flush()
}

/// A ranking as pretty JSON.
///
/// # Errors
/// When writing fails.
pub fn write_ranking_json(w: &mut impl Write, r: &Ranking) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r).map_err(io::Error::other)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{CalendarPeriod, Era, ProvinceCode};
    use crate::rank::{rank, Row};

    fn ranking() -> Ranking {
        let rows = vec![
            Row {
                province: ProvinceCode { era: Era::Pre2025, gso: 6 },
                name: "Bắc Kạn".into(),
                value: 75.35,
                groups: BTreeMap::from([(IndexGroup::Satisfaction, 18.0)]),
                published_rank: Some(17),
            },
            Row {
                province: ProvinceCode { era: Era::Pre2025, gso: 4 },
                name: "Cao Bằng, \"x\"".into(),
                value: 80.0,
                groups: BTreeMap::new(),
                published_rank: None,
            },
        ];
        rank(Subject::Index, CalendarPeriod::Month { year: 2024, month: 4 }, rows, &[])
    }

    #[test]
    fn table_aligns_vietnamese_names() {
        let mut out = Vec::new();
        write_ranking_table(&mut out, &ranking()).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("75,35"), "{text}");
        assert!(text.contains("Khá"));
        let lines: Vec<&str> = text.lines().collect();
        let col = |l: &str| l.chars().position(|c| c == '7' || c == '8');
        assert_eq!(col(lines[2]), col(lines[3]), "{text}");
    }

    #[test]
    fn csv_quotes_and_has_groups() {
        let mut out = Vec::new();
        write_ranking_csv(&mut out, &ranking()).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("period,rank,province_code,province,value,MDHL,grade"), "{text}");
        assert!(text.contains("\"Cao Bằng, \"\"x\"\"\""), "{text}");
        assert!(text.contains("2024-04,2,63:06,Bắc Kạn,75.35,18,Khá,,,17,false"), "{text}");
    }
}
