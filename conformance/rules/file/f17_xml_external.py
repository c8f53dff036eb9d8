"""F17 外部を参照しうるXML宣言 — XML declarations that could reach outside the file (§13.4)."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F17",
    severity=Severity.ERROR,
    scope="file",
    title_ja="外部を参照しうるXML宣言",
    title_en="XML declaration that could reach outside the file",
    source="inputs §13.4 F17, §13.5; INFERRED",
    explanation_ja=(
        "XML入力の文書型宣言（DOCTYPE）、実体宣言、定義済み5実体と数値文字参照以外の実体参照、外部DTDやスキーマの"
        "所在指定、XIncludeを報告する。いずれも展開・読込・取得はしない。読めるレコードは検査する。"
    ),
    explanation_en=(
        "A DOCTYPE, an entity declaration, a reference to an entity other than the five predefined ones and "
        "numeric character references, an external DTD or schema location, or an XInclude in an XML input. "
        "None is ever expanded, loaded or fetched; the records are still checked where they can be read."
    ),
)

DOCTYPE = Message(
    "F17.doctype",
    "文書型宣言（DOCTYPE）があります。展開も読込もしていません",
    "a document type declaration (DOCTYPE); it was neither expanded nor loaded",
)
ENTITY = Message(
    "F17.entity",
    "定義済みでない実体参照があります。展開していません",
    "a reference to an entity that is not predefined; it was not expanded",
)
XINCLUDE = Message(
    "F17.xinclude",
    "XIncludeがあります。取り込んでいません",
    "an XInclude; nothing was included",
)
SCHEMA_LOCATION = Message(
    "F17.schema_location",
    "スキーマの所在指定があります。読み込んでいません",
    "a schema location; nothing was loaded",
)
