package com.crosspay

import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test

/** The tests run against the jar as an app gets it: the native library comes from inside it. */
class PackagingTest {
    @Test
    fun theNativeLibraryIsLoadedFromTheJar() {
        assertNull("no jna.library.path: JNA must find the library in the jar", System.getProperty("jna.library.path"))
        val resource = PackagingTest::class.java.getResource("/linux-x86-64/libcrosspay_ffi.so")
        assertNotNull("the jar holds linux-x86-64/libcrosspay_ffi.so", resource)
        assertTrue(resource!!.toString().startsWith("jar:"))
        assertEquals("109.62", convert("100.00", "CNY", "HKD", "1.0962", RoundingMode.HALF_UP).target.amount)
    }
}
