"""Reading a dataValueSets file as a stream: DHIS2's JSON or its CSV, never
held whole (a national year is about 1.6 million values)."""

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

import ijson
from django.utils.translation import gettext as _

MAX_VALUES = 500_000  # for a payload held in memory (an API request body)

CANONICAL_KEYS = frozenset(
    {
        "dataElement",
        "period",
        "orgUnit",
        "categoryOptionCombo",
        "attributeOptionCombo",
        "value",
        "comment",
        "_where",
        # what DHIS2 exports beside the value; antq records its own
        "storedBy",
        "created",
        "lastUpdated",
        "followup",
        "deleted",
    }
)
_BY_LOWER = {key.lower(): key for key in CANONICAL_KEYS} | {
    # the short names of DHIS2's own CSV export (read by position in DHIS2)
    "catoptcombo": "categoryOptionCombo",
    "attroptcombo": "attributeOptionCombo",
    "cmt": "comment",
    "strby": "storedBy",
    "lstupd": "lastUpdated",
    "timestamp": "lastUpdated",
    "flwup": "followup",
}


class Payload:
    """The rows of a dataValueSets file (JSON or CSV), read as a stream, keys
    lower-cased. Iterating raises ValueError with a Vietnamese message for a
    file that cannot be read; `position` and `size` (bytes) measure progress."""

    def __init__(self, handle: BinaryIO, content_type: str = "application/json") -> None:
        self.handle = handle
        head = handle.read(64)
        handle.seek(0, io.SEEK_END)
        self.size = handle.tell()
        self.start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
        handle.seek(self.start)
        # The declared type decides; only an undeclared one is guessed from the text.
        self.is_csv = "csv" in content_type or (
            "json" not in content_type and not head[self.start :].lstrip().startswith(b"{")
        )

    @property
    def position(self) -> int:
        try:
            return min(self.handle.tell(), self.size)
        except (OSError, ValueError):  # closed at the end of the stream
            return self.size

    def __iter__(self) -> Iterator[dict]:
        count = 0
        rows = self._csv() if self.is_csv else self._json()
        try:
            for row in rows:
                count += 1
                yield row
        except UnicodeDecodeError:
            raise ValueError(_("Tệp không phải văn bản UTF-8.")) from None
        if not count:
            raise ValueError(_("Không có giá trị nào để nhập."))

    def _csv(self) -> Iterator[dict]:
        text = io.TextIOWrapper(self.handle, encoding="utf-8", newline="")
        try:
            reader = csv.reader(text)
            header = next(reader, None)
            if not header:
                raise ValueError(_("Tệp CSV trống."))
            keys = [_canonical_key(name) for name in header]
            unknown = [
                name for name, key in zip(header, keys, strict=True) if key not in CANONICAL_KEYS
            ]
            if unknown:
                raise ValueError(
                    _("Cột CSV không được nhận: %(names)s (xem docs/dhis2.md).")
                    % {"names": ", ".join(unknown)}
                )
            for cells in reader:
                if any(cells):
                    yield {key: cell.strip() for key, cell in zip(keys, cells, strict=False)}
        except csv.Error as exc:
            raise ValueError(_("CSV không hợp lệ: %(error)s") % {"error": exc}) from None
        finally:
            text.detach()

    def _json(self) -> Iterator[dict]:
        found = False
        try:
            for row in ijson.items(self.handle, "dataValues.item"):
                found = True
                if isinstance(row, dict) and not CANONICAL_KEYS.issuperset(row):
                    row = {_canonical_key(key): value for key, value in row.items()}
                yield row
            if not found:
                self.handle.seek(self.start)
                if not any(True for _item in ijson.items(self.handle, "dataValues")):
                    raise ValueError(_("Thiếu mảng dataValues."))
        except ijson.JSONError as exc:
            raise ValueError(_("JSON không hợp lệ: %(error)s") % {"error": exc}) from None


def _canonical_key(name) -> str:
    """DHIS2's spelling of a column or key written in any case ("orgunit")."""
    text = str(name).strip()
    return _BY_LOWER.get(text.lower(), text)


def parse_payload(data: bytes | str, content_type: str = "application/json") -> list[dict]:
    """Rows of a dataValueSets payload held in memory (an API body). Raises ValueError."""
    raw = data.encode() if isinstance(data, str) else data
    rows = []
    for row in Payload(io.BytesIO(raw), content_type):
        rows.append(row)
        if len(rows) > MAX_VALUES:
            raise ValueError(_("Quá nhiều giá trị (tối đa %(max)s).") % {"max": MAX_VALUES})
    return rows
