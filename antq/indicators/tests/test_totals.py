"""Province totals stay in step with the values on every write path, and a
national roll-up read from them equals one aggregated from the values."""

import io
import json
from decimal import Decimal

from django.core.management import call_command

from antq.core.actors import SYSTEM
from antq.core.models import Job
from antq.core.periods import parse
from antq.indicators.importers import parse_payload, values_import
from antq.indicators.models import (
    DataValue,
    FormIndicator,
    Indicator,
    ProvinceTotal,
    ReportForm,
    Submission,
)
from antq.indicators.selectors import _raw_rollup, rollup
from antq.indicators.services import (
    submission_approve,
    submission_return,
    submissions_approve,
    values_save,
)
from antq.indicators.totals import approval_delta, totals_mismatches, totals_rebuild
from antq.units.placement import placed_models, restate_all

from .conftest import put as put_draft
from .conftest import put_approved as put


def from_values(indicator, period, by_child=True):
    """The same roll-up aggregated from the values (a root below the nation
    forces that path; the nation's own rows are compared province by province)."""
    from antq.units.models import Unit

    result = {}
    for province in Unit.objects.filter(type="province", valid_to__isnull=True):
        rows = _raw_rollup(indicator, province, period, "restated", False)
        if rows:
            result[province.pk] = rows[None]
    return result


def test_entry_import_and_deletion_keep_totals_and_the_national_rollup_right(
    monthly_form, personas, tree
):
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=parse("202607"),
        values={"TT_BUOI": {"": Decimal(4)}},
    )
    values_import(
        by=personas.officer_b,
        rows=parse_payload(
            json.dumps(
                {
                    "dataValues": [
                        {
                            "dataElement": "TT_BUOI",
                            "period": "202607",
                            "orgUnit": "06673",
                            "value": "6",
                        },
                        {
                            "dataElement": "TT_BUOI",
                            "period": "202507",
                            "orgUnit": "06673",
                            "value": "5",
                        },
                    ]
                }
            )
        ),
    )
    # figures count approved data: approving the reports adds them to the totals
    Submission.objects.update(status=Submission.Status.SUBMITTED)
    submissions_approve(by=personas.province_approver, submissions=list(Submission.objects.all()))
    assert not totals_mismatches()
    indicator = Indicator.objects.get(code="TT_BUOI")
    national = rollup(indicator=indicator, root=None, period=parse("2026Q3"))
    assert [(r.name, r.current, r.previous) for r in national] == [("Tỉnh Quảng Ninh", 10, 5)]
    assert {r.key: (r.current, r.previous) for r in national} == from_values(
        indicator, parse("2026Q3")
    )
    reopened = Submission.objects.get(unit=tree.commune_a, period="202607")
    submission_return(by=personas.province_approver, submission=reopened, reason="Sửa", reopen=True)
    assert not totals_mismatches()  # reopened: its values count no more
    assert [
        (r.current, r.previous)
        for r in rollup(indicator=indicator, root=None, period=parse("2026Q3"))
    ] == [(6, 5)]
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=parse("202607"),
        values={"TT_BUOI": {"": None}},
    )
    Submission.objects.filter(pk=reopened.pk).update(status=Submission.Status.SUBMITTED)
    submission_approve(by=personas.province_approver, submission=reopened)
    assert not totals_mismatches()
    national = rollup(indicator=indicator, root=None, period=parse("2026Q3"))
    assert [(r.current, r.previous) for r in national] == [(6, 5)]


def test_end_of_period_and_average_indicators_read_correctly_from_totals(monthly_form, tree):
    for month, teams in (("202607", 9), ("202608", 10), ("202609", 11)):
        put(tree.commune_a, month, LL_SO_TO=teams)
        put(tree.commune_b, month, LL_SO_TO=2)
    teams = Indicator.objects.get(code="LL_SO_TO")
    assert rollup(indicator=teams, root=None, period=parse("2026Q3"))[0].current == 13
    people = Indicator.objects.get(code="TT_LUOT")
    people.aggregation = Indicator.Aggregation.AVERAGE
    people.save()
    put(tree.commune_a, "202607", TT_LUOT=100)
    put(tree.commune_b, "202607", TT_LUOT=300)
    assert rollup(indicator=people, root=None, period=parse("202607"))[0].current == 200


