"""The answer of an import, in DHIS2's words (its ImportSummary)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from antq.core.vietnamese import format_number

MAX_CONFLICTS = 1000  # listed; the count goes on


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[dict] = field(default_factory=list)
    conflict_count: int = 0

    def conflict(self, entry: dict) -> None:
        self.conflict_count += 1
        if len(self.conflicts) < MAX_CONFLICTS:
            self.conflicts.append(entry)

    def as_dhis2(self) -> dict:
        if self.conflicts:
            description = _("Có %(count)s lỗi; không giá trị nào được ghi.") % {
                "count": format_number(self.conflict_count)
            }
        else:
            description = _("Đã nhập.")
        return {
            "responseType": "ImportSummary",
            "status": "ERROR" if self.conflicts else "SUCCESS",
            "description": description,
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": self.conflicts,
        }
