"""Builders for the register's tests: bodies with their office holders, and
reading a generated DOCX or PDF back as a clerk would."""

import io
from datetime import date

import pytest
from docx import Document as Docx

from antq.documents.catalogue import load
from antq.documents.models import IssuingBody, OfficeHolder
from antq.documents.services import issuing_body_ensure


@pytest.fixture(autouse=True)
def _seeded(db):
    load()  # a transactional test's flush empties the seeded configuration


def body_of(unit, kind: str = "ubnd", by=None) -> IssuingBody:
    from antq.core.actors import SystemActor

    return issuing_body_ensure(by=by or SystemActor("test"), unit=unit, kind=kind)


def holder(body, title: str, name: str, start=date(2015, 1, 1), end=None) -> OfficeHolder:
    return OfficeHolder.objects.create(
        body=body, title=title, name=name, valid_from=start, valid_to=end
    )


def docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the DOCX, tables included, in reading order."""
    document = Docx(io.BytesIO(data))
    lines: list[str] = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                lines.append(block.text)

    walk(document)
    return [line for line in lines if line.strip()]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
