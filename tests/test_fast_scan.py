"""The fast structural scan against the reference reader: frame rows plus special records must be exactly
the records ``CsvFile.records()`` yields, wherever the chunk boundaries fall."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.core.findings import Finding, Severity
from conformance.readers import fast_scan
from conformance.readers import lines as physical
from conformance.readers.csv_reader import read_csv
from conformance.readers.fast_scan import Batch, frame_from_lines, scan

# (line, fields, bad_fields, checkable, findings)
Rec = tuple[int, list[str], frozenset[int], bool, list[Finding]]

HEADER = "番号,氏名,住所\n"  # Japanese header: valid multi-byte UTF-8 outweighs a stray bad byte
SIZES = (1, 2, 3, 5, 8, 13, 21, 34, 64, 1 << 20)


def _write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _reference(path: Path, encoding: str | None = None) -> list[Rec]:
    return [(r.line, r.fields, r.bad_fields, r.checkable, r.findings)
            for r in read_csv(path, encoding=encoding).records()]


def _check_batch(b: Batch, ncols: int) -> None:
    assert b.frame.columns == [f"c{i}" for i in range(ncols)]
    assert all(t == pl.String for t in b.frame.dtypes)
    assert b.lines.dtype == pl.Int64 and len(b.lines) == b.frame.height
    assert [r.line for r in b.special] == sorted(r.line for r in b.special)


def _scanned(path: Path, batch_bytes: int, encoding: str | None = None) -> tuple[list[Rec], list[Batch]]:
    """The scan's records in line order (frame rows as fields with null -> ""), and its batches."""
    csv = read_csv(path, encoding=encoding)
    batches = list(scan(csv, batch_bytes=batch_bytes))
    out: list[Rec] = []
    for b in batches:
        _check_batch(b, len(csv.header or []))
        for line, row in zip(b.lines.to_list(), b.frame.rows(), strict=True):
            out.append((line, ["" if v is None else v for v in row], frozenset(), True, []))
        out.extend((r.line, r.fields, r.bad_fields, r.checkable, r.findings) for r in b.special)
    out.sort(key=lambda rec: rec[0])
    assert csv.bytes_read == csv.bytes_total or not out
    return out, batches


def _assert_same(path: Path, batch_bytes: int, encoding: str | None = None) -> list[Batch]:
    expected = _reference(path, encoding)
    got, batches = _scanned(path, batch_bytes, encoding)
    assert got == expected
    frame_lines = {line for b in batches for line in b.lines.to_list()}
    for line, _, bad, checkable, findings in expected:  # frame rows are finding-free records only
        if line in frame_lines:
            assert (bad, checkable, findings) == (frozenset(), True, [])
    return batches


# ---------------------------------------------------------------- crafted files (test_reader's kinds)

