"""`kommunegraf build` leaves nothing behind: killed with -9, its worker processes go with it and
its spool folder is removed by the next build; a store in use is said to be in use."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.corpus import write_corpus
from kommunegraf.store import EmbeddedStore
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent
KOMMUNEGRAF = str(Path(sys.executable).with_name("kommunegraf"))
MARKER = "KOMMUNEGRAF_TEST_PROCESS_MARKER"


def processes_marked(marker: str) -> list[int]:
    """Every process whose environment carries the marker (the build and all it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"{MARKER}={marker}".encode() in environment.split(b"\0"):
            found.append(int(entry.name))
    return found


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.1)
    return False


def test_kill_9_of_a_build_leaves_no_process_and_the_next_build_removes_its_spool(
        tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 150, seed=7)  # enough to be read by worker processes
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    marker = uuid.uuid4().hex
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary),
                   MARKER: marker}
    store = tmp_path / "store"
    build = subprocess.Popen([KOMMUNEGRAF, "--store", str(store), "build", str(corpus / "docs")],
                             env=environment, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        # The build and at least two reading workers (and multiprocessing's helper).
        assert wait_for(lambda: len(processes_marked(marker)) >= 3, 120), \
            processes_marked(marker)
        spools = list(temporary.glob(f"kommunegraf-build-{build.pid}-*"))
        assert spools
    finally:
        build.kill()
        build.wait()
    assert wait_for(lambda: not processes_marked(marker), 10), processes_marked(marker)
    assert all(spool.exists() for spool in spools)  # a killed build cannot clean up

    again = subprocess.run([KOMMUNEGRAF, "--store", str(store), "build",
                            str(SEEDS / "direktionen-2021-09-15.txt")], env=environment,
                           capture_output=True, timeout=300, cwd=ROOT)
    assert again.returncode == 0, again.stderr.decode()
    assert not any(spool.exists() for spool in spools)
    assert not list(temporary.iterdir())  # and its own spool went when it ended


def test_a_build_on_a_store_in_use_says_so_plainly(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = EmbeddedStore(store)  # as a server with the update token, or another build
    try:
        ran = subprocess.run([KOMMUNEGRAF, "--store", str(store), "build",
                              str(SEEDS / "direktionen-2021-09-15.txt")],
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                             timeout=120, cwd=ROOT)
    finally:
        holder.close()
    error = ran.stderr.decode()
    assert ran.returncode == 1
    assert f"another build or a server with the update token is using {store}" in error
    assert "IO error" not in error and "LOCK" not in error and "Traceback" not in error
