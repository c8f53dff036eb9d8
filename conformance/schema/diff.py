"""What changed between two schema sets (a new 版 of the standard is a daily reality for vendors).

Items are matched by データ項目ID first (so a renamed item shows as a rename, not as one removed and one
added), then by 項目名. A move is reported only when the order of the shared items changed: inserting an
item shifts every 項目番号 after it, which is not a move.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from conformance.core.messages import Lang
from conformance.schema.model import Item, Layout, SchemaSet

__all__ = ["ItemChange", "LayoutDiff", "SetDiff", "diff_sets", "render_diff"]

# Item attribute -> its §3.1 column (the words the report uses)
FIELDS: tuple[tuple[str, str], ...] = (
    ("data_type", "データ型"),
    ("max_length", "最大桁数"),
    ("min_length", "最小桁数"),
    ("required", "必須"),
    ("code_table", "コード表"),
    ("format", "書式"),
    ("unknown_allowed", "不詳可"),
    ("non_calendar_allowed", "暦外可"),
    ("condition", "条件"),
    ("note", "備考"),
    ("certainty", "確度"),
    ("basis", "根拠"),
    ("section", "区分"),
    ("extra", "追加属性"),
)
ID = "データ項目ID"


@dataclass(slots=True)
class ItemChange:
    old: Item
    new: Item
    changes: list[tuple[str, object, object]]  # (column, before, after)


@dataclass(slots=True)
class LayoutDiff:
    name: str
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    renamed: list[tuple[Item, Item]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    moved: list[Item] = field(default_factory=list)  # (new side) items whose relative order changed

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.moved)


@dataclass(slots=True)
class SetDiff:
    added_layouts: list[str] = field(default_factory=list)
    removed_layouts: list[str] = field(default_factory=list)
    layouts: list[LayoutDiff] = field(default_factory=list)
    added_tables: list[str] = field(default_factory=list)
    removed_tables: list[str] = field(default_factory=list)
    changed_tables: list[tuple[str, list[str], list[str]]] = field(
        default_factory=list
    )  # name, +codes, -codes

    @property
    def equal(self) -> bool:
        return not (
            self.added_layouts
            or self.removed_layouts
            or self.layouts
            or self.added_tables
            or self.removed_tables
            or self.changed_tables
        )


def _layouts(schema: SchemaSet) -> dict[str, Layout]:
    return {spec.layout.name: spec.layout for spec in schema.files.values()}


def _match(old: Sequence[Item], new: Sequence[Item]) -> list[tuple[int, int]]:
    """(old index, new index) pairs: by データ項目ID where both sides carry one, then by 項目名."""
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    ids_new = {dict(i.extra)[ID]: n for n, i in enumerate(new) if ID in dict(i.extra)}
    for o, item in enumerate(old):
        identifier = dict(item.extra).get(ID)
        if identifier is not None and identifier in ids_new and ids_new[identifier] not in used_new:
            pairs.append((o, ids_new[identifier]))
            used_old.add(o)
            used_new.add(ids_new[identifier])
    names_new = {i.name: n for n, i in enumerate(new) if n not in used_new}
    for o, item in enumerate(old):
        if o not in used_old and item.name in names_new and names_new[item.name] not in used_new:
            pairs.append((o, names_new[item.name]))
            used_old.add(o)
            used_new.add(names_new[item.name])
    return sorted(pairs)


def _stay(positions: Sequence[int]) -> set[int]:
    """Indexes (into ``positions``) of a longest increasing run: the items that kept their order."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(positions)
    for i, p in enumerate(positions):
        k = bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
            tail_index.append(i)
        else:
            tails[k] = p
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


def _layout_diff(name: str, old: Layout, new: Layout) -> LayoutDiff:
    out = LayoutDiff(name)
    pairs = _match(old.items, new.items)
    matched_old = {o for o, _ in pairs}
    matched_new = {n for _, n in pairs}
    out.removed = [i for o, i in enumerate(old.items) if o not in matched_old]
    out.added = [i for n, i in enumerate(new.items) if n not in matched_new]
    for o, n in pairs:
        a, b = old.items[o], new.items[n]
        if a.name != b.name:
            out.renamed.append((a, b))
        changes = [
            (column, getattr(a, f), getattr(b, f)) for f, column in FIELDS if getattr(a, f) != getattr(b, f)
        ]
        if changes:
            out.changed.append(ItemChange(a, b, changes))
    keep = _stay([n for _, n in pairs])
    out.moved = [new.items[n] for i, (_, n) in enumerate(pairs) if i not in keep]
    return out


