"""The HTML page of a reconciliation, for people: one offline file, totals first, then the differences by
layout and item, filterable by layout, kind and item (a few lines of script; the page works without it).

Same conventions as the validator's page: autoescaped, a Content-Security-Policy that admits only the
page's own inline style and script (by hash), nothing fetched, values masked through ``ReportOptions``.
"""

from __future__ import annotations

import base64
import hashlib
from typing import BinaryIO, TextIO

from markupsafe import Markup, escape

from conformance.reconcile.model import KINDS, ReconcileResult, kind_word
from conformance.reports.masking import clean
from conformance.reports.reconcile_report import key_text, shown_values, verdict_text, word
from conformance.reports.writers import ReportOptions, text_stream

__all__ = ["render", "write"]

_CSS = """body{font-family:sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
.ok{color:#176b2c}.ng{color:#a4161a}table{border-collapse:collapse;margin:.5em 0 1.2em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.diff{background:#fff3cd}
.filters{margin:1em 0;padding:.5em;background:#f4f4f4}.filters label{margin-right:1em}"""

_JS = """(function(){var q=function(s){return document.querySelector(s)};
function apply(){var l=q('#f-layout').value,k=q('#f-kind').value,i=q('#f-item').value.trim();
var rows=document.querySelectorAll('#differences tbody tr'),n=0;
rows.forEach(function(r){var ok=(!l||r.dataset.layout===l)&&(!k||r.dataset.kind===k)&&
(!i||(r.dataset.item||'').indexOf(i)>=0);r.hidden=!ok;if(ok)n++});q('#f-count').textContent=n}
['#f-layout','#f-kind','#f-item'].forEach(function(s){q(s).addEventListener('input',apply)});apply()})();"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def _e(text: object) -> Markup:
    return escape(clean(str(text)))


def render(result: ReconcileResult, opts: ReportOptions) -> str:
    lang = opts.lang

    def w(name: str, **fields: object) -> Markup:
        return _e(word(name, lang, **fields))

    ok = result.identical
    normalize = _e(", ".join(result.normalize)) if result.normalize else w("none")
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f'style-src {_hash(_CSS)}; script-src {_hash(_JS)}">',
        f"<title>{w('title')}</title><style>{_CSS}</style></head><body>",
        f'<h1>{w("title")}: <span class="{"ok" if ok else "ng"}">',
        f"{_e(verdict_text(result, lang))}</span></h1>",
        "<table>",
        f"<tr><th>{w('before')}</th><td>{_e(result.before)}</td></tr>",
        f"<tr><th>{w('after')}</th><td>{_e(result.after)}</td></tr>",
        f"<tr><th>{w('schema')}</th><td>{_e(result.schema_name)}</td></tr>",
        f"<tr><th>{w('normalize')}</th><td>{normalize}</td></tr>",
    ]
    if result.ignore_items:
        out.append(f"<tr><th>{w('ignored')}</th><td>{_e(', '.join(result.ignore_items))}</td></tr>")
    out.append("</table>")
    # totals first: per layout records, kinds, sums, codes
    out.append(
        f"<h2>{w('records')}・{w('sum')}</h2><table><tr><th>{w('layout')}</th><th>{w('key')}</th>"
        f"<th>{w('before')}</th><th>{w('after')}</th><th>{w('difference')}</th><th>{w('kinds')}</th></tr>"
    )
    for r in result.layouts:
        nb = r.before.records if r.before else 0
        na = r.after.records if r.after else 0
        kinds = ", ".join(f"{kind_word(k, lang)} {r.counts[k]:,}" for k in KINDS if r.counts.get(k))
        cls = ' class="diff"' if r.total else ""
        out.append(
            f"<tr{cls}><td>{_e(r.layout)}</td><td>{_e('+'.join(r.key))}</td><td class=n>{nb:,}</td>"
            f"<td class=n>{na:,}</td><td class=n>{na - nb:+,}</td><td>{_e(kinds)}</td></tr>"
        )
    out.append("</table>")
    for r in result.layouts:
        if not (r.sums or r.codes or r.changed_by_item):
            continue
        out.append(f"<h3>{_e(r.layout)}</h3>")
        if r.sums:
            out.append(
                f"<table><tr><th>{w('item')}</th><th>{w('before')}</th><th>{w('after')}</th>"
                f"<th>{w('difference')}</th><th>{w('not_numbers')}</th></tr>"
            )
            for s in r.sums:
                cls = ' class="diff"' if s.difference else ""
                out.append(
                    f"<tr{cls}><td>{_e(s.item)}</td><td class=n>{_e(s.before)}</td>"
                    f"<td class=n>{_e(s.after)}</td><td class=n>{_e(s.difference)}</td>"
                    f"<td class=n>{s.not_numbers_before} / {s.not_numbers_after}</td></tr>"
                )
            out.append("</table>")
        if r.codes:
            out.append(
                f"<p>{w('codes')}</p><table><tr><th>{w('item')}</th><th>{w('code')}</th><th>{w('before')}</th>"
                f"<th>{w('after')}</th></tr>"
            )
            out += [
                f"<tr><td>{_e(c.item)}</td><td>{_e(opts.shown(c.code, c.item) or 'NULL')}</td>"
                f"<td class=n>{c.before:,}</td><td class=n>{c.after:,}</td></tr>"
                for c in r.codes
            ]
            out.append("</table>")
        if r.changed_by_item:
            out.append(f"<p>{w('by_item')}</p><table>")
            out += [
                f"<tr><td>{_e(opts.item(k))}</td><td class=n>{n:,}</td></tr>"
                for k, n in r.changed_by_item.items()
            ]
            out.append("</table>")
    # differences, filterable
    layouts = "".join(f'<option value="{_e(r.layout)}">{_e(r.layout)}</option>' for r in result.layouts)
    kinds = "".join(f'<option value="{k}">{_e(kind_word(k, lang))}</option>' for k in KINDS)
    cap = "∞" if result.max_per_kind < 0 else f"{result.max_per_kind:,}"
    out += [
        f"<h2>{w('listed', cap=cap)}</h2>",
        '<div class="filters">',
        f'<label>{w("layout")} <select id="f-layout"><option value=""></option>{layouts}</select></label>',
        f'<label>{w("kind")} <select id="f-kind"><option value=""></option>{kinds}</select></label>',
        f'<label>{w("item")} <input id="f-item" type="search"></label> <output id="f-count"></output>',
        "</div>",
        f'<table id="differences"><thead><tr><th>{w("layout")}</th><th>{w("kind")}</th><th>{w("key")}</th>'
        f"<th>{w('item')}</th><th>{w('before')}</th><th>{w('after')}</th><th>{w('before')} {w('line')}</th>"
        f"<th>{w('after')} {w('line')}</th></tr></thead><tbody>",
    ]
    for r in result.layouts:
        for d in r.listed:
            before, after = shown_values(d, opts)
            item = opts.item(d.item) or ""
            out.append(
                f'<tr data-layout="{_e(r.layout)}" data-kind="{d.kind}" data-item="{_e(item)}">'
                f"<td>{_e(r.layout)}</td><td>{_e(kind_word(d.kind, lang))}</td>"
                f"<td>{_e(key_text(d, opts))}</td>"
                f"<td>{_e(item)}</td><td>{_e(before if before is not None else '')}</td>"
                f"<td>{_e(after if after is not None else '')}</td>"
                f"<td class=n>{d.line_before or ''}</td><td class=n>{d.line_after or ''}</td></tr>"
            )
    out.append("</tbody></table>")
    if result.skipped:
        out.append(f"<h2>{w('skipped')}</h2><ul>")
        out += [
            f"<li>{_e(s)}: {_e(p)}: {_e(ja if lang == 'ja' else en)}</li>" for s, p, ja, en in result.skipped
        ]
        out.append("</ul>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"


def write(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    with text_stream(out) as stream:
        stream.write(render(result, opts))
