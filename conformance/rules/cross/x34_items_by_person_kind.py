"""X34 個人法人区分に合わない項目 — Item not allowed for this 個人法人区分."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.null_when import NullWhen
from conformance.rules.cross.params import ITEMS_BY_CODE

PARAMETERS = (Parameter("個人法人区分", ITEMS_BY_CODE, "個人法人区分ごとの空欄であるべき項目", "items that must be NULL, per 個人法人区分"),)

META = RuleMeta(
    id="X34",
    severity=Severity.WARNING,
    scope="row",
    title_ja="個人法人区分に合わない項目",
    title_en="Item not allowed for this 個人法人区分",
    source="§8; INFERRED",
    explanation_ja=(
        "個人法人区分=1（個人）なら法人番号が空、=2（法人）なら個人番号・生年月日・性別が空であること。空でない項目ごとに報告する。"
    ),
    explanation_en=(
        "個人法人区分=1 ⇒ 法人番号 is NULL; =2 ⇒ 個人番号, 生年月日 and 性別 are NULL. Each "
        "non-NULL item is reported."
    ),
    parameters=PARAMETERS,
)


class X34ItemsByPersonKind(NullWhen):
    meta = META
    items = ("個人法人区分",)
    selector = "個人法人区分"
    MUST_BE_NULL = Message(
        "X34.must_be_null",
        "個人法人区分={code} の行では{item}は空欄であるべきです。",
        "{item} must be NULL when 個人法人区分={code}.",
    )


RULE = X34ItemsByPersonKind
