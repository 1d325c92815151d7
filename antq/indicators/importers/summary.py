"""The answer of an import, in DHIS2's words (its ImportSummary): counts,
conflicts with DHIS2's error code, the property at fault and the 0-based
indexes of the values concerned, and the indexes of every value refused."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from antq.core.vietnamese import format_number

MAX_CONFLICTS = 1000  # listed; the count goes on

# DHIS2's error codes of data value import (its ErrorCode enum, E76xx), and
# antq's own for the checks DHIS2 does not make.
DATA_SET = "E7600"
SET_ORG_UNIT = "E7603"
SET_OPTION = "E7604"
DATA_ELEMENT = "E7610"
PERIOD = "E7611"
ORG_UNIT = "E7612"
OPTION = "E7613"
ATTRIBUTE_OPTION = "E7615"
NOT_IN_HIERARCHY = "E7617"
VALUE_MISSING = "E7618"
VALUE_TYPE = "E7619"
COMMENT = "E7620"
PERIOD_TYPE = "E7632"
NOT_IN_DATA_SET = "E7633"
OPTION_NOT_OF_ELEMENT = "E7634"
NOT_ASSIGNED = "E7636"
LOCKED = "E7642"
CLOSED = "E7643"
RULE = "ANTQ_RULE"  # a validation rule of the form is broken (DHIS2 stores it)
COMPLETE = "ANTQ_COMPLETE"  # completing the form (completeDate) was refused
UNREADABLE = "ANTQ_UNREADABLE"  # the file cannot be read further


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    total: int = 0  # values read
    conflicts: list[dict] = field(default_factory=list)
    conflict_count: int = 0
    rejected: set[int] = field(default_factory=set)
    written: bool = True  # False: rolled back (a conflict in an atomic import, or a dry run)
    dry_run: bool = False
    atomic: bool = True
    complete_date: str = ""
    _index: dict[tuple, dict] = field(default_factory=dict, repr=False)

    def conflict(self, entry: dict) -> None:
        """Record a conflict: {"object", "value", "errorCode", "property",
        "indexes"}; the same refusal of several values is one conflict listing
        their indexes, as DHIS2 does."""
        indexes = list(entry.get("indexes") or ())
        self.rejected.update(indexes)
        key = (entry.get("errorCode"), entry.get("object"), entry.get("value"))
        known = self._index.get(key)
        if known is not None:
            known["indexes"].extend(indexes)
            return
        self.conflict_count += 1
        if len(self.conflicts) < MAX_CONFLICTS:
            full = {
                "object": str(entry.get("object", "")),
                "value": str(entry.get("value", "")),
                "errorCode": entry.get("errorCode") or "",
                "property": entry.get("property") or "",
                "indexes": indexes,
            }
            self.conflicts.append(full)
            self._index[key] = full

    @property
    def status(self) -> str:
        if not self.conflicts:
            return "SUCCESS"
        if not self.atomic or ((self.written or self.dry_run) and self.imported_any):
            return "WARNING"
        return "ERROR"

    @property
    def imported_any(self) -> bool:
        return bool(self.imported or self.updated or self.deleted)

    def close(self, *, kept: bool) -> None:
        """The counts once the import ended: nothing kept (an atomic import with
        a conflict) counts every value ignored; otherwise the values neither
        written nor deleted are the ignored ones (unchanged, refused, or
        skipped by the strategy)."""
        self.written = kept and not self.dry_run
        if not kept:
            self.imported = self.updated = self.deleted = 0
        self.ignored = max(0, self.total - self.imported - self.updated - self.deleted)

    def description(self) -> str:
        if self.conflicts and not self.imported_any:
            return _("Có %(count)s lỗi; không giá trị nào được ghi.") % {
                "count": format_number(self.conflict_count)
            }
        if self.dry_run:
            return _("Chạy thử (dryRun): không ghi gì; đây là kết quả nếu nhập thật.")
        if self.conflicts:
            return _("Có %(count)s lỗi; các giá trị hợp lệ đã được ghi.") % {
                "count": format_number(self.conflict_count)
            }
        return _("Đã nhập.")

    def as_dhis2(self, options: dict | None = None) -> dict:
        """DHIS2's ImportSummary (the `response` of its current answer, and the
        whole answer of antq's own /api/v1)."""
        answer = {
            "responseType": "ImportSummary",
            "status": self.status,
            "description": self.description(),
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": self.conflicts,
            "rejectedIndexes": sorted(self.rejected),
            "dataSetComplete": self.complete_date or "false",
        }
        if options is not None:
            answer = {"responseType": "ImportSummary", "importOptions": options} | answer
        return answer
