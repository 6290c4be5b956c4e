//! The Vietnamese wording of bulletins: which phrases name which metric, which name a
//! unit (the provincial centre, district and commune desks, a department), and which
//! nouns follow a count. Pure data plus the matchers built from it.
//!
//! Phrases are matched case-insensitively, leftmost first; at one position the phrase
//! listed first wins, so specific phrases come before the general ones they contain
//! ("tiếp nhận trực tuyến" before "tiếp nhận", "đúng và trước hạn" before "trước hạn").

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::number::unreachable_regex;
use crate::model::{Metric, Scope};

/// What a phrase says about the number it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// The number is this metric.
    Metric(Metric),
    /// "đúng hạn" alone: on time, or early-or-on-time when no early figure is reported
    /// separately (SCHEMA.md labelling rules).
    OnTimeBare,
    /// "tiếp nhận": received in total, or by post inside a postal paragraph.
    Received,
    /// "giải quyết", "trả kết quả": resolved, or results by post inside a postal paragraph.
    Resolved,
    /// A figure outside the metric vocabulary (kept as `other`, not ranked).
    Other,
    /// Words that look like a metric phrase but are not one ("mức độ hài lòng" as the
    /// name of a survey); they shadow the shorter phrase inside them.
    Nothing,
}

/// The metric phrases, most specific first.
const PHRASES: &[(&str, Hint)] = &[
    // Distractors and shadows first: they contain metric words.
    (
        r"hài lòng trong (?:xử lý|tiếp nhận|giải quyết)[^0-9;:.]*?(?:TTHC|thủ tục hành chính|phản ánh,? kiến nghị)",
        Hint::Other,
    ),
    (r"hài lòng (?:trong|về|đối với) (?:xử lý|việc)[^0-9;:.]{0,40}", Hint::Other),
    // The satisfaction index (SIPAS), not ratings of the desk.
    (r"chỉ số (?:đo lường )?(?:sự )?hài lòng[^0-9;:.]{0,60}|hài lòng về sự phục vụ[^0-9;:.]{0,60}", Hint::Other),
    // Two ratings together ("hài lòng và rất hài lòng") are neither.
    (r"(?:rất )?hài lòng(?: và|,) (?:rất )?hài lòng", Hint::Other),
    (r"(?:cập nhật,? )?công (?:bố|khai)(?: công khai)?,? (?:đúng|quá|trễ) hạn", Hint::Other),
    (r"đang (?:giải quyết|xử lý) (?:quá|trễ) hạn", Hint::Other),
    (r"chờ bổ sung|bổ sung hồ sơ|yêu cầu bổ sung", Hint::Other),
    // Page furniture: visits, look-ups, people online.
    (r"(?:lượt |số )?(?:truy cập|tra cứu)|đang (?:trực tuyến|online)", Hint::Other),
    (
        r"lượt hướng dẫn trực tiếp|(?:đã )?hướng dẫn trực tiếp|lượt gọi đi|gọi đi|trả lời cuộc gọi|cuộc gọi đến|qua điện thoại|qua zalo|qua tổng đài",
        Hint::Other,
    ),
    (r"trực tiếp và (?:qua )?bưu chính(?: công ích)?|trực tiếp,? bưu chính", Hint::Other),
    (r"(?:số hóa|số hoá)[^,;.:0-9]*(?:, kết quả[^,;.:0-9]*)?", Hint::Other),
    (r"tiếp nhận và (?:chuyển )?trả(?: kết quả)?", Hint::Other),
    (r"tiếp nhận(?:,| và) (?:giải quyết|xử lý)", Hint::Received),
    (r"(?:giải quyết|xử lý) (?:thủ tục hành chính|TTHC)", Hint::Nothing),
    (r"mức độ hài lòng|sự hài lòng|hài lòng của người dân", Hint::Nothing),
    // "chậm nhất ngày 20": a deadline.
    (r"chậm nhất", Hint::Nothing),
    (
        r"tổng số hồ sơ (?:yêu cầu )?(?:giải quyết|xử lý) trong kỳ|tổng số hồ sơ (?:phải|cần) giải quyết|(?:phải|cần) giải quyết(?: trong kỳ)?",
        Hint::Metric(Metric::InProcessTotal),
    ),
    (r"(?:lũy|luỹ) kế đã và đang giải quyết|đã và đang (?:giải quyết|xử lý)", Hint::Metric(Metric::InProcessTotal)),
    (
        r"quá hạn (?:giải quyết )?nhưng chưa có kết quả|đã trả kết quả nhưng chậm hạn",
        Hint::Metric(Metric::ResolvedLate),
    ),
    (
        r"(?:tồn|còn tồn) (?:từ )?kỳ trước chuyển (?:sang|qua)|kỳ trước chuyển (?:sang|qua)|tồn (?:từ )?kỳ trước|chuyển (?:từ )?kỳ trước(?: sang| qua)?",
        Hint::Metric(Metric::CarriedOver),
    ),
    (r"đến hạn (?:phải )?(?:giải quyết|trả kết quả|xử lý)|đến hạn", Hint::Metric(Metric::Due)),
    (
        r"(?:đúng|trước|sớm)(?: hạn| hẹn)?(?: và|,) ?(?:đúng|trước|sớm) (?:hạn|hẹn)|(?:đúng|trước) hạn và (?:đúng|trước) hạn|đúng và sớm hẹn|sớm và đúng hẹn",
        Hint::Metric(Metric::ResolvedEarlyOrOnTime),
    ),
    (r"trước hạn|sớm hạn|sớm hẹn|trước hẹn", Hint::Metric(Metric::ResolvedEarly)),
    (r"đúng (?:thời )?(?:hạn|hẹn)", Hint::OnTimeBare),
    (
        r"(?:quá|trễ|chậm) (?:hạn|hẹn)|chậm,? (?:quá|trễ) hạn|chậm trễ|giải quyết chậm|trễ hạn|hồ sơ chậm(?:[\s,.;:)]|$)|chậm\s",
        Hint::Metric(Metric::ResolvedLate),
    ),
    (
        r"trả lại hồ sơ|trả lại|rút hồ sơ|đề nghị rút|xin rút|hủy hồ sơ|huỷ hồ sơ",
        Hint::Metric(Metric::ReturnedOrWithdrawn),
    ),
    (
        r"trả (?:(?:kết quả|kq) )?qua (?:dịch vụ )?(?:bưu chính|bưu điện|bcci)(?: công ích)?|kết quả (?:được )?(?:trả|chuyển phát) qua (?:dịch vụ )?bưu chính(?: công ích)?",
        Hint::Metric(Metric::ResultsPostal),
    ),
    (
        r"(?:tiếp )?nhận (?:hồ sơ )?qua (?:dịch vụ )?(?:bưu chính|bưu điện)(?: công ích)?|qua (?:dịch vụ )?(?:bưu chính|bưu điện)(?: công ích)?|bưu chính công ích|bưu chính|(?:qua )?BCCI",
        Hint::Metric(Metric::ReceivedPostal),
    ),
    (
        r"thanh toán (?:phí,? )?(?:lệ phí )?(?:phí,? lệ phí )?trực tuyến|thanh toán (?:phí,? )?(?:lệ phí )?(?:điện tử|không dùng tiền mặt)|(?:thu|nộp) (?:phí,? lệ phí|phí|lệ phí) trực tuyến",
        Hint::Metric(Metric::OnlinePayments),
    ),
    (r"mức độ 3(?:,| và| hoặc) (?:mức độ )?4", Hint::Metric(Metric::ReceivedOnline)),
    (r"cung cấp (?:dịch vụ công )?trực tuyến|dịch vụ công trực tuyến (?:toàn trình|một phần)", Hint::Other),
    (r"mức độ 3|mức 3", Hint::Metric(Metric::OnlineLevel3)),
    (r"mức độ 4|mức 4", Hint::Metric(Metric::OnlineLevel4)),
    (r"(?:đã )?(?:tiếp nhận mới|nhận mới)|mới tiếp nhận", Hint::Metric(Metric::ReceivedNew)),
    (
        r"(?:tiếp nhận|nộp|hồ sơ|nhận) (?:qua )?(?:dịch vụ công )?trực tuyến|qua (?:cổng )?dịch vụ công trực tuyến|(?:nộp|gửi) qua cổng dịch vụ công|trực tuyến|qua mạng|dvctt",
        Hint::Metric(Metric::ReceivedOnline),
    ),
    (r"(?:tiếp nhận|nộp|nhận) (?:hồ sơ )?trực tiếp|trực tiếp", Hint::Metric(Metric::ReceivedDirect)),
    // "1.622 hồ sơ đang giải quyết trong hạn" with no overdue part is the pending count
    // (labelled so, as "đang giải quyết 3.098 hồ sơ trong hạn và 01 hồ sơ quá hạn" is); a
    // second pending figure that splits the first is set aside in the scan.
    (
        r"đang (?:trong quá trình )?(?:giải quyết|xử lý|thụ lý|gq)(?: (?:còn )?(?:trong|đúng) hạn)?|chưa đến hạn|đang trong (?:thời )?hạn|chưa (?:xử lý|giải quyết)|(?:còn )?tồn chuyển (?:sang|qua) (?:tháng|kỳ|quý|năm)",
        Hint::Metric(Metric::Pending),
    ),
    (
        r"lượt (?:người dân|công dân|người|tổ chức,? cá nhân|người dân,? doanh nghiệp) (?:tham gia )?đánh giá|lượt đánh giá|phiếu đánh giá|ý kiến đánh giá|(?:phiếu )?thu về",
        Hint::Metric(Metric::RatingsTotal),
    ),
    (r"rất hài lòng", Hint::Metric(Metric::RatingsVerySatisfied)),
    (r"không hài lòng|chưa hài lòng", Hint::Metric(Metric::RatingsDissatisfied)),
    (r"bình thường", Hint::Metric(Metric::RatingsNeutral)),
    (r"hài lòng", Hint::Metric(Metric::RatingsSatisfied)),
    (
        r"hướng dẫn,? hỗ trợ|hỗ trợ,? hướng dẫn|tư vấn,? hướng dẫn|lượt hướng dẫn|đã hỗ trợ|đã hướng dẫn",
        Hint::Metric(Metric::GuidanceTotal),
    ),
    // "Các phường có lượng hồ sơ lớn nhất là …": the dossiers they received.
    (
        r"tổng số (?:lượng )?hồ sơ (?:đã )?(?:tiếp nhận|nhận)|tiếp nhận|đã nhận|nhận được|(?:số )?lượng hồ sơ",
        Hint::Received,
    ),
    (r"(?:đã )?(?:giải quyết|xử lý|gq)(?: và trả kết quả| xong)?|trả kết quả|hoàn thành|đã có kết quả", Hint::Resolved),
    // "đã trả 4.328 kết quả" counts results handed over, not dossiers resolved.
    (r"trả(?:\s|$)", Hint::Other),
];

