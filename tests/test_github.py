"""GitHub Actions: workflow commands that data cannot break, per-type caps, the Markdown step summary."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import make_finding

from conformance import __version__
from conformance.core.findings import Severity
from conformance.reports import github
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions
from tests.test_junit import IDS, A, B, ci_result

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
EN = ReportOptions(lang="en", identifying=IDS)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a command as the runner does: ``::name k=v,k=v::data``, then unescape (``%25`` last)."""
    assert line.startswith("::") and "\n" not in line and "\r" not in line
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")
    properties: dict[str, str] = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(code, char)
        properties[key] = value
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        data = data.replace(code, char)
    return name, properties, data


def test_escaping_follows_the_workflow_command_spec() -> None:
    assert github.escape_data("50% a:b,c\r\nd") == "50%25 a:b,c\\x0d\\x0ad"
    assert github.escape_property("50% a:b,c\r\nd") == "50%25 a%3Ab%2Cc\\x0d\\x0ad"
    assert github.escape_data("%0A") == "%250A"  # an escape sequence in the data stays literal
    assert github.command("notice", {"file": None, "title": "t"}, "m") == "::notice title=t::m"
    assert github.command("notice", {}, "m") == "::notice::m"


def test_annotations_exact_lines() -> None:
    lines = github.annotation_lines(ci_result(), EN)
    assert lines == [
        "::error file=住民記録_住民.csv,line=1,title=F4 Header row::氏名: missing column",
        "::error file=住民記録_住民.csv,line=3,title=C9 Japanese era date::"
        "生年月日: invalid era date (value: ****-**-**)",
        "::warning file=住民記録_住民.csv,line=4,title=F15 Surrounding spaces::"
        "備考: surrounding space (value:  見本)",
        "::warning file=住民記録_住民.csv,line=5,title=F15 Surrounding spaces::"
        "備考: surrounding space (value: 試験 )",
        "::notice file=個人住民税_課税.csv,title=X21 宛名番号 not found in 住民記録::not checked",
        f"::notice title=conformance {__version__}::"
        "Verdict: does not conform — 2 errors, 2 warnings, 1 info (5 total)",
    ]


def test_japanese_annotation_message() -> None:
    lines = github.annotation_lines(ci_result(), ReportOptions(lang="ja", identifying=IDS))
    assert lines[1] == (
        "::error file=住民記録_住民.csv,line=3,title=C9 和暦日付::生年月日: 和暦日付が不正（値: ****-**-**）"
    )
    assert lines[-1].endswith("::判定: 不適合 — 誤り 2件・警告 2件・情報 1件（計 5件）")


@pytest.mark.parametrize(
    "value",
    ["a\nb", "x::error::injected", "100%0A", "\r\n::warning file=x::y\n", "a,b:c=d%"],
)
def test_data_never_breaks_a_command(value: str) -> None:
    file = "dir,x:y/住民記録_住民.%0A\n::z.csv"
    result = ci_result([make_finding(file, 7, "備考", "F15", W, value, value, value)], files=(file,))
    lines = github.annotation_lines(result, EN)
    assert len(lines) == 2
    name, props, data = parse_command(lines[0])
    assert name == "warning"
    # control characters are written as \xNN (clean) before the command escaping, so none reaches the line
    assert props == {"file": clean(file), "line": "7", "title": "F15 Surrounding spaces"}
    assert data == f"備考: {clean(value)} (value: {clean(value)})"
    out = io.StringIO()
    github.write_annotations(result, out, EN)
    assert out.getvalue().splitlines() == lines  # one physical line per command


