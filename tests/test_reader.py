"""Behaviour of the streaming CSV reader (F1, F2, F3, F5, F6) on crafted byte strings."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.core.findings import Finding, Severity
from conformance.readers import lines as physical
from conformance.readers.csv_reader import CsvFile, ReaderError, read_csv
from conformance.readers.records import RawRecord

E, W = Severity.ERROR, Severity.WARNING
HEADER = "番号,氏名,住所\n"  # Japanese header: valid multi-byte UTF-8 outweighs a stray bad byte
EOF_REASON = "no closing quote before end of file"


def _open(tmp_path: Path, data: bytes, name: str = "t.csv", encoding: str | None = None) -> CsvFile:
    p = tmp_path / name
    p.write_bytes(data)
    return read_csv(p, encoding=encoding)


def _f(f: Finding) -> tuple[int | None, str | None, str, Severity, str]:
    assert f.value is None  # structural findings never carry raw data
    return (f.line, f.item, f.rule, f.severity, f.message_en)


def _all(c: CsvFile) -> tuple[list[RawRecord], list[tuple[int | None, str | None, str, Severity, str]]]:
    recs = list(c.records())
    return recs, [_f(x) for x in c.file_findings] + [_f(x) for r in recs for x in r.findings]


def test_clean_lf(tmp_path: Path) -> None:
    c = _open(tmp_path, (HEADER + "1,見本 太郎,東京都\n2,,\n").encode())
    assert c.header == ["番号", "氏名", "住所"]
    assert c.header_line_ending == "\n"
    assert not c.fatal
    assert c.display_name == "t.csv"
    recs, findings = _all(c)
    assert findings == []
    assert [(r.line, r.fields, r.checkable, r.bad_fields) for r in recs] == [
        (2, ["1", "見本 太郎", "東京都"], True, frozenset()),
        (3, ["2", "", ""], True, frozenset()),
    ]
    assert c.bytes_read == c.bytes_total == len((HEADER + "1,見本 太郎,東京都\n2,,\n").encode())


def test_clean_crlf(tmp_path: Path) -> None:
    c = _open(tmp_path, b"a,b\r\n1,2\r\n3,4\r\n")
    assert c.header_line_ending == "\r\n"
    recs, findings = _all(c)
    assert findings == []
    assert [(r.line, r.fields) for r in recs] == [(2, ["1", "2"]), (3, ["3", "4"])]


def test_mixed_line_endings(tmp_path: Path) -> None:
    c = _open(tmp_path, b"a,b\n1,2\n3,4\r\n5,6\n")
    recs, findings = _all(c)
    assert findings == [(3, None, "F6", E, "line ends with CRLF, header uses LF")]
    assert recs[1].findings[0].message_ja == "改行がCRLFです（見出し行はLF）"
    assert [(r.line, r.fields, r.checkable) for r in recs] == [
        (2, ["1", "2"], True), (3, ["3", "4"], True), (4, ["5", "6"], True),
    ]


def test_lf_in_crlf_file(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b\r\n1,2\n3,4\r\n"))
    assert findings == [(2, None, "F6", E, "line ends with LF, header uses CRLF")]
    assert recs[0].checkable


def test_bare_cr(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b\n1,2\r3\n4,5\n"))
    assert findings == [(2, None, "F6", E, "bare CR (not followed by LF) in the line")]
    assert [(r.line, r.fields, r.checkable) for r in recs] == [
        (2, ["1", "2\r3"], True), (3, ["4", "5"], True),  # §12.2 stops only F3/F5; F12 reports the CR
    ]


def test_bare_cr_and_wrong_terminator_is_one_f6(tmp_path: Path) -> None:
    _, findings = _all(_open(tmp_path, b"a,b\n1,2\r3\r\n"))
    assert findings == [(2, None, "F6", E, "bare CR (not followed by LF) in the line; "
                                           "the line also ends with CRLF, header uses LF")]


def test_utf8_bom(tmp_path: Path) -> None:
    c = _open(tmp_path, b"\xef\xbb\xbf" + HEADER.encode() + "1,見本,東京\n".encode())
    assert c.header == ["番号", "氏名", "住所"]
    recs, findings = _all(c)
    assert findings == [(1, None, "F2", W, "UTF-8 byte order mark (EF BB BF); ignored")]
    assert recs[0].fields == ["1", "見本", "東京"]


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_bom_is_fatal(tmp_path: Path, bom: bytes) -> None:
    data = bom + "a,b\n1,2\n".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    c = _open(tmp_path, data)
    assert c.fatal and c.header is None
    recs, findings = _all(c)
    assert recs == []
    label = f"{bom[0]:02X} {bom[1]:02X}"
    assert findings == [(1, None, "F1", E, f"UTF-16 byte order mark ({label}); the file must be UTF-8")]


def test_cp932_file_is_one_fatal_f1(tmp_path: Path) -> None:
    data = b"id,name\n1,abc\n" + "2,氏名\n3,見本\n".encode("cp932")
    c = _open(tmp_path, data)
    assert c.fatal and c.header is None
    recs, findings = _all(c)
    assert recs == []
    assert findings == [(3, None, "F1", E, "encoding violation: looks like CP932 (Shift_JIS), not UTF-8; "
                                          "convert it to UTF-8 or use --encoding cp932")]


def test_cp932_header_line(tmp_path: Path) -> None:
    c = _open(tmp_path, "氏名,住所\n見本,東京\n".encode("cp932"))
    assert c.fatal
    assert [(f.line, f.rule) for f in c.file_findings] == [(1, "F1")]


def test_invalid_utf8_in_one_field(tmp_path: Path) -> None:
    c = _open(tmp_path, HEADER.encode() + b"1,ab\xffc,\xe6\x9d\xb1\n2,x,y\n")
    assert not c.fatal
    recs, findings = _all(c)
    assert findings == [(2, "氏名", "F1", E, "invalid UTF-8 byte sequence in field 2")]
    assert recs[0].findings[0].message_ja == "2列目にUTF-8として不正なバイト列があります"
    assert (recs[0].fields, recs[0].bad_fields, recs[0].checkable) == (
        ["1", "ab\ufffdc", "東"], frozenset({1}), True,
    )
    assert (recs[1].fields, recs[1].findings) == (["2", "x", "y"], [])


def test_invalid_utf8_in_two_fields_and_truncated_sequence(tmp_path: Path) -> None:
    # E3 81 is a truncated 3-byte sequence: one U+FFFD (maximal subpart), and the comma stays structural
    recs, findings = _all(_open(tmp_path, HEADER.encode() + b"\xe3\x81,ok,\x80\x80\n"))
    assert findings == [
        (2, "番号", "F1", E, "invalid UTF-8 byte sequence in field 1"),
        (2, "住所", "F1", E, "invalid UTF-8 byte sequence in field 3"),
    ]
    assert recs[0].fields == ["\ufffd", "ok", "\ufffd\ufffd"]
    assert recs[0].bad_fields == frozenset({0, 2})


def test_quote_inside_unquoted_field(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b,c\n1,x\"y,z\n2,3,4\n"))
    assert findings == [(2, None, "F3", E, "quote inside unquoted field 2")]
    assert recs[0].findings[0].message_ja == "2列目の引用されていない項目に「\"」があります"
    assert (recs[0].fields, recs[0].checkable) == (["1", 'x"y', "z"], False)
    assert (recs[1].line, recs[1].checkable) == (3, True)


def test_text_after_closing_quote(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b'a,b,c\n1,"xy"z,w\n'))
    assert findings == [(2, None, "F3", E, "characters after the closing quote of field 2")]
    assert (recs[0].fields, recs[0].checkable) == (["1", "xyz", "w"], False)


def test_unterminated_quote_mid_file(tmp_path: Path) -> None:
    lines = [f"{i},v{i}\n" for i in range(2, 11)]
    lines[3] = '5,"open\n'  # line 5
    recs, findings = _all(_open(tmp_path, ("a,b\n" + "".join(lines)).encode()))
    assert findings == [(5, None, "F3", E, f"unterminated quoted field 2 ({EOF_REASON})")]
    assert [r.line for r in recs] == list(range(2, 11))
    assert (recs[3].fields, recs[3].checkable) == (["5", "open"], False)
    assert all(r.checkable and r.findings == [] for r in recs if r.line != 5)
    assert recs[8].fields == ["10", "v10"]


def test_unterminated_quote_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(physical, "MAX_RECORD_LINES", 3)
    data = b'a,b\n1,"x\n2\n3\n4\n5",y\n6,z\n'
    recs, findings = _all(_open(tmp_path, data))
    bound = f"within 3 lines / {physical.MAX_RECORD_BYTES} bytes"
    assert findings == [
        (2, None, "F3", E, f"unterminated quoted field 2 (no closing quote {bound})"),
        (3, None, "F3", E, "1 field, header has 2"),
        (4, None, "F3", E, "1 field, header has 2"),
        (5, None, "F3", E, "1 field, header has 2"),
        (6, None, "F3", E, "quote inside unquoted field 1"),
    ]
    assert [r.line for r in recs] == [2, 3, 4, 5, 6, 7]
    assert recs[-1].fields == ["6", "z"] and recs[-1].checkable


def test_quote_closing_within_bound_is_f5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(physical, "MAX_RECORD_LINES", 3)
    recs, findings = _all(_open(tmp_path, b'a,b\n1,"x\n2\n3"\n6,z\n'))
    assert findings == [(2, None, "F5", E, "quoted field 2 contains a line break (record spans lines 2-4)")]
    assert [(r.line, r.fields) for r in recs] == [(2, ["1", "x\n2\n3"]), (5, ["6", "z"])]


def test_embedded_lf_is_f5(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b'a,b,c\n1,"x\ny",z\n2,3,4\n'))
    assert findings == [(2, None, "F5", E, "quoted field 2 contains a line break (record spans lines 2-3)")]
    assert recs[0].findings[0].message_ja == (
        "2列目の引用された項目に改行が含まれています（2行目から3行目まで）"
    )
    assert [(r.line, r.fields, r.checkable) for r in recs] == [
        (2, ["1", "x\ny", "z"], False), (4, ["2", "3", "4"], True),
    ]


def test_embedded_crlf_is_f5_not_f6(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b'a,b\n"x\r\ny",z\n1,2\n'))
    assert findings == [(2, None, "F5", E, "quoted field 1 contains a line break (record spans lines 2-3)")]
    assert recs[0].fields == ["x\r\ny", "z"]
    assert recs[1].line == 4


def test_cr_inside_quotes_is_f5(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b'a,b\n"x\ry",z\n1,2\n'))
    assert findings == [(2, None, "F5", E, "quoted field 1 contains a CR (line break character)")]
    assert [r.line for r in recs] == [2, 3]


def test_f3_record_also_reports_wrong_terminator(tmp_path: Path) -> None:
    _, findings = _all(_open(tmp_path, b"a,b\n1\r\n"))
    assert findings == [
        (2, None, "F3", E, "1 field, header has 2"),
        (2, None, "F6", E, "line ends with CRLF, header uses LF"),
    ]


def test_doubled_quote_escapes(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b'a,b,c\n"say ""hi""","",""""\n"x,y",",",z\n'))
    assert findings == []
    assert [r.fields for r in recs] == [['say "hi"', "", '"'], ["x,y", ",", "z"]]
    assert all(r.checkable for r in recs)


def test_field_count(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n"))
    assert findings == [
        (2, None, "F3", E, "2 fields, header has 3"),
        (3, None, "F3", E, "4 fields, header has 3"),
    ]
    assert recs[0].findings[0].message_ja == "項目数が3ではなく2です"
    assert [r.checkable for r in recs] == [False, False, True]
    assert recs[1].fields == ["1", "2", "3", "4"]


def test_blank_line(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b\n1,2\n\n3,4\n"))
    assert findings == [(3, None, "F3", E, "blank line (1 field, header has 2)")]
    assert [(r.line, r.fields, r.checkable) for r in recs] == [
        (2, ["1", "2"], True), (3, [""], False), (4, ["3", "4"], True),
    ]


def test_blank_line_in_one_column_file_is_a_record(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a\n\nx\n"))
    assert findings == []
    assert [(r.line, r.fields) for r in recs] == [(2, [""]), (3, ["x"])]


def test_no_final_newline(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b\r\n1,2\r\n3,4"))
    assert findings == []
    assert [(r.line, r.fields) for r in recs] == [(2, ["1", "2"]), (3, ["3", "4"])]


def test_empty_file(tmp_path: Path) -> None:
    c = _open(tmp_path, b"")
    assert (c.header, c.header_line_ending, c.fatal, c.file_findings) == (None, None, False, [])
    assert list(c.records()) == []


def test_header_only_without_terminator(tmp_path: Path) -> None:
    c = _open(tmp_path, b"a,b")
    assert (c.header, c.header_line_ending) == (["a", "b"], None)
    assert list(c.records()) == []


def test_header_faults_still_give_header(tmp_path: Path) -> None:
    c = _open(tmp_path, b'a,b"c,d\n1,2,3\n')
    assert c.header == ["a", 'b"c', "d"]
    recs, findings = _all(c)
    assert findings == [(1, None, "F3", E, "quote inside unquoted field 2")]
    assert [(r.line, r.checkable) for r in recs] == [(2, True)]


def test_header_unterminated_quote_resumes_at_line_2(tmp_path: Path) -> None:
    c = _open(tmp_path, b'a,"b\n1,2\n3,4\n')
    assert c.header == ["a", "b"]
    recs, findings = _all(c)
    assert findings == [(1, None, "F3", E, f"unterminated quoted field 2 ({EOF_REASON})")]
    assert [(r.line, r.fields) for r in recs] == [(2, ["1", "2"]), (3, ["3", "4"])]


def test_header_invalid_utf8(tmp_path: Path) -> None:
    c = _open(tmp_path, "番号,氏名,住所\n".encode().replace(b",\xe6", b",\xff\xe6", 1) + b"1,2,3\n")
    assert c.header == ["番号", "\ufffd氏名", "住所"]
    assert [_f(f) for f in c.file_findings] == [
        (1, "\ufffd氏名", "F1", E, "invalid UTF-8 byte sequence in field 2"),
    ]


def test_encoding_cp932_transcodes(tmp_path: Path) -> None:
    data = "番号,氏名\r\n1,見本　太郎\r\n".encode("cp932") + b"2,\x81\x20x\r\n"
    c = _open(tmp_path, data, encoding="cp932")
    assert not c.fatal
    assert c.header == ["番号", "氏名"]
    recs, findings = _all(c)
    assert findings == [(3, "氏名", "F1", E, "invalid cp932 byte sequence in field 2")]
    assert recs[0].fields == ["1", "見本　太郎"]
    assert (recs[1].fields, recs[1].bad_fields) == (["2", "\ufffd x"], frozenset({1}))
    assert recs[1].checkable


def test_encoding_shift_jis_lead_byte_before_comma(tmp_path: Path) -> None:
    recs, findings = _all(_open(tmp_path, b"a,b,c\n\x81,y,z\n", encoding="shift_jis"))
    assert findings == [(2, "a", "F1", E, "invalid shift_jis byte sequence in field 1")]
    assert recs[0].fields == ["\ufffd", "y", "z"]


def test_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="no such file"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(ReaderError, match="is a directory"):
        read_csv(tmp_path)
    with pytest.raises(ReaderError, match="unknown encoding 'nope'"):
        _open(tmp_path, b"a\n", encoding="nope")
    with pytest.raises(ReaderError, match="not ASCII-compatible"):
        _open(tmp_path, b"a\n", encoding="utf-16")


def test_reader_error_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As an ordinary user meets an unreadable file (root could read a chmod 0 one, so the open is denied)."""
    import builtins

    p = tmp_path / "secret.csv"
    p.write_bytes(b"a\n")
    real_open = builtins.open

    def denied(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)) == p:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", denied)
    with pytest.raises(ReaderError, match="permission denied"):
        read_csv(p)


