//! The demo store written as WARC, read back (by dvcrank and by the independent `warc`
//! crate), and re-imported into an empty store, where `reparse` gives the same figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "export_demo/mod.rs"]
mod export_demo;

use std::collections::BTreeMap;

use dvcrank::model::UnitLevel;
use dvcrank::store::{ObservationFilter, Store};
use dvcrank::warc::{self, WriteOptions};
use dvcrank::{pipeline, source};
use export_demo::{root, store};

fn warc_bytes(store: &Store, gzip: bool) -> Vec<u8> {
    let mut out = Vec::new();
    warc::write_store(store, &mut out, &WriteOptions { gzip }).expect("writes");
    out
}

fn records(bytes: &[u8]) -> Vec<warc::Record> {
    let mut r = warc::reader(bytes).expect("opens");
    let mut out = Vec::new();
    while let Some(rec) = r.next_record().expect("reads") {
        out.push(rec);
    }
    out
}

/// Every capture of every page: (store key, fetch records).
fn fetches(store: &Store) -> BTreeMap<String, Vec<dvcrank::model::Page>> {
    store.latest_pages().unwrap().into_iter().map(|p| (p.key(), store.fetches_of(&p.key()).unwrap())).collect()
}

fn import_into_empty(bytes: &[u8]) -> (tempfile::TempDir, Store, warc::ImportSummary) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("imported")).expect("store");
    let summary = warc::import(&store, bytes).expect("imports");
    (dir, store, summary)
}

#[test]
fn written_warc_reads_back_here_and_with_the_warc_crate() {
    let store = store();
    let bytes = warc_bytes(store, false);
    assert_eq!(bytes, warc_bytes(store, false), "the same store gives the same bytes");
    let ours = records(&bytes);
    assert_eq!(ours[0].header("WARC-Type"), Some("warcinfo"));
    assert!(String::from_utf8_lossy(&ours[0].block).contains("dvcrank-sample: true"));
    let responses: Vec<_> = ours.iter().filter(|r| r.header("WARC-Type") == Some("response")).collect();
    assert_eq!(responses.len(), store.page_count(), "each stored body once; later captures are revisits");
    let captures: usize = fetches(store).values().map(Vec::len).sum();
    let revisits = ours.iter().filter(|r| r.header("WARC-Type") == Some("revisit")).count();
    assert_eq!(responses.len() + revisits, captures, "every capture is a record");
    let requests = ours.iter().filter(|r| r.header("WARC-Type") == Some("request")).count();
    assert!(requests > 0, "gateway POSTs have request records");
    for r in &responses {
        let digest = r.header("WARC-Payload-Digest").expect("payload digest");
        let split = r.block.windows(4).position(|w| w == b"\r\n\r\n").expect("HTTP head") + 4;
        let payload = &r.block[split..];
        assert_eq!(digest, format!("sha256:{}", dvcrank::model::PageHash::of(payload)));
        assert!(store.page_body(digest[7..].parse().unwrap()).unwrap().is_some());
        let role = r.header("WARC-dvcrank-Role").expect("role");
        serde_json::from_str::<serde_json::Value>(role).expect("role is JSON");
    }

    // An independent reader sees the same records.
    let theirs: Vec<_> = ::warc::WarcReader::new(std::io::BufReader::new(&bytes[..]))
        .iter_records()
        .collect::<Result<Vec<_>, _>>()
        .expect("the warc crate reads every record");
    assert_eq!(theirs.len(), ours.len());
    for (t, o) in theirs.iter().zip(&ours) {
        assert_eq!(t.warc_type().to_string(), o.header("WARC-Type").unwrap());
        assert_eq!(t.body(), &o.block[..]);
        assert_eq!(
            t.header(::warc::WarcHeader::TargetURI).as_deref(),
            o.header("WARC-Target-URI"),
            "{:?}",
            o.header("WARC-Record-ID")
        );
    }
}

#[test]
fn reimported_store_gives_the_same_pages_and_figures() {
    let original = store();
    let (_dir, imported, summary) = import_into_empty(&warc_bytes(original, false));
    assert_eq!(summary.skipped, 0, "{:?}", summary.problems);
    assert_eq!(fetches(&imported), fetches(original), "every capture's Page record survives, role included");
    assert_eq!(imported.page_count(), original.page_count());
    assert!(imported.is_sample().unwrap(), "the sample flag travels in the warcinfo record");
    assert_eq!(imported.host_aliases().unwrap(), original.host_aliases().unwrap());

    let sources = source::load_dir(&root().join("selectors")).expect("selectors");
    let report = pipeline::reparse(&imported, &sources).expect("reparse");
    assert_eq!(report.failed, 0);
    let all = ObservationFilter::default();
    let before = original.observations(&all).unwrap();
    assert!(!before.is_empty());
    assert_eq!(imported.observations(&all).unwrap(), before, "the same figures, evidence and provenance");
    let mut drilled = 0;
    for period in original.score_periods().unwrap() {
        for level in [UnitLevel::Province, UnitLevel::Department, UnitLevel::District, UnitLevel::Commune] {
            let a = original.score_history(period, level).unwrap();
            assert_eq!(imported.score_history(period, level).unwrap(), a, "index readings of {period}, {level:?}");
            drilled += usize::from(level != UnitLevel::Province && !a.is_empty());
        }
    }
    assert!(drilled > 0, "drill-down tables are read again too");
}

