"""Helpers for make_sites.py (SAMPLE DATA): a bulletin under construction (`Doc`),
Vietnamese number formatting, and look-ups into the generated index JSON.

A bulletin's text is written with calls such as `d.n(7142, "received_total")`,
which returns the figure as printed ("7.142") and records the observation for
the gold file under the current scope / unit / period (see shared/eval/SCHEMA.md).
So the printed text and the gold labels cannot drift apart.
"""
from __future__ import annotations

import json
import os
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
REST = os.path.join(HERE, "dichvucong.gov.vn", "rest", "report_tinh_766_service")

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def q2(x) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pct_value(a: int, b: int) -> float:
    return float(q2(Decimal(a) * 100 / Decimal(b)))


def vn_int(v: int, pad: int = 0, dots: bool = True) -> str:
    s = f"{v:0{pad}d}" if pad else str(v)
    if dots and v >= 1000:
        s = f"{v:,}".replace(",", ".")
    return s


def vn_dec(v: float, places: int = 2, strip: bool = True) -> str:
    s = f"{q2(v):.{places}f}" if places == 2 else f"{Decimal(str(v)):.{places}f}"
    if strip and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(".", ",")


def vn_pct(v: float, places: int = 2) -> str:
    if float(v) == 100.0:
        return "100%"
    return f"{q2(v):.{places}f}".replace(".", ",") + "%"


def weekday(d: date) -> str:
    return WEEKDAYS[d.weekday()]


def dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


class Doc:
    """One bulletin page: metadata, body blocks (HTML) and gold observations."""

    def __init__(self, site, slug, path, title, published, province, *, notes="", draft=False,
                 contradiction=None, summary="", author="", related=None):
        self.site = site                  # host folder
        self.slug = slug                  # gold file stem
        self.path = path                  # path+query on the mirror, e.g. /a-b-a123.html
        self.title = nfc(title)
        self.published = datetime.fromisoformat(published)   # "2024-04-15T08:30"
        self.province = province          # as named in the text (or None)
        self.notes = notes
        self.draft = draft
        self.contradiction = contradiction
        self.summary = nfc(summary)
        self.author = author
        self.related = related or []
        self.blocks: list[str] = []
        self.obs: list[dict] = []
        self._ctx = {"scope": None, "unit": None, "period": None}

    # -- context -------------------------------------------------------------
    def ctx(self, scope=None, unit=None, period=None):
        if scope is not None:
            self._ctx["scope"] = scope
        if unit is not None:
            self._ctx["unit"] = unit
        if period is not None:
            self._ctx["period"] = period
        return ""

    def _rec(self, metric, value, unit, scope=None, unit_name=None, period=None):
        per = period or self._ctx["period"]
        if per is None:
            per = (None, None, None)
        self.obs.append({
            "scope": scope or self._ctx["scope"],
            "unit_name": nfc(unit_name or self._ctx["unit"]),
            "period": {"label": nfc(per[0]) if per[0] else None, "start": per[1], "end": per[2]},
            "metric": metric,
            "value": value,
            "unit": unit,
        })

    # -- figures -------------------------------------------------------------
    def n(self, v: int, metric=None, pad=0, dots=True, **kw) -> str:
        """A count as printed; records it when a metric is given."""
        if metric:
            self._rec(metric, int(v), "count", **kw)
        return vn_int(v, pad, dots)

    def ngan(self, v: int, metric=None, **kw) -> str:
        """'6,85 ngàn' (thousands with a decimal comma); v must be a multiple of 10."""
        assert v % 10 == 0, v
        if metric:
            self._rec(metric, int(v), "count", **kw)
        return vn_dec(v / 1000.0, 2) + " ngàn"

    def pct(self, a: int, b: int, metric=None, **kw) -> str:
        """a/b as a percentage with two decimals ('79,75%'); records it as percent."""
        v = pct_value(a, b)
        if metric:
            self._rec(metric, v, "percent", **kw)
        return vn_pct(v)

    def pctv(self, v: float, metric=None, **kw) -> str:
        if metric:
            self._rec(metric, float(v), "percent", **kw)
        return vn_pct(v)

    def pts(self, v: float, metric=None, sep=",", **kw) -> str:
        if metric:
            self._rec(metric, float(v), "points", **kw)
        s = vn_dec(v, 2)
        return s if sep == "," else s.replace(",", ".")

    def rank(self, r: int, of: int, pad=0, **kw) -> str:
        self._rec("index_rank", int(r), "count", **kw)
        self._rec("index_rank_of", int(of), "count", **kw)
        return f"{r:0{pad}d}/{of}" if pad else f"{r}/{of}"

    def other(self, v, unit="count", text=None, **kw) -> str:
        """A figure labelled 'other' (not scored): printed as given."""
        self._rec("other", v, unit, **kw)
        if text is not None:
            return text
        return vn_int(int(v)) if unit == "count" else vn_pct(v)

    # -- body ----------------------------------------------------------------
    def p(self, text: str, cls: str | None = None):
        c = f' class="{cls}"' if cls else ""
        self.blocks.append(f"<p{c}>{nfc(text)}</p>")

    def h(self, text: str, level=3):
        self.blocks.append(f"<h{level}>{nfc(text)}</h{level}>")

    def raw(self, html: str):
        self.blocks.append(nfc(html))

    def figure(self, caption: str):
        self.blocks.append(
            '<figure class="image"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAMLCwgAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==" '
            f'width="640" height="400" alt=""><figcaption>{nfc(caption)}</figcaption></figure>')

    def gold(self, url_path_host: str) -> dict:
        g = {
            "doc": self.slug,
            "url": f"https://{url_path_host}{self.path}",
            "url_path": self.path,
            "province": self.province,
            "published": self.published.date().isoformat(),
            "observations": self.obs,
        }
        if self.draft:
            g["disallowed_by_robots"] = True
        if self.contradiction:
            g["contradiction"] = nfc(self.contradiction)
        g["notes"] = nfc(("SAMPLE DATA: invented bulletin written for the offline mirror. " + self.notes).strip())
        return g


# -- the generated national index ---------------------------------------------

def index_rows(period: str, capture: str | None = None, units_of: str | None = None):
    """Rows of the mirror's index JSON for a period (latest capture by default)."""
    pdir = os.path.join(REST, period)
    caps = sorted(os.listdir(pdir))
    cap = capture or caps[-1]
    path = os.path.join(pdir, cap, "national.json" if units_of is None else f"units/{units_of}.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def index_row(period: str, name: str, capture: str | None = None) -> dict:
    rows = index_rows(period, capture)
    hit = [r for r in rows if r["TEN"].endswith(name)]
    assert len(hit) == 1, (period, name, hit)
    r = dict(hit[0])
    r["_of"] = len(rows)
    return r


def rank_change(prev: int, now: int, what: str = "tháng trước") -> str:
    """'tăng 7 bậc so với tháng trước' (a delta: never labelled)."""
    if prev == now:
        return f"giữ nguyên thứ hạng so với {what}"
    return f"{'tăng' if now < prev else 'giảm'} {abs(prev - now)} bậc so với {what}"


def grade(score: float) -> str:
    """Grades of the index (dichvucong.md, M): Xuất sắc >= 90, Tốt 80-90, Khá 70-80, Trung bình 50-70, Yếu < 50."""
    return ("xuất sắc" if score >= 90 else "tốt" if score >= 80 else "khá" if score >= 70
            else "trung bình" if score >= 50 else "yếu")
