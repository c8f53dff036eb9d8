"""What ``schema import`` did, in the user's language: imported, skipped, mapped, kept, renumbered."""

from __future__ import annotations

from collections import Counter

from conformance.core.messages import Lang
from conformance.schema.importer import WorkbookImport
from conformance.schema.schema_set import SetImport

__all__ = ["render_import"]

_FROM = {
    "file name": ("ファイル名から", "from the file name"),
    "cover sheet": ("表紙から", "from the cover sheet"),
}


def _origin(value: str | None, origin: str, lang: Lang) -> str:
    if value is None:
        return (
            "不明（ファイル名にも表紙にもありません）"
            if lang == "ja"
            else "unknown (neither in the file name nor on the cover)"
        )
    ja, en = _FROM.get(origin, (origin, origin))
    return f"{value}（{ja}）" if lang == "ja" else f"{value} ({en})"


def _workbook(result: WorkbookImport, summary: SetImport, lang: Lang) -> list[str]:
    ja = lang == "ja"
    p = result.provenance
    lines = [
        f"ブック {result.file}: 版 {_origin(p.version, p.version_from, lang)}、"
        f"日付 {_origin(p.date, p.date_from, lang)}"
        if ja
        else f"workbook {result.file}: version {_origin(p.version, p.version_from, lang)}, "
        f"date {_origin(p.date, p.date_from, lang)}"
    ]
    mapped: dict[tuple[str, str], None] = {}
    known_extra: dict[str, None] = {}
    unknown: dict[str, None] = {}
    values: Counter[tuple[str, str, str]] = Counter()
    for layout in result.layouts:
        count = len(layout.doc["items"])
        state = (
            ("置き換え" if ja else "replaced")
            if layout.name in summary.replaced
            else ("新規" if ja else "new")
        )
        lines.append(
            f"  取込み: シート「{layout.sheet}」→ レイアウト {layout.name}（{count}項目、{state}）"
            if ja
            else f"  imported: sheet {layout.sheet!r} -> layout {layout.name} ({count} items, {state})"
        )
        if layout.name in summary.unused:
            lines.append(
                "    注意: dataset.json のどのファイルもこのレイアウトを使っていません"
                "（files に追加してください）"
                if ja
                else "    note: no file of dataset.json uses this layout yet (add it under files)"
            )
        if layout.renumbered:
            shown = ", ".join(
                f"{row}行目 {old}→{new}" if ja else f"row {row} {old}->{new}"
                for row, old, new in layout.renumbered[:3]
            )
            more = len(layout.renumbered) - 3
            if more > 0:
                shown += f" ほか{more}件" if ja else f" and {more} more"
            lines.append(
                f"    項目番号を行の順に振り直しました: {shown}"
                if ja
                else f"    項目番号 renumbered in row order: {shown}"
            )
        if layout.sections:
            lines.append(("    区分: " if ja else "    sections (区分): ") + ", ".join(layout.sections))
        for column in layout.columns:
            if column.extra and column.known:
                known_extra[column.target] = None
            elif column.extra:
                unknown[column.header] = None
            elif column.header != column.target:
                mapped[(column.header, column.target)] = None
        values.update(layout.values)
    for skipped in result.skipped:
        lines.append(
            f"  飛ばしたシート「{skipped.sheet}」: {skipped.ja}"
            if ja
            else f"  skipped sheet {skipped.sheet!r}: {skipped.en}"
        )
    if mapped:
        lines.append(
            ("  見出しの対応: " if ja else "  headers mapped: ") + ", ".join(f"{h}→{t}" for h, t in mapped)
        )
    if values:
        blank = "（空欄）" if ja else "(blank)"
        shown = ", ".join(f"{c} {w or blank}→{v or blank} ×{n}" for (c, w, v), n in sorted(values.items()))
        lines.append(("  値の対応: " if ja else "  values mapped: ") + shown)
    if known_extra:
        lines.append(
            ("  追加属性として保持した列: " if ja else "  columns kept as 追加属性: ")
            + ", ".join(known_extra)
        )
    if unknown:
        lines.append(
            (
                "  不明な列（追加属性として保持。--strict で誤り）: "
                if ja
                else "  unknown columns (kept as 追加属性; an error with --strict): "
            )
            + ", ".join(unknown)
        )
    return lines


def render_import(summary: SetImport, lang: Lang = "ja") -> str:
    lines = [f"取込み先: {summary.root}" if lang == "ja" else f"schema set: {summary.root}"]
    for result in summary.workbooks:
        lines.extend(_workbook(result, summary, lang))
    lines.append(
        f"書き込んだファイル: {', '.join(summary.written)}"
        if lang == "ja"
        else f"written: {', '.join(summary.written)}"
    )
    return "\n".join(lines) + "\n"
