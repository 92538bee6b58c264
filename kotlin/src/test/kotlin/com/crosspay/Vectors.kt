package com.crosspay

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File

/** The one way every test reads a shared vector file (tests/vectors/, given as -Dcrosspay.vectors). */
internal fun vectorDoc(file: String): JsonObject {
    val dir = System.getProperty("crosspay.vectors") ?: error("run with -Dcrosspay.vectors=tests/vectors")
    return JsonParser.parseString(File(dir, file).readText()).asJsonObject
}

/** The `cases` of a vector file. */
internal fun vectorCases(file: String): List<JsonObject> = vectorDoc(file).getAsJsonArray("cases").map { it.asJsonObject }
