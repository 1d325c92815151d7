"""Two clerks press "Ban hành" on one drafted plan at the same moment: the plan
is issued once, with one number of the register; the other clerk is told it
is issued already (WrongState, 409) and the register's next number is still
free. SQLite runs one writer at a time and hides the race: PostgreSQL only."""

from datetime import date

from antq.core.workflow import WrongState
from antq.documents.models import Document
from antq.documents.tests.conftest import body_of, holder
from antq.plans.models import Plan
from antq.plans.services import plan_issue
from antq.plans.tests.test_issued_on_the_register import drafted
from conftest import run_at_once


def test_a_plan_issued_by_two_clerks_at_once_is_issued_once_with_one_number(
    postgresql_only, tree, personas
):
    by = personas.province_approver
    holder(body_of(tree.province), "CHỦ TỊCH", "Nguyễn Văn Hải", start=date(2021, 1, 1))
    plan = drafted(by, tree.province)

    def press(_i: int):
        return plan_issue(by=by, plan=Plan.objects.get(pk=plan.pk), day=date(2026, 11, 20))

    outcomes = run_at_once(press, 2)

    assert sorted(type(o).__name__ for o in outcomes) == ["Plan", "WrongState"], outcomes
    refused = next(o for o in outcomes if isinstance(o, WrongState))
    assert refused.current == "issued"
    plan.refresh_from_db()
    assert (plan.number, plan.symbol) == ("01", "KH-UBND")
    issued = Document.objects.filter(body=body_of(tree.province), status="issued")
    assert list(issued.values_list("number", flat=True)) == [1]
    # the next plan takes 02: the loser took no number
    second = plan_issue(by=by, plan=drafted(by, tree.province), day=date(2026, 11, 21))
    assert second.number == "02"
