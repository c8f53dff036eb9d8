"""The conventions users bring from ruff, datacontract-cli and the like: -V, - for stdin, quoted globs,
--output-format, --quiet/--silent, configuration found in the project (TOML), configuration errors named as
such, --help in the output's language, and "did you mean" for mistyped names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance import __version__
from conformance.cli import main, validate_cmd
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"
RESIDENTS = EXAMPLES / "住民記録_住民.csv"
INVALID = EXAMPLES / "住民記録_住民.invalid.csv"


def run(*args: str | Path, input: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_short_version_flag() -> None:
    assert run("-V").output.strip() == f"conformance, version {__version__}"


def test_standard_input_is_checked_under_its_given_name(tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    out = tmp_path / "f.jsonl"
    r = run("validate", "-", "--stdin-filename", "住民記録_住民.invalid.csv", "--spill-dir", spill,
            "--format", "jsonl", "-o", out, input=INVALID.read_bytes())
    assert r.exit_code == 1
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {x["file"] for x in rows} == {"住民記録_住民.invalid.csv"} and len(rows) == 57
    assert list(spill.iterdir()) == []  # the private copy of standard input is gone


def test_standard_input_needs_a_name_or_a_layout() -> None:
    r = run("validate", "-", input=b"")
    assert r.exit_code == 2 and "--stdin-filename" in r.output
    assert run("validate", "-", "--layout", "住民記録_住民", input=RESIDENTS.read_bytes()).exit_code == 0


def test_quoted_globs_are_expanded_by_the_tool(tmp_path: Path) -> None:
    for p in EXAMPLES.glob("*.csv"):
        if ".invalid" not in p.name:
            shutil.copy(p, tmp_path / p.name)
    r = run("validate", str(tmp_path / "住民記録_*.csv"), "--format", "json", "-q")
    assert r.exit_code == 0
    files = {Path(f["file"]).name for f in json.loads(r.stdout)["summary"]["files"]}
    assert files == {"住民記録_住民.csv", "住民記録_住登外者.csv"}
    r = run("validate", str(tmp_path / "nothing_*.csv"))
    assert r.exit_code == 3 and "no file matches the pattern" in r.output


def test_output_format_is_an_alias_of_format() -> None:
    r = run("validate", RESIDENTS, "--output-format", "jsonl")
    assert r.exit_code == 0 and r.stdout == ""  # conforming: no findings, one line each would be JSON


def test_quiet_prints_only_the_verdict_and_silent_nothing() -> None:
    quiet = run("validate", INVALID, "-q")
    assert quiet.exit_code == 1
    assert quiet.stdout.splitlines() == ["判定: 不適合（誤り 41件・警告 14件・情報 2件、計 57件）"]
    silent = run("validate", INVALID, "--silent")
    assert (silent.exit_code, silent.stdout, silent.stderr) == (1, "", "")


def test_configuration_is_found_in_the_project_and_the_command_line_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.conformance]\nformat = "jsonl"\nlang = "en"\n'
        '[tool.conformance.settings]\ndisabled_rules = ["C8"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(project / "sub")  # found in a parent folder
    r = run("validate", INVALID)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and all(x["rule"] != "C8" for x in rows)
    assert rows[0]["message"] == rows[0]["message_en"]
    assert run("validate", INVALID, "--format", "text", "-q").stdout.startswith("Verdict: does not conform")
    (project / "sub" / ".conformance.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert run("validate", INVALID, "-q").exit_code == 0  # the nearer file wins, whole


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('formt = "jsonl"\n', "unknown key (did you mean 'format'?)"),
        ('max-per-rule = "ten"\n', "expected int"),
        ("[settings]\nseverity = { X99 = \"info\" }\n", "configuration error"),
        ("[settings\n", "invalid TOML"),
    ],
)
def test_configuration_errors_are_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, where: str
) -> None:
    (tmp_path / ".conformance.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("validate", RESIDENTS)
    assert r.exit_code == 2
    assert "設定の誤り / configuration error" in r.output and where in r.output
    assert "schema error" not in r.output


def test_a_toml_config_file_is_accepted(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('disabled_rules = ["C8"]\n', encoding="utf-8")
    r = run("validate", INVALID, "--config", config, "--format", "jsonl")
    assert all(json.loads(x)["rule"] != "C8" for x in r.stdout.splitlines())
    config.write_text('m11_remainder1 = "sometimes"\n', encoding="utf-8")
    r = run("validate", INVALID, "--config", config)
    assert r.exit_code == 2 and "configuration error" in r.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["validate", "--help"], {"LANG": "ja_JP.UTF-8"}, "スキーマセットに照らして検査します"),
        (["validate", "--help"], {"LANG": "C.UTF-8"}, "スキーマセットに照らして検査します"),
        (["validate", "--help"], {"LANG": "en_US.UTF-8"}, "Check migration files or a dataset folder"),
        (["validate", "--help", "--lang", "en"], {"LANG": "ja_JP.UTF-8"}, "Check migration files"),
        (["--help"], {"LANG": "ja_JP.UTF-8"}, "よく使うコマンド"),
        (["--help"], {"LANG": "en_US.UTF-8"}, "Common commands"),
    ],
)
def test_help_follows_the_output_language(
    args: list[str], env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.argv", ["conformance", *args])
    for key in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    assert expected in run(*args, env=env).output


def test_output_language_follows_the_locale_unless_given() -> None:
    en = run("validate", INVALID, "-q", env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert en.stdout.startswith("Verdict: does not conform")
    ja = run("validate", INVALID, "-q", "--lang", "ja", env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert ja.stdout.startswith("判定: 不適合")


def test_mistyped_names_get_a_suggestion() -> None:
    r = run("validate", RESIDENTS, "--format", "jsnl")
    assert r.exit_code == 2 and "did you mean 'jsonl'?" in r.output
    r = run("validate", RESIDENTS, "--layout", "住民記録_住人")
    assert r.exit_code == 2 and "（もしかして: 住民記録_住民）" in r.output


def test_html_and_xlsx_are_not_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(validate_cmd, "_stdout_is_terminal", lambda: True)
    r = run("validate", RESIDENTS, "--format", "html")
    assert r.exit_code == 2 and "-o FILE" in r.output
    assert run("validate", RESIDENTS, "--format", "html", "-o", tmp_path / "r.html").exit_code == 0
