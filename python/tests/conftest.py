import json
import os
import pathlib

import pytest

VECTORS = pathlib.Path(os.environ.get("CROSSPAY_VECTORS", pathlib.Path(__file__).parents[2] / "tests" / "vectors"))


def load_cases(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))["cases"]


def load_doc(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def pytest_generate_tests(metafunc):
    if "convert_case" in metafunc.fixturenames:
        cases = load_cases("convert.json")
        metafunc.parametrize("convert_case", cases, ids=[c["name"] for c in cases])
    money = load_doc("money.json")
    for section in ("conversions", "price_lists", "allocations", "sheet_errors", "minor_units"):
        fixture = f"money_{section[:-1]}"
        if fixture in metafunc.fixturenames:
            cases = money[section]
            ids = [c.get("name") or f'{c["amount"]}-{c["currency"]}' for c in cases]
            metafunc.parametrize(fixture, cases, ids=ids)