#[test]
fn gzip_records_import_the_same() {
    let original = store();
    let gz = warc_bytes(original, true);
    assert_eq!(&gz[..2], &[0x1F, 0x8B]);
    assert_eq!(records(&gz), records(&warc_bytes(original, false)));
    let (_dir, imported, summary) = import_into_empty(&gz);
    assert_eq!(summary.skipped, 0, "{:?}", summary.problems);
    assert_eq!(fetches(&imported), fetches(original));
}

#[test]
fn a_damaged_body_is_refused_and_counted() {
    let original = store();
    let mut bytes = warc_bytes(original, false);
    // Change one byte inside the first response body (the length stays right).
    let at = bytes.windows(b"<html".len()).position(|w| w.eq_ignore_ascii_case(b"<html")).expect("an HTML body");
    bytes[at + 1] = b'X';
    let (_dir, imported, summary) = import_into_empty(&bytes);
    assert!(summary.skipped >= 1);
    assert!(summary.problems[0].contains("WARC-Payload-Digest"), "{:?}", summary.problems);
    assert!(imported.page_count() < original.page_count());
    let truncated = &warc_bytes(original, false)[..5000];
    let dir = tempfile::tempdir().unwrap();
    let err = warc::import(&Store::open(&dir.path().join("t")).unwrap(), truncated).expect_err("truncated");
    assert!(err.to_string().contains("ends"), "{err}");
}

#[test]
fn not_modified_checks_redirects_and_posts_survive() {
    use dvcrank::model::{Page, PageHash, PageRole, SourceId};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s")).unwrap();
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let page = |url: &str, final_url: &str, post: Option<&str>, body: &[u8], when: &str, role: PageRole| Page {
        url: url.into(),
        final_url: final_url.into(),
        request_body: post.map(str::to_string),
        source: SourceId("t".into()),
        fetched_at: at(when),
        status: 200,
        content_type: Some("text/html; charset=utf-8".into()),
        etag: Some("\"v1\"".into()),
        last_modified: Some("Mon, 01 Apr 2024 00:00:00 GMT".into()),
        hash: PageHash::of(body),
        body_len: body.len() as u64,
        role,
    };
    let a = page(
        "https://a.vn/x",
        "https://www.a.vn/x",
        None,
        "Bắc Kạn".as_bytes(),
        "2024-04-01T01:02:03.456Z",
        PageRole::Bulletin,
    );
    store.put_page(&a, "Bắc Kạn".as_bytes()).unwrap();
    store.put_page(&Page { fetched_at: at("2024-04-02T00:00:00Z"), ..a.clone() }, "Bắc Kạn".as_bytes()).unwrap();
    store.touch_page("https://a.vn/x", at("2024-04-03T00:00:00Z")).unwrap();
    let role = PageRole::IndexTable { period: "2024-04".parse().unwrap(), unit_id: Some("114572".into()) };
    let g = page("https://g.vn/rest", "https://g.vn/rest", Some("params=%7B%7D"), b"[]", "2024-04-01T00:00:00Z", role);
    store.put_page(&g, b"[]").unwrap();

    let mut bytes = Vec::new();
    warc::write_store(&store, &mut bytes, &WriteOptions::default()).unwrap();
    let (_d, imported, summary) = import_into_empty(&bytes);
    assert_eq!((summary.captures, summary.not_modified, summary.skipped), (3, 1, 0), "{:?}", summary.problems);
    assert_eq!(fetches(&imported), fetches(&store));
    assert_eq!(imported.latest_page("https://a.vn/x").unwrap(), store.latest_page("https://a.vn/x").unwrap());
    assert_eq!(
        imported.latest_page("https://a.vn/x").unwrap().unwrap().fetched_at,
        at("2024-04-03T00:00:00Z"),
        "the 304 check is kept as a server-not-modified revisit"
    );
    assert!(imported.latest_page(&g.key()).unwrap().is_some(), "the POST's form body is part of its key again");
}
