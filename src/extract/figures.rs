//! Figures in running text: each number is tied to a metric by the phrase that
//! qualifies it, to a unit by the nearest unit named before it (or the context), and to
//! a period by the nearest period named before it (or the context). Context carries
//! across sentences and paragraphs the way a reader carries it. Pure.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::extract::article::TableBlock;
use crate::extract::lexicon::{self, Hint, Noun, UnitMention};
use crate::extract::number::{find_numbers, unreachable_regex, NumberToken};
use crate::extract::period::{date_spans, find_periods, periods_in, periods_on_window_lines, Anchor, PeriodMention};
use crate::extract::table::{scan_table, total_row, TableContext};
use crate::extract::text_table;
use crate::model::{IndexGroup, Metric, Period, PeriodKind, Scope, Unit};
use crate::province::Registry;
use crate::text::fold;

/// A figure before document-level checks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawFigure {
    pub metric: Metric,
    /// "đúng hạn" alone: decided once the whole document is read.
    pub on_time_bare: bool,
    pub value: f64,
    pub unit: Unit,
    pub scope: Scope,
    pub unit_name: String,
    /// A named unit (one department, one district) rather than the context's collective unit.
    pub unit_named: bool,
    pub period: Period,
    pub period_note: Option<String>,
    /// Byte span of the sentence (or table row) in the body.
    pub evidence: (usize, usize),
    /// The evidence as shown to a reader, when not the span's text (a table cell with
    /// its row and column names).
    pub evidence_text: Option<String>,
    pub approximate: Option<String>,
    pub from_headline: bool,
}

/// A province other than the document's, named at a byte span of the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProvinceSpan {
    pub start: usize,
    pub end: usize,
    /// As written.
    pub name: String,
    /// Whether it is the document's own province.
    pub own: bool,
}

/// What the reader knows when reaching a sentence.
#[derive(Debug, Default)]
struct Context {
    /// The metric of the last sentence's last figure (outside the vocabulary aside).
    last_metric: Option<Metric>,
    /// The commune centre named last in full, when no provincial centre was named after it.
    commune_centre: Option<UnitMention>,
    /// Where the body names provinces, its own or others.
    provinces: Vec<ProvinceSpan>,
    period: Option<PeriodMention>,
    unit: Option<UnitMention>,
    /// Windows the text stated for a label ("Quý III năm 2021 (từ 21/6 đến 20/9/2021)"),
    /// reused when the label comes back bare ("Trong quý III").
    windows: Vec<Window>,
    /// The metric a list header announced ("… thanh toán trực tuyến …:"), for its items.
    list_hint: Option<ListHeader>,
    /// The last percentage's metric, for "Cao nhất là huyện X với 99,22%".
    last_percent_metric: Option<(Metric, bool)>,
    fallback_year: Option<i32>,
}

/// A window the text stated, for the label it belongs to.
#[derive(Debug, Clone, Copy)]
struct Window {
    anchor: Anchor,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    /// A whole reporting period (a month's 21st-to-20th window), not a part of one
    /// ("từ ngày 1/4 đến ngày 25/4"): it dates the period's label even with its year.
    whole: bool,
}

impl Window {
    /// The window a mention states, if it states one.
    fn of(p: &PeriodMention) -> Option<Window> {
        let (start, end) = (p.period.start?, p.period.end?);
        let days = (end - start).num_days() + 1;
        let (anchor, whole) = match p.anchor {
            Some(a) if p.period.label.contains('(') => {
                // A week's stated days ("tuần 12 (từ ngày 15/3 đến ngày 21/3/2024)") are the
                // week's, working days or not.
                let whole = matches!(
                    (a.kind, days),
                    (PeriodKind::Month, 27..=32) | (PeriodKind::Quarter, 85..=95) | (PeriodKind::Explicit, 4..=8)
                );
                (a, whole)
            }
            // A bare range of a month's length ("từ ngày 21/7 đến 20/8/2021") reports on the
            // month it ends in.
            None if p.period.kind == PeriodKind::Explicit && (27..=32).contains(&days) => {
                let month = u8::try_from(end.month()).ok()?;
                (Anchor { kind: PeriodKind::Month, number: month, year: Some(end.year()) }, true)
            }
            _ => return None,
        };
        Some(Window { anchor, start: Some(start), end: Some(end), whole })
    }
}

#[derive(Debug, Clone, Copy)]
struct ListHeader {
    hint: Option<Hint>,
    departments: bool,
    /// The metric of the figure the list splits ("Số hồ sơ đang giải quyết: 1.250 hồ sơ.
    /// Trong đó:"), when the header follows one.
    parent: Option<Metric>,
}

impl Context {
    fn year_hint(&self) -> Option<i32> {
        self.period.as_ref().and_then(|p| p.period.end.or(p.period.start)).map(|d| d.year()).or(self.fallback_year)
    }
}

/// Scans a document body. `tables`' spans are `table_shift` bytes before their place in
/// `body`; `headline_end` is the byte offset where the body proper starts (figures before
/// it come from the title and headline lines); `fallback_year` is the publication year,
/// for labels that give no year.
pub(crate) fn scan(
    body: &str,
    tables: &[TableBlock],
    table_shift: usize,
    headline_end: usize,
    fallback_year: Option<i32>,
    provinces: Vec<ProvinceSpan>,
) -> Vec<RawFigure> {
    let mut ctx = Context { fallback_year, provinces, ..Context::default() };
    let body = &*reflow(body);
    // Windows stated anywhere date a label met before them too ("Toàn tỉnh … trong quý I"
    // in the lead, "quý I năm 2023 (tính từ ngày 15/12/2022 …)" further down).
    let year_hint =
        fallback_year.or_else(|| find_periods(body, None).iter().find_map(|p| p.anchor.and_then(|a| a.year)));
    // Only a stated "từ … đến …" gives a window.
    ctx.windows.extend(periods_on_window_lines(body, year_hint).iter().filter_map(Window::of));
    let mut out = Vec::new();
    let mut offset = 0;
    // The page's tables (their spans `table_shift` bytes on in `body`), and tables the text
    // writes with bars or aligned columns, each with its shift, in the order of the text.
    let page_tables: Vec<(usize, usize)> =
        tables.iter().map(|t| (t.start + table_shift, t.end + table_shift)).collect();
    let mut text_tables = text_table::bar_tables(body, &page_tables);
    let read: Vec<(usize, usize)> =
        page_tables.iter().copied().chain(text_tables.iter().map(|t| (t.start, t.end))).collect();
    text_tables.extend(text_table::aligned_tables(body, &read));
    let mut grids: Vec<(&TableBlock, usize)> = tables.iter().map(|t| (t, table_shift)).collect();
    grids.extend(text_tables.iter().map(|b| (b, 0)));
    grids.sort_by_key(|(t, shift)| t.start + shift);
    let mut next_table = 0;
    // A flattened table being read: its columns, once its header line was seen.
    let mut text_columns: Option<(Vec<text_table::HeaderColumn>, Vec<text_table::TextColumn>)> = None;
    // The kind of unit the flattened table's rows named so far (a table of departments).
    let mut rows_kind: Option<Scope> = None;
    // The unit in force before the list being read, if any.
    let mut before_list: Option<Option<UnitMention>> = None;
    for line in body.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        // A table's rows are read as a table, once, with the context reached so far.
        if let Some(i) = grids.iter().position(|(t, shift)| line_start >= t.start + shift && line_start < t.end + shift)
        {
            if i == next_table {
                next_table += 1;
                let (t, shift) = grids[i];
                let view = TableContext {
                    period: ctx.period.as_ref().map(|p| p.period.clone()),
                    unit: ctx.unit.as_ref().map(|u| (u.scope, u.name.clone())),
                    year_hint: ctx.year_hint(),
                    line_shift: shift,
                };
                out.extend(scan_table(&t.grid, &view, line_start < headline_end));
            }
            continue;
        }
        let trimmed = line.trim_end();
        if trimmed.trim().is_empty() {
            continue;
        }
        if let Some((header, columns)) = &mut text_columns {
            if let Some(split) = text_table::split_line(trimmed) {
                *columns = text_table::expand(header, split);
                continue;
            }
            if let Some((label, values)) = text_table::row(trimmed, columns.len()) {
                let row = TextRow { label: &label, values: &values, span: (line_start, line_start + trimmed.len()) };
                out.extend(text_row(&ctx, columns, &row, &mut rows_kind, line_start < headline_end));
                continue;
            }
            text_columns = None;
        }
        if let Some(header) = text_table::header_columns(trimmed) {
            let columns = text_table::expand(&header, 0);
            text_columns = Some((header, columns));
            rows_kind = None;
            continue;
        }
        let is_item = is_list_item(trimmed);
        if !is_item && !trimmed.trim_end().ends_with(':') {
            ctx.list_hint = ctx.list_hint.filter(|_| false);
        }
        // The units a list's items name ("- Cấp xã: tiếp nhận …") are the items'; after the
        // list the text speaks of what it spoke of before.
        if is_item {
            before_list.get_or_insert_with(|| ctx.unit.clone());
        } else if let Some(unit) = before_list.take() {
            ctx.unit = unit;
        }
        let postal_paragraph = postal_topic(trimmed);
        let sentences = split_sentences(trimmed);
        let single = sentences.len() == 1;
        for (s, e) in sentences {
            let sentence = &trimmed[s..e];
            let heading_like = single && sentence.chars().count() <= 170;
            let abs = line_start + s;
            let postal = postal_paragraph || postal_topic(sentence);
            let figures = scan_sentence(sentence, abs, &mut ctx, postal, heading_like, line_start < headline_end);
            out.extend(figures);
        }
    }
    out
}

/// A row of a flattened table: its label, its values (each with whether it was written
/// as a percentage) and the span of its line.
struct TextRow<'a> {
    label: &'a str,
    values: &'a [(f64, bool)],
    span: (usize, usize),
}

/// The figures of one row of a flattened table. A row naming a unit ("1 Sở Tư pháp …") is
/// that unit's; a total row is the table's subject's; another row ("Mức 3", "Các đơn vị
/// khác") is of the kind the rows before it named (`rows_kind`), else of the context's unit.
fn text_row(
    ctx: &Context,
    columns: &[text_table::TextColumn],
    row: &TextRow<'_>,
    rows_kind: &mut Option<Scope>,
    headline: bool,
) -> Vec<RawFigure> {
    // A serial number before the name ("1 Sở Tư pháp", "2. Sở Xây dựng") is not part of it.
    let label = row.label.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim_start();
    let label = if label.is_empty() { row.label } else { label };
    let whole_province = lexicon::first_unit_scope(label) == Some(Scope::ProvinceAll);
    let (scope, unit_name, named) = if whole_province {
        (Scope::ProvinceAll, label.to_string(), false)
    } else if total_row(label) {
        match (&ctx.unit, *rows_kind) {
            (Some(u), _) => (u.scope, u.name.clone(), false),
            (None, Some(kind)) => (kind, label.to_string(), false),
            (None, None) => (Scope::ProvinceAll, label.to_string(), false),
        }
    } else if let Some(kind) = lexicon::first_unit_scope(label) {
        *rows_kind = Some(kind);
        (kind, label.to_string(), true)
    } else {
        match (*rows_kind, &ctx.unit) {
            (Some(kind), _) => (kind, label.to_string(), true),
            (None, Some(u)) => (u.scope, format!("{} — {label}", u.name), true),
            (None, None) => (Scope::ProvinceAll, label.to_string(), true),
        }
    };
    columns
        .iter()
        .zip(row.values)
        .map(|(col, &(value, percent))| {
            let unit = if percent { Unit::Percent } else { col.unit };
            let (metric, bare) = match text_table::level_metric(label, col.hint) {
                Some(m) => (m, false),
                // A rate named "đúng hạn" alone counts early dossiers too.
                None if col.hint == Hint::OnTimeBare && col.rate => (Metric::ResolvedEarlyOrOnTime, false),
                None => resolve_hint(col.hint, false),
            };
            RawFigure {
                metric,
                on_time_bare: bare,
                value,
                unit,
                scope,
                unit_name: unit_name.clone(),
                unit_named: named,
                period: ctx.period.as_ref().map_or_else(Period::unknown, |p| p.period.clone()),
                period_note: None,
                evidence: row.span,
                evidence_text: None,
                approximate: None,
                from_headline: headline,
            }
        })
        .collect()
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['-', '+', '•', '*', '–']) || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(')')
}

/// A paragraph about the postal channel ("Thông qua dịch vụ bưu chính công ích, …"):
/// its "tiếp nhận" and "trả kết quả" are postal figures.
fn postal_topic(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:(?:thông )?qua (?:dịch vụ )?bưu chính|bưu điện\b)")
            .unwrap_or_else(|_| unreachable_regex())
    });
    re.is_match(line)
}

