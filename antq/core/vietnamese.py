"""Vietnamese text helpers: diacritics folding for search, number and date formats."""

import functools
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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


# "1.480", "1.480.000", "-12.345" (groups of three after a first group not
# starting with 0); "1.480,5" with a decimal comma.
_GROUPED = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_POINT_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


class NotANumber(ValueError):
    """Text that is not a number as Vietnamese writes it; the message is
    Vietnamese and names what was typed."""


def parse_number(
    raw: str | int | float | Decimal | None, *, integer: bool = False, machine: bool = False
) -> Decimal | None:
    """The one reader of numbers for every form, import and API field.

    Vietnamese writing: "." groups thousands, "," marks decimals, spaces are
    ignored: "1.480" → 1480, "1.480.000" → 1480000, "7,5" → 7.5, "1.480,5" →
    1480.5; a point that does not group thousands is a decimal point, as
    programs write it ("12.5", "0.500"). `machine` reads what programs send
    (DHIS2 values, CSV written by software): the point is always decimal.
    Numbers pass as they are. Empty text is None; `integer` refuses a
    fraction. Raises NotANumber with a Vietnamese message."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotANumber(_("“%(raw)s” không phải là số.") % {"raw": raw})
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    else:
        text = _SPACES.sub("", str(raw).replace("\u00a0", ""))
        if not text:
            return None
        if not machine and _GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif not machine and _COMMA_DECIMAL.match(text):
            text = text.replace(",", ".")
        elif not _POINT_DECIMAL.match(text):
            raise NotANumber(_("“%(raw)s” không phải là số.") % {"raw": raw})
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise NotANumber(_("“%(raw)s” không phải là số.") % {"raw": raw}) from None
    if not value.is_finite():
        raise NotANumber(_("“%(raw)s” không phải là số.") % {"raw": raw})
    if integer and value != value.to_integral_value():
        raise NotANumber(_("“%(raw)s” phải là số nguyên.") % {"raw": raw})
    return value


def parse_integer(raw, *, machine: bool = False) -> int | None:
    """`parse_number` for counts: an int, or None when empty."""
    value = parse_number(raw, integer=True, machine=machine)
    return None if value is None else int(value)


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


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
# t u ư v x y; tones break ties in dictionary order (none, huyền, hỏi, ngã,
# sắc, nặng). Binary order puts "Đông" after "Yên"; folding puts it among the
# d's but before "Dương"; neither is how an office sorts a list of names.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve ă, circumflex â ê ô, horn ơ ư
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=16384)  # the same unit names are sorted on every page
def collation_key(text: str | None) -> tuple:
    """A sort key that orders names as Vietnamese dictionaries do:
    `sorted(units, key=lambda u: collation_key(u.name))`."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", (text or "").strip()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in _LETTER_MARKS and letters:
            base, _mark = letters[-1]
            letters[-1] = (base, _LETTER_MARKS[char])
            continue
        if unicodedata.combining(char):
            continue
        lower = char.lower()
        if lower == "đ":
            letters.append(("d", 9))  # đ after d and every d with a mark
        else:
            letters.append((lower, 0))
        tones.append(0)
    return (tuple(letters), tuple(tones))
