"""The synthetic dataset generator: determinism, clean data, injected faults versus the answer key."""

from __future__ import annotations

import ast
import csv
import dataclasses
import graphlib
import io
import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.rules.catalogue import RULES
from conformance.sample import names
from conformance.sample.dataset import FILES
from conformance.sample.dates import Wareki
from conformance.sample.generator import SampleError, generate
from conformance.sample.numbers import (
    M11Counter,
    corporate_number,
    local_gov_check,
    m11_check,
    my_number,
    with_wrong_m11,
)
from conformance.schema.model import SchemaSet

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
PACKAGE = REPO / "conformance" / "sample"
LOWER_LAYERS = {"core", "types", "schema", "rules", "sample"}  # what sample (layer 6) may import
# D1–D2 concern whole files, not a record; F16–F18 exist only in the other input formats (sample/outputs.py)
NOT_INJECTED = {"F4", "F7", "F14", "D1", "D2", "F16", "F17", "F18"}
Key = tuple[str, int | None, str | None, str]


# ------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generate(out, rows=300, seed=11)
    return out


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("injected")
    generate(out, rows=300, seed=12, inject=True)
    return out


def answer_key(d: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (d / "answer_key.jsonl").read_text(encoding="utf-8").splitlines()]


def key_set(entries: list[dict[str, object]]) -> set[Key]:
    return {(Path(str(e["file"])).name, e["line"], e["item"], e["rule"]) for e in entries}  # type: ignore[misc]


