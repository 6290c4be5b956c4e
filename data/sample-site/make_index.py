#!/usr/bin/env python3
"""Write the offline mirror of dichvucong.gov.vn's index gateway (SAMPLE DATA).

Deterministic (fixed seed, Python 3.11 standard library only). Run from anywhere:

    python3 data/sample-site/make_index.py

It (re)writes data/sample-site/dichvucong.gov.vn/rest/report_tinh_766_service/
    <PERIOD>/<CAPTURE_DATE>/national.json          one row per province
    <PERIOD>/<CAPTURE_DATE>/units/<ID>.json        drill-down of one province
where PERIOD is YYYY-MM (month), YYYY-Qn (quarter), YYYY-Hn (half-year) or YYYY
(whole year). Each file is what POST /jsp/rest.jsp (service report_tinh_766_service)
would return for all pages together: a bare JSON array of objects whose values
are all strings. The mirror's HTTP server does the paging.

It also writes data/sample-site/dichvucong.gov.vn/rest/report_xuhuongdiem_chiso_service/
    groups/<YYYY-MM>.json                          the groups in force from that month
(CODE, DESCRIPTION, MAX_SCORE per group). The mirror answers the breakdown service
for one unit (p_tinh_id, p_xa_id) from these and the same capture's ranking row of the
unit: SCORE is the row's column CODE, TB_SCORE is SCORE / MAX_SCORE in percent.

All values are invented EXCEPT the published figures listed in PINS below
(shared/sources/dichvucong.md, "Published figures"), which appear exactly.
"""
from __future__ import annotations

import json
import math
import os
import random
import shutil
import sys
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "dichvucong.gov.vn", "rest", "report_tinh_766_service")
OUT_GROUPS = os.path.join(HERE, "dichvucong.gov.vn", "rest", "report_xuhuongdiem_chiso_service", "groups")
SEED = 766_2022

# ----------------------------------------------------------------------------
# Provinces. (code, canonical name, TEN as the index writes it)
# TEN prefixes vary on purpose: "Tỉnh X", "Thành phố X", "TP. X", bare "X".
P63 = [
    ("01", "Hà Nội", "Thành phố Hà Nội"), ("02", "Hà Giang", "Tỉnh Hà Giang"),
    ("04", "Cao Bằng", "Tỉnh Cao Bằng"), ("06", "Bắc Kạn", "Tỉnh Bắc Kạn"),
    ("08", "Tuyên Quang", "Tỉnh Tuyên Quang"), ("10", "Lào Cai", "Tỉnh Lào Cai"),
    ("11", "Điện Biên", "Tỉnh Điện Biên"), ("12", "Lai Châu", "Tỉnh Lai Châu"),
    ("14", "Sơn La", "Tỉnh Sơn La"), ("15", "Yên Bái", "Tỉnh Yên Bái"),
    ("17", "Hòa Bình", "Tỉnh Hoà Bình"), ("19", "Thái Nguyên", "Tỉnh Thái Nguyên"),
    ("20", "Lạng Sơn", "Tỉnh Lạng Sơn"), ("22", "Quảng Ninh", "Tỉnh Quảng Ninh"),
    ("24", "Bắc Giang", "Tỉnh Bắc Giang"), ("25", "Phú Thọ", "Tỉnh Phú Thọ"),
    ("26", "Vĩnh Phúc", "Tỉnh Vĩnh Phúc"), ("27", "Bắc Ninh", "Tỉnh Bắc Ninh"),
    ("30", "Hải Dương", "Tỉnh Hải Dương"), ("31", "Hải Phòng", "Thành phố Hải Phòng"),
    ("33", "Hưng Yên", "Tỉnh Hưng Yên"), ("34", "Thái Bình", "Tỉnh Thái Bình"),
    ("35", "Hà Nam", "Tỉnh Hà Nam"), ("36", "Nam Định", "Tỉnh Nam Định"),
    ("37", "Ninh Bình", "Tỉnh Ninh Bình"), ("38", "Thanh Hóa", "Tỉnh Thanh Hoá"),
    ("40", "Nghệ An", "Tỉnh Nghệ An"), ("42", "Hà Tĩnh", "Tỉnh Hà Tĩnh"),
    ("44", "Quảng Bình", "Tỉnh Quảng Bình"), ("45", "Quảng Trị", "Tỉnh Quảng Trị"),
    ("46", "Thừa Thiên Huế", "Thừa Thiên Huế"), ("48", "Đà Nẵng", "Thành phố Đà Nẵng"),
    ("49", "Quảng Nam", "Tỉnh Quảng Nam"), ("51", "Quảng Ngãi", "Tỉnh Quảng Ngãi"),
    ("52", "Bình Định", "Tỉnh Bình Định"), ("54", "Phú Yên", "Tỉnh Phú Yên"),
    ("56", "Khánh Hòa", "Tỉnh Khánh Hoà"), ("58", "Ninh Thuận", "Tỉnh Ninh Thuận"),
    ("60", "Bình Thuận", "Tỉnh Bình Thuận"), ("62", "Kon Tum", "Tỉnh Kon Tum"),
    ("64", "Gia Lai", "Tỉnh Gia Lai"), ("66", "Đắk Lắk", "Tỉnh Đắk Lắk"),
    ("67", "Đắk Nông", "Tỉnh Đắk Nông"), ("68", "Lâm Đồng", "Tỉnh Lâm Đồng"),
    ("70", "Bình Phước", "Tỉnh Bình Phước"), ("72", "Tây Ninh", "Tỉnh Tây Ninh"),
    ("74", "Bình Dương", "Bình Dương"), ("75", "Đồng Nai", "Tỉnh Đồng Nai"),
    ("77", "Bà Rịa - Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu"), ("79", "Hồ Chí Minh", "TP. Hồ Chí Minh"),
    ("80", "Long An", "Tỉnh Long An"), ("82", "Tiền Giang", "Tỉnh Tiền Giang"),
    ("83", "Bến Tre", "Tỉnh Bến Tre"), ("84", "Trà Vinh", "Tỉnh Trà Vinh"),
    ("86", "Vĩnh Long", "Tỉnh Vĩnh Long"), ("87", "Đồng Tháp", "Tỉnh Đồng Tháp"),
    ("89", "An Giang", "Tỉnh An Giang"), ("91", "Kiên Giang", "Tỉnh Kiên Giang"),
    ("92", "Cần Thơ", "Thành phố Cần Thơ"), ("93", "Hậu Giang", "Tỉnh Hậu Giang"),
    ("94", "Sóc Trăng", "Tỉnh Sóc Trăng"), ("95", "Bạc Liêu", "Tỉnh Bạc Liêu"),
    ("96", "Cà Mau", "Tỉnh Cà Mau"),
]

