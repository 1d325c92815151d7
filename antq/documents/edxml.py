"""An issued document as the data package Vietnamese document-management
systems exchange (edXML, QCVN 102:2016/BTTTT as amended by Thông tư
01/2022/TT-BTTTT): the metadata (number and symbol, date and place, the
issuing body's identifier code, the signer, the recipients) and the signed
PDF, base64-encoded.

No official schema (XSD) of the package was found: this follows the
structure the national gateway's published SDK samples and the systems that
exchange with it use (root `edXML` in the namespace below, `edXMLEnvelope` >
`edXMLHeader` > `MessageHeader` and `TraceHeaderList`, `edXMLBody` >
`edXMLManifest` > `Reference`, then `AttachmentEncoded` > `Attachment`, each
`Reference` and its `Attachment` sharing one ContentId). The structure we
rely on is written down as a schema and checked by a test
(documents/tests/edxml_qcvn102.xsd, test_edxml.py, which also lists what
cannot be validated offline). Element codes whose
values the standard's annex lists and we could not read (`DocumentType/Type`,
`SteeringType`, `Bussiness/BussinessDocType`) carry the values those samples
use. Everything about the format lives in this one module (docs/documents.md)."""

import base64
import uuid

from django.utils import timezone
from lxml import etree

from antq.documents.authority import signature_lines
from antq.documents.models import Document, IssuingBody

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"


def _e(parent, name: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{NS}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _party(parent, tag: str, code: str, name: str) -> None:
    party = _e(parent, tag)
    _e(party, "OrganId", code)
    _e(party, "OrganizationInCharge", name)
    _e(party, "OrganName", name)


def _recipients(document: Document) -> list[tuple[str, str]]:
    """(identifier code, name) per recipient line, the code found when the
    line names a configured body; "Như Điều 3" and "Lưu" are not addressees."""
    bodies = {
        " ".join(b.name_in_sentence.lower().split()): b.identifier_code
        for b in IssuingBody.objects.exclude(identifier_code="")
    }
    parties = []
    for line in document.recipient_lines():
        name = line.rstrip(";.").split(" (")[0].strip()
        if name.lower().startswith(("như ", "lưu")):
            continue
        parties.append((bodies.get(" ".join(name.lower().split()), ""), name))
    return parties


def edxml_package(document: Document) -> bytes:
    """The edXML package of an issued document with its (signed) PDF."""
    body = document.body
    root = etree.Element("edXML", nsmap={None: NS})
    envelope = etree.SubElement(root, f"{{{NS}}}edXMLEnvelope", nsmap={"edXML": NS})
    header = _e(envelope, "edXMLHeader")
    message = _e(header, "MessageHeader")
    sender = " ".join(document.header_body.split()) or str(body)
    _party(message, "From", body.identifier_code, sender)
    recipients = _recipients(document)
    for code, name in recipients:
        _party(message, "To", code, name)
    code = _e(message, "Code")
    _e(code, "CodeNumber", f"{document.number:02d}" if document.number is not None else "")
    _e(code, "CodeNotation", document.symbol)
    promulgation = _e(message, "PromulgationInfo")
    _e(promulgation, "Place", document.place)
    _e(promulgation, "PromulgationDate", f"{document.date:%Y/%m/%d}" if document.date else "")
    kind = _e(message, "DocumentType")
    _e(kind, "Type", "1")
    _e(kind, "TypeDetail", document.type_abbreviation)
    _e(kind, "TypeName", document.get_doc_type_display())
    subject = " ".join(document.subject.split())
    _e(message, "Subject", subject)
    _e(message, "Content", subject)
    signer = _e(message, "SignerInfo")
    lines = signature_lines(body, document.signing_form, document.signer_title)
    _e(signer, "Competence", " ".join(lines[:-1]) if len(lines) > 1 else "")
    _e(signer, "Position", lines[-1])
    _e(signer, "FullName", document.signer_name)
    places = _e(message, "ToPlaces")
    for line in document.recipient_lines():
        _e(places, "Place", line.rstrip(";."))
    other = _e(message, "OtherInfo")
    _e(other, "Priority", "0")
    _e(other, "SphereOfPromulgation", "Liên thông văn bản")
    _e(other, "PromulgationAmount", "1")
    _e(message, "SteeringType", "0")
    _e(
        message,
        "DocumentId",
        f"{body.identifier_code},{document.date:%Y/%m/%d},{document.reference}",
    )
    trace = _e(header, "TraceHeaderList")
    stamp = _e(trace, "TraceHeader")
    _e(stamp, "OrganId", body.identifier_code)
    _e(stamp, "Timestamp", timezone.localtime().strftime("%Y/%m/%d %H:%M:%S"))
    business = _e(trace, "Bussiness")
    _e(business, "BussinessDocType", "0")
    _e(business, "Paper", "0")
    manifest = _e(_e(envelope, "edXMLBody"), "edXMLManifest", version="1.0")
    # outside the envelope, unprefixed under the root's default namespace (so
    # in it: lxml would otherwise write a no-namespace element without xmlns="")
    encoded = _e(root, "AttachmentEncoded")
    pdf = document.file_of("pdf")
    if pdf is not None:
        # one ContentId in the manifest and on the attachment: receivers match them
        content_id = "cid:" + str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"antq:{document.pk}:{pdf.sha256}")
        )
        reference = etree.SubElement(
            manifest,
            f"{{{NS}}}Reference",
            {f"{{{XLINK}}}href": content_id, f"{{{XLINK}}}type": "simple"},
            nsmap={"xlink": XLINK},
        )
        _e(reference, "ContentId", content_id)
        _e(reference, "ContentType", "application/pdf")
        _e(reference, "AttachmentName", pdf.filename)
        attachment = _e(encoded, "Attachment")
        for name, value in (
            ("ContentType", "application/pdf"),
            ("ContentId", content_id),
            ("Description", f"{document} (SHA-256 {pdf.sha256})"),
            ("ContentTransferEncoded", base64.b64encode(pdf.file.open("rb").read()).decode()),
            ("AttachmentName", pdf.filename),
        ):
            _e(attachment, name, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
