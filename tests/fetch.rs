//! The fetcher against local servers on 127.0.0.1 (wiremock, plus a raw TCP server for
//! what wiremock cannot do): allowed hosts, robots.txt, conditional GET, retries,
//! Retry-After, bursts of 5xx, redirects, body caps, truncated bodies, timeouts,
//! per-host politeness, private hosts per source, cookies and the dichvucong-style
//! form POST. Waits are only checked from below (they are behaviour);
//! nothing asserts that something was fast.

#[path = "common/fetch_server.rs"]
mod fetch_server;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use dvcrank::clock::FixedClock;
use dvcrank::fetch::{FetchConfig, FetchOutcome, Fetched, Fetcher, HostRules, Request, Validators};
use dvcrank::Error;
use fetch_server::{chunked, ok, RawServer, Script};
use tokio::sync::Notify;
use url::Url;
use wiremock::matchers::{body_string, header, headers, method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 4, 25, 9, 30, 0).single().expect("valid time")
}

/// Loopback allowed, quick deterministic backoff, robots.txt respected.
fn config() -> FetchConfig {
    FetchConfig {
        allow_private: true,
        timeout: Duration::from_secs(10),
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(50),
        jitter_seed: Some(7),
        ..FetchConfig::default()
    }
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config, Arc::new(FixedClock::new(t0()))).expect("fetcher builds")
}

fn host(server: &MockServer) -> String {
    server.address().to_string()
}

fn rules(hosts: &[String], delay: Duration) -> HostRules {
    HostRules { delay, ..HostRules::new(hosts.to_vec()) }
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).expect("valid url")
}

async fn no_robots(server: &MockServer) {
    Mock::given(method("GET")).and(path("/robots.txt")).respond_with(ResponseTemplate::new(404)).mount(server).await;
}

async fn robots(server: &MockServer, txt: &str) {
    robots_at(server, "/robots.txt", txt).await;
}

async fn robots_at(server: &MockServer, at: &str, txt: &str) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_string(txt))
        .expect(1)
        .mount(server)
        .await;
}

fn fetched(outcome: FetchOutcome) -> Fetched {
    match outcome {
        FetchOutcome::Fetched(f) => f,
        other => panic!("expected a page, got {other:?}"),
    }
}

