"""The file rules F1–F6 as units: each holds its own messages, and every finding the readers make (and every
header fault ``match_header`` gives) uses a message of the unit of its rule, with its parameters filled."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import conformance.rules.file as file_rules
from conformance.core.findings import Finding
from conformance.core.messages import Message, Quoted
from conformance.readers import lines as physical
from conformance.readers.csv_reader import read_csv
from conformance.rules.file import f4_header
from conformance.rules.file.f4_header import match_header
from conformance.schema.model import SchemaSet


def _units() -> dict[str, ModuleType]:
    """Rule id -> the unit module under rules/file."""
    names = [m.name for m in pkgutil.iter_modules(file_rules.__path__)]
    modules = [importlib.import_module(f"{file_rules.__name__}.{name}") for name in names]
    return {m.META.id: m for m in modules}


def _messages(unit: ModuleType) -> list[Message]:
    return [v for v in vars(unit).values() if isinstance(v, Message)]


UNITS = _units()

HEADER = "番号,氏名,住所\n"  # Japanese header: valid multi-byte UTF-8 outweighs a stray bad byte
#: One file per reader message (and a few more): (name, bytes, declared encoding).
CASES: list[tuple[str, bytes, str | None]] = [
    ("invalid_bytes", HEADER.encode() + b"1,ab\xffc,x\n", None),
    ("invalid_bytes_declared", "番号,氏名\n".encode("cp932") + b"2,\x81\x20x\n", "cp932"),
    ("invalid_header_cell", HEADER.encode().replace(b",\xe6", b",\xff\xe6", 1) + b"1,2,3\n", None),
    ("utf16_bom", b"\xff\xfea,b\n", None),
    ("cp932", b"id,name\n1,abc\n" + "2,氏名\n3,見本\n".encode("cp932"), None),
    ("utf8_bom", b"\xef\xbb\xbf" + HEADER.encode() + "1,見本,東京\n".encode(), None),
    ("quote_in_unquoted", b'a,b\n1,x"y\n', None),
    ("text_after_quote", b'a,b\n"x"y,z\n', None),
    ("unterminated_at_eof", b'a,b\n1,"open\n2,3\n', None),
    ("unterminated_within_bounds", b'a,b\n1,"x\n2\n3\n4",y\n', None),
    ("one_field", b"a,b\n1\n", None),
    ("field_count", b"a,b\n1,2,3\n", None),
    ("blank_line", b"a,b\n\n1,2\n", None),
    ("line_too_long", b"a,b\n" + b"x" * 50 + b"\n1,2\n", None),
    ("header_too_long", b"x" * 50 + b"\n1,2\n", None),
    ("line_break", b'a,b\n"x\ny",z\n', None),
    ("cr_in_quotes", b'a,b\n"x\ry",z\n', None),
    ("terminator", b"a,b\n1,2\r\n", None),
    ("bare_cr", b"a,b\n1,2\r3\n", None),
    ("bare_cr_and_terminator", b"a,b\n1,2\r3\r\n", None),
    ("bare_cr_in_header", b"a,b\r1\n1,2\n", None),
]


def _reader_findings(tmp_path: Path, name: str, data: bytes, encoding: str | None) -> list[Finding]:
    """Every finding the reader makes on the file (the fast scanner gives the same: test_fast_scan)."""
    p = tmp_path / f"{name}.csv"
    p.write_bytes(data)
    c = read_csv(p, encoding=encoding)
    return c.file_findings + [f for r in c.records() for f in r.findings]


@pytest.fixture
def reader_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.setattr(physical, "MAX_RECORD_LINES", 3)
    monkeypatch.setattr(physical, "MAX_LINE_BYTES", 40)
    return [f for case in CASES for f in _reader_findings(tmp_path, *case)]


def test_file_rule_message_ids_are_unique_and_name_their_rule() -> None:
    expected = ["F1", "F2", "F3", "F4", "F5", "F6", "F16", "F17", "F18"]
    assert sorted(UNITS, key=lambda r: int(r[1:])) == expected
    ids = [m.id for unit in UNITS.values() for m in _messages(unit)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for rule, unit in UNITS.items():
        assert _messages(unit), f"{rule} defines no message"
        assert all(m.id.startswith(f"{rule}.") for m in _messages(unit)), rule


def test_reader_findings_use_their_units_messages(reader_findings: list[Finding]) -> None:
    for f in reader_findings:
        unit = UNITS[f.rule]
        assert f.message in _messages(unit), (f.rule, f.message.id)
        assert f.severity == unit.META.severity
        assert {name for name, _ in f.params} == f.message.fields, f.message.id
        assert f.value is None
        assert not any(isinstance(p, Quoted) for _, p in f.params)  # no reader message quotes the file


def test_every_reader_message_is_reachable(reader_findings: list[Finding]) -> None:
    """No template of F1–F3, F5, F6 is dead: the cases above reach each one."""
    used = {f.message.id for f in reader_findings}
    defined = {m.id for rule in ("F1", "F2", "F3", "F5", "F6") for m in _messages(UNITS[rule])}
    # the engine reports F1.declared (for --encoding); the non-CSV readers' are in test_inputs.py; the
    # sniffer's (a file that is not CSV) in test_hostile.py
    by_readers = {"F1.invalid_value", "F1.xml_declared", "F1.xml_invalid"}
    sniffed = {"F1.wide", "F3.delimiter", "F6.cr_only"} | {i for i in defined if i.startswith("F3.not_csv")}
    assert used == defined - {"F1.declared"} - by_readers - sniffed


def test_header_faults_use_f4_messages_and_quote_the_file(schema: SchemaSet) -> None:
    layout = schema.files["住民記録_住民"].layout
    names = list(layout.item_names)
    # a swap (misordered ×2), a missing item, an unknown cell, a duplicated item and a duplicated unknown cell
    header = [names[1], names[0], *names[2:-1], "1234567", names[2], "1234567"]
    faults = match_header(header, layout).faults
    kinds = {fault.message.id for fault in faults}
    sniffed = {"F4.empty", "F4.no_header", "F4.other_layout", "F4.trailing_empty"}  # test_hostile
    by_name = {"F4.unknown_name"}  # the keyed formats': test_inputs
    assert kinds == {m.id for m in _messages(f4_header)} - sniffed - by_name
    for fault in faults:
        params = dict(fault.params)
        assert set(params) == fault.message.fields
        name = params["name"]
        if fault.message is f4_header.MISSING:  # a name of the layout, not text of the file
            assert name == names[-1] == fault.item
        else:
            assert isinstance(name, Quoted) and name.text == fault.item
            assert name.item == (fault.item if fault.item in names else None)
    unknown = next(f for f in faults if f.message is f4_header.UNKNOWN)
    assert unknown.message_en == f"unknown column '1234567' (position {len(names)}) is not in the layout"
    assert unknown.message_ja == f"レイアウトにない列「1234567」があります（{len(names)}列目）"
    masked = Finding("t.csv", 1, unknown.item, "F4", f4_header.META.severity, unknown.message, unknown.params)
    assert masked.text("en", lambda q: "*" * len(q.text)).startswith("unknown column '*******'")
