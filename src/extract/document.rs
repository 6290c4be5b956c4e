//! One bulletin as a whole: its title, publication date and province, and the
//! document-level decisions on its figures (an on-time figure that includes early ones,
//! repeated figures, a title contradicting its body). Pure.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::extract::article::TableBlock;
use crate::extract::figures::{scan, ProvinceSpan, RawFigure};
use crate::extract::lexicon;
use crate::extract::period::first_full_date;
use crate::model::{Era, Evidence, Flag, Metric, Observation, PageHash, Provenance, ProvinceCode, Scope, Unit};
use crate::province::{Mention, Registry};
use crate::text::nfc;
use crate::EXTRACTOR_VERSION;

/// Text to read figures from, with what is known about where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct TextInput {
    /// The title, when the page gives it apart from the body.
    pub title: Option<String>,
    /// The article text, paragraphs separated by newlines.
    pub body: String,
    /// The publication date, when the page gives it.
    pub published: Option<NaiveDate>,
    /// The province of the source, used when the text names none.
    pub default_province: Option<ProvinceCode>,
    /// Where the text came from.
    pub provenance: Provenance,
    /// Tables of the body, with the spans of their rows in `body`.
    pub tables: Vec<TableBlock>,
}

impl TextInput {
    /// Text with no known origin (a string in a test or an example).
    #[must_use]
    pub fn new(body: &str) -> TextInput {
        TextInput {
            title: None,
            body: nfc(body),
            published: None,
            default_province: None,
            provenance: Provenance {
                url: String::new(),
                page: PageHash::of(body.as_bytes()),
                fetched_at: DateTime::<Utc>::UNIX_EPOCH,
                extractor_version: EXTRACTOR_VERSION,
            },
            tables: Vec::new(),
        }
    }

    /// A bulletin saved as text: optional `URL: …` and `TITLE: …` lines, a blank line,
    /// then the page text (the format of `shared/eval/bulletins/*.txt`).
    #[must_use]
    pub fn from_saved_text(contents: &str, provenance: Provenance) -> TextInput {
        let text = nfc(contents);
        let mut title = None;
        let mut url = None;
        let mut body_start = 0;
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let l = line.trim();
            if let Some(u) = l.strip_prefix("URL:") {
                url = Some(u.trim().to_string());
            } else if let Some(t) = l.strip_prefix("TITLE:") {
                title = Some(t.trim().to_string());
            } else if l.is_empty() && (url.is_some() || title.is_some()) {
                body_start = pos + line.len();
                break;
            } else {
                break;
            }
            pos += line.len();
            body_start = pos;
        }
        let provenance = Provenance { url: url.unwrap_or(provenance.url), ..provenance };
        TextInput {
            title,
            body: text[body_start..].to_string(),
            published: None,
            default_province: None,
            provenance,
            tables: Vec::new(),
        }
    }
}

/// A bulletin read into figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title.
    pub title: Option<String>,
    /// The publication date.
    pub published: Option<NaiveDate>,
    /// The province the text is about, when it names one.
    pub province: Option<ProvinceCode>,
    /// The province's name as the text gives it.
    pub province_text: Option<String>,
    /// The text the evidence spans point into (title line first when given apart).
    pub body: String,
    /// The figures.
    pub observations: Vec<Observation>,
    /// Figures set aside: a title figure the body contradicts. Kept, with the reason.
    pub set_aside: Vec<Observation>,
    /// Optional selectors that matched nothing on the page (the site may have changed).
    pub selector_misses: Vec<String>,
    /// The province of the source that published it, when known.
    pub publisher: Option<ProvinceCode>,
}

impl Document {
    /// Whether the text is about another province than its publisher's (a provincial
    /// paper reporting on its neighbour): its figures are that province's.
    #[must_use]
    pub fn about_another_province(&self) -> bool {
        let (Some(about), Some(publisher)) = (self.province, self.publisher) else { return false };
        let registry = Registry::builtin();
        if about.era == publisher.era {
            about != publisher
        } else {
            registry.successor(about) != registry.successor(publisher)
        }
    }

    /// Whether the text is Vietnamese written without its diacritics ("tiep nhan 3.215 ho
    /// so"): the metric phrases are read only with them, so such a text gives no figures.
    #[must_use]
    pub fn without_diacritics(&self) -> bool {
        let mut ascii_letters = 0usize;
        for c in self.body.chars() {
            if c.is_ascii_alphabetic() {
                ascii_letters += 1;
            } else if c.is_alphabetic() {
                return false;
            }
        }
        ascii_letters >= 100 && self.body.to_ascii_lowercase().contains("ho so")
    }

    /// The figures a reader should check before publishing (flagged or set aside).
    pub fn flagged(&self) -> impl Iterator<Item = &Observation> {
        self.observations.iter().filter(|o| !o.flags.is_empty()).chain(&self.set_aside)
    }

