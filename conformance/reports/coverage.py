"""What a verdict is about, in words every report shares: the verdict itself, the schema set it was checked
against, the files and their evidence, what was not checked and why.

Why one module: a verdict must be true in every format. Text, HTML, the JSON summary and the GitHub step
summary all say 適合 / 一部未検査 / 不適合 with the same words, list the same skipped entries and rules not
checked, and say whether the schema set is the bundled reconstruction or the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.core.messages import Lang, Localized
from conformance.reports.collector import ValidationResult, Verdict
from conformance.reports.masking import clean
from conformance.rules.catalogue import RULES

__all__ = ["VERDICTS", "CoverageLine", "not_checked", "schema_origin", "skipped", "verdict_word"]

VERDICTS: dict[Verdict, Localized] = {
    "conforms": Localized("適合", "conforms"),
    "partially_checked": Localized("一部未検査", "partially checked"),
    "does_not_conform": Localized("不適合", "does not conform"),
}
VERDICT_RULES = Localized(
    "誤りが1件もなく、すべてを検査できたときに適合です。検査できなかったものがあれば一部未検査です。",
    "A run conforms when it has no error and everything given was checked; if something could not be "
    "checked it is partially checked.",
)
_BUNDLED = Localized(
    "同梱の参照レイアウト（公式の基本データリストではありません）",
    "the bundled reference layouts (a reconstruction, not the official 基本データリスト)",
)
_USER = Localized("利用者のスキーマセット", "the user's schema set")


def verdict_word(result: ValidationResult, lang: Lang) -> str:
    return VERDICTS[result.verdict].text(lang)


def schema_origin(result: ValidationResult, lang: Lang) -> str:
    """「同梱の参照レイアウト（公式の基本データリストではありません）」 or the user's set, with its name."""
    version = result.standard.get("version", "")
    name = f"{result.schema_name}{f' ({version})' if version else ''}"
    origin = (_BUNDLED if result.schema_bundled else _USER).text(lang)
    return f"{origin}: {clean(name)}"


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """One entry of "what was not checked": where, and why, in one language."""

    where: str
    why: str


def skipped(result: ValidationResult, lang: Lang) -> list[CoverageLine]:
    """The entries of the inputs that were not checked (「検査しなかったファイル」), with their reason."""
    return [CoverageLine(clean(s.path), clean(s.text(lang))) for s in result.skipped]


def not_checked(result: ValidationResult, lang: Lang) -> list[CoverageLine]:
    """The rules that apply to a file of the run but could not run, named with their title."""
    out: list[CoverageLine] = []
    for nc in result.not_checked:
        meta = RULES.get(nc.rule)
        title = "" if meta is None else (meta.title_en if lang == "en" else meta.title_ja)
        why = (
            "a file it needs is not part of this run"
            if lang == "en"
            else "必要なファイルがこの実行にありません"
        )
        out.append(CoverageLine(f"{nc.rule} {title} — {clean(nc.file)}", why))
    return out
