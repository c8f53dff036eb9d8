"""Cross-record rules X1–X35 (spec §8) and the §12 clarifications that concern them.

Every case starts from the spec's valid example dataset (seven files, no finding at all), changes one or two
fields of one row (or appends a copy of a row), runs the whole dataset and compares the COMPLETE finding set
(file, line, item, rule, severity) with the expectation. Positive cases give exactly the finding of their
rule; negative cases are near misses that give nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from conformance.api import validate
from conformance.schema.model import SchemaSet
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"

# The seven files of the dataset, in the dataset definition's order.
J = "住民記録_住民"
G = "住民記録_住登外者"
K = "個人住民税_課税"
T = "固定資産税_土地"
H = "固定資産税_家屋"
V = "軽自動車税_車両"
C = "法人住民税_申告"
ALL = (J, G, K, T, H, V, C)

Row = tuple[str, int | None, str | None, str, str]  # (file, line, item, rule, severity)

# Check-digit-valid values that the examples do not use (宛名番号/世帯番号 M11, 個人番号 §7.1).
NEW_PERSON = "0000100080"
NEW_HOUSEHOLD = "0000200034"
NEW_NONRESIDENT = "0000900052"
NEW_MYNUMBER = "987654321018"


# --- building inputs -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edit:
    """Set fields (by 項目名) of the record on physical line ``line``."""

    file: str
    line: int
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Append:
    """Append a copy of the record on physical line ``copy_of`` with some fields changed."""

    file: str
    copy_of: int
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExtraField:
    """Append one field to the record on ``line`` (an F3 field-count fault)."""

    file: str
    line: int


@dataclass(frozen=True)
class Swap:
    """Exchange two physical lines."""

    file: str
    a: int
    b: int


@dataclass(frozen=True)
class DropColumn:
    """Remove a column from the header and every record."""

    file: str
    item: str


Op = Edit | Append | ExtraField | Swap | DropColumn


def _parse(line: str) -> list[str]:
    return next(csv.reader([line]))


def _format(fields: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()[:-1]  # a field holding LF stays quoted inside (an F5 fault)


def _with(header: list[str], line: str, values: Mapping[str, str]) -> str:
    fields = _parse(line)
    for name, value in values.items():
        fields[header.index(name)] = value  # ValueError on a misspelt 項目名
    return _format(fields)


def _apply(lines: list[str], op: Op) -> list[str]:
    """``lines``: the file's physical lines without terminators (the final LF gives a trailing '')."""
    header = _parse(lines[0])
    body, tail = lines[:-1], lines[-1:]
    assert tail == [""], "the examples end with LF"
    if isinstance(op, Edit):
        body[op.line - 1] = _with(header, body[op.line - 1], op.values)
    elif isinstance(op, Append):
        body.append(_with(header, body[op.copy_of - 1], op.values))
    elif isinstance(op, ExtraField):
        body[op.line - 1] += ",x"
    elif isinstance(op, Swap):
        body[op.a - 1], body[op.b - 1] = body[op.b - 1], body[op.a - 1]
    else:
        col = header.index(op.item)
        body = [_format([f for i, f in enumerate(_parse(ln)) if i != col]) for ln in body]
    return body + tail


def _build(tmp_path: Path, ops: Sequence[Op], files: Sequence[str]) -> list[Path]:
    """The dataset's paths: untouched files straight from the examples, edited ones in ``tmp_path``."""
    paths = {name: EXAMPLES / f"{name}.csv" for name in files}
    edited: dict[str, list[str]] = {}
    for op in ops:
        if op.file not in edited:
            edited[op.file] = paths[op.file].read_text(encoding="utf-8").split("\n")
        edited[op.file] = _apply(edited[op.file], op)
    for name, lines in edited.items():
        p = tmp_path / f"{name}.csv"
        # LF kept, no BOM; a lone surrogate U+DCxx becomes the invalid byte xx (F1 cases)
        p.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))
        paths[name] = p
    return [paths[n] for n in files]


def _run(schema: SchemaSet, paths: Sequence[Path]) -> list[Row]:
    result = validate(list(paths), schema=schema, max_per_rule=None)
    return [(Path(f.file).stem, f.line, f.item, f.rule, f.severity.value) for f in result.findings]


def _check(
    schema: SchemaSet, tmp_path: Path, ops: Sequence[Op], expected: set[Row], files: Sequence[str] = ALL
) -> None:
    got = _run(schema, _build(tmp_path, ops, files))
    assert len(got) == len(set(got)), f"a finding was reported twice: {got}"
    assert set(got) == expected


def test_helper_round_trips_every_example_line(tmp_path: Path) -> None:
    """Re-writing a record with a field set to its own value changes no byte (the helper adds no fault)."""
    for name in ALL:
        src = (EXAMPLES / f"{name}.csv").read_text(encoding="utf-8")
        lines = src.split("\n")
        header = _parse(lines[0])
        for n in range(2, len(lines)):
            first = _parse(lines[n - 1])[0]
            assert "\n".join(_apply(lines, Edit(name, n, {header[0]: first}))) == src


# --- positive cases: exactly one finding of the rule -----------------------------------------------
def _one(rule: str, severity: str, file: str, line: int, item: str, *ops: Op) -> Any:
    return pytest.param(list(ops), {(file, line, item, rule, severity)}, id=f"{rule}-{file}-{line}-{item}")


