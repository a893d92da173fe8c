"""Bundle the project's five-document corpus into the wheel as package data (``framings/_corpus``).

Everything else is in pyproject.toml. The corpus lives at the top of the checkout (``corpus/``);
when a wheel is built, its texts, metadata, rules, lexicons and resources are copied into the
package, so ``fr.load_corpus()`` works outside a checkout. Editable installs read ``corpus/``.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CORPUS_PARTS = ("metadata.csv", "raw", "rules", "lexicons", "resources")


class build_py_with_corpus(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = Path(__file__).resolve().parent / "corpus"
        if not (source / "metadata.csv").is_file():  # building from an sdist without the corpus
            return
        target = Path(self.build_lib) / "framings" / "_corpus"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for part in CORPUS_PARTS:
            path = source / part
            if path.is_dir():
                shutil.copytree(path, target / part, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            elif path.is_file():
                shutil.copy2(path, target / part)


setup(cmdclass={"build_py": build_py_with_corpus})
