//! Stage 1 for HTML: the site's selectors find the article's title, date and body; the
//! body becomes text (one line per block) and its tables become grids. Pure; a parsed
//! document never leaves this module, so nothing here is held across an `.await`.

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node};

use crate::extract::period::first_full_date;
use crate::extract::ExtractError;
use crate::source::SiteSpec;
use crate::text::{nfc_owned, push_words};

/// An article as the page presents it.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The title.
    pub title: String,
    /// The publication date, when the page shows one.
    pub published: Option<NaiveDate>,
    /// The body as text: one line per paragraph, table rows as cells joined by " | ".
    pub body: String,
    /// The body's tables, each with the byte span of its rows in `body`.
    pub tables: Vec<TableBlock>,
    /// Optional selectors that matched nothing (the date): the page may have changed.
    pub misses: Vec<String>,
}

/// A table of the body and where its rows are in the body text.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBlock {
    /// Byte offset of the first row line in the body.
    pub start: usize,
    /// Byte offset just past the last row line.
    pub end: usize,
    /// The table, merged cells spread over the cells they cover.
    pub grid: Grid,
}

/// A table as a rectangle of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The caption, if any.
    pub caption: Option<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<GridCell>>,
}

/// One cell of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridCell {
    /// Its text.
    pub text: String,
    /// Whether it is a header cell (`<th>`, or in `<thead>`).
    pub header: bool,
    /// Byte span of the cell's row line in the body.
    pub line: (usize, usize),
}

/// Elements that start a line of their own ("p", "div", "br", "tr" …): one `match` on
/// the name, as every element of the page is asked.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "blockquote"
            | "tr"
            | "table"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "dd"
            | "dt"
            | "pre"
            | "hr"
    )
}

struct Walker<'a> {
    spec_exclude: Vec<ego_tree::NodeId>,
    out: String,
    tables: Vec<TableBlock>,
    _html: &'a Html,
}

impl Walker<'_> {
    fn newline(&mut self) {
        let trimmed_len = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed_len);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn walk(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        if self.spec_exclude.contains(&node.id()) {
            return;
        }
        match node.value() {
            Node::Text(t) => {
                let at_break = self.out.is_empty() || self.out.ends_with([' ', '\n']);
                if !t.text.trim().is_empty() || !at_break {
                    let text = if at_break { t.text.trim_start() } else { &t.text };
                    // Line breaks and tabs in markup are spaces.
                    let mut pieces = text.split(['\n', '\r', '\t', '\u{a0}']);
                    self.out.push_str(pieces.next().unwrap_or(""));
                    for piece in pieces {
                        self.out.push(' ');
                        self.out.push_str(piece);
                    }
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if matches!(name, "script" | "style" | "noscript" | "iframe" | "svg" | "button" | "form" | "select") {
                    return;
                }
                if name == "table" {
                    if let Some(el) = ElementRef::wrap(node) {
                        self.table(el);
                    }
                    return;
                }
                let block = is_block(name);
                if block {
                    self.newline();
                }
                for child in node.children() {
                    self.walk(child);
                }
                if block {
                    self.newline();
                }
            }
            _ => {
                for child in node.children() {
                    self.walk(child);
                }
            }
        }
    }

    fn table(&mut self, table: ElementRef<'_>) {
        self.newline();
        let mut grid = read_grid(table);
        let start = self.out.len();
        if let Some(caption) = &grid.caption {
            self.out.push_str(caption);
            self.out.push('\n');
        }
        for row in &mut grid.rows {
            let line_start = self.out.len();
            let line = row.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | ");
            self.out.push_str(&line);
            let line_end = self.out.len();
            self.out.push('\n');
            for cell in row.iter_mut() {
                cell.line = (line_start, line_end);
            }
        }
        let end = self.out.len();
        self.tables.push(TableBlock { start, end, grid });
    }
}

/// An element's text: its text nodes' words, one space between, NFC.
pub(crate) fn cell_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for piece in el.text() {
        push_words(&mut out, piece);
    }
    nfc_owned(out)
}

fn span(el: ElementRef<'_>, attr: &str) -> usize {
    el.value().attr(attr).and_then(|v| v.trim().parse::<usize>().ok()).map_or(1, |n| n.clamp(1, 50))
}

