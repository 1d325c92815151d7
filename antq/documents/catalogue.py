"""Seed configuration of the outgoing register (editable in /admin/): who
issues what, and the legal documents the "Căn cứ" lines cite, with the days
they are in force. Numbers and dates marked `to_verify` come from the domain
research's recalled items [R]: check them against the official texts."""

from datetime import date

UBND, POLICE, BCD, COUNCIL, MINISTRY = "ubnd", "cong_an", "bcd", "hdtdkt", "bo"

# purpose, level, body kind, document type, certificate type, signing form, signer's title
AUTHORITIES = [
    ("recognition", "", UBND, "qd", "gcn", "TM", "CHỦ TỊCH"),
    ("report", "", UBND, "bc", "", "TM", "CHỦ TỊCH"),
    ("plan", "", UBND, "kh", "", "TM", "CHỦ TỊCH"),
    ("plan.steering", "", BCD, "kh", "", "TM", "TRƯỞNG BAN"),
    ("proposal", "", COUNCIL, "ttr", "", "TM", "CHỦ TỊCH"),
    ("award:co_thi_dua_ubnd_tinh", "", UBND, "qd", "", "TM", "CHỦ TỊCH"),
    ("award:bang_khen_chu_tich_tinh", "", UBND, "qd", "bk", "", "CHỦ TỊCH"),
    ("award:giay_khen_giam_doc_ca", "", POLICE, "qd", "gk", "", "GIÁM ĐỐC"),
    ("award:giay_khen_chu_tich_xa", "", UBND, "qd", "gk", "", "CHỦ TỊCH"),
    ("award:bang_khen_bo_truong", "", MINISTRY, "qd", "bk", "", "BỘ TRƯỞNG"),
    ("award:ky_niem_chuong_bvantq", "", MINISTRY, "qd", "gcn", "KT", "THỨ TRƯỞNG"),
]

UNVERIFIED = "Số, ngày hoặc ngày hiệu lực chưa được đối chiếu với văn bản gốc."
# code, topic, number, citation, valid from, valid to, order, to verify
LAWS = [
    ("ld-ccqdp-2015", "local_government", "77/2015/QH13",
     "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
     date(2016, 1, 1), date(2020, 6, 30), 1, ""),
    ("ld-ccqdp-2015-2019", "local_government", "77/2015/QH13; 47/2019/QH14",
     "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một "
     "số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
     "11 năm 2019",
     date(2020, 7, 1), date(2025, 2, 28), 1, ""),
    ("ld-ccqdp-2025-02", "local_government", "65/2025/QH15",
     "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
     date(2025, 3, 1), date(2025, 6, 30), 1, UNVERIFIED),
    ("ld-ccqdp-2025-06", "local_government", "72/2025/QH15",
     "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
     date(2025, 7, 1), None, 1, UNVERIFIED),
    ("ld-tdkt-2003", "emulation", "15/2003/QH11; 47/2005/QH11",
     "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều "
     "của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005",
     date(2004, 7, 1), date(2014, 5, 31), 2, UNVERIFIED),
    ("ld-tdkt-2003-2013", "emulation", "15/2003/QH11; 47/2005/QH11; 39/2013/QH13",
     "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều "
     "của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
     date(2014, 6, 1), date(2023, 12, 31), 2, ""),
    ("ld-tdkt-2022", "emulation", "06/2022/QH15",
     "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
     date(2024, 1, 1), None, 2, ""),
    ("nd-91-2017", "emulation_decree", "91/2017/NĐ-CP",
     "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi "
     "hành một số điều của Luật Thi đua, khen thưởng",
     date(2017, 7, 31), date(2023, 12, 31), 3, ""),
    ("nd-98-2023", "emulation_decree", "98/2023/NĐ-CP",
     "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi "
     "hành một số điều của Luật Thi đua, khen thưởng",
     date(2024, 1, 1), None, 3, UNVERIFIED),
    ("tt-40-2014", "police_emulation", "40/2014/TT-BCA; 17/2015/TT-BCA",
     "Thông tư số 40/2014/TT-BCA của Bộ trưởng Bộ Công an hướng dẫn thực hiện công tác thi đua, "
     "khen thưởng trong Công an nhân dân, Công an xã, Bảo vệ dân phố và phong trào toàn dân bảo "
     "vệ an ninh Tổ quốc, được sửa đổi, bổ sung bởi Thông tư số 17/2015/TT-BCA",
     date(2015, 6, 1), date(2019, 7, 14), 4, UNVERIFIED),
    ("tt-12-2019", "police_emulation", "12/2019/TT-BCA",
     "Thông tư số 12/2019/TT-BCA ngày 29 tháng 5 năm 2019 của Bộ trưởng Bộ Công an quy định "
     "công tác thi đua, khen thưởng trong Công an nhân dân",
     date(2019, 7, 15), None, 4,
     "Ngày hiệu lực và thông tư thay thế theo Luật 2022 chưa được xác định."),
    ("tt-23-2012", "safety_standard", "23/2012/TT-BCA",
     "Thông tư số 23/2012/TT-BCA ngày 27 tháng 4 năm 2012 của Bộ trưởng Bộ Công an quy định về "
     "khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, nhà trường đạt tiêu chuẩn “An "
     "toàn về an ninh, trật tự”",
     date(2012, 6, 15), date(2022, 2, 9), 5, UNVERIFIED),
    ("tt-124-2021", "safety_standard", "124/2021/TT-BCA",
     "Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ Công an quy định về "
     "khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An "
     "toàn về an ninh, trật tự”",
     date(2022, 2, 10), date(2025, 6, 30), 5, ""),
    ("tt-124-48-2025", "safety_standard", "124/2021/TT-BCA; 48/2025/TT-BCA",
     "Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ Công an quy định về "
     "khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An "
     "toàn về an ninh, trật tự”, được sửa đổi, bổ sung bởi Thông tư số 48/2025/TT-BCA",
     date(2025, 7, 1), None, 5, "Ngày hiệu lực của Thông tư 48/2025/TT-BCA chưa tìm thấy."),
    ("nd-30-2020", "document_format", "30/2020/NĐ-CP",
     "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
     date(2020, 3, 5), None, 9, ""),
]  # fmt: skip


def seed(authority_model, legal_model) -> None:
    """Idempotent: rows a province has edited are left as they are."""
    for purpose, level, kind, doc_type, certificate, form, title in AUTHORITIES:
        authority_model.objects.get_or_create(
            purpose=purpose,
            level=level,
            defaults={
                "body_kind": kind,
                "doc_type": doc_type,
                "certificate_type": certificate,
                "signing_form": form,
                "signer_title": title,
            },
        )
    for code, topic, number, citation, start, end, order, verify in LAWS:
        legal_model.objects.get_or_create(
            code=code,
            defaults={
                "topic": topic,
                "number": number,
                "citation": citation,
                "valid_from": start,
                "valid_to": end,
                "order": order,
                "to_verify": verify,
            },
        )


def load() -> None:
    from antq.documents.models import Authority, LegalDocument

    seed(Authority, LegalDocument)
