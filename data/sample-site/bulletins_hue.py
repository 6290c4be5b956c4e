"""dichvucong.thuathienhue.gov.vn (Cổng Dịch vụ công Thừa Thiên Huế; thành phố Huế from
1/1/2025). SAMPLE DATA.

Invented statistics bulletins whose figures sit in an HTML <table>: one row per
department (Sở …) or per district / commune, a "Tổng cộng" row, a caption naming
the period. Numbers are generated with a fixed seed so that every row adds up.
"""
import random

from sitegen import Doc, index_row, nfc, vn_int

HOST = "dichvucong.thuathienhue.gov.vn"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"

DEPTS_OLD = [  # (name, relative volume)
    ("Sở Tư pháp", 0.20), ("Sở Giao thông vận tải", 0.19), ("Sở Kế hoạch và Đầu tư", 0.08),
    ("Sở Lao động - Thương binh và Xã hội", 0.08), ("Sở Y tế", 0.07), ("Sở Công Thương", 0.07),
    ("Sở Tài nguyên và Môi trường", 0.06), ("Sở Giáo dục và Đào tạo", 0.04), ("Sở Xây dựng", 0.035),
    ("Sở Nông nghiệp và Phát triển nông thôn", 0.03), ("Sở Văn hóa và Thể thao", 0.02), ("Sở Du lịch", 0.015),
    ("Sở Nội vụ", 0.02), ("Sở Thông tin và Truyền thông", 0.01), ("Ban Quản lý Khu kinh tế, công nghiệp tỉnh", 0.015),
]
DEPTS_2025 = [
    ("Sở Tư pháp", 0.21), ("Sở Xây dựng", 0.22), ("Sở Tài chính", 0.09), ("Sở Nội vụ", 0.09), ("Sở Y tế", 0.08),
    ("Sở Công Thương", 0.07), ("Sở Nông nghiệp và Môi trường", 0.08), ("Sở Giáo dục và Đào tạo", 0.04),
    ("Sở Văn hóa và Thể thao", 0.02), ("Sở Du lịch", 0.015), ("Sở Khoa học và Công nghệ", 0.02),
    ("Ban Quản lý Khu kinh tế, công nghiệp thành phố", 0.015),
]
DISTRICTS = [
    ("UBND thành phố Huế", 0.30), ("UBND thị xã Hương Thủy", 0.12), ("UBND thị xã Hương Trà", 0.10),
    ("UBND huyện Phú Vang", 0.12), ("UBND huyện Phú Lộc", 0.10), ("UBND huyện Phong Điền", 0.09),
    ("UBND huyện Quảng Điền", 0.07), ("UBND huyện A Lưới", 0.05), ("UBND huyện Nam Đông", 0.03),
]
WARDS_2025 = [
    ("UBND phường Thuận Hóa", 0.14), ("UBND phường Phú Xuân", 0.13), ("UBND phường Vỹ Dạ", 0.11),
    ("UBND phường An Cựu", 0.11), ("UBND phường Hương Thủy", 0.10), ("UBND phường Kim Long", 0.09),
    ("UBND phường Phú Bài", 0.09), ("UBND phường Hương Trà", 0.08), ("UBND xã Phú Vang", 0.08),
    ("UBND phường Phong Điền", 0.07),
]


def P(label, start, end):
    return (label, start, end)


def gen_rows(seed, units, total, online_share):
    rng = random.Random(seed)
    sw = sum(w for _, w in units)
    rows = []
    for name, w in units:
        recv = max(6, round(total * w / sw * rng.uniform(0.85, 1.15)))
        online = round(recv * max(0.05, min(0.97, online_share + rng.gauss(0, 0.09))))
        postal = round(recv * rng.uniform(0.0, 0.03))
        direct = recv - online - postal
        carried = round(recv * rng.uniform(0.10, 0.28))
        resolved = round((carried + recv) * rng.uniform(0.80, 0.92))
        late = round(resolved * rng.choice([0, 0, 0.001, 0.002, 0.004, 0.006]))
        early = round((resolved - late) * rng.uniform(0.40, 0.78))
        ontime = resolved - late - early
        rows.append(dict(name=name, carried=carried, recv=recv, online=online, direct=direct, postal=postal,
                         resolved=resolved, early=early, ontime=ontime, late=late,
                         pending=carried + recv - resolved))
    return rows