/// One metric phrase found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Byte offset.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// What it says.
    pub hint: Hint,
}

/// Patterns tried in order at each position, as one search: a multi-pattern regex
/// reports the leftmost match and which pattern made it (the lowest index wins at a
/// position, as in an alternation), without capture groups, so it runs on the fast
/// engines in one pass.
#[derive(Debug)]
pub(crate) struct Alternatives<T> {
    all: regex_automata::meta::Regex,
    tags: Vec<T>,
}

impl<T: Copy> Alternatives<T> {
    /// `flags` go before every pattern (`(?i)`, `(?x)`).
    pub(crate) fn new(flags: &str, items: &[(String, T)]) -> Alternatives<T> {
        let patterns: Vec<String> = items.iter().map(|(p, _)| format!("{flags}(?:{p})")).collect();
        let config = regex_automata::meta::Config::new()
            .nfa_size_limit(Some(64 << 20))
            .hybrid_cache_capacity(64 << 20)
            .dfa_size_limit(Some(64 << 20));
        let all = regex_automata::meta::Regex::builder()
            .configure(config)
            .build_many(&patterns)
            .unwrap_or_else(|_| unreachable_many());
        Alternatives { all, tags: items.iter().map(|(_, t)| *t).collect() }
    }

    /// The match that starts where `text` starts, if any: (end, tag). Anchored, so the
    /// engine needs no reverse pass to find where it began.
    pub(crate) fn at_start(&self, text: &str) -> Option<(usize, T)> {
        let input = regex_automata::Input::new(text).anchored(regex_automata::Anchored::Yes);
        self.all.search(&input).map(|m| (m.end(), self.tags[m.pattern().as_usize()]))
    }

