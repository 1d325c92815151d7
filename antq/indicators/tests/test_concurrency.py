"""At the deadline every commune of a province saves at once: each save must
succeed, and the province totals must still equal the sum of the values.

SQLite runs one writer at a time and hides races, so these tests run on
PostgreSQL (CI runs the suite there too)."""

import json
import threading
from decimal import Decimal

from django.db import connections
from django.test import Client

from antq.accounts.models import Role
from antq.core.actors import SYSTEM
from antq.indicators.models import DataValue, ProvinceTotal, ReportForm, Submission
from antq.indicators.services import catalogue_load, submission_approve
from antq.indicators.totals import totals_mismatches
from antq.units.models import Unit
from conftest import make_unit, make_user, run_at_once

SAVERS = 12


def monthly_payload(commune: Unit, seed: int) -> str:
    values = {
        "TT_BUOI": 3 + seed,
        "TT_LUOT": 120 + seed,
        "NT_TIN_BAO": 7,
        "NT_TIN_GIA_TRI": 2,
        "TP_SO_VU": 4,
        "TP_KHAM_PHA": 3,
        "TNGT_SO_VU": 1,
    }
    return json.dumps(
        {
            "dataValues": [
                {"dataElement": code, "period": "202611", "orgUnit": commune.code, "value": str(v)}
                for code, v in values.items()
            ]
        }
    )


def test_communes_of_one_province_saving_at_once_all_succeed_and_totals_add_up(
    postgresql_only,
):
    catalogue_load()
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    communes = [
        make_unit(parent=province, code=f"0{6600 + i}", name=f"Phường Số {i}", type="commune")
        for i in range(SAVERS)
    ]
    officers = [make_user(f"xa{i}", Role.DATA_ENTRY, commune) for i, commune in enumerate(communes)]

    def save(i: int):
        client = Client()
        client.force_login(officers[i])
        response = client.post(
            "/api/v1/statistics/dataValueSets",
            monthly_payload(communes[i], i),
            content_type="application/json",
        )
        return response.status_code, response.json()

    results = run_at_once(save, SAVERS)

    assert [r if isinstance(r, Exception) else r[0] for r in results] == [200] * SAVERS
    assert DataValue.objects.filter(period="202611").count() == SAVERS * 7
    assert totals_mismatches() == []
    # drafts count nowhere: the province totals hold approved values only
    assert not ProvinceTotal.objects.filter(province=province).exists()

    # the approver approves every report at once: each approval adds its values
    Submission.objects.filter(period="202611").update(status=Submission.Status.SUBMITTED)
    reports = list(Submission.objects.filter(period="202611").order_by("pk"))
    approved = run_at_once(
        lambda i: submission_approve(by=SYSTEM, submission=reports[i]), len(reports)
    )

    assert not [r for r in approved if isinstance(r, Exception)], approved
    assert totals_mismatches() == []
    buoi = ProvinceTotal.objects.get(
        indicator__code="TT_BUOI", view="restated", province=province, period_start="2026-11-01"
    )
    assert buoi.total == Decimal(sum(3 + i for i in range(SAVERS)))
    assert buoi.count == SAVERS


