"""What to do next, for the municipal staff who read the HTML report: the 「次の対応」 box, and the guide
(docs/guide-municipal.{ja,en}.md) embedded in the page, since LGWAN has no internet to follow a link.

The guide is Markdown written by us; it is turned into a few kinds of plain blocks (headings, paragraphs,
list items, code) that the template renders escaped, so nothing in it can become markup or a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conformance.core.messages import Lang, Localized
from conformance.core.severity import Severity
from conformance.reports.collector import ValidationResult
from conformance.rules.catalogue import RULES

__all__ = ["Block", "guide_blocks", "guide_path", "next_steps"]

GUIDE = "guide-municipal.{lang}.md"
_LIST = re.compile(r"^(?:[-*]|\d+\.)\s+")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "h" heading, "p" paragraph, "li" list item, "pre" code
    text: str


def guide_path(lang: Lang) -> Path:
    """The installed copy (wheel force-include) if present, else the repository's docs/."""
    package = Path(__file__).resolve().parent.parent
    name = GUIDE.format(lang=lang)
    installed = package / "_bundled" / "docs" / name
    return installed if installed.is_file() else package.parent / "docs" / name


@cache
def guide_blocks(lang: Lang) -> tuple[Block, ...]:
    """The guide as plain blocks (an empty tuple when the file is not there)."""
    path = guide_path(lang)
    if not path.is_file():
        return ()
    blocks: list[Block] = []
    paragraph: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", " ".join(paragraph)))
            paragraph.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if code is None:
                flush()
                code = []
            else:
                blocks.append(Block("pre", "\n".join(code)))
                code = None
            continue
        if code is not None:
            code.append(line)
        elif line.startswith("#"):
            flush()
            blocks.append(Block("h", line.lstrip("#").strip()))
        elif _LIST.match(line):
            flush()
            blocks.append(Block("li", _LIST.sub("", line).strip()))
        elif not line.strip():
            flush()
        elif line.startswith(("|", "<!--")):
            continue  # tables and comments stay in the Markdown file
        else:
            paragraph.append(line.strip())
    flush()
    return tuple(blocks)


def next_steps(result: ValidationResult) -> list[Localized]:
    """The 「次の対応」 box: whether the delivery can be accepted, what to ask of the vendor, what to send and
    what never to send — worded from this result."""
    counts = result.totals.by_severity
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    blocking = [r for r, t in result.totals.by_rule.items() if t.by_severity.get(Severity.ERROR)]
    named = "、".join(f"{r} {RULES[r].title_ja}" if r in RULES else r for r in blocking[:6])
    named_en = ", ".join(f"{r} {RULES[r].title_en}" if r in RULES else r for r in blocking[:6])
    more = len(blocking) - 6
    steps: list[Localized] = []
    if errors:
        steps.append(
            Localized(
                f"このままでは受け入れられません。誤り {errors:,}件（{named}{f' ほか{more}規則' if more > 0 else ''}）を"
                "直した修正版をベンダーに求めてください。",
                f"Do not accept this delivery as it is: ask the vendor for a corrected version without the "
                f"{errors:,} errors ({named_en}{f' and {more} more rules' if more > 0 else ''}).",
            )
        )
    if result.skipped or result.not_checked:
        steps.append(
            Localized(
                f"検査できなかったものがあります（検査しなかったファイル {len(result.skipped)}件、実行できなかった"
                f"規則 {len(result.not_checked)}件。「検査の範囲」を参照）。不足しているファイルを受け取り、"
                "同じ条件で再検査するまで、適合とは判断できません。",
                f"Something could not be checked ({len(result.skipped)} entries not checked, "
                f"{len(result.not_checked)} rules that could not run; see 'What was checked'). Until the missing "
                "files are delivered and checked the same way, the delivery cannot be called conforming.",
            )
        )
    if not errors and warnings:
        steps.append(
            Localized(
                f"誤りはありません。警告 {warnings:,}件は受け入れを止めるものではありませんが、内容を確認し、"
                "必要ならベンダーに説明を求めてください。",
                f"There are no errors. The {warnings:,} warnings do not block acceptance; review them and ask the "
                "vendor to explain them where needed.",
            )
        )
    if result.verdict == "conforms" and not warnings:
        steps.append(
            Localized(
                "適合です。この報告書（または要約 JSON）を受け入れの記録として保存してください。",
                "The delivery conforms. Keep this report (or the summary JSON) as the record of acceptance.",
            )
        )
    steps.append(
        Localized(
            "ベンダーへ返すもの: 指摘の一覧（findings.csv またはこの HTML、伏せ字のまま）と findings.summary.json、"
            "実行したコマンドと使った設定。データファイルそのものや、伏せ字を外した報告書（--show-values）は送らない"
            "でください。ベンダーは「ファイル・行・項目・規則」で該当箇所を特定できます。",
            "What to send the vendor: the list of findings (findings.csv or this HTML, masked as it is), "
            "findings.summary.json, the command that was run and the settings it used. Never send the data files "
            "themselves or a report with values shown (--show-values): file, line, item and rule are enough for "
            "the vendor to find every place.",
        )
    )
    return steps
