package com.crosspay

import com.google.gson.JsonObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.awt.Color
import java.awt.image.BufferedImage

private fun options(o: JsonObject) = QrOptions(
    ecLevel = o["ec_level"]?.asString?.let { EcLevel.valueOf(it) },
    minVersion = o["min_version"]?.asInt?.toUByte(),
    quietZone = o["quiet_zone"]?.asInt?.toUInt(),
)

private fun rows(m: QrMatrix): List<String> {
    val n = m.size.toInt()
    return (0 until n).map { y -> (0 until n).joinToString("") { x -> if (m.modules[y * n + x].toInt() == 1) "1" else "0" } }
}

private fun codeOf(block: () -> Unit): String = try {
    block()
    "no error"
} catch (e: CrosspayException) {
    e.code
}

/** tests/vectors/render.json through the Kotlin bindings, and a matrix drawn natively. */
class RenderTest {
    private val v = vectorDoc("render.json")
    private fun list(key: String) = v.getAsJsonArray(key).map { it.asJsonObject }

    @Test
    fun qrMatricesAreTheVectors() {
        for (c in list("qr")) {
            val m = qrMatrix(c["payload"].asString, options(c.getAsJsonObject("options")))
            val e = c.getAsJsonObject("expected")
            assertEquals(c["name"].asString, e["version"].asInt, m.version.toInt())
            assertEquals(e["ec_level"].asString, m.ecLevel.name)
            assertEquals(e["size"].asInt, m.size.toInt())
            assertEquals(e["quiet_zone"].asInt, m.quietZone.toInt())
            assertEquals(e.getAsJsonArray("rows").map { it.asString }, rows(m))
        }
    }

    @Test
    fun svgAndBarcodesAreTheVectors() {
        for (c in list("svg")) assertEquals(c["expected"].asString, qrSvg(c["payload"].asString, options(c.getAsJsonObject("options"))))
        for (c in list("barcodes")) {
            val b = barcode(c["digits"].asString)
            val e = c.getAsJsonObject("expected")
            assertEquals(e["text"].asString, b.text)
            assertEquals(e["symbology"].asString, b.symbology)
            assertEquals(e["width"].asInt, b.width.toInt())
            assertEquals(e["widths"].asString, b.widths.joinToString("") { it.toString() })
            assertEquals(e["svg"].asString, barcodeSvg(c["digits"].asString))
        }
    }

    @Test
    fun whatCannotBeDrawnIsATypedError() {
        for (c in list("qr_errors")) {
            assertEquals(c["name"].asString, c["error"].asString, codeOf { qrMatrix(c["payload"].asString, options(c.getAsJsonObject("options"))) })
        }
        for (c in list("barcode_errors")) assertEquals(c["name"].asString, c["error"].asString, codeOf { barcode(c["digits"].asString) })
        try {
            barcode("123")
            fail("no error")
        } catch (e: CrosspayException.InvalidBarcode) {
            assertTrue(e.message!!, e.message!!.contains("even number"))
        }
    }

    /** What an Android app does with a Canvas (here java.awt, the same loop): one rect per dark module. */
    @Test
    fun aMatrixDrawsNatively() {
        val m = qrMatrix("CP1:DRAWN IN KOTLIN", QrOptions())
        val scale = 3
        val n = m.size.toInt()
        val q = m.quietZone.toInt()
        val side = (n + 2 * q) * scale
        val image = BufferedImage(side, side, BufferedImage.TYPE_INT_RGB)
        val g = image.createGraphics()
        g.color = Color.WHITE
        g.fillRect(0, 0, side, side)
        g.color = Color.BLACK
        for (y in 0 until n) for (x in 0 until n) if (m.modules[y * n + x].toInt() == 1) g.fillRect((x + q) * scale, (y + q) * scale, scale, scale)
        g.dispose()
        for (y in 0 until n) for (x in 0 until n) {
            val dark = image.getRGB((x + q) * scale + 1, (y + q) * scale + 1) and 0xff < 128
            assertEquals("module $x,$y", m.modules[y * n + x].toInt() == 1, dark)
        }
    }
}
