"""F6 改行コード — Line endings."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F6",
    severity=Severity.ERROR,
    scope="record",
    title_ja="改行コード",
    title_en="Line endings",
    source="§2 F6, §12.4; INFERRED",
    explanation_ja=(
        "改行はCRLFかLFのいずれかに統一する。見出し行の改行が基準。単独のCRは誤り。"
    ),
    explanation_en=(
        "Records end with CRLF or LF, the same as the header throughout; a bare CR is an error."
    ),
)


# {found} and {header} are line-ending names (CRLF, LF), never text of the file.
TERMINATOR = Message(
    "F6.terminator",
    "改行が{found}です（見出し行は{header}）",
    "line ends with {found}, header uses {header}",
)
BARE_CR = Message(
    "F6.bare_cr",
    "行中に単独のCR（LFが続かないCR）があります",
    "bare CR (not followed by LF) in the line",
)
BARE_CR_AND_TERMINATOR = Message(
    "F6.bare_cr_and_terminator",
    "行中に単独のCR（LFが続かないCR）があります。また改行が{found}です（見出し行は{header}）",
    "bare CR (not followed by LF) in the line; the line also ends with {found}, header uses {header}",
)
#: A file whose lines end in CR alone (classic Mac OS) reads as one line: one finding, not one per column
#: of that "header" (readers/sniff.py).
CR_ONLY = Message(
    "F6.cr_only",
    "改行がCRのみ（旧Mac OS形式）で、ファイル全体が1行になっています。改行をCRLFかLFにして保存してください。"
    "このファイルのデータは検査していません",
    "lines end in CR alone (classic Mac OS), so the whole file reads as one line; save it with CRLF or LF "
    "line endings; its records were not checked",
)
