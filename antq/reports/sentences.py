"""Figures said as a Vietnamese report says them: "Tổ chức 1.065 buổi tuyên
truyền, giảm 10,1 % so với cùng kỳ". Numbers 1.480, rates to one decimal
(52,1 %). A side that is zero is stated, never turned into a percentage:
"(cùng kỳ năm trước: 0 buổi)", never "giảm 100 %" nor "(cùng kỳ không có)"."""

from decimal import ROUND_HALF_UP, Decimal

from antq.core.vietnamese import format_number, format_percent

SAME_PERIOD = "so với cùng kỳ"


def number(value: Decimal | int | float | None, unit: str = "") -> str:
    """1.480 or 12,5 (two decimals at most, trailing zeros dropped); a rate
    reads to one decimal, 52,1 %."""
    if value is None:
        return ""
    value = Decimal(value)
    if unit == "%":
        return format_percent(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1)
    if value == value.to_integral():
        return format_number(value)
    return format_number(value, 2).rstrip("0").rstrip(",")


def comparison(current, previous, unit: str = "") -> str:
    """How `current` compares with the same period last year, or "" when there
    is nothing to compare with."""
    if current is None or previous is None:
        return ""
    current, previous = Decimal(current), Decimal(previous)
    if current == previous:
        return "bằng cùng kỳ"
    direction = "tăng" if current > previous else "giảm"
    difference = abs(current - previous)
    if unit == "%":  # a rate moves by percentage points
        points = number(difference, "%").replace(" %", "")
        return f"{direction} {points} điểm phần trăm {SAME_PERIOD}"
    if previous == 0 or current == 0:  # no share of nothing, no "giảm 100 %": say what is known
        return f"(cùng kỳ năm trước: {number(previous)} {unit}".rstrip() + ")"
    share = (difference * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{direction} {format_percent(share, 1)} {SAME_PERIOD}"


def sentence(name: str, phrase: str, current, previous, unit: str = "") -> str:
    """One figure as a sentence. `phrase` holds {value} ("Tổ chức {value} buổi
    tuyên truyền"); without one, "name: value unit"."""
    if current is None:
        return f"{name}: chưa có dữ liệu"
    value = number(current, unit)
    if phrase:
        text = phrase.replace("{value}", value)
    else:
        text = f"{name}: {value}" + ("" if unit in {"", "%"} else f" {unit}")
    compared = comparison(current, previous, unit)
    if compared.startswith("("):
        return f"{text} {compared}"
    if compared:
        return f"{text}, {compared}"
    if previous is None:
        return f"{text} (cùng kỳ năm trước chưa có dữ liệu)"
    return text