/// Sentence spans of a line: a `.`, `!` or `?` followed by a space and a capital, a
/// digit or a list mark ends a sentence, except after abbreviations ("TP. Huế").
pub(crate) fn split_sentences(line: &str) -> Vec<(usize, usize)> {
    const ABBREVIATIONS: &[&str] = &["TP", "Tp", "tp", "TX", "Q", "P", "ThS", "TS", "PGS", "GS", "St", "v.v", "Th.S"];
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let after = &line[i + c.len_utf8()..];
        let Some(next) = after.strip_prefix(' ').or_else(|| after.strip_prefix('\u{a0}')) else { continue };
        let next = next.trim_start();
        let Some(first) = next.chars().next() else { continue };
        if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '-' | '+' | '•' | '(' | '"' | '“')) {
            continue;
        }
        let word_before = line[..i].rsplit(|ch: char| !ch.is_alphanumeric() && ch != '.').next().unwrap_or("");
        if c == '.' && ABBREVIATIONS.contains(&word_before) {
            continue;
        }
        // "12. 345 hồ sơ": a thousands dot with a stray space, not a sentence's end.
        let digits_before = word_before.len() - word_before.trim_start_matches(|ch: char| ch.is_ascii_digit()).len();
        let group_after = next.bytes().take_while(u8::is_ascii_digit).count() == 3;
        if c == '.' && (1..=3).contains(&digits_before) && word_before.len() == digits_before && group_after {
            continue;
        }
        // "3. Kết quả …", "II. Nhiệm vụ …": list numbering, not a sentence.
        let so_far = line[start..i].trim();
        if c == '.'
            && !so_far.is_empty()
            && so_far.chars().all(|ch| ch.is_ascii_digit() || matches!(ch, 'I' | 'V' | 'X' | '.'))
        {
            continue;
        }
        // "72.165" never reaches here (no space after the dot); "năm 2022. Trung tâm" does.
        let end = i + c.len_utf8();
        if line[start..end].trim().is_empty() {
            continue;
        }
        out.push((start, end));
        start = end;
        while start < bytes.len() && bytes[start] == b' ' {
            start += 1;
        }
    }
    if start < line.len() && !line[start..].trim().is_empty() {
        out.push((start, line.len()));
    }
    out
}

/// A figure being read inside one sentence.
#[derive(Debug, Clone)]
struct Found {
    token_start: usize,
    after_end: usize,
    metric: Metric,
    bare: bool,
    value: f64,
    unit: Unit,
    approximate: Option<String>,
    /// For index figures: a unit name that overrides the context (group name).
    unit_override: Option<(Scope, String)>,
    /// Written as an enumeration item ("Sở Tư pháp: 912 hồ sơ").
    item: bool,
    /// The item's name, for an item written with a colon.
    item_name: Option<String>,
}

/// Who rated, between a rating's share and its level ("78,4% người dân rất hài lòng").
const RATERS: &[&str] = &["người dân", "người được hỏi", "ý kiến", "phiếu"];

impl Found {
    /// A figure read from its token alone: no qualifier, unit name or item.
    fn plain(token_start: usize, after_end: usize, metric: Metric, value: f64, unit: Unit) -> Found {
        Found {
            token_start,
            after_end,
            metric,
            bare: false,
            value,
            unit,
            approximate: None,
            unit_override: None,
            item: false,
            item_name: None,
        }
    }
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| lexicon::big_regex(pattern))
}

fn rank_before(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"(?:xếp hạng|xếp thứ|đứng thứ|vị trí(?: thứ)?|hạng)\s*(?:thứ\s*)?$").is_match(text)
}

/// Indices other than the service index of Decision 766 (PAR Index, SIPAS, PCI …): their
/// ranks and scores are not the national index and are kept as `other`.
fn other_index(sentence: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"(?i)PAR\s*INDEX|SIPAS|PCI(?-u:\b)|PAPI|DTI(?-u:\b)|ICT\s*Index|cải cách hành chính|CCHC|năng lực cạnh tranh|chuyển đổi số|hài lòng của người dân").is_match(sentence)
}

fn group_name(window: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "Công khai, minh bạch" is one group's name, comma and all.
    let re = regex(&RE, r"(?i)nhóm (?:chỉ số|tiêu chí)(?: công khai, minh bạch)?[^,;:()]*");
    let m = re.find_iter(window).last()?;
    let name = m.as_str().trim();
    let name = name.strip_suffix(" đạt").unwrap_or(name).trim();
    // "các nhóm chỉ số: …" introduces a list; each item names its group.
    // "Các nhóm chỉ số thành phần: …" introduces a list as well.
    let intro = ["thành phần", "như sau", "gồm"].iter().any(|w| name.ends_with(w));
    (name.split_whitespace().count() > 3 && !intro).then(|| name.to_string())
}

/// The group an item of a list names before its score ("Nhóm công khai, minh bạch:
/// 16,92 điểm").
fn item_group(window: &str) -> Option<String> {
    let clause = window.trim_end().trim_end_matches(':').trim_end();
    let clause = clause.rsplit([';', '.', '\n']).next()?.trim().trim_start_matches(['-', '+', '•']).trim_start();
    let name = clause.strip_prefix("Nhóm ").or_else(|| clause.strip_prefix("nhóm "))?;
    let name = name.strip_prefix("chỉ số ").unwrap_or(name);
    (!name.is_empty() && name.chars().count() <= 60).then(|| format!("nhóm chỉ số {name}"))
}

/// The group a score names in a list after "các nhóm chỉ số:" ("; tiến độ giải quyết đạt
/// 16,84/20 điểm"): the clause before "đạt".
fn listed_group(window: &str) -> Option<String> {
    let clause = window.rsplit([';', ':']).next()?.trim();
    let mut name = clause.strip_suffix("đạt").unwrap_or(clause).trim().trim_end_matches(',').trim();
    // "Trong đó, chỉ số tiến độ giải quyết": the group's own words.
    for lead in ["Trong đó", "trong đó", "Cụ thể", "cụ thể", ",", "nhóm", "Nhóm", "chỉ số", "Chỉ số"]
    {
        name = name.strip_prefix(lead).map_or(name, str::trim_start);
    }
    let known = IndexGroup::ALL.iter().any(|g| fold(g.name_vi()).split(", ").any(|part| fold(name).contains(part)))
        || ["cong khai", "tien do", "truc tuyen", "thanh toan", "hai long", "so hoa"]
            .iter()
            .any(|k| fold(name).contains(k));
    (known && !name.is_empty() && name.chars().count() <= 60).then(|| format!("nhóm chỉ số {name}"))
}

/// The last `n` characters of `s`: the words right before a number are all the checks
/// that end at it need (scanning the whole sentence for each number would be quadratic).
fn tail(s: &str, n: usize) -> &str {
    s.char_indices().rev().nth(n.saturating_sub(1)).map_or(s, |(i, _)| &s[i..])
}

/// The words just before a number that change its meaning.
enum Qualifier {
    /// A change, a previous value, a bound below, a document number: not a figure.
    Skip,
    /// "hơn", "gần", "khoảng": kept, flagged.
    Approximate(String),
    None,
}

/// `window`: the lower-cased words before the number.
fn qualifier(window: &str) -> Qualifier {
    static SKIP: OnceLock<Regex> = OnceLock::new();
    static APPROX: OnceLock<Regex> = OnceLock::new();
    let skip = regex(
        &SKIP,
        r"(?:^|[\s(,;:])(?:(?:tăng|giảm)(?: thêm| đi| được)?(?: từ)?(?: hơn| gần| khoảng| trên)?|dưới|(?:văn bản|quyết định|báo cáo|kế hoạch|công văn|nghị quyết|thông báo|nghị định|thông tư|chỉ thị|điều|khoản)\s+số|bộ chỉ số|quyết định|nghị định|nghị quyết|chỉ thị|thứ|lần|khoản|điều|mục|chỉ tiêu(?: là| đề ra)?|(?:số|phần) còn lại|giao|tối đa|(?:cao|thấp|nhiều|ít) hơn|tổng đài|đường dây nóng|hotline|điện thoại|so với(?: [^0-9]{0,30})?)\s*[:(]?\s*$",
    );
    // "so với điểm bình quân cả nước (78,4 điểm)": the national average, a figure of its
    // own (scope other), not a previous value.
    static NATIONAL: OnceLock<Regex> = OnceLock::new();
    let national = regex(
        &NATIONAL,
        r"so với (?:điểm |mức )?(?:bình quân|trung bình) (?:chung )?(?:của )?(?:cả nước|toàn quốc)\s*[:(]?\s*(?:là|đạt)?\s*$",
    );
    let approx = regex(&APPROX, r"(?:^|[\s(,;:])(hơn|trên|gần|khoảng|xấp xỉ|gần như|ước|ước tính)\s*$");
    if skip.is_match(window) && !national.is_match(window) {
        Qualifier::Skip
    } else if let Some(m) = approx.find(window) {
        // The word, without the delimiter before it and the spaces after.
        let word = m.as_str().trim_start_matches(|c: char| c.is_whitespace() || "(,;:".contains(c)).trim_end();
        Qualifier::Approximate(word.to_string())
    } else {
        Qualifier::None
    }
}

/// The text right after a number and its noun, up to where the clause ends; a
/// parenthesis right after is skipped ("90 hồ sơ (chiếm 2,16%) các cơ quan trả lại …").
fn right_clause(sentence: &str, from: usize, numbers: &[usize], phrases: &[lexicon::PhraseMatch]) -> (usize, usize) {
    let rest = &sentence[from..];
    let mut start = from;
    let trimmed = rest.trim_start();
    if trimmed.starts_with('(') {
        if let Some(close) = trimmed.find(')') {
            start = from + (rest.len() - trimmed.len()) + close + 1;
        }
    }
    let next_number = numbers.iter().copied().find(|&n| n >= start).unwrap_or(sentence.len());
    let tail = &sentence[start..next_number];
    // "… 94.665 hồ sơ thủ tục hành chính và giải quyết 94.985 hồ sơ": a new verb after
    // "và" starts another clause.
    // … unless the "và" is inside a phrase ("đúng và trước hạn").
    // A dash between spaces ("3.354 HS – trước hạn 3.120 HS") opens the next clause too.
    let joins = [" và ", " còn ", " – ", " - "].into_iter().flat_map(|w| tail.match_indices(w)).map(|(i, _)| i);
    let free_join = joins.filter(|&i| !phrases.iter().any(|p| p.start <= start + i && p.end > start + i)).min();
    let end = [tail.find([',', ';', '.', '(', ')', ':']), free_join]
        .into_iter()
        .flatten()
        .min()
        .map_or(next_number, |i| start + i);
    (start, end)
}

