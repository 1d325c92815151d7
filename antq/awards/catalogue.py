"""Seed award types (editable in /admin/): the forms used in practice, with
the conditions antq checks on new nominations. Only the 20 % quota of
Hướng dẫn 01/HD-BCA-V05 is confirmed by the research; the rest is
configuration to adjust.

The conditions that read antq's assessment cycle judge only the units that
cycle assesses (`ASSESSED`: residential areas, communes, agencies,
enterprises, schools), never a province or a district. Two forms serve the
records of decisions issued before antq or by other authorities: the Prime
Minister's certificate, and a district chairman's (districts until 2025,
so not offered for new nominations)."""

# the unit types antq's "An toàn về ANTT" cycle assesses (assessments.ASSESSED_TYPES)
ASSESSED = ["residential_area", "commune", "agency", "enterprise", "school"]
RECOGNIZED = {"rule": "recognized_safe", "unit_types": ASSESSED}


def _classified(cls: str) -> dict:
    return {"rule": "classified_at_least", "class": cls, "unit_types": ASSESSED}


# code, name, level, collectives, individuals, once only, conditions[, active]
AWARD_TYPES = [
    (
        "co_thi_dua_ubnd_tinh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "province",
        True,
        False,
        False,
        [RECOGNIZED, _classified("Xuất sắc")],
    ),
    (
        "bang_khen_bo_truong",
        "Bằng khen của Bộ trưởng Bộ Công an",
        "ministry",
        True,
        True,
        False,
        [RECOGNIZED],
    ),
    (
        "bang_khen_chu_tich_tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "province",
        True,
        True,
        False,
        [RECOGNIZED, _classified("Khá")],
    ),
    (
        "giay_khen_giam_doc_ca",
        "Giấy khen của Giám đốc Công an tỉnh",
        "province_police",
        True,
        True,
        False,
        [RECOGNIZED],
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
    (
        "bang_khen_thu_tuong",
        "Bằng khen của Thủ tướng Chính phủ",
        "government",
        True,
        True,
        False,
        [],
    ),
    (
        "giay_khen_chu_tich_huyen",
        "Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        "district",
        True,
        True,
        False,
        [],
        False,
    ),
]

# the conditions seeded before they declared whom they judge: a data
# migration replaces them where nobody edited them
EARLIER_CONDITIONS = {
    "co_thi_dua_ubnd_tinh": [
        {"rule": "recognized_safe"},
        {"rule": "classified_at_least", "class": "Xuất sắc"},
    ],
    "bang_khen_bo_truong": [{"rule": "recognized_safe"}],
    "bang_khen_chu_tich_tinh": [
        {"rule": "recognized_safe"},
        {"rule": "classified_at_least", "class": "Khá"},
    ],
    "giay_khen_giam_doc_ca": [{"rule": "recognized_safe"}],
}


def seed(model) -> None:
    """Create the missing forms; never overwrite an edited one."""
    for order, (code, name, level, collectives, individuals, once, conditions, *rest) in enumerate(
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
                "active": rest[0] if rest else True,
            },
        )


def declare_recipients(model) -> int:
    """Conditions still as first seeded now say whom they judge; returns how
    many award types changed."""
    current = {code: conditions for code, *_x, conditions in (t[:7] for t in AWARD_TYPES)}
    changed = 0
    for award in model.objects.filter(code__in=list(EARLIER_CONDITIONS)):
        if award.conditions == EARLIER_CONDITIONS[award.code]:
            award.conditions = current[award.code]
            award.save(update_fields=["conditions"])
            changed += 1
    return changed


def load() -> None:
    from antq.awards.models import AwardType

    seed(AwardType)
