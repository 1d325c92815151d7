"""`antq load_demo` creates accounts whose password is printed in the README:
it refuses a deployment marked production and a database holding data it did
not create, unless told so by a flag with a clear name; on a fresh database
and on a demo database (`make run` again) it runs."""

import pytest
from django.core.management import CommandError, call_command

from antq.accounts.models import User
from antq.demo.loaders import PERSONAS
from conftest import make_unit, make_user


@pytest.fixture
def stub_loader(monkeypatch):
    """The guard is what is tested: the (40-second) load itself is replaced."""
    calls = []
    monkeypatch.setattr(
        "antq.demo.management.commands.load_demo.load_demo",
        lambda progress: calls.append(True) or {"units": 0, "users": 0},
    )
    return calls


def test_it_refuses_a_deployment_marked_production(db, settings, stub_loader):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="ANTQ_PRODUCTION"):
        call_command("load_demo")
    assert stub_loader == []


def test_it_refuses_a_database_with_accounts_it_did_not_create(db, stub_loader):
    make_user("giamdoc.congan")
    with pytest.raises(CommandError, match=r"giamdoc\.congan"):
        call_command("load_demo")
    assert stub_loader == []
    assert not User.objects.filter(username__in=[p.username for p in PERSONAS]).exists()


def test_it_refuses_a_unit_tree_loaded_before_any_demo(db, stub_loader):
    make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    with pytest.raises(CommandError, match="--add-to-real-data"):
        call_command("load_demo")
    assert stub_loader == []


def test_the_clearly_named_flag_overrides_both(db, settings, stub_loader):
    settings.PRODUCTION = True
    make_user("giamdoc.congan")
    call_command("load_demo", add_to_real_data=True)
    assert stub_loader == [True]


def test_a_fresh_database_and_a_demo_database_load(db, stub_loader):
    call_command("load_demo")
    for persona in PERSONAS:  # what the first run left
        make_user(persona.username)
    make_unit(code="22", name="Tỉnh Quảng Ninh", type="province", kind="tinh")
    call_command("load_demo")
    assert stub_loader == [True, True]
