"""baodongkhoi.vn (Báo Đồng Khởi, Bến Tre; Vĩnh Long from 1/7/2025). SAMPLE DATA.

Invented bulletins in the style of the newspaper's public-administration column.
"""
from sitegen import Doc, index_row, rank_change

HOST = "baodongkhoi.vn"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"


def P(label, start, end):
    return (label, start, end)


def _path(slug, ddmmyyyy, aid, prefix=""):
    return f"{prefix}/{slug}-{ddmmyyyy}-a{aid}.html"


def bulletins():
    out = []

    # ------------------------------------------------------------------ B1 2021-10
    per = P("Tháng 10-2021", "2021-10-01", "2021-10-31")
    slug = "trung-tam-phuc-vu-hanh-chinh-cong-giai-quyet-4-873-ho-so-trong-thang-10-2021-08112021-a93417"
    d = Doc(HOST, slug, "/" + slug + ".html",
            "Trung tâm Phục vụ hành chính công giải quyết 4.873 hồ sơ trong tháng 10-2021",
            "2021-11-08T09:15", None, author="T.Lam",
            notes="Province not named (Báo Đồng Khởi = Bến Tre). received_total = 'tiếp nhận' (new dossiers; the "
                  "986 carried over are given separately). resolved % (82,62%) is on received + carried over "
                  "(4.873/5.898). Not labelled: delta 'tăng 1.184 HS so với tháng 9-2021', late-cause case counts "
                  "(09, 07 trường hợp), '1.726 thủ tục hành chính'.")
    recv, direct, online, postal, carried = 4912, 3406, 1381, 125, 986
    early, ontime, late = 1652, 3205, 16
    res = early + ontime + late
    assert direct + online + postal == recv
    d.ctx("provincial_center", CENTRE, per)
    d.p(f"<strong>BDK.VN - Tháng 10-2021, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận {d.n(recv, 'received_total')} "
        f"hồ sơ (HS) các loại, tăng {d.n(1184)} HS so với tháng 9-2021 khi nhiều hoạt động được nới lỏng sau thời "
        f"gian giãn cách.</strong>")
    d.p(f"Trong số HS tiếp nhận, có {d.n(direct, 'received_direct')} HS nộp trực tiếp tại Trung tâm, "
        f"{d.n(online, 'received_online')} HS nộp trực tuyến và {d.n(postal, 'received_postal')} HS gửi qua dịch vụ "
        f"bưu chính công ích. Ngoài ra, kỳ trước chuyển sang {d.n(carried, 'carried_over')} HS.")
    d.p(f"Các cơ quan chuyên môn đã giải quyết {d.n(res, 'resolved')} HS (đạt tỷ lệ {d.pct(res, recv + carried, 'resolved')}). "
        f"Trong đó, giải quyết trước hạn {d.n(early, 'resolved_early')} HS (chiếm {d.pct(early, res, 'resolved_early')}), "
        f"đúng hạn {d.n(ontime, 'resolved_on_time')} HS (chiếm {d.pct(ontime, res, 'resolved_on_time')}), trễ hạn "
        f"{d.n(late, 'resolved_late')} HS (chiếm {d.pct(late, res, 'resolved_late')}). Hiện Trung tâm còn "
        f"{d.n(recv + carried - res, 'pending')} HS đang giải quyết, đều trong thời hạn.")
    d.figure("Người dân nộp hồ sơ tại quầy số 5, Trung tâm Phục vụ hành chính công tỉnh. Ảnh: T.Lam")
    d.p("Theo lãnh đạo Trung tâm, HS trễ hạn chủ yếu thuộc lĩnh vực đất đai (09 trường hợp) và cấp phiếu lý lịch tư "
        "pháp (07 trường hợp) do phải chờ xác minh thông tin từ cơ quan khác. Trung tâm đã gửi thư xin lỗi đến từng "
        "tổ chức, cá nhân có HS trễ hạn.")
    d.p("Hiện Trung tâm niêm yết công khai 1.726 thủ tục hành chính của 19 sở, ngành; thời gian tới sẽ tiếp tục "
        "hướng dẫn người dân chuyển sang nộp HS trực tuyến để giảm thời gian đi lại.")
    d.related = ["b2", "b4"]
    out.append(d)

    # ------------------------------------------------------------------ B2 2022-05
    per = P("tháng 5-2022", "2022-05-01", "2022-05-31")
    slug = "99-68-ho-so-thang-5-2022-duoc-giai-quyet-dung-va-truoc-han"
    d = Doc(HOST, slug + "-07062022-a101862", "/" + slug + "-07062022-a101862.html",
            "99,68% hồ sơ tháng 5-2022 được giải quyết đúng và trước hạn",
            "2022-06-07T15:40", "Bến Tre", author="H.Đức",
            notes="Title percentage repeats the body figure (not a separate "
                  "observation). Ratings: 1.962 = 1.544 + 409 + 09. Not labelled: '14/16 đơn vị' (unit count), "
                  "date of the report.")
    new, online, direct, postal, carried = 5634, 2410, 3081, 143, 1104
    eo, late = 5301, 17
    res = eo + late
    assert online + direct + postal == new
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh Bến Tre", per)
    d.p(f"<strong>BDK.VN - Theo báo cáo của Trung tâm Phục vụ hành chính công tỉnh Bến Tre, trong tháng 5-2022, Trung "
        f"tâm tiếp nhận {d.n(new, 'received_total')} hồ sơ; ngoài ra còn {d.n(carried, 'carried_over')} hồ sơ tồn kỳ "
        f"trước chuyển sang.</strong>")
    d.p(f"Hồ sơ nộp trực tuyến là {d.n(online, 'received_online')} hồ sơ (chiếm {d.pct(online, new, 'received_online')}), "
        f"nộp trực tiếp {d.n(direct, 'received_direct')} hồ sơ, qua bưu chính công ích {d.n(postal, 'received_postal')} "
        f"hồ sơ. Số hồ sơ đã giải quyết là {d.n(res, 'resolved')} hồ sơ, trong đó đúng và trước hạn "
        f"{d.n(eo, 'resolved_early_or_on_time')} hồ sơ, đạt {d.pct(eo, res, 'resolved_early_or_on_time')}; trễ hạn "
        f"{d.n(late, 'resolved_late')} hồ sơ ({d.pct(late, res, 'resolved_late')}). Có 14/16 đơn vị không để xảy ra hồ "
        f"sơ trễ hạn trong tháng.")
    rt, vs, s, ds = 1962, 1544, 409, 9
    assert vs + s + ds == rt
    d.p(f"Qua hệ thống đánh giá tại quầy, Trung tâm nhận {d.n(rt, 'ratings_total')} lượt đánh giá của người dân và doanh "
        f"nghiệp; trong đó rất hài lòng {d.n(vs, 'ratings_very_satisfied')} lượt, hài lòng {d.n(s, 'ratings_satisfied')} "
        f"lượt, không hài lòng {d.n(ds, 'ratings_dissatisfied', pad=2)} lượt. Các ý kiến không hài lòng chủ yếu liên "
        f"quan đến thời gian chờ tại quầy vào giờ cao điểm.")
    d.p("Đến ngày 31-5-2022, Trung tâm đang giải quyết "
        f"{d.n(new + carried - res, 'pending')} hồ sơ. Trung tâm đề nghị các sở, ngành chủ động rà soát hồ sơ sắp đến hạn, "
        "không để phát sinh trễ hạn kéo dài.")
    d.related = ["b1", "b3"]
    out.append(d)

    # ------------------------------------------------------------------ B3 9 tháng 2022
    per9 = P("9 tháng năm 2022", "2022-01-01", "2022-09-30")
    perq = P("quý III-2022", "2022-07-01", "2022-09-30")
    slug = "9-thang-nam-2022-tiep-nhan-hon-48-ngan-ho-so-hanh-chinh-12102022-a106954"
    d = Doc(HOST, slug, "/" + slug + ".html",
            "9 tháng năm 2022: Tiếp nhận hơn 48 ngàn hồ sơ hành chính",
            "2022-10-12T10:05", "Bến Tre", author="H.Đức",
            notes="'ngàn' figures normalised (48,26 ngàn -> 48260). resolved % on received. Department figures are "
                  "received dossiers. Not labelled: delta 'tăng 1.310 hồ sơ so với quý II-2022', 'hơn 48 ngàn' in the "
                  "title (rounded).")
    recv, online, direct, postal = 48260, 19410, 28120, 730
    assert online + direct + postal == recv
    res = 46937
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh", per9)
    d.p(f"<strong>BDK.VN - Trong 9 tháng năm 2022, Trung tâm Phục vụ hành chính công tỉnh Bến Tre tiếp nhận "
        f"{d.ngan(recv, 'received_total')} hồ sơ các loại.</strong>")
    d.p(f"Trong đó, hồ sơ tiếp nhận trực tuyến {d.ngan(online, 'received_online')}, trực tiếp {d.ngan(direct, 'received_direct')}, "
        f"qua bưu chính công ích {d.n(postal, 'received_postal')} hồ sơ. Các cơ quan đã giải quyết {d.n(res, 'resolved')} "
        f"hồ sơ (đạt {d.pct(res, recv, 'resolved')}).")
    q = 17025
    d.p(f"Riêng quý III-2022, Trung tâm tiếp nhận {d.n(q, 'received_total', period=perq)} hồ sơ, tăng {d.n(1310)} hồ sơ so "
        f"với quý II-2022, chủ yếu do nhu cầu cấp đổi giấy phép lái xe và đăng ký doanh nghiệp tăng.")
    deps = [("Công an tỉnh", 12408), ("Sở Tư pháp", 6115), ("Sở Giao thông vận tải", 5862),
            ("Sở Lao động - Thương binh và Xã hội", 3307)]
    parts = ", ".join(f"{name} {d.n(v, 'received_total', scope='department', unit_name=name)} hồ sơ" for name, v in deps)
    d.p(f"Các cơ quan tiếp nhận nhiều hồ sơ trong 9 tháng gồm: {parts}. Các cơ quan còn lại tiếp nhận dưới 2.000 hồ "
        f"sơ mỗi đơn vị.")
    d.p("Thời gian tới, Trung tâm tiếp tục phối hợp Bưu điện tỉnh hỗ trợ người dân số hóa giấy tờ, nộp hồ sơ trực "
        "tuyến toàn trình.")
    d.related = ["b2", "b4"]
    out.append(d)

    # ------------------------------------------------------------------ B4 2023-03 CONTRADICTION
    per = P("Tháng 3-2023", "2023-03-01", "2023-03-31")
    slug = "thang-3-2023-trung-tam-phuc-vu-hanh-chinh-cong-tiep-nhan-7-412-ho-so-06042023-a115208"
    d = Doc(HOST, slug, "/" + slug + ".html",
            "Tháng 3-2023, Trung tâm Phục vụ hành chính công tiếp nhận 7.412 hồ sơ",
            "2023-04-06T07:50", "Bến Tre", author="T.Lam",
            contradiction="Title says 7.412 dossiers received; the body says 7.142 (and its parts 3.688 + 3.329 + 125 "
                          "sum to 7.142). The title figure is not labelled.",
            notes="CONTRADICTION (deliberate): title 7.412 vs body 7.142 received. Not labelled: 'Báo cáo số "
                  "58/BC-TTPVHCC' (document number), '1.735 thủ tục hành chính', hotline 0275 3 822 126.")
    recv, online, direct, postal, carried = 7142, 3688, 3329, 125, 1236
    early, ontime, late = 2904, 4067, 14
    res = early + ontime + late
    assert online + direct + postal == recv
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh", per)
    d.p(f"<strong>BDK.VN - Theo Báo cáo số 58/BC-TTPVHCC của Trung tâm Phục vụ hành chính công tỉnh Bến Tre, "
        f"tháng 3-2023, Trung tâm tiếp nhận {d.n(recv, 'received_total')} hồ sơ.</strong>")
    d.p(f"Số hồ sơ nộp trực tuyến là {d.n(online, 'received_online')} hồ sơ, chiếm {d.pct(online, recv, 'received_online')}, "
        f"lần đầu tiên vượt quá một nửa tổng số hồ sơ tiếp nhận; hồ sơ nộp trực tiếp {d.n(direct, 'received_direct')} và "
        f"qua bưu chính công ích {d.n(postal, 'received_postal')} hồ sơ. Số hồ sơ tồn kỳ trước chuyển sang là "
        f"{d.n(carried, 'carried_over')}.")
    d.p(f"Trung tâm đã giải quyết {d.n(res, 'resolved')} hồ sơ; trong đó trước hạn {d.n(early, 'resolved_early')} hồ sơ "
        f"(chiếm {d.pct(early, res, 'resolved_early')}), đúng hạn {d.n(ontime, 'resolved_on_time')} hồ sơ "
        f"(chiếm {d.pct(ontime, res, 'resolved_on_time')}), quá hạn {d.n(late, 'resolved_late')} hồ sơ. Số hồ sơ đang "
        f"giải quyết chuyển sang tháng 4 là {d.n(recv + carried - res, 'pending')}.")
    d.p("Trung tâm hiện giải quyết 1.735 thủ tục hành chính thuộc thẩm quyền của các sở, ngành. Người dân cần hỗ "
        "trợ có thể gọi đường dây nóng 0275 3 822 126 trong giờ hành chính.")
    d.related = ["b3", "b5"]
    out.append(d)

    # ------------------------------------------------------------------ B5 2023-10
    per = P("Tháng 10-2023", "2023-10-01", "2023-10-31")
    per10 = P("10 tháng năm 2023", "2023-01-01", "2023-10-31")
    slug = "hon-60-ho-so-nop-truc-tuyen-tai-trung-tam-phuc-vu-hanh-chinh-cong-07112023-a124391"
    d = Doc(HOST, slug, "/" + slug + ".html",
            "Hơn 60% hồ sơ nộp trực tuyến tại Trung tâm Phục vụ hành chính công",
            "2023-11-07T16:20", "Bến Tre", author="Minh Thư",
            notes="Online payments labelled online_payments (count of dossiers paid online). 10-month cumulative "
                  "figure labelled with its own period; '84% kế hoạch năm' is 'other'. Not labelled: 'tăng 7,4 điểm phần trăm' (delta), 'hơn 60%' "
                  "in the title (rounded).")
    recv, online, direct, postal, carried = 6815, 4102, 2598, 115, 1318
    early, ontime, late = 3377, 3311, 14
    res = early + ontime + late
    assert online + direct + postal == recv
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh", per)
    d.p(f"<strong>BDK.VN - Tháng 10-2023, Trung tâm Phục vụ hành chính công tỉnh Bến Tre tiếp nhận "
        f"{d.n(recv, 'received_total')} hồ sơ, trong đó có {d.n(online, 'received_online')} hồ sơ trực tuyến, chiếm "
        f"{d.pct(online, recv, 'received_online')}, tăng 7,4 điểm phần trăm so với tháng 10-2022.</strong>")
    d.p(f"Bên cạnh đó, Trung tâm tiếp nhận {d.n(direct, 'received_direct')} hồ sơ trực tiếp và {d.n(postal, 'received_postal')} "
        f"hồ sơ qua dịch vụ bưu chính công ích; tồn kỳ trước chuyển qua {d.n(carried, 'carried_over')} hồ sơ. Kết quả, "
        f"đã giải quyết {d.n(res, 'resolved')} hồ sơ, gồm {d.n(early, 'resolved_early')} hồ sơ trước hạn, "
        f"{d.n(ontime, 'resolved_on_time')} hồ sơ đúng hạn và {d.n(late, 'resolved_late')} hồ sơ trễ hạn; đang giải quyết "
        f"{d.n(recv + carried - res, 'pending')} hồ sơ.")
    pay = 1486
    d.p(f"Đáng chú ý, có {d.n(pay, 'online_payments')} hồ sơ được người dân thanh toán phí, lệ phí trực tuyến qua Cổng "
        f"Dịch vụ công quốc gia, chủ yếu thuộc lĩnh vực lý lịch tư pháp và đăng ký kinh doanh.")
    rt, vs, s, ds = 2214, 1873, 336, 5
    assert vs + s + ds == rt
    d.p(f"Trong tháng, có {d.n(rt, 'ratings_total')} lượt đánh giá mức độ hài lòng; rất hài lòng "
        f"{d.n(vs, 'ratings_very_satisfied')} lượt (chiếm {d.pct(vs, rt, 'ratings_very_satisfied')}), hài lòng "
        f"{d.n(s, 'ratings_satisfied')} lượt, không hài lòng {d.n(ds, 'ratings_dissatisfied', pad=2)} lượt.")
    cum = 67530
    d.p(f"Lũy kế 10 tháng năm 2023, Trung tâm tiếp nhận {d.n(cum, 'received_total', period=per10)} hồ sơ, bằng "
        f"{d.other(84.0, 'percent', text='84%', period=per10)} kế hoạch năm.")
    d.related = ["b4", "b6"]
    out.append(d)

    # ------------------------------------------------------------------ B6 2024-03 + index
    per = P("tháng 3-2024", "2024-03-01", "2024-03-31")
    slug = "ben-tre-cai-thien-thu-hang-bo-chi-so-phuc-vu-nguoi-dan-doanh-nghiep-05042024-a130512"
    r = index_row("2024-03", "Bến Tre")
    prev = index_row("2024-02", "Bến Tre")
    d = Doc(HOST, slug, "/" + slug + ".html",
            "Bến Tre cải thiện thứ hạng Bộ chỉ số phục vụ người dân, doanh nghiệp",
            "2024-04-05T08:30", "Bến Tre", author="H.Đức",
            notes="Index figures from the mirror's national index (period 2024-03, closing capture 2024-04-01); "
                  "group maxima after the slash (/20, /18) are not ranks. Not labelled: the rank change (delta), "
                  "'19/19 sở, ngành' (unit count).")
    recv, online, direct, postal, carried = 7936, 4985, 2841, 110, 1402
    early, ontime, late = 4233, 3561, 17
    res = early + ontime + late
    assert online + direct + postal == recv
    d.ctx("province_all", "tỉnh Bến Tre", per)
    d.p(f"<strong>BDK.VN - Theo kết quả Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh "
        f"nghiệp công bố trên Cổng Dịch vụ công quốc gia, tháng 3-2024, tỉnh Bến Tre đạt "
        f"{d.pts(float(r['TONG_SCORE']), 'index_total_score')}/100 điểm, xếp hạng {d.rank(int(r['ROW_STT']), r['_of'])} tỉnh, "
        f"thành phố, {rank_change(int(prev['ROW_STT']), int(r['ROW_STT']))}.</strong>")
    d.p(f"Trong đó, nhóm chỉ số tiến độ, kết quả giải quyết đạt "
        f"{d.pts(float(r['TDGQ']), 'index_group_score', unit_name='nhóm chỉ số tiến độ, kết quả giải quyết')}/20 điểm; "
        f"nhóm chỉ số mức độ hài lòng đạt "
        f"{d.pts(float(r['MDHL']), 'index_group_score', unit_name='nhóm chỉ số mức độ hài lòng')}/18 điểm. 19/19 sở, "
        f"ngành đã công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công của tỉnh.")
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh", per)
    d.p(f"Cũng trong tháng 3-2024, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận {d.n(recv, 'received_total')} hồ sơ "
        f"(trực tuyến {d.n(online, 'received_online')}, trực tiếp {d.n(direct, 'received_direct')}, bưu chính công ích "
        f"{d.n(postal, 'received_postal')}); kỳ trước chuyển sang {d.n(carried, 'carried_over')} hồ sơ. Đã giải quyết "
        f"{d.n(res, 'resolved')} hồ sơ, trong đó trước hạn {d.n(early, 'resolved_early')}, đúng hạn "
        f"{d.n(ontime, 'resolved_on_time')}, trễ hạn {d.n(late, 'resolved_late')} hồ sơ. Còn "
        f"{d.n(recv + carried - res, 'pending')} hồ sơ đang giải quyết.")
    d.related = ["b5", "b7"]
    out.append(d)

    # ------------------------------------------------------------------ B7 2025-01
    per = P("tháng 01-2025", "2025-01-01", "2025-01-31")
    slug = "gan-72-ho-so-nop-truc-tuyen-trong-thang-dau-nam-10022025-a141273"
    d = Doc(HOST, slug, "/" + slug + ".html",
            "Gần 72% hồ sơ nộp trực tuyến trong tháng đầu năm",
            "2025-02-10T14:05", "Bến Tre", author="T.Lam",
            notes="Whole-year 2024 figures labelled with their own period. Not labelled: 'tăng 1.250 hồ sơ so với "
                  "cùng kỳ' (delta), 'gần 72%' in the title (rounded), Tết holiday dates.")
    recv, online, direct, postal, carried = 8412, 6027, 2286, 99, 1286
    early, ontime, late = 5012, 3349, 16
    res = early + ontime + late
    assert online + direct + postal == recv
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh", per)
    d.p(f"<strong>BDK.VN - Trong tháng 01-2025, dù có nhiều ngày nghỉ Tết Nguyên đán Ất Tỵ (từ 25-1 đến 2-2-2025), "
        f"Trung tâm Phục vụ hành chính công tỉnh Bến Tre vẫn tiếp nhận {d.n(recv, 'received_total')} hồ sơ, tăng "
        f"{d.n(1250)} hồ sơ so với cùng kỳ.</strong>")
    d.p(f"Số hồ sơ nộp trực tuyến là {d.n(online, 'received_online')}, chiếm {d.pct(online, recv, 'received_online')}; "
        f"trực tiếp {d.n(direct, 'received_direct')} hồ sơ; qua bưu chính công ích {d.n(postal, 'received_postal')} "
        f"hồ sơ. Tồn kỳ trước chuyển sang {d.n(carried, 'carried_over')} hồ sơ.")
    d.p(f"Trung tâm đã trả kết quả {d.n(res, 'resolved')} hồ sơ: trước hạn {d.n(early, 'resolved_early')} hồ sơ "
        f"({d.pct(early, res, 'resolved_early')}), đúng hạn {d.n(ontime, 'resolved_on_time')} hồ sơ "
        f"({d.pct(ontime, res, 'resolved_on_time')}), trễ hạn {d.n(late, 'resolved_late')} hồ sơ "
        f"({d.pct(late, res, 'resolved_late')}). Đang giải quyết {d.n(recv + carried - res, 'pending')} hồ sơ.")
    rt, vs, s, ds = 2611, 2304, 301, 6
    assert vs + s + ds == rt
    d.p(f"Người dân, doanh nghiệp gửi {d.n(rt, 'ratings_total')} lượt đánh giá, trong đó rất hài lòng "
        f"{d.n(vs, 'ratings_very_satisfied')} lượt, hài lòng {d.n(s, 'ratings_satisfied')} lượt và "
        f"{d.n(ds, 'ratings_dissatisfied', pad=2)} lượt không hài lòng.")
    year = P("Năm 2024", "2024-01-01", "2024-12-31")
    yr, yo = 91384, 58906
    d.p(f"{year[0]}, Trung tâm đã tiếp nhận {d.n(yr, 'received_total', period=year)} hồ sơ, trong đó trực tuyến "
        f"{d.n(yo, 'received_online', period=year)} hồ sơ (chiếm {d.pct(yo, yr, 'received_online', period=year)}).")
    d.related = ["b6", "b8"]
    out.append(d)

    # ------------------------------------------------------------------ B8 2025-07 (Vĩnh Long)
    per = P("tháng 7-2025", "2025-07-01", "2025-07-31")
    slug = "thang-dau-van-hanh-trung-tam-phuc-vu-hanh-chinh-cong-tinh-vinh-long-moi-06082025-a149306"
    d = Doc(HOST, slug, "/" + slug + ".html",
            "Tháng đầu vận hành Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long mới",
            "2025-08-06T09:45", "Vĩnh Long", author="Minh Thư",
            notes="After the 1/7/2025 merger (Bến Tre, Trà Vinh, Vĩnh Long -> Vĩnh Long). Commune level: only a "
                  "percentage and the received count. Not labelled: '124 xã, phường' (unit count), '2.184 thủ tục "
                  "hành chính', 'ba cơ sở'.")
    recv, online, direct, postal = 21364, 16118, 5037, 209
    early, ontime, late = 13452, 6391, 27
    res = early + ontime + late
    assert online + direct + postal == recv
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long", per)
    d.p("<strong>BDK.VN - Sau một tháng sắp xếp tổ chức bộ máy theo mô hình chính quyền địa phương hai cấp, Trung tâm "
        "Phục vụ hành chính công tỉnh Vĩnh Long (mới) hoạt động ổn định tại ba cơ sở ở phường An Hội, phường Long "
        "Châu và phường Trà Vinh.</strong>")
    d.p(f"Trong tháng 7-2025, Trung tâm tiếp nhận {d.n(recv, 'received_total')} hồ sơ của tổ chức, cá nhân; trong đó "
        f"{d.n(online, 'received_online')} hồ sơ trực tuyến (chiếm {d.pct(online, recv, 'received_online')}), "
        f"{d.n(direct, 'received_direct')} hồ sơ trực tiếp và {d.n(postal, 'received_postal')} hồ sơ qua bưu chính công "
        f"ích. Trung tâm đã giải quyết {d.n(res, 'resolved')} hồ sơ, gồm trước hạn {d.n(early, 'resolved_early')}, đúng "
        f"hạn {d.n(ontime, 'resolved_on_time')} và trễ hạn {d.n(late, 'resolved_late')} hồ sơ; đang giải quyết "
        f"{d.n(recv - res, 'pending')} hồ sơ.")
    cx = 58240
    d.ctx("district_commune", "Trung tâm phục vụ hành chính công cấp xã", per)
    d.p(f"Ở cấp xã, Trung tâm phục vụ hành chính công của 124 xã, phường tiếp nhận {d.n(cx, 'received_total')} hồ sơ; tỷ "
        f"lệ giải quyết đúng và trước hạn đạt {d.pctv(98.91, 'resolved_early_or_on_time')}. Toàn tỉnh hiện cung cấp "
        f"2.184 thủ tục hành chính trên Cổng Dịch vụ công.")
    d.related = ["b7", "b6"]
    out.append(d)

    # ------------------------------------------------------------------ draft (robots.txt)
    per = P("Tháng 11-2025", "2025-11-01", "2025-11-30")
    slug = "trung-tam-phuc-vu-hanh-chinh-cong-tinh-vinh-long-ket-qua-tiep-nhan-ho-so-thang-11-2025-05122025-a151420"
    d = Doc(HOST, slug, "/ban-nhap/" + slug + ".html",
            "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long: kết quả tiếp nhận hồ sơ tháng 11-2025",
            "2025-12-05T11:00", "Vĩnh Long", draft=True, author="(bản nháp)",
            notes="DRAFT behind robots.txt (Disallow: /ban-nhap/). Linked from the listing; a polite crawler never "
                  "fetches it, so none of these figures may appear in the store.")
    recv, online, direct, postal = 22687, 17912, 4590, 185
    early, ontime, late = 14803, 6902, 31
    res = early + ontime + late
    d.ctx("provincial_center", "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long", per)
    d.p(f"<strong>BDK.VN - (BẢN NHÁP, CHƯA DUYỆT) Tháng 11-2025, Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long tiếp "
        f"nhận {d.n(recv, 'received_total')} hồ sơ.</strong>")
    d.p(f"Trong đó trực tuyến {d.n(online, 'received_online')} hồ sơ, trực tiếp {d.n(direct, 'received_direct')} hồ sơ, "
        f"bưu chính công ích {d.n(postal, 'received_postal')} hồ sơ. Đã giải quyết {d.n(res, 'resolved')} hồ sơ: trước "
        f"hạn {d.n(early, 'resolved_early')}, đúng hạn {d.n(ontime, 'resolved_on_time')}, trễ hạn "
        f"{d.n(late, 'resolved_late')} hồ sơ.")
    d.related = []
    out.append(d)
    return out