def findings(d: Path, schema: SchemaSet) -> set[Key]:
    from conformance.api import validate

    result = validate(sorted(d.glob("*.csv")), schema=schema, max_per_rule=None)
    return {(Path(f.file).name, f.line, f.item, f.rule) for f in result.findings}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def tree(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


# ------------------------------------------------------------------------------------------- structure


def sample_imports() -> dict[str, set[str]]:
    """The modules each sample module imports, wherever the import is written (in a function too)."""
    modules = {f"conformance.sample.{p.stem}": p for p in PACKAGE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0 and node.module, f"{name}: relative import"
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    targets.add(sub if sub in modules else node.module)
        graph[name] = targets
    return graph


def test_sample_modules_import_one_way() -> None:
    graph = sample_imports()
    internal = {m: {t for t in targets if t in graph} for m, targets in graph.items()}
    try:
        list(graphlib.TopologicalSorter(internal).static_order())
    except graphlib.CycleError as e:
        pytest.fail(f"import cycle in conformance.sample: {e.args[1]}")
    reached, todo = set(), ["conformance.sample.inject"]
    while todo:
        for t in internal[todo.pop()] - reached:
            reached.add(t)
            todo.append(t)
    assert "conformance.sample.generator" not in reached  # the orchestration imports the faults, not back


def test_sample_imports_only_lower_layers() -> None:
    for name, targets in sample_imports().items():
        packages = {t.split(".")[1] for t in targets if t.startswith("conformance.")}
        # outputs.py carries each CSV record over exactly as the validator's CSV reader reads it
        allowed = LOWER_LAYERS | ({"readers"} if name == "conformance.sample.outputs" else set())
        assert packages <= allowed, (name, packages - allowed)


def test_sample_imports_are_at_module_level() -> None:
    """A function-level import is how a cycle hides from a reader; none is needed."""
    for path in PACKAGE.glob("*.py"):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                nested = [n for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert not nested, f"{path.name}: import inside {fn.name}()"


# ------------------------------------------------------------------------------------------- determinism


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", rows=120, seed=5, inject=True)
    generate(tmp_path / "b", rows=120, seed=5, inject=True)
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert sorted(a) == sorted([f"{f}.csv" for f in FILES] + ["answer_key.jsonl"])
    assert a == b


def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", rows=60, seed=1)
    generate(tmp_path / "b", rows=60, seed=2)
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


@pytest.mark.parametrize(
    ("folder", "rows", "seed", "inject"), [("valid", 200, 1, False), ("invalid", 200, 2, True)]
)
def test_committed_samples_are_what_the_generator_writes(
    tmp_path: Path, folder: str, rows: int, seed: int, inject: bool
) -> None:
    info = generate(tmp_path, rows=rows, seed=seed, inject=inject)
    committed = {k: v for k, v in tree(SAMPLES / folder).items() if k != "expected.jsonl"}
    assert committed == tree(tmp_path)
    assert info.violations == (len(answer_key(tmp_path)) if inject else 0)


# ------------------------------------------------------------------------------------------- shape


def test_rows_and_proportions(clean: Path) -> None:
    counts = {f: len(read_rows(clean / f"{f}.csv")) for f in FILES}
    assert counts["住民記録_住民"] == 300  # exactly the requested clean rows
    expected = {"住民記録_住登外者": 15, "個人住民税_課税": 135, "固定資産税_土地": 90, "固定資産税_家屋": 75,
                "軽自動車税_車両": 30, "法人住民税_申告": 3}
    for f, n in expected.items():
        assert n * 0.8 - 1 <= counts[f] <= n * 1.2 + 3, (f, counts[f])


def test_one_row_still_writes_every_file(tmp_path: Path) -> None:
    info = generate(tmp_path, rows=1, seed=3)
    assert info.files["住民記録_住民.csv"] == 1
    assert all(n >= 1 for n in info.files.values()), info.files
    assert not (tmp_path / "answer_key.jsonl").exists()


def header(path: Path) -> list[str]:
    return path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8").split(",")


def test_headers_are_the_layout_items(clean: Path, injected: Path, schema: SchemaSet) -> None:
    for d in (clean, injected):
        for f in FILES:
            assert header(d / f"{f}.csv") == list(schema.files[f].layout.item_names)


def test_headers_and_file_names_follow_the_schema_set_given(tmp_path: Path, schema: SchemaSet) -> None:
    """A layout the generator was not written for: its own header, its own names, unknown items NULL."""
    files = dict(schema.files)
    spec = files["固定資産税_家屋"]
    extra = dataclasses.replace(spec.layout.items[-1], number=len(spec.layout.items) + 1, name="見本備考")
    files["固定資産税_家屋"] = dataclasses.replace(
        spec, layout=dataclasses.replace(spec.layout, items=(*spec.layout.items, extra)))
    custom = dataclasses.replace(schema, files=files, file_name_pattern="R6_{file}.csv")
    info = generate(tmp_path, rows=40, seed=6, inject=True, schema=custom)
    assert sorted(info.files) == sorted(f"R6_{f}.csv" for f in FILES)
    for f in FILES:
        assert header(tmp_path / f"R6_{f}.csv") == list(custom.files[f].layout.item_names)
    assert {r["見本備考"] for r in read_rows(tmp_path / "R6_固定資産税_家屋.csv")} == {""}
    assert {str(e["file"]) for e in answer_key(tmp_path)} <= set(info.files)


def test_bad_arguments_raise_sample_error(tmp_path: Path) -> None:
    with pytest.raises(SampleError, match="at least 1"):
        generate(tmp_path, rows=0)
    with pytest.raises(SampleError, match="non-negative"):
        generate(tmp_path, seed=-1)


def test_schema_order_is_followed_and_missing_files_refused(tmp_path: Path, schema: SchemaSet) -> None:
    spec = schema.files["住民記録_住登外者"]
    reversed_layout = dataclasses.replace(spec.layout, items=tuple(reversed(spec.layout.items)))
    files = dict(schema.files)
    files["住民記録_住登外者"] = dataclasses.replace(spec, layout=reversed_layout)
    custom = dataclasses.replace(schema, files=files)
    generate(tmp_path / "ref", rows=80, seed=4)
    generate(tmp_path / "rev", rows=80, seed=4, schema=custom)
    ref = read_rows(tmp_path / "ref" / "住民記録_住登外者.csv")
    rev_text = (tmp_path / "rev" / "住民記録_住登外者.csv").read_text(encoding="utf-8")
    assert rev_text.split("\n", 1)[0] == ",".join(reversed(spec.layout.item_names))
    assert read_rows(tmp_path / "rev" / "住民記録_住登外者.csv") == ref  # same records, other column order
    del files["法人住民税_申告"]
    with pytest.raises(SampleError, match="法人住民税_申告"):
        generate(tmp_path / "x", rows=5, schema=dataclasses.replace(schema, files=files))


# ------------------------------------------------------------------------------------------- clean data


def test_clean_dataset_has_no_findings(clean: Path, schema: SchemaSet) -> None:
    assert findings(clean, schema) == set()


def test_committed_valid_sample_has_no_findings(schema: SchemaSet) -> None:
    assert findings(SAMPLES / "valid", schema) == set()


def test_clean_invariants_hold_independently_of_the_validator(clean: Path) -> None:
    """A second, validator-free look at the rules the generator must respect (keys, histories, households)."""
    res = read_rows(clean / "住民記録_住民.csv")
    outs = read_rows(clean / "住民記録_住登外者.csv")
    history: dict[str, list[int]] = defaultdict(list)
    current: dict[str, dict[str, str]] = {}
    for r in res:
        history[r["宛名番号"]].append(int(r["履歴番号"]))
        current[r["宛名番号"]] = r  # rows of a person are written in 履歴番号 order
    assert all(sorted(h) == list(range(1, len(h) + 1)) for h in history.values())
    households: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in current.values():
        if r["住民状態"] == "1":
            households[r["世帯番号"]].append(r)
    for members in households.values():
        heads = [m for m in members if m["続柄"] == "世帯主"]
        assert len(heads) == 1
        head_name = heads[0]["氏名"] or heads[0]["氏名アルファベット"]
        for m in members:
            assert m["世帯主氏名"] == head_name
            for item in ("住所", "方書", "郵便番号", "住所コード"):
                assert m[item] == members[0][item]
    numbers: dict[str, str] = {}
    for r in res:
        for item in ("個人番号", "住民票コード"):
            if r[item]:
                assert numbers.setdefault(item + r[item], r["宛名番号"]) == r["宛名番号"]
    resident_ids, outsider_ids = set(current), {r["宛名番号"] for r in outs}
    assert not resident_ids & outsider_ids
    refs = [("個人住民税_課税", "宛名番号"), ("固定資産税_土地", "納税義務者宛名番号"),
            ("固定資産税_家屋", "納税義務者宛名番号"), ("軽自動車税_車両", "所有者宛名番号")]
    for f, item in refs:
        for r in read_rows(clean / f"{f}.csv"):
            assert r[item] in resident_ids | outsider_ids
    outsider_numbers = {r["宛名番号"]: r["個人番号"] for r in outs}
    for r in read_rows(clean / "個人住民税_課税.csv"):
        if r["課税区分"] != "4":
            assert int(r["年税額"]) == int(r["所得割額"]) + int(r["均等割額"])
        who = r["宛名番号"]
        assert r["個人番号"] == (current[who]["個人番号"] if who in current else outsider_numbers[who])


def test_clean_check_digits_and_repertoire(clean: Path) -> None:
    ivs = re.compile("[\U000e0100-\U000e01ef]")
    platform = {0x301C, 0xFF5E, 0x32FF, *range(0x2460, 0x2474), *range(0x2160, 0x216A),
                *range(0x2170, 0x217A), *range(0x3300, 0x3400), 0x2116, 0x2121, 0x3231, 0x3232, 0x3239}
    for f in FILES:
        text = (clean / f"{f}.csv").read_text(encoding="utf-8")
        for ch in set(ivs.sub("", text)) - {"\n", ","}:
            ch.encode("euc_jis_2004")  # raises when outside JIS X 0213 (F12)
            assert ord(ch) not in platform, (f, ch)  # F11
        for r in read_rows(clean / f"{f}.csv"):
            assert r["団体コード"] == "132993"
            for item in ("宛名番号", "世帯番号", "納税義務者宛名番号", "所有者宛名番号"):
                if r.get(item):
                    assert m11_check(r[item][:-1]) == int(r[item][-1])
            for item in ("個人番号",):
                if r.get(item):
                    assert my_number(r[item][:-1]) == r[item]
            for item in ("法人番号", "特別徴収義務者法人番号"):
                if r.get(item):
                    assert corporate_number(r[item][1:]) == r[item]


def test_vocabulary_fits_the_item_types() -> None:
    kana = re.compile("[\u30a1-\u30fa\u30fc\u3000]+")
    for s in names.all_vocabulary():
        s.replace(names.IVS_SAI, "斉").encode("euc_jis_2004")  # raises on any other selector or non-JIS char
    for _, reading in (*names.JP_SURNAMES, *names.JP_MALE, *names.JP_FEMALE, *names.CORP_TRADES):
        assert kana.fullmatch(reading), reading
    for groups in names.FOREIGN.values():
        for entries in groups.values():
            for alpha, reading, _ in entries:
                assert re.fullmatch(r"[A-Z ,\-.']+", alpha) and kana.fullmatch(reading), (alpha, reading)
    assert any(names.IVS_SAI in s for s, _ in names.JP_SURNAMES)
    assert [names.kanji_number(n) for n in (1, 12, 20)] == ["一", "十二", "二十"]


def test_wareki_follows_the_schema_eras(schema: SchemaSet) -> None:
    wareki = Wareki(schema.eras)
    assert wareki(1989, 1, 7) == "3640107" and wareki(1989, 1, 8) == "4010108"
    assert wareki(1912, 7, 30) == "2010730"  # a day two eras share takes the later one
    assert wareki(1951, 2, 29) == "3260229"  # non-calendar days (暦外可) convert too
    assert wareki.circa(date(1937, 5, 1)) == "昭和12年頃"
    renamed = [dataclasses.replace(e, code=str(int(e.code) + 5)) for e in schema.eras]
    assert Wareki(renamed)(2024, 4, 1) == "10060401"  # the codes of the set given, not a built-in table


def test_check_digit_vectors_of_the_spec() -> None:
    assert my_number("98320567321") == "983205673214"
    assert my_number("20000000000") == "200000000000"  # remainder 1 -> 0
    assert corporate_number("180301018771") == "1180301018771"
    assert local_gov_check("13299") == 3 and local_gov_check("13208") == 0 and local_gov_check("13202") == 1
    assert m11_check("000010001") == 3 and m11_check("000010008") == 0 and m11_check("000010003") is None
    counter = M11Counter(10000)
    assert [counter.next() for _ in range(4)] == ["0000100005", "0000100013", "0000100021", "0000100048"]
    wrong = with_wrong_m11("0000100013")
    assert wrong[:-1] == "000010001" and wrong[-1] not in "30"


# ------------------------------------------------------------------------------------------- injected


def test_answer_key_covers_every_rule_and_is_sorted(injected: Path, schema: SchemaSet) -> None:
    key = answer_key(injected)
    order = [(str(e["file"]), int(str(e["line"]))) for e in key]
    assert order == sorted(order)
    assert {e["rule"] for e in key} == set(RULES) - NOT_INJECTED
    assert len(key_set(key)) == len(key)
    for e in key:
        assert set(e) == {"file", "line", "item", "rule"}
        file = str(e["file"])
        assert e["item"] is None or e["item"] in schema.files[file.removesuffix(".csv")].layout.item_names


def test_injected_faults_are_where_the_key_says(injected: Path, schema: SchemaSet) -> None:
    key = answer_key(injected)
    raw = {f: (injected / f"{f}.csv").read_bytes() for f in FILES}
    lines = {f: data.split(b"\n") for f, data in raw.items()}
    assert raw["法人住民税_申告"].startswith(b"\xef\xbb\xbf")
    assert sum(data.startswith(b"\xef\xbb\xbf") for data in raw.values()) == 1
    for e in key:
        f, n = str(e["file"]).removesuffix(".csv"), int(e["line"])  # type: ignore[call-overload]
        line = lines[f][n - 1]
        if e["rule"] == "F6":
            assert line.endswith(b"\r")
        elif e["rule"] == "F5":
            assert line.count(b'"') == 1  # the quoted field goes on to the next physical line
        elif e["rule"] == "F1":
            with pytest.raises(UnicodeDecodeError):
                line.decode("utf-8")
        elif e["rule"] == "F3":
            assert len(next(csv.reader(io.StringIO(line.decode())))) == len(schema.files[f].layout.items) - 1
        elif e["rule"] != "F2":
            row = next(csv.reader(io.StringIO(line.decode().rstrip("\r"))))
            assert len(row) == len(schema.files[f].layout.items)
    crlf = [ln for data in raw.values() for ln in data.split(b"\n") if ln.endswith(b"\r")]
    assert len(crlf) == 1  # the one F6 record; every other line is LF


def test_injected_dataset_findings_equal_the_answer_key(injected: Path, schema: SchemaSet) -> None:
    assert findings(injected, schema) == key_set(answer_key(injected))


def test_committed_invalid_sample_matches_key_and_expected_report(schema: SchemaSet) -> None:
    key = key_set(answer_key(SAMPLES / "invalid"))
    assert findings(SAMPLES / "invalid", schema) == key
    expected = SAMPLES / "invalid" / "expected.jsonl"
    report = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines()]
    assert key_set(report) == key
    assert all(r["severity"] == RULES[str(r["rule"])].severity.value or r["rule"] in ("C8", "F12")
               for r in report)


# ------------------------------------------------------------------------------------------- CLI


def test_cli_writes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    args = ["sample", str(out), "--rows", "30", "--seed", "9", "--inject-violations"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    assert len(printed) == 8
    assert printed[0] == f"{out / '住民記録_住民.csv'}\t{len(read_rows(out / '住民記録_住民.csv'))} rows"
    assert printed[-1] == f"{out / 'answer_key.jsonl'}\t{len(answer_key(out))} injected violations"


def test_cli_refuses_a_non_empty_directory_without_force(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["sample", str(tmp_path), "--rows", "5"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not empty" in result.stderr and "--force" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_cli_force_overwrites_and_drops_a_stale_answer_key(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["sample", str(tmp_path), "--rows", "5", "--inject-violations"]).exit_code == 0
    result = runner.invoke(main, ["sample", str(tmp_path), "--rows", "5", "--force"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "answer_key.jsonl").exists()
    assert len(read_rows(tmp_path / "住民記録_住民.csv")) == 5


def test_cli_rejects_a_file_as_output(tmp_path: Path) -> None:
    target = tmp_path / "file.csv"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["sample", str(target)])
    assert result.exit_code == 2 and "not a directory" in result.stderr
