//! The national index end to end, against local servers on 127.0.0.1 only: a wiremock
//! gateway that answers `rest.jsp` as the real one is described (form-encoded `params`,
//! every value a string, paging, `[]`, a cookie from the index page or 403, 5xx, slow
//! answers), the offline mirror (every period kind, drill-downs, the breakdown service,
//! closed periods not fetched twice), stores built by hand (the 2025 boundaries, bulletin
//! rates) and the demo (every published figure of dichvucong.md comes out exactly).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate, Utc};
use common::root;
use dvcrank::clock::{Clock, FixedClock};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::mirror::Mirror;
use dvcrank::model::{
    CalendarPeriod, Era, Evidence, IndexGroup, IndexScore, Metric, Observation, PageHash, Provenance, ProvinceCode,
    Scope, Unit, UnitLevel,
};
use dvcrank::pipeline::{CrawlOptions, Crawler, Drill, SourceReport};
use dvcrank::province::Registry;
use dvcrank::query::{self, IndexScope, IndexSelection, Measure, TrendSubject};
use dvcrank::rank::boundaries::Boundaries;
use dvcrank::rank::ratio::{Basis, Rate};
use dvcrank::source::Source;
use dvcrank::store::Store;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const INDEX_PAGE: &str = "/p/home/dvc-index-tinhthanhpho-tonghop.html";
const COOKIE: &str = "TS01waf=abc";

fn period(s: &str) -> CalendarPeriod {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn code(era: Era, gso: u8) -> ProvinceCode {
    ProvinceCode { era, gso }
}

/// The index source pointed at `host` (`127.0.0.1:port`), `page_size` rows per page.
fn index_source(host: &str, page_size: u32) -> Source {
    let source = dvcrank::source::load_file(&root().join("selectors/dichvucong.toml")).expect("compiles");
    let mut s = source.rebased(&BTreeMap::from([("dichvucong.gov.vn".to_string(), host.to_string())]));
    s.crawl.delay = Duration::from_millis(1);
    if let Some(index) = &mut s.index {
        index.page_size = page_size;
    }
    s
}

fn crawler(store: &Store, now: DateTime<Utc>, config: FetchConfig, options: CrawlOptions) -> Crawler<Fetcher> {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(now));
    let fetcher = Fetcher::new(config, Arc::clone(&clock)).expect("fetcher");
    Crawler::new(store.clone(), fetcher, clock, options)
}

fn quick() -> FetchConfig {
    FetchConfig {
        allow_private: true,
        backoff_base: Duration::from_millis(5),
        backoff_cap: Duration::from_millis(20),
        jitter_seed: Some(1),
        ..FetchConfig::default()
    }
}

fn periods_option(list: &[&str]) -> CrawlOptions {
    CrawlOptions { periods: Some(list.iter().map(|p| period(p)).collect()), ..CrawlOptions::default() }
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    (dir, store)
}

/// A national table of the 63 provinces, each row's groups adding up to its total; the
/// second and third tie (ranks 1, 2, 2, 4 …).
fn national_rows() -> Vec<Value> {
    let mut totals: Vec<f64> = (0..63).map(|i| 80.0 - f64::from(i) * 0.25).collect();
    totals[2] = totals[1];
    let rank = |t: f64| 1 + totals.iter().filter(|&&o| o > t + 0.001).count();
    Registry::builtin()
        .of_era(Era::Pre2025)
        .zip(&totals)
        .map(|(p, &total)| {
            json!({
                "ID": format!("{}", 100_000 + u32::from(p.code.gso)),
                "TEN": format!("Tỉnh {}", p.name),
                "ROW_STT": rank(total).to_string(),
                "TONG_SCORE": format!("{total:.2}"),
                "CKMB": format!("{:.2}", total - 64.0),
                "TDGQ": "18", "TTTT": "10", "CLGQ": "8", "MDHL": "16", "MDSH": "12",
            })
        })
        .collect()
}

/// The `params` of a gateway request, or why it is not as the real page sends it.
fn params_of(req: &Request) -> Result<serde_json::Map<String, Value>, String> {
    let content_type = req.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(format!("content type {content_type}"));
    }
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&req.body).into_owned().collect();
    let [(key, value)] = form.as_slice() else { return Err(format!("form fields {form:?}")) };
    if key != "params" {
        return Err(format!("form field {key}"));
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(value) else { return Err(format!("params {value}")) };
    if let Some((k, v)) = map.iter().find(|(_, v)| !v.is_string()) {
        return Err(format!("{k} = {v} is not a string"));
    }
    Ok(map)
}

fn has_cookie(req: &Request) -> bool {
    req.headers.get_all("cookie").iter().any(|v| v.to_str().is_ok_and(|s| s.contains(COOKIE)))
}

