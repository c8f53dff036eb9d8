"""``reconcile()``: two datasets, layout by layout: read and spill each side, compare, total.

Why here and not in the CLI: the same run serves the command, the tests and anyone embedding the tool; the
CLI only parses options, writes reports and maps exit codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from conformance.engines.inputs import InputError, InputFile, resolve_inputs
from conformance.engines.spill import MAX_ITEMS, SpillFull, StateSpill, private_spill
from conformance.readers.fast_scan import DEFAULT_BATCH_BYTES
from conformance.reconcile.compare import compare
from conformance.reconcile.model import (
    NORMALIZATIONS,
    Difference,
    FileSide,
    Kind,
    LayoutResult,
    ReconcileResult,
)
from conformance.reconcile.source import SourceError, read_records
from conformance.reconcile.totals import SideTotals, code_differences, sum_totals
from conformance.schema.model import FileSpec, SchemaSet

__all__ = ["PARTITION_ROWS", "ReconcileError", "ReconcileOptions", "reconcile"]

#: Rows of one side joined at once (a hash piece); above it, both sides are split alike.
PARTITION_ROWS = 100_000
USAGE, UNREADABLE = 2, 3


class ReconcileError(Exception):
    """The reconciliation cannot run: ``code`` 2 (usage or schema) or 3 (unreadable input)."""

    def __init__(self, message: str, code: int = USAGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ReconcileOptions:
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # --key LAYOUT=ITEM,ITEM
    ignore: tuple[str, ...] = ()  # --ignore-items: ITEM (every layout) or LAYOUT:ITEM
    normalize: tuple[str, ...] = ()
    max_per_kind: int = 1000  # listed per layout and kind; -1: all
    layout: str | None = None
    encoding: str | None = None  # both sides, unless one of the next two says otherwise
    before_encoding: str | None = None  # e.g. cp932 for a legacy export beside a UTF-8 AFTER
    after_encoding: str | None = None
    spill_dir: Path | None = None
    partition_rows: int = PARTITION_ROWS
    batch_bytes: int = DEFAULT_BATCH_BYTES  # bytes of a file read (and spilled) at once


def _check_options(schema: SchemaSet, o: ReconcileOptions) -> None:
    """Names the options use must exist: a typo would otherwise silently compare what it meant to skip."""
    for name in o.normalize:
        if name not in NORMALIZATIONS:
            raise ReconcileError(f"--normalize: unknown {name!r}; known: {', '.join(NORMALIZATIONS)}")
    for layout, items in o.keys.items():
        spec = schema.files.get(layout)
        if spec is None:
            raise ReconcileError(f"--key: unknown layout {layout!r}; known: {', '.join(schema.files)}")
        unknown = [i for i in items if i not in spec.layout.item_names]
        if unknown or not items:
            raise ReconcileError(f"--key {layout}: not items of the layout: {', '.join(unknown) or '(none)'}")
    every = {n for s in schema.files.values() for n in s.layout.item_names}
    for entry in o.ignore:
        layout, _, item = entry.rpartition(":")
        if layout and layout not in schema.files:
            raise ReconcileError(f"--ignore-items: unknown layout {layout!r} in {entry!r}")
        names = schema.files[layout].layout.item_names if layout else every
        if item not in names:
            raise ReconcileError(f"--ignore-items: {item!r} is not an item of {layout or 'any layout'}")


def _ignored(spec: FileSpec, o: ReconcileOptions) -> set[str]:
    out = set()
    for entry in o.ignore:
        layout, _, item = entry.rpartition(":")
        if layout in ("", spec.name):
            out.add(item)
    return out


def _side(
    path: Path, schema: SchemaSet, o: ReconcileOptions, side: str, skipped: list[tuple[str, str, str, str]]
) -> dict[str, InputFile]:
    try:
        found, skip = resolve_inputs([path], schema, o.layout)
    except InputError as e:
        raise ReconcileError(f"{side}: {e}", UNREADABLE if e.unreadable else USAGE) from None
    skipped.extend((side, s.path, s.text("ja"), s.text("en")) for s in skip)
    by_layout: dict[str, InputFile] = {}
    for f in found:
        if f.spec.name in by_layout:
            raise ReconcileError(
                f"{side}: {by_layout[f.spec.name].display} と {f.display} は同じレイアウト "
                f"{f.spec.name} です。1つずつ指定してください / "
                f"{side} holds two files of layout {f.spec.name}; give one each"
            )
        by_layout[f.spec.name] = f
    return by_layout


def _unique_header(header: Sequence[str]) -> list[str]:
    """Header names, a repeated name numbered (``名#2``) so that no column is dropped."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return out


@dataclass(slots=True)
class _Read:
    spill: StateSpill
    header: list[str]
    totals: SideTotals
    side: FileSide
    unreadable: list[int]
    unreadable_total: int


def _read(
    f: InputFile,
    folder: Path,
    tag: str,
    o: ReconcileOptions,
    cap: int,
    key: Sequence[str],
    encoding: str | None,
) -> _Read:
    try:
        names = f.spec.layout.item_names
        src = read_records(f.path, f.display, encoding, fmt=f.format, names=names, batch_bytes=o.batch_bytes)
    except SourceError as e:
        raise ReconcileError(str(e), UNREADABLE) from None
    # an empty file has no header and no records: it stands as the key items alone, so its records are
    # all missing and its items are listed on the other side only
    header = _unique_header(src.header) if src.header else list(key)
    if len(header) > MAX_ITEMS:
        raise ReconcileError(f"{f.display}: {len(header)} columns; reconcile compares at most {MAX_ITEMS}")
    spill = StateSpill(folder, tag, header, partition_rows=o.partition_rows)
    totals = SideTotals(f.spec.layout, header)
    unreadable: list[int] = []
    bad = 0
    positions = {name: i for i, name in enumerate(header)}
    try:
        for batch in src.batches:
            spill.add_frame(batch.lines, batch.frame, positions)
            totals.add_frame(batch.frame)
            for rec in batch.records:
                if rec.values is None:
                    bad += 1
                    if cap < 0 or len(unreadable) < cap:
                        unreadable.append(rec.line)
                    continue
                # NULL for an empty field, as in the frame
                spill.add_row(rec.line, {n: v or None for n, v in zip(header, rec.values, strict=True)}, ())
                totals.add(rec.values)
            spill.end_batch()
        spill.close()
    except SourceError as e:
        raise ReconcileError(str(e), UNREADABLE) from None
    side = FileSide(f.display, src.size, src.sha256(), totals.records + bad, src.line_ending)
    return _Read(spill, header, totals, side, unreadable, bad)


def _layout(
    spec: FileSpec,
    b: InputFile | None,
    a: InputFile | None,
    schema: SchemaSet,
    o: ReconcileOptions,
    folder: Path,
) -> LayoutResult:
    file = schema.file_name_pattern.format(file=spec.name)
    key = tuple(o.keys.get(spec.name, spec.primary_key))
    ignored = _ignored(spec, o)
    cap = o.max_per_kind
    rb = _read(b, folder, f"{spec.name}-before", o, cap, key, o.before_encoding or o.encoding) if b else None
    ra = _read(a, folder, f"{spec.name}-after", o, cap, key, o.after_encoding or o.encoding) if a else None
    try:
        result = LayoutResult(
            spec.name,
            file,
            key,
            rb.side if rb else None,
            ra.side if ra else None,
            ignored_items=tuple(i for i in spec.layout.item_names if i in ignored),
        )
        result.sums = sum_totals(spec.layout, rb.totals if rb else None, ra.totals if ra else None)
        result.codes = code_differences(spec.layout, rb.totals if rb else None, ra.totals if ra else None)
        if rb is None or ra is None:
            kind: Kind = "file_added" if rb is None else "file_missing"
            result.counts[kind] = 1
            result.listed.append(
                Difference(
                    file, kind, before=rb.side.path if rb else None, after=ra.side.path if ra else None
                )
            )
            return result
        for where, r in (("before", rb), ("after", ra)):
            lost = [k for k in key if k not in r.header]
            if lost:
                raise ReconcileError(
                    f"{r.side.path}: 主キーの項目 {', '.join(lost)} が見出しにありません"
                    f"（--key で指定できます）/ the {where} file's header lacks key item(s) "
                    f"{', '.join(lost)} (choose others with --key)"
                )
        only_b = [n for n in rb.header if n not in ra.header and n not in ignored]
        only_a = [n for n in ra.header if n not in rb.header and n not in ignored]
        side_items: tuple[tuple[Kind, list[str]], ...] = (("item_missing", only_b), ("item_added", only_a))
        for item_kind, names in side_items:
            if names:
                result.counts[item_kind] = len(names)
                result.listed.extend(Difference(file, item_kind, item=n) for n in names)
        order = {n: i for i, n in enumerate(spec.layout.item_names)}
        items = [
            (order.get(n, len(order) + i), n)
            for i, n in enumerate(rb.header)
            if n in ra.header and n not in ignored and n not in key
        ]
        result.compared_items = tuple(n for _, n in items)
        cmp = compare(
            rb.spill,
            ra.spill,
            file,
            key,
            items,
            o.normalize,
            cap,
            ((rb.unreadable, rb.unreadable_total), (ra.unreadable, ra.unreadable_total)),
        )
        result.counts.update(cmp.counts)
        result.changed_by_item = dict(sorted(cmp.changed_by_item.items(), key=lambda kv: order.get(kv[0], 0)))
        result.listed.extend(cmp.listed)
        return result
    finally:
        for read in (rb, ra):
            if read is not None:
                read.spill.remove()


def reconcile(
    before: Path, after: Path, schema: SchemaSet, options: ReconcileOptions | None = None
) -> ReconcileResult:
    """Compare the dataset (folder or file) ``before`` with ``after``, layout by layout.

    Raises ReconcileError: code 2 for options the schema contradicts, 3 for input that cannot be read.
    """
    o = options or ReconcileOptions()
    _check_options(schema, o)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    skipped: list[tuple[str, str, str, str]] = []
    sides = _side(Path(before), schema, o, "BEFORE", skipped), _side(Path(after), schema, o, "AFTER", skipped)
    layouts: list[LayoutResult] = []
    try:
        with private_spill(o.spill_dir) as folder:
            for name, spec in schema.files.items():
                b, a = sides[0].get(name), sides[1].get(name)
                if b is not None or a is not None:
                    layouts.append(_layout(spec, b, a, schema, o, folder))
    except SpillFull as e:
        raise ReconcileError(f"一時フォルダの容量が足りません / {e}") from None
    return ReconcileResult(
        str(before),
        str(after),
        schema.name,
        layouts,
        normalize=tuple(o.normalize),
        ignore_items=tuple(o.ignore),
        keys_overridden=dict(o.keys),
        max_per_kind=o.max_per_kind,
        skipped=skipped,
        started=started,
        finished=datetime.now(UTC).isoformat(timespec="seconds"),
    )
