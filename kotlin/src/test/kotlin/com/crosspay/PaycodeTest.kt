package com.crosspay

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.io.File
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec

private fun fromHex(s: String) = ByteArray(s.length / 2) { s.substring(it * 2, it * 2 + 2).toInt(16).toByte() }
private fun JsonElement?.str(): String? = if (this == null || isJsonNull) null else asString

private val v: JsonObject by lazy {
    vectorDoc("paycodes.json")
}

private fun key(name: String) = PrivateKey.fromRaw(fromHex(v["keys"].asJsonObject[name].asString))
private fun certText(name: String) =
    v.getAsJsonArray("certificates").map { it.asJsonObject }.first { it["name"].asString == name }["certificate"].asString
private fun trust() = TrustList.verify(v["trust_list"].asJsonObject["jws"].asString, key("root").publicKey())
private fun reason(r: Verification) = r.reason?.name?.lowercase()

private fun request(r: JsonObject) = CodeRequest(
    at = r["at"].asString, amount = r["amount"].str(), currency = r["currency"].str(),
    container = if (r["container"].str() == "cpm") Container.CPM else Container.COMPACT,
)

private fun options(o: JsonObject) = VerifierOptions(
    maxAgeSeconds = o["max_age_seconds"]?.asInt?.toUInt(),
    clockSkewSeconds = o["clock_skew_seconds"]?.asInt?.toUInt(),
    terminalCurrency = o["terminal_currency"].str(),
    scope = o["scope"].str(),
    maxExposure = o.getAsJsonArray("max_exposure")?.map { OfflineLimit(it.asJsonObject["currency"].asString, it.asJsonObject["amount"].asString) }
        ?: emptyList(),
    maxTrustListAgeSeconds = o["max_trust_list_age_seconds"]?.asInt?.toUInt(),
    minTrustListSequence = o["min_trust_list_sequence"]?.asLong?.toULong(),
)

private fun previousTrust() = TrustList.verify(v["trust_list"].asJsonObject["previous"].asJsonObject["jws"].asString, key("root").publicKey())

private fun refusedWith(code: String, block: () -> Unit) {
    try {
        block()
        fail("expected $code")
    } catch (e: CrosspayException) {
        assertEquals(code, e.code)
    }
}

class PaycodeTest {
    @Test
    fun trustListAndCertificatesReproduce() {
        val tl = v["trust_list"].asJsonObject
        assertEquals(tl["jws"].asString, signTrustList(key("root"), tl["document"].toString()))
        for (c in v.getAsJsonArray("certificates").map { it.asJsonObject }) {
            val s = c["spec"].asJsonObject
            val spec = CertificateSpec(
                alias = s["alias"].str(), notBefore = s["not_before"].asString, notAfter = s["not_after"].asString,
                scope = s.getAsJsonArray("scope").map { it.asString },
                limits = s.getAsJsonArray("limits").map { OfflineLimit(it.asJsonObject["currency"].asString, it.asJsonObject["amount"].asString) },
            )
            val info = issueCertificate(key(c["issuer"].asString), key(c["device"].asString).publicKey(), spec)
            assertEquals(c["name"].asString, c["certificate"].asString, info.certificate)
            assertEquals(c["info"].asJsonObject["alias"].asString, info.alias)
        }
    }

    @Test
    fun walletCodesReproduceByteForByte() {
        for (c in v.getAsJsonArray("codes").map { it.asJsonObject }) {
            val wallet = Wallet(certText(c["certificate"].asString), c["state"].asString)
            val got = wallet.generate(key(c["device"].asString), request(c["request"].asJsonObject))
            val want = c["expected"].asJsonObject
            assertEquals(c["name"].asString, want["payload"].asString, got.payload)
            assertEquals(want["counter"].asInt.toUInt(), got.counter)
            assertEquals(want["qr_version"].asInt.toUInt(), got.qrVersion)
            assertEquals(want["state"].asString, got.state)
        }
    }

    @Test
    fun everyScenarioGivesTheSameVerdicts() {
        for (s in v.getAsJsonArray("scenarios").map { it.asJsonObject }) {
            val verifier = Verifier(trust(), options(s["options"].asJsonObject))
            for (step in s.getAsJsonArray("steps").map { it.asJsonObject }) {
                val got = verifier.verify(step["payload"].asString, step["at"].asString)
                assertEquals("${s["name"]} / ${step["code"]}: ${got.detail}", step["reason"].str(), reason(got))
                assertEquals(step["accepted"].asBoolean, got.accepted)
            }
        }
    }