fn page(rows: &[Value], params: &serde_json::Map<String, Value>) -> ResponseTemplate {
    let num = |k: &str| params.get(k).and_then(Value::as_str).and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
    let (index, size) = (num("pageIndex").max(1), num("pageSize").max(1));
    let slice: Vec<&Value> = rows.iter().skip((index - 1) * size).take(size).collect();
    ResponseTemplate::new(200).set_body_raw(serde_json::to_vec(&slice).unwrap(), "application/json; charset=utf-8")
}

/// The index page hands out the firewall cookie (or not).
async fn mount_index_page(server: &MockServer, with_cookie: bool) {
    let mut answer = ResponseTemplate::new(200).set_body_raw("<html>Chỉ số</html>", "text/html; charset=utf-8");
    if with_cookie {
        answer = answer.insert_header("set-cookie", format!("{COOKIE}; Path=/").as_str());
    }
    Mock::given(method("GET")).and(path(INDEX_PAGE)).respond_with(answer).mount(server).await;
}

fn gateway_path() -> wiremock::matchers::PathExactMatcher {
    path("/jsp/rest.jsp")
}

#[tokio::test]
async fn the_gateway_is_asked_as_the_page_asks_and_paged_to_the_end() {
    let server = MockServer::start().await;
    mount_index_page(&server, true).await;
    let seen: Arc<Mutex<Vec<serde_json::Map<String, Value>>>> = Arc::default();
    let log = Arc::clone(&seen);
    let rows = national_rows();
    let first_id = rows[0]["ID"].clone();
    let referer = format!("{}{INDEX_PAGE}", server.uri());
    Mock::given(method("POST"))
        .and(gateway_path())
        .respond_with(move |req: &Request| {
            if !has_cookie(req) {
                return ResponseTemplate::new(403).set_body_string("Request Rejected");
            }
            let xhr = req.headers.get("x-requested-with").and_then(|v| v.to_str().ok()) == Some("XMLHttpRequest");
            let from_page = req.headers.get("referer").and_then(|v| v.to_str().ok()) == Some(referer.as_str());
            let params = match params_of(req) {
                Ok(p) if xhr && from_page => p,
                Ok(_) => return ResponseTemplate::new(400).set_body_string("no XHR headers"),
                Err(e) => return ResponseTemplate::new(400).set_body_string(e),
            };
            log.lock().unwrap().push(params.clone());
            match params.get("service").and_then(Value::as_str) {
                Some("report_tinh_766_service") => page(&rows, &params),
                _ => page(&[], &params),
            }
        })
        .mount(&server)
        .await;
    let (_dir, store) = temp_store();
    // 63 rows, 21 per page: three full pages, then an empty one ends the table.
    let source = index_source(&server.address().to_string(), 21);
    let report =
        crawler(&store, at("2024-05-03T03:00:00Z"), quick(), periods_option(&["2024-04"])).crawl(&source).await;
    assert!(report.failed.is_empty(), "{:#?}", report.failed);
    let scores = store.scores(period("2024-04"), UnitLevel::Province, None).unwrap();
    assert_eq!(scores.len(), 63);
    assert!(scores.iter().all(|s| s.flags.is_empty()), "{:?}", scores.iter().find(|s| !s.flags.is_empty()));
    let seen = seen.lock().unwrap();
    let ranking_pages: Vec<&str> = seen
        .iter()
        .filter(|p| p["service"] == "report_tinh_766_service")
        .map(|p| p["pageIndex"].as_str().unwrap())
        .collect();
    assert_eq!(ranking_pages, ["1", "2", "3", "4"]);
    let first = &seen[0];
    for (key, want) in [("p_nam", "2024"), ("p_thang", "4"), ("p_quy", "0"), ("p_6thang", "0"), ("p_tinh_id", "0")] {
        assert_eq!(first[key], want, "{key}");
    }
    // The breakdown service is asked about the first unit of the table.
    let breakdown = seen.iter().find(|p| p["service"] == "report_xuhuongdiem_chiso_service").expect("asked");
    assert_eq!(breakdown["p_tinh_id"], first_id);
    // Ties share a rank and the next is skipped: no rank check failed, and the ranking agrees.
    let ranking = query::index_ranking(&store, period("2024-04"), None, None).unwrap();
    let ranks: Vec<u16> = ranking.entries.iter().take(4).map(|e| e.rank).collect();
    assert_eq!(ranks, [1, 2, 2, 4]);
    assert!(ranking.entries.iter().all(|e| e.published_rank == Some(e.rank)));
}

