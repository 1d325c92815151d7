"""Numbers of the outgoing register: per body, per year, and per type when the
body numbers each type on its own (certificates always have their own book).

A number is taken inside the issuing transaction with the series' counter row
locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite has one writer at a
time), so two clerks issuing at the same moment get two numbers; the unique
constraint on the documents is the last guard."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from antq.documents.models import CERTIFICATE_TYPES, Document, IssuingBody, RegisterCounter


def series_of(body: IssuingBody, doc_type: str) -> str:
    if doc_type in CERTIFICATE_TYPES or body.numbering == IssuingBody.Numbering.PER_TYPE:
        return doc_type
    return ""


def _counter(body: IssuingBody, year: int, series: str) -> RegisterCounter:
    """The series' counter, locked until the transaction ends (created first
    if this is its first number: a concurrent creator's row is taken instead)."""
    try:
        with transaction.atomic():
            RegisterCounter.objects.get_or_create(body=body, year=year, series=series)
    except IntegrityError:
        pass
    return RegisterCounter.objects.select_for_update().get(body=body, year=year, series=series)


def number_used(
    body: IssuingBody, year: int, series: str, number: int, *, exclude=None
) -> Document | None:
    """The document holding `number` in the series that year, if any."""
    rows = Document.objects.filter(body=body, year=year, series=series, number=number)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.first()


def taken_message(holder: Document) -> str:
    when = f" ngày {holder.date:%d/%m/%Y}" if holder.date else ""
    return _("Số %(ref)s đã cấp cho %(type)s%(when)s.") % {
        "ref": holder.reference,
        "type": holder.get_doc_type_display().lower(),
        "when": when,
    }


def register_take(
    *, body: IssuingBody, year: int, series: str, wanted: int | None = None, document=None
) -> int:
    """The next free number of the series (or `wanted`, a number the clerk
    gave, if it is free: the counter then moves past it). Must run inside the
    issuing transaction. ValidationError when `wanted` is taken."""
    counter = _counter(body, year, series)
    if wanted is not None:
        holder = number_used(body, year, series, wanted, exclude=document)
        if holder is not None:
            raise ValidationError({"number": taken_message(holder)})
        if wanted > counter.last:
            counter.last = wanted
            counter.save(update_fields=["last"])
        return wanted
    number = counter.last + 1
    while number_used(body, year, series, number):  # numbers given by hand on the way
        number += 1
    counter.last = number
    counter.save(update_fields=["last"])
    return number
