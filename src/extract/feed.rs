//! Feeds and sitemaps: discovery beyond listing pages. Reads RSS 2.0 (and RSS 1.0)
//! items, Atom entries, sitemap `<url>`s (with Google News titles and dates when
//! present) and sitemap indexes, then keeps the entries that pass the site's
//! `include_title` / `include_url` patterns, as a listing page's links do. Pure.
//!
//! How the crawl uses it (`src/pipeline.rs`): seed `spec.feeds` and `spec.sitemaps`
//! beside the start pages, as listing pages. When a listing page's URL is one of them
//! (or [`looks_like_feed`] says its bytes are XML), call [`read_feed`] instead of
//! `read_listing`: push [`Feed::bulletins`] as bulletin links and [`Feed::sitemaps`]
//! (a sitemap index's children) as more feed pages one level deeper, keeping only URLs
//! on the source's hosts as for listing links. A feed with no entries, or one that
//! does not parse, is a selector miss named by its URL.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use url::Url;

use crate::extract::charset;
use crate::extract::period::first_full_date;
use crate::source::SiteSpec;
use crate::text::{nfc, squash_spaces};

/// What kind of document a feed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// RSS 2.0 `<rss><channel><item>` (or RSS 1.0 `<rdf:RDF><item>`).
    Rss,
    /// Atom `<feed><entry>`.
    Atom,
    /// A sitemap `<urlset><url>`.
    Sitemap,
    /// A sitemap index `<sitemapindex><sitemap>`.
    SitemapIndex,
}

/// One item of a feed or URL of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Where it points, resolved against the feed's URL.
    pub url: Url,
    /// Its title, when the feed gives one (sitemaps only with Google News tags).
    pub title: Option<String>,
    /// Its date as written in the feed's own time zone (`pubDate`, `published` or
    /// `updated`, `lastmod`, `news:publication_date`).
    pub date: Option<NaiveDate>,
}

/// A feed as read, and which of its entries may be bulletins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// What it is.
    pub kind: FeedKind,
    /// Every entry with a usable URL, in document order.
    pub entries: Vec<FeedEntry>,
    /// Entries passing the site's patterns, in order, without repeats.
    pub bulletins: Vec<Url>,
    /// A sitemap index's sitemaps (fetch and read them in turn).
    pub sitemaps: Vec<Url>,
}

/// Why bytes could not be read as a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The XML is broken before any entry could be read.
    #[error("not well-formed XML at byte {position}: {message}")]
    Xml {
        /// Byte offset of the problem.
        position: u64,
        /// The parser's message.
        message: String,
    },
    /// The document is XML (or HTML) but not a feed or sitemap.
    #[error("not an RSS or Atom feed or a sitemap (the root element is <{root}>)")]
    NotAFeed {
        /// The root element's name.
        root: String,
    },
}

/// Whether a fetched body is a feed or sitemap rather than an HTML page: an XML
/// content type, or a body starting (after a BOM, blanks and an XML declaration) with
/// a feed's root element.
#[must_use]
pub fn looks_like_feed(body: &[u8], content_type: Option<&str>) -> bool {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ["rss", "atom", "/xml", "+xml"].iter().any(|t| ct.contains(t)) {
        return true;
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!--")) {
        rest = after.split_once('>').map_or("", |(_, r)| r).trim_start();
    }
    ["<rss", "<feed", "<urlset", "<sitemapindex", "<rdf:rdf"].iter().any(|root| rest.starts_with(root))
}

/// Reads a feed or sitemap and keeps the entries that pass `spec`'s patterns: the URL
/// must match `include_url`; the title must match `include_title`, or, for an entry
/// without a title, the URL's words must match it without diacritics. A sitemap
/// index's children are all kept in [`Feed::sitemaps`].
///
/// # Errors
/// [`FeedError`] when the bytes are not a feed or sitemap.
pub fn read_feed(body: &[u8], content_type: Option<&str>, base: &Url, spec: &SiteSpec) -> Result<Feed, FeedError> {
    let (kind, entries) = parse_feed(body, content_type, base)?;
    let mut feed = Feed { kind, entries: Vec::new(), bulletins: Vec::new(), sitemaps: Vec::new() };
    for entry in entries {
        if kind == FeedKind::SitemapIndex {
            if !feed.sitemaps.contains(&entry.url) {
                feed.sitemaps.push(entry.url.clone());
            }
        } else if passes(&entry, spec) && !feed.bulletins.contains(&entry.url) {
            feed.bulletins.push(entry.url.clone());
        }
        feed.entries.push(entry);
    }
    Ok(feed)
}

