"""money.json's price lists against an independent oracle (tests/vectors/oracle/price_lists.py):
the file's expected receipts are what exact fractions give, not what crosspay gave."""
import runpy

from conftest import VECTORS, load_doc

oracle = runpy.run_path(str(VECTORS / "oracle" / "price_lists.py"))


def test_every_price_list_is_what_the_oracle_computes():
    doc = load_doc("money.json")
    assert len(doc["price_lists"]) >= 10
    for case in doc["price_lists"]:
        assert oracle["expected"](case, doc) == case.get("expected"), case["name"]
