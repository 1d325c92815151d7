"""Dashboard figures: every key figure of a form in two SQL queries (one for
indicators that add up over time, one for end-of-period ones), then derived
indicators computed from those totals."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, Sum, When
from django.urls import reverse
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, can
from antq.assessments.selectors import campaigns_for, review_queue
from antq.awards.models import Nomination
from antq.awards.selectors import rounds_for
from antq.core.models import Job
from antq.core.periods import Period
from antq.indicators.expressions import evaluate
from antq.indicators.models import DataValue, Indicator, ReportForm
from antq.indicators.selectors import (
    RESTATED,
    RollupRow,
    data_period_type,
    grouping,
    rollup,
    submissions_to_approve,
)
from antq.units.models import Unit


@dataclass
class Kpi:
    indicator: Indicator
    row: RollupRow

    @property
    def trend(self) -> str:
        change = self.row.change_pct
        if change is None or change == 0 or self.indicator.up_is_good is None:
            return ""
        return "good" if (change > 0) == self.indicator.up_is_good else "bad"


def _totals(
    indicators: list[Indicator], root: Unit | None, period: Period, view: str, last: bool
) -> dict[str, tuple]:
    if not indicators:
        return {}
    data_type = data_period_type(indicators[0])
    current = period.parts(data_type)
    previous = period.same_period_last_year.parts(data_type)
    if last:
        current, previous = current[-1:], previous[-1:]
    _group, condition = grouping(root, view)
    first = current[0].start
    rows = (
        DataValue.objects.filter(
            indicator__in=indicators,
            period_type=data_type,
            period_start__in=[p.start for p in current + previous],
        )
        .filter(condition)
        .values("indicator__code")
        .annotate(
            current=Sum(Case(When(period_start__gte=first, then=F("value")))),
            previous=Sum(Case(When(period_start__lt=first, then=F("value")))),
        )
    )
    return {r["indicator__code"]: (r["current"], r["previous"]) for r in rows}


def kpis(*, form: ReportForm, root: Unit | None, period: Period, view: str = RESTATED) -> list[Kpi]:
    indicators = [line.indicator for line in form.lines.select_related("indicator")]
    summed = [i for i in indicators if i.aggregation != Indicator.Aggregation.LAST]
    ends = [i for i in indicators if i.aggregation == Indicator.Aggregation.LAST]
    totals = _totals(summed, root, period, view, last=False)
    totals |= _totals(ends, root, period, view, last=True)
    derived = list(Indicator.objects.filter(active=True).exclude(formula="", source=""))
    result = []
    for indicator in indicators + derived:
        if indicator.source:
            rows = rollup(indicator=indicator, root=root, period=period, view=view, by_child=False)
            current, previous = (rows[0].current, rows[0].previous) if rows else (None, None)
        elif indicator.formula:
            current = evaluate(indicator.formula, {k: v[0] for k, v in totals.items()})
            previous = evaluate(indicator.formula, {k: v[1] for k, v in totals.items()})
        else:
            current, previous = totals.get(indicator.code, (None, None))
        row = RollupRow(
            None,
            "",
            *(
                None if v is None else Decimal(v).quantize(Decimal("0.01"))
                for v in (current, previous)
            ),
        )
        result.append(Kpi(indicator, row))
    return result


@dataclass
class Waiting:
    """One kind of work waiting on a user, counted in the database."""

    label: str
    count: int
    url: str


def waiting_for(user) -> list[Waiting]:
    """What waits on `user` across antq, each one click from where it is
    done: monthly reports to approve, assessments to review in the open
    campaigns, award nominations for their council, their recent jobs that
    failed. Everything through the user's scope."""
    items = [
        Waiting(
            _("Báo cáo thống kê chờ duyệt"),
            submissions_to_approve(user=user).count(),
            reverse("indicators:approval-list"),
        )
    ]
    for campaign in campaigns_for(user).filter(status="open"):
        items.append(
            Waiting(
                _("Hồ sơ “An toàn về ANTT” năm %(y)s chờ xét") % {"y": campaign.year},
                review_queue(user=user, campaign=campaign).count(),
                reverse("assessments:review-list", args=[campaign.pk]),
            )
        )
    for round in rounds_for(user).filter(status="open"):
        if can(user, APPROVE, round.unit.path):
            items.append(
                Waiting(
                    _("Đề nghị khen thưởng chờ hội đồng xét (%(r)s)") % {"r": round.name},
                    round.nominations.filter(status=Nomination.Status.PROPOSED).count(),
                    reverse("awards:round-detail", args=[round.pk]),
                )
            )
    failed = Job.objects.filter(created_by=user, status=Job.Status.FAILED).order_by("-created_at")
    if failed.exists():
        job = failed.first()
        items.append(
            Waiting(_("Công việc bị lỗi"), failed.count(), reverse("job-detail", args=[job.pk]))
        )
    return [item for item in items if item.count]