# (code, name, TEN, old codes it was formed from; the first is the "anchor")
P34 = [
    ("01", "Hà Nội", "Thành phố Hà Nội", ["01"]), ("04", "Cao Bằng", "Tỉnh Cao Bằng", ["04"]),
    ("08", "Tuyên Quang", "Tỉnh Tuyên Quang", ["08", "02"]), ("11", "Điện Biên", "Tỉnh Điện Biên", ["11"]),
    ("12", "Lai Châu", "Tỉnh Lai Châu", ["12"]), ("14", "Sơn La", "Tỉnh Sơn La", ["14"]),
    ("15", "Lào Cai", "Tỉnh Lào Cai", ["10", "15"]), ("19", "Thái Nguyên", "Tỉnh Thái Nguyên", ["19", "06"]),
    ("20", "Lạng Sơn", "Tỉnh Lạng Sơn", ["20"]), ("22", "Quảng Ninh", "Tỉnh Quảng Ninh", ["22"]),
    ("24", "Bắc Ninh", "Tỉnh Bắc Ninh", ["27", "24"]), ("25", "Phú Thọ", "Tỉnh Phú Thọ", ["25", "26", "17"]),
    ("31", "Hải Phòng", "Thành phố Hải Phòng", ["31", "30"]), ("33", "Hưng Yên", "Tỉnh Hưng Yên", ["33", "34"]),
    ("37", "Ninh Bình", "Tỉnh Ninh Bình", ["37", "35", "36"]), ("38", "Thanh Hóa", "Tỉnh Thanh Hóa", ["38"]),
    ("40", "Nghệ An", "Tỉnh Nghệ An", ["40"]), ("42", "Hà Tĩnh", "Tỉnh Hà Tĩnh", ["42"]),
    ("44", "Quảng Trị", "Tỉnh Quảng Trị", ["45", "44"]), ("46", "Huế", "Thành phố Huế", ["46"]),
    ("48", "Đà Nẵng", "Thành phố Đà Nẵng", ["48", "49"]), ("51", "Quảng Ngãi", "Tỉnh Quảng Ngãi", ["51", "62"]),
    ("52", "Gia Lai", "Tỉnh Gia Lai", ["64", "52"]), ("56", "Khánh Hòa", "Tỉnh Khánh Hòa", ["56", "58"]),
    ("66", "Đắk Lắk", "Tỉnh Đắk Lắk", ["66", "54"]), ("68", "Lâm Đồng", "Tỉnh Lâm Đồng", ["68", "67", "60"]),
    ("75", "Đồng Nai", "Tỉnh Đồng Nai", ["75", "70"]), ("79", "Hồ Chí Minh", "TP. Hồ Chí Minh", ["79", "74", "77"]),
    ("80", "Tây Ninh", "Tỉnh Tây Ninh", ["72", "80"]), ("82", "Đồng Tháp", "Tỉnh Đồng Tháp", ["87", "82"]),
    ("86", "Vĩnh Long", "Tỉnh Vĩnh Long", ["86", "83", "84"]), ("91", "An Giang", "Tỉnh An Giang", ["89", "91"]),
    ("92", "Cần Thơ", "Thành phố Cần Thơ", ["92", "94", "93"]), ("96", "Cà Mau", "Tỉnh Cà Mau", ["96", "95"]),
]
# Post-merger provinces that keep an old province's ID (the anchor's). The 11
# unchanged provinces keep theirs too; the other merged provinces get new IDs.
KEEP_ID = {"19": "19", "91": "89", "48": "48"}
FIXED_ID63 = {"89": "398126"}  # An Giang, as in dichvucong.md; kept after the merger

