"""Moving the documents each module issued before the register existed into
it: one `Document` per decision or report (its number, date, signer and
status as they were issued, even where the authority was wrong: history is
what was signed) and one `DocumentFile` per file it had, every version kept.
Called by the modules' data migrations with their historical models."""

import hashlib

from django.core.files.storage import default_storage

from antq.documents.authority import body_code, body_defaults

SIGNING_FORMS = {"TM.": "TM", "TM": "TM", "KT.": "TM_KT", "KT": "TM_KT"}


def body(apps, unit, kind: str = "ubnd"):
    """The historical body of `kind` at `unit`, made with its defaults."""
    model = apps.get_model("documents", "IssuingBody")
    existing = model.objects.filter(unit=unit, kind=kind).first()
    if existing is not None:
        return existing
    return model.objects.create(
        code=body_code(unit, kind),
        unit=unit,
        scope_path=unit.path if unit else "",
        kind=kind,
        **body_defaults(unit, kind),
    )


def document(apps, *, body, number, date, series: str, **fields):
    """A document of the register; a number the old tables let two documents
    share (another symbol, another day) keeps its number in a series of its
    own, so no row is lost."""
    model = apps.get_model("documents", "Document")
    if number is not None and date is not None:
        taken = model.objects.filter(body=body, year=date.year, series=series, number=number)
        if taken.exists():
            series = f"{series}*"[:4]
    row = model.objects.create(
        body=body,
        scope_path=body.scope_path,
        series=series,
        number=number,
        year=date.year if (date and number is not None) else None,
        date=date,
        header_parent=body.parent_name,
        header_body=body.name,
        **fields,
    )
    if number is not None and date is not None:
        counter, _created = apps.get_model("documents", "RegisterCounter").objects.get_or_create(
            body=body, year=date.year, series=series
        )
        if number > counter.last:
            counter.last = number
            counter.save(update_fields=["last"])
    return row


def attach(apps, document, name: str, kind: str, note: str = ""):
    """A file the module stored, now the document's (the same file, not a copy)."""
    sha256, size = "", 0
    if name and default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        sha256, size = hashlib.sha256(data).hexdigest(), len(data)
    return apps.get_model("documents", "DocumentFile").objects.create(
        document=document, kind=kind, file=name, sha256=sha256, size=size, note=note
    )