E_, W_, I_ = "error", "warning", "info"

POSITIVE = [
    # X1: the second occurrence of a key, on the last key item, in every file.
    _one("X1", E_, J, 7, "履歴番号", Append(J, 2)),
    _one("X1", E_, G, 5, "宛名番号", Append(G, 2)),
    _one("X1", E_, K, 6, "宛名番号", Append(K, 2)),
    _one("X1", E_, T, 5, "物件番号", Append(T, 2)),
    _one("X1", E_, H, 5, "家屋番号", Append(H, 2)),
    _one("X1", E_, V, 5, "標識番号", Append(V, 2)),
    _one("X1", E_, C, 5, "申告年月日", Append(C, 2)),
    # 履歴番号 is 整数: 01 is the value 1 (§3.2), so it repeats the key of line 2.
    _one("X1", E_, J, 7, "履歴番号", Append(J, 2, {"履歴番号": "01"})),
    # X2: a gap in the history (1, 3).
    _one("X2", E_, J, 3, "履歴番号", Edit(J, 3, {"履歴番号": "3"})),
    # X3: a second 世帯主 in household 0000200018 (the first is line 3).
    _one("X3", E_, J, 4, "続柄", Edit(J, 4, {"続柄": "世帯主"})),
    # X4: no 世帯主: reported on the first member (line order).
    _one("X4", I_, J, 6, "続柄", Edit(J, 6, {"続柄": "子"})),
    _one("X4", I_, J, 3, "続柄", Edit(J, 3, {"続柄": "子"})),
    # X5: each compared item, on the row that differs from the first row of the household.
    _one("X5", W_, J, 4, "住所", Edit(J, 4, {"住所": "東京都見本市見本町九丁目１番"})),
    _one("X5", W_, J, 5, "方書", Edit(J, 5, {"方書": "別棟"})),  # NULL is a value different from 別棟
    _one("X5", W_, J, 5, "郵便番号", Edit(J, 5, {"郵便番号": "1990009"})),
    _one("X5", W_, J, 4, "住所コード", Edit(J, 4, {"住所コード": "0010204006"})),
    # X6: 世帯主氏名 differs from the head's 氏名 (or 氏名アルファベット when 氏名 is NULL).
    _one("X6", W_, J, 5, "世帯主氏名", Edit(J, 5, {"世帯主氏名": "見本　次郎"})),
    _one("X6", W_, J, 5, "世帯主氏名", Edit(J, 5, {"世帯主氏名": ""})),
    _one("X6", W_, J, 6, "世帯主氏名", Edit(J, 6, {"世帯主氏名": "EXAMPLE ALEC"})),
    _one("X6", W_, J, 3, "世帯主氏名", Edit(J, 3, {"世帯主氏名": "見本　次郎"})),  # the head's own row too
    # X7: 異動日 after 処理日 (異動事由 13 出生, so X9 does not apply).
    _one("X7", E_, J, 5, "異動日", Edit(J, 5, {"異動日": "2020-03-06"})),
    # X8
    _one("X8", E_, J, 5, "届出年月日", Edit(J, 5, {"届出年月日": "2020-03-06"})),
    # X9: 転入 (11) notified before the move.
    _one("X9", W_, J, 4, "届出年月日", Edit(J, 4, {"届出年月日": "2018-03-19"})),
    # X10: later than 処理日, 住民となった年月日 and 住所を定めた年月日 at once: still one finding.
    _one("X10", E_, J, 5, "生年月日", Edit(J, 5, {"生年月日": "2020-03-06", "生年月日和暦": "5020306"})),
    _one("X10", E_, J, 4, "生年月日", Edit(J, 4, {"住民となった年月日": "1978-11-02"})),
    _one("X10", E_, J, 6, "生年月日", Edit(J, 6, {"住所を定めた年月日": "1990-07-14"})),
    # X11
    _one("X11", E_, J, 2, "生年月日和暦", Edit(J, 2, {"生年月日和暦": "3500413"})),
    # §12.12: a 暦外 pair is compared too (2021-02-29 vs 令和3年2月28日); X10 skips the 暦外 birth date.
    _one("X11", E_, J, 5, "生年月日和暦", Edit(J, 5, {"生年月日": "2021-02-29", "生年月日和暦": "5030228"})),
    # X12: each non-NULL item of the other kind of resident.
    _one("X12", W_, J, 2, "通称", Edit(J, 2, {"通称": "見本"})),
    _one("X12", W_, J, 6, "本籍", Edit(J, 6, {"本籍": "東京都見本市"})),
    _one("X12", W_, J, 6, "生年月日和暦", Edit(J, 6, {"生年月日和暦": "4020715"})),
    # X13
    _one("X13", I_, J, 2, "生年月日和暦", Edit(J, 2, {"生年月日和暦": ""})),
    # X14: on the later row, whichever of the two rows was edited.
    _one("X14", E_, J, 5, "個人番号", Edit(J, 5, {"個人番号": "234567890121"})),
    _one("X14", E_, J, 5, "住民票コード", Edit(J, 5, {"住民票コード": "23456789012"})),
    _one("X14", E_, J, 5, "個人番号", Edit(J, 2, {"個人番号": "345678901234"})),
    # X15
    _one("X15", W_, J, 6, "消除日", Edit(J, 6, {"消除日": "2023-01-01"})),
    _one("X15", W_, J, 6, "消除事由", Edit(J, 6, {"消除事由": "1"})),
    # X16
    _one("X16", W_, J, 6, "消除事由", Edit(J, 6, {"住民状態": "2", "消除事由": "3", "消除日": "2023-01-01"})),
    _one("X16", W_, J, 6, "消除事由", Edit(J, 6, {"住民状態": "4", "消除事由": "2", "消除日": "2023-01-01"})),
    _one("X16", W_, J, 6, "消除事由", Edit(J, 6, {"住民状態": "3", "消除事由": "5", "消除日": "2023-01-01"})),
    # X17: 転居 (51) in 履歴番号 2 after a death in 履歴番号 1.
    _one("X17", W_, J, 3, "異動事由", Edit(J, 2, {"異動事由": "33"})),
    # X18
    _one("X18", W_, J, 2, "異動事由", Edit(J, 2, {"異動事由": "15"})),
    _one("X18", W_, J, 6, "異動事由", Edit(J, 6, {"異動事由": "14"})),
    _one("X18", W_, J, 6, "異動事由", Edit(J, 6, {"異動事由": "65"})),
    _one("X18", W_, J, 2, "異動事由", Edit(J, 2, {"異動事由": "68"})),
    # X19
    _one("X19", W_, J, 6, "外国人住民となった年月日", Edit(J, 6, {"外国人住民となった年月日": "2012-07-08"})),
    # X20
    _one("X20", I_, J, 6, "在留期間満了日", Edit(J, 6, {"在留期間満了日": "2022-04-04"})),
    # X20 compares with the current row's own 処理日 (2027-04-01), not an earlier row's.
    _one(
        "X20",
        I_,
        J,
        7,
        "在留期間満了日",
        Append(J, 6, {"履歴番号": "2", "異動事由": "52", "処理日": "2027-04-01"}),
    ),
    # X21: a reference to no 宛名番号, in each referencing file.
    _one("X21", E_, K, 2, "宛名番号", Edit(K, 2, {"宛名番号": NEW_PERSON})),
    _one("X21", E_, T, 2, "納税義務者宛名番号", Edit(T, 2, {"納税義務者宛名番号": NEW_PERSON})),
    _one("X21", E_, H, 2, "納税義務者宛名番号", Edit(H, 2, {"納税義務者宛名番号": NEW_PERSON})),
    _one("X21", E_, V, 2, "所有者宛名番号", Edit(V, 2, {"所有者宛名番号": NEW_PERSON})),
    # X22
    _one("X22", W_, G, 5, "宛名番号", Append(G, 2, {"宛名番号": "0000100048"})),
    # X23
    _one("X23", E_, K, 2, "年税額", Edit(K, 2, {"年税額": "349501"})),
    # X24: each 課税区分.
    _one("X24", W_, K, 3, "課税区分", Edit(K, 3, {"課税区分": "1"})),
    _one("X24", W_, K, 2, "課税区分", Edit(K, 2, {"課税区分": "2"})),
    _one("X24", W_, K, 3, "課税区分", Edit(K, 3, {"課税区分": "3"})),
    # X25: against the 住民 current row, and against 住登外者.
    _one("X25", W_, K, 2, "個人番号", Edit(K, 2, {"個人番号": "345678901234"})),
    _one("X25", W_, K, 2, "個人番号", Edit(J, 3, {"個人番号": NEW_MYNUMBER})),
    _one("X25", W_, K, 5, "個人番号", Edit(K, 5, {"個人番号": NEW_MYNUMBER})),
    # X26
    _one("X26", E_, T, 3, "課税標準額", Edit(T, 3, {"課税標準額": "840001"})),
    _one("X26", E_, H, 2, "課税標準額", Edit(H, 2, {"課税標準額": "9800001"})),
    # X27: 田 (01) and 23, over 10 m² with a fraction.
    _one("X27", I_, T, 3, "登記地積", Edit(T, 3, {"登記地積": "1200.5"})),
    _one("X27", I_, T, 3, "登記地積", Edit(T, 3, {"登記地積": "10.01"})),
    _one("X27", I_, T, 4, "登記地積", Edit(T, 4, {"登記地積": "532.5"})),
    # X28: built in the tax year itself.
    _one("X28", W_, H, 2, "建築年", Edit(H, 2, {"建築年": "2024"})),
    # X29
    _one("X29", W_, V, 2, "取得日", Edit(V, 2, {"取得日": "2024-04-02"})),
    # X30
    _one("X30", I_, V, 2, "年税額", Edit(V, 2, {"年税額": "10801"})),
    _one("X30", I_, V, 2, "年税額", Edit(V, 2, {"税率区分": "3"})),
    _one("X30", I_, V, 2, "年税額", Edit(V, 2, {"税率区分": "2"})),
    # X31: end equal to, and before, the start.
    _one("X31", E_, C, 4, "事業年度終了日", Edit(C, 4, {"事業年度終了日": "2023-01-01"})),
    _one("X31", E_, C, 4, "事業年度終了日", Edit(C, 4, {"事業年度終了日": "2022-12-31"})),
    # X32: exactly one year; §12.9: 2024-02-29 + 1 year = 2025-03-01.
    _one("X32", W_, C, 2, "事業年度終了日", Edit(C, 2, {"事業年度終了日": "2024-04-01"})),
    _one(
        "X32",
        W_,
        C,
        4,
        "事業年度終了日",
        Edit(
            C, 4, {"事業年度開始日": "2024-02-29", "事業年度終了日": "2025-03-01", "申告年月日": "2025-04-30"}
        ),
    ),
    # X33: a 確定 return on the last day; a 予定 return before the start; a 修正 return inside the year.
    _one("X33", W_, C, 2, "申告年月日", Edit(C, 2, {"申告年月日": "2024-03-31"})),
    _one("X33", W_, C, 3, "申告年月日", Edit(C, 3, {"申告年月日": "2024-03-31"})),
    _one("X33", W_, C, 3, "申告年月日", Edit(C, 3, {"申告区分": "4"})),
    # X34
    _one("X34", W_, G, 2, "法人番号", Edit(G, 2, {"法人番号": "7123456789012"})),
    _one("X34", W_, G, 3, "性別", Edit(G, 3, {"性別": "1"})),
    _one("X34", W_, G, 3, "生年月日", Edit(G, 3, {"生年月日": "2000-01-01"})),
    _one("X34", W_, G, 3, "個人番号", Edit(G, 3, {"個人番号": NEW_MYNUMBER})),
    # X35: 0000900044 is referenced by no tax row, so X25 stays silent.
    _one("X35", W_, G, 4, "個人番号", Edit(G, 4, {"個人番号": "123456789018"})),
]


