"""Seed configuration (editable in /admin/): the categories of
self-management models, grouped as the domain research suggests."""

CATEGORIES = [
    ("cong_nghe", "Công nghệ, camera, cảnh báo"),
    ("lien_gia", "Liên gia, liên hộ tự quản"),
    ("khu_dan_cu", "Khu dân cư tự quản"),
    ("phong_chong_toi_pham", "Phòng, chống tội phạm, ma túy, tệ nạn xã hội"),
    ("tuan_tra", "Tuần tra"),
    ("phong_chay", "Phòng cháy, chữa cháy"),
    ("giao_thong", "An toàn giao thông"),
    ("ton_giao", "Cộng đồng tôn giáo"),
    ("dan_toc", "Cộng đồng dân tộc thiểu số"),
    ("dong_ho", "Dòng họ"),
    ("doan_the", "Đoàn thể: Phụ nữ, Thanh niên, Cựu chiến binh, Nông dân, Mặt trận"),
    ("cam_hoa", "Cảm hóa, giáo dục người lầm lỗi"),
    ("hoa_giai", "Hòa giải, pháp luật"),
    ("co_quan_truong_hoc", "Cơ quan, doanh nghiệp, trường học"),
]


def seed(category_model) -> None:
    for order, (code, name) in enumerate(CATEGORIES):
        category_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def load() -> None:
    from antq.community.models import ModelCategory

    seed(ModelCategory)
