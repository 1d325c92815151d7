from datetime import date

import pytest

from antq.community.models import ModelCategory
from antq.community.services import ModelInput, model_register


def model_input(unit, **fields) -> ModelInput:
    values = {
        "name": "Camera an ninh",
        "category": ModelCategory.objects.get(code="cong_nghe"),
        "lead_organisation": "cong_an",
        "started_on": date(2025, 8, 1),
        **fields,
    }
    return ModelInput(unit=unit, **values)


@pytest.fixture
def camera_a(tree, personas):
    """Commune A's "Camera an ninh", running first in Khu phố Đồng Tâm."""
    return model_register(
        by=personas.officer_a,
        data=model_input(tree.commune_a),
        site_unit=tree.area_a,
        groups=2,
        participants=120,
    )