fn failed(outcome: FetchOutcome) -> Error {
    match outcome {
        FetchOutcome::Failed(e) => e,
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Answers from a list in turn (the last one repeats) and notes when each request came.
#[derive(Clone)]
struct Sequence {
    answers: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Sequence {
    fn new(answers: Vec<ResponseTemplate>) -> Sequence {
        Sequence { answers, arrivals: Arc::default() }
    }

    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().expect("not poisoned").clone()
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().expect("not poisoned");
        arrivals.push(Instant::now());
        let i = (arrivals.len() - 1).min(self.answers.len() - 1);
        self.answers[i].clone()
    }
}

fn gaps(times: &[Instant]) -> Vec<Duration> {
    times.windows(2).map(|w| w[1].duration_since(w[0])).collect()
}

#[tokio::test]
async fn plain_200() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(method("GET"))
        .and(path("/tin-tuc/1.html"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<p>Bắc Kạn</p>", "text/html; charset=utf-8")
                .insert_header("etag", "\"v1\"")
                .insert_header("last-modified", "Thu, 25 Apr 2024 08:00:00 GMT"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let target = url(&server, "/tin-tuc/1.html");
    let page =
        fetched(fetcher(config()).fetch(&Request::get(target.clone()), &rules(&[host(&server)], Duration::ZERO)).await);
    assert_eq!(page.status, 200);
    assert_eq!(page.body, "<p>Bắc Kạn</p>".as_bytes());
    assert_eq!(page.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(page.etag.as_deref(), Some("\"v1\""));
    assert_eq!(page.last_modified.as_deref(), Some("Thu, 25 Apr 2024 08:00:00 GMT"));
    assert_eq!((page.url, page.final_url), (target.clone(), target));
    assert_eq!(page.fetched_at, t0());
    assert_eq!(page.attempts, 1);
    let requests = server.received_requests().await.expect("recording");
    let ua = requests.iter().find(|r| r.url.path() == "/tin-tuc/1.html").and_then(|r| r.headers.get("user-agent"));
    assert_eq!(ua.and_then(|v| v.to_str().ok()), Some(dvcrank::fetch::DEFAULT_USER_AGENT));
}

#[tokio::test]
async fn host_not_allowed() {
    let server = MockServer::start().await;
    let f = fetcher(config());
    let other = rules(&["dichvucong.gov.vn".to_owned()], Duration::ZERO);
    let err = failed(f.fetch(&Request::get(url(&server, "/x")), &other).await);
    assert!(matches!(err, Error::HostNotAllowed { .. }), "{err}");
    // The port is part of the host: the same address on another port is another host.
    let wrong_port = rules(&["127.0.0.1:1".to_owned()], Duration::ZERO);
    let err = failed(f.fetch(&Request::get(url(&server, "/x")), &wrong_port).await);
    assert!(matches!(err, Error::HostNotAllowed { .. }), "{err}");
    let ftp = Url::parse(&format!("ftp://{}/x", host(&server))).expect("valid url");
    let err = failed(f.fetch(&Request::get(ftp), &rules(&[host(&server)], Duration::ZERO)).await);
    assert!(matches!(err, Error::HostNotAllowed { .. }), "{err}");
    assert_eq!(server.received_requests().await.expect("recording").len(), 0);
}

#[tokio::test]
async fn private_addresses_refused_unless_allowed() {
    let server = MockServer::start().await;
    let strict = fetcher(FetchConfig { allow_private: false, ..config() });
    let port = server.address().port();
    for (u, h) in [
        (url(&server, "/x"), host(&server)),
        (Url::parse(&format!("http://localhost:{port}/x")).expect("valid url"), format!("localhost:{port}")),
    ] {
        let err = failed(strict.fetch(&Request::get(u.clone()), &rules(&[h], Duration::ZERO)).await);
        assert!(
            matches!(&err, Error::PrivateAddress { address, .. } if address == "127.0.0.1" || address == "::1"),
            "{u}: {err}"
        );
    }
    assert_eq!(server.received_requests().await.expect("recording").len(), 0, "nothing, not even robots.txt, was sent");
}

#[tokio::test]
async fn robots_disallow_blocks_without_a_request() {
    let server = MockServer::start().await;
    robots(&server, "User-agent: *\nDisallow: /private/\n").await;
    Mock::given(path("/private/page.html")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    Mock::given(path("/public/page.html")).respond_with(ResponseTemplate::new(200)).expect(2).mount(&server).await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    let err = failed(f.fetch(&Request::get(url(&server, "/private/page.html")), &r).await);
    assert!(matches!(err, Error::RobotsDisallowed { .. }), "{err}");
    // robots.txt is fetched once (`expect(1)` above) and cached, also across clones.
    fetched(f.fetch(&Request::get(url(&server, "/public/page.html")), &r).await);
    fetched(f.clone().fetch(&Request::get(url(&server, "/public/page.html")), &r).await);
}

#[tokio::test]
async fn robots_404_allows_everything() {
    let server = MockServer::start().await;
    Mock::given(path("/robots.txt")).respond_with(ResponseTemplate::new(404)).expect(1).mount(&server).await;
    Mock::given(path("/private/page.html")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    let r = rules(&[host(&server)], Duration::ZERO);
    fetched(fetcher(config()).fetch(&Request::get(url(&server, "/private/page.html")), &r).await);
}

#[tokio::test]
async fn robots_5xx_disallows_the_host_for_the_run() {
    let server = MockServer::start().await;
    // Retried like any request (retries = 1), then given up on.
    Mock::given(path("/robots.txt")).respond_with(ResponseTemplate::new(503)).expect(2).mount(&server).await;
    Mock::given(path("/page.html")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let f = fetcher(FetchConfig { retries: 1, ..config() });
    let r = rules(&[host(&server)], Duration::ZERO);
    for _ in 0..2 {
        let err = failed(f.fetch(&Request::get(url(&server, "/page.html")), &r).await);
        assert!(matches!(&err, Error::RobotsUnavailable { reason, .. } if reason.contains("503")), "{err}");
        assert!(err.to_string().contains("robots.txt"), "{err}");
    }
}

#[tokio::test]
async fn robots_unreachable_disallows_the_host() {
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let f = fetcher(FetchConfig { retries: 0, ..config() });
    let u = Url::parse(&format!("http://127.0.0.1:{port}/x")).expect("valid url");
    let err = failed(f.fetch(&Request::get(u), &rules(&[format!("127.0.0.1:{port}")], Duration::ZERO)).await);
    assert!(matches!(err, Error::RobotsUnavailable { .. }), "{err}");
}

#[tokio::test]
async fn robots_redirect_is_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/static/robots.txt"))
        .expect(1)
        .mount(&server)
        .await;
    robots_at(&server, "/static/robots.txt", "User-agent: *\nDisallow: /search\n").await;
    Mock::given(path("/search")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let r = rules(&[host(&server)], Duration::ZERO);
    let err = failed(fetcher(config()).fetch(&Request::get(url(&server, "/search")), &r).await);
    assert!(matches!(err, Error::RobotsDisallowed { .. }), "{err}");
}

#[tokio::test]
async fn robots_crawl_delay_raises_the_host_delay() {
    let server = MockServer::start().await;
    robots(&server, "User-agent: dvcrank\nCrawl-delay: 0.3\n").await;
    let seq = Sequence::new(vec![ResponseTemplate::new(200)]);
    Mock::given(path("/p")).respond_with(seq.clone()).expect(2).mount(&server).await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    for _ in 0..2 {
        fetched(f.fetch(&Request::get(url(&server, "/p")), &r).await);
    }
    let gap = gaps(&seq.arrivals())[0];
    assert!(gap >= Duration::from_millis(280), "second request after {gap:?}");
}

#[tokio::test]
async fn etag_then_304_is_not_modified() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/bulletin"))
        .and(header("if-none-match", "\"abc\""))
        // wiremock splits header values on commas, dates included.
        .and(headers("if-modified-since", vec!["Thu", "25 Apr 2024 08:00:00 GMT"]))
        .respond_with(ResponseTemplate::new(304))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/bulletin"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"abc\"").set_body_string("v1"))
        .expect(1)
        .mount(&server)
        .await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    let target = url(&server, "/bulletin");
    let first = fetched(f.fetch(&Request::get(target.clone()), &r).await);
    let validators = Validators { etag: first.etag, last_modified: Some("Thu, 25 Apr 2024 08:00:00 GMT".into()) };
    match f.fetch(&Request::Get { url: target.clone(), validators: Some(validators) }, &r).await {
        FetchOutcome::NotModified { url, fetched_at } => {
            assert_eq!((url, fetched_at), (target, t0()))
        }
        other => panic!("expected NotModified, got {other:?}"),
    }
}

#[tokio::test]
async fn retry_503_then_200() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let seq = Sequence::new(vec![ResponseTemplate::new(503), ResponseTemplate::new(200).set_body_string("ok")]);
    Mock::given(path("/p")).respond_with(seq).expect(2).mount(&server).await;
    let page = fetched(
        fetcher(config()).fetch(&Request::get(url(&server, "/p")), &rules(&[host(&server)], Duration::ZERO)).await,
    );
    assert_eq!(page.body, b"ok");
    assert_eq!(page.attempts, 2);
}

#[tokio::test]
async fn status_500_forever_gives_up_after_retries() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/p")).respond_with(ResponseTemplate::new(500)).expect(3).mount(&server).await;
    let f = fetcher(FetchConfig { retries: 2, ..config() });
    let err = failed(f.fetch(&Request::get(url(&server, "/p")), &rules(&[host(&server)], Duration::ZERO)).await);
    assert!(matches!(err, Error::Status { code: 500, .. }), "{err}");
}

#[tokio::test]
async fn status_429_retry_after_is_respected() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let seq = Sequence::new(vec![
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(200).set_body_string("ok"),
    ]);
    Mock::given(path("/p")).respond_with(seq.clone()).expect(2).mount(&server).await;
    let page = fetched(
        fetcher(config()).fetch(&Request::get(url(&server, "/p")), &rules(&[host(&server)], Duration::ZERO)).await,
    );
    assert_eq!(page.attempts, 2);
    let gap = gaps(&seq.arrivals())[0];
    assert!(gap >= Duration::from_millis(950), "retried after {gap:?}");
}

#[tokio::test]
async fn retry_after_holds_back_the_whole_host() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let throttled =
        Sequence::new(vec![ResponseTemplate::new(429).insert_header("retry-after", "1"), ResponseTemplate::new(200)]);
    let other = Sequence::new(vec![ResponseTemplate::new(200)]);
    Mock::given(path("/a")).respond_with(throttled.clone()).expect(2).mount(&server).await;
    Mock::given(path("/b")).respond_with(other.clone()).expect(1).mount(&server).await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    let (req_a, req_b) = (Request::get(url(&server, "/a")), Request::get(url(&server, "/b")));
    let (ra, rb) = tokio::join!(f.fetch(&req_a, &r), async {
        // Queue behind /a's first attempt.
        tokio::time::sleep(Duration::from_millis(50)).await;
        f.fetch(&req_b, &r).await
    });
    fetched(ra);
    fetched(rb);
    let first_a = throttled.arrivals()[0];
    let b_at = other.arrivals()[0];
    assert!(
        b_at.duration_since(first_a) >= Duration::from_millis(950),
        "/b sent {:?} after the 429",
        b_at.duration_since(first_a)
    );
}

#[tokio::test]
async fn retry_after_beyond_the_cap_fails() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let err = failed(
        fetcher(config()).fetch(&Request::get(url(&server, "/p")), &rules(&[host(&server)], Duration::ZERO)).await,
    );
    assert!(matches!(err, Error::RetryAfterTooLong { code: 503, seconds: 3600, .. }), "{err}");
}

