"""tests/vectors/merchant_qr.json through the Python bindings."""
import json

import pytest

import crosspay
from crosspay import ConvertOptions, CrosspayError, RoundingMode
from conftest import load_doc

CASES = load_doc("merchant_qr.json")["cases"]


def plain(v):
    """A typed record field as the JSON it serializes to (ObjectValue/SchemeValue unwrapped)."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if hasattr(v, "is_text") or type(v).__name__ in ("TEXT", "TEMPLATE", "FLAG"):
        return plain(v[0])
    return v


def codes(items):
    return sorted({i["code"] if isinstance(i, dict) else i for i in items})


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector(case):
    lenient = crosspay.decode_merchant_qr(case["payload"], False)
    strict = crosspay.decode_merchant_qr(case["payload"], True)
    doc = json.loads(lenient.json)
    assert lenient.valid == case["lenient"]["valid"]
    assert lenient.schemes == case["lenient"]["schemes"]
    assert codes(doc["warnings"]) == codes(case["lenient"]["warnings"])
    assert codes(doc["errors"]) == codes(case["lenient"]["errors"])
    assert strict.valid == case["strict"]["valid"]
    assert codes(json.loads(strict.json)["errors"]) == codes(case["strict"]["errors"])
    for key, value in case.get("fields", {}).items():
        assert doc[key] == value, key
        assert plain(getattr(lenient, key)) == value, f"typed {key}"
    if lenient.valid and lenient.format == "emv":
        p = case["payload"]
        assert crosspay.encode_merchant_qr(lenient.json) == p[:-4] + p[-4:].upper()


def test_at_least_40_real_world_payloads():
    assert sum(1 for c in CASES if c["real_world"]) >= 40


def test_what_will_i_pay_with_a_rate_sheet():
    sheet = crosspay.RateSheet.from_unsigned_json(json.dumps({
        "source": "BOARD", "as_of": "2026-11-20T00:00:00Z", "valid_until": "2026-11-21T00:00:00Z",
        "quotes": [{"base": "CNY", "quote": "HKD", "mid": "1.0962"}]}))
    fps = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3"
    c = sheet.merchant_qr_payment(fps, "CNY", "2026-11-20T12:00:00Z", ConvertOptions(rounding=RoundingMode.HALF_UP))
    assert (c.source.amount, c.target.amount, c.provenance.source) == ("112.21", "123.00", "BOARD")
    with pytest.raises(CrosspayError.InvalidMerchantQr):
        crosspay.encode_merchant_qr('{"currency": "344"}')
