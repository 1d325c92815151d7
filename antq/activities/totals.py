"""`ActivityTotal`, the activities' figures by view, province, month and
measure, kept by database triggers and read by the nation's and a
province's report figures and summaries.

Why triggers: activities are written by the services, the importer, the
ORM's bulk writes (restating moves thousands at once) and raw SQL in
restores. An increment written in each of those paths is a rule copied into
each of them; a trigger on the table is one rule that none can miss, in the
writing transaction. SQLite runs row triggers (one writer at a time);
PostgreSQL statement triggers with transition tables, which upsert a whole
statement's delta in key order, so two writers never lock totals in
opposite orders.

Every contribution of an activity row `X`, in both views (its province of
then for *published*, of today for *restated*; 0 outside any province):
- "k": 1 for its kind, in the month it is counted in (a review conference in
  the month its reviewed period ends, `selectors.counted_in`);
- "a": its attendance, for its kind, in the month of its date;
- "h": 1 in the month of its date, and in the counted month when that
  differs (a period with none has no data);
- "o": each output's count, for the output kind, in the month of its date.

The SQL is built here once for the migration that installs the triggers,
for `rebuild()` and for `differences()`, so the three cannot disagree.
"""

# ruff: noqa: S608  (the SQL is built from this module's constants, never from input)

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q, Sum

from antq.activities.models import ActivityTotal
from antq.units.models import Unit

TABLE = "activities_activitytotal"
ACTIVITY_COLUMNS = (
    "id",
    "kind_id",
    "date",
    "reviewed_end",
    "attendance",
    "published_province_id",
    "restated_province_id",
)
OUTPUT_COLUMNS = ("activity_id", "kind_id", "count")
# the columns whose change moves a total (SQLite's UPDATE OF …): all but the id
ACTIVITY_MOVES = ACTIVITY_COLUMNS[1:]
OUTPUT_MOVES = OUTPUT_COLUMNS


def _month(expression: str, vendor: str) -> str:
    if vendor == "sqlite":
        return f"date({expression}, 'start of month')"
    return f"CAST(date_trunc('month', {expression}) AS date)"


def activity_contributions(source: str, sign: int, vendor: str) -> list[str]:
    """SELECTs of (measure, kind, month, value, pub, res) for the activity
    rows of `source` (a table, a transition table, or SQLite's NEW/OLD as a
    one-row subquery), each value multiplied by `sign`."""
    m = lambda e: _month(e, vendor)  # noqa: E731
    places = "X.published_province_id AS pub, X.restated_province_id AS res"
    return [
        f"SELECT 'k' AS measure, X.kind_id AS kind, {m('COALESCE(X.reviewed_end, X.date)')} "
        f"AS month, {sign} AS value, {places} FROM {source} X",
        f"SELECT 'a', X.kind_id, {m('X.date')}, {sign} * X.attendance, {places} FROM {source} X",
        f"SELECT 'h', 0, {m('X.date')}, {sign}, {places} FROM {source} X",
        f"SELECT 'h', 0, {m('X.reviewed_end')}, {sign}, {places} FROM {source} X "
        f"WHERE X.reviewed_end IS NOT NULL AND {m('X.reviewed_end')} <> {m('X.date')}",
        f"SELECT 'o', o.kind_id, {m('X.date')}, {sign} * o.count, {places} FROM {source} X "
        "JOIN activities_activityoutput o ON o.activity_id = X.id",
    ]


def output_contributions(source: str, sign: int, vendor: str) -> list[str]:
    """The same for output rows: their activity's places and month."""
    return [
        f"SELECT 'o' AS measure, O.kind_id AS kind, {_month('a.date', vendor)} AS month, "
        f"{sign} * O.count AS value, a.published_province_id AS pub, "
        f"a.restated_province_id AS res FROM {source} O "
        "JOIN activities_activity a ON a.id = O.activity_id"
    ]


