"""No id, year or page number is written with a thousands dot inside a link or
a form value: `USE_THOUSAND_SEPARATOR` would turn unit 1524 into
`unit=1.524`, a link that answers 404. Such values go through `|unlocalize`
(or `stringformat:"d"`, or `{% url %}`, which never localizes)."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ATTRIBUTE = re.compile(r'(?:href|action|value|src|hx-[a-z]+|data-[a-z-]+)="([^"]*)"')
VARIABLE = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")
NUMERIC_NAME = re.compile(r"(\.pk|\.id|_pk|_id|\byear|page_number)$")
SAFE_FILTERS = ("unlocalize", "stringformat", "urlencode")


def number_variables_in_attributes(text: str) -> list[str]:
    found = []
    for attribute in ATTRIBUTE.findall(text):
        for expression in VARIABLE.findall(attribute):
            name, *filters = [part.strip() for part in expression.split("|")]
            if NUMERIC_NAME.search(name) and not any(f.startswith(SAFE_FILTERS) for f in filters):
                found.append(expression)
    return found


def test_the_rule_catches_a_unit_id_in_a_link():
    assert number_variables_in_attributes('<a href="?unit={{ figures_root.pk }}">') == [
        "figures_root.pk"
    ]
    assert not number_variables_in_attributes('<a href="?unit={{ root.pk|unlocalize }}">')


def test_no_template_writes_an_id_year_or_page_number_with_a_thousands_dot_in_a_link():
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in TEMPLATES.rglob("*.html")
        if (found := number_variables_in_attributes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
