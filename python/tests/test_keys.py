"""Keys and signatures through the Python bindings: the shared vectors, interop with the
`cryptography` package (OpenSSL), and a Python host signer."""
import json
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

import crosspay
from crosspay import (CrosspayError, ForeignSigner, HighSPolicy, PrivateKey, PublicKey, SignatureFormat,
                      SignerError, VerifyFailure)
from conftest import load_doc

DOC = load_doc("keys.json")
KEYS = {k["name"]: k for k in DOC["keys"]}
ECDSA = ec.ECDSA(hashes.SHA256())


@pytest.mark.parametrize("k", DOC["keys"], ids=[k["name"] for k in DOC["keys"]])
def test_vector_key(k):
    key = PrivateKey.from_raw(bytes.fromhex(k["private_raw_hex"]))
    pub = key.public_key()
    assert pub.to_sec1(True).hex() == k["public_sec1_compressed_hex"]
    assert pub.to_sec1(False).hex() == k["public_sec1_uncompressed_hex"]
    assert pub.to_spki_der().hex() == k["public_spki_der_hex"]
    assert pub.kid() == k["kid"]
    assert PublicKey.from_jwk(json.dumps(k["public_jwk"])).kid() == k["kid"]
    assert PrivateKey.from_jwk(key.to_jwk()).public_key().kid() == k["kid"]
    for s in k["signatures"]:
        msg = bytes.fromhex(s["message_hex"])
        assert key.sign(msg, SignatureFormat.P1363).hex() == s["p1363_hex"]
        assert key.sign(msg, SignatureFormat.DER).hex() == s["der_hex"]


@pytest.mark.parametrize("v", DOC["verify"], ids=[v["name"] for v in DOC["verify"]])
def test_vector_verdict(v):
    pub = PublicKey.from_sec1(bytes.fromhex(KEYS[v["key"]]["public_sec1_compressed_hex"]))
    fmt = SignatureFormat.DER if v["format"] == "der" else SignatureFormat.P1363
    policy = HighSPolicy.ACCEPT if v.get("allow_high_s") else None
    verdict = pub.verify(bytes.fromhex(v["message_hex"]), bytes.fromhex(v["signature_hex"]), fmt, policy)
    assert verdict.valid == v["valid"]
    assert (verdict.reason.name.lower() if verdict.reason else None) == v.get("reason")


@pytest.mark.parametrize("b", DOC["bad_public_keys"], ids=[b["name"] for b in DOC["bad_public_keys"]])
def test_bad_public_key(b):
    with pytest.raises(CrosspayError.InvalidKey):
        PublicKey.from_sec1(bytes.fromhex(b["public_hex"]))


@pytest.mark.parametrize("d", DOC["private_documents"], ids=[d["name"] for d in DOC["private_documents"]])
def test_private_document(d):
    """PKCS#8 and SEC1 documents (keys.json): the key they hold, or refused. PEM through parse."""
    read = {
        "pkcs8_der": lambda: PrivateKey.from_pkcs8_der(bytes.fromhex(d["document"])),
        "sec1_der": lambda: PrivateKey.from_sec1_der(bytes.fromhex(d["document"])),
    }.get(d["form"], lambda: PrivateKey.parse(d["document"]))
    if "error" in d:
        with pytest.raises(CrosspayError.InvalidKey):
            read()
    else:
        assert read().public_key().kid() == KEYS[d["key"]]["kid"]


def test_signatures_interoperate_with_cryptography():
    theirs = ec.generate_private_key(ec.SECP256R1())
    pkcs8 = theirs.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    spki = theirs.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    key = PrivateKey.from_pkcs8_der(pkcs8)
    pub = PublicKey.from_spki_der(spki)
    assert key.public_key().kid() == pub.kid()
    for i in range(8):
        msg = f"payment {i}".encode()
        theirs.public_key().verify(key.sign(msg, SignatureFormat.DER), msg, ECDSA)  # raises if invalid
        sig = theirs.sign(msg, ECDSA)  # DER, random nonce, not normalized
        assert pub.verify(msg, sig, SignatureFormat.DER, HighSPolicy.ACCEPT).valid
        strict = pub.verify(msg, sig, SignatureFormat.DER, None)
        assert strict.valid or strict.reason == VerifyFailure.HIGH_S


def test_crosspay_keys_load_in_cryptography():
    key = PrivateKey.generate()
    loaded = serialization.load_pem_private_key(key.to_pkcs8_pem().encode(), password=None)
    public = serialization.load_der_public_key(key.public_key().to_spki_der())
    msg = b"crosspay -> OpenSSL"
    public.verify(key.sign(msg, SignatureFormat.DER), msg, ECDSA)
    assert key.public_key().verify(msg, loaded.sign(msg, ECDSA), SignatureFormat.DER, HighSPolicy.ACCEPT).valid
    with pytest.raises(InvalidSignature):
        public.verify(key.sign(b"other", SignatureFormat.DER), msg, ECDSA)


class OpenSslSigner(ForeignSigner):
    """A host signer over a key crosspay never sees (as with an HSM or a platform key store)."""

    def __init__(self, private_key):
        self.private_key = private_key

    def sign(self, message):
        return self.private_key.sign(message, ECDSA)


def test_a_python_host_signer_signs_through_crosspay():
    theirs = ec.generate_private_key(ec.SECP256R1())
    pub = PublicKey.from_spki_der(theirs.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    signer = OpenSslSigner(theirs)
    for i in range(8):
        msg = f"gate {i}".encode()
        for fmt in (SignatureFormat.P1363, SignatureFormat.DER):
            sig = crosspay.sign_with_signer(signer, pub, msg, fmt)
            assert pub.verify(msg, sig, fmt, HighSPolicy.REJECT).valid


class Cancelled(ForeignSigner):
    def sign(self, message):
        raise SignerError.Failed("user cancelled")


class Crashes(ForeignSigner):
    def sign(self, message):
        raise RuntimeError("keystore locked")


class Garbage(ForeignSigner):
    def sign(self, message):
        return b"\x30\x02\x01"


@pytest.mark.parametrize("signer", [Cancelled(), Crashes(), Garbage(), OpenSslSigner(ec.generate_private_key(ec.SECP256R1()))],
                         ids=["cancelled", "crashes", "garbage", "other-key"])
def test_host_signer_failures_are_signer_failed(signer):
    pub = PrivateKey.generate().public_key()
    with pytest.raises(CrosspayError.SignerFailed) as info:
        crosspay.sign_with_signer(signer, pub, b"x", SignatureFormat.P1363)
    assert info.value.code == "signer_failed"


def test_entropy_and_redaction():
    seed = bytes(range(3, 35))
    assert PrivateKey.from_entropy(seed).public_key().kid() == PrivateKey.from_entropy(seed).public_key().kid()
    for weak in (bytes(32), b"\x01" * 16, b"\x00\x01" * 20):
        with pytest.raises(CrosspayError.WeakEntropy):
            PrivateKey.from_entropy(weak)
    key = PrivateKey.from_raw(bytes(range(1, 33)))
    assert "0102030405" not in repr(key) and "0102030405" not in str(key)
