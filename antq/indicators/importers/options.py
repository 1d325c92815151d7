"""The parameters of a dataValueSets import, as DHIS2 names them, read once
from a request's query (and, for XML and JSON, the set's own attributes).

Every parameter antq honours is read here; every other one is refused with a
sentence naming it (`BadParameter`, a 400), never ignored: a client that asks
for `dryRun=true` and is not understood must not have its data written.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

CREATE, UPDATE, CREATE_AND_UPDATE, DELETE = "CREATE", "UPDATE", "CREATE_AND_UPDATE", "DELETE"
STRATEGIES = (CREATE, UPDATE, CREATE_AND_UPDATE, DELETE)
UID, CODE = "UID", "CODE"
SCHEMES = {"UID": UID, "ID": UID, "CODE": CODE}
# DHIS2's specific schemes, and the objects each one names
SCHEME_PARAMETERS = {
    "idScheme": "id",
    "dataElementIdScheme": "data_element",
    "orgUnitIdScheme": "org_unit",
    "categoryOptionComboIdScheme": "option",
    "attributeOptionComboIdScheme": "option",
    "dataSetIdScheme": "data_set",
}
ATOMIC_MODES = {"ALL": True, "NONE": False}
BOOLEANS = {"true": True, "false": False}
# Accepted because antq already does what they ask (or they only tune speed).
HARMLESS = {
    "preheatCache": None,  # the catalogue is always read once, before the first row
    "skipAudit": False,  # every import is audited
    "skipCache": None,
}


class BadParameter(ValueError):
    """A parameter antq does not support, or a value it cannot read (400)."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


@dataclass(frozen=True)
class IdSchemes:
    """Which property names each kind of object: "UID" or "CODE". `id` is the
    general scheme, the others override it when given."""

    id: str = CODE
    data_element: str | None = None
    org_unit: str | None = None
    option: str | None = None
    data_set: str | None = None

    def of(self, kind: str) -> str:
        return getattr(self, kind) or self.id

    def as_dhis2(self) -> dict[str, str]:
        names = {
            "dataElementIdScheme": self.data_element,
            "orgUnitIdScheme": self.org_unit,
            "categoryOptionComboIdScheme": self.option,
            "dataSetIdScheme": self.data_set,
        }
        return {"idScheme": self.id} | {k: v for k, v in names.items() if v}


@dataclass(frozen=True)
class ImportOptions:
    """How an import runs. `atomic`: all or nothing (antq's default); False is
    DHIS2's `atomicMode=NONE`, the valid values written and the others
    reported. `strategy` is DHIS2's importStrategy: CREATE adds new values
    only, UPDATE changes existing ones only, CREATE_AND_UPDATE both (an empty
    value deletes), DELETE deletes the values named."""

    dry_run: bool = False
    strategy: str = CREATE_AND_UPDATE
    atomic: bool = True
    skip_existing_check: bool = False
    force: bool = False
    run_async: bool = False
    first_row_is_header: bool = True
    schemes: IdSchemes = field(default_factory=IdSchemes)

    def as_dhis2(self) -> dict[str, Any]:
        return {
            "idSchemes": self.schemes.as_dhis2(),
            "dryRun": self.dry_run,
            "async": self.run_async,
            "importStrategy": self.strategy,
            "atomicMode": "ALL" if self.atomic else "NONE",
            "skipExistingCheck": self.skip_existing_check,
            "force": self.force,
            "firstRowIsHeader": self.first_row_is_header,
        }


def _boolean(name: str, text: str) -> bool:
    value = BOOLEANS.get(str(text).strip().lower())
    if value is None:
        raise BadParameter(name, _("%(name)s phải là true hoặc false.") % {"name": name})
    return value


def _choice(name: str, text: str, choices: dict[str, Any]) -> Any:
    key = str(text).strip().upper()
    if key not in choices:
        raise BadParameter(
            name,
            _("%(name)s=%(value)s không được hỗ trợ; dùng một trong: %(choices)s.")
            % {"name": name, "value": text, "choices": ", ".join(sorted(set(choices)))},
        )
    return choices[key]


def read_options(
    parameters: dict[str, str],
    *,
    base: ImportOptions | None = None,
    ignore: frozenset = frozenset(),
) -> ImportOptions:
    """`base` changed by DHIS2's import parameters (a query string, or the
    attributes of a set). Raises BadParameter for anything not supported.
    `ignore`: names the caller reads itself (the set's own fields)."""
    options = base or ImportOptions()
    changes: dict[str, Any] = {}
    schemes: dict[str, str] = {}
    for name, text in parameters.items():
        if name in ignore:
            continue
        if name == "dryRun":
            changes["dry_run"] = _boolean(name, text)
        elif name == "importStrategy":
            changes["strategy"] = _choice(name, text, {s: s for s in STRATEGIES})
        elif name == "atomicMode":
            changes["atomic"] = _choice(name, text, ATOMIC_MODES)
        elif name == "skipExistingCheck":
            changes["skip_existing_check"] = _boolean(name, text)
        elif name == "force":
            changes["force"] = _boolean(name, text)
        elif name == "async":
            changes["run_async"] = _boolean(name, text)
        elif name == "firstRowIsHeader":
            changes["first_row_is_header"] = _boolean(name, text)
        elif name in SCHEME_PARAMETERS:
            schemes[SCHEME_PARAMETERS[name]] = _choice(name, text, SCHEMES)
        elif name in HARMLESS:
            required = HARMLESS[name]
            if _boolean(name, text) != required and required is not None:
                raise BadParameter(
                    name,
                    _("%(name)s=%(value)s không được hỗ trợ: antq luôn ghi nhật ký mọi lần nhập.")
                    % {"name": name, "value": text},
                )
        else:
            raise BadParameter(
                name,
                _("Tham số %(name)s không được hỗ trợ; xem docs/dhis2.md.") % {"name": name},
            )
    if schemes:
        changes["schemes"] = replace(options.schemes, **schemes)
    return replace(options, **changes)