    @Test
    fun numericCodesAndSignedRateSheets() {
        val n = v["numeric"].asJsonObject
        val seed = NumericSeed.fromJson(n["seed"].toString())
        for (c in n.getAsJsonArray("codes").map { it.asJsonObject }) {
            assertEquals(c["code"].asString, seed.code(c["prefix"].asString, c["at"].asString))
        }
        val verifier = NumericVerifier(listOf(seed))
        for (step in n.getAsJsonArray("scenario").map { it.asJsonObject }) {
            assertEquals(step.toString(), step["reason"].str(), reason(verifier.verify(step["payload"].asString, step["at"].asString)))
        }
        val r = v["rate_sheets"].asJsonObject
        assertEquals(r["signed"].asString, signRateSheet(key(r["signer"].asString), r["sheet"].asString))
        for (c in r.getAsJsonArray("cases").map { it.asJsonObject }) {
            try {
                verifyRateSheet(c["signed"].asString, trust(), c["at"].asString)
                assertEquals(c["name"].asString, null, c["error"].str())
            } catch (e: CrosspayException) {
                assertEquals(c["name"].asString, c["error"].str(), e.code)
            }
        }
    }

    @Test
    fun aKeystoreStyleSignerMakesCodesThatVerifyOnce() {
        val pair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
        val device = PublicKey.fromSpkiDer(pair.public.encoded)
        val spec = CertificateSpec(null, "2026-11-01T00:00:00Z", "2026-12-31T23:59:59Z", listOf("transit"), listOf(OfflineLimit("HKD", "200.00")))
        val info = issueCertificate(key("issuer-2026"), device, spec)
        val wallet = Wallet(info.certificate, null)
        val code = wallet.generateWithSigner(JcaSigner(pair.private), CodeRequest("2026-11-22T08:30:00Z", "23.50", "HKD", Container.CPM))
        assertTrue(code.payload.startsWith("hQVDUFYwM"))
        val verifier = Verifier(trust(), VerifierOptions(terminalCurrency = "HKD", scope = "transit"))
        val first = verifier.verify(code.payload, "2026-11-22T08:30:01Z")
        assertTrue(first.detail, first.accepted)
        assertEquals("23.50", first.amount)
        assertEquals("replay", reason(verifier.verify(code.payload, "2026-11-22T08:30:02Z")))
        // A restart resumes after the last counter.
        val resumed = Wallet(info.certificate, wallet.exportState())
        assertEquals(2u, resumed.generateWithSigner(JcaSigner(pair.private), CodeRequest("2026-11-22T08:30:05Z")).counter)
        try {
            Wallet("not a certificate", null)
            fail("accepted a bad certificate")
        } catch (e: CrosspayException.InvalidCertificate) {
            assertEquals("invalid_certificate", e.code)
        }
    }

    // ---- the security review (issue 10) ----

    @Test
    fun anOlderTrustListIsRefusedAfterANewerOne() {
        val verifier = Verifier(trust(), VerifierOptions())
        refusedWith("trust_list_rollback") { verifier.updateTrustList(previousTrust()) }
        assertEquals(7uL, verifier.trustListSequence())
        refusedWith("trust_list_rollback") { Verifier(previousTrust(), VerifierOptions(minTrustListSequence = 7uL)) }
        assertEquals("2026-11-20T00:00:00Z", trust().issuedAt())
        val db = File.createTempFile("crosspay-replay", ".db").apply { delete(); deleteOnExit() }
        Verifier.withReplayFile(trust(), VerifierOptions(), db.path)
        refusedWith("trust_list_rollback") { Verifier.withReplayFile(previousTrust(), VerifierOptions(), db.path) }
    }

    @Test
    fun outOfRangeTimesPrefixesAndSizesAreRefused() {
        val verifier = Verifier(trust(), VerifierOptions())
        refusedWith("invalid_time") { verifier.verify(v.getAsJsonArray("codes")[0].asJsonObject["expected"].asJsonObject["payload"].asString, "9999-12-31T23:59:59-01:00") }
        assertEquals("input_too_large", reason(verifier.verify("CP1:" + "A".repeat(5000), "2026-11-22T08:30:00Z")))
        refusedWith("input_too_large") { RateSheet.fromUnsignedJson(" ".repeat((1 shl 20) + 1)) }
        val seed = NumericSeed.fromJson(v["numeric"].asJsonObject["seed"].toString())
        val genuine = seed.code("88", "2026-11-22T08:30:00Z")
        val digits = "31" + genuine.substring(2, 17)
        val sum = digits.reversed().mapIndexed { i, c -> val d = c - '0'; if (i % 2 == 0) (if (d > 4) 2 * d - 9 else 2 * d) else d }.sum()
        val moved = digits + ((10 - sum % 10) % 10)
        val numeric = NumericVerifier(listOf(seed))
        assertEquals("no_match", reason(numeric.verify(moved, "2026-11-22T08:30:00Z")))
        assertTrue(numeric.verify(genuine, "2026-11-22T08:30:00Z").accepted)
        val sec1 = key("device-1").publicKey().toSec1(true).joinToString("") { "%02x".format(it) }
        refusedWith("invalid_key") { PublicKey.parse("+" + sec1.substring(1)) }
    }
}

