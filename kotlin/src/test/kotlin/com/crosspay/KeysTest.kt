package com.crosspay

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.io.File
import java.security.KeyFactory
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.security.spec.PKCS8EncodedKeySpec
import java.security.spec.X509EncodedKeySpec

private fun unhex(s: String) = ByteArray(s.length / 2) { s.substring(it * 2, it * 2 + 2).toInt(16).toByte() }
private fun hex(b: ByteArray) = b.joinToString("") { "%02x".format(it) }
private fun wire(e: Enum<*>) = e.name.lowercase()

private val keysDoc: JsonObject by lazy {
    vectorDoc("keys.json")
}

private fun jcaPair() = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()

private fun jcaSign(key: java.security.PrivateKey, message: ByteArray): ByteArray =
    Signature.getInstance("SHA256withECDSA").run { initSign(key); update(message); sign() }

private fun jcaVerify(key: java.security.PublicKey, message: ByteArray, der: ByteArray): Boolean =
    Signature.getInstance("SHA256withECDSA").run { initVerify(key); update(message); verify(der) }

/** A host signer over a JCA key: what an Android Keystore-backed signer looks like (DER, random nonce, high-S half the time). */
class JcaSigner(private val key: java.security.PrivateKey) : ForeignSigner {
    override fun sign(message: ByteArray): ByteArray = jcaSign(key, message)
}

class KeysTest {
    @Test
    fun vectorKeysEncodeAndSignExactly() {
        for (k in keysDoc.getAsJsonArray("keys").map { it.asJsonObject }) {
            val key = PrivateKey.fromRaw(unhex(k["private_raw_hex"].asString))
            val pub = key.publicKey()
            assertEquals(k["public_sec1_compressed_hex"].asString, hex(pub.toSec1(true)))
            assertEquals(k["public_sec1_uncompressed_hex"].asString, hex(pub.toSec1(false)))
            assertEquals(k["public_spki_der_hex"].asString, hex(pub.toSpkiDer()))
            assertEquals(k["kid"].asString, pub.kid())
            assertEquals(k["public_jwk"], JsonParser.parseString(pub.toJwk()))
            assertEquals(k["kid"].asString, PublicKey.fromJwk(k["public_jwk"].toString()).kid())
            assertEquals(k["kid"].asString, PrivateKey.fromJwk(key.toJwk()).publicKey().kid())
            for (s in k.getAsJsonArray("signatures").map { it.asJsonObject }) {
                val msg = unhex(s["message_hex"].asString)
                assertEquals(s["p1363_hex"].asString, hex(key.sign(msg, SignatureFormat.P1363)))
                assertEquals(s["der_hex"].asString, hex(key.sign(msg, SignatureFormat.DER)))
            }
        }
    }

    @Test
    fun vectorVerdicts() {
        val keys = keysDoc.getAsJsonArray("keys").map { it.asJsonObject }.associateBy { it["name"].asString }
        for (v in keysDoc.getAsJsonArray("verify").map { it.asJsonObject }) {
            val pub = PublicKey.fromSec1(unhex(keys.getValue(v["key"].asString)["public_sec1_compressed_hex"].asString))
            val format = if (v["format"].asString == "der") SignatureFormat.DER else SignatureFormat.P1363
            val policy = if (v.has("allow_high_s")) HighSPolicy.ACCEPT else HighSPolicy.REJECT
            val verdict = pub.verify(unhex(v["message_hex"].asString), unhex(v["signature_hex"].asString), format, policy)
            assertEquals(v["name"].asString, v["valid"].asBoolean, verdict.valid)
            assertEquals(v["name"].asString, v["reason"]?.asString, verdict.reason?.let(::wire))
        }
        for (b in keysDoc.getAsJsonArray("bad_public_keys").map { it.asJsonObject }) {
            try {
                PublicKey.fromSec1(unhex(b["public_hex"].asString))
                fail("${b["name"]} accepted")
            } catch (e: CrosspayException) {
                assertEquals("invalid_key", e.code)
            }
        }
    }

    /** PKCS#8 and SEC1 documents: the key they hold, or refused. PEM through `parse`. */
    @Test
    fun vectorPrivateDocuments() {
        val keys = keysDoc.getAsJsonArray("keys").map { it.asJsonObject }.associateBy { it["name"].asString }
        for (d in keysDoc.getAsJsonArray("private_documents").map { it.asJsonObject }) {
            val document = d["document"].asString
            val read = {
                when (d["form"].asString) {
                    "pkcs8_der" -> PrivateKey.fromPkcs8Der(unhex(document))
                    "sec1_der" -> PrivateKey.fromSec1Der(unhex(document))
                    else -> PrivateKey.parse(document)
                }
            }
            if (d.has("error")) {
                try {
                    read()
                    fail("${d["name"]} accepted")
                } catch (e: CrosspayException) {
                    assertEquals(d["name"].asString, d["error"].asString, e.code)
                }
            } else {
                assertEquals(d["name"].asString, keys.getValue(d["key"].asString)["kid"].asString, read().publicKey().kid())
            }
        }
    }

