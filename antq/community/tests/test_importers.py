"""Models with their sites from a spreadsheet: all or nothing."""

import io

import pytest

from antq.community.importers import models_import
from antq.community.models import CommunityModel, Site
from antq.core.tabular import TabularError

HEADER = (
    "Tên mô hình;Nhóm;Cơ quan chủ trì;Mã đơn vị đăng ký;Ngày bắt đầu;Mã đơn vị áp dụng;"
    "Số tổ, nhóm;Số tham gia;Tính theo\n"
)
GOOD = [
    "Camera an ninh;Công nghệ, camera, cảnh báo;Công an;06688;01/08/2025;06688-001;2;120;hộ",
    "Camera an ninh;Công nghệ, camera, cảnh báo;Công an;06688;01/08/2025;06688-002;1;40;hộ",
    "Tổ liên gia tự quản;Liên gia, liên hộ tự quản;Mặt trận Tổ quốc;06688;01/09/2025;06688-001;"
    "5;60;thành viên",
]


def csv_upload(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(rows) + "\n").encode())


def test_models_and_sites_import_whole_and_twice_adds_nothing(tree, personas):
    result = models_import(upload=csv_upload(*GOOD), filename="mh.csv", by=personas.officer_a)
    assert (result.models, result.created, result.unchanged) == (2, 3, 0)
    camera = CommunityModel.objects.get(name="Camera an ninh")
    assert camera.sites.count() == 2
    again = models_import(upload=csv_upload(*GOOD), filename="mh.csv", by=personas.officer_a)
    assert (again.models, again.created, again.unchanged) == (0, 0, 3)


def test_one_bad_row_rejects_the_file(tree, personas):
    upload = csv_upload(
        GOOD[0],
        "Camera an ninh;Công nghệ, camera, cảnh báo;Công an;06688;01/08/2025;06673-001;1;5;hộ",
        "Mô hình mới;Không có nhóm này;Công an;06688;01/08/2025;06688-001;-1;5;hộ",
    )
    with pytest.raises(TabularError) as caught:
        models_import(upload=upload, filename="mh.csv", by=personas.officer_a)
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 3, cột F (Mã đơn vị áp dụng): Không có đơn vị mã 06673-001 vào ngày 01/08/2025 "
        "trong phạm vi của bạn.",
        "Dòng 4, cột B (Nhóm): Không có nhóm “Không có nhóm này”.",
        "Dòng 4, cột G (Số tổ, nhóm): Phải là số nguyên không âm.",
    ]
    assert not CommunityModel.objects.exists() and not Site.objects.exists()
