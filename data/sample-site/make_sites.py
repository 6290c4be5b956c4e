#!/usr/bin/env python3
"""Write the offline mirror's provincial sites and the expected-figure (gold) files.

SAMPLE DATA: every page is a mock in the structure of the real site's CMS, marked
with a visible banner; the bulletins are invented (bulletins_*.py). Deterministic;
Python 3.11 standard library only. Run make_index.py first (the bulletins that
quote the national index read its JSON), then:

    python3 data/sample-site/make_sites.py

URL -> file rule (what the mirror's server implements): /<path>?<query> is served
from <host>/<path>@<query>; a path ending in '/' from <path>/index.html.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
from datetime import date, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # keep the mirror folder free of __pycache__
sys.path.insert(0, HERE)

import bulletins_bentre  # noqa: E402
import bulletins_hue  # noqa: E402
import bulletins_langson  # noqa: E402
import bulletins_vinhphuc  # noqa: E402
from sitegen import dmy, nfc, weekday  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
GOLD = os.path.join(REPO, "tests", "fixtures", "sample-gold")
SNAPSHOT = date(2026, 1, 5)   # the day the mirror was "taken": page clocks show it
BANNER_TEXT = ("DỮ LIỆU MẪU — trang mô phỏng để chạy thử dvcrank, không phải trang thật / "
               "SAMPLE DATA — a mock page for the dvcrank demo, not the real site")
BANNER = (f'<div class="dvcrank-sample-banner" role="note" style="background:#b3261e;color:#fff;padding:6px 12px;'
          f'font:bold 14px sans-serif;text-align:center">{BANNER_TEXT}</div>')
GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAMLCwgAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw=="
CLOCK = f"{weekday(SNAPSHOT)}, {dmy(SNAPSHOT)}"


def esc(s):
    return html.escape(s, quote=True)


def url_to_file(host, url):
    path, _, query = url.partition("?")
    if path.endswith("/") or path == "":
        path += "index.html"
    f = os.path.join(HERE, host, path.lstrip("/"))
    return f + ("@" + query if query else "")


def write(host, url, text):
    f = url_to_file(host, url)
    os.makedirs(os.path.dirname(f), exist_ok=True)
    with open(f, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(nfc(text))


def plain(html_text):
    t = re.sub(r"<[^>]+>", " ", html_text)
    return re.sub(r"\s+", " ", html.unescape(t)).strip()


def summary_of(doc, n=180):
    for b in doc.blocks:
        if b.startswith("<p"):
            t = plain(b)
            if len(t) > n:
                t = t[:n].rsplit(" ", 1)[0] + " …"
            return t
    return ""


class Item:
    """A listing entry: a bulletin (Doc) or an unrelated news page."""

    def __init__(self, url, title, published, doc=None, paras=None, section=None):
        self.url, self.title, self.published = url, nfc(title), published
        self.doc, self.paras, self.section = doc, paras or [], section

    @property
    def summary(self):
        if self.doc and self.doc.draft:
            # no figures of a robots-disallowed draft on any page a crawler may fetch
            return "Bản nháp chờ duyệt."
        if self.doc:
            return summary_of(self.doc)
        return plain(self.paras[0])[:180] if self.paras else ""

    @property
    def body_html(self):
        return "\n".join(self.doc.blocks) if self.doc else "\n".join(f"<p>{nfc(p)}</p>" for p in self.paras)


def pages_of(items, per_page):
    return [items[i:i + per_page] for i in range(0, len(items), per_page)]


# =============================================================================
# baodongkhoi.vn — newspaper CMS
# =============================================================================
BDK = "baodongkhoi.vn"
BDK_LIST = "/chuyen-muc/cai-cach-hanh-chinh"
BDK_CATS = [("thoi-su", "Thời sự"), ("kinh-te", "Kinh tế"), ("cai-cach-hanh-chinh", "Cải cách hành chính"),
            ("van-hoa", "Văn hóa")]


def bdk_page(title, main, aside=""):
    menu = "".join(f'<li><a href="/chuyen-muc/{slug}">{name}</a></li>' for slug, name in BDK_CATS)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - Báo Đồng Khởi</title>
<style>body{{font-family:Arial,sans-serif;margin:0}}.container{{max-width:1100px;margin:auto;display:flex;gap:24px}}
main{{flex:3}}aside{{flex:1}}.topbar{{background:#0b4f8a;color:#fff;font-size:13px;padding:4px 12px}}
.main-menu ul{{list-style:none;display:flex;gap:16px;padding:8px 12px;margin:0;background:#eee}}
.story{{border-bottom:1px solid #ddd;padding:10px 0}}.pagination{{list-style:none;display:flex;gap:8px}}</style>
</head>
<body>
{BANNER}
<header class="site-header">
<div class="topbar"><span class="clock">{CLOCK}</span> | <span class="hotline">Đường dây nóng: 0275 3 822 229</span> | <span class="weather">Nhiệt độ 27°C - 33°C</span></div>
<div class="logo-bar"><a class="logo" href="/">BÁO ĐỒNG KHỞI</a> <span class="slogan">Cơ quan của Đảng bộ, chính quyền và nhân dân tỉnh</span></div>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li>{menu}</ul></nav>
</header>
<div class="container">
<main>
{main}
</main>
<aside class="sidebar">
{aside}
<div class="box-stats"><h4>Thống kê truy cập</h4><p>Đang truy cập: 356</p><p>Tổng lượt truy cập: 24.581.306</p></div>
</aside>
</div>
<footer class="site-footer">
<p>BÁO ĐỒNG KHỞI ĐIỆN TỬ - Giấy phép hoạt động báo điện tử số 156/GP-BTTTT ngày 12/4/2021 của Bộ Thông tin và Truyền thông.</p>
<p>Tòa soạn: số 3 đường Đồng Khởi, phường An Hội. Điện thoại: 0275 3 822 229 - Fax: 0275 3 823 404. Email: toasoan@baodongkhoi.vn</p>
<p>Ghi rõ nguồn "Báo Đồng Khởi" khi phát hành lại thông tin từ website này.</p>
</footer>
</body>
</html>
"""


