"""Pages of long lists without an exact count past a bound.

Counting two million rows to print "1.834.112 hoạt động" costs more than the
page itself. A list counts at most `CAP` + 1 rows: beyond that it says
"hơn 1.000" and offers the pages up to the bound (a search that long is
narrowed, not read to the end)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 1000


def count_at_most(rows: QuerySet, cap: int = CAP) -> tuple[int, bool]:
    """(count, exact): the number of rows when at most `cap`, else (`cap`,
    False); counts no more than `cap` + 1 rows."""
    found = rows.order_by()[: cap + 1].count()
    return (found, True) if found <= cap else (cap, False)


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap`; `count_is_exact` says whether
    there are more."""

    def __init__(self, object_list, per_page, *, cap: int = CAP, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return count_at_most(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_is_exact(self) -> bool:
        return self._capped[1]