#[allow(clippy::too_many_lines)]
fn scan_sentence(
    sentence: &str,
    abs: usize,
    ctx: &mut Context,
    postal: bool,
    heading_like: bool,
    headline: bool,
) -> Vec<RawFigure> {
    // A sentence without a digit has no figure; it only matters as a heading or a list's
    // header, so most prose is skipped here.
    let has_digit = sentence.bytes().any(|b| b.is_ascii_digit());
    let list_header = sentence.trim_end().ends_with(':');
    if !heading_like && !list_header && !has_digit {
        return Vec::new();
    }
    // Lower case letter for letter, so offsets in it are offsets in the sentence.
    let lower = lexicon::lower_in_place(sentence);
    let periods = periods_in(sentence, &lower, ctx.year_hint());
    let periods: Vec<PeriodMention> = periods.into_iter().map(|p| reuse_window(p, ctx)).collect();
    // "Theo Văn phòng UBND tỉnh, …": the office that reports the figures, not the unit
    // they are about.
    // A heading in capitals ("KẾT QUẢ … CẤP HUYỆN") names its units in lower case.
    let all_caps = !sentence.chars().any(char::is_lowercase);
    let named = lexicon::units(if all_caps { &lower } else { sentence });
    let count = named.len();
    let units: Vec<UnitMention> = named
        .into_iter()
        .enumerate()
        .filter(|(i, u)| {
            let before = lower[..u.start].trim_end();
            // A source followed by the unit its figures are about ("Theo Trung tâm …, kết
            // quả … trên địa bàn toàn tỉnh") is only the source.
            let source = names_a_source(before) && (u.scope == Scope::Department || count > i + 1);
            // "xếp thứ 11/34 tỉnh, thành phố", "đứng thứ 6 trên 63 tỉnh": the provinces a
            // rank is out of, not the nation as a subject.
            let out_of = u.scope == Scope::Other && (before.ends_with('/') || before.ends_with(" trên"));
            !source && !out_of
        })
        .map(|(_, u)| u)
        .map(|u| {
            // In a commune centre's report, "Trung tâm" alone is that centre.
            let bare_centre = u.scope == Scope::ProvincialCenter && u.name == "Trung tâm";
            match (&ctx.commune_centre, bare_centre) {
                (Some(c), true) => UnitMention { scope: c.scope, name: c.name.clone(), ..u },
                _ => match ctx.unit.as_ref().filter(|c| c.scope == Scope::ProvincialCenter) {
                    Some(c) if desks_at_centre(&u, &lower) => UnitMention { scope: c.scope, name: c.name.clone(), ..u },
                    _ => u,
                },
            }
        })
        .collect();
    // The last centre named in full: a commune's, or the province's.
    for u in &units {
        if u.name.starts_with("Trung tâm") && u.name != "Trung tâm" {
            ctx.commune_centre = (u.scope == Scope::DistrictCommune).then(|| u.clone());
        }
    }
    // A heading without numbers only sets the period and unit that follow.
    // A unit's name is not a metric ("Bộ phận tiếp nhận và trả kết quả quận đã tiếp nhận").
    let phrases: Vec<lexicon::PhraseMatch> = if has_digit || list_header {
        let mut all = lexicon::phrases_in_lower(&lower);
        all.retain(|p| !units.iter().any(|u| p.start >= u.start && p.end <= u.end));
        all
    } else {
        Vec::new()
    };
    let mut dates = date_spans(sentence);
    dates.extend(level_spans(sentence));
    dates.extend(units.iter().filter_map(|u| numbered_unit(&lower, u.end)));
    // "cứ 10 hồ sơ thì có 8 hồ sơ được nộp qua mạng": a ratio, not counts.
    static RATIO: OnceLock<Regex> = OnceLock::new();
    if lower.contains("cứ ") {
        dates.extend(
            regex(&RATIO, r"\bcứ [0-9]+[^0-9,.;]{0,40}? thì (?:có )?[0-9]+")
                .find_iter(&lower)
                .map(|m| (m.start(), m.end())),
        );
    }
    let masked = |t: &NumberToken| {
        dates.iter().any(|&(a, b)| t.start >= a && t.start < b)
            || periods.iter().any(|p| t.start >= p.start && t.start < p.end)
            || phrases.iter().any(|p| t.start >= p.start && t.start < p.end)
            || numbered_name(&lower, t)
    };
    let tokens: Vec<NumberToken> =
        find_numbers(sentence).into_iter().filter(|t| !masked(t)).map(|t| comma_grouped(t, sentence, &lower)).collect();
    let comparison = |pos: usize| compared_at(&lower, pos);
    let superlative = lower.contains("cao nhất") || lower.contains("thấp nhất");
    let names_a_field = lower.contains("lĩnh vực");
    let list_item_line = is_list_item(sentence);
    let inline_list_from = ["như:", "gồm:", "cụ thể:", "trong đó:"]
        .iter()
        .filter(|_| lower.contains(':'))
        .filter_map(|k| lower.find(k).map(|i| i + k.len()))
        .min();
    let departments_inline = inline_list_from.is_some_and(|i| {
        let head = lower.get(..i).unwrap_or("");
        head.contains("sở, ngành")
            || head.contains("sở, ban, ngành")
            || head.contains("các sở")
            || head.contains("đơn vị")
    });

    static SHARE_OF: OnceLock<Regex> = OnceLock::new();
    let mut found: Vec<Found> = Vec::new();
    // Where the last counted thing ended, figure or not ("191 TTHC", "15 cơ quan"): a
    // phrase before it qualified that count, not the next one.
    let mut boundary = 0;
    let token_starts: Vec<usize> = tokens.iter().map(|t| t.start).collect();
    // Where the sentence first names a target or an instruction: figures after it are
    // not the period's ("phấn đấu … đạt trên 80%").
    let target_from = target(sentence);
    // Where a fraction of units ("14/16 sở, ngành") ended: a rate after it in the same
    // clause describes those units.
    let mut units_counted: Option<usize> = None;
    // Where the words a figure took for its own end ("trên 63 tỉnh" after a rank).
    let mut consumed_to = 0;
    // Figures of a compared period ("so với tháng 12/2025 (201.306 hồ sơ)"), by token start.
    let mut compared: Vec<(usize, Period)> = Vec::new();
    let has_paren = lower.contains('(');
    for tok in &tokens {
        if tok.start < consumed_to {
            continue;
        }
        let after = &sentence[tok.end..];
        let compared_to = has_paren
            .then(|| compared_period(&lower, tok, &periods, current_period(&lower, &periods, tok.start, ctx)))
            .flatten();
        // Among other words in the parenthesis, a figure keeps its own metric and takes
        // the compared period.
        if let Some((period, _, false)) = &compared_to {
            compared.push((tok.start, period.clone()));
        }
        if let Some((period, close, true)) = compared_to {
            let unit = if tok.percent { Unit::Percent } else { Unit::Count };
            let metric = found
                .iter()
                .rev()
                .find(|f| f.metric != Metric::Other && f.unit == unit)
                .map(|f| f.metric)
                .or_else(|| {
                    // Else what the sentence says it compares: the phrase after the
                    // parenthesis, or before it ("số hồ sơ tiếp nhận năm 2020 tăng …").
                    let named = |p: &&lexicon::PhraseMatch| !matches!(p.hint, Hint::Nothing | Hint::Other);
                    let after = phrases.iter().filter(|p| p.start >= close).find(named);
                    let hint = after.or_else(|| phrases.iter().filter(|p| p.end <= tok.start).rev().find(named))?.hint;
                    Some(resolve_hint(hint, postal).0)
                })
                .filter(|m| m.is_additive());
            if let Some(metric) = metric {
                compared.push((tok.start, period));
                found.push(Found::plain(tok.start, close, metric, tok.value, unit));
            }
            consumed_to = close;
            continue;
        }
        // "23/BC-TTHCC", "766/QĐ-TTg": document numbers.
        if after.starts_with('/') && after[1..].chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let window_start = found.last().map_or(0, |f| f.after_end).max(boundary).min(tok.start);
        let window = &sentence[window_start..tok.start];
        let (noun, noun_len) = if tok.percent {
            // "100% thủ tục hành chính", "100% các TTHC": a share of procedures.
            let lower_after = &lower[tok.end..];
            // "78,4% người dân rất hài lòng": a share of the people who rated, not a count of people.
            let raters = RATERS.iter().any(|w| {
                lower_after.trim_start().strip_prefix(w).is_some_and(|r| {
                    let r = r.trim_start();
                    ["rất hài lòng", "hài lòng", "không hài lòng", "bình thường"].iter().any(|l| r.starts_with(l))
                })
            });
            if raters {
                (Noun::None, 0)
            } else {
                match lexicon::noun_after(lower_after.trim_start().strip_prefix("các").unwrap_or(lower_after)) {
                    (Noun::NotAFigure, _) => (Noun::NotAFigure, 0),
                    // "100% hồ sơ được giải quyết đúng hạn": the words after the dossiers say
                    // what the share is of.
                    (Noun::Dossier, len) if !lower_after.trim_start().starts_with("các") => (Noun::Dossier, len),
                    _ => (Noun::None, 0),
                }
            }
        } else {
            lexicon::noun_after(&lower[tok.end..])
        };
        let after_end = tok.end + noun_len;
        // "10 hồ sơ nộp theo nhóm của lĩnh vực thủy sản": a field's share of the unit's figure.
        let field = if noun == Noun::None || !names_a_field { None } else { field_after(&sentence[after_end..]) };
        // A coverage fraction ("ở tất cả 9/9 huyện") is an aside, not a count; so is a
        // length of time ("bình quân 11 tháng đạt 54,3%").
        let duration =
            ["tháng", "năm", "ngày", "tuần", "quý", "giờ"].iter().any(|w| lower[tok.end..].trim_start().starts_with(w));
        if noun != Noun::None && tok.denominator.is_none() && !duration {
            boundary = boundary.max(after_end);
        }
        // "giảm từ 2,1% xuống còn 0,8%", "từ vị trí 54 năm 2022 lên vị trí 24": the value
        // before the change.
        if changes_after(&lower[tok.end..]) {
            continue;
        }
        let item = is_item_window(window) || is_unit_item(window, window_start, &units);

        // National-index figures: "đạt 75,35/100 điểm", "xếp hạng 17/63", "nhóm … 18/18 điểm".
        let before = tail(&lower[..tok.start], 60);
        // "Kon Tum (61/63), Bắc Kạn (62/63)": a province's rank out of all of them, right
        // after its name.
        let rank_after_name = !tok.percent
            && tok.decimals == 0
            && tok.denominator.is_some_and(|d| (d == 63.0 || d == 34.0) && tok.value <= d)
            && before.trim_end().strip_suffix('(').is_some_and(|name| {
                let name = name.trim_end();
                Registry::builtin()
                    .find_in_text(&sentence[..tok.start])
                    .last()
                    .is_some_and(|m| sentence[m.end..tok.start].trim() == "(" && name.len() >= m.end - m.start)
            });
        // "phấn đấu … đạt tối thiểu 15/22 điểm", "phấn đấu xếp thứ 10/63": targets.
        let targeted = target_from.is_some_and(|at| at < tok.start);
        if (rank_before(before) || rank_after_name) && !tok.percent {
            if targeted {
                continue;
            }
            // The index's rank is out of the provinces ("17/63") or said with the index;
            // "phường xếp thứ 3 trong 168 phường" by dossiers received is another ranking.
            let the_index =
                tok.denominator.is_some() || ["chỉ số", "điểm", "766", "tỉnh, thành"].iter().any(|w| lower.contains(w));
            let metric_ok = the_index && !other_index(sentence);
            let (rank_metric, of_metric) =
                if metric_ok { (Metric::IndexRank, Metric::IndexRankOf) } else { (Metric::Other, Metric::Other) };
            let base = Found::plain(tok.start, tok.end, rank_metric, tok.value, Unit::Count);
            found.push(base.clone());
            // "đứng thứ 6 trên 63 tỉnh, thành phố": out of the provinces, said in words.
            let said_of = out_of_provinces(&lower[tok.end..]);
            if let Some((_, len)) = said_of {
                consumed_to = tok.end + len;
            }
            if let Some(of) = tok.denominator.or(said_of.map(|s| s.0)) {
                found.push(Found { metric: of_metric, value: of, ..base });
            }
            continue;
        }
        // "điểm tiếp nhận số 2", "tại số 24 Tố Hữu", "tại 13 Lê Lợi": names and addresses;
        // "… / Đã giải quyết x 100": a formula's factor.
        let counted = matches!(noun, Noun::Dossier | Noun::Result | Noun::Turn | Noun::Transaction);
        let street =
            sentence[tok.end..].strip_prefix(' ').and_then(|a| a.chars().next()).is_some_and(char::is_uppercase);
        let near = before.trim_end();
        if !tok.percent
            && ((near.ends_with(" số") || near == "số") && !counted
                || near.ends_with(" tại") && street
                || near.ends_with(" x")
                || near.ends_with('×'))
        {
            continue;
        }
        let approx = match qualifier(before) {
            Qualifier::Skip => continue,
            Qualifier::Approximate(q) => Some(q),
            Qualifier::None => None,
        };
        let points = noun == Noun::Points || lower[tok.end..].trim_start().starts_with("điểm");
        // "112 điểm hỗ trợ dịch vụ công": places, not a score.
        let places = points
            && ["hỗ trợ", "giao dịch", "tiếp nhận", "phục vụ", "bưu điện", "cầu", "wifi"]
                .iter()
                .any(|w| lower[tok.end..].trim_start().trim_start_matches("điểm").trim_start().starts_with(w));
        if places {
            continue;
        }
        if points && !tok.percent {
            if targeted {
                continue;
            }
            let metric = if other_index(sentence) {
                Metric::Other
            } else if tok.denominator.is_some_and(|d| (d - 100.0).abs() > f64::EPSILON)
                || group_name(window).is_some()
                || item_group(window).is_some()
            {
                Metric::IndexGroupScore
            } else {
                Metric::IndexTotalScore
            };
            let unit_override = if metric == Metric::IndexGroupScore {
                group_name(window)
                    .or_else(|| item_group(window))
                    .or_else(|| listed_group(window))
                    .map(|g| (Scope::ProvinceAll, g))
            } else {
                None
            };
            found.push(Found {
                token_start: tok.start,
                after_end,
                metric,
                bare: false,
                value: tok.value,
                unit: Unit::Points,
                approximate: approx,
                unit_override,
                item: false,
                item_name: None,
            });
            continue;
        }
        if noun == Noun::NotAFigure || tok.denominator.is_some() && noun != Noun::Dossier {
            // "14/16 sở": some of the units ("9/9 huyện" is all of them).
            if tok.denominator.is_some_and(|d| tok.value < d) && noun == Noun::NotAFigure {
                units_counted = Some(tok.end);
            }
            continue;
        }
        // "SIPAS 2021", "PAR Index 2021": a year naming something, not a count.
        if noun == Noun::None && !tok.percent && tok.decimals == 0 && (1990.0..=2100.0).contains(&tok.value) {
            continue;
        }
        // A share of another quantity ("bằng 205,6% số hồ sơ … của quý I năm 2022"), or a
        // target ("mục tiêu … trên 99%"): not a figure of the period.
        if comparison_share(before, after) || target_from.is_some_and(|at| at < tok.start) {
            continue;
        }
        // A rate at a subset of units ("đạt 100% tại 7 Sở, đơn vị", "14/16 sở, ngành có tỷ
        // lệ … trên 99%"), or a unit's share of the province's total ("chiếm gần 28% số hồ
        // sơ quá hạn toàn tỉnh").
        if subset_after(after)
            || tok.percent
                && (units_counted.is_some_and(|at| !sentence[at..tok.start].contains([';', '.']))
                    || share_of_whole(after))
        {
            continue;
        }
        let unit = if tok.percent { Unit::Percent } else { Unit::Count };

        // The phrase attached after the noun ("57.549 hồ sơ trực tuyến", "9.315 lượt đánh
        // giá"), preferring a metric over an aside ("hồ sơ được trả trước và đúng hạn").
        let right = if matches!(noun, Noun::Dossier | Noun::Turn | Noun::Result | Noun::Transaction) {
            let (rs, re_) = right_clause(sentence, after_end, &token_starts, &phrases);
            // The phrase may begin with the noun itself ("hồ sơ trực tuyến"). Only a specific
            // phrase qualifies a figure from behind, the last one ("hồ sơ được giải quyết
            // sớm hạn"); a bare verb there belongs to the next clause.
            // A phrase that starts in the clause may run past its comma ("thanh toán phí, lệ
            // phí trực tuyến").
            let inside = |p: &&lexicon::PhraseMatch| p.start >= tok.end && p.end > rs && p.start < re_;
            // A bare verb right after the noun ("181.579 hồ sơ đã được giải quyết") still
            // says what the count is.
            let attached = |p: &&lexicon::PhraseMatch| {
                matches!(p.hint, Hint::Received | Hint::Resolved)
                    && sentence[after_end..p.start.max(after_end)]
                        .split_whitespace()
                        .all(|w| matches!(w, "đã" | "được" | "đang"))
            };
            phrases
                .iter()
                .filter(inside)
                .rfind(|p| matches!(p.hint, Hint::Metric(_) | Hint::OnTimeBare))
                .or_else(|| phrases.iter().filter(inside).find(|p| p.hint == Hint::Other))
                .or_else(|| phrases.iter().filter(inside).find(attached))
        } else if tok.percent {
            // "100% hài lòng", "đạt 99% đúng hạn", "78% là hồ sơ trực tuyến", "78,4% người
            // dân rất hài lòng": the words right after a rate name it.
            phrases.iter().find(|p| {
                p.start >= tok.end
                    && ["", "là", "tổ chức, cá nhân"]
                        .iter()
                        .chain(RATERS)
                        .any(|w| sentence[tok.end..p.start].trim() == *w)
                    && matches!(p.hint, Hint::Metric(_) | Hint::OnTimeBare)
            })
        } else {
            None
        };

        // A percentage qualifying the count just before it, or a count restating the
        // percentage before it ("đạt 99,85%, tương ứng với 94.839 hồ sơ", "chiếm 75,81% với
        // 5.012 hồ sơ").
        if let Some(prev) = found.last() {
            let between = &sentence[prev.after_end.min(tok.start)..tok.start];
            if prev.metric != Metric::Other
                && !matches!(
                    prev.metric,
                    Metric::IndexRank | Metric::IndexRankOf | Metric::IndexTotalScore | Metric::IndexGroupScore
                )
                && lexicon::only_binding_words(between)
                && ((tok.percent && prev.unit == Unit::Count && right.is_none())
                    || (!tok.percent && prev.unit == Unit::Percent && right.is_none() && !between.trim().is_empty()))
            {
                // "trễ hạn 412 hồ sơ, chiếm hơn 37% số hồ sơ trễ hạn của cấp huyện": a share of
                // all the dossiers counted so, not a rate of the count's unit.
                let of_same = tok.percent
                    && phrases.iter().find(|p| p.start >= tok.end && p.hint != Hint::Nothing).is_some_and(|p| {
                        regex(&SHARE_OF, r"^\s*(?:của\s+)?(?:tổng\s+)?số\s+hồ\s+sơ\s*$")
                            .is_match(&lower[tok.end..p.start])
                            && resolve_hint(p.hint, postal).0 == prev.metric
                    });
                if of_same {
                    continue;
                }
                let (metric, bare) = if prev.bare && prev.metric == Metric::ResolvedEarlyOrOnTime && !tok.percent {
                    (Metric::ResolvedOnTime, true)
                } else {
                    (prev.metric, prev.bare)
                };
                found.push(Found {
                    token_start: tok.start,
                    after_end,
                    metric,
                    bare,
                    value: tok.value,
                    unit,
                    approximate: approx,
                    unit_override: None,
                    item: false,
                    item_name: None,
                });
                continue;
            }
        }

        let right_hint = right.map(|p| p.hint);
        // What follows a figure up to the end of its attached phrase belongs to it.
        let after_end = right.map_or(after_end, |p| p.end.max(after_end));
        let in_window: Vec<&lexicon::PhraseMatch> = phrases
            .iter()
            .filter(|p| p.start >= window_start && p.end <= tok.start && p.hint != Hint::Nothing)
            .collect();
        let mut left = in_window.last().map(|p| **p);
        // "hồ sơ quá hạn đã giải quyết là 2.534": a generic verb closest to the number, a
        // specific status earlier in the same clause; the status tells what is counted.
        if let Some(l) = left.filter(|l| matches!(l.hint, Hint::Received | Hint::Resolved)) {
            let specific = in_window
                .iter()
                .rev()
                .skip(1)
                .find(|p| matches!(p.hint, Hint::Metric(_) | Hint::OnTimeBare | Hint::Other));
            if let Some(s) = specific.filter(|s| !sentence[s.end..l.start].contains([',', ';', ':', '('])) {
                // "Số hồ sơ trực tuyến đã giải quyết là 11.900": the resolved dossiers of one
                // channel, a figure outside the vocabulary.
                let channel = matches!(s.hint, Hint::Metric(Metric::ReceivedOnline | Metric::ReceivedDirect));
                left = Some(if channel && l.hint == Hint::Resolved {
                    lexicon::PhraseMatch { hint: Hint::Other, ..**s }
                } else {
                    **s
                });
            }
        }
        if let Some(l) = left {
            // A comparison in a lead-in ("… giảm so với tháng 10: huyện A … 0,8%") is not
            // this figure's: only the words after the last separator count.
            let from = lower[l.end..tok.start].rfind([':', ';']).map_or(l.end, |i| l.end + i);
            if right_hint.is_none() && comparison_between(&lower[from..tok.start]) {
                continue;
            }
        }
        // "Qua bưu chính, quận … trả 1.048 kết quả": results handed over by post.
        let handed_by_post = postal
            && noun == Noun::Result
            && right_hint.is_none()
            && left.is_some_and(|l| lower[l.start..l.end].trim_end() == "trả");
        let hint = if handed_by_post { Some(Hint::Resolved) } else { right_hint.or(left.map(|p| p.hint)) };
        let resolved = match hint {
            Some(h) => Some(resolve_hint(h, postal)),
            None => {
                if let Some(header) = ctx.list_hint.filter(|_| list_item_line) {
                    header
                        .hint
                        .map(|h| resolve_hint(h, postal))
                        .or(header.departments.then_some((Metric::ReceivedTotal, false)))
                } else if inline_list_from.is_some_and(|i| tok.start >= i)
                    && departments_inline
                    && noun == Noun::Dossier
                {
                    Some((Metric::ReceivedTotal, false))
                } else if let Some((_, total)) = parenthesis_after(sentence, tok.start, &found).filter(|(open, f)| {
                    // "tiếp nhận 35.678 hồ sơ (trong đó: cấp tỉnh 5.432 hồ sơ, cấp huyện
                    // 12.345 hồ sơ …)": the total split by unit.
                    !tok.percent
                        && f.unit == Unit::Count
                        && f.metric != Metric::Other
                        // A level or the departments ("cấp tỉnh", "các sở"), not one named
                        // place ("(huyện Phú Quý: 13 hồ sơ, …)", a local breakdown).
                        && units.iter().any(|u| {
                            u.start >= window_start.max(*open)
                                && u.end <= tok.start
                                && (u.persists || u.scope == Scope::Department)
                        })
                }) {
                    Some((total.metric, total.bare))
                } else if let Some(prev) = found.last().filter(|f| {
                    // "tiếp nhận 3.333 hồ sơ; tính chung cả năm 2022 là 38.765 hồ sơ": the
                    // same count for another period.
                    noun == Noun::Dossier
                        && f.unit == Unit::Count
                        && f.metric != Metric::Other
                        && only_another_period(&lower, window_start, tok.start, &periods)
                }) {
                    Some((prev.metric, prev.bare))
                } else if let Some(prev) = found.last().filter(|f| {
                    // "lần lượt đạt 98,73% và 99,2%": the next value of the same figure.
                    lower.find("lần lượt").is_some_and(|at| at < f.token_start)
                        && (f.unit == Unit::Percent) == tok.percent
                        && f.metric != Metric::Other
                }) {
                    Some((prev.metric, prev.bare))
                } else if item
                    && found.last().is_some_and(|f| {
                        // After a figure that was no item, a like one of the next unit ("…
                        // tiếp nhận 2.146 hồ sơ, thị xã Phú Mỹ 1.318 hồ sơ"), but not inside a
                        // breakdown in parentheses ("18 hồ sơ (huyện Phú Quý: 13 hồ sơ, …)").
                        // A breakdown names its units inside the parenthesis; "xã Sìn Hồ
                        // (1.427 hồ sơ)" names it before.
                        let open = sentence[..tok.start].rfind('(').unwrap_or(0);
                        let breakdown = in_parenthesis(sentence, tok.start)
                            && !in_parenthesis(sentence, f.token_start)
                            && units.iter().rev().find(|u| u.end <= tok.start).is_some_and(|u| u.start > open);
                        let next_unit = (f.unit == Unit::Percent) == tok.percent && !breakdown;
                        f.metric != Metric::Other && (f.item || next_unit)
                    })
                    && !sentence[window_start..tok.start].contains('.')
                {
                    // "…: A: 5.236 hồ sơ; B: 1.408 hồ sơ": the next item of an enumeration;
                    // "… của các sở đạt 99,27%; cấp huyện đạt 96,85%": the next unit's rate.
                    found.last().map(|f| (f.metric, f.bare))
                } else if superlative && tok.percent {
                    ctx.last_percent_metric
                } else {
                    None
                }
            }
        };
        let Some((mut metric, mut bare)) = resolved else { continue };
        // "tiếp nhận và chuyển trả kết quả … qua dịch vụ bưu chính 2.239 hồ sơ": both ways
        // together, not dossiers received.
        if postal && metric == Metric::ReceivedPostal && in_window.iter().any(|p| p.hint == Hint::Other) {
            (metric, bare) = (Metric::Other, false);
        }
        // A rate named "đúng hạn" on its own ("tỷ lệ giải quyết đúng hạn đạt 95,53%") counts
        // early dossiers too; only a count's own share is split from the early ones.
        // `bare` stays, saying the words were bare: a count restating the rate ("(tương ứng
        // 9.850 hồ sơ)") is then a bare on-time count, not early ones reported apart.
        if bare && tok.percent {
            metric = Metric::ResolvedEarlyOrOnTime;
        }
        // "đang giải quyết 3.098 hồ sơ trong hạn và 01 hồ sơ quá hạn", "8.550 hồ sơ đang
        // giải quyết, trong đó 7.815 hồ sơ đang giải quyết trong hạn": the split of the
        // pending dossiers is not a figure of its own kind.
        if let Some(prev) = found.last().filter(|p| p.metric == Metric::Pending) {
            let between = &sentence[prev.after_end.min(tok.start)..tok.start];
            if (between.trim_start().starts_with(['(', ','])
                || between.contains(" và ")
                || between.contains("trong đó"))
                && matches!(
                    metric,
                    Metric::ResolvedLate | Metric::ResolvedOnTime | Metric::ResolvedEarlyOrOnTime | Metric::Pending
                )
            {
                (metric, bare) = (Metric::Other, false);
            }
        }
        // "Số hồ sơ đang giải quyết: 1.250 hồ sơ. Trong đó: - Chưa đến hạn: 1.230 hồ sơ; -
        // Quá hạn: 20 hồ sơ": the same split, as a list.
        let in_pending_list =
            list_item_line && ctx.list_hint.as_ref().is_some_and(|h| h.parent == Some(Metric::Pending));
        if in_pending_list
            || parenthesis_after(sentence, tok.start, &found).is_some_and(|(_, f)| f.metric == Metric::Pending)
        {
            (metric, bare) = (Metric::Other, false);
        }
        if !lexicon::noun_fits(metric, noun) {
            continue;
        }
        if comparison(tok.start)
            && metric != Metric::Other
            && left.is_some_and(|l| l.end < tok.start.saturating_sub(40))
        {
            continue;
        }
        // "đã giải quyết đạt 97,84%, tương ứng 559.575 hồ sơ trước và đúng hạn": the
        // count's own words name the rate it restates.
        if right.is_some() && !tok.percent {
            if let Some(prev) = found.last_mut().filter(|p| p.unit == Unit::Percent && p.metric != Metric::Other) {
                let between = &lower[prev.after_end.min(tok.start)..tok.start];
                if between.contains("tương ứng") && lexicon::only_binding_words(between) {
                    (prev.metric, prev.bare) = (metric, bare);
                }
            }
        }
        found.push(Found {
            token_start: tok.start,
            after_end,
            metric,
            bare,
            value: tok.value,
            unit,
            approximate: approx,
            unit_override: None,
            item,
            // "số HS từ kỳ trước chuyển sang: 1.870", "Rất hài lòng: 11.000": an item
            // named by its metric, not a field of work.
            item_name: item_name(window)
                .filter(|name| lexicon::phrases(name).iter().all(|p| matches!(p.hint, Hint::Nothing)))
                .map(str::to_string)
                .or(field),
        });
        // "đã giải quyết 2.398/2.415 hồ sơ": resolved out of the dossiers received (put
        // before it: a rate after the fraction is the resolved one's).
        // "đã giải quyết đúng hạn 51.214/51.389 hồ sơ": on time out of those resolved.
        let whole = match metric {
            Metric::Resolved => Some(Metric::ReceivedTotal),
            Metric::ResolvedEarlyOrOnTime | Metric::ResolvedOnTime | Metric::ResolvedEarly | Metric::ResolvedLate => {
                Some(Metric::Resolved)
            }
            _ => None,
        };
        if let (Some(of), Some(whole)) = (tok.denominator.filter(|_| noun == Noun::Dossier), whole) {
            if let Some(part) = found.last().cloned() {
                let total = Found { metric: whole, value: of, item_name: None, bare: false, ..part };
                found.insert(found.len() - 1, total);
            }
        }
    }

    // "Cấp huyện …, cấp xã …; tỷ lệ … lần lượt đạt 98,73% và 99,2%": the figures after
    // "lần lượt" go to the units named before it, in order.
    let respectively = lower.find("lần lượt");
    let in_turn: Vec<usize> = respectively
        .map(|at| found.iter().enumerate().filter(|(_, f)| f.token_start > at).map(|(i, _)| i).collect())
        .unwrap_or_default();
    let turn_units: Vec<UnitMention> = match respectively {
        Some(at) if in_turn.len() >= 2 => {
            let before: Vec<UnitMention> =
                units.iter().filter(|u| u.end <= at).flat_map(|u| levels(sentence, u)).collect();
            before[before.len().saturating_sub(in_turn.len())..].to_vec()
        }
        _ => Vec::new(),
    };
    let distributed = !turn_units.is_empty() && turn_units.len() == in_turn.len();

    // Assign unit and period to each figure.
    let mut out = Vec::with_capacity(found.len());
    // A period compared with ("so với tháng 10", "từ vị trí 54 năm 2022 lên") is not the
    // figures'.
    // A parenthesis the period opens, with a clause of its own ("so với cùng kỳ năm 2021
    // (tháng 10/2021 Trung tâm tiếp nhận 9.870 hồ sơ)"), states that period's figures.
    let opens_clause = |p: &&PeriodMention| {
        lower[..p.start].trim_end().ends_with('(') && !lower[p.end..].trim_start().starts_with(')')
    };
    let plain_periods: Vec<&PeriodMention> = periods
        .iter()
        .filter(|p| (opens_clause(p) || !comparison(p.start)) && !changes_after(&lower[p.end..]))
        .collect();
    // "hồ sơ đang giải quyết chuyển sang tháng 4 là 1.393": the month the dossiers move
    // into, not the period of the count; only a carried-over count belongs to it.
    let destination = |p: &PeriodMention| {
        let before = tail(&lower[..p.start], 12).trim_end();
        before.ends_with("chuyển sang") || before.ends_with("chuyển qua")
    };
    for f in &found {
        let own_period = compared.iter().find(|c| c.0 == f.token_start).map(|c| &c.1);
        let period = plain_periods
            .iter()
            .rev()
            .find(|p| p.end <= f.token_start && (f.metric == Metric::CarriedOver || !destination(p)))
            .copied()
            .or(ctx.period.as_ref())
            .or_else(|| plain_periods.iter().find(|p| p.start > f.token_start).copied());
        // A unit named in a parenthesis closed before the figure ("Trung tâm … (03 cơ sở tại
        // phường Việt Trì, …) tiếp nhận 15.033 hồ sơ") is an aside about the unit before it.
        let in_order = distributed
            .then(|| in_turn.iter().position(|&i| std::ptr::eq(&found[i], f)))
            .flatten()
            .map(|k| &turn_units[k]);
        let unit_mention = in_order.or_else(|| {
            units.iter().rev().find(|u| {
                u.end <= f.token_start
                    && !(in_parenthesis(sentence, u.start) && sentence[u.end..f.token_start].contains(')'))
            })
        });
        let (scope, unit_name, named) = match (&f.unit_override, unit_mention, &ctx.unit) {
            (Some((scope, name)), _, _) => (*scope, name.clone(), true),
            (None, Some(u), _) => (u.scope, u.name.clone(), !u.persists),
            (None, None, Some(u)) => (u.scope, u.name.clone(), false),
            (None, None, None) => (Scope::ProvinceAll, String::new(), false),
        };
        // An enumeration over fields of work ("Hành chính tư pháp: trên 33 nghìn hồ sơ")
        // splits the unit's figure; the field goes into the unit's name.
        let (unit_name, named) = match &f.item_name {
            Some(item) if !units.iter().any(|u| u.name.ends_with(item.as_str()) || item.ends_with(u.name.as_str())) => {
                (format!("{unit_name} – {item}"), true)
            }
            _ => (unit_name, named),
        };
        let is_index = matches!(
            f.metric,
            Metric::IndexRank | Metric::IndexRankOf | Metric::IndexTotalScore | Metric::IndexGroupScore
        );
        // The index scores provinces; a district or department named before the figure
        // ("thị xã Bến Cát đạt 83,8 điểm, xếp hạng 6/9") is its rank among its peers.
        // A national average ("bình quân cả nước 75.5 điểm") is not the province's score.
        let named_district = unit_mention
            .filter(|u| matches!(u.scope, Scope::DistrictCommune | Scope::Department | Scope::Other) && !u.persists);
        let (scope, unit_name) = match (is_index, &f.unit_override, named_district) {
            (true, None, Some(u)) => (u.scope, u.name.clone()),
            (true, None, None) => (Scope::ProvinceAll, String::new()),
            _ => (scope, unit_name),
        };
        // Another province named last before the figure, after any unit of the sentence:
        // the figure is that province's ("Xếp thứ hai là tỉnh Bình Dương với 90,12 điểm";
        // not in "Đồng Tháp đứng thứ 2/63, còn Cần Thơ xếp thứ 19/63" of Cần Thơ).
        let other_province = ctx
            .provinces
            .iter()
            .rev()
            .find(|p| p.start >= abs && p.end <= abs + f.token_start)
            .filter(|p| !p.own && unit_mention.is_none_or(|u| abs + u.end <= p.start));
        let (scope, unit_name, named) = match other_province {
            Some(p) => (Scope::Other, p.name.clone(), true),
            None => (scope, unit_name, named),
        };
        out.push(RawFigure {
            metric: f.metric,
            on_time_bare: f.bare,
            value: f.value,
            unit: f.unit,
            scope,
            unit_name,
            unit_named: named,
            period: own_period.cloned().unwrap_or_else(|| period.map_or_else(Period::unknown, |p| p.period.clone())),
            period_note: period.filter(|_| own_period.is_none()).and_then(|p| p.corrected.clone()),
            evidence: (abs, abs + sentence.len()),
            evidence_text: None,
            approximate: f.approximate.clone(),
            from_headline: headline,
        });
    }

    // Carry the context forward; figures outside the vocabulary ("other") are asides
    // and do not change what the following sentences are about.
    if let Some(last) = found.iter().rev().find(|f| f.metric != Metric::Other) {
        // The period the sentence's figures were given: named before them, or (in a
        // headline such as "… xếp hạng 17/63 … trong tháng 4/2024") after them.
        // A period inside a parenthesis is an aside's.
        let used = plain_periods
            .iter()
            .rev()
            .find(|p| p.start < last.token_start && !destination(p) && !in_parenthesis(sentence, p.start))
            .or_else(|| {
                if ctx.period.is_none() {
                    plain_periods.iter().find(|p| p.start > last.token_start)
                } else {
                    None
                }
            });
        // "Riêng quý III, …": a period singled out for one sentence; the report's own
        // period goes on after it.
        // "Tháng 7 tiếp nhận …; tháng 8 …; tháng 9 …" inside the quarter in force: its
        // months one by one; the quarter goes on after them.
        let within = |c: &PeriodMention, p: &&PeriodMention| {
            c.period.start.is_some_and(|s| p.period.start.is_some_and(|ps| ps >= s))
                && c.period.end.is_some_and(|e| p.period.end.is_some_and(|pe| pe <= e))
        };
        let months: Vec<&&PeriodMention> =
            plain_periods.iter().filter(|p| p.period.kind == PeriodKind::Month).collect();
        let one_by_one = months.len() >= 2
            && ctx
                .period
                .as_ref()
                .is_some_and(|c| c.period.kind != PeriodKind::Month && months.iter().all(|p| within(c, p)));
        if let Some(p) = used.filter(|p| !one_by_one && !tail(&lower[..p.start], 15).trim_end().ends_with("riêng")) {
            ctx.period = Some((*p).clone());
        }
        // A unit named inside parentheses ("(trong đó: cấp tỉnh …, cấp xã …)") is an aside;
        // so are the units figures were shared out to "lần lượt": the sentence's subject
        // before them goes on.
        let shared_out = |u: &UnitMention| distributed && u.start >= turn_units[0].start && Some(u.end) <= respectively;
        if let Some(u) = units
            .iter()
            .rev()
            .find(|u| u.persists && u.end <= last.token_start && !in_parenthesis(sentence, u.start) && !shared_out(u))
        {
            ctx.unit = Some(u.clone());
        }
        if let Some(p) = found.iter().rev().find(|f| f.unit == Unit::Percent && f.metric != Metric::Other) {
            ctx.last_percent_metric = Some((p.metric, p.bare));
        }
    } else if heading_like && found.iter().all(|f| f.metric == Metric::Other) {
        // "NHIỆM VỤ TRỌNG TÂM QUÝ II": the next period's plans; what follows reports no
        // figure of that period.
        let plans = ["nhiệm vụ", "phương hướng"].iter().any(|w| lower.contains(w)) || target(sentence).is_some();
        if let Some(p) = plain_periods.first().filter(|_| !plans) {
            ctx.period = Some((*p).clone());
        }
        // "Trung tâm PVHCC phường Nha Trang: kết quả tháng 02/2026": one centre named in
        // a heading is what follows is about.
        let centre = |u: &&UnitMention| u.scope == Scope::DistrictCommune && u.name.starts_with("Trung tâm");
        if let Some(u) = units.iter().find(|u| u.persists || u.scope == Scope::Department || centre(u)) {
            ctx.unit = Some(u.clone());
        }
    }
    ctx.windows.extend(periods.iter().filter_map(Window::of));
    if list_header {
        let hint = phrases.iter().rev().find(|p| p.hint != Hint::Nothing).map(|p| p.hint);
        // A header naming its own metric ("Số hồ sơ tiếp nhận theo từng đơn vị:") splits no
        // figure before it; nor does one naming its own topic ("Kết quả theo từng cấp:"):
        // only "Trong đó:", "Cụ thể:" go on from the sentence before.
        let goes_on = ["trong đó", "cụ thể", "gồm", "như sau"]
            .iter()
            .any(|w| lower.trim_end().trim_end_matches(':').ends_with(w));
        let parent = found
            .iter()
            .rev()
            .find(|f| f.metric != Metric::Other)
            .map(|f| f.metric)
            .or(ctx.last_metric.filter(|_| goes_on))
            .filter(|_| hint.is_none());
        ctx.list_hint =
            Some(ListHeader { hint, departments: lower.contains("sở") || lower.contains("đơn vị"), parent });
    }
    ctx.last_metric = found.iter().rev().find(|f| f.metric != Metric::Other).map(|f| f.metric);
    out
}

