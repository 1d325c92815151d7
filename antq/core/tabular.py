"""Spreadsheet import and export machinery shared by every importer.

An importer declares its columns; this module reads an XLSX (python-calamine)
or CSV upload into records keyed by column, reports every problem with its row
and column in Vietnamese, and writes templates and exports with xlsxwriter.
Importers validate the whole file first and write nothing unless every row is
valid: `TabularError` carries all the messages at once.
"""

import contextlib
import csv
import dataclasses
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineError, CalamineWorkbook

from antq.core.vietnamese import name_key

MAX_ROWS = 50_000
FORMULA_MESSAGE = gettext_lazy(
    "Ô bắt đầu bằng =, +, -, @ được hiểu là công thức; hãy nhập giá trị (văn bản hoặc số)."
)  # lazy: the language is the request's
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18
    help: str = ""
    choices: Sequence[str] = ()
    aliases: Sequence[str] = ()
    max_length: int = 255  # longer cells are refused before any field sees them


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str
    letter: str = ""

    def __str__(self) -> str:
        if self.row and self.column and not self.letter:
            where = _("Dòng %(row)s, cột %(column)s") % {"row": self.row, "column": self.column}
        elif self.row and self.column:
            where = _("Dòng %(row)s, cột %(letter)s (%(column)s)") % {
                "row": self.row,
                "letter": self.letter,
                "column": self.column,
            }
        elif self.row:
            where = _("Dòng %(row)s") % {"row": self.row}
        else:
            where = _("Tệp")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "letter": self.letter, "msg": self.message}


class TabularError(Exception):
    """The upload cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class Record:
    row: int
    values: dict[str, str]
    letters: dict[str, str] = field(default_factory=dict)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(value: Any) -> str:
    """Spreadsheet cell as text: codes typed as numbers keep no ".0", a
    fraction is written the Vietnamese way ("2,5", so the one number reader
    never takes a number cell 1.125 for 1125), dates become dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet program would run as a formula (OWASP CSV injection):
    it starts with = + - @ tab or CR. A negative number and a "- " list item
    are ordinary values."""
    if not text.startswith(FORMULA_START):
        return False
    if text.startswith("-"):
        rest = text[1:]
        if not rest or rest[0].isspace() or rest.replace(".", "").replace(",", "").isdigit():
            return False
    return True


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REFERENCE = re.compile(r"^([A-Z]+)([0-9]+)$")


def _split_reference(reference: str) -> tuple[str, str]:
    match = _REFERENCE.match(reference)
    return (match.group(1), match.group(2)) if match else ("", "0")


def formula_cells(data: bytes) -> list[str]:
    """References ("B7") of the cells of an XLSX file's worksheets that hold a
    formula. The reader sees only a formula's last computed value, which the
    spreadsheet recomputes when opened again: an import refuses such cells,
    like a formula typed as text (FORMULA_MESSAGE)."""
    from defusedxml.ElementTree import iterparse

    found = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                    continue
                with archive.open(member) as sheet:
                    for _event, element in iterparse(sheet, events=("end",)):
                        if element.tag == f"{_SHEET_NS}c":
                            if element.find(f"{_SHEET_NS}f") is not None:
                                found.append(element.get("r", ""))
                            element.clear()
    except (zipfile.BadZipFile, OSError, ValueError, SyntaxError):
        return []  # not a workbook: the reader says so
    return found


def read_rows(upload: IO[bytes], filename: str) -> list[list[str]]:
    """Rows of the first sheet (XLSX) or of the CSV file, as text. Raises TabularError."""
    name = filename.lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            raw_rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, IndexError, OSError) as exc:
            message = _("Không đọc được tệp Excel (%(error)s).") % {"error": exc}
            raise TabularError([CellError(0, "", message)]) from None
        formulas = formula_cells(data)
        if formulas:
            raise TabularError(
                [
                    CellError(int(row), letters, str(FORMULA_MESSAGE))
                    for letters, row in (_split_reference(ref) for ref in formulas[:20])
                ]
            )
        return [[cell_text(v) for v in row] for row in raw_rows]
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            message = _("Tệp CSV phải được lưu với bảng mã UTF-8.")
            raise TabularError([CellError(0, "", message)]) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        try:
            return [
                [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)
            ]
        except csv.Error:  # a cell over the csv module's limit (131,072 characters)
            message = _("Không đọc được tệp CSV: có ô dài quá 131.072 ký tự.")
            raise TabularError([CellError(0, "", message)]) from None
    message = _("Chỉ nhận tệp .xlsx hoặc .csv.")
    raise TabularError([CellError(0, "", message)])


def read_records(
    upload: IO[bytes], filename: str, columns: Sequence[Column], *, header_rows_max: int = 10
) -> list[Record]:
    """Records keyed by `Column.key`. The header row is found among the first rows
    (templates may carry a title above it); unknown columns are ignored, missing
    required columns are errors."""
    rows = read_rows(upload, filename)
    header_index, mapping = _find_header(rows[:header_rows_max], columns)
    if header_index is None:
        expected = ", ".join(c.header for c in columns if c.required)
        message = _("Không tìm thấy dòng tiêu đề; cần có các cột: %(columns)s.") % {
            "columns": expected
        }
        raise TabularError([CellError(0, "", message)])
    missing = [c for c in columns if c.required and c.key not in mapping]
    if missing:
        raise TabularError(
            [CellError(header_index + 1, c.header, _("Thiếu cột bắt buộc."), "") for c in missing]
        )
    records, refused = [], []
    headers = {c.key: c.header for c in columns}
    limits = {c.key: c.max_length for c in columns}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = {key: (row[i] if i < len(row) else "") for key, i in mapping.items()}
        if not any(values.values()):
            continue
        letters = {key: column_letter(i) for key, i in mapping.items()}
        refused += [
            CellError(offset, headers[key], message, letters[key])
            for key, value in values.items()
            if (message := _refusal(value, limits[key]))
        ]
        records.append(Record(row=offset, values=values, letters=letters))
    if refused:
        raise TabularError(refused)
    if len(records) > MAX_ROWS:
        message = _("Tệp có quá nhiều dòng (tối đa %(max)s).") % {"max": MAX_ROWS}
        raise TabularError([CellError(0, "", message)])
    if not records:
        raise TabularError([CellError(0, "", _("Tệp không có dòng dữ liệu nào."))])
    return records


def _refusal(value: str, max_length: int) -> str:
    if looks_like_formula(value):
        return str(FORMULA_MESSAGE)
    if len(value) > max_length:
        return _("Dài %(length)s ký tự, quá %(max)s ký tự cho phép.") % {
            "length": f"{len(value):,}".replace(",", "."),
            "max": max_length,
        }
    return ""


def _find_header(
    rows: list[list[str]], columns: Sequence[Column]
) -> tuple[int | None, dict[str, int]]:
    wanted = {}
    for column in columns:
        for label in (column.header, column.key, *column.aliases):
            wanted[name_key(label)] = column.key
    best: tuple[int | None, dict[str, int]] = (None, {})
    for index, row in enumerate(rows):
        mapping = {}
        for position, cell in enumerate(row):
            key = wanted.get(name_key(cell))
            if key and key not in mapping:
                mapping[key] = position
        if len(mapping) > len(best[1]):
            best = (index, mapping)
    return best


def parse_day(text: str) -> date | None:
    """A date cell as people write it: dd/mm/yyyy (what the templates ask and
    what a spreadsheet date becomes), or yyyy-mm-dd; None when unreadable."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def error_at(record: Record, column: Column, message: str) -> CellError:
    return CellError(record.row, column.header, message, record.letters.get(column.key, ""))