fn passes(entry: &FeedEntry, spec: &SiteSpec) -> bool {
    let url_ok = spec.include_url.as_ref().is_none_or(|re| re.is_match(entry.url.as_str()));
    let title_ok = match (&entry.title, &spec.include_title, &spec.include_slug) {
        (_, None, _) => true,
        (Some(title), Some(re), _) => re.is_match(title),
        (None, Some(_), Some(slug)) => slug.is_match(&url_words(&entry.url)),
        (None, Some(_), None) => false,
    };
    url_ok && title_ok
}

/// The words of a URL's path: `/tin-tuc/tiep-nhan-ho-so-a12.html` → "tin tuc tiep nhan
/// ho so a12 html" (slugs are titles without diacritics).
fn url_words(url: &Url) -> String {
    let words: String = url.path().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    squash_spaces(&words)
}

/// Element names that matter, by local name (namespace prefixes dropped, except that
/// Google News tags are told apart from the page's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Guid,
    Date,
    Loc,
    Other,
}

/// The entry being read.
#[derive(Debug, Default)]
struct Partial {
    link: Option<String>,
    guid: Option<String>,
    title: Option<String>,
    date: Option<NaiveDate>,
}

/// Every entry of a feed or sitemap, unfiltered.
///
/// # Errors
/// [`FeedError`] when the bytes are not a feed or sitemap.
pub fn parse_feed(
    body: &[u8],
    content_type: Option<&str>,
    base: &Url,
) -> Result<(FeedKind, Vec<FeedEntry>), FeedError> {
    let text = charset::decode(body, xml_content_type(body, content_type).as_deref()).text;
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    let mut kind: Option<FeedKind> = None;
    // Open elements' local names, to know whose <title> or <link> this is.
    let mut stack: Vec<String> = Vec::new();
    let mut entry: Option<Partial> = None;
    let mut field = Field::Other;
    let mut buffer = String::new();
    let mut entries = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            // A damaged tail loses the entries after it, not the ones already read.
            Err(e) if kind.is_some() => {
                tracing::debug!(error = %e, "feed truncated");
                break;
            }
            Err(e) => {
                return Err(FeedError::Xml { position: reader.error_position(), message: e.to_string() });
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let (prefix, local) = names(e);
                if kind.is_none() {
                    kind = Some(root_kind(&local).ok_or(FeedError::NotAFeed { root: local.clone() })?);
                }
                if is_entry(kind, &local) {
                    entry = Some(Partial::default());
                } else if let Some(partial) = entry.as_mut() {
                    field = field_of(kind, &stack, prefix.as_deref(), &local);
                    if kind == Some(FeedKind::Atom) && local == "link" {
                        atom_link(e, partial);
                    }
                    buffer.clear();
                }
                if !empty {
                    stack.push(local);
                }
            }
            Event::Text(t) => buffer.push_str(&t.xml10_content().unwrap_or(Cow::Borrowed(""))),
            Event::CData(t) => buffer.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => buffer.push_str(&entity(&r)),
            Event::End(_) => {
                let local = stack.pop().unwrap_or_default();
                if is_entry(kind, &local) {
                    if let Some(done) = entry.take().and_then(|p| finish(p, base)) {
                        entries.push(done);
                    }
                } else if let Some(partial) = entry.as_mut() {
                    take_field(partial, field, &buffer);
                    field = Field::Other;
                    buffer.clear();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let kind = kind.ok_or(FeedError::NotAFeed { root: String::new() })?;
    Ok((kind, entries))
}

/// The charset an XML declaration names, as a content type for [`charset::decode`]
/// (which knows HTML's `<meta>` but not `<?xml encoding?>`).
fn xml_content_type(body: &[u8], content_type: Option<&str>) -> Option<String> {
    if content_type.is_some_and(|c| c.to_ascii_lowercase().contains("charset")) {
        return content_type.map(str::to_string);
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(200)]).to_ascii_lowercase();
    let decl = head.split_once("<?xml")?.1.split_once("?>")?.0.to_string();
    let value = decl.split_once("encoding")?.1.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = value[1..].split(quote).next()?;
    Some(format!("application/xml; charset={label}"))
}

fn names(e: &BytesStart<'_>) -> (Option<String>, String) {
    let name = e.name();
    let prefix = name.prefix().map(|p| String::from_utf8_lossy(p.as_ref()).to_ascii_lowercase());
    (prefix, String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase())
}

fn root_kind(local: &str) -> Option<FeedKind> {
    match local {
        "rss" | "rdf" => Some(FeedKind::Rss),
        "feed" => Some(FeedKind::Atom),
        "urlset" => Some(FeedKind::Sitemap),
        "sitemapindex" => Some(FeedKind::SitemapIndex),
        _ => None,
    }
}

fn is_entry(kind: Option<FeedKind>, local: &str) -> bool {
    matches!(
        (kind, local),
        (Some(FeedKind::Rss), "item")
            | (Some(FeedKind::Atom), "entry")
            | (Some(FeedKind::Sitemap), "url")
            | (Some(FeedKind::SitemapIndex), "sitemap")
    )
}

/// Which field an element inside an entry fills. Only the entry's own children count
/// (an image's `<image:title>` is not the entry's title), except Google News's
/// `<news:news><news:title>` in a sitemap.
fn field_of(kind: Option<FeedKind>, stack: &[String], prefix: Option<&str>, local: &str) -> Field {
    let parent = stack.last().map(String::as_str);
    let own = match kind {
        Some(FeedKind::Rss) => parent == Some("item") && prefix.is_none_or(|p| p == "dc"),
        Some(FeedKind::Atom) => parent == Some("entry"),
        Some(FeedKind::Sitemap) => parent == Some("url") || (parent == Some("news") && prefix == Some("news")),
        Some(FeedKind::SitemapIndex) => parent == Some("sitemap"),
        None => false,
    };
    if !own {
        return Field::Other;
    }
    match local {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Guid,
        "loc" => Field::Loc,
        "pubdate" | "date" | "published" | "updated" | "lastmod" | "publication_date" => Field::Date,
        _ => Field::Other,
    }
}

/// An Atom `<link href>`: the alternate (HTML) link, or one without `rel`.
fn atom_link(e: &BytesStart<'_>, partial: &mut Partial) {
    let attr = |name: &str| {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(Cow::into_owned))
    };
    let rel = attr("rel");
    if rel.as_deref().is_none_or(|r| r == "alternate") && partial.link.is_none() {
        partial.link = attr("href");
    }
}

