"""The edXML package checked against QCVN 102:2016/BTTTT as far as that can be
done offline.

Validated: the structure in `edxml_qcvn102.xsd` (the elements, their order,
nesting and namespaces; dates as yyyy/mm/dd; the number with its leading 0;
the symbol; the sender's identifier code; the manifest, and the attachments
outside the envelope), and, in Python, what a schema cannot
say: each manifest reference names an attachment by the same ContentId, the
attachment decodes to the very PDF the register issued (SHA-256), and the
metadata are the register entry's (number, date, place, body, signer,
recipients with the identifier codes of configured bodies).

Not validated (no official XSD, code lists or test gateway were reachable
from here): the values the standard's annexes list for `DocumentType/Type`,
`SteeringType`, `Bussiness/BussinessDocType` and `Priority` (we write those
the gateway's SDK samples use); whether a receiving system wants the
attachment zipped before base64; the identifier codes themselves (format of
Quyết định 20/2020/QĐ-TTg: they are configuration); the signed envelope and
the transport (the national gateway's SOAP/REST API)."""

import base64
import hashlib
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from antq.documents.edxml import NS, edxml_package
from antq.documents.services import document_create, document_issue
from antq.documents.tests.conftest import body_of

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("edxml_qcvn102.xsd"))))
ED = {"ed": NS}


@pytest.fixture
def package(tree, personas, django_capture_on_commit_callbacks):
    """A decision of the province's People's Committee, issued, its files made."""
    by = personas.province_approver
    committee = body_of(tree.province)
    committee.identifier_code = "000.00.00.H45"
    committee.save()
    police = body_of(tree.province, "cong_an")
    police.identifier_code = "000.00.45.H45"
    police.save()
    draft = document_create(
        by=by, unit=tree.province, purpose="recognition", day=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ", subject="Về việc công nhận xã, phường đạt tiêu chuẩn",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        document = document_issue(by=by, document=draft)
    document.refresh_from_db()
    return document, etree.fromstring(edxml_package(document))


def test_the_package_has_the_structure_the_standard_gives(package):
    _document, root = package
    assert SCHEMA.validate(root), SCHEMA.error_log


def test_the_metadata_are_the_register_entrys(package):
    _document, root = package

    def text(path: str) -> str:
        return root.findtext(path, namespaces=ED)

    header = "ed:edXMLEnvelope/ed:edXMLHeader/ed:MessageHeader/"
    assert (text(header + "ed:Code/ed:CodeNumber"), text(header + "ed:Code/ed:CodeNotation")) == (
        "01",
        "QĐ-UBND",
    )
    assert text(header + "ed:PromulgationInfo/ed:PromulgationDate") == "2026/11/20"
    assert text(header + "ed:PromulgationInfo/ed:Place") == "Quảng Ninh"
    assert text(header + "ed:From/ed:OrganId") == "000.00.00.H45"
    assert text(header + "ed:SignerInfo/ed:FullName") == "Nguyễn Văn Chủ"
    assert text(header + "ed:SignerInfo/ed:Competence") == "TM. ỦY BAN NHÂN DÂN"
    assert text(header + "ed:SignerInfo/ed:Position") == "CHỦ TỊCH"
    addressees = {
        to.findtext("ed:OrganName", namespaces=ED): to.findtext("ed:OrganId", namespaces=ED)
        for to in root.iterfind(header + "ed:To", namespaces=ED)
    }
    assert addressees["Công an tỉnh Quảng Ninh"] == "000.00.45.H45"  # a configured body
    assert "Như Điều 3" not in " ".join(addressees)  # not an addressee
    assert text(header + "ed:DocumentId") == "000.00.00.H45,2026/11/20,01/QĐ-UBND"


def test_the_manifest_names_the_attachment_which_is_the_issued_signed_pdf(package):
    document, root = package
    [reference] = root.iterfind(
        "ed:edXMLEnvelope/ed:edXMLBody/ed:edXMLManifest/ed:Reference", namespaces=ED
    )
    [attachment] = root.iterfind("ed:AttachmentEncoded/ed:Attachment", namespaces=ED)

    def text(element, name: str) -> str:
        return element.findtext(f"ed:{name}", namespaces=ED)

    assert text(reference, "ContentId") == text(attachment, "ContentId")
    assert reference.get("{http://www.w3.org/1999/xlink}href") == text(attachment, "ContentId")
    assert text(attachment, "AttachmentName") == text(reference, "AttachmentName")
    pdf = base64.b64decode(text(attachment, "ContentTransferEncoded"))
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == document.pdf_sha256