@pytest.mark.parametrize(("ops", "expected"), POSITIVE)
def test_positive(schema: SchemaSet, tmp_path: Path, ops: list[Op], expected: set[Row]) -> None:
    _check(schema, tmp_path, ops, expected)


def test_every_rule_has_a_positive_case() -> None:
    covered = {next(iter(p.values[1]))[3] for p in POSITIVE}
    assert covered == {f"X{n}" for n in range(1, 36)}


# --- negative cases: near misses that give nothing -------------------------------------------------
def _none(name: str, *ops: Op) -> Any:
    return pytest.param(list(ops), id=name)


# A member who moved out: no longer in the household.
GONE = {"住民状態": "2", "消除事由": "1", "消除日": "2019-01-01"}

NEGATIVE = [
    _none("X1-other-tax-year", Append(K, 2, {"課税年度": "2023"})),
    _none("X1-corrected-return", Append(C, 2, {"申告区分": "4", "申告年月日": "2024-06-30"})),
    _none("X2-leading-zero", Edit(J, 3, {"履歴番号": "02"})),
    _none("X2-history-not-in-line-order", Swap(J, 2, 3)),
    _none("X3-second-head-moved-out", Edit(J, 4, {"続柄": "世帯主", **GONE})),
    _none(
        "X3-head-of-own-household",
        Edit(J, 4, {"続柄": "世帯主", "世帯番号": NEW_HOUSEHOLD, "世帯主氏名": "見本　花子"}),
    ),
    _none("X4-headless-member-moved-out", Edit(J, 6, {"続柄": "子", **GONE})),
    _none("X4-old-history-row-not-head", Edit(J, 2, {"続柄": "子"})),
    _none("X5-member-moved-out", Edit(J, 4, {"住所": "東京都見本市見本町九丁目１番", **GONE})),
    _none("X5-old-history-row", Edit(J, 2, {"郵便番号": "1990009"})),
    _none("X6-old-history-row", Edit(J, 2, {"世帯主氏名": "見本　次郎"})),
    _none("X7-転出-may-be-future", Edit(J, 5, {"異動事由": "31", "異動日": "2020-03-06"})),
    _none("X7-same-day", Edit(J, 5, {"異動日": "2020-03-05"})),
    _none("X7-暦外-date-skipped", Edit(J, 5, {"異動日": "2021-02-29"})),
    _none("X8-same-day", Edit(J, 5, {"届出年月日": "2020-03-06", "処理日": "2020-03-06"})),
    _none("X9-not-転入-or-転居", Edit(J, 5, {"届出年月日": "2020-02-28"})),
    _none("X9-same-day", Edit(J, 4, {"届出年月日": "2018-03-20"})),
    _none(
        "X10-不詳-birth-skipped",
        Edit(J, 5, {"生年月日": "2020-03-06", "生年月日和暦": "5020306", "生年月日不詳表記": "令和2年3月頃"}),
    ),
    _none("X10-暦外-birth-skipped", Edit(J, 5, {"生年月日": "2021-02-29", "生年月日和暦": "5030229"})),
    _none(
        "X10-same-day",
        Edit(
            J,
            5,
            {
                "生年月日": "2020-03-05",
                "生年月日和暦": "5020305",
                "住民となった年月日": "2020-03-05",
                "住所を定めた年月日": "2020-03-05",
            },
        ),
    ),
    _none("X11-暦外-pair-agrees", Edit(J, 2, {"生年月日": "1951-02-29", "生年月日和暦": "3260229"})),
    _none("X11-shared-era-day-大正", Edit(J, 2, {"生年月日": "1926-12-25", "生年月日和暦": "2151225"})),
    _none("X11-shared-era-day-昭和", Edit(J, 2, {"生年月日": "1926-12-25", "生年月日和暦": "3011225"})),
    _none("X11-不詳-skipped", Edit(J, 2, {"生年月日和暦": "3500413", "生年月日不詳表記": "昭和50年4月頃"})),
    _none("X12-通称-of-a-foreign-resident", Edit(J, 6, {"通称": "見本"})),
    _none(
        "X13-不詳-birth", Edit(J, 5, {"生年月日": "", "生年月日和暦": "", "生年月日不詳表記": "年月日不詳"})
    ),
    _none("X14-same-person-again-later", Append(J, 3, {"履歴番号": "3", "異動事由": "52"})),
    _none("X15-moved-out", Edit(J, 6, {"住民状態": "2", "消除事由": "1", "消除日": "2023-01-01"})),
    _none(
        "X16-失踪宣告-is-death-state", Edit(J, 6, {"住民状態": "3", "消除事由": "4", "消除日": "2023-01-01"})
    ),
    _none("X17-correction-after-death", Edit(J, 2, {"異動事由": "33"}), Edit(J, 3, {"異動事由": "53"})),
    _none("X17-death-in-last-row", Edit(J, 3, {"異動事由": "33"})),
    _none("X18-国籍喪失-for-foreigner", Edit(J, 6, {"異動事由": "15"})),
    _none("X18-帰化-for-japanese", Edit(J, 2, {"異動事由": "14"})),
    _none("X19-effective-date", Edit(J, 6, {"外国人住民となった年月日": "2012-07-09"})),
    _none("X19-暦外-skipped", Edit(J, 6, {"外国人住民となった年月日": "2011-02-29"})),
    _none("X20-same-day", Edit(J, 6, {"在留期間満了日": "2022-04-05"})),
    _none(
        "X20-not-current-row",
        Edit(J, 6, {"在留期間満了日": "2022-04-04"}),
        Append(J, 6, {"履歴番号": "2", "異動事由": "52", "在留期間満了日": "2027-03-31"}),
    ),
    _none("X20-moved-out", Edit(J, 6, {"在留期間満了日": "2022-04-04", **GONE, "消除日": "2022-04-05"})),
    _none("X21-住登外者", Edit(V, 2, {"所有者宛名番号": "0000900036"})),
    _none("X21-moved-out-person", Edit(J, 6, {**GONE, "消除日": "2023-01-01"})),
    _none("X22-new-number", Append(G, 2, {"宛名番号": NEW_NONRESIDENT})),
    _none(
        "X23-未申告-amounts-NULL",
        Edit(K, 5, {"課税区分": "4", "所得割額": "", "均等割額": "", "年税額": "5000"}),
    ),
    _none("X24-非課税", Edit(K, 3, {"課税区分": "3", "均等割額": "0", "年税額": "0"})),
    _none("X24-未申告", Edit(K, 2, {"課税区分": "4"})),
    _none("X25-tax-number-NULL", Edit(K, 2, {"個人番号": ""})),
    _none("X25-referenced-number-NULL", Edit(J, 3, {"個人番号": ""})),
    _none("X25-earlier-history-row", Edit(J, 2, {"個人番号": NEW_MYNUMBER})),
    _none("X26-equal", Edit(T, 2, {"課税標準額": "24500000"})),
    _none("X27-not-over-10", Edit(T, 3, {"登記地積": "9.99"})),
    _none("X27-no-fraction", Edit(T, 3, {"登記地積": "1200.00"})),
    _none("X27-鉱泉地", Edit(T, 3, {"登記地目": "07", "登記地積": "1200.5"})),
    _none("X28-year-before", Edit(H, 2, {"建築年": "2023"})),
    _none("X29-assessment-day", Edit(V, 2, {"取得日": "2024-04-01"})),
    _none("X30-pair-without-rate", Edit(V, 3, {"税率区分": "2"})),  # 原付 × 旧税率 is "—" (§12.8)
    _none("X30-軽課", Edit(V, 2, {"税率区分": "4"})),
    _none("X30-その他", Edit(V, 2, {"税率区分": "9"})),
    _none("X30-旧税率", Edit(V, 2, {"税率区分": "2", "年税額": "7200"})),
    _none("X31-one-day", Edit(C, 4, {"事業年度終了日": "2023-01-02"})),
    _none(
        "X32-0229-plus-one-year",
        Edit(
            C, 4, {"事業年度開始日": "2024-02-29", "事業年度終了日": "2025-02-28", "申告年月日": "2025-04-30"}
        ),
    ),
    _none("X33-予定-on-start-day", Edit(C, 3, {"申告年月日": "2024-04-01"})),
    _none("X33-確定-day-after-end", Edit(C, 2, {"申告年月日": "2024-04-01"})),
    _none("X34-individual-with-個人番号", Edit(G, 4, {"個人番号": NEW_MYNUMBER})),
    _none("X35-number-only-in-住登外者", Edit(G, 4, {"個人番号": "567890123457"})),
]


