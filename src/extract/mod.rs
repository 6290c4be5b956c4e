//! Extraction: bytes in, records out. Pure: no network, store, files or clock.
//!
//! Stage 1 (site-specific, selector-driven) finds the article in a page; stage 2
//! (site-independent) finds the figures in its text.

pub mod article;
pub mod charset;
pub mod document;
pub mod feed;
mod figures;
pub mod index_layout;
pub mod index_page;
pub mod lexicon;
pub mod listing;
pub mod number;
pub mod period;
pub mod probe;
mod table;
mod text_table;

pub use document::{extract_text, Document, TextInput};

use chrono::{DateTime, Utc};

use crate::model::{PageHash, Provenance};
use crate::source::{SiteSpec, Source};

/// A fetched page as extraction sees it: borrowed bytes and what is known of them.
#[derive(Debug, Clone, Copy)]
pub struct PageInput<'a> {
    /// The body.
    pub body: &'a [u8],
    /// The page's URL.
    pub url: &'a str,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
}

impl PageInput<'_> {
    fn provenance(&self) -> Provenance {
        Provenance {
            url: self.url.to_string(),
            page: PageHash::of(self.body),
            fetched_at: self.fetched_at,
            extractor_version: crate::EXTRACTOR_VERSION,
        }
    }
}

/// Reads a bulletin page of `source` into figures: decode, find the article with the
/// site's selectors, read its text and tables.
///
/// # Errors
/// [`ExtractError::NoMatch`] when the site's selectors find no article.
pub fn extract_bulletin(source: &Source, spec: &SiteSpec, page: &PageInput<'_>) -> Result<Document, ExtractError> {
    let decoded = charset::decode(page.body, page.content_type);
    let article = article::read_article(&decoded.text, spec)?;
    let input = TextInput {
        title: Some(article.title),
        body: article.body,
        published: article.published,
        default_province: source.province_on(article.published),
        provenance: page.provenance(),
        tables: article.tables,
    };
    let mut doc = extract_text(&input);
    doc.selector_misses = article.misses;
    Ok(doc)
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// A selector matched nothing.
    #[error("selector `{selector}` for {field} matched nothing")]
    NoMatch {
        /// Which field (title, body …).
        field: String,
        /// The selector.
        selector: String,
    },
    /// The index gateway's answer was not what it should be.
    #[error("index answer: {0}")]
    BadIndexJson(String),
}