/// Reads a `<table>` into a grid, spreading `rowspan`/`colspan` cells over every
/// position they cover (a two-row header names each column by both rows).
fn read_grid(table: ElementRef<'_>) -> Grid {
    let caption = table
        .children()
        .filter_map(ElementRef::wrap)
        .find(|c| c.value().name() == "caption")
        .map(cell_text)
        .filter(|c| !c.is_empty());
    let mut rows: Vec<Vec<Option<GridCell>>> = Vec::new();
    let tr_elements: Vec<(ElementRef<'_>, bool)> = table
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "tr")
        // Rows of a nested table belong to that table.
        .filter(|tr| {
            tr.ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table")
                .is_some_and(|t| t.id() == table.id())
        })
        .map(|tr| {
            let in_head = tr.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "thead");
            (tr, in_head)
        })
        .collect();
    for (r, (tr, in_head)) in tr_elements.iter().enumerate() {
        if rows.len() <= r {
            rows.push(Vec::new());
        }
        let mut col = 0;
        for cell in tr.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th")) {
            while rows[r].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let text = cell_text(cell);
            let header = *in_head || cell.value().name() == "th";
            let (rs, cs) = (span(cell, "rowspan"), span(cell, "colspan"));
            for dr in 0..rs {
                let rr = r + dr;
                while rows.len() <= rr {
                    rows.push(Vec::new());
                }
                for dc in 0..cs {
                    let cc = col + dc;
                    if rows[rr].len() <= cc {
                        rows[rr].resize(cc + 1, None);
                    }
                    rows[rr][cc] = Some(GridCell { text: text.clone(), header, line: (0, 0) });
                }
            }
            col += cs;
        }
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let rows = rows
        .into_iter()
        .filter(|r| r.iter().any(Option::is_some))
        .map(|r| {
            let mut r: Vec<GridCell> = r.into_iter().map(Option::unwrap_or_default).collect();
            r.resize(width, GridCell::default());
            r
        })
        .collect();
    Grid { caption, rows }
}

/// The date in a page's metadata (`article:published_time`, `datePublished`).
fn meta_date(html: &Html) -> Option<NaiveDate> {
    let sel = scraper::Selector::parse(r#"meta[property="article:published_time"], meta[itemprop="datePublished"], meta[name="pubdate"], time[datetime]"#).ok()?;
    html.select(&sel).find_map(|m| {
        let v = m.value().attr("content").or_else(|| m.value().attr("datetime"))?;
        NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()
    })
}

/// Reads the article of a page with the site's selectors.
///
/// # Errors
/// [`ExtractError::NoMatch`] naming the selector when the title or body is not found.
pub fn read_article(html_text: &str, spec: &SiteSpec) -> Result<Article, ExtractError> {
    let html = Html::parse_document(html_text);
    let no_match =
        |field: &str, css: &str| ExtractError::NoMatch { field: field.to_string(), selector: css.to_string() };
    let title = html
        .select(&spec.title.selector)
        .map(cell_text)
        .find(|t| !t.is_empty())
        .ok_or_else(|| no_match("title", &spec.title.css))?;
    let from_selector =
        spec.date.as_ref().and_then(|d| html.select(&d.selector).find_map(|e| first_full_date(&cell_text(e))));
    let mut misses = Vec::new();
    if let (Some(d), None) = (&spec.date, from_selector) {
        misses.push(format!("article.date `{}` found no date", d.css));
    }
    let published = from_selector.or_else(|| meta_date(&html));
    let body_el = html.select(&spec.body.selector).next().ok_or_else(|| no_match("body", &spec.body.css))?;
    let exclude = spec.exclude.iter().flat_map(|s| body_el.select(&s.selector).map(|e| e.id())).collect();
    let mut walker = Walker { spec_exclude: exclude, out: String::new(), tables: Vec::new(), _html: &html };
    walker.walk(*body_el);
    walker.newline();
    let body = walker.out;
    if body.trim().is_empty() {
        return Err(no_match("body (empty)", &spec.body.css));
    }
    Ok(Article { title, published, body, tables: walker.tables, misses })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::compile;

    fn spec() -> SiteSpec {
        let text = r#"
format = 1
name = "t"
kind = "news_site"
allowed_hosts = ["a.vn"]
start_urls = ["https://a.vn/"]
[listing]
links = "a"
[article]
title = "h1.t"
date = ".d"
body = "div.c"
exclude = [".related"]
"#;
        compile(std::path::Path::new("t.toml"), text).expect("compiles").site.expect("site")
    }

    #[test]
    fn reads_title_date_body_and_tables() {
        let html = r#"<html><body><h1 class="t">Kết quả <b>tháng 3</b></h1><div class="d">Thứ Hai, 15/04/2024 08:30</div>
<div class="c"><p>Trung tâm tiếp nhận<br>1.234 hồ sơ.</p><div class="related">Tin khác 999</div>
<table><thead><tr><th rowspan="2">Đơn vị</th><th colspan="2">Tiếp nhận</th></tr><tr><th>Trực tuyến</th><th>Trực tiếp</th></tr></thead>
<tbody><tr><td>Sở Tư pháp</td><td>10</td><td>5</td></tr></tbody></table></div></body></html>"#;
        let a = read_article(html, &spec()).expect("reads");
        assert_eq!(a.title, "Kết quả tháng 3");
        assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-04-15"));
        assert!(a.body.starts_with("Trung tâm tiếp nhận\n1.234 hồ sơ.\n"), "{}", a.body);
        assert!(!a.body.contains("999"));
        let g = &a.tables[0].grid;
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.rows[1][0].text, "Đơn vị");
        assert_eq!(g.rows[0][2].text, "Tiếp nhận");
        assert_eq!(g.rows[1][2].text, "Trực tiếp");
        assert_eq!(&a.body[g.rows[2][0].line.0..g.rows[2][0].line.1], "Sở Tư pháp | 10 | 5");
    }

    #[test]
    fn missing_body_names_the_selector() {
        let err = read_article("<h1 class=t>x</h1>", &spec()).expect_err("no body");
        assert!(err.to_string().contains("div.c"));
    }
}
