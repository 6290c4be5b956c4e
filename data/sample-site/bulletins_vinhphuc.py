"""vinhphuc.gov.vn (Cổng thông tin điện tử tỉnh Vĩnh Phúc; Phú Thọ from 1/7/2025). SAMPLE DATA.

Invented bulletins in the style of the portal's monthly reports: reporting months
run from the 21st to the 20th, with separate sections for the provincial centre
and for the one-stop shops (BPMC) of districts and communes.
"""
from sitegen import Doc, index_row

HOST = "vinhphuc.gov.vn"
LIST = "/ct/cms/tintuc/Lists/CaiCachHanhChinh"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"
BPMC = "Bộ phận một cửa (BPMC) cấp huyện, cấp xã"

VP_NOTE = ("Vĩnh Phúc format: resolved_late = 'trả kết quả chậm hạn' + 'quá hạn chưa có kết quả' (overdue "
           "unresolved included); its % and the returned % are on 'đến hạn' (due); in_process_total = 'lũy kế đã "
           "và đang giải quyết'. ")


def P(label, start, end):
    return (label, start, end)


def item(iid):
    return f"{LIST}/View_Detail.aspx?ItemID={iid}"


def centre_block(d, label, new, carried, due, eo, returned=None, style=0):
    """One reporting window of a unit, written in one of a few phrasings."""
    late = due - eo
    total = new + carried
    if style == 0:
        s = (f"{label}, Trung tâm tiếp nhận mới {d.n(new, 'received_new')} hồ sơ, tồn kỳ trước chuyển sang "
             f"{d.n(carried, 'carried_over')} hồ sơ, lũy kế đã và đang giải quyết trong kỳ là "
             f"{d.n(total, 'in_process_total')} hồ sơ. Số hồ sơ đến hạn giải quyết là {d.n(due, 'due')} hồ sơ; đã trả "
             f"kết quả trước và đúng hạn {d.n(eo, 'resolved_early_or_on_time')} hồ sơ (đạt "
             f"{d.pct(eo, due, 'resolved_early_or_on_time')}); hồ sơ trả kết quả chậm hạn và hồ sơ quá hạn chưa có kết "
             f"quả là {d.n(late, 'resolved_late', pad=2)} hồ sơ (chiếm {d.pct(late, due, 'resolved_late')}).")
    elif style == 1:
        s = (f"{label}, tổng số hồ sơ Trung tâm tiếp nhận mới là {d.n(new, 'received_new')}, cộng với "
             f"{d.n(carried, 'carried_over')} hồ sơ tồn kỳ trước chuyển sang, nâng tổng số hồ sơ đã và đang giải quyết "
             f"lên {d.n(total, 'in_process_total')} hồ sơ. Trong {d.n(due, 'due')} hồ sơ đến hạn, có "
             f"{d.n(eo, 'resolved_early_or_on_time')} hồ sơ được trả trước và đúng hạn, đạt tỷ lệ "
             f"{d.pct(eo, due, 'resolved_early_or_on_time')}; {d.n(late, 'resolved_late', pad=2)} hồ sơ chậm, quá hạn "
             f"(chiếm {d.pct(late, due, 'resolved_late')}).")
    else:
        s = (f"{label}: tiếp nhận mới {d.n(new, 'received_new')} hồ sơ; tồn kỳ trước chuyển qua "
             f"{d.n(carried, 'carried_over')} hồ sơ; lũy kế đã và đang giải quyết {d.n(total, 'in_process_total')} hồ "
             f"sơ; đến hạn giải quyết {d.n(due, 'due')} hồ sơ, trong đó trả trước và đúng hạn "
             f"{d.n(eo, 'resolved_early_or_on_time')} hồ sơ ({d.pct(eo, due, 'resolved_early_or_on_time')}), chậm hạn và "
             f"quá hạn chưa có kết quả {d.n(late, 'resolved_late', pad=2)} hồ sơ ({d.pct(late, due, 'resolved_late')}).")
    if returned is not None:
        s += (f" Có {d.n(returned, 'returned_or_withdrawn')} hồ sơ (chiếm {d.pct(returned, due, 'returned_or_withdrawn')}) "
              f"được cơ quan thụ lý trả lại hoặc người nộp đề nghị rút.")
    return s