# Unrelated news (titles do not match the bulletin pattern).
OTHERS = [
    ("khoi-cong-nang-cap-duong-dt-885-doan-qua-huyen-giong-trom-14122021-a94102", "2021-12-14T10:20",
     "Khởi công nâng cấp đường ĐT.885 đoạn qua huyện Giồng Trôm", "kinh-te",
     ["Sáng 14-12, Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh khởi công nâng cấp đường ĐT.885 "
      "đoạn qua huyện Giồng Trôm, dài 12,4 km, tổng mức đầu tư 486 tỷ đồng.",
      "Trong thời gian thi công, các phương tiện có tải trọng trên 10 tấn được hướng dẫn đi theo Quốc lộ 57C. Dự kiến "
      "công trình hoàn thành sau 24 tháng."]),
    ("phan-luong-giao-thong-phuc-vu-thi-cong-cau-rach-mieu-2-22082022-a104870", "2022-08-22T16:00",
     "Phân luồng giao thông phục vụ thi công cầu Rạch Miễu 2", "thoi-su",
     ["Từ ngày 25-8-2022, Sở Giao thông vận tải phân luồng giao thông trên Quốc lộ 60 đoạn từ Km 0+500 đến Km 2+100 "
      "để phục vụ thi công trụ cầu Rạch Miễu 2.",
      "Xe ô tô trên 16 chỗ và xe tải trên 5 tấn đi theo tuyến tránh; các phương tiện còn lại lưu thông bình thường "
      "trong khung giờ từ 5 giờ đến 22 giờ."]),
    ("chuan-bi-le-hoi-dua-nam-2023-20032023-a114480", "2023-03-20T09:00",
     "Chuẩn bị Lễ hội Dừa năm 2023", "van-hoa",
     ["Ban tổ chức Lễ hội Dừa năm 2023 dự kiến đón khoảng 30.000 lượt khách trong 5 ngày diễn ra lễ hội, với 120 gian "
      "hàng giới thiệu sản phẩm từ dừa.",
      "Lễ hội gồm các hoạt động hội chợ, thi ẩm thực, trình diễn thời trang từ chất liệu dừa và đêm nghệ thuật đờn ca "
      "tài tử."]),
    ("xam-nhap-man-dau-mua-kho-khuyen-cao-tru-nuoc-ngot-08012024-a128811", "2024-01-08T07:30",
     "Xâm nhập mặn đầu mùa khô: khuyến cáo trữ nước ngọt", "thoi-su",
     ["Theo dự báo, độ mặn 4‰ có thể vào sâu 55 - 60 km trên các cửa sông chính trong tháng 2-2024.",
      "Ngành nông nghiệp khuyến cáo nông dân chủ động trữ nước ngọt, theo dõi bản tin mặn trước khi lấy nước tưới "
      "cho vườn cây ăn trái."]),
    ("gia-dua-kho-tang-tro-lai-nong-dan-phan-khoi-16052024-a131976", "2024-05-16T15:10",
     "Giá dừa khô tăng trở lại, nông dân phấn khởi", "kinh-te",
     ["Giá dừa khô tại vườn dao động 95.000 - 110.000 đồng/chục (12 trái), tăng khoảng 20.000 đồng so với đầu năm.",
      "Các doanh nghiệp chế biến cho biết đơn hàng xuất khẩu cơm dừa và thạch dừa tăng mạnh từ tháng 4."]),
    ("giai-viet-da-bao-dong-khoi-mo-rong-nam-2025-18032025-a142650", "2025-03-18T06:45",
     "Giải việt dã Báo Đồng Khởi mở rộng năm 2025", "van-hoa",
     ["Hơn 1.500 vận động viên tham gia giải việt dã năm 2025, tranh tài ở các cự ly 5 km, 10 km và 21 km.",
      "Giải do Báo Đồng Khởi phối hợp Sở Văn hóa, Thể thao và Du lịch tổ chức, tổng giá trị giải thưởng 150 triệu "
      "đồng."]),
    ("van-hanh-thu-nghiem-ben-xe-khach-trung-tam-phuong-an-hoi-20102025-a150744", "2025-10-20T10:30",
     "Vận hành thử nghiệm bến xe khách trung tâm phường An Hội", "thoi-su",
     ["Từ ngày 20-10-2025, bến xe khách trung tâm phường An Hội vận hành thử nghiệm với 48 tuyến liên tỉnh.",
      "Bến xe có diện tích 3,2 ha, đáp ứng khoảng 600 lượt xe xuất bến mỗi ngày."]),
]