_LINES = "".join(f"{i},v{i}\n" for i in range(2, 11))
CRAFTED: dict[str, bytes] = {
    "clean_lf": (HEADER + "1,見本 太郎,東京都\n2,,\n").encode(),
    "clean_crlf": b"a,b\r\n1,2\r\n3,4\r\n",
    "crlf_line_in_lf_file": b"a,b\n1,2\n3,4\r\n5,6\n",
    "lf_line_in_crlf_file": b"a,b\r\n1,2\n3,4\r\n",
    "bare_cr": b"a,b\n1,2\r3\n4,5\n",
    "bare_cr_and_crlf": b"a,b\n1,2\r3\r\n",
    "bare_cr_in_crlf_file": b"a,b\r\n1,2\r3\r\n4,5\r\n6,7\r",
    "utf8_bom": b"\xef\xbb\xbf" + HEADER.encode() + "1,見本,東京\n".encode(),
    "bom_starting_a_data_line": b"a,b\n1,2\n\xef\xbb\xbf3,4\n5,6\n",
    "invalid_utf8_in_one_field": HEADER.encode() + b"1,ab\xffc,\xe6\x9d\xb1\n2,x,y\n",
    "invalid_utf8_two_fields": HEADER.encode() + b"\xe3\x81,ok,\x80\x80\n3,4,5\n",
    "invalid_utf8_split_over_lines": HEADER.encode() + b"1,2,\xe3\x81\n\x82,5,6\n7,8,9\n",
    "stray_quote": b'a,b,c\n1,x"y,z\n2,3,4\n',
    "text_after_closing_quote": b'a,b,c\n1,"xy"z,w\n',
    "unterminated_quote_mid_file": ("a,b\n" + _LINES.replace("5,v5", '5,"open')).encode(),
    "embedded_lf": b'a,b,c\n1,"x\ny",z\n2,3,4\n',
    "embedded_crlf": b'a,b\n"x\r\ny",z\n1,2\n',
    "cr_inside_quotes": b'a,b\n"x\ry",z\n1,2\n',
    "f3_with_wrong_terminator": b"a,b\n1\r\n",
    "doubled_quote_escapes": b'a,b,c\n"say ""hi""","",""""\n"x,y",",",z\n1,2,3\n',
    "field_count": b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n1,2,3,\n",
    "blank_line": b"a,b\n1,2\n\n3,4\n",
    "blank_line_one_column": b"a\n\nx\n\n",
    "no_final_newline": b"a,b\r\n1,2\r\n3,4",
    "no_final_newline_extra_comma": b"a,b\n1,2\n3,4,",
    "empty_file": b"",
    "bom_only": b"\xef\xbb\xbf",
    "header_only": b"a,b",
    "header_only_lf": b"a,b\n",
    "header_fault": b'a,b"c,d\n1,2,3\n',
    "header_unterminated_quote": b'a,"b\n1,2\n3,4\n',
    "header_multi_line": b'a,"b\nc"\n1,2\n3,4\n',
    "cp932_fatal": b"id,name\n1,abc\n" + "2,氏名\n3,見本\n".encode("cp932"),
    "utf16le_bom": b"\xff\xfe" + "a,b\n1,2\n".encode("utf-16-le"),
    "utf16be_bom": b"\xfe\xff" + "a,b\n1,2\n".encode("utf-16-be"),
    "spaces_and_nul": b"a,b\n 1 , \n\x00,x\n",
    "quote_open_to_eof": b'a,b\n1,"x\n2,3\n4,5',
    "all_fields_quoted": '"番号","氏名"\n"1","見本 太郎"\n"2",""\n"","3"\n'.encode(),
    "all_fields_quoted_crlf": b'"a","b"\r\n"1","2"\r\n"3",""\r\n"4","5"',
    "quoted_not_simple": b'a,b,c\n"1",x"y",z\n"1,2",3\n"a""b",c,d\n"a"b,c,d\n"x"\r,y,z\n"",",",""\n1,2,3\n',
    "quoted_odd_quotes": b'a,b\n"1","2\n"3"",4\n5,"6"""\n7,8\n',
    "quoted_crlf_in_lf_file": b'a,b\n"1","2"\r\n"3","4"\n',
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_equals_reference(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, CRAFTED[name])
    for size in SIZES:
        _assert_same(path, size)


def test_clean_file_is_all_frame(tmp_path: Path) -> None:
    batches = _assert_same(_write(tmp_path, CRAFTED["clean_lf"]), 1 << 20)
    assert len(batches) == 1 and batches[0].special == []
    assert batches[0].frame.rows() == [("1", "見本 太郎", "東京都"), ("2", None, None)]
    assert batches[0].lines.to_list() == [2, 3]


def test_simply_quoted_fields_are_frame_rows(tmp_path: Path) -> None:
    batches = _assert_same(_write(tmp_path, CRAFTED["all_fields_quoted"]), 1 << 20)
    assert [(b.frame.rows(), b.lines.to_list(), b.special) for b in batches] == [
        ([("1", "見本 太郎"), ("2", None), (None, "3")], [2, 3, 4], []),
    ]
    batches = _assert_same(_write(tmp_path, CRAFTED["quoted_not_simple"]), 1 << 20)
    assert [b.lines.to_list() for b in batches] == [[8]]


def test_crlf_terminators_are_not_data(tmp_path: Path) -> None:
    batches = _assert_same(_write(tmp_path, b"a,b\r\n1,\r\n,2\r\n"), 1 << 20)
    assert batches[0].frame.rows() == [("1", None), (None, "2")]


def test_dirty_lines_are_special_and_the_rest_frame(tmp_path: Path) -> None:
    data = HEADER.encode() + b'1,2,3\n4,x"y,6\n7,8\n9,10,11\n1\xff,2,3\n12,"a\nb",13\n14,15,16\n'
    batches = _assert_same(_write(tmp_path, data), 1 << 20)
    assert len(batches) == 1
    b = batches[0]
    assert b.lines.to_list() == [2, 5, 9]
    assert b.frame.rows() == [("1", "2", "3"), ("9", "10", "11"), ("14", "15", "16")]
    assert [(r.line, [f.rule for f in r.findings]) for r in b.special] == [
        (3, ["F3"]), (4, ["F3"]), (6, ["F1"]), (7, ["F5"]),
    ]


def test_multi_line_record_takes_clean_looking_lines(tmp_path: Path) -> None:
    # line 3 "2,3" looks clean on its own, but belongs to the quoted field opened on line 2
    data = b'a,b\n1,"x\n2,3\ny",z\n4,5\n'
    batches = _assert_same(_write(tmp_path, data), 1 << 20)
    assert [line for b in batches for line in b.lines.to_list()] == [5]
    assert [(r.line, r.fields) for b in batches for r in b.special] == [(2, ["1", "x\n2,3\ny", "z"])]


def test_unterminated_quote_bound_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(physical, "MAX_RECORD_LINES", 3)
    path = _write(tmp_path, b'a,b\n1,"x\n2\n3\n4\n5",y\n6,z\n7,w\n')
    for size in SIZES:
        _assert_same(path, size)


def test_record_closing_past_the_chunk(tmp_path: Path) -> None:
    # the quoted field opens in the first chunk and closes in the third
    data = b"a,b\n" + b"1,2\n" * 3 + b'3,"x\n' + b"y\n" * 20 + b'z"\n' + b"4,5\n" * 3
    path = _write(tmp_path, data)
    for size in (16, 24, 40):
        batches = _assert_same(path, size)
        assert [r.line for b in batches for r in b.special] == [5]


def test_overlong_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(physical, "MAX_LINE_BYTES", 10)
    # 10 bytes and a LF is the longest line the reader still parses; "5,…" and "7,…" are well-formed but
    # too long (the last by one byte)
    data = (b"a,b\n" + b"x" * 50 + b"\n1,2\n3," + b"y" * 8 + b"\n4," + b"z" * 7 + b"\n5," + b"w" * 20
            + b"\n6,7\n7," + b"v" * 9 + b"\n")
    path = _write(tmp_path, data)
    for size in SIZES:
        _assert_same(path, size)
    special = [(r.line, r.fields) for b in scan(read_csv(path), batch_bytes=1 << 20) for r in b.special]
    assert special == [(2, []), (6, []), (8, [])]


def test_declared_cp932_is_transcoded(tmp_path: Path) -> None:
    data = "番号,氏名\r\n1,見本　太郎\r\n".encode("cp932") + b"2,\x81\x20x\r\n" + "3,表\r\n".encode("cp932")
    path = _write(tmp_path, data)
    for size in SIZES:
        _assert_same(path, size, encoding="cp932")
    batches = _assert_same(path, 1 << 20, encoding="cp932")
    # 表 is 95 5C in CP932: its trail byte is a backslash
    assert batches[0].frame.rows() == [("1", "見本　太郎"), ("3", "表")]
    assert [(r.line, r.bad_fields) for r in batches[0].special] == [(3, frozenset({1}))]


def test_declared_codec_without_transcoding_goes_to_the_reference(tmp_path: Path) -> None:
    assert "big5" not in fast_scan.TRANSCODED
    path = _write(tmp_path, "a,b\n1,中文\n2,\"x\"\n".encode("big5"))
    batches = _assert_same(path, 1 << 20, encoding="big5")
    assert [b.frame.height for b in batches] == [0]
    assert [r.fields for b in batches for r in b.special] == [["1", "中文"], ["2", "x"]]


def test_special_cap_splits_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_scan, "MAX_SPECIAL_PER_BATCH", 2)
    data = b'a,b\n"1""",2\n3,4\n"5""",6\n"7""",8\n9,10\n"11""",12\n'  # "" escapes: special, no finding
    batches = _assert_same(_write(tmp_path, data), 1 << 20)
    assert [([r.line for r in b.special], b.lines.to_list()) for b in batches] == [
        ([2, 4], [3]), ([5, 7], [6]),
    ]


