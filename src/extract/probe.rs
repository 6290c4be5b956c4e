//! What each of a source's selectors finds on one page: the tool for a site that has
//! changed its layout (`dvcrank sources check`). Every selector is tried, the listing's
//! and the article's, so a page shows at once which ones still match. Pure.

use scraper::Html;
use url::Url;

use crate::extract::article::{cell_text, read_article, Article};
use crate::extract::listing::{read_listing, Listing};
use crate::extract::ExtractError;
use crate::source::{Sel, SiteSpec, Source};

/// Longest first-match text shown.
const SHOWN: usize = 160;

/// Whether a page is a listing (bulletin links) or a bulletin (an article).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A listing page: `listing.links` must match.
    Listing,
    /// A bulletin: `article.title` and `article.body` (and `article.date` when the file
    /// sets one) must match.
    Article,
}

/// What one selector found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file's key (`listing.links`, `article.exclude[0]`).
    pub key: String,
    /// The selector.
    pub css: String,
    /// How many elements it matched.
    pub matches: usize,
    /// The first match's text, squashed and cut to a line.
    pub first: Option<String>,
}

/// One link matched by `listing.links`, and whether the crawl would follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkVerdict {
    /// The link's text.
    pub text: String,
    /// Where it points.
    pub url: Url,
    /// Why the crawl would not follow it (`None`: it would, as a bulletin).
    pub rejected: Option<&'static str>,
}

/// Everything the selectors found on one page.
#[derive(Debug, Clone)]
pub struct Probe {
    /// Each selector of the site, listing's first.
    pub findings: Vec<Finding>,
    /// The links `listing.links` matched, in page order.
    pub links: Vec<LinkVerdict>,
    /// What the crawl reads from the page as a listing.
    pub listing: Listing,
    /// What the crawl reads from the page as a bulletin.
    pub article: Result<Article, ExtractError>,
}

impl Probe {
    /// The selectors a page of `kind` needs that matched nothing, as `key` + selector.
    #[must_use]
    pub fn missing(&self, kind: PageKind) -> Vec<&Finding> {
        let required: &[&str] = match kind {
            PageKind::Listing => &["listing.links"],
            PageKind::Article => &["article.title", "article.date", "article.body"],
        };
        self.findings.iter().filter(|f| f.matches == 0 && required.contains(&f.key.as_str())).collect()
    }

    /// What `url` most likely is: a start page is a listing, a URL that passes
    /// `include_url` is a bulletin; otherwise a page where the article reads and no
    /// listing link matches is a bulletin.
    #[must_use]
    pub fn kind_of(&self, url: &Url, source: &Source, spec: &SiteSpec) -> PageKind {
        let bulletin_url = spec.include_url.as_ref().is_some_and(|re| re.is_match(url.as_str()));
        if source.start_urls.contains(url) {
            PageKind::Listing
        } else if bulletin_url || (self.article.is_ok() && self.listing.links_found == 0) {
            PageKind::Article
        } else {
            PageKind::Listing
        }
    }
}

fn find(html: &Html, key: &str, sel: &Sel) -> Finding {
    let mut matches = html.select(&sel.selector);
    let first = matches.next();
    let first_text = first.map(|el| {
        let text = cell_text(el);
        match text.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    });
    Finding {
        key: key.to_string(),
        css: sel.css.clone(),
        matches: first.map_or(0, |_| 1 + matches.count()),
        first: first_text,
    }
}

