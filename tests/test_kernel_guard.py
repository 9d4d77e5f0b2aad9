"""The unit suite starts no kernel: the guard (tests/kernel_guard.py) fails a test not marked
`build` that starts one, whether sefbook starts it in the test's own process or in a build run as
a command, and leaves a test marked `build` alone."""

from __future__ import annotations

import textwrap

import pytest
from helpers import EXAMPLE_DATA, EXAMPLE_EDITION, ROOT

TESTS = textwrap.dedent(
    f"""
    import os, subprocess, sys
    from pathlib import Path

    import pytest

    from sefbook.build.kernels import KernelPool
    from sefbook.errors import NotebookError

    BEFORE = os.environ.get("JUPYTER_PATH")  # read as the module is collected, before any test runs


    def test_a_kernel_started_in_this_process(tmp_path):
        pool = KernelPool(cwd=tmp_path)
        with pytest.raises(NotebookError, match="could not start"):  # waited for: the stand-in exits at once
            with pool.kernel():
                pass
        pool.shutdown()


    def test_a_build_run_as_a_command(tmp_path):  # its inputs pass, so it waits for a kernel to run its parts
        subprocess.run(
            [str(Path(sys.executable).with_name("sefbook")), "build", {str(EXAMPLE_EDITION)!r},
             "--data", {str(EXAMPLE_DATA)!r}, "--output", str(tmp_path / "output")],
            capture_output=True, check=False,
        )


    def test_no_kernel():
        assert "sefbook-kernel-guard-" in os.environ["JUPYTER_PATH"]


    @pytest.mark.build
    def test_a_build_test_is_left_alone():
        assert os.environ.get("JUPYTER_PATH") == BEFORE
    """
)


@pytest.mark.slow  # seconds: a pytest of its own, and a build run as a command
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["in-process", "pytest-xdist"])
def test_the_guard_fails_a_unit_test_that_starts_a_kernel_in_process_or_in_a_build_command(pytester, workers):
    pytester.makepyfile(test_guarded=TESTS)
    pytester.makeini(f"[pytest]\npythonpath = {ROOT / 'tests'}\nmarkers = build: starts a kernel\n")
    pytester.makeconftest('pytest_plugins = ["kernel_guard"]\n')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-ra", *workers)
    result.assert_outcomes(passed=2, failed=2)
    for test in ["test_a_kernel_started_in_this_process", "test_a_build_run_as_a_command"]:
        # each failure's own report (under xdist, the two may come in either order)
        result.stdout.fnmatch_lines([f"*_ {test} _*", "a unit test started a Jupyter kernel*"])
