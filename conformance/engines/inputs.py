"""Resolving command-line paths to dataset files and their layouts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from conformance.schema.model import FileSpec, SchemaSet


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


def match_layout(path: Path, schema: SchemaSet) -> FileSpec | None:
    """The dataset file whose name matches: ``住民記録_住民.csv`` or ``住民記録_住民.<anything>.csv``."""
    prefix, _, suffix = schema.file_name_pattern.partition("{file}")
    name = path.name
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return None
    stem = name[len(prefix) : len(name) - len(suffix)]
    if stem in schema.files:
        return schema.files[stem]
    head = stem.split(".", 1)[0]
    return schema.files.get(head)


def resolve_inputs(
    paths: Sequence[Path], schema: SchemaSet, layout: str | None = None
) -> tuple[list[InputFile], list[str]]:
    """Files to check, in the dataset definition's order (referenced files first), and the skipped names.

    An explicitly named file that matches no layout is an error (``--layout`` forces one); a file in a
    directory that matches no layout is skipped and named in the result (never silently).
    """
    if layout is not None and layout not in schema.files:
        raise InputError(f"unknown layout {layout!r}; known: {', '.join(schema.files)}")
    found: list[InputFile] = []
    skipped: list[str] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if not child.is_file() or not child.name.lower().endswith(".csv"):
                    continue
                spec = schema.files[layout] if layout else match_layout(child, schema)
                if spec is None:
                    skipped.append(str(child))
                else:
                    found.append(InputFile(child, str(child), spec))
        elif p.exists():
            spec = schema.files[layout] if layout else match_layout(p, schema)
            if spec is None:
                names = ", ".join(schema.file_name_pattern.format(file=f) for f in schema.files)
                raise InputError(
                    f"{p}: ファイル名からレイアウトを判定できません / cannot match the file name to a layout "
                    f"(expected one of {names}; use --layout)"
                )
            found.append(InputFile(p, str(p), spec))
        else:
            raise InputError(f"{p}: ファイルがありません / no such file or directory", unreadable=True)
    rank = {name: i for i, name in enumerate(schema.files)}
    found.sort(key=lambda f: rank[f.spec.name])  # stable: keeps the user's order within one layout
    return found, skipped
