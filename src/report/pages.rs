//! The report's pages: the national ranking, a province, the flagged figures, and how the
//! data was collected. Pure formatting over `impl Write`; every string from the data is
//! escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset, Utc};

use super::html::{esc, heading, page, source_link, Nav, Shell};
use super::{ProvinceData, ReportData};
use crate::chart::{captions, period_name, Lang};
use crate::export::FlaggedItem;
use crate::extract::number::format_vi;
use crate::model::{IndexGroup, Metric};
use crate::rank::{metric_name_vi, Grade, RankEntry};
use crate::EXTRACTOR_VERSION;

/// A capture time as a Vietnamese reader gives it: day, month, year and time in Vietnam
/// (UTC+7).
fn vn_time(at: DateTime<Utc>) -> String {
    let ict = FixedOffset::east_opt(7 * 3600).map_or_else(|| at.fixed_offset(), |o| at.with_timezone(&o));
    ict.format("%d/%m/%Y %H:%M").to_string()
}

/// A capture time from an export row (RFC 3339), as [`vn_time`] gives it.
fn vn_time_str(s: &str) -> String {
    DateTime::parse_from_rfc3339(s).map_or_else(|_| s.to_string(), |t| vn_time(t.with_timezone(&Utc)))
}

fn value_vi(value: f64, unit: &str) -> String {
    match unit {
        "percent" => format!("{}%", format_vi(value, 2)),
        "points" => format_vi(value, 2),
        _ => format_vi(value, 0),
    }
}

fn grade_class(g: Grade) -> &'static str {
    match g {
        Grade::Excellent => "g-excellent",
        Grade::Good => "g-good",
        Grade::Fair => "g-fair",
        Grade::Average => "g-average",
        Grade::Weak => "g-weak",
    }
}

fn grade_badge(total: f64) -> String {
    let g = Grade::of(total);
    format!("<span class=\"grade {}\">{}</span>", grade_class(g), esc(g.name_vi()))
}

/// The change in rank: "▲3", "▼2", "=", or "—" without a value the month before.
fn change_cell(e: &RankEntry) -> (String, String) {
    match e.change {
        Some(c) if c.rank > 0 => (c.rank.to_string(), format!("<span class=\"up\">▲{}</span>", c.rank)),
        Some(c) if c.rank < 0 => (c.rank.to_string(), format!("<span class=\"down\">▼{}</span>", -c.rank)),
        Some(_) => ("0".to_string(), "=".to_string()),
        None => ("-9999".to_string(), "—".to_string()),
    }
}

fn metric_label(metric: &str) -> String {
    metric.parse::<Metric>().map_or_else(|_| metric.to_string(), |m| metric_name_vi(m).to_string())
}

/// Keeps only the `<svg …>…</svg>` element of a chart (an XML declaration has no place
/// inside HTML).
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..])
}

fn shell<'a>(data: &ReportData, title: &'a str, nav: Nav, root: &'a str, period_vi: &'a str) -> Shell<'a> {
    Shell { title, nav, root, sample: data.sample, period_vi, flagged: data.flagged.len() }
}

fn chart_links(out: &mut String, root: &str, stem: &str) {
    let _ = write!(
        out,
        "<figcaption>Tải về / Download: <a href=\"{root}charts/{0}.svg\">SVG</a> · \
         <a href=\"{root}charts/{0}.csv\">dữ liệu CSV / data</a> · \
         <a href=\"{root}charts/{0}.meta.json\">nguồn / sources (JSON)</a></figcaption>",
        esc(stem)
    );
}