#[tokio::test]
async fn status_404_is_not_retried() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/gone")).respond_with(ResponseTemplate::new(404)).expect(1).mount(&server).await;
    let err = failed(
        fetcher(config()).fetch(&Request::get(url(&server, "/gone")), &rules(&[host(&server)], Duration::ZERO)).await,
    );
    assert!(matches!(err, Error::Status { code: 404, .. }), "{err}");
}

fn redirect(to: &str) -> ResponseTemplate {
    ResponseTemplate::new(302).insert_header("location", to)
}

#[tokio::test]
async fn redirect_loop_is_caught() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/a")).respond_with(redirect("/b")).expect(1).mount(&server).await;
    Mock::given(path("/b")).respond_with(redirect("/a")).expect(1).mount(&server).await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    let err = failed(f.fetch(&Request::get(url(&server, "/a")), &r).await);
    assert!(matches!(err, Error::RedirectLoop { .. }), "{err}");
}

#[tokio::test]
async fn too_many_redirects() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    for i in 0..5 {
        Mock::given(path(format!("/r{i}"))).respond_with(redirect(&format!("/r{}", i + 1))).mount(&server).await;
    }
    Mock::given(path("/r5")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let f = fetcher(FetchConfig { max_redirects: 2, ..config() });
    let err = failed(f.fetch(&Request::get(url(&server, "/r0")), &rules(&[host(&server)], Duration::ZERO)).await);
    assert!(matches!(err, Error::RedirectLoop { .. }), "{err}");
}

