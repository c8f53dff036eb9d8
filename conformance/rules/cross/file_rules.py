"""File-scope X rules: keys, histories and households (§8).

Histories and households come from the dataset definition (``history`` and ``groups`` of a file), not from
item names in code: the engine feeds one ``HistoryIndex`` per file and every history rule reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from conformance.rules.cross.base import (
    NO_FAILURES,
    UNKNOWN,
    FileRule,
    Hit,
    RowRule,
    RowView,
    RuleContext,
    calendar_date,
    register,
)
from conformance.schema.conditions import parse as parse_condition
from conformance.schema.model import History


def key_of(
    row: RowView, names: Iterable[str], *, integers: frozenset[str] = frozenset()
) -> tuple[object, ...] | None:
    """The tuple of known, non-NULL key values, or None if any part is NULL or unknown.

    整数 items compare by value (履歴番号 ``01`` equals ``1``)."""
    out: list[object] = []
    for n in names:
        v = row.known(n)
        if v is None:
            return None
        out.append(int(v) if n in integers and v.isdigit() else v)
    return tuple(out)


@dataclass(slots=True)
class Entity:
    history: list[tuple[int, int, object]] = field(default_factory=list)  # (sequence, line, tracked value)
    current_seq: int = -1
    current_line: int = 0
    current_values: tuple[str | None, ...] = ()  # the kept items of the current row, in ``keep_names`` order
    current_failed: frozenset[str] = NO_FAILURES


class HistoryIndex:
    """Per entity (宛名番号): every history row (sequence, line) and a compact copy of the current row.

    Kept values are interned so that the many rows that share an address or a name share one string: this
    state is what the reference engine's memory grows with (see README, "Memory").
    """

    def __init__(self, history: History, keep: frozenset[str], tracked: str | None) -> None:
        self.history = history
        self.keep_names = tuple(sorted(keep))
        self.tracked = tracked  # one item kept for every history row (異動事由, for X17)
        self.entities: dict[tuple[object, ...], Entity] = {}
        self._intern: dict[str, str] = {}
        self._current: list[RowView] | None = None
        self.household_cache: dict[int, list[list[RowView]]] = {}

    def add(self, row: RowView) -> None:
        key = key_of(row, self.history.entity_key)
        seq_text = row.known(self.history.sequence)
        if key is None or seq_text is None or not seq_text.isdigit():
            return
        seq = int(seq_text)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity()
        entity.history.append((seq, row.line, row.value(self.tracked) if self.tracked else None))
        if seq > entity.current_seq:
            intern, raw, failed = self._intern, row.raw, row.failed
            entity.current_seq = seq
            entity.current_line = row.line
            entity.current_values = tuple(
                None if (v := raw.get(n)) is None else intern.setdefault(v, v) for n in self.keep_names
            )
            entity.current_failed = (
                frozenset(n for n in self.keep_names if n in failed) if failed else NO_FAILURES
            )
        self._current = None

    def current_rows(self) -> list[RowView]:
        """The current row of every entity, in line order (built once, after the file is read)."""
        if self._current is None:
            names = self.keep_names
            rows = [
                RowView(e.current_line, dict(zip(names, e.current_values, strict=True)), e.current_failed)
                for e in self.entities.values()
                if e.current_seq >= 0
            ]
            rows.sort(key=lambda r: r.line)
            self._current = rows
        return self._current


class HistoryRule(FileRule):
    """A file rule that reads the file's HistoryIndex at the end (set by the engine)."""

    keep: tuple[str, ...] = ()  # items of the current row the rule reads
    tracked: str | None = None  # an item the index keeps for every history row (X17: 異動事由)
    index: HistoryIndex | None = None


def households(ctx: RuleContext, index: HistoryIndex) -> list[list[RowView]]:
    """Groups of current rows (§8: current rows with 住民状態=1 and the same 世帯番号), members in line order."""
    cached = index.household_cache.get(id(ctx.spec))
    if cached is not None:
        return cached
    out: list[list[RowView]] = []
    for group in ctx.spec.groups:
        cond = parse_condition(group.filter) if group.filter else None
        members: dict[tuple[object, ...], list[RowView]] = {}
        for row in index.current_rows():
            if cond is not None and not cond.evaluate(row.raw):
                continue
            k = key_of(row, group.key)
            if k is not None:
                members.setdefault(k, []).append(row)
        out.extend(members.values())
    index.household_cache[id(ctx.spec)] = out
    return out


