"""The OpenAPI document names each request and answer body by its class name:
two schemas of one name would silently share one definition, so a client (and
the fuzzer) would read or send the wrong fields."""

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import antq


def _api_modules():
    for info in pkgutil.walk_packages(antq.__path__, "antq."):
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        if info.name.endswith(".api") or ".api." in info.name:
            yield importlib.import_module(info.name)


def test_no_two_api_schemas_share_a_name():
    defined = defaultdict(set)
    for module in _api_modules():
        for value in vars(module).values():
            ours = inspect.isclass(value) and value.__module__ == module.__name__
            if ours and issubclass(value, Schema) and value is not Schema:
                defined[value.__name__].add(module.__name__)
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}