#[tokio::test]
async fn redirect_off_host_is_refused() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    no_robots(&server).await;
    let target = url(&elsewhere, "/phishing");
    Mock::given(path("/a")).respond_with(redirect(target.as_str())).expect(1).mount(&server).await;
    Mock::given(path("/phishing")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&elsewhere).await;
    let err = failed(
        fetcher(config()).fetch(&Request::get(url(&server, "/a")), &rules(&[host(&server)], Duration::ZERO)).await,
    );
    match err {
        Error::RedirectOffHost { from, to } => {
            assert_eq!(from, url(&server, "/a").as_str());
            assert_eq!(to, target.as_str());
        }
        other => panic!("expected RedirectOffHost, got {other}"),
    }
}

#[tokio::test]
async fn redirect_within_allowed_hosts_is_followed() {
    let server = MockServer::start().await;
    let mirror = MockServer::start().await;
    no_robots(&server).await;
    no_robots(&mirror).await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/new"))
        .mount(&server)
        .await;
    let on_mirror = url(&mirror, "/final");
    Mock::given(path("/new")).respond_with(redirect(on_mirror.as_str())).expect(1).mount(&server).await;
    Mock::given(path("/final"))
        .respond_with(ResponseTemplate::new(200).set_body_string("here"))
        .expect(1)
        .mount(&mirror)
        .await;
    let r = rules(&[host(&server), host(&mirror)], Duration::ZERO);
    let page = fetched(fetcher(config()).fetch(&Request::get(url(&server, "/old")), &r).await);
    assert_eq!(page.url, url(&server, "/old"));
    assert_eq!(page.final_url, on_mirror);
    assert_eq!(page.body, b"here");
    assert_eq!(page.attempts, 3);
}

