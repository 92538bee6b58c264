package com.crosspay

import com.google.gson.JsonElement
import com.google.gson.JsonNull
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test

private fun hexBytes(s: String) = ByteArray(s.length / 2) { s.substring(it * 2, it * 2 + 2).toInt(16).toByte() }

private fun errorOf(block: () -> Unit): String = try {
    block()
    "no error"
} catch (e: CrosspayException) {
    e.code
}

private fun JsonObject.str(key: String): String? = this[key]?.takeUnless { it is JsonNull }?.asString

private fun brandName(b: CardBrand?) = b?.name?.lowercase()

private fun money(m: Money?): JsonElement = m?.let { JsonParser.parseString("""{"amount":"${it.amount}","currency":"${it.currency}"}""") } ?: JsonNull.INSTANCE

private fun orNull(e: JsonElement?): JsonElement = e ?: JsonNull.INSTANCE

/** tests/vectors/cards.json and prepaid.json through the Kotlin bindings. */
class CardsTest {
    private val c = vectorDoc("cards.json")
    private val p = vectorDoc("prepaid.json")
    private fun list(doc: JsonObject, key: String) = doc.getAsJsonArray(key).map { it.asJsonObject }

    private fun assertCheck(name: String, e: JsonObject, got: CardCheck) {
        assertEquals(name, e["valid"].asBoolean, got.valid)
        assertEquals(name, e.str("brand"), brandName(got.brand))
        assertEquals(name, e["length_ok"].asBoolean, got.lengthOk)
        assertEquals(name, e["luhn_ok"].asBoolean, got.luhnOk)
        assertEquals(name, e["luhn_required"].asBoolean, got.luhnRequired)
        assertEquals(name, e["masked"].asString, got.masked)
        assertEquals(name, e["formatted"].asString, got.formatted)
        assertEquals(name, e.str("cvc_length")?.toInt(), got.cvcLength?.toInt())
        assertEquals(name, e.str("cvc_ok")?.toBoolean(), got.cvcOk)
        assertEquals(name, e.str("expired")?.toBoolean(), got.expired)
        assertEquals(name, e.str("valid_through"), got.validThrough)
        assertEquals(name, e.getAsJsonArray("problems").map { it.asString }, got.problems)
    }

    @Test
    fun everyCardHasItsHandGivenBrandAndCheck() {
        for (card in list(c, "cards")) {
            val number = card["number"].asString
            val got = checkCard(number, null, null, null)
            assertEquals("$number (${card["source"].asString})", card.str("brand"), brandName(got.brand))
            assertCheck(number, card.getAsJsonObject("expected").getAsJsonObject("check"), got)
            val parse = card.getAsJsonObject("expected").getAsJsonObject("parse")
            if (parse.has("error")) assertEquals(number, parse["error"].asString, errorOf { CardNumber.parse(number) })
            else assertEquals(number, parse["brand"].asString, brandName(CardNumber.parse(number).brand()))
        }
        val table = cardBrands().map { listOf(brandName(it.brand), it.lengths.map { l -> l.toInt() }, it.luhn, it.cvcLength.toInt()) }
        val want = list(c, "brands").map { listOf(it["brand"].asString, it.getAsJsonArray("lengths").map { l -> l.asInt }, it["luhn"].asBoolean, it["cvc_length"].asInt) }
        assertEquals(want, table)
    }

    @Test
    fun checksAndRefusals() {
        for (k in list(c, "checks")) {
            assertCheck(k["name"].asString, k.getAsJsonObject("expected"), checkCard(k["number"].asString, k.str("expiry"), k.str("cvc"), k.str("at")))
        }
        for (k in list(c, "check_errors")) {
            assertEquals(k["name"].asString, k["error"].asString, errorOf { checkCard(k["number"].asString, k.str("expiry"), k.str("cvc"), k.str("at")) })
        }
        for (k in list(c, "parse_errors")) {
            assertEquals(k["name"].asString, k["error"].asString, errorOf { CardNumber.parse(k["number"].asString) })
        }
    }

    @Test
    fun typingExpiriesCvcsAndMasks() {
        for (k in list(c, "typing")) {
            val e = k.getAsJsonObject("expected")
            val got = formatCardInput(k["input"].asString, k["cursor"].asInt.toUInt())
            val name = k["name"].asString
            assertEquals(name, e["formatted"].asString, got.formatted)
            assertEquals(name, e["cursor"].asInt, got.cursor.toInt())
            assertEquals(name, e.str("brand"), brandName(got.brand))
            assertEquals(name, e["max_length"].asInt, got.maxLength.toInt())
            assertEquals(name, e["complete"].asBoolean, got.complete)
        }
        for (k in list(c, "expiries")) {
            val e = k.getAsJsonObject("expected")
            val got = try { checkCardExpiry(k["expiry"].asString, k["at"].asString) } catch (x: CrosspayException) { x.code }
            assertEquals(k["expiry"].asString, e.str("valid_through") ?: e.str("error"), got)
        }
        for (k in list(c, "cvcs")) {
            val brand = CardBrand.valueOf(k["brand"].asString.uppercase())
            assertEquals(k.toString(), k.getAsJsonObject("expected").str("error") ?: "no error", errorOf { checkCvc(brand, k["cvc"].asString) })
        }
        for (k in list(c, "masks")) {
            val e = k.getAsJsonObject("expected")
            val n = CardNumber.parse(k["number"].asString)
            assertEquals(e["masked"].asString, n.masked())
            assertEquals(e["last4"].asString, n.last4())
            assertEquals(e["formatted"].asString, n.exposeFormatted())
            assertEquals(e["display"].asString, n.toString())
            assertEquals(k["number"].asString, n.exposeDigits())
        }
    }

