"""The surge benchmark's floor: a hand-written Django view doing the work of one
monthly save with no framework around it — upsert the form's values for one
unit and period, one audit row, the province totals increments — in one
transaction. Mounted only by bench/floor_settings.py."""

import json
from decimal import Decimal

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from antq.audit.models import AuditEntry
from antq.core.periods import parse
from antq.indicators.models import DataValue, Indicator
from antq.indicators.totals import TotalsDelta
from antq.units.models import Unit
from antq.units.placement import unit_place
from antq.urls import urlpatterns as antq_urls

INDICATORS: dict[str, int] = {}


@csrf_exempt
def floor_save(request):
    body = json.loads(request.body)
    rows = body["dataValues"]
    unit = Unit.objects.get(code=rows[0]["orgUnit"], valid_to__isnull=True)
    period = parse(rows[0]["period"])
    if not INDICATORS:
        INDICATORS.update(Indicator.objects.values_list("code", "pk"))
    place = unit_place(unit)
    delta = TotalsDelta()
    with transaction.atomic():
        old = dict(
            DataValue.objects.filter(unit=unit, period=period.id).values_list(
                "indicator_id", "value"
            )
        )
        table = DataValue._meta.db_table
        sql = (
            f"INSERT INTO {table} (indicator_id, unit_id, period, period_type, period_start, "
            "option, value, comment, published_province_id, published_commune_id, "
            "restated_province_id, restated_commune_id, updated_at) "
            "VALUES (%s,%s,%s,%s,%s,'',%s,'',%s,%s,%s,%s,%s) "
            "ON CONFLICT (indicator_id, unit_id, period, option) "
            "DO UPDATE SET value = EXCLUDED.value"
        )
        params = []
        for row in rows:
            indicator_id = INDICATORS[row["dataElement"]]
            value = Decimal(row["value"])
            delta.add(
                indicator_id=indicator_id,
                period_type=period.type,
                period_start=period.start,
                place=place,
                old=old.get(indicator_id),
                new=value,
            )
            params.append(
                (
                    indicator_id,
                    unit.pk,
                    period.id,
                    period.type,
                    period.start,
                    value,
                    place["published_province_id"],
                    place["published_commune_id"],
                    place["restated_province_id"],
                    place["restated_commune_id"],
                    timezone.now(),
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
        AuditEntry.objects.create(
            action="update", source="api", object_type="floor", object_id=str(unit.pk)
        )
        delta.apply()
    return JsonResponse({"status": "SUCCESS"})


urlpatterns = [path("floor/save", floor_save), *antq_urls]