def write_workbook(
    sheets: Iterable[tuple[str, Sequence[Column], Iterable[Sequence[Any]]]],
    *,
    title: str = "",
    notes: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """An XLSX with one sheet per (name, columns, rows): bold Vietnamese headers,
    frozen header row, drop-down lists for columns with choices, notes below a title."""
    buffer = io.BytesIO()
    # Text stays text: a unit named "=HYPERLINK(…)" must never become a live
    # formula (or a link) in an officer's spreadsheet (OWASP CSV/formula injection).
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
    )
    title_format = workbook.add_format({"bold": True, "font_size": 13})
    note_format = workbook.add_format({"italic": True, "font_color": "#555555"})
    text_format = workbook.add_format({"num_format": "@"})
    choice_lists: list[list[str]] = []
    for sheet_name, columns, rows in sheets:
        sheet = workbook.add_worksheet(sheet_name[:31])
        top = 0
        if title:
            sheet.write(0, 0, title, title_format)
            top = 1
        for note in notes:
            sheet.write(top, 0, note, note_format)
            top += 1
        if title or notes:
            top += 1
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width, text_format)
            sheet.write(top, index, column.header, bold)
            if column.help:
                sheet.write_comment(top, index, column.help)
            if column.choices:
                # Choices go to a hidden sheet: inline lists are limited to 255
                # characters and cannot hold values with commas.
                letter = column_letter(len(choice_lists))
                choice_lists.append(list(column.choices))
                source = f"=_danh_muc!${letter}$1:${letter}${len(column.choices)}"
                sheet.data_validation(
                    top + 1, index, top + 2000, index, {"validate": "list", "source": source}
                )
        sheet.freeze_panes(top + 1, 0)
        for offset, row in enumerate(rows, start=top + 1):
            for index, value in enumerate(row):
                sheet.write(offset, index, value)
            if progress and offset % 500 == 0:
                progress(offset)
    if choice_lists:
        lists = workbook.add_worksheet("_danh_muc")  # after the data: readers take sheet 1
        for index, choices in enumerate(choice_lists):
            lists.write_column(0, index, choices)
        lists.hide()
    workbook.close()
    return buffer.getvalue()


def tabular_job(job, progress, importer: Callable[..., Any]) -> dict:
    """Run an all-or-nothing importer (`importer(upload=, filename=, by=,
    progress=)`) on a job's uploaded file as the person who uploaded it (the
    system for a job queued by no one). A file that turned invalid since it
    was checked ends with its messages."""
    with job.payload.open("rb") as handle:
        data = handle.read()
    try:
        result = importer(
            upload=io.BytesIO(data),
            filename=job.params["filename"],
            by=job.actor,
            progress=progress,
        )
    except TabularError as error:
        return {"errors": [str(e) for e in error.errors]}
    return {**dataclasses.asdict(result), "total": result.total}
