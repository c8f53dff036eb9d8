"""D1 レコードのないファイル — A file with no records."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="D1",
    severity=Severity.INFO,
    scope="file",
    title_ja="レコードのないファイル",
    title_en="File with no records",
    source="this tool (not a rule of the standard): a delivery is checked only as far as it holds data",
    explanation_ja=(
        "見出し行だけでデータ行が1件もないファイル。検査する値がないため、適合と言えるのは見出し行だけであることを"
        "知らせる。"
    ),
    explanation_en=(
        "The file has a header line but no data record: nothing in it could be checked beyond its header, "
        "which the report says instead of letting it pass unnoticed."
    ),
)

NO_RECORDS = Message(
    "D1.no_records",
    "データ行が0件です（見出し行のみ）。",
    "0 records: the file holds only its header line.",
)
NO_RECORDS_READ = Message(
    "D1.no_records_read",
    "レコードが0件です。",
    "0 records were read from the file.",
)