/// In a report on the provincial centre, "các sở, ngành" alone (not "cấp tỉnh", not "còn
/// lại", not "ngoài Trung tâm") are the departments' desks at the centre: their figures
/// are the centre's.
fn desks_at_centre(u: &UnitMention, lower: &str) -> bool {
    let name = &lower[u.start..u.end];
    let after = lower[u.end..].trim_start();
    u.scope == Scope::Department
        && ["các sở, ngành", "các sở, ban, ngành", "các sở ngành"].contains(&name)
        && !["cấp tỉnh", "còn lại", "khác", "(ngoài", "ngoài"].iter().any(|w| after.starts_with(w))
}

/// "12,317 hồ sơ": a count of dossiers has no decimals, so a comma followed by three
/// digits groups thousands the English way.
fn comma_grouped(mut t: NumberToken, sentence: &str, lower: &str) -> NumberToken {
    let written = &sentence[t.start..t.end];
    let grouped = !t.percent
        && t.denominator.is_none()
        && written.split_once(',').is_some_and(|(int, frac)| {
            (1..=3).contains(&int.len())
                && frac.len() == 3
                && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        });
    let counted = || {
        matches!(lexicon::noun_after(&lower[t.end..]).0, Noun::Dossier | Noun::Result | Noun::Turn | Noun::Transaction)
    };
    if grouped && counted() {
        t.value = (t.value * 1000.0).round();
        t.decimals = 0;
    }
    t
}