    /// The document in the shape of `shared/eval/SCHEMA.md` (what `dvcrank extract
    /// --json` prints), with evidence, flags and set-aside figures added.
    #[must_use]
    pub fn to_schema_json(&self) -> Value {
        let obs = |o: &Observation| {
            let mut v = json!({
                "scope": o.scope.as_str(),
                "unit_name": o.unit_name,
                "period": {
                    "label": o.period.label,
                    "start": o.period.start.map(|d| d.to_string()),
                    "end": o.period.end.map(|d| d.to_string()),
                },
                "metric": o.metric.as_str(),
                "value": number_json(o.value),
                "unit": o.unit.as_str(),
                "evidence": o.evidence.text,
            });
            if !o.flags.is_empty() {
                v["flags"] = json!(o.flags.iter().map(Flag::describe).collect::<Vec<_>>());
            }
            v
        };
        let registry = Registry::builtin();
        json!({
            "url": if self.observations.is_empty() && self.set_aside.is_empty() { None } else { Some(self.observations.first().or(self.set_aside.first()).map(|o| o.provenance.url.clone())) },
            "title": self.title,
            "province": self.province_text,
            "province_code": self.province.map(|c| c.to_string()),
            "province_name": self.province.map(|c| registry.name(c)),
            "publisher_province": self.publisher.map(|c| registry.name(c)),
            "about_another_province": self.about_another_province(),
            "published": self.published.map(|d| d.to_string()),
            "observations": self.observations.iter().map(obs).collect::<Vec<_>>(),
            "set_aside": self.set_aside.iter().map(obs).collect::<Vec<_>>(),
        })
    }
}

/// Whole numbers print without a fraction (30228, not 30228.0).
fn number_json(v: f64) -> Value {
    #[allow(clippy::cast_possible_truncation)]
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// Lines at the top that are page furniture and headlines rather than body: everything
/// before the first line that reads as body prose (a long line ending a sentence).
fn headline_end(body: &str) -> usize {
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        let prose = t.chars().count() > 60
            && (t.ends_with('.') || t.ends_with(':') || t.ends_with(';') || t.matches(". ").count() >= 1);
        if prose {
            return pos;
        }
        pos += line.len();
    }
    0
}

/// Where the article ends and the page's lists of other articles begin: the first line
/// that is only a heading such as "Tin liên quan" or "Các tin khác" (their titles carry
/// figures of other months). `body.len()` when there is none.
fn related_start(body: &str) -> usize {
    const HEADINGS: &[&str] = &[
        "tin liên quan",
        "tin tức liên quan",
        "tin bài liên quan",
        "bài viết liên quan",
        "bài liên quan",
        "tin cùng chuyên mục",
        "cùng chuyên mục",
        "tin cùng loại",
        "các tin khác",
        "tin khác",
        "các bài viết khác",
        "bài viết khác",
        "các tin đã đưa",
        "tin đã đưa",
        "tin mới nhất",
        "tin xem nhiều",
        "tin đọc nhiều",
    ];
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim().trim_end_matches(':').trim_end();
        if t.len() <= 40 {
            let lower = lexicon::lower_in_place(t);
            // "Các tin đã đưa ngày:", "Tin liên quan (5)".
            if HEADINGS
                .iter()
                .any(|h| lower.strip_prefix(h).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '('])))
            {
                return pos;
            }
        }
        pos += line.len();
    }
    body.len()
}

/// A publication date in the first lines: "Publish date 17/11/2023", "Ngày đăng:
/// 27/04/2024", or a line that is only a date (and time).
fn published_in_text(body: &str) -> Option<NaiveDate> {
    for line in body.lines().take(15) {
        let t = line.trim();
        let lower = t.to_lowercase();
        let announced = ["publish date", "ngày đăng", "ngày cập nhật", "cập nhật", "đăng ngày", "ngày xuất bản"]
            .iter()
            .any(|k| lower.starts_with(k));
        let only_date =
            t.len() <= 40 && t.chars().filter(|c| c.is_alphabetic()).count() <= 12 && first_full_date(t).is_some();
        if announced || only_date {
            if let Some(d) = first_full_date(t) {
                return Some(d);
            }
        }
    }
    None
}

