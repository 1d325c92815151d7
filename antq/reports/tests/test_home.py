"""The home page lists what waits on the user, through their scope only."""

import pytest

from antq.reports.selectors import waiting_for
from tests.world import build_world


@pytest.fixture
def world(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(tree, personas)


def labels(user) -> dict[str, int]:
    return {w.label: w.count for w in waiting_for(user)}


def test_the_province_approver_sees_what_waits_for_the_province(world):
    waiting = labels(world.personas.province_approver)
    assert waiting["Báo cáo thống kê chờ duyệt"] == 2  # commune A's and commune B's reports
    assert waiting["Đề nghị khen thưởng chờ hội đồng xét (Tổng kết năm 2026)"] == 1


def test_a_commune_officer_never_sees_another_communes_work(world, client):
    assert "Báo cáo thống kê chờ duyệt" not in labels(world.personas.officer_b)
    assert not any("khen thưởng" in label for label in labels(world.personas.officer_b))
    client.force_login(world.personas.officer_b)
    page = client.get("/").content.decode()
    assert "Phường Hạ Long" not in page