/// " trên 63 tỉnh", " trong số 34 tỉnh": the number of provinces a rank is out of, and
/// the length of those words up to the number's end.
fn out_of_provinces(after: &str) -> Option<(f64, usize)> {
    let rest = after.trim_start();
    let words = ["trên", "trong tổng số", "trong số", "trong"].iter().find_map(|w| rest.strip_prefix(w))?;
    let number = words.trim_start();
    let of = [("63", 63.0), ("34", 34.0)]
        .into_iter()
        .find(|(n, _)| number.strip_prefix(n).is_some_and(|t| t.trim_start().starts_with("tỉnh")))?;
    Some((of.1, after.len() - number.len() + of.0.len()))
}

/// The period a figure at `pos` is given for so far: the last period named before it in
/// the sentence, else the context's.
fn current_period<'a>(lower: &str, periods: &'a [PeriodMention], pos: usize, ctx: &'a Context) -> Option<&'a Period> {
    periods
        .iter()
        .rev()
        .find(|p| p.end <= pos && !compared_at(lower, p.start))
        .or(ctx.period.as_ref())
        .map(|p| &p.period)
}

/// Whether the words before `pos` compare ("so với", "cùng kỳ"): what stands there is
/// another period's. "cao hơn so với năm ngoái: năm 2021 cả năm …": a colon opens the
/// compared period's own clause.
fn compared_at(lower: &str, pos: usize) -> bool {
    let before = tail(&lower[..pos], 25).rsplit(':').next().unwrap_or_default();
    before.contains("so với") || before.contains("cùng kỳ")
}

