"""Independent oracle for money.json's price lists: exact fractions (Python's `fractions`),
written from docs/money.md's definitions, sharing no code with crosspay. `expected(case, doc)`
gives a case's receipt; python/tests/test_money_oracle.py checks every case of the file with it.
"""
import math
from fractions import Fraction as F
MINOR = {"CNY": 2, "HKD": 2, "EUR": 2, "CHF": 2, "JPY": 0, "KWD": 3, "USD": 2}


def frac(s):
    return F(s)


def rnd(q, mode):
    """q rounded to an integer with a crosspay rounding mode (docs/money.md)."""
    fl = math.floor(q)
    if q == fl:
        return fl
    ce = fl + 1
    toward_zero, away = (fl, ce) if q > 0 else (ce, fl)
    simple = {"floor": fl, "ceiling": ce, "down": toward_zero, "up": away}
    if mode in simple:
        return simple[mode]
    rem = q - fl
    if rem != F(1, 2):
        return fl if rem < F(1, 2) else ce
    return {"half-up": away, "half-down": toward_zero}.get(mode, fl if fl % 2 == 0 else ce)


def text(v, scale):
    """v with exactly `scale` fraction digits (v must be a multiple of 10^-scale)."""
    units = abs(v) * 10**scale
    assert units.denominator == 1
    s = str(units.numerator).rjust(scale + 1, "0")
    out = s if scale == 0 else s[:-scale] + "." + s[-scale:]
    return ("-" if v < 0 else "") + out


def display(v):
    """The shortest exact text when v terminates within 24 digits, else half-even at 24."""
    d, twos, fives = v.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d == 1 and max(twos, fives) <= 24:
        s = text(v, max(twos, fives))
    else:
        s = text(F(rnd(v * 10**24, "half-even"), 10**24), 24)
    return s.rstrip("0").rstrip(".") if "." in s else s


def forward(src, rate, step, mode):
    return rnd(src * rate / step, mode) * step


def expected(c, doc):
    """The receipt of price-list case `c` of `doc` (money.json), or None for an error case."""
    if "error" in c:
        return None
    ecb = {(q["base"], q["quote"]): frac(q["mid"]) for q in doc["sheets"]["ecb"]["quotes"]}
    i, o = c["input"], c["options"]
    fr, to = i["from"], i["to"]
    mode, bps = o["rounding"], o.get("markup_bps", 0)
    if "sheet" in c:
        if (fr, to) in ecb:
            rate = ecb[(fr, to)]
            chain = [{"from": fr, "to": to, "rate": display(rate), "price": "mid", "inverted": False, "unit": 1}]
        else:  # through EUR: fr→EUR inverted, EUR→to direct
            a, b = 1 / ecb[("EUR", fr)], ecb[("EUR", to)]
            rate = a * b
            chain = [{"from": fr, "to": "EUR", "rate": display(a), "price": "mid", "inverted": True, "unit": 1},
                     {"from": "EUR", "to": to, "rate": display(b), "price": "mid", "inverted": False, "unit": 1}]
        rtext = display(rate)
    else:
        rate, rtext = frac(c["rate"]), c["rate"]
        chain = [{"from": fr, "to": to, "rate": rtext, "price": "given", "inverted": False, "unit": 1}]
    eff = rate * F(10000 - bps, 10000)
    step = frac(o["cash_increment"]) if "cash_increment" in o else F(1, 10 ** MINOR[to])
    sources, targets, requested = [], [], []
    for a in i["amounts"]:
        if o.get("reverse"):  # the smallest source, in minor units, whose forward conversion covers it
            want, unit = frac(a), F(1, 10 ** MINOR[fr])
            n = rnd(want / (eff * unit), "ceiling") - 5
            while forward(n * unit, eff, step, mode) < want:
                n += 1
            src = n * unit
            requested.append(text(want, MINOR[to]))
        else:
            src = frac(a)
        sources.append(text(src, MINOR[fr]))
        targets.append(text(forward(src, eff, step, mode), MINOR[to]))
    e = {"source_currency": fr, "target_currency": to, "sources": sources, "targets": targets}
    if o.get("reverse"):
        e["requested"] = requested
    e.update({"rate": rtext, "effective_rate": rtext if bps == 0 else display(eff), "markup_bps": bps, "chain": chain, "rounding": mode})
    if "cash_increment" in o:
        e["cash_increment"] = o["cash_increment"]
    if "sheet" in c:
        e["provenance"] = {k: doc["sheets"][c["sheet"]][k] for k in ("source", "as_of", "valid_until")}
    return e
