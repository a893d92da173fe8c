"""`make figures` fails fast: it stops at the first failing notebook and names every failed cell."""
import json

import pytest

from framings import CorpusError
from framings.project import execute_notebook, run_notebooks


def notebook(folder, name, *sources):
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{n}", "metadata": {}, "outputs": [],
              "source": source} for n, source in enumerate(sources)]
    path = folder / name
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                                                           "display_name": "Python 3"}},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_every_failed_cell_is_named(tmp_path):
    path = notebook(tmp_path, "01-bad.ipynb", "x = 1", "1 / 0", "y = x + 1", "undefined_name", "z = 3")
    with pytest.raises(CorpusError) as caught:
        execute_notebook(path, executed_dir=tmp_path / "executed")
    message = str(caught.value)
    assert "2 cell(s) failed" in message
    assert "cell 2: ZeroDivisionError: division by zero" in message
    assert "cell 4: NameError: name 'undefined_name' is not defined" in message
    # the cells after a failure ran (z = 3 has an execution count)
    executed = json.loads((tmp_path / "executed" / "01-bad.ipynb").read_text(encoding="utf-8"))
    assert executed["cells"][4]["execution_count"] is not None


def test_the_run_stops_at_the_first_failing_notebook(tmp_path):
    marker = tmp_path / "later-notebook-ran"
    paths = [notebook(tmp_path, "01-fails.ipynb", "raise RuntimeError('broken corpus')"),
             notebook(tmp_path, "02-slow.ipynb", "import time\ntime.sleep(600)"),
             notebook(tmp_path, "03-later.ipynb", f"open({str(marker)!r}, 'w').write('ran')")]
    with pytest.raises(CorpusError, match=r"01-fails\.ipynb: 1 cell\(s\) failed:\s+cell 1: RuntimeError: broken corpus"):
        run_notebooks(paths, jobs=2)
    assert not marker.exists()  # never started


def test_the_summary_names_skipped_sections_and_failed_cells(tmp_path):
    from framings.project._run import _execute_quietly, run_summary

    paths = [notebook(tmp_path, "01-fine.ipynb", "print('Skipped: The codebook — this corpus has no codebook.')",
                      "x = 1"),
             notebook(tmp_path, "02-bad.ipynb", "x = 1", "1 / 0")]
    with pytest.raises(CorpusError, match="02-bad.ipynb: 1 cell"):
        run_notebooks(paths, jobs=1)
    records = [_execute_quietly((path, {})) for path in paths]
    text = run_summary(records)
    assert text.splitlines()[0] == "summary: 2 of 2 notebook(s) ran, 1 section(s) skipped, 1 cell(s) failed"
    assert "01-fine.ipynb: 2 of 2 cells ran" in text and "skipped: The codebook — this corpus has no codebook." in text
    assert "02-bad.ipynb: 2 of 2 cells ran" in text and "cell 2: ZeroDivisionError: division by zero" in text


def test_a_kernel_that_does_not_start_is_started_again_once_then_named(tmp_path, monkeypatch):
    import asyncio

    from nbclient import NotebookClient

    from framings.project import execute_notebook

    real = NotebookClient.execute
    calls = []

    def first_start_cancelled(self, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise asyncio.CancelledError()  # as when the start-up wait for kernel_info is cancelled
        return real(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "execute", first_start_cancelled)
    done = execute_notebook(notebook(tmp_path, "01-fine.ipynb", "x = 41", "x + 1"))
    assert len(calls) == 2 and done.cells[1].outputs[0]["data"]["text/plain"] == "42"

    def never_starts(self, **kwargs):
        raise asyncio.CancelledError()

    monkeypatch.setattr(NotebookClient, "execute", never_starts)
    with pytest.raises(CorpusError, match=r"01-fine\.ipynb: the kernel did not start"):
        execute_notebook(tmp_path / "01-fine.ipynb")

    def dies(self, **kwargs):  # a kernel ended from outside (a stopping run) is named, never started again
        calls.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    calls.clear()
    monkeypatch.setattr(NotebookClient, "execute", dies)
    with pytest.raises(CorpusError, match=r"01-fine\.ipynb: the kernel died \(Kernel died before replying"):
        execute_notebook(tmp_path / "01-fine.ipynb")
    assert len(calls) == 1


def test_notebooks_run_at_once_share_the_cores_for_blas(tmp_path, monkeypatch):
    from framings.project._run import blas_thread_share

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")  # a user's own setting is kept
    paths = [notebook(tmp_path, f"0{n}-env.ipynb",
                      f"import os\nopen({str(tmp_path)!r} + '/{n}.txt', 'w').write("
                      f"os.environ.get('OPENBLAS_NUM_THREADS', 'unset') + ' ' + os.environ['MKL_NUM_THREADS'])")
             for n in (1, 2)]
    run_notebooks(paths, jobs=2)
    share = blas_thread_share(2)["OPENBLAS_NUM_THREADS"]
    assert share == str(max(1, (__import__("os").cpu_count() or 1) // 2))
    assert [(tmp_path / f"{n}.txt").read_text() for n in (1, 2)] == [f"{share} 3"] * 2


def test_a_long_running_notebook_starts_before_the_others(tmp_path):
    from framings.project import start_order

    log = tmp_path / "started.txt"
    record = f"open({str(log)!r}, 'a').write(__import__('os').environ['FRAMINGS_NOTEBOOK'] + '\\n')"
    paths = [notebook(tmp_path, f"0{n}-nb.ipynb", record) for n in (1, 2, 3)]
    sweep = json.loads(paths[2].read_text(encoding="utf-8"))
    sweep["metadata"]["framings"] = {"long_running": True}
    paths[2].write_text(json.dumps(sweep), encoding="utf-8")
    assert [p.name for p in start_order(paths)] == ["03-nb.ipynb", "01-nb.ipynb", "02-nb.ipynb"]
    # two workers: 03 and 01 start together, 02 only when one of them has ended (in reading order 03 came last)
    done = run_notebooks(paths, jobs=2, summary=True)
    assert [r["name"] for r in done] == ["01-nb.ipynb", "02-nb.ipynb", "03-nb.ipynb"]  # the summary keeps reading order
    assert log.read_text(encoding="utf-8").splitlines()[-1] == "02-nb"
    # a notebook without the flag, an unreadable one: reading order, no error before the run
    (tmp_path / "09-broken.ipynb").write_text("{not json", encoding="utf-8")
    assert [p.name for p in start_order([paths[0], tmp_path / "09-broken.ipynb"])] == ["01-nb.ipynb", "09-broken.ipynb"]