/// A figure in parentheses for a compared period: "so với tháng 12/2025 (201.306 hồ sơ)",
/// "so với cùng kỳ năm 2020 (7.215 hồ sơ)", "(tháng trước là 3.902 hồ sơ)", "(năm 2019:
/// 36.689 hồ sơ)", "so với cùng kỳ năm 2022 (10.874 hồ sơ tiếp nhận, tỷ lệ trễ hạn 0,85%)".
/// The compared period, where the parenthesis closes, and whether the figure stands alone
/// in it (its metric is then the one compared).
fn compared_period(
    lower: &str,
    tok: &NumberToken,
    periods: &[PeriodMention],
    current: Option<&Period>,
) -> Option<(Period, usize, bool)> {
    let open = lower[..tok.start].rfind('(')?;
    let close = tok.end + lower[tok.end..].find(')')? + 1;
    if lower[open..tok.start].contains(')') {
        return None;
    }
    // Only the figure and its noun inside: "(201.306 hồ sơ)", "(3.902 hồ sơ)".
    let rest = lower[tok.end..close - 1].trim();
    let inner = lower[open + 1..tok.start].trim_end().trim_end_matches(':').trim_end();
    let inner = [" là", " đạt"].iter().fold(inner, |i, w| i.strip_suffix(w).unwrap_or(i)).trim();
    let stated = |from: usize, to: usize| {
        periods.iter().find(|p| p.start >= from && p.end <= to && lower[p.end..to].trim().is_empty())
    };
    // Nothing but a period before it inside ("năm 2019:") and its noun after it.
    let no_digit = |t: &str| !t.bytes().any(|b| b.is_ascii_digit());
    let alone = no_digit(rest)
        && rest.len() <= 12
        && inner.len() <= 30
        && (no_digit(inner) || stated(open + 1, open + 1 + inner.len()).is_some());
    // A period opening the parenthesis names the figure's: "(năm 2019: …)".
    // A stated period (its span in a year for "cùng kỳ năm 2020"), else a relative one.
    let dated = |p: Option<&PeriodMention>, words: &str| match p {
        Some(p) if words.starts_with("cùng kỳ") => same_span_in(current?, p.period.end?.year(), words),
        Some(p) => Some(p.period.clone()),
        None => relative(current?, words),
    };
    if alone && !inner.is_empty() {
        let p = stated(open + 1, open + 1 + inner.len());
        if !inner.starts_with("cùng kỳ") && p.is_some_and(|p| !lower[open + 1..p.start].trim().is_empty()) {
            return None;
        }
        return Some((dated(p, inner)?, close, true));
    }
    // The period compared with right before the parenthesis dates all inside it, unless
    // the parenthesis names its own ("(tháng 10/2021 Trung tâm tiếp nhận 9.870 hồ sơ)").
    if periods.iter().any(|p| p.start > open && p.end <= tok.start) {
        return None;
    }
    let before = lower[..open].trim_end();
    let head = before.rfind("so với")?;
    let words = before[head + "so với".len()..].trim();
    let p = stated(head, before.len());
    if p.is_some_and(|p| lower[head..p.start].contains([',', ';'])) {
        return None;
    }
    Some((dated(p, words)?, close, alone && inner.is_empty()))
}

/// "tháng trước", "quý trước", "năm trước", "cùng kỳ năm trước": the period before `current`.
fn relative(current: &Period, words: &str) -> Option<Period> {
    let months = match words {
        "tháng trước" | "kỳ trước" if current.kind == PeriodKind::Month => 1,
        "quý trước" if current.kind == PeriodKind::Quarter => 3,
        "năm trước" | "năm ngoái" | "cùng kỳ" | "cùng kỳ năm trước" | "cùng kỳ năm ngoái" => 12,
        _ => return None,
    };
    shifted(current, months, words)
}

/// "cùng kỳ năm 2020": `current`'s span in `year`.
fn same_span_in(current: &Period, year: i32, words: &str) -> Option<Period> {
    let back = current.start?.year() - year;
    (back > 0).then(|| shifted(current, 12 * u32::try_from(back).ok()?, words)).flatten()
}

/// `current` moved `months` back, labelled with the text's `words`.
fn shifted(current: &Period, months: u32, words: &str) -> Option<Period> {
    let back = chrono::Months::new(months);
    let start = current.start?.checked_sub_months(back)?;
    // A calendar period ends on its last day; a stated window on the same day as before.
    let end = match current.kind {
        PeriodKind::Explicit => current.end?.checked_sub_months(back)?,
        _ => (current.end?.with_day(1)?.checked_sub_months(back)? + chrono::Months::new(1)).pred_opt()?,
    };
    Some(Period { label: words.to_string(), start: Some(start), end: Some(end), kind: current.kind })
}

/// Text copied from a PDF breaks its lines inside sentences ("Cấp huyện: tiếp\nnhận
/// 149.603 hồ sơ"): such a break becomes a space (offsets stay the same). A break is
/// inside a sentence when a long line of prose ends on a word, or on a number before
/// words, and the next line goes on in lower case or with a number.
fn reflow(body: &str) -> Cow<'_, str> {
    let bytes = body.as_bytes();
    let mut joins = Vec::new();
    let mut line_start = 0;
    for (at, _) in body.match_indices('\n') {
        let line = body[line_start..at].trim_end();
        let next = body[at + 1..].chars().next();
        let last = line.chars().next_back();
        let goes_on = match (last, next) {
            (Some(l), Some(n)) if l.is_alphabetic() || l == ',' => n.is_lowercase() || n.is_ascii_digit(),
            (Some(l), Some(n)) if l.is_ascii_digit() => n.is_lowercase(),
            _ => false,
        };
        // Not a short line, nor a table's: bars, tabs or columns aligned with runs of spaces.
        let prose = || line.len() >= 40 && !line.contains(['|', '\t']) && !line.contains("   ");
        if goes_on && bytes.get(at.wrapping_sub(1)) != Some(&b'\r') && prose() {
            joins.push(at);
        }
        line_start = at + 1;
    }
    if joins.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut out = body.as_bytes().to_vec();
    for at in joins {
        out[at] = b' ';
    }
    // Only ASCII newlines became ASCII spaces: still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| body.to_string()))
}

/// A unit naming several levels at once ("cấp huyện, cấp xã"), one mention per level, so
/// figures shared out "lần lượt" reach each; any other unit as it is.
fn levels(sentence: &str, u: &UnitMention) -> Vec<UnitMention> {
    let name = &sentence[u.start..u.end];
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, sep) in name.match_indices(", ").chain(name.match_indices(" và ")) {
        parts.push((from, at));
        from = at + sep.len();
    }
    parts.push((from, name.len()));
    parts.sort_unstable();
    let all_levels = parts.len() > 1 && parts.iter().all(|&(a, _)| name[a..].to_lowercase().starts_with("cấp "));
    if !all_levels {
        return vec![u.clone()];
    }
    parts
        .into_iter()
        .map(|(a, b)| UnitMention { start: u.start + a, end: u.start + b, name: name[a..b].to_string(), ..u.clone() })
        .collect()
}

/// Whether the lower-cased words before a unit's name attribute a report to it: "theo",
/// "theo báo cáo của", "theo số liệu thống kê từ".
fn names_a_source(before: &str) -> bool {
    let mut words = before.trim_end();
    for tail in ["của", "từ", "trên"] {
        words = words.strip_suffix(tail).map_or(words, str::trim_end);
    }
    for noun in ["báo cáo", "số liệu thống kê", "số liệu", "thống kê", "thông tin"] {
        words = words.strip_suffix(noun).map_or(words, str::trim_end);
    }
    words.strip_suffix("theo").is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', ',', '(', '-']))
}

/// Whether the lower-cased words after a value say it changed to another ("xuống còn …",
/// "năm 2022 lên …"): the value is a previous one.
fn changes_after(after: &str) -> bool {
    let mut rest = after.trim_start().trim_start_matches(',').trim_start();
    // A year may come between ("54 năm 2022 lên vị trí 24").
    if let Some(year) = rest.strip_prefix("năm ") {
        rest = year.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start();
    }
    rest.starts_with("xuống") || rest.starts_with("lên")
}

/// Whether the lower-cased words from `from` to `to` name a period and nothing else but
/// linking words ("; tính chung cả năm 2022 là").
fn only_another_period(lower: &str, from: usize, to: usize, periods: &[PeriodMention]) -> bool {
    const LINKS: &[&str] =
        &["tính", "chung", "cả", "trong", "lũy", "luỹ", "kế", "cộng", "dồn", "là", "đạt", "có", "và", "còn", "riêng"];
    let inside: Vec<&PeriodMention> = periods.iter().filter(|p| p.start >= from && p.end <= to).collect();
    let mut rest = String::new();
    let mut at = from;
    for p in &inside {
        rest.push_str(&lower[at..p.start]);
        rest.push(' ');
        at = p.end;
    }
    rest.push_str(&lower[at..to]);
    !inside.is_empty()
        && rest.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| LINKS.contains(&w))
}

/// "mức độ 3, 4": service levels, whose digits are names, not figures.
fn level_spans(sentence: &str) -> Vec<(usize, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"(?i)mức(?: độ)?\s+[1-4](?:\s*(?:,|và|-|–|hoặc)\s*[1-4](?:[\s,;)]|$))*")
        .find_iter(sentence)
        // "ở mức 1,12%": a rate at a level, not a service level.
        .filter(|m| {
            let rest = &sentence.as_bytes()[m.end()..];
            !matches!(rest, [b'0'..=b'9' | b'%', ..] | [b',' | b'.', b'0'..=b'9', ..])
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// "Cơ sở 1", "Phường 12", "Quận 7": numbers that are names, not figures (`lower` is the
/// lower-cased sentence).
fn numbered_name(lower: &str, t: &NumberToken) -> bool {
    const NAMES: [&str; 9] = ["cơ sở", "phường", "quận", "khu phố", "khóm", "ấp", "tổ", "quầy", "chi nhánh"];
    if t.end - t.start > 2 || t.percent || t.denominator.is_some() || !lower[..t.start].ends_with(' ') {
        return false;
    }
    let before = lower[..t.start].trim_end();
    NAMES.iter().any(|name| before.strip_suffix(name).is_some_and(|head| !head.ends_with(char::is_alphanumeric)))
}

/// "phường Hà Giang 1: 2.736 hồ sơ": a number right after a unit's name (ending at byte
/// `at` of the lower-cased sentence), small and counting nothing, is part of the name.
fn numbered_unit(lower: &str, at: usize) -> Option<(usize, usize)> {
    let rest = lower.get(at..)?.strip_prefix(' ')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest[digits..];
    let more = after.starts_with(|c: char| c.is_alphanumeric() || c == '%')
        || after.len() > 1 && after.starts_with(['.', ',']) && after.as_bytes()[1].is_ascii_digit();
    ((1..=2).contains(&digits) && !more && lexicon::noun_after(after).0 == Noun::None)
        .then_some((at + 1, at + 1 + digits))
}

/// The words before a number (`window`, from byte `from` of the sentence) end with a
/// unit's name, one of `units`: ", Sở Công Thương 3,7 ngàn HS" (an enumeration without
/// colons), "tiếp đến là Sở Giao thông vận tải (1.096 hồ sơ)".
fn is_unit_item(window: &str, from: usize, units: &[UnitMention]) -> bool {
    // "…, Sở Y tế (100%)": the figure in parentheses after the name; "; cấp huyện đạt
    // 96,85%": a verb after it.
    let mut tail = window.trim_end();
    tail = tail.strip_suffix('(').unwrap_or(tail).trim_end();
    for verb in ["đạt", "là", "có", "với", "xuống còn", "xuống", "mức", "ở", "vẫn"] {
        tail = tail.strip_suffix(verb).map_or(tail, str::trim_end);
    }
    // "huyện Yên Thế từ 1,6% xuống 0,5%": the value before the change, and its "từ".
    if tail.ends_with(|c: char| c == '%' || c.is_ascii_digit()) {
        if let Some(at) = tail.rfind(" từ ") {
            tail = tail[..at].trim_end();
        }
    }
    let end = from + tail.len();
    units.iter().any(|u| u.end == end && u.start >= from)
}

/// Whether byte `pos` of `sentence` is inside a parenthesis.
fn in_parenthesis(sentence: &str, pos: usize) -> bool {
    let before = &sentence[..pos];
    before.matches('(').count() > before.matches(')').count()
}

/// The figure a parenthesis holding byte `pos` was opened right after ("đang giải quyết
/// 8.550 hồ sơ (trong hạn 7.815 hồ sơ …)"), with where the parenthesis opens.
fn parenthesis_after<'a>(sentence: &str, pos: usize, found: &'a [Found]) -> Option<(usize, &'a Found)> {
    let before = &sentence[..pos];
    let open = before.rfind('(')?;
    if before[open..].contains(')') {
        return None;
    }
    let f = found.iter().rev().find(|f| f.after_end <= open)?;
    sentence[f.after_end..open].trim().is_empty().then_some((open, f))
}

/// The field of work a count is limited to, named right after it.
fn field_after(after: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?i)^\s*(?:thủ tục hành chính |TTHC )?(?:nộp |thuộc )?(?:theo nhóm )?(?:của |trong |ở )?(lĩnh vực [^,;.()0-9]{2,40}?)(?:\s+(?:tại|của|trong|qua|được|đã)\b|[,;.()]|$)",
    );
    re.captures(after).and_then(|c| c.get(1)).map(|m| m.as_str().trim().to_string())
}

fn comparison_share(before: &str, after: &str) -> bool {
    static BEFORE: OnceLock<Regex> = OnceLock::new();
    static AFTER: OnceLock<Regex> = OnceLock::new();
    regex(&BEFORE, r"(?i)(?:^|\s)bằng\s*(?:trên|hơn|khoảng|gần)?\s*$").is_match(before)
        && regex(&AFTER, r"(?i)^\s*%?\s*(?:số|so với|tổng số|của)(?:\s|$)").is_match(after)
}

