"""Where things are: the project root and paths given relative to it.

Notebooks default to paths such as "sefs/example-2026". They run with the notebook's folder as
the working directory in JupyterLab and with the caller's under papermill, so a relative path
is looked up from the working directory first, then from the project root.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root(start: Path | None = None) -> Path:
    """The nearest folder, from `start` (default: working directory) upwards, holding sefs/ and
    notebooks/; failing that, the checkout this package was installed from."""
    for folder in [(start or Path.cwd()).resolve(), *(start or Path.cwd()).resolve().parents]:
        if (folder / "sefs").is_dir() and (folder / "notebooks").is_dir():
            return folder
    source_checkout = PACKAGE_DIR.parents[1]  # src/sefbook -> project root (editable install)
    if (source_checkout / "sefs").is_dir():
        return source_checkout
    return Path.cwd()


def resolve(path: str | Path) -> Path:
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path.resolve()
    return (project_root() / path).resolve()


NOTEBOOKS_DIR_NAME = "notebooks"


INSTALLED_NOTEBOOKS = PACKAGE_DIR / NOTEBOOKS_DIR_NAME  # pyproject.toml puts notebooks/ here in a wheel


def notebooks_folder(given: str | Path | None = None) -> Path:
    """The folder of the report's notebooks: the one given (--notebooks), else the project's
    (a checkout, where an analyst may have changed them), else the ones installed with the package."""
    if given:
        return resolve(given)
    project = project_root() / NOTEBOOKS_DIR_NAME
    return project if project.is_dir() or not INSTALLED_NOTEBOOKS.is_dir() else INSTALLED_NOTEBOOKS


DEFAULT_EDITION = "sefs/example-2026"
DEFAULT_DATA = "data/example"

# An edition folder's own files (named here, the lightest module, for the up-to-date check too)
EDITION_FILE = "sef.yml"
NARRATIVE_DIR = "narrative"
QUOTES_FILE = "quotes.yml"
