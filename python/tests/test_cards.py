"""tests/vectors/cards.json and prepaid.json through the Python bindings: every card's brand (given
by hand in the file) and its whole check, typing, expiries, security codes and masks; every prepaid
scenario step by step through signed rate sheets, each receipt and state compared whole."""
import enum
import json

import pytest

import crosspay
from crosspay import CardNumber, CrosspayError, PrivateKey, RateSheet, TrustList
from conftest import load_doc

C = load_doc("cards.json")
P = load_doc("prepaid.json")


def plain(value):
    """A uniffi record, enum, list or bytes as the JSON the vectors hold (serde's names), with
    absent and null alike (serde leaves some `None`s out)."""
    if isinstance(value, enum.Enum):
        name = value.name.lower()
        return name.replace("_", "-") if type(value).__name__ == "RoundingMode" else name
    if isinstance(value, bytes):
        return list(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "__dict__"):
        return {k.lstrip("_"): plain(v) for k, v in vars(value).items() if v is not None}  # `_from`: a keyword
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    return value


@pytest.mark.parametrize("case", C["cards"], ids=[c["number"] for c in C["cards"]])
def test_card_brand_and_check(case):
    got = crosspay.check_card(case["number"], None, None, None)
    assert plain(got.brand) == case["brand"], case["source"]
    assert plain(got) == plain(case["expected"]["check"])
    if "error" in case["expected"]["parse"]:
        with pytest.raises(CrosspayError) as e:
            CardNumber.parse(case["number"])
        assert e.value.code == case["expected"]["parse"]["error"]
    else:
        assert plain(CardNumber.parse(case["number"]).brand()) == case["expected"]["parse"]["brand"]


def test_brands_table():
    got = [{"brand": plain(b.brand), "lengths": list(b.lengths), "luhn": b.luhn, "cvc_length": b.cvc_length} for b in crosspay.card_brands()]
    assert got == C["brands"]


@pytest.mark.parametrize("case", C["checks"], ids=[c["name"] for c in C["checks"]])
def test_check(case):
    assert plain(crosspay.check_card(case["number"], case["expiry"], case["cvc"], case["at"])) == plain(case["expected"])


@pytest.mark.parametrize("case", C["check_errors"], ids=[c["name"] for c in C["check_errors"]])
def test_check_error(case):
    with pytest.raises(CrosspayError) as e:
        crosspay.check_card(case["number"], case["expiry"], case["cvc"], case["at"])
    assert e.value.code == case["error"]


@pytest.mark.parametrize("case", C["parse_errors"], ids=[c["name"] for c in C["parse_errors"]])
def test_parse_error(case):
    with pytest.raises(CrosspayError) as e:
        CardNumber.parse(case["number"])
    assert e.value.code == case["error"]
    assert "11111111" not in str(e.value)


@pytest.mark.parametrize("case", C["typing"], ids=[c["name"] for c in C["typing"]])
def test_typing(case):
    assert plain(crosspay.format_card_input(case["input"], case["cursor"])) == plain(case["expected"])


@pytest.mark.parametrize("case", C["expiries"], ids=[f'{c["expiry"]!r} at {c["at"]}' for c in C["expiries"]])
def test_expiry(case):
    want = case["expected"]
    if "error" in want:
        with pytest.raises(CrosspayError) as e:
            crosspay.check_card_expiry(case["expiry"], case["at"])
        assert e.value.code == want["error"]
    else:
        assert crosspay.check_card_expiry(case["expiry"], case["at"]) == want["valid_through"]


@pytest.mark.parametrize("case", C["cvcs"], ids=[f'{c["brand"]} {c["cvc"]!r}' for c in C["cvcs"]])
def test_cvc(case):
    brand = getattr(crosspay.CardBrand, case["brand"].upper())
    if "error" in case["expected"]:
        with pytest.raises(CrosspayError) as e:
            crosspay.check_cvc(brand, case["cvc"])
        assert e.value.code == case["expected"]["error"]
    else:
        crosspay.check_cvc(brand, case["cvc"])


@pytest.mark.parametrize("case", C["masks"], ids=[c["expected"]["masked"] for c in C["masks"]])
def test_mask(case):
    n = CardNumber.parse(case["number"])
    got = {"masked": n.masked(), "last4": n.last4(), "formatted": n.expose_formatted(), "display": str(n)}
    assert got["masked"] == case["expected"]["masked"] and got["last4"] == case["expected"]["last4"]
    assert got["formatted"] == case["expected"]["formatted"]
    assert n.expose_digits() == case["number"]
    assert case["number"] not in repr(n) and case["number"] not in str(n)


def hexkey(name):
    return PrivateKey.from_raw(bytes.fromhex(P["keys"][name]))


TRUST = TrustList.verify(P["trust_list"], hexkey("root").public_key())


def sheet_for(step):
    doc = P["sheets"][step["sheet"]]
    if step.get("unsigned"):
        return RateSheet.from_unsigned_json(doc["json"])
    return crosspay.verify_rate_sheet(doc["signed"], TRUST, step["at"])


def run_step(card, step):
    if step["op"] == "spend":
        return crosspay.prepaid_spend(card, step["amount"], step["at"], step.get("reference"))
    sheet = sheet_for(step)
    if step["op"] == "top_up":
        return crosspay.prepaid_top_up(card, step["amount"], sheet, step["at"])
    return crosspay.prepaid_refund(card, sheet, step["at"])


@pytest.mark.parametrize("name", list(P["sheets"]))
def test_sheets_sign_byte_for_byte(name):
    assert crosspay.sign_rate_sheet(hexkey("issuer-2026"), P["sheets"][name]["json"]) == P["sheets"][name]["signed"]


@pytest.mark.parametrize("scenario", P["scenarios"], ids=[s["name"] for s in P["scenarios"]])
def test_prepaid_scenario(scenario):
    rules = crosspay.tourist_card_rules() if scenario["rules"] is None else crosspay.prepaid_rules_from_json(json.dumps(scenario["rules"]))
    f = scenario["funding"]
    funding = CardNumber.parse(f["number"]).funding_card(f["expiry"], f["currency"])
    card = crosspay.open_prepaid_card(rules, funding, scenario["opened_at"])
    assert plain(card) == plain(scenario["opened"])
    for i, step in enumerate(scenario["steps"]):
        want = step["expected"]
        if "error" in want:
            with pytest.raises(CrosspayError) as e:
                run_step(card, step)
            assert e.value.code == want["error"], f"step {i + 1}"
            continue
        got = run_step(card, step)
        assert plain(got) == plain(want), f"step {i + 1}"
        card = got.card
        assert json.loads(crosspay.prepaid_card_to_json(card)) == want["card"]
        assert plain(crosspay.prepaid_card_from_json(crosspay.prepaid_card_to_json(card))) == plain(want["card"])


def test_signed_by():
    assert crosspay.verify_rate_sheet(P["sheets"]["top-up"]["signed"], TRUST, "2026-12-01T10:00:00Z").signed_by() == "vkOtjrBJ53E"
    assert RateSheet.from_unsigned_json(P["sheets"]["top-up"]["json"]).signed_by() is None


def test_tampered_state_is_refused():
    card = P["scenarios"][0]["steps"][1]["expected"]["card"]
    tampered = dict(card, balance={"amount": "1079.50", "currency": "CNY"})
    with pytest.raises(CrosspayError) as e:
        crosspay.prepaid_card_from_json(json.dumps(tampered))
    assert e.value.code == "invalid_prepaid_card"