/// "… số hồ sơ quá hạn toàn tỉnh": the words after a percentage make it a share of the
/// province's (or the country's) total.
fn share_of_whole(after: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"(?i)^\s*(?:của\s+)?(?:tổng\s+)?số\s+hồ\s+sơ[^,;.()0-9]{0,40}?(?:toàn|cả|của)\s+(?:tỉnh|quốc|nước)")
        .is_match(after)
}

/// Where `sentence` first names a target or gives an instruction ("mục tiêu", "phấn đấu",
/// "đề nghị các huyện xử lý dứt điểm 642 hồ sơ quá hạn").
fn target(sentence: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)mục tiêu|phấn đấu|chỉ tiêu|kế hoạch đề ra|đặt ra|dự kiến|dứt điểm|xin lỗi|đề nghị (?:thủ trưởng|các |chủ tịch|ubnd)",
    )
    .find(sentence)
    .map(|m| m.start())
}

/// The words before a number name a unit and end with a colon: "; Sở Tư pháp: ".
fn is_item_window(window: &str) -> bool {
    item_name(window).is_some()
}

/// The name of an enumeration item the window ends with ("; tài nguyên và môi trường:
/// trên "), qualifier words after the colon aside.
fn item_name(window: &str) -> Option<&str> {
    let mut w = window.trim_end();
    for q in ["trên", "hơn", "gần", "khoảng", "có", "là"] {
        w = w.strip_suffix(q).map_or(w, str::trim_end);
    }
    let head = w.strip_suffix(':')?;
    let name = head.rsplit([';', ':', ',', '+', '•']).next().unwrap_or("").trim().trim_start_matches(['-', '–']).trim();
    // "gồm: 3.380 hồ sơ trước hạn, …": words that open a list name no item.
    let opens_list = ["gồm", "Gồm", "trong đó", "Trong đó", "cụ thể", "Cụ thể", "như", "Như", "sau"]
        .iter()
        .any(|w| name.ends_with(w));
    (!name.is_empty() && !opens_list && name.chars().count() <= 70 && !name.chars().any(|c| c.is_ascii_digit()))
        .then_some(name)
}

/// `lower`: lower-cased text.
fn comparison_between(lower: &str) -> bool {
    lower.contains("so với") || lower.contains("cùng kỳ")
}

fn subset_after(after: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"(?i)^\s*(?:tại|ở|của)\s+(?:[0-9]+|các)\s+(?:sở|đơn vị|cơ quan|huyện|xã|địa phương|ngành)")
        .is_match(after)
}

fn resolve_hint(hint: Hint, postal: bool) -> (Metric, bool) {
    match hint {
        Hint::Metric(m) => (m, false),
        Hint::OnTimeBare => (Metric::ResolvedOnTime, true),
        Hint::Received if postal => (Metric::ReceivedPostal, false),
        Hint::Received => (Metric::ReceivedTotal, false),
        Hint::Resolved if postal => (Metric::ResultsPostal, false),
        Hint::Resolved => (Metric::Resolved, false),
        Hint::Other | Hint::Nothing => (Metric::Other, false),
    }
}

