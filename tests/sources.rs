//! The real sources: every selectors file compiles; every province has its official
//! portal and every known publisher's host its file; each family's selectors read the
//! sample pages written in its structure (`tests/fixtures/families/<family>/`), and so
//! do the sites that keep them; `dvcrank sources` and `dvcrank sources check` against a
//! local server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use common::root;
use dvcrank::extract::article::read_article;
use dvcrank::extract::feed::read_feed;
use dvcrank::extract::listing::read_listing;
use dvcrank::extract::{extract_bulletin, PageInput};
use dvcrank::model::Era;
use dvcrank::province::Registry;
use dvcrank::source::{self, compile_in, Families, SiteSpec, Source, SourceKind};
use serde::Deserialize;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn selectors() -> PathBuf {
    root().join("selectors")
}

fn all_sources() -> Vec<Source> {
    source::load_dir(&selectors()).expect("every selectors file compiles")
}

fn families() -> Families {
    Families::load(&selectors().join("families")).expect("family files parse")
}

fn family_names() -> Vec<String> {
    families().names().map(str::to_string).collect()
}

fn fixtures(family: &str) -> PathBuf {
    root().join("tests/fixtures/families").join(family)
}

#[test]
fn every_selectors_file_compiles_and_every_site_in_a_family_uses_a_family_file() {
    let sources = all_sources();
    assert!(sources.len() >= 90, "{} sources", sources.len());
    let names = family_names();
    for s in sources.iter().filter(|s| s.kind != SourceKind::NationalIndex) {
        let family = s.family.as_deref().unwrap_or_else(|| panic!("{} names no family", s.id));
        assert!(names.iter().any(|n| n == family), "{}: family {family}", s.id);
    }
}

#[test]
fn every_post_2025_province_has_its_official_portal() {
    let registry = Registry::builtin();
    let sources = all_sources();
    let after = NaiveDate::from_ymd_opt(2025, 7, 2);
    let mut missing = Vec::new();
    for p in registry.of_era(Era::Post2025) {
        // The official portal names the province itself (its pre-2025 namesake), not
        // one of the provinces merged into it.
        let own = registry.resolve(&p.name).expect("the registry resolves its own names");
        let has = sources.iter().any(|s| {
            s.kind == SourceKind::ProvincialPortal
                && s.province_on(after) == Some(p.code)
                && s.province.is_some_and(|c| own.contains(&c))
        });
        if !has {
            missing.push(p.name.clone());
        }
    }
    assert!(missing.is_empty(), "no official portal for {missing:?}");
    // Every pre-2025 province merged into another keeps its portal as history.
    for p in registry.of_era(Era::Pre2025).filter(|p| p.merged_into.is_some_and(|into| registry.name(into) != p.name)) {
        let has = sources.iter().any(|s| s.kind == SourceKind::ProvincialPortal && s.province == Some(p.code));
        assert!(has || p.name == "Thừa Thiên Huế", "no portal for the pre-2025 province {}", p.name);
    }
}

/// The hosts of `shared/sources/publishers.csv` (hosts seen publishing these bulletins).
const PUBLISHERS: &[&str] = &[
    "amp.baonghean.vn",
    "baobinhduong.vn",
    "baodaknong.org.vn",
    "baodongkhoi.vn",
    "baodongnai.com.vn",
    "baokhanhhoa.vn",
    "baolamdong.vn",
    "baomoi.net.vn",
    "baoquangnam.vn",
    "baosonla.org.vn",
    "baothainguyen.vn",
    "baovinhphuc.com.vn",
    "baoxaydung.vn",
    "bencat.binhduong.gov.vn",
    "dantri.com.vn",
    "dichvucong.thuathienhue.gov.vn",
    "doanhnghiephoinhap.vn",
    "dongthap.gov.vn",
    "etime.danviet.vn",
    "gialaitv.vn",
    "hethongphapluat.com",
    "lite.baomoi.com",
    "nld.com.vn",
    "phulien.haiphong.gov.vn",
    "plo.vn",
    "quangnam.gov.vn",
    "thanhhoa.dcs.vn",
    "thanhnien.vn",
    "thuonghieucongluan.com.vn",
    "tracuuquyhoach.com",
    "truyenhinhthanhhoa.vn",
    "vanlam.hungyen.gov.vn",
    "vinhphuc.gov.vn",
    "www.kontum.gov.vn",
    "www.vnpost.vn",
];