def test_records_only_once(tmp_path: Path) -> None:
    c = _open(tmp_path, b"a\n1\n")
    assert [r.fields for r in c.records()] == [["1"]]
    with pytest.raises(RuntimeError):
        c.records()


def test_display_name(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(b"a,b\n1\n")
    c = read_csv(p, display_name="住民記録_住民.csv")
    assert [f.file for r in c.records() for f in r.findings] == ["住民記録_住民.csv"]


def test_overlong_line_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(physical, "MAX_LINE_BYTES", 10)
    recs, findings = _all(_open(tmp_path, b"a,b\n" + b"x" * 50 + b"\n1,2\n"))
    assert findings == [(2, None, "F3", E, "physical line longer than 10 bytes; not parsed")]
    assert [(r.line, r.fields, r.checkable) for r in recs] == [(2, [], False), (3, ["1", "2"], True)]


def test_spec_invalid_example_structure() -> None:
    """The spec's invalid example: LF file, line 57 CRLF (F6), line 58 one field short (F3)."""
    c = read_csv(Path(__file__).resolve().parent / "data" / "spec_examples" / "住民記録_住民.invalid.csv")
    recs, findings = _all(c)
    assert [(f[0], f[2]) for f in findings] == [(57, "F6"), (58, "F3")]
    assert len(recs) == 57 and recs[-1].line == 58


# ---------------------------------------------------------------- properties

_value_chars = st.one_of(
    st.sampled_from([",", '"', " ", "a", "0", "漢", "𠮷", "\u3000"]),
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\ufeff"),
)
_values = st.text(alphabet=_value_chars, max_size=6)


@st.composite
def _tables(draw: st.DrawFn) -> list[list[str]]:
    ncols = draw(st.integers(min_value=1, max_value=4))
    row = st.lists(_values, min_size=ncols, max_size=ncols)
    return draw(st.lists(row, min_size=1, max_size=6))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_tables())
