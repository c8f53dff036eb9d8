"""The offline route of the README works: the project builds as a wheel that installs with no package index
and runs the main job from the installed copy (with the bundled schema set inside the wheel).

Dependencies come from this environment (a virtual environment with system site packages), so the test
needs no network: it checks what an offline machine needs of *our* wheel; the wheelhouse of the
dependencies is ``pip wheel`` on a connected machine (README, "Offline").
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import REPO


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
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env)
    python = env / "bin" / "python"
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
