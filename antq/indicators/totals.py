"""Keep ProvinceTotal in step with DataValue.

Every write path calls `totals_refresh` with the (indicator, period type,
period start, province) keys it touched; the totals of those keys are
recomputed from the values in SQL (a GROUP BY over one province's rows), in
the same transaction. `totals_rebuild` recomputes everything (after restating
or a bulk load).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum

from antq.indicators.models import DataValue, ProvinceTotal

Key = tuple[int, str, object, int | None]  # indicator id, period type, start, province id
VIEWS = {
    ProvinceTotal.View.RESTATED: "restated_province",
    ProvinceTotal.View.PUBLISHED: "published_province",
}


def _write(rows, view: str, column: str) -> list[ProvinceTotal]:
    return [
        ProvinceTotal(
            indicator_id=r["indicator"],
            period_type=r["period_type"],
            period_start=r["period_start"],
            view=view,
            province_id=r[column],
            total=r["t"],
            count=r["n"],
            minimum=r["lo"],
            maximum=r["hi"],
        )
        for r in rows
        if r[column] is not None
    ]


def _aggregate(values):
    return values.annotate(t=Sum("value"), n=Count("id"), lo=Min("value"), hi=Max("value"))


@transaction.atomic
def totals_refresh(keys: Iterable[tuple[int, str, object, dict]]) -> None:
    """Recompute the totals of each (indicator id, period type, period start,
    ancestors) a write touched; `ancestors` is the unit's ancestor-id dict."""
    wanted: set[tuple] = set()
    for indicator_id, period_type, period_start, place in keys:
        for view, column in VIEWS.items():
            wanted.add(
                (view, column, indicator_id, period_type, period_start, place.get(f"{column}_id"))
            )
    for view, column, indicator_id, period_type, period_start, province_id in wanted:
        if province_id is None:
            continue
        ProvinceTotal.objects.filter(
            indicator_id=indicator_id,
            period_type=period_type,
            period_start=period_start,
            view=view,
            province_id=province_id,
        ).delete()
        rows = _aggregate(
            DataValue.objects.filter(
                indicator_id=indicator_id,
                period_type=period_type,
                period_start=period_start,
                **{f"{column}_id": province_id},
            ).values("indicator", "period_type", "period_start", column)
        )
        ProvinceTotal.objects.bulk_create(_write(rows, view, column))


@transaction.atomic
def totals_rebuild() -> int:
    """Recompute every total from the values (one grouped query per view)."""
    ProvinceTotal.objects.all().delete()
    created = 0
    for view, column in VIEWS.items():
        rows = _aggregate(
            DataValue.objects.filter(~Q(**{f"{column}_id": None})).values(
                "indicator", "period_type", "period_start", column
            )
        )
        created += len(
            ProvinceTotal.objects.bulk_create(
                _write(rows.iterator(), view, column), batch_size=5000
            )
        )
    return created
