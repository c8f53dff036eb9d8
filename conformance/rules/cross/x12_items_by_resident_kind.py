"""X12 住民種別に合わない項目 — Item not allowed for this 住民種別."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.null_when import NullWhen
from conformance.rules.cross.params import ITEMS_BY_CODE

PARAMETERS = (Parameter("住民種別", ITEMS_BY_CODE, "住民種別ごとの空欄であるべき項目", "items that must be NULL, per 住民種別"),)

META = RuleMeta(
    id="X12",
    severity=Severity.WARNING,
    scope="row",
    title_ja="住民種別に合わない項目",
    title_en="Item not allowed for this 住民種別",
    source="§8; 住基標準1.1.1/1.1.2 VERIFIED; rule INFERRED",
    explanation_ja=(
        "住民種別=1（日本人）では氏名アルファベット・通称・「国籍・地域」・法第30条の45区分・在留資格・在留期間満了日・在留カード等番号・外国人住民となった年月日が空、"
        "住民種別=2（外国人）では旧氏・本籍・筆頭者・住民となった年月日・生年月日和暦が空であること。空でない項目ごとに報告する。"
    ),
    explanation_en=(
        "住民種別=1 (日本人): 氏名アルファベット, 通称, 国籍・地域, 法第30条の45区分, 在留資格, 在留期間満了日,"
        " 在留カード等番号 and 外国人住民となった年月日 are NULL; 住民種別=2 (外国人): 旧氏, 本籍, 筆頭者,"
        " 住民となった年月日 and 生年月日和暦 are NULL. Each non-NULL item is reported."
    ),
    parameters=PARAMETERS,
)


class X12ItemsByResidentKind(NullWhen):
    meta = META
    items = ("住民種別",)
    selector = "住民種別"
    MUST_BE_NULL = Message(
        "X12.must_be_null",
        "住民種別={code} の行では{item}は空欄であるべきです。",
        "{item} must be NULL when 住民種別={code}.",
    )


RULE = X12ItemsByResidentKind