GROUPS6 = [("CKMB", 18.0), ("TDGQ", 20.0), ("TTTT", 12.0), ("CLGQ", 10.0), ("MDHL", 18.0), ("MDSH", 22.0)]
GROUPS5 = [("CKMB", 18.0), ("TDGQ", 20.0), ("TTTT", 22.0), ("MDHL", 18.0), ("MDSH", 22.0)]
# The breakdown service's names of the groups (Decision 766), per layout.
DESCRIPTIONS = {"CKMB": "Công khai, minh bạch", "TDGQ": "Tiến độ, kết quả giải quyết",
                "MDHL": "Mức độ hài lòng", "MDSH": "Mức độ số hóa hồ sơ"}
DESCRIPTIONS6 = dict(DESCRIPTIONS, TTTT="Dịch vụ công trực tuyến", CLGQ="Thanh toán trực tuyến")
DESCRIPTIONS5 = dict(DESCRIPTIONS, TTTT="Cung cấp dịch vụ trực tuyến")
# The month each layout starts (the six columns from the start of scoring, 2022-08).
LAYOUTS = [("2022-08", GROUPS6, DESCRIPTIONS6), ("2025-07", GROUPS5, DESCRIPTIONS5)]
# typical strength of each group relative to the total (fraction of max minus total/100)
GROUP_BIAS = {"CKMB": 0.02, "TDGQ": 0.16, "TTTT": -0.12, "CLGQ": -0.08, "MDHL": 0.14, "MDSH": -0.14}

# ----------------------------------------------------------------------------
# Published figures (shared/sources/dichvucong.md). period -> capture -> pins.
# A pin: province code (era of that period), total, rank, optional groups.
PINS = {
    "2023-05": {
        "2023-05-31": [("89", 69.63, 13, None)],
        "2023-06-01": [("89", 69.63, 13, None)],
    },
    "2024-04": {
        # "April 2024 (1–25/4)": the reading of 25/4 and the closing one both hold it
        "2024-04-25": [("06", 75.35, 17, {"MDHL": 18.0})],
        "2024-05-01": [("06", 75.35, 17, {"MDHL": 18.0})],
    },
    "2024": {
        "2024-01-22": [("74", 83.47, 1, None)],
        "2024-08-19": [("49", 80.1, 21, {"CKMB": 13.2, "TDGQ": 18.4, "TTTT": 7.7, "CLGQ": 7.6,
                                         "MDHL": 17.6, "MDSH": 15.6})],
    },
    "2025": {
        "2025-07-25": [("44", 77.65, 2, {"CKMB": 15.4, "TDGQ": 19.35, "TTTT": 9.03, "MDHL": 17.82,
                                         "MDSH": 16.05})],
        "2025-08-28": [("75", 85.75, 3, None)],
        "2025-08-29": [("19", 86.97, 1, {"CKMB": 15.67, "TDGQ": 19.31, "TTTT": 17.49, "MDHL": 17.86,
                                         "MDSH": 16.64}),
                       ("44", 86.56, 2, None), ("38", 86.51, 3, None),
                       ("75", 86.13, 4, None), ("42", 84.85, 5, None)],
    },
}

# Captures made from a neighbouring capture of the same period (period -> {capture: source}).
DERIVED = {"2025": {"2025-08-28": "2025-08-29"}}

# Provinces with drill-down files in every monthly period (the mirrored sites).
DRILL63 = ["83", "26", "20", "46"]       # Bến Tre, Vĩnh Phúc, Lạng Sơn, Thừa Thiên Huế
DRILL34 = ["86", "25", "20", "46"]       # Vĩnh Long, Phú Thọ, Lạng Sơn, Huế

