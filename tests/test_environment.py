"""environment.yml (for conda users) and pyproject.toml (for pip) must pin the same versions."""

import re
import tomllib

import yaml
from helpers import ROOT


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    pins = {}
    for spec in specs:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([\w.]+)", spec.replace(" ", ""))
        assert match, f"pyproject.toml: {spec!r} is not pinned with =="
        pins[match[1].lower()] = match[2]
    return pins


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            if name != "python":
                pins[name.lower()] = version
        elif isinstance(dep, dict):  # the pip: section, for packages conda-forge does not carry
            for spec in dep["pip"]:
                if "==" in spec:
                    name, version = spec.split("==")
                    pins[name.lower()] = version
    return pins


def test_every_pinned_package_has_the_same_version_in_environment_yml():
    assert _pyproject_pins() == _conda_pins()


def test_environment_yml_uses_conda_forge_and_python_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]


def test_constraints_lock_the_same_versions_as_the_pins():
    locked = _locked()
    for name, version in _pyproject_pins().items():
        assert locked.get(re.sub(r"[-_.]+", "-", name)) == version, name


def _locked() -> dict[str, str]:
    locked = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            locked[re.sub(r"[-_.]+", "-", name).lower()] = version
    return locked


def test_every_library_in_the_code_digest_is_one_sefbook_installs():
    # a library named there but not installed is recorded as absent: a stale name, not a dependency
    from sefbook.digests import DEPENDENCIES

    assert [name for name in DEPENDENCIES if re.sub(r"[-_.]+", "-", name).lower() not in _locked()] == []


def test_the_versions_sefbook_records_are_those_importlib_metadata_gives():
    # digests.installed_version reads the Version field without parsing the whole METADATA file
    from importlib import metadata

    from sefbook.build.manifest import RECORDED_PACKAGES
    from sefbook.digests import DEPENDENCIES, installed_version

    for name in sorted({*DEPENDENCIES, *RECORDED_PACKAGES, "no-such-distribution-for-sefbook"}):
        try:
            expected: str | None = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = None
        assert installed_version(name) == expected, name
    assert installed_version("pandas") is not None and installed_version("no-such-distribution-for-sefbook") is None