def grouped(contributions: list[str]) -> str:
    """The contributions summed per key (v, m, mo, p, k) in both views as n,
    zero sums left out, in key order."""
    return (
        'SELECT v."view" AS v, c.measure AS m, c.month AS mo, '
        "CASE WHEN v.\"view\" = 'published' THEN COALESCE(c.pub, 0) ELSE COALESCE(c.res, 0) END "
        f"AS p, c.kind AS k, SUM(c.value) AS n FROM ({' UNION ALL '.join(contributions)}) c "
        "CROSS JOIN (SELECT 'published' AS \"view\" UNION ALL SELECT 'restated') v "
        "WHERE true GROUP BY 1, 2, 3, 4, 5 HAVING SUM(c.value) <> 0 ORDER BY 1, 2, 3, 4, 5"
    )


def upsert(contributions: list[str]) -> str:
    return (
        f'INSERT INTO {TABLE} ("view", measure, month, province, kind, "value") '
        f'{grouped(contributions)} ON CONFLICT ("view", measure, month, province, kind) '
        f'DO UPDATE SET "value" = {TABLE}."value" + excluded."value"'
    )


def _row(prefix: str, columns: tuple[str, ...]) -> str:
    """SQLite's NEW or OLD as a one-row subquery."""
    return "(SELECT " + ", ".join(f"{prefix}.{c} AS {c}" for c in columns) + ")"


def sqlite_triggers() -> list[str]:
    """CREATE TRIGGER statements for SQLite (row triggers)."""
    new_a, old_a = _row("NEW", ACTIVITY_COLUMNS), _row("OLD", ACTIVITY_COLUMNS)
    new_o, old_o = _row("NEW", OUTPUT_COLUMNS), _row("OLD", OUTPUT_COLUMNS)
    a = lambda s, sign: activity_contributions(s, sign, "sqlite")  # noqa: E731
    o = lambda s, sign: output_contributions(s, sign, "sqlite")  # noqa: E731
    bodies = [
        ("activity_insert", "AFTER INSERT ON activities_activity", a(new_a, 1)),
        ("activity_delete", "AFTER DELETE ON activities_activity", a(old_a, -1)),
        (
            "activity_update",
            f"AFTER UPDATE OF {', '.join(ACTIVITY_MOVES)} ON activities_activity",
            a(old_a, -1) + a(new_a, 1),
        ),
        ("output_insert", "AFTER INSERT ON activities_activityoutput", o(new_o, 1)),
        ("output_delete", "AFTER DELETE ON activities_activityoutput", o(old_o, -1)),
        (
            "output_update",
            f"AFTER UPDATE OF {', '.join(OUTPUT_MOVES)} ON activities_activityoutput",
            o(old_o, -1) + o(new_o, 1),
        ),
    ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS activities_total_{name} {when} BEGIN {upsert(parts)}; END"
        for name, when, parts in bodies
    ]


SQLITE_TRIGGER_NAMES = [
    f"activities_total_{n}"
    for n in (
        "activity_insert",
        "activity_delete",
        "activity_update",
        "output_insert",
        "output_delete",
        "output_update",
    )
]


