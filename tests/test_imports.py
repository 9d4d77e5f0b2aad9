"""sefbook's threads import the Jupyter libraries one at a time (build/imports.py's import_now).

Two threads importing at once modules that import one another can each find the other's half
made: under load, a pack's kernel starting (jupyter_client) met papermill's import on the
build's import thread (nbclient, then jupyter_client) and the pack failed with "cannot import
name 'AsyncKernelManager' from partially initialized module 'jupyter_client.manager'"."""

from __future__ import annotations

import sys
import threading
import types

import pytest

from sefbook.build.imports import import_now

# The gate a stand-in module waits at while it is being imported, and the order things happened in.
GATE = "sefbook_test_import_gate"
PAUSED = f"import {GATE} as gate\ngate.order.append('first begins')\ngate.paused.set()\ngate.release.wait(60)\ngate.order.append('first ends')\n"
QUICK = f"import {GATE} as gate\ngate.order.append('second')\n"


@pytest.fixture
def modules(tmp_path):
    """Two stand-in modules on the path: one that pauses while it is imported, one that does not."""
    (tmp_path / "sefbook_test_paused.py").write_text(PAUSED, encoding="utf-8")
    (tmp_path / "sefbook_test_quick.py").write_text(QUICK, encoding="utf-8")
    gate = types.ModuleType(GATE)
    gate.order, gate.paused, gate.release = [], threading.Event(), threading.Event()
    sys.path.insert(0, str(tmp_path))
    sys.modules[GATE] = gate
    try:
        yield gate
    finally:
        gate.release.set()  # whatever happened, the paused import ends
        sys.path.remove(str(tmp_path))
        for name in (GATE, "sefbook_test_paused", "sefbook_test_quick"):
            sys.modules.pop(name, None)


def test_a_thread_waits_for_another_threads_import_to_end_before_it_imports(modules):
    first = threading.Thread(target=import_now, args=("sefbook_test_paused",))
    first.start()
    assert modules.paused.wait(60), "the first import did not begin"
    second = threading.Thread(target=import_now, args=("sefbook_test_quick",))
    second.start()
    # It waits for as long as the first import lasts: given half a second, it has not imported.
    # (Were it not to wait, it would be done well within that, unless the machine stalled.)
    second.join(timeout=0.5)
    try:
        assert second.is_alive() and modules.order == ["first begins"], modules.order
    finally:
        modules.release.set()
        first.join(timeout=60)
        second.join(timeout=60)
    assert modules.order == ["first begins", "first ends", "second"]


def test_a_module_imported_already_is_not_waited_for(modules):
    first = threading.Thread(target=import_now, args=("sefbook_test_paused",))
    first.start()
    assert modules.paused.wait(60), "the first import did not begin"
    try:
        # json is imported already: handed out at once, though another import is under way
        other = threading.Thread(target=import_now, args=("json",))
        other.start()
        other.join(timeout=60)
        assert not other.is_alive()
    finally:
        modules.release.set()
        first.join(timeout=60)
    assert modules.order == ["first begins", "first ends"]
