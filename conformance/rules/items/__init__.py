"""The item checker: the value-level rules of §3.4 applied to one layout item (scalar and fast path)."""
