#!/usr/bin/env python3
"""Check the offline mirror (SAMPLE DATA): python3 data/sample-site/check_mirror.py

1. Index JSON: bare arrays of all-string objects, groups sum to TONG_SCORE (±0.02),
   group maxima, rows sorted by score with ROW_STT = competition rank, 63/34 rows,
   the published figures of shared/sources/dichvucong.md present exactly.
2. Sites: every href/src/action on every HTML page resolves to a mirror file by the
   URL -> file rule (query -> '@query', trailing '/' -> index.html); no absolute links
   to real hosts; the sample banner on every page; charset declarations; NFC text.
3. Gold files parse, follow the schema, and point at existing pages.
Exits non-zero on the first class of failure; prints a summary.
"""
from __future__ import annotations

import glob
import html.parser
import json
import os
import re
import sys
import unicodedata
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GOLD = os.path.join(REPO, "tests", "fixtures", "sample-gold")
REST = os.path.join(HERE, "dichvucong.gov.vn", "rest", "report_tinh_766_service")
BANNER = "DỮ LIỆU MẪU — trang mô phỏng để chạy thử dvcrank, không phải trang thật / SAMPLE DATA — a mock page for the dvcrank demo, not the real site"
SITES = ["baodongkhoi.vn", "vinhphuc.gov.vn", "langson.gov.vn", "dichvucong.thuathienhue.gov.vn", "dichvucong.gov.vn"]
MAX6 = {"CKMB": 18, "TDGQ": 20, "TTTT": 12, "CLGQ": 10, "MDHL": 18, "MDSH": 22}
MAX5 = {"CKMB": 18, "TDGQ": 20, "TTTT": 22, "MDHL": 18, "MDSH": 22}

errors: list[str] = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------------------- index
def check_table(path, rows, era_rows, cols):
    if not isinstance(rows, list):
        err(f"{path}: not an array")
        return
    prev = None
    for i, r in enumerate(rows):
        if not all(isinstance(v, str) for v in r.values()):
            err(f"{path}: row {i} has a non-string value")
        tot = float(r["TONG_SCORE"])
        gs = 0.0
        for g, mx in cols.items():
            v = float(r[g])
            gs += v
            if not (0 <= v <= mx + 1e-9):
                err(f"{path}: row {i} {g}={v} outside 0..{mx}")
        if len(cols) == 5 and r.get("CLGQ") != "":
            err(f"{path}: row {i} CLGQ should be empty in the five-column era")
        if abs(gs - tot) > 0.02 + 1e-9:
            err(f"{path}: row {i} groups {gs:.2f} != total {tot}")
        if prev is not None and tot > prev + 1e-9:
            err(f"{path}: row {i} not sorted")
        prev = tot
        rank = 1 + sum(1 for q in rows if float(q["TONG_SCORE"]) > tot + 1e-9)
        if int(r["ROW_STT"]) != rank:
            err(f"{path}: row {i} ROW_STT {r['ROW_STT']} != rank {rank}")
    if era_rows is not None and len(rows) != era_rows:
        err(f"{path}: {len(rows)} rows, expected {era_rows}")
    ids = [r["ID"] for r in rows]
    if len(set(ids)) != len(ids):
        err(f"{path}: duplicate IDs")