/// The national ranking: the sortable, searchable table and the chart.
///
/// # Errors
/// When writing fails.
pub fn write_index(w: &mut impl Write, data: &ReportData) -> io::Result<()> {
    let r = &data.ranking;
    let period_vi = period_name(data.period, Lang::Vi);
    let period_en = period_name(data.period, Lang::En);
    let mut b = String::new();
    b.push_str(&heading(
        1,
        &format!("Chỉ số phục vụ người dân, doanh nghiệp — {period_vi}"),
        &format!("Service index for citizens and businesses — {period_en}"),
    ));
    let expected = r.entries.len() + r.missing.len();
    let _ = write!(
        b,
        "<p>Xếp hạng {n} tỉnh, thành phố theo tổng điểm (thang 100) trên Cổng Dịch vụ công quốc gia. {src}.\
         <span class=\"en\">{n} provinces ranked on their total score (out of 100) on the National Public Service Portal. {src_en}.</span></p>",
        n = r.entries.len(),
        src = esc(&captions::source_line(&r.sources, Lang::Vi)),
        src_en = esc(&captions::source_line(&r.sources, Lang::En)),
    );
    b.push_str("<div class=\"cards\">");
    let _ = write!(b, "<div class=\"card\"><small>Có điểm / scored</small><b>{}/{expected}</b></div>", r.entries.len());
    if let Some(avg) = r.average() {
        let _ = write!(b, "<div class=\"card\"><small>Trung bình / average</small><b>{}</b></div>", format_vi(avg, 2));
    }
    if let (Some(top), Some(last)) = (r.entries.first(), r.entries.last()) {
        for (label, e) in [("Cao nhất / highest", top), ("Thấp nhất / lowest", last)] {
            let _ = write!(
                b,
                "<div class=\"card\"><small>{label}</small><b>{}</b>{}</div>",
                format_vi(e.value, 2),
                esc(&e.name)
            );
        }
    }
    b.push_str("</div>");
    let groups: Vec<IndexGroup> =
        IndexGroup::ALL.iter().copied().filter(|g| r.entries.iter().any(|e| e.groups.contains_key(g))).collect();
    let _ = write!(
        b,
        "<div class=\"search\"><label for=\"q\">Tìm tỉnh, thành phố <span class=\"muted small\">/ find a province</span></label>\
         <input id=\"q\" type=\"search\" placeholder=\"vd. Bắc Kạn, bac kan\" data-filter=\"ranking\" data-count=\"shown\" autocomplete=\"off\">\
         <span class=\"muted small\"><span id=\"shown\">{}</span> dòng / rows</span></div>",
        r.entries.len()
    );
    b.push_str("<div class=\"scroll\"><table id=\"ranking\" class=\"sortable\"><thead><tr>");
    b.push_str("<th class=\"sortable num\" scope=\"col\">Hạng</th><th class=\"sortable\" scope=\"col\">Tỉnh, thành phố</th><th class=\"sortable num\" scope=\"col\">Điểm</th>");
    for g in &groups {
        let _ = write!(
            b,
            "<th class=\"sortable num hide-sm\" scope=\"col\" title=\"{} / {} (tối đa {})\">{}</th>",
            esc(g.name_vi()),
            esc(g.name_en()),
            format_vi(g.max_points(), 0),
            g.code()
        );
    }
    b.push_str("<th class=\"sortable\" scope=\"col\">Xếp loại</th><th class=\"sortable num\" scope=\"col\" title=\"so với tháng trước / since the month before\">Thay đổi</th></tr></thead><tbody>");
    for e in &r.entries {
        let slug = data.provinces.iter().find(|p| p.code == e.province).map(|p| p.slug.as_str()).unwrap_or_default();
        let (change_v, change) = change_cell(e);
        let _ = write!(
            b,
            "<tr data-name=\"{name}\"><td class=\"num\" data-v=\"{rank}\">{rank}</td>\
             <td data-v=\"{name}\"><a href=\"provinces/{slug}.html\">{name}</a></td>\
             <td class=\"num\" data-v=\"{v}\">{vv}</td>",
            name = esc(&e.name),
            rank = e.rank,
            slug = esc(slug),
            v = e.value,
            vv = format_vi(e.value, 2),
        );
        for g in &groups {
            let v = e.groups.get(g);
            let _ = write!(
                b,
                "<td class=\"num hide-sm\" data-v=\"{}\">{}</td>",
                v.map_or_else(|| "-1".to_string(), ToString::to_string),
                v.map_or_else(|| "–".to_string(), |v| format_vi(*v, 2))
            );
        }
        let _ = write!(
            b,
            "<td data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{change_v}\">{change}</td></tr>",
            e.value,
            grade_badge(e.value)
        );
    }
    b.push_str("</tbody></table></div>");
    if !r.missing.is_empty() {
        let names: Vec<String> = data
            .provinces
            .iter()
            .filter(|p| p.entry.is_none())
            .map(|p| format!("<a href=\"provinces/{}.html\">{}</a>", esc(&p.slug), esc(&p.name)))
            .collect();
        let _ = write!(b, "<p class=\"small\">Không có số liệu / no score: {}</p>", names.join(", "));
    }
    b.push_str("<p class=\"small muted\">Xếp loại: Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu &lt; 50. \
        Các tỉnh bằng điểm cùng hạng (1, 2, 2, 4). Bấm tiêu đề cột để sắp xếp.\
        <span class=\"en\">Grades: excellent ≥ 90, good ≥ 80, fair ≥ 70, average ≥ 50, weak &lt; 50. Equal scores share a rank. Click a column header to sort.</span></p>");
    b.push_str(&heading(2, "Biểu đồ xếp hạng", "Ranking chart"));
    let _ = write!(b, "<figure>{}", inline_svg(&data.ranking_svg));
    chart_links(&mut b, "", &format!("ranking-{}", data.period));
    b.push_str("</figure>");
    let title = format!("Xếp hạng {period_vi} — dvcrank");
    page(w, &shell(data, &title, Nav::Ranking, "", &period_vi), &b)
}