#[tokio::test]
async fn without_the_cookie_the_gateway_says_403_and_the_run_says_so() {
    let server = MockServer::start().await;
    // An index page that sets no cookie, fetched again after each failed call.
    Mock::given(method("GET"))
        .and(path(INDEX_PAGE))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html></html>"))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(gateway_path())
        .respond_with(|req: &Request| {
            if has_cookie(req) {
                page(&national_rows(), &params_of(req).unwrap_or_default())
            } else {
                ResponseTemplate::new(403).set_body_string("<html><body>Request Rejected</body></html>")
            }
        })
        .mount(&server)
        .await;
    let (_dir, store) = temp_store();
    let source = index_source(&server.address().to_string(), 1000);
    let options = periods_option(&["2024-03", "2024-04"]);
    let report = crawler(&store, at("2024-05-03T03:00:00Z"), quick(), options).crawl(&source).await;
    assert_eq!(report.failed.len(), 2, "{:#?}", report.failed);
    assert!(report.failed.iter().all(|f| f.reason.contains("403")), "{:#?}", report.failed);
    assert_eq!(store.score_count(), 0);
    server.verify().await;
}

#[tokio::test]
async fn a_5xx_is_retried_and_a_slow_answer_fails_alone() {
    let server = MockServer::start().await;
    mount_index_page(&server, true).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    Mock::given(method("POST"))
        .and(gateway_path())
        .respond_with(move |req: &Request| {
            let params = params_of(req).unwrap_or_default();
            match params.get("p_thang").and_then(Value::as_str) {
                // March hangs past the timeout, every time.
                Some("3") => page(&national_rows(), &params).set_delay(Duration::from_secs(2)),
                // April's first call hits a broken backend.
                Some("4") if counter.fetch_add(1, Ordering::SeqCst) == 0 => ResponseTemplate::new(503),
                _ if params["service"] == "report_tinh_766_service" => page(&national_rows(), &params),
                _ => page(&[], &params),
            }
        })
        .mount(&server)
        .await;
    let (_dir, store) = temp_store();
    let mut source = index_source(&server.address().to_string(), 1000);
    // A source's own timeout applies to its requests.
    source.crawl.timeout = Duration::from_millis(300);
    let config = FetchConfig { timeout: Duration::from_millis(300), retries: 1, ..quick() };
    let report = crawler(&store, at("2024-05-03T03:00:00Z"), config, periods_option(&["2024-03", "2024-04"]))
        .crawl(&source)
        .await;
    assert_eq!(report.failed.len(), 1, "{:#?}", report.failed);
    assert!(report.failed[0].url.contains("%22p_thang%22%3A%223%22"), "{}", report.failed[0].url);
    assert!(store.scores(period("2024-03"), UnitLevel::Province, None).unwrap().is_empty());
    assert_eq!(store.scores(period("2024-04"), UnitLevel::Province, None).unwrap().len(), 63);
    assert!(calls.load(Ordering::SeqCst) >= 2, "April was asked again after the 503");
}

#[tokio::test]
async fn an_unknown_name_is_reported_and_kept_not_dropped() {
    let server = MockServer::start().await;
    mount_index_page(&server, true).await;
    let mut rows = national_rows();
    rows.push(json!({"ID": "999999", "TEN": "Tỉnh Atlantis", "ROW_STT": "64", "TONG_SCORE": "50",
        "CKMB": "0", "TDGQ": "18", "TTTT": "10", "CLGQ": "0", "MDHL": "10", "MDSH": "12"}));
    Mock::given(method("POST"))
        .and(gateway_path())
        .respond_with(move |req: &Request| {
            let params = params_of(req).unwrap_or_default();
            if params["service"] == "report_tinh_766_service" {
                page(&rows, &params)
            } else {
                page(&[], &params)
            }
        })
        .mount(&server)
        .await;
    let (_dir, store) = temp_store();
    let source = index_source(&server.address().to_string(), 1000);
    let report =
        crawler(&store, at("2024-05-03T03:00:00Z"), quick(), periods_option(&["2024-04"])).crawl(&source).await;
    assert_eq!(report.unmatched_units, ["Tỉnh Atlantis"]);
    assert_eq!(store.scores(period("2024-04"), UnitLevel::Province, None).unwrap().len(), 64, "stored, flagged");
    let sel = IndexSelection { period: period("2024-04"), group: None, as_of: None, scope: IndexScope::National };
    let table = query::index_table(&store, &sel).unwrap();
    assert_eq!(table.ranking.entries.len(), 63);
    assert_eq!(table.unmatched, ["Tỉnh Atlantis"]);
    // 64 rows where the map has 63: a failed check, reported on every row.
    assert!(table.checks.iter().any(|(_, d)| d.contains("ranks 64 units")), "{:?}", table.checks);
}

/// A breakdown answer for one unit: CODE, DESCRIPTION, SCORE, MAX_SCORE, TB_SCORE.
fn breakdown(rows: &[(&str, &str, &str, &str)]) -> Vec<Value> {
    rows.iter()
        .map(|(code, description, score, max)| {
            json!({"CODE": code, "DESCRIPTION": description, "SCORE": score, "MAX_SCORE": max, "TB_SCORE": "0"})
        })
        .collect()
}

