"""A monthly form opened before a colleague saved never silently reverts their
figures: it answers 409 with what changed, like every stale write."""

from decimal import Decimal

from django.test import Client

from antq.core.periods import parse
from antq.indicators.models import DataValue, ReportForm, Submission
from antq.indicators.services import values_save

FIGURES = {"v__TT_BUOI": "12", "v__NT_TIN_BAO": "3", "v__TP_SO_VU__trom_cap": "2",
           "v__TP_KHAM_PHA": "1", "v__TNGT_SO_VU": "0"}  # fmt: skip


def _url(world, period="202611"):
    return f"/thong-ke/BC-THANG-XA/{world.tree.commune_a.pk}/{period}/"


def _buoi(world) -> Decimal | None:
    row = DataValue.objects.filter(
        unit=world.tree.commune_a, period="202611", indicator__code="TT_BUOI"
    ).first()
    return row.value if row else None


def test_a_form_opened_before_the_report_existed_does_not_revert_a_colleagues_save(world):
    officer = Client()
    officer.force_login(world.personas.officer_a)
    page = officer.get(_url(world))
    opened_at = page.context["form"]["version"].value()
    assert opened_at == 0
    values_save(  # the colleague saves first
        by=world.personas.province_approver,
        form=ReportForm.objects.get(code="BC-THANG-XA"),
        unit=world.tree.commune_a,
        period=parse("202611"),
        values={"TT_BUOI": {"": Decimal(40)}},
    )
    answer = officer.post(_url(world), FIGURES | {"version": str(opened_at)})
    assert answer.status_code == 409
    assert "sửa sau khi bạn mở" in answer.content.decode()
    assert _buoi(world) == 40


def test_a_form_opened_at_an_older_version_answers_409_and_keeps_the_newer_figures(world):
    form = ReportForm.objects.get(code="BC-THANG-XA")
    officer = Client()
    officer.force_login(world.personas.officer_a)
    officer.post(_url(world), FIGURES | {"version": "0"})
    opened_at = Submission.objects.get(unit=world.tree.commune_a, period="202611").version
    values_save(
        by=world.personas.province_approver,
        form=form,
        unit=world.tree.commune_a,
        period=parse("202611"),
        values={"TT_BUOI": {"": Decimal(40)}},
    )
    answer = officer.post(_url(world), FIGURES | {"version": str(opened_at)})
    assert answer.status_code == 409
    assert _buoi(world) == 40


def test_the_first_save_of_a_new_report_goes_through(world):
    officer = Client()
    officer.force_login(world.personas.officer_a)
    answer = officer.post(_url(world), FIGURES | {"version": "0"})
    assert answer.status_code == 302
    assert _buoi(world) == 12