@pytest.mark.parametrize("fault", ["refuse", "drop_a_row"])
def test_polars_misread_falls_back_to_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str,
) -> None:
    real = fast_scan._Scanner._polars
    calls: list[bytes] = []

    def misread_once(self: fast_scan._Scanner, buf: bytes, quoted: bool) -> pl.DataFrame:
        calls.append(buf)
        if len(calls) > 1:
            return real(self, buf, quoted)
        if fault == "refuse":
            raise pl.exceptions.ComputeError("refused")
        return real(self, buf, quoted).head(-1)

    monkeypatch.setattr(fast_scan._Scanner, "_polars", misread_once)
    batches = _assert_same(_write(tmp_path, b'a,b\n1,\n,"2"\n""," "\n'), 1 << 20)
    assert batches[0].frame.rows() == [("1", None), (None, "2"), (None, " ")]
    assert len(calls) == 1  # no invalid UTF-8 found: not read again


@pytest.mark.parametrize("term", [b"\n", b"\r\n"])
def test_frame_from_lines_is_what_polars_reads(tmp_path: Path, term: bytes) -> None:
    lines = [b"1,,x", b" , y ,", b",,", "漢,𠮷,\u3000".encode(), b"#,NA,null"]
    expected = [("1", None, "x"), (" ", " y ", None), (None, None, None), ("漢", "𠮷", "\u3000"),
                ("#", "NA", "null")]
    assert frame_from_lines([x + term for x in lines], 3).rows() == expected
    path = _write(tmp_path, term.join([b"a,b,c", *lines]))  # the last line without terminator
    assert [b.frame.rows() for b in scan(read_csv(path))] == [expected]


