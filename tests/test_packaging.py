"""environment.yml and pyproject.toml list the same dependencies; make/CI wiring is in place."""
import re
import tomllib

import yaml

from conftest import ROOT


def names(requirements):
    """Package names of requirement strings; ``dask[distributed]`` names dask and distributed (conda splits them)."""
    found = set()
    for requirement in requirements:
        found.add(re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-"))
        extras = re.search(r"\[(.*?)\]", requirement)
        if extras:
            found.update(e.strip().lower() for e in extras.group(1).split(","))
    return found


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = names(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted |= names(extra)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = names(d for d in env["dependencies"] if isinstance(d, str)) - {"python", "pip"}
    assert conda == wanted


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make figures" in readme


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, framings; print(sorted(m for m in ('sklearn', 'matplotlib', 'seaborn', 'scipy.stats') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
