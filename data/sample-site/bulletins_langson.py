"""langson.gov.vn (Cổng thông tin điện tử tỉnh Lạng Sơn, Drupal). SAMPLE DATA.

Invented bulletins of the provincial Public Administration Service Centre.
"""
from sitegen import Doc, grade, index_row, index_rows, rank_change

HOST = "langson.gov.vn"
BASE = "/tin-tuc/cai-cach-hanh-chinh/"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"


def P(label, start, end):
    return (label, start, end)


def centre(d, lead, recv, direct, online, postal, early, ontime, late, pending, rpostal=None, style=0):
    """The centre's receive / resolve paragraph in one of a few phrasings."""
    res = early + ontime + late
    assert direct + online + postal == recv
    if style == 0:
        s = (f"{lead} Trung tâm tiếp nhận tổng số {d.n(recv, 'received_total')} hồ sơ, gồm "
             f"{d.n(direct, 'received_direct')} hồ sơ trực tiếp (chiếm {d.pct(direct, recv, 'received_direct')}), "
             f"{d.n(online, 'received_online')} hồ sơ trực tuyến (chiếm {d.pct(online, recv, 'received_online')}) và "
             f"{d.n(postal, 'received_postal')} hồ sơ qua dịch vụ bưu chính công ích (chiếm "
             f"{d.pct(postal, recv, 'received_postal')}). Trung tâm đã trả kết quả {d.n(res, 'resolved')} hồ sơ: trước "
             f"hạn {d.n(early, 'resolved_early')} hồ sơ ({d.pct(early, res, 'resolved_early')}), đúng hạn "
             f"{d.n(ontime, 'resolved_on_time')} hồ sơ ({d.pct(ontime, res, 'resolved_on_time')}), trễ hạn "
             f"{d.n(late, 'resolved_late', pad=2)} hồ sơ ({d.pct(late, res, 'resolved_late')}).")
    else:
        s = (f"{lead} tiếp nhận {d.n(recv, 'received_total')} hồ sơ; trong đó hồ sơ trực tuyến "
             f"là {d.n(online, 'received_online')} ({d.pct(online, recv, 'received_online')}), hồ sơ trực tiếp "
             f"{d.n(direct, 'received_direct')}, hồ sơ qua bưu chính công ích {d.n(postal, 'received_postal')}. Số hồ sơ "
             f"đã giải quyết là {d.n(res, 'resolved')}, với {d.n(early, 'resolved_early')} hồ sơ trước hạn, "
             f"{d.n(ontime, 'resolved_on_time')} hồ sơ đúng hạn và {d.n(late, 'resolved_late', pad=2)} hồ sơ trễ hạn.")
    if rpostal is not None:
        s += (f" Có {d.n(rpostal, 'results_postal')} kết quả được trả qua bưu chính công ích (chiếm "
              f"{d.pct(rpostal, res, 'results_postal')}).")
    s += f" Hiện còn {d.n(pending, 'pending')} hồ sơ đang giải quyết trong hạn."
    return s


def ratings(d, lead, total, vs, s, ds, pct=True):
    assert vs + s + ds == total
    if pct:
        return (f"{lead} {d.n(total, 'ratings_total')} lượt đánh giá sự hài lòng; trong đó rất hài lòng "
                f"{d.n(vs, 'ratings_very_satisfied')} lượt ({d.pct(vs, total, 'ratings_very_satisfied')}), hài lòng "
                f"{d.n(s, 'ratings_satisfied')} lượt ({d.pct(s, total, 'ratings_satisfied')}), không hài lòng "
                f"{d.n(ds, 'ratings_dissatisfied', pad=2)} lượt ({d.pct(ds, total, 'ratings_dissatisfied')}).")
    return (f"{lead} {d.n(total, 'ratings_total')} lượt đánh giá: rất hài lòng {d.n(vs, 'ratings_very_satisfied')}, "
            f"hài lòng {d.n(s, 'ratings_satisfied')}, không hài lòng {d.n(ds, 'ratings_dissatisfied', pad=2)}.")


