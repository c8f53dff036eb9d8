"""F1 文字コード（UTF-8） — Encoding: UTF-8."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F1",
    severity=Severity.ERROR,
    scope="file",
    title_ja="文字コード（UTF-8）",
    title_en="Encoding: UTF-8",
    source="§2 F1; 機械可読ルール L3-08 VERIFIED; UTF-8 INFERRED",
    explanation_ja=(
        "ファイルはUTF-8で符号化すること。不正なバイト列はその項目で報告し、CP932と判定されたファイルやUTF-16のBOMはファイル単位で報告する。"
    ),
    explanation_en=(
        "The file must be UTF-8. Invalid byte sequences are reported per field; a CP932 file or a UTF-16 BOM is reported once for the file."
    ),
)


INVALID_BYTES = Message(
    "F1.invalid_bytes",
    "{field}列目に{encoding}として不正なバイト列があります",
    "invalid {encoding} byte sequence in field {field}",
)
UTF16_BOM = Message(
    "F1.utf16_bom",
    "UTF-16のBOM（{bom}）があります。UTF-8で保存してください",
    "UTF-16 byte order mark ({bom}); the file must be UTF-8",
)
CP932 = Message(
    "F1.cp932",
    "文字コード違反：UTF-8ではなくCP932（Shift_JIS）と思われます。UTF-8に変換するか --encoding cp932 を指定してください",
    "encoding violation: looks like CP932 (Shift_JIS), not UTF-8; convert it to UTF-8 or use --encoding cp932",
)
#: Reported (as a warning) for every file read with a declared --encoding: the delivery still is not UTF-8.
DECLARED = Message(
    "F1.declared",
    "UTF-8 ではなく {encoding} として読みました（--encoding の指定による）。標準の文字コードは UTF-8 です",
    "read as {encoding}, not UTF-8 (declared with --encoding); the standard's encoding is UTF-8",
)
#: JSON Lines, JSON, XML (§13.4): an item's value held bytes that are not UTF-8 (they read as U+FFFD).
INVALID_VALUE = Message(
    "F1.invalid_value",
    "値にUTF-8として不正なバイト列があります",
    "the value holds an invalid UTF-8 byte sequence",
)
XML_DECLARED = Message(
    "F1.xml_declared",
    "XML宣言がUTF-8以外の文字コード（{encoding}）を指定しています。このファイルは検査していません",
    "the XML declaration names an encoding other than UTF-8 ({encoding}); the file was not checked",
)
XML_INVALID = Message(
    "F1.xml_invalid",
    "UTF-8として不正なバイト列があります。{line}行目以降は検査していません",
    "invalid UTF-8 byte sequence; nothing from line {line} on was checked",
)
#: UTF-16 without a BOM, or UTF-32 (with or without): found by the pattern of NUL bytes (readers/sniff.py).
WIDE = Message(
    "F1.wide",
    "{encoding}で符号化されたファイルです（{evidence}）。UTF-8で保存してください。このファイルのデータは検査していません",
    "the file is encoded in {encoding} ({evidence}); save it as UTF-8; its records were not checked",
)
