"""Materialized-path field with an indexed subtree lookup on both databases,
and the DHIS2-style UID of a row."""

import hashlib

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


UID_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
UID_ALPHABET = UID_LETTERS + "0123456789"
UID_LENGTH = 11


def uid_from(seed: str) -> str:
    """A DHIS2-style UID (a letter, then ten letters or digits: 11 characters,
    `^[A-Za-z][A-Za-z0-9]{10}$`) derived from `seed`: the same seed gives the
    same UID on every installation, so two databases loaded from the same
    catalogue and unit lists agree on their UIDs."""
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    number, first = divmod(number, len(UID_LETTERS))
    characters = [UID_LETTERS[first]]
    for _ in range(UID_LENGTH - 1):
        number, index = divmod(number, len(UID_ALPHABET))
        characters.append(UID_ALPHABET[index])
    return "".join(characters)


class UidField(models.CharField):
    """A row's stable DHIS2-style UID. Given once, when the row is inserted
    (`save()` and `bulk_create` alike), from the model's `uid_seed()`: the
    natural key of the row at its creation; never changed afterwards, even if
    that key changes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", UID_LENGTH)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (
            ("max_length", UID_LENGTH),
            ("unique", True),
            ("editable", False),
            ("blank", True),
        ):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if not value:
            value = uid_from(model_instance.uid_seed())
            setattr(model_instance, self.attname, value)
        return value