def test_a_second_round_of_corrections_at_once_moves_the_totals_by_the_changes(
    postgresql_only,
):
    """Updates and deletions apply their difference, not a recount."""
    from antq.core.periods import parse
    from antq.indicators.services import write_values

    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    communes = [
        make_unit(parent=province, code=f"0{6700 + i}", name=f"Xã Số {i}", type="commune")
        for i in range(SAVERS)
    ]
    period = parse("202611")
    for commune in communes:  # approved reports: their values count in the totals
        Submission.objects.create(
            form=form, unit=commune, period=period.id, period_start=period.start,
            status=Submission.Status.APPROVED,
        )  # fmt: skip

    def save(i: int, amount: int | None):
        # as a correction or an import writes an approved report's values
        return write_values(
            by=SYSTEM,
            unit=Unit.objects.get(pk=communes[i].pk),
            period=period,
            values={"TT_BUOI": {"": None if amount is None else Decimal(amount)}},
            comments={},
        )

    first = run_at_once(lambda i: save(i, 10), SAVERS)
    assert not [r for r in first if isinstance(r, Exception)], first
    # half the communes correct their figure, the other half clear it
    results = run_at_once(lambda i: save(i, 1 if i % 2 else None), SAVERS)

    assert not [r for r in results if isinstance(r, Exception)]
    assert totals_mismatches() == []
    buoi = ProvinceTotal.objects.get(
        indicator__code="TT_BUOI", view="restated", province=province, period_start="2026-11-01"
    )
    assert (buoi.total, buoi.count) == (Decimal(SAVERS // 2), SAVERS // 2)


def test_concurrent_moves_of_one_report_end_in_exactly_one_transition(postgresql_only):
    """Four reviewers click "Duyệt" at once: one approval happens, the others are
    told the report already moved (409). (Approve then return is a legitimate
    sequence, a reopening, so the clicks here are all the same move.)"""
    from antq.audit.models import AuditEntry
    from antq.core.periods import parse
    from antq.indicators.models import Submission
    from antq.indicators.services import submission_submit, values_save

    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    commune = make_unit(parent=province, code="06688", name="Phường Hạ Long", type="commune")
    reviewers = [make_user(f"duyet{i}", Role.APPROVER, province) for i in range(4)]
    values = {
        code: {"": Decimal(1)} for code in ("TT_BUOI", "NT_TIN_BAO", "TP_KHAM_PHA", "TNGT_SO_VU")
    } | {"TP_SO_VU": {"trom_cap": Decimal(1)}}
    submission = values_save(
        by=SYSTEM, form=form, unit=commune, period=parse("202611"), values=values
    )
    submission_submit(by=SYSTEM, submission=submission)
    moves = ["approve"] * 4

    def move(i: int):
        client = Client()
        client.force_login(reviewers[i])
        url = f"/api/v1/statistics/submissions/{submission.pk}/{moves[i]}"
        body = {"reason": "Sai số"} if moves[i] == "return" else {}
        return client.post(url, body, content_type="application/json").status_code

    codes = run_at_once(move, 4)

    assert sorted(codes) == [200, 409, 409, 409], codes
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    approvals = AuditEntry.objects.filter(
        object_type="indicators.submission", object_id=str(submission.pk), note="Duyệt báo cáo"
    )
    assert approvals.count() == 1


def test_an_approve_and_a_return_at_once_end_in_exactly_one_move(postgresql_only):
    """Two reviewers of one submitted report: one approves, the other returns
    it, at the same moment, eight times over. Exactly one of them wins each
    time; the other is told the report moved (409). A return no longer turns
    into the reopening of the report just approved (that needs `reopen`)."""
    from antq.audit.models import AuditEntry
    from antq.core.periods import parse
    from antq.indicators.services import submission_submit, values_save

    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    commune = make_unit(parent=province, code="06688", name="Phường Hạ Long", type="commune")
    reviewers = [make_user(f"duyet{i}", Role.APPROVER, province) for i in range(2)]
    values = {
        code: {"": Decimal(1)} for code in ("TT_BUOI", "NT_TIN_BAO", "TP_KHAM_PHA", "TNGT_SO_VU")
    } | {"TP_SO_VU": {"trom_cap": Decimal(1)}}
    for month in range(1, 9):
        submission = values_save(
            by=SYSTEM, form=form, unit=commune, period=parse(f"2026{month:02d}"), values=values
        )
        submission_submit(by=SYSTEM, submission=submission)

        def move(i: int, pk=submission.pk):
            client = Client()
            client.force_login(reviewers[i])
            url = f"/api/v1/statistics/submissions/{pk}/" + ("approve", "return")[i]
            body = {"reason": "Sai số"} if i else {}
            return client.post(url, body, content_type="application/json").status_code

        codes = run_at_once(move, 2)
        assert sorted(codes) == [200, 409], (month, codes)
        submission.refresh_from_db()
        won = "approved" if codes[0] == 200 else "returned"
        assert submission.status == won
        entries = AuditEntry.objects.filter(
            object_type="indicators.submission", object_id=str(submission.pk)
        )
        moves = [e.note for e in entries if e.note == "Duyệt báo cáo" or e.note[:7] == "Trả lại"]
        assert len(moves) == 1, moves


def test_a_report_submitted_while_an_import_validates_keeps_its_figures(postgresql_only):
    """The import checks that a report is still open, then writes: a submission
    landing in between must win, and the import must write nothing."""
    from django.db import transaction

    from antq.core.periods import parse
    from antq.indicators.importers import parse_payload, values_import
    from antq.indicators.services import submission_submit, values_save

    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    commune = make_unit(parent=province, code="06688", name="Phường Hạ Long", type="commune")
    values = {
        code: {"": Decimal(1)} for code in ("TT_BUOI", "NT_TIN_BAO", "TP_KHAM_PHA", "TNGT_SO_VU")
    } | {"TP_SO_VU": {"trom_cap": Decimal(1)}}
    submission = values_save(
        by=SYSTEM, form=form, unit=commune, period=parse("202611"), values=values
    )
    submitting, imported = threading.Event(), threading.Event()
    outcome: dict = {}

    def officer_submits() -> None:
        try:
            with transaction.atomic():
                submission_submit(by=SYSTEM, submission=Submission.objects.get(pk=submission.pk))
                submitting.set()
                imported.wait(timeout=2)  # the import validates meanwhile, then waits or not
        finally:
            connections.close_all()

    def file_imports() -> None:
        try:
            submitting.wait(timeout=30)
            rows = parse_payload(monthly_payload(commune, 40))  # TT_BUOI = 43
            outcome["summary"] = values_import(by=SYSTEM, rows=rows, source="tệp")
            imported.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer_submits), threading.Thread(target=file_imports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcome["summary"].conflicts, "the import wrote into a report submitted meanwhile"
    assert "đã nộp hoặc đã duyệt" in outcome["summary"].conflicts[0]["value"]
    assert DataValue.objects.get(indicator__code="TT_BUOI").value == Decimal(1)
    assert totals_mismatches() == []


def test_one_new_report_saved_by_several_clients_at_once_moves_once_per_save(postgresql_only):
    """Several clients create the same new report at once (a retried upload,
    two officers of one commune): one creates it, the others find it made by
    another writer and move it on; each save is one version and one audit
    entry, and none is lost."""
    from antq.audit.models import AuditEntry

    catalogue_load()
    province = make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    commune = make_unit(parent=province, code="06600", name="Phường Số 0", type="commune")
    officer = make_user("xa0", Role.DATA_ENTRY, commune)
    clients = 6

    def save(i: int):
        client = Client()
        client.force_login(officer)
        response = client.post(
            "/api/v1/statistics/dataValueSets",
            monthly_payload(commune, i),
            content_type="application/json",
        )
        return response.status_code

    assert run_at_once(save, clients) == [200] * clients
    report = Submission.objects.get(unit=commune, period="202611")
    assert report.version == 1 + clients  # created at 1, moved once by each save
    moves = AuditEntry.objects.filter(object_type="indicators.submission", object_id=report.pk)
    assert sorted((e.before["version"], e.after["version"]) for e in moves) == [
        (v, v + 1) for v in range(1, 1 + clients)
    ]
    assert DataValue.objects.filter(unit=commune, period="202611").count() == 7