/// A bare label ("Trong quý III", no year) takes the window the text states for it; a
/// label with its year ("tháng 4/2024") is the calendar period.
fn reuse_window(mut p: PeriodMention, ctx: &Context) -> PeriodMention {
    // "Từ đầu năm đến nay": "now" is when the text was published, whatever year the
    // sentences before spoke of.
    if p.period.kind == PeriodKind::YearToDate && p.period.end.is_none() && !p.year_stated {
        if let Some(jan_1) = ctx.fallback_year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)) {
            p.period.start = Some(jan_1);
        }
        return p;
    }
    // "9 tháng đầu năm 2020 … Đến ngày 30/9/2020, đã giải quyết …": a reading as of the
    // last day of the period in force is that period's.
    if p.period.start.is_none() && p.period.kind == PeriodKind::Explicit {
        if let Some(c) = ctx.period.as_ref().filter(|c| c.period.start.is_some() && c.period.end == p.period.end) {
            p.period = c.period.clone();
        } else if let Some(day) = p.period.end {
            // "năm 2017 … Tính đến ngày 20/12/2017, đã tiếp nhận …": so far this year.
            let jan_1 = NaiveDate::from_ymd_opt(day.year(), 1, 1);
            let in_year = ctx.period.as_ref().is_some_and(|c| {
                matches!(c.period.kind, PeriodKind::Year | PeriodKind::YearToDate)
                    && c.period.start == jan_1
                    && c.period.end.is_some_and(|end| end > day)
            });
            if in_year {
                p.period.start = jan_1;
            }
        }
        return p;
    }
    if p.period.label.contains('(') {
        return p;
    }
    if let Some(anchor) = p.anchor {
        let same = |w: &&Window| {
            w.anchor.kind == anchor.kind && w.anchor.number == anchor.number && w.anchor.year == anchor.year
        };
        if let Some(w) = ctx.windows.iter().rev().filter(same).find(|w| w.whole || !p.year_stated) {
            p.period.start = w.start;
            p.period.end = w.end;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_capitals_not_numbers_or_abbreviations() {
        let line = "Tiếp nhận 72.165 hồ sơ. Đã giải quyết 68.203 hồ sơ tại TP. Huế. - Trễ hạn: 12.";
        let parts: Vec<&str> = split_sentences(line).into_iter().map(|(a, b)| &line[a..b]).collect();
        assert_eq!(parts, vec!["Tiếp nhận 72.165 hồ sơ.", "Đã giải quyết 68.203 hồ sơ tại TP. Huế.", "- Trễ hạn: 12."]);
        let line = "Cấp tỉnh tiếp nhận 12. 345 hồ sơ. Năm 2022. 345 hồ sơ khác.";
        let parts: Vec<&str> = split_sentences(line).into_iter().map(|(a, b)| &line[a..b]).collect();
        assert_eq!(parts, vec!["Cấp tỉnh tiếp nhận 12. 345 hồ sơ.", "Năm 2022.", "345 hồ sơ khác."]);
    }

    fn figures(text: &str) -> Vec<(Metric, f64, Unit)> {
        scan(text, &[], 0, 0, Some(2023), Vec::new()).into_iter().map(|f| (f.metric, f.value, f.unit)).collect()
    }

    fn scoped(text: &str) -> Vec<(f64, Scope, String)> {
        scan(text, &[], 0, 0, Some(2023), Vec::new()).into_iter().map(|f| (f.value, f.scope, f.unit_name)).collect()
    }

    #[test]
    fn figures_shared_out_in_turn_reach_each_level_and_leave_the_subject() {
        let got = scoped("Trong tháng 5, toàn tỉnh tiếp nhận 48.700 hồ sơ; trong đó cấp tỉnh, cấp huyện và cấp xã lần lượt tiếp nhận 9.214 hồ sơ, 15.873 hồ sơ và 23.613 hồ sơ. Hồ sơ tiếp nhận trực tuyến là 1.286 hồ sơ. Tỷ lệ đúng hạn ở cấp tỉnh, cấp huyện, cấp xã lần lượt đạt 99,8%, 98,61% và 99,47%.");
        let at = |v: f64| got.iter().find(|g| g.0 == v).map(|g| (g.1, g.2.as_str()));
        assert_eq!(at(48700.0), Some((Scope::ProvinceAll, "toàn tỉnh")));
        assert_eq!(at(9214.0), Some((Scope::Department, "cấp tỉnh")));
        assert_eq!(at(23613.0), Some((Scope::DistrictCommune, "cấp xã")));
        assert_eq!(at(1286.0), Some((Scope::ProvinceAll, "toàn tỉnh")));
        assert_eq!(at(99.8), Some((Scope::Department, "cấp tỉnh")));
        assert_eq!(at(98.61), Some((Scope::DistrictCommune, "cấp huyện")));
        assert_eq!(at(99.47), Some((Scope::DistrictCommune, "cấp xã")));
    }

    #[test]
    fn the_departments_desks_in_a_report_on_the_centre_are_the_centre() {
        let centre = "Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 12.615 hồ sơ. ";
        let got = scoped(&format!("{centre}Các sở, ngành đã giải quyết 11.982 hồ sơ."));
        assert_eq!(got[1], (11982.0, Scope::ProvincialCenter, "Trung tâm Phục vụ hành chính công tỉnh".to_string()));
        // Apart from the centre, or at the provincial level, they are the departments.
        let apart = scoped(&format!("{centre}Các sở, ngành cấp tỉnh (ngoài Trung tâm) giải quyết 3.977 hồ sơ."));
        assert_eq!(apart[1].1, Scope::Department);
        let alone = scoped("Các sở, ngành đã giải quyết 11.982 hồ sơ.");
        assert_eq!(alone[0].1, Scope::Department);
    }

    /// Metric, value, start and end of the period, with the publication year 2022.
    fn dated(text: &str) -> Vec<(Metric, f64, Option<String>, Option<String>)> {
        scan(text, &[], 0, 0, Some(2022), Vec::new())
            .into_iter()
            .map(|f| (f.metric, f.value, f.period.start.map(|d| d.to_string()), f.period.end.map(|d| d.to_string())))
            .collect()
    }

    #[test]
    fn a_compared_periods_own_figure_in_parentheses_is_that_periods() {
        let d = |s: &str| Some(s.to_string());
        let got = dated("Tháng 11/2025, Trung tâm tiếp nhận 4.286 hồ sơ (tháng trước là 3.902 hồ sơ).");
        assert_eq!(got[1], (Metric::ReceivedTotal, 3902.0, d("2025-10-01"), d("2025-10-31")));
        let got = dated("Trong tháng 01/2026 tiếp nhận 187.542 hồ sơ, giảm so với tháng 12/2025 (201.306 hồ sơ).");
        assert_eq!(got[1], (Metric::ReceivedTotal, 201306.0, d("2025-12-01"), d("2025-12-31")));
        let got = dated("6 tháng đầu năm 2021, Sở tiếp nhận 9.876 hồ sơ. So với cùng kỳ năm 2020 (7.215 hồ sơ), số hồ sơ Sở tiếp nhận tăng gần 37%.");
        assert_eq!(got[1], (Metric::ReceivedTotal, 7215.0, d("2020-01-01"), d("2020-06-30")));
        let got = dated("Năm 2020, tỷ lệ giải quyết đúng hạn đạt 99,12% (năm 2019 đạt 97,86%).");
        assert_eq!(got[1], (Metric::ResolvedEarlyOrOnTime, 97.86, d("2019-01-01"), d("2019-12-31")));
        // Several figures in the parenthesis keep their own metrics and take its period.
        let got = dated("Quý III/2023, Trung tâm tiếp nhận 13.962 hồ sơ. So với cùng kỳ năm 2022 (10.874 hồ sơ tiếp nhận, tỷ lệ trễ hạn 0,85%), kết quả có chuyển biến.");
        assert_eq!(got[1], (Metric::ReceivedTotal, 10874.0, d("2022-07-01"), d("2022-09-30")));
        assert_eq!(got[2], (Metric::ResolvedLate, 0.85, d("2022-07-01"), d("2022-09-30")));
        // A quarter's months one by one leave the quarter in force.
        let got = dated("Trong quý III/2023, Trung tâm tiếp nhận 13.962 hồ sơ. Tháng 7 tiếp nhận 4.318 hồ sơ; tháng 8 tiếp nhận 4.705 hồ sơ. Số hồ sơ nộp trực tuyến là 7.683 hồ sơ.");
        assert_eq!(got[3], (Metric::ReceivedOnline, 7683.0, d("2023-07-01"), d("2023-09-30")));
        // A parenthesis saying more than the figure is an aside, not a compared figure.
        let got = dated("Tháng 11/2025, tiếp nhận 4.286 hồ sơ (tháng trước là 3.902 hồ sơ, tăng 9,8%).");
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn pdf_line_breaks_lists_and_their_headers() {
        // A line broken inside a sentence is read as one; a table's rows are not joined.
        let text = "Trong 6 tháng đầu năm 2022, các cơ quan, đơn vị trên địa bàn tỉnh đã\ntiếp nhận 412.736 hồ sơ, giải quyết trước hạn\n301.466 hồ sơ.";
        assert_eq!(reflow(text), text.replace('\n', " "));
        let table = "Đơn vị          Tiếp nhận    Đã giải quyết\n1 Sở Tư pháp    3184         3102";
        assert_eq!(reflow(table), table);
        // After a list of units the text speaks of what it spoke of before; a header naming
        // its own topic does not split the figure before it.
        let got = scoped("Toàn tỉnh tiếp nhận 412.736 hồ sơ. Số hồ sơ đang giải quyết là 21.642 hồ sơ.\nKết quả theo từng cấp:\n- Cấp huyện đã giải quyết 143.988 hồ sơ;\n- Cấp xã đã giải quyết 196.935 hồ sơ.\n2. Kết quả giải quyết hồ sơ\nTổng số hồ sơ đã giải quyết là 398.127 hồ sơ.");
        let at = |v: f64| got.iter().find(|g| g.0 == v).map(|g| g.1);
        assert_eq!(at(196935.0), Some(Scope::DistrictCommune));
        assert_eq!(at(398127.0), Some(Scope::ProvinceAll));
        let metrics = figures("Số hồ sơ đang giải quyết là 21.642 hồ sơ.\nKết quả theo từng cấp:\n- Cấp huyện đã giải quyết 143.988 hồ sơ;");
        assert_eq!(metrics[1].0, Metric::Resolved);
    }

    #[test]
    fn sloppy_typing_still_reads() {
        // A comma grouping thousands the English way in a count of dossiers; a "%" after a space.
        let got = figures("Đã giải quyết 12,317 hồ sơ, trong đó trễ hạn 19 hồ sơ,chiếm 0,15 %.");
        assert_eq!(
            got,
            vec![
                (Metric::Resolved, 12317.0, Unit::Count),
                (Metric::ResolvedLate, 19.0, Unit::Count),
                (Metric::ResolvedLate, 0.15, Unit::Percent),
            ]
        );
        // A ratio is not two counts; addresses, names with a number, formulas, changes and
        // apologies are no figures.
        assert!(figures("Cứ 10 hồ sơ thì có 8 hồ sơ được nộp qua mạng.").is_empty());
        assert!(figures("Trụ sở chính tại số 24 Tố Hữu và điểm tiếp nhận số 2 tại 13 Lê Lợi.").is_empty());
        assert!(figures("Tỷ lệ đúng hạn (%) = (Trước hạn + Đúng hạn) / Đã giải quyết x 100.").is_empty());
        assert!(figures("Số hồ sơ tiếp nhận tăng gần 37%.").is_empty());
        assert!(figures("Trung tâm đã gửi văn bản xin lỗi đối với 100% hồ sơ quá hạn.").is_empty());
        // Abbreviations a centre's own posts use; a dash opens the next clause.
        let got = figures("Đã GQ: 3.354 HS – trước hạn 3.120 HS, đúng hạn 234 HS. Đang GQ: 241 HS. DVCTT: 3.012 HS.");
        assert_eq!(
            got,
            vec![
                (Metric::Resolved, 3354.0, Unit::Count),
                (Metric::ResolvedEarly, 3120.0, Unit::Count),
                (Metric::ResolvedOnTime, 234.0, Unit::Count),
                (Metric::Pending, 241.0, Unit::Count),
                (Metric::ReceivedOnline, 3012.0, Unit::Count),
            ]
        );
        let got = scoped("Trung tâm PVHCC phường Nha Trang: kết quả tháng 02/2026\nTiếp nhận: 3.486 HS.");
        assert_eq!((got[0].1, got[0].2.as_str()), (Scope::DistrictCommune, "Trung tâm PVHCC phường Nha Trang"));
        // "gồm:" opens a list; it names no field of work.
        let got = scoped("Trung tâm đã giải quyết 4.105 hồ sơ, gồm: 3.380 hồ sơ trước hạn, 711 hồ sơ đúng hạn.");
        assert!(got.iter().all(|g| g.2 == "Trung tâm"), "{got:?}");
    }

    #[test]
    fn a_count_restating_a_share_and_a_share_restating_a_count() {
        let got = figures("Hồ sơ nộp trực tuyến chiếm gần 70%, tức khoảng 32 nghìn hồ sơ.");
        assert_eq!(
            got,
            vec![(Metric::ReceivedOnline, 70.0, Unit::Percent), (Metric::ReceivedOnline, 32000.0, Unit::Count)]
        );
        let got = figures("Trung tâm phát ra 620 phiếu khảo sát, thu về 598 phiếu.");
        assert_eq!(
            got.iter().filter(|g| g.0 != Metric::Other).collect::<Vec<_>>(),
            vec![&(Metric::RatingsTotal, 598.0, Unit::Count)]
        );
        let got = figures("Qua 5.236 phiếu đánh giá tại quầy, 78,4% người dân rất hài lòng, 20,9% hài lòng.");
        assert_eq!(got[1], (Metric::RatingsVerySatisfied, 78.4, Unit::Percent));
        let got = figures("Số hồ sơ nộp trực tuyến đạt 151.870 hồ sơ, tương đương 80,98%.");
        assert_eq!(got[1], (Metric::ReceivedOnline, 80.98, Unit::Percent));
    }

    #[test]
    fn periods_as_of_a_day_so_far_this_year_and_after_a_comparison() {
        let d = |s: &str| Some(s.to_string());
        let got = dated("Kết quả năm 2017\nTính đến ngày 20/12/2017, Bộ phận một cửa huyện đã tiếp nhận 12.486 hồ sơ.");
        assert_eq!(got, vec![(Metric::ReceivedTotal, 12486.0, d("2017-01-01"), d("2017-12-20"))]);
        // "Now" is the publication's year, not the year compared with just before.
        let got = dated("Con số này cao hơn so với năm ngoái: năm 2021 cả năm Trung tâm chỉ tiếp nhận hơn 38.000 hồ sơ. Từ đầu năm đến nay đã có 5.600 hồ sơ được thanh toán trực tuyến.");
        assert_eq!(got[0], (Metric::ReceivedTotal, 38000.0, d("2021-01-01"), d("2021-12-31")));
        assert_eq!(got[1], (Metric::OnlinePayments, 5600.0, d("2022-01-01"), None));
        // A plans section's period is not the period of what follows.
        let got = dated(
            "Quý I năm 2022\nIII. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2022\n| Đơn vị | Tiếp nhận |\n| Tổng cộng | 1.545 |",
        );
        assert!(got.iter().all(|g| g.2 == d("2022-01-01") && g.3 == d("2022-03-31")), "{got:?}");
    }

    #[test]
    fn units_in_capitals_and_sources_before_subjects() {
        let got = scoped("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CẤP HUYỆN\nTiếp nhận 4.812 hồ sơ.");
        assert_eq!(got[0].1, Scope::DistrictCommune);
        let got = scoped("Theo Trung tâm Phục vụ hành chính công tỉnh, kết quả trên địa bàn toàn tỉnh như sau: tiếp nhận 38.604 hồ sơ.");
        assert_eq!(got[0].1, Scope::ProvinceAll);
        let got = scoped("Sở Xây dựng: Kết quả quý IV năm 2025\nTheo số liệu trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, Sở Xây dựng tiếp nhận 4.102 hồ sơ. Tháng 10 tiếp nhận 1.214 hồ sơ.");
        assert_eq!(got[1].1, Scope::Department, "{got:?}");
        let got = scoped("Theo Trung tâm Phục vụ hành chính công tỉnh, trong tháng đã tiếp nhận 5.000 hồ sơ.");
        assert_eq!(got[0].1, Scope::ProvincialCenter);
    }

    #[test]
    fn percentages_bind_to_their_count() {
        let got = figures("Trung tâm đã tiếp nhận 72.165 hồ sơ (tăng 4.519 hồ sơ so với năm 2022), trong đó: 57.549 hồ sơ trực tuyến (chiếm 79,75%, tăng 2,18% so với năm 2022).");
        assert_eq!(
            got,
            vec![
                (Metric::ReceivedTotal, 72165.0, Unit::Count),
                (Metric::ReceivedOnline, 57549.0, Unit::Count),
                (Metric::ReceivedOnline, 79.75, Unit::Percent),
            ]
        );
    }

    #[test]
    fn index_quotes() {
        let got = figures("Bắc Kạn đạt 75,35/100 điểm, xếp hạng 17/63 tỉnh, thành phố trong tháng 4/2024");
        assert_eq!(
            got,
            vec![
                (Metric::IndexTotalScore, 75.35, Unit::Points),
                (Metric::IndexRank, 17.0, Unit::Count),
                (Metric::IndexRankOf, 63.0, Unit::Count),
            ]
        );
        let words = figures("Phú Thọ có điểm số đạt 84,06 điểm, đứng thứ 6 trên 63 tỉnh, thành phố.");
        assert_eq!(
            words,
            vec![
                (Metric::IndexTotalScore, 84.06, Unit::Points),
                (Metric::IndexRank, 6.0, Unit::Count),
                (Metric::IndexRankOf, 63.0, Unit::Count),
            ]
        );
        // The provinces a rank is out of are not a national subject; a target is no figure.
        let got = scoped(
            "Tháng 9/2025 tỉnh đạt 82,14 điểm, xếp thứ 11/34 tỉnh, thành phố; sang tháng 10/2025 tỉnh đạt 84,6 điểm.",
        );
        assert!(got.iter().all(|g| g.1 == Scope::ProvinceAll), "{got:?}");
        assert!(figures("Tỉnh phấn đấu nhóm chỉ số số hóa đạt tối thiểu 15/22 điểm và xếp thứ 5/34.").is_empty());
        let par = figures("Chỉ số cải cách hành chính (PAR Index) xếp hạng 48/63.");
        assert!(par.iter().all(|(m, _, _)| *m == Metric::Other));
    }

    #[test]
    fn a_share_followed_by_its_own_words_is_not_the_count_before_it() {
        let got = figures("Trung tâm đã giải quyết 20.987 hồ sơ, 100% hồ sơ được giải quyết đúng hạn.");
        assert_eq!(
            got,
            vec![(Metric::Resolved, 20987.0, Unit::Count), (Metric::ResolvedEarlyOrOnTime, 100.0, Unit::Percent)]
        );
    }

    #[test]
    fn a_rate_at_a_level_is_not_a_service_level() {
        let got = figures("Tỷ lệ trễ hạn của huyện Yên Thế là 0,5%; riêng huyện Lục Ngạn vẫn ở mức 1,12%.");
        assert_eq!(got, vec![(Metric::ResolvedLate, 0.5, Unit::Percent), (Metric::ResolvedLate, 1.12, Unit::Percent)]);
    }

    #[test]
    fn distractors_are_not_figures() {
        assert!(figures("Thực hiện công khai kịp thời 100% thủ tục hành chính; có 12/18 đơn vị xếp loại xuất sắc theo Báo cáo số 23/BC-TTHCC.").is_empty());
        assert!(figures("Tỷ lệ hồ sơ xử lý đúng hạn đạt 100% tại 7 Sở, đơn vị gồm Tư pháp.").is_empty());
        assert!(figures("Tỷ lệ số hóa hồ sơ, kết quả giải quyết đạt 88,4%.").iter().all(|f| f.0 == Metric::Other));
        assert!(figures("Thành phố cung cấp 1.267 dịch vụ công, trong đó 1.004 dịch vụ ở mức độ 3, 4.")
            .iter()
            .all(|f| f.0 == Metric::Other));
        assert!(!figures("Tiếp nhận: 7.842 hồ sơ (Cơ sở 1 tại phường Minh Xuân: 5.106 hồ sơ).")
            .iter()
            .any(|f| f.1 == 1.0));
        assert!(!figures("Tiếp nhận: 7.842 hồ sơ (Cơ sở tại phường Hà Giang 1: 2.736 hồ sơ).")
            .iter()
            .any(|f| f.1 == 1.0));
        assert!(figures("Chậm nhiều nhất là xã Bố Trạch 09 hồ sơ.").iter().any(|f| f.1 == 9.0));
    }

    #[test]
    fn a_share_of_all_dossiers_counted_so_is_not_a_rate() {
        assert_eq!(
            figures("Phú Quốc trễ hạn 412 hồ sơ, chiếm hơn 37% số hồ sơ trễ hạn của cấp huyện."),
            [(Metric::ResolvedLate, 412.0, Unit::Count)]
        );
        // Of the dossiers received: the online share.
        assert_eq!(
            figures("Trung tâm tiếp nhận 6.000 hồ sơ trực tuyến, chiếm 60% tổng số hồ sơ tiếp nhận.")[1],
            (Metric::ReceivedOnline, 60.0, Unit::Percent)
        );
        assert_eq!(
            figures("Trung tâm tiếp nhận 52.600 hồ sơ, khoảng 78% là hồ sơ trực tuyến.")[1],
            (Metric::ReceivedOnline, 78.0, Unit::Percent)
        );
    }

    #[test]
    fn a_parenthesis_with_its_own_period_states_that_periods_figure() {
        let text = "Trong tháng 10/2022, Trung tâm tiếp nhận 12.615 hồ sơ, tăng 2.745 hồ sơ so với cùng kỳ năm 2021 (tháng 10/2021 Trung tâm tiếp nhận 9.870 hồ sơ). Số hồ sơ nộp qua mạng là 7.443 hồ sơ.";
        let found = scan(text, &[], 0, 0, Some(2022), Vec::new());
        let labels: Vec<(f64, &str)> =
            found.iter().filter(|f| f.metric != Metric::Other).map(|f| (f.value, f.period.label.as_str())).collect();
        assert_eq!(labels, [(12615.0, "tháng 10/2022"), (9870.0, "tháng 10/2021"), (7443.0, "tháng 10/2022")]);
    }

    #[test]
    fn a_fraction_of_the_resolved() {
        assert_eq!(
            figures("Trung tâm đã giải quyết đúng hạn 51.214/51.389 hồ sơ, đạt 99,66%."),
            [
                (Metric::Resolved, 51389.0, Unit::Count),
                (Metric::ResolvedOnTime, 51214.0, Unit::Count),
                (Metric::ResolvedOnTime, 99.66, Unit::Percent)
            ]
        );
    }

    #[test]
    fn new_and_postal_wordings() {
        assert_eq!(
            figures("Trung tâm đã nhận mới 6.371 hồ sơ; có 4.406 hồ sơ nộp qua Cổng dịch vụ công."),
            [(Metric::ReceivedNew, 6371.0, Unit::Count), (Metric::ReceivedOnline, 4406.0, Unit::Count)]
        );
        assert_eq!(
            figures("Qua dịch vụ bưu chính công ích, quận tiếp nhận 312 hồ sơ và trả 1.048 kết quả."),
            [(Metric::ReceivedPostal, 312.0, Unit::Count), (Metric::ResultsPostal, 1048.0, Unit::Count)]
        );
        assert_eq!(
            figures("Bộ phận một cửa đã hướng dẫn 2.615 lượt công dân."),
            [(Metric::GuidanceTotal, 2615.0, Unit::Count)]
        );
    }
}
