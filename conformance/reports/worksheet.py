"""The 同定 worksheet: the 外字 inventory of a run as rows to decide, with candidates, in XLSX or CSV.

文字同定 (identifying each legacy 外字 with an MJ character) is expert work done in spreadsheets, so the
worksheet is one: one row per distinct character or sequence outside the run's repertoire, its counts,
the items it occurs in and where it first occurs (file:line and item: no value is ever written), up to
five candidates, and two empty columns for the decision (``採用``) and a note. ``validate --gaiji-map``
and ``gaiji apply`` read the filled sheet back (``conformance.schema.gaiji_map``, which defines the
columns).

Candidates are facts of the tables, never guesses of ours; each says where it comes from:

- ``MJにある文字``: the key itself is an MJ character (a run judged by JIS X 0213 only);
- ``IVSの基底``: the MJ characters of the base of a sequence the tables do not hold;
- ``X0213 包摂``: the JIS X 0213 character at the MJ character's ``X0213`` position (𠮷 → 1-21-40 吉);
- ``縮退マップ``: the MJ縮退マップ's JIS X 0213 candidates for the MJ character (``--moji-shrink``);
- ``対応する互換漢字``: the MJ character a compatibility ideograph corresponds to, or the reverse;
- ``住基ネット統一文字コード``: the MJ characters whose 住基ネット code equals the code point (legacy
  住基ネット 外字 codes appear as odd code points, such as Hangul syllables, in converted dumps);
- ``互換分解``: the NFKC compatibility decomposition, when it differs;
- ``セレクタを除く`` / ``結合文字を除く``: the character without a selector or U+309A that stands wrong.

The CSV is UTF-8 with a BOM (Excel opens it as UTF-8) and a cell that a spreadsheet would read as a
formula is written with a leading apostrophe. The XLSX has its header frozen, writes every cell as a string
(no formula) and shows characters in IPAmj明朝 (the MJ font) when the reader's machine has it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Final

from conformance.reports.gaiji import GaijiEntry, Kind
from conformance.reports.masking import clean
from conformance.schema.gaiji_map import (
    ADOPTED,
    CANDIDATES,
    CODE_POINTS,
    MAX_CANDIDATES,
    WORKSHEET_COLUMNS,
    candidate_cell,
    format_key,
)
from conformance.schema.moji import MojiRow, MojiTable
from conformance.types.chars import COMBINING_SEMI_VOICED, in_repertoire, is_ivs

__all__ = [
    "CANDIDATE_FONT",
    "Candidate",
    "WorksheetRow",
    "candidates",
    "kind_label",
    "worksheet_rows",
    "write_csv",
    "write_xlsx",
]

CANDIDATE_FONT: Final = "IPAmj明朝"
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")

_KIND_LABELS: Final[dict[Kind, str]] = {
    "pua": "PUA（外字）",
    "outside": "記号・その他（範囲外）",
    "ivs": "IVS不一致",
    "selector": "異体字セレクタの位置",
    "combining": "結合文字の位置",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    mj_name: str | None
    why: str

    @property
    def cell(self) -> str:
        return candidate_cell(self.text, self.mj_name, self.why)


@dataclass(frozen=True, slots=True)
class WorksheetRow:
    entry: GaijiEntry
    kind: str
    candidates: tuple[Candidate, ...]

    def cells(self) -> list[str]:
        """The row in the order of ``WORKSHEET_COLUMNS``."""
        e = self.entry
        first = e.locations[0] if e.locations else None
        where = ""
        if first is not None:
            where = clean(first.file) + (f":{first.line}" if first.line is not None else "")
            if first.item:
                where += f"（{clean(first.item)}）"
        names = [c.cell for c in self.candidates] + [""] * (MAX_CANDIDATES - len(self.candidates))
        return [
            format_key(e.code_points),
            e.text,
            self.kind,
            str(e.occurrences),
            "、".join(clean(i) for i in e.items),
            where,
            *names,
            "",
            "",
        ]


def kind_label(entry: GaijiEntry, table: MojiTable | None, judged_by_mj: bool) -> str:
    """種別: PUA, MJ外の漢字, IVS不一致, 記号 …; an ideograph is named by what it is outside of."""
    if entry.kind != "ideograph":
        return _KIND_LABELS[entry.kind]
    if table is not None and entry.code_points in table.by_code_points:
        return "JIS X 0213外の漢字（MJにある）"
    return "MJ外の漢字" if judged_by_mj or table is not None else "JIS X 0213外の漢字"


def _x0213_char(position: str) -> str | None:
    """The character at a JIS X 0213 面-区-点 position (by the codec, the repertoire's definition)."""
    try:
        plane, ku, ten = (int(p) for p in position.split("-"))
    except ValueError:
        return None
    if not (1 <= ku <= 94 and 1 <= ten <= 94):
        return None
    raw = bytes((0xA0 + ku, 0xA0 + ten))
    try:
        return (raw if plane == 1 else b"\x8f" + raw).decode("euc_jis_2004")
    except UnicodeDecodeError:
        return None


def _split(text: str) -> list[str]:
    """A concatenated candidate list as characters, each with a selector or U+309A that follows it."""
    out: list[str] = []
    for ch in text:
        if out and (is_ivs(ord(ch)) or ord(ch) == COMBINING_SEMI_VOICED):
            out[-1] += ch
        elif not ch.isspace():
            out.append(ch)
    return out


class _Collect:
    """Candidates in order, each text once, at most MAX_CANDIDATES."""

    def __init__(self, key: tuple[int, ...], table: MojiTable | None) -> None:
        self.own = "".join(chr(cp) for cp in key)
        self.table = table
        self.out: list[Candidate] = []

    def name_of(self, text: str) -> str | None:
        if self.table is None:
            return None
        rows = self.table.by_code_points.get(tuple(ord(c) for c in text))
        return rows[0].name if rows else None

    def add(self, text: str, why: str, mj_name: str | None = None) -> None:
        """A candidate; one found again for another reason gets that reason too (``・``)."""
        if not text or text == self.own:
            return
        for i, c in enumerate(self.out):
            if c.text == text:
                if why not in c.why.split("・"):
                    self.out[i] = Candidate(c.text, c.mj_name, f"{c.why}・{why}")
                return
        if len(self.out) < MAX_CANDIDATES:
            self.out.append(Candidate(text, mj_name or self.name_of(text), why))

    def row(self, row: MojiRow, why: str) -> None:
        self.add(row.text, why, row.name)


def candidates(
    entry: GaijiEntry, table: MojiTable | None = None, shrink: dict[str, str] | None = None
) -> tuple[Candidate, ...]:
    """Up to five candidates for a worksheet row, in the order of the module doc."""
    key = entry.code_points
    found = _Collect(key, table)
    related: list[MojiRow] = []  # MJ characters this key is, or is a variant of
    if table is not None:
        own = table.by_code_points.get(key, [])
        for row in own:
            found.row(row, "MJにある文字")
        related.extend(own)
        if len(key) == 2 and is_ivs(key[1]):
            base_rows = table.by_base.get(key[0], [])
            for row in sorted(base_rows, key=lambda r: r.selector):
                found.row(row, f"IVSの基底 U+{key[0]:04X}")
            related.extend(base_rows)
        for row in table.by_compat.get(key[0], []) if len(key) == 1 else []:
            found.row(row, f"対応する互換漢字 U+{key[0]:04X}")
            related.append(row)
    for row in related:
        if row.x0213:
            jis = _x0213_char(row.x0213)
            if jis is not None:
                found.add(jis, f"X0213 {row.x0213} 包摂")
    for row in related:
        for part in _split((shrink or {}).get(row.name, "")):
            found.add(part, f"縮退マップ {row.name}")
    for row in related:
        for cp in row.compat:
            found.add(chr(cp), "対応する互換漢字")
    if table is not None and len(key) == 1:
        for row in table.by_juki.get(key[0], []):
            found.row(row, f"住基ネット統一文字コード J+{key[0]:04X}")
    own_text = "".join(chr(cp) for cp in key)
    decomposed = unicodedata.normalize("NFKC", own_text)
    if decomposed != own_text and all(in_repertoire(ord(c)) for c in decomposed):
        found.add(decomposed, "互換分解")
    if len(key) == 2 and entry.kind in ("ivs", "selector", "ideograph") and is_ivs(key[1]):
        found.add(chr(key[0]), "セレクタを除く")
    if len(key) == 2 and entry.kind == "combining":
        found.add(chr(key[0]), "結合文字を除く")
    return tuple(found.out)


def worksheet_rows(
    entries: Iterable[GaijiEntry],
    *,
    table: MojiTable | None = None,
    shrink: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
) -> list[WorksheetRow]:
    """One row per inventory entry (the run's repertoire decided what is outside it), in code point order."""
    judged_by_mj = (settings or {}).get("repertoire") in ("mj", "jisx0213+mj")
    return [
        WorksheetRow(e, kind_label(e, table, judged_by_mj), candidates(e, table, shrink))
        for e in sorted(entries, key=lambda e: e.code_points)
    ]


def _csv_safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (the reader drops it)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(rows: Sequence[WorksheetRow], out: BinaryIO) -> None:
    """UTF-8 with BOM and CRLF, as Excel expects of a "CSV UTF-8" file."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(WORKSHEET_COLUMNS)
    for row in rows:
        writer.writerow([_csv_safe(c) for c in row.cells()])
    out.write(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))


_NOTES: Final = (
    "文字同定ワークシート / 文字同定 worksheet",
    "",
    "各行は検査で範囲外または外字とされた文字（シーケンス）です。「採用」に、置き換える文字、MJ文字図形名"
    "（MJ008064）、コードポイント（U+5409）、候補のセルをそのまま、または「候補1」…「候補5」を記入します。",
    "記入したファイルは conformance validate --gaiji-map で読み込めます（私用領域の文字はF13を通過します）。"
    "conformance gaiji apply で、データの写しに置き換えを反映できます。",
    "",
    "Each row is a character (or sequence) the run found outside the repertoire or in private use. Fill 採用 "
    "with the replacement: the character(s), an MJ文字図形名, code points, a candidate cell as it is, or "
    "候補1 … 候補5. Pass the file to conformance validate --gaiji-map, and to conformance gaiji apply.",
    "",
    "候補の出典 / Candidates: MJ文字情報一覧表・MJ縮退マップ"
    "（文字情報技術促進協議会、旧IPA、CC BY-SA 2.1 JP）。",
    "候補の文字は IPAmj明朝 があればその書体で表示します / candidates are shown in IPAmj明朝 when installed.",
)


def write_xlsx(rows: Sequence[WorksheetRow], out: BinaryIO) -> None:
    """The worksheet, header frozen, every cell a string, characters in the MJ font; notes on sheet 2."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    try:
        sheet = book.add_worksheet("同定")
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        glyph = book.add_format({"font_name": CANDIDATE_FONT, "font_size": 14})
        text = book.add_format({"font_name": CANDIDATE_FONT})
        decide = book.add_format({"bg_color": "#FFF2CC", "font_name": CANDIDATE_FONT})
        wide = {CODE_POINTS: 18, "文字": 6, "種別": 20, "出現数": 8, "出現項目": 24, "最初の出現": 36}
        styles = {"文字": glyph, ADOPTED: decide, **{c: text for c in CANDIDATES}}
        for col, name in enumerate(WORKSHEET_COLUMNS):
            sheet.set_column(col, col, wide.get(name, 26), styles.get(name))
            sheet.write_string(0, col, name, header)
        for r, row in enumerate(rows, start=1):
            for col, (name, value) in enumerate(zip(WORKSHEET_COLUMNS, row.cells(), strict=True)):
                if name == "出現数":
                    sheet.write_number(r, col, int(value))
                elif value:
                    sheet.write_string(r, col, value, styles.get(name))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(WORKSHEET_COLUMNS) - 1)
        notes = book.add_worksheet("説明")
        notes.set_column(0, 0, 120)
        for r, line in enumerate(_NOTES):
            notes.write_string(r, 0, line)
    finally:
        book.close()
    out.write(buffer.getvalue())
