"""The default outline of a movement report (sơ kết / tổng kết), seeded as a
template that administrators edit in /admin/: sections, the indicators each
states as sentences, its table, its chart and the placeholder of its
narrative. Figures never come from here: only which figures, and where."""

DEFAULT = {
    "code": "phong-trao",
    "name": "Báo cáo sơ kết, tổng kết phong trào Toàn dân bảo vệ ANTQ",
}

# number, heading, level, figures ("CODE | sentence"), table, chart, chart indicator, placeholder
SECTIONS = [
    ("I", "Đặc điểm tình hình", 1, "", "", "", "",
     "[Nêu đặc điểm địa bàn, tình hình an ninh, trật tự trong kỳ có liên quan đến phong trào.]"),
    ("II", "Kết quả thực hiện", 1, "", "", "", "", ""),
    ("1", "Công tác lãnh đạo, chỉ đạo, hướng dẫn", 2,
     "HD_HOI_NGHI | Tổ chức {value} hội nghị sơ kết, tổng kết",
     "plans", "", "",
     "[Nêu các văn bản lãnh đạo, chỉ đạo đã ban hành; việc kiện toàn Ban Chỉ đạo.]"),
    ("2", "Công tác tuyên truyền, vận động", 2,
     "HD_TUYEN_TRUYEN | Tổ chức {value} buổi tuyên truyền\n"
     "HD_CHUYEN_DE | Tổ chức {value} buổi sinh hoạt chuyên đề\n"
     "HD_LUOT_DU | Thu hút {value} lượt người tham dự các hoạt động\n"
     "SP_TIN_BAI | Đăng tải {value} tin, bài tuyên truyền\n"
     "SP_MANG | Đăng {value} bài trên mạng xã hội, trang tin\n"
     "SP_BAO_CHI | Đăng {value} bài trên báo chí\n"
     "SP_PHAT_THANH | Phát {value} lượt trên loa truyền thanh\n"
     "SP_TO_ROI | Phát hành {value} tờ rơi, tài liệu",
     "", "line", "HD_TUYEN_TRUYEN",
     "[Nêu hình thức tuyên truyền hiệu quả, nội dung trọng tâm.]"),
    ("3", "Phong trào xây dựng đơn vị đạt tiêu chuẩn “An toàn về an ninh, trật tự”", 2,
     "KDC_CONG_NHAN | Có {value} khu dân cư được công nhận đạt tiêu chuẩn “An toàn về ANTT”\n"
     "XA_CONG_NHAN | Có {value} xã, phường, đặc khu được công nhận đạt tiêu chuẩn "
     "“An toàn về ANTT”",
     "results", "classification", "", ""),
    ("4", "Xếp loại phong trào", 2, "", "classification", "", "", ""),
    ("5", "Xây dựng, nhân rộng mô hình tự phòng, tự quản, tự bảo vệ", 2,
     "MH_DANG_AP_DUNG | Duy trì {value} mô hình tự phòng, tự quản, tự bảo vệ\n"
     "MH_DIEM | Áp dụng tại {value} điểm\n"
     "DH_DIEN_HINH | Phát hiện, biểu dương {value} điển hình tiên tiến, gương người tốt việc tốt",
     "", "", "",
     "[Nêu các mô hình tiêu biểu, hiệu quả.]"),
    ("6", "Xây dựng lực lượng nòng cốt ở cơ sở", 2,
     "LL_TO_DANH_SACH | Duy trì {value} Tổ bảo vệ an ninh, trật tự\n"
     "LL_TV_DANH_SACH | Với {value} thành viên\n"
     "LL_TV_HUAN_LUYEN | Huấn luyện, bồi dưỡng cho {value} thành viên",
     "", "", "", ""),
    ("7", "Ngày hội Toàn dân bảo vệ an ninh Tổ quốc (19/8)", 2,
     "HD_NGAY_HOI | Tổ chức Ngày hội tại {value} điểm",
     "", "", "", ""),
    ("8", "Công tác thi đua, khen thưởng", 2,
     "KT_KHEN_THUONG | Khen thưởng {value} lượt tập thể, cá nhân",
     "awards", "", "", ""),
    ("9", "Kết quả đấu tranh, phòng ngừa tội phạm, bảo đảm trật tự", 2,
     "NT_TIN_BAO | Quần chúng cung cấp {value} tin báo, tố giác\n"
     "TP_SO_VU | Xảy ra {value} vụ phạm tội về trật tự xã hội\n"
     "TP_KHAM_PHA | Điều tra, khám phá {value} vụ\n"
     "TP_TY_LE_KHAM_PHA | Tỷ lệ điều tra, khám phá đạt {value}\n"
     "TNGT_SO_VU | Xảy ra {value} vụ tai nạn giao thông\n"
     "TNGT_CHET | Làm chết {value} người\n"
     "HG_THANH | Hòa giải thành {value} vụ việc ở cơ sở",
     "completeness", "bar", "TP_SO_VU", ""),
    ("III", "Đánh giá chung", 1, "", "", "", "",
     "**Ưu điểm:**\n- [Nêu ưu điểm.]\n**Hạn chế:**\n- [Nêu hạn chế.]\n"
     "**Nguyên nhân:**\n- [Nêu nguyên nhân của hạn chế.]"),
    ("IV", "Phương hướng, nhiệm vụ kỳ tới", 1, "", "", "", "",
     "- [Nêu nhiệm vụ trọng tâm kỳ tới.]"),
]  # fmt: skip


def seed(ReportTemplate, TemplateSection) -> None:
    """Create the default template if there is none (models passed in, so a
    migration can call it with its historical models)."""
    if ReportTemplate.objects.filter(code=DEFAULT["code"]).exists():
        return
    template = ReportTemplate.objects.create(**DEFAULT, is_default=True)
    # the first migration's model has no key yet (migration 0003 gives them)
    keyed = any(field.name == "key" for field in TemplateSection._meta.fields)
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template,
            **({"key": f"s{order}"} if keyed else {}),
            order=order,
            number=number,
            heading=heading,
            level=level,
            figures=figures,
            table=table,
            chart=chart,
            chart_indicator=indicator,
            placeholder=placeholder,
        )
        for order, (
            number,
            heading,
            level,
            figures,
            table,
            chart,
            indicator,
            placeholder,
        ) in enumerate(SECTIONS, start=1)
    )
