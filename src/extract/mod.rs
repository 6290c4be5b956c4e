//! Extraction: bytes in, records out. Pure: no network, store, files or clock.
//!
//! Stage 1 (site-specific, selector-driven) finds the article in a page; stage 2
//! (site-independent) finds the figures in its text.

pub mod article;
pub mod charset;
pub mod document;
pub mod index_page;
mod figures;
pub mod lexicon;
pub mod number;
pub mod period;

pub use document::{extract_text, Document, TextInput};

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
