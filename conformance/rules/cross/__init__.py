"""Cross-record rules X1–X35: one unit per rule (``xN_*.py``), the shared machinery beside them."""
