"""Every path given to or found by `build` is reported, and a bad one fails alone: missing
paths, dangling links, unreadable folders and file names that could mislead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kommunegraf.cli import main
from kommunegraf.store import EmbeddedStore
from tests.conftest import ROOT, SEEDS

CASE = SEEDS / "direktionen-2021-09-15.txt"


def build(runner: CliRunner, store: Path, *paths: Path) -> tuple[int, list[str]]:
    result = runner.invoke(main, ["--store", str(store), "build", *map(str, paths)])
    return result.exit_code, result.output.splitlines()


def test_a_missing_path_fails_alone(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "findes-ikke.txt"
    code, lines = build(runner, tmp_path / "store", CASE, missing)
    assert code == 1
    assert f"FAILED  {missing}: cannot be read: No such file or directory" in lines
    assert lines[-1].startswith("1 document(s) loaded, 1 failed, 0 skipped")


def test_a_dangling_link_in_a_folder_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CASE, docs / "direktionen.txt")
    (docs / "væk.txt").symlink_to(tmp_path / "slettet.txt")
    code, lines = build(runner, tmp_path / "store", docs)
    assert code == 1
    assert (f"FAILED  {docs / 'væk.txt'}: a symbolic link to {tmp_path / 'slettet.txt'}, "
            "which does not exist") in lines
    assert lines[-1].startswith("1 document(s) loaded, 1 failed")


def test_an_unreadable_subfolder_fails_alone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "låst").mkdir(parents=True)
    shutil.copy(CASE, docs / "direktionen.txt")
    shutil.copy(CASE, docs / "låst" / "kopi.txt")
    (docs / "låst").chmod(0)
    # Root reads every folder; without the two capabilities that allow it, it is refused.
    drop = (["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
            if os.geteuid() == 0 else [])
    try:
        done = subprocess.run(
            [*drop, sys.executable, "-c", "from kommunegraf.cli import main; main()",
             "--store", str(tmp_path / "store"), "build", str(docs)],
            capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    finally:
        (docs / "låst").chmod(0o755)
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"FAILED  {docs / 'låst'}: cannot read the folder: Permission denied" in lines
    assert any(line.startswith(f"loaded  {docs / 'direktionen.txt'} (") for line in lines)
    assert lines[-1].startswith("1 document(s) loaded, 1 failed, 0 skipped")


def test_a_file_name_that_is_not_utf8_is_shown_and_stored_escaped(
        runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    with open(os.path.join(os.fsencode(docs), b"m\xf8de-referat.txt"), "wb") as out:
        out.write(CASE.read_bytes())
    code, lines = build(runner, tmp_path / "store", docs)
    assert code == 0, lines
    assert any(line.startswith(f"loaded  {docs}/m\\xf8de-referat.txt (") for line in lines)
    store = EmbeddedStore(tmp_path / "store")
    try:
        names = [str(row["n"]) for row in store.select(
            "SELECT ?n WHERE { ?d <https://kommunegraf.dk/ontology#fileName> ?n }")]
    finally:
        store.close()
    assert names == ["m\\xf8de-referat.txt"]


def test_a_line_break_in_a_file_name_cannot_forge_a_line(
        runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "falsk\nloaded  alt-er-fint.txt").write_bytes(b"")
    code, lines = build(runner, tmp_path / "store", docs)
    assert code == 0
    assert lines[0] == (f"skipped  {docs}/falsk\\nloaded  alt-er-fint.txt: the file is empty "
                        "(0 bytes)")
    assert not any(line.startswith("loaded  alt-er-fint.txt") for line in lines)