/// The province a text is about: the most-mentioned one, title mentions counting three
/// times, and the publisher's own province (when the text names it) twice more: a
/// provincial paper writing about "tỉnh Khánh Hòa" beside a list of other provinces is
/// about its own. The era is the one in force on `on`.
/// `body_mentions`: the provinces the body names ([`Registry::find_in_text`]);
/// `furniture_mentions`: those the page's banner and menus name.
fn province_in_text(
    title: Option<&str>,
    body_mentions: &[Mention],
    furniture_mentions: &[Mention],
    on: Option<NaiveDate>,
    publisher: Option<ProvinceCode>,
) -> Option<(ProvinceCode, String)> {
    let registry = Registry::builtin();
    let era = on.map_or(Era::Pre2025, Era::on);
    let mut votes: BTreeMap<ProvinceCode, (u32, usize, String)> = BTreeMap::new();
    let mut add = |mentions: &[Mention], weight: u32, base: usize| {
        for m in mentions {
            let code = m.codes.iter().find(|c| c.era == era).or(m.codes.first()).copied();
            if let Some(code) = code {
                // The official name, unless the text uses another one ("Huế" for Thừa Thiên
                // Huế after it became a city).
                let official = registry.get(code).map_or(m.surface.clone(), |p| p.name.clone());
                let stripped = ["TP. ", "TP.", "TP ", "Thành phố ", "Thành Phố ", "thành phố ", "Tỉnh ", "tỉnh "]
                    .iter()
                    .fold(m.surface.as_str(), |s, prefix| s.strip_prefix(prefix).unwrap_or(s));
                let name = if crate::text::fold(stripped) == crate::text::fold(&official) || stripped.is_ascii() {
                    official
                } else {
                    stripped.to_string()
                };
                let entry = votes.entry(code).or_insert((0, base + m.start, name));
                entry.0 += weight;
            }
        }
    };
    if let Some(t) = title {
        add(&registry.find_in_text(t), 3, 0);
    }
    add(furniture_mentions, 1, usize::MAX / 4);
    add(body_mentions, 1, usize::MAX / 2);
    let registry = Registry::builtin();
    let publisher = publisher.and_then(|p| if p.era == era { Some(p) } else { registry.successor(p) });
    if let Some(entry) = publisher.and_then(|p| votes.get_mut(&p)) {
        entry.0 += 2;
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then_with(|| b.1 .1.cmp(&a.1 .1)))
        .map(|(code, (_, _, name))| (code, name))
}

/// The provinces `text` names, less the names of wards, communes and districts that share
/// a province's name ("phường Sài Gòn" is in Hồ Chí Minh city, not the city).
fn province_mentions(text: &str) -> Vec<Mention> {
    const LEVELS: &[&str] = &["phường", "xã", "quận", "huyện", "thị trấn", "thị xã", "đặc khu"];
    let mut mentions = Registry::builtin().find_in_text(text);
    mentions.retain(|m| {
        // The few words before the name, not all the text before it.
        let start = text[..m.start].char_indices().rev().nth(11).map_or(0, |(i, _)| i);
        let before = lexicon::lower_in_place(text[start..m.start].trim_end());
        !LEVELS.iter().any(|l| before.ends_with(l))
    });
    mentions
}

