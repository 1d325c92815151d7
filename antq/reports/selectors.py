"""Dashboard figures: every key figure of a form in two SQL queries (one for
indicators that add up over time, one for end-of-period ones), then derived
indicators computed from those totals."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Case, F, Sum, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, can
from antq.assessments.selectors import areas_to_submit, campaigns_for, review_queue, unregistered
from antq.awards.models import Nomination
from antq.awards.selectors import rounds_for
from antq.core.models import Job
from antq.core.periods import Period, containing
from antq.core.vietnamese import format_date
from antq.indicators.expressions import evaluate
from antq.indicators.models import DataValue, Indicator, ReportForm
from antq.indicators.selectors import (
    RESTATED,
    RollupRow,
    data_period_type,
    grouping,
    returned_submissions,
    rollup,
    submissions_to_approve,
    units_not_submitted,
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
    urgent: bool = False


def _to_submit(user, today) -> list[Waiting]:
    """Monthly reports of the units `user` enters for, not submitted for the
    period being reported now (with its deadline), and those returned."""
    items = []
    editable = Unit.objects.for_user(user, EDIT).values("pk")
    for form in ReportForm.objects.filter(is_open=True):
        period = containing(today, form.period_type).previous
        deadline = period.deadline(form.deadline_days)
        missing = units_not_submitted(form, period).filter(pk__in=editable).count()
        late = today > deadline
        label = (
            _("Báo cáo %(p)s chưa nộp, đã quá hạn %(d)s")
            if late
            else _("Báo cáo %(p)s chưa nộp, hạn %(d)s")
        )
        items.append(
            Waiting(
                label % {"p": period.label.lower(), "d": format_date(deadline)},
                missing,
                reverse("indicators:completeness") + f"?form={form.code}",
                urgent=late,
            )
        )
    returned = returned_submissions().filter(unit__in=editable).count()
    items.append(
        Waiting(_("Báo cáo bị trả lại, cần sửa"), returned, reverse("indicators:home"), urgent=True)
    )
    return items


def _assessments_to_submit(user) -> list[Waiting]:
    items = []
    for campaign in campaigns_for(user).filter(status="open"):
        items.append(
            Waiting(
                _("Đơn vị chưa đăng ký xây dựng “An toàn về ANTT” năm %(y)s")
                % {"y": campaign.year},
                unregistered(campaign=campaign, user=user),
                reverse("assessments:campaign-detail", args=[campaign.pk]),
            )
        )
        missing = areas_to_submit(campaign=campaign, user=user)
        items.append(
            Waiting(
                _("Khu dân cư chưa nộp hồ sơ “An toàn về ANTT” năm %(y)s (hạn %(d)s)")
                % {"y": campaign.year, "d": format_date(campaign.area_deadline)},
                missing,
                reverse("assessments:campaign-detail", args=[campaign.pk]),
                urgent=timezone.localdate() > campaign.area_deadline,
            )
        )
    return items


def waiting_for(user, today=None) -> list[Waiting]:
    """What waits on `user` across antq, each one click from where it is
    done: monthly reports to submit (with their deadline) or returned, to
    approve; self-assessments to submit, to review in the open campaigns;
    award nominations for their council; their jobs that finished this week
    or failed. Everything counted in the database through the user's scope."""
    today = today or timezone.localdate()
    items = _to_submit(user, today)
    items.append(
        Waiting(
            _("Báo cáo thống kê chờ duyệt"),
            submissions_to_approve(user=user).count(),
            reverse("indicators:approval-list"),
        )
    )
    items += _assessments_to_submit(user)
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
            Waiting(
                _("Công việc bị lỗi"), failed.count(), reverse("job-detail", args=[job.pk]), True
            )
        )
    week_ago = timezone.now() - timedelta(days=7)
    finished = Job.objects.filter(
        created_by=user, status=Job.Status.DONE, finished_at__gte=week_ago
    ).order_by("-finished_at")
    if finished.exists():
        job = finished.first()
        items.append(
            Waiting(
                _("Công việc đã xong trong tuần"),
                finished.count(),
                reverse("job-detail", args=[job.pk]),
            )
        )
    return [item for item in items if item.count]