def bdk_most_read(items):
    lis = "".join(f'<li><a href="{esc(i.url)}">{esc(i.title)}</a></li>' for i in items[:5])
    return f'<div class="box-most-read"><h4>Đọc nhiều</h4><ol>{lis}</ol></div>'


def bdk_listing(items, page_no, n_pages, base, cat_name, sidebar_items):
    stories = []
    for it in items:
        stories.append(
            f'<article class="story"><a class="story__thumb" href="{esc(it.url)}"><img src="{GIF}" width="240" height="150" alt=""></a>'
            f'<h3 class="story__title"><a href="{esc(it.url)}">{esc(it.title)}</a></h3>'
            f'<div class="story__meta"><span class="time">{dmy(it.published.date())}</span></div>'
            f'<p class="story__summary">{esc(it.summary)}</p></article>')

    def href(n):
        return base if n == 1 else f"{base}?page={n}"
    pag = []
    if page_no > 1:
        pag.append(f'<li><a rel="prev" href="{href(page_no - 1)}">‹</a></li>')
    for n in range(1, n_pages + 1):
        pag.append(f'<li class="active"><span>{n}</span></li>' if n == page_no else f'<li><a href="{href(n)}">{n}</a></li>')
    if page_no < n_pages:
        pag.append(f'<li><a rel="next" href="{href(page_no + 1)}">›</a></li>')
    main = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="{base}">{cat_name}</a></div>'
            f'<h1 class="cate-title">{cat_name}</h1>'
            f'<div class="list-news">{"".join(stories)}</div>'
            f'<ul class="pagination">{"".join(pag)}</ul>')
    return bdk_page(cat_name, main, bdk_most_read(sidebar_items))


def bdk_article(it, related, sidebar_items):
    d = it.doc
    when = it.published
    rel = ""
    if related:
        lis = "".join(f'<li><a href="{esc(r.url)}">{esc(r.title)}</a></li>' for r in related)
        rel = f'<div class="related-news"><h4>Tin liên quan</h4><ul>{lis}</ul></div>'
    author = f'<p class="author"><strong>{esc(d.author)}</strong></p>' if d and d.author else ""
    cat = "Cải cách hành chính" if d else dict(BDK_CATS).get(it.section, "Thời sự")
    cat_url = BDK_LIST if d else f"/chuyen-muc/{it.section}"
    main = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="{cat_url}">{cat}</a></div>'
            f'<article class="detail">'
            f'<h1 class="detail-title">{esc(it.title)}</h1>'
            f'<div class="detail-meta"><div class="detail-time">{weekday(when.date())}, {dmy(when.date())} - {when:%H:%M}</div>'
            f'<div class="detail-views">Lượt xem: {vn_views(1000 + hash_int(it.url) % 4000)}</div></div>'

            f'<div class="detail-content">\n{it.body_html}\n{author}{rel}</div>'
            f'<div class="detail-share">Chia sẻ bài viết: <a href="#">Facebook</a> <a href="#">Zalo</a></div>'
            f'<div class="comments"><h4>BÌNH LUẬN</h4><p>Chưa có bình luận nào.</p></div>'
            f'</article>')
    return bdk_page(it.title, main, bdk_most_read(sidebar_items))


def vn_views(n):
    return f"{n:,}".replace(",", ".")


