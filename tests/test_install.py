"""The project installed as a user installs it: its wheel (not an editable install) in a fresh virtual
environment, run from an empty folder outside the checkout. The notebooks travel with the package, so
`init`, `build` and `pack` need nothing from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from helpers import PUBLISHED_DATA, ROOT
from uv import find_uv_bin

pytestmark = pytest.mark.build


def _as_a_user(**extra: str) -> dict[str, str]:
    """The environment without what points at the checkout or the tests' own cache folder."""
    kept = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SEFBOOK_CACHE_DIR")}
    return {**kept, **extra}


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env or _as_a_user(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the project's wheel (built by pip) and its pinned dependencies
    installed. uv installs them: the same packages as pip at the same pins, in seconds rather than the
    minute pip takes to unpack them."""
    where = tmp_path_factory.mktemp("installed")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", where / "wheel", ROOT, cwd=where)
    [wheel] = (where / "wheel").glob("sefbook-*.whl")
    venv.create(where / "venv", with_pip=False)
    python = where / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    uv = find_uv_bin()
    _run(uv, "pip", "install", "--quiet", "--python", python, "-c", ROOT / "constraints.txt", wheel, cwd=where)
    return python.parent


def test_the_installed_package_carries_the_notebooks(installed):
    found = _run(
        installed / "python",
        "-c",
        "import sefbook.paths as p; print(p.notebooks_folder())",
        cwd=installed.parent.parent,
    ).stdout.strip()
    notebooks = Path(found)
    assert not notebooks.is_relative_to(ROOT), notebooks  # the installed copy, not the checkout's
    assert sorted(p.name for p in notebooks.glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "notebooks").glob("*.ipynb")
    )


def test_init_build_and_pack_from_an_empty_folder(installed, tmp_path):
    if not PUBLISHED_DATA.is_dir():
        pytest.skip("published DfE files not beside the project (../shared/data/dfe)")
    sefbook = installed / "sefbook"
    env = _as_a_user(
        XDG_CACHE_HOME=str(tmp_path / "cache")
    )  # the default cache folder, under it: the user's is left alone
    _run(sefbook, "init", "sefs/leicester-2026", "--la", "856", "--data", PUBLISHED_DATA, cwd=tmp_path, env=env)
    _run(sefbook, "build", "sefs/leicester-2026", "--data", PUBLISHED_DATA, cwd=tmp_path, env=env)
    report = (tmp_path / "output" / "leicester-2026" / "report.html").read_text(encoding="utf-8")
    assert "Leicester" in report and "Kingsmere" not in report
    _run(sefbook, "pack", "--la", "856", "--data", PUBLISHED_DATA, cwd=tmp_path, env=env)
    pack = (tmp_path / "output" / "pack-856" / "report.html").read_text(encoding="utf-8")
    assert "Leicester" in pack and "Kingsmere" not in pack
