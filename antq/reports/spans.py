"""The months a movement report states, and how it names them."""

from datetime import date

from antq.core.periods import MONTHLY, Period, PeriodRange

Span = Period | PeriodRange


def covered_span(period: Period, today: date) -> Span:
    """The months a report for `period` states on `today`: the whole period
    once it has ended; before that, its months that have ended (at least the
    first), so every figure is compared with the same months of last year and
    never a part of this year with the whole of the last."""
    if period.end < today:
        return period
    months = period.parts(MONTHLY)
    ended = [month for month in months if month.end < today]
    return PeriodRange(months[0], ended[-1] if ended else months[0])


def span_label(span: Span) -> str:
    """ "năm 2026", or for the months stated so far "11 tháng đầu năm 2026",
    "từ tháng 7 đến tháng 10/2026"."""
    if isinstance(span, Period):
        return span.label[0].lower() + span.label[1:]
    first, last = span.first.start, span.last.start
    count = len(span.parts(MONTHLY))
    if first.month == 1:
        return f"{count} tháng đầu năm {first.year}"
    if count == 1:
        return f"tháng {first.month}/{first.year}"
    return f"từ tháng {first.month} đến tháng {last.month}/{last.year}"