#[tokio::test]
async fn oversized_body_with_content_length() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 4096]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/fits"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 1000]))
        .expect(1)
        .mount(&server)
        .await;
    let f = fetcher(FetchConfig { max_body: 1000, ..config() });
    let r = rules(&[host(&server)], Duration::ZERO);
    let err = failed(f.fetch(&Request::get(url(&server, "/big")), &r).await);
    assert!(matches!(err, Error::BodyTooLarge { limit: 1000, .. }), "{err}");
    assert_eq!(fetched(f.fetch(&Request::get(url(&server, "/fits")), &r).await).body.len(), 1000);
}

#[tokio::test]
async fn oversized_chunked_body_without_length() {
    let part = [b'x'; 400];
    let server = RawServer::start(vec![Script::Raw(chunked(&[&part, &part, &part, &part]))]).await;
    let f = fetcher(FetchConfig { max_body: 1000, respect_robots: false, ..config() });
    let err = failed(f.fetch(&Request::get(server.url("/big")), &rules(&[server.host()], Duration::ZERO)).await);
    assert!(matches!(err, Error::BodyTooLarge { limit: 1000, .. }), "{err}");
    assert_eq!(server.hits(), 1, "not retried");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("compresses");
    enc.finish().expect("compresses")
}

#[tokio::test]
async fn gzip_bomb_hits_the_cap() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let bomb = gzip(&vec![0u8; 8 * 1024 * 1024]);
    assert!(bomb.len() < 64 * 1024, "a small download: {} bytes", bomb.len());
    Mock::given(path("/bomb"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-encoding", "gzip").set_body_bytes(bomb))
        .expect(1)
        .mount(&server)
        .await;
    let honest = gzip("Trung tâm Phục vụ hành chính công".as_bytes());
    Mock::given(path("/honest"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-encoding", "gzip").set_body_bytes(honest))
        .mount(&server)
        .await;
    let f = fetcher(FetchConfig { max_body: 1024 * 1024, ..config() });
    let r = rules(&[host(&server)], Duration::ZERO);
    let err = failed(f.fetch(&Request::get(url(&server, "/bomb")), &r).await);
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err}");
    let page = fetched(f.fetch(&Request::get(url(&server, "/honest")), &r).await);
    assert_eq!(page.body, "Trung tâm Phục vụ hành chính công".as_bytes());
}

#[tokio::test]
async fn compressed_bodies_decode_and_the_compressed_size_is_capped_too() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let text = "Trung tâm Phục vụ hành chính công đã tiếp nhận 72.165 hồ sơ.".repeat(20);
    let coded = |coding: &str, body: Vec<u8>| {
        ResponseTemplate::new(200).insert_header("content-encoding", coding).set_body_bytes(body)
    };
    let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    deflated.write_all(text.as_bytes()).expect("compresses");
    let mut raw_deflated = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    raw_deflated.write_all(text.as_bytes()).expect("compresses");
    let mut brotli = Vec::new();
    brotli::BrotliCompress(&mut text.as_bytes(), &mut brotli, &brotli::enc::BrotliEncoderParams::default())
        .expect("compresses");
    // Pseudo-random bytes do not compress: 300 KB on the wire, under the decoded cap.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let noise: Vec<u8> = (0..300_000)
        .map(|_| {
            // xorshift64: bytes with no pattern for gzip to find.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect();
    let answers = [
        ("/gzip", coded("gzip", gzip(text.as_bytes()))),
        ("/deflate", coded("deflate", deflated.finish().expect("compresses"))),
        ("/raw-deflate", coded("deflate", raw_deflated.finish().expect("compresses"))),
        ("/br", coded("br", brotli)),
        ("/twice", coded("gzip, gzip", gzip(&gzip(text.as_bytes())))),
        ("/noise", coded("gzip", gzip(&noise))),
        ("/compress", coded("compress", b"whatever".to_vec())),
    ];
    for (at, answer) in answers {
        Mock::given(path(at))
            .and(headers("accept-encoding", vec!["gzip", "deflate", "br"]))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    let f = fetcher(FetchConfig { max_body: 1024 * 1024, max_compressed_body: 100_000, ..config() });
    let r = rules(&[host(&server)], Duration::ZERO);
    for at in ["/gzip", "/deflate", "/raw-deflate", "/br", "/twice"] {
        let page = fetched(f.fetch(&Request::get(url(&server, at)), &r).await);
        assert_eq!(page.body, text.as_bytes(), "{at}");
    }
    let err = failed(f.fetch(&Request::get(url(&server, "/noise")), &r).await);
    assert!(matches!(err, Error::BodyTooLarge { limit: 100_000, .. }), "the compressed cap: {err}");
    let err = failed(f.fetch(&Request::get(url(&server, "/compress")), &r).await);
    assert!(err.to_string().contains("unsupported Content-Encoding `compress`"), "{err}");
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .expect(2)
        .mount(&server)
        .await;
    let f = fetcher(FetchConfig { timeout: Duration::from_millis(300), retries: 1, ..config() });
    let err = failed(f.fetch(&Request::get(url(&server, "/slow")), &rules(&[host(&server)], Duration::ZERO)).await);
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
}

#[tokio::test]
async fn trickling_body_times_out() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n".to_vec();
    let trickle = Script::Trickle { head, chunk: b"x".to_vec(), every: Duration::from_millis(50), count: 1000 };
    let server = RawServer::start(vec![trickle]).await;
    let f = fetcher(FetchConfig { timeout: Duration::from_millis(400), retries: 0, respect_robots: false, ..config() });
    let err = failed(f.fetch(&Request::get(server.url("/drip")), &rules(&[server.host()], Duration::ZERO)).await);
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
}

#[tokio::test]
async fn connection_closed_then_ok_is_retried() {
    let server = RawServer::start(vec![Script::Close, Script::Raw(ok("second time"))]).await;
    let f = fetcher(FetchConfig { respect_robots: false, ..config() });
    let page = fetched(f.fetch(&Request::get(server.url("/p")), &rules(&[server.host()], Duration::ZERO)).await);
    assert_eq!(page.body, b"second time");
    assert_eq!(page.attempts, 2);
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn burst_of_5xx_then_200_within_the_retries() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let seq = Sequence::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(502),
        ResponseTemplate::new(500),
        ResponseTemplate::new(200).set_body_string("ok"),
    ]);
    Mock::given(path("/p")).respond_with(seq).expect(4).mount(&server).await;
    let f = fetcher(FetchConfig { retries: 3, ..config() });
    let page = fetched(f.fetch(&Request::get(url(&server, "/p")), &rules(&[host(&server)], Duration::ZERO)).await);
    assert_eq!((page.body.as_slice(), page.attempts), (&b"ok"[..], 4));
}

#[tokio::test]
async fn truncated_body_is_retried_then_fails() {
    // Content-Length promises 1000 bytes; 10 arrive and the connection closes.
    let truncated =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n<html><bod"
            .to_vec();
    let server = RawServer::start(vec![Script::Raw(truncated)]).await;
    let f = fetcher(FetchConfig { respect_robots: false, retries: 2, ..config() });
    let err = failed(f.fetch(&Request::get(server.url("/p")), &rules(&[server.host()], Duration::ZERO)).await);
    assert!(matches!(err, Error::Http { .. }), "{err}");
    assert_eq!(server.hits(), 3, "tried again, as for a reset");
}

#[tokio::test]
async fn truncated_then_whole_body_is_kept() {
    let truncated = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\npartial".to_vec();
    let server = RawServer::start(vec![Script::Raw(truncated), Script::Raw(ok("whole"))]).await;
    let f = fetcher(FetchConfig { respect_robots: false, ..config() });
    let page = fetched(f.fetch(&Request::get(server.url("/p")), &rules(&[server.host()], Duration::ZERO)).await);
    assert_eq!(page.body, b"whole", "never the partial body");
}

#[tokio::test]
async fn corrupt_gzip_is_not_retried() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let not_gzip =
        ResponseTemplate::new(200).insert_header("content-encoding", "gzip").set_body_bytes(b"plain text".to_vec());
    Mock::given(path("/p")).respond_with(not_gzip).expect(1).mount(&server).await;
    let err = failed(
        fetcher(config()).fetch(&Request::get(url(&server, "/p")), &rules(&[host(&server)], Duration::ZERO)).await,
    );
    assert!(matches!(err, Error::Http { .. }), "{err}");
}