@pytest.mark.parametrize("ops", NEGATIVE)
def test_negative(schema: SchemaSet, tmp_path: Path, ops: list[Op]) -> None:
    _check(schema, tmp_path, ops, set())


def test_every_rule_has_a_negative_case() -> None:
    covered = {p.id.split("-")[0] for p in NEGATIVE}
    assert covered == {f"X{n}" for n in range(1, 36)}


# --- §12 clarifications ----------------------------------------------------------------------------
def _case(name: str, ops: Sequence[Op], *expected: Row) -> Any:
    return pytest.param(list(ops), set(expected), id=name)


CLARIFICATIONS = [
    # §12.7: history 1, 3, 4 flags the row with 4 only.
    _case(
        "12.7-history-1-3-4",
        [Edit(J, 3, {"履歴番号": "3"}), Append(J, 3, {"履歴番号": "4"})],
        (J, 7, "履歴番号", "X2", E_),
    ),
    # X3 reports the second AND later heads.
    _case(
        "X3-three-heads",
        [Edit(J, 4, {"続柄": "世帯主"}), Edit(J, 5, {"続柄": "世帯主"})],
        (J, 4, "続柄", "X3", E_),
        (J, 5, "続柄", "X3", E_),
    ),
    # X17: "later" follows 履歴番号, not line order (履歴番号 2 on line 2, the death in 履歴番号 1 on line 3).
    _case(
        "X17-later-by-履歴番号",
        [Swap(J, 2, 3), Edit(J, 3, {"異動事由": "33"})],
        (J, 2, "異動事由", "X17", W_),
    ),
    # X5 compares each member with the first row of the household (line order).
    _case(
        "X5-first-row-differs",
        [Edit(J, 3, {"住所": "東京都見本市見本町九丁目１番"})],
        (J, 4, "住所", "X5", W_),
        (J, 5, "住所", "X5", W_),
    ),
    # §12.5 / §3.4: a value with an error is unknown to every X rule.
    _case(  # the only candidate head is unknown: neither X4 nor X6
        "12.5-X4-only-candidate-head-unknown",
        [Edit(J, 6, {"続柄": "祖父"})],
        (J, 6, "続柄", "C7", E_),
    ),
    _case(  # no known head, one unknown 続柄: not "a household without a head"
        "12.5-X4-no-known-head",
        [Edit(J, 3, {"続柄": "子"}), Edit(J, 4, {"続柄": "祖父"})],
        (J, 4, "続柄", "C7", E_),
    ),
    _case(  # an unknown 続柄 is not a second head either
        "12.5-X3-unknown-not-a-head",
        [Edit(J, 4, {"続柄": "世帯主の祖父"})],
        (J, 4, "続柄", "C7", E_),
    ),
    _case(
        "12.5-X5-unknown-member-value", [Edit(J, 4, {"住所コード": "ＡＢ"})], (J, 4, "住所コード", "C3", E_)
    ),
    _case(  # the first row's value is unknown: the known ones still agree
        "12.5-X5-unknown-first-row",
        [Edit(J, 3, {"住所コード": "ＡＢ"})],
        (J, 3, "住所コード", "C3", E_),
    ),
    _case(  # an unknown 続柄 might be a second head: "exactly one 世帯主" is not established (no X6)
        "12.5-X6-member-続柄-unknown",
        [Edit(J, 4, {"続柄": "祖父"}), Edit(J, 5, {"世帯主氏名": "見本　次郎"})],
        (J, 4, "続柄", "C7", E_),
    ),
    _case(  # the head's 氏名 is unknown: 世帯主氏名 is not compared
        "12.5-X6-unknown-head-name",
        [Edit(J, 3, {"氏名": "見本 太郎"}), Edit(J, 5, {"世帯主氏名": "見本　次郎"})],
        (J, 3, "氏名", "C3", E_),
    ),
    _case(  # unknown 異動事由: X7 cannot know whether the 転出 exemption applies
        "12.5-X7-unknown-reason",
        [Edit(J, 5, {"異動事由": "99", "異動日": "2020-03-06"})],
        (J, 5, "異動事由", "C6", E_),
    ),
    _case(  # X14: two equal identifiers that both failed (check digit) are not compared
        "12.5-X14-unknown-number",
        [Edit(J, 4, {"個人番号": "234567890122"}), Edit(J, 5, {"個人番号": "234567890122"})],
        (J, 4, "個人番号", "C8", E_),
        (J, 5, "個人番号", "C8", E_),
    ),
    _case(  # an unknown 宛名番号 is left out of the key set: the references to it are reported
        "12.5-X21-unknown-key",
        [Edit(J, 6, {"宛名番号": "00001000５6"})],
        (J, 6, "宛名番号", "F8", E_),
        (K, 4, "宛名番号", "X21", E_),
        (V, 4, "所有者宛名番号", "X21", E_),
    ),
    _case(  # §12.3: a field with an invalid UTF-8 byte is unknown as well
        "12.5-X21-key-with-invalid-byte",
        [Edit(J, 6, {"宛名番号": "00001000\udcff6"})],
        (J, 6, "宛名番号", "F1", E_),
        (K, 4, "宛名番号", "X21", E_),
        (V, 4, "所有者宛名番号", "X21", E_),
    ),
    _case(  # an unknown reference is not reported by X21
        "12.5-X21-unknown-reference",
        [Edit(K, 2, {"宛名番号": "0000１00013"})],
        (K, 2, "宛名番号", "F8", E_),
    ),
    _case(  # a warning (M11) does not make a value unknown: the key still matches
        "12.5-warning-is-known",
        [
            Edit(J, 6, {"宛名番号": "0000100057"}),
            Edit(K, 4, {"宛名番号": "0000100057"}),
            Edit(V, 4, {"所有者宛名番号": "0000100057"}),
        ],
        (J, 6, "宛名番号", "C8", W_),
        (K, 4, "宛名番号", "C8", W_),
        (V, 4, "所有者宛名番号", "C8", W_),
    ),
    _case(  # the referenced person's 個人番号 is unknown: X25 is skipped
        "12.5-X25-referenced-number-unknown",
        [Edit(J, 3, {"個人番号": "123456789019"})],
        (J, 3, "個人番号", "C8", E_),
    ),
    _case(
        "12.5-X25-own-number-unknown",
        [Edit(K, 2, {"個人番号": "345678901235"})],
        (K, 2, "個人番号", "C8", E_),
    ),
    # §8: X12, X15 and X34 test the raw field, so a failed value still counts as non-NULL.
    _case(
        "raw-X12",
        [Edit(J, 2, {"在留カード等番号": "AB1234567CDE"})],
        (J, 2, "在留カード等番号", "C7", E_),
        (J, 2, "在留カード等番号", "X12", W_),
    ),
    _case(
        "raw-X15",
        [Edit(J, 6, {"消除日": "2023-02-30"})],
        (J, 6, "消除日", "F9", E_),
        (J, 6, "消除日", "X15", W_),
    ),
    _case(
        "raw-X34",
        [Edit(G, 2, {"法人番号": "7123456789013"})],
        (G, 2, "法人番号", "C8", E_),
        (G, 2, "法人番号", "X34", W_),
    ),
    # §12.2: records with F3/F5 faults take no part in X rules (households, keys, references).
    _case(  # 花子's record is not a second head, and her 宛名番号 is no key for the references to her
        "12.2-F3-row-not-a-second-head",
        [Edit(J, 4, {"続柄": "世帯主"}), ExtraField(J, 4)],
        (J, 4, None, "F3", E_),
        (K, 3, "宛名番号", "X21", E_),
        (V, 3, "所有者宛名番号", "X21", E_),
    ),
    _case(
        "12.2-F5-row-holds-no-key",
        [Edit(J, 6, {"方書": "見本ハイツ\n２０１号室"})],
        (J, 6, None, "F5", E_),
        (K, 4, "宛名番号", "X21", E_),
        (V, 4, "所有者宛名番号", "X21", E_),
    ),
    _case(  # 履歴番号 2 of 0000100013 takes no part in the history: 履歴番号 1 is the current row
        "12.2-F3-row-left-out-of-history",
        [ExtraField(J, 3)],
        (J, 3, None, "F3", E_),
        *((J, line, item, "X5", W_) for line in (4, 5) for item in ("住所", "住所コード", "郵便番号")),
    ),
    # §8: rows reported under X1 take no part in other X rules (here X14, X15, X35 would fire).
    _case(
        "X1-duplicate-excluded-住民",
        [Append(J, 2, {"消除事由": "1", "個人番号": "234567890121"})],
        (J, 7, "履歴番号", "X1", E_),
    ),
    _case(
        "X1-duplicate-excluded-住登外者",
        [Append(G, 2, {"個人番号": "123456789018"})],
        (G, 5, "宛名番号", "X1", E_),
    ),
    _case(  # a duplicate 世帯主 row of 花子 does not become her current row
        "X1-duplicate-not-current",
        [Append(J, 4, {"続柄": "世帯主"})],
        (J, 7, "履歴番号", "X1", E_),
    ),
    _case(  # a duplicate 住民 row is not collected for X35 (its 個人番号 is 0000900028's)
        "X1-duplicate-not-collected",
        [Append(J, 2, {"個人番号": "567890123457"})],
        (J, 7, "履歴番号", "X1", E_),
    ),
    _case(  # a duplicate 土地 row is not checked by X21
        "X1-duplicate-not-checked",
        [Append(T, 2, {"納税義務者宛名番号": NEW_PERSON})],
        (T, 5, "物件番号", "X1", E_),
    ),
    # §12.6: a 宛名番号 in both 住民 and 住登外者 — the 住民 current row is the referenced person.
    _case(
        "12.6-住民-row-wins-mismatch",
        [
            Append(G, 2, {"宛名番号": "0000100013", "個人番号": "123456789018"}),
            Edit(J, 3, {"個人番号": NEW_MYNUMBER}),
        ],
        (G, 5, "宛名番号", "X22", W_),
        (K, 2, "個人番号", "X25", W_),
    ),
    _case(
        "12.6-住民-row-wins-match",
        [Append(G, 2, {"宛名番号": "0000100013", "個人番号": NEW_MYNUMBER})],
        (G, 5, "宛名番号", "X22", W_),
    ),
    # X35: a number held by two residents is "of a different 宛名番号" for either of them.
    _case(
        "X35-number-of-two-residents",
        [
            Edit(J, 5, {"個人番号": "234567890121"}),
            Append(G, 2, {"宛名番号": "0000100021", "個人番号": "234567890121"}),
        ],
        (J, 5, "個人番号", "X14", E_),
        (G, 5, "宛名番号", "X22", W_),
        (G, 5, "個人番号", "X35", W_),
    ),
]


