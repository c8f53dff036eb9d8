"""Resolving command-line paths to dataset files and their layouts, and saying what was left out and why.

Nothing is skipped silently: every entry of a dataset folder that is not checked (a name that matches no
layout, a format no reader reads, a subfolder, something that is not a regular file, a dangling or looping
link) is returned as a :class:`SkippedInput` with its reason, and the reports list them as
「検査しなかったファイル」. A run in which nothing matched is an error, never a pass.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from conformance.core.messages import Lang, Localized, Message, Params, params_of, render
from conformance.readers.formats import EXTENSIONS, format_of
from conformance.schema.model import FileSpec, SchemaSet

__all__ = [
    "READABLE_EXTENSIONS",
    "SKIP_REASONS",
    "InputError",
    "InputFile",
    "SkipReason",
    "SkippedInput",
    "match_layout",
    "resolve_inputs",
]

#: File name extensions a reader exists for (lower case).
READABLE_EXTENSIONS: tuple[str, ...] = tuple(EXTENSIONS)

SkipReason = Literal[
    "no_layout", "extension", "directory", "not_regular", "dangling_link", "link_loop", "unreadable"
]

SKIP_REASONS: dict[SkipReason, Message] = {
    "no_layout": Message(
        "input.no_layout",
        "ファイル名がどのレイアウトにも一致しません（{expected}）",
        "the file name matches no layout ({expected})",
    ),
    "extension": Message(
        "input.extension",
        "読めない形式のファイルです（読める形式: {readable}）",
        "not a format the tool reads (it reads {readable})",
    ),
    "directory": Message(
        "input.directory",
        "フォルダの中のフォルダは検査しません",
        "a folder inside the folder is not searched",
    ),
    "not_regular": Message(
        "input.not_regular",
        "通常のファイルではありません（{kind}）",
        "not a regular file ({kind})",
    ),
    "dangling_link": Message(
        "input.dangling_link", "リンク先のないシンボリックリンクです", "a symbolic link to nothing"
    ),
    "link_loop": Message("input.link_loop", "循環するシンボリックリンクです", "a symbolic link that loops"),
    "unreadable": Message("input.unreadable", "読み取れません（{error}）", "cannot be read ({error})"),
}


class InputError(Exception):
    """A path that cannot be used: missing, or matched to no layout (``unreadable``: exit code 3)."""

    def __init__(self, message: str, *, unreadable: bool = False) -> None:
        super().__init__(message)
        self.unreadable = unreadable


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    display: str  # the ``file`` of every finding: the path as the user gave it (or dir/name)
    spec: FileSpec
    format: str = "csv"  # the reader (readers.source.FORMATS): from the extension, or --input-format


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An entry of a dataset folder that was not checked, and why."""

    path: str
    reason: SkipReason
    params: Params = ()

    def text(self, lang: Lang) -> str:
        return render(SKIP_REASONS[self.reason], self.params, lang, lambda q: q.text)


def match_layout(path: Path, schema: SchemaSet) -> FileSpec | None:
    """The dataset file whose name matches: ``住民記録_住民.csv`` or ``住民記録_住民.<anything>.csv``; any
    readable extension stands for the pattern's (``住民記録_住民.jsonl``, §13.1)."""
    prefix, _, suffix = schema.file_name_pattern.partition("{file}")
    name = path.name
    ext = path.suffix.lower()
    pattern_ext = suffix[suffix.rfind(".") :].lower() if "." in suffix else ""
    if ext in EXTENSIONS and pattern_ext in EXTENSIONS:
        suffix = suffix[: len(suffix) - len(pattern_ext)] + path.suffix
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return None
    stem = name[len(prefix) : len(name) - len(suffix)]
    if stem in schema.files:
        return schema.files[stem]
    head = stem.split(".", 1)[0]
    return schema.files.get(head)


_KINDS = {
    stat.S_IFIFO: Localized("名前付きパイプ", "a named pipe (FIFO)"),
    stat.S_IFCHR: Localized("キャラクタデバイス", "a character device"),
    stat.S_IFBLK: Localized("ブロックデバイス", "a block device"),
    stat.S_IFSOCK: Localized("ソケット", "a socket"),
}


