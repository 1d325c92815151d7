"""Writing many rows at once, the fastest way each database offers: COPY on
PostgreSQL, one INSERT run for each row elsewhere. For bulk writes whose
rows are already checked (an import's values, their audit entries); an
ordinary write goes through the ORM."""

from collections.abc import Iterable, Sequence

from django.db import connection

# rows per multi-row INSERT: 5 columns × 1,000 stay far under SQLite's 32,766
# bound parameters
CHUNK = 1_000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert `rows` (values in `columns` order, as the database adapter
    takes them) into `table`. COPY on PostgreSQL is several times faster than
    INSERTs there; SQLite's executemany is its own fastest path."""
    q = connection.ops.quote_name
    names = ", ".join(map(q, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {q(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(
            f"INSERT INTO {q(table)} ({names}) "  # noqa: S608 (model names)
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            rows,
        )


def insert_missing(
    table: str, columns: Sequence[str], rows: Sequence[Sequence], returning: Sequence[str]
) -> list[tuple]:
    """Insert the `rows` that do not clash with a unique constraint (`ON
    CONFLICT DO NOTHING`), a thousand to a statement: a single round trip
    for a batch where executemany took one per row on PostgreSQL. Returns
    the `returning` columns of the rows it inserted, not of those already
    there (another writer's)."""
    q = connection.ops.quote_name
    names = ", ".join(map(q, columns))
    one = f"({', '.join(['%s'] * len(columns))})"
    inserted: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {q(table)} ({names}) "  # noqa: S608 (model names)
                f"VALUES {', '.join([one] * len(chunk))} ON CONFLICT DO NOTHING "
                f"RETURNING {', '.join(map(q, returning))}",
                [value for row in chunk for value in row],
            )
            inserted.extend(map(tuple, cursor.fetchall()))
    return inserted