#[tokio::test]
async fn a_source_may_allow_private_hosts_for_itself() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(path("/p")).respond_with(ResponseTemplate::new(200).set_body_string("ok")).mount(&server).await;
    let public_only = fetcher(FetchConfig { allow_private: false, ..config() });
    let mut r = rules(&[host(&server)], Duration::ZERO);
    let err = failed(public_only.fetch(&Request::get(url(&server, "/p")), &r).await);
    assert!(matches!(err, Error::PrivateAddress { .. }), "{err}");
    r.allow_private = true;
    let page = fetched(public_only.fetch(&Request::get(url(&server, "/p")), &r).await);
    assert_eq!(page.body, b"ok");
}

#[tokio::test]
async fn connection_refused_fails_after_retries() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let f = fetcher(FetchConfig { respect_robots: false, retries: 1, ..config() });
    let u = Url::parse(&format!("http://127.0.0.1:{port}/x")).expect("valid url");
    let err = failed(f.fetch(&Request::get(u), &rules(&[format!("127.0.0.1:{port}")], Duration::ZERO)).await);
    assert!(matches!(err, Error::Http { .. }), "{err}");
}

#[tokio::test]
async fn per_host_spacing() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let seq = Sequence::new(vec![ResponseTemplate::new(200)]);
    Mock::given(path("/p")).respond_with(seq.clone()).expect(3).mount(&server).await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::from_millis(200));
    let req = Request::get(url(&server, "/p"));
    let (a, b, c) = tokio::join!(f.fetch(&req, &r), f.fetch(&req, &r), f.fetch(&req, &r));
    for outcome in [a, b, c] {
        fetched(outcome);
    }
    for gap in gaps(&seq.arrivals()) {
        // The client spaces starts by 200 ms; allow a little for the trip to the server.
        assert!(gap >= Duration::from_millis(180), "requests {gap:?} apart");
    }
}

