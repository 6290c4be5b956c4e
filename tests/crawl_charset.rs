//! Pages in the encodings and states Vietnamese portals serve them in, crawled end to
//! end from a local server: windows-1258 declared in the header, windows-1258 labelled
//! UTF-8, windows-1258 declared only in `<meta charset>`, UTF-8 declared only in
//! `<meta http-equiv>`, a body cut off after its figures, one cut off before them (and
//! in the middle of a character), malformed HTML, and bytes that are no page at all.
//! Every page is read without a panic, and the figures are right wherever their
//! sentence survived.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/site.rs"]
mod site;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use dvcrank::clock::{Clock, FixedClock};
use dvcrank::extract::charset::decode;
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::model::Metric;
use dvcrank::pipeline::{CrawlOptions, Crawler};
use dvcrank::source::compile;
use dvcrank::store::{ObservationFilter, Store};
use site::{bulletin_text, figures, listing_page, selectors_toml, Page, Site};
use unicode_normalization::UnicodeNormalization as _;

/// Encodes Vietnamese text in windows-1258 the way legacy portals do: the base letter
/// (with its circumflex, breve or horn, which have their own bytes) followed by a
/// combining tone mark byte.
fn cp1258(text: &str) -> Vec<u8> {
    let chars: Vec<char> = text.nfd().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let base = chars[i];
        i += 1;
        let mut marks = Vec::new();
        while i < chars.len() && ('\u{300}'..='\u{36F}').contains(&chars[i]) {
            marks.push(chars[i]);
            i += 1;
        }
        let shape = marks.iter().copied().find(|m| matches!(m, '\u{302}' | '\u{306}' | '\u{31B}'));
        out.push(match (base, shape) {
            ('a', Some('\u{302}')) => 0xE2,
            ('A', Some('\u{302}')) => 0xC2,
            ('e', Some('\u{302}')) => 0xEA,
            ('E', Some('\u{302}')) => 0xCA,
            ('o', Some('\u{302}')) => 0xF4,
            ('O', Some('\u{302}')) => 0xD4,
            ('a', Some('\u{306}')) => 0xE3,
            ('A', Some('\u{306}')) => 0xC3,
            ('o', Some('\u{31B}')) => 0xF5,
            ('O', Some('\u{31B}')) => 0xD5,
            ('u', Some('\u{31B}')) => 0xFD,
            ('U', Some('\u{31B}')) => 0xDD,
            ('đ', None) => 0xF0,
            ('Đ', None) => 0xD0,
            (c, None) if c.is_ascii() => c as u8,
            other => panic!("not encodable in this helper: {other:?}"),
        });
        for m in marks {
            match m {
                '\u{300}' => out.push(0xCC),
                '\u{301}' => out.push(0xEC),
                '\u{303}' => out.push(0xDE),
                '\u{309}' => out.push(0xD2),
                '\u{323}' => out.push(0xF2),
                '\u{302}' | '\u{306}' | '\u{31B}' => {}
                other => panic!("not encodable in this helper: {other:?}"),
            }
        }
    }
    out
}

/// A bulletin page for bulletin `i`, with `head` inside `<head>`.
fn page_text(i: usize, head: &str) -> String {
    let (_, _, month, year) = figures(i);
    format!(
        "<!DOCTYPE html><html><head>{head}<title>Bản tin</title></head><body>\
         <h1 class=\"title\">Kết quả giải quyết hồ sơ tháng {month}/{year}</h1>\
         <div class=\"date\">05/{month:02}/{year}</div>\
         <div class=\"content\"><p>{}</p><p>Các đơn vị tiếp tục đẩy mạnh cải cách hành chính.</p></div>\
         </body></html>",
        bulletin_text(i)
    )
}

fn raw(content_type: &str, body: Vec<u8>) -> Page {
    Page { content_type: content_type.into(), body }
}

