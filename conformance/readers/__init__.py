"""Readers: bytes to records, reporting structural faults (F1–F6) at the physical line."""

from conformance.readers.csv_reader import CsvFile, ReaderError, read_csv
from conformance.readers.records import RawRecord

__all__ = ["CsvFile", "RawRecord", "ReaderError", "read_csv"]
