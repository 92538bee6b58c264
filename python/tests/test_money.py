"""tests/vectors/money.json through the Python bindings."""
import json

import pytest

import crosspay
from crosspay import ConvertOptions, CrosspayError, RateSheet, Side
from conftest import load_doc

DOC = load_doc("money.json")


def wire(enum_value):
    return enum_value.name.lower().replace("_", "-")


def money(m):
    return None if m is None else {"amount": m.amount, "currency": m.currency}


def receipt(c):
    """The receipt in the vectors' JSON shape: members without a value are left out."""
    return {k: v for k, v in _receipt(c).items() if v is not None}


def legs(chain):
    return [{"from": l._from, "to": l.to, "rate": l.rate, "price": wire(l.price), "inverted": l.inverted, "unit": l.unit}
            for l in chain]


def provenance(p):
    return None if p is None else {"source": p.source, "as_of": p.as_of, "valid_until": p.valid_until}


def price_list(c):
    """A Conversions record in the vectors' JSON shape."""
    out = {
        "source_currency": c.source_currency, "target_currency": c.target_currency, "sources": c.sources,
        "targets": c.targets, "requested": c.requested, "rate": c.rate, "effective_rate": c.effective_rate,
        "markup_bps": c.markup_bps, "chain": legs(c.chain), "rounding": wire(c.rounding),
        "cash_increment": c.cash_increment, "provenance": provenance(c.provenance),
    }
    return {k: v for k, v in out.items() if v is not None}


def _receipt(c):
    return {
        "source": money(c.source), "target": money(c.target), "requested": money(c.requested),
        "rate": c.rate, "effective_rate": c.effective_rate, "markup_bps": c.markup_bps, "markup": c.markup,
        "chain": legs(c.chain),
        "rounding": wire(c.rounding), "cash_increment": c.cash_increment,
        "unrounded": c.unrounded, "residue": c.residue,
        "provenance": provenance(c.provenance),
    }


def options(o):
    return ConvertOptions(
        rounding=crosspay.parse_rounding_mode(o["rounding"]),
        markup_bps=o.get("markup_bps", 0),
        side=Side[o["side"].upper()] if o.get("side") else None,
        cash_increment=o.get("cash_increment"),
        reverse=o.get("reverse", False),
    )


def outcome(run):
    try:
        return {"expected": run()}
    except CrosspayError as e:
        return {"error": e.code}


def want(case):
    return {"expected": case["expected"]} if "expected" in case else {"error": case["error"]}


def test_conversion(money_conversion):
    c = money_conversion
    i = c["input"]

    def run():
        if "sheet" in c:
            sheet = RateSheet.from_unsigned_json(json.dumps(DOC["sheets"][c["sheet"]]))
            return receipt(sheet.convert(i["amount"], i["from"], i["to"], c["at"], options(c["options"])))
        return receipt(crosspay.convert_at_rate(i["amount"], i["from"], i["to"], c["rate"], options(c["options"])))

    assert outcome(run) == want(c)


def test_price_list(money_price_list):
    c = money_price_list
    i = c["input"]

    def run():
        if "sheet" in c:
            sheet = RateSheet.from_unsigned_json(json.dumps(DOC["sheets"][c["sheet"]]))
            return price_list(sheet.convert_many(i["amounts"], i["from"], i["to"], c["at"], options(c["options"])))
        return price_list(crosspay.convert_many(i["amounts"], i["from"], i["to"], c["rate"], options(c["options"])))

    assert outcome(run) == want(c)


def test_price_lists_in_minor_units():
    """Each successful price list again, its amounts as integer minor units: the same sources,
    targets and shared fields, in units."""
    checked = 0
    for c in DOC["price_lists"]:
        if "expected" not in c:
            continue
        i, want_list = c["input"], c["expected"]
        given = i["to"] if c["options"].get("reverse") else i["from"]
        units = [crosspay.to_minor_units(a, given) for a in i["amounts"]]
        if "sheet" in c:
            sheet = RateSheet.from_unsigned_json(json.dumps(DOC["sheets"][c["sheet"]]))
            got = sheet.convert_many_minor_units(units, i["from"], i["to"], c["at"], options(c["options"]))
        else:
            got = crosspay.convert_many_minor_units(units, i["from"], i["to"], c["rate"], options(c["options"]))
        texts = lambda xs, cur: [crosspay.from_minor_units(x, cur) for x in xs]
        assert texts(got.sources, i["from"]) == want_list["sources"], c["name"]
        assert texts(got.targets, i["to"]) == want_list["targets"], c["name"]
        assert (texts(got.requested, i["to"]) if got.requested is not None else None) == want_list.get("requested"), c["name"]
        assert (got.rate, got.effective_rate, legs(got.chain)) == (want_list["rate"], want_list["effective_rate"], want_list["chain"])
        checked += 1
    assert checked >= 8


def test_allocation(money_allocation):
    c = money_allocation
    assert outcome(lambda: crosspay.allocate_amount(c["amount"], c["currency"], c["ratios"])) == want(c)


def test_sheet_error(money_sheet_error):
    c = money_sheet_error
    text = c.get("sheet_text") or json.dumps(c["sheet"])
    assert outcome(lambda: RateSheet.from_unsigned_json(text) and "parsed") == want(c)


def test_minor_units(money_minor_unit):
    c = money_minor_unit
    assert crosspay.to_minor_units(c["amount"], c["currency"]) == c["units"]
    assert crosspay.from_minor_units(c["units"], c["currency"]) == c["amount"]


def test_sheet_provenance():
    sheet = RateSheet.from_unsigned_json(json.dumps(DOC["sheets"]["hkbank"]))
    assert (sheet.source(), sheet.as_of(), sheet.valid_until()) == ("HKBANK board", "2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z")


def test_options_default_to_no_markup_and_forward():
    o = ConvertOptions(rounding=crosspay.RoundingMode.HALF_UP)
    assert (o.markup_bps, o.side, o.cash_increment, o.reverse) == (0, None, None, False)
