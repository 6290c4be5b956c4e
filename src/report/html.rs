//! The report's HTML building blocks: escaping, the page shell with its inline style and
//! script (no external requests: no CDN, no web fonts), headings in Vietnamese with
//! English beneath, source links. Pure: strings in, strings or bytes out.

use std::fmt::Write as _;
use std::io::{self, Write};

/// `s` escaped for HTML text and attribute values.
#[must_use]
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A source URL: a link when a browser can open it (http, https), otherwise the text
/// (the demo's `mirror://` pages were never on the real site).
#[must_use]
pub fn source_link(url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a class=\"src\" href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>", esc(url))
    } else {
        format!("<span class=\"src\">{}</span>", esc(url))
    }
}

/// A heading in Vietnamese with its English below, smaller.
#[must_use]
pub fn heading(level: u8, vi: &str, en: &str) -> String {
    format!("<h{level}>{}<span class=\"en\">{}</span></h{level}>", esc(vi), esc(en))
}

/// Which page of the report is shown (for the navigation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// The ranking.
    Ranking,
    /// A province's page.
    Province,
    /// The flagged figures.
    Flagged,
    /// How the data was collected.
    Method,
}

/// What every page shares.
#[derive(Debug, Clone, Copy)]
pub struct Shell<'a> {
    /// The `<title>`.
    pub title: &'a str,
    /// Which page this is.
    pub nav: Nav,
    /// `""` for pages at the top of the report, `"../"` for pages one folder down.
    pub root: &'a str,
    /// Whether the figures are the bundled sample data (a banner on every page).
    pub sample: bool,
    /// The period of the report, for the header.
    pub period_vi: &'a str,
    /// How many flagged figures there are (shown in the navigation).
    pub flagged: usize,
}

