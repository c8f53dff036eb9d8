"""`conformance rules`: every catalogue rule listed in each format (test_generated keeps docs/rules.md)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conformance.cli import main
from conformance.rules.catalogue import RULES, rule_ids

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def run(*args: str) -> str:
    res = CliRunner().invoke(main, ["rules", *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_json_lists_every_rule_in_spec_order_with_all_fields() -> None:
    doc = json.loads(run("--format", "json"))
    assert [r["id"] for r in doc] == rule_ids()
    assert len(doc) == 15 + 9 + 35 + 2 + 3  # F, C, X of the spec; D1–D2 our own; F16–F18 of §13
    x1 = doc[rule_ids().index("X1")]
    assert x1["severity"] == "error" and x1["scope"] == "file"
    assert x1["title_ja"] == "主キーの重複" and x1["title_en"] == "Duplicate primary key"
    assert x1["source"] == RULES["X1"].source


def test_every_rule_has_explanations_in_both_languages() -> None:
    missing = [r for r in rule_ids() if not (RULES[r].explanation_ja and RULES[r].explanation_en)]
    assert missing == []


def test_text_lists_every_id_with_severity_and_title() -> None:
    for lang in ("ja", "en"):
        out = run("--lang", lang)
        heads = [line.split()[0] for line in out.splitlines() if line[:1] in "FCXD" and line[1:2].isdigit()]
        assert heads == rule_ids()
    assert "X30  info     row      年税額 differs from the standard rate" in run("--lang", "en")
    assert "X30  info     row      標準税率と異なる年税額" in run("--lang", "ja")


def test_markdown_is_bilingual_and_has_a_section_per_rule() -> None:
    md = run("--format", "markdown")
    for r in rule_ids():
        info = RULES[r]
        assert f"### {r} {info.title_ja} / {info.title_en}\n" in md
    row = "| X23 | error（誤り） | row（行） | 年税額＝所得割額＋均等割額 | 年税額 ≠ 所得割額 + 均等割額 |"
    assert row in md


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "rules.json"
    assert run("--format", "json", "-o", str(target)) == ""
    assert [r["id"] for r in json.loads(target.read_text(encoding="utf-8"))] == rule_ids()


def test_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["rules", "-o", str(tmp_path / "missing" / "rules.md")])
    assert res.exit_code == 1
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert res.output.startswith("Error: cannot write ")
    assert "Traceback" not in res.output


def test_people_read_the_certainty_tags_in_words() -> None:
    """The spec's VERIFIED / INFERRED tags become 確認済み / 推定 (verified / inferred) wherever people read a
    rule; the JSON keeps them as written."""
    assert "INFERRED" in RULES["C7"].source
    for lang, word in (("ja", "推定"), ("en", "inferred")):
        out = run("--lang", lang)
        assert "INFERRED" not in out and "VERIFIED" not in out
        assert word in out
    text = DOCS.read_text(encoding="utf-8")
    assert "INFERRED" not in text
    assert "- 根拠: §3.4 C7; 推定 / Source: §3.4 C7; inferred" in text
    assert json.loads(run("--format", "json"))[rule_ids().index("C7")]["source"] == RULES["C7"].source