#[tokio::test]
async fn the_breakdown_service_says_which_column_is_which_and_the_maxima() {
    let server = MockServer::start().await;
    mount_index_page(&server, true).await;
    // March: the service has nothing (the selectors file's guess is used). April: it
    // says TTTT is the payment half (/10) and CLGQ the service half (/12), and gives the
    // first province a CKMB that its table row does not have.
    let april = breakdown(&[
        ("CKMB", "Công khai, minh bạch", "15.5", "18"),
        ("TDGQ", "Tiến độ, kết quả giải quyết", "18", "20"),
        ("TTTT", "Thanh toán trực tuyến", "10", "10"),
        ("CLGQ", "Dịch vụ công trực tuyến", "8", "12"),
        ("MDHL", "Mức độ hài lòng", "16", "18"),
        ("MDSH", "Số hóa hồ sơ", "12", "22"),
    ]);
    Mock::given(method("POST"))
        .and(gateway_path())
        .respond_with(move |req: &Request| {
            let params = params_of(req).unwrap_or_default();
            match (params["service"].as_str(), params["p_thang"].as_str()) {
                (Some("report_tinh_766_service"), _) => page(&national_rows(), &params),
                (_, Some("4")) => page(&april, &params),
                _ => page(&[], &params),
            }
        })
        .mount(&server)
        .await;
    let (_dir, store) = temp_store();
    let source = index_source(&server.address().to_string(), 1000);
    let options = periods_option(&["2024-03", "2024-04"]);
    let report = crawler(&store, at("2024-05-03T03:00:00Z"), quick(), options).crawl(&source).await;
    assert!(report.failed.is_empty(), "{:#?}", report.failed);
    let first = |p: &str| {
        store.scores(period(p), UnitLevel::Province, None).unwrap().into_iter().find(|s| s.unit_id == "100001").unwrap()
    };
    let march = first("2024-03");
    assert_eq!(march.groups.get(&IndexGroup::OnlineService), Some(&10.0), "the selectors file: TTTT is /12");
    assert!(march.flags.is_empty(), "{:?}", march.flags);
    let april = first("2024-04");
    assert_eq!(april.groups.get(&IndexGroup::OnlinePayment), Some(&10.0), "the service: TTTT is /10");
    assert_eq!(april.groups.get(&IndexGroup::OnlineService), Some(&8.0));
    assert!(
        april.flags.iter().any(|f| f.describe().contains("breakdown service gives CKMB 15.5, the ranking table 16")),
        "{:?}",
        april.flags
    );
    // Every province's TTTT of 10 is within the reported /10; none is flagged for it.
    let others = store.scores(period("2024-04"), UnitLevel::Province, None).unwrap();
    assert!(others.iter().all(|s| !s.flags.iter().any(|f| f.describe().contains("outside"))));
}

