"""Payment codes through the Python bindings: the shared vectors reproduced and verified, and an
independent check of the formats with `cryptography`, `hmac` and a hand-written Base45 decoder
(docs/paycode-format.md): issuer and device signatures, the trust-list JWS, numeric-code HMACs
and Luhn digits, and a Python host signer."""
import base64
import hashlib
import hmac
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

import crosspay
from crosspay import (CodeRequest, CertificateSpec, Container, CrosspayError, ForeignSigner, NumericSeed,
                      NumericVerifier, OfflineLimit, PrivateKey, TrustList, Verifier, VerifierOptions, Wallet)
from conftest import load_doc

V = load_doc("paycodes.json")
ECDSA = ec.ECDSA(hashes.SHA256())
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def key(name):
    return PrivateKey.from_raw(bytes.fromhex(V["keys"][name]))


def cert_text(name):
    return next(c for c in V["certificates"] if c["name"] == name)["certificate"]


def trust():
    return TrustList.verify(V["trust_list"]["jws"], key("root").public_key())


def request(r):
    return CodeRequest(at=r["at"], amount=r.get("amount"), currency=r.get("currency"),
                       container=Container.CPM if r.get("container") == "cpm" else Container.COMPACT)


def options(o):
    return VerifierOptions(max_age_seconds=o.get("max_age_seconds"), clock_skew_seconds=o.get("clock_skew_seconds"),
                           terminal_currency=o.get("terminal_currency"), scope=o.get("scope"),
                           max_exposure=[OfflineLimit(currency=m["currency"], amount=m["amount"]) for m in o.get("max_exposure", [])],
                           replay_capacity=None, certificate_cache=None,
                           max_trust_list_age_seconds=o.get("max_trust_list_age_seconds"),
                           min_trust_list_sequence=o.get("min_trust_list_sequence"))


def reason(v):
    return None if v.reason is None else v.reason.name.lower()


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def base45_decode(text):
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = [ALPHABET.index(c) for c in text[i:i + 3]]
        n = sum(d * 45 ** j for j, d in enumerate(chunk))
        out += n.to_bytes(2 if len(chunk) == 3 else 1, "big")
    return bytes(out)


def public_from_sec1(sec1):
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sec1)


