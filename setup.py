"""Bundle the course notebooks into the wheel as package data (``framings/course_notebooks``).

Everything else is in pyproject.toml. The course lives at the top of the checkout
(``notebooks/NN-*.ipynb`` and ``notebooks/exercises/``, stored without outputs); when a wheel is
built they are copied into the package, so that ``framings notebooks DIR`` can give a pip user the
course. Editable installs read ``notebooks/``.

The five texts of ``corpus/raw/`` are *not* bundled (nor put in the sdist, see MANIFEST.in): nobody
has recorded that they may be redistributed (PROVENANCE.md). A wheel user points ``--corpus`` or
``FRAMINGS_CORPUS`` at a checkout's ``corpus/`` folder, or at a corpus of their own.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

COURSE = ("[0-9][0-9]*-*.ipynb", "exercises/[0-9][0-9]*-*.ipynb")  # 02, 04a, 04b


class build_py_with_course(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = Path(__file__).resolve().parent / "notebooks"
        files = [path for pattern in COURSE for path in sorted(source.glob(pattern))]
        if not files:  # building from an sdist made without the notebooks
            return
        target = Path(self.build_lib) / "framings" / "course_notebooks"
        shutil.rmtree(target, ignore_errors=True)
        for path in files:
            out = target / path.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)


setup(cmdclass={"build_py": build_py_with_course})