    @Test
    fun aCardNumberNeverShowsItself() {
        val n = CardNumber.parse("4111 1111 1111 1111")
        assertEquals("visa 411111******1111", n.toString())
        assertFalse(n.toString().contains("4111111111111111"))
        val e = try { CardNumber.parse("4111111111111112"); null } catch (x: CrosspayException) { x }
        assertFalse(e!!.message!!.contains("4111111111111112"))
    }

    private val trust = TrustList.verify(p["trust_list"].asString, PrivateKey.fromRaw(hexBytes(p["keys"].asJsonObject["root"].asString)).publicKey())

    private fun sheet(step: JsonObject): RateSheet {
        val doc = p.getAsJsonObject("sheets").getAsJsonObject(step["sheet"].asString)
        return if (step.str("unsigned") == "true") RateSheet.fromUnsignedJson(doc["json"].asString)
        else verifyRateSheet(doc["signed"].asString, trust, step["at"].asString)
    }

    private fun run(card: PrepaidCard, step: JsonObject): PrepaidStep = when (step["op"].asString) {
        "spend" -> prepaidSpend(card, step["amount"].asString, step["at"].asString, step.str("reference"))
        "top_up" -> prepaidTopUp(card, step["amount"].asString, sheet(step), step["at"].asString)
        else -> prepaidRefund(card, sheet(step), step["at"].asString)
    }

    private fun assertReceipt(name: String, e: JsonObject, r: PrepaidReceipt) {
        assertEquals(name, e["sequence"].asInt, r.sequence.toInt())
        assertEquals(name, e["operation"].asString, r.operation.name.lowercase())
        assertEquals(name, e["at"].asString, r.at)
        assertEquals(name, e["amount"], money(r.amount))
        assertEquals(name, orNull(e["card_amount"]), money(r.cardAmount))
        assertEquals(name, e["balance_before"], money(r.balanceBefore))
        assertEquals(name, e["balance_after"], money(r.balanceAfter))
        assertEquals(name, e.str("signed_by"), r.signedBy)
        assertEquals(name, e.str("reference"), r.reference)
        val ec = e["conversion"]?.takeUnless { it is JsonNull }?.asJsonObject
        val conv = r.conversion
        if (ec == null) return assertNull(name, conv)
        assertEquals(name, ec["source"], money(conv!!.source))
        assertEquals(name, ec["target"], money(conv.target))
        assertEquals(name, orNull(ec["requested"]), money(conv.requested))
        assertEquals(name, ec["rate"].asString, conv.rate)
        assertEquals(name, ec["effective_rate"].asString, conv.effectiveRate)
        assertEquals(name, ec["markup_bps"].asInt, conv.markupBps.toInt())
        assertEquals(name, ec["unrounded"].asString, conv.unrounded)
        assertEquals(name, ec["residue"].asString, conv.residue)
        assertEquals(name, ec.getAsJsonObject("provenance")["source"].asString, conv.provenance!!.source)
    }

    @Test
    fun prepaidScenariosStepByStep() {
        val issuer = PrivateKey.fromRaw(hexBytes(p["keys"].asJsonObject["issuer-2026"].asString))
        for ((name, s) in p.getAsJsonObject("sheets").entrySet()) {
            assertEquals(name, s.asJsonObject["signed"].asString, signRateSheet(issuer, s.asJsonObject["json"].asString))
        }
        var steps = 0
        for (sc in list(p, "scenarios")) {
            val rules = if (sc["rules"] is JsonNull) touristCardRules() else prepaidRulesFromJson(sc["rules"].toString())
            val f = sc.getAsJsonObject("funding")
            var card = openPrepaidCard(rules, CardNumber.parse(f["number"].asString).fundingCard(f["expiry"].asString, f["currency"].asString), sc["opened_at"].asString)
            assertEquals(sc["opened"], JsonParser.parseString(prepaidCardToJson(card)))
            for ((i, step) in sc.getAsJsonArray("steps").map { it.asJsonObject }.withIndex()) {
                val label = "${sc["name"].asString}: step ${i + 1}"
                val e = step.getAsJsonObject("expected")
                if (e.has("error")) {
                    assertEquals(label, e["error"].asString, errorOf { run(card, step) })
                    continue
                }
                val got = run(card, step)
                assertReceipt(label, e.getAsJsonObject("receipt"), got.receipt)
                card = got.card
                assertEquals(label, e["card"], JsonParser.parseString(prepaidCardToJson(card)))
                assertEquals(label, card, prepaidCardFromJson(prepaidCardToJson(card)))
                steps++
            }
        }
        assertTrue("$steps steps ran", steps >= 12)
        assertEquals("vkOtjrBJ53E", verifyRateSheet(p.getAsJsonObject("sheets").getAsJsonObject("top-up")["signed"].asString, trust, "2026-12-01T10:00:00Z").signedBy())
    }
}
