"""End a long run cleanly on SIGTERM/SIGINT/SIGHUP: every process it started goes with it.

``python -m framings figures`` starts pool workers, and each worker starts a Jupyter
kernel in a session of its own (``jupyter_client`` does so), so killing the command alone
leaves them running: they would go on writing figures after the command "ended".
:func:`install` sets signal handlers in the main process that

1. freeze every descendant process (``SIGSTOP``, repeated until the tree stops growing),
2. send them ``SIGTERM`` (and to the process group of each that leads one, such as a
   kernel), wake them (``SIGCONT``) and give them a moment, then ``SIGKILL`` what is left,
3. remove the temporary files an interrupted atomic write left (:mod:`framings._io`),
4. exit with status 128 + the signal number.

Pool workers call :func:`worker_init` so that they leave signals to the main process.
It also watches the parent process: when the parent (``make``) dies, the run ends too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterable

from .._io import remove_stale_temporaries

_STATE: dict = {"main": None, "cleanup": (), "ending": False}


SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


def _children_table() -> dict[int, list[int]]:
    """{parent pid: [child pids]} of every process on the machine (``/proc``, else ``ps``)."""
    table: dict[int, list[int]] = {}
    proc = Path("/proc")
    if proc.is_dir() and (proc / "self" / "stat").exists():
        for entry in os.listdir(proc):
            if not entry.isdigit():
                continue
            try:
                stat = (proc / entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if len(fields) > 1 and fields[0] != "Z":
                table.setdefault(int(fields[1]), []).append(int(entry))
        return table

    out = subprocess.run(["ps", "-A", "-o", "pid=", "-o", "ppid="], capture_output=True, text=True,
                         timeout=10).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            table.setdefault(int(parts[1]), []).append(int(parts[0]))
    return table


def descendants(pid: int | None = None) -> list[int]:
    """The pids of every living descendant of ``pid`` (default: this process), parents first.

    Parameters
    ----------
    pid : int, optional
        The ancestor (default :func:`os.getpid`).

    Returns
    -------
    list of int
        Children, grandchildren, … (zombies excluded).

    Examples
    --------
    >>> isinstance(descendants(), list)
    True
    """
    pid = os.getpid() if pid is None else pid
    table = _children_table()
    found, queue = [], list(table.get(pid, []))
    while queue:
        child = queue.pop(0)
        if child in found or child == pid:
            continue
        found.append(child)
        queue.extend(table.get(child, []))
    return found


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _signal_group(pid: int, sig: int) -> None:
    """``sig`` to the process group ``pid`` leads (a kernel's), never to our own group."""
    try:
        if os.getpgid(pid) == pid and pid != os.getpgrp():
            os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child is dead for our purpose
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rfind(")") + 2:].split()[0] != "Z"
    except OSError:
        return True


def end_descendants(grace: float = 2.0) -> list[int]:
    """Stop, terminate and if need be kill every descendant of this process.

    Parameters
    ----------
    grace : float
        Seconds between ``SIGTERM`` and ``SIGKILL``.

    Returns
    -------
    list of int
        The pids that were signalled.

    Examples
    --------
    It ends every child process of the caller, in a test session also the workers that
    other tests started (joblib, dask), so the doctests do not run it:

    >>> end_descendants(grace=0.0)  # doctest: +SKIP
    []
    """
    stop = getattr(signal, "SIGSTOP", None)
    frozen: list[int] = []
    for _ in range(10):  # freeze the tree so that nothing new starts while we look
        new = [pid for pid in descendants() if pid not in frozen]
        if not new:
            break
        for pid in new:
            if stop is not None:
                _signal(pid, stop)
        frozen.extend(new)
    for pid in frozen:
        _signal_group(pid, signal.SIGTERM)
        _signal(pid, signal.SIGTERM)
        if hasattr(signal, "SIGCONT"):
            _signal_group(pid, signal.SIGCONT)
            _signal(pid, signal.SIGCONT)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(pid) for pid in frozen):
        _reap()
        time.sleep(0.05)
    kill = getattr(signal, "SIGKILL", signal.SIGTERM)
    for pid in frozen:
        _signal_group(pid, kill)
        _signal(pid, kill)
    _reap()
    return frozen


def _reap() -> None:
    """Collect exited children (so that they do not linger as zombies)."""
    try:
        while True:
            pid, _ = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
    except ChildProcessError:
        pass


def _cleanup() -> None:
    for folder in _STATE["cleanup"]:
        try:
            remove_stale_temporaries(folder)
        except OSError:
            pass


def _end_run(signum: int) -> None:
    """End the run: every descendant, the temporary files, then this process (status 128 + signum)."""
    if _STATE["ending"]:
        return
    _STATE["ending"] = True
    for sig in SIGNALS:
        try:
            signal.signal(sig, signal.SIG_IGN)
        except (ValueError, OSError):
            pass
    try:
        end_descendants()
        _cleanup()
    finally:
        try:

            name = signal.Signals(signum).name if signum else "parent exit"
            sys.stderr.write(f"\nframings: stopped by {name}; every process of the run ended, no partial "
                             "file left (rerun the command to finish)\n")
            sys.stderr.flush()
        finally:
            os._exit(128 + (signum or signal.SIGTERM))


def _handler(signum, frame) -> None:
    if os.getpid() != _STATE["main"]:  # a forked worker that did not call worker_init
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _end_run(signum)


def _watch_parent(parent: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            _end_run(0)
            return


def install(cleanup: Iterable[Path | str] = (), watch_parent: bool = True, interval: float = 0.5) -> None:
    """Make this process end its whole run on SIGTERM, SIGINT or SIGHUP (and when its parent dies).

    Parameters
    ----------
    cleanup : iterable of path-like
        Folders whose stale temporary files (:func:`framings._io.stale_temporaries`) are
        removed when the run ends early.
    watch_parent : bool
        Also end the run when the parent process exits (``make`` killed with ``SIGKILL``).
    interval : float
        Seconds between two checks of the parent.

    Examples
    --------
    >>> install(watch_parent=False)  # doctest: +SKIP
    """
    _STATE["main"] = os.getpid()
    _STATE["cleanup"] = tuple(Path(p) for p in cleanup)
    for sig in SIGNALS:
        signal.signal(sig, _handler)
    if watch_parent:
        parent = os.getppid()
        if parent > 1:
            threading.Thread(target=_watch_parent, args=(parent, interval), daemon=True,
                             name="framings-parent-watch").start()


def worker_init() -> None:
    """Initializer of pool workers: leave SIGINT to the main process, die plainly on SIGTERM."""
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in SIGNALS:
        if sig != getattr(signal, "SIGINT", None):
            signal.signal(sig, signal.SIG_DFL)