def table(d, rows, caption, *, two_row, dots, pct_col=False, total_row=True, row_scope="department",
          total_scope="provincial_center", total_unit="Trung tâm Phục vụ hành chính công tỉnh (tổng cộng)",
          unit_header="Đơn vị"):
    """An HTML table of the rows; records every figure cell as an observation."""
    fmt = (lambda v: vn_int(v)) if dots else (lambda v: str(v))
    cols = ["carried", "recv"] + (["online", "direct", "postal"] if two_row else []) + \
           ["resolved", "early", "ontime", "late", "pending"]
    metric = {"carried": "carried_over", "recv": "received_total", "online": "received_online",
              "direct": "received_direct", "postal": "received_postal", "resolved": "resolved",
              "early": "resolved_early", "ontime": "resolved_on_time", "late": "resolved_late",
              "pending": "pending"}
    h = ['<table class="table table-bordered tbl-thongke">', f"<caption>{nfc(caption)}</caption>", "<thead>"]
    pc = '<th rowspan="2">Tỷ lệ trước và đúng hạn (%)</th>' if pct_col else ""
    if two_row:
        h.append(f'<tr><th rowspan="2">STT</th><th rowspan="2">{unit_header}</th><th rowspan="2">Kỳ trước chuyển qua</th>'
                 '<th colspan="4">Tiếp nhận</th><th colspan="4">Đã giải quyết</th>'
                 f'<th rowspan="2">Đang giải quyết</th>{pc}</tr>')
        h.append("<tr><th>Tổng số</th><th>Trực tuyến</th><th>Trực tiếp</th><th>Bưu chính</th>"
                 "<th>Tổng số</th><th>Trước hạn</th><th>Đúng hạn</th><th>Trễ hạn</th></tr>")
    else:
        pc1 = "<th>Tỷ lệ trước và đúng hạn (%)</th>" if pct_col else ""
        h.append(f"<tr><th>STT</th><th>{unit_header}</th><th>Kỳ trước chuyển qua</th><th>Tiếp nhận</th>"
                 "<th>Đã giải quyết</th><th>Trước hạn</th><th>Đúng hạn</th><th>Trễ hạn</th>"
                 f"<th>Đang giải quyết</th>{pc1}</tr>")
    h.append("</thead><tbody>")

    def row_html(stt, label, r, scope, unit, strong=False):
        cells = []
        for c in cols:
            cells.append(f'<td class="num">{fmt(r[c])}</td>')
            d._rec(metric[c], int(r[c]), "count", scope=scope, unit_name=unit)
        if pct_col:
            v = float(d.pct(r["early"] + r["ontime"], r["resolved"], "resolved_early_or_on_time",
                            scope=scope, unit_name=unit).rstrip("%").replace(",", ".")) if r["resolved"] else 0
            txt = "100" if v == 100 else f"{v:.2f}".replace(".", ",")
            cells.append(f'<td class="num">{txt}</td>')
        lab = f"<strong>{label}</strong>" if strong else label
        cls = ' class="total"' if strong else ""
        return f"<tr{cls}><td>{stt}</td><td>{lab}</td>{''.join(cells)}</tr>"

    for i, r in enumerate(rows, 1):
        h.append(row_html(i, r["name"], r, row_scope, r["name"]))
    if total_row:
        tot = {c: sum(r[c] for r in rows) for c in cols}
        h.append(row_html("", "Tổng cộng", tot, total_scope, total_unit, strong=True))
    h.append("</tbody></table>")
    d.raw("\n".join(h))
    if total_row:
        return {c: sum(r[c] for r in rows) for c in ["carried", "recv", "online", "direct", "postal", "resolved",
                                                      "early", "ontime", "late", "pending"]}
    return None


