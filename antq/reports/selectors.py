"""Figures and work of the dashboard and the home page: every key figure of
a form in one grouped roll-up (`indicators.selectors.rollup_totals`), derived
indicators computed from those totals or counted by their module; and what
waits on a user across antq, counted in the database a few queries in all."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, VIEW
from antq.assessments.selectors import (
    areas_to_submit,
    campaigns_for,
    late_dossiers,
    review_queue,
    unregistered,
)
from antq.awards.selectors import rounds_to_review
from antq.core.models import Job
from antq.core.periods import Period, containing
from antq.core.vietnamese import format_date
from antq.indicators.catalogue import COLLECTED_AS
from antq.indicators.expressions import evaluate
from antq.indicators.models import FormIndicator, Indicator, ReportForm
from antq.indicators.selectors import (
    PeriodTooFine,
    RollupRow,
    returned_submissions,
    rollup,
    rollup_totals,
    submissions_to_approve,
    units_not_submitted,
)
from antq.units.models import RESTATED, Unit


@dataclass
class Kpi:
    indicator: Indicator
    row: RollupRow
    # one card per concept: what antq counts for the same concept, beside the statistic
    counted: "Kpi | None" = None

    @property
    def source(self) -> str:
        if self.indicator.source:
            return _("đếm từ dữ liệu ghi nhận trong hệ thống")
        if self.indicator.formula:
            return _("tính từ số liệu đã duyệt")
        return _("theo báo cáo đã duyệt")

    @property
    def trend(self) -> str:
        change = self.row.change_pct
        if change is None or change == 0 or self.indicator.up_is_good is None:
            return ""
        return "good" if (change > 0) == self.indicator.up_is_good else "bad"


def _kpi(indicator: Indicator, current, previous) -> Kpi:
    values = (
        None if v is None else Decimal(v).quantize(Decimal("0.01")) for v in (current, previous)
    )
    return Kpi(indicator, RollupRow(None, "", *values))


def _form_totals(
    indicators: list[Indicator],
    root: Unit | None,
    period: Period,
    view: str,
    data_type: str,
    submitted: bool = False,
) -> dict[str, tuple]:
    reported = [i for i in indicators if not i.formula and not i.source]
    try:
        return rollup_totals(
            indicators=reported,
            root=root,
            period=period,
            data_type=data_type,
            view=view,
            submitted=submitted,
        )
    except PeriodTooFine:  # a period shorter than the form's: nothing to state
        return {}


def kpis(
    *,
    form: ReportForm,
    root: Unit | None,
    period: Period,
    view: str = RESTATED,
    submitted: bool = False,
) -> list[Kpi]:
    """Every indicator of `form`, then every derived one, for `period` under
    `root` with the same period last year: the form's in one grouped roll-up,
    a formula computed from those totals, a source counted by its module.
    Approved reports only; with `submitted` (asked for, marked on the page)
    reports waiting for approval too."""
    indicators = [line.indicator for line in form.lines.select_related("indicator")]
    totals = _form_totals(indicators, root, period, view, form.period_type, submitted)
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
        result.append(_kpi(indicator, current, previous))
    return _one_card_per_concept(result)


def _one_card_per_concept(cards: list[Kpi]) -> list[Kpi]:
    """A count of antq's records for a concept the form collects as a
    statistic (teams, models, outreach sessions) goes beside the statistic's
    card, labelled, instead of a second card for the same concept."""
    by_code = {card.indicator.code: card for card in cards}
    result = []
    for card in cards:
        statistic = by_code.get(COLLECTED_AS.get(card.indicator.code, ""))
        if statistic is not None:
            statistic.counted = card
        else:
            result.append(card)
    return result


def key_figure_lines(form_code: str, count: int = 8) -> list[FormIndicator]:
    """The first `count` lines of the form `form_code`, with their indicator
    and form (the home page reads the form off them: no query of its own)."""
    return list(
        FormIndicator.objects.filter(form__code=form_code)
        .select_related("indicator", "form")
        .order_by("order")[:count]
    )


def key_figures(
    *,
    form_code: str,
    root: Unit,
    period: Period,
    count: int = 8,
    view: str = RESTATED,
    lines: list[FormIndicator] | None = None,
) -> list[Kpi]:
    """The home page's figures: the first `count` indicators of the form
    `form_code` that have a value in `period` under `root`, with the same
    period last year. Two queries: the form's lines (none when given as
    `lines`, from `key_figure_lines`), one grouped roll-up."""
    if lines is None:
        lines = key_figure_lines(form_code, count)
    if not lines:
        return []
    indicators = [line.indicator for line in lines]
    totals = _form_totals(indicators, root, period, view, lines[0].form.period_type)
    return [
        _kpi(indicator, *totals[indicator.code])
        for indicator in indicators
        if totals.get(indicator.code, (None, None))[0] is not None
    ]


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
        waiting = units_not_submitted(form, period).filter(pk__in=editable)
        missing = waiting.count()
        late = today > deadline
        url = reverse("indicators:completeness") + f"?form={form.code}"
        if missing == 1:  # one unit to report for: straight to its entry form
            url = reverse("indicators:entry", args=[form.code, waiting.get().pk, period.id])
        label = (
            _("Báo cáo %(p)s chưa nộp, đã quá hạn %(d)s")
            if late
            else _("Báo cáo %(p)s chưa nộp, hạn %(d)s")
        )
        items.append(
            Waiting(
                label % {"p": period.label.lower(), "d": format_date(deadline)},
                missing,
                url,
                urgent=late,
            )
        )
    returned_rows = returned_submissions().filter(unit__in=editable)
    returned = returned_rows.count()
    url = reverse("indicators:home")
    if returned == 1:  # one report to correct: straight to its entry form
        row = returned_rows.get()
        url = reverse("indicators:entry", args=[row.form.code, row.unit_id, row.period])
    items.append(Waiting(_("Báo cáo bị trả lại, cần sửa"), returned, url, urgent=True))
    return items


def _assessments(user, campaigns) -> list[Waiting]:
    """In each open campaign: units not registered, residential areas that
    have not submitted (with the deadline), self-assessments to review."""
    items = []
    for campaign in campaigns:
        url = reverse("assessments:campaign-detail", args=[campaign.pk])
        items.append(
            Waiting(
                _("Đơn vị chưa đăng ký xây dựng “An toàn về ANTT” năm %(y)s")
                % {"y": campaign.year},
                unregistered(campaign=campaign, user=user),
                url,
            )
        )
        items.append(
            Waiting(
                _("Khu dân cư chưa nộp hồ sơ “An toàn về ANTT” năm %(y)s (hạn %(d)s)")
                % {"y": campaign.year, "d": format_date(campaign.area_deadline)},
                areas_to_submit(campaign=campaign, user=user),
                url,
                urgent=timezone.localdate() > campaign.area_deadline,
            )
        )
    for campaign in campaigns:
        items.append(
            Waiting(
                _("Hồ sơ “An toàn về ANTT” năm %(y)s chờ xét") % {"y": campaign.year},
                review_queue(user=user, campaign=campaign).count(),
                reverse("assessments:review-list", args=[campaign.pk]),
            )
        )
    return items


def _jobs(user) -> list[Waiting]:
    """The user's jobs that failed, and those finished this week, in one query
    (each links to the latest one started)."""
    failed = Q(status=Job.Status.FAILED)
    finished = Q(status=Job.Status.DONE, finished_at__gte=timezone.now() - timedelta(days=7))
    counts = Job.objects.filter(created_by=user).aggregate(
        failed=Count("pk", filter=failed),
        last_failed=Max("pk", filter=failed),
        finished=Count("pk", filter=finished),
        last_finished=Max("pk", filter=finished),
    )
    items = []
    if counts["failed"]:
        url = reverse("job-detail", args=[counts["last_failed"]])
        items.append(Waiting(_("Công việc bị lỗi"), counts["failed"], url, urgent=True))
    if counts["finished"]:
        url = reverse("job-detail", args=[counts["last_finished"]])
        items.append(Waiting(_("Công việc đã xong trong tuần"), counts["finished"], url))
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
    items += _assessments(user, list(campaigns_for(user).filter(status="open")))
    for round in rounds_to_review(user):
        items.append(
            Waiting(
                _("Đề nghị khen thưởng chờ hội đồng xét (%(r)s)") % {"r": round.name},
                round.proposed,
                reverse("awards:round-detail", args=[round.pk]),
            )
        )
    items += _jobs(user)
    return [item for item in items if item.count]


LATE_SHOWN = 10


def late_dossiers_for(user, today=None) -> list[dict]:
    """In each open campaign `user` sees: the communes, agencies, enterprises
    and schools within their scope whose dossier is past its deadline (the
    first LATE_SHOWN, and how many in all), for their home page."""
    today = today or timezone.localdate()
    found = []
    for campaign in campaigns_for(user).filter(status="open").select_related("province"):
        visible = Unit.objects.for_user(user, VIEW).values("pk")
        late = late_dossiers(campaign, today=today).filter(pk__in=visible)
        units = list(late[: LATE_SHOWN + 1])
        if units:
            count = len(units) if len(units) <= LATE_SHOWN else late.count()
            found.append({"campaign": campaign, "units": units[:LATE_SHOWN], "count": count})
    return found