    /// Every match, left to right, not overlapping: (start, end, tag).
    pub(crate) fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, T)> + 'a {
        self.all.find_iter(text).map(|m| (m.start(), m.end(), self.tags[m.pattern().as_usize()]))
    }
}

#[allow(clippy::panic)]
fn unreachable_many() -> regex_automata::meta::Regex {
    panic!("built-in multi-pattern regex failed to compile")
}

/// A regex with room for its lazy DFA: the lexicon's alternations are large, and a small
/// cache is rebuilt over and over.
pub(crate) fn big_regex(pattern: &str) -> Regex {
    regex::RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .unwrap_or_else(|_| unreachable_regex())
}

fn phrase_matcher() -> &'static Alternatives<Hint> {
    static RE: OnceLock<Alternatives<Hint>> = OnceLock::new();
    // Matched against lower-cased text: case-insensitive Unicode matching makes the
    // automaton many times larger and slower.
    RE.get_or_init(|| Alternatives::new("", &PHRASES.iter().map(|(p, h)| (p.to_lowercase(), *h)).collect::<Vec<_>>()))
}

/// `text` in lower case, letter for letter at the same byte offsets (a letter whose lower
/// case is longer or shorter, rare in Vietnamese, is kept as it is).
pub(crate) fn lower_in_place(text: &str) -> String {
    // ASCII in bulk, then the few capitals beyond ASCII rewritten where they stand: a
    // letter's lower case has the same length, so the offsets hold.
    let mut out = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(skip) = text.as_bytes().get(at..).and_then(|rest| rest.iter().position(|b| !b.is_ascii())) {
        at += skip;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { break };
        let lower = lower_letter(c);
        if lower != c {
            out.replace_range(at..at + c.len_utf8(), lower.encode_utf8(&mut [0; 4]));
        }
        at += c.len_utf8();
    }
    out
}

/// `c` in lower case where that keeps its length in UTF-8, else `c`.
fn lower_letter(c: char) -> char {
    // Vietnamese letters without the Unicode case tables: ASCII, Latin-1, the precomposed
    // letters with tone marks (capital on even code points) and ă đ ĩ ũ ơ ư.
    match u32::from(c) {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
        0..=0xBF | 0xD7 | 0xDF..=0xFF | 0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => c,
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 | 0x1AF => char::from_u32(u32::from(c) + 1).unwrap_or(c),
        v @ 0x1EA0..=0x1EF9 => char::from_u32(v | 1).unwrap_or(c),
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        }
    }
}

