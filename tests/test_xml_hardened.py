"""Hostile XML (§13.4 F17, §13.5): nothing is expanded, loaded or fetched, each construct is one located
F17, the records that can be read are checked, and a file's secret never reaches any output."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.api import validate
from conformance.cli import main
from conformance.core.findings import Finding
from conformance.schema.model import SchemaSet

NAME = "住民記録_住民.xml"
SECRET = "極秘の内容XYZZY"


def _run(path: Path, schema: SchemaSet, engine: str = "reference") -> list[Finding]:
    return validate([path], schema=schema, max_per_rule=None, engine=engine).findings


def _structural(findings: list[Finding]) -> set[tuple[int | None, str]]:
    return {(f.line, f.message.id) for f in findings if f.rule in ("F1", "F16", "F17")}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    return path


def test_xxe_naming_local_files_is_never_expanded(tmp_path: Path, schema: SchemaSet) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = _write(
        tmp_path,
        f'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY s SYSTEM "file://{secret}">\n'
        '<!ENTITY p SYSTEM "file:///etc/passwd">\n]>\n<r>\n'
        '<record 宛名番号="&s;"><団体コード>&p;</団体コード><住民種別>&s;</住民種別></record>\n</r>\n',
    )
    for engine in ("reference", "fast"):
        assert _structural(_run(path, schema, engine)) == {(2, "F17.doctype"), (7, "F17.entity")}
    out = tmp_path / "out"
    for lang in ("ja", "en"):
        for show in ([], ["--show-values"]):
            r = CliRunner().invoke(
                main,
                [
                    "validate",
                    str(path),
                    "--lang",
                    lang,
                    *show,
                    "--output-dir",
                    str(out),
                    "--format",
                    "text,jsonl,json,csv,html,junit,sarif",
                ],
                catch_exceptions=False,
            )
            assert r.exit_code == 1, r.output
            bodies = [p.read_text(encoding="utf-8") for p in out.iterdir()] + [r.output]
            passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
            first = passwd.splitlines()[0] if passwd else "root:x:0:0"
            assert not any(SECRET in b or first in b for b in bodies)


def test_billion_laughs_is_bounded(tmp_path: Path, schema: SchemaSet) -> None:
    lols = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 10))
    path = _write(
        tmp_path,
        f'<!DOCTYPE r [\n<!ENTITY l0 "lol">\n{lols}]>\n'
        '<r><record 宛名番号="&l9;"><団体コード>&l9;</団体コード></record></r>\n',
    )
    findings = _run(path, schema)
    assert _structural(findings) == {(1, "F17.doctype"), (13, "F17.entity")}
    values = [f.value or "" for f in findings]
    assert all(len(v) < 100 for v in values)  # nothing was expanded


class _Listener:
    """A loopback socket that records whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connected = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connected = True
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_external_dtd_parameter_entities_and_schema_location_fetch_nothing(
    tmp_path: Path, schema: SchemaSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    listener = _Listener()
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    url = f"http://127.0.0.1:{listener.port}"
    try:
        path = _write(
            tmp_path,
            f'<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "{url}/r.dtd" [\n'
            f'<!ENTITY % p SYSTEM "{url}/p.ent">\n%p;\n]>\n'
            f'<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x {url}/s.xsd"\n'
            f' xmlns:xi="http://www.w3.org/2001/XInclude">\n<record><団体コード>123456</団体コード>'
            f'<xi:include href="{url}/inc.xml" parse="text"/></record>\n</r>\n',
        )
        for engine in ("reference", "fast"):
            found = _structural(_run(path, schema, engine))
            assert {(2, "F17.doctype"), (7, "F17.schema_location"), (8, "F17.xinclude")} <= found
    finally:
        listener.close()
    assert not listener.connected
    assert attempts == []


def test_broken_document_checks_the_records_before_it(tmp_path: Path, schema: SchemaSet) -> None:
    path = _write(
        tmp_path,
        "<r>\n<record><団体コード>12345X</団体コード></record>\n<record><団体コード>1</団体コード>\n<oops\n</r>\n",
    )
    for engine in ("reference", "fast"):
        findings = _run(path, schema, engine)
        broken = [f for f in findings if f.rule == "F16"]
        assert [(f.line, f.message.id) for f in broken] == [(5, "F16.broken_document")]
        assert "nothing from line 3 on was checked" in broken[0].message_en
        assert any(f.line == 2 and f.item == "団体コード" and f.rule == "F8" for f in findings)
        assert not any(f.line == 3 and f.rule.startswith(("C", "X")) for f in findings)


def test_mixed_content_child_elements_and_repeated_items(tmp_path: Path, schema: SchemaSet) -> None:
    path = _write(
        tmp_path,
        "<r>\n<record>text<団体コード>1</団体コード></record>\n"
        "<record><団体コード><b>1</b></団体コード></record>\n"
        "<record><団体コード>1</団体コード><団体コード>2</団体コード></record>\n"
        '<record 団体コード="1"><団体コード>1</団体コード></record>\n'
        "<record><団体コード><![CDATA[1&2]]></団体コード><謎>x</謎></record>\n</r>\n",
    )
    findings = _run(path, schema)
    assert _structural(findings) == {
        (2, "F16.mixed_content"),
        (3, "F16.child_elements"),
        (4, "F16.repeated_item"),
        (5, "F16.repeated_item"),
    }
    assert [(f.line, f.message.id) for f in findings if f.rule == "F4" and f.line != 1] == [
        (6, "F4.unknown_name")
    ]
    assert any(f.line == 6 and f.item == "団体コード" and f.value == "1&2" for f in findings)


def test_invalid_utf8_and_a_foreign_declared_encoding(tmp_path: Path, schema: SchemaSet) -> None:
    path = tmp_path / NAME
    path.write_bytes(
        "<r>\n<record><団体コード>見本</団体コード></record>\n<record><団体コード>".encode()
        + b"\xff</x>\n</r>"
    )
    assert _structural(_run(path, schema)) == {(3, "F1.xml_invalid")}
    path.write_bytes(b'<?xml version="1.0" encoding="Shift_JIS"?>\n<r/>\n')
    assert _structural(_run(path, schema)) == {(1, "F1.xml_declared")}


def test_a_record_with_too_many_elements_stops_the_file(
    tmp_path: Path, schema: SchemaSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conformance.readers import xml_reader

    monkeypatch.setattr(xml_reader, "MAX_RECORD_ELEMENTS", 5)
    path = _write(
        tmp_path,
        "<r>\n<record><団体コード>12345X</団体コード></record>\n"
        + "<record>" + "<謎>1</謎>" * 8 + "</record>\n</r>\n",
    )
    findings = _run(path, schema)
    assert {(f.line, f.message.id) for f in findings if f.rule == "F16"} == {(3, "F16.too_many_elements")}
    assert any(f.line == 2 and f.rule == "F8" for f in findings)


def test_every_child_of_the_root_is_a_record_whatever_its_name(tmp_path: Path, schema: SchemaSet) -> None:
    path = _write(
        tmp_path,
        "<r>\n<a><団体コード>1234X</団体コード></a>\n<!-- c -->\n<b><団体コード>1234Y</団体コード></b>\n"
        "<a><団体コード>1234Z</団体コード></a>\n<c 団体コード='1234W'/>\n</r>\n",
    )
    for engine in ("reference", "fast"):
        findings = _run(path, schema, engine)
        assert {f.line for f in findings if f.item == "団体コード" and f.rule == "F8"} == {2, 4, 5, 6}
