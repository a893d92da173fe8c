"""make/CI wiring is in place; import stays light; the README is short and its links hold (the lock and
environment.yml: test_environment.py)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

import framings as fr
from conftest import ROOT


# environment.yml against pyproject.toml and requirements.lock: tests/project/test_environment.py


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make figures" in readme


def test_import_is_light():
    code = "import sys, framings; print(sorted(m for m in ('sklearn', 'matplotlib', 'seaborn', 'scipy.stats') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- the README and the pages of docs/
README_MAX_BYTES = 12 * 1024
# [text](target) and ![alt](target); a target ends at the first space (a title may follow) or ")"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)")
DOCS_PAGES = sorted(page for page in (ROOT / "docs").glob("*.md") if page.name != "index.template.md")


def relative_links(page: Path) -> list[str]:
    """The targets of a Markdown page's links into the repository (no web addresses, no in-page anchors)."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)  # links in code are code
    return [target for target in LINK.findall(text) if not re.match(r"[a-z]+:|#", target)]


def test_readme_is_short():
    size = len((ROOT / "README.md").read_bytes())
    assert size <= README_MAX_BYTES, f"README.md is {size:,} bytes: move detail to a page of docs/ and link it"


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS_PAGES], ids=lambda page: page.name)
def test_every_relative_link_points_to_a_file(page):
    links = relative_links(page)
    broken = [target for target in links if not (page.parent / target.split("#")[0]).exists()]
    assert not broken, f"{page.name}: links to missing files: {broken}"
    if page.parent != ROOT:  # on the site only pages of docs/ are there: name other files, do not link them
        outside = [target for target in links if not (page.parent / target.split("#")[0]).resolve().is_relative_to(page.parent)]
        assert not outside, f"{page.name}: links out of docs/ break on the site (write the path as code): {outside}"


def test_readme_links_every_page_of_docs():
    linked = {Path(target.split("#")[0]).name for target in relative_links(ROOT / "README.md")}
    assert {page.name for page in DOCS_PAGES} <= linked


def test_cli_page_names_every_command_and_option():
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")

    def help_text(*command):
        return subprocess.run([sys.executable, "-m", "framings", *command, "--help"], capture_output=True,
                              text=True, check=True).stdout

    top = help_text()
    nested = re.findall(r"^  (\w+) (\w+) ", top.split("subcommands:")[1], re.M)  # coding sample, coding score
    commands = [(name,) for name in re.findall(r"^    (\w+) ", top, re.M) if name not in {n for n, _ in nested}]
    commands += nested
    assert ("check",) in commands and ("coding", "score") in commands and ("coding",) not in commands
    for command in commands:
        assert f"`{' '.join(command)}" in page, f"docs/cli.md does not name `{' '.join(command)}`"
        for option in set(re.findall(r"(--[a-z][a-z-]*)", help_text(*command))) - {"--help"}:
            assert f"`{option}" in page, f"docs/cli.md does not name {' '.join(command)} {option}"


def test_library_page_lists_every_top_level_name():
    page = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    missing = [name for name in fr.__all__ if f"`{name}`" not in page]
    assert not missing, f"docs/library.md does not list what `import framings as fr` gives: {missing}"


# ---------------------------------------------------------------- citing and releasing
def test_citation_changelog_and_package_name_one_version():
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # the keys CFF 1.2.0 requires, and an SPDX licence the schema accepts
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version", "date-released", "license"} <= set(citation)
    assert all("name" in author or "family-names" in author for author in citation["authors"])
    assert citation["version"] == fr.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(citation["date-released"]))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (\d+\.\d+\.\d+)", changelog, re.M)[0] == fr.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "framings._version.__version__" }' in pyproject


def test_makefile_browser_checks_install_nothing():
    """playwright is pinned in the lock's test extra: the browser checks must not pip-install an unpinned one."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("check-report", "check-explorer", "report"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
        assert "pip install" not in recipe, f"make {target} installs packages outside the lock"