fn days(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn mirror() -> Mirror {
    Mirror::start(&root().join("data/sample-site")).await.expect("mirror")
}

fn mirror_source(m: &Mirror) -> Source {
    index_source(&m.host_map()["dichvucong.gov.vn"], 1000)
}

fn assert_clean(report: &SourceReport) {
    assert!(report.failed.is_empty(), "{:#?}", report.failed);
    assert!(report.unmatched_units.is_empty(), "{:?}", report.unmatched_units);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_period_kind_from_2022_08_and_closed_periods_are_read_once() {
    let m = mirror().await;
    m.set_today(Some(days("2024-05-02")));
    let (_dir, store) = temp_store();
    let source = mirror_source(&m);
    let now = at("2024-05-02T03:00:00Z");
    let lang_son = code(Era::Pre2025, 20);
    let options = CrawlOptions { drill: Drill::Provinces(vec![lang_son]), ..CrawlOptions::default() };
    let first = crawler(&store, now, quick(), options.clone()).crawl(&source).await;
    assert_clean(&first);
    let stored: Vec<String> = store.score_periods().unwrap().iter().map(ToString::to_string).collect();
    for p in ["2023-01", "2024-04", "2023-Q1", "2024-Q1", "2023-H1", "2023-H2", "2023", "2024"] {
        assert!(stored.contains(&p.to_string()), "{p} in {stored:?}");
    }
    // 2022 answers `[]` (the mirror starts in 2023), and May 2024 is not captured yet.
    assert!(!stored.iter().any(|p| p.starts_with("2022") || p == "2024-05" || p == "2024-Q2"), "{stored:?}");
    assert_eq!(first.periods_read, stored.len());
    // Drill-downs: departments and districts of Lạng Sơn in a month.
    let depts = store.scores(period("2024-04"), UnitLevel::Department, None).unwrap();
    let districts = store.scores(period("2024-04"), UnitLevel::District, None).unwrap();
    assert_eq!(depts.len(), 19);
    assert_eq!(districts.len(), 11);
    assert!(depts.iter().chain(&districts).all(|s| s.province == Some(lang_son)));

    // The same day again: only the open periods are asked (May, Q2, H1 and the year;
    // only the year has data), each closed one was read after it ended.
    let second = crawler(&store, now, quick(), options.clone()).crawl(&source).await;
    assert_clean(&second);
    assert_eq!(second.periods_read, 1, "only the year 2024 is open and answers");
    // The index page, four ranking tables, the year's breakdown and Lạng Sơn's table of it.
    assert_eq!(second.fetched, 7);
    assert_eq!(second.scores_added, 0);

    // --refresh reads them all again; nothing new to store.
    let refresh = CrawlOptions { refresh: true, ..options };
    let third = crawler(&store, now, quick(), refresh).crawl(&source).await;
    assert_clean(&third);
    assert_eq!(third.periods_read, stored.len());
    assert_eq!(third.scores_added, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_period_keeps_snapshots_and_as_of_picks_one() {
    let m = mirror().await;
    let (_dir, store) = temp_store();
    let source = mirror_source(&m);
    let options = periods_option(&["2024-04"]);
    m.set_today(Some(days("2024-04-25")));
    let live = crawler(&store, at("2024-04-25T03:00:00Z"), quick(), options.clone()).crawl(&source).await;
    assert_clean(&live);
    m.set_today(Some(days("2024-05-01")));
    let closing = crawler(&store, at("2024-05-01T03:00:00Z"), quick(), options).crawl(&source).await;
    assert_clean(&closing);
    let history = store.score_history(period("2024-04"), UnitLevel::Province).unwrap();
    assert!(history.len() > 63, "two captures kept: {}", history.len());
    let read = |as_of: Option<&str>| {
        let sel = IndexSelection {
            period: period("2024-04"),
            group: None,
            as_of: as_of.map(|d| at(&format!("{d}T16:59:59Z"))),
            scope: IndexScope::National,
        };
        query::index_table(&store, &sel).unwrap()
    };
    let (early, late) = (read(Some("2024-04-25")), read(None));
    assert_eq!(early.captured.map(|c| c.1.date_naive()), Some(days("2024-04-25")));
    assert_eq!(late.captured.map(|c| c.1.date_naive()), Some(days("2024-05-01")));
    assert_ne!(early.ranking.entries, late.ranking.entries, "the scores moved between the two captures");
    let err = query::index_table(
        &store,
        &IndexSelection {
            period: period("2024-04"),
            group: None,
            as_of: Some(at("2024-04-01T00:00:00Z")),
            scope: IndexScope::National,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("as of 2024-04-01"), "{err}");
}

/// A figure of a hand-made store.
fn figure(province: ProvinceCode, p: &str, metric: Metric, unit: Unit, value: f64, url: &str) -> Observation {
    Observation {
        province: Some(province),
        province_text: None,
        scope: Scope::ProvincialCenter,
        unit_name: "Trung tâm Phục vụ hành chính công".into(),
        period: period(p).to_period(),
        metric,
        value,
        unit,
        evidence: Evidence { text: format!("{metric} {value}"), start: 0, end: 1 },
        provenance: Provenance {
            url: url.into(),
            page: PageHash::of(url.as_bytes()),
            fetched_at: at("2025-10-01T00:00:00Z"),
            extractor_version: 1,
        },
        flags: vec![],
    }
}

fn score(province: ProvinceCode, p: &str, total: f64, rank: u16, rank_of: u16) -> IndexScore {
    IndexScore {
        unit_id: format!("u{province}"),
        unit_name: Registry::builtin().name(province),
        level: UnitLevel::Province,
        province: Some(province),
        period: period(p),
        captured_at: at("2025-10-01T00:00:00Z"),
        total,
        rank: Some(rank),
        rank_of: Some(rank_of),
        groups: BTreeMap::new(),
        provenance: figure(province, p, Metric::Other, Unit::Count, 0.0, "g").provenance,
        flags: vec![],
    }
}

#[test]
fn across_the_merger_counts_add_up_and_scores_stay_per_old_province() {
    let (_dir, store) = temp_store();
    let (bac_kan, thai_nguyen_old, thai_nguyen) =
        (code(Era::Pre2025, 6), code(Era::Pre2025, 19), code(Era::Post2025, 19));
    let put = |url: &str, figures: Vec<Observation>| store.replace_observations(url, &figures).unwrap();
    use Metric::{ReceivedOnline, ReceivedTotal, Resolved, ResolvedEarly, ResolvedEarlyOrOnTime, ResolvedOnTime};
    put(
        "a",
        vec![
            figure(bac_kan, "2025-05", ReceivedTotal, Unit::Count, 1000.0, "a"),
            figure(bac_kan, "2025-05", ReceivedOnline, Unit::Count, 400.0, "a"),
            figure(bac_kan, "2025-05", ReceivedOnline, Unit::Percent, 40.0, "a"),
            figure(bac_kan, "2025-05", Resolved, Unit::Count, 900.0, "a"),
            figure(bac_kan, "2025-05", ResolvedEarly, Unit::Count, 600.0, "a"),
            figure(bac_kan, "2025-05", ResolvedOnTime, Unit::Count, 290.0, "a"),
        ],
    );
    put(
        "b",
        vec![
            figure(thai_nguyen_old, "2025-05", ReceivedTotal, Unit::Count, 3000.0, "b"),
            figure(thai_nguyen_old, "2025-05", ReceivedOnline, Unit::Count, 2400.0, "b"),
            figure(thai_nguyen_old, "2025-05", Resolved, Unit::Count, 2800.0, "b"),
            figure(thai_nguyen_old, "2025-05", ResolvedEarlyOrOnTime, Unit::Count, 2800.0, "b"),
            // Only Thái Nguyên reports June: no sum for the 2025 province.
            figure(thai_nguyen_old, "2025-06", ReceivedTotal, Unit::Count, 3100.0, "b"),
        ],
    );
    put("c", vec![figure(thai_nguyen, "2025-08", ReceivedTotal, Unit::Count, 4500.0, "c")]);
    store
        .put_scores(&[
            score(bac_kan, "2025-05", 70.0, 40, 63),
            score(thai_nguyen_old, "2025-05", 85.0, 5, 63),
            score(thai_nguyen, "2025-08", 86.97, 1, 34),
        ])
        .unwrap();
    let periods = query::periods_between(period("2025-05"), period("2025-08"));

    // Counts: one series for Thái Nguyên (2025), May summed over the two, June a gap.
    let counts = TrendSubject::Metric(ReceivedTotal, Unit::Count);
    let t = query::trend_in(&store, counts, &[bac_kan], &periods, None, Boundaries::Merged2025).unwrap();
    assert_eq!(t.series.len(), 1);
    let values: Vec<Option<f64>> = t.series[0].points.iter().map(|p| p.value).collect();
    assert_eq!(values, [Some(4000.0), None, None, Some(4500.0)]);
    // As published: Bắc Kạn's own figure, then Thái Nguyên's.
    let t = query::trend(&store, counts, &[bac_kan], &periods, None).unwrap();
    assert_eq!(t.series[0].name, "Bắc Kạn → Thái Nguyên");
    let values: Vec<Option<f64>> = t.series[0].points.iter().map(|p| p.value).collect();
    assert_eq!(values, [Some(1000.0), None, None, Some(4500.0)]);

    // Scores: never averaged; the 2025 province from July, each old one before.
    let t =
        query::trend_in(&store, TrendSubject::Index(None), &[bac_kan], &periods, None, Boundaries::Merged2025).unwrap();
    let by_name: BTreeMap<&str, Vec<Option<f64>>> =
        t.series.iter().map(|s| (s.name.as_str(), s.points.iter().map(|p| p.value).collect())).collect();
    assert_eq!(by_name["Thái Nguyên (từ 7/2025)"], [None, None, None, Some(86.97)]);
    assert_eq!(by_name["Bắc Kạn (đến 6/2025)"], [Some(70.0), None, None, None]);
    assert_eq!(by_name["Thái Nguyên (đến 6/2025)"], [Some(85.0), None, None, None]);

    // Rates: Bắc Kạn states its online share (40 %) and gives counts for the on-time
    // rate; under the 2025 boundaries both are recomputed from the summed counts.
    let o = query::overview(&store, &[bac_kan], &periods, None, Boundaries::AsPublished).unwrap();
    let cell =
        |o: &query::Overview, m: Measure, i: usize| o.columns.iter().find(|c| c.measure == m).unwrap().cells[i].clone();
    let online = cell(&o, Measure::Rate(Rate::OnlineShare), 0);
    assert_eq!((online.value, online.detail.as_deref()), (Some(40.0), Some(Basis::Stated.label_vi())));
    let on_time = cell(&o, Measure::Rate(Rate::OnTime), 0);
    assert!((on_time.value.unwrap() - 890.0 / 900.0 * 100.0).abs() < 1e-9);
    assert_eq!(on_time.detail.as_deref(), Some(Basis::Computed.label_vi()));
    assert_eq!(cell(&o, Measure::Index, 3).detail.as_deref(), Some("1/34"));
    let merged = query::overview(&store, &[bac_kan], &periods, None, Boundaries::Merged2025).unwrap();
    let online = cell(&merged, Measure::Rate(Rate::OnlineShare), 0);
    assert_eq!(online.value, Some(2800.0 / 4000.0 * 100.0), "summed counts, not the mean of 40 and 80");
    assert_eq!(online.detail.as_deref(), Some("tính, cộng 2 tỉnh"));
    let coverage = merged.columns.iter().find(|c| c.measure == Measure::Rate(Rate::OnTime)).unwrap().coverage(&periods);
    assert_eq!(coverage, [(period("2025-05"), period("2025-05"))]);
}

#[test]
fn compare_puts_provinces_side_by_side() {
    let (_dir, store) = temp_store();
    let (lang_son, cao_bang, bac_kan) = (code(Era::Pre2025, 20), code(Era::Pre2025, 4), code(Era::Pre2025, 6));
    store
        .put_scores(&[
            score(lang_son, "2024", 80.1, 1, 63),
            score(cao_bang, "2024", 70.2, 2, 63),
            score(lang_son, "2023", 75.0, 2, 63),
            score(cao_bang, "2023", 76.0, 1, 63),
        ])
        .unwrap();
    store
        .replace_observations("x", &[figure(cao_bang, "2024", Metric::ReceivedOnline, Unit::Percent, 55.5, "x")])
        .unwrap();
    let c = query::compare(&store, &[lang_son, cao_bang, bac_kan], period("2024"), None).unwrap();
    assert_eq!(c.ranked, 2);
    let ls = c.provinces[0].entry.as_ref().unwrap();
    assert_eq!((ls.rank, ls.value, ls.change.map(|ch| ch.rank)), (1, 80.1, Some(1)));
    let online = c.provinces[1].rates.iter().find(|(r, _)| *r == Rate::OnlineShare).and_then(|(_, v)| *v).unwrap();
    assert_eq!((online.value, online.basis), (55.5, Basis::Stated));
    assert!(c.provinces[2].entry.is_none());
    assert_eq!(c.provinces[2].note.as_deref(), Some("no index score for 2024"));
    // After the merger a pre-2025 name is shown as the province it became part of.
    let after = query::compare(&store, &[bac_kan], period("2025"), None).unwrap();
    assert_eq!(after.provinces[0].name, "Bắc Kạn → Thái Nguyên");
    assert_eq!(after.provinces[0].shown, Some(code(Era::Post2025, 19)));
}

/// The published figures of shared/sources/dichvucong.md: period, the day of the reading
/// (None: the period's latest), province as named in that period, total, rank, of how
/// many, and the groups when published (CKMB, TDGQ, TTTT or ONLINE, CLGQ, MDHL, MDSH).
#[allow(clippy::type_complexity)]
const PUBLISHED: &[(&str, Option<&str>, &str, f64, u16, u16, &[(&str, f64)])] = &[
    ("2023-05", Some("2023-05-31"), "An Giang", 69.63, 13, 63, &[]),
    ("2024", Some("2024-01-22"), "Bình Dương", 83.47, 1, 63, &[]),
    (
        "2024",
        Some("2024-08-19"),
        "Quảng Nam",
        80.1,
        21,
        63,
        &[("CKMB", 13.2), ("TDGQ", 18.4), ("TTTT", 7.7), ("CLGQ", 7.6), ("MDHL", 17.6), ("MDSH", 15.6)],
    ),
    ("2024-04", Some("2024-04-25"), "Bắc Kạn", 75.35, 17, 63, &[("MDHL", 18.0)]),
    ("2024-04", None, "Bắc Kạn", 75.35, 17, 63, &[("MDHL", 18.0)]),
    (
        "2025",
        Some("2025-07-25"),
        "Quảng Trị",
        77.65,
        2,
        34,
        &[("CKMB", 15.4), ("TDGQ", 19.35), ("ONLINE", 9.03), ("MDHL", 17.82), ("MDSH", 16.05)],
    ),
    (
        "2025",
        Some("2025-08-29"),
        "Thái Nguyên",
        86.97,
        1,
        34,
        &[("CKMB", 15.67), ("TDGQ", 19.31), ("ONLINE", 17.49), ("MDHL", 17.86), ("MDSH", 16.64)],
    ),
    ("2025", Some("2025-08-29"), "Quảng Trị", 86.56, 2, 34, &[]),
    ("2025", Some("2025-08-29"), "Thanh Hóa", 86.51, 3, 34, &[]),
    ("2025", Some("2025-08-29"), "Đồng Nai", 86.13, 4, 34, &[]),
    ("2025", Some("2025-08-29"), "Hà Tĩnh", 84.85, 5, 34, &[]),
    // dichvucong.md, "The index": Đồng Nai the day before, 85.75, 3rd.
    ("2025", Some("2025-08-28"), "Đồng Nai", 85.75, 3, 34, &[]),
];

#[test]
fn every_published_figure_comes_out_of_the_demo_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = dvcrank::demo::default_paths(&root());
    paths.store = dir.path().join("demo.db");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let outcome = rt.block_on(dvcrank::demo::run(&paths)).expect("demo runs");
    assert!(!outcome.report.has_failures(), "{:#?}", outcome.report);
    let store = outcome.store;
    let registry = Registry::builtin();
    for &(p, day, name, total, rank, of, groups) in PUBLISHED {
        let what = format!("{name} {p} as of {day:?}");
        let p = period(p);
        let province = registry.resolve_in(name, p.era()).unwrap();
        let as_of = day.map(|d| at(&format!("{d}T16:59:59Z")));
        let sel = IndexSelection { period: p, group: None, as_of, scope: IndexScope::National };
        let table = query::index_table(&store, &sel).unwrap();
        assert_eq!(table.ranking.entries.len(), usize::from(of), "{what}");
        assert!(table.checks.is_empty(), "{what}: {:?}", table.checks);
        if let Some(day) = day {
            let last = table.captured.map(|c| dvcrank::extract::index_page::vietnam_date(c.1));
            assert_eq!(last, Some(days(day)), "{what}: the reading of that day");
        }
        let e = table.ranking.entries.iter().find(|e| e.province == province).expect(&what);
        assert_eq!((e.value, e.rank, e.published_rank), (total, rank, Some(rank)), "{what}");
        for (group, value) in groups {
            let g: IndexGroup = group.parse().unwrap();
            assert_eq!(e.groups.get(&g), Some(value), "{what} {group}");
        }
    }

    // A province's units: departments and districts before 2025, communes after; a
    // pre-2025 name after the merger means the province it became part of.
    let units = |p: &str, name: &str, level| {
        let province = registry.resolve_in(name, Era::Pre2025).unwrap();
        let scope = IndexScope::DrillDown { province, level };
        query::index_table(&store, &IndexSelection { period: period(p), group: None, as_of: None, scope })
    };
    assert_eq!(units("2024-04", "Lạng Sơn", UnitLevel::Department).unwrap().ranking.entries.len(), 19);
    assert_eq!(units("2024-04", "Lạng Sơn", UnitLevel::District).unwrap().ranking.entries.len(), 11);
    assert_eq!(units("2025-08", "Lạng Sơn", UnitLevel::Commune).unwrap().ranking.entries.len(), 20);
    let err = units("2025-08", "Bắc Kạn", UnitLevel::Commune).unwrap_err().to_string();
    assert!(err.contains("Thái Nguyên") && err.contains("--drill"), "{err}");
    let vp = units("2025-08", "Vĩnh Phúc", UnitLevel::Department).unwrap();
    assert_eq!(vp.province, Some(code(Era::Post2025, 25)), "Vĩnh Phúc is part of Phú Thọ");
    // A group the period does not have is refused with the groups it has.
    let sel = IndexSelection {
        period: period("2025-08"),
        group: Some(IndexGroup::OnlineService),
        as_of: None,
        scope: IndexScope::National,
    };
    let err = query::index_table(&store, &sel).unwrap_err().to_string();
    assert!(err.contains("ONLINE"), "{err}");
    // ONLINE before the merger is the sum of its two halves.
    let as_of = Some(at("2024-08-19T16:59:59Z"));
    let online = query::index_ranking(&store, period("2024"), Some(IndexGroup::OnlineCombined), as_of).unwrap();
    let quang_nam = online.entries.iter().find(|e| e.name == "Quảng Nam").unwrap();
    assert!((quang_nam.value - 15.3).abs() < 1e-9, "7.7 + 7.6: {}", quang_nam.value);
    store.flush().unwrap();
    drop(store);

    // The same through the command line, as a provincial office runs it.
    for &(p, day, name, total, rank, _, _) in PUBLISHED {
        let p = period(p);
        let province = registry.resolve_in(name, p.era()).unwrap();
        let mut args = vec!["rank".to_string(), "--store".into(), paths.store.display().to_string()];
        args.extend(["--period".into(), p.to_string(), "--format".into(), "csv".into()]);
        args.extend(day.map(|d| ["--as-of".to_string(), d.to_string()]).into_iter().flatten());
        args.extend(["--provinces".into(), name.to_string()]);
        let out = Command::cargo_bin("dvcrank").unwrap().args(&args).output().unwrap();
        let what = format!("dvcrank {}", args.join(" "));
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        let csv = String::from_utf8(out.stdout).unwrap();
        let line = format!("{p},{rank},{province},{},{total},", registry.name(province));
        assert_eq!(csv.lines().count(), 2, "{what}: one province asked: {csv}");
        assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with(&line)), "{what}: {csv}");
    }
}
