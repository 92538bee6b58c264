import pytest

import crosspay
from crosspay import CrosspayError, Money, RoundingMode


def test_convert_vector(convert_case):
    i = convert_case["input"]

    def run():
        mode = crosspay.parse_rounding_mode(i["rounding"])
        return crosspay.convert(i["amount"], i["from"], i["to"], i["rate"], mode)

    if "error" in convert_case:
        with pytest.raises(CrosspayError) as info:
            run()
        assert info.value.code == convert_case["error"]
        return
    c = run()
    want = convert_case["expected"]
    assert c.source == Money(**want["source"])
    assert c.target == Money(**want["target"])
    assert c.rate == want["rate"]
    assert c.rounding == crosspay.parse_rounding_mode(want["rounding"])
    assert c.unrounded == want["unrounded"]
    assert c.residue == want["residue"]


def test_errors_have_a_message_and_a_typed_class():
    with pytest.raises(CrosspayError.InvalidAmount) as info:
        crosspay.convert("1e3", "CNY", "HKD", "1.0962", RoundingMode.HALF_UP)
    assert info.value.code == "invalid_amount"
    assert "1e3" in str(info.value)


def test_every_core_error_code_is_an_exception_class():
    classes = {name for name, v in vars(CrosspayError).items() if isinstance(v, type) and issubclass(v, CrosspayError)}
    derived = {crosspay._error_code(getattr(CrosspayError, n)("")) for n in classes}
    assert derived == set(crosspay.error_codes())


def test_currency_info():
    kwd = crosspay.currency_info("KWD")
    assert (kwd.minor_units, kwd.numeric, kwd.code) == (3, 414, "KWD")
    assert crosspay.currency_info("CNH").numeric is None


def test_amounts_are_strings_never_floats():
    with pytest.raises(TypeError):
        crosspay.convert(1.5, "CNY", "HKD", "1.0962", RoundingMode.HALF_UP)