#[test]
fn every_known_publisher_host_finds_its_source_and_no_host_has_two() {
    let sources = all_sources();
    for host in PUBLISHERS {
        let url = Url::parse(&format!("https://{host}/bai-viet.html")).unwrap();
        assert!(source::for_url(&sources, &url).is_some(), "no selectors file serves {host}");
    }
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for s in &sources {
        for h in &s.allowed_hosts {
            if let Some(other) = owner.insert(h, &s.id.0) {
                panic!("{h} is in both {other} and {}", s.id);
            }
        }
    }
}

/// `expect.toml` of a family's fixture folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    listing_url: String,
    bulletins: Vec<String>,
    next_page: Option<String>,
    title: String,
    date: String,
    body_contains: Vec<String>,
    body_excludes: Vec<String>,
    #[serde(default)]
    feed: Vec<ExpectFeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFeed {
    file: String,
    url: String,
    bulletins: Vec<String>,
    #[serde(default)]
    sitemaps: Vec<String>,
}

fn expect(family: &str) -> Expect {
    let path = fixtures(family).join("expect.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The smallest site of a family: only what a site must say, on the fixtures' host.
fn sample_site(family: &str, listing_url: &str) -> Source {
    let url = Url::parse(listing_url).unwrap();
    let text = format!(
        "format = 1\nname = \"Mẫu {family}\"\nfamily = \"{family}\"\nallowed_hosts = [\"{}\"]\nstart_urls = [\"{listing_url}\"]\n",
        url.host_str().unwrap()
    );
    compile_in(Path::new("selectors/sample.toml"), &text, &families(), &dvcrank::source::CrawlDefaults::default())
        .unwrap_or_else(|e| panic!("{family}: {e}"))
}

fn strings(urls: &[Url]) -> Vec<String> {
    urls.iter().map(ToString::to_string).collect()
}

fn read(family: &str, file: &str) -> String {
    std::fs::read_to_string(fixtures(family).join(file)).unwrap_or_else(|e| panic!("{family}/{file}: {e}"))
}

fn check_listing(family: &str, who: &str, spec: &SiteSpec, e: &Expect) {
    let base = Url::parse(&e.listing_url).unwrap();
    let listing = read_listing(&read(family, "listing.html"), &base, spec);
    assert_eq!(strings(&listing.bulletins), e.bulletins, "{who}: bulletin links of {family}/listing.html");
    assert_eq!(listing.next_page.map(|u| u.to_string()), e.next_page, "{who}: next page of {family}/listing.html");
}

fn check_article(family: &str, who: &str, spec: &SiteSpec, e: &Expect) {
    let article = read_article(&read(family, "article.html"), spec).unwrap_or_else(|err| panic!("{who}: {err}"));
    assert_eq!(article.title, e.title, "{who}: title");
    assert_eq!(article.published.map(|d| d.to_string()).as_deref(), Some(e.date.as_str()), "{who}: date");
    for needle in &e.body_contains {
        assert!(article.body.contains(needle.as_str()), "{who}: body lacks {needle:?}:\n{}", article.body);
    }
    for needle in &e.body_excludes {
        assert!(!article.body.contains(needle.as_str()), "{who}: body keeps {needle:?}:\n{}", article.body);
    }
}

#[test]
fn every_family_reads_its_sample_pages_and_feeds() {
    let names = family_names();
    assert!(names.len() >= 8, "{names:?}");
    for family in &names {
        let e = expect(family);
        let site = sample_site(family, &e.listing_url);
        let spec = site.site.as_ref().expect("a bulletin family");
        check_listing(family, family, spec, &e);
        check_article(family, family, spec, &e);
        // The page is a bulletin with figures, read all the way to observations.
        let bytes = std::fs::read(fixtures(family).join("article.html")).unwrap();
        let input = PageInput {
            body: &bytes,
            url: &e.bulletins[0],
            content_type: Some("text/html; charset=utf-8"),
            fetched_at: chrono::Utc::now(),
        };
        let doc = extract_bulletin(&site, spec, &input).unwrap_or_else(|err| panic!("{family}: {err}"));
        assert!(!doc.observations.is_empty(), "{family}: no figures read from article.html");
        for f in &e.feed {
            let url = Url::parse(&f.url).unwrap();
            let feed = read_feed(&read(family, &f.file).into_bytes(), None, &url, spec)
                .unwrap_or_else(|err| panic!("{family}/{}: {err}", f.file));
            assert_eq!(strings(&feed.bulletins), f.bulletins, "{family}/{}: bulletins", f.file);
            assert_eq!(strings(&feed.sitemaps), f.sitemaps, "{family}/{}: sitemaps", f.file);
        }
        let listed: Vec<String> = [&spec.feeds, &spec.sitemaps].into_iter().flat_map(|u| strings(u)).collect();
        let tested: Vec<&String> = e.feed.iter().map(|f| &f.url).collect();
        for u in &listed {
            assert!(tested.contains(&u), "{family}: its feed {u} has no fixture in expect.toml");
        }
    }
}

#[test]
fn sites_that_keep_their_family_s_selectors_read_its_sample_pages() {
    let mut checked = 0;
    for s in all_sources() {
        let (Some(family), Some(spec)) = (s.family.as_deref(), s.site.as_ref()) else { continue };
        let e = expect(family);
        let reference = sample_site(family, &e.listing_url);
        let fspec = reference.site.as_ref().unwrap();
        let same = |a: &dvcrank::source::Sel, b: &dvcrank::source::Sel| a.css == b.css;
        let pattern = |r: &Option<regex::Regex>| r.as_ref().map(|r| r.as_str().to_string());
        let article_kept = same(&spec.title, &fspec.title)
            && same(&spec.body, &fspec.body)
            && spec.date.as_ref().map(|d| &d.css) == fspec.date.as_ref().map(|d| &d.css);
        if article_kept {
            check_article(family, &s.id.0, spec, &e);
            checked += 1;
        }
        let listing_kept = same(&spec.links, &fspec.links)
            && pattern(&spec.include_url) == pattern(&fspec.include_url)
            && pattern(&spec.include_title) == pattern(&fspec.include_title);
        if listing_kept {
            check_listing(family, &s.id.0, spec, &e);
        }
    }
    assert!(checked >= 50, "only {checked} sites keep their family's article selectors");
}

// ---- the CLI ----

fn dvcrank() -> Command {
    let mut c = Command::cargo_bin("dvcrank").expect("binary");
    c.current_dir(root());
    c
}

/// A selectors folder with the NukeViet family and one site of it on `host`.
fn local_selectors(host: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("families")).unwrap();
    std::fs::copy(selectors().join("families/nukeviet.toml"), dir.path().join("families/nukeviet.toml")).unwrap();
    let site = format!(
        r#"format = 1
name = "Cổng thông tin huyện Ví Dụ (mẫu)"
family = "nukeviet"
province = "Lạng Sơn"
allowed_hosts = ["{host}"]
start_urls = ["http://{host}/news/cai-cach-hanh-chinh/"]
[crawl]
delay = "10ms"
"#
    );
    std::fs::write(dir.path().join("vidu.toml"), site).unwrap();
    dir
}

async fn serve(server: &MockServer, at: &str, file: &str, content_type: &str) {
    let body = std::fs::read(fixtures("nukeviet").join(file)).unwrap();
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
        .mount(server)
        .await;
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

async fn run(args: Vec<String>) -> Run {
    tokio::task::spawn_blocking(move || {
        let out = dvcrank().args(&args).output().expect("runs");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

/// The output line that starts with `prefix`.
fn line_of<'a>(out: &'a str, prefix: &str) -> &'a str {
    out.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line {prefix:?} in\n{out}"))
}

fn check_args(dir: &Path, url: &str) -> Vec<String> {
    ["sources", "check", "vidu", "--allow-private", "--selectors", dir.to_str().unwrap(), "--url", url]
        .map(str::to_string)
        .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_check_shows_what_each_selector_finds_and_fails_on_a_changed_layout() {
    let server = MockServer::start().await;
    let host = server.address().to_string();
    let base = server.uri();
    serve(&server, "/news/cai-cach-hanh-chinh/", "listing.html", "text/html; charset=utf-8").await;
    let article = "/news/cai-cach-hanh-chinh/bo-phan-mot-cua-huyen-tiep-nhan-1-436-ho-so-trong-thang-4-152.html";
    serve(&server, article, "article.html", "text/html; charset=utf-8").await;
    serve(&server, "/news/rss/", "feed.xml", "application/rss+xml; charset=utf-8").await;
    // The same bulletin after a redesign: the body moved to another element.
    let redesigned = read("nukeviet", "article.html").replace("id=\"news-bodyhtml\"", "id=\"noi-dung\"");
    Mock::given(method("GET"))
        .and(path("/news/cai-cach-hanh-chinh/da-doi-giao-dien-153.html"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(redesigned, "text/html; charset=utf-8"))
        .mount(&server)
        .await;
    let dir = local_selectors(&host);

    let r = run(check_args(dir.path(), &format!("{base}/news/cai-cach-hanh-chinh/"))).await;
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("read as a listing page"), "{}", r.stdout);
    assert!(line_of(&r.stdout, "listing.links ").contains(" 3 × `div.news_column h3 a"), "{}", r.stdout);
    assert!(r.stdout.contains("3 matched, 2 followed as bulletins"), "{}", r.stdout);
    assert!(r.stdout.contains("✗ Giải bóng đá thiếu niên"), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("next page: {base}/news/cai-cach-hanh-chinh/page-2/")), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("feed: {base}/news/rss/")), "{}", r.stdout);

    let r = run(check_args(dir.path(), &format!("{base}{article}"))).await;
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("read as a bulletin"), "{}", r.stdout);
    assert!(r.stdout.contains("title: Bộ phận Một cửa huyện tiếp nhận 1.436 hồ sơ trong tháng 4"), "{}", r.stdout);
    assert!(r.stdout.contains("published: 2024-05-03"), "{}", r.stdout);
    assert!(r.stdout.contains("province when the text names none: Lạng Sơn"), "{}", r.stdout);

    let r = run(check_args(dir.path(), &format!("{base}/news/cai-cach-hanh-chinh/da-doi-giao-dien-153.html"))).await;
    assert_eq!(r.code, Some(2), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("MISSING: article.body `div#news-bodyhtml` matched nothing"), "{}", r.stdout);
    assert!(!r.stdout.contains("MISSING: article.title"), "{}", r.stdout);

    let r = run(check_args(dir.path(), &format!("{base}/news/rss/"))).await;
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("read as a feed: Rss, 3 entries, 2 followed as bulletins"), "{}", r.stdout);

    // A page that is gone, and a source that does not exist.
    let r = run(check_args(dir.path(), &format!("{base}/news/khong-co/"))).await;
    assert_eq!(r.code, Some(2), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("404"), "{}", r.stdout);
    let mut args = check_args(dir.path(), &base);
    args[2] = "vidu2".into();
    let r = run(args).await;
    assert_eq!(r.code, Some(3), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("`vidu`"), "{}", r.stderr);
}

#[test]
fn sources_lists_province_family_schedule_and_last_crawl() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("store");
    let store = dvcrank::store::Store::open(&store_path).unwrap();
    let report = dvcrank::pipeline::SourceReport {
        source: "quangnam".into(),
        finished_at: Some(chrono::DateTime::parse_from_rfc3339("2024-05-06T23:10:00Z").unwrap().into()),
        fetched: 41,
        bulletins_read: 6,
        selector_misses: vec!["listing.links matched nothing".into()],
        ..Default::default()
    };
    store.put_run("quangnam", report.finished_at.unwrap(), &report).unwrap();
    drop(store);
    let out = dvcrank().args(["sources", "--store", store_path.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let line = line_of(&text, "quangnam ");
    for needle in
        ["Quảng Nam → Đà Nẵng", "webcenter", "cron \"20 6 * * *\"", "41 fetched", "6 bulletins", "1 selector misses"]
    {
        assert!(line.contains(needle), "{needle} in {line}");
    }
    let line = line_of(&text, "dantri ");
    assert!(line.contains("never crawled") && line.contains("the text names it"), "{line}");
}
