"""Seed award types (editable in /admin/): the forms used in practice, with
the conditions antq checks. Only the 20 % quota of Hướng dẫn 01/HD-BCA-V05
is confirmed by the research; the rest is configuration to adjust."""

# code, name, level, collectives, individuals, once only, conditions
AWARD_TYPES = [
    (
        "co_thi_dua_ubnd_tinh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "province",
        True,
        False,
        False,
        [{"rule": "recognized_safe"}, {"rule": "classified_at_least", "class": "Xuất sắc"}],
    ),
    (
        "bang_khen_bo_truong",
        "Bằng khen của Bộ trưởng Bộ Công an",
        "ministry",
        True,
        True,
        False,
        [{"rule": "recognized_safe"}],
    ),
    (
        "bang_khen_chu_tich_tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "province",
        True,
        True,
        False,
        [{"rule": "recognized_safe"}, {"rule": "classified_at_least", "class": "Khá"}],
    ),
    (
        "giay_khen_giam_doc_ca",
        "Giấy khen của Giám đốc Công an tỉnh",
        "province_police",
        True,
        True,
        False,
        [{"rule": "recognized_safe"}],
    ),
    (
        "giay_khen_chu_tich_xa",
        "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
        "commune",
        True,
        True,
        False,
        [],
    ),
    (
        "ky_niem_chuong_bvantq",
        "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
        "ministry",
        False,
        True,
        True,
        [{"rule": "not_already_holding"}, {"rule": "years_of_service", "years": 10}],
    ),
]


def seed(model) -> None:
    for order, (code, name, level, collectives, individuals, once, conditions) in enumerate(
        AWARD_TYPES
    ):
        model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "for_collectives": collectives,
                "for_individuals": individuals,
                "once_per_lifetime": once,
                "conditions": conditions,
                "order": order,
            },
        )


def load() -> None:
    from antq.awards.models import AwardType

    seed(AwardType)
