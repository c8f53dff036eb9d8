"""``schema diff``: renames by データ項目ID, changes, added/removed items, moves only when order changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conformance.cli import main
from conformance.schema.loader import bundled_schema_root

LAYOUT = "layouts/軽自動車税_車両.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["schema", "diff", *args])
    return result.exit_code, result.stdout, result.stderr


def with_ids(root: Path, edit: Any = None) -> Path:
    shutil.copytree(bundled_schema_root(), root)
    path = root / LAYOUT
    doc = json.loads(path.read_text(encoding="utf-8"))
    for item in doc["items"]:
        item["追加属性"] = {"データ項目ID": f"K{item['項目番号']:02d}"}
    if edit is not None:
        edit(doc["items"])
        for number, item in enumerate(doc["items"], start=1):
            item["項目番号"] = number
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root


def test_equal_sets_exit_0(tmp_path: Path) -> None:
    a, b = with_ids(tmp_path / "a"), with_ids(tmp_path / "b")
    assert run(str(a), str(b)) == (0, "差分はありません。\n", "")
    assert run(str(a), str(b), "--lang", "en") == (0, "the sets are equal.\n", "")


def test_an_inserted_item_shifts_numbers_but_moves_nothing(tmp_path: Path) -> None:
    def insert(items: list[dict[str, Any]]) -> None:
        new = dict(items[2], 項目名="標識番号枝番", 追加属性={"データ項目ID": "K99"})
        items.insert(3, new)

    a, b = with_ids(tmp_path / "a"), with_ids(tmp_path / "b", insert)
    assert run(str(a), str(b), "--lang", "en") == (
        1,
        "layout 軽自動車税_車両:\n  added: 標識番号枝番 (no. 4)\n",
        "",
    )


def test_rename_change_remove_and_move(tmp_path: Path) -> None:
    def edit(items: list[dict[str, Any]]) -> None:
        items[6]["項目名"] = "取得年月日"  # K07 renamed
        items[3]["最大桁数"] = 17  # 車台番号 changed
        del items[7]  # 初度検査年月 removed
        items[7], items[8] = items[8], items[7]  # 年税額 before 税率区分 (indexes after the removal)

    a, b = with_ids(tmp_path / "a"), with_ids(tmp_path / "b", edit)
    code, out, _ = run(str(a), str(b))
    assert code == 1
    assert out == (
        "レイアウト 軽自動車税_車両:\n"
        "  削除: 初度検査年月（項目番号 8）\n"
        "  名称変更: 取得日 → 取得年月日\n"
        "  変更: 車台番号 の 最大桁数: 30 → 17\n"
        "  順序変更: 税率区分（新しい項目番号 9）\n"
    )
