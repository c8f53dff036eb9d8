"""F4: the header row against the layout's 項目名 list (§2 F4, §12.1)."""

from __future__ import annotations

from dataclasses import dataclass

from conformance.core.messages import Message, Params, fixed_text
from conformance.schema.model import Layout


@dataclass(frozen=True, slots=True)
class HeaderFault:
    item: str
    kind: str  # missing | unknown | duplicated | misordered
    message_ja: str
    message_en: str

    @property
    def message(self) -> Message:
        return fixed_text(f"F4.{self.kind}", self.message_ja, self.message_en)

    @property
    def params(self) -> Params:
        return ()


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    columns: dict[str, int]  # 項目名 -> field index (first occurrence) for layout items present in the file
    faults: tuple[HeaderFault, ...]

    def missing(self, layout: Layout) -> frozenset[str]:
        return frozenset(n for n in layout.item_names if n not in self.columns)


def match_header(header: list[str], layout: Layout) -> HeaderMatch:
    """Match by name; report missing, unknown, duplicated (extra occurrences) and misordered columns.

    Misordered (§12.1): a present layout column that stands in the opposite relative order to some other
    present layout column (pairwise inversion), so a swap of two columns flags both and a missing or an
    appended column flags nothing else.
    """
    order = {name: i for i, name in enumerate(layout.item_names)}
    columns: dict[str, int] = {}
    faults: list[HeaderFault] = []
    for idx, name in enumerate(header):
        if name in columns or (name not in order and name in header[:idx]):
            faults.append(
                HeaderFault(
                    name,
                    "duplicated",
                    f"列「{name}」が重複しています（{idx + 1}列目）",
                    f"column {name!r} is duplicated (position {idx + 1})",
                )
            )
        elif name not in order:
            faults.append(
                HeaderFault(
                    name,
                    "unknown",
                    f"レイアウトにない列「{name}」があります（{idx + 1}列目）",
                    f"unknown column {name!r} (position {idx + 1}) is not in the layout",
                )
            )
        else:
            columns[name] = idx
    for name in layout.item_names:
        if name not in columns:
            faults.append(
                HeaderFault(name, "missing", f"列「{name}」がありません", f"column {name!r} is missing")
            )
    present = sorted(columns, key=lambda n: columns[n])  # file order
    for pos, name in enumerate(present):
        inverted = any(order[other] > order[name] for other in present[:pos]) or any(
            order[other] < order[name] for other in present[pos + 1 :]
        )
        if inverted:
            faults.append(
                HeaderFault(
                    name,
                    "misordered",
                    f"列「{name}」の位置がレイアウトの順序（{order[name] + 1}番目）と異なります",
                    f"column {name!r} is out of the layout's order (item number {order[name] + 1})",
                )
            )
    return HeaderMatch(columns, tuple(faults))
