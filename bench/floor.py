"""The surge benchmark's floor: the work of antq's three deadline calls (save,
find, submit), hand-written in SQL with no framework around it, mounted only
by bench/floor_settings.py. Like for like with antq:

- every call authenticates its bearer token (SHA-256 looked up, owner
  active, token unexpired and unrevoked) and reads the caller's assignments;
- the save checks the unit is in the caller's scope and reports this form,
  each value (known indicator, option of it, a number within its bounds) and
  the form's rules on the report as it will stand; creates and locks the
  report row, refuses a submitted one, moves it to a new version, upserts the
  values, writes one audit row for the report and one for the import; it
  answers the report id (the province totals count approved values only:
  they move when a report is approved, in neither antq's save nor the
  floor's);
- the find lists the form's reports for the period within the caller's scope;
- the submit locks the report, checks its state, the required values and
  the rules, moves it to submitted with a new version and an audit row.

Each process reads the catalogue once (as antq now does); nothing else is
cached. Rows written per save: the same as antq's (values, report, audit
rows)."""

import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from antq.core.periods import parse
from antq.indicators.snapshot import catalogue_snapshot
from antq.indicators.validation import rule_problems, totals
from antq.units.models import Unit
from antq.units.placement import unit_place
from antq.urls import urlpatterns as antq_urls

CATALOGUE = {}


def _catalogue():
    if not CATALOGUE:
        snapshot = catalogue_snapshot()
        CATALOGUE.update(
            {
                "ids": dict(snapshot.indicator_ids),
                "indicators": dict(snapshot.indicators),
                "spec": snapshot.forms[next(iter(snapshot.forms))],
            }
        )
    return CATALOGUE