def bulletins():
    out = []

    # ------------------------------------------------------------------ H1 2022-05 (simple header, plain numbers)
    per = P("Tháng 5 năm 2022", "2022-05-01", "2022-05-31")
    d = Doc(HOST, "3f9a21c7", "/thongke/ReqId/3f9a21c7",
            "Kết quả giải quyết hồ sơ thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh tháng 5 năm 2022",
            "2022-06-03T10:00", "Thừa Thiên Huế",
            notes="Figures in an HTML table, no thousands separators; each cell labelled with the row's unit; the "
                  "'Tổng cộng' row is the centre. STT column (row numbers) not labelled. The e/o percentage in the "
                  "text is computed on the total row.")
    d.ctx("provincial_center", CENTRE, per)
    d.p("Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế thông tin kết quả tiếp nhận, giải quyết hồ sơ thủ tục "
        "hành chính của các sở, ban, ngành tại Trung tâm như sau:")
    rows = gen_rows("hue-2022-05", DEPTS_OLD[:11], 13480, 0.34)
    tot = table(d, rows, f"Kết quả giải quyết hồ sơ tại Trung tâm - {per[0]}", two_row=False, dots=False)
    d.p(f"Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt "
        f"{d.pct(tot['early'] + tot['ontime'], tot['resolved'], 'resolved_early_or_on_time', unit_name='Trung tâm Phục vụ hành chính công tỉnh (tổng cộng)')}.")
    out.append(d)

    # ------------------------------------------------------------------ H2 2023-01 (two-row header, plain numbers)
    per = P("Tháng 01 năm 2023", "2023-01-01", "2023-01-31")
    d = Doc(HOST, "8c41d0ab", "/thongke/ReqId/8c41d0ab",
            "Thống kê kết quả tiếp nhận, giải quyết hồ sơ TTHC tháng 01 năm 2023",
            "2023-02-03T08:30", "Thừa Thiên Huế",
            notes="Two-row header: 'Tiếp nhận' spans Tổng số / Trực tuyến / Trực tiếp / Bưu chính; 'Đã giải quyết' "
                  "spans Tổng số / Trước hạn / Đúng hạn / Trễ hạn. Plain numbers. Not labelled: Tết dates.")
    d.ctx("provincial_center", CENTRE, per)
    d.p("Tháng 01 năm 2023 trùng với kỳ nghỉ Tết Nguyên đán Quý Mão (từ ngày 20/01 đến ngày 26/01/2023) nên số hồ sơ "
        "tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế giảm so với tháng trước.")
    rows = gen_rows("hue-2023-01", DEPTS_OLD[:12], 11230, 0.45)
    table(d, rows, f"Bảng tổng hợp {per[0]}", two_row=True, dots=False)
    out.append(d)

    # ------------------------------------------------------------------ H3 2023-08 (departments + districts)
    per = P("Tháng 8 năm 2023", "2023-08-01", "2023-08-31")
    d = Doc(HOST, "a7e25b90", "/thongke/ReqId/a7e25b90",
            "Kết quả giải quyết hồ sơ thủ tục hành chính cấp tỉnh, cấp huyện tháng 8 năm 2023",
            "2023-09-05T14:15", "Thừa Thiên Huế",
            notes="Two tables: departments at the centre (total row = centre) and district People's Committees "
                  "(total row = district level). Dotted thousands.")
    d.ctx("provincial_center", CENTRE, per)
    d.p("Số liệu được tổng hợp từ Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Thừa Thiên Huế.")
    d.h("1. Cấp tỉnh (tại Trung tâm Phục vụ hành chính công tỉnh)", 4)
    rows = gen_rows("hue-2023-08", DEPTS_OLD, 15120, 0.55)
    table(d, rows, f"Bảng 1. Các sở, ban, ngành - {per[0]}", two_row=False, dots=True)
    d.h("2. Cấp huyện", 4)
    rows = gen_rows("hue-2023-08-h", DISTRICTS, 9860, 0.48)
    table(d, rows, f"Bảng 2. UBND các huyện, thị xã, thành phố - {per[0]}", two_row=False, dots=True,
          row_scope="district_commune", total_scope="district_commune", total_unit="Cấp huyện (tổng cộng)")
    out.append(d)

    # ------------------------------------------------------------------ H4 2024-03 (two-row header + % column)
    per = P("Tháng 3 năm 2024", "2024-03-01", "2024-03-31")
    d = Doc(HOST, "d2b8f614", "/thongke/ReqId/d2b8f614",
            "Kết quả giải quyết hồ sơ thủ tục hành chính tháng 3 năm 2024",
            "2024-04-03T09:00", "Thừa Thiên Huế",
            notes="Two-row header, dotted thousands, and a 'Tỷ lệ trước và đúng hạn (%)' column (labelled "
                  "resolved_early_or_on_time percent per row). Ratings in the text.")
    d.ctx("provincial_center", CENTRE, per)
    d.p("Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế công khai kết quả giải quyết hồ sơ của các sở, ban, "
        "ngành:")
    rows = gen_rows("hue-2024-03", DEPTS_OLD, 16410, 0.63)
    table(d, rows, f"Kết quả giải quyết hồ sơ thủ tục hành chính - {per[0]}", two_row=True, dots=True, pct_col=True)
    rt, vs, s, ds = 3912, 3544, 361, 7
    d.p(f"Trong tháng, hệ thống ghi nhận {d.n(rt, 'ratings_total')} lượt đánh giá; rất hài lòng "
        f"{d.n(vs, 'ratings_very_satisfied')} lượt, hài lòng {d.n(s, 'ratings_satisfied')} lượt, không hài lòng "
        f"{d.n(ds, 'ratings_dissatisfied', pad=2)} lượt.")
    out.append(d)

    # ------------------------------------------------------------------ H5 Q3 2024 (districts + index)
    per = P("Quý III năm 2024", "2024-07-01", "2024-09-30")
    r = index_row("2024-Q3", "Thừa Thiên Huế")
    d = Doc(HOST, "5be07c3d", "/thongke/ReqId/5be07c3d",
            "Kết quả giải quyết hồ sơ thủ tục hành chính cấp huyện quý III năm 2024 và Bộ chỉ số 766",
            "2024-10-08T15:30", "Thừa Thiên Huế",
            notes="Index values from the mirror's national index (period 2024-Q3, closing capture 2024-10-01). The "
                  "table is district-level. Not labelled: '9/9 huyện, thị xã, thành phố'.")
    d.ctx("province_all", "tỉnh Thừa Thiên Huế", per)
    d.p(f"Theo kết quả đánh giá Bộ chỉ số phục vụ người dân, doanh nghiệp (Bộ chỉ số 766) trên Cổng Dịch vụ công quốc "
        f"gia, {per[0]} tỉnh Thừa Thiên Huế đạt {d.pts(float(r['TONG_SCORE']), 'index_total_score')}/100 điểm, xếp thứ "
        f"{d.rank(int(r['ROW_STT']), r['_of'])}; nhóm chỉ số tiến độ giải quyết đạt "
        f"{d.pts(float(r['TDGQ']), 'index_group_score', unit_name='nhóm chỉ số tiến độ giải quyết')}/20 điểm.")
    d.p("Kết quả giải quyết hồ sơ tại UBND 9/9 huyện, thị xã, thành phố trong quý như sau:")
    rows = gen_rows("hue-2024-q3-h", DISTRICTS, 31250, 0.58)
    table(d, rows, f"Cấp huyện - {per[0]}", two_row=True, dots=True, row_scope="district_commune",
          total_scope="district_commune", total_unit="Cấp huyện (tổng cộng)", unit_header="Địa phương")
    out.append(d)

    # ------------------------------------------------------------------ H6 2024-10
    per = P("Tháng 10 năm 2024", "2024-10-01", "2024-10-31")
    d = Doc(HOST, "e91f4a28", "/thongke/ReqId/e91f4a28",
            "Thống kê hồ sơ thủ tục hành chính tháng 10 năm 2024",
            "2024-11-05T08:45", "Thừa Thiên Huế",
            notes="Two-row header, dotted thousands. Online payments in the text. Not labelled: hotline 1022.")
    d.ctx("provincial_center", CENTRE, per)
    d.p("Tổng hợp kết quả tiếp nhận, giải quyết hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế "
        "(số liệu trích xuất ngày 01/11/2024):")
    rows = gen_rows("hue-2024-10", DEPTS_OLD, 17020, 0.68)
    table(d, rows, f"{per[0]}", two_row=True, dots=True)
    d.p(f"Có {d.n(4386, 'online_payments')} hồ sơ được thanh toán phí, lệ phí trực tuyến trong tháng. Mọi vướng mắc xin "
        f"liên hệ tổng đài 1022.")
    out.append(d)

    # ------------------------------------------------------------------ H7 2025-04 (thành phố Huế)
    per = P("Tháng 4 năm 2025", "2025-04-01", "2025-04-30")
    d = Doc(HOST, "47ac9e12", "/thongke/ReqId/47ac9e12",
            "Kết quả giải quyết hồ sơ thủ tục hành chính tại Trung tâm Phục vụ hành chính công thành phố Huế tháng 4 năm 2025",
            "2025-05-06T09:20", "Huế",
            notes="Huế has been a centrally governed city since 1/1/2025; departments after the March 2025 "
                  "restructuring. Simple header, dotted thousands.")
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công thành phố", per)
    d.p("Kể từ ngày 01/01/2025, Trung tâm Phục vụ hành chính công tỉnh đổi tên thành Trung tâm Phục vụ hành chính công "
        "thành phố Huế. Kết quả tiếp nhận, giải quyết hồ sơ trong tháng như sau:")
    rows = gen_rows("hue-2025-04", DEPTS_2025, 18240, 0.74)
    table(d, rows, f"{per[0]}", two_row=False, dots=True,
          total_unit="Trung tâm Phục vụ hành chính công thành phố (tổng cộng)")
    out.append(d)

    # ------------------------------------------------------------------ H8 2025-09 (after the merger)
    per = P("Tháng 9 năm 2025", "2025-09-01", "2025-09-30")
    d = Doc(HOST, "c06d5b83", "/thongke/ReqId/c06d5b83",
            "Thống kê kết quả giải quyết hồ sơ TTHC tháng 9 năm 2025",
            "2025-10-03T16:00", "Huế",
            notes="Two-level local government from 1/7/2025: departments (total = city centre) and the 10 communes/wards "
                  "with most dossiers (no total row; the commune-level total is given in the text). Not labelled: "
                  "'40 xã, phường', '10 đơn vị'.")
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công thành phố", per)
    rows = gen_rows("hue-2025-09", DEPTS_2025, 19480, 0.79)
    table(d, rows, f"Bảng 1. Các sở, ban, ngành thành phố Huế - {per[0]}", two_row=True, dots=True,
          total_unit="Trung tâm Phục vụ hành chính công thành phố (tổng cộng)")
    d.ctx("district_commune", "cấp xã (40 xã, phường)", per)
    d.p(f"Toàn thành phố có 40 xã, phường; các Trung tâm phục vụ hành chính công cấp xã tiếp nhận "
        f"{d.n(52318, 'received_total')} hồ sơ, đã giải quyết {d.n(48806, 'resolved')} hồ sơ. 10 đơn vị tiếp nhận "
        f"nhiều hồ sơ nhất:")
    rows = gen_rows("hue-2025-09-x", WARDS_2025, 27400, 0.62)
    table(d, rows, f"Bảng 2. 10 xã, phường có số hồ sơ lớn nhất - {per[0]}", two_row=False, dots=True,
          total_row=False, row_scope="district_commune")
    out.append(d)

    # ------------------------------------------------------------------ draft (robots.txt)
    per = P("Tháng 11 năm 2025", "2025-11-01", "2025-11-30")
    d = Doc(HOST, "ff00c3a9", "/thongke/ReqId/ff00c3a9",
            "Kết quả giải quyết hồ sơ thủ tục hành chính tháng 11 năm 2025 (số liệu tạm tính)",
            "2025-12-02T07:30", "Huế", draft=True,
            notes="DRAFT behind robots.txt (Disallow: /thongke/ReqId/ff00). Linked from the listing; a polite crawler "
                  "never fetches it, so none of these figures may appear in the store.")
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công thành phố", per)
    d.p("SỐ LIỆU TẠM TÍNH - CHƯA CÔNG BỐ")
    rows = gen_rows("hue-2025-11-draft", DEPTS_2025[:6], 20110, 0.8)
    table(d, rows, f"{per[0]}", two_row=False, dots=True,
          total_unit="Trung tâm Phục vụ hành chính công thành phố (tổng cộng)")
    out.append(d)
    return out