# ----------------------------------------------------------------------------
# Drill-down units. Departments changed on 1/3/2025 (the 2025 restructuring).
DEPTS_OLD = [
    "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương",
    "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Lao động - Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Ngoại vụ",
    "Ban Quản lý các khu công nghiệp", "Thanh tra tỉnh", "Ban Dân tộc",
]
DEPTS_NEW = [
    "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Công Thương", "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo",
    "Ban Quản lý các khu công nghiệp", "Thanh tra tỉnh",
]
DISTRICTS = {
    "83": ["UBND thành phố Bến Tre", "UBND huyện Ba Tri", "UBND huyện Bình Đại", "UBND huyện Châu Thành",
           "UBND huyện Chợ Lách", "UBND huyện Giồng Trôm", "UBND huyện Mỏ Cày Bắc",
           "UBND huyện Mỏ Cày Nam", "UBND huyện Thạnh Phú"],
    "26": ["UBND thành phố Vĩnh Yên", "UBND thành phố Phúc Yên", "UBND huyện Bình Xuyên",
           "UBND huyện Lập Thạch", "UBND huyện Sông Lô", "UBND huyện Tam Dương", "UBND huyện Tam Đảo",
           "UBND huyện Vĩnh Tường", "UBND huyện Yên Lạc"],
    "20": ["UBND thành phố Lạng Sơn", "UBND huyện Bắc Sơn", "UBND huyện Bình Gia", "UBND huyện Cao Lộc",
           "UBND huyện Chi Lăng", "UBND huyện Đình Lập", "UBND huyện Hữu Lũng", "UBND huyện Lộc Bình",
           "UBND huyện Tràng Định", "UBND huyện Văn Lãng", "UBND huyện Văn Quan"],
    "46": ["UBND thành phố Huế", "UBND thị xã Hương Thủy", "UBND thị xã Hương Trà", "UBND huyện A Lưới",
           "UBND huyện Nam Đông", "UBND huyện Phong Điền", "UBND huyện Phú Lộc", "UBND huyện Phú Vang",
           "UBND huyện Quảng Điền"],
}
# 2025 commune-level units (a partial, sample list per province).
COMMUNES_H1_2025 = {
    "83": ["Phường An Hội", "Phường Phú Khương", "Phường Phú Tân", "Phường 7", "Thị trấn Châu Thành",
           "Xã Tân Thạch", "Xã Quới Sơn", "Thị trấn Chợ Lách", "Xã Sơn Định", "Xã Vĩnh Thành",
           "Thị trấn Mỏ Cày", "Xã An Thạnh", "Thị trấn Giồng Trôm", "Xã Lương Hòa", "Thị trấn Ba Tri",
           "Xã An Thủy", "Xã Tân Xuân", "Thị trấn Bình Đại", "Xã Thới Lai", "Thị trấn Thạnh Phú"],
    "26": ["Phường Liên Bảo", "Phường Tích Sơn", "Phường Đồng Tâm", "Phường Khai Quang", "Phường Hùng Vương",
           "Phường Trưng Trắc", "Thị trấn Hương Canh", "Thị trấn Thanh Lãng", "Thị trấn Lập Thạch",
           "Xã Sơn Đông", "Thị trấn Tam Sơn", "Thị trấn Hợp Hòa", "Thị trấn Đại Đình",
           "Thị trấn Vĩnh Tường", "Thị trấn Thổ Tang", "Thị trấn Yên Lạc", "Xã Tề Lỗ"],
    "20": ["Phường Chi Lăng", "Phường Hoàng Văn Thụ", "Phường Tam Thanh", "Phường Vĩnh Trại",
           "Phường Đông Kinh", "Thị trấn Cao Lộc", "Thị trấn Đồng Đăng", "Thị trấn Hữu Lũng",
           "Thị trấn Bắc Sơn", "Thị trấn Bình Gia", "Thị trấn Đồng Mỏ", "Thị trấn Na Sầm",
           "Thị trấn Văn Quan", "Thị trấn Thất Khê", "Thị trấn Lộc Bình", "Thị trấn Đình Lập",
           "Xã Mai Pha", "Xã Tân Thành"],
    "46": ["Phường Vỹ Dạ", "Phường Phú Hội", "Phường An Cựu", "Phường Xuân Phú", "Phường Kim Long",
           "Phường Đông Ba", "Phường Tây Lộc", "Phường Hương Sơ", "Phường Phú Bài", "Phường Thủy Dương",
           "Phường Tứ Hạ", "Thị trấn Phú Đa", "Thị trấn Sịa", "Thị trấn A Lưới", "Thị trấn Khe Tre",
           "Thị trấn Phú Lộc", "Xã Lộc Điền", "Xã Vinh Hưng"],
}
COMMUNES_34 = {
    "86": ["Phường An Hội", "Phường Phú Khương", "Phường Bến Tre", "Phường Sơn Đông", "Phường Long Châu",
           "Phường Phước Hậu", "Phường Tân Hạnh", "Phường Thanh Đức", "Phường Bình Minh", "Phường Cái Vồn",
           "Phường Trà Vinh", "Phường Nguyệt Hóa", "Phường Long Đức", "Phường Duyên Hải", "Xã Ba Tri",
           "Xã Bình Đại", "Xã Chợ Lách", "Xã Mỏ Cày", "Xã Giồng Trôm", "Xã Thạnh Phú", "Xã Châu Thành",
           "Xã Cầu Kè", "Xã Tiểu Cần", "Xã Trà Ôn", "Xã Vũng Liêm", "Xã Mang Thít", "Xã Long Hồ"],
    "25": ["Phường Việt Trì", "Phường Nông Trang", "Phường Thanh Miếu", "Phường Vân Phú", "Phường Phú Thọ",
           "Phường Phong Châu", "Phường Vĩnh Phúc", "Phường Vĩnh Yên", "Phường Phúc Yên", "Phường Xuân Hòa",
           "Phường Hòa Bình", "Phường Kỳ Sơn", "Xã Lập Thạch", "Xã Tam Dương", "Xã Tam Đảo",
           "Xã Vĩnh Tường", "Xã Yên Lạc", "Xã Bình Xuyên", "Xã Sông Lô", "Xã Lâm Thao", "Xã Thanh Ba",
           "Xã Cẩm Khê", "Xã Tân Sơn", "Xã Mai Châu", "Xã Lạc Sơn"],
    "20": ["Phường Lương Văn Tri", "Phường Tam Thanh", "Phường Đông Kinh", "Phường Kỳ Lừa", "Xã Đồng Đăng",
           "Xã Cao Lộc", "Xã Hữu Lũng", "Xã Chi Lăng", "Xã Bắc Sơn", "Xã Bình Gia", "Xã Văn Quan",
           "Xã Tràng Định", "Xã Thất Khê", "Xã Lộc Bình", "Xã Na Sầm", "Xã Đình Lập", "Xã Văn Lãng",
           "Xã Mẫu Sơn", "Xã Bằng Mạc", "Xã Quan Sơn"],
    "46": ["Phường Thuận Hóa", "Phường Phú Xuân", "Phường Kim Long", "Phường Vỹ Dạ", "Phường An Cựu",
           "Phường Thủy Xuân", "Phường Hương An", "Phường Hóa Châu", "Phường Dương Nỗ", "Phường Mỹ Thượng",
           "Phường Thuận An", "Phường Hương Thủy", "Phường Phú Bài", "Phường Thanh Thủy", "Phường Hương Trà",
           "Phường Kim Trà", "Phường Phong Điền", "Phường Phong Thái", "Xã Phú Vang", "Xã Phú Vinh",
           "Xã Phú Hồ", "Xã Quảng Điền", "Xã Đan Điền", "Xã Phú Lộc", "Xã Lộc An", "Xã Vinh Lộc",
           "Xã Khe Tre", "Xã Nam Đông", "Xã A Lưới 1"],
}

