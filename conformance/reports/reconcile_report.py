"""Reports of a reconciliation (``conformance reconcile``): JSON Lines, the summary JSON, text and CSV.

The same conventions as the validator's reports: every writer renders only from the result model
(``reconcile.model``), so the formats agree; values (before, after, key values) are masked through the
report's ``ReportOptions`` exactly like a finding's value, item names through ``opts.item``; totals are
exact while the listing is capped per layout and kind (the summary says how many were listed). Sums are
written as decimal strings, so no JSON reader rounds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, BinaryIO, TextIO

from conformance import __version__
from conformance.core.messages import Lang, Localized
from conformance.reconcile.model import (
    KINDS,
    NORMALIZATIONS,
    Difference,
    LayoutResult,
    ReconcileResult,
    kind_word,
)
from conformance.reports.csv_report import cell, write_table
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream

__all__ = [
    "ReconcileWriter",
    "difference_object",
    "shown_values",
    "summary_object",
    "verdict_text",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_summary",
    "write_text",
]

FORMAT_ID = "conformance.reconcile/1"

ReconcileWriter = Callable[[ReconcileResult, TextIO | BinaryIO, ReportOptions], None]

_PATH_KINDS = frozenset({"file_missing", "file_added"})

WORDS: dict[str, Localized] = {
    "title": Localized("移行データの突合", "Migration reconciliation"),
    "identical": Localized("一致（差異なし）", "identical (no differences)"),
    "different": Localized("差異あり（{n}件）", "differences ({n})"),
    "before": Localized("移行前", "BEFORE"),
    "after": Localized("移行後", "AFTER"),
    "schema": Localized("スキーマ", "schema"),
    "normalize": Localized("正規化（指定あり）", "normalisations (opted in)"),
    "none": Localized("なし（値は書かれたとおりに比較）", "none (values compared exactly as written)"),
    "ignored": Localized("比較しない項目", "items not compared"),
    "key": Localized("主キー", "key"),
    "records": Localized("レコード数", "records"),
    "sum": Localized("合計", "sum"),
    "difference": Localized("差", "difference"),
    "not_numbers": Localized("数値でない値", "values that are not numbers"),
    "codes": Localized("コード別件数の相違", "counts per code that differ"),
    "kinds": Localized("差異の種類別件数", "differences by kind"),
    "by_item": Localized("項目別の値の相違", "changed values by item"),
    "listed": Localized(
        "一覧（種類ごとに最大 {cap} 件、件数は正確）", "listing (at most {cap} per kind; counts exact)"
    ),
    "more": Localized(
        "ほか {n} 件はここに表示していません（--format jsonl・csv・html・xlsx で一覧）",
        "{n} more not shown here (--format jsonl, csv, html or xlsx lists them)",
    ),
    "skipped": Localized("突合しなかったファイル", "files not reconciled"),
    "line": Localized("行", "line"),
    "item": Localized("項目", "item"),
    "kind": Localized("種類", "kind"),
    "file": Localized("ファイル", "file"),
    "layout": Localized("レイアウト", "layout"),
    "code": Localized("コード", "code"),
}


def word(name: str, lang: Lang, **fields: object) -> str:
    text = WORDS[name].text(lang)
    return text.format(**fields) if fields else text


def verdict_text(result: ReconcileResult, lang: Lang) -> str:
    return word("identical", lang) if result.identical else word("different", lang, n=f"{result.total:,}")


def _shown_key(d: Difference, opts: ReportOptions) -> dict[str, str | None]:
    return {opts.item(k) or "": opts.shown(v, k) for k, v in d.key}


def shown_values(d: Difference, opts: ReportOptions) -> tuple[str | None, str | None]:
    if d.kind in _PATH_KINDS:  # paths of the files, as the user gave them (not data)
        return (
            clean(d.before) if d.before is not None else None,
            clean(d.after) if d.after is not None else None,
        )
    return opts.shown(d.before, d.item), opts.shown(d.after, d.item)


def difference_object(d: Difference, opts: ReportOptions) -> dict[str, Any]:
    """One JSON Lines object: file, kind, key (key item → value), item, before, after and both lines."""
    before, after = shown_values(d, opts)
    return {
        "file": clean(d.file),
        "kind": d.kind,
        "key": _shown_key(d, opts),
        "item": opts.item(d.item),
        "before": before,
        "after": after,
        "line_before": d.line_before,
        "line_after": d.line_after,
    }


def write_jsonl(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """One listed difference per LF-terminated line, UTF-8 without escapes."""
    with text_stream(out) as stream:
        for d in result.differences:
            stream.write(json.dumps(difference_object(d, opts), ensure_ascii=False))
            stream.write("\n")


def _side(r: LayoutResult, before: bool) -> dict[str, Any] | None:
    s = r.before if before else r.after
    if s is None:
        return None
    return {
        "path": clean(s.path),
        "size": s.size,
        "sha256": s.sha256,
        "records": s.records,
        "line_ending": {"\r\n": "CRLF", "\n": "LF"}.get(s.line_ending or ""),
    }


def _layout_object(r: LayoutResult, opts: ReportOptions) -> dict[str, Any]:
    nb = r.before.records if r.before else 0
    na = r.after.records if r.after else 0
    return {
        "layout": r.layout,
        "file": clean(r.file),
        "key": list(r.key),
        "before": _side(r, True),
        "after": _side(r, False),
        "records": {"before": nb, "after": na, "difference": na - nb},
        "differences": {k: r.counts[k] for k in KINDS if r.counts.get(k)},
        "listed": {k: n for k in KINDS if (n := r.listed_of(k))},
        "changed_by_item": {opts.item(k) or "": n for k, n in r.changed_by_item.items()},
        "compared_items": list(r.compared_items),
        "ignored_items": list(r.ignored_items),
        "sums": [
            {
                "item": s.item,
                "before": str(s.before),
                "after": str(s.after),
                "difference": str(s.difference),
                "not_numbers_before": s.not_numbers_before,
                "not_numbers_after": s.not_numbers_after,
            }
            for s in r.sums
        ],
        "codes": [
            {
                "item": c.item,
                "code": opts.shown(c.code, c.item),
                "before": c.before,
                "after": c.after,
                "difference": c.after - c.before,
            }
            for c in r.codes
        ],
    }


def summary_object(result: ReconcileResult, opts: ReportOptions) -> dict[str, Any]:
    """Exact counts, totals and the settings that shaped the comparison; no values but code values."""
    by_kind: dict[str, int] = {}
    for r in result.layouts:
        for k, n in r.counts.items():
            by_kind[k] = by_kind.get(k, 0) + n
    return {
        "format": FORMAT_ID,
        "tool": {"name": "conformance", "version": __version__},
        "identical": result.identical,
        "verdict": {"ja": verdict_text(result, "ja"), "en": verdict_text(result, "en")},
        "before": clean(result.before),
        "after": clean(result.after),
        "schema": result.schema_name,
        "settings": {
            "normalize": list(result.normalize),
            "normalize_meaning": {
                n: {"ja": NORMALIZATIONS[n].ja, "en": NORMALIZATIONS[n].en} for n in result.normalize
            },
            "ignore_items": list(result.ignore_items),
            "keys": {k: list(v) for k, v in result.keys_overridden.items()},
            "max_per_kind": result.max_per_kind,
            "show_values": opts.show_values,
        },
        "totals": {
            "differences": result.total,
            "by_kind": {k: by_kind[k] for k in KINDS if k in by_kind},
            "listed": len(result.differences),
        },
        "layouts": [_layout_object(r, opts) for r in result.layouts],
        "skipped_inputs": [
            {"side": s, "path": clean(p), "reason": {"ja": ja, "en": en}} for s, p, ja, en in result.skipped
        ],
        "started": result.started,
        "finished": result.finished,
    }


def write_summary(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    with text_stream(out) as stream:
        json.dump(summary_object(result, opts), stream, ensure_ascii=False, indent=2)
        stream.write("\n")


def write_json(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """One document: the summary and the listed differences."""
    doc = summary_object(result, opts)
    doc["differences"] = [difference_object(d, opts) for d in result.differences]
    with text_stream(out) as stream:
        json.dump(doc, stream, ensure_ascii=False, indent=2)
        stream.write("\n")


def key_text(d: Difference, opts: ReportOptions) -> str:
    return "; ".join(f"{k}={'' if v is None else v}" for k, v in _shown_key(d, opts).items())


def _line(n: int | None) -> str:
    return "" if n is None else str(n)


CSV_HEADERS: dict[str, tuple[str, ...]] = {
    "ja": ("ファイル", "種類", "キー", "項目", "移行前", "移行後", "移行前の行", "移行後の行"),
    "en": ("file", "kind", "key", "item", "before", "after", "line_before", "line_after"),
}


def write_csv(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """UTF-8 with BOM and CRLF for Excel, cells guarded against formulas; the kind in ``opts.lang``."""
    def row(d: Difference) -> tuple[str, ...]:
        before, after = shown_values(d, opts)
        return (
            cell(d.file),
            kind_word(d.kind, opts.lang),
            cell(key_text(d, opts)),
            cell(opts.item(d.item)),
            cell(before),
            cell(after),
            _line(d.line_before),
            _line(d.line_after),
        )

    write_table(out, CSV_HEADERS[opts.lang], (row(d) for d in result.differences))


def describe(d: Difference, opts: ReportOptions) -> str:
    """One difference as a line of text: where, what, and the values on both sides."""
    lang = opts.lang
    before, after = shown_values(d, opts)
    where = []
    if d.line_before is not None:
        where.append(f"{word('before', lang)} {word('line', lang)} {d.line_before}")
    if d.line_after is not None:
        where.append(f"{word('after', lang)} {word('line', lang)} {d.line_after}")
    parts = [clean(d.file), kind_word(d.kind, lang)]
    if d.key:
        parts.append(f"[{key_text(d, opts)}]")
    if d.item is not None:
        parts.append(opts.item(d.item) or "")
    if d.kind == "changed":
        parts.append(f"「{before}」 → 「{after}」")
    elif d.kind in _PATH_KINDS:
        parts.append(before or after or "")
    if where:
        parts.append(f"({', '.join(where)})")
    return " ".join(clean(p) for p in parts)


def write_text(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """For a terminal or a log: verdict first and last, then per layout counts, totals, differences."""
    lang = opts.lang
    lines = [
        f"{word('title', lang)}: {verdict_text(result, lang)}",
        f"  {word('before', lang)}: {clean(result.before)}",
        f"  {word('after', lang)}: {clean(result.after)}",
        f"  {word('schema', lang)}: {clean(result.schema_name)}",
        f"  {word('normalize', lang)}: "
        + (
            ", ".join(f"{n}（{NORMALIZATIONS[n].text(lang)}）" for n in result.normalize)
            if result.normalize
            else word("none", lang)
        ),
    ]
    if result.ignore_items:
        lines.append(f"  {word('ignored', lang)}: {', '.join(result.ignore_items)}")
    shown = 0
    for r in result.layouts:
        nb = r.before.records if r.before else 0
        na = r.after.records if r.after else 0
        lines += [
            "",
            f"■ {r.layout} ({clean(r.file)})  {word('key', lang)}: {'+'.join(r.key)}",
            f"  {word('records', lang)}: {nb:,} → {na:,} ({word('difference', lang)} {na - nb:+,})",
        ]
        for s in r.sums:
            mark = "" if s.difference == 0 else "  ≠"
            extra = ""
            if s.not_numbers_before or s.not_numbers_after:
                extra = f" ({word('not_numbers', lang)} {s.not_numbers_before}/{s.not_numbers_after})"
            lines.append(
                f"  {word('sum', lang)} {s.item}: {s.before} → {s.after} "
                f"({word('difference', lang)} {s.difference}){extra}{mark}"
            )
        if r.codes:
            lines.append(f"  {word('codes', lang)}:")
            lines += [
                f"    {c.item}={opts.shown(c.code, c.item) or 'NULL'}: {c.before:,} → {c.after:,}"
                for c in r.codes
            ]
        if r.counts:
            lines.append(
                f"  {word('kinds', lang)}: "
                + ", ".join(f"{kind_word(k, lang)} {r.counts[k]:,}" for k in KINDS if r.counts.get(k))
            )
        if r.changed_by_item:
            lines.append(
                f"  {word('by_item', lang)}: "
                + ", ".join(f"{opts.item(k)} {n:,}" for k, n in r.changed_by_item.items())
            )
        for d in r.listed:
            if shown >= opts.text_limit:
                break
            lines.append("    " + describe(d, opts))
            shown += 1
    if result.skipped:
        lines += ["", f"{word('skipped', lang)}:"]
        lines += [f"  {s}: {clean(p)}: {ja if lang == 'ja' else en}" for s, p, ja, en in result.skipped]
    if result.total > shown:
        lines += ["", word("more", lang, n=f"{result.total - shown:,}")]
    lines += ["", f"{word('title', lang)}: {verdict_text(result, lang)}"]
    with text_stream(out) as stream:
        stream.write("\n".join(lines) + "\n")