/// A reference in text: XML's five, character references, and the HTML ones feeds
/// put in titles anyway (`&nbsp;`, dashes, quotes); any other is kept as written.
fn entity(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().unwrap_or_default();
    let resolved = quick_xml::escape::resolve_predefined_entity(&name).or(match name.as_ref() {
        "nbsp" => Some(" "),
        "ndash" => Some("–"),
        "mdash" => Some("—"),
        "hellip" => Some("…"),
        "lsquo" => Some("‘"),
        "rsquo" => Some("’"),
        "ldquo" => Some("“"),
        "rdquo" => Some("”"),
        _ => None,
    });
    resolved.map_or_else(|| format!("&{name};"), str::to_string)
}

fn take_field(partial: &mut Partial, field: Field, text: &str) {
    let text = nfc(&squash_spaces(text));
    if text.is_empty() {
        return;
    }
    match field {
        Field::Title => partial.title = partial.title.take().or(Some(text)),
        Field::Link | Field::Loc => partial.link = partial.link.take().or(Some(text)),
        Field::Guid => partial.guid = partial.guid.take().or(Some(text)),
        Field::Date => partial.date = partial.date.or_else(|| feed_date(&text)),
        Field::Other => {}
    }
}

fn finish(p: Partial, base: &Url) -> Option<FeedEntry> {
    // RSS may give the address only as a permalink <guid>.
    let href = p.link.or(p.guid.filter(|g| g.starts_with("http") || g.starts_with('/')))?;
    let url = base.join(href.trim()).ok().filter(|u| matches!(u.scheme(), "http" | "https"))?;
    Some(FeedEntry { url, title: p.title, date: p.date })
}