def hash_int(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % 1_000_003
    return h


def build_bdk():
    docs = bulletins_bentre.bulletins()
    items = [Item(d.path, d.title, d.published, doc=d) for d in docs]
    for slug, when, title, section, paras in bulletins_bentre.OTHERS:
        items.append(Item(f"/{slug}.html", title, datetime.fromisoformat(when), paras=paras, section=section))
    items.sort(key=lambda i: i.published, reverse=True)
    others = [i for i in items if not i.doc]
    bulletins = [i for i in items if i.doc and not i.doc.draft]
    pages = pages_of(items, 6)
    for n, page in enumerate(pages, 1):
        url = BDK_LIST if n == 1 else f"{BDK_LIST}?page={n}"
        write(BDK, url, bdk_listing(page, n, len(pages), BDK_LIST, "Cải cách hành chính", others))
    for it in items:
        rel = []
        if it.doc and not it.doc.draft:
            k = bulletins.index(it)
            rel = [b for b in (bulletins[k + 1:k + 2] + bulletins[max(0, k - 1):k])]
        write(BDK, it.url, bdk_article(it, rel, others))
    for slug, name in BDK_CATS:
        if slug == "cai-cach-hanh-chinh":
            continue
        sect = [i for i in others if i.section == slug]
        write(BDK, f"/chuyen-muc/{slug}", bdk_listing(sect, 1, 1, f"/chuyen-muc/{slug}", name, others))
    home = (f'<h1 class="cate-title">Tin mới</h1><div class="list-news">' +
            "".join(f'<article class="story"><h3 class="story__title"><a href="{esc(i.url)}">{esc(i.title)}</a></h3>'
                    f'<div class="story__meta"><span class="time">{dmy(i.published.date())}</span></div></article>'
                    for i in items if not (i.doc and i.doc.draft)) +
            f'</div><p><a href="{BDK_LIST}">Xem thêm tin Cải cách hành chính</a></p>')
    write(BDK, "/", bdk_page("Trang chủ", home, bdk_most_read(others)))
    write_robots(BDK, ["/admin/", "/ban-nhap/"])
    return docs


# =============================================================================
# vinhphuc.gov.vn — SharePoint portal (old-style charset declaration)
# =============================================================================
VP = "vinhphuc.gov.vn"
VP_LIST = "/ct/cms/tintuc/Lists/CaiCachHanhChinh/View_List.aspx"
VP_TB = "/ct/cms/thongbao/Lists/ThongBao/View_List.aspx"


def vp_page(title, self_url, content):
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>
	{esc(title)}
</title>
<style type="text/css">body{{font-family:Tahoma,Arial;font-size:13px;margin:0}}#s4-bodyContainer{{width:1000px;margin:auto}}
.menu-top ul{{list-style:none;display:flex;gap:14px;background:#a30000;padding:6px;margin:0}}.menu-top a{{color:#fff}}
.item_news{{border-bottom:1px dotted #ccc;padding:6px 0}}</style>
</head>
<body scroll="yes">
<form method="post" action="{esc(self_url)}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x4F1C2A9B7E3D,05 Jan 2026 01:12:44 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIDDxYCHgdWaXNpYmxlaGQCAw9kFgICAQ9kFgQCAQ9kFgI=" />
</div>
{BANNER}
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header">
<div class="logo"><a href="/">CỔNG THÔNG TIN - GIAO TIẾP ĐIỆN TỬ TỈNH VĨNH PHÚC</a></div>
<div class="date-time">{CLOCK}</div>
<div class="search-box"><input type="text" name="keyword" title="Tìm kiếm" /></div>
</div>
<div class="menu-top"><ul>
<li><a href="/">Trang chủ</a></li>
<li><a href="{VP_LIST}?Page=1">Cải cách hành chính</a></li>
<li><a href="{VP_TB}?Page=1">Thông báo</a></li>
</ul></div>
<div class="content">
{content}
</div>
<div class="footer">
<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Vĩnh Phúc. Cơ quan thường trực: Văn phòng UBND tỉnh.</p>
<p>Điện thoại: 0211.3862.480 - Email: congtt@vinhphuc.gov.vn</p>
<p>Số lượt truy cập: 18.256.774 | Đang online: 142</p>
</div>
</div></div>
</form>
</body>
</html>
"""


def vp_listing(items, page_no, n_pages, base, name):
    rows = []
    for it in items:
        rows.append(f'<div class="item_news"><a class="title_item" href="{esc(it.url)}">{esc(it.title)}</a> '
                    f'<span class="date_item">({dmy(it.published.date())})</span>'
                    f'<div class="sapo_item">{esc(it.summary)}</div></div>')
    pg = []
    if page_no > 1:
        pg.append(f'<a class="prev" href="{base}?Page={page_no - 1}">« Trang trước</a>')
    for n in range(1, n_pages + 1):
        pg.append(f'<span class="current">{n}</span>' if n == page_no else f'<a href="{base}?Page={n}">{n}</a>')
    if page_no < n_pages:
        pg.append(f'<a class="next" href="{base}?Page={page_no + 1}">Trang sau »</a>')
    content = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> » {name}</div>'
               f'<h2 class="title_cate">{name}</h2><div class="list_news">{"".join(rows)}</div>'
               f'<div class="paging">{" ".join(pg)}</div>')
    return vp_page(name, f"{base}?Page={page_no}", content)


def vp_detail(it, older):
    others = "".join(f'<li><a href="{esc(o.url)}">{esc(o.title)}</a> <span>({dmy(o.published.date())})</span></li>'
                     for o in older)
    content = (f'<div class="news-detail"><div class="breadcrumb"><a href="/">Trang chủ</a> » '
               f'<a href="{VP_LIST}?Page=1">Cải cách hành chính</a></div>'
               f'<h1 class="title_news">{esc(it.title)}</h1>'
               f'<div class="date_news">{dmy(it.published.date())}</div>'
               f'<div class="tools"><a href="#">Tăng cỡ chữ</a> | <a href="#">Giảm cỡ chữ</a> | <a href="#">In trang</a></div>'
               f'<div class="ms-rtestate-field content_news"><div class="ExternalClass5C7E2D1A">\n{it.body_html}\n</div></div>'
               f'<div class="vote">Đánh giá: <span class="vote-count">lượt đánh giá: 0</span></div>'
               f'<div class="other_news"><h3>Các tin đã đưa ngày:</h3><ul>{others}</ul></div></div>')
    return vp_page(it.title, it.url, content)


def build_vp():
    docs = bulletins_vinhphuc.bulletins()
    items = [Item(d.path, d.title, d.published, doc=d) for d in docs]
    for lst, iid, when, title, paras in bulletins_vinhphuc.OTHERS:
        items.append(Item(f"/ct/cms/tintuc/Lists/{lst}/View_Detail.aspx?ItemID={iid}", title,
                          datetime.fromisoformat(when), paras=paras))
    items.sort(key=lambda i: i.published, reverse=True)
    pages = pages_of(items, 8)
    for n, page in enumerate(pages, 1):
        write(VP, f"{VP_LIST}?Page={n}", vp_listing(page, n, len(pages), VP_LIST, "Cải cách hành chính"))
    public = [i for i in items if not (i.doc and i.doc.draft)]
    for it in items:
        k = public.index(it) if it in public else 0
        write(VP, it.url, vp_detail(it, public[k + 1:k + 4]))
    tb = [i for i in items if not i.doc][:3]
    write(VP, f"{VP_TB}?Page=1", vp_listing(tb, 1, 1, VP_TB, "Thông báo"))
    home = ('<h2 class="title_cate">Tin mới</h2><div class="list_news">' +
            "".join(f'<div class="item_news"><a class="title_item" href="{esc(i.url)}">{esc(i.title)}</a></div>'
                    for i in public[:8]) + "</div>")
    write(VP, "/", vp_page("Trang chủ", "/", home))
    write_robots(VP, ["/admin/", "/_layouts/", "/_vti_bin/", "/ct/cms/tintuc/Lists/BanNhap/"])
    return docs


# =============================================================================
# langson.gov.vn — Drupal
# =============================================================================
LS = "langson.gov.vn"
LS_LIST = "/tin-tuc/cai-cach-hanh-chinh"


def ls_page(title, content, body_class="path-taxonomy"):
    return f"""<!DOCTYPE html>
<html lang="vi" dir="ltr" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{esc(title)} | Cổng thông tin điện tử tỉnh Lạng Sơn</title>
<style>body{{font-family:Arial,sans-serif;margin:0}}.visually-hidden{{position:absolute!important;clip:rect(1px,1px,1px,1px);overflow:hidden;height:1px;width:1px}}
.layout-container{{max-width:1140px;margin:auto}}ul.menu{{list-style:none;display:flex;gap:18px;background:#00558f;padding:8px;margin:0}}ul.menu a{{color:#fff}}
.views-row{{border-bottom:1px solid #e5e5e5;padding:8px 0}}.pager__items{{list-style:none;display:flex;gap:8px}}</style>
</head>
<body class="{body_class}">
<a href="#main-content" class="visually-hidden focusable skip-link">Nhảy đến nội dung</a>
{BANNER}
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="layout-container">
<header role="banner">
<div class="region region-header">
<div id="block-sitebranding" class="block block-system block-system-branding-block"><a href="/" rel="home" class="site-logo">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH LẠNG SƠN</a></div>
<div class="block-slogan">Đoàn kết - Kỷ cương - Đổi mới - Sáng tạo - Phát triển</div>
<div class="block-datetime">{CLOCK}</div>
</div>
</header>
<nav role="navigation" aria-labelledby="block-mainnavigation-menu" id="block-mainnavigation">
<h2 class="visually-hidden" id="block-mainnavigation-menu">Main navigation</h2>
<ul class="menu"><li class="menu-item"><a href="/" data-drupal-link-system-path="&lt;front&gt;">Trang chủ</a></li>
<li class="menu-item menu-item--active-trail"><a href="{LS_LIST}?page=0">Cải cách hành chính</a></li>
<li class="menu-item"><a href="/lien-he">Liên hệ</a></li></ul>
</nav>
<main role="main">
<a id="main-content" tabindex="-1"></a>
<div class="layout-content">
{content}
</div>
<aside class="layout-sidebar-second" role="complementary">
<div class="block block-thong-ke-truy-cap"><h2>Thống kê truy cập</h2><div>Đang online: 87</div><div>Tổng lượt truy cập: 9.873.120</div></div>
</aside>
</main>
<footer role="contentinfo"><div class="region region-footer">
<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lạng Sơn. Địa chỉ: số 2 đường Hoàng Văn Thụ, phường Lương Văn Tri.</p>
<p>Điện thoại: 0205 3 812 544. Giấy phép số 28/GP-TTĐT ngày 09/3/2020.</p>
</div></footer>
</div>
</div>
</body>
</html>
"""


def ls_listing(items, page_no, n_pages):
    rows = []
    for it in items:
        rows.append(f'<div class="views-row"><div class="views-field views-field-title"><h3 class="field-content">'
                    f'<a href="{esc(it.url)}" hreflang="vi">{esc(it.title)}</a></h3></div>'
                    f'<div class="views-field views-field-created"><span class="field-content">{dmy(it.published.date())}</span></div>'
                    f'<div class="views-field views-field-body"><div class="field-content">{esc(it.summary)}</div></div></div>')

    def href(n):
        return f"{LS_LIST}?page={n}"
    pg = []
    if page_no > 0:
        pg.append(f'<li class="pager__item pager__item--first"><a href="{href(0)}" title="Đến trang đầu"><span class="visually-hidden">Trang đầu</span><span aria-hidden="true">«</span></a></li>')
        pg.append(f'<li class="pager__item pager__item--previous"><a href="{href(page_no - 1)}" title="Đến trang trước" rel="prev"><span class="visually-hidden">Trang trước</span><span aria-hidden="true">‹‹</span></a></li>')
    for n in range(n_pages):
        if n == page_no:
            pg.append(f'<li class="pager__item is-active"><a href="{href(n)}" title="Trang hiện tại"><span class="visually-hidden">Trang hiện tại</span>{n + 1}</a></li>')
        else:
            pg.append(f'<li class="pager__item"><a href="{href(n)}" title="Đến trang {n + 1}"><span class="visually-hidden">Trang </span>{n + 1}</a></li>')
    if page_no < n_pages - 1:
        pg.append(f'<li class="pager__item pager__item--next"><a href="{href(page_no + 1)}" title="Đến trang tiếp theo" rel="next"><span class="visually-hidden">Trang tiếp</span><span aria-hidden="true">››</span></a></li>')
        pg.append(f'<li class="pager__item pager__item--last"><a href="{href(n_pages - 1)}" title="Đến trang cuối"><span class="visually-hidden">Trang cuối</span><span aria-hidden="true">»</span></a></li>')
    content = (f'<h1 class="page-title">Cải cách hành chính</h1>'
               f'<div class="views-element-container"><div class="view view-tin-tuc view-id-tin_tuc view-display-id-page_1">'
               f'<div class="view-content">{"".join(rows)}</div>'
               f'<nav class="pager" role="navigation" aria-labelledby="pagination-heading">'
               f'<h4 id="pagination-heading" class="visually-hidden">Phân trang</h4>'
               f'<ul class="pager__items js-pager__items">{"".join(pg)}</ul></nav></div></div>')
    return ls_page("Cải cách hành chính", content)


def ls_article(it, related):
    d = it.doc
    when = it.published
    author = f'<p class="text-align-right"><strong>{esc(d.author)}</strong></p>' if d and d.author else ""
    rel = "".join(f'<li><a href="{esc(r.url)}" hreflang="vi">{esc(r.title)}</a></li>' for r in related)
    utc = when.replace(hour=(when.hour - 7) % 24)
    content = (f'<article role="article" class="node node--type-article node--promoted node--view-mode-full">'
               f'<h1 class="page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(it.title)}</span></h1>'
               f'<div class="node__meta"><span class="field field--name-created">Ngày đăng: <time datetime="{utc:%Y-%m-%dT%H:%M:00Z}">{dmy(when.date())} {when:%H:%M}</time></span> '
               f'<span class="statistics-counter">Lượt xem: {vn_views(300 + hash_int(it.url) % 2500)}</span></div>'

               f'<div class="node__content">'
               f'<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">\n{it.body_html}\n{author}</div>'
               f'<div class="field field--name-field-tags field--type-entity-reference field--label-inline"><div class="field__label">Từ khóa</div>'
               f'<div class="field__items"><div class="field__item"><a href="{LS_LIST}?page=0" hreflang="vi">Cải cách hành chính</a></div></div></div>'
               f'</div></article>'
               f'<div class="block block-views block-views-blocktin-lien-quan"><h2>Tin liên quan</h2><div class="view-content"><ul>{rel}</ul></div></div>')
    return ls_page(it.title, content, "path-node page-node-type-article")


def build_ls():
    docs = bulletins_langson.bulletins()
    items = [Item(d.path, d.title, d.published, doc=d) for d in docs]
    for slug, when, title, paras in bulletins_langson.OTHERS:
        items.append(Item(f"{LS_LIST}/{slug}", title, datetime.fromisoformat(when), paras=paras))
    items.sort(key=lambda i: i.published, reverse=True)
    pages = pages_of(items, 5)
    for n, page in enumerate(pages):
        write(LS, f"{LS_LIST}?page={n}", ls_listing(page, n, len(pages)))
    public = [i for i in items if not (i.doc and i.doc.draft)]
    for it in items:
        k = public.index(it) if it in public else 0
        write(LS, it.url, ls_article(it, [p for p in public[max(0, k - 2):k + 3] if p is not it][:4]))
    write(LS, "/lien-he", ls_page("Liên hệ", '<h1 class="page-title">Liên hệ</h1><p>Văn phòng UBND tỉnh Lạng Sơn - '
                                           'Điện thoại: 0205 3 812 544.</p>', "path-node"))
    home = ('<h1 class="page-title">Tin mới</h1><div class="view-content">' +
            "".join(f'<div class="views-row"><a href="{esc(i.url)}">{esc(i.title)}</a></div>' for i in public[:8]) +
            f'</div><p><a href="{LS_LIST}?page=0">Xem tất cả</a></p>')
    write(LS, "/", ls_page("Trang chủ", home, "path-frontpage"))
    # Drupal's stock robots.txt, plus the draft prefix
    drupal = ["/core/", "/profiles/", "/README.txt", "/web.config", "/admin/", "/comment/reply/", "/filter/tips",
              "/node/add/", "/search/", "/user/register", "/user/password", "/user/login", "/user/logout",
              "/index.php/admin/", "/index.php/comment/reply/", "/index.php/node/add/", "/index.php/search/",
              "/index.php/user/login", "/tin-tuc/cai-cach-hanh-chinh/ban-nhap-"]
    write_robots(LS, drupal, header="#\n# robots.txt\n#\n# This file is to prevent the crawling and indexing of certain "
                                    "parts\n# of your site by web crawlers and spiders run by sites like Yahoo!\n# and "
                                    "Google.\n#\n", allow=["/core/*.css$", "/core/*.js$"])
    return docs


# =============================================================================
# dichvucong.thuathienhue.gov.vn — public-service portal with statistics tables
# =============================================================================
TTH = "dichvucong.thuathienhue.gov.vn"
TTH_LIST = "/thongke/danhsach"


def tth_page(title, content):
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - Cổng Dịch vụ công</title>
<style>body{{font-family:Roboto,Arial,sans-serif;margin:0}}.wrap{{max-width:1170px;margin:auto}}
.nav-menu{{list-style:none;display:flex;gap:20px;background:#7a1f1f;padding:10px;margin:0}}.nav-menu a{{color:#fff}}
table.tbl-thongke{{border-collapse:collapse}}table.tbl-thongke td,table.tbl-thongke th{{border:1px solid #999;padding:3px 6px}}
td.num{{text-align:right}}</style>
</head>
<body>
{BANNER}
<div class="wrap">
<div class="header">
<div class="logo"><a href="/">CỔNG DỊCH VỤ CÔNG THỪA THIÊN HUẾ</a></div>
<div class="hotline">Tổng đài hỗ trợ: 1022 - (0234) 3 822 888</div>
<div class="clock">{CLOCK}</div>
</div>
<ul class="nav-menu">
<li><a href="/">Trang chủ</a></li>
<li><a href="/thutuc">Thủ tục hành chính</a></li>
<li><a href="/tracuu">Tra cứu hồ sơ</a></li>
<li class="active"><a href="{TTH_LIST}?page=1">Thống kê</a></li>
<li><a href="/hoidap">Hỏi đáp</a></li>
</ul>
<div class="main">
{content}
</div>
<div class="footer">
<p>Cơ quan chủ quản: Ủy ban nhân dân thành phố Huế. Đơn vị vận hành: Trung tâm Phục vụ hành chính công.</p>
<p>Địa chỉ: số 01 đường Lê Lai, phường Thuận Hóa. Lượt truy cập: 4.318.552</p>
</div>
</div>
</body>
</html>
"""


def tth_listing(items, page_no, n_pages):
    lis = "".join(f'<li><a class="title" href="{esc(i.url)}">{esc(i.title)}</a> <span class="date">({dmy(i.published.date())})</span></li>'
                  for i in items)
    pg = []
    if page_no > 1:
        pg.append(f'<a class="prev" href="{TTH_LIST}?page={page_no - 1}">Trang trước</a>')
    for n in range(1, n_pages + 1):
        pg.append(f'<span class="current">{n}</span>' if n == page_no else f'<a href="{TTH_LIST}?page={n}">{n}</a>')
    if page_no < n_pages:
        pg.append(f'<a class="next" href="{TTH_LIST}?page={page_no + 1}">Trang sau</a>')
    content = (f'<div class="box-thongke"><h2 class="box-title">Thống kê</h2><ul class="list-news">{lis}</ul>'
               f'<div class="pager">{" ".join(pg)}</div></div>')
    return tth_page("Thống kê", content)


def tth_detail(it, others):
    oth = "".join(f'<li><a href="{esc(o.url)}">{esc(o.title)}</a></li>' for o in others)
    content = (f'<div class="news-detail"><h2 class="news-title">{esc(it.title)}</h2>'
               f'<p class="news-date">Ngày đăng: {dmy(it.published.date())}</p>'
               f'<div class="news-content">\n{it.body_html}\n</div>'
               f'<div class="news-other"><h3>Tin khác</h3><ul>{oth}</ul></div></div>')
    return tth_page(it.title, content)


def build_tth():
    docs = bulletins_hue.bulletins()
    items = [Item(d.path, d.title, d.published, doc=d) for d in docs]
    for rid, when, title, paras in bulletins_hue.OTHERS:
        items.append(Item(f"/tintuc/ReqId/{rid}", title, datetime.fromisoformat(when), paras=paras))
    items.sort(key=lambda i: i.published, reverse=True)
    pages = pages_of(items, 8)
    for n, page in enumerate(pages, 1):
        write(TTH, f"{TTH_LIST}?page={n}", tth_listing(page, n, len(pages)))
    public = [i for i in items if not (i.doc and i.doc.draft)]
    for it in items:
        k = public.index(it) if it in public else 0
        write(TTH, it.url, tth_detail(it, [p for p in public[k + 1:k + 4]]))
    for path, name, text in [("/thutuc", "Thủ tục hành chính", "Tra cứu thủ tục hành chính theo lĩnh vực, cơ quan."),
                             ("/tracuu", "Tra cứu hồ sơ", "Nhập mã hồ sơ để tra cứu tình trạng giải quyết."),
                             ("/hoidap", "Hỏi đáp", "Gửi câu hỏi về thủ tục hành chính qua tổng đài 1022.")]:
        write(TTH, path, tth_page(name, f'<h2 class="box-title">{name}</h2><p>{text}</p>'))
    home = ('<h2 class="box-title">Thông tin mới</h2><ul class="list-news">' +
            "".join(f'<li><a class="title" href="{esc(i.url)}">{esc(i.title)}</a></li>' for i in public[:6]) +
            f'</ul><p><a href="{TTH_LIST}?page=1">Xem thống kê</a></p>')
    write(TTH, "/", tth_page("Trang chủ", home))
    write_robots(TTH, ["/admin/", "/thongke/ReqId/ff00"])
    return docs


# =============================================================================
# dichvucong.gov.vn — the index pages (the table is drawn by JavaScript)
# =============================================================================
DVC = "dichvucong.gov.vn"
DVC_PAGES = [("tonghop", "Tổng hợp"), ("congkhaiminhbach", "Công khai, minh bạch"),
             ("tiendogiaiquyet", "Tiến độ giải quyết"), ("dvctructuyen", "Dịch vụ công trực tuyến"),
             ("mucdohailong", "Mức độ hài lòng"), ("mucdosohoa", "Mức độ số hóa")]


def dvc_page(title, content):
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
</head>
<body>
{BANNER}
<div class="header"><a class="logo" href="/">CỔNG DỊCH VỤ CÔNG QUỐC GIA</a>
<span class="slogan">Kết nối, cung cấp thông tin và dịch vụ công mọi lúc, mọi nơi</span>
<span class="hotline">Tổng đài hỗ trợ: 18001096</span></div>
{content}
<div class="footer"><p>Cơ quan chủ quản: Văn phòng Chính phủ. Tổng đài hỗ trợ: 18001096.</p></div>
</body>
</html>
"""


def build_dvc():
    tabs = "".join(f'<li><a href="/p/home/dvc-index-tinhthanhpho-{k}.html">{v}</a></li>' for k, v in DVC_PAGES)
    for key, name in DVC_PAGES:
        content = f"""<div class="container">
<h1 class="title">Bộ chỉ số phục vụ người dân, doanh nghiệp - Tỉnh, thành phố - {name}</h1>
<ul class="nav-tabs">{tabs}</ul>
<div class="filter">
<select id="nam"><option value="2025" selected>2025</option><option value="2024">2024</option><option value="2023">2023</option></select>
<select id="loaibaocao"><option value="thang">Tháng</option><option value="quy">Quý</option><option value="6thang">6 tháng</option><option value="nam">Năm</option></select>
<select id="tinhtp"><option value="0">-- Chọn tỉnh/thành phố --</option></select>
</div>
<div id="table-container"><table class="table table-bordered"><thead><tr><th>Xếp hạng</th><th>Tỉnh/thành phố</th>
<th>Công khai, minh bạch</th><th>Tiến độ giải quyết</th><th>Dịch vụ công trực tuyến</th><th>Mức độ hài lòng</th>
<th>Số hóa hồ sơ</th><th>Tổng điểm</th></tr></thead><tbody id="tbody-index"></tbody></table></div>
<noscript>Trang này cần JavaScript: bảng được vẽ từ dữ liệu trả về của /jsp/rest.jsp.</noscript>
</div>
<script>
/* SAMPLE: the real page builds the table from the JSON gateway. */
function loadIndex(nam, thang, quy, sauThang, tinhId) {{
  var params = {{type: "ref", service: "report_tinh_766_service", p_nam: String(nam), p_thang: thang,
    p_quy: quy, p_6thang: sauThang, p_tinh_id: tinhId, p_loaidonvi: 1, loaichitieu: 0,
    pageIndex: 1, pageSize: 1000}};
  var xhr = new XMLHttpRequest();
  xhr.open("POST", "/jsp/rest.jsp");
  xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
  xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
  xhr.onload = function () {{ var rows = JSON.parse(xhr.responseText); /* draw rows */ }};
  xhr.send("params=" + encodeURIComponent(JSON.stringify(params)));
}}
</script>"""
        write(DVC, f"/p/home/dvc-index-tinhthanhpho-{key}.html",
              dvc_page(f"Bộ chỉ số phục vụ người dân, doanh nghiệp - {name}", content))
    write(DVC, "/", dvc_page("Cổng Dịch vụ công Quốc gia",
                             f'<div class="container"><p><a href="/p/home/dvc-index-tinhthanhpho-tonghop.html">'
                             f'Bộ chỉ số phục vụ người dân, doanh nghiệp</a></p></div>'))
    write_robots(DVC, ["/admin/"])


# =============================================================================

def write_robots(host, disallow, header="", allow=()):
    lines = [header + "User-agent: *"] if header else ["User-agent: *"]
    lines += [f"Allow: {a}" for a in allow]
    lines += [f"Disallow: {p}" for p in disallow]
    with open(os.path.join(HERE, host, "robots.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_gold(host, docs):
    d_ = os.path.join(GOLD, host)
    os.makedirs(d_, exist_ok=True)
    for d in docs:
        with open(os.path.join(d_, d.slug + ".gold.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(d.gold(host), f, ensure_ascii=False, indent=1)
            f.write("\n")


def main():
    for host in (BDK, VP, LS, TTH):
        if os.path.isdir(os.path.join(HERE, host)):
            shutil.rmtree(os.path.join(HERE, host))
        if os.path.isdir(os.path.join(GOLD, host)):
            shutil.rmtree(os.path.join(GOLD, host))
    for p in ("p", "index.html", "robots.txt"):
        t = os.path.join(HERE, DVC, p)
        if os.path.isdir(t):
            shutil.rmtree(t)
        elif os.path.isfile(t):
            os.remove(t)
    counts = {}
    for host, fn in ((BDK, build_bdk), (VP, build_vp), (LS, build_ls), (TTH, build_tth)):
        docs = fn()
        write_gold(host, docs)
        counts[host] = (sum(1 for d in docs if not d.draft), sum(1 for d in docs if d.draft),
                        sum(len(d.obs) for d in docs))
    build_dvc()
    for host, (n, dr, obs) in counts.items():
        print(f"{host}: {n} bulletins + {dr} draft, {obs} labelled figures", file=sys.stderr)


if __name__ == "__main__":
    main()
