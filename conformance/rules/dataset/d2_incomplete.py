"""D2 データセットの不足 — Incomplete dataset."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="D2",
    severity=Severity.ERROR,
    scope="dataset",
    title_ja="データセットの不足",
    title_en="Incomplete dataset",
    source="this tool (not a rule of the standard): dataset.json `required`, or --require-complete",
    explanation_ja=(
        "データセットに必要なファイル（dataset.json で required とされたもの）がない、または --require-complete "
        "の指定があるのに、必要なファイルがないため検査できなかった規則がある。"
    ),
    explanation_en=(
        "A file the dataset requires (`required` in dataset.json) is absent, or --require-complete is given "
        "and a rule could not run because a file it needs is absent."
    ),
)

RULE_NOT_RUN = Message(
    "D2.rule_not_run",
    "{rule}（{title}）を検査できません: 必要なファイル（{needs}）がありません。",
    "{rule} ({title}) could not be checked: a file it needs ({needs}) is absent.",
)
FILE_ABSENT = Message(
    "D2.file_absent",
    "必須のファイル {file} がありません。",
    "The required file {file} is absent.",
)