/// A feed's date, as the day written (its own time zone): RFC 2822 (`pubDate`), RFC
/// 3339 / W3C (`updated`, `lastmod`), or a Vietnamese `dd/mm/yyyy` some portals write.
fn feed_date(text: &str) -> Option<NaiveDate> {
    if let Ok(d) = DateTime::parse_from_rfc2822(text) {
        return Some(d.date_naive());
    }
    if let Some(d) = text.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        return Some(d);
    }
    first_full_date(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> SiteSpec {
        let text = r#"
format = 1
name = "t"
kind = "news_site"
allowed_hosts = ["a.vn"]
start_urls = ["https://a.vn/"]
[listing]
links = "a"
include_title = "(?i)hồ sơ|TTHC"
include_url = "/tin-tuc/"
[article]
title = "h1"
body = "div"
"#;
        crate::source::compile(std::path::Path::new("t.toml"), text).expect("compiles").site.expect("site")
    }

    fn base() -> Url {
        Url::parse("https://a.vn/rss/tin-tuc.rss").expect("url")
    }

    #[test]
    fn rss_items_with_entities_cdata_and_dates() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Tin tức</title>
<item><title><![CDATA[Tiếp nhận 1.200 hồ sơ &amp; trả kết quả]]></title><link>/tin-tuc/tiep-nhan-1.html</link>
<pubDate>Mon, 15 Apr 2024 23:30:00 +0700</pubDate></item>
<item><title>Lễ hội&nbsp;đua thuyền</title><link>https://a.vn/tin-tuc/le-hoi-2.html</link></item>
<item><title>Giải quyết TTHC quý I</title><guid isPermaLink="true">https://a.vn/tin-tuc/tthc-3.html</guid><dc:date>2024-04-02T08:00:00+07:00</dc:date></item>
</channel></rss>"#;
        let feed = read_feed(rss.as_bytes(), None, &base(), &spec()).expect("reads");
        assert_eq!(feed.kind, FeedKind::Rss);
        assert_eq!(feed.entries.len(), 3);
        assert_eq!(feed.entries[0].title.as_deref(), Some("Tiếp nhận 1.200 hồ sơ &amp; trả kết quả"));
        assert_eq!(feed.entries[0].date, NaiveDate::from_ymd_opt(2024, 4, 15));
        assert_eq!(feed.entries[1].title.as_deref(), Some("Lễ hội đua thuyền"));
        assert_eq!(feed.entries[2].date, NaiveDate::from_ymd_opt(2024, 4, 2));
        let got: Vec<&str> = feed.bulletins.iter().map(Url::as_str).collect();
        assert_eq!(got, ["https://a.vn/tin-tuc/tiep-nhan-1.html", "https://a.vn/tin-tuc/tthc-3.html"]);
    }

    #[test]
    fn atom_entries_take_the_alternate_link() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title type="html">Kết quả giải quyết hồ sơ tháng 3</title>