/// Lines of page furniture written in capitals ("CỔNG THÔNG TIN ĐIỆN TỬ TỈNH THÁI BÌNH")
/// with each word capitalised, so that province names, matched with their capitals, are
/// found in them; other lines as they are.
fn title_case_banners(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let letters = line.chars().filter(|c| c.is_alphabetic());
        if letters.clone().count() >= 8 && letters.clone().all(char::is_uppercase) {
            let mut start_of_word = true;
            for c in line.chars() {
                if start_of_word {
                    out.push(c);
                } else {
                    out.extend(c.to_lowercase());
                }
                start_of_word = !c.is_alphanumeric();
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The mentions of provinces, as spans `shift` bytes further on, each saying whether it is
/// `province` (it, or under the 2025 boundaries a part of it): what the text says of
/// another ("Xếp thứ hai là tỉnh Bình Dương với 90,12 điểm") is not the province's own.
fn province_spans(mentions: &[Mention], province: ProvinceCode, shift: usize) -> Vec<ProvinceSpan> {
    let registry = Registry::builtin();
    let same = |c: &ProvinceCode| match province.era {
        Era::Pre2025 => *c == province,
        // "tỉnh Hà Giang (cũ)" in a bulletin of the new Tuyên Quang is a part of it.
        Era::Post2025 => registry.successor(*c) == Some(province),
    };
    mentions
        .iter()
        .filter(|m| !m.codes.is_empty())
        .map(|m| ProvinceSpan {
            start: shift + m.start,
            end: shift + m.end,
            name: m.surface.clone(),
            own: m.codes.iter().any(same),
        })
        .collect()
}

/// Reads the figures of a bulletin.
#[must_use]
pub fn extract_text(input: &TextInput) -> Document {
    // The title goes before the body, moving the body's tables along by its line.
    let (body, headline, table_shift) = match &input.title {
        Some(t) => {
            let title = nfc(t);
            let body = format!("{title}\n{}", input.body);
            // A page's text often repeats its title and furniture before the article proper.
            let end = title.len() + 1 + headline_end(&input.body);
            (body, end, title.len() + 1)
        }
        None => (input.body.clone(), headline_end(&input.body), 0),
    };
    let title = input
        .title
        .clone()
        .or_else(|| body[..headline].lines().map(str::trim).rfind(|l| l.chars().count() > 25).map(str::to_string));
    let published = input.published.or_else(|| published_in_text(&body));
    let article_end = headline + related_start(&body[headline..]);
    let mentions = province_mentions(&body[headline..article_end]);
    let furniture = province_mentions(&title_case_banners(&body[table_shift.min(headline)..headline]));
    let found = province_in_text(title.as_deref(), &mentions, &furniture, published, input.default_province);
    let province = found.as_ref().map(|(c, _)| *c).or(input.default_province);
    // The text's own name for the province, else the source's (a portal rarely names its
    // own province in every bulletin).
    let province_text =
        found.map(|(_, name)| name).or_else(|| input.default_province.map(|c| Registry::builtin().name(c)));
    let others = province.map(|p| province_spans(&mentions, p, headline)).unwrap_or_default();
    let figures = scan(&body[..article_end], &input.tables, table_shift, headline, published.map(|d| d.year()), others);
    let (observations, set_aside) = settle(figures, &body, input, province, province_text.as_deref());
    Document {
        title,
        published,
        province,
        province_text,
        body,
        observations,
        set_aside,
        selector_misses: Vec::new(),
        publisher: input.default_province,
    }
}

/// The key under which two figures say the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Slot {
    scope: Scope,
    /// The figure's [`unit_key`], numbered within the document.
    unit: usize,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    metric: Metric,
    value_unit: Unit,
}

/// Which unit a figure is about, for comparing figures: a named unit by its name; the
/// district and commune desks by their levels ("cấp huyện" is not "cấp xã"); the
/// provincial centre and the province as one ("Trung tâm" is the centre named earlier).
fn unit_key(f: &RawFigure) -> String {
    // Unit names are Vietnamese: mostly ASCII letters, lower-cased without the Unicode tables.
    let mut name = lexicon::lower_in_place(&f.unit_name);
    // A named place's centre, desk or people's committee ("Trung tâm … phường Thủ Dầu
    // Một", "UBND thị trấn Bát Xát") is that place's own.
    if f.unit_named || f.scope == Scope::DistrictCommune {
        if let Some(at) = place_at(&f.unit_name, &name) {
            return name.split_off(at);
        }
    }
    if f.unit_named {
        return name;
    }
    if f.scope != Scope::DistrictCommune {
        return String::new();
    }
    // Only a level named alone sets a figure apart; "các huyện, thành phố" and "BPMC cấp
    // huyện, cấp xã" are the same desks.
    // "Bộ phận Một cửa của 21 xã, thị trấn": the communes' desks, without "cấp".
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).collect();
    let has = |w: &str| words.contains(&w);
    let communes_only =
        !has("huyện") && (has("xã") && !name.contains("thị xã") || has("phường") || name.contains("thị trấn"));
    match (name.contains("cấp huyện"), name.contains("cấp xã") || communes_only) {
        (true, false) => "district".to_string(),
        (false, true) => "commune".to_string(),
        _ => String::new(),
    }
}

/// Where the place a unit's name names starts, at its first level: "phường Thủ Dầu Một"
/// of "Trung tâm Phục vụ hành chính công phường Thủ Dầu Một".
/// `lower` is the name lower-cased letter for letter, so offsets in it are offsets in
/// the name ("Phường Thủ Dầu Một").
fn place_at(name: &str, lower: &str) -> Option<usize> {
    ["huyện ", "xã ", "phường ", "thị trấn ", "quận ", "thành phố "]
        .iter()
        .filter_map(|level| {
            lower
                .match_indices(level)
                .find(|(i, _)| name[i + level.len()..].chars().next().is_some_and(char::is_uppercase))
                .map(|(i, _)| i)
        })
        .min()
}

fn slot(f: &RawFigure, unit: usize) -> Slot {
    Slot { scope: f.scope, unit, start: f.period.start, end: f.period.end, metric: f.metric, value_unit: f.unit }
}

/// Each figure's [`unit_key`] as a number, equal for equal keys: slots are compared
/// many times, unit names once.
fn unit_numbers(figures: &[RawFigure]) -> Vec<usize> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // The figures of a row or a sentence share their unit: its key is made once.
    let mut by_name: HashMap<(bool, Scope, &str), usize> = HashMap::new();
    let mut last: Option<((bool, Scope, &str), usize)> = None;
    figures
        .iter()
        .map(|f| {
            let name = (f.unit_named, f.scope, f.unit_name.as_str());
            // Neighbours mostly share their unit: compared before anything is hashed.
            if let Some((_, number)) = last.filter(|(n, _)| *n == name) {
                return number;
            }
            let number = *by_name.entry(name).or_insert_with(|| {
                let next = by_key.len();
                *by_key.entry(unit_key(f)).or_insert(next)
            });
            last = Some((name, number));
            number
        })
        .collect()
}

