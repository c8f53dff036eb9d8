"""Delivery rules D1–D2 (ours, not the spec's): what a whole delivery must be for its verdict to hold."""
