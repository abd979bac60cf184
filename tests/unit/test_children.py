"""Children of the app process end with it, however it ends (issue 11, point 7).

A real process tree: the test starts a "parent" Python process, which starts a child with
`spawn_context()` from its main thread or from a helper thread (as a process pool does
when it replaces a worker), then the parent is killed with SIGKILL."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import alive, thread_count, wait_until
from visits.settings import ROOT

PARENT = """
import sys, threading, time
from visits.children import spawn_context

def start_child():
    child = spawn_context().Process(target=time.sleep, args=(60,))
    child.start()
    print(child.pid, flush=True)

if __name__ == "__main__":
    if sys.argv[1] == "thread":
        helper = threading.Thread(target=start_child)
        helper.start()
        helper.join()
    else:
        start_child()
    time.sleep(60)
"""


@pytest.fixture
def parent_script(tmp_path: Path) -> Path:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    return script


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("started_from", ["main", "thread"])
def test_child_ends_within_a_second_of_its_parent_killed(
    parent_script: Path, started_from: str
) -> None:
    with subprocess.Popen([sys.executable, str(parent_script), started_from],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True) as parent:
        try:
            assert parent.stdout is not None
            child = int(parent.stdout.readline())
            # Guarded once its watcher thread runs (or it has booted without one).
            wait_until(lambda: thread_count(child) >= 2, 5)
            time.sleep(0.7)
            assert alive(child), "the child ended while its parent was alive"
        finally:
            parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert wait_until(lambda: not alive(child), 1.0), "the child outlived its parent"