/// Whether a title figure says what a body figure says: same metric and unit, and the
/// same value, or within 5 % when the title rounds it ("hơn", "gần", "trên").
fn restates(title: &RawFigure, body: &RawFigure) -> bool {
    if title.metric != body.metric || title.unit != body.unit || title.metric == Metric::Other {
        return false;
    }
    // A title's period is often coarser than the body's ("Tuần 03 năm 2024" for "đến
    // ngày 22/01"): the value decides.
    let rounded = title.approximate.is_some() || title.value.fract() == 0.0 && body.value.fract() != 0.0;
    if rounded {
        body.value != 0.0 && ((title.value - body.value) / body.value).abs() <= 0.05
    } else {
        // "99,3%" in a title for "99,31%" in the body: the body's value rounded.
        [1.0, 10.0, 100.0].iter().any(|scale| ((body.value * scale).round() / scale - title.value).abs() < 1e-9)
    }
}

/// The totals a metric's percentage can be a share of.
fn share_bases(metric: Metric) -> &'static [Metric] {
    use Metric as M;
    match metric {
        M::ReceivedOnline | M::ReceivedDirect | M::ReceivedPostal => {
            &[M::ReceivedTotal, M::ReceivedNew, M::InProcessTotal]
        }
        M::ResolvedEarly | M::ResolvedOnTime | M::ResolvedEarlyOrOnTime | M::ResolvedLate => &[M::Resolved, M::Due],
        M::ReturnedOrWithdrawn | M::Pending => &[M::InProcessTotal, M::ReceivedTotal, M::ReceivedNew, M::Due],
        M::ResultsPostal => &[M::Resolved],
        M::RatingsVerySatisfied | M::RatingsSatisfied | M::RatingsNeutral | M::RatingsDissatisfied => {
            &[M::RatingsTotal]
        }
        _ => &[],
    }
}

/// Parts against totals and percentages against counts, within each unit and period:
/// figures that do not add up are flagged (both kept), for a reader to check.
/// `units`: the figures' [`unit_numbers`].
fn consistency_flags(figures: &[RawFigure], units: &[usize], body: &str) -> Vec<Vec<Flag>> {
    let mut flags = vec![Vec::new(); figures.len()];
    let mut groups: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for ((i, f), unit) in figures.iter().enumerate().zip(units) {
        if f.metric != Metric::Other && !f.from_headline {
            groups.entry((f.scope, unit, f.period.start, f.period.end)).or_default().push(i);
        }
    }
    let fmt = |v: f64| crate::extract::number::format_vi(v, if v.fract() == 0.0 { 0 } else { 2 });
    for members in groups.values() {
        let find =
            |m: Metric, u: Unit| members.iter().copied().find(|&i| figures[i].metric == m && figures[i].unit == u);
        let count = |m: Metric| find(m, Unit::Count).map(|i| (i, figures[i].value));
        // Parts that add up to more than their total.
        let checks: [(Metric, &[Metric], &str); 2] = [
            (
                Metric::ReceivedTotal,
                &[Metric::ReceivedOnline, Metric::ReceivedDirect, Metric::ReceivedPostal],
                "received",
            ),
            (Metric::Resolved, &[Metric::ResolvedEarly, Metric::ResolvedOnTime, Metric::ResolvedLate], "resolved"),
        ];
        for (total_metric, parts, what) in checks {
            let Some((ti, total)) = count(total_metric) else { continue };
            let present: Vec<(usize, f64)> = parts.iter().filter_map(|m| count(*m)).collect();
            let sum: f64 = present.iter().map(|p| p.1).sum();
            if present.len() >= 2 && sum > total * 1.01 + 1.0 {
                let detail = format!("its parts add up to {} but the text says {} {what} in all", fmt(sum), fmt(total));
                for i in std::iter::once(ti).chain(present.iter().map(|p| p.0)) {
                    flags[i].push(Flag::Contradiction { detail: detail.clone() });
                }
            }
        }
        // A stated percentage against its count and the totals it can be a share of.
        for &pi in members.iter().filter(|&&i| figures[i].unit == Unit::Percent) {
            let Some((ci, c)) = count(figures[pi].metric) else { continue };
            // "đạt 18,9% trên tổng số hồ sơ giải quyết của các sở": the text names another base.
            let (s, e) = figures[pi].evidence;
            if body.get(s..e).is_some_and(|t| t.contains("trên tổng số") || t.contains("so với")) {
                continue;
            }
            let bases: Vec<f64> = share_bases(figures[pi].metric)
                .iter()
                .filter_map(|m| count(*m).map(|c| c.1))
                .filter(|b| *b > 0.0)
                .collect();
            let p = figures[pi].value;
            if bases.is_empty() || bases.iter().any(|b| (c / b * 100.0 - p).abs() <= 1.0) {
                continue;
            }
            let shown: Vec<String> =
                bases.iter().map(|b| format!("{}%", crate::extract::number::format_vi(c / b * 100.0, 1))).collect();
            let detail =
                format!("{}% is stated, but {} gives {} of the totals in the text", fmt(p), fmt(c), shown.join(" or "));
            flags[pi].push(Flag::Contradiction { detail: detail.clone() });
            flags[ci].push(Flag::Contradiction { detail });
        }
    }
    flags
}