#[tokio::test]
async fn one_request_in_flight_per_host() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let seq = Sequence::new(vec![ResponseTemplate::new(200).set_delay(Duration::from_millis(300))]);
    Mock::given(path("/p")).respond_with(seq.clone()).expect(3).mount(&server).await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    let req = Request::get(url(&server, "/p"));
    let (a, b, c) = tokio::join!(f.fetch(&req, &r), f.fetch(&req, &r), f.fetch(&req, &r));
    for outcome in [a, b, c] {
        fetched(outcome);
    }
    for gap in gaps(&seq.arrivals()) {
        assert!(gap >= Duration::from_millis(280), "a request started {gap:?} after the previous, before it finished");
    }
}

#[tokio::test]
async fn different_hosts_proceed_concurrently() {
    // Host A answers only once host B has received its request. If the fetcher served
    // hosts one after the other, A would never answer and its fetch would time out.
    let signal = Arc::new(Notify::new());
    let a = RawServer::start(vec![Script::WaitFor { signal: Arc::clone(&signal), bytes: ok("a") }]).await;
    let b = RawServer::start(vec![Script::Signal { signal, bytes: ok("b") }]).await;
    let f = fetcher(FetchConfig { respect_robots: false, retries: 0, timeout: Duration::from_secs(5), ..config() });
    let r = rules(&[a.host(), b.host()], Duration::from_secs(1));
    let (req_a, req_b) = (Request::get(a.url("/")), Request::get(b.url("/")));
    // A goes first, so a fetcher that served one host at a time would block on it.
    let (ra, rb) = tokio::join!(f.fetch(&req_a, &r), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        f.fetch(&req_b, &r).await
    });
    assert_eq!(fetched(ra).body, b"a");
    assert_eq!(fetched(rb).body, b"b");
}

