"""Plain rich text for narrative sections: what a report writer needs and no
more. One paragraph per line, "- " starts a bullet, **bold** marks bold, and
[…] is a placeholder still to be written. Stored as text, so a draft diffs,
audits and quotes as text; rendered to HTML (escaped) and to DOCX runs."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-*•]\s+")
BOLD = re.compile(r"\*\*(.+?)\*\*")
PLACEHOLDER = re.compile(r"\[[^\[\]]{2,}\]")


@dataclass
class Block:
    kind: str  # "p" or "li"
    runs: list[tuple[str, bool]]  # (text, bold)

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.runs)


def _runs(line: str) -> list[tuple[str, bool]]:
    runs, last = [], 0
    for match in BOLD.finditer(line):
        if match.start() > last:
            runs.append((line[last : match.start()], False))
        runs.append((match.group(1), True))
        last = match.end()
    if last < len(line):
        runs.append((line[last:], False))
    return runs


def parse(text: str) -> list[Block]:
    blocks = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if BULLET.match(line):
            blocks.append(Block("li", _runs(BULLET.sub("", line, count=1))))
        else:
            blocks.append(Block("p", _runs(line)))
    return blocks


def placeholders(text: str) -> list[str]:
    """The […] still waiting to be written."""
    return PLACEHOLDER.findall(text or "")


def _html_runs(runs: list[tuple[str, bool]]) -> str:
    parts = []
    for text, bold in runs:
        html = PLACEHOLDER.sub(
            lambda m: f'<mark class="placeholder">{m.group(0)}</mark>', escape(text)
        )
        parts.append(f"<strong>{html}</strong>" if bold else html)
    return "".join(parts)


def to_html(text: str) -> SafeString:
    """Paragraphs and lists, every character escaped; placeholders marked."""
    html, in_list = [], False
    for block in parse(text):
        if block.kind == "li" and not in_list:
            html.append("<ul>")
            in_list = True
        if block.kind != "li" and in_list:
            html.append("</ul>")
            in_list = False
        tag = "li" if block.kind == "li" else "p"
        html.append(f"<{tag}>{_html_runs(block.runs)}</{tag}>")
    if in_list:
        html.append("</ul>")
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped
