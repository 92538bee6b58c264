package com.crosspay

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonNull
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import com.google.gson.JsonPrimitive
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.junit.runners.Parameterized
import java.io.File

private val moneyDoc: JsonObject by lazy { vectorDoc("money.json") }

/** Wire names: HALF_UP → "half-up", GIVEN → "given". */
private fun wire(e: Enum<*>): String = e.name.lowercase().replace('_', '-')

private fun money(m: Money?): JsonElement =
    m?.let { JsonObject().apply { addProperty("amount", it.amount); addProperty("currency", it.currency) } } ?: JsonNull.INSTANCE

/** A receipt in the vectors' JSON shape: members without a value are left out. */
internal fun receiptJson(c: Conversion): JsonObject = fullReceiptJson(c).apply {
    entrySet().filter { it.value.isJsonNull }.map { it.key }.forEach { remove(it) }
}

private fun fullReceiptJson(c: Conversion): JsonObject = JsonObject().apply {
    add("source", money(c.source))
    add("target", money(c.target))
    add("requested", money(c.requested))
    addProperty("rate", c.rate)
    addProperty("effective_rate", c.effectiveRate)
    addProperty("markup_bps", c.markupBps.toLong())
    addProperty("markup", c.markup)
    add("chain", chainJson(c.chain))
    addProperty("rounding", wire(c.rounding))
    add("cash_increment", c.cashIncrement?.let { JsonPrimitive(it) } ?: JsonNull.INSTANCE)
    addProperty("unrounded", c.unrounded)
    addProperty("residue", c.residue)
    add("provenance", provenanceJson(c.provenance))
}

private fun chainJson(chain: List<RateLeg>): JsonArray = JsonArray().apply {
    chain.forEach { leg ->
        add(JsonObject().apply {
            addProperty("from", leg.from); addProperty("to", leg.to); addProperty("rate", leg.rate)
            addProperty("price", wire(leg.price)); addProperty("inverted", leg.inverted); addProperty("unit", leg.unit.toLong())
        })
    }
}

private fun provenanceJson(p: Provenance?): JsonElement = p?.let {
    JsonObject().apply { addProperty("source", it.source); addProperty("as_of", it.asOf); addProperty("valid_until", it.validUntil) }
} ?: JsonNull.INSTANCE

private fun strings(xs: List<String>): JsonArray = JsonArray().apply { xs.forEach { add(it) } }

/** A price list (Conversions) in the vectors' JSON shape. */
private fun priceListJson(c: Conversions): JsonObject = JsonObject().apply {
    addProperty("source_currency", c.sourceCurrency)
    addProperty("target_currency", c.targetCurrency)
    add("sources", strings(c.sources))
    add("targets", strings(c.targets))
    c.requested?.let { add("requested", strings(it)) }
    addProperty("rate", c.rate)
    addProperty("effective_rate", c.effectiveRate)
    addProperty("markup_bps", c.markupBps.toLong())
    add("chain", chainJson(c.chain))
    addProperty("rounding", wire(c.rounding))
    c.cashIncrement?.let { addProperty("cash_increment", it) }
    c.provenance?.let { add("provenance", provenanceJson(it)) }
}

private fun JsonObject.str(key: String): String? = get(key)?.takeUnless { it.isJsonNull }?.asString

private fun options(o: JsonObject) = ConvertOptions(
    rounding = parseRoundingMode(o.str("rounding")!!),
    markupBps = o.get("markup_bps")?.asInt?.toUInt() ?: 0u,
    side = o.str("side")?.let { Side.valueOf(it.uppercase()) },
    cashIncrement = o.str("cash_increment"),
    reverse = o.get("reverse")?.asBoolean ?: false,
)

/** Runs one vector; returns {"expected": …} or {"error": code}, like the vector itself. */
private fun outcome(run: () -> JsonElement): JsonObject = JsonObject().apply {
    try {
        add("expected", run())
    } catch (e: CrosspayException) {
        addProperty("error", e.code)
    }
}

private fun want(case: JsonObject): JsonObject = JsonObject().apply {
    if (case.has("expected")) add("expected", case.get("expected")) else add("error", case.get("error"))
}

@RunWith(Parameterized::class)
class MoneyVectorsTest(private val name: String, private val run: () -> Pair<JsonObject, JsonObject>) {
    companion object {
        @JvmStatic
        @Parameterized.Parameters(name = "{0}")
        fun cases(): List<Array<Any>> {
            val doc = moneyDoc
            val out = mutableListOf<Array<Any>>()
            doc.getAsJsonArray("conversions").map { it.asJsonObject }.forEach { c ->
                out += arrayOf("conversion ${c.str("name")}", {
                    val i = c.getAsJsonObject("input")
                    val (amount, from, to) = Triple(i.str("amount")!!, i.str("from")!!, i.str("to")!!)
                    outcome {
                        val opts = options(c.getAsJsonObject("options"))
                        val sheetName = c.str("sheet")
                        val conversion = if (sheetName != null) {
                            RateSheet.fromUnsignedJson(doc.getAsJsonObject("sheets").get(sheetName).toString())
                                .use { it.convert(amount, from, to, c.str("at")!!, opts) }
                        } else {
                            convertAtRate(amount, from, to, c.str("rate")!!, opts)
                        }
                        receiptJson(conversion)
                    } to want(c)
                })
            }
            doc.getAsJsonArray("price_lists").map { it.asJsonObject }.forEach { c ->
                out += arrayOf("price list ${c.str("name")}", {
                    val i = c.getAsJsonObject("input")
                    val amounts = i.getAsJsonArray("amounts").map { it.asString }
                    val (from, to) = i.str("from")!! to i.str("to")!!
                    outcome {
                        val opts = options(c.getAsJsonObject("options"))
                        val sheetName = c.str("sheet")
                        val list = if (sheetName != null) {
                            RateSheet.fromUnsignedJson(doc.getAsJsonObject("sheets").get(sheetName).toString())
                                .use { it.convertMany(amounts, from, to, c.str("at")!!, opts) }
                        } else {
                            convertMany(amounts, from, to, c.str("rate")!!, opts)
                        }
                        priceListJson(list)
                    } to want(c)
                })
            }
            // Each successful price list again, its amounts as integer minor units (Long): the
            // same sources, targets and rates, in units.
            doc.getAsJsonArray("price_lists").map { it.asJsonObject }.filter { it.has("expected") }.forEach { c ->
                out += arrayOf("price list in minor units ${c.str("name")}", {
                    val i = c.getAsJsonObject("input")
                    val (from, to) = i.str("from")!! to i.str("to")!!
                    val opts = options(c.getAsJsonObject("options"))
                    val units = i.getAsJsonArray("amounts").map { toMinorUnits(it.asString, if (opts.reverse) to else from) }
                    val sheetName = c.str("sheet")
                    val list = if (sheetName != null) {
                        RateSheet.fromUnsignedJson(doc.getAsJsonObject("sheets").get(sheetName).toString())
                            .use { it.convertManyMinorUnits(units, from, to, c.str("at")!!, opts) }
                    } else {
                        convertManyMinorUnits(units, from, to, c.str("rate")!!, opts)
                    }
                    val texts = { xs: List<Long>, currency: String -> JsonArray().apply { xs.forEach { add(fromMinorUnits(it, currency)) } } }
                    val got = JsonObject().apply {
                        add("sources", texts(list.sources, from))
                        add("targets", texts(list.targets, to))
                        list.requested?.let { add("requested", texts(it, to)) }
                        addProperty("rate", list.rate)
                        addProperty("effective_rate", list.effectiveRate)
                    }
                    val e = c.getAsJsonObject("expected")
                    val want = JsonObject().apply {
                        for (k in listOf("sources", "targets", "requested", "rate", "effective_rate")) if (e.has(k)) add(k, e.get(k))
                    }
                    got to want
                })
            }
            doc.getAsJsonArray("allocations").map { it.asJsonObject }.forEach { c ->
                out += arrayOf("allocation ${c.str("name")}", {
                    outcome {
                        val ratios = c.getAsJsonArray("ratios").map { it.asString }
                        JsonArray().apply { allocateAmount(c.str("amount")!!, c.str("currency")!!, ratios).forEach { add(it) } }
                    } to want(c)
                })
            }
            doc.getAsJsonArray("sheet_errors").map { it.asJsonObject }.forEach { c ->
                out += arrayOf("sheet error ${c.str("name")}", {
                    val text = c.str("sheet_text") ?: c.get("sheet").toString()
                    outcome { RateSheet.fromUnsignedJson(text).use { JsonPrimitive("parsed") } } to want(c)
                })
            }
            doc.getAsJsonArray("minor_units").map { it.asJsonObject }.forEach { c ->
                out += arrayOf("minor units ${c.str("amount")} ${c.str("currency")}", {
                    val units = c.get("units").asLong
                    val got = JsonObject().apply {
                        addProperty("units", toMinorUnits(c.str("amount")!!, c.str("currency")!!))
                        addProperty("amount", fromMinorUnits(units, c.str("currency")!!))
                    }
                    got to JsonObject().apply { addProperty("units", units); addProperty("amount", c.str("amount")) }
                })
            }
            return out
        }
    }

    @Test
    fun matchesTheVector() {
        val (got, want) = run()
        assertEquals(want, got)
    }
}