#[tokio::test]
async fn cookie_from_get_is_sent_with_post() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    Mock::given(method("GET"))
        .and(path("/p/home/dvc-index-tinhthanhpho-tonghop.html"))
        .respond_with(ResponseTemplate::new(200).insert_header("set-cookie", "TS01waf=abc123; Path=/; HttpOnly"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/jsp/rest.jsp"))
        .and(header("cookie", "TS01waf=abc123"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let f = fetcher(config());
    let r = rules(&[host(&server)], Duration::ZERO);
    let index = url(&server, "/p/home/dvc-index-tinhthanhpho-tonghop.html");
    fetched(f.fetch(&Request::get(index.clone()), &r).await);
    let post = Request::PostForm {
        url: url(&server, "/jsp/rest.jsp"),
        form: vec![("params".into(), "{}".into())],
        referer: Some(index),
    };
    assert_eq!(fetched(f.fetch(&post, &r).await).body, b"[]");
}

#[tokio::test]
async fn post_form_sends_browser_headers_and_body() {
    let server = MockServer::start().await;
    no_robots(&server).await;
    let params = r#"{"type":"ref","service":"report_tinh_766_service","p_nam":"2024","p_thang":"4","p_tinh_id":"0","pageIndex":1,"pageSize":1000}"#;
    let index = url(&server, "/p/home/dvc-index-tinhthanhpho-tonghop.html");
    let request = Request::PostForm {
        url: url(&server, "/jsp/rest.jsp"),
        form: vec![("params".into(), params.into())],
        referer: Some(index.clone()),
    };
    let encoded = request.form_body().expect("a POST has a body");
    assert!(encoded.starts_with("params=%7B%22type%22%3A%22ref%22"), "{encoded}");
    Mock::given(method("POST"))
        .and(path("/jsp/rest.jsp"))
        .and(header("content-type", "application/x-www-form-urlencoded; charset=UTF-8"))
        .and(header("x-requested-with", "XMLHttpRequest"))
        .and(header("origin", server.uri().as_str()))
        .and(header("referer", index.as_str()))
        .and(body_string(encoded))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"[{"ID":"398126","TONG_SCORE":"75.35"}]"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let page = fetched(fetcher(config()).fetch(&request, &rules(&[host(&server)], Duration::ZERO)).await);
    assert_eq!(page.content_type.as_deref(), Some("application/json"));
    assert!(page.body.starts_with(b"[{\"ID\":\"398126\""));
}
