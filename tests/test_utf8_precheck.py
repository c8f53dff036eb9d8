"""The whole-file UTF-8 pre-check (``readers/encoding.py``) finds the first invalid byte exactly as one
strict decode of the file would, whatever the piece size: pieces end after a LF, a line longer than a piece
grows it, and a refused piece later in the file never hides an earlier one."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.readers import encoding

LINES = st.lists(
    st.one_of(
        st.text(alphabet="aあ,漢\r", max_size=12).map(str.encode),
        st.sampled_from([b"\xff", b"\xe3\x81", b"\x82\xa0", b"\xed\xa0\x80"]),  # invalid or cut sequences
    ),
    max_size=12,
)


def _expected(data: bytes, offset: int) -> int | None:
    try:
        data[offset:].decode("utf-8")
    except UnicodeDecodeError as e:
        return offset + e.start
    return None


@pytest.mark.parametrize("piece", [4, 7, 64, 1 << 20])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=LINES, newline=st.sampled_from([b"\n", b"\r\n"]), offset=st.sampled_from([0, 3]))
def test_first_invalid_byte_as_one_strict_decode(
    monkeypatch: pytest.MonkeyPatch, piece: int, parts: list[bytes], newline: bytes, offset: int
) -> None:
    monkeypatch.setattr(encoding, "_VALIDATE_BYTES", piece)
    data = b"\xef\xbb\xbf" + newline.join(parts)
    f = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    f.seek(offset)
    assert encoding._first_utf8_error(f, offset) == _expected(data, offset)


def test_pieces_cover_the_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"ab\ncdefghijklmnop\nq\n\nrs"
    monkeypatch.setattr(encoding, "_VALIDATE_BYTES", 4)
    pieces = list(encoding._read_chunks(io.BytesIO(data), 0))
    assert b"".join(p for _, p in pieces) == data
    assert [at for at, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    assert all(p.endswith(b"\n") for _, p in pieces[:-1])
