import pytest
from django.core.management import call_command

from antq.accounts.access import VIEW
from antq.accounts.models import User
from antq.demo.loaders import COMMUNE_A_CODE, COMMUNE_B_CODE, DEMO_PASSWORD
from antq.units.models import Unit


@pytest.mark.django_db
def test_demo_loads_quang_ninh_personas_and_is_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "xa.a" in out and DEMO_PASSWORD in out
    units = Unit.objects.count()
    call_command("load_demo")
    assert Unit.objects.count() == units
    demo = Unit.objects.filter(is_demo=True)
    assert demo.count() > 300
    assert not demo.exclude(path__startswith=Unit.objects.get(code="22").path).exists()
    officer_a = User.objects.get(username="xa.a")
    assert officer_a.check_password(DEMO_PASSWORD)
    visible_communes = Unit.objects.for_user(officer_a, VIEW).filter(type="commune")
    assert [u.code for u in visible_communes] == [COMMUNE_A_CODE]
    assert (
        not Unit.objects.for_user(officer_a, VIEW)
        .filter(path__startswith=Unit.objects.get(code=COMMUNE_B_CODE, valid_to__isnull=True).path)
        .exists()
    )