def test_one_stray_quote_in_200k_rows(tmp_path: Path) -> None:
    rows = [b"%d,abc,\xe6\xbc\xa2\xe5\xad\x97\n" % i for i in range(2, 200_002)]  # data lines 2..200001
    rows[150_000 - 2] = b'150000,ab"c,x\n'
    path = _write(tmp_path, b"a,b,c\n" + b"".join(rows))
    for size in (fast_scan.DEFAULT_BATCH_BYTES, 1 << 20):
        csv = read_csv(path)
        batches = list(scan(csv, batch_bytes=size))
        special = [r for b in batches for r in b.special]
        assert [(r.line, r.fields, r.checkable) for r in special] == [
            (150_000, ["150000", 'ab"c', "x"], False),
        ]
        assert [(f.line, f.rule, f.severity, f.message_en) for f in special[0].findings] == [
            (150_000, "F3", Severity.ERROR, "quote inside unquoted field 2"),
        ]
        lines = pl.concat([b.lines for b in batches])
        assert lines.to_list() == [*range(2, 150_000), *range(150_001, 200_002)]
        frame = pl.concat([b.frame for b in batches])
        assert frame["c0"].to_list() == [str(n) for n in lines.to_list()]
        assert frame["c2"].unique().to_list() == ["漢字"]
        assert csv.bytes_read == csv.bytes_total


def test_nothing_for_fatal_or_empty_and_records_claimed(tmp_path: Path) -> None:
    assert list(scan(read_csv(_write(tmp_path, CRAFTED["cp932_fatal"])))) == []
    assert list(scan(read_csv(_write(tmp_path, b"", "e.csv")))) == []
    csv = read_csv(_write(tmp_path, b"a\n1\n", "c.csv"))
    assert [b.frame.rows() for b in scan(csv)] == [[("1",)]]
    with pytest.raises(RuntimeError):
        csv.records()
    with pytest.raises(ValueError, match="batch_bytes"):
        scan(read_csv(_write(tmp_path, b"a\n1\n", "d.csv")), batch_bytes=0)


# ---------------------------------------------------------------- properties

_CELLS = ["", "a", "0", " ", "漢", "𠮷", "\u3000", "ｱ"]


