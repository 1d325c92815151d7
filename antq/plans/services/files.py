"""The signed files and evidence attached to plans, progress and committees."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _refuse_if_too_large(upload, field: str) -> None:
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {field: _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20}}
        )


def _file_name(upload) -> str:
    return upload.name.rsplit("/", 1)[-1][:200]
