"""The データ型 units (§3.2) and the value algorithms they share: characters, check digits, dates, 和暦.

Layer 1: imports only ``conformance.core`` (and the standard library, polars, numpy). The registry is
``conformance.types.registry``.
"""
