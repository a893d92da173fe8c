"""Install nbstripout as this checkout's git filter for notebooks (run by ``make install``).

Equivalent to ``nbstripout --install --attributes .gitattributes`` with two differences:
``--keep-id`` (the stored notebooks' cell ids stay as they are, so installing the filter
changes no file), and in a linked worktree (``git worktree add``) it writes the
worktree's own config when ``extensions.worktreeConfig`` is on, else nothing: the
shared repository config would point every worktree at this worktree's Python.
Outside a git checkout (an unpacked archive, Binder) it says so and succeeds.
``.gitattributes`` (committed) maps ``*.ipynb`` to the filter.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], capture_output=True, text=True)


def main() -> int:
    try:
        inside = git("rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        print("git not found: notebook output filter not installed (strip outputs with nbstripout before committing)")
        return 0
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        print("not a git checkout: notebook output filter not installed")
        return 0
    where = ["--local"]
    git_dir = Path(git("rev-parse", "--absolute-git-dir").stdout.strip())
    common = Path(git("rev-parse", "--git-common-dir").stdout.strip())
    common = common if common.is_absolute() else (Path.cwd() / common).resolve()
    if git_dir.resolve() != common.resolve():  # a linked worktree: --local is every worktree's config
        if git("config", "--get", "extensions.worktreeConfig").stdout.strip().lower() != "true":
            print("linked git worktree without extensions.worktreeConfig: notebook filter not installed "
                  "(the shared config would serve every worktree); strip outputs with "
                  "`.venv/bin/nbstripout --keep-id notebooks/*.ipynb notebooks/exercises/*.ipynb`")
            return 0
        where = ["--worktree"]
    command = f'"{Path(sys.executable).as_posix()}" -m nbstripout --keep-id'
    for key, value in (("filter.nbstripout.clean", command), ("filter.nbstripout.smudge", "cat"),
                       ("filter.nbstripout.required", "true"), ("diff.ipynb.textconv", command + " -t")):
        done = git("config", *where, key, value)
        if done.returncode != 0:
            print(f"git config {key} failed: {done.stderr.strip()}", file=sys.stderr)
            return 1
    print("notebook output filter installed (nbstripout --keep-id; .gitattributes maps *.ipynb to it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
