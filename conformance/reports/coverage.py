"""What a verdict is about, in words every report shares: the verdict itself, the schema set it was checked
against, the files and their evidence, what was not checked and why.

Why one module: a verdict must be true in every format. Text, HTML, the JSON summary and the GitHub step
summary all say 適合 / 一部未検査 / 不適合 with the same words, list the same skipped entries and rules not
checked, and say whether the schema set is the bundled reconstruction or the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.core.messages import Lang, Localized
from conformance.core.severity import Severity
from conformance.reports.collector import ValidationResult, Verdict
from conformance.reports.masking import clean
from conformance.rules.catalogue import RULES

__all__ = [
    "SEVERITY_WORDS",
    "VERDICTS",
    "CoverageLine",
    "certainty",
    "not_checked",
    "plain_source",
    "repertoire",
    "schema_origin",
    "severity_word",
    "skipped",
    "verdict_word",
]

SEVERITY_WORDS: dict[Lang, dict[Severity, str]] = {
    "ja": {Severity.ERROR: "誤り", Severity.WARNING: "警告", Severity.INFO: "情報"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}


def severity_word(severity: Severity, lang: str) -> str:
    """誤り・警告・情報 wherever the output is Japanese; error, warning, info in English."""
    return SEVERITY_WORDS["en" if lang == "en" else "ja"][severity]


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


_CERTAINTY = {
    "verified": Localized("確認済み（公式資料で確認）", "verified (stated in a cited source)"),
    "inferred": Localized("推定（公式資料で未確認）", "inferred (not confirmed in an official source)"),
    "partly": Localized(
        "一部推定（公式資料で未確認の部分があります）",
        "partly inferred (some of it not confirmed in an official source)",
    ),
}


def certainty(source: str, lang: Lang) -> str:
    """How sure a rule's source is, in words, from the VERIFIED / INFERRED tags of its source text."""
    verified, inferred = "VERIFIED" in source, "INFERRED" in source
    kind = "partly" if verified and inferred else "inferred" if inferred or not verified else "verified"
    return _CERTAINTY[kind].text(lang)


_TAG_WORDS: dict[Lang, dict[str, str]] = {
    "ja": {"VERIFIED": "確認済み", "INFERRED": "推定"},
    "en": {"VERIFIED": "verified", "INFERRED": "inferred"},
}


def plain_source(source: str, lang: Lang) -> str:
    """A rule's source for people: the VERIFIED / INFERRED tags in words (the 確度 line says what they mean).

    The tags stay as written in the rule units and in machine output (``rules --format json``), where they are
    the spec's own marking of each fact."""
    for tag, word in _TAG_WORDS["en" if lang == "en" else "ja"].items():
        source = source.replace(tag, word)
    return source


def verdict_word(result: ValidationResult, lang: Lang) -> str:
    return VERDICTS[result.verdict].text(lang)


def schema_origin(result: ValidationResult, lang: Lang) -> str:
    """「同梱の参照レイアウト（公式の基本データリストではありません）」 or the user's set, with its name."""
    version = result.standard.get("version", "")
    name = f"{result.schema_name}{f' ({version})' if version else ''}"
    origin = (_BUNDLED if result.schema_bundled else _USER).text(lang)
    return f"{origin}: {clean(name)}"


_REPERTOIRES = {
    "jisx0213": Localized(
        "JIS X 0213（MJ文字情報一覧表の指定なし）", "JIS X 0213 (no MJ文字情報一覧表 given)"
    ),
    "jisx0213+mj": Localized("JIS X 0213 と MJ文字情報一覧表", "JIS X 0213 and the MJ文字情報一覧表"),
    "mj": Localized(
        "MJ文字情報一覧表（漢字は表のみで判定）",
        "the MJ文字情報一覧表 (ideographs judged by the tables only)",
    ),
}
_TABLE = Localized("{file}（{rows}行、sha256 {sha}）", "{file} ({rows} rows, sha256 {sha})")


def repertoire(result: ValidationResult, lang: Lang) -> str:
    """Which character repertoire judged F12 (and with which MJ tables): an F12-free run means nothing
    without it, since the same value passes under jisx0213+mj and fails under jisx0213."""
    mode = str(result.settings_summary.get("repertoire", "jisx0213"))
    words = _REPERTOIRES[mode].text(lang) if mode in _REPERTOIRES else clean(mode)
    tables = [
        _TABLE.text(lang).format(
            file=clean(str(t.get("file", ""))),
            rows=f"{int(t.get('rows', 0)):,}",
            sha=str(t.get("sha256", ""))[:12],
        )
        for t in result.settings_summary.get("moji") or ()
        if isinstance(t, dict)
    ]
    if not tables:
        return words
    return f"{words}: {'、'.join(tables)}" if lang == "ja" else f"{words}; {', '.join(tables)}"


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
