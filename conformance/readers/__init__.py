"""Readers: bytes to records, reporting structural faults (F1–F6) at the physical line."""
