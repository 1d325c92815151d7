"""A task's recurrence in plain Vietnamese: the choices a form offers, the
RFC 5545 RRULE each stands for, and a stored rule said back in words."""

from datetime import date

from django.utils.translation import gettext as _

RECURRENCE_CHOICES = [
    ("", _("Một lần, theo thời hạn")),
    ("yearly", _("Hằng năm, vào ngày và tháng của thời hạn")),
    ("half_yearly", _("6 tháng một lần (30/6 và 31/12)")),
    ("quarterly", _("Hằng quý (ngày cuối quý)")),
    ("monthly", _("Hằng tháng, vào ngày của thời hạn")),
    ("custom", _("Quy tắc khác (RRULE)")),
]


def recurrence_rule(choice: str, deadline: date | None, custom: str = "") -> str:
    """The RRULE of a plain choice ("yearly" with a 19/08 deadline →
    FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19)."""
    if choice == "yearly" and deadline:
        return f"FREQ=YEARLY;BYMONTH={deadline.month};BYMONTHDAY={deadline.day}"
    if choice == "half_yearly":
        return "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"
    if choice == "quarterly":
        return "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    if choice == "monthly" and deadline:
        return f"FREQ=MONTHLY;BYMONTHDAY={deadline.day}"
    if choice == "custom":
        return custom.strip().removeprefix("RRULE:")
    return ""


def recurrence_choice(rule: str) -> tuple[str, str]:
    """The plain choice a stored rule came from, and the rule if custom."""
    for choice in ("half_yearly", "quarterly"):
        if rule == recurrence_rule(choice, None):
            return choice, ""
    if rule.startswith("FREQ=YEARLY;BYMONTH=") and ";BYMONTHDAY=" in rule and "," not in rule:
        return "yearly", ""
    if rule.startswith("FREQ=MONTHLY;BYMONTHDAY=") and rule.count(";") == 1:
        return "monthly", ""
    return ("custom", rule) if rule else ("", "")


def recurrence_label(rule: str) -> str:
    """A stored rule said in Vietnamese ("Hằng năm, trước ngày 19/8")."""
    choice, custom = recurrence_choice(rule)
    if choice == "yearly":
        parts = dict(p.split("=") for p in rule.split(";"))
        return _("Hằng năm, trước ngày %(d)s/%(m)s") % {
            "d": parts["BYMONTHDAY"],
            "m": parts["BYMONTH"],
        }
    if choice == "monthly":
        day = rule.rsplit("=", 1)[1]
        return _("Hằng tháng, trước ngày %(d)s") % {"d": day}
    if choice == "custom":
        return custom
    return str(dict(RECURRENCE_CHOICES)[choice])
