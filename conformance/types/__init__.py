"""The データ型 units (§3.2) and the value algorithms they share.

Layer 1: imports only ``conformance.core`` (and the standard library, polars, numpy). ``registry`` lists the
types; ``base`` says what a unit is; one module per family (``text``, ``digits``, ``decimal``, ``date``,
``date_time``, ``wareki_date``); the shared algorithms are ``chars`` (repertoire, ranges, the scanner),
``checkdigits``, ``dates``, ``wareki``, ``regex`` (Python → Rust) and ``classes`` (names of characters for
messages).
"""
