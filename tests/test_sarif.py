"""SARIF report: valid against the SARIF 2.1.0 JSON Schema (a local copy, no remote $ref), exact content."""

from __future__ import annotations

import io
import json
from functools import cache
from typing import Any

import pytest
from helpers import make_finding
from jsonschema import Draft4Validator
from referencing import Registry

from conformance import __version__
from conformance.core.findings import Severity
from conformance.reports import sarif
from conformance.reports.collector import ValidationResult
from conformance.reports.writers import ReportOptions
from conformance.rules.catalogue import RULES, rule_ids
from tests.conftest import DATA
from tests.test_junit import IDS, A, B, ci_result

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
SCHEMA = DATA / "sarif-schema-2.1.0.json"


def _no_retrieval(uri: str) -> Any:
    raise AssertionError(f"the SARIF schema tried to fetch {uri}")


@cache
def validator() -> Draft4Validator:
    """The schema declares draft-04 (``$schema`` and ``id``): the draft-04 validator is the matching one."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, registry=Registry(retrieve=_no_retrieval))  # type: ignore[call-arg]


def assert_valid(doc: dict[str, Any]) -> None:
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def render(result: ValidationResult, **kw: Any) -> dict[str, Any]:
    fail_on = kw.pop("fail_on", "error")
    out = io.BytesIO()
    sarif.write(result, out, ReportOptions(identifying=IDS, **kw), fail_on=fail_on)
    doc: dict[str, Any] = json.loads(out.getvalue().decode("utf-8"))
    assert_valid(doc)
    return doc


def test_every_ref_of_the_schema_copy_is_local() -> None:
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert refs and all(r.startswith("#/definitions/") for r in refs)


def test_the_validator_sees_errors_deep_in_the_document() -> None:
    doc = render(ci_result(), lang="en")
    doc["runs"][0]["results"][0]["level"] = "fatal"
    doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    paths = {tuple(e.absolute_path) for e in validator().iter_errors(doc)}
    assert ("runs", 0, "results", 0, "level") in paths
    assert ("runs", 0, "results", 1, "locations", 0, "physicalLocation", "region", "startLine") in paths


def test_log_header_driver_and_rule_catalogue() -> None:
    doc = render(ci_result(), lang="en")
    assert doc["$schema"] == sarif.SARIF_SCHEMA and doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("conformance", __version__)
    assert [r["id"] for r in driver["rules"]] == rule_ids()
    c8 = driver["rules"][rule_ids().index("C8")]
    info = RULES["C8"]
    assert c8 == {
        "id": "C8",
        "name": "Check digit",
        "shortDescription": {"text": "Check digit"},
        "fullDescription": {"text": info.explanation_en},
        "help": {"text": f"{info.explanation_en}\nSource: {info.source}"},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "title_ja": "検査数字",
            "explanation_ja": info.explanation_ja,
            "severity": "error",
            "scope": "item",
            "source": info.source,
        },
    }
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert (levels["F2"], levels["X4"]) == ("warning", "note")


def test_rule_texts_follow_lang_with_the_other_language_in_properties() -> None:
    driver = render(ci_result(), lang="ja")["runs"][0]["tool"]["driver"]
    f1 = driver["rules"][0]
    assert f1["shortDescription"] == {"text": "文字コード（UTF-8）"}
    assert f1["properties"]["title_en"] == "Encoding: UTF-8"
    assert f1["help"]["text"].endswith("\n根拠: " + RULES["F1"].source)


def test_results_one_per_listed_finding_with_location_and_masked_value() -> None:
    run = render(ci_result(), lang="en")["runs"][0]
    index = {r["id"]: i for i, r in enumerate(run["tool"]["driver"]["rules"])}
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("F4", "error"), ("C9", "error"), ("F15", "warning"), ("F15", "warning"), ("X21", "note")
    ]
    assert all(r["ruleIndex"] == index[r["ruleId"]] for r in results)
    uri_a = "%E4%BD%8F%E6%B0%91%E8%A8%98%E9%8C%B2_%E4%BD%8F%E6%B0%91.csv"
    assert results[1] == {
        "ruleId": "C9",
        "ruleIndex": index["C9"],
        "level": "error",
        "message": {"text": "生年月日: invalid era date"},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": uri_a, "index": 0}, "region": {"startLine": 3}}}
        ],
        "properties": {"item": "生年月日", "severity": "error", "value": "****-**-**"},
    }
    # a finding without a line has no region; without an item the message is the message alone
    assert results[4]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": sarif.artifact_uri(B), "index": 1}
    }
    assert results[4]["message"] == {"text": "not checked"}
    assert [a["location"]["uri"] for a in run["artifacts"]] == [uri_a, sarif.artifact_uri(B)]
    assert run["artifacts"][0]["properties"] == {
        "layout": "住民記録_住民", "rows": 10, "counts": {"error": 2, "warning": 2, "info": 0}
    }


def test_run_properties_hold_exact_totals_and_capped() -> None:
    run = render(ci_result(max_per_rule=1), lang="en")["runs"][0]
    assert len(run["results"]) == 4  # F15 lists 1 of 2
    props = run["properties"]
    assert (props["verdict"], props["listed"], props["capped"], props["max_per_rule"]) == (
        "does_not_conform", 4, True, 1
    )
    assert props["totals"]["findings"] == 5
    assert props["totals"]["by_severity"] == {"error": 2, "warning": 2, "info": 1}
    f15 = props["totals"]["by_rule"]["F15"]
    assert (f15["count"], f15["listed"]) == (2, 1)


@pytest.mark.parametrize(("fail_on", "exit_code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_invocation_exit_code_follows_fail_on(fail_on: str, exit_code: int) -> None:
    only_warnings = ci_result([make_finding(A, 4, "備考", "F15", W, "空白", "space", " x")])
    (invocation,) = render(only_warnings, fail_on=fail_on)["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": True,
        "exitCode": exit_code,
        "startTimeUtc": "2024-04-01T00:00:00.000Z",
        "endTimeUtc": "2024-04-01T00:00:02.500Z",
        "ruleConfigurationOverrides": [
            {
                "descriptor": {"id": "X30", "index": rule_ids().index("X30")},
                "configuration": {"enabled": False},
            }
        ],
    }


def test_configuration_overrides_levels_and_disabled_rules() -> None:
    settings = {"severity_overrides": {"X4": "warning", "F2": "info"}, "disabled_rules": ["X30", "C8"]}
    invocation = render(ci_result(settings=settings))["runs"][0]["invocations"][0]
    ids = rule_ids()
    assert invocation["ruleConfigurationOverrides"] == [
        {"descriptor": {"id": "F2", "index": ids.index("F2")}, "configuration": {"level": "note"}},
        {"descriptor": {"id": "X4", "index": ids.index("X4")}, "configuration": {"level": "warning"}},
        {"descriptor": {"id": "C8", "index": ids.index("C8")}, "configuration": {"enabled": False}},
        {"descriptor": {"id": "X30", "index": ids.index("X30")}, "configuration": {"enabled": False}},
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("data dir/住民記録_住民.a,b#c%.csv",
         "data%20dir/%E4%BD%8F%E6%B0%91%E8%A8%98%E9%8C%B2_%E4%BD%8F%E6%B0%91.a%2Cb%23c%25.csv"),
        ("../dump/x:y.csv", "../dump/x%3Ay.csv"),
        ("/srv/移行/a b.csv", "file:///srv/%E7%A7%BB%E8%A1%8C/a%20b.csv"),
        ("bad\udcffname.csv", "bad%EF%BF%BDname.csv"),
    ],
)
def test_artifact_uri_is_the_path_as_given_uri_escaped(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri


def test_odd_file_names_values_and_unknown_rules_stay_valid() -> None:
    name = "data dir/住民記録_住民.a,b#c%.csv"
    result = ci_result(
        [
            make_finding(name, 2, "備考", "F15", W, "前後\n\"空白\"", "space\r\n", "\udcff<x>\x00"),
            make_finding(name, None, None, "Z9", E, "独自", "custom", None),
        ],
        files=(name,),
    )
    run = render(result, lang="en")["runs"][0]
    assert run["tool"]["driver"]["rules"][-1] == {"id": "Z9", "shortDescription": {"text": "Z9"}}
    z9, f15 = run["results"]  # a finding without a line comes first in its file
    assert (z9["ruleId"], z9["ruleIndex"]) == ("Z9", len(RULES))
    assert f15["properties"]["value"] == "\ufffd<x>\\x00"  # no raw control character in any output
    assert f15["message"] == {"text": "備考: space\\x0d\\x0a"}  # no raw control character in any output
