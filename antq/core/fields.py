"""Materialized-path field with an indexed subtree lookup on both databases."""

from django.db import models
from django.db.models import Lookup


class PathField(models.CharField):
    """Path of ids, "/12/345/". Only digits and "/" ever appear in it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)


@PathField.register_lookup
class PrefixLookup(Lookup):
    """`path__prefix="/12/"`: the subtree under /12/, as one index seek.

    SQLite does not use an index for `LIKE ... ESCAPE`, so there it becomes the
    range [prefix, prefix with its final "/" bumped to "0"), exact under binary
    collation because paths hold only digits and "/". PostgreSQL gets a plain
    LIKE that its varchar_pattern_ops index serves under any collation.
    """

    lookup_name = "prefix"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        if not isinstance(prefix, str) or not prefix.endswith("/"):
            raise ValueError("a path prefix must be a string ending with '/'")
        if connection.vendor == "postgresql":
            return f"{lhs} LIKE %s", [*lhs_params, prefix + "%"]
        upper = prefix[:-1] + "0"
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, *lhs_params, upper]