def check_index():
    n = ties = 0
    for path in sorted(glob.glob(os.path.join(REST, "*", "*", "national.json"))):
        period = path.split(os.sep)[-3]
        with open(path, encoding="utf-8") as f:
            rows = json.load(f)
        y = int(period[:4])
        m = re.match(r"^\d{4}-(\d{2})$", period)
        post = (y == 2025 and (period == "2025" or period in ("2025-Q3", "2025-Q4", "2025-H2")
                                or (m and int(m.group(1)) >= 7)))
        check_table(path, rows, 34 if post else 63, MAX5 if post else MAX6)
        totals = [r["TONG_SCORE"] for r in rows]
        ties += len(totals) - len(set(totals))
        n += 1
        for u in glob.glob(os.path.join(os.path.dirname(path), "units", "*.json")):
            with open(u, encoding="utf-8") as f:
                urows = json.load(f)
            check_table(u, urows, None, MAX5 if post else MAX6)
            for r in urows:
                if r.get("CAPDONVIID") not in ("1", "2", "3") or not r.get("MA_COQUAN"):
                    err(f"{u}: bad CAPDONVIID/MA_COQUAN")
            uid = os.path.basename(u)[:-5]
            if uid not in [r["ID"] for r in rows]:
                err(f"{u}: no national row with that ID")
            n += 1
    # coverage
    want = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]
    want += [f"{y}-Q{q}" for y in (2023, 2024, 2025) for q in range(1, 5)]
    want += [f"{y}-H{h}" for y in (2023, 2024, 2025) for h in (1, 2)] + ["2023", "2024", "2025"]
    for p in want:
        if not glob.glob(os.path.join(REST, p, "*", "national.json")):
            err(f"period {p} missing")
    # published figures
    def row(period, cap, name):
        with open(os.path.join(REST, period, cap, "national.json"), encoding="utf-8") as f:
            rows = json.load(f)
        hit = [r for r in rows if name in r["TEN"]]
        if len(hit) != 1:
            err(f"{period}/{cap}: {name} found {len(hit)} times")
            return None, rows
        return hit[0], rows

    def expect(period, cap, name, total, rank, of, groups=None):
        r, rows = row(period, cap, name)
        if r is None:
            return
        if r["TONG_SCORE"] != total or r["ROW_STT"] != rank or len(rows) != of:
            err(f"{period}/{cap}: {name} = {r['TONG_SCORE']} #{r['ROW_STT']}/{len(rows)}, expected {total} #{rank}/{of}")
        for g, v in (groups or {}).items():
            if r[g] != v:
                err(f"{period}/{cap}: {name} {g} = {r[g]}, expected {v}")
    expect("2023-05", "2023-05-31", "An Giang", "69.63", "13", 63)
    expect("2023-05", "2023-06-01", "An Giang", "69.63", "13", 63)
    expect("2024-04", "2024-04-25", "Bắc Kạn", "75.35", "17", 63, {"MDHL": "18"})
    expect("2024-04", "2024-05-01", "Bắc Kạn", "75.35", "17", 63, {"MDHL": "18"})
    expect("2024", "2024-01-22", "Bình Dương", "83.47", "1", 63)
    expect("2024", "2024-08-19", "Quảng Nam", "80.1", "21", 63,
           {"CKMB": "13.2", "TDGQ": "18.4", "TTTT": "7.7", "CLGQ": "7.6", "MDHL": "17.6", "MDSH": "15.6"})
    expect("2025", "2025-07-25", "Quảng Trị", "77.65", "2", 34,
           {"CKMB": "15.4", "TDGQ": "19.35", "TTTT": "9.03", "CLGQ": "", "MDHL": "17.82", "MDSH": "16.05"})
    expect("2025", "2025-08-29", "Thái Nguyên", "86.97", "1", 34,
           {"CKMB": "15.67", "TDGQ": "19.31", "TTTT": "17.49", "CLGQ": "", "MDHL": "17.86", "MDSH": "16.64"})
    expect("2025", "2025-08-29", "Quảng Trị", "86.56", "2", 34)
    expect("2025", "2025-08-29", "Thanh Hóa", "86.51", "3", 34)
    expect("2025", "2025-08-29", "Đồng Nai", "86.13", "4", 34)
    expect("2025", "2025-08-29", "Hà Tĩnh", "84.85", "5", 34)
    expect("2025", "2025-08-28", "Đồng Nai", "85.75", "3", 34)
    print(f"index: {n} JSON files checked, {ties} tied pairs in national tables")


# ---------------------------------------------------------------------------- sites
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.meta = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src", "action"):
            if a.get(k) is not None:
                self.links.append((tag, k, a[k]))
        if tag == "meta":
            self.meta.append(a)


def url_to_file(host, href):
    parts = urlsplit(href)
    path = parts.path
    if path.endswith("/") or path == "":
        path = path + "index.html"
    f = os.path.join(HERE, host, path.lstrip("/"))
    if parts.query:
        f = f + "@" + parts.query
    return f


def check_sites():
    pages = 0
    for host in SITES:
        root = os.path.join(HERE, host)
        if not os.path.isfile(os.path.join(root, "robots.txt")):
            err(f"{host}: robots.txt missing")
        for dirpath, _, files in os.walk(root):
            if os.sep + "rest" in dirpath:
                continue
            for fn in files:
                if fn.endswith((".json", ".txt")):
                    continue
                path = os.path.join(dirpath, fn)
                raw = open(path, "rb").read()
                text = raw.decode("utf-8")
                if unicodedata.normalize("NFC", text) != text:
                    err(f"{path}: not NFC")
                if BANNER not in text:
                    err(f"{path}: sample banner missing")
                p = Links()
                p.feed(text)
                charsets = [m for m in p.meta if m.get("charset") or (m.get("http-equiv", "").lower() == "content-type")]
                if len(charsets) != 1:
                    err(f"{path}: {len(charsets)} charset declarations")
                for tag, attr, href in p.links:
                    if href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                        continue
                    if re.match(r"^[a-z]+://", href) or href.startswith("//"):
                        err(f"{path}: absolute link {href}")
                        continue
                    if not href.startswith("/"):
                        err(f"{path}: not root-relative: {href}")
                        continue
                    target = url_to_file(host, href.split("#")[0])
                    if not os.path.isfile(target):
                        err(f"{path}: {attr}={href} -> missing {os.path.relpath(target, HERE)}")
                pages += 1
    print(f"sites: {pages} pages checked")
    # exactly one site declares the charset the old way
    old = set()
    for host in SITES:
        for path in glob.glob(os.path.join(HERE, host, "**", "*"), recursive=True):
            if os.path.isfile(path) and not path.endswith((".json", ".txt")):
                if 'http-equiv="Content-Type"' in open(path, encoding="utf-8").read():
                    old.add(host)
    if old != {"vinhphuc.gov.vn"}:
        err(f"old-style charset on {sorted(old)}")


