"""The "Căn cứ" lines: for each topic a document cites, the legal document in
force on its date (configuration, `LegalDocument`)."""

from collections.abc import Sequence
from datetime import date

from django.db.models import Q

from antq.documents.models import LegalDocument

LOCAL_GOVERNMENT = "local_government"
EMULATION = "emulation"
EMULATION_DECREE = "emulation_decree"
POLICE_EMULATION = "police_emulation"
SAFETY_STANDARD = "safety_standard"


def grounds_on(topics: Sequence[str], day: date) -> list[str]:
    """ "Căn cứ <citation>" for each topic with a document in force on `day`,
    in the configured order; a topic with none in force is left out (never a
    law that came later)."""
    rows = (
        LegalDocument.objects.filter(topic__in=topics, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("order", "valid_from")
    )
    by_topic: dict[str, LegalDocument] = {}
    for row in rows:
        by_topic[row.topic] = row  # the latest in force, when two overlap
    cited = sorted(by_topic.values(), key=lambda r: (r.order, topics.index(r.topic)))
    return [f"Căn cứ {row.citation}" for row in cited]
