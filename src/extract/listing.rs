//! Listing pages: which links are bulletins (by the site's link selector and its title
//! and URL patterns) and where the next listing page is. Pure.

use scraper::Html;
use url::Url;

use crate::source::SiteSpec;
use crate::text::{nfc, squash_spaces};

/// What a listing page links to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Listing {
    /// Links that pass the site's patterns, in page order, without repeats.
    pub bulletins: Vec<Url>,
    /// The next listing page.
    pub next_page: Option<Url>,
    /// How many links the link selector matched (0 means the selector found nothing:
    /// the site may have changed its layout).
    pub links_found: usize,
}

/// Reads a listing page; relative links are resolved against `base`.
#[must_use]
pub fn read_listing(html_text: &str, base: &Url, spec: &SiteSpec) -> Listing {
    let html = Html::parse_document(html_text);
    let mut out = Listing::default();
    for a in html.select(&spec.links.selector) {
        out.links_found += 1;
        let Some(href) = a.value().attr("href") else { continue };
        let Ok(url) = base.join(href.trim()) else { continue };
        let text = nfc(&squash_spaces(&a.text().collect::<String>()));
        let title = a.value().attr("title").map(nfc).unwrap_or_default();
        let title_ok = spec.include_title.as_ref().is_none_or(|re| re.is_match(&text) || re.is_match(&title));
        let url_ok = spec.include_url.as_ref().is_none_or(|re| re.is_match(url.as_str()));
        if title_ok && url_ok && !out.bulletins.contains(&url) {
            out.bulletins.push(url);
        }
    }
    out.next_page = spec.next_page.as_ref().and_then(|sel| {
        html.select(&sel.selector)
            .find_map(|a| a.value().attr("href").and_then(|h| base.join(h.trim()).ok()))
            .filter(|u| u != base)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_links_and_finds_next_page() {
        let text = r#"
format = 1
name = "t"
kind = "news_site"
allowed_hosts = ["a.vn"]
start_urls = ["https://a.vn/"]
[listing]
links = "h3 a"
next_page = "a.next"
include_title = "(?i)hồ sơ"
include_url = "-a\\d+\\.html$"
[article]
title = "h1"
body = "div"
"#;
        let spec = crate::source::compile(std::path::Path::new("t.toml"), text).expect("compiles").site.expect("site");
        let html = r#"<h3><a href="/tiep-nhan-ho-so-a1.html">Tiếp nhận 100 hồ sơ</a></h3>
            <h3><a href="/le-hoi-a2.html">Lễ hội đua ghe</a></h3>
            <h3><a href="/ho-so.html">Hồ sơ không đúng mẫu</a></h3>
            <a class="next" href="?page=2">Sau</a>"#;
        let base = Url::parse("https://a.vn/tin?page=1").expect("url");
        let l = read_listing(html, &base, &spec);
        assert_eq!(l.links_found, 3);
        assert_eq!(
            l.bulletins.iter().map(Url::as_str).collect::<Vec<_>>(),
            vec!["https://a.vn/tiep-nhan-ho-so-a1.html"]
        );
        assert_eq!(l.next_page.map(|u| u.to_string()).as_deref(), Some("https://a.vn/tin?page=2"));
    }
}
