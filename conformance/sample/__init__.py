"""Synthetic datasets for demos, tests and benchmarks."""
