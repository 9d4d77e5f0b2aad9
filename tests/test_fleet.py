"""Many councils' packs at once, on Dask: one council's failure never stops the others, the
index page links every pack with its outcome, the exit status says whether any failed, and a
run on a Dask cluster (a LocalCluster started here, reached by its tcp:// address) makes the
same packs as a local run."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from helpers import PUBLISHED_DATA

from sefbook import cli
from sefbook.inputs.load import current_councils

pytestmark = [
    pytest.mark.skipif(not PUBLISHED_DATA.is_dir(), reason="published DfE files not beside the project"),
    pytest.mark.build,
]

SMALLEST = ["201", "420"]  # City of London, Isles of Scilly: the quickest packs


def test_every_current_council_and_none_since_reorganised():
    councils = current_councils(PUBLISHED_DATA)
    assert len(councils) == 153 and councils["201"] == "City of London"
    assert "909" not in councils  # Cumbria, split in 2023


def test_packs_in_parallel_isolate_a_failure_and_a_cluster_makes_the_same_packs(tmp_path, capsys):
    from sefbook.build.fleet import local_cluster

    local = tmp_path / "local"
    status = cli.main(["pack", "--la", *SMALLEST, "999", "--data", str(PUBLISHED_DATA), "--output", str(local)])
    err = capsys.readouterr().err
    assert status == 1, err  # one council failed: the run says so
    assert "sefbook: pack 999 (999) failed:" in err and "has no council with this LA code" in err
    index = BeautifulSoup((local / "packs.html").read_text(encoding="utf-8"), "html.parser")
    rows = {tr.find_all("td")[0].get_text(): tr for tr in index.select("tbody tr")}
    assert set(rows) == {*SMALLEST, "999"}
    for code in SMALLEST:  # built despite the failure beside them, and linked
        assert rows[code].find("a")["href"] == f"pack-{code}/report.html"
        assert (local / f"pack-{code}" / "report.html").is_file()
        assert "built" in rows[code].get_text()
    assert rows["999"].find("a") is None and "failed" in rows["999"].get_text()

    with local_cluster(2) as cluster:
        on_cluster = tmp_path / "cluster"
        assert (
            cli.main(
                [
                    "pack",
                    "--la",
                    *SMALLEST,
                    "--data",
                    str(PUBLISHED_DATA),
                    "--output",
                    str(on_cluster),
                    "--scheduler",
                    cluster.scheduler_address,
                ]
            )
            == 0
        )
    err = capsys.readouterr().err
    assert f"on the Dask cluster at {cluster.scheduler_address}" in err
    for code in SMALLEST:
        for name in ("report.html", "figures.csv"):
            assert (on_cluster / f"pack-{code}" / name).read_bytes() == (local / f"pack-{code}" / name).read_bytes(), (
                code,
                name,
            )

    # again, nothing changed: every pack is up to date, and the index says so
    assert cli.main(["pack", "--la", *SMALLEST, "--data", str(PUBLISHED_DATA), "--output", str(local)]) == 0
    assert len(re.findall(r": up to date in", capsys.readouterr().err)) == 2


def test_packs_from_a_folder_that_is_not_there_exit_2_at_once_naming_it(tmp_path, capsys):
    """The councils are listed while the workers start; a data folder that is not there is said
    before any worker starts (the message names it), and no index page is written."""
    missing = tmp_path / "not-downloaded"
    assert cli.main(["pack", "--all", "--data", str(missing), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: data folder not found" in err and "Building" not in err
    assert not (tmp_path / "out" / "packs.html").exists()


def _format_checkers_and_validation() -> tuple[list[str], bool]:
    """In a worker: the format checkers it could import, and whether nbformat still validates."""
    import importlib.util
    import sys

    import nbformat

    from sefbook.build.imports import UNUSED_FORMAT_CHECKERS

    importable = [name for name in UNUSED_FORMAT_CHECKERS if sys.modules.get(name, 0) is not None]
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    bad.cells[0]["outputs"] = [{"output_type": "not one"}]
    try:
        nbformat.validate(bad)
    except nbformat.ValidationError:
        return [n for n in importable if importlib.util.find_spec(n) is not None], True
    return importable, False


def test_a_local_worker_is_warmed_up_without_the_format_checkers_and_still_validates_notebooks():
    """A local pack worker loads the build's modules as the command does: jsonschema's format
    checkers (one compiles forty grammars as it loads) marked absent, notebook validation intact."""
    from distributed import Client

    from sefbook.build.fleet import local_cluster, warm_up
    from sefbook.paths import notebooks_folder

    with (
        local_cluster(1) as cluster,
        Client(cluster) as client,
    ):
        client.submit(warm_up, str(notebooks_folder(None)), pure=False).result()
        [(importable, validates)] = client.run(_format_checkers_and_validation).values()
    assert importable == [] and validates


def test_a_local_cluster_leaves_dasks_dashboard_port_alone():
    """Two pack runs at once, or a Dask dashboard already open, hold port 8787: a local cluster's
    scheduler serves its HTTP routes on a free port and says nothing of it in the log."""
    import socket
    import warnings

    from sefbook.build.fleet import local_cluster

    with socket.socket() as held, warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            held.bind(("", 8787))
            held.listen()
        except OSError:
            pass  # held already, by something else
        with local_cluster(0) as cluster:
            port = cluster.scheduler.http_server.port
    assert port != 8787
    assert not [w for w in said if "8787" in str(w.message)], [str(w.message) for w in said]