def bulletins():
    out = []

    # ------------------------------------------------------------------ L1 2022-02
    per = P("tháng 02/2022", "2022-02-01", "2022-02-28")
    slug = "trung-tam-phuc-vu-hanh-chinh-cong-tinh-tiep-nhan-7905-ho-so-trong-thang-022022"
    d = Doc(HOST, slug, BASE + slug,
            "Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 7.905 hồ sơ trong tháng 02/2022",
            "2022-03-04T08:15", "Lạng Sơn", author="Hoàng Hà",
            notes="Percentages of early/on-time/late are on resolved; results by post on resolved. Not labelled: "
                  "the Tết holiday date (06/02/2022).")
    d.ctx("provincial_center", CENTRE, per)
    d.p(f"Mặc dù {per[0]} có kỳ nghỉ Tết Nguyên đán Nhâm Dần kéo dài đến hết ngày 06/02/2022, Trung tâm Phục vụ hành "
        f"chính công tỉnh Lạng Sơn vẫn duy trì tiếp nhận, trả kết quả thông suốt, không để người dân phải chờ đợi.")
    d.p(centre(d, f"Trong {per[0]},", 7905, 3874, 3887, 144, 2406, 5201, 5, 1176, rpostal=503, style=0))
    d.p(ratings(d, "Hệ thống đánh giá tại Trung tâm ghi nhận", 1830, 1702, 126, 2))
    d.p("Trung tâm tiếp tục bố trí công chức hướng dẫn người dân tạo tài khoản trên Cổng Dịch vụ công quốc gia và "
        "nộp hồ sơ trực tuyến tại khu vực tự phục vụ.")
    out.append(d)

    # ------------------------------------------------------------------ L2 2022-07
    per = P("tháng 7 năm 2022", "2022-07-01", "2022-07-31")
    slug = "ket-qua-tiep-nhan-va-giai-quyet-thu-tuc-hanh-chinh-thang-7-nam-2022"
    d = Doc(HOST, slug, BASE + slug,
            "Kết quả tiếp nhận và giải quyết thủ tục hành chính tháng 7 năm 2022",
            "2022-08-03T15:00", "Lạng Sơn", author="Bảo Ngọc",
            notes="Department figures are received dossiers ('tiếp nhận nhiều'). Not labelled: '19 sở, ngành'.")
    d.ctx("provincial_center", CENTRE, per)
    d.p(centre(d, f"Trong {per[0]}, Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn", 10214, 4122, 5931, 161,
               3105, 6766, 6, 1455, style=1))
    deps = [("Bảo hiểm xã hội tỉnh", 5236), ("Sở Giao thông vận tải", 1408), ("Sở Tư pháp", 912)]
    parts = "; ".join(f"{n}: {d.n(v, 'received_total', scope='department', unit_name=n)} hồ sơ" for n, v in deps)
    d.p(f"Trong số 19 sở, ngành có thủ tục tiếp nhận tại Trung tâm, các đơn vị tiếp nhận nhiều hồ sơ nhất là {parts}.")
    d.p(ratings(d, "Trong tháng có", 2366, 2251, 113, 2, pct=False))
    out.append(d)

    # ------------------------------------------------------------------ L3 Q1 2023
    per = P("Quý I năm 2023", "2023-01-01", "2023-03-31")
    slug = "quy-i-nam-2023-ty-le-ho-so-giai-quyet-dung-va-truoc-han-dat-9995"
    d = Doc(HOST, slug, BASE + slug,
            "Quý I năm 2023: tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt 99,95%",
            "2023-04-07T09:40", "Lạng Sơn", author="Hoàng Hà",
            notes="Only 'đúng và trước hạn' reported -> resolved_early_or_on_time. Title % equals the body figure. "
                  "Not labelled: 'tăng 2.106 hồ sơ so với quý I năm 2022' (delta), '1.938 thủ tục hành chính'.")
    recv, direct, online, postal = 27840, 11307, 16102, 431
    eo, late = 26902, 13
    res = eo + late
    d.ctx("provincial_center", CENTRE, per)
    d.p(f"{per[0]}, Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn tiếp nhận {d.n(recv, 'received_total')} hồ sơ, "
        f"tăng {d.n(2106)} hồ sơ so với quý I năm 2022. Hồ sơ trực tuyến đạt {d.n(online, 'received_online')}, trực "
        f"tiếp {d.n(direct, 'received_direct')} và qua bưu chính công ích {d.n(postal, 'received_postal')} hồ sơ.")
    d.p(f"Trung tâm đã giải quyết {d.n(res, 'resolved')} hồ sơ, trong đó đúng và trước hạn "
        f"{d.n(eo, 'resolved_early_or_on_time')} hồ sơ (đạt {d.pct(eo, res, 'resolved_early_or_on_time')}), trễ hạn "
        f"{d.n(late, 'resolved_late')} hồ sơ (chiếm {d.pct(late, res, 'resolved_late')}); đang giải quyết "
        f"{d.n(1612, 'pending')} hồ sơ. Hiện Trung tâm thực hiện tiếp nhận 1.938 thủ tục hành chính.")
    out.append(d)

    # ------------------------------------------------------------------ L4 2023-04
    per = P("tháng 4/2023", "2023-04-01", "2023-04-30")
    slug = "trung-tam-phuc-vu-hanh-chinh-cong-tinh-tra-ket-qua-9344-ho-so-trong-thang-42023"
    d = Doc(HOST, slug, BASE + slug,
            "Trung tâm Phục vụ hành chính công tỉnh trả kết quả 9.344 hồ sơ trong tháng 4/2023",
            "2023-05-05T10:25", "Lạng Sơn", author="Bảo Ngọc",
            notes="Title figure = resolved in the body.")
    d.ctx("provincial_center", CENTRE, per)
    d.p(centre(d, f"Theo báo cáo của Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn, trong {per[0]},", 9618, 3702, 5781,
               135, 3466, 5872, 6, 1508, rpostal=611, style=0))
    d.p(ratings(d, "Người dân, doanh nghiệp đã gửi", 2104, 1998, 104, 2))
    out.append(d)

    # ------------------------------------------------------------------ L5 2023-11 + lũy kế
    per = P("tháng 11/2023", "2023-11-01", "2023-11-30")
    cum = P("lũy kế đến hết tháng 11 năm 2023", "2023-01-01", "2023-11-30")
    slug = "ket-qua-giai-quyet-thu-tuc-hanh-chinh-tai-trung-tam-phuc-vu-hanh-chinh-cong-tinh-thang-112023"
    d = Doc(HOST, slug, BASE + slug,
            "Kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh tháng 11/2023",
            "2023-12-05T14:50", "Lạng Sơn", author="Hoàng Hà",
            notes="Month and year-to-date ('lũy kế đến hết tháng 11 năm 2023' = 1/1-30/11/2023).")
    d.ctx("provincial_center", CENTRE, per)
    d.p(centre(d, f"Trong {per[0]}, Trung tâm", 10936, 3611, 7196, 129, 4311, 6389, 5, 1622, style=1))
    recv, online, res, eo = 112408, 72553, 110262, 110194
    d.ctx(period=cum)
    d.p(f"Tính {cum[0]}, Trung tâm tiếp nhận {d.n(recv, 'received_total')} hồ sơ, trong đó trực tuyến "
        f"{d.n(online, 'received_online')} hồ sơ (chiếm {d.pct(online, recv, 'received_online')}); đã giải quyết "
        f"{d.n(res, 'resolved')} hồ sơ, đúng và trước hạn {d.n(eo, 'resolved_early_or_on_time')} hồ sơ (đạt "
        f"{d.pct(eo, res, 'resolved_early_or_on_time')}), trễ hạn {d.n(res - eo, 'resolved_late')} hồ sơ.")
    out.append(d)

    # ------------------------------------------------------------------ L6 2024-08 + index
    per = P("tháng 8/2024", "2024-08-01", "2024-08-31")
    r = index_row("2024-08", "Lạng Sơn")
    prev = index_row("2024-07", "Lạng Sơn")
    dist = [u for u in index_rows("2024-08", units_of=r["ID"]) if u["CAPDONVIID"] == "3"]
    best = grade(max(float(u["TONG_SCORE"]) for u in dist))
    n_best = sum(1 for u in dist if grade(float(u["TONG_SCORE"])) == best)
    slug = "lang-son-xep-hang-bo-chi-so-phuc-vu-nguoi-dan-doanh-nghiep-thang-82024"
    d = Doc(HOST, slug, BASE + slug,
            "Lạng Sơn: kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp và giải quyết hồ sơ tháng 8/2024",
            "2024-09-06T16:10", "Lạng Sơn", author="Bảo Ngọc",
            notes="Index values from the mirror's national index (period 2024-08, closing capture 2024-09-01). Not "
                  "labelled: 'Quyết định số 766/QĐ-TTg', the rank change (delta), the count of districts by grade (unit count; "
                  "consistent with the mirror's drill-down).")
    d.ctx("province_all", "tỉnh Lạng Sơn", per)
    d.p(f"Theo Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo Quyết "
        f"định số 766/QĐ-TTg, trong {per[0]} tỉnh Lạng Sơn đạt {d.pts(float(r['TONG_SCORE']), 'index_total_score')} "
        f"điểm, xếp thứ {d.rank(int(r['ROW_STT']), r['_of'])}, {rank_change(int(prev['ROW_STT']), int(r['ROW_STT']), 'tháng 7')}. "
        f"Nhóm chỉ số số hóa hồ sơ đạt "
        f"{d.pts(float(r['MDSH']), 'index_group_score', unit_name='nhóm chỉ số số hóa hồ sơ')}/22 điểm; {n_best}/{len(dist)} "
        f"huyện, thành phố được xếp loại {best}.")
    d.ctx("provincial_center", CENTRE, per)
    d.p(centre(d, "Cũng trong tháng,", 11427, 2935, 8388, 104, 5402, 5824, 4, 1571, style=0))
    d.p(ratings(d, "Trung tâm nhận", 2508, 2431, 76, 1, pct=False))
    out.append(d)

    # ------------------------------------------------------------------ L7 2025-01
    per = P("tháng 01/2025", "2025-01-01", "2025-01-31")
    slug = "trung-tam-phuc-vu-hanh-chinh-cong-tinh-tiep-nhan-hon-12-nghin-ho-so-thang-dau-nam-2025"
    d = Doc(HOST, slug, BASE + slug,
            "Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hơn 12 nghìn hồ sơ tháng đầu năm 2025",
            "2025-02-06T08:05", "Lạng Sơn", author="Hoàng Hà",
            notes="'hơn 12 nghìn' in the title is rounded (body 12.105). Not labelled: '1.942 thủ tục hành chính', "
                  "'1.226 thủ tục' online (procedure counts).")
    d.ctx("provincial_center", CENTRE, per)
    d.p(centre(d, f"Trong {per[0]}, Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn", 12105, 2622, 9381, 102, 6318,
               5563, 3, 1436, style=1))
    d.p(ratings(d, "Trung tâm nhận được", 2771, 2703, 67, 1))
    d.p("Hiện Trung tâm tiếp nhận 1.942 thủ tục hành chính, trong đó 1.226 thủ tục được cung cấp dịch vụ công trực "
        "tuyến toàn trình.")
    out.append(d)

    # ------------------------------------------------------------------ L8 2025-09 (after the merger)
    per = P("tháng 9/2025", "2025-09-01", "2025-09-30")
    slug = "ket-qua-giai-quyet-thu-tuc-hanh-chinh-thang-92025-sau-sap-xep-chinh-quyen-hai-cap"
    d = Doc(HOST, slug, BASE + slug,
            "Kết quả giải quyết thủ tục hành chính tháng 9/2025 sau sắp xếp chính quyền địa phương hai cấp",
            "2025-10-06T10:30", "Lạng Sơn", author="Bảo Ngọc",
            notes="Lạng Sơn kept its boundaries on 1/7/2025; districts abolished, 65 commune-level centres. Not "
                  "labelled: '65 Trung tâm' (unit count).")
    d.ctx("provincial_center", CENTRE, per)
    d.p(centre(d, f"Trong {per[0]},", 13046, 2518, 10428, 100, 7204, 5583, 3, 1601, style=0))
    d.p(f"Có {d.n(3418, 'online_payments')} hồ sơ được thanh toán phí, lệ phí trực tuyến.")
    d.ctx("district_commune", "Trung tâm phục vụ hành chính công xã, phường", per)
    recv, res, eo = 41377, 39904, 39611
    d.p(f"Tại cấp xã, 65 Trung tâm phục vụ hành chính công xã, phường tiếp nhận {d.n(recv, 'received_total')} hồ sơ, đã "
        f"giải quyết {d.n(res, 'resolved')} hồ sơ, trong đó đúng và trước hạn {d.n(eo, 'resolved_early_or_on_time')} hồ "
        f"sơ (đạt {d.pct(eo, res, 'resolved_early_or_on_time')}), trễ hạn {d.n(res - eo, 'resolved_late')} hồ sơ.")
    out.append(d)

    # ------------------------------------------------------------------ draft (robots.txt)
    per = P("tháng 11/2025", "2025-11-01", "2025-11-30")
    slug = "ban-nhap-ket-qua-giai-quyet-thu-tuc-hanh-chinh-thang-112025"
    d = Doc(HOST, slug, BASE + slug,
            "Kết quả giải quyết thủ tục hành chính tháng 11/2025 (bản nháp)",
            "2025-12-03T17:45", "Lạng Sơn", draft=True,
            notes="DRAFT behind robots.txt (Disallow: /tin-tuc/cai-cach-hanh-chinh/ban-nhap-). Linked from the "
                  "listing; a polite crawler never fetches it, so none of these figures may appear in the store.")
    d.ctx("provincial_center", CENTRE, per)
    d.p(f"(BẢN NHÁP) Trong {per[0]}, Trung tâm tiếp nhận {d.n(13988, 'received_total')} hồ sơ, đã giải quyết "
        f"{d.n(13412, 'resolved')} hồ sơ, trễ hạn {d.n(9, 'resolved_late', pad=2)} hồ sơ.")
    out.append(d)
    return out