fn province_cards(b: &mut String, data: &ReportData, p: &ProvinceData) {
    let Some(e) = &p.entry else {
        let _ = write!(
            b,
            "<p>Chưa có điểm Bộ chỉ số cho {}.<span class=\"en\">No index score for this period.</span></p>",
            esc(&period_name(data.period, Lang::Vi))
        );
        return;
    };
    let of = data.ranking.entries.len() + data.ranking.missing.len();
    b.push_str("<div class=\"cards\">");
    let _ = write!(b, "<div class=\"card\"><small>Hạng / rank</small><b>{}/{of}</b>", e.rank);
    if let Some(published) = e.published_rank.filter(|r| *r != e.rank) {
        let _ = write!(b, "<small>cổng công bố / published: {published}</small>");
    }
    b.push_str("</div>");
    let _ = write!(b, "<div class=\"card\"><small>Điểm / score</small><b>{}</b>/100</div>", format_vi(e.value, 2));
    let _ = write!(b, "<div class=\"card\"><small>Xếp loại / grade</small><b>{}</b></div>", grade_badge(e.value));
    let change = match e.change {
        Some(c) => format!(
            "{} <small>({}{})</small>",
            change_cell(e).1,
            if c.value >= 0.0 { "+" } else { "−" },
            format_vi(c.value.abs(), 2)
        ),
        None => "—".to_string(),
    };
    let _ = write!(b, "<div class=\"card\"><small>So với tháng trước / since last month</small><b>{change}</b></div>");
    b.push_str("</div>");
}

fn province_groups(b: &mut String, p: &ProvinceData) {
    let Some(score) = &p.score else { return };
    if score.groups.is_empty() {
        return;
    }
    b.push_str(&heading(2, "Các nhóm chỉ số", "Index groups"));
    b.push_str("<div class=\"scroll\"><table><thead><tr><th>Nhóm</th><th class=\"num\">Điểm</th><th class=\"num\">Tối đa</th><th class=\"hide-sm\">Tỷ lệ</th></tr></thead><tbody>");
    for (g, v) in &score.groups {
        let share = (v / g.max_points() * 100.0).clamp(0.0, 100.0);
        let _ = write!(
            b,
            "<tr><td>{}<span class=\"en\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"hide-sm\"><div class=\"bar\"><i style=\"width:{share:.1}%\"></i></div></td></tr>",
            esc(g.name_vi()),
            esc(g.name_en()),
            format_vi(*v, 2),
            format_vi(g.max_points(), 0)
        );
    }
    b.push_str("</tbody></table></div>");
    let _ = write!(
        b,
        "<p class=\"small muted\">Nguồn / source: {} · truy cập / captured {} · SHA-256 {}</p>",
        source_link(p.score_url.as_deref().unwrap_or_default()),
        esc(&vn_time(score.captured_at)),
        esc(&score.provenance.page.to_string()[..12])
    );
}

fn flags_html(flags: &[crate::export::FlagRow]) -> String {
    flags.iter().map(|f| format!("<span class=\"flag\" title=\"{}\">{}</span>", esc(&f.detail), esc(&f.kind))).collect()
}