# ----------------------------------------------------------------------------
# Periods


def months():
    out = []
    for y in (2023, 2024, 2025):
        for m in range(1, 13):
            out.append((y, m))
    return out


MONTHS = months()                 # 36 months, index t = 0..35
MERGE_T = MONTHS.index((2025, 7))  # first month of the 34-province era


def month_key(y, m):
    return f"{y:04d}-{m:02d}"


def last_day(y, m):
    return (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))


def capture_after(end: date, kind: str) -> str:
    if end == date(2025, 12, 31) and kind == "month":
        # Only December 2025 is read on 2026-01-05 (as asked); other periods ending
        # 31/12/2025 (Q4, H2, year) are read the day after they end.
        return "2026-01-05"
    return (end + timedelta(days=1)).isoformat()


def periods():
    """(key, [month indices], end date, era) for every period published."""
    out = []
    for t, (y, m) in enumerate(MONTHS):
        out.append((month_key(y, m), [t], last_day(y, m), "34" if t >= MERGE_T else "63", "month"))
    for y in (2023, 2024, 2025):
        for q in range(1, 5):
            ts = [MONTHS.index((y, m)) for m in range(3 * q - 2, 3 * q + 1)]
            era = "34" if ts[0] >= MERGE_T else "63"
            out.append((f"{y}-Q{q}", ts, last_day(y, 3 * q), era, "quarter"))
        for h in (1, 2):
            ts = [MONTHS.index((y, m)) for m in range(6 * h - 5, 6 * h + 1)]
            era = "34" if ts[0] >= MERGE_T else "63"
            out.append((f"{y}-H{h}", ts, last_day(y, 6 * h), era, "half"))
        ts = [MONTHS.index((y, m)) for m in range(1, 13)]
        out.append((f"{y}", ts, date(y, 12, 31), "34" if y == 2025 else "63", "year"))
    return out


# ----------------------------------------------------------------------------
# Numbers


def soft(v: float) -> float:
    """Keep totals inside 55..95 without piling them up on the bounds."""
    if v < 60.0:
        v = 60.0 - 5.0 * (1.0 - math.exp(-(60.0 - v) / 5.0))
    elif v > 90.0:
        v = 90.0 + 5.0 * (1.0 - math.exp(-(v - 90.0) / 5.0))
    return v


def r2(x: float) -> float:
    return math.floor(x * 100 + 0.5) / 100


def fmt(x: float) -> str:
    """Like the gateway: '75.35', '80.1', '18' (no trailing zeros)."""
    s = f"{r2(x):.2f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def split_groups(total: float, profile: dict, cols, rng: random.Random, fixed=None) -> dict:
    """Group scores (2 decimals) that sum exactly to `total` (2 decimals), each within 0..max."""
    fixed = dict(fixed or {})
    total = r2(total)
    maxes = dict(cols)
    free = [g for g, _ in cols if g not in fixed]
    target = r2(total - sum(fixed.values()))
    cap = sum(maxes[g] for g in free)
    if target < 0 or target > cap + 1e-9:
        raise ValueError(f"cannot split {total} with {fixed}")
    base = total / 100.0
    raw = {}
    for g in free:
        bias = GROUP_BIAS["TTTT"] * 0.6 + GROUP_BIAS["CLGQ"] * 0.4 if (g == "TTTT" and maxes[g] == 22.0) else GROUP_BIAS[g]
        f = base + bias + profile.get(g, 0.0) + rng.gauss(0, 0.025)
        raw[g] = max(0.12, min(0.995, f)) * maxes[g]
    # scale to the target, respecting the maxima
    for _ in range(50):
        s = sum(raw.values())
        if abs(s - target) < 1e-9:
            break
        open_ = [g for g in free if (raw[g] < maxes[g] - 1e-9) or s > target]
        if not open_:
            break
        so = sum(raw[g] for g in open_)
        k = (target - (s - so)) / so if so else 1.0
        for g in open_:
            raw[g] = min(maxes[g], max(0.0, raw[g] * k))
    out = {g: r2(raw[g]) for g in free}
    diff = r2(target - sum(out.values()))
    # put the rounding remainder where there is room
    order = sorted(free, key=lambda g: -(maxes[g] - out[g]) if diff > 0 else -out[g])
    for g in order:
        if abs(diff) < 0.001:
            break
        room = maxes[g] - out[g] if diff > 0 else out[g]
        step = max(-room, min(room, diff))
        out[g] = r2(out[g] + step)
        diff = r2(diff - step)
    out.update(fixed)
    assert abs(sum(out.values()) - total) < 0.005, (out, total)
    assert all(0 <= out[g] <= maxes[g] + 1e-9 for g in out), out
    return {g: out[g] for g, _ in cols}


