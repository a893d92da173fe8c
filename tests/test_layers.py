"""The package's shape (ARCHITECTURE.md): stages import only down the pipeline, through each other's front door.

* the import-linter ``layers`` contract in ``pyproject.toml`` holds, and fails on a planted upward import;
* no module imports another stage's private (``_``) names or private modules;
* imports inside functions are only of heavy or optional packages, each saying which in a comment;
* ``import framings as fr`` stays short, and no exported name is both a module and a function.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import framings as fr

from conftest import ROOT

PACKAGE = ROOT / "src" / "framings"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path, src: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(src), "HOME": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_layers_contract_holds():
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_layers_contract_fails_on_a_planted_upward_import(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "src" / "framings", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    rules = tmp_path / "src" / "framings" / "clean" / "_rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nfrom ..plots import use_style  # planted: cleaning imports plots\n",
                     encoding="utf-8")
    result = _lint(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "framings.clean._rules -> framings.plots" in result.stdout


def _modules() -> dict[str, Path]:
    """``{"framings.stats._keyness": path}`` for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _stage(module: str) -> str:
    """``framings.stats._keyness`` -> ``stats``; bottom modules are their own stage (``_io``)."""
    return module.split(".")[1] if module.count(".") else ""


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def private_cross_stage_imports() -> list[str]:
    offenders = []
    for module, path in sorted(_modules().items()):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            target = _absolute(module, path, node)
            if target.count(".") == 0 or _stage(target) == _stage(module):
                continue
            private_module = any(part.startswith("_") for part in target.split(".")[2:])
            private_names = [a.name for a in node.names if a.name.startswith("_") and not a.name.endswith("__")]
            if private_module or private_names:
                offenders.append(f"{module}: from {target} import {', '.join(a.name for a in node.names)}")
    return offenders


def test_no_module_imports_another_stages_private_names():
    assert private_cross_stage_imports() == []


def test_the_private_import_check_can_fail(tmp_path, monkeypatch):
    planted = tmp_path / "framings"
    shutil.copytree(PACKAGE, planted, ignore=shutil.ignore_patterns("__pycache__"))
    target = planted / "frames" / "_scores.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nfrom ..text._tokens import _strip_possessive\n",
                      encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", planted)
    assert private_cross_stage_imports() == [
        "framings.frames._scores: from framings.text._tokens import _strip_possessive"]


def test_imports_inside_functions_are_heavy_or_optional_and_say_so():
    offenders = []
    for module, path in sorted(_modules().items()):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    relative = isinstance(node, ast.ImportFrom) and node.level
                    said = any("#" in lines[i] for i in range(node.lineno - 1, node.end_lineno))
                    if relative or not said:
                        offenders.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
    assert not offenders, "imports inside functions without a reason:\n" + "\n".join(sorted(set(offenders)))


def test_the_top_level_is_short_and_one_name_means_one_thing():
    assert len(fr.__all__) <= 60
    assert len(set(fr.__all__)) == len(fr.__all__)
    submodules = {info.name for info in pkgutil.iter_modules(fr.__path__)}
    for name in fr.__all__:
        value = getattr(fr, name)
        if callable(value) and not isinstance(value, type):
            assert name not in submodules, f"framings.{name} is both a module and a function"
    for stage in fr.STAGES:
        package = importlib.import_module(f"framings.{stage}")
        inner = {info.name for info in pkgutil.iter_modules(package.__path__)}
        assert not set(package.__all__) & inner, f"framings.{stage}: a name is both a module and a function"
        assert len(set(package.__all__)) == len(package.__all__)


@pytest.mark.parametrize("stage", fr.STAGES)
def test_every_stage_has_tests(stage):
    folder = ROOT / "tests" / stage
    assert sorted(folder.glob("test_*.py")), f"tests/{stage}/ has no test file"
