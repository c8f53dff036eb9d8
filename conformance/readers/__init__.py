"""Readers: bytes to records, reporting structural faults (F1–F6) at the physical line."""

from conformance.readers.csv_reader import CsvFile, RawRecord, ReaderError, read_csv

__all__ = ["CsvFile", "RawRecord", "ReaderError", "read_csv"]
