"""`validate` with CI formats: several formats per run, --output-dir names, usage errors, GitHub Actions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from conformance.cli import main
from conformance.reports.writers import FORMATS
from tests.conftest import DATA
from tests.test_sarif import assert_valid

INVALID = DATA / "spec_examples" / "住民記録_住民.invalid.csv"
N_FINDINGS = 57  # every finding of the invalid example (file scope), listed with --max-per-rule -1


@pytest.fixture(autouse=True)
def _outside_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests decide themselves whether they run "inside GitHub Actions"."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_several_formats_go_to_the_output_dir(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "run1"  # created, parents too
    fmts = "jsonl, junit,sarif,csv"
    r = run("validate", INVALID, "--format", fmts, "--output-dir", out, "--max-per-rule", "-1")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == [
        "findings.csv",
        "findings.jsonl",
        "findings.junit.xml",
        "findings.sarif",
        "findings.summary.json",
    ]
    lines = out.joinpath("findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == N_FINDINGS
    summary = json.loads(out.joinpath("findings.summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["findings"] == N_FINDINGS and summary["verdict"] == "does_not_conform"
    suites = etree.parse(str(out / "findings.junit.xml")).getroot()
    assert suites.get("tests") == str(len(suites.findall("testsuite/testcase")))
    sarif = json.loads(out.joinpath("findings.sarif").read_text(encoding="utf-8"))
    assert_valid(sarif)
    assert len(sarif["runs"][0]["results"]) == N_FINDINGS
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    assert f"{out / 'findings.sarif'}" in r.stderr and "findings.summary.json" in r.stderr


def test_one_format_with_output_dir_and_sarif_exit_code_follows_fail_on(tmp_path: Path) -> None:
    r = run(
        "validate", INVALID, "--format", "sarif", "--output-dir", tmp_path, "--fail-on", "never", "--silent"
    )
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.sarif", "findings.summary.json"]
    sarif = json.loads(tmp_path.joinpath("findings.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 0


def test_single_format_keeps_stdout_and_o(tmp_path: Path) -> None:
    r = run("validate", INVALID, "--format", "junit", "-q")  # --quiet keeps a machine report on stdout
    assert r.exit_code == 1
    assert etree.fromstring(r.stdout_bytes).tag == "testsuites"
    target = tmp_path / "x.sarif"
    assert run("validate", INVALID, "--format", "sarif", "-o", target, "--silent").exit_code == 1
    assert_valid(json.loads(target.read_text(encoding="utf-8")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.sarif"]  # no summary beside sarif (as before)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "jsonl,csv"), "several formats (jsonl, csv) need --output-dir DIR"),
        (("--format", "jsonl,xml", "--output-dir", "d"), "unknown report format 'xml': expected one of "),
        (("--format", " , "), "no report format given"),
        (("--format", "csv", "-o", "f.csv", "--output-dir", "d"), "either -o/--output or --output-dir"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    r = run("validate", INVALID, *(str(tmp_path / a) if a in ("d", "f.csv") else a for a in args))
    assert r.exit_code == 2
    assert message in r.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was run or written


def test_unknown_format_names_every_valid_one() -> None:
    r = run("validate", INVALID, "--format", "pdf")
    assert r.exit_code == 2
    assert f"expected one of {', '.join(FORMATS)}" in r.stderr


def test_repeated_format_is_written_once(tmp_path: Path) -> None:
    assert (
        run("validate", INVALID, "--format", "csv,CSV", "--output-dir", tmp_path, "--silent").exit_code == 1
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.csv", "findings.summary.json"]


def test_output_dir_that_is_a_file_is_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    r = run("validate", INVALID, "--format", "jsonl", "--output-dir", blocker / "sub")
    assert r.exit_code == 2 and "cannot write the report" in r.stderr


def test_html_joins_a_multi_format_run(tmp_path: Path) -> None:
    assert (
        run("validate", INVALID, "--format", "html,sarif", "--output-dir", tmp_path, "--silent").exit_code
        == 1
    )
    assert tmp_path.joinpath("findings.html").stat().st_size > 0


def gh_env(tmp_path: Path) -> dict[str, str]:
    summary = tmp_path / "step_summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    return {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}


def test_github_annotations_precede_the_text_report_and_summary_is_appended(tmp_path: Path) -> None:
    r = run("validate", INVALID, "--lang", "en", env=gh_env(tmp_path))
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    commands = [x for x in lines if x.startswith("::")]
    # 10 errors, 10 warnings, 2 notices (the file has 2 info findings) and the totals notice, all first
    assert lines[: len(commands)] == commands and len(commands) == 23
    assert commands[0] == (
        f"::error file={INVALID},line=2,title=C8 Check digit::団体コード: Wrong local government code check "
        "digit (書式 団体コードCD). (value: 132994)"
    )
    assert commands[-1].endswith(
        "Verdict: does not conform — 41 errors, 14 warnings, 2 info (57 total) "
        "At most 10 annotations per type are shown; the report files list every finding."
    )
    assert lines[len(commands)].startswith("Verdict: does not conform")  # the text report follows
    step = (tmp_path / "step_summary.md").read_text(encoding="utf-8")
    assert step.startswith("previous step\n## ❌ conformance: does not conform\n")
    assert "| C8 | Check digit | 4 | 2 | 2 | 0 | 4 |" in step.splitlines()


def test_github_leaves_a_machine_report_on_stdout_intact(tmp_path: Path) -> None:
    r = run("validate", INVALID, "--format", "jsonl", "--max-per-rule", "-1", env=gh_env(tmp_path))
    assert r.exit_code == 1
    assert len([json.loads(x) for x in r.stdout.splitlines()]) == N_FINDINGS
    assert "GitHub annotations left out" in r.stderr
    assert "| 住民記録_住民.csv" not in r.stdout
    assert "conformance: 不適合" in (tmp_path / "step_summary.md").read_text(encoding="utf-8")


def test_explicit_github_with_a_machine_report_on_stdout_is_exit_2(tmp_path: Path) -> None:
    r = run("validate", INVALID, "--format", "json", "--github")
    assert r.exit_code == 2
    assert "write the report with -o or --output-dir" in r.stderr


def test_github_with_output_dir_prints_annotations_and_writes_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = run("validate", INVALID, "--format", "junit,sarif", "--output-dir", out, "-q", env=gh_env(tmp_path))
    assert r.exit_code == 1
    *commands, verdict = r.stdout.splitlines()  # --quiet: the annotations, then only the verdict
    assert all(x.startswith("::") for x in commands) and len(commands) == 23
    assert verdict.startswith("判定: 不適合（")
    assert sorted(p.name for p in out.iterdir()) == [
        "findings.junit.xml",
        "findings.sarif",
        "findings.summary.json",
    ]


def test_no_github_switches_it_off_inside_actions(tmp_path: Path) -> None:
    env = gh_env(tmp_path)
    r = run("validate", INVALID, "--no-github", "--silent", env=env)
    assert r.exit_code == 1
    assert not any(x.startswith("::") for x in r.stdout.splitlines())
    assert (tmp_path / "step_summary.md").read_text(encoding="utf-8") == "previous step\n"


def test_github_flag_works_outside_actions_without_a_summary_file(tmp_path: Path) -> None:
    r = run("validate", INVALID, "--github", "--format", "csv", "-o", tmp_path / "f.csv", "-q")
    assert r.exit_code == 1
    assert len([x for x in r.stdout.splitlines() if x.startswith("::")]) == 23


def test_file_names_with_command_characters_are_escaped(tmp_path: Path) -> None:
    name = "住民記録_住民.a,b:c%25.csv"
    shutil.copy(INVALID, tmp_path / name)
    r = run("validate", tmp_path / name, "--github", "--format", "text", "-o", tmp_path / "r.txt", "-q")
    first = r.stdout.splitlines()[0]
    escaped = str(tmp_path / name).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert first.startswith(f"::error file={escaped},line=2,title=C8 ")


def test_unwritable_step_summary_warns_and_keeps_the_exit_code(tmp_path: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "s.md")}
    r = run("validate", INVALID, "--format", "sarif", "--output-dir", tmp_path / "o", "--silent", env=env)
    assert r.exit_code == 1
    assert "cannot write the step summary" in r.stderr
