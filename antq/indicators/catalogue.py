"""The indicators of provincial movement reports (domain research §3) and the
monthly commune form, as seed data. Everything here is editable afterwards:
the catalogue is configuration, not code."""

CRIME_KINDS = [
    {"code": "trom_cap", "label": "Trộm cắp tài sản"},
    {"code": "co_y_gay_thuong_tich", "label": "Cố ý gây thương tích"},
    {"code": "ma_tuy", "label": "Ma túy"},
    {"code": "lua_dao", "label": "Lừa đảo, chiếm đoạt tài sản (kể cả trên mạng)"},
    {"code": "khac", "label": "Tội phạm khác"},
]

# code, name, unit, category, value type, aggregation, up is good, extra
INDICATORS = [
    ("TT_BUOI", "Số buổi tuyên truyền", "buổi", "Tuyên truyền", "integer", "sum", True, {}),
    ("TT_LUOT", "Lượt người dự tuyên truyền", "lượt", "Tuyên truyền", "integer", "sum", True, {}),
    (
        "TT_TIN_BAI",
        "Tin, bài, phóng sự đăng tải",
        "tin, bài",
        "Tuyên truyền",
        "integer",
        "sum",
        True,
        {},
    ),
    (
        "NT_TIN_BAO",
        "Tin báo, tố giác do quần chúng cung cấp",
        "tin",
        "Nguồn tin",
        "integer",
        "sum",
        True,
        {},
    ),
    ("NT_TIN_GIA_TRI", "Trong đó: tin có giá trị", "tin", "Nguồn tin", "integer", "sum", True, {}),
    (
        "TP_SO_VU",
        "Số vụ phạm tội về trật tự xã hội",
        "vụ",
        "Tội phạm",
        "integer",
        "sum",
        False,
        {"options": CRIME_KINDS},
    ),
    ("TP_KHAM_PHA", "Số vụ điều tra, khám phá", "vụ", "Tội phạm", "integer", "sum", True, {}),
    (
        "TP_TY_LE_KHAM_PHA",
        "Tỷ lệ điều tra, khám phá",
        "%",
        "Tội phạm",
        "percent",
        "average",
        True,
        {"formula": "TP_KHAM_PHA / TP_SO_VU * 100"},
    ),
    (
        "TNGT_SO_VU",
        "Tai nạn giao thông: số vụ",
        "vụ",
        "Tai nạn giao thông",
        "integer",
        "sum",
        False,
        {},
    ),
    (
        "TNGT_CHET",
        "Tai nạn giao thông: số người chết",
        "người",
        "Tai nạn giao thông",
        "integer",
        "sum",
        False,
        {},
    ),
    (
        "TNGT_BI_THUONG",
        "Tai nạn giao thông: số người bị thương",
        "người",
        "Tai nạn giao thông",
        "integer",
        "sum",
        False,
        {},
    ),
    (
        "TN_TRUY_NA",
        "Đối tượng truy nã bị bắt, vận động đầu thú",
        "đối tượng",
        "Truy nã",
        "integer",
        "sum",
        True,
        {},
    ),
    (
        "VK_THU_HOI",
        "Vũ khí, vật liệu nổ, công cụ hỗ trợ thu hồi",
        "khẩu, quả, chiếc",
        "Vũ khí, vật liệu nổ",
        "integer",
        "sum",
        True,
        {},
    ),
    (
        "HG_THANH",
        "Vụ hòa giải thành ở cơ sở",
        "vụ",
        "Hòa giải, cảm hóa",
        "integer",
        "sum",
        True,
        {},
    ),
    (
        "CH_TIEN_BO",
        "Người lầm lỗi được cảm hóa, tiến bộ",
        "người",
        "Hòa giải, cảm hóa",
        "integer",
        "sum",
        True,
        {},
    ),
    (
        "KDC_CONG_NHAN",
        "Khu dân cư được công nhận đạt tiêu chuẩn “An toàn về ANTT”",
        "khu",
        "An toàn về ANTT",
        "integer",
        "last",
        True,
        {"source": "assessments.recognized_residential_areas"},
    ),
    (
        "XA_CONG_NHAN",
        "Xã, phường, đặc khu được công nhận đạt tiêu chuẩn “An toàn về ANTT”",
        "xã",
        "An toàn về ANTT",
        "integer",
        "last",
        True,
        {"source": "assessments.recognized_communes"},
    ),
    (
        "LL_SO_TO",
        "Số Tổ bảo vệ an ninh, trật tự",
        "tổ",
        "Lực lượng, mô hình",
        "integer",
        "last",
        True,
        {},
    ),
    (
        "LL_THANH_VIEN",
        "Số thành viên Tổ bảo vệ an ninh, trật tự",
        "người",
        "Lực lượng, mô hình",
        "integer",
        "last",
        True,
        {},
    ),
    (
        "MH_SO_MO_HINH",
        "Số mô hình tự phòng, tự quản, tự bảo vệ",
        "mô hình",
        "Lực lượng, mô hình",
        "integer",
        "last",
        True,
        {},
    ),
]