def competition_ranks(values):
    """values: list of totals; returns ranks (ties share a rank; next rank skips)."""
    return [1 + sum(1 for w in values if r2(w) > r2(v)) for v in values]


# ----------------------------------------------------------------------------
# Model


class Model:
    def __init__(self):
        self.rng = random.Random(SEED)
        rng = self.rng
        used = set(FIXED_ID63.values())

        def new_id():
            while True:
                v = str(rng.randint(100000, 999999))
                if v not in used:
                    used.add(v)
                    return v

        self.id63 = {}
        for code, _, _ in P63:
            self.id63[code] = FIXED_ID63.get(code) or new_id()
        self.id34 = {}
        for code, _, _, olds in P34:
            if len(olds) == 1:
                self.id34[code] = self.id63[olds[0]]           # unchanged province keeps its ID
            elif code in KEEP_ID:
                self.id34[code] = self.id63[KEEP_ID[code]]     # merged, keeps the anchor's ID
            else:
                self.id34[code] = new_id()

        # monthly totals for the 63 (t < MERGE_T) and the 34 (t >= MERGE_T)
        self.profile = {}
        for code, _, _ in P63:
            self.profile[code] = {g: rng.gauss(0, 0.04) for g, _ in GROUPS6}
        self.series63 = {}
        for code, _, _ in P63:
            level = rng.gauss(0, 5.2)
            slope = rng.gauss(0, 0.05)
            e = 0.0
            vals = []
            for t in range(MERGE_T):
                mu = 64.0 + 11.5 * min(t, 23) / 23 + 3.0 * max(0, t - 23) / 6
                e = 0.65 * e + rng.gauss(0, 0.9)
                vals.append(soft(mu + level + slope * t + e))
            self.series63[code] = vals
        # smooth bumps so that monthly published figures sit in their own series
        self._bump("89", MONTHS.index((2023, 5)), 69.63)
        self._bump("06", MONTHS.index((2024, 4)), 75.35)

        self.series34 = {}
        for code, _, _, olds in P34:
            self.profile[code + "*"] = {g: sum(self.profile[o][g] for o in olds) / len(olds) for g, _ in GROUPS6}
            start = sum(self.series63[o][MERGE_T - 1] for o in olds) / len(olds)
            e = 0.0
            vals = []
            for t in range(MERGE_T, len(MONTHS)):
                e = 0.6 * e + rng.gauss(0, 0.8)
                vals.append(soft(start + 0.35 * (t - MERGE_T + 1) + e))
            self.series34[code] = vals
        # the provinces published at the top of 2025 (29/8/2025) lead the 34-province months too
        for code, lift in (("19", 4.0), ("44", 3.5), ("38", 3.5), ("75", 3.0), ("42", 2.5)):
            self.series34[code] = [soft(v + lift) for v in self.series34[code]]
        # a few deliberate ties (month key -> number of tied pairs)
        self.ties = {"2023-09": 1, "2024-02": 1, "2024-11": 2, "2025-03": 1, "2025-08": 1, "2025-Q3": 1}

    def _bump(self, code, t0, value):
        s = self.series63[code]
        d = value - s[t0]
        for t in range(len(s)):
            s[t] = soft(s[t] + d * math.exp(-abs(t - t0) / 2.5))
        s[t0] = value

    # group values of a province in a month (cached, so aggregates are consistent)
    def month_groups(self, era, code, t):
        key = (era, code, t)
        if not hasattr(self, "_mg"):
            self._mg = {}
        if key not in self._mg:
            rng = random.Random(f"{SEED}:{era}:{code}:{t}")
            if era == "63":
                total = r2(self.series63[code][t])
                self._mg[key] = split_groups(total, self.profile[code], GROUPS6, rng)
            else:
                total = r2(self.series34[code][t - MERGE_T])
                self._mg[key] = split_groups(total, self.profile[code + "*"], GROUPS5, rng)
        return self._mg[key]

    def groups_34_from_63(self, code34, t):
        """A merged province's five-column values for a month before the merger."""
        olds = next(o for c, _, _, o in P34 if c == code34)
        acc = {g: 0.0 for g, _ in GROUPS5}
        for o in olds:
            g6 = self.month_groups("63", o, t)
            for g, _ in GROUPS5:
                acc[g] += g6[g] + (g6["CLGQ"] if g == "TTTT" else 0.0)
        return {g: r2(v / len(olds)) for g, v in acc.items()}

    def table(self, key, ts, era, kind):
        """Closing values of a period: {code: groups}."""
        out = {}
        codes = [c for c, _, _ in P63] if era == "63" else [c for c, _, _, _ in P34]
        cols = GROUPS6 if era == "63" else GROUPS5
        for code in codes:
            acc = {g: 0.0 for g, _ in cols}
            for t in ts:
                if era == "63":
                    gv = self.month_groups("63", code, t)
                elif t >= MERGE_T:
                    gv = self.month_groups("34", code, t)
                else:
                    gv = self.groups_34_from_63(code, t)
                for g, _ in cols:
                    acc[g] += gv[g]
            out[code] = {g: r2(v / len(ts)) for g, v in acc.items()}
        return out