@pytest.mark.parametrize(("ops", "expected"), CLARIFICATIONS)
def test_clarification(schema: SchemaSet, tmp_path: Path, ops: list[Op], expected: set[Row]) -> None:
    _check(schema, tmp_path, ops, expected)


# §8.1: (車両区分, 税率区分) -> standard annual rate; "—" pairs are absent.
RATES = {
    **{(v, "1"): r for v, r in {"11": 2000, "12": 2000, "13": 2400, "14": 3700}.items()},
    **{(v, "1"): r for v, r in {"21": 3600, "22": 6000, "31": 2400, "32": 5900}.items()},
    **{
        (v, c): r
        for v, rates in {
            "41": (3900, 3100, 4600),
            "51": (6900, 5500, 8200),
            "52": (10800, 7200, 12900),
            "61": (3800, 3000, 4500),
            "62": (5000, 4000, 6000),
        }.items()
        for c, r in zip(("1", "2", "3"), rates, strict=True)
    },
}


@pytest.mark.parametrize("delta", [0, 1])
def test_x30_every_standard_rate(schema: SchemaSet, tmp_path: Path, delta: int) -> None:
    """One appended vehicle per §8.1 pair: the standard amount passes, one yen more is an X30 info."""
    ops = [
        Append(
            V,
            2,
            {"標識番号": f"見本 580 あ 00-{i:02d}", "車両区分": v, "税率区分": c, "年税額": str(r + delta)},
        )
        for i, ((v, c), r) in enumerate(sorted(RATES.items()))
    ]
    expected: set[Row] = {(V, 5 + i, "年税額", "X30", I_) for i in range(len(RATES))} if delta else set()
    _check(schema, tmp_path, ops, expected)


