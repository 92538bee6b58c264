"""tests/vectors/render.json through the Python bindings: QR matrices, SVG and Code 128 bars byte
for byte, and the errors; plus the SVG read back by an independent parser (ElementTree)."""
import xml.etree.ElementTree as ET

import pytest

import crosspay
from crosspay import CrosspayError, EcLevel, QrOptions
from conftest import load_doc

V = load_doc("render.json")


def options(o):
    ec = {"L": EcLevel.L, "M": EcLevel.M, "Q": EcLevel.Q, "H": EcLevel.H}
    return QrOptions(ec_level=ec[o["ec_level"]] if "ec_level" in o else None, min_version=o.get("min_version"), quiet_zone=o.get("quiet_zone"))


def rows(m):
    return ["".join("1" if m.modules[y * m.size + x] else "0" for x in range(m.size)) for y in range(m.size)]


@pytest.mark.parametrize("case", V["qr"], ids=[c["name"] for c in V["qr"]])
def test_qr(case):
    m = crosspay.qr_matrix(case["payload"], options(case["options"]))
    e = case["expected"]
    assert (m.version, m.ec_level.name, m.size, m.quiet_zone) == (e["version"], e["ec_level"], e["size"], e["quiet_zone"])
    assert isinstance(m.modules, bytes)
    assert rows(m) == e["rows"]


@pytest.mark.parametrize("case", V["qr_errors"], ids=[c["name"] for c in V["qr_errors"]])
def test_qr_error(case):
    with pytest.raises(CrosspayError) as e:
        crosspay.qr_matrix(case["payload"], options(case["options"]))
    assert e.value.code == case["error"]


@pytest.mark.parametrize("case", V["svg"], ids=[c["name"] for c in V["svg"]])
def test_svg(case):
    svg = crosspay.qr_svg(case["payload"], options(case["options"]))
    assert svg == case["expected"]
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall("{http://www.w3.org/2000/svg}path")) == 1


@pytest.mark.parametrize("case", V["barcodes"], ids=[c["name"] for c in V["barcodes"]])
def test_barcode(case):
    b = crosspay.barcode(case["digits"])
    e = case["expected"]
    assert (b.text, b.symbology, b.width, b.quiet_zone) == (e["text"], e["symbology"], e["width"], e["quiet_zone"])
    assert "".join(str(w) for w in b.widths) == e["widths"]
    assert crosspay.barcode_svg(case["digits"]) == e["svg"]
    assert ET.fromstring(e["svg"]).find("{http://www.w3.org/2000/svg}text").text == case["digits"]


@pytest.mark.parametrize("case", V["barcode_errors"], ids=[c["name"] for c in V["barcode_errors"]])
def test_barcode_error(case):
    with pytest.raises(CrosspayError) as e:
        crosspay.barcode(case["digits"])
    assert e.value.code == case["error"]


def test_terminal_text_is_half_blocks():
    text = crosspay.qr_terminal("HELLO", QrOptions())
    lines = text.splitlines()
    assert len(lines) == (21 + 8 + 1) // 2 and all(len(l) == 29 for l in lines)
    assert set(text) <= set("█▀▄ \n")
