"""A schema set as a whole: start one from the bundled set, import workbooks into it all or nothing.

``schema import --into DIR`` builds the new set in a private staging copy, loads it with the very loader
``validate --schema`` uses, and only then replaces the changed files in DIR (each through a temporary file
and an atomic rename). A set the loader would reject is never written, and when any sheet of any workbook
fails, every failing sheet is reported and nothing is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.schema.documents import SchemaError, read_json
from conformance.schema.importer import WorkbookImport, import_workbook, layout_json
from conformance.schema.loader import bundled_schema_root, load_schema_set
from conformance.schema.located import ImportProblem, ImportProblems, Where
from conformance.schema.model import SchemaSet
from conformance.schema.vocabulary import Vocabulary
from conformance.schema.workbook import WorkbookLimits

__all__ = ["SetImport", "commit_files", "dataset_json", "import_into", "init_set", "load_set", "staged"]

DATASET = "dataset.json"


def twice(names: Sequence[tuple[str, str, str | None]], what: tuple[str, str]) -> list[ImportProblem]:
    """A problem for each (name, file, sheet) whose name an earlier one already has."""
    owner: dict[str, str] = {}
    out: list[ImportProblem] = []
    for name, file, sheet in names:
        if name in owner:
            out.append(
                ImportProblem(
                    Where(file, sheet),
                    f"{what[0]} {name!r} は {owner[name]} にもあります",
                    f"{what[1]} {name!r} also comes from {owner[name]}",
                )
            )
        owner[name] = file
    return out


def init_set(target: Path) -> list[Path]:
    """Copy the bundled schema set (dataset.json, code tables, parameters, layouts) into ``target``."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ImportProblem(
            Where(str(target)),
            "既にあるファイルか空でないフォルダです（上書きしません）",
            "exists and is not an empty folder (nothing is overwritten)",
        )
    source = bundled_schema_root()
    # not sheets/: the reference CSV sheets would regenerate (build-bundled) over imported layouts
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("sheets"))
    return sorted(p for p in target.rglob("*") if p.is_file())


def load_set(root: Path) -> SchemaSet:
    """The set as ``validate --schema`` loads it."""
    return load_schema_set(root)


@contextmanager
def staged(root: Path) -> Iterator[Path]:
    """A private (0700) copy of the set, removed afterwards whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="conformance-import-"))
    try:
        copy = folder / "set"
        shutil.copytree(root, copy)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def commit_files(staging: Path, root: Path, relative: Sequence[str]) -> None:
    """Move the changed files from the staging copy into the set, each replaced atomically."""
    for rel in relative:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".import-", dir=target.parent)
        os.close(handle)
        try:
            shutil.copyfile(staging / rel, temporary)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def dataset_json(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@dataclass(slots=True)
class SetImport:
    root: Path
    workbooks: list[WorkbookImport]
    written: list[str] = field(default_factory=list)  # relative paths
    replaced: list[str] = field(default_factory=list)  # layout names that existed before
    unused: list[str] = field(default_factory=list)  # layouts no file of dataset.json uses yet


def _standard(doc: dict[str, Any], entries: Sequence[dict[str, Any]]) -> None:
    standard = doc["standard"]
    standard.setdefault("base", {k: standard[k] for k in ("title", "version", "source")})
    kept = [w for w in standard.get("workbooks", []) if w["file"] not in {e["file"] for e in entries}]
    standard["workbooks"] = [*kept, *entries]
    versions = sorted(
        {
            w["version"]
            for w in standard["workbooks"]
            if w.get("kind", "layouts") == "layouts" and w["version"]
        }
    )
    standard["version"] = " / ".join(versions) or "unknown"
    standard["source"] = ", ".join(w["file"] for w in standard["workbooks"])


def update_dataset(staging: Path, entries: Sequence[dict[str, Any]]) -> None:
    path = staging / DATASET
    doc = read_json(path)
    _standard(doc, entries)
    path.write_text(dataset_json(doc), encoding="utf-8", newline="\n")


def check_staged(staging: Path, root: Path) -> None:
    """Load the staged set; a problem is reported against the real set's path."""
    try:
        load_set(staging)
    except SchemaError as exc:
        shown = str(exc.file).replace(str(staging), str(root))
        raise ImportProblem(
            Where(shown),
            f"取込み後のスキーマセットが読めません（何も書いていません）: {exc.path} {exc.problem}",
            f"the imported set does not load (nothing was written): {exc.path} {exc.problem}",
        ) from None


def import_into(
    workbooks: Sequence[Path],
    root: Path,
    vocabulary: Vocabulary,
    *,
    name_from: str = "sheet",
    strict: bool = False,
    limits: WorkbookLimits | None = None,
) -> SetImport:
    """Import every sheet of every workbook into the set at ``root``: all or nothing."""
    root = Path(root)
    if not (root / DATASET).is_file():
        raise ImportProblem(
            Where(str(root)),
            "スキーマセットではありません（dataset.json がない）。"
            "先に conformance schema init DIR を実行してください",
            "not a schema set (no dataset.json); start one with `conformance schema init DIR`",
        )
    problems: list[ImportProblem] = []
    imported: list[WorkbookImport] = []
    for path in workbooks:
        try:
            imported.append(
                import_workbook(path, vocabulary, name_from=name_from, strict=strict, limits=limits)
            )
        except ImportProblems as exc:
            problems.extend(exc.problems)
        except ImportProblem as exc:
            problems.append(exc)
    owner = {layout.name: result.file for result in imported for layout in result.layouts}
    problems.extend(
        twice(
            [(layout.name, result.file, layout.sheet) for result in imported for layout in result.layouts],
            ("レイアウト", "layout"),
        )
    )
    if problems:
        raise ImportProblems(problems)
    if not owner:
        raise ImportProblem(
            Where(", ".join(str(p) for p in workbooks)),
            "基本データリストのシートが1枚もありません（何も書いていません）",
            "no sheet holds a 基本データリスト (nothing was written)",
        )
    dataset = read_json(root / DATASET)
    layouts_dir = str(dataset.get("layouts_dir", "layouts"))
    used = {Path(spec["layout"]).as_posix() for spec in dataset["files"].values()}
    summary = SetImport(root, imported)
    with staged(root) as staging:
        for result in imported:
            for layout in result.layouts:
                rel = f"{layouts_dir}/{layout.name}.json"
                if (root / rel).is_file():
                    summary.replaced.append(layout.name)
                if rel not in used:
                    summary.unused.append(layout.name)
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                (staging / rel).write_text(layout_json(layout.doc), encoding="utf-8", newline="\n")
                summary.written.append(rel)
        update_dataset(
            staging,
            [r.provenance.as_json([layout.sheet or r.file for layout in r.layouts]) for r in imported],
        )
        summary.written.append(DATASET)
        check_staged(staging, root)
        commit_files(staging, root, summary.written)
    return summary