def group_items(ctx: RuleContext) -> tuple[str, ...]:
    names: list[str] = []
    for g in ctx.spec.groups:
        names.extend(g.key)
        if g.filter:
            names.extend(parse_condition(g.filter).names)
    return tuple(names)


@register
class X1PrimaryKeyUnique(FileRule):
    """Streams: the second and later occurrence of a key is reported at once (and excluded by the engine)."""

    id = "X1"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.key = ctx.spec.primary_key
        layout = ctx.spec.layout
        self.integers = frozenset(
            i.name for i in layout.items if i.data_type == "整数" and i.name in self.key
        )
        self.seen: dict[tuple[object, ...], int] = {}

    def add(self, row: RowView) -> Iterable[Hit]:
        k = key_of(row, self.key, integers=self.integers)
        if k is None:
            return ()
        first = self.seen.setdefault(k, row.line)
        if first == row.line:
            return ()
        last = self.key[-1]
        return (
            Hit(
                row.line,
                last,
                f"主キー（{'＋'.join(self.key)}）が{first}行目と重複しています",
                f"primary key ({' + '.join(self.key)}) duplicates line {first}",
                row.raw.get(last),
            ),
        )


@register
class X2HistorySequence(HistoryRule):
    id = "X2"
    items = ("宛名番号", "履歴番号")

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        seq_name = self.index.history.sequence
        hits: list[Hit] = []
        for entity in self.index.entities.values():
            n = len({seq for seq, _, _ in entity.history})
            for seq, line, _ in entity.history:
                if seq > n:
                    hits.append(
                        Hit(
                            line,
                            seq_name,
                            f"{seq_name} {seq} が連番 1〜{n} の範囲外です（欠番があります）",
                            f"{seq_name} {seq} is outside 1..{n}: the history has a gap",
                            str(seq),
                        )
                    )
        return hits


def _is_head(row: RowView) -> bool | None:
    v = row.value("続柄")
    if v is UNKNOWN or v is None:
        return None
    return v == "世帯主"


@register
class X3OneHead(HistoryRule):
    id = "X3"
    items = ("続柄", "世帯番号", "住民状態")
    keep = ("続柄",)

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        for members in households(self.ctx, self.index):
            heads = [m for m in members if _is_head(m)]
            for extra in heads[1:]:
                hits.append(
                    Hit(
                        extra.line,
                        "続柄",
                        f"世帯に世帯主が複数います（最初の世帯主は{heads[0].line}行目）",
                        f"a second 世帯主 in the household (the first is on line {heads[0].line})",
                        "世帯主",
                    )
                )
        return hits


@register
class X4HeadMissing(HistoryRule):
    id = "X4"
    items = ("続柄", "世帯番号", "住民状態")
    keep = ("続柄",)

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        for members in households(self.ctx, self.index):
            kinds = [_is_head(m) for m in members]
            if all(k is False for k in kinds):
                first = members[0]
                hits.append(
                    Hit(
                        first.line,
                        "続柄",
                        "世帯主のいない世帯です（職権での世帯主設定又は世帯主変更を確認してください）",
                        "household without a 世帯主 (check for a 職権 head assignment or a 世帯主変更)",
                        first.raw.get("続柄"),
                    )
                )
        return hits


@register
class X5HouseholdAddress(HistoryRule):
    id = "X5"
    items = ("世帯番号", "住民状態")
    compared = ("住所", "方書", "郵便番号", "住所コード")
    keep = compared

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        names = [n for n in self.compared if self.ctx.spec.layout.has(n)]
        for members in households(self.ctx, self.index):
            for name in names:
                ref = next((m for m in members if m.value(name) is not UNKNOWN), None)
                if ref is None:
                    continue
                for m in members:
                    v = m.value(name)
                    if m is not ref and v is not UNKNOWN and v != ref.raw.get(name):
                        hits.append(
                            Hit(
                                m.line,
                                name,
                                f"同じ世帯の{ref.line}行目と{name}が異なります",
                                f"{name} differs from line {ref.line} of the same household",
                                m.raw.get(name),
                            )
                        )
        return hits


