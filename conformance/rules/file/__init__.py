"""File and record rules F1–F6 (and F16–F18 for non-CSV inputs): metadata and messages; the readers apply them."""