/// Tries every selector of `spec` on a page; relative links are resolved against `base`.
#[must_use]
pub fn probe_page(html_text: &str, base: &Url, source: &Source, spec: &SiteSpec) -> Probe {
    let html = Html::parse_document(html_text);
    let mut findings = vec![find(&html, "listing.links", &spec.links)];
    findings.extend(spec.next_page.as_ref().map(|s| find(&html, "listing.next_page", s)));
    findings.push(find(&html, "article.title", &spec.title));
    findings.extend(spec.date.as_ref().map(|s| find(&html, "article.date", s)));
    findings.push(find(&html, "article.body", &spec.body));
    for (i, s) in spec.exclude.iter().enumerate() {
        findings.push(find(&html, &format!("article.exclude[{i}]"), s));
    }
    let listing = read_listing(html_text, base, spec);
    let mut links = Vec::new();
    for a in html.select(&spec.links.selector) {
        let Some(url) = a.value().attr("href").and_then(|h| base.join(h.trim()).ok()) else { continue };
        let rejected = if !source.allows(&url) {
            Some("not on the source's allowed_hosts")
        } else if listing.bulletins.contains(&url) {
            None
        } else if spec.include_url.as_ref().is_some_and(|re| !re.is_match(url.as_str())) {
            Some("URL does not match include_url")
        } else {
            Some("text does not match include_title")
        };
        links.push(LinkVerdict { text: cell_text(a), url, rejected });
    }
    Probe { findings, links, listing, article: read_article(html_text, spec) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        let text = r#"
format = 1
name = "t"
kind = "provincial_portal"
allowed_hosts = ["a.vn"]
start_urls = ["https://a.vn/tin"]
[listing]
links = "ul.news a"
next_page = "a.next"
include_title = "(?i)hồ sơ"
include_url = "/tin/\\d+$"
[article]
title = "h1.t"
date = "span.d"
body = "div.c"
exclude = ["div.ads"]
"#;
        crate::source::compile(std::path::Path::new("t.toml"), text).expect("compiles")
    }

    #[test]
    fn a_listing_page_shows_each_link_and_why_it_is_not_followed() {
        let s = source();
        let spec = s.site.as_ref().expect("site");
        let html = r#"<ul class="news"><li><a href="/tin/1">Tiếp nhận 900 hồ sơ</a></li>
            <li><a href="/tin/2">Lễ hội</a></li><li><a href="/gioi-thieu">Hồ sơ tỉnh</a></li>
            <li><a href="https://b.vn/tin/3">Hồ sơ khác</a></li></ul><a class="next" href="?p=2">Sau</a>"#;
        let base = Url::parse("https://a.vn/tin").expect("url");
        let p = probe_page(html, &base, &s, spec);
        assert_eq!(p.findings[0].matches, 4);
        assert_eq!(p.findings[0].first.as_deref(), Some("Tiếp nhận 900 hồ sơ"));
        let why: Vec<Option<&str>> = p.links.iter().map(|l| l.rejected).collect();
        assert_eq!(
            why,
            [
                None,
                Some("text does not match include_title"),
                Some("URL does not match include_url"),
                Some("not on the source's allowed_hosts")
            ]
        );
        assert_eq!(p.kind_of(&base, &s, spec), PageKind::Listing);
        let missing: Vec<&str> = p.missing(PageKind::Article).iter().map(|f| f.key.as_str()).collect();
        assert_eq!(missing, ["article.title", "article.date", "article.body"]);
        assert!(p.missing(PageKind::Listing).is_empty());
    }

    #[test]
    fn an_article_page_shows_title_date_body_and_exclusions() {
        let s = source();
        let spec = s.site.as_ref().expect("site");
        let html = r#"<h1 class="t">Kết quả tháng 4</h1><span class="d">02/05/2024</span>
            <div class="c"><p>Tiếp nhận 1.234 hồ sơ.</p><div class="ads">Quảng cáo</div></div>"#;
        let url = Url::parse("https://a.vn/tin/7").expect("url");
        let p = probe_page(html, &url, &s, spec);
        assert_eq!(p.kind_of(&url, &s, spec), PageKind::Article);
        assert!(p.missing(PageKind::Article).is_empty());
        assert_eq!(p.missing(PageKind::Listing)[0].key, "listing.links");
        let exclude = p.findings.iter().find(|f| f.key == "article.exclude[0]").expect("exclude");
        assert_eq!((exclude.matches, exclude.first.as_deref()), (1, Some("Quảng cáo")));
        let article = p.article.expect("reads");
        assert_eq!(article.body.trim(), "Tiếp nhận 1.234 hồ sơ.");
    }
}
