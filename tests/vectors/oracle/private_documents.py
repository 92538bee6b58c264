"""Independent oracle for keys.json's `private_documents`: PKCS#8 and SEC1 private-key documents,
written by Python `cryptography` (OpenSSL) where it can write them, and by the small DER writer
below (RFC 5915's `ECPrivateKey`, RFC 5208's `PrivateKeyInfo`) where a case needs a document no
library writes: no public key, a compressed one, another key's, a point off the curve, a scalar of
zero or the group's order. It shares no code with crosspay.

    python3 tests/vectors/oracle/private_documents.py   # rewrites keys.json's private_documents

Each case names the vector key it must import as (`key`), or the error code it must be refused
with (`error`). `form`: pkcs8_der, sec1_der (hex), pkcs8_pem, sec1_pem (text).
"""
import json
import pathlib

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

VECTORS = pathlib.Path(__file__).resolve().parent.parent / "keys.json"
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_OID = "1.2.840.10045.3.1.7"
P384_OID = "1.3.132.0.34"
EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1"


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + body


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, out)


def ec_private_key(scalar, curve=P256_OID, point=None, width=32):
    """RFC 5915 ECPrivateKey: version 1, the scalar, [0] the curve, [1] the public point."""
    body = tlv(0x02, b"\x01") + tlv(0x04, scalar.to_bytes(width, "big"))
    if curve is not None:
        body += tlv(0xA0, oid(curve))
    if point is not None:
        body += tlv(0xA1, tlv(0x03, b"\x00" + point))
    return tlv(0x30, body)


def pkcs8(inner, curve=P256_OID):
    algorithm = tlv(0x30, oid(EC_PUBLIC_KEY_OID) + oid(curve))
    return tlv(0x30, tlv(0x02, b"\x00") + algorithm + tlv(0x04, inner))


def point(key, compressed=False):
    form = ser.PublicFormat.CompressedPoint if compressed else ser.PublicFormat.UncompressedPoint
    return key.public_key().public_bytes(ser.Encoding.X962, form)


def pem(label, der):
    import base64

    body = base64.b64encode(der).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def cases(doc):
    keys = {k["name"]: ec.derive_private_key(int(k["private_raw_hex"], 16), ec.SECP256R1()) for k in doc["keys"]}
    out = []

    def add(name, form, document, key=None, error=None):
        case = {"name": name, "form": form, "document": document.hex() if isinstance(document, bytes) else document}
        case.update({"key": key} if key else {"error": error})
        out.append(case)

    for name, key in keys.items():
        add(f"{name} pkcs8 (OpenSSL)", "pkcs8_der",
            key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()), key=name)
        add(f"{name} sec1 (OpenSSL)", "sec1_der",
            key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.TraditionalOpenSSL, ser.NoEncryption()), key=name)
    name, key = "rfc6979-a.2.5", keys["rfc6979-a.2.5"]
    d = key.private_numbers().private_value
    add(f"{name} pkcs8 PEM (OpenSSL)", "pkcs8_pem",
        key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()).decode(), key=name)
    add(f"{name} sec1 PEM (OpenSSL)", "sec1_pem",
        key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, ser.NoEncryption()).decode(), key=name)
    add("no public key", "sec1_der", ec_private_key(d), key=name)
    add("compressed public key", "sec1_der", ec_private_key(d, point=point(key, compressed=True)), key=name)
    add("compressed public key in pkcs8", "pkcs8_der", pkcs8(ec_private_key(d, curve=None, point=point(key, True))), key=name)

    other = point(keys["wallet-device"])
    add("another key's public key", "sec1_der", ec_private_key(d, point=other), error="invalid_key")
    add("another key's public key in pkcs8", "pkcs8_der", pkcs8(ec_private_key(d, point=other)), error="invalid_key")
    add("another key's compressed public key", "sec1_der",
        ec_private_key(d, point=point(keys["wallet-device"], True)), error="invalid_key")
    own = point(key)
    off_curve = own[:-1] + bytes([own[-1] ^ 1])
    add("public key off the curve", "sec1_der", ec_private_key(d, point=off_curve), error="invalid_key")
    add("public key with the wrong y parity", "sec1_der",
        ec_private_key(d, point=bytes([point(key, True)[0] ^ 1]) + point(key, True)[1:]), error="invalid_key")
    add("public key not a SEC1 point", "sec1_der", ec_private_key(d, point=b"\x05" + own[1:]), error="invalid_key")
    add("public key truncated", "sec1_der", ec_private_key(d, point=own[:40]), error="invalid_key")
    add("scalar zero", "sec1_der", ec_private_key(0), error="invalid_key")
    add("scalar the group order", "sec1_der", ec_private_key(N), error="invalid_key")
    add("scalar of 33 bytes", "sec1_der", ec_private_key(d, width=33), error="invalid_key")

    p384 = ec.derive_private_key(7, ec.SECP384R1())
    add("P-384 key in pkcs8 (OpenSSL)", "pkcs8_der",
        p384.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()), error="invalid_key")
    add("P-384 key in sec1 (OpenSSL)", "sec1_der",
        p384.private_bytes(ser.Encoding.DER, ser.PrivateFormat.TraditionalOpenSSL, ser.NoEncryption()), error="invalid_key")
    add("P-256 document naming P-384", "sec1_der", ec_private_key(d, curve=P384_OID), error="invalid_key")
    add("pkcs8 naming P-384 around a P-256 key", "pkcs8_der", pkcs8(ec_private_key(d, curve=None), curve=P384_OID),
        error="invalid_key")
    ed = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    add("Ed25519 key in pkcs8 (OpenSSL)", "pkcs8_der",
        ed.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()), error="invalid_key")
    sec1 = key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.TraditionalOpenSSL, ser.NoEncryption())
    add("sec1 given as pkcs8", "pkcs8_der", sec1, error="invalid_key")
    add("sec1 under the pkcs8 PEM label", "pkcs8_pem", pem("PRIVATE KEY", sec1), error="invalid_key")
    add("pkcs8 under the sec1 PEM label", "sec1_pem",
        pem("EC PRIVATE KEY", key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())),
        error="invalid_key")
    add("public key PEM", "pkcs8_pem",
        key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo).decode(), error="invalid_key")
    add("trailing bytes", "sec1_der", sec1 + b"\x00", error="invalid_key")
    add("empty", "sec1_der", b"", error="invalid_key")
    return out


def openssl_agrees(doc, case):
    """OpenSSL's own reading: a case is a key when OpenSSL reads it as that P-256 scalar."""
    data = bytes.fromhex(case["document"]) if case["form"].endswith("_der") else case["document"].encode()
    load = ser.load_der_private_key if case["form"].endswith("_der") else ser.load_pem_private_key
    try:
        key = load(data, None)
    except ValueError:
        return "error" in case
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        return "error" in case  # another curve or algorithm: a P-256 key it is not
    raw = {k["name"]: int(k["private_raw_hex"], 16) for k in doc["keys"]}
    # "sec1 given as pkcs8": OpenSSL tries every form it knows; crosspay reads the form it is told.
    return raw.get(case.get("key")) == key.private_numbers().private_value or case["name"] == "sec1 given as pkcs8"


if __name__ == "__main__":
    doc = json.loads(VECTORS.read_text())
    doc["private_documents"] = cases(doc)
    disagree = [c["name"] for c in doc["private_documents"] if not openssl_agrees(doc, c)]
    assert not disagree, f"OpenSSL reads these otherwise: {disagree}"
    VECTORS.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(doc['private_documents'])} private documents written to {VECTORS}")
