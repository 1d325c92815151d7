"""Two clerks issuing at the same moment never get one number: the series'
counter row is created once and locked while a number is taken. SQLite runs
one writer at a time and hides the race, so this runs on PostgreSQL."""

from django.db import transaction

from antq.documents.register import register_take
from antq.documents.tests.conftest import body_of
from conftest import run_at_once

CLERKS = 8


def test_clerks_taking_numbers_at_once_each_get_their_own(postgresql_only, tree):
    body = body_of(tree.province)  # its 2031 series has no counter row yet

    def take(_i: int) -> int:
        with transaction.atomic():
            return register_take(body=body, year=2031, series="")

    numbers = run_at_once(take, CLERKS)
    assert sorted(numbers) == list(range(1, CLERKS + 1)), numbers