/// Every metric phrase in `text`, left to right, not overlapping.
#[must_use]
pub fn phrases(text: &str) -> Vec<PhraseMatch> {
    phrases_in_lower(&lower_in_place(text))
}

/// [`phrases`] of text already lower-cased by [`lower_in_place`].
pub(crate) fn phrases_in_lower(lower: &str) -> Vec<PhraseMatch> {
    phrase_matcher()
        .find_iter(lower)
        .map(|(start, end, hint)| {
            // A pattern that ends on a word-end guard ("hồ sơ chậm[,\s]") matches the guard
            // too; the phrase is the words, so "08 hồ sơ chậm, quá hạn" keeps its phrase
            // inside the clause that ends at the comma.
            let words = lower[start..end].trim_end_matches(|c: char| c.is_whitespace() || ",.;:)".contains(c));
            let end = if words.is_empty() { end } else { start + words.len() };
            PhraseMatch { start, end, hint }
        })
        .collect()
}

/// A unit named in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMention {
    /// Byte offset.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The scope it belongs to.
    pub scope: Scope,
    /// The name as written (with "Sở" added to a bare department name).
    pub name: String,
    /// Whether it stays the context for the sentences after it: collective units do
    /// ("Trung tâm", "BPMC cấp huyện, cấp xã"); one named district or department does not.
    pub persists: bool,
}

/// Standard provincial department names, as written after "Sở".
const DEPARTMENTS: &[&str] = &[
    "Tư pháp",
    "Tài chính",
    "Kế hoạch và Đầu tư",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Giao thông vận tải",
    "Giao thông Vận tải",
    "Xây dựng",
    "Công thương",
    "Công Thương",
    "Y tế",
    "Giáo dục và Đào tạo",
    "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa - Thể thao và Du lịch",
    "Văn hoá, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Thông tin và Truyền thông",
    "Khoa học và Công nghệ",
    "Nội vụ",
    "Ngoại vụ",
    "Dân tộc và Tôn giáo",
];

/// Other provincial agencies that count as departments.
const AGENCIES: &str = r"Bảo hiểm xã hội(?: tỉnh)?|Công an tỉnh|Cục Thuế(?: tỉnh)?|Thanh tra tỉnh|Ban Quản lý (?:các )?[Kk]hu (?:công nghiệp|kinh tế)|Văn phòng (?:UBND|Ủy ban nhân dân) tỉnh|Ban Dân tộc(?: tỉnh)?";

/// The kinds of unit name the text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    CommuneCentre,
    Centre,
    Desk,
    District,
    Department,
    BareDepartment,
    Province,
    National,
}

impl UnitKind {
    /// The scope a unit of this kind belongs to.
    fn scope(self) -> Scope {
        match self {
            UnitKind::CommuneCentre | UnitKind::Desk | UnitKind::District => Scope::DistrictCommune,
            UnitKind::Centre => Scope::ProvincialCenter,
            UnitKind::Department | UnitKind::BareDepartment => Scope::Department,
            UnitKind::Province => Scope::ProvinceAll,
            UnitKind::National => Scope::Other,
        }
    }
}