OTHERS = [
    # (slug, published, title, paragraphs)
    ("le-hoi-long-tong-xuong-dong-nam-2022-tai-huyen-binh-gia", "2022-02-10T09:00",
     "Lễ hội Lồng Tồng xuống đồng năm 2022 tại huyện Bình Gia",
     ["Lễ hội diễn ra trong 02 ngày với nghi lễ cầu mùa và các trò chơi dân gian như ném còn, kéo co, đẩy gậy."]),
    ("phan-luong-giao-thong-tren-quoc-lo-1-doan-qua-thanh-pho-lang-son", "2022-11-21T14:30",
     "Phân luồng giao thông trên Quốc lộ 1 đoạn qua thành phố Lạng Sơn",
     ["Từ ngày 25/11/2022, xe tải trên 10 tấn không được đi vào đoạn từ Km 12 đến Km 15+800 trong giờ cao điểm."]),
    ("hoa-dao-mau-son-vao-mua", "2023-01-16T07:20", "Hoa đào Mẫu Sơn vào mùa",
     ["Ở độ cao hơn 1.500 m, những vườn đào phai trên núi Mẫu Sơn đã nở rộ, thu hút hàng nghìn du khách."]),
    ("mua-lon-gay-sat-lo-tren-tuyen-dt229", "2024-07-30T18:10", "Mưa lớn gây sạt lở trên tuyến ĐT.229",
     ["Khoảng 3.000 m³ đất đá sạt xuống mặt đường tại Km 27; lực lượng chức năng đã thông tuyến sau 6 giờ."]),
    ("khai-mac-giai-bong-chuyen-cac-xa-phuong-nam-2025", "2025-08-15T08:00",
     "Khai mạc Giải bóng chuyền các xã, phường năm 2025",
     ["Giải có 24 đội bóng nam và 16 đội bóng nữ tham gia, thi đấu từ ngày 15 đến ngày 22/8/2025."]),
    ("cua-khau-huu-nghi-thong-quan-on-dinh-dip-cuoi-nam", "2025-12-18T11:40",
     "Cửa khẩu Hữu Nghị thông quan ổn định dịp cuối năm",
     ["Bình quân mỗi ngày có khoảng 1.200 phương tiện chở hàng xuất nhập khẩu qua cửa khẩu."]),
]
