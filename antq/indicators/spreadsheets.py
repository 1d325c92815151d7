"""A report form as a workbook: one row per unit and period, one column per
indicator (or disaggregation option), Vietnamese headers. Uploads become
dataValueSets rows that carry their cell, so every conflict says where it is."""

import io
from typing import IO

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from antq.core.periods import Period
from antq.core.tabular import Column, read_records, write_workbook
from antq.indicators.models import ReportForm
from antq.units.models import Unit

UNIT = Column("unit", "Mã đơn vị", required=True, width=12)
NAME = Column("name", "Tên đơn vị", width=28)
PERIOD = Column("period", "Kỳ", required=True, width=10, help="202507, 2025Q3, 2025S1, 2025")


def _value_columns(form: ReportForm) -> list[tuple[Column, str, str]]:
    columns = []
    for line in form.lines.select_related("indicator"):
        indicator = line.indicator
        for option in indicator.options or [{"code": "", "label": ""}]:
            header = f"{indicator.name} ({option['label']})" if option["code"] else indicator.name
            key = f"{indicator.code}__{option['code']}"
            columns.append(
                (
                    Column(key, header, width=14, aliases=(key, indicator.code)),
                    indicator.code,
                    option["code"],
                )
            )
    return columns


def form_template(form: ReportForm, units: list[Unit], periods: list[Period]) -> bytes:
    value_columns = _value_columns(form)
    rows = [[u.code, u.name, p.id] + [""] * len(value_columns) for p in periods for u in units]
    return write_workbook(
        [(form.code, [UNIT, NAME, PERIOD, *[c for c, _code, _opt in value_columns]], rows)],
        title=f"{form.name}",
        notes=[_("Mỗi dòng là một đơn vị trong một kỳ; số ghi như 1.480 hoặc 1480.")],
    )


def rows_from_workbook(upload: IO[bytes], filename: str) -> list[dict]:
    """dataValueSets rows from a filled template (every form in the file's first
    sheet name). Raises TabularError for a missing header."""
    form = ReportForm.objects.filter(code__in=_sheet_names(upload, filename)).first()
    upload.seek(0)
    if form is None:
        form = ReportForm.objects.order_by("id").first()
    value_columns = _value_columns(form)
    records = read_records(
        upload, filename, [UNIT, NAME, PERIOD, *[c for c, _code, _opt in value_columns]]
    )
    rows = []
    for record in records:
        for column, code, option in value_columns:
            raw = record.values.get(column.key, "")
            if raw == "":
                continue
            rows.append(
                {
                    "dataElement": code,
                    "period": record.values["period"],
                    "orgUnit": record.values["unit"],
                    "categoryOptionCombo": option,
                    "value": raw,
                    "_where": _("Dòng %(row)s, cột %(letter)s")
                    % {"row": record.row, "letter": record.letters.get(column.key, "")},
                }
            )
    return rows


def _sheet_names(upload: IO[bytes], filename: str) -> list[str]:
    if not filename.lower().endswith(".xlsx"):
        return []
    data = upload.read()
    upload.seek(0)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    except (CalamineError, ValueError, OSError):  # reported by read_records just after
        return []
