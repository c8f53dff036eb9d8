"""Item rules F7–F15 and C1–C9: metadata and messages; the item checker applies them."""
