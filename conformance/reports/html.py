"""The offline HTML report: one self-contained page for the municipal staff who accept delivered data.

They open it in a browser on a closed network (LGWAN), so the page makes no network request of any kind:
the CSS and JS are package files inlined at render time, charts are server-rendered SVG, fonts are the
system's, and a Content-Security-Policy allows only the page's own inline style and script (by hash).

Data never becomes markup. The template renders with Jinja2 autoescape on, so every file name, item name,
rule text and 外字 entry is escaped; the findings go into the page only as a JSON block whose ``<``, ``>``,
``&``, U+2028 and U+2029 are ``\\u`` escapes, and the page's script writes them with ``textContent``. Values
are masked exactly as in the canonical reports (``ReportOptions.shown``).

Japanese is shown first (or ``opts.lang``); every label exists in both languages and the switch only toggles
which one is visible. Totals are exact (from ``ValidationResult.totals``); the listing embedded in the page
is capped at :data:`EMBED_LIMIT` rows, shared fairly between rules, and the page says so when it is.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files as package_files
from typing import Any, BinaryIO, TextIO

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from conformance import __version__
from conformance.core.findings import Finding, Severity
from conformance.reports import coverage, guide
from conformance.reports.collector import SEVERITIES, ValidationResult, rule_sort_key
from conformance.reports.gaiji import GaijiEntry
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream
from conformance.rules.catalogue import RULES

__all__ = ["EMBED_LIMIT", "LABELS", "PAGE_SIZE", "render", "script_json", "select_embedded", "write"]

EMBED_LIMIT = 20_000  # findings embedded in the page at most (the table stays responsive; file stays small)
PAGE_SIZE = 100  # rows per page of the findings table
CHART_ITEMS = 25  # bars of the by-item chart; the rest are counted in a note
_LABEL_CHARS = 14  # chart labels longer than this are cut (the full text is the bar's tooltip)

# Every label of the page in (Japanese, English). ``{name}`` fields are filled in escaped.
LABELS: dict[str, tuple[str, str]] = {
    "doc_title": ("移行データ適合性検査レポート", "Migration data conformance report"),
    "conforms": ("適合", "Conforms"),
    "partially_checked": ("一部未検査", "Partially checked"),
    "does_not_conform": ("不適合", "Does not conform"),
    "verdict_rule": (coverage.VERDICT_RULES.ja, coverage.VERDICT_RULES.en),
    "coverage": ("検査の範囲", "What was checked"),
    "next_steps": ("次の対応", "What to do next"),
    "guide": ("検査結果の読み方（手引き）", "How to read this report (guide)"),
    "schema_origin": ("スキーマセット", "Schema set"),
    "evidence": ("検査したファイル", "Files checked"),
    "size": ("バイト数", "Bytes"),
    "read_as": ("読み方", "Read as"),
    "skipped": ("検査しなかったファイル（{n}件）", "Not checked ({n} entries)"),
    "not_checked": ("検査できなかった規則（{n}件）", "Rules that could not run ({n})"),
    "reason": ("理由", "Reason"),
    "sev_error": ("誤り", "Error"),
    "sev_warning": ("警告", "Warning"),
    "sev_info": ("情報", "Info"),
    "total": ("計", "Total"),
    "capped": (
        "指摘の一覧は規則ごとに先頭 {cap} 件まで（一覧 {listed} 件）です。"
        "件数はすべての指摘を数えた正確な値です。",
        "The listing keeps the first {cap} findings per rule ({listed} listed); all counts are exact.",
    ),
    "embed_capped": (
        "このページの指摘一覧には、一覧 {listed} 件のうち {shown} 件（規則ごとに先頭 {quota} 件まで）を"
        "掲載しています。件数・グラフ・外字一覧はすべての指摘から集計しています。",
        "This page embeds {shown} of the {listed} listed findings (the first {quota} per rule); counts, "
        "charts and the 外字 inventory cover all findings.",
    ),
    "schema": ("スキーマ", "Schema"),
    "repertoire": ("文字の範囲（F12）", "Character repertoire (F12)"),
    "inputs": ("入力", "Inputs"),
    "run_time": ("実行日時", "Run"),
    "files_rows": ("ファイル・行数", "Files, rows"),
    "files_rows_value": ("{files} ファイル、{rows} 行", "{files} files, {rows} rows"),
    "by_file": ("ファイル別の件数", "Findings per file"),
    "file": ("ファイル", "File"),
    "layout": ("レイアウト", "Layout"),
    "rows": ("行数", "Rows"),
    "charts": ("グラフ", "Charts"),
    "chart_by_rule": ("規則別の指摘件数", "Findings by rule"),
    "chart_by_item": ("項目別の指摘件数", "Findings by item"),
    "chart_more": (
        "ほか {n} 項目は省略しています（件数表を参照）。", "{n} more items are not drawn (see the table)."
    ),
    "chart_no_item": (
        "「—」は項目を特定しない指摘（ファイル・レコード単位）です。",
        "“—” stands for findings without an item (file or record level).",
    ),
    "by_rule": ("規則別の件数と説明", "Findings per rule, with explanations"),
    "rule": ("規則", "Rule"),
    "title": ("名称", "Title"),
    "count": ("件数", "Count"),
    "listed": ("一覧", "Listed"),
    "embedded": ("掲載", "In page"),
    "explanation": ("説明・根拠", "Explanation and source"),
    "source": ("根拠", "Source"),
    "certainty": ("確度", "Certainty"),
    "default_severity": ("既定の重大度", "Default severity"),
    "by_item_summary": (
        "ファイル・規則・項目別の件数（{n} 行）", "Counts per file, rule and item ({n} rows)"
    ),
    "item": ("項目", "Item"),
    "findings": ("指摘の一覧", "Findings"),
    "masked_note": (
        "個人を識別する項目の値は伏せ字（*）で表示しています。",
        "Values of identifying items are masked (*).",
    ),
    "noscript": (
        "指摘の一覧の表示にはJavaScriptが必要です。件数・外字一覧はこのままご覧いただけます。",
        "The findings table needs JavaScript; the counts and the 外字 inventory are readable as they are.",
    ),
    "values_as_written": (
        "値は検査結果（JSONL）に記録されたとおりに表示しています。識別情報の値は、元の実行で"
        "伏せ字（*）にされている場合があります。",
        "Values are shown as the findings file (JSONL) holds them; the run that wrote it may have masked "
        "identifying values (*).",
    ),
    "severity": ("重大度", "Severity"),
    "search": ("検索", "Search"),
    "search_placeholder": ("ファイル・項目・メッセージ・値を検索", "Search file, item, message, value"),
    "reset": ("条件をクリア", "Clear filters"),
    "matches": ("該当", "Matching"),
    "line": ("行", "Line"),
    "message": ("メッセージ", "Message"),
    "value": ("値", "Value"),
    "all": ("（すべて）", "(all)"),
    "no_item": ("（項目なし）", "(no item)"),
    "page_info": (
        "{from}–{to} 件目 / {total} 件（{page}/{pages} ページ）",
        "{from}–{to} of {total} (page {page}/{pages})",
    ),
    "no_match": ("該当する指摘はありません", "No matching findings"),
    "gaiji": ("外字・範囲外文字の一覧", "外字 inventory (characters outside the repertoire)"),
    "gaiji_count": ("（{n} 文字）", "({n} characters)"),
    "overview": ("判定", "Verdict"),
    "gaiji_note": (
        "JIS X 0213の範囲外の文字と私用領域（外字）の文字を、異なり文字ごとに"
        "集計しました（すべての指摘から）。"
        "文字同定の作業にお使いください。「値の数」はその文字を含む値の数、「出現数」は出現回数です。",
        "Every distinct character outside JIS X 0213 or in private use, counted over all findings, as a "
        "starting point for 文字同定. “Values” counts the values holding it, “occurrences” every occurrence.",
    ),
    "gaiji_none": (
        "範囲外の文字・外字はありません。", "No characters outside the repertoire or in private use."
    ),
    "glyph": ("文字", "Char"),
    "code_points": ("符号位置", "Code point"),
    "unicode_name": ("Unicode名", "Unicode name"),
    "kind": ("種別", "Kind"),
    "kind_pua": ("外字（私用領域）", "外字 (private use)"),
    "kind_outside": ("JIS X 0213の範囲外の文字", "Outside JIS X 0213"),
    "kind_ideograph": ("範囲外の漢字", "Ideograph outside the repertoire"),
    "kind_ivs": ("異体字セレクタがMJにないIVSシーケンス", "IVS sequence whose selector MJ does not list"),
    "kind_selector": ("漢字の後にない異体字セレクタ", "Variation selector not after an ideograph"),
    "kind_combining": ("合成できない半濁点（U+309A）", "U+309A that does not compose"),
    "values": ("値の数", "Values"),
    "occurrences": ("出現数", "Occurrences"),
    "first_locations": ("最初の出現箇所", "First locations"),
    "footer": (
        "conformance {version} が作成。このファイルは外部と通信しません。",
        "Made by conformance {version}. This file makes no network requests.",
    ),
}

# Labels the page's script needs (the rest are rendered into the page in both languages).
_JS_LABELS = (
    "doc_title", "all", "no_item", "sev_error", "sev_warning", "sev_info", "page_info", "no_match",
    "search_placeholder",
)

_SEV_INDEX = {sev: i for i, sev in enumerate(SEVERITIES)}
_NO_ITEM = -1

# JSON text that is safe inside <script>: no "</script>", no "<!--", no JS line terminators.
_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(data: Any) -> str:
    """``data`` as JSON that can stand inside ``<script type="application/json">`` unchanged."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def select_embedded(findings: list[Finding], limit: int) -> tuple[list[Finding], int | None]:
    """The findings to embed, in their order, and the per-rule quota applied (None when all fit).

    The quota is the largest ``q`` such that taking the first ``q`` of each rule fits in ``limit``, so every
    rule stays represented however many findings another rule has. A negative limit embeds everything.
    """
    if limit < 0 or len(findings) <= limit:
        return findings, None
    counts = sorted(Counter(f.rule for f in findings).values())
    remaining, quota = limit, counts[-1]
    for i, c in enumerate(counts):
        share = remaining // (len(counts) - i)
        if c > share:
            quota = share
            break
        remaining -= c
    taken: Counter[str] = Counter()
    out: list[Finding] = []
    for f in findings:
        if taken[f.rule] < quota:
            taken[f.rule] += 1
            out.append(f)
    return out, quota


