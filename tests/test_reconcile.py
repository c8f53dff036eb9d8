"""``conformance reconcile``: generated datasets with known differences give exactly those differences, and a
dataset reconciled with itself, or with a reordered CRLF copy of itself, gives none.

The datasets come from ``conformance.sample``'s generator; each test copies one and edits rows through the
csv module (values hold no line breaks, so a data row ``i`` is physical line ``i + 2``).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import rendered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.cli import main
from conformance.reconcile.model import Difference, ReconcileResult
from conformance.reconcile.run import ReconcileError, ReconcileOptions, reconcile
from conformance.reports import reconcile_report
from conformance.reports.masking import ReportOptions
from conformance.reports.reconcile_formats import RECONCILE_FORMATS
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet

RES, TAX = "住民記録_住民", "個人住民税_課税"
Rows = list[list[str]]


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reconcile") / "before"
    generate(out, rows=150, seed=11)
    return out


def read(path: Path) -> tuple[list[str], Rows]:
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def write(path: Path, header: list[str], rows: Rows, eol: str = "\n") -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator=eol)
        w.writerow(header)
        w.writerows(rows)


def copy(original: Path, tmp_path: Path, name: str = "after") -> Path:
    target = tmp_path / name
    shutil.copytree(original, target)
    return target


def edit(folder: Path, layout: str, change: Callable[[list[str], Rows], Rows | None]) -> None:
    path = folder / f"{layout}.csv"
    header, rows = read(path)
    out = change(header, rows)
    write(path, header, rows if out is None else out)


def key_of(header: list[str], row: list[str], key: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((k, row[header.index(k)]) for k in key)


def facts(result: ReconcileResult) -> set[tuple[object, ...]]:
    return {
        (d.file, d.kind, d.key, d.item, d.before, d.after, d.line_before, d.line_after)
        for d in result.differences
    }


# --- no differences ---------------------------------------------------------------------------------


def test_a_dataset_reconciled_with_itself_has_no_difference(original: Path, schema: SchemaSet) -> None:
    result = reconcile(original, original, schema)
    assert result.identical and result.differences == []
    assert [r.layout for r in result.layouts] == list(schema.files)
    tax = next(r for r in result.layouts if r.layout == TAX)
    assert tax.before is not None and tax.after is not None
    assert tax.before.records == tax.after.records == len(read(original / f"{TAX}.csv")[1])
    assert tax.before.sha256 == tax.after.sha256
    assert all(s.difference == 0 for s in tax.sums) and tax.codes == []


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_the_same_dataset_in_another_format_has_no_difference(
    schema: SchemaSet, tmp_path: Path, fmt: str
) -> None:
    """A migration may export CSV and load JSON Lines or Parquet: the values read are the validator's, so
    the same generated dataset in both formats reconciles with no difference; a changed value still shows."""
    before, after = tmp_path / "csv", tmp_path / fmt
    generate(before, rows=60, seed=5)
    generate(after, rows=60, seed=5, fmt=fmt)
    result = reconcile(before, after, schema)
    assert result.differences == [] and result.identical
    assert {r.layout for r in result.layouts} == set(schema.files)
    header, rows = read(before / f"{TAX}.csv")
    rows[0][header.index("年税額")] = str(int(rows[0][header.index("年税額")] or 0) + 1)
    write(before / f"{TAX}.csv", header, rows)
    changed = reconcile(before, after, schema)
    assert [(d.kind, d.item) for d in changed.differences] == [("changed", "年税額")]


def test_a_reordered_crlf_copy_has_no_difference(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = copy(original, tmp_path)
    for path in after.glob("*.csv"):
        header, rows = read(path)
        write(path, header, rows[::-1], eol="\r\n")
    result = reconcile(original, after, schema)
    assert result.identical, [str(d) for d in result.differences]
    res = next(r for r in result.layouts if r.layout == RES)
    assert res.after is not None and res.after.line_ending == "\r\n"


# --- known differences ------------------------------------------------------------------------------


def test_known_differences_are_exactly_those(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = copy(original, tmp_path)
    expected: set[tuple[object, ...]] = set()
    res_key, tax_key = schema.files[RES].primary_key, schema.files[TAX].primary_key
    rh, rrows = read(original / f"{RES}.csv")
    th, trows = read(original / f"{TAX}.csv")
    ffile, tfile = f"{RES}.csv", f"{TAX}.csv"

    # 住民記録_住民: text (氏名), date (生年月日) and code (性別) values changed on three rows
    changes = {
        3: ("氏名", "変更\u3000太郎"),
        10: ("生年月日", "1999-12-31"),
        20: ("性別", "2" if rrows[20][rh.index("性別")] != "2" else "1"),
    }
    for i, (item, value) in changes.items():
        expected.add(
            (
                ffile,
                "changed",
                key_of(rh, rrows[i], res_key),
                item,
                rrows[i][rh.index(item)],
                value,
                i + 2,
                i + 2,
            )
        )

    def res_edit(header: list[str], rows: Rows) -> None:
        for i, (item, value) in changes.items():
            rows[i][header.index(item)] = value

    edit(after, RES, res_edit)

    # 個人住民税_課税: rows 5 and 9 dropped, one added (a new 宛名番号), 年税額 changed on row 2, row 0's key
    # repeated at the end (the first occurrence is matched, the repeat is the duplicate_key)
    added = list(trows[1])
    added[th.index("宛名番号")] = "0999999990"
    amount = th.index("年税額")
    new_amount = str(int(trows[2][amount] or 0) + 100)
    for i in (5, 9):
        expected.add((tfile, "missing", key_of(th, trows[i], tax_key), None, None, None, i + 2, None))
    expected.add(
        (tfile, "changed", key_of(th, trows[2], tax_key), "年税額", trows[2][amount], new_amount, 4, 4)
    )
    kept = [r for i, r in enumerate(trows) if i not in (5, 9)]
    expected.add((tfile, "added", key_of(th, added, tax_key), None, None, None, None, len(kept) + 2))
    expected.add(
        (tfile, "duplicate_key", key_of(th, trows[0], tax_key), None, None, None, None, len(kept) + 3)
    )

    def tax_edit(header: list[str], rows: Rows) -> Rows:
        out = [list(r) for i, r in enumerate(rows) if i not in (5, 9)]
        out[2][amount] = new_amount  # rows 5 and 9 go after it, so row 2 keeps its place
        return [*out, added, list(rows[0])]

    edit(after, TAX, tax_edit)
    result = reconcile(original, after, schema)
    assert facts(result) == expected
    tax = next(r for r in result.layouts if r.layout == TAX)
    assert tax.counts == {"missing": 2, "added": 1, "changed": 1, "duplicate_key": 1}
    assert tax.changed_by_item == {"年税額": 1}
    sums = {s.item: s for s in tax.sums}
    dropped = sum(Decimal(trows[i][amount] or 0) for i in (5, 9))
    delta = sum(Decimal(r[amount] or 0) for r in (added, trows[0])) + 100 - dropped
    assert sums["年税額"].difference == delta
    assert sums["年税額"].before == sum(Decimal(r[amount]) for r in trows if r[amount])
    res = next(r for r in result.layouts if r.layout == RES)
    assert {c.item for c in res.codes} == {"性別"}
    assert res.changed_by_item == {"氏名": 1, "生年月日": 1, "性別": 1}


def test_partitioned_comparison_gives_the_same_differences(
    original: Path, schema: SchemaSet, tmp_path: Path
) -> None:
    """Pieces of 7 rows (split by key hash through the engines' spill) find exactly what one piece finds."""
    after = copy(original, tmp_path)

    def scramble(header: list[str], rows: Rows) -> Rows:
        out = [list(r) for r in rows[::-1] if rows.index(r) % 13]
        for r in out[::5]:
            r[header.index("氏名")] += "＊"
        return [*out, list(rows[4]), list(rows[4])]

    edit(after, RES, scramble)
    whole = reconcile(original, after, schema)
    pieces = reconcile(original, after, schema, ReconcileOptions(partition_rows=7, batch_bytes=4096))
    assert facts(whole) == facts(pieces) and whole.total == pieces.total > 0
    assert {r.layout: r.counts for r in whole.layouts} == {r.layout: r.counts for r in pieces.layouts}


def test_done_when_three_removed_two_added_five_changed(original: Path, tmp_path: Path) -> None:
    """The issue's scenario through the CLI: exactly 10 jsonl lines with --show-values and exit 1; the
    dataset with itself exits 0 with none."""
    after = copy(original, tmp_path)

    def tax_edit(header: list[str], rows: Rows) -> Rows:
        out = [list(r) for i, r in enumerate(rows) if i not in (3, 7, 11)]
        out[0][header.index("年税額")] = str(int(out[0][header.index("年税額")] or 0) + 1)
        out[1][header.index("課税区分")] = "9"
        new = [list(rows[1]), list(rows[2])]
        new[0][header.index("宛名番号")], new[1][header.index("宛名番号")] = "0999999990", "0999999982"
        return [*out, *new]

    def res_edit(header: list[str], rows: Rows) -> None:
        rows[0][header.index("氏名")] = "別人\u3000花子"
        rows[1][header.index("住所")] += "１"
        rows[2][header.index("生年月日")] = "2000-01-01"

    edit(after, TAX, tax_edit)
    edit(after, RES, res_edit)
    runner = CliRunner()
    got = runner.invoke(main, ["reconcile", str(original), str(after), "--format", "jsonl", "--show-values"])
    assert got.exit_code == 1, got.output
    lines = [json.loads(x) for x in got.stdout.splitlines()]
    assert len(lines) == 10
    assert sorted(x["kind"] for x in lines) == ["added"] * 2 + ["changed"] * 5 + ["missing"] * 3
    assert {x["item"] for x in lines if x["kind"] == "changed"} == {
        "年税額",
        "課税区分",
        "氏名",
        "住所",
        "生年月日",
    }
    name = next(x for x in lines if x["item"] == "氏名")
    assert name["after"] == "別人\u3000花子" and name["line_before"] == name["line_after"] == 2
    assert set(name) == {"file", "kind", "key", "item", "before", "after", "line_before", "line_after"}
    same = runner.invoke(main, ["reconcile", str(original), str(original), "--format", "jsonl"])
    assert same.exit_code == 0 and same.stdout == ""


# --- options ----------------------------------------------------------------------------------------


def _one_change(original: Path, tmp_path: Path, item: str, change: Callable[[str], str]) -> Path:
    after = copy(original, tmp_path)

    def go(header: list[str], rows: Rows) -> None:
        rows[0][header.index(item)] = change(rows[0][header.index(item)])

    edit(after, TAX if item in ("更新日時", "年税額") else RES, go)
    return after


def test_ignore_items_leaves_an_item_out(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = _one_change(original, tmp_path, "更新日時", lambda v: "2030-01-01T00:00:00+09:00")
    assert reconcile(original, after, schema).total == 1
    for ignore in ("更新日時", f"{TAX}:更新日時"):
        result = reconcile(original, after, schema, ReconcileOptions(ignore=(ignore,)))
        assert result.identical
    tax = next(r for r in result.layouts if r.layout == TAX)
    assert "更新日時" in tax.ignored_items and "更新日時" not in tax.compared_items
    # ignoring it in another layout does not hide it here
    assert reconcile(original, after, schema, ReconcileOptions(ignore=(f"{RES}:更新日時",))).total == 1


@pytest.mark.parametrize(
    ("normalize", "change"),
    [
        ("trim", lambda v: v + "\u3000"),
        ("trim", lambda v: " " + v),
        ("zenkaku-digits", lambda v: v.replace("1", "１")),
        ("newline", lambda v: v + "\r\n二行目"),
    ],
)
def test_normalize_is_opt_in(
    original: Path, schema: SchemaSet, tmp_path: Path, normalize: str, change: Callable[[str], str]
) -> None:
    item = "住所"
    after = _one_change(original, tmp_path, item, change)
    if normalize == "newline":  # the BEFORE side needs the LF form for the pair to differ by newline only
        before = _one_change(original, tmp_path / "b", item, lambda v: v + "\n二行目")
    elif normalize == "zenkaku-digits":
        before = _one_change(original, tmp_path / "b", item, lambda v: v + "1")
        after = _one_change(original, tmp_path / "a", item, lambda v: v + "１")
    else:
        before = original
    exact = reconcile(before, after, schema)
    assert exact.total == 1 and exact.differences[0].kind == "changed"
    relaxed = reconcile(before, after, schema, ReconcileOptions(normalize=(normalize,)))
    assert relaxed.identical and relaxed.normalize == (normalize,)
    summary = reconcile_report.summary_object(relaxed, ReportOptions.of(schema))
    assert summary["settings"]["normalize"] == [normalize]


def test_ivs_and_gaiji_are_compared_exactly(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    """A migration must keep an IVS: 葛 and 葛+U+E0100 differ under every normalisation."""
    before = _one_change(original, tmp_path / "b", "氏名", lambda v: "葛\U000e0100城\u3000一郎")
    after = _one_change(original, tmp_path / "a", "氏名", lambda v: "葛城\u3000一郎")
    result = reconcile(
        before, after, schema, ReconcileOptions(normalize=("trim", "zenkaku-digits", "newline"))
    )
    assert [(d.kind, d.item) for d in result.differences] == [("changed", "氏名")]


def test_key_override_matches_by_other_items(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = copy(original, tmp_path)
    edit(after, TAX, lambda h, rows: [[*r[:1], "2099", *r[2:]] for r in rows])  # 課税年度 changed everywhere
    by_key = reconcile(original, after, schema)
    tax = next(r for r in by_key.layouts if r.layout == TAX)
    n = len(read(original / f"{TAX}.csv")[1])
    assert tax.counts == {"missing": n, "added": n}
    other = reconcile(original, after, schema, ReconcileOptions(keys={TAX: ("団体コード", "宛名番号")}))
    tax = next(r for r in other.layouts if r.layout == TAX)
    assert tax.key == ("団体コード", "宛名番号") and tax.counts == {"changed": n}
    assert tax.changed_by_item == {"課税年度": n}


def test_items_and_files_on_one_side(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = copy(original, tmp_path)
    (after / "法人住民税_申告.csv").unlink()
    header, rows = read(after / f"{TAX}.csv")
    at = header.index("更新日時")
    write(
        after / f"{TAX}.csv",
        [h for i, h in enumerate(header) if i != at],
        [[v for i, v in enumerate(r) if i != at] for r in rows],
    )
    result = reconcile(original, after, schema)
    kinds = {(d.file, d.kind, d.item) for d in result.differences}
    assert kinds == {
        ("法人住民税_申告.csv", "file_missing", None),
        (f"{TAX}.csv", "item_missing", "更新日時"),
    }


def test_listing_is_capped_per_kind_with_exact_counts(
    original: Path, schema: SchemaSet, tmp_path: Path
) -> None:
    after = copy(original, tmp_path)
    edit(after, TAX, lambda h, rows: rows[5:])
    result = reconcile(original, after, schema, ReconcileOptions(max_per_kind=2))
    tax = next(r for r in result.layouts if r.layout == TAX)
    assert tax.counts == {"missing": 5} and [d.line_before for d in tax.listed] == [2, 3]
    summary = reconcile_report.summary_object(result, ReportOptions.of(schema))
    layout = next(x for x in summary["layouts"] if x["layout"] == TAX)
    assert layout["differences"] == {"missing": 5} and layout["listed"] == {"missing": 2}


def test_unreadable_record_is_a_difference(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = copy(original, tmp_path)
    path = after / f"{TAX}.csv"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].rstrip("\n") + ",extra\n"  # one field too many (F3): its values cannot be trusted
    path.write_text("".join(text), encoding="utf-8")
    result = reconcile(original, after, schema)
    assert {(d.kind, d.line_before, d.line_after) for d in result.differences} == {
        ("unreadable_record", None, 4),
        ("missing", 4, None),
    }


# --- exit codes and reports -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--key", "無い=宛名番号"], 2),
        (["--key", f"{TAX}=無い項目"], 2),
        (["--key", "no-equals"], 2),
        (["--ignore-items", "無い項目"], 2),
        (["--normalize", "nfkc"], 2),
        (["--format", "sarif"], 2),
        (["--format", "jsonl,csv"], 2),
    ],
)
def test_usage_errors_exit_2(original: Path, args: list[str], code: int) -> None:
    got = CliRunner().invoke(main, ["reconcile", str(original), str(original), *args])
    assert got.exit_code == code, got.output


def test_unreadable_input_exits_3(original: Path, tmp_path: Path) -> None:
    got = CliRunner().invoke(main, ["reconcile", str(original), str(tmp_path / "nothing")])
    assert got.exit_code == 3, got.output
    bad = copy(original, tmp_path)
    (bad / f"{TAX}.csv").write_bytes(b"\xff\xfe\x00\x01garbage")
    got = CliRunner().invoke(main, ["reconcile", str(original), str(bad)])
    assert got.exit_code == 3, got.output
    with pytest.raises(ReconcileError) as e:
        reconcile(original, tmp_path / "nothing", schema=_schema())
    assert e.value.code == 3


def _schema() -> SchemaSet:
    from conformance.schema.loader import load_schema_set

    return load_schema_set()


def test_every_format_and_the_summary(original: Path, tmp_path: Path) -> None:
    after = _one_change(original, tmp_path, "年税額", lambda v: str(int(v or 0) + 5))
    out = tmp_path / "out"
    got = CliRunner().invoke(
        main,
        [
            "reconcile",
            str(original),
            str(after),
            "--format",
            "text,jsonl,json,csv,html",
            "--output-dir",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert got.exit_code == 1, got.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "reconcile.txt",
            "reconcile.jsonl",
            "reconcile.json",
            "reconcile.csv",
            "reconcile.html",
            "reconcile.summary.json",
        ]
    )
    summary = json.loads((out / "reconcile.summary.json").read_text(encoding="utf-8"))
    assert summary["identical"] is False and summary["totals"]["differences"] == 1
    tax = next(x for x in summary["layouts"] if x["layout"] == TAX)
    sums = {s["item"]: s for s in tax["sums"]}
    assert sums["年税額"]["difference"] == "5"
    csv_text = (out / "reconcile.csv").read_bytes().decode("utf-8")
    assert csv_text.startswith("\ufeff") and "\r\n" in csv_text and "value changed" in csv_text
    page = (out / "reconcile.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and 'id="f-kind"' in page and "年税額" in page
    assert "&lt;" not in page  # no markup of ours escaped twice
    assert "differences (1)" in (out / "reconcile.txt").read_text(encoding="utf-8")
    whole = json.loads((out / "reconcile.json").read_text(encoding="utf-8"))
    assert len(whole["differences"]) == 1 and whole["differences"][0]["item"] == "年税額"


def test_values_and_keys_are_masked_unless_show_values(
    original: Path, schema: SchemaSet, tmp_path: Path
) -> None:
    secret = "秘密\u3000山田"
    after = _one_change(original, tmp_path, "氏名", lambda v: secret)
    result = reconcile(original, after, schema)
    (d,) = result.differences
    original_name = d.before
    assert original_name is not None
    key_values = [v for _, v in d.key if v]
    for show in (False, True):
        opts = ReportOptions.of(schema, show_values=show)
        for name, writer in RECONCILE_FORMATS.items():
            text = rendered(writer, result, opts)
            for value in (secret, original_name.split("\u3000")[0], *[v for v in key_values if len(v) > 6]):
                assert (value in text) is show, (name, value, show)


def test_difference_object_shape(schema: SchemaSet) -> None:
    d = Difference("f.csv", "changed", (("宛名番号", "0000100005"),), "年税額", "10", "11", 2, 3)
    obj = reconcile_report.difference_object(d, ReportOptions.of(schema))
    assert obj == {
        "file": "f.csv",
        "kind": "changed",
        "key": {"宛名番号": "**********"},
        "item": "年税額",
        "before": "10",
        "after": "11",
        "line_before": 2,
        "line_after": 3,
    }


def test_the_spill_folder_is_removed(original: Path, tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    stale = spill / "conformance-spill-999999999-left"  # a folder of a killed run (no such pid)
    stale.mkdir(parents=True)
    args = ["reconcile", str(original), str(original), "--spill-dir", str(spill), "-q"]
    got = CliRunner().invoke(main, args)
    assert got.exit_code == 0 and got.stdout.strip() == "一致（差異なし）"
    assert list(spill.iterdir()) == []


# --- property: the partitioned polars comparison equals a plain dict model -----------------------------

_VALUES = st.sampled_from(["", "1", "01", "１", " 1", "1\u3000", "a,b", 'q"q', "葛", "葛\U000e0100"])
_ROWS = st.lists(st.lists(_VALUES, min_size=4, max_size=4), max_size=25)


def _model(
    before: Rows, after: Rows, key: int, normalize: tuple[str, ...], names: list[str]
) -> set[tuple[object, ...]]:
    """What reconcile must find, by dicts: first occurrence of a key matched, later ones repeated."""

    def norm(v: str) -> str:
        if "trim" in normalize:
            v = v.strip(" \t\u3000")
        if "zenkaku-digits" in normalize:
            v = v.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        return v

    def raw(v: str) -> str | None:
        return v or None

    out: set[tuple[object, ...]] = set()
    firsts: list[dict[str, tuple[int, list[str]]]] = []
    for side, rows in (("before", before), ("after", after)):
        first: dict[str, tuple[int, list[str]]] = {}
        for i, r in enumerate(rows):
            k = norm(r[key])
            if k in first:
                lines = (i + 2, None) if side == "before" else (None, i + 2)
                out.add(("duplicate_key", ((names[key], raw(r[key])),), None, None, None, *lines))
            else:
                first[k] = (i + 2, r)
        firsts.append(first)
    fb, fa = firsts
    for k, (line, r) in fb.items():
        if k not in fa:
            out.add(("missing", ((names[key], raw(r[key])),), None, None, None, line, None))
            continue
        line_a, ra = fa[k]
        for j, name in enumerate(names):
            if j != key and norm(r[j]) != norm(ra[j]):
                out.add(("changed", ((names[key], raw(r[key])),), name, raw(r[j]), raw(ra[j]), line, line_a))
    for k, (line, r) in fa.items():
        if k not in fb:
            out.add(("added", ((names[key], raw(r[key])),), None, None, None, None, line))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=_ROWS,
    after=_ROWS,
    normalize=st.sampled_from([(), ("trim",), ("trim", "zenkaku-digits")]),
    partition=st.sampled_from([3, 1000]),
)
def test_reconcile_equals_a_dict_model(
    schema: SchemaSet,
    tmp_path_factory: pytest.TempPathFactory,
    before: Rows,
    after: Rows,
    normalize: tuple[str, ...],
    partition: int,
) -> None:
    names = ["団体コード", "課税年度", "宛名番号", "年税額"]
    folder = tmp_path_factory.mktemp("prop")
    paths = []
    for side, rows in (("b", before), ("a", after)):
        (folder / side).mkdir()
        path = folder / side / f"{TAX}.csv"
        write(path, names, rows)
        paths.append(path)
    options = ReconcileOptions(
        keys={TAX: ("宛名番号",)}, normalize=normalize, partition_rows=partition, max_per_kind=-1
    )
    result = reconcile(paths[0], paths[1], schema, options)
    got = {
        (d.kind, d.key, d.item, d.before, d.after, d.line_before, d.line_after)
        for d in result.differences
        if d.kind not in ("item_missing", "item_added")
    }
    assert got == _model(before, after, 2, normalize, names)
    tax = result.layouts[0]
    assert tax.total == len(result.differences)


def test_an_empty_file_has_every_record_missing(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    after = copy(original, tmp_path)
    (after / f"{TAX}.csv").write_bytes(b"")
    result = reconcile(original, after, schema)
    tax = next(r for r in result.layouts if r.layout == TAX)
    header, rows = read(original / f"{TAX}.csv")
    key = schema.files[TAX].primary_key
    assert tax.counts == {"missing": len(rows), "item_missing": len(header) - len(key)}
    both = copy(after, tmp_path, "again")
    assert reconcile(after, both, schema).identical


def test_column_order_and_a_cp932_legacy_export(original: Path, schema: SchemaSet, tmp_path: Path) -> None:
    """Items are matched by name, not position; BEFORE in CP932 is read with --before-encoding."""
    after = copy(original, tmp_path)
    header, rows = read(after / f"{RES}.csv")
    order = list(range(len(header)))[::-1]
    write(after / f"{RES}.csv", [header[i] for i in order], [[r[i] for i in order] for r in rows])
    assert reconcile(original, after, schema).identical
    legacy = copy(original, tmp_path, "legacy")
    for path in legacy.glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp932", errors="strict"))
    got = CliRunner().invoke(main, ["reconcile", str(legacy), str(original)])
    assert got.exit_code == 3, got.output  # undeclared CP932 is unreadable (F1), as in validate
    assert reconcile(legacy, after, schema, ReconcileOptions(before_encoding="cp932")).identical