/// Document-level decisions, then conversion to observations.
fn settle(
    mut figures: Vec<RawFigure>,
    body: &str,
    input: &TextInput,
    province: Option<ProvinceCode>,
    province_text: Option<&str>,
) -> (Vec<Observation>, Vec<Observation>) {
    // "đúng hạn" alone includes early dossiers unless early ones are reported apart
    // (SCHEMA.md labelling rules).
    let keys = unit_numbers(&figures);
    let early_groups: Vec<(Scope, usize, Option<NaiveDate>, Option<NaiveDate>)> = figures
        .iter()
        .zip(&keys)
        // An early-or-on-time *rate* may itself be a bare "đúng hạn" rate; only counts and
        // early figures show that early dossiers were reported apart.
        .filter(|(f, _)| {
            !f.on_time_bare
                && (f.metric == Metric::ResolvedEarly
                    || f.metric == Metric::ResolvedEarlyOrOnTime && f.unit == Unit::Count)
        })
        .map(|(f, &key)| (f.scope, key, f.period.start, f.period.end))
        .collect();
    for (f, &key) in figures.iter_mut().zip(&keys) {
        if f.on_time_bare && !early_groups.contains(&(f.scope, key, f.period.start, f.period.end)) {
            f.metric = Metric::ResolvedEarlyOrOnTime;
        }
    }

    // A title restating a body figure ("hơn 59 ngàn hồ sơ" for 59,72 ngàn) adds nothing:
    // the body's figure has the period and unit the title leaves out.
    let restated: Vec<bool> =
        figures.iter().map(|f| f.from_headline && figures.iter().any(|b| !b.from_headline && restates(f, b))).collect();
    let mut restated = restated.into_iter();
    figures.retain(|_| !restated.next().unwrap_or(false));

    // The same figure said twice is one figure; the body's telling wins over the title's.
    // Slots are computed once: a statistics table has hundreds of figures.
    let mut unique: Vec<RawFigure> = Vec::with_capacity(figures.len());
    let mut unique_units: Vec<usize> = Vec::with_capacity(figures.len());
    let mut by_slot: BTreeMap<Slot, Vec<usize>> = BTreeMap::new();
    let units = unit_numbers(&figures);
    for (f, unit) in figures.into_iter().zip(units) {
        let members = by_slot.entry(slot(&f, unit)).or_default();
        match members.iter().copied().find(|&i| (unique[i].value - f.value).abs() < 1e-9) {
            Some(i) if unique[i].from_headline && !f.from_headline => unique[i] = f,
            Some(_) => {}
            None => {
                members.push(unique.len());
                unique.push(f);
                unique_units.push(unit);
            }
        }
    }

    // Different values in one slot: a title that disagrees with its body is set aside;
    // otherwise both stay, flagged.
    let mut flags: Vec<Vec<Flag>> = vec![Vec::new(); unique.len()];
    let mut aside = vec![false; unique.len()];
    for (i, j) in by_slot.values().flat_map(|m| m.iter().flat_map(move |&i| m.iter().map(move |&j| (i, j)))) {
        {
            if i == j || unique[i].metric == Metric::Other || (unique[i].value - unique[j].value).abs() < 1e-9 {
                continue;
            }
            let other = &unique[j];
            let detail = format!(
                "{} says {} but {} says {}",
                if unique[i].from_headline { "the title" } else { "the text" },
                unique[i].value,
                if other.from_headline { "the title" } else { "the text" },
                other.value
            );
            if unique[i].from_headline && !other.from_headline {
                aside[i] = true;
            }
            flags[i].push(Flag::Contradiction { detail });
        }
    }

    for (i, extra) in consistency_flags(&unique, &unique_units, body).into_iter().enumerate() {
        flags[i].extend(extra);
    }

    let registry = Registry::builtin();
    let mut kept = Vec::new();
    let mut set_aside = Vec::new();
    for (i, f) in unique.into_iter().enumerate() {
        let mut f_flags = std::mem::take(&mut flags[i]);
        f_flags.dedup();
        if let Some(qualifier) = f.approximate {
            f_flags.push(Flag::Approximate { qualifier });
        }
        if let Some(detail) = f.period_note {
            f_flags.push(Flag::PeriodCorrected { detail });
        }
        let unit_name = if f.unit_name.is_empty() && f.scope == Scope::ProvinceAll {
            province.map(|c| format!("tỉnh {}", registry.name(c))).unwrap_or_default()
        } else {
            f.unit_name
        };
        let (s, e) = f.evidence;
        let text = f.evidence_text.unwrap_or_else(|| body.get(s..e).unwrap_or("").trim().to_string());
        let obs = Observation {
            province,
            province_text: province_text.map(str::to_string),
            scope: f.scope,
            unit_name,
            period: f.period,
            metric: f.metric,
            value: f.value,
            unit: f.unit,
            evidence: Evidence { text, start: s, end: e },
            provenance: input.provenance.clone(),
            flags: f_flags,
        };
        if aside[i] {
            let mut obs = obs;
            obs.flags.push(Flag::SetAside { detail: "the title's figure; the body says otherwise".to_string() });
            set_aside.push(obs);
        } else {
            kept.push(obs);
        }
    }
    (kept, set_aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_text_header_is_read() {
        let input = TextInput::from_saved_text(
            "URL: https://example.vn/a\nTITLE: Tiêu đề\n\nNội dung.",
            TextInput::new("").provenance,
        );
        assert_eq!(input.title.as_deref(), Some("Tiêu đề"));
        assert_eq!(input.provenance.url, "https://example.vn/a");
        assert_eq!(input.body, "Nội dung.");
    }

    #[test]
    fn title_contradicted_by_body_is_set_aside() {
        let text = "Quý I năm 2021: Trung tâm Phục vụ hành chính công tỉnh giải quyết 6.976 hồ sơ\n\
            Trong quý I năm 2021, Trung tâm Phục vụ hành chính công tỉnh giải quyết 28.869 hồ sơ. Trong đó, số hồ sơ giải quyết đúng và trước hạn là 28.865 hồ sơ.";
        let doc = extract_text(&TextInput::new(text));
        assert_eq!(doc.set_aside.len(), 1);
        assert_eq!(doc.set_aside[0].value, 6976.0);
        assert!(doc.observations.iter().any(|o| o.value == 28869.0));
        // The place's centre is the place the title names.
        let text = "Phường Thủ Dầu Một: Tháng 8/2025 giải quyết 6.214 hồ sơ trước và đúng hạn\n\
            Tháng 8/2025, Trung tâm Phục vụ hành chính công phường Thủ Dầu Một giải quyết 6.124 hồ sơ trước và đúng hạn.";
        let doc = extract_text(&TextInput::new(text));
        assert_eq!(doc.set_aside.iter().map(|o| o.value).collect::<Vec<_>>(), [6214.0]);
    }

    #[test]
    fn a_text_without_diacritics_says_so() {
        let plain = "Quy II/2020, Bo phan tiep nhan va tra ket qua huyen Phuoc Long tiep nhan 3.215 ho so, da giai quyet 3.106 ho so, trong do truoc han 1.984 ho so, dung han 1.113 ho so, tre han 9 ho so.";
        assert!(extract_text(&TextInput::new(plain)).without_diacritics());
        let marked = "Quý II/2020, Bộ phận tiếp nhận và trả kết quả huyện Phước Long tiếp nhận 3.215 hồ sơ, đã giải quyết 3.106 hồ sơ, trong đó trước hạn 1.984 hồ sơ, đúng hạn 1.113 hồ sơ, trễ hạn 9 hồ sơ.";
        assert!(!extract_text(&TextInput::new(marked)).without_diacritics());
    }

    #[test]
    fn bare_on_time_includes_early_unless_early_is_reported() {
        let doc = extract_text(&TextInput::new(
            "Trong tháng 10 năm 2023, Sở Tài chính đã xử lý 376 hồ sơ, trả đúng hạn: 376 hồ sơ.",
        ));
        assert!(doc.observations.iter().any(|o| o.metric == Metric::ResolvedEarlyOrOnTime && o.value == 376.0));
        let doc = extract_text(&TextInput::new(
            "Trong tháng 10 năm 2023, Trung tâm trả trước hạn 10 hồ sơ, trả đúng hạn 20 hồ sơ.",
        ));
        assert!(doc.observations.iter().any(|o| o.metric == Metric::ResolvedOnTime && o.value == 20.0));
        // Early dossiers reported apart for one desk, not for the others.
        let doc = extract_text(&TextInput::new(
            "Quý III/2021, Bộ phận một cửa quận Cầu Giấy giải quyết trước hạn 5.204 hồ sơ, đúng hạn 2.298 hồ sơ. Bộ phận một cửa của 8 phường giải quyết 11.398 hồ sơ, đúng hạn 11.392 hồ sơ.",
        ));
        let metric = |v: f64| doc.observations.iter().find(|o| o.value == v).map(|o| o.metric);
        assert_eq!(metric(2298.0), Some(Metric::ResolvedOnTime));
        assert_eq!(metric(11392.0), Some(Metric::ResolvedEarlyOrOnTime));
    }

    #[test]
    fn another_provinces_figures_are_not_the_documents() {
        let doc = extract_text(&TextInput::new(
            "Tháng 5/2024, tỉnh Quảng Ninh đạt 91,48/100 điểm, xếp thứ 1/63 tỉnh, thành phố. Xếp thứ hai là tỉnh Bình Dương với 90,12 điểm.",
        ));
        let score = |v: f64| doc.observations.iter().find(|o| o.value == v).map(|o| (o.scope, o.flags.len()));
        assert_eq!(score(91.48), Some((Scope::ProvinceAll, 0)));
        assert_eq!(score(90.12), Some((Scope::Other, 0)));
        // The document's own province named after another one takes its figures back.
        let doc = extract_text(&TextInput::new(
            "Kết quả năm 2023 của Cần Thơ. Năm 2023, Đồng Tháp đứng thứ 2/63 tỉnh, thành phố, còn Cần Thơ xếp thứ 19/63 với 80,25 điểm.",
        ));
        let own: Vec<(f64, Scope)> = doc.observations.iter().map(|o| (o.value, o.scope)).collect();
        assert!(own.contains(&(19.0, Scope::ProvinceAll)) && own.contains(&(80.25, Scope::ProvinceAll)), "{own:?}");
        assert!(own.contains(&(2.0, Scope::Other)), "{own:?}");
    }

    #[test]
    fn related_articles_are_not_read() {
        let doc = extract_text(&TextInput::new(
            "Trong tháng 9/2022, Trung tâm tiếp nhận 8.765 hồ sơ, đã giải quyết 8.500 hồ sơ.\nTin liên quan:\nTháng 8/2022: giải quyết 41.000 hồ sơ đúng hạn",
        ));
        assert_eq!(doc.observations.iter().map(|o| o.value).collect::<Vec<_>>(), vec![8765.0, 8500.0]);
    }

    #[test]
    fn the_provincial_level_is_the_departments() {
        let doc = extract_text(&TextInput::new(
            "Trong tháng 9/2022, toàn tỉnh tiếp nhận 45.678 hồ sơ.\nCấp tỉnh: tiếp nhận 8.765 hồ sơ; đã giải quyết 8.500 hồ sơ.",
        ));
        let scope = |v: f64| doc.observations.iter().find(|o| o.value == v).map(|o| (o.scope, o.flags.is_empty()));
        assert_eq!(scope(45678.0), Some((Scope::ProvinceAll, true)));
        assert_eq!(scope(8765.0), Some((Scope::Department, true)));
    }

    #[test]
    fn a_total_split_by_level_in_parentheses() {
        let doc = extract_text(&TextInput::new(
            "Trong tháng 7/2022, toàn tỉnh đã tiếp nhận 35.678 hồ sơ (trong đó: cấp tỉnh 5.432 hồ sơ, cấp huyện 12.345 hồ sơ, cấp xã 17.901 hồ sơ). Đã giải quyết 34.980 hồ sơ.",
        ));
        let got: Vec<(Metric, Scope, f64)> = doc.observations.iter().map(|o| (o.metric, o.scope, o.value)).collect();
        assert_eq!(
            got,
            vec![
                (Metric::ReceivedTotal, Scope::ProvinceAll, 35678.0),
                (Metric::ReceivedTotal, Scope::Department, 5432.0),
                (Metric::ReceivedTotal, Scope::DistrictCommune, 12345.0),
                (Metric::ReceivedTotal, Scope::DistrictCommune, 17901.0),
                (Metric::Resolved, Scope::ProvinceAll, 34980.0),
            ]
        );
    }

    #[test]
    fn a_document_about_another_province_says_so() {
        let registry = Registry::builtin();
        let code = |name: &str| registry.resolve_in(name, Era::Pre2025).ok();
        let mut input =
            TextInput::new("Trong tháng 5/2024, tỉnh Gia Lai đạt 80,1/100 điểm, xếp thứ 20/63 tỉnh, thành phố.");
        input.default_province = code("Bình Định");
        let doc = extract_text(&input);
        assert_eq!(doc.province, code("Gia Lai"));
        assert!(doc.about_another_province());
        assert_eq!(doc.to_schema_json()["publisher_province"], "Bình Định");
        input.default_province = code("Gia Lai");
        assert!(!extract_text(&input).about_another_province());
    }

    #[test]
    fn published_and_province() {
        let doc = extract_text(&TextInput::new("Trang chủ\n27/04/2024\nBắc Kạn đạt 75,35/100 điểm, xếp hạng 17/63 tỉnh, thành phố trong tháng 4/2024\nKết quả này được công bố trên Cổng Dịch vụ công Quốc gia, mục kết quả đánh giá của các tỉnh."));
        assert_eq!(doc.published.map(|d| d.to_string()).as_deref(), Some("2024-04-27"));
        assert_eq!(doc.province_text.as_deref(), Some("Bắc Kạn"));
        assert_eq!(doc.observations[0].unit_name, "tỉnh Bắc Kạn");
    }
}
