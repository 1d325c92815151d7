"""Demo statistics: monthly reports of Quảng Ninh's communes for the last two
years. Months before 01/07/2025 are reported by the communes of that time (now
closed), so dashboards show their figures restated under today's communes.

Values go through the DHIS2 import service (validated, audited); reports are
then marked approved, except the latest month: some communes have not
reported yet, two wait for approval."""

import random
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from antq.audit.models import AuditEntry
from antq.audit.services import audit_record_each
from antq.core.actors import SystemActor
from antq.core.periods import Period, between, containing, parse
from antq.indicators.importers import values_import
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load
from antq.indicators.totals import totals_rebuild
from antq.units.models import Unit

LATE_OR_MISSING = 6
DEMO = SystemActor("demo")


def _values(
    rng: random.Random, areas: int, size: int, models: int
) -> dict[str, int | dict[str, int]]:
    """A month of one commune; `size` scales counts (today's communes merged about
    three of the old ones). Teams (`areas`) and `models` are stocks, reported
    as they stand: a commune of before the 2025 reform holds its share of its
    successor's, so the province's totals move believably across the reform."""

    def count(low: int, high: int) -> int:
        return sum(rng.randint(low, high) for _ in range(size))

    sessions = count(2, 12)
    tips = count(0, 15)
    crimes = {
        "trom_cap": count(0, 4),
        "co_y_gay_thuong_tich": count(0, 2),
        "ma_tuy": count(0, 2),
        "lua_dao": count(0, 2),
        "khac": count(0, 1),
    }
    accidents = count(0, 3)
    teams = areas
    return {
        "TT_BUOI": sessions,
        "TT_LUOT": sessions * rng.randint(40, 120),
        "TT_TIN_BAI": count(1, 8),
        "NT_TIN_BAO": tips,
        "NT_TIN_GIA_TRI": rng.randint(0, tips),
        "TP_SO_VU": crimes,
        "TP_KHAM_PHA": rng.randint(0, sum(crimes.values())),
        "TNGT_SO_VU": accidents,
        "TNGT_CHET": rng.randint(0, min(accidents, 1)),
        "TNGT_BI_THUONG": count(0, 4),
        "TN_TRUY_NA": count(0, 1),
        "VK_THU_HOI": count(0, 3),
        "HG_THANH": count(0, 4),
        "CH_TIEN_BO": count(0, 2),
        "LL_SO_TO": teams,
        "LL_THANH_VIEN": teams * rng.randint(3, 4),
        "MH_SO_MO_HINH": models,
    }


class _Stocks:
    """Residential-area teams and self-management models of each commune:
    today's commune holds one per residential area and a stable handful of
    models (one more each year); a closed commune holds its share of the
    commune carrying it today."""

    def __init__(self, province: Unit, first: Period) -> None:
        self.first = first
        self.areas: dict[int, int] = {}
        communes = Unit.objects.subtree(province).filter(type=Unit.Type.COMMUNE)
        self.today = {u.path: u for u in communes.filter(valid_to__isnull=True)}
        self.shares = Counter(
            u.carrier_path for u in communes.filter(valid_to__isnull=False) if u.carrier_path
        )

    def _own(self, commune: Unit, period: Period) -> tuple[int, int]:
        if commune.pk not in self.areas:
            areas = commune.children.filter(type=Unit.Type.RESIDENTIAL_AREA).count()
            self.areas[commune.pk] = max(1, areas)
        areas = self.areas[commune.pk]
        growth = (period.start.year - self.first.start.year) + (period.start.month > 6)
        return areas, random.Random(f"models-{commune.code}").randint(4, 8) + growth

    def of(self, commune: Unit, period: Period) -> tuple[int, int]:
        if commune.is_open:
            return self._own(commune, period)
        carrier = self.today.get(commune.carrier_path)
        if carrier is None:
            return 6, 2
        share = max(1, self.shares[carrier.path])
        areas, models = self._own(carrier, period)
        return max(1, round(areas / share)), max(1, round(models / share))