fn unit_matcher() -> &'static Alternatives<UnitKind> {
    static RE: OnceLock<Alternatives<UnitKind>> = OnceLock::new();
    RE.get_or_init(|| {
        // The patterns are written in verbose mode, where a space must be escaped.
        let depts = DEPARTMENTS.iter().map(|d| regex::escape(d).replace(' ', r"\ ")).collect::<Vec<_>>().join("|");
        let agencies = AGENCIES.replace(' ', r"\ ");
        // Place names are written in Latin letters with Vietnamese marks: a class of those
        // (Latin-1, Latin Extended, Latin Extended Additional) instead of every letter of
        // every script keeps the automaton small enough for its cache.
        let letter = "[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ]";
        let capital = "[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]";
        let place = format!(r"{capital}{letter}*(?:\ {capital}{letter}*)*");
        // The centre's names: "Trung tâm Phục vụ hành chính công", "Trung tâm Hành chính
        // công", "Trung tâm Giải quyết thủ tục hành chính" (capital: "Trung tâm giải quyết"
        // is the centre resolving).
        let centre = r"(?:Trung\ tâm\ (?:[Pp]hục\ vụ\ )?(?:[Hh]ành\ chính\ công|Giải\ quyết\ (?:thủ\ tục\ hành\ chính|TTHC)|[Dd]ịch\ vụ\ hành\ chính\ công)|(?:Trung\ tâm\ |TT\ ?)PVHCC)";
        let items = vec![
            // "… cấp xã", "… xã Tân Lập", "… của 78 xã, phường, đặc khu".
            (format!(r"{centre}\ (?:của\ )?(?:các\ |[0-9]+\ )?(?:cấp\ )?(?:phường|xã|đặc\ khu|huyện|quận|thị\ xã|thị\ trấn)(?:,\ (?:phường|xã|đặc\ khu|thị\ trấn))*(?:\ {place})?"), UnitKind::CommuneCentre),
            (format!(r"{centre}(?:\ cấp\ tỉnh|\ (?:tỉnh|thành\ phố)(?:\ {place})?)?
              | Trung\ tâm(?:\ [Pp]hục\ vụ)?\ [Hh]ành\ chính\ công | Trung\ tâm(?:\ (?:tỉnh|đã|tiếp|giải|thực|trả|có))?"), UnitKind::Centre),
            // The desks of every level together are the whole province's.
            (r"Bộ\ phận\ (?:[Tt]iếp\ nhận\ và\ [Tt]rả\ kết\ quả|[Mm]ột\ cửa)\ các\ cấp(?:\ trên\ địa\ bàn\ tỉnh)?".to_string(), UnitKind::Province),
            (format!(r"Bộ\ phận\ (?:[Tt]iếp\ nhận\ và\ [Tt]rả\ kết\ quả|[Mm]ột\ cửa)(?:\ \(BPMC\))?(?:\ (?:các\ )?cấp\ huyện(?:(?:,|\ và)\ cấp\ xã)?|\ cấp\ xã
                  |\ (?:huyện|thị\ xã|thành\ phố|quận)\ {place}|\ (?:của\ |tại\ )?(?:các\ |[0-9]+\ )?(?:xã|phường|thị\ trấn)(?:,\ (?:xã|phường|thị\ trấn))*)?
              | BPMC(?:\ (?:các\ )?cấp\ huyện(?:(?:,|\ và)\ cấp\ xã)?|\ cấp\ xã)?
              | (?:UBND|Ủy\ ban\ nhân\ dân)\ (?:huyện|xã|phường|thị\ xã|thị\ trấn|quận|thành\ phố)\ {place}
              | (?:[Cc]ấp|UBND|Ủy\ ban\ nhân\ dân)\ (?:các\ )?(?:huyện|xã)(?:,\ (?:cấp\ )?(?:xã|thành\ phố|thị\ xã|phường|thị\ trấn))*
              | [Cc]ác\ (?:huyện|xã|phường)(?:,\ (?:thị\ xã|thành\ phố|xã|phường|thị\ trấn))*
              | [Cc]ấp\ huyện | [Cc]ấp\ xã"), UnitKind::Desk),
            (format!(r"(?:[Hh]uyện|[Tt]hị\ xã|[Qq]uận|[Xx]ã|[Pp]hường|[Tt]hị\ trấn|[Tt]hành\ phố|[Đđ]ặc\ khu)\ {place}"), UnitKind::District),
            // "Cấp tỉnh: …", "(trong đó: cấp tỉnh 5.432 hồ sơ": the departments' figures;
            // see `unit_mentions` for "cấp tỉnh" qualifying a noun.
            (format!(r"Sở\ (?:{depts}) | (?:{agencies}) | [Cc]ác\ [Ss]ở,\ (?:ban,\ )?ngành(?:\ cấp\ tỉnh)? | [Cc]ác\ [Ss]ở(?:\ ngành)? | [Cc]ấp\ tỉnh"), UnitKind::Department),
            (format!(r"(?:{depts})"), UnitKind::BareDepartment),
            (format!(r"[Tt]oàn\ tỉnh | trên\ địa\ bàn\ (?:toàn\ )?(?:tỉnh|thành\ phố) | [Tt]oàn\ [Tt]hành\ phố
              | Hệ\ thống\ thông\ tin\ giải\ quyết\ (?:TTHC|thủ\ tục\ hành\ chính)(?:\ của\ tỉnh(?:\ {place})?)?"), UnitKind::Province),
            (r"[Cc]ả\ nước | [Tt]oàn\ quốc | (?:các\ )?(?:63|34)\ tỉnh,\ thành(?:\ phố)?".to_string(), UnitKind::National),
        ];
        Alternatives::new("(?x)", &items)
    })
}

/// Units named in `text`, left to right.
#[must_use]
pub fn units(text: &str) -> Vec<UnitMention> {
    let mut out: Vec<UnitMention> = Vec::new();
    for u in unit_mentions(text) {
        // "Bộ phận một cửa cấp huyện và cấp xã trên địa bàn tỉnh": where the unit before is,
        // not another unit.
        let qualifies_previous = u.scope == Scope::ProvinceAll
            && u.name.starts_with("trên địa bàn")
            && out.last().is_some_and(|p| text[p.end..u.start].trim().is_empty());
        // "Bộ phận một cửa của các sở, ngành tại Trung tâm Hành chính thành phố": where the
        // departments' desks sit, not another unit.
        let seats_previous = u.scope == Scope::ProvincialCenter
            && out.last().is_some_and(|p| p.scope == Scope::Department && text[p.end..u.start].trim() == "tại");
        // "Trung tâm Phục vụ hành chính công tỉnh và Bộ phận một cửa cấp huyện, cấp xã": every
        // level together, the whole province's.
        if u.scope == Scope::DistrictCommune && u.persists {
            if let Some(p) =
                out.last_mut().filter(|p| p.scope == Scope::ProvincialCenter && joins(&text[p.end..u.start]))
            {
                p.name = text[p.start..u.end].to_string();
                (p.end, p.scope) = (u.end, Scope::ProvinceAll);
                continue;
            }
        }
        if !qualifies_previous && !seats_previous {
            out.push(u);
        }
    }
    out
}

/// " và ", " và 94 ", " và các ": the words joining two units into one subject.
fn joins(between: &str) -> bool {
    between.trim().strip_prefix("và").is_some_and(|rest| {
        let rest = rest.trim();
        rest.is_empty() || rest == "các" || rest.bytes().all(|b| b.is_ascii_digit())
    })
}

/// [`units`], one at a time (a table row needs only the first).
pub(crate) fn unit_mentions(text: &str) -> impl Iterator<Item = UnitMention> + '_ {
    unit_matcher()
        .find_iter(text)
        // "15 cơ quan, đơn vị cấp tỉnh phát sinh hồ sơ": lower case after a noun, the level
        // qualifies it inside another unit's report; at a clause's start ("Phân theo cấp,
        // cấp tỉnh tiếp nhận …", "(trong đó: cấp tỉnh 5.432 hồ sơ") it is the departments.
        .filter(|&(start, end, kind)| {
            let name = &text[start..end];
            let heads_a_figure = || {
                let before = text[..start].trim_end();
                before.is_empty()
                    || before.ends_with([',', ';', ':', '(', '-', '–'])
                    || [" ở", " tại", " với", " đó", " còn", " và"].iter().any(|w| before.ends_with(w))
            };
            // A city that is a province ("Thành phố Hồ Chí Minh", "UBND thành phố Hải Phòng")
            // is not one of its districts ("thành phố Bắc Giang" is, in the province of the
            // same name).
            let province_city = matches!(kind, UnitKind::District | UnitKind::Desk)
                && ["thành phố ", "Thành phố ", "UBND thành phố ", "Ủy ban nhân dân thành phố "].iter().any(|p| {
                    name.strip_prefix(p).is_some_and(|n| {
                        let registry = crate::province::Registry::builtin();
                        registry.resolve(n).is_ok_and(|codes| {
                            codes.iter().any(|c| registry.get(*c).is_some_and(|p| p.kind == "Thành phố"))
                        })
                    })
                });
            // "trên địa bàn thành phố Bắc Giang": where a district city is, not the province.
            let city_named = name.starts_with("trên địa bàn")
                && name.ends_with("thành phố")
                && text[end..].starts_with(' ')
                && text[end + 1..].chars().next().is_some_and(char::is_uppercase);
            (!name.starts_with("cấp tỉnh") || heads_a_figure()) && !province_city && !city_named
        })
        .map(|(start, end, kind)| {
            let name = &text[start..end];
            let (persists, name) = match kind {
                UnitKind::Centre => {
                    // "Trung tâm đã …": the verb is not part of the name.
                    let trimmed = ["đã", "tiếp", "giải", "thực", "trả", "có"]
                        .iter()
                        .find_map(|v| name.strip_suffix(v).and_then(|n| n.strip_suffix(' ')))
                        .unwrap_or(name);
                    (true, trimmed.to_string())
                }
                UnitKind::Desk | UnitKind::Province => (true, name.to_string()),
                // The departments together ("các sở, ngành", "cấp tỉnh") stay the context; one does not.
                UnitKind::Department => {
                    (["các", "Các", "cấp", "Cấp"].iter().any(|p| name.starts_with(p)), name.to_string())
                }
                UnitKind::BareDepartment => (false, format!("Sở {name}")),
                // The communes' centres together ("… cấp xã", "… của 78 xã, phường") stay the
                // context, as the desks do; one commune's does not.
                UnitKind::CommuneCentre => {
                    let together = [" cấp ", " các ", ", "].iter().any(|w| name.contains(w))
                        || name.bytes().any(|b| b.is_ascii_digit());
                    (together, name.to_string())
                }
                UnitKind::District | UnitKind::National => (false, name.to_string()),
            };
            UnitMention { start, end, scope: kind.scope(), name, persists }
        })
}

/// The scope of the first unit named in `text` (a table row's label).
pub(crate) fn first_unit_scope(text: &str) -> Option<Scope> {
    // Row labels mostly start with their unit's name: tried anchored first, which needs
    // no reverse pass to find where the match began.
    let matcher = unit_matcher();
    let kind = matcher.at_start(text).map(|(_, k)| k).or_else(|| matcher.find_iter(text).next().map(|m| m.2));
    kind.map(UnitKind::scope)
}

/// What follows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// "hồ sơ", "hồ sơ TTHC".
    Dossier,
    /// "kết quả".
    Result,
    /// "lượt" (ratings, people helped).
    Turn,
    /// "điểm".
    Points,
    /// "giao dịch" (payments).
    Transaction,
    /// A count of something that is not a figure: procedures, units, people, money.
    NotAFigure,
    /// Nothing recognised.
    None,
}

/// The words that can follow a count, tried in this order (the first that fits wins, as
/// in an alternation); `true` where the word must end there ("sở" but not "sởi").
#[rustfmt::skip]
const NOUNS: &[(&str, bool, Noun)] = {
    use Noun::{Dossier as D, NotAFigure as N, Points as P, Result as R, Transaction as X, Turn as T};
    &[
        ("hồ sơ", false, D), ("bộ hồ sơ", false, D), ("hs", true, D),
        ("kết quả", false, R),
        ("lượt", false, T), ("ý kiến", false, T), ("phiếu", false, T),
        ("điểm", false, P),
        ("giao dịch", false, X),
        ("thủ tục", false, N), ("tthc", false, N), ("dịch vụ công", false, N), ("dịch vụ", false, N), ("dvc", false, N), ("đơn vị", false, N),
        ("cơ quan", false, N), ("sở", true, N), ("ban", true, N), ("ngành", false, N), ("huyện", false, N),
        ("xã", true, N), ("phường", false, N), ("thị trấn", false, N), ("thị xã", false, N), ("địa phương", false, N),
        ("tỉnh", false, N), ("thành phố", false, N), ("người", false, N), ("cán bộ", false, N), ("công chức", false, N),
        ("viên chức", false, N), ("cb", true, N), ("cbcc", true, N), ("nhân viên", false, N), ("chuyên viên", false, N), ("nhân sự", false, N),
        ("lao động", false, N), ("thành viên", false, N), ("máy tính", false, N), ("quầy", false, N), ("máy", false, N),
        ("kiosk", false, N), ("lĩnh vực", false, N), ("văn bản", false, N), ("doanh nghiệp", false, N),
        ("tài khoản", false, N), ("cuộc gọi", false, N), ("tin nhắn", false, N), ("phản ánh", false, N),
        ("kiến nghị", false, N), ("bậc", false, N), ("lần", true, N), ("ngày", false, N), ("tháng", false, N),
        ("năm", true, N), ("giờ", false, N), ("phút", false, N), ("trang", false, N), ("chỉ tiêu", false, N),
        ("nhiệm vụ", false, N), ("mã", true, N), ("hộ", true, N), ("km", false, N), ("m2", false, N), ("ha", true, N),
        ("tấn", false, N), ("đồng", false, N), ("triệu đồng", false, N), ("tỷ đồng", false, N), ("usd", false, N),
        ("nhóm", false, N), ("tiêu chí", false, N), ("chỉ số", false, N), ("câu", false, N), ("bài", false, N),
        ("tin", true, N), ("camera", false, N), ("thiết bị", false, N), ("điểm cầu", false, N), ("tổ", true, N),
        ("đoàn", false, N), ("xe", false, N), ("suất", false, N), ("khóa", false, N), ("lớp", false, N),
        ("người dân", false, N), ("trường", false, N), ("bệnh", false, N),
    ]
};

/// The noun right after a number, and where it ends; `lower` is the lower-cased text after
/// the number ([`lower_in_place`]).
#[must_use]
pub fn noun_after(lower: &str) -> (Noun, usize) {
    // Called for every number: a table of words is much cheaper than a case-insensitive
    // regex with Unicode word ends.
    let rest = lower.trim_start();
    let lead = lower.len() - rest.len();
    NOUNS
        .iter()
        .find(|(word, whole, _)| rest.starts_with(word) && (!whole || word_ends_at(rest, word.len())))
        .map_or((Noun::None, 0), |(word, _, noun)| (*noun, lead + word.len()))
}

/// Whether no letter, digit or `_` follows byte `at` of `text` (a regex's `\b` after a
/// word, without making the regex run on its slow engines).
pub(crate) fn word_ends_at(text: &str, at: usize) -> bool {
    !text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether a metric can be counted in this noun ("9.315 lượt đánh giá" is not 9.315
/// dossiers received).
#[must_use]
pub fn noun_fits(metric: Metric, noun: Noun) -> bool {
    use Metric as M;
    match noun {
        Noun::None => true,
        Noun::NotAFigure => false,
        Noun::Dossier => !matches!(
            metric,
            M::RatingsTotal
                | M::RatingsVerySatisfied
                | M::RatingsSatisfied
                | M::RatingsNeutral
                | M::RatingsDissatisfied
                | M::GuidanceTotal
        ),
        Noun::Result => matches!(metric, M::Resolved | M::ResultsPostal | M::Other),
        Noun::Turn => matches!(
            metric,
            M::RatingsTotal
                | M::RatingsVerySatisfied
                | M::RatingsSatisfied
                | M::RatingsNeutral
                | M::RatingsDissatisfied
                | M::GuidanceTotal
                | M::Other
        ),
        Noun::Points => matches!(metric, M::IndexTotalScore | M::IndexGroupScore),
        Noun::Transaction => matches!(metric, M::OnlinePayments | M::Other),
    }
}

/// Words that tie a percentage to the count before it: "(chiếm 79,75%)", "đạt 99,71%".
#[must_use]
pub fn only_binding_words(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^[\s(,:;\-–]*(?:(?:chiếm|đạt|tỷ lệ|tỉ lệ|bằng|tương ứng(?: với)?|tương đương(?: với)?|tức(?: là)?|với|là|khoảng|gần|hơn|trên|trong đó|đạt tỷ lệ|đạt tỉ lệ|các loại)[\s(:,]*)*$")
            .unwrap_or_else(|_| unreachable_regex())
    });
    re.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_hint(text: &str) -> Option<Hint> {
        phrases(text).last().map(|m| m.hint)
    }

    #[test]
    fn specific_phrases_win() {
        assert_eq!(
            first_hint("Đã có kết quả trả trước và đúng hạn là"),
            Some(Hint::Metric(Metric::ResolvedEarlyOrOnTime))
        );
        assert_eq!(first_hint("Đến hạn giải quyết là"), Some(Hint::Metric(Metric::Due)));
        assert_eq!(first_hint("tiếp nhận trực tuyến"), Some(Hint::Metric(Metric::ReceivedOnline)));
        assert_eq!(first_hint("trả đúng và sớm hẹn:"), Some(Hint::Metric(Metric::ResolvedEarlyOrOnTime)));
        assert_eq!(
            first_hint("tỷ lệ giao dịch thanh toán trực tuyến đã đạt"),
            Some(Hint::Metric(Metric::OnlinePayments))
        );
        assert_eq!(first_hint("Trả qua dịch vụ Bưu chính công ích"), Some(Hint::Metric(Metric::ResultsPostal)));
        assert_eq!(first_hint("Trả KQ qua BCCI"), Some(Hint::Metric(Metric::ResultsPostal)));
        assert_eq!(first_hint("tỷ lệ hài lòng trong xử lý tiếp nhận, giải quyết TTHC đạt"), Some(Hint::Other));
        assert_eq!(first_hint("tỷ lệ TTHC công bố đúng hạn đạt"), Some(Hint::Other));
        assert_eq!(first_hint("Rất hài lòng"), Some(Hint::Metric(Metric::RatingsVerySatisfied)));
    }

    #[test]
    fn units_and_scopes() {
        let found =
            units("Trung tâm Phục vụ hành chính công tỉnh và BPMC cấp huyện, cấp xã; Sở Tư pháp; huyện Lập Thạch");
        let scopes: Vec<Scope> = found.iter().map(|u| u.scope).collect();
        assert_eq!(scopes, vec![Scope::ProvinceAll, Scope::Department, Scope::DistrictCommune]);
        assert_eq!(found[0].name, "Trung tâm Phục vụ hành chính công tỉnh và BPMC cấp huyện, cấp xã");
        let all =
            units("Trung tâm Phục vụ hành chính công thành phố và 94 Trung tâm phục vụ hành chính công xã, phường");
        assert_eq!(all.iter().map(|u| u.scope).collect::<Vec<_>>(), [Scope::ProvinceAll]);
        assert_eq!(found[2].name, "huyện Lập Thạch");
        let bare = units("Giao thông Vận tải: 2.588 hồ sơ");
        assert_eq!(bare[0].name, "Sở Giao thông Vận tải");
        let commune = units("Trung tâm Phục vụ hành chính công phường Đức Xuân");
        assert_eq!(commune[0].scope, Scope::DistrictCommune);
        let communes = units("Trung tâm phục vụ hành chính công của 78 xã, phường, đặc khu tiếp nhận 12.346 hồ sơ");
        assert_eq!(communes[0].name, "Trung tâm phục vụ hành chính công của 78 xã, phường, đặc khu");
        assert_eq!(communes[0].scope, Scope::DistrictCommune);
        let seated = units("Bộ phận một cửa của các sở, ngành tại Trung tâm Hành chính thành phố tiếp nhận");
        assert_eq!(seated.last().map(|u| u.scope), Some(Scope::Department));
    }

    #[test]
    fn vietnamese_letters_lower_as_the_unicode_tables_say() {
        let letters = (0x41..=0x24F).chain(0x1EA0..=0x1EF9).filter_map(char::from_u32);
        for c in letters {
            let mut std = c.to_lowercase();
            let want = match (std.next(), std.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            };
            assert_eq!(lower_letter(c), want, "{c}");
        }
        let mixed = "TRUNG TÂM Phục Vụ ĐÀ NẴNG: 1.234 HỒ SƠ, ƯU TIÊN ẞ İ ǅ";
        assert_eq!(lower_in_place(mixed), mixed.chars().map(lower_letter).collect::<String>());
        assert_eq!(lower_in_place(mixed).len(), mixed.len());
    }

    #[test]
    fn nouns() {
        assert_eq!(noun_after(" hồ sơ trực tuyến").0, Noun::Dossier);
        assert_eq!(noun_after(" tthc").0, Noun::NotAFigure);
        assert_eq!(noun_after(" sởi").0, Noun::None);
        assert_eq!(noun_after(" lượt đánh giá").0, Noun::Turn);
        assert!(!noun_fits(Metric::ReceivedTotal, Noun::Turn));
        assert!(only_binding_words(" (chiếm "));
        assert!(only_binding_words(" (đạt tỷ lệ "));
        assert!(!only_binding_words(", tăng "));
    }
}