def total_of(groups):
    return r2(sum(groups.values()))


def apply_pins(table, pins, cols, profile_of, rng):
    """Set pinned rows; move the fewest other rows so that every pin has its rank."""
    pinned = {}
    for code, total, rank, groups in pins:
        g = split_groups(total, profile_of(code), cols, rng, fixed=groups) if (groups is None or len(groups) < len(cols)) else dict(groups)
        assert abs(total_of(g) - total) < 0.005, (code, g, total)
        pinned[code] = (total, rank, g)
        table[code] = g
    others = sorted((c for c in table if c not in pinned), key=lambda c: -total_of(table[c]))
    pin_list = sorted(pinned.items(), key=lambda kv: kv[1][1])
    # first shift all other rows together so that the lowest pin falls between its
    # neighbours; then move the few rows still on the wrong side of a pin
    k = len(pin_list)
    low_total, low_rank = pin_list[-1][1][0], pin_list[-1][1][1]
    n_above = low_rank - k
    vals = [total_of(table[c]) for c in others]
    if n_above == 0:
        shift = low_total - rng.uniform(0.2, 0.5) - vals[0]
    else:
        shift = low_total - (vals[n_above - 1] + vals[n_above]) / 2
    for c in others:
        table[c] = split_groups(soft(total_of(table[c]) + shift), profile_of(c), cols, rng)
    others = sorted(others, key=lambda c: -total_of(table[c]))
    # how many others must lie above each pin
    bounds = []   # (index into others where this pin sits, pin total)
    for i, (code, (total, rank, _)) in enumerate(pin_list):
        above_others = rank - 1 - i
        bounds.append((above_others, total))
    for idx, c in enumerate(others):
        v = total_of(table[c])
        lo, hi = 0.0, 100.0
        for above_others, ptotal in bounds:
            if idx < above_others:
                lo = max(lo, ptotal)
            else:
                hi = min(hi, ptotal)
        if lo < v < hi:
            continue
        if v >= hi:
            nv = hi - rng.uniform(0.05, min(0.9, max(0.06, (hi - lo) * 0.5))) if lo < hi else hi - 0.01
        else:
            nv = lo + rng.uniform(0.05, min(0.9, max(0.06, (hi - lo) * 0.5)))
        nv = r2(nv)
        if not (lo < nv < hi):
            nv = r2((lo + hi) / 2)
        table[c] = split_groups(nv, profile_of(c), cols, rng)
    return table


def add_ties(table, n, cols, profile_of, rng, avoid):
    """Make n pairs of neighbouring rows tie (the lower one takes the upper one's total)."""
    order = sorted((c for c in table if c not in avoid), key=lambda c: -total_of(table[c]))
    start = rng.randint(5, len(order) - 2 * n - 5)
    for k in range(n):
        a, b = order[start + 6 * k], order[start + 6 * k + 1]
        ta = total_of(table[a])
        table[b] = split_groups(ta, profile_of(b), cols, rng)


def rows_for(table, names, ids, cols, extra=None):
    codes = list(table)
    totals = [total_of(table[c]) for c in codes]
    ranks = competition_ranks(totals)
    order = sorted(range(len(codes)), key=lambda i: (-totals[i], ids[codes[i]]))
    rows = []
    for i in order:
        c = codes[i]
        g = table[c]
        row = {"ID": ids[c], "TEN": names[c], "ROW_STT": str(ranks[i]), "TONG_SCORE": fmt(totals[i])}
        for name in ("CKMB", "TDGQ", "TTTT", "CLGQ", "MDHL", "MDSH"):
            if name == "CLGQ" and len(cols) == 5:
                row[name] = ""
            else:
                row[name] = fmt(g[name])
        if extra:
            row.update(extra[c])
        rows.append(row)
    return rows


def write_rows(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows))
        f.write("\n]\n")