# ---------------------------------------------------------------------------- gold
METRICS = set("""received_total received_new received_online received_direct received_postal carried_over
in_process_total due resolved resolved_early resolved_on_time resolved_early_or_on_time resolved_late
returned_or_withdrawn pending results_postal online_level3 online_level4 online_payments ratings_total
ratings_very_satisfied ratings_satisfied ratings_neutral ratings_dissatisfied guidance_total
index_total_score index_rank index_rank_of index_group_score other""".split())
SCOPES = {"provincial_center", "district_commune", "department", "province_all", "other"}


def check_gold():
    n = obs = 0
    per_host = {}
    for path in sorted(glob.glob(os.path.join(GOLD, "*", "*.gold.json"))):
        host = os.path.basename(os.path.dirname(path))
        with open(path, encoding="utf-8") as f:
            g = json.load(f)
        n += 1
        per_host[host] = per_host.get(host, 0) + 1
        page = url_to_file(host, g["url_path"])
        if not os.path.isfile(page):
            err(f"{path}: url_path {g['url_path']} has no page")
        else:
            body = open(page, encoding="utf-8").read()
        for o in g["observations"]:
            obs += 1
            if o["metric"] not in METRICS or o["scope"] not in SCOPES or o["unit"] not in ("count", "percent", "points"):
                err(f"{path}: bad observation {o}")
            for k in ("start", "end"):
                v = o["period"].get(k)
                if v is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", v):
                    err(f"{path}: bad period {o['period']}")
            if o["period"].get("label") and os.path.isfile(page) and o["period"]["label"] not in body:
                err(f"{path}: period label not in page: {o['period']['label']}")
        check_sums(path, g)
    print(f"gold: {n} files, {obs} observations, per host {per_host}")


def check_sums(path, g):
    """Parts never exceed totals and add up where all parts are given; percentages
    agree with the counts they describe (two decimals)."""
    groups = {}
    for o in g["observations"]:
        key = (o["scope"], o["unit_name"], o["period"]["start"], o["period"]["end"])
        groups.setdefault(key, {}).setdefault((o["metric"], o["unit"]), []).append(o["value"])
    for key, m in groups.items():
        c = {k[0]: v[0] for k, v in m.items() if k[1] == "count" and len(v) == 1}
        def close(a, b):
            return abs(a - b) <= 0
        if all(k in c for k in ("received_online", "received_direct", "received_postal", "received_total")):
            if c["received_online"] + c["received_direct"] + c["received_postal"] != c["received_total"]:
                err(f"{path}: {key} channels do not add up to received_total")
        if all(k in c for k in ("resolved_early", "resolved_on_time", "resolved_late", "resolved")):
            if c["resolved_early"] + c["resolved_on_time"] + c["resolved_late"] != c["resolved"]:
                err(f"{path}: {key} early+on time+late != resolved")
        if all(k in c for k in ("resolved_early_or_on_time", "resolved_late", "resolved")):
            if c["resolved_early_or_on_time"] + c["resolved_late"] != c["resolved"]:
                err(f"{path}: {key} e/o+late != resolved")
        if all(k in c for k in ("ratings_very_satisfied", "ratings_satisfied", "ratings_dissatisfied", "ratings_total")):
            if c["ratings_very_satisfied"] + c["ratings_satisfied"] + c["ratings_dissatisfied"] != c["ratings_total"]:
                err(f"{path}: {key} ratings do not add up")
        if all(k in c for k in ("received_new", "carried_over", "in_process_total")):
            if c["received_new"] + c["carried_over"] != c["in_process_total"]:
                err(f"{path}: {key} new + carried != in process")
        if all(k in c for k in ("carried_over", "received_total", "resolved", "pending")):
            if c["carried_over"] + c["received_total"] - c["resolved"] != c["pending"]:
                err(f"{path}: {key} carried + received - resolved != pending")
        if all(k in c for k in ("resolved_early_or_on_time", "resolved_late", "due")):
            if c["resolved_early_or_on_time"] + c["resolved_late"] != c["due"]:
                err(f"{path}: {key} e/o + late != due")
        for part in ("received_online", "received_direct", "received_postal", "resolved", "pending"):
            if part in c and "received_total" in c and part != "resolved" and c[part] > c["received_total"]:
                err(f"{path}: {key} {part} > received_total")
        for part in ("resolved_early", "resolved_on_time", "resolved_late", "resolved_early_or_on_time", "results_postal"):
            if part in c and "resolved" in c and c[part] > c["resolved"]:
                err(f"{path}: {key} {part} > resolved")


def main():
    check_index()
    check_sites()
    check_gold()
    if errors:
        for e in errors[:60]:
            print("ERROR", e)
        print(f"{len(errors)} errors")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