<link rel="edit" href="/api/1"/><link rel="alternate" href="/tin-tuc/ket-qua-1"/>
<updated>2024-04-03T10:00:00Z</updated></entry></feed>"#;
        let feed = read_feed(atom.as_bytes(), Some("application/atom+xml"), &base(), &spec()).expect("reads");
        assert_eq!(feed.kind, FeedKind::Atom);
        assert_eq!(feed.bulletins[0].as_str(), "https://a.vn/tin-tuc/ket-qua-1");
        assert_eq!(feed.entries[0].date, NaiveDate::from_ymd_opt(2024, 4, 3));
    }

    #[test]
    fn sitemap_urls_match_by_slug_or_news_title() {
        let xml = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://a.vn/tin-tuc/tiep-nhan-ho-so-truc-tuyen-12.html</loc><lastmod>2024-05-02</lastmod></url>
<url><loc>https://a.vn/tin-tuc/le-hoi-13.html</loc><image:image><image:title>hồ sơ ảnh</image:title></image:image></url>
<url><loc>https://a.vn/tin-tuc/bai-14.html</loc><news:news><news:title>Giải quyết hồ sơ đúng hạn</news:title><news:publication_date>2024-05-03T07:00:00+07:00</news:publication_date></news:news></url>
<url><loc>https://a.vn/gioi-thieu/ho-so-15.html</loc></url>
</urlset>"#;
        let feed = read_feed(xml.as_bytes(), None, &base(), &spec()).expect("reads");
        assert_eq!(feed.kind, FeedKind::Sitemap);
        assert_eq!(feed.entries.len(), 4);
        assert_eq!(feed.entries[1].title, None, "an image's title is not the page's");
        assert_eq!(feed.entries[2].date, NaiveDate::from_ymd_opt(2024, 5, 3));
        let got: Vec<&str> = feed.bulletins.iter().map(Url::as_str).collect();
        assert_eq!(
            got,
            ["https://a.vn/tin-tuc/tiep-nhan-ho-so-truc-tuyen-12.html", "https://a.vn/tin-tuc/bai-14.html"]
        );
    }

    #[test]
    fn sitemap_index_lists_its_sitemaps() {
        let xml = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://a.vn/sitemap-1.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
<sitemap><loc>/sitemap-2.xml</loc></sitemap></sitemapindex>"#;
        let feed = read_feed(xml.as_bytes(), None, &base(), &spec()).expect("reads");
        assert_eq!(feed.kind, FeedKind::SitemapIndex);
        assert!(feed.bulletins.is_empty());
        let got: Vec<&str> = feed.sitemaps.iter().map(Url::as_str).collect();
        assert_eq!(got, ["https://a.vn/sitemap-1.xml", "https://a.vn/sitemap-2.xml"]);
    }

    #[test]
    fn html_and_broken_xml_are_errors_not_panics() {
        let e = read_feed(b"<html><body>404</body></html>", None, &base(), &spec()).expect_err("html");
        assert!(matches!(e, FeedError::NotAFeed { ref root } if root == "html"), "{e}");
        assert!(read_feed(b"\x00\x01 not xml <<<", None, &base(), &spec()).is_err());
        assert!(read_feed(b"", None, &base(), &spec()).is_err());
        // A truncated feed keeps what it read before the damage.
        let cut = "<rss><channel><item><title>hồ sơ</title><link>/tin-tuc/a</link></item><item><title>hồ";
        let feed = read_feed(cut.as_bytes(), None, &base(), &spec()).expect("partial");
        assert_eq!(feed.bulletins.len(), 1);
    }

    #[test]
    fn feeds_are_told_from_pages() {
        assert!(looks_like_feed(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<rss>", None));
        assert!(looks_like_feed(b"<?xml version=\"1.0\"?><!-- x --><urlset>", None));
        assert!(looks_like_feed(b"{}", Some("application/rss+xml; charset=utf-8")));
        assert!(!looks_like_feed(b"<!DOCTYPE html><html>", Some("text/html")));
    }

    #[test]
    fn windows_1258_declared_in_the_xml_declaration() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode("Tiếp nhận hồ sơ");
        let mut xml = b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss><channel><item><title>".to_vec();
        xml.extend_from_slice(&bytes);
        xml.extend_from_slice(b"</title><link>/tin-tuc/x</link></item></channel></rss>");
        let feed = read_feed(&xml, None, &base(), &spec()).expect("reads");
        assert_eq!(feed.entries[0].title.as_deref(), Some("Tiếp nhận hồ sơ"));
    }
}