const STYLE: &str = r#"
:root{--ink:#1d2433;--muted:#5b6577;--line:#d9dee7;--bg:#fff;--soft:#f4f6fa;--accent:#0b5cad;--up:#1a7f37;--down:#b42318;--warn:#8a4b00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5;font-size:16px}
a{color:var(--accent)}
header.top{background:#10294d;color:#fff;padding:.6rem 1rem}
header.top .brand{font-weight:700;margin-right:1rem}
header.top .period{opacity:.85;font-size:.9rem}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin-top:.35rem}
nav a{color:#fff;text-decoration:none;border-bottom:2px solid transparent;padding:.1rem 0;font-size:.95rem}
nav a.on{border-bottom-color:#ffd166}
.sample{background:#fff3c4;border-bottom:1px solid #e8cf7a;color:#5a4300;padding:.5rem 1rem;font-weight:700}
.sample span{display:block;font-weight:400;font-size:.85rem}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1,h2,h3{line-height:1.25;margin:1.4rem 0 .6rem}
h1{font-size:1.6rem;margin-top:.6rem}
h2{font-size:1.25rem;border-top:1px solid var(--line);padding-top:1rem}
h3{font-size:1.05rem}
.en{display:block;font-size:.78em;font-weight:400;color:var(--muted);margin-top:.1rem}
p.en,div.en{font-size:.85rem}
.muted{color:var(--muted)}
.small{font-size:.85rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0;white-space:nowrap}
th.sortable{cursor:pointer;user-select:none}
th.sortable::after{content:" \2195";color:var(--muted);font-size:.8em}
th[aria-sort=ascending]::after{content:" \25B2"}
th[aria-sort=descending]::after{content:" \25BC"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfd}
table.figures tbody tr{background:none}
table.figures tr.ev td{border-bottom:1px solid var(--line);padding-top:0}
table.figures tbody tr:not(.ev) td{border-bottom:none}
.up{color:var(--up)}.down{color:var(--down)}
.grade{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85em;white-space:nowrap}
.g-excellent{background:#d3f0dc}.g-good{background:#e2f0fb}.g-fair{background:#eef0f4}.g-average{background:#fdebd3}.g-weak{background:#fbd9d6}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.search input{font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:6px;min-width:16rem;flex:1 1 16rem;max-width:28rem}
figure{margin:1rem 0}
figure svg{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:6px}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.3rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.6rem;margin:.8rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;background:var(--soft)}
.card b{display:block;font-size:1.35rem}
.card small{color:var(--muted)}
.bar{background:var(--soft);border-radius:3px;height:.55rem;min-width:5rem;overflow:hidden}
.bar i{display:block;height:100%;background:var(--accent)}
.flag{display:inline-block;background:#fde8c8;color:var(--warn);border-radius:4px;padding:0 .35rem;margin:.1rem .2rem .1rem 0;font-size:.8rem}
blockquote{margin:.3rem 0;padding:.3rem .6rem;border-left:3px solid var(--line);background:var(--soft);font-size:.9rem}
.src{word-break:break-all;font-size:.82rem}
.item{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.item h3{margin:.1rem 0 .3rem}
footer{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.82rem}
@media (max-width:40rem){
 body{font-size:15px}
 main{padding:.6rem}
 h1{font-size:1.35rem}
 table{font-size:.88rem}
 th,td{padding:.35rem .3rem}
 thead th{white-space:normal}
 th.sortable::after{content:""}
 th.sortable[aria-sort=ascending]::after{content:" \25B2"}
 th.sortable[aria-sort=descending]::after{content:" \25BC"}
 .hide-sm{display:none}
}
"#;

/// Sorting by a column and filtering by name, without accents: what a reader types
/// ("bac kan") finds "Bắc Kạn". Rows carry `data-name`; cells carry `data-v` to sort on.
const SCRIPT: &str = r#"
(function(){
function fold(s){return s.normalize('NFD').replace(/[\u0300-\u036f]/g,'').replace(/[đĐ]/g,'d').toLowerCase();}
document.querySelectorAll('table.sortable').forEach(function(t){
 var body=t.tBodies[0];
 t.querySelectorAll('th.sortable').forEach(function(th,i){
  th.tabIndex=0;
  function go(){
   var idx=Array.prototype.indexOf.call(th.parentNode.children,th);
   var asc=th.getAttribute('aria-sort')!=='ascending';
   t.querySelectorAll('th').forEach(function(o){o.removeAttribute('aria-sort');});
   th.setAttribute('aria-sort',asc?'ascending':'descending');
   var rows=Array.prototype.slice.call(body.rows);
   rows.sort(function(a,b){
    var x=a.cells[idx].getAttribute('data-v'),y=b.cells[idx].getAttribute('data-v');
    var nx=parseFloat(x),ny=parseFloat(y);
    var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:String(x).localeCompare(String(y),'vi');
    return asc?c:-c;});
   rows.forEach(function(r){body.appendChild(r);});
  }
  th.addEventListener('click',go);
  th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();go();}});
 });
});
document.querySelectorAll('input[data-filter]').forEach(function(inp){
 var t=document.getElementById(inp.getAttribute('data-filter'));
 var out=document.getElementById(inp.getAttribute('data-count'));
 inp.addEventListener('input',function(){
  var q=fold(inp.value.trim()),n=0;
  Array.prototype.forEach.call(t.tBodies[0].rows,function(r){
   var show=!q||fold(r.getAttribute('data-name')||'').indexOf(q)>=0;
   r.hidden=!show; if(show)n++;});
  if(out)out.textContent=n;
 });
});
})();
"#;

fn nav_link(out: &mut String, shell: &Shell<'_>, page: Nav, href: &str, label: &str) {
    let on = if shell.nav == page { " class=\"on\"" } else { "" };
    let _ = write!(out, "<a href=\"{}{href}\"{on}>{label}</a>", shell.root);
}

/// Writes a whole page: the shell around `body`.
///
/// # Errors
/// When writing fails.
pub fn page(w: &mut impl Write, shell: &Shell<'_>, body: &str) -> io::Result<()> {
    let mut head = String::new();
    let _ = write!(
        head,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"dvcrank {}\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(shell.title)
    );
    head.push_str("<header class=\"top\"><span class=\"brand\">dvcrank</span>");
    let _ = write!(head, "<span class=\"period\">{}</span><nav>", esc(shell.period_vi));
    nav_link(&mut head, shell, Nav::Ranking, "index.html", "Xếp hạng");
    nav_link(&mut head, shell, Nav::Flagged, "flagged.html", &format!("Số liệu cần kiểm tra ({})", shell.flagged));
    nav_link(&mut head, shell, Nav::Method, "method.html", "Cách thu thập dữ liệu");
    head.push_str("</nav></header>\n");
    if shell.sample {
        head.push_str(
            "<div class=\"sample\" role=\"note\">DỮ LIỆU MẪU / SAMPLE DATA\
             <span>Số liệu minh họa từ bản sao mô phỏng, không phải số liệu thật của các cổng thông tin. \
             Illustrative figures from a mock mirror, not the real portals' data.</span></div>\n",
        );
    }
    w.write_all(head.as_bytes())?;
    w.write_all(b"<main>\n")?;
    w.write_all(body.as_bytes())?;
    w.write_all(b"\n</main>\n<footer>")?;
    let footer = format!(
        "Tạo bởi dvcrank {} từ các trang đã lưu; mọi con số kèm nguồn và thời điểm truy cập. \
         <span class=\"en\">Made by dvcrank {} from stored pages; every figure names its source and capture time.</span>",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_VERSION")
    );
    w.write_all(footer.as_bytes())?;
    if shell.sample {
        w.write_all(" <strong>DỮ LIỆU MẪU / SAMPLE DATA</strong>".as_bytes())?;
    }
    write!(w, "</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<a href=\"x\">Đà & 'y'</a>"), "&lt;a href=&quot;x&quot;&gt;Đà &amp; &#39;y&#39;&lt;/a&gt;");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(source_link("https://a.vn/?q=<x>").starts_with("<a class=\"src\" href=\"https://a.vn/?q=&lt;x&gt;\""));
        assert!(source_link("javascript:alert(1)").starts_with("<span"));
        assert!(source_link("mirror://baodongkhoi.vn/a").starts_with("<span"));
    }

    #[test]
    fn every_page_carries_the_sample_banner_and_no_external_request() {
        let shell =
            Shell { title: "t", nav: Nav::Method, root: "", sample: true, period_vi: "tháng 4/2024", flagged: 2 };
        let mut out = Vec::new();
        page(&mut out, &shell, "<p>x</p>").expect("write");
        let html = String::from_utf8(out).expect("utf-8");
        assert!(html.contains("DỮ LIỆU MẪU / SAMPLE DATA"));
        assert!(html.contains("Số liệu cần kiểm tra (2)"));
        for external in ["http://", "https://", "//cdn", "@import", "url("] {
            assert!(!html.contains(external), "{external} in the shell");
        }
    }
}
