package com.crosspay

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized
import java.io.File

private fun codes(e: JsonElement): List<String> =
    e.asJsonArray.map { if (it.isJsonObject) it.asJsonObject["code"].asString else it.asString }.toSortedSet().toList()

/** One JUnit test per case of tests/vectors/merchant_qr.json. */
@RunWith(Parameterized::class)
class MerchantQrVectorsTest(private val name: String, private val case: JsonObject) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> {
            val doc = vectorDoc("merchant_qr.json")
            return doc.getAsJsonArray("cases").map { arrayOf(it.asJsonObject["name"].asString, it.asJsonObject) }
        }
    }

    @Test
    fun decodesAsExpected() {
        val payload = case["payload"].asString
        val lenient = decodeMerchantQr(payload, false)
        val strict = decodeMerchantQr(payload, true)
        val json = JsonParser.parseString(lenient.json).asJsonObject
        val want = case.getAsJsonObject("lenient")
        assertEquals(want["valid"].asBoolean, lenient.valid)
        assertEquals(want["schemes"].asJsonArray.map { it.asString }, lenient.schemes)
        assertEquals(codes(want["warnings"]), codes(json["warnings"]))
        assertEquals(codes(want["errors"]), codes(json["errors"]))
        assertEquals(case.getAsJsonObject("strict")["valid"].asBoolean, strict.valid)
        assertEquals(codes(case.getAsJsonObject("strict")["errors"]), codes(JsonParser.parseString(strict.json).asJsonObject["errors"]))
        case.getAsJsonObject("fields")?.entrySet()?.forEach { (k, v) -> assertEquals(k, v, json[k]) }
        if (lenient.valid && lenient.format == "emv") {
            val again = encodeMerchantQr(lenient.json)
            assertEquals(payload.dropLast(4) + payload.takeLast(4).uppercase(), again)
        }
    }
}

class MerchantQrApiTest {
    @Test
    fun whatWillIPay() {
        val fps = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3"
        val c = merchantQrPaymentAtRate(fps, "CNY", "1.0962", ConvertOptions(rounding = RoundingMode.HALF_UP))
        assertEquals(Money("112.21", "CNY"), c.source)
        assertEquals(Money("123.00", "HKD"), c.target)
    }

    @Test
    fun encodingRefusesWhatWouldNotDecode() {
        try {
            encodeMerchantQr("""{"currency": "344"}""")
            throw AssertionError("accepted")
        } catch (e: CrosspayException.InvalidMerchantQr) {
            assertEquals("invalid_merchant_qr", e.code)
        }
        val qr = decodeMerchantQr("upi://pay?pa=merchant@icici&pn=Test%20Merchant&am=100.00&cu=INR", false)
        assertTrue(qr.valid)
        assertEquals(listOf("UPI"), qr.schemes)
        assertEquals("Test Merchant", qr.merchantName)
    }
}