@st.composite
def _files(draw: st.DrawFn) -> bytes:
    """A header and rows mixing clean lines with every kind of fault the reader reports."""
    ncols = draw(st.integers(1, 4))
    term = draw(st.sampled_from([b"\n", b"\r\n"]))
    out = [b",".join(b"h%d" % i for i in range(ncols)) + term]
    for _ in range(draw(st.integers(0, 14))):
        cells = [draw(st.sampled_from(_CELLS)).encode() for _ in range(ncols)]
        kind = draw(st.sampled_from(["clean"] * 6 + [
            "stray_quote", "quoted", "embedded_lf", "unterminated", "other_term", "bare_cr", "bad_byte",
            "split_char", "few", "many", "blank", "bom", "escaped", "after_quote", "simple_quoted",
            "simple_quoted", "empty_quoted", "quote_mid_field",
        ]))
        t = term
        i = draw(st.integers(0, ncols - 1))
        if kind == "stray_quote":
            cells[i] += b'"'
        elif kind == "quoted":
            cells[i] = b'"' + cells[i] + b',x"'
        elif kind == "embedded_lf":
            cells[i] = b'"' + cells[i] + b"\n" * draw(st.integers(1, 3)) + b'y"'
        elif kind == "unterminated":
            cells[i] = b'"' + cells[i]
        elif kind == "other_term":
            t = b"\n" if term == b"\r\n" else b"\r\n"
        elif kind == "bare_cr":
            cells[i] += b"\r"
        elif kind == "bad_byte":
            cells[i] += draw(st.sampled_from([b"\xff", b"\xe3\x81", b"\x80", b"\xc0\x80", b"\xed\xa0\x80"]))
        elif kind == "split_char":
            cells[i] += b"\xe6\xbc"
            t = term + b"\xa2"  # the rest of 漢 opens the next line
        elif kind == "few":
            cells = cells[:-1] if ncols > 1 else [b"", b""]
        elif kind == "many":
            cells.append(b"z")
        elif kind == "blank":
            cells = [b""]
        elif kind == "bom":
            cells[0] = b"\xef\xbb\xbf" + cells[0]
        elif kind == "escaped":
            cells[i] = b'"a""b"'
        elif kind == "after_quote":
            cells[i] = b'"a"b'
        elif kind == "simple_quoted":
            cells = [b'"' + c + b'"' if draw(st.booleans()) else c for c in cells]
        elif kind == "empty_quoted":
            cells[i] = b'""'
        elif kind == "quote_mid_field":
            cells[i] = b'x"' + cells[i] + b'"'
        out.append(b",".join(cells) + t)
    data = b"".join(out)
    if draw(st.booleans()) and data.endswith(b"\n"):
        data = data[:-2] if data.endswith(b"\r\n") and draw(st.booleans()) else data[:-1]
    return data


@contextmanager
def _bounds(lines: int, cap: int) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(physical, "MAX_RECORD_LINES", lines)
        mp.setattr(fast_scan, "MAX_SPECIAL_PER_BATCH", cap)
        yield


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_files(), batch_bytes=st.integers(1, 160), lines=st.sampled_from([2, 3, 64]),
       cap=st.sampled_from([1, 3, 16384]))
def test_property_random_files(tmp_path: Path, data: bytes, batch_bytes: int, lines: int, cap: int) -> None:
    path = _write(tmp_path, data)
    with _bounds(lines, cap):
        _assert_same(path, batch_bytes)


_table_cells = st.text(alphabet=st.sampled_from([",", '"', " ", "a", "漢", "\r", "\n"]), max_size=4)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(1, 3).flatmap(lambda n: st.lists(st.lists(_table_cells, min_size=n, max_size=n),
                                                          min_size=1, max_size=8)),
       quote_all=st.booleans(), batch_bytes=st.integers(1, 120))
def test_property_csv_module_output(
    tmp_path: Path, rows: list[list[str]], quote_all: bool, batch_bytes: int,
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n") if quote_all else csv.writer(
        buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerows([["h"] * len(rows[0]), *rows])
    _assert_same(_write(tmp_path, buf.getvalue().encode()), batch_bytes)


_byte_pieces = st.sampled_from(
    [b",", b'"', b"\n", b"\r", b"\r\n", b"a", b"1", b"\xe3\x81\x82", b"\xe3\x81", b"\xff", b"\x81",
     b"\x82\xa0", b"\xef\xbb\xbf", b"\x00", b'""'],
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(_byte_pieces, max_size=40).map(b"".join), batch_bytes=st.integers(1, 48))
def test_property_byte_soup(tmp_path: Path, data: bytes, batch_bytes: int) -> None:
    _assert_same(_write(tmp_path, data), batch_bytes)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(_byte_pieces | st.sampled_from(["表,", "見本", "ｱ"]).map(lambda s: s.encode("cp932")),
                     max_size=40).map(b"".join),
       batch_bytes=st.integers(1, 48))
def test_property_declared_cp932(tmp_path: Path, data: bytes, batch_bytes: int) -> None:
    _assert_same(_write(tmp_path, b"a,b\n" + data), batch_bytes, encoding="cp932")
