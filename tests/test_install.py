"""The offline route of the README works: the project builds as a wheel that installs with no package index
and runs the main job from the installed copy (with the bundled schema set inside the wheel).

Dependencies come from this environment (the new virtual environment reads this one's site-packages through
a ``.pth`` file), so the test needs no network: it checks what an offline machine needs of *our* wheel; the
wheelhouse of the dependencies is ``pip wheel`` on a connected machine (README, "Offline").
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import REPO


def _see_these_dependencies(python: Path) -> None:
    """Let the new environment import this one's packages, listed after its own.

    Why not ``system_site_packages``: when the tests run from a venv (the README's route) that names the base
    interpreter's packages, not the venv's, and on a fresh machine the base has none of our dependencies.
    """
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    (Path(site) / "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")


def test_the_wheel_installs_with_no_index_and_runs(tmp_path: Path) -> None:
    house = tmp_path / "wheelhouse"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(house),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    assert len(list(house.glob("conformance-*.whl"))) == 1
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    _see_these_dependencies(python)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-index",
            "--no-deps",
            "--ignore-installed",
            "--find-links",
            str(house),
            "conformance",
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import conformance, conformance.schema.loader as l; "
            "print(conformance.__file__); print(l.bundled_schema_root())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert str(env) in where[0] and "_bundled" in where[1]  # the installed copy, its own schema set
    run = subprocess.run(
        [str(env / "bin" / "conformance"), "validate", str(REPO / "samples" / "valid"), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Verdict: conforms")
