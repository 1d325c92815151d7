"""A rule that every module shares lives once, in the kernel (ARCHITECTURE.md,
"The kernel"). These are the copies the kernel replaced; none may come back."""

import re
from pathlib import Path

import antq

ROOT = Path(antq.__file__).parent
FORBIDDEN = {
    r"PermissionError": "a refused right raises accounts.access.Refused (require)",
    r"by is not None and not": "require(by, ...) never skips a check; the system is an actor",
    r"path__startswith": "a subtree is the indexed __prefix lookup",
    r"register_restate": "units.placement restates every placed model by itself",
    r"def _(require|check_permission|check_can_\w+)\(": "call accounts.access.require",
    r"InvalidTransition|check_move\(": "declare the moves (core.workflow.Workflow)",
    r"^(PUBLISHED|RESTATED)\s*(,\s*\w+\s*)?=": "the views are units.models.PUBLISHED/RESTATED",
    r"UnitScopedQuerySet": "ScopedQuerySet already scopes by unit__path",
    r'getattr\(by, "is_authenticated", False\) else None': "core.actors.person_of(by)",
    r'_\("Ngày[^"]*chưa đến': "a date after today is refused by core.dates.future_date_message",
    r"FROM STDIN": "bulk rows go through core.bulk.insert_rows (COPY on PostgreSQL)",
}
# where a rule is defined, once
HOME = {
    (r"^(PUBLISHED|RESTATED)\s*(,\s*\w+\s*)?=", ROOT / "units" / "models.py"),
    (r"FROM STDIN", ROOT / "core" / "bulk.py"),
}
ALLOWED = {ROOT / "core" / "tests" / "test_kernel_rules.py", ROOT / "core" / "actors.py"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path in ALLOWED:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_module_writes_a_kernel_rule_again():
    found = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}  ← {why}"
        for path, text in _sources()
        for number, line in enumerate(text.splitlines(), start=1)
        for pattern, why in FORBIDDEN.items()
        if re.search(pattern, line) and (pattern, path) not in HOME
    ]
    assert found == [], "\n".join(found)


def test_no_module_is_longer_than_500_lines():
    long = [
        f"{path.relative_to(ROOT.parent)}: {text.count(chr(10))} lines"
        for path, text in _sources()
        if text.count("\n") > 500 and "tests" not in path.parts
    ]
    assert long == [], "\n".join(long)


# what an API module (one that imports ninja) takes from a request
UNBOUNDED = {
    r"\b\w*pk: int\b": "a row id a request names is core.api.Id (1 to 2**63-1)",
    r"\bversion: int \|": "the version a write read is core.api.Version",
    r"list\[int\] = Field": "ids a body lists are list[core.api.Id]",
}


def test_no_api_module_takes_an_id_without_its_range():
    """A bare `pk: int` lets 2**63 through to the database (a bigint overflow on
    PostgreSQL): the schema refuses it when the parameter is core.api.Id.
    tests/test_decimal_bounds.py checks the whole OpenAPI schema the same way."""
    found = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}  ← {why}"
        for path, text in _sources()
        if "from ninja" in text and "tests" not in path.parts and path != ROOT / "core" / "api.py"
        for number, line in enumerate(text.splitlines(), start=1)
        for pattern, why in UNBOUNDED.items()
        if re.search(pattern, line)
    ]
    assert found == [], "\n".join(found)