OTHERS = [
    # (ReqId, published, title, paragraphs) under /tintuc/ReqId/
    ("1b7e6d20", "2022-09-14T09:00", "Thông báo lịch bảo trì hệ thống ngày 17/9/2022",
     ["Hệ thống tạm dừng từ 22 giờ 00 ngày 17/9/2022 đến 02 giờ 00 ngày 18/9/2022 để nâng cấp máy chủ."]),
    ("2c90aa41", "2023-05-22T10:30", "Hướng dẫn đăng ký tài khoản định danh điện tử mức độ 2",
     ["Công dân mang căn cước công dân gắn chip đến Công an cấp xã nơi cư trú để được hướng dẫn kích hoạt."]),
    ("64d1f0e3", "2024-01-10T15:00", "Lịch nghỉ Tết Nguyên đán Giáp Thìn 2024",
     ["Cán bộ, công chức nghỉ Tết từ ngày 08/02 đến hết ngày 14/02/2024 (tức 29 tháng Chạp đến mùng 5 tháng Giêng)."]),
    ("9e2b7c55", "2024-06-25T08:10", "Festival Huế 2024: phân luồng giao thông khu vực trung tâm",
     ["Từ 18 giờ đến 23 giờ các ngày 26-30/6/2024, cấm ô tô trên đường Lê Lợi đoạn từ cầu Trường Tiền đến cầu Phú Xuân."]),
    ("b35f0c7a", "2025-06-28T11:00", "Thay đổi địa chỉ trụ sở tiếp công dân từ ngày 01/7/2025",
     ["Từ ngày 01/7/2025, trụ sở tiếp công dân chuyển về số 01 đường Lê Lai, phường Thuận Hóa."]),
    ("d4e8a917", "2025-11-20T14:20", "Cảnh báo mưa lũ: chủ động sơ tán người dân vùng trũng",
     ["Lượng mưa phổ biến 200 - 400 mm, có nơi trên 600 mm; mực nước sông Hương tại Kim Long có thể vượt báo động 3."]),
]
