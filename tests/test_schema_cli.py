"""``conformance schema`` sub-commands: output, files written, one-line located errors with exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conformance.cli import main
from conformance.schema.loader import bundled_schema_root

ROOT = bundled_schema_root()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["schema", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_bundled() -> None:
    code, out, err = run("check")
    assert (code, err) == (0, "")
    assert out == (
        f"OK: 住民記録・地方税 移行データ 参照データセット ({ROOT}): 7 files, 117 items, "
        "19 code tables, 5 eras\n"
    )


def test_check_broken_set_prints_one_located_line(tmp_path: Path) -> None:
    root = tmp_path / "set"
    shutil.copytree(ROOT, root)
    layout = root / "layouts/住民記録_住登外者.json"
    doc = json.loads(layout.read_text(encoding="utf-8"))
    doc["items"][2]["コード表"] = "個人法人"
    layout.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("check", str(root))
    assert (code, out) == (2, "")
    assert err.startswith(
        f"error: {layout}: $.items[2].コード表: code table '個人法人' is not loaded (known: "
    )
    assert err.count("\n") == 1 and "Traceback" not in err


def test_check_with_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text('{"disabled_rules": ["X1"], "colour": "red"}', encoding="utf-8")
    code, _, err = run("check", "--config", str(config))
    assert code == 2
    assert err.startswith(f"error: {config}: $.colour: unknown key 'colour'")


def test_import_to_stdout_equals_the_bundled_layout() -> None:
    code, out, err = run("import", str(ROOT / "sheets/軽自動車税_車両.csv"))
    assert (code, err) == (0, "")
    assert out == (ROOT / "layouts/軽自動車税_車両.json").read_text(encoding="utf-8")


def test_import_to_file_with_name_and_synonyms(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("No,項目名,型,メモ\n1,課税年度,年,西暦\n", encoding="utf-8")
    synonyms = tmp_path / "syn.json"
    synonyms.write_text('{"synonyms": {"メモ": "備考"}}', encoding="utf-8")
    out = tmp_path / "out" / "layout.json"
    code, stdout, err = run(
        "import", str(sheet), "-o", str(out), "--name", "課税", "--synonyms", str(synonyms)
    )
    assert (code, stdout, err) == (0, "", f"wrote {out} (1 item)\n")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["name"], doc["items"][0]["備考"], doc["items"][0]["データ型"]) == ("課税", "西暦", "年")


def test_import_unknown_header_strict_exits_2(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("No,項目名,型,メモ\n1,課税年度,年,西暦\n", encoding="utf-8")
    code, out, err = run("import", str(sheet), "--strict", "--lang", "en")
    assert (code, out) == (2, "")
    assert (
        err == f"error: {sheet}: row 1: unknown column 'メモ' (column 4) (--strict); "
        "map it with --synonyms FILE\n"
    )


def test_build_bundled_into_a_copy(tmp_path: Path) -> None:
    root = tmp_path / "set"
    shutil.copytree(ROOT, root)
    for path in (root / "layouts").glob("*.json"):
        path.unlink()
    code, out, err = run("build-bundled", str(root))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        str(root / "layouts" / f"{p.stem}.json") for p in sorted((root / "sheets").glob("*.csv"))
    ]
    for path in (ROOT / "layouts").glob("*.json"):
        assert (root / "layouts" / path.name).read_bytes() == path.read_bytes()
