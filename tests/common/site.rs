//! A generated bulletin site served from memory on 127.0.0.1, for the crawl tests and
//! the crawl benchmark: listing pages (`/tin?page=N`, a "next" link each) and bulletin
//! pages (`/bai/N.html`) whose text carries figures the extractor reads. The server
//! answers conditional GETs (ETag), can hold every answer back for a while (a slow
//! site), and counts requests and the most it had in flight at once. Its selectors
//! file comes with it. I/O: loopback TCP only.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use tokio::task::JoinHandle;

/// One page the server holds.
#[derive(Debug, Clone)]
pub struct Page {
    /// The `Content-Type` header.
    pub content_type: String,
    /// The bytes sent.
    pub body: Vec<u8>,
}

impl Page {
    /// A UTF-8 HTML page.
    pub fn html(text: String) -> Page {
        Page { content_type: "text/html; charset=utf-8".into(), body: text.into_bytes() }
    }
}

/// What bulletin `i` says: received (total), of which online, in its month.
pub fn figures(i: usize) -> (u64, u64, u32, i32) {
    let total = 1_000 + (i as u64 * 37) % 9_000;
    let online = total * (30 + (i as u64 % 60)) / 100;
    let month = (i % 12) as u32 + 1;
    let year = 2015 + (i / 12) as i32 % 10;
    (total, online, month, year)
}

/// Vietnamese thousands: 12345 → "12.345".
fn vn(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The text of bulletin `i` (its body paragraph).
pub fn bulletin_text(i: usize) -> String {
    let (total, online, month, year) = figures(i);
    format!(
        "Trong tháng {month} năm {year}, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận {} hồ sơ, \
         trong đó trực tuyến {} hồ sơ.",
        vn(total),
        vn(online)
    )
}

/// Bulletin `i` as a page.
pub fn bulletin_page(i: usize) -> String {
    let (_, _, month, year) = figures(i);
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bản tin {i}</title></head><body>\
         <h1 class=\"title\">Kết quả giải quyết hồ sơ tháng {month}/{year}</h1>\
         <div class=\"date\">05/{:02}/{year}</div>\
         <div class=\"content\"><p>{}</p><p>Các đơn vị tiếp tục đẩy mạnh cải cách hành chính.</p></div>\
         <div class=\"related\"><a href=\"/bai/{}.html\">Tin khác</a></div></body></html>",
        month,
        bulletin_text(i),
        (i + 1) % 7
    )
}

/// Listing page `n` (1-based) linking `ids`, with a next link unless `last`.
pub fn listing_page(n: usize, ids: &[usize], last: bool) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Cải cách hành chính</title></head><body>\
         <div class=\"list\">",
    );
    for i in ids {
        out.push_str(&format!("<h3><a href=\"/bai/{i}.html\">Tình hình giải quyết hồ sơ, bản tin số {i}</a></h3>"));
    }
    out.push_str("</div>");
    if !last {
        out.push_str(&format!("<a class=\"next\" href=\"/tin?page={}\">Trang sau</a>", n + 1));
    }
    out.push_str("</body></html>");
    out
}

/// A site of `bulletins` bulletins, `per_listing` to a listing page, newest first.
pub fn generate(bulletins: usize, per_listing: usize) -> BTreeMap<String, Page> {
    let mut pages = BTreeMap::new();
    let ids: Vec<usize> = (0..bulletins).rev().collect();
    let chunks: Vec<&[usize]> = ids.chunks(per_listing.max(1)).collect();
    for (k, chunk) in chunks.iter().enumerate() {
        pages.insert(format!("/tin?page={}", k + 1), Page::html(listing_page(k + 1, chunk, k + 1 == chunks.len())));
    }
    for i in 0..bulletins {
        pages.insert(format!("/bai/{i}.html"), Page::html(bulletin_page(i)));
    }
    pages
}

/// The number of listing pages `generate` makes.
pub fn listing_count(bulletins: usize, per_listing: usize) -> usize {
    bulletins.div_ceil(per_listing.max(1))
}

/// The selectors file of the generated site on `host` (`127.0.0.1:port`); `crawl` is
/// the body of its `[crawl]` table, `extra` more tables.
pub fn selectors_toml(host: &str, crawl: &str, extra: &str) -> String {
    format!(
        r#"format = 1
name = "Generated test site"
kind = "provincial_portal"
province = "Bến Tre"
allowed_hosts = ["{host}"]
start_urls = ["http://{host}/tin?page=1"]

[crawl]
allow_private = true
{crawl}

{extra}

[listing]
links = "div.list h3 a"
next_page = "a.next"
include_title = "(?i)hồ sơ"
include_url = "/bai/\\d+\\.html$"

[article]
title = "h1.title"
date = "div.date"
body = "div.content"
exclude = ["div.related"]
"#
    )
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

struct SiteState {
    pages: BTreeMap<String, Page>,
    delay: Duration,
    counters: Counters,
}

/// The site, running; stopped when dropped.
pub struct Site {
    addr: SocketAddr,
    state: Arc<SiteState>,
    task: JoinHandle<()>,
}

impl Site {
    /// Serves `pages`, holding each answer back for `delay`.
    pub async fn start(pages: BTreeMap<String, Page>, delay: Duration) -> Site {
        Site::start_with(|_| pages, delay).await
    }

    /// Serves the pages `make` writes for the site's host (`127.0.0.1:port`), for pages
    /// that hold absolute links.
    pub async fn start_with(make: impl FnOnce(&str) -> BTreeMap<String, Page>, delay: Duration) -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(SiteState { pages: make(&addr.to_string()), delay, counters: Counters::default() });
        let app = Router::new().fallback(serve).with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serves");
        });
        Site { addr, state, task }
    }

    /// `127.0.0.1:port`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Requests answered or being answered so far.
    pub fn requests(&self) -> usize {
        self.state.counters.requests.load(Ordering::SeqCst)
    }

    /// The most requests the server had in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.state.counters.max_in_flight.load(Ordering::SeqCst)
    }

    /// Forgets the counts.
    pub fn reset_counts(&self) {
        self.state.counters.requests.store(0, Ordering::SeqCst);
        self.state.counters.max_in_flight.store(0, Ordering::SeqCst);
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(State(state): State<Arc<SiteState>>, uri: Uri, headers: HeaderMap) -> Response {
    let c = &state.counters;
    c.requests.fetch_add(1, Ordering::SeqCst);
    let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    c.max_in_flight.fetch_max(now, Ordering::SeqCst);
    if !state.delay.is_zero() {
        tokio::time::sleep(state.delay).await;
    }
    let key = uri.path_and_query().map_or("/", |p| p.as_str());
    let response = match state.pages.get(key) {
        None => Response::builder().status(StatusCode::NOT_FOUND).body(Body::empty()),
        Some(page) => {
            let etag = format!("\"{:x}-{}\"", fxhash(&page.body), page.body.len());
            if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
                Response::builder().status(StatusCode::NOT_MODIFIED).header(header::ETAG, etag).body(Body::empty())
            } else {
                Response::builder()
                    .header(header::CONTENT_TYPE, page.content_type.as_str())
                    .header(header::ETAG, etag)
                    .body(Body::from(page.body.clone()))
            }
        }
    };
    c.in_flight.fetch_sub(1, Ordering::SeqCst);
    response.expect("valid response")
}

/// A small stable hash for ETags (FNV-1a).
fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}