def diff_sets(a: SchemaSet, b: SchemaSet) -> SetDiff:
    out = SetDiff()
    old, new = _layouts(a), _layouts(b)
    out.removed_layouts = sorted(set(old) - set(new))
    out.added_layouts = sorted(set(new) - set(old))
    for name in sorted(set(old) & set(new)):
        layout = _layout_diff(name, old[name], new[name])
        if not layout.empty:
            out.layouts.append(layout)
    out.removed_tables = sorted(set(a.code_tables) - set(b.code_tables))
    out.added_tables = sorted(set(b.code_tables) - set(a.code_tables))
    for name in sorted(set(a.code_tables) & set(b.code_tables)):
        before = {c.code: c.label for c in a.code_tables[name].codes}
        after = {c.code: c.label for c in b.code_tables[name].codes}
        plus = sorted(c for c in after if before.get(c) != after[c])
        minus = sorted(c for c in before if c not in after)
        if plus or minus:
            out.changed_tables.append((name, plus, minus))
    return out


def _show(value: object, lang: Lang) -> str:
    if value is None or value == "" or value == ():
        return "（空欄）" if lang == "ja" else "(blank)"
    if isinstance(value, tuple):
        return "; ".join("=".join(map(str, p)) if isinstance(p, tuple) else str(p) for p in value)
    return str(value)


def render_diff(diff: SetDiff, lang: Lang = "ja") -> str:
    ja = lang == "ja"
    if diff.equal:
        return "差分はありません。\n" if ja else "the sets are equal.\n"
    lines: list[str] = []
    for name in diff.added_layouts:
        lines.append(f"レイアウト追加: {name}" if ja else f"layout added: {name}")
    for name in diff.removed_layouts:
        lines.append(f"レイアウト削除: {name}" if ja else f"layout removed: {name}")
    for layout in diff.layouts:
        lines.append(f"レイアウト {layout.name}:" if ja else f"layout {layout.name}:")
        for item in layout.added:
            lines.append(
                f"  追加: {item.name}（項目番号 {item.number}）"
                if ja
                else f"  added: {item.name} (no. {item.number})"
            )
        for item in layout.removed:
            lines.append(
                f"  削除: {item.name}（項目番号 {item.number}）"
                if ja
                else f"  removed: {item.name} (no. {item.number})"
            )
        for a, b in layout.renamed:
            lines.append(f"  名称変更: {a.name} → {b.name}" if ja else f"  renamed: {a.name} -> {b.name}")
        for change in layout.changed:
            for column, before, after in change.changes:
                shown = f"{_show(before, lang)} → {_show(after, lang)}"
                lines.append(
                    f"  変更: {change.new.name} の {column}: {shown}"
                    if ja
                    else f"  changed: {change.new.name} {column}: {shown}"
                )
        for item in layout.moved:
            lines.append(
                f"  順序変更: {item.name}（新しい項目番号 {item.number}）"
                if ja
                else f"  moved: {item.name} (now no. {item.number})"
            )
    for name in diff.added_tables:
        lines.append(f"コード表追加: {name}" if ja else f"code table added: {name}")
    for name in diff.removed_tables:
        lines.append(f"コード表削除: {name}" if ja else f"code table removed: {name}")
    for name, plus, minus in diff.changed_tables:
        parts = []
        if plus:
            parts.append(("追加・変更 " if ja else "added or changed ") + ", ".join(plus))
        if minus:
            parts.append(("削除 " if ja else "removed ") + ", ".join(minus))
        lines.append((f"コード表 {name}: " if ja else f"code table {name}: ") + "; ".join(parts))
    return "\n".join(lines) + "\n"
