"""F4 見出し行 — Header row: the header against the layout's 項目名 list (§2 F4, §12.1), and its messages.

The engines emit the findings: ``match_header`` gives one :class:`HeaderFault` per F4 finding (all on line 1)
and the columns the data checks then run by. A column name read from the file is a ``Quoted``: a header cell
that is not a layout item may well be a data value (a file whose header line is missing), so reports must be
able to mask it like one.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.core.messages import Message, Params, Quoted, Rendered, params_of
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.schema.model import Layout

__all__ = ["META", "HeaderFault", "HeaderMatch", "match_header"]

META = RuleMeta(
    id="F4",
    severity=Severity.ERROR,
    scope="file",
    title_ja="見出し行",
    title_en="Header row",
    source="§2 F4, §12.1; L3-01, L2-03 VERIFIED; exact match INFERRED",
    explanation_ja=(
        "1行目は見出し行で、レイアウトの項目名と同じ文字列・同じ順序であること。欠落・不明・重複・順序違いの列を報告する。"
    ),
    explanation_en=(
        "Line 1 must list the layout's 項目名 exactly, in order. Missing, unknown, duplicated and misordered columns are reported."
    ),
)

# {name} is the column as the file spells it (Quoted), except in MISSING, where it is the layout's 項目名.
DUPLICATED = Message(
    "F4.duplicated",
    "列「{name}」が重複しています（{position}列目）",
    "column '{name}' is duplicated (position {position})",
)
UNKNOWN = Message(
    "F4.unknown",
    "レイアウトにない列「{name}」があります（{position}列目）",
    "unknown column '{name}' (position {position}) is not in the layout",
)
MISSING = Message(
    "F4.missing",
    "列「{name}」がありません",
    "column '{name}' is missing",
)
#: JSON Lines, JSON, XML (§13.4 F4): a key, element or attribute that is not an item, once per name.
UNKNOWN_NAME = Message(
    "F4.unknown_name",
    "レイアウトにない名前「{name}」があります（最初に現れた行）",
    "'{name}' is not an item of the layout (first line where it occurs)",
)
#: Two or more empty columns at the end of the header (a spreadsheet's trailing commas): one finding for them.
TRAILING_EMPTY = Message(
    "F4.trailing_empty",
    "見出し行の末尾に名前のない列が{count}列あります（{position}列目から）",
    "{count} unnamed columns at the end of the header (from position {position})",
)
MISORDERED = Message(
    "F4.misordered",
    "列「{name}」の位置がレイアウトの順序（{number}番目）と異なります",
    "column '{name}' is out of the layout's order (item number {number})",
)


@dataclass(frozen=True, slots=True)
class HeaderFault(Rendered):
    """One F4 finding to be (line 1, severity from ``META``): the column it is about, message, parameters."""

    item: str  # the column name (§2 F4: item = the column name)
    message: Message
    params: Params


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
    named = len(header)
    while named and not header[named - 1]:
        named -= 1
    trailing = len(header) - named
    seen: set[str] = set()  # a set, not header[:idx]: a header of 100,000 cells must not be quadratic
    for idx, name in enumerate(header[:named] if trailing >= 2 else header):
        cell = Quoted(name, name if name in order else None)
        if name in seen:
            faults.append(HeaderFault(name, DUPLICATED, params_of({"name": cell, "position": idx + 1})))
        elif name not in order:
            faults.append(HeaderFault(name, UNKNOWN, params_of({"name": cell, "position": idx + 1})))
        else:
            columns[name] = idx
        seen.add(name)
    if trailing >= 2:  # one finding for a run of empty columns at the end, not one per column
        faults.append(HeaderFault("", TRAILING_EMPTY, params_of({"count": trailing, "position": named + 1})))
    for name in layout.item_names:
        if name not in columns:
            faults.append(HeaderFault(name, MISSING, params_of({"name": name})))
    present = sorted(columns, key=lambda n: columns[n])  # file order
    for pos, name in enumerate(present):
        inverted = any(order[other] > order[name] for other in present[:pos]) or any(
            order[other] < order[name] for other in present[pos + 1 :]
        )
        if inverted:
            cell = Quoted(name, name)
            faults.append(HeaderFault(name, MISORDERED, params_of({"name": cell, "number": order[name] + 1})))
    return HeaderMatch(columns, tuple(faults))


# Line 1 holds no 項目名 of the layout at all (conformance/readers/sniff.py): one finding instead of one per
# missing and unknown column, and the records are not read (their columns cannot be known).
EMPTY = Message(
    "F4.empty",
    "空のファイルです（0バイト）。見出し行もデータもありません。出力の手順を確かめてください",
    "the file is empty (0 bytes): no header line and no data; check how it was exported",
)
NO_HEADER = Message(
    "F4.no_header",
    "1行目にレイアウト「{layout}」の項目名が1つもありません。見出し行がなく1行目からデータが始まっているようです。"
    "1行目に見出し行（項目名をコンマ区切りで）を入れてください。このファイルのデータは検査していません",
    "line 1 holds no 項目名 of the layout '{layout}': the header line seems to be missing and the data to "
    "start on line 1; put the header (the 項目名, comma separated) on line 1; its records were not checked",
)
OTHER_LAYOUT = Message(
    "F4.other_layout",
    "1行目はレイアウト「{other}」の見出し行です（このファイルに選ばれたレイアウトは「{layout}」）。"
    "ファイル名を確かめるか --layout {other} を指定してください。このファイルのデータは検査していません",
    "line 1 is the header of layout '{other}' (the layout chosen for it is '{layout}'); check the file name or use "
    "--layout {other}; its records were not checked",
)
