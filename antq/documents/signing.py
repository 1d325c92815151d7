"""Digitally signed PDFs (PAdES, pyHanko) and their verification.

Each issuing body signs with its own certificate: a PKCS#12 file named by
the body's code in the signing folder (`ANTQ_SIGNING_DIR`, default
var/signing): `<code>.p12`, its passphrase in `<code>.pass` beside it (or
`ANTQ_SIGNING_PASSPHRASE`). Without a file the PDF is issued unsigned. The
demo makes a self-signed test certificate per body and every page showing a
document signed with one says that it is a test signature.

Verification trusts the certificates of the configured bodies and the CA
certificates in `ANTQ_SIGNING_TRUST` (PEM files): a signature is valid when
the file is intact since it was signed and the signer is trusted.
"""

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from antq.documents.models import IssuingBody

TEST_MARK = "antq - chứng thư thử nghiệm tự ký"


def signing_dir() -> Path:
    configured = getattr(settings, "ANTQ_SIGNING_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "signing"


def key_path(body: IssuingBody) -> Path:
    return signing_dir() / f"{body.code}.p12"


def _passphrase(body: IssuingBody) -> bytes | None:
    file = signing_dir() / f"{body.code}.pass"
    if file.exists():
        return file.read_bytes().strip()
    configured = getattr(settings, "ANTQ_SIGNING_PASSPHRASE", "")
    return configured.encode() if configured else None


def _load(body: IssuingBody):
    from cryptography.hazmat.primitives.serialization import pkcs12

    return pkcs12.load_key_and_certificates(key_path(body).read_bytes(), _passphrase(body))


def certificate_subject(body: IssuingBody) -> str:
    """Who the body's certificate names, or "" when it has none."""
    if not key_path(body).exists():
        return ""
    certificate = _load(body)[1]
    return certificate.subject.rfc4514_string()


def is_test_certificate(body: IssuingBody) -> bool:
    """A self-signed certificate (the demo's): signatures made with it prove
    nothing to anyone else, and pages say so."""
    if not key_path(body).exists():
        return False
    certificate = _load(body)[1]
    return certificate.issuer == certificate.subject


def sign_pdf(data: bytes, body: IssuingBody, *, reason: str, location: str) -> bytes | None:
    """`data` signed (PAdES B-B) with the body's certificate, or None when the
    body has none configured."""
    if not key_path(body).exists():
        return None
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(
        key_path(body).read_bytes(), other_certs=[], passphrase=_passphrase(body)
    )
    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def make_test_certificate(body: IssuingBody, *, days: int = 3650) -> Path:
    """A self-signed certificate for `body` in the signing folder (the demo's
    and the tests'); an existing file is kept."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    path = key_path(body)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, " ".join(body.name.split())[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, TEST_MARK),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            body.code.encode(), key, certificate, None, NoEncryption()
        )
    )
    return path


def _trust_roots() -> list:
    """The certificates of every configured body and of ANTQ_SIGNING_TRUST."""
    from asn1crypto import pem, x509

    roots = []
    folder = signing_dir()
    for body in IssuingBody.objects.all():
        if (folder / f"{body.code}.p12").exists():
            from cryptography.hazmat.primitives.serialization import Encoding

            roots.append(x509.Certificate.load(_load(body)[1].public_bytes(Encoding.DER)))
    for name in getattr(settings, "ANTQ_SIGNING_TRUST", []):
        data = Path(name).read_bytes()
        if pem.detect(data):
            data = pem.unarmor(data)[2]
        roots.append(x509.Certificate.load(data))
    return roots


@dataclass
class Verification:
    valid: bool
    reason: str
    sha256: str
    signer: str = ""


def verify_pdf(data: bytes) -> Verification:
    """Is the PDF's signature intact and made by a trusted certificate? Never
    raises on a bad file: the answer says what is wrong, in Vietnamese."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # pyHanko raises many kinds on a file that is not a PDF
        return Verification(False, _("Tệp không phải là PDF đọc được."), sha256)
    if not signatures:
        return Verification(False, _("Tệp PDF không có chữ ký số."), sha256)
    signature = signatures[-1]
    try:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        )
    except Exception as error:
        return Verification(
            False, _("Không kiểm tra được chữ ký: %(e)s") % {"e": str(error)[:200]}, sha256
        )
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    if not status.intact or not status.valid:
        reason = _("Tệp đã bị thay đổi sau khi ký: chữ ký không còn giá trị.")
        return Verification(False, reason, sha256, signer)
    if not status.trusted:
        reason = _("Chữ ký còn nguyên vẹn nhưng chứng thư của người ký không được tin cậy.")
        return Verification(False, reason, sha256, signer)
    if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        reason = _("Chữ ký hợp lệ nhưng tệp có phần được thêm sau khi ký.")
        return Verification(False, reason, sha256, signer)
    return Verification(True, _("Chữ ký số hợp lệ; tệp còn nguyên vẹn từ khi ký."), sha256, signer)