def _classify(path: Path) -> tuple[SkipReason, Params] | None:
    """Why ``path`` cannot be read as a file (never opening it), or None for a regular file."""
    try:
        st = path.stat()  # follows links
    except FileNotFoundError:
        return (
            ("dangling_link", ()) if path.is_symlink() else ("unreadable", params_of({"error": "not found"}))
        )
    except OSError as e:
        if e.errno == 40:  # ELOOP
            return "link_loop", ()
        return "unreadable", params_of({"error": e.strerror or type(e).__name__})
    if stat.S_ISDIR(st.st_mode):
        return "directory", ()
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), Localized("特殊ファイル", "a special file"))
        return "not_regular", params_of({"kind": kind})
    if not os.access(path, os.R_OK):
        return "unreadable", params_of({"error": "permission denied"})
    return None


def _expected(schema: SchemaSet) -> str:
    names = [schema.file_name_pattern.format(file=f) for f in schema.files]
    return ", ".join(names)


def resolve_inputs(
    paths: Sequence[Path],
    schema: SchemaSet,
    layout: str | None = None,
    *,
    aliases: Mapping[Path, str] | None = None,
    input_format: str | None = None,
) -> tuple[list[InputFile], list[SkippedInput]]:
    """Files to check, in the dataset definition's order (referenced files first), and the skipped entries.

    An explicitly named path that is missing or not a regular file is unreadable (exit 3); one that matches
    no layout is a usage error (``--layout`` forces one). Entries of a folder that cannot be checked are
    skipped with their reason. When nothing at all is left to check, the error lists every entry found.
    ``aliases``: the name a file is shown under (standard input's temporary copy is ``-``).
    ``input_format``: the reader for every file (``--input-format``); else each file's extension decides.
    """
    if layout is not None and layout not in schema.files:
        raise InputError(f"unknown layout {layout!r}; known: {', '.join(schema.files)}")
    found: list[InputFile] = []
    skipped: list[SkippedInput] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.iterdir()):
                entry = _folder_entry(child, schema, layout, input_format)
                if isinstance(entry, SkippedInput):
                    skipped.append(entry)
                else:
                    found.append(entry)
            continue
        problem = _classify(p)
        if problem is not None:
            reason, params = problem
            detail = SkippedInput(str(p), reason, params)
            if reason == "unreadable" and not p.is_symlink() and not p.exists():
                raise InputError(f"{p}: ファイルがありません / no such file or directory", unreadable=True)
            raise InputError(f"{p}: {detail.text('ja')} / {detail.text('en')}", unreadable=True)
        spec = schema.files[layout] if layout else match_layout(p, schema)
        if spec is None:
            raise InputError(
                f"{p}: ファイル名からレイアウトを判定できません / cannot match the file name to a layout "
                f"(expected one of {_expected(schema)}; use --layout)"
            )
        fmt = input_format or format_of(p) or "csv"
        found.append(InputFile(p, (aliases or {}).get(p, str(p)), spec, fmt))
    if not found:
        raise InputError(_nothing_message(paths, skipped))
    rank = {name: i for i, name in enumerate(schema.files)}
    found.sort(key=lambda f: rank[f.spec.name])  # stable: keeps the user's order within one layout
    return found, skipped


def _folder_entry(
    child: Path, schema: SchemaSet, layout: str | None, input_format: str | None = None
) -> InputFile | SkippedInput:
    problem = _classify(child)
    if problem is not None:
        return SkippedInput(str(child), *problem)
    if not child.name.lower().endswith(READABLE_EXTENSIONS):
        return SkippedInput(str(child), "extension", params_of({"readable": ", ".join(READABLE_EXTENSIONS)}))
    spec = schema.files[layout] if layout else match_layout(child, schema)
    if spec is None:
        return SkippedInput(str(child), "no_layout", params_of({"expected": _expected(schema)}))
    return InputFile(child, str(child), spec, input_format or format_of(child) or "csv")


def _nothing_message(paths: Sequence[Path], skipped: Sequence[SkippedInput]) -> str:
    where = ", ".join(str(p) for p in paths)
    lines = [f"検査できるファイルがありません / nothing to check in {where}"]
    if not skipped:
        lines.append("  （空のフォルダです / the folder is empty）")
    for s in skipped:
        lines.append(f"  {s.path}: {s.text('ja')} / {s.text('en')}")
    return "\n".join(lines)
