"""How antq's statistics are named to DHIS2: each indicator, form and unit has
its UID column (`core.fields.UidField`); a breakdown (an option of an
indicator, DHIS2's category option combo) is named by its code and a UID
derived from that code, the same for every indicator that has the option.
The total of an indicator (no option) is DHIS2's default combo."""

from antq.core.fields import uid_from

DEFAULT_OPTION_UID = "HllvX50cXC0"  # DHIS2's default category option combo, everywhere
DEFAULT_OPTION_CODE = "default"
DEFAULT_OPTIONS = {DEFAULT_OPTION_UID, DEFAULT_OPTION_CODE, ""}


def option_uid(code: str) -> str:
    """The UID of the breakdown `code` ("" is the default combo)."""
    return uid_from(f"antq:categoryOptionCombo:{code}") if code else DEFAULT_OPTION_UID


def option_name(code: str, scheme: str) -> str:
    """How an export names the breakdown `code` in `scheme` (UID or CODE)."""
    if scheme == "UID":
        return option_uid(code)
    return code or DEFAULT_OPTION_CODE