def test_at_most_ten_per_type_and_a_totals_notice_that_is_always_shown() -> None:
    findings = [make_finding(A, n, "備考", "F15", E, "e", "e", None) for n in range(2, 17)]
    findings += [make_finding(A, n, "備考", "F15", W, "w", "w", None) for n in range(20, 32)]
    findings += [make_finding(B, n, "備考", "X20", I, "i", "i", None) for n in range(2, 14)]
    lines = github.annotation_lines(ci_result(findings), EN)
    kinds = [parse_command(x)[0] for x in lines]
    assert kinds.count("error") == 10 and kinds.count("warning") == 10 and kinds.count("notice") == 10
    # the first ones in report order
    assert [parse_command(x)[1].get("line") for x in lines if x.startswith("::error")] == [
        str(n) for n in range(2, 12)
    ]
    assert lines[-1] == (
        f"::notice title=conformance {__version__}::Verdict: does not conform — 15 errors, 12 warnings, "
        "12 info (39 total) At most 10 annotations per type are shown; the report files list every finding."
    )


def test_is_github_actions_only_for_true() -> None:
    assert github.is_github_actions({"GITHUB_ACTIONS": "true"})
    assert not github.is_github_actions({"GITHUB_ACTIONS": "false"})
    assert not github.is_github_actions({"GITHUB_ACTIONS": "1"})
    assert not github.is_github_actions({})


def test_step_summary_exact_markdown() -> None:
    assert github.step_summary(ci_result(max_per_rule=1), EN) == (
        "## ❌ conformance: does not conform\n"
        "\n"
        "Verdict: does not conform — 2 errors, 2 warnings, 1 info (5 total) — schema: the user's schema set: "
        "reference (0.1)\n"
        "\n"
        "4 listed (at most 1 per rule; counts cover all findings)\n"
        "\n"
        "| file | layout | rows | error | warning | info |\n"
        "|---|---|---:|---:|---:|---:|\n"
        "| 住民記録_住民.csv | 住民記録_住民 | 10 | 2 | 2 | 0 |\n"
        "| 個人住民税_課税.csv | 個人住民税_課税 | 3 | 0 | 0 | 1 |\n"
        "\n"
        "| rule | title | count | error | warning | info | listed |\n"
        "|---|---|---:|---:|---:|---:|---:|\n"
        "| F4 | Header row | 1 | 1 | 0 | 0 | 1 |\n"
        "| F15 | Surrounding spaces | 2 | 0 | 2 | 0 | 1 |\n"
        "| C9 | Japanese era date | 1 | 1 | 0 | 0 | 1 |\n"
        "| X21 | 宛名番号 not found in 住民記録 | 1 | 0 | 0 | 1 | 1 |\n"
        "\n"
    )


def test_step_summary_conforming_run_in_japanese() -> None:
    text = github.step_summary(ci_result([], files=(A,)), ReportOptions(lang="ja"))
    assert text.startswith(
        "## ✅ conformance: 適合\n\n"
        "判定: 適合 — 誤り 0件・警告 0件・情報 0件（計 0件） — "
        "スキーマ: 利用者のスキーマセット: reference (0.1)\n"
    )
    assert text.endswith("| 住民記録_住民.csv | 住民記録_住民 | 10 | 0 | 0 | 0 |\n\n指摘はありません。\n\n")


def test_markdown_cells_cannot_be_broken_by_file_names() -> None:
    assert github.md_cell("a|b\nc<script>&\\") == "a\\|b\\\\x0ac&lt;script&gt;&amp;\\\\"
    name = "x|y\n<b>.csv"
    text = github.step_summary(ci_result([], files=(name,)), EN)
    assert "| x\\|y\\\\x0a&lt;b&gt;.csv | x\\|y\\\\x0a&lt;b&gt; | 10 | 0 | 0 | 0 |" in text.splitlines()


def test_file_table_is_cut_after_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(github, "SUMMARY_FILE_ROWS", 1)
    text = github.step_summary(ci_result(), EN)
    assert "| 1 more files | | | | | |" in text.splitlines()
    assert B not in text


def test_append_step_summary_keeps_what_earlier_steps_wrote(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("# earlier step\n", encoding="utf-8")
    github.append_step_summary(ci_result(), target, EN)
    assert target.read_text(encoding="utf-8") == "# earlier step\n" + github.step_summary(ci_result(), EN)