def bulletins():
    out = []

    # ------------------------------------------------------------------ V1 2021-10
    m = P("Tháng 10/2021 (Tính từ ngày 21/9/2021 đến ngày 20/10/2021)", "2021-09-21", "2021-10-20")
    m2 = P("Tháng 10/2021 (từ 21/9/2021 đến 20/10/2021)", "2021-09-21", "2021-10-20")
    d = Doc(HOST, "View_Detail.aspx@ItemID=3187", item(3187),
            "Kết quả tiếp nhận, giải quyết hồ sơ TTHC tháng 10/2021 tại Trung tâm Phục vụ hành chính công tỉnh và "
            "BPMC cấp huyện, cấp xã",
            "2021-10-28T10:12", None,
            notes=VP_NOTE + "Province not named (districts of Vĩnh Phúc). Online: 1.744 = 58 level 3 + 1.686 level 4. "
                  "Per-district percentages are 'tỷ lệ chậm, quá hạn'. Not labelled: '16 cơ quan, đơn vị', '5/9 "
                  "huyện, thành phố' (unit counts).")
    d.h("1. Tại Trung tâm Phục vụ hành chính công tỉnh")
    d.ctx("provincial_center", CENTRE, m)
    d.p(centre_block(d, m[0], 4286, 2095, 4240, 4226, returned=87, style=0))
    d.p(f"Trong kỳ, 16 cơ quan, đơn vị cấp tỉnh phát sinh {d.n(1744, 'received_online')} hồ sơ trực tuyến, gồm "
        f"{d.n(58, 'online_level3')} hồ sơ mức độ 3 và {d.n(1686, 'online_level4')} hồ sơ mức độ 4.")
    d.h("2. Tại Bộ phận một cửa cấp huyện, cấp xã")
    d.ctx("district_commune", BPMC, m2)
    new, carried, due, eo = 18455, 712, 18310, 17746
    d.p(f"{m2[0]}, BPMC cấp huyện, cấp xã tiếp nhận mới {d.n(new, 'received_new')} hồ sơ, tồn kỳ trước chuyển sang "
        f"{d.n(carried, 'carried_over')} hồ sơ, lũy kế đã và đang giải quyết {d.n(new + carried, 'in_process_total')} "
        f"hồ sơ. Đến hạn giải quyết {d.n(due, 'due')} hồ sơ, trong đó trả trước và đúng hạn "
        f"{d.n(eo, 'resolved_early_or_on_time')} hồ sơ (đạt {d.pct(eo, due, 'resolved_early_or_on_time')}), chậm, quá "
        f"hạn {d.n(due - eo, 'resolved_late')} hồ sơ (chiếm {d.pct(due - eo, due, 'resolved_late')}).")
    d.p(f"Có 5/9 huyện, thành phố giữ tỷ lệ chậm, quá hạn dưới 3%. Thấp nhất là huyện Yên Lạc với "
        f"{d.pctv(0.41, 'resolved_late', unit_name='huyện Yên Lạc')}; cao nhất vẫn là huyện Vĩnh Tường với "
        f"{d.pctv(8.77, 'resolved_late', unit_name='huyện Vĩnh Tường')}.")
    out.append(d)

    # ------------------------------------------------------------------ V2 2022-03
    m = P("Tháng 3/2022 (Tính từ ngày 21/02/2022 đến ngày 20/3/2022)", "2022-02-21", "2022-03-20")
    d = Doc(HOST, "View_Detail.aspx@ItemID=3352", item(3352),
            "Kết quả tiếp nhận hồ sơ, giải quyết và trả kết quả TTHC tại Trung tâm Phục vụ hành chính công tỉnh "
            "tháng 3/2022",
            "2022-03-29T08:40", "Vĩnh Phúc",
            notes=VP_NOTE + "Online share is on new dossiers. Not labelled: 'Báo cáo số 07/BC-TTPVHCC ngày 25/3/2022', "
                  "'13/16 cơ quan', 'chỉ tiêu 25%' (government target).")
    d.ctx("provincial_center", CENTRE, m)
    d.p("Theo Báo cáo số 07/BC-TTPVHCC ngày 25/3/2022 của Trung tâm Phục vụ hành chính công tỉnh Vĩnh Phúc, kết quả "
        "tiếp nhận và giải quyết thủ tục hành chính tại Trung tâm trong tháng như sau:")
    d.p(centre_block(d, m[0], 4917, 1986, 4874, 4861, returned=96, style=1))
    d.p(f"Số hồ sơ nộp trực tuyến đạt {d.n(2203, 'received_online')} hồ sơ, chiếm {d.pct(2203, 4917, 'received_online')} "
        f"tổng số hồ sơ tiếp nhận mới. Có {d.n(1035, 'online_payments')} giao dịch thanh toán phí, lệ phí trực tuyến "
        f"thành công, vượt chỉ tiêu 25% Chính phủ giao. 13/16 cơ quan không có hồ sơ chậm hạn.")
    out.append(d)

    # ------------------------------------------------------------------ V3 2022-12 + Q4
    m = P("Tháng 12/2022 (Tính từ ngày 21/11/2022 đến ngày 20/12/2022)", "2022-11-21", "2022-12-20")
    q = P("Quý IV năm 2022 (Tính từ ngày 21/9/2022 đến ngày 20/12/2022)", "2022-09-21", "2022-12-20")
    d = Doc(HOST, "View_Detail.aspx@ItemID=3541", item(3541),
            "Kết quả tiếp nhận, giải quyết TTHC tại Trung tâm Phục vụ hành chính công tỉnh tháng 12 và quý IV/2022",
            "2022-12-27T15:05", "Vĩnh Phúc",
            notes=VP_NOTE + "Two windows: the month (21/11-20/12) and the quarter (21/9-20/12).")
    d.ctx("provincial_center", CENTRE, m)
    d.p(centre_block(d, m[0], 5208, 2117, 5163, 5148, returned=102, style=0))
    d.ctx(period=q)
    d.p(centre_block(d, q[0], 15377, 2034, 15296, 15254, returned=311, style=2))
    d.p("Năm 2022, Trung tâm duy trì tỷ lệ trả kết quả trước và đúng hạn ở mức cao trong cả bốn quý. Trong năm 2023, "
        "tỉnh Vĩnh Phúc tiếp tục rà soát, cắt giảm thành phần hồ sơ không cần thiết đối với các thủ tục có số lượng "
        "giao dịch lớn.")
    out.append(d)

    # ------------------------------------------------------------------ V4 2023-06
    m = P("Tháng 6/2023 (Tính từ ngày 21/5/2023 đến ngày 20/6/2023)", "2023-05-21", "2023-06-20")
    d = Doc(HOST, "View_Detail.aspx@ItemID=3719", item(3719),
            "Kết quả tiếp nhận, giải quyết hồ sơ TTHC tháng 6/2023",
            "2023-06-28T09:30", "Vĩnh Phúc",
            notes=VP_NOTE + "Centre and BPMC sections. Online share is on new dossiers. Not labelled: '9/9 huyện, "
                  "thành phố', 'giảm 1,12%' (delta).")
    d.h("Tại Trung tâm Phục vụ hành chính công tỉnh")
    d.ctx("provincial_center", CENTRE, m)
    d.p(centre_block(d, m[0], 5612, 2208, 5590, 5578, returned=84, style=2))
    d.p(f"Hồ sơ trực tuyến: {d.n(3047, 'received_online')} hồ sơ, chiếm {d.pct(3047, 5612, 'received_online')} số hồ sơ "
        f"tiếp nhận mới; thanh toán trực tuyến {d.n(1672, 'online_payments')} giao dịch.")
    d.h("Tại BPMC cấp huyện, cấp xã")
    d.ctx("district_commune", BPMC, m)
    new, carried, due, eo = 21604, 803, 21385, 20962
    d.p(f"Trong cùng kỳ, BPMC cấp huyện, cấp xã tiếp nhận mới {d.n(new, 'received_new')} hồ sơ, tồn kỳ trước chuyển "
        f"sang {d.n(carried, 'carried_over')} hồ sơ; đến hạn giải quyết {d.n(due, 'due')} hồ sơ, trả trước và đúng hạn "
        f"{d.n(eo, 'resolved_early_or_on_time')} hồ sơ (đạt {d.pct(eo, due, 'resolved_early_or_on_time')}). Tỷ lệ chậm, "
        f"quá hạn là {d.pct(due - eo, due, 'resolved_late')}, giảm 1,12% so với tháng 5/2023; 9/9 huyện, thành phố "
        f"có tỷ lệ dưới 5%.")
    out.append(d)

    # ------------------------------------------------------------------ V5 2024-01 (cross-year window)
    m = P("Tháng 01/2024 (Tính từ ngày 21/12/2023 đến ngày 20/01/2024)", "2023-12-21", "2024-01-20")
    d = Doc(HOST, "View_Detail.aspx@ItemID=3957", item(3957),
            "Trung tâm Phục vụ hành chính công tỉnh: kết quả giải quyết hồ sơ TTHC tháng 01/2024",
            "2024-01-29T14:20", "Vĩnh Phúc",
            notes=VP_NOTE + "The window crosses the year (21/12/2023-20/01/2024). Zero-padded late count '08'. "
                  "Not labelled: '1.968 thủ tục hành chính'.")
    d.ctx("provincial_center", CENTRE, m)
    d.p(centre_block(d, m[0], 6148, 2311, 6093, 6085, returned=91, style=1))
    d.p(f"Hồ sơ nộp qua dịch vụ công trực tuyến là {d.n(3786, 'received_online')} hồ sơ (chiếm "
        f"{d.pct(3786, 6148, 'received_online')}). Hiện Trung tâm tiếp nhận 1.968 thủ tục hành chính của các sở, ban, "
        f"ngành và cơ quan ngành dọc.")
    out.append(d)

    # ------------------------------------------------------------------ V6 2024-06 + 6 tháng
    m = P("Tháng 6/2024 (Tính từ ngày 21/5/2024 đến ngày 20/6/2024)", "2024-05-21", "2024-06-20")
    h = P("6 tháng đầu năm 2024 (Tính từ ngày 21/12/2023 đến ngày 20/6/2024)", "2023-12-21", "2024-06-20")
    d = Doc(HOST, "View_Detail.aspx@ItemID=4102", item(4102),
            "Kết quả tiếp nhận, giải quyết hồ sơ TTHC tháng 6 và 6 tháng đầu năm 2024",
            "2024-06-27T16:45", "Vĩnh Phúc",
            notes=VP_NOTE + "Month and half-year windows as stated (21/12/2023-20/6/2024). Ratings 9.846 = 9.112 + "
                  "722 + 12.")
    d.ctx("provincial_center", CENTRE, m)
    d.p(centre_block(d, m[0], 6027, 2402, 5986, 5979, style=0))
    d.ctx(period=h)
    d.p(centre_block(d, h[0], 35964, 2311, 35713, 35661, style=2))
    d.p(f"Trong 6 tháng, số hồ sơ trực tuyến đạt {d.n(22437, 'received_online')} (chiếm "
        f"{d.pct(22437, 35964, 'received_online')}); có {d.n(10284, 'online_payments')} giao dịch thanh toán trực "
        f"tuyến. Hệ thống đánh giá ghi nhận {d.n(9846, 'ratings_total')} lượt, trong đó rất hài lòng "
        f"{d.n(9112, 'ratings_very_satisfied')} lượt, hài lòng {d.n(722, 'ratings_satisfied')} lượt, không hài lòng "
        f"{d.n(12, 'ratings_dissatisfied')} lượt.")
    out.append(d)

    # ------------------------------------------------------------------ V7 2025-04 + index (2025-03)
    m = P("Tháng 4/2025 (Tính từ ngày 21/3/2025 đến ngày 20/4/2025)", "2025-03-21", "2025-04-20")
    im = P("tháng 3/2025", "2025-03-01", "2025-03-31")
    r = index_row("2025-03", "Vĩnh Phúc")
    d = Doc(HOST, "View_Detail.aspx@ItemID=4371", item(4371),
            "Kết quả tiếp nhận, giải quyết hồ sơ TTHC tháng 4/2025 và Bộ chỉ số phục vụ người dân, doanh nghiệp",
            "2025-04-25T10:00", "Vĩnh Phúc",
            notes=VP_NOTE + "Index values from the mirror's national index (period 2025-03, closing capture "
                  "2025-04-01); group maxima after the slash are not ranks. Not labelled: '18/18 sở, ngành'.")
    d.ctx("provincial_center", CENTRE, m)
    d.p(centre_block(d, m[0], 6611, 2255, 6570, 6566, style=1))
    d.p(f"Hồ sơ trực tuyến chiếm {d.pct(5012, 6611, 'received_online')} với {d.n(5012, 'received_online')} hồ sơ.")
    d.ctx("province_all", "tỉnh Vĩnh Phúc", im)
    groups = [("CKMB", "công khai, minh bạch", 18), ("TDGQ", "tiến độ giải quyết", 20),
              ("TTTT", "dịch vụ công trực tuyến", 12), ("CLGQ", "thanh toán trực tuyến", 10),
              ("MDHL", "mức độ hài lòng", 18), ("MDSH", "số hóa hồ sơ", 22)]
    gtxt = "; ".join(
        f"{name} đạt {d.pts(float(r[k]), 'index_group_score', unit_name='nhóm chỉ số ' + name)}/{mx} điểm"
        for k, name, mx in groups)
    d.p(f"Theo kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp {im[0]} trên Cổng Dịch vụ công quốc gia, tỉnh Vĩnh "
        f"Phúc đạt {d.pts(float(r['TONG_SCORE']), 'index_total_score')}/100 điểm, xếp thứ "
        f"{d.rank(int(r['ROW_STT']), r['_of'])} tỉnh, thành phố. Cụ thể, các nhóm chỉ số: {gtxt}. Có 18/18 sở, ngành "
        f"công khai đầy đủ thủ tục hành chính.")
    out.append(d)

    # ------------------------------------------------------------------ V8 2025-09 (Phú Thọ)
    m = P("tháng 9/2025", "2025-09-01", "2025-09-30")
    d = Doc(HOST, "View_Detail.aspx@ItemID=4530", item(4530),
            "Trung tâm Phục vụ hành chính công tỉnh Phú Thọ: kết quả giải quyết hồ sơ TTHC tháng 9/2025",
            "2025-10-03T09:10", "Phú Thọ",
            notes="After the 1/7/2025 merger (Phú Thọ, Vĩnh Phúc, Hòa Bình -> Phú Thọ); calendar month, no 21-20 "
                  "window. Commune level: received count and online share only. Not labelled: '148 xã, phường', "
                  "'03 cơ sở'.")
    new, carried, online = 15382, 3127, 12207
    eo, late = 14902, 59
    res = eo + late
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh Phú Thọ", m)
    d.p(f"Trong {m[0]}, Trung tâm Phục vụ hành chính công tỉnh Phú Thọ (03 cơ sở tại phường Việt Trì, phường Vĩnh Phúc "
        f"và phường Hòa Bình) tiếp nhận {d.n(new, 'received_total')} hồ sơ, trong đó trực tuyến "
        f"{d.n(online, 'received_online')} hồ sơ (chiếm {d.pct(online, new, 'received_online')}); tồn kỳ trước chuyển "
        f"sang {d.n(carried, 'carried_over')} hồ sơ.")
    d.p(f"Đã giải quyết {d.n(res, 'resolved')} hồ sơ, trong đó trước và đúng hạn {d.n(eo, 'resolved_early_or_on_time')} "
        f"hồ sơ (đạt {d.pct(eo, res, 'resolved_early_or_on_time')}), quá hạn {d.n(late, 'resolved_late')} hồ sơ "
        f"(chiếm {d.pct(late, res, 'resolved_late')}); đang giải quyết {d.n(new + carried - res, 'pending')} hồ sơ.")
    d.ctx("district_commune", "Trung tâm phục vụ hành chính công cấp xã", m)
    d.p(f"Tại 148 xã, phường, các Trung tâm phục vụ hành chính công cấp xã tiếp nhận {d.n(96455, 'received_total')} hồ "
        f"sơ; tỷ lệ hồ sơ trực tuyến đạt {d.pctv(52.17, 'received_online')}.")
    out.append(d)

    # ------------------------------------------------------------------ draft (robots.txt)
    m = P("tháng 10/2025", "2025-10-01", "2025-10-31")
    d = Doc(HOST, "View_Detail.aspx@ItemID=57", "/ct/cms/tintuc/Lists/BanNhap/View_Detail.aspx?ItemID=57",
            "Kết quả tiếp nhận, giải quyết hồ sơ TTHC tháng 10/2025 (dự thảo)",
            "2025-11-04T17:30", "Phú Thọ", draft=True,
            notes="DRAFT behind robots.txt (Disallow: /ct/cms/tintuc/Lists/BanNhap/). Linked from the listing; a "
                  "polite crawler never fetches it, so none of these figures may appear in the store.")
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh Phú Thọ", m)
    d.p(f"(DỰ THẢO - CHƯA PHÁT HÀNH) Trong {m[0]}, Trung tâm tiếp nhận {d.n(16904, 'received_total')} hồ sơ, đã giải "
        f"quyết {d.n(16211, 'resolved')} hồ sơ, trước và đúng hạn {d.n(16150, 'resolved_early_or_on_time')} hồ sơ, quá "
        f"hạn {d.n(61, 'resolved_late')} hồ sơ.")
    out.append(d)
    return out