# Counted from the activities module (antq.activities.sources): never typed.
ACTIVITY_INDICATORS = [
    ("HD_TUYEN_TRUYEN", "Buổi tuyên truyền đã ghi nhận", "buổi", "kind:tuyen_truyen"),
    ("HD_CHUYEN_DE", "Buổi sinh hoạt chuyên đề", "buổi", "kind:sinh_hoat_chuyen_de"),
    ("HD_HOI_NGHI", "Hội nghị sơ kết, tổng kết", "hội nghị", "kind:hoi_nghi"),
    ("HD_NGAY_HOI", "Ngày hội Toàn dân bảo vệ ANTQ", "điểm", "kind:ngay_hoi"),
    ("HD_TAP_HUAN", "Buổi tập huấn, diễn tập", "buổi", "kind:tap_huan"),
    ("HD_RA_QUAN", "Đợt ra quân, tuần tra", "đợt", "kind:ra_quan"),
    ("HD_KY_CAM_KET", "Đợt ký cam kết", "đợt", "kind:ky_cam_ket"),
    ("HD_PHI_TRUYEN_THONG", "Hoạt động ứng phó an ninh phi truyền thống", "hoạt động",
     "kind:phi_truyen_thong"),
    ("HD_LUOT_DU", "Lượt người dự các hoạt động", "lượt", "attendance"),
    ("SP_TIN_BAI", "Tin, bài tuyên truyền", "tin, bài", "output:tin_bai"),
    ("SP_MANG", "Bài đăng trên mạng xã hội, trang tin", "bài", "output:bai_mang"),
    ("SP_BAO_CHI", "Bài đăng trên báo chí", "bài", "output:bao_chi"),
    ("SP_PHAT_THANH", "Lượt phát thanh, loa truyền thanh", "lượt", "output:phat_thanh"),
    ("SP_TO_ROI", "Tờ rơi, tài liệu phát hành", "tờ", "output:to_roi"),
    ("SP_BANG_RON", "Băng rôn, khẩu hiệu", "chiếc", "output:bang_ron"),
]  # fmt: skip
INDICATORS += [
    (code, name, unit, "Hoạt động của phong trào", "integer", "sum", True,
     {"source": "activities." + source})
    for code, name, unit, source in ACTIVITY_INDICATORS
]  # fmt: skip
# Counted from the force's registers (antq.forces.sources): in office at the
# period's end.
INDICATORS += [
    ("LL_TO_DANH_SACH", "Tổ bảo vệ ANTT đang hoạt động (theo danh sách tổ)", "tổ",
     "Lực lượng, mô hình", "integer", "last", True, {"source": "forces.teams"}),
    ("LL_TV_DANH_SACH", "Thành viên Tổ bảo vệ ANTT (theo danh sách)", "người",
     "Lực lượng, mô hình", "integer", "last", True, {"source": "forces.members"}),
    ("LL_TV_HUAN_LUYEN", "Thành viên đã qua huấn luyện, bồi dưỡng", "người",
     "Lực lượng, mô hình", "integer", "last", True, {"source": "forces.trained_members"}),
    # antq.community.sources
    ("MH_DANG_AP_DUNG", "Mô hình tự quản đang áp dụng (theo danh sách)", "mô hình",
     "Lực lượng, mô hình", "integer", "last", True, {"source": "community.models"}),
    ("MH_DIEM", "Điểm áp dụng mô hình tự quản", "điểm",
     "Lực lượng, mô hình", "integer", "last", True, {"source": "community.sites"}),
    ("DH_DIEN_HINH", "Điển hình tiên tiến, gương người tốt việc tốt", "điển hình",
     "Lực lượng, mô hình", "integer", "last", True, {"source": "community.examples"}),
    # antq.awards.sources
    ("KT_KHEN_THUONG", "Tập thể, cá nhân được khen thưởng", "lượt", "Thi đua, khen thưởng",
     "integer", "last", True, {"source": "awards.awarded"}),
]  # fmt: skip

# One number per concept: an indicator counted in antq → the statistic the
# monthly form collects for the same concept. Where both exist, reports, the
# public page and the dashboard state the approved statistic, and the count
# only beside it, labelled (issue 23).
COLLECTED_AS = {
    "HD_TUYEN_TRUYEN": "TT_BUOI",
    "SP_TIN_BAI": "TT_TIN_BAI",
    "LL_TO_DANH_SACH": "LL_SO_TO",
    "LL_TV_DANH_SACH": "LL_THANH_VIEN",
    "MH_DANG_AP_DUNG": "MH_SO_MO_HINH",
}

MONTHLY_FORM = {
    "code": "BC-THANG-XA",
    "name": "Báo cáo tháng kết quả phong trào toàn dân bảo vệ ANTQ (cấp xã)",
    "period_type": "monthly",
    "unit_types": ["commune"],
    "deadline_days": 20,
    "indicators": [
        code
        for code, *_rest, extra in INDICATORS
        if not extra.get("formula") and not extra.get("source")
    ],
    "required": ["TT_BUOI", "NT_TIN_BAO", "TP_SO_VU", "TP_KHAM_PHA", "TNGT_SO_VU"],
    "rules": [
        ("TP_KHAM_PHA", "<=", "TP_SO_VU", "Số vụ khám phá không được lớn hơn số vụ phạm tội."),
        (
            "NT_TIN_GIA_TRI",
            "<=",
            "NT_TIN_BAO",
            "Số tin có giá trị không được lớn hơn tổng số tin báo.",
        ),
        (
            "TNGT_CHET",
            "<=",
            "TNGT_SO_VU * 10",
            "Số người chết vì tai nạn giao thông bất thường so với số vụ; kiểm tra lại.",
        ),
    ],
}