def test_property_csv_module_roundtrip(tmp_path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
    c = _open(tmp_path, buf.getvalue().encode())
    recs, findings = _all(c)
    assert findings == []
    assert c.header == rows[0]
    assert [r.fields for r in recs] == rows[1:]
    assert [r.line for r in recs] == list(range(2, len(rows) + 1))
    assert all(r.checkable for r in recs)


_byte_pieces = st.sampled_from(
    [b",", b'"', b"\n", b"\r", b"\r\n", b"a", b"1", b"\xe3\x81\x82", b"\xe3\x81", b"\xff", b"\x81",
     b"\x82\xa0", b"\xef\xbb\xbf", b"\xfe\xff", b"\x00", b'""'],
)
_random_files = st.one_of(st.binary(max_size=80), st.lists(_byte_pieces, max_size=40).map(b"".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_random_files)
def test_property_random_bytes_cover_every_line(tmp_path: Path, data: bytes) -> None:
    c = _open(tmp_path, data)
    recs = list(c.records())
    n_lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    for f in c.file_findings + [f for r in recs for f in r.findings]:
        assert f.value is None and f.line is not None and 1 <= f.line <= max(n_lines, 1)
    if c.fatal:
        assert c.header is None and recs == [] and c.file_findings[-1].rule in ("F1", "F3")
        return
    if c.header is None:
        assert data in (b"", b"\xef\xbb\xbf")
        return
    header_multi = any(f.rule == "F5" and f.line == 1 for f in c.file_findings)
    if not recs:
        assert n_lines == 1 or header_multi
        return
    assert recs[0].line == 2 or (header_multi and recs[0].line > 2)
    for a, b in itertools.pairwise(recs):
        assert b.line > a.line
        if b.line > a.line + 1:  # only a multi-line (F5) record may cover several lines
            assert [f.rule for f in a.findings if f.rule != "F6"] == ["F5"]
    last = recs[-1]
    assert last.line <= n_lines
    if last.line < n_lines:
        assert [f.rule for f in last.findings if f.rule != "F6"] == ["F5"]
    assert c.bytes_read == c.bytes_total