OTHERS = [
    # (list name, ItemID, published, title, paragraphs)
    ("CaiCachHanhChinh", 3205, "2021-11-09T08:00", "Hội nghị trực tuyến triển khai Kế hoạch cải cách hành chính năm 2022",
     ["UBND tỉnh tổ chức hội nghị trực tuyến tới 9 điểm cầu cấp huyện để quán triệt nhiệm vụ cải cách hành chính năm "
      "2022.", "Hội nghị đề ra 7 nhóm nhiệm vụ trọng tâm, trong đó ưu tiên chuyển đổi số trong các cơ quan nhà nước."]),
    ("CaiCachHanhChinh", 3412, "2022-07-14T15:30", "Vĩnh Phúc tập huấn kỹ năng giao tiếp cho công chức tiếp công dân",
     ["Hơn 120 công chức, viên chức cấp huyện, cấp xã tham dự lớp tập huấn kéo dài 2 ngày tại thành phố Vĩnh Yên."]),
    ("CaiCachHanhChinh", 3803, "2023-09-12T09:20", "Lễ hội Tây Thiên năm 2023 thu hút đông đảo du khách",
     ["Ban tổ chức ước tính khoảng 50.000 lượt khách đã về Khu danh thắng Tây Thiên trong những ngày diễn ra lễ hội."]),
    ("CaiCachHanhChinh", 4011, "2024-03-18T10:10", "Điều chỉnh tổ chức giao thông tại nút giao đường Nguyễn Tất Thành - Lam Sơn",
     ["Từ ngày 20/3/2024, các phương tiện rẽ trái tại nút giao được hướng dẫn quay đầu tại điểm cách nút 150 m."]),
    ("CaiCachHanhChinh", 4250, "2024-11-05T14:00", "Thông báo tuyển dụng viên chức sự nghiệp giáo dục năm 2024",
     ["Chỉ tiêu tuyển dụng là 312 viên chức; thời gian nhận phiếu đăng ký dự tuyển từ ngày 06/11 đến ngày 05/12/2024."]),
    ("CaiCachHanhChinh", 4488, "2025-08-20T08:45", "Ra mắt ứng dụng Công dân số tỉnh Phú Thọ",
     ["Ứng dụng tích hợp 25 tiện ích cho người dân, từ tra cứu thông tin quy hoạch đến phản ánh hiện trường."]),
]