def test_restating_after_a_boundary_change_moves_values_and_totals(
    monthly_form, tree, merged_commune
):
    old, new = merged_commune
    put(old, "202406", TT_BUOI=7)
    from antq.indicators.models import DataValue

    DataValue.objects.update(restated_province=None, restated_commune=None)
    totals_rebuild()
    assert not ProvinceTotal.objects.filter(view="restated").exists()
    assert restate_all(by=SYSTEM)["indicators.datavalue"] == 1
    row = DataValue.objects.get()
    assert (row.restated_province, row.restated_commune) == (tree.vinh_long, new)
    indicator = Indicator.objects.get(code="TT_BUOI")
    national = rollup(indicator=indicator, root=None, period=parse("202406"))
    assert [(r.name, r.current) for r in national] == [("Tỉnh Vĩnh Long", 7)]


def test_antq_restate_runs_on_the_queue_and_reports_what_it_moved(
    monthly_form, tree, merged_commune
):
    old, new = merged_commune
    put(old, "202406", TT_BUOI=7)
    DataValue.objects.update(restated_province=None, restated_commune=None)
    totals_rebuild()
    out = io.StringIO()
    call_command("restate", stdout=out)
    job = Job.objects.get(kind="restate")
    # every placed model was restated (none registered itself): only the value moved;
    # the units' carriers are refreshed first (none changed here)
    models = placed_models()
    steps = {model._meta.label_lower: 0 for model in models} | {"indicators.datavalue": 1}
    steps["units.unit"] = 0
    assert (job.status, job.result, job.done, job.total) == (
        "done",
        steps,
        len(models),
        len(models),
    )
    assert "Xong: 1 bản ghi được quy về đơn vị hiện nay." in out.getvalue()
    assert DataValue.objects.get().restated_commune == new
    assert totals_mismatches() == []


def test_the_national_fast_path_counts_approved_data_only_and_equals_the_values(
    monthly_form, personas, tree
):
    """A draft (entered and imported) and a submitted report move no national
    figure; approving adds them, reopening takes them away, and at each step
    the totals equal the roll-up aggregated from the approved values."""
    indicator = Indicator.objects.get(code="TT_BUOI")
    month = parse("202607")

    def national():
        rows = rollup(indicator=indicator, root=None, period=month)
        assert {r.key: (r.current, r.previous) for r in rows} == from_values(indicator, month)
        assert totals_mismatches() == []
        return [r.current for r in rows]

    put(tree.commune_b, "202607", TT_BUOI=3)  # approved
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=month,
        values={"TT_BUOI": {"": Decimal(1480)}},
    )  # a draft
    assert national() == [3]
    row = {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06688", "value": "1500"}
    imported = values_import(
        by=personas.officer_a, rows=parse_payload(json.dumps({"dataValues": [row]}))
    )
    assert imported.updated == 1  # a draft changed by an import
    assert national() == [3]
    draft = Submission.objects.get(unit=tree.commune_a, period="202607")
    Submission.objects.filter(pk=draft.pk).update(status=Submission.Status.SUBMITTED)
    assert national() == [3]  # submitted is not approved
    submission_approve(by=personas.province_approver, submission=draft)
    assert national() == [3 + 1500]
    draft.refresh_from_db()
    submission_return(by=personas.province_approver, submission=draft, reason="Sai số", reopen=True)
    assert national() == [3]
    assert ProvinceTotal.objects.filter(count__gt=0).count() == 2  # commune B's, two views
    totals_rebuild()
    assert national() == [3]


def test_approving_many_reports_sums_their_values_in_one_query_and_counts_a_shared_value_once(
    monthly_form, personas, tree, django_assert_max_num_queries
):
    """A page of the approval queue approved at once moves the totals by one
    grouped read, however many reports; a value that two of the reports carry
    (two forms of the same month with a common indicator) counts once."""
    outreach = ReportForm.objects.create(
        code="BC-TT-XA", name="Tuyên truyền", period_type="monthly"
    )
    FormIndicator.objects.create(form=outreach, indicator=Indicator.objects.get(code="TT_BUOI"))
    for unit, sessions in ((tree.commune_a, 4), (tree.commune_b, 6)):
        put_draft(unit, "202607", TT_BUOI=sessions, NT_TIN_BAO=1)
    period = parse("202607")
    for form in (monthly_form, outreach):
        for unit in (tree.commune_a, tree.commune_b):
            Submission.objects.update_or_create(
                form=form, unit=unit, period=period.id,
                defaults={"period_start": period.start, "status": Submission.Status.SUBMITTED},
            )  # fmt: skip
    reports = list(Submission.objects.select_related("unit", "form"))
    with django_assert_max_num_queries(1):
        delta = approval_delta(reports, counting=True)
    assert bool(delta)
    submissions_approve(by=personas.province_approver, submissions=reports)
    assert totals_mismatches() == []
    indicator = Indicator.objects.get(code="TT_BUOI")
    assert [r.current for r in rollup(indicator=indicator, root=None, period=period)] == [10]