def _rows(unit: Unit, period: Period, values: dict) -> list[dict]:
    rows = []
    for code, value in values.items():
        options = value.items() if isinstance(value, dict) else [("", value)]
        rows.extend(
            {
                "dataElement": code,
                "period": period.id,
                "orgUnit": unit.code,
                "categoryOptionCombo": option,
                "value": str(number),
            }
            for option, number in options
        )
    return rows


def _communes_of(province: Unit, period: Period) -> list[Unit]:
    return list(
        Unit.objects.subtree(province)
        .filter(type=Unit.Type.COMMUNE)
        .valid_on(period.start)
        .order_by("code")
    )


@transaction.atomic
def load_demo_statistics(
    province: Unit, commune_a: Unit, progress: Callable[[str], None] = lambda message: None
) -> int:
    """Idempotent: does nothing once the province has values."""
    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    if Submission.objects.filter(form=form, unit__path__prefix=province.path).exists():
        return 0
    latest = containing(timezone.localdate(), "monthly").previous
    # from January two years back: the earliest whole year has one to compare with
    periods = between(parse(f"{latest.start.year - 2}01"), latest)
    rows: list[dict] = []
    stocks = _Stocks(province, periods[0])
    for period in periods:
        for commune in _communes_of(province, period):
            rng = random.Random(f"{commune.code}-{period.id}")
            areas, models = stocks.of(commune, period)
            if period == latest and rng.random() < LATE_OR_MISSING / 54 and commune != commune_a:
                continue  # not reported yet
            size = 3 if commune.is_open else 1
            rows.extend(_rows(commune, period, _values(rng, areas, size, models)))
    progress(f"Số liệu thống kê mẫu: {len(rows)} giá trị, {len(periods)} tháng.")
    summary = values_import(by=DEMO, rows=rows, source="Dữ liệu mẫu")
    if summary.conflicts:
        raise ValueError(summary.conflicts[:3])
    _approve_history(form, province, latest, commune_a)
    totals_rebuild()  # the reports were approved in one write: the totals count them now
    return summary.imported


def _approve_history(form: ReportForm, province: Unit, latest: Period, commune_a: Unit) -> None:
    """Reports were submitted three days before their deadline and approved two
    days later; in the latest month commune A is still drafting and two
    communes wait for approval (the few missing ones never imported)."""
    now = timezone.now()
    reports = list(
        Submission.objects.filter(form=form, unit__path__prefix=province.path)
        .exclude(unit=commune_a, period=latest.id)
        .select_related("form", "unit")
        .order_by("period_start", "unit__code")
    )
    waiting = [s.pk for s in reports if s.period == latest.id][:2]
    for submission in reports:
        deadline = Period(submission.period_start, "monthly").deadline(form.deadline_days)
        planned = timezone.make_aware(
            timezone.datetime.combine(deadline - timedelta(days=3), timezone.datetime.min.time())
        )  # never in the future: this month's reports went in a few hours ago at the latest
        submission.submitted_at = min(planned, now - timedelta(hours=3))
        if submission.pk in waiting:
            submission.status = Submission.Status.SUBMITTED
        else:
            submission.status = Submission.Status.APPROVED
            submission.approved_at = min(now, submission.submitted_at + timedelta(days=2))
        submission.version += 1
    Submission.objects.bulk_update(
        reports, ["status", "submitted_at", "approved_at", "version"], batch_size=500
    )
    # many reports moved in one write: one audit entry each, as if moved one by one
    audit_record_each(
        actor=DEMO,
        action=AuditEntry.Action.UPDATE,
        objects=reports,
        unit_path_of=lambda s: s.unit.path,
        before_of=lambda s: {"status": Submission.Status.DRAFT, "version": s.version - 1},
        after_of=lambda s: {"status": s.status, "version": s.version},
        note="Dữ liệu mẫu",
    )
