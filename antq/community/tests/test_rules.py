"""The rules of models, sites, evaluations and exemplary examples."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.audit.models import AuditEntry
from antq.community.models import Example, Site
from antq.community.selectors import model_summary, models_for, sites_of
from antq.community.services import (
    ExampleInput,
    example_create,
    model_recognise,
    model_register,
    site_add,
    site_evaluate,
)
from antq.community.tests.conftest import model_input
from antq.core.periods import parse
from antq.indicators.models import Indicator
from antq.indicators.selectors import rollup
from antq.indicators.services import catalogue_load


def test_a_model_is_registered_with_its_first_site_and_audited(tree, personas, camera_a):
    site = camera_a.sites.get()
    assert (site.unit, site.groups, site.participants) == (tree.area_a, 2, 120)
    assert AuditEntry.objects.filter(object_type="community.communitymodel").count() == 1
    assert AuditEntry.objects.filter(object_type="community.site").count() == 1


def test_replicating_creates_a_site_linked_to_its_origin(tree, personas, camera_a):
    from conftest import make_unit

    second = make_unit(parent=tree.commune_a, code="06688-020", name="Khu phố Hải Yến")
    origin = camera_a.sites.get()
    replica = site_add(
        by=personas.officer_a,
        model=camera_a,
        unit=second,
        started_on=date(2026, 3, 1),
        participants=80,
        origin=origin,
    )
    assert replica.origin == origin
    assert list(origin.replicas.all()) == [replica]


def test_a_communes_model_runs_only_inside_the_commune(tree, personas, camera_a):
    with pytest.raises(Refused):
        site_add(
            by=personas.officer_a, model=camera_a, unit=tree.area_b, started_on=date(2026, 1, 1)
        )
    with pytest.raises(ValidationError) as caught:
        site_add(
            by=personas.province_approver,
            model=camera_a,
            unit=tree.area_b,
            started_on=date(2026, 1, 1),
        )
    assert caught.value.message_dict["unit"] == [
        "Khu phố Hòa Bình ở ngoài địa bàn của Phường Hạ Long, đơn vị đăng ký mô hình; đăng ký "
        "mô hình ở cấp trên hoặc ở đơn vị mới (ghi nguồn nhân rộng)."
    ]
    assert Site.objects.count() == 1


def test_site_and_model_dates_follow_the_units_history(tree, personas):
    with pytest.raises(ValidationError) as caught:
        model_register(
            by=personas.officer_a,
            data=model_input(tree.commune_a, started_on=date(2025, 3, 1)),
        )
    assert caught.value.message_dict["started_on"] == [
        "Phường Hạ Long không tồn tại vào ngày 01/03/2025."
    ]
    older = model_register(
        by=personas.officer_a,
        data=model_input(tree.old_commune, name="Tiếng kẻng an ninh", started_on=date(2024, 5, 1)),
    )
    assert older.restated_commune == tree.commune_a and older.scope_path == tree.commune_a.path
    assert list(models_for(personas.officer_a, root=tree.commune_a)) == [older]
    assert not models_for(personas.officer_b).exists()


def test_evaluations_one_per_site_and_year(tree, personas, camera_a):
    site = camera_a.sites.get()
    site_evaluate(by=personas.officer_a, site=site, year=2025, result="partly")
    site_evaluate(by=personas.officer_a, site=site, year=2025, result="effective", note="Giảm trộm")
    assert [(e.year, e.result) for e in site.evaluations.all()] == [(2025, "effective")]
    with pytest.raises(ValidationError) as caught:
        site_evaluate(by=personas.officer_a, site=site, year=2024, result="effective")
    assert "Đánh giá năm từ 2025" in caught.value.messages[0]


def test_counts_by_category_and_lead_organisation(tree, personas, camera_a):
    model_register(
        by=personas.officer_a,
        data=model_input(
            tree.commune_a,
            name="Tổ liên gia tự quản",
            category=camera_a.category.__class__.objects.get(code="lien_gia"),
            lead_organisation="mat_tran",
        ),
        site_unit=tree.area_a,
    )
    model_recognise(by=personas.officer_a, model=camera_a, year=2026)
    summary = model_summary(personas.officer_a, root=tree.commune_a, day=date(2026, 11, 1))
    assert (summary.models, summary.sites, summary.exemplary) == (2, 2, 1)
    assert {r["name"]: r["sites"] for r in summary.by_lead} == {
        "Công an": 1,
        "Mặt trận Tổ quốc": 1,
    }


def test_sites_and_examples_are_counted_into_the_statistics(tree, personas, camera_a):
    catalogue_load()
    example_create(
        by=personas.officer_a,
        data=ExampleInput(
            kind="collective",
            unit=tree.area_a,
            year=2026,
            achievement="Ba năm liền không có tội phạm",
        ),
    )
    sites = rollup(
        indicator=Indicator.objects.get(code="MH_DIEM"), root=tree.province, period=parse("2025")
    )
    # a site counts where it runs at the period's end (31/12/2025), and a year before
    assert [(r.name, r.current, r.previous) for r in sites] == [("Phường Hạ Long", 1, 0)]
    examples = rollup(
        indicator=Indicator.objects.get(code="DH_DIEN_HINH"),
        root=tree.commune_a,
        period=parse("2026"),
        by_child=False,
    )
    assert examples[0].current == 1


def test_an_exemplary_individual_needs_a_name_a_collective_none(tree, personas):
    with pytest.raises(ValidationError) as caught:
        example_create(
            by=personas.officer_a,
            data=ExampleInput(kind="individual", unit=tree.area_a, year=2026, achievement="x"),
        )
    assert caught.value.message_dict["person_name"] == ["Nhập họ và tên của cá nhân điển hình."]
    assert not Example.objects.exists()
    assert not sites_of(personas.officer_b, camera_a_model(tree, personas)).exists()


def camera_a_model(tree, personas):
    return model_register(
        by=personas.officer_a, data=model_input(tree.commune_a), site_unit=tree.area_a
    )
