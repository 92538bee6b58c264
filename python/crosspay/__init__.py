"""crosspay: exact cross-border money conversion and payment codes, from the crosspay Rust core.

The API is the uniffi-generated module ``crosspay.crosspay``; this file re-exports it and gives
every ``CrosspayError`` a stable ``code`` (``invalid_amount``, ``unknown_currency``, ...), the
same string as the JS ``Error.code`` and the CLI's JSON.
"""
import re as _re

from .crosspay import *  # noqa: F401,F403
from .crosspay import CrosspayError


def _error_code(error: CrosspayError) -> str:
    return _re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", type(error).__name__).lower()


CrosspayError.code = property(_error_code)  # type: ignore[attr-defined]