fn province_figures(b: &mut String, p: &ProvinceData) {
    b.push_str(&heading(2, "Số liệu từ bản tin", "Figures from bulletins"));
    if p.figures.is_empty() {
        b.push_str("<p class=\"muted\">Chưa có bản tin nào được đọc cho tỉnh này.<span class=\"en\">No bulletin has been read for this province.</span></p>");
        return;
    }
    let _ = write!(
        b,
        "<p class=\"small\">{} con số, mỗi số kèm câu gốc và trang nguồn. <span class=\"en\">{} figures, each with the sentence it was read from and its source page.</span></p>",
        p.figures.len(),
        p.figures.len()
    );
    let mut pages: Vec<&str> = Vec::new();
    for f in &p.figures {
        if !pages.contains(&f.source.source_url.as_str()) {
            pages.push(&f.source.source_url);
        }
    }
    for url in pages {
        let rows: Vec<_> = p.figures.iter().filter(|f| f.source.source_url == url).collect();
        let Some(first) = rows.first() else { continue };
        let _ = write!(
            b,
            "<div class=\"item\"><p class=\"small\">Nguồn / source: {} · truy cập / captured {}</p>\
             <div class=\"scroll\"><table class=\"figures\"><thead><tr><th>Chỉ tiêu <span class=\"muted\">/ đơn vị</span></th>\
             <th class=\"num\">Giá trị</th><th>Kỳ</th></tr></thead><tbody>",
            source_link(url),
            esc(&vn_time_str(&first.source.captured_at))
        );
        for f in rows {
            let dates = match (f.period_start, f.period_end) {
                (Some(a), Some(z)) => format!("{} – {}", a.format("%d/%m/%Y"), z.format("%d/%m/%Y")),
                _ => String::new(),
            };
            // The evidence gets a full-width row of its own: a column of it is unreadable
            // on a phone.
            let _ = write!(
                b,
                "<tr><td>{}<span class=\"en\">{} · {}</span>{}</td><td class=\"num\">{}</td><td>{}<span class=\"en\">{}</span></td></tr>\
                 <tr class=\"ev\"><td colspan=\"3\"><blockquote>{}</blockquote></td></tr>",
                esc(&metric_label(&f.metric)),
                esc(&f.metric),
                esc(&f.unit_name),
                flags_html(&f.flags),
                esc(&value_vi(f.value, &f.unit)),
                esc(&f.period_label),
                esc(&dates),
                esc(&f.evidence)
            );
        }
        b.push_str("</tbody></table></div></div>");
    }
}

/// A province's page: rank and score, groups, the index trend and its bulletin figures.
///
/// # Errors
/// When writing fails.
pub fn write_province(w: &mut impl Write, data: &ReportData, p: &ProvinceData) -> io::Result<()> {
    let period_vi = period_name(data.period, Lang::Vi);
    let mut b = String::new();
    let _ = write!(b, "<p class=\"small\"><a href=\"../index.html\">← Bảng xếp hạng {}</a></p>", esc(&period_vi));
    b.push_str(&heading(
        1,
        &p.name,
        &format!("Province page · {} · code {}", period_name(data.period, Lang::En), p.code),
    ));
    province_cards(&mut b, data, p);
    province_groups(&mut b, p);
    b.push_str(&heading(2, "Diễn biến điểm Bộ chỉ số", "Index score over time"));
    match &p.trend_svg {
        Some(svg) => {
            let _ = write!(b, "<figure>{}", inline_svg(svg));
            chart_links(&mut b, "../", &format!("trend-{}", p.slug));
            b.push_str("</figure>");
        }
        None => b.push_str("<p class=\"muted\">Chưa có điểm nào. <span class=\"en\">No score yet.</span></p>"),
    }
    province_figures(&mut b, p);
    let flagged = data.flagged_of(p);
    if !flagged.is_empty() {
        b.push_str(&heading(2, "Số liệu cần kiểm tra", "Figures to check"));
        for item in flagged {
            flagged_item(&mut b, data, item, "../");
        }
    }
    let title = format!("{} — {period_vi} — dvcrank", p.name);
    page(w, &shell(data, &title, Nav::Province, "../", &period_vi), &b)
}

