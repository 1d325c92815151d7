"""Seed configuration of activities: kinds, output kinds and the threat
categories an activity can address, some grouped under "An ninh phi truyền
thống" (non-traditional security). The domain research gives no official
list of its threats; the group holds the ones DOMAIN.md names (climate,
disasters, epidemics, cyber fraud) and those the catalogue already had that
belong there. All of it is configuration: edited in /admin/ or the API,
never deleted (deactivated), codes kept."""

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


NON_TRADITIONAL = "an_ninh_phi_truyen_thong"
# group code → (name, its threats: existing codes, or (code, name) to add)
GROUPS = {
    NON_TRADITIONAL: (
        "An ninh phi truyền thống",
        [
            ("an_ninh_mang", "An ninh mạng"),
            "lua_dao_mang",
            "cong_nghe_cao",
            "khung_bo",
            "thien_tai",
            "bien_doi_khi_hau",
            "dich_benh",
            "moi_truong",
            ("an_ninh_nguon_nuoc", "An ninh nguồn nước"),
            "an_ninh_nang_luong_luong_thuc",
            "di_cu_trai_phep",
        ],
    ),
}


def seed_groups(category_model) -> None:
    """The groups of threat categories and their threats: create what is
    missing, put an ungrouped threat in its group, never regroup or rename
    what an administrator changed."""
    order = category_model.objects.count()
    for code, (name, threats) in GROUPS.items():
        group, _ = category_model.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
        for threat in threats:
            threat_code, threat_name = (threat, "") if isinstance(threat, str) else threat
            order += 1
            row = category_model.objects.filter(code=threat_code).first()
            if row is None and threat_name:
                row = category_model.objects.create(
                    code=threat_code, name=threat_name, order=order, parent=group
                )
            elif row is not None and row.parent_id is None and row.pk != group.pk:
                row.parent = group
                row.save(update_fields=["parent"])


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
    seed_groups(ThreatCategory)
