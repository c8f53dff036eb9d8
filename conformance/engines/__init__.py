"""Engines: apply the rules to records (reference: row by row)."""