def postgresql_triggers() -> list[str]:
    """CREATE FUNCTION and CREATE TRIGGER statements for PostgreSQL
    (statement triggers over transition tables: one upsert per statement)."""
    a = lambda s, sign: activity_contributions(s, sign, "postgresql")  # noqa: E731
    o = lambda s, sign: output_contributions(s, sign, "postgresql")  # noqa: E731
    bodies = [
        ("activity_insert", "INSERT", "activities_activity", "NEW TABLE AS new_rows",
         a("new_rows", 1)),
        ("activity_delete", "DELETE", "activities_activity", "OLD TABLE AS old_rows",
         a("old_rows", -1)),
        ("activity_update", "UPDATE", "activities_activity",
         "OLD TABLE AS old_rows NEW TABLE AS new_rows", a("old_rows", -1) + a("new_rows", 1)),
        ("output_insert", "INSERT", "activities_activityoutput", "NEW TABLE AS new_rows",
         o("new_rows", 1)),
        ("output_delete", "DELETE", "activities_activityoutput", "OLD TABLE AS old_rows",
         o("old_rows", -1)),
        ("output_update", "UPDATE", "activities_activityoutput",
         "OLD TABLE AS old_rows NEW TABLE AS new_rows", o("old_rows", -1) + o("new_rows", 1)),
    ]  # fmt: skip
    statements = []
    for name, event, table, referencing, parts in bodies:
        function = f"activities_total_{name}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {upsert(parts)}; RETURN NULL; END $$",
            f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def drop_triggers(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]
    return [
        statement
        for name in SQLITE_TRIGGER_NAMES
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON "
            + ("activities_activity" if "activity_" in name else "activities_activityoutput"),
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def _fill_sql(vendor: str) -> str:
    return upsert(activity_contributions("activities_activity", 1, vendor))


def fill(cursor, vendor: str) -> None:
    """Count every activity afresh (the table emptied first)."""
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(_fill_sql(vendor))


def rebuild() -> int:
    """Recount the totals from the activities (after a restore that bypassed
    the triggers); the number of totals."""
    with transaction.atomic(), connection.cursor() as cursor:
        fill(cursor, connection.vendor)
    return ActivityTotal.objects.count()


def differences(limit: int = 20) -> list[tuple]:
    """Totals that differ from a recount: (view, measure, month, province,
    kind, kept, recounted), at most `limit`. Empty when the triggers held."""
    recount = grouped(activity_contributions("activities_activity", 1, connection.vendor))
    same_key = (
        't."view" = r.v AND t.measure = r.m AND t.month = r.mo AND t.province = r.p '
        "AND t.kind = r.k"
    )
    sql = (
        f'SELECT r.v, r.m, r.mo, r.p, r.k, COALESCE(t."value", 0), r.n FROM ({recount}) r '
        f'LEFT JOIN {TABLE} t ON {same_key} WHERE t."value" IS NULL OR t."value" <> r.n '
        f'UNION ALL SELECT t."view", t.measure, t.month, t.province, t.kind, t."value", 0 '
        f'FROM {TABLE} t WHERE t."value" <> 0 '
        f"AND NOT EXISTS (SELECT 1 FROM ({recount}) r WHERE {same_key})"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) d LIMIT {int(limit)}")
        return [tuple(row) for row in cursor.fetchall()]


# --- reading ---------------------------------------------------------------------


def whole_months(first: date, last: date) -> bool:
    """Does [first, last] cover whole months (a month, quarter, half, year)?"""
    return first.day == 1 and (last + timedelta(days=1)).day == 1 and first <= last


@dataclass(frozen=True)
class Window:
    current: tuple[date, date]
    previous: tuple[date, date]

    @property
    def covers(self) -> bool:
        return whole_months(*self.current) and whole_months(*self.previous)

    def sums(self, column: str = "value") -> dict:
        return {
            "now": Sum(column, filter=Q(month__range=self.current)),
            "before": Sum(column, filter=Q(month__range=self.previous)),
        }

    def months(self) -> Q:
        return Q(month__range=self.current) | Q(month__range=self.previous)


def answers(root: Unit | None, by_child: bool) -> bool:
    """Can the totals answer for `root`? The nation (by province or as a
    whole) and a province as a whole; a province by commune reads the rows."""
    if root is None:
        return True
    return root.type == Unit.Type.PROVINCE and not by_child


def totals_for(root: Unit | None, view: str, measure: str, window: Window):
    rows = ActivityTotal.objects.filter(view=view, measure=measure).filter(window.months())
    if root is not None:
        rows = rows.filter(province=root.pk)
    return rows.order_by()


def family(
    measure: str,
    *,
    root: Unit | None,
    window: Window,
    view: str,
    by_child: bool,
    by_kind: bool = True,
) -> dict[int, dict]:
    """{kind id (0 when not `by_kind`): {province id or None: (now, before)}}
    of one measure family ("k", "a", "o") from the totals."""
    columns = ["kind"] if by_kind else []
    if by_child and root is None:
        columns.append("province")
    rows = totals_for(root, view, measure, window)
    result: dict[int, dict] = {}
    if not columns:
        found = rows.aggregate(**window.sums())
        return {0: {None: (found["now"] or 0, found["before"] or 0)}}
    for row in rows.values(*columns).annotate(**window.sums()):
        at = (row["province"] or None) if "province" in columns else None
        result.setdefault(row.get("kind", 0), {})[at] = (row["now"] or 0, row["before"] or 0)
    return result


def held(root: Unit | None, view: str, window: Window) -> tuple[bool, bool]:
    found = totals_for(root, view, "h", window).aggregate(**window.sums())
    return bool(found["now"]), bool(found["before"])
