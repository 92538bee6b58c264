package com.crosspay

/**
 * The stable snake_case code of a crosspay error (`invalid_amount`, `unknown_currency`, ...),
 * the same string the JS `Error.code`, the CLI's JSON and the Python/Swift bindings give.
 * It is derived from the generated exception class name, so it can never drift from the core.
 */
val CrosspayException.code: String
    get() = javaClass.simpleName.replace(Regex("([a-z0-9])([A-Z])"), "$1_$2").lowercase()
