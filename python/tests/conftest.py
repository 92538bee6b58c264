import json
import os
import pathlib

import pytest

VECTORS = pathlib.Path(os.environ.get("CROSSPAY_VECTORS", pathlib.Path(__file__).parents[2] / "tests" / "vectors"))


def load_cases(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))["cases"]


def pytest_generate_tests(metafunc):
    if "convert_case" in metafunc.fixturenames:
        cases = load_cases("convert.json")
        metafunc.parametrize("convert_case", cases, ids=[c["name"] for c in cases])