fn flagged_item(b: &mut String, data: &ReportData, i: &FlaggedItem, root: &str) {
    let _ = write!(
        b,
        "<div class=\"item\"><h3><span class=\"flag\">{}</span> {}</h3><p>{}</p><p class=\"small\">",
        esc(&i.kind),
        esc(i.kind_vi()),
        esc(&i.detail)
    );
    let name = i.province.as_deref().unwrap_or("?");
    // Only provinces of the report's map have a page (a 2024 report has no page for a
    // post-merger province).
    match i.province_code.and_then(|code| data.provinces.iter().find(|p| p.code == code)) {
        Some(p) => {
            let _ = write!(b, "<a href=\"{root}provinces/{}.html\">{}</a>", esc(&p.slug), esc(name));
        }
        None => b.push_str(&esc(name)),
    }
    let _ = write!(
        b,
        " · {} · {} = <b>{}</b> · {}</p>",
        esc(&i.unit_name),
        esc(&metric_label(&i.metric)),
        esc(&value_vi(i.value, &i.unit)),
        esc(&i.period)
    );
    if let Some(e) = &i.evidence {
        let _ = write!(b, "<blockquote>{}</blockquote>", esc(e));
    }
    let _ = write!(
        b,
        "<p class=\"small muted\">{} · {}</p></div>",
        source_link(&i.source_url),
        esc(&vn_time_str(&i.captured_at))
    );
}

/// The flagged figures, the most serious kinds first.
///
/// # Errors
/// When writing fails.
pub fn write_flagged(w: &mut impl Write, data: &ReportData) -> io::Result<()> {
    let period_vi = period_name(data.period, Lang::Vi);
    let mut b = String::new();
    b.push_str(&heading(1, "Số liệu cần kiểm tra trước khi đăng", "Figures to check before publishing"));
    b.push_str("<p>Các con số dưới đây vẫn được lưu, nhưng có điều cần xem lại: số liệu mâu thuẫn trong cùng bản tin, \
        số ở tiêu đề trái với nội dung (để riêng, không dùng để xếp hạng), bảng chỉ số không khớp, kỳ báo cáo đã sửa, số ước lượng.\
        <span class=\"en\">These figures are kept but need a look: contradictions within a bulletin, title figures its body contradicts \
        (set aside, not ranked), index tables that fail a check, corrected periods, approximate values.</span></p>");
    let mut kinds: Vec<(&str, &str, usize)> = Vec::new();
    for i in &data.flagged {
        match kinds.iter_mut().find(|(k, _, _)| *k == i.kind) {
            Some((_, _, n)) => *n += 1,
            None => kinds.push((&i.kind, i.kind_vi(), 1)),
        }
    }
    if kinds.is_empty() {
        b.push_str("<p><b>Không có số liệu nào bị gắn cờ.</b><span class=\"en\">No flagged figures.</span></p>");
    } else {
        b.push_str("<ul>");
        for (kind, vi, n) in &kinds {
            let _ = write!(b, "<li>{} <span class=\"flag\">{}</span>: {n}</li>", esc(vi), esc(kind));
        }
        b.push_str("</ul>");
    }
    for i in &data.flagged {
        flagged_item(&mut b, data, i, "");
    }
    let title = format!("Số liệu cần kiểm tra — {period_vi} — dvcrank");
    page(w, &shell(data, &title, Nav::Flagged, "", &period_vi), &b)
}

