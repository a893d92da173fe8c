"""make/CI wiring is in place; import stays light (the lock and environment.yml: test_environment.py)."""
from conftest import ROOT


# environment.yml against pyproject.toml and requirements.lock: tests/project/test_environment.py


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
