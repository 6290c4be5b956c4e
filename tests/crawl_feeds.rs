//! Discovery beyond listings: a crawl finds bulletins through the source's RSS feed
//! and through a sitemap index and its sitemaps, as well as its listing; a feed that
//! does not parse and a date selector that finds nothing are reported by name in the
//! run summary, not silently skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/site.rs"]
mod site;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use dvcrank::clock::{Clock, FixedClock};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::pipeline::{CrawlOptions, Crawler};
use dvcrank::source::compile;
use dvcrank::store::{ObservationFilter, Store};
use site::{bulletin_page, listing_page, selectors_toml, Page, Site};

fn xml(text: String) -> Page {
    Page { content_type: "application/xml; charset=utf-8".into(), body: text.into_bytes() }
}

fn rss(host: &str, ids: &[usize]) -> String {
    let items: String = ids
        .iter()
        .map(|i| {
            format!(
                "<item><title>Tình hình giải quyết hồ sơ, bản tin số {i}</title>\
                 <link>http://{host}/bai/{i}.html</link><pubDate>Mon, 05 Jan 2026 08:00:00 +0700</pubDate></item>"
            )
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Tin</title>{items}</channel></rss>")
}

fn urlset(host: &str, paths: &[String]) -> String {
    let urls: String = paths.iter().map(|p| format!("<url><loc>http://{host}{p}</loc></url>")).collect();
    format!("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>")
}

/// Where bulletin `i` is: a sitemap gives no titles, so its bulletins' addresses carry
/// the words of their titles (a slug).
fn bulletin_path(i: usize) -> String {
    if i < 8 {
        format!("/bai/{i}.html")
    } else {
        format!("/bai/tiep-nhan-ho-so-{i}.html")
    }
}

/// Bulletins 0–3 are on the listing, 4–7 in the RSS feed, 8–11 in a sitemap reached
/// through a sitemap index (with the contact page, which is not a bulletin); bulletin
/// 11 has lost its date line.
fn pages(host: &str) -> BTreeMap<String, Page> {
    let mut pages = BTreeMap::new();
    pages.insert("/tin?page=1".to_string(), Page::html(listing_page(1, &[0, 1, 2, 3], true)));
    for i in 0..12 {
        let mut page = bulletin_page(i);
        if i == 11 {
            page = page.replace("<div class=\"date\">", "<div class=\"posted\">");
        }
        pages.insert(bulletin_path(i), Page::html(page));
    }
    pages.insert("/lien-he.html".to_string(), Page::html("<html><body>Liên hệ</body></html>".into()));
    pages.insert("/rss.xml".into(), xml(rss(host, &[4, 5, 6, 7])));
    pages.insert("/broken.rss".into(), xml("<rss><channel><item><link>".into()));
    let sitemap: Vec<String> = (8..12).map(bulletin_path).chain(["/lien-he.html".into()]).collect();
    pages.insert("/sitemap-1.xml".into(), xml(urlset(host, &sitemap)));
    pages.insert(
        "/sitemap.xml".into(),
        xml(format!(
            "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
             <sitemap><loc>http://{host}/sitemap-1.xml</loc></sitemap></sitemapindex>"
        )),
    );
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_and_sitemaps_find_bulletins_and_misses_are_reported_by_name() {
    let site = Site::start_with(pages, Duration::ZERO).await;
    let host = site.host();

    let toml = selectors_toml(&host, "delay = \"0s\"", "")
        .replace(r"/bai/\\d+", r"/bai/[a-z-]*\\d+")
        .replace("[listing]\n", "[listing]\nfeeds = [\"/rss.xml\", \"/broken.rss\"]\nsitemaps = [\"/sitemap.xml\"]\n");
    let source = compile(Path::new("generated.toml"), &toml).expect("compiles");
    assert_eq!(source.site.as_ref().map(|s| s.feeds.len()), Some(2));

    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("store")).expect("store");
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 6, 3, 0, 0).unwrap()));
    let fetcher = Fetcher::new(FetchConfig::default(), Arc::clone(&clock)).expect("fetcher");
    let crawler = Arc::new(Crawler::new(store.clone(), fetcher, clock, CrawlOptions::default()));
    let report = crawler.run(std::slice::from_ref(&source)).await;
    let s = &report.sources[0];

    assert_eq!(s.bulletins_read, 12, "{s:#?}");
    let urls: BTreeSet<String> = store
        .observations(&ObservationFilter::default())
        .expect("read")
        .iter()
        .map(|o| o.provenance.url.clone())
        .collect();
    let expected: BTreeSet<String> = (0..12).map(|i| format!("http://{host}{}", bulletin_path(i))).collect();
    assert_eq!(urls, expected, "every bulletin, from listing, feed and sitemap; not the contact page");

    let misses = s.selector_misses.join("\n");
    assert!(misses.contains("/broken.rss"), "{misses}");
    assert!(misses.contains("article.date `div.date` found no date") && misses.contains("-11.html"), "{misses}");
    assert_eq!(s.selector_misses.len(), 2, "{misses}");
}