    @Test
    fun crosspaySignaturesVerifyWithJcaAndJcaSignaturesVerifyInCrosspay() {
        val pair = jcaPair()
        val key = PrivateKey.fromPkcs8Der(pair.private.encoded)
        val pub = PublicKey.fromSpkiDer(pair.public.encoded)
        assertEquals(pub.kid(), key.publicKey().kid())
        repeat(8) { i ->
            val msg = "payment $i".toByteArray()
            assertTrue(jcaVerify(pair.public, msg, key.sign(msg, SignatureFormat.DER)))
            val theirs = jcaSign(pair.private, msg) // DER, not normalized
            assertTrue(pub.verify(msg, theirs, SignatureFormat.DER, HighSPolicy.ACCEPT).valid)
            val strict = pub.verify(msg, theirs, SignatureFormat.DER, null)
            assertTrue(strict.valid || strict.reason == VerifyFailure.HIGH_S)
        }
    }

    @Test
    fun crosspayKeysImportIntoJca() {
        val key = PrivateKey.generate()
        val factory = KeyFactory.getInstance("EC")
        val jcaPrivate = factory.generatePrivate(PKCS8EncodedKeySpec(key.toPkcs8Der()))
        val jcaPublic = factory.generatePublic(X509EncodedKeySpec(key.publicKey().toSpkiDer()))
        val msg = "crosspay → JCA".toByteArray()
        assertTrue(jcaVerify(jcaPublic, msg, key.sign(msg, SignatureFormat.DER)))
        assertTrue(key.publicKey().verify(msg, jcaSign(jcaPrivate, msg), SignatureFormat.DER, HighSPolicy.ACCEPT).valid)
    }

    @Test
    fun aKotlinHostSignerSignsThroughCrosspay() {
        val pair = jcaPair()
        val pub = PublicKey.fromSpkiDer(pair.public.encoded)
        val signer = JcaSigner(pair.private)
        repeat(8) { i ->
            val msg = "gate $i".toByteArray()
            for (format in SignatureFormat.values()) {
                val sig = signWithSigner(signer, pub, msg, format)
                val verdict = pub.verify(msg, sig, format, HighSPolicy.REJECT)
                assertTrue("strict verify: ${verdict.reason}", verdict.valid)
            }
        }
    }

    @Test
    fun hostSignerFailuresAreSignerFailed() {
        val pub = PrivateKey.generate().publicKey()
        val signers = listOf(
            object : ForeignSigner {
                override fun sign(message: ByteArray): ByteArray = throw SignerException.Failed("user cancelled")
            },
            object : ForeignSigner {
                override fun sign(message: ByteArray): ByteArray = throw IllegalStateException("keystore locked")
            },
            object : ForeignSigner {
                override fun sign(message: ByteArray): ByteArray = byteArrayOf(0x30, 0x02, 0x01)
            },
            JcaSigner(jcaPair().private), // signs with another key than `pub`
        )
        for (signer in signers) {
            try {
                signWithSigner(signer, pub, "x".toByteArray(), SignatureFormat.P1363)
                fail("accepted")
            } catch (e: CrosspayException.SignerFailed) {
                assertEquals("signer_failed", e.code)
            }
        }
    }

    @Test
    fun entropyAndFormats() {
        val seed = ByteArray(32) { (it * 7 + 3).toByte() }
        assertEquals(PrivateKey.fromEntropy(seed).publicKey().kid(), PrivateKey.fromEntropy(seed).publicKey().kid())
        for (weak in listOf(ByteArray(32), ByteArray(16) { 1 }, ByteArray(40) { (it % 2).toByte() })) {
            try {
                PrivateKey.fromEntropy(weak)
                fail("weak entropy accepted")
            } catch (e: CrosspayException.WeakEntropy) {
                assertEquals("weak_entropy", e.code)
            }
        }
        val key = PrivateKey.generate()
        val kid = key.publicKey().kid()
        for (other in listOf(PrivateKey.parse(key.toPkcs8Pem()), PrivateKey.parse(key.toJwk()), PrivateKey.fromSec1Der(key.toSec1Der()), PrivateKey.fromRaw(key.toRaw()))) {
            assertEquals(kid, other.publicKey().kid())
        }
        assertArrayEquals(key.publicKey().toSec1(true), PublicKey.parse(key.publicKey().toSpkiPem()).toSec1(true))
        assertTrue(!key.toString().contains(hex(key.toRaw())))
    }
}