def test_x20_reference_date_setting(schema: SchemaSet, tmp_path: Path) -> None:
    """Default: the row's own 処理日 (checked above). A configured processing_date replaces it."""
    fixed = replace(schema, settings=replace(schema.settings, processing_date="2027-04-01"))
    _check(fixed, tmp_path, [], {(J, 6, "在留期間満了日", "X20", I_)})


# --- §12.13 "not checked" --------------------------------------------------------------------------
def _info(file: str, rule: str) -> Row:
    return (file, None, None, rule, I_)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param((G,), {_info(G, "X22"), _info(G, "X35")}, id="住登外者-alone"),
        pytest.param((K,), {_info(K, "X21"), _info(K, "X25")}, id="課税-alone"),
        pytest.param((J, K), {_info(K, "X21"), _info(K, "X25")}, id="住民-and-課税"),
        pytest.param(
            (G, K),
            {_info(K, "X21"), _info(K, "X25"), _info(G, "X22"), _info(G, "X35")},
            id="住登外者-and-課税",
        ),
        pytest.param((T,), {_info(T, "X21")}, id="土地-alone"),
        pytest.param((J,), set(), id="住民-alone-no-file-it-applies-to"),
        pytest.param((J, G), set(), id="住民-and-住登外者"),
        pytest.param((C,), set(), id="法人-alone"),
    ],
)
def test_not_checked(schema: SchemaSet, tmp_path: Path, files: Sequence[str], expected: set[Row]) -> None:
    _check(schema, tmp_path, [], expected, files)