def verify_p1363(pub, sig, message):
    pub.verify(encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")), message, ECDSA)


def test_trust_list_is_resigned_and_verifies_with_openssl():
    assert crosspay.sign_trust_list(key("root"), json.dumps(V["trust_list"]["document"])) == V["trust_list"]["jws"]
    h, p, s = V["trust_list"]["jws"].split(".")
    assert json.loads(b64url(h)) == {"alg": "ES256", "typ": "crosspay-trust-list+json", "kid": key("root").public_key().kid()}
    root = public_from_sec1(key("root").public_key().to_sec1(True))
    verify_p1363(root, b64url(s), f"{h}.{p}".encode())
    assert trust().sequence() == 7


@pytest.mark.parametrize("c", V["certificates"], ids=[c["name"] for c in V["certificates"]])
def test_certificate_reissued_and_issuer_signature_checked_independently(c):
    s = c["spec"]
    spec = CertificateSpec(alias=s["alias"], not_before=s["not_before"], not_after=s["not_after"], scope=s["scope"],
                           limits=[OfflineLimit(currency=l["currency"], amount=l["amount"]) for l in s["limits"]])
    info = crosspay.issue_certificate(key(c["issuer"]), key(c["device"]).public_key(), spec)
    assert info.certificate == c["certificate"]
    raw = b64url(c["certificate"])
    assert raw[8:16].hex() == s["alias"]
    assert raw[16:49] == key(c["device"]).public_key().to_sec1(True)
    assert int.from_bytes(raw[49:53], "big") == int(__import__("datetime").datetime.fromisoformat(s["not_before"].replace("Z", "+00:00")).timestamp())
    issuer = public_from_sec1(key(c["issuer"]).public_key().to_sec1(True))
    verify_p1363(issuer, raw[-64:], b"crosspay/paycode/cert/v1\x00" + raw[:-64])


@pytest.mark.parametrize("c", V["codes"], ids=[c["name"] for c in V["codes"]])
def test_code_reproduced_and_device_signature_checked_independently(c):
    wallet = Wallet(cert_text(c["certificate"]), c["state"])
    got = wallet.generate(key(c["device"]), request(c["request"]))
    want = c["expected"]
    assert (got.payload, got.counter, got.qr_version, got.state) == (want["payload"], want["counter"], want["qr_version"], want["state"])
    if want["payload"].startswith("CP1:"):
        raw = base45_decode(want["payload"][4:])
        cert_len = len(b64url(cert_text(c["certificate"])))
        device = public_from_sec1(raw[16:49])
        verify_p1363(device, raw[-64:], b"crosspay/paycode/code/v1\x00" + raw[:-64])
        assert int.from_bytes(raw[cert_len:cert_len + 4], "big") > 1_700_000_000


@pytest.mark.parametrize("s", V["scenarios"], ids=[s["name"] for s in V["scenarios"]])
def test_scenario(s):
    verifier = Verifier(trust(), options(s["options"]))
    for step in s["steps"]:
        got = verifier.verify(step["payload"], step["at"])
        assert (got.accepted, reason(got)) == (step["accepted"], step["reason"]), (step["code"], got.detail)


def test_numeric_codes_and_an_independent_hmac():
    n = V["numeric"]
    seed = NumericSeed.from_json(json.dumps(n["seed"]))
    secret = b64url(n["seed"]["seed"])
    for c in n["codes"]:
        assert seed.code(c["prefix"], c["at"]) == c["code"]
        t = int(__import__("datetime").datetime.fromisoformat(c["at"].replace("Z", "+00:00")).timestamp())
        message = (b"crosspay/paycode/numeric/v2\x00" + c["prefix"].encode() + n["seed"]["key_version"].to_bytes(4, "big")
                   + (t // 30).to_bytes(8, "big"))
        mac = hmac.new(secret, message, hashlib.sha256).digest()
        body = f"{int.from_bytes(mac[:16], 'big') % 10**15:015d}"
        digits = c["prefix"] + body
        total = sum(int(d) if i % 2 else (2 * int(d) - 9 if int(d) > 4 else 2 * int(d)) for i, d in enumerate(reversed(digits)))
        assert c["code"] == digits + str((10 - total % 10) % 10)
    verifier = NumericVerifier([seed])
    for step in n["scenario"]:
        got = verifier.verify(step["payload"], step["at"])
        assert (got.accepted, reason(got)) == (step["accepted"], step["reason"]), step


def test_signed_rate_sheets():
    r = V["rate_sheets"]
    assert crosspay.sign_rate_sheet(key(r["signer"]), r["sheet"]) == r["signed"]
    for c in r["cases"]:
        if c["error"] is None:
            assert crosspay.verify_rate_sheet(c["signed"], trust(), c["at"]).source() == "crosspay treasury"
        else:
            with pytest.raises(CrosspayError) as e:
                crosspay.verify_rate_sheet(c["signed"], trust(), c["at"])
            assert e.value.code == c["error"], c["name"]


class CryptographySigner(ForeignSigner):
    """A host signer the way an app holds a hardware key: random nonces, DER output."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())

    def sign(self, message):
        return self.key.sign(bytes(message), ECDSA)


def test_a_host_signer_makes_codes_that_verify_once():
    signer = CryptographySigner()
    from cryptography.hazmat.primitives import serialization
    spki = signer.key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    spec = CertificateSpec(alias=None, not_before="2026-11-01T00:00:00Z", not_after="2026-12-31T23:59:59Z", scope=["retail"],
                           limits=[OfflineLimit(currency="HKD", amount="200.00")])
    info = crosspay.issue_certificate(key("issuer-2026"), crosspay.PublicKey.from_spki_der(spki), spec)
    wallet = Wallet(info.certificate, None)
    code = wallet.generate_with_signer(signer, CodeRequest(at="2026-11-22T08:30:00Z", amount="88.00", currency="HKD", container=None))
    verifier = Verifier(trust(), options({"scope": "retail"}))
    first = verifier.verify(code.payload, "2026-11-22T08:30:02Z")
    assert first.accepted and first.amount == "88.00", first.detail
    assert reason(verifier.verify(code.payload, "2026-11-22T08:30:03Z")) == "replay"
    with pytest.raises(CrosspayError) as e:
        wallet.generate_with_signer(signer, CodeRequest(at="2026-11-22T08:30:00Z", amount="200.01", currency="HKD", container=None))
    assert e.value.code == "invalid_paycode"
    assert json.loads(wallet.export_state())["counter"] == 1, "a refused request spends no counter"


# ---- the security review (issue 10) -------------------------------------------------------------

def previous_trust():
    return TrustList.verify(V["trust_list"]["previous"]["jws"], key("root").public_key())


def test_an_older_trust_list_is_refused_after_a_newer_one():
    verifier = Verifier(trust(), options({}))
    with pytest.raises(CrosspayError) as e:
        verifier.update_trust_list(previous_trust())
    assert e.value.code == "trust_list_rollback"
    assert verifier.trust_list_sequence() == 7
    with pytest.raises(CrosspayError) as e:
        Verifier(previous_trust(), options({"min_trust_list_sequence": 7}))
    assert e.value.code == "trust_list_rollback"
    assert trust().issued_at() == "2026-11-20T00:00:00Z"


def test_the_replay_file_keeps_the_highest_sequence_across_restarts(tmp_path):
    db = str(tmp_path / "replay.db")
    Verifier.with_replay_file(trust(), options({}), db)
    with pytest.raises(CrosspayError) as e:
        Verifier.with_replay_file(previous_trust(), options({}), db)
    assert e.value.code == "trust_list_rollback"
    gate = Verifier.with_replay_file(trust(), options({}), db)
    code = Wallet(cert_text("transit"), None).generate(key("device-1"), request({"at": "2026-11-22T08:30:00Z"}))
    assert gate.verify(code.payload, "2026-11-22T08:30:01Z").accepted
    again = Verifier.with_replay_file(trust(), options({}), db)
    assert reason(again.verify(code.payload, "2026-11-22T08:30:02Z")) == "replay", "the claim survived the restart"


def test_an_out_of_range_time_is_invalid_time():
    verifier = Verifier(trust(), options({}))
    with pytest.raises(CrosspayError) as e:
        verifier.verify(V["codes"][0]["expected"]["payload"], "9999-12-31T23:59:59-01:00")
    assert e.value.code == "invalid_time"


def test_a_numeric_code_moved_to_another_prefix_matches_no_seed():
    seed = NumericSeed.from_json(json.dumps(V["numeric"]["seed"]))
    genuine = seed.code("88", "2026-11-22T08:30:00Z")
    digits = "31" + genuine[2:17]
    total = sum(int(d) if i % 2 else (2 * int(d) - 9 if int(d) > 4 else 2 * int(d)) for i, d in enumerate(reversed(digits)))
    moved = digits + str((10 - total % 10) % 10)
    verifier = NumericVerifier([seed])
    assert reason(verifier.verify(moved, "2026-11-22T08:30:00Z")) == "no_match"
    assert verifier.verify(genuine, "2026-11-22T08:30:00Z").accepted


def test_inputs_over_the_maximum_and_signed_hex_are_refused():
    assert reason(Verifier(trust(), options({})).verify("CP1:" + "A" * 5000, "2026-11-22T08:30:00Z")) == "input_too_large"
    with pytest.raises(CrosspayError) as e:
        crosspay.RateSheet.from_unsigned_json(" " * ((1 << 20) + 1))
    assert e.value.code == "input_too_large"
    sec1 = bytes(key("device-1").public_key().to_sec1(True)).hex()
    with pytest.raises(CrosspayError) as e:
        crosspay.PublicKey.parse("+" + sec1[1:])
    assert e.value.code == "invalid_key"