def drill_rows(model, era, code, province_total, key, t, cols, capture):
    """Departments and districts/communes of one province for one monthly period."""
    y, m = MONTHS[t]
    units = []
    depts = DEPTS_NEW if (y, m) >= (2025, 3) else DEPTS_OLD
    for d in depts:
        units.append(("1", d))
    if y < 2025:
        for d in DISTRICTS[code]:
            units.append(("3", d))
    else:
        lst = COMMUNES_34[code] if era == "34" else COMMUNES_H1_2025[code]
        for c in lst:
            units.append(("2", "UBND " + c[0].lower() + c[1:]))
    table, names, ids, extra = {}, {}, {}, {}
    pcode = code + ("*" if era == "34" else "")
    for idx, (level, name) in enumerate(units):
        uid_rng = random.Random(f"{SEED}:unit:{era}:{code}:{name}")
        uid = str(uid_rng.randint(100000, 999999))
        # a unit's own level: stable offset + smooth drift, around the province total
        off_rng = random.Random(f"{SEED}:off:{era}:{code}:{name}")
        offset = off_rng.gauss(0, 5.5) + (2.0 if level == "1" else -1.5)
        phase = off_rng.uniform(0, 6.28)
        noise = random.Random(f"{SEED}:n:{era}:{code}:{name}:{t}:{capture}").gauss(0, 0.7)
        v = province_total + offset + 1.6 * math.sin(phase + t / 3.0) + noise
        v = r2(max(45.0, min(99.5, v)))
        rng = random.Random(f"{SEED}:g:{era}:{code}:{name}:{t}:{capture}")
        table[uid] = split_groups(v, model.profile[pcode], cols, rng)
        names[uid] = name
        ids[uid] = uid
        agency = f"000.{idx + 1:02d}.{30 + (idx * 7) % 60:02d}.H{code}" if level == "1" else \
            f"{idx + 1:03d}.{10 + (idx * 3) % 80:02d}.{20 + idx % 70:02d}.H{code}"
        extra[uid] = {"CAPDONVIID": level, "MA_COQUAN": agency}
    # one tie among the units in some months
    if t % 5 == 2:
        order = sorted(table, key=lambda u: -total_of(table[u]))
        a, b = order[3], order[4]
        table[b] = split_groups(total_of(table[a]), model.profile[pcode], cols,
                                random.Random(f"{SEED}:tie:{code}:{t}"))
    return rows_for(table, names, ids, cols, extra)


def main():
    model = Model()
    names63 = {c: ten for c, _, ten in P63}
    names34 = {c: ten for c, _, ten, _ in P34}
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    nfiles = 0
    for key, ts, end, era, kind in periods():
        cols = GROUPS6 if era == "63" else GROUPS5
        names = names63 if era == "63" else names34
        ids = model.id63 if era == "63" else model.id34

        def profile_of(c, era=era):
            return model.profile[c] if era == "63" else model.profile[c + "*"]

        closing = capture_after(end, kind)
        captures = {closing: None}
        for cap in PINS.get(key, {}):
            captures[cap] = None
        made = {}
        for cap in sorted(captures, key=lambda c: (c in DERIVED.get(key, {}), c)):
            rng = random.Random(f"{SEED}:{key}:{cap}")
            if cap in DERIVED.get(key, {}):
                # the day before a published reading: that reading minus a little
                src = made[DERIVED[key][cap]]
                table = {c: split_groups(soft(total_of(g) - 0.35 + rng.gauss(0, 0.25)), profile_of(c), cols, rng)
                         for c, g in src.items()}
            elif kind == "year" and cap < closing:
                # an in-year reading: the months up to the capture, read a bit lower
                capd = date.fromisoformat(cap)
                upto = [t for t in ts if date(*MONTHS[t], 1) <= capd]
                base = model.table(key, upto, era, kind)
                table = {}
                for c, g in base.items():
                    tot = total_of(g) + rng.gauss(0, 0.6)
                    table[c] = split_groups(soft(tot), profile_of(c), cols, rng)
            else:
                table = model.table(key, ts, era, kind)
                if cap < closing:
                    for c in list(table):
                        tot = total_of(table[c]) + rng.gauss(0, 0.35)
                        table[c] = split_groups(tot, profile_of(c), cols, rng)
            pins = PINS.get(key, {}).get(cap, [])
            if key in model.ties and not pins:
                add_ties(table, model.ties[key], cols, profile_of, rng, avoid=set())
            if pins:
                apply_pins(table, pins, cols, profile_of, rng)
            made[cap] = table
            rows = rows_for(table, names, ids, cols)
            write_rows(os.path.join(OUT, key, cap, "national.json"), rows)
            nfiles += 1
            if kind == "month":
                t = ts[0]
                for code in (DRILL63 if era == "63" else DRILL34):
                    ptotal = total_of(table[code])
                    urows = drill_rows(model, era, code, ptotal, key, t, cols, cap)
                    write_rows(os.path.join(OUT, key, cap, "units", f"{ids[code]}.json"), urows)
                    nfiles += 1
    # the breakdown service's groups and maxima, one file per layout
    if os.path.isdir(OUT_GROUPS):
        shutil.rmtree(OUT_GROUPS)
    for since, cols, descriptions in LAYOUTS:
        rows = [{"CODE": g, "DESCRIPTION": descriptions[g], "MAX_SCORE": fmt(mx)} for g, mx in cols]
        write_rows(os.path.join(OUT_GROUPS, f"{since}.json"), rows)
        nfiles += 1
    # a small index of the IDs, for people reading the mirror (not served by the gateway)
    with open(os.path.join(HERE, "dichvucong-ids.txt"), "w", encoding="utf-8") as f:
        f.write("# SAMPLE DATA: opaque unit IDs of the mirrored index (generated by make_index.py)\n")
        f.write("# era 63 (until 2025-06)\n")
        for c, n, ten in P63:
            f.write(f"{model.id63[c]}\t{c}\t{n}\t{ten}\n")
        f.write("# era 34 (from 2025-07)\n")
        for c, n, ten, _ in P34:
            f.write(f"{model.id34[c]}\t{c}\t{n}\t{ten}\n")
    print(f"wrote {nfiles} JSON files under {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