/// How the data was collected: sources, method, rules, versions.
///
/// # Errors
/// When writing fails.
pub fn write_method(w: &mut impl Write, data: &ReportData) -> io::Result<()> {
    let period_vi = period_name(data.period, Lang::Vi);
    let mut b = String::new();
    b.push_str(&heading(1, "Cách thu thập dữ liệu", "How the data was collected"));
    if data.sample {
        b.push_str("<p><b>Báo cáo này dựng từ dữ liệu mẫu</b>: các trang được phục vụ từ một bản sao mô phỏng trên máy \
            (127.0.0.1) theo cấu trúc của các cổng thật; số liệu là minh họa, trừ những con số dichvucong.gov.vn được biết là đã công bố.\
            <span class=\"en\">This report is built from sample data: pages served from a mock mirror on this machine in the structure \
            of the real portals; the figures are illustrative, except those dichvucong.gov.vn is known to have published.</span></p>");
    }
    b.push_str(&heading(2, "Nguồn", "Sources"));
    b.push_str("<div class=\"scroll\"><table><thead><tr><th>Nguồn</th><th>Máy chủ / host</th><th class=\"num\">Số trang</th><th class=\"hide-sm\">Lần đầu</th><th>Gần nhất</th></tr></thead><tbody>");
    for s in &data.sources {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"hide-sm\">{}</td><td>{}</td></tr>",
            esc(&s.source),
            esc(&s.hosts.join(", ")),
            s.pages,
            esc(&vn_time(s.first)),
            esc(&vn_time(s.last))
        );
    }
    b.push_str("</tbody></table></div>");
    // Vietnamese groups thousands with dots (1.545); the English line keeps plain digits.
    #[allow(clippy::cast_precision_loss)]
    let count = |n: usize| format_vi(n as f64, 0);
    let (pages, figures, readings) = (count(data.counts.0), count(data.counts.1), count(data.counts.2));
    let _ = write!(
        b,
        "<p>Kho dữ liệu giữ {pages} trang gốc, {figures} con số từ bản tin và {readings} lần đọc điểm Bộ chỉ số.\
         <span class=\"en\">The store keeps {} raw pages, {} bulletin figures and {} index readings.</span></p>",
        data.counts.0, data.counts.1, data.counts.2
    );
    b.push_str(&heading(2, "Quy trình", "Method"));
    for (vi, en) in [
        ("Mỗi nguồn được mô tả bằng một tệp bộ chọn (selectors/*.toml): trang danh sách, liên kết bản tin, tiêu đề, ngày, nội dung.",
         "Each source is described by a selectors file: the listing, bulletin links, title, date and body."),
        ("Trình thu thập tuân thủ robots.txt, mỗi máy chủ một yêu cầu một lúc với khoảng nghỉ, thử lại có giãn cách, và GET có điều kiện.",
         "The crawler obeys robots.txt, sends one request at a time per host with a delay, retries with backoff and uses conditional GET."),
        ("Mọi trang gốc được lưu nguyên vẹn kèm thời điểm truy cập và mã băm SHA-256; có thể xuất ra tệp WARC (dvcrank export --warc) và dựng lại kho (dvcrank import --warc).",
         "Every raw page is kept as fetched, with its capture time and SHA-256; the archive exports as WARC and a store can be rebuilt from it."),
        ("Con số được đọc từ văn bản theo quy tắc chung: số kiểu Việt Nam (72.165 là 72165; 79,75% là 79,75), kỳ báo cáo (ngày ghi rõ được ưu tiên hơn nhãn), và từ điển chỉ tiêu. Mỗi con số giữ nguyên câu gốc.",
         "Figures are read from the text by site-independent rules: Vietnamese numbers, periods (stated dates win over labels) and a lexicon of metrics. Each keeps the sentence it came from."),
        ("Điểm Bộ chỉ số (Quyết định 766/QĐ-TTg) được đọc từ cổng dichvucong.gov.vn; điểm thay đổi hằng ngày cho đến khi kỳ khép lại, nên mỗi lần đọc là một ảnh chụp có thời điểm. Mỗi bảng được kiểm tra: tổng các nhóm bằng tổng điểm, thứ hạng khớp điểm.",
         "Index scores (Decision 766) are read from dichvucong.gov.vn; they change daily until a period closes, so each reading is a dated snapshot. Every table is checked: groups sum to the total, ranks follow scores."),
        ("Ngày 01/7/2025, 63 tỉnh, thành phố hợp thành 34. Diễn biến theo dõi tỉnh cũ sang tỉnh mới; điểm không cộng gộp được nên được giữ theo tỉnh cũ.",
         "On 1 July 2025 the 63 provinces became 34. Trends follow an old province into its new one; scores cannot be summed and stay per old province."),
    ] {
        let _ = write!(b, "<p>{}<span class=\"en\">{}</span></p>", esc(vi), esc(en));
    }
    b.push_str(&heading(2, "Dữ liệu tải về", "Downloads"));
    b.push_str("<p>Mỗi biểu đồ trong báo cáo có tệp SVG, dữ liệu CSV (UTF-8, mở được bằng Excel) và tệp .meta.json ghi nguồn, thời điểm truy cập, phiên bản và câu lệnh tạo ra nó, trong thư mục <code>charts/</code>. \
        Toàn bộ số liệu kèm nguồn: <code>dvcrank export observations|scores|rankings</code>.\
        <span class=\"en\">Every chart has its SVG, CSV data and a .meta.json (sources, capture times, versions, command) in <code>charts/</code>. \
        All figures with their sources: <code>dvcrank export</code>.</span></p>");
    let _ = write!(
        b,
        "<p class=\"small muted\">dvcrank {} · quy tắc trích xuất / extractor version {EXTRACTOR_VERSION} · lệnh / command: <code>{}</code></p>",
        env!("CARGO_PKG_VERSION"),
        esc(&data.command.join(" "))
    );
    let title = format!("Cách thu thập dữ liệu — dvcrank ({period_vi})");
    page(w, &shell(data, &title, Nav::Method, "", &period_vi), &b)
}