@dataclass(frozen=True, slots=True)
class _Segment:
    cls: str
    x: str
    width: str


@dataclass(frozen=True, slots=True)
class _Bar:
    label: str  # as drawn (cut)
    full: str
    title: str  # tooltip
    y: int
    segments: tuple[_Segment, ...]
    total: int
    text_x: str


@dataclass(frozen=True, slots=True)
class _Chart:
    label: str
    width: int
    height: int
    axis_x: int
    bars: tuple[_Bar, ...]
    more: int  # bars not drawn


def _cut(text: str, n: int = _LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _chart(label: str, rows: list[tuple[str, str, list[tuple[str, int]]]], more: int = 0) -> _Chart:
    """A horizontal bar chart; each row is (label, tooltip, [(css class, count), …]) stacked."""
    axis_x, bar_w, row_h, width = 130, 440, 20, 660
    top = max((sum(n for _, n in segs) for _, _, segs in rows), default=0) or 1
    bars: list[_Bar] = []
    for i, (name, tip, segs) in enumerate(rows):
        x = float(axis_x)
        segments: list[_Segment] = []
        for cls, n in segs:
            if n <= 0:
                continue
            w = max(bar_w * n / top, 1.0)
            segments.append(_Segment(cls, f"{x:.1f}", f"{w:.1f}"))
            x += w
        total = sum(n for _, n in segs)
        bars.append(_Bar(_cut(name), name, tip, i * row_h + 4, tuple(segments), total, f"{x + 5:.1f}"))
    return _Chart(label, width, len(rows) * row_h + 8, axis_x, tuple(bars), more)


def _num(n: int) -> str:
    return f"{n:,}"


@lru_cache(maxsize=1)
def _assets() -> tuple[Template, str, str]:
    env = Environment(
        loader=PackageLoader("conformance.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _num
    folder = package_files("conformance.reports").joinpath("templates")
    css = folder.joinpath("report.css").read_text(encoding="utf-8")
    js = folder.joinpath("report.js").read_text(encoding="utf-8")
    return env.get_template("report.html.j2"), css, js


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def _t(key: str) -> Markup:
    ja, en = LABELS[key]
    return Markup('<span class="l-ja">{}</span><span class="l-en">{}</span>').format(ja, en)


def _tf(key: str, **fields: object) -> Markup:
    """A label with ``{name}`` fields; the label is escaped as text, then the fields are filled in escaped."""
    ja, en = LABELS[key]
    return Markup('<span class="l-ja">{}</span><span class="l-en">{}</span>').format(
        escape(ja).format(**fields), escape(en).format(**fields)
    )


def _severity_counts(counts: dict[Severity, int]) -> dict[str, int]:
    return {sev.value: counts.get(sev, 0) for sev in SEVERITIES}


def _gaiji_row(entry: GaijiEntry) -> dict[str, Any]:
    locations = [loc.label() for loc in entry.locations]
    return {
        "glyph": entry.glyph,
        "codes": entry.codes,
        "name": entry.name,
        "kind": entry.kind,
        "rule": entry.rule,
        "severity": entry.severity.value,
        "n_values": entry.values,
        "n_occurrences": entry.occurrences,
        "locations": locations,
    }


def _data(result: ValidationResult, embedded: list[Finding], opts: ReportOptions) -> dict[str, Any]:
    """The findings table's data: names interned in lists, each finding one compact array."""
    file_ix: dict[str, int] = {clean(fs.file): i for i, fs in enumerate(result.files)}
    files = list(file_ix)
    items: dict[str, int] = {}
    rule_ids = sorted({f.rule for f in embedded}, key=rule_sort_key)
    rule_ix = {r: i for i, r in enumerate(rule_ids)}
    messages: dict[tuple[str, str], int] = {}
    rows: list[list[Any]] = []
    for f in embedded:
        file = clean(f.file)
        fi = file_ix.get(file)
        if fi is None:
            fi = file_ix[file] = len(files)
            files.append(file)
        if f.item is None:
            ii = _NO_ITEM
        else:
            item = opts.item(f.item) or ""
            ii = items.setdefault(item, len(items))
        msg = (opts.message(f, "ja"), opts.message(f, "en"))
        mi = messages.setdefault(msg, len(messages))
        value = opts.shown(f.value, f.item)
        rows.append([fi, f.line, ii, rule_ix[f.rule], _SEV_INDEX[f.severity], mi, value])
    rules = []
    for r in rule_ids:
        info = RULES.get(r)
        rules.append({"id": r, "ja": info.title_ja if info else "", "en": info.title_en if info else ""})
    return {
        "lang": opts.lang,
        "page_size": PAGE_SIZE,
        "files": files,
        "items": list(items),
        "rules": rules,
        "messages": [list(m) for m in messages],
        "rows": rows,
        "i18n": {
            lang: {k: LABELS[k][i] for k in _JS_LABELS} for i, lang in enumerate(("ja", "en"))
        },
    }


def _context(
    result: ValidationResult, opts: ReportOptions, embed_limit: int, values_as_written: bool
) -> dict[str, Any]:
    totals = result.totals
    embedded, quota = select_embedded(result.findings, embed_limit)
    embedded_per_rule = Counter(f.rule for f in embedded)
    rules: list[dict[str, Any]] = []
    rule_rows: list[tuple[str, str, list[tuple[str, int]]]] = []
    for rule_id, rt in totals.by_rule.items():
        info = RULES.get(rule_id)
        sev = _severity_counts(rt.by_severity)
        rules.append(
            {
                "id": rule_id,
                "title_ja": info.title_ja if info else "",
                "title_en": info.title_en if info else "",
                "explanation_ja": info.explanation_ja if info else "",
                "explanation_en": info.explanation_en if info else "",
                "source": info.source if info else "",
                "source_ja": coverage.plain_source(info.source, "ja") if info else "",
                "source_en": coverage.plain_source(info.source, "en") if info else "",
                "certainty_ja": coverage.certainty(info.source, "ja") if info else "",
                "certainty_en": coverage.certainty(info.source, "en") if info else "",
                "default_severity": info.severity.value if info else "",
                "by_severity": sev,
                "count": rt.count,
                "listed": rt.listed,
                "embedded": embedded_per_rule.get(rule_id, 0),
            }
        )
        tip = f"{rule_id} {info.title_ja if info else ''}: {rt.count:,}"
        rule_rows.append((rule_id, tip, [(s, sev[s]) for s in ("error", "warning", "info")]))
    per_item: Counter[str] = Counter()
    for (_file, _rule, item), n in totals.by_file_rule_item.items():
        per_item["—" if item is None else opts.item(item) or ""] += n
    top = sorted(per_item.items(), key=lambda kv: (-kv[1], kv[0]))
    item_rows = [(name, f"{name}: {n:,}", [("total", n)]) for name, n in top[:CHART_ITEMS]]
    files = [
        {
            "name": clean(fs.file),
            "layout": fs.layout,
            "rows": fs.rows,
            "counts": _severity_counts(fs.counts),
            "total": sum(fs.counts.values()),
        }
        for fs in result.files
    ]
    evidence = [
        {
            "name": clean(fs.file),
            "size": fs.evidence.size,
            "sha256": fs.evidence.sha256,
            "read_as": fs.evidence.read_as,
            "modified": fs.evidence.modified,
        }
        for fs in result.files
        if fs.evidence is not None
    ]
    standard = result.standard
    standard_text = " ".join(v for v in (standard.get("title", ""), standard.get("version", "")) if v)
    _template, css, js = _assets()
    csp = (
        "default-src 'none'; "
        f"style-src {_hash(css)}; script-src {_hash(js)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return {
        "lang": opts.lang,
        "doc_title": LABELS["doc_title"][1 if opts.lang == "en" else 0],
        "version": __version__,
        "csp": csp,
        "css": Markup(css),
        "js": Markup(js),
        "t": _t,
        "tf": _tf,
        "verdict": result.verdict,
        "sev_counts": _severity_counts(totals.by_severity),
        "total": totals.total,
        "run_capped": totals.capped and result.max_per_rule is not None,
        "max_per_rule": result.max_per_rule or 0,
        "listed": len(result.findings),
        "embedded": len(embedded),
        "embed_quota": quota,
        "schema_name": result.schema_name,
        "standard_text": standard_text,
        "inputs": [clean(i) for i in result.inputs],
        "started": result.started.isoformat(timespec="seconds"),
        "finished": result.finished.isoformat(timespec="seconds"),
        "file_count": len(result.files),
        "row_count": sum(fs.rows for fs in result.files),
        "files": files,
        "rules": rules,
        "rule_chart": _chart("findings by rule", rule_rows),
        "item_chart": _chart("findings by item", item_rows, max(len(top) - CHART_ITEMS, 0)),
        "item_rows": [
            {"file": clean(file), "rule": rule, "item": opts.item(item), "count": n}
            for (file, rule, item), n in totals.by_file_rule_item.items()
        ],
        "values_note": "values_as_written" if values_as_written else (
            None if opts.show_values else "masked_note"
        ),
        "gaiji": [_gaiji_row(e) for e in result.gaiji],
        "schema_origin": {lang: coverage.schema_origin(result, lang) for lang in ("ja", "en")},
        "repertoire": {lang: coverage.repertoire(result, lang) for lang in ("ja", "en")},
        "next_steps": guide.next_steps(result),
        "guide": {lang: guide.guide_blocks(lang) for lang in ("ja", "en")},
        "evidence": evidence,
        "skipped": {lang: coverage.skipped(result, lang) for lang in ("ja", "en")},
        "not_checked": {lang: coverage.not_checked(result, lang) for lang in ("ja", "en")},
        "data_json": Markup(script_json(_data(result, embedded, opts))),
    }


def render(
    result: ValidationResult,
    opts: ReportOptions,
    *,
    embed_limit: int = EMBED_LIMIT,
    values_as_written: bool = False,
) -> str:
    """The whole page as one string.

    ``values_as_written`` says the values come from an earlier run's JSONL (``conformance report``), which
    masked them or not; the page then says so instead of claiming how they were masked.
    """
    template, _css, _js = _assets()
    return template.render(_context(result, opts, embed_limit, values_as_written))


def write(
    result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions, *, values_as_written: bool = False
) -> None:
    """Write the page (UTF-8)."""
    page = render(result, opts, values_as_written=values_as_written)
    with text_stream(out) as stream:
        stream.write(page)