def test_not_checked_once_per_rule(schema: SchemaSet, tmp_path: Path) -> None:
    """Several present files the rule applies to: still one info, on one of them."""
    got = _run(schema, _build(tmp_path, [], (T, H, V)))
    assert len(got) == 1
    file, line, item, rule, severity = got[0]
    assert (line, item, rule, severity) == (None, None, "X21", I_)
    assert file in (T, H, V)


def test_unreadable_needed_file_counts_as_absent(schema: SchemaSet, tmp_path: Path) -> None:
    """A file that cannot be read at all (UTF-16) is absent for the dataset rules (§12.13)."""
    paths = _build(tmp_path, [], ALL)
    utf16 = tmp_path / f"{J}.csv"
    utf16.write_bytes((EXAMPLES / f"{J}.csv").read_text(encoding="utf-8").encode("utf-16"))
    paths[0] = utf16
    got = _run(schema, paths)
    assert set(got) == {
        (J, 1, None, "F1", E_),
        _info(K, "X21"),
        _info(G, "X22"),
        _info(K, "X25"),
        _info(G, "X35"),
    }
    assert len(got) == 5


# --- a missing column (§12.1): the rules that need it do not run -----------------------------------
def test_missing_optional_column_is_null(schema: SchemaSet, tmp_path: Path) -> None:
    """Without the 方書 column every row has NULL there: the household still agrees (no X5)."""
    _check(schema, tmp_path, [DropColumn(J, "方書")], {(J, 1, "方書", "F4", E_)})


def test_missing_key_column_stops_reference_rules(schema: SchemaSet, tmp_path: Path) -> None:
    """A needed file without the key column: the dataset rules reading it report "not checked" instead."""
    got = _run(schema, _build(tmp_path, [DropColumn(J, "宛名番号")], ALL))
    assert [r for r in got if r[3] in {"X21", "X22", "X25", "X35"} and r[4] != I_] == []
    assert {r[3] for r in got if r[4] == I_ and r[1] is None} == {"X21", "X22", "X25", "X35"}