@register
class X6HeadName(HistoryRule):
    id = "X6"
    items = ("続柄", "世帯主氏名", "世帯番号", "住民状態")
    keep = ("続柄", "世帯主氏名", "氏名", "氏名アルファベット")

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        for members in households(self.ctx, self.index):
            kinds = [_is_head(m) for m in members]
            if any(k is None for k in kinds) or kinds.count(True) != 1:
                continue
            head = members[kinds.index(True)]
            name = head.value("氏名")
            if name is None:
                name = head.value("氏名アルファベット")
            if name is None or name is UNKNOWN:
                continue
            for m in members:
                v = m.value("世帯主氏名")
                if v is not UNKNOWN and v != name:
                    hits.append(
                        Hit(
                            m.line,
                            "世帯主氏名",
                            f"世帯主氏名が世帯主（{head.line}行目）の氏名と一致しません",
                            f"世帯主氏名 does not equal the name of the 世帯主 on line {head.line}",
                            m.raw.get("世帯主氏名"),
                        )
                    )
        return hits


@register
class X14IdentifierOwner(FileRule):
    id = "X14"
    items = ("宛名番号",)
    identifiers = ("個人番号", "住民票コード")
    reads = identifiers

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.owner: dict[tuple[str, str], tuple[str, int]] = {}

    def add(self, row: RowView) -> Iterable[Hit]:
        person = row.known("宛名番号")
        if person is None:
            return ()
        hits: list[Hit] = []
        for name in self.identifiers:
            v = row.known(name)
            if v is None:
                continue
            owner, line = self.owner.setdefault((name, v), (person, row.line))
            if owner != person:
                hits.append(
                    Hit(
                        row.line,
                        name,
                        f"{name}が別の宛名番号（{line}行目）でも使われています",
                        f"{name} is also used by another 宛名番号 (line {line})",
                        v,
                    )
                )
        return hits


@register
class X17AfterDeath(HistoryRule):
    id = "X17"
    items = ("宛名番号", "履歴番号", "異動事由")
    tracked = "異動事由"

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        death = set(self.params.get("death", ("33",)))
        allowed = set(self.params.get("allowed_after", ("19", "39", "71", "53", "54")))
        hits: list[Hit] = []
        for entity in self.index.entities.values():
            deaths = [seq for seq, _, reason in entity.history if reason in death]
            if not deaths:
                continue
            died = min(deaths)
            for seq, line, reason in entity.history:
                if seq > died and isinstance(reason, str) and reason not in allowed:
                    hits.append(
                        Hit(
                            line,
                            "異動事由",
                            f"死亡（履歴番号 {died}）の後の履歴に異動事由 {reason} があります",
                            f"異動事由 {reason} after the death recorded in 履歴番号 {died}",
                            reason,
                        )
                    )
        return hits


@register
class X20ResidencePeriod(HistoryRule):
    id = "X20"
    items = ("住民種別", "住民状態", "在留期間満了日", "処理日")
    keep = ("住民種別", "住民状態", "在留期間満了日", "処理日", "在留期間満了日不詳表記", "処理日不詳表記")

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        fixed = self.ctx.schema.settings.processing_date
        reference_date = calendar_date(fixed) if fixed else None
        hits: list[Hit] = []
        for row in self.index.current_rows():
            if row.known("住民種別") != self.params.get("外国人", "2") or row.known(
                "住民状態"
            ) != self.params.get("住民", "1"):
                continue
            until = row.date("在留期間満了日")
            ref = reference_date or row.date("処理日")
            if until is not None and ref is not None and until < ref:
                hits.append(
                    Hit(
                        row.line,
                        "在留期間満了日",
                        f"在留期間満了日 {until} が処理日 {ref} より前です",
                        f"在留期間満了日 {until} is before 処理日 {ref}",
                    )
                )
        return hits


def history_keep(rules: Iterable[FileRule | RowRule], ctx: RuleContext) -> tuple[frozenset[str], str | None]:
    """What the HistoryIndex must keep for the enabled history rules."""
    keep: set[str] = set(group_items(ctx))
    tracked: str | None = None
    for r in rules:
        if isinstance(r, HistoryRule):
            keep.update(r.keep)
            tracked = tracked or r.tracked
    return frozenset(n for n in keep if ctx.spec.layout.has(n)), tracked
