from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.audit.models import AuditEntry
from antq.core.periods import parse
from antq.core.workflow import WrongState
from antq.indicators.models import DataValue
from antq.indicators.services import (
    submission_approve,
    submission_return,
    submission_submit,
    values_save,
)
from antq.indicators.validation import parse_value

JULY = parse("202607")


def values(**pairs):
    return {code: {"": Decimal(v) if v is not None else None} for code, v in pairs.items()}


def test_vietnamese_numbers_are_read_as_written(monthly_form):
    indicator = monthly_form.indicators.get(code="TT_LUOT")
    assert parse_value(indicator, "1.480") == 1480
    assert parse_value(indicator, "12") == 12
    with pytest.raises(ValueError, match="không phải là số"):
        parse_value(indicator, "mười")


def test_solved_cases_cannot_exceed_cases(monthly_form, personas, tree):
    with pytest.raises(ValidationError) as caught:
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=JULY,
            values=values(TP_SO_VU=3, TP_KHAM_PHA=5),
        )
    assert "Số vụ khám phá không được lớn hơn số vụ phạm tội." in caught.value.messages
    assert not DataValue.objects.exists()


def test_negative_and_fractional_counts_are_refused(monthly_form, personas, tree):
    with pytest.raises(ValidationError, match="không được nhỏ hơn 0"):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=JULY,
            values=values(TT_BUOI=-1),
        )
    with pytest.raises(ValidationError, match="phải là số nguyên"):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=JULY,
            values=values(TT_BUOI="2.5"),
        )


def test_crime_by_kind_adds_up_to_the_total_checked_by_the_rules(monthly_form, personas, tree):
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=JULY,
        values={"TP_SO_VU": {"trom_cap": Decimal(2), "ma_tuy": Decimal(1)}},
    )
    with pytest.raises(ValidationError):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=JULY,
            values=values(TP_KHAM_PHA=4),
        )
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=JULY,
        values=values(TP_KHAM_PHA=3),
    )


def test_submit_approve_lock_and_reopen_for_a_correction(monthly_form, personas, tree):
    submission = values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=JULY,
        values=values(TT_BUOI=4, NT_TIN_BAO=2),
    )
    with pytest.raises(ValidationError, match="Cần nhập"):
        submission_submit(by=personas.officer_a, submission=submission)
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=JULY,
        values=values(TP_SO_VU=1, TP_KHAM_PHA=1, TNGT_SO_VU=0),
    )
    submission_submit(by=personas.officer_a, submission=submission)
    with pytest.raises(Refused):
        submission_approve(by=personas.officer_a, submission=submission)
    submission_approve(by=personas.province_approver, submission=submission)
    with pytest.raises(WrongState):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=JULY,
            values=values(TT_BUOI=5),
        )
    with pytest.raises(WrongState):  # an approved report is reopened only when asked to
        submission_return(by=personas.province_approver, submission=submission, reason="Sai số")
    submission_return(
        by=personas.province_approver,
        submission=submission,
        reason="Sai số buổi tuyên truyền",
        reopen=True,
    )
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=JULY,
        values=values(TT_BUOI=5),
    )
    notes = list(
        AuditEntry.objects.filter(object_type="indicators.submission").values_list(
            "note", flat=True
        )
    )
    assert "Mở lại để đính chính: Sai số buổi tuyên truyền" in notes
    change = AuditEntry.objects.filter(object_type="indicators.submission", note="").first()
    assert change.before["TT_BUOI"] == {"": "4.0000"} and change.after["TT_BUOI"] == {"": "5"}
    assert change.after["version"] == change.before["version"] + 1


def test_commune_b_cannot_write_commune_a_figures(monthly_form, personas, tree):
    with pytest.raises(Refused):
        values_save(
            by=personas.officer_b,
            form=monthly_form,
            unit=tree.commune_a,
            period=JULY,
            values=values(TT_BUOI=1),
        )


def test_monthly_forms_take_monthly_periods_and_only_communes(monthly_form, personas, tree):
    with pytest.raises(ValidationError):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=parse("2026Q3"),
            values=values(TT_BUOI=1),
        )
    with pytest.raises(ValidationError):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.area_a,
            period=JULY,
            values=values(TT_BUOI=1),
        )