#[test]
fn the_windows_1258_helper_round_trips() {
    let text = bulletin_text(7);
    let d = decode(&cp1258(&text), Some("text/html; charset=windows-1258"));
    assert_eq!(d.text, text.nfc().collect::<String>());
    assert!(!d.had_errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_read_and_figures_are_right_where_the_text_survives() {
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    let mut bulletin = |i: usize, page: Page| {
        pages.insert(format!("/bai/{i}.html"), page);
    };
    bulletin(1, raw("text/html; charset=windows-1258", cp1258(&page_text(1, ""))));
    bulletin(2, raw("text/html; charset=utf-8", cp1258(&page_text(2, ""))));
    bulletin(3, raw("text/html", cp1258(&page_text(3, "<meta charset=\"windows-1258\">"))));
    let http_equiv = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">";
    bulletin(4, raw("text/html", page_text(4, http_equiv).into_bytes()));
    // Cut off after the figures' sentence: no closing tags.
    let full = page_text(5, "<meta charset=\"utf-8\">");
    let cut = full.find("<p>Các đơn vị").expect("marker");
    bulletin(5, raw("text/html; charset=utf-8", full.as_bytes()[..cut].to_vec()));
    // Cut off before the body, in the middle of a two-byte character.
    let full = page_text(6, "<meta charset=\"utf-8\">");
    let cut = full.find("ả").expect("marker") + 1;
    bulletin(6, raw("text/html; charset=utf-8", full.as_bytes()[..cut].to_vec()));
    // Malformed: unquoted attributes, unclosed paragraphs, stray closing tags.
    let (_, _, month, year) = figures(7);
    let malformed = format!(
        "<html><body></span><h1 class=title>Kết quả giải quyết hồ sơ tháng {month}/{year}</h2>\
         <div class=date>05/{month:02}/{year}<div class=content><p>{}<p>Các đơn vị</div></div></td></body>",
        bulletin_text(7)
    );
    bulletin(7, raw("text/html", malformed.into_bytes()));
    bulletin(8, raw("text/html", vec![0xFF, 0xFE, 0x00, 0xD8, 0x1F, 0x80, 0x81]));
    let ids: Vec<usize> = (1..=8).collect();
    pages.insert("/tin?page=1".into(), Page::html(listing_page(1, &ids, true)));

    let site = Site::start(pages, Duration::ZERO).await;
    let source =
        compile(Path::new("generated.toml"), &selectors_toml(&site.host(), "delay = \"0s\"", "")).expect("compiles");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("s")).expect("store");
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 6, 3, 0, 0).unwrap()));
    let fetcher = Fetcher::new(FetchConfig::default(), Arc::clone(&clock)).expect("fetcher");
    let crawler = Arc::new(Crawler::new(store.clone(), fetcher, clock, CrawlOptions::default()));
    let report = crawler.run(std::slice::from_ref(&source)).await;
    let s = &report.sources[0];
    assert!(s.failed.is_empty(), "{s:#?}");
    assert_eq!(s.fetched, 9, "every page fetched and kept");

    let all = store.observations(&ObservationFilter::default()).expect("read");
    let of = |i: usize, metric: Metric| -> Vec<f64> {
        let url = format!("http://{}/bai/{i}.html", site.host());
        all.iter().filter(|o| o.provenance.url == url && o.metric == metric).map(|o| o.value).collect()
    };
    for i in [1, 2, 3, 4, 5, 7] {
        let (total, online, _, _) = figures(i);
        assert_eq!(of(i, Metric::ReceivedTotal), vec![total as f64], "bulletin {i}: received");
        assert_eq!(of(i, Metric::ReceivedOnline), vec![online as f64], "bulletin {i}: online");
    }
    for i in [6, 8] {
        assert!(of(i, Metric::ReceivedTotal).is_empty(), "bulletin {i} has no figures left");
    }
    // The evidence of the windows-1258 pages is proper composed Vietnamese.
    let evidence = all
        .iter()
        .find(|o| o.provenance.url.ends_with("/bai/2.html"))
        .map(|o| o.evidence.text.clone())
        .expect("a figure from the mislabelled page");
    assert!(evidence.contains("tiếp nhận") && !evidence.contains('\u{FFFD}'), "{evidence}");
    assert_eq!(evidence, evidence.nfc().collect::<String>());
}
