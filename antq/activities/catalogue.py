"""Seed configuration of activities: kinds, output
kinds and the threat categories an activity can address."""

KINDS = [
    ("tuyen_truyen", "Tuyên truyền"),
    ("sinh_hoat_chuyen_de", "Sinh hoạt chuyên đề"),
    ("hoi_nghi", "Hội nghị sơ kết, tổng kết"),
    ("ngay_hoi", "Ngày hội Toàn dân bảo vệ an ninh Tổ quốc (19/8)"),
    ("tap_huan", "Tập huấn, diễn tập"),
    ("ra_quan", "Ra quân, tuần tra"),
    ("ky_cam_ket", "Ký cam kết"),
    ("phi_truyen_thong", "Ứng phó an ninh phi truyền thống"),
]

# code, name, unit of count
OUTPUT_KINDS = [
    ("tin_bai", "Tin, bài", "tin, bài"),
    ("bai_mang", "Bài đăng mạng xã hội, trang tin", "bài"),
    ("bao_chi", "Bài báo chí", "bài"),
    ("phat_thanh", "Phát thanh, loa truyền thanh", "lượt"),
    ("to_roi", "Tờ rơi", "tờ"),
    ("bang_ron", "Băng rôn, khẩu hiệu", "chiếc"),
    ("khen_thuong", "Tập thể, cá nhân được khen thưởng", "lượt"),
]

CATEGORIES = [
    ("lua_dao_mang", "Lừa đảo qua mạng"),
    ("cong_nghe_cao", "Tội phạm sử dụng công nghệ cao"),
    ("ma_tuy", "Ma túy"),
    ("tin_dung_den", "Tín dụng đen"),
    ("giao_thong", "Trật tự an toàn giao thông"),
    ("phong_chay", "Phòng cháy, chữa cháy"),
    ("thien_tai", "Thiên tai, bão lũ"),
    ("dich_benh", "Dịch bệnh"),
    ("moi_truong", "Ô nhiễm môi trường"),
    ("bien_doi_khi_hau", "Biến đổi khí hậu"),
    ("an_ninh_nang_luong_luong_thuc", "An ninh năng lượng, lương thực"),
    ("khung_bo", "Khủng bố"),
    ("di_cu_trai_phep", "Di cư, xuất nhập cảnh trái phép"),
    ("bao_luc_gia_dinh", "Bạo lực gia đình, xâm hại trẻ em"),
]


def seed(kind_model, output_model, category_model) -> None:
    """Create what is missing; never overwrite an edited name."""
    for order, (code, name) in enumerate(KINDS):
        kind_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, unit) in enumerate(OUTPUT_KINDS):
        output_model.objects.get_or_create(
            code=code, defaults={"name": name, "unit_label": unit, "order": order}
        )
    for order, (code, name) in enumerate(CATEGORIES):
        category_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def load() -> None:
    """Seed the configuration with the app's models (idempotent)."""
    from antq.activities.models import ActivityKind, OutputKind, ThreatCategory

    seed(ActivityKind, OutputKind, ThreatCategory)
