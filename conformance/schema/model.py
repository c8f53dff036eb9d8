"""In-memory model of a schema set.

The on-disk form is JSON (one file per layout plus ``dataset.json``) and CSV code tables; see
``conformance/schema/metaschema/``. Item facts keep the 基本データリスト column names in the JSON and English
attribute names here. Nothing in this module knows a concrete layout: every fact comes from data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from conformance.types.checkdigits import M11Remainder1
from conformance.types.moji import Repertoire
from conformance.types.wareki import Era

if TYPE_CHECKING:
    from conformance.schema.moji import MojiTable

__all__ = [
    "CONDITIONAL",
    "REQUIRED",
    "UNKNOWN_COMPANION_SUFFIX",
    "Code",
    "CodeTable",
    "DatasetRule",
    "FileSpec",
    "ForeignKey",
    "FormatDescription",
    "Group",
    "History",
    "Item",
    "Layout",
    "Reference",
    "SchemaSet",
    "Settings",
]

# 必須 column values of the sheet: required, conditionally required, optional.
REQUIRED: Final = "○"
CONDITIONAL: Final = "△"
#: §6: a 不詳可 item X has the companion item X不詳表記 that may stand in for its value.
UNKNOWN_COMPANION_SUFFIX: Final = "不詳表記"


@dataclass(frozen=True, slots=True)
class Item:
    """One row of a 基本データリスト-like sheet."""

    number: int  # 項目番号 (1-based position in the file header)
    name: str  # 項目名 (exact header text)
    data_type: str  # データ型 (§3.2)
    max_length: int | None  # 最大桁数
    min_length: int | None  # 最小桁数
    required: str  # 必須: "○", "△" or ""
    code_table: str | None  # コード表 (name of a code table)
    format: str | None  # 書式: check-digit name, "p.s" for 小数, or a regular expression
    unknown_allowed: str | None  # 不詳可: "○", a condition, or None
    non_calendar_allowed: str | None  # 暦外可: "○", a condition, or None
    condition: str | None  # 条件 of a "△" item
    note: str = ""  # 備考
    certainty: str = "INFERRED"  # 確度: VERIFIED | INFERRED
    basis: tuple[str, ...] = ()  # 根拠: source keys
    section: str | None = None  # 区分: the section row above the item in its sheet
    extra: tuple[tuple[str, str], ...] = ()  # 追加属性: columns outside §3.1 (データ項目ID …), by header


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    items: tuple[Item, ...]
    source: str = ""  # where the layout came from (sheet path, official file name …)

    @property
    def item_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.items)

    def item(self, name: str) -> Item:
        for i in self.items:
            if i.name == name:
                return i
        raise KeyError(name)

    def has(self, name: str) -> bool:
        return any(i.name == name for i in self.items)


@dataclass(frozen=True, slots=True)
class Reference:
    file: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ForeignKey:
    columns: tuple[str, ...]
    references_any: tuple[Reference, ...]  # the value must exist in at least one of these
    rule: str  # rule id that reports a violation (X21)


@dataclass(frozen=True, slots=True)
class History:
    entity_key: tuple[str, ...]  # e.g. (宛名番号,)
    sequence: str  # e.g. 履歴番号; the current row has the largest value per entity


@dataclass(frozen=True, slots=True)
class Group:
    name: str  # e.g. 世帯
    key: tuple[str, ...]  # e.g. (世帯番号,)
    rows: str  # "current" or "all"
    filter: str | None  # condition (§3.3) on the rows, e.g. 住民状態=1


@dataclass(frozen=True, slots=True)
class FileSpec:
    name: str  # dataset file name, e.g. 住民記録_住民
    layout: Layout
    primary_key: tuple[str, ...]
    history: History | None = None
    groups: tuple[Group, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    rules: tuple[str, ...] = ()  # X rules that apply to this file
    required: bool = False  # dataset.json `required`: the dataset is incomplete without this file (D2)


@dataclass(frozen=True, slots=True)
class DatasetRule:
    rule: str
    files: tuple[str, ...]  # files the rule reports on
    needs: tuple[str, ...]  # files that must be part of the run (for references_any: at least one)


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    label: str  # 名称
    note: str = ""  # 備考


@dataclass(frozen=True, slots=True)
class CodeTable:
    name: str
    codes: tuple[Code, ...]
    source: str = ""

    def __contains__(self, value: object) -> bool:
        return any(c.code == value for c in self.codes)

    @property
    def values(self) -> frozenset[str]:
        return frozenset(c.code for c in self.codes)


@dataclass(slots=True)
class Settings:
    """Configurable defaults (every INFERRED default of the spec that is a choice, not a fact)."""

    m11_remainder1: M11Remainder1 = "zero"
    severity_overrides: dict[str, str] = field(default_factory=dict)  # rule id -> error|warning|info
    disabled_rules: frozenset[str] = frozenset()
    byte_length_items: frozenset[str] = frozenset()  # "file:項目名" or "項目名": length in UTF-8 bytes
    pua_map: dict[int, str] = field(default_factory=dict)  # PUA code point -> MJ name or UCS sequence (F13)
    extra_repertoire: frozenset[int] = frozenset()  # single code points accepted by F12
    processing_date: str | None = None  # X20 reference date; default: 処理日 of the row
    moji: MojiTable | None = None  # the MJ文字情報一覧表 and additions' tables (--moji, config "moji")
    repertoire: Repertoire | None = None  # F12's repertoire; None: jisx0213+mj with a table, else jisx0213

    @property
    def effective_repertoire(self) -> Repertoire:
        """The repertoire F12 runs under: the setting, or its default (which depends on a table)."""
        if self.repertoire is not None:
            return self.repertoire
        return "jisx0213+mj" if self.moji is not None else "jisx0213"


@dataclass(frozen=True, slots=True)
class FormatDescription:
    """What a regular-expression 書式 means, in words (``formats.json``): the C7 message says this instead of
    quoting the expression."""

    name_ja: str
    description_ja: str
    name_en: str
    description_en: str


@dataclass(slots=True)
class SchemaSet:
    name: str
    standard: dict[str, str]  # title, version, source of the standard the set derives from
    files: dict[str, FileSpec]
    dataset_rules: tuple[DatasetRule, ...]
    code_tables: dict[str, CodeTable]
    eras: tuple[Era, ...]
    platform_dependent: frozenset[int]  # code points of 機種依存文字 (F11)
    identifying_items: frozenset[str]  # 項目名 whose values are masked in reports
    settings: Settings
    file_name_pattern: str = "{file}.csv"
    root: Path | None = None
    format_descriptions: dict[str, FormatDescription] = field(default_factory=dict)  # 書式 -> its words
