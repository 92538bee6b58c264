package com.crosspay

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized
import java.io.File

/** One JUnit test per case of tests/vectors/convert.json. */
@RunWith(Parameterized::class)
class ConvertVectorsTest(private val name: String, private val case: JsonObject) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> = vectorCases("convert.json").map { arrayOf(it["name"].asString, it) }
    }

    private fun JsonObject.str(key: String): String = this[key].asString

    @Test
    fun matchesTheVector() {
        val input = case.getAsJsonObject("input")
        val outcome = runCatching {
            convert(
                input.str("amount"), input.str("from"), input.str("to"), input.str("rate"),
                parseRoundingMode(input.str("rounding")),
            )
        }
        val expected = case.getAsJsonObject("expected")
        if (expected == null) {
            val error = outcome.exceptionOrNull() as? CrosspayException
                ?: fail("$name: expected error ${case.str("error")}, got $outcome") as Nothing
            assertEquals(case.str("error"), error.code)
            return
        }
        val c = outcome.getOrElse { fail("$name: unexpected ${it.javaClass.simpleName}: ${it.message}") as Nothing }
        val source = expected.getAsJsonObject("source")
        val target = expected.getAsJsonObject("target")
        assertEquals(Money(source.str("amount"), source.str("currency")), c.source)
        assertEquals(Money(target.str("amount"), target.str("currency")), c.target)
        assertEquals(expected.str("rate"), c.rate)
        assertEquals(parseRoundingMode(expected.str("rounding")), c.rounding)
        assertEquals(expected.str("unrounded"), c.unrounded)
        assertEquals(expected.str("residue"), c.residue)
    }
}

class CrosspayApiTest {
    @Test
    fun errorsCarryAClearMessageAndAStableCode() {
        try {
            convert("1e3", "CNY", "HKD", "1.0962", RoundingMode.HALF_UP)
            fail("1e3 must be refused")
        } catch (e: CrosspayException.InvalidAmount) {
            assertEquals("invalid_amount", e.code)
            assertTrue(e.message!!, e.message!!.contains("1e3"))
        }
    }

    @Test
    fun everyCoreErrorCodeIsAnExceptionClass() {
        val classes = CrosspayException::class.sealedSubclasses.map { it.java.simpleName }.toSet()
        val derived = classes.map { it.replace(Regex("([a-z0-9])([A-Z])"), "$1_$2").lowercase() }.toSet()
        assertEquals(errorCodes().toSet(), derived)
    }

    @Test
    fun currencyInfoDescribesIsoAndRegisteredCodes() {
        val kwd = currencyInfo("KWD")
        assertEquals(3.toUByte(), kwd.minorUnits)
        assertEquals(414.toUShort(), kwd.numeric)
        assertEquals(null, currencyInfo("CNH").numeric)
    }

    @Test
    fun roundingModesParseFromTheirWireNames() {
        assertEquals(RoundingMode.HALF_EVEN, parseRoundingMode("half-even"))
        try {
            parseRoundingMode("HALF_EVEN")
            fail("wire names are kebab-case")
        } catch (e: CrosspayException) {
            assertEquals("invalid_rounding", e.code)
        }
    }
}