/** A host replay store as an app would write one over its own storage: maps under one lock. */
class LockedMapReplayStore : ForeignReplayStore {
    private val lock = Any()
    private val highest = HashMap<String, UInt>()
    private val seen = HashMap<String, HashMap<UInt, Long>>()
    private val exposure = HashMap<Pair<String, String>, ULong>()
    private var trust: ULong = 0u

    override fun claim(claim: StoreClaim): ClaimOutcome = synchronized(lock) {
        val seq = claim.trustSequence
        if (seq != null && seq < trust) return ClaimOutcome.TrustListRollback(trust)
        val counters = seen.getOrPut(claim.alias) { HashMap() }
        counters.entries.removeIf { it.value < claim.forgetBefore }
        val top = highest[claim.alias]
        if (top != null) {
            if (claim.counter == top || counters.containsKey(claim.counter)) return ClaimOutcome.Replay
            if (claim.counter < top) return ClaimOutcome.CounterRewind(top)
        }
        val currency = claim.currency
        val units = claim.units ?: 0uL
        val max = claim.maxExposure
        if (currency != null && max != null) {
            val soFar = exposure[claim.alias to currency] ?: 0uL
            if (soFar + units > max) return ClaimOutcome.ExposureExceeded(soFar)
        }
        counters[claim.counter] = claim.codeTime
        highest[claim.alias] = maxOf(top ?: 0u, claim.counter)
        if (currency != null) exposure[claim.alias to currency] = (exposure[claim.alias to currency] ?: 0uL) + units
        ClaimOutcome.Accepted
    }

    override fun acceptTrustSequence(sequence: ULong): ULong = synchronized(lock) {
        trust = maxOf(trust, sequence)
        trust
    }
}

/** The vectors' scenarios through a host store, two verifiers sharing it, and a failing one. */
class HostReplayStoreTest {
    @Test
    fun everyScenarioGivesTheSameVerdictsThroughAHostStore() {
        for (s in v.getAsJsonArray("scenarios").map { it.asJsonObject }) {
            val verifier = Verifier.withReplayStore(trust(), options(s["options"].asJsonObject), LockedMapReplayStore())
            for (step in s.getAsJsonArray("steps").map { it.asJsonObject }) {
                val got = verifier.verify(step["payload"].asString, step["at"].asString)
                assertEquals("${s["name"]} / ${step["code"]}: ${got.detail}", step["reason"].str(), reason(got))
                assertEquals(step["accepted"].asBoolean, got.accepted)
            }
        }
    }

    @Test
    fun twoVerifiersOnOneStoreNeverBothAccept() {
        val gate = v.getAsJsonArray("scenarios").map { it.asJsonObject }.first { it["name"].asString.startsWith("gate") }
        val step = gate.getAsJsonArray("steps")[0].asJsonObject
        val store = LockedMapReplayStore()
        val verifiers = List(2) { Verifier.withReplayStore(trust(), options(gate["options"].asJsonObject), store) }
        val start = java.util.concurrent.CountDownLatch(1)
        val results = java.util.concurrent.ConcurrentLinkedQueue<Verification>()
        val threads = verifiers.flatMap { ver -> List(4) { Thread { start.await(); results.add(ver.verify(step["payload"].asString, step["at"].asString)) } } }
        threads.forEach { it.start() }
        start.countDown()
        threads.forEach { it.join() }
        assertEquals(1, results.count { it.accepted })
        assertEquals(7, results.count { reason(it) == "replay" })
    }

    @Test
    fun aFailingHostStoreRefusesTheCode() {
        val gate = v.getAsJsonArray("scenarios").map { it.asJsonObject }.first { it["name"].asString.startsWith("gate") }
        val step = gate.getAsJsonArray("steps")[0].asJsonObject
        val broken = object : ForeignReplayStore {
            override fun claim(claim: StoreClaim): ClaimOutcome = throw StoreException.Failed("the database is gone")
            override fun acceptTrustSequence(sequence: ULong): ULong = sequence
        }
        val got = Verifier.withReplayStore(trust(), options(gate["options"].asJsonObject), broken).verify(step["payload"].asString, step["at"].asString)
        assertEquals(false, got.accepted)
        assertEquals("replay_store_failed", reason(got))
    }
}

