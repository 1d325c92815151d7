"""Vietnamese text helpers: diacritics folding for search, number and date formats."""

import re
import unicodedata
from datetime import date
from decimal import Decimal

_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str | None) -> str:
    """Lower-case `text` without diacritics, so "Bến Tre" and "ben tre" compare equal.

    "đ" is a letter of its own in Unicode (no decomposition), so it is mapped by hand.
    Runs of white space collapse to one space.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def name_key(text: str | None) -> str:
    """A compact key for matching names across data sources: folded, letters and digits only."""
    return _NON_ALNUM.sub("", fold(text))


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Vietnamese number: thousands with ".", decimals with ","; 1480 -> "1.480"."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(value: int | float | Decimal | None, decimals: int = 2) -> str:
    """Vietnamese percentage with a space before the sign: 52.05 -> "52,05 %";
    trailing zeros of the decimals dropped (50 -> "50 %", 12.5 -> "12,5 %")."""
    if value is None:
        return ""
    text = format_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, the only date format a Vietnamese office reads without thinking."""
    return value.strftime("%d/%m/%Y") if value else ""


def date_in_words(value: date, place: str = "") -> str:
    """ "Hạ Long, ngày 05 tháng 02 năm 2026": days below 10 and months 1-2 get a leading 0."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    words = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {words}" if place else words
