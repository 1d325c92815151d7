"""Review conferences (hội nghị sơ kết, tổng kết): the period a conference
reviews, read as people write it and checked. A conference that names one
(`Activity.reviewed_period`, a period id: 2021, 2021S1, 2021Q3) is counted
in that period rather than on its date: the 2021 review held on 19/01/2022
counts in 2021. The period has begun by the conference's date and ended at
most a year before it."""

from datetime import date

from django.utils.translation import gettext as _

from antq.core.periods import InvalidPeriod, Period, parse
from antq.core.vietnamese import format_date, name_key

CONFERENCE_KIND = "hoi_nghi"  # the activity kind of review conferences


def reviewed_period_of(text: str) -> str | None:
    """A reviewed period as people write it, as a period id: "2021", "2021S1",
    or its label "Năm 2021", "6 tháng đầu năm 2021", "Quý III/2021"; "" when
    empty, None when unreadable."""
    text = " ".join(text.split())
    if not text:
        return ""
    try:
        return parse(text.upper()).id
    except InvalidPeriod:
        pass
    year = next(
        (word for word in text.replace("/", " ").split() if word.isdigit() and len(word) == 4),
        "",
    )
    if not year:
        return None
    candidates = [year, f"{year}S1", f"{year}S2"] + [f"{year}Q{q}" for q in range(1, 5)]
    labels = {name_key(parse(c).label): c for c in candidates}
    return labels.get(name_key(text))


def reviewed_errors(data, refuse) -> Period | None:
    """The reviewed period of `data` (an ActivityInput) checked, each problem
    given to `refuse(field, message)`; the period, or None without one."""
    if not data.reviewed_period:
        return None
    if data.kind.code != CONFERENCE_KIND:
        refuse("reviewed_period", _("Chỉ hội nghị sơ kết, tổng kết ghi kỳ được sơ kết, tổng kết."))
        return None
    try:
        period = parse(data.reviewed_period)
    except InvalidPeriod:
        refuse(
            "reviewed_period",
            _("Kỳ “%(p)s” không hợp lệ; ghi như 2021 (năm), 2021S1 (6 tháng đầu năm), 2021Q3.")
            % {"p": data.reviewed_period},
        )
        return None
    if period.start > data.date:
        refuse(
            "reviewed_period",
            _("%(p)s chưa bắt đầu vào ngày hội nghị %(d)s.")
            % {"p": period.label, "d": format_date(data.date)},
        )
    elif period.end.year < data.date.year - 1:
        refuse(
            "reviewed_period",
            _("Hội nghị ngày %(d)s không sơ kết, tổng kết %(p)s: kỳ đã kết thúc hơn một năm.")
            % {"p": period.label.lower(), "d": format_date(data.date)},
        )
    return period


def reviewed_end(period_id: str) -> date | None:
    """The day a reviewed period ends: the day the conference counts on."""
    return parse(period_id).end if period_id else None


def reviewed_choices(today: date, years: int = 15) -> list:
    """The periods a form offers, newest year first: each year, its halves
    and its quarters, grouped by year."""
    choices: list = [("", "—")]
    for year in range(today.year, today.year - years, -1):
        ids = [str(year), f"{year}S1", f"{year}S2"] + [f"{year}Q{q}" for q in range(1, 5)]
        choices.append((str(year), [(i, parse(i).label) for i in ids if parse(i).start <= today]))
    return choices