def _auth(request, cursor):
    """(user id, [(path, role)]) of the bearer token, or None."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    key = hashlib.sha256(header[7:].encode()).hexdigest()
    cursor.execute(
        "SELECT t.id, t.user_id FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id "
        "WHERE t.key_hash = %s AND t.expires_at > now() AND t.revoked_at IS NULL AND u.is_active",
        [key],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    cursor.execute(
        "SELECT u.path, a.role FROM accounts_assignment a JOIN units_unit u ON u.id = a.unit_id "
        "WHERE a.user_id = %s",
        [row[1]],
    )
    return row[1], cursor.fetchall()


def _in_scope(paths, unit_path: str) -> bool:
    return any(unit_path.startswith(p) for p, _role in paths)


def _audit(cursor, user_id, object_type, object_id, unit_path, before, after, note=""):
    cursor.execute(
        "INSERT INTO audit_auditentry (at, actor_id, actor_name, action, source, object_type, "
        "object_id, object_repr, unit_path, before, after, note) "
        "VALUES (now(), %s, '', 'update', 'api', %s, %s, '', %s, %s, %s, %s)",
        [user_id, object_type, object_id, unit_path, json.dumps(before), json.dumps(after), note],
    )


def _refuse(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": []}, status=status)


@csrf_exempt
def floor_save(request):
    catalogue = _catalogue()
    spec = catalogue["spec"]
    with transaction.atomic(), connection.cursor() as cursor:
        auth = _auth(request, cursor)
        if auth is None:
            return _refuse(401, "token")
        user_id, paths = auth
        rows = json.loads(request.body)["dataValues"]
        unit = Unit.objects.get(code=rows[0]["orgUnit"], valid_to__isnull=True)
        if not _in_scope(paths, unit.path) or unit.type not in spec.form.unit_types:
            return _refuse(403, "scope")
        period = parse(rows[0]["period"])
        values: dict[tuple[str, str], Decimal] = {}
        for row in rows:
            indicator = catalogue["indicators"].get(row["dataElement"])
            option = row.get("categoryOptionCombo", "")
            try:
                value = Decimal(row["value"])
            except InvalidOperation:
                return _refuse(409, "value")
            if (
                indicator is None
                or indicator.code not in spec.lines
                or (option and option not in spec.options[indicator.code])
                or value < (indicator.min_value or 0)
                or (indicator.max_value is not None and value > indicator.max_value)
            ):
                return _refuse(409, "value")
            values[(indicator.code, option)] = value
        cursor.execute(
            "INSERT INTO indicators_submission (form_id, unit_id, period, period_start, status, "
            "return_reason, version) VALUES (%s, %s, %s, %s, 'draft', '', 1) "
            "ON CONFLICT DO NOTHING",
            [spec.form.pk, unit.pk, period.id, period.start],
        )
        cursor.execute(
            "SELECT id, status, version FROM indicators_submission WHERE form_id = %s AND "
            "unit_id = %s AND period = %s FOR UPDATE",
            [spec.form.pk, unit.pk, period.id],
        )
        report_id, status, version = cursor.fetchone()
        if status not in ("draft", "returned"):
            return _refuse(409, "locked")
        cursor.execute(
            "SELECT indicator_id, option, value FROM indicators_datavalue "
            "WHERE unit_id = %s AND period = %s",
            [unit.pk, period.id],
        )
        old = {(i, o): v for i, o, v in cursor.fetchall()}
        merged: dict[str, dict[str, Decimal]] = {}
        by_id = {pk: code for code, pk in catalogue["ids"].items()}
        for (indicator_id, option), value in old.items():
            merged.setdefault(by_id[indicator_id], {})[option] = value
        for (code, option), value in values.items():
            merged.setdefault(code, {})[option] = value
        if rule_problems(spec, totals(merged)):
            return _refuse(409, "rule")
        cursor.execute(
            "UPDATE indicators_submission SET version = version + 1 WHERE id = %s", [report_id]
        )
        _audit(cursor, user_id, "indicators.submission", report_id, unit.path,
               {"version": version}, {"version": version + 1})  # fmt: skip
        place = unit_place(unit)
        now = timezone.now()
        params = []
        for (code, option), value in values.items():
            indicator_id = catalogue["ids"][code]
            params.append(
                (indicator_id, unit.pk, period.id, period.type, period.start, option, value,
                 place["published_province_id"], place["published_commune_id"],
                 place["restated_province_id"], place["restated_commune_id"], user_id, now)
            )  # fmt: skip
        cursor.executemany(
            "INSERT INTO indicators_datavalue (indicator_id, unit_id, period, period_type, "
            "period_start, option, value, comment, published_province_id, published_commune_id, "
            "restated_province_id, restated_commune_id, stored_by_id, updated_at) "
            "VALUES (%s,%s,%s,%s,%s,%s,%s,'',%s,%s,%s,%s,%s,%s) "
            "ON CONFLICT (indicator_id, unit_id, period, option) "
            "DO UPDATE SET value = EXCLUDED.value, stored_by_id = EXCLUDED.stored_by_id, "
            "updated_at = EXCLUDED.updated_at",
            params,
        )
        _audit(cursor, user_id, "indicators.datavalue", "", "", {}, {"imported": len(params)})
    return JsonResponse({"status": "SUCCESS", "reports": [{"id": report_id}]})


def floor_find(request):
    with connection.cursor() as cursor:
        auth = _auth(request, cursor)
        if auth is None:
            return _refuse(401, "token")
        _user_id, paths = auth
        scope = " OR ".join(["u.path LIKE %s"] * len(paths)) or "FALSE"
        cursor.execute(
            "SELECT s.id, u.code, s.status, s.version FROM indicators_submission s "
            "JOIN indicators_reportform f ON f.id = s.form_id "
            "JOIN units_unit u ON u.id = s.unit_id "
            f"WHERE f.code = %s AND s.period = %s AND ({scope}) ORDER BY s.id LIMIT 5000",
            [request.GET["form"], request.GET["period"], *[p + "%" for p, _r in paths]],
        )
        found = [
            {"id": i, "unit": code, "status": status, "version": version}
            for i, code, status, version in cursor.fetchall()
        ]
    return JsonResponse(found, safe=False)


@csrf_exempt
def floor_submit(request, pk: int):
    spec = _catalogue()["spec"]
    with transaction.atomic(), connection.cursor() as cursor:
        auth = _auth(request, cursor)
        if auth is None:
            return _refuse(401, "token")
        user_id, paths = auth
        cursor.execute(
            "SELECT s.status, s.version, s.unit_id, s.period, u.path FROM indicators_submission s "
            "JOIN units_unit u ON u.id = s.unit_id WHERE s.id = %s FOR UPDATE OF s",
            [pk],
        )
        row = cursor.fetchone()
        if row is None or not _in_scope(paths, row[4]):
            return _refuse(404, "not found")
        status, version, unit_id, period, unit_path = row
        if status not in ("draft", "returned"):
            return _refuse(409, "state")
        cursor.execute(
            "SELECT i.code, v.option, v.value FROM indicators_datavalue v "
            "JOIN indicators_indicator i ON i.id = v.indicator_id "
            "WHERE v.unit_id = %s AND v.period = %s",
            [unit_id, period],
        )
        merged: dict[str, dict[str, Decimal]] = {}
        for code, option, value in cursor.fetchall():
            merged.setdefault(code, {})[option] = value
        all_totals = totals(merged)
        missing = [
            c for c, line in spec.lines.items() if line.required and all_totals.get(c) is None
        ]
        if missing or rule_problems(spec, all_totals):
            return _refuse(422, "incomplete")
        cursor.execute(
            "UPDATE indicators_submission SET status = 'submitted', submitted_at = now(), "
            "submitted_by_id = %s, version = version + 1 WHERE id = %s",
            [user_id, pk],
        )
        _audit(cursor, user_id, "indicators.submission", pk, unit_path,
               {"status": status, "version": version},
               {"status": "submitted", "version": version + 1})  # fmt: skip
    return JsonResponse({"id": pk, "status": "submitted", "version": version + 1})


urlpatterns = [
    path("floor/save", floor_save),
    path("floor/submissions", floor_find),
    path("floor/submissions/<int:pk>/submit", floor_submit),
    *antq_urls,
]
