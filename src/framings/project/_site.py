"""The site: executed notebooks and figures staged for Sphinx, built and scanned."""

from __future__ import annotations

import copy
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from string import Template

import pandas as pd

from .._io import atomic_write_text
from ..errors import CorpusError
from ._run import cell_errors, exercise_paths, project_root

_SAVE_FIGURE = re.compile(r"""save_figure\(\s*(?:[\w.]+(?:\([^()]*\))?\s*,\s*)?(?:slug\s*=\s*)?["']([^"']+)["']""")


# an absolute path of the machine that built the site (or the repr of one)
_LOCAL_PATH = re.compile(r"""(?:Posix|Windows)Path\([^)]*\)?"""
                         r"""|(?<![\w.:/~-])/(?:work|tmp|home|root|Users|private|var/folders|mnt|opt|srv)/[^\s"'<>)]*"""
                         r"""|\b[A-Za-z]:\\\\?Users\\""")


# a request for something outside the site: tags that load what their src/href names, CSS url()/@import
_ASSET_TAG = re.compile(r"<(script|link|img|iframe|source|audio|video|embed|object|track)\b[^>]*>", re.I)


_ASSET_ATTR = re.compile(r"""\b(?:src|href|data|srcset|poster)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)


_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*((?:https?:)?//[^"')\s]+)""", re.I)


# what docutils leaves for a markup error (an undefined |substitution|, a bad role): a red dead link
_PROBLEMATIC_HTML = re.compile(r"""class="[^"]*\b(?:problematic|system-message)\b""")


_ERROR_HTML = re.compile(r"""class="[^"]*\b(?:traceback|output error|output_error|jp-RenderedText[^"]*stderr[^"]*error)\b""")


# the pages of docs/ in the site's navigation, in reading order (the README links to each)
_GUIDE_PAGES = ("install", "corpus", "notebooks", "findings", "validation", "own-corpus", "teaching")
_REFERENCE_PAGES = ("library", "tokenizer", "cli", "explorer", "performance", "bad-input", "glossary")


def _builder_paths() -> re.Pattern:
    """This machine's own folders (checkout, Python prefix, working folder, home): never in a page.

    Only folders two or more levels deep: ``/tmp`` or ``/root`` alone are words a docstring may use."""

    prefixes = {str(project_root().resolve()), sys.prefix, os.getcwd(), str(Path.home())}
    prefixes = sorted((p.rstrip("/") for p in prefixes if p.strip("/").count("/") >= 1), key=len, reverse=True)
    return re.compile(r"(?:Posix|Windows)Path\([^)]*\)?|(?:" + "|".join(re.escape(p) for p in prefixes) + r")(?=[/\s\"'<]|$)")


def path_finder(name: str) -> re.Pattern:
    """API pages (``generated/``) may show made-up example paths in docstrings: there only this machine's own
    folders count; everywhere else any absolute path under a top folder such as ``/home`` does."""
    return _builder_paths() if name.startswith("generated/") else _LOCAL_PATH


def figure_anchor(figure: str) -> str:
    """The anchor of a figure's cell on its notebook page: ``figure-NN-slug``.

    Parameters
    ----------
    figure : str
        The figure's file name (``NN-slug.png``) or stem.

    Returns
    -------
    str
        An HTML id (lower case, letters, digits and hyphens).

    Examples
    --------
    >>> figure_anchor("01-size.png")
    'figure-01-size'
    """
    stem = Path(figure).stem if figure.endswith(".png") else figure
    return "figure-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _saving_cell(notebook, figure: str) -> int | None:
    """Index (in ``notebook.cells``) of the code cell that saves ``figure`` (``NN-slug.png``)."""
    stem = Path(figure).stem
    slug = stem.split("-", 1)[1] if re.match(r"\d\d[a-z]?-", stem) else stem
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and {slug, stem} & set(_SAVE_FIGURE.findall(cell.source)):
            return index
    for index, cell in enumerate(notebook.cells):  # a computed name: the cell whose output names the file
        if cell.cell_type == "code" and figure in json.dumps(cell.get("outputs", [])):
            return index
    return None


def site_figures(figures_dir: Path | str | None = None,
                 executed_dir: Path | str | None = None) -> "pandas.DataFrame":
    """Every figure of the catalogue with the notebook cell that saves it: the landing page's grid.

    Parameters
    ----------
    figures_dir : path, optional
        The figures folder (``figures/``: ``NN-slug.png`` with their ``NN-slug.json`` sidecars).
    executed_dir : path, optional
        The executed notebooks (``build/notebooks/``, written by ``make figures``).

    Returns
    -------
    pandas.DataFrame
        One row per figure in reading order (notebook, then cell), columns ``figure`` (file name),
        ``notebook`` (file name), ``title`` (the finding the figure states, from its sidecar),
        ``caption``, ``cell`` (index in the notebook's cells) and ``anchor`` (the id of that cell
        on the notebook's page, :func:`figure_anchor`).

    Raises
    ------
    CorpusError
        When a sidecar names a notebook that was not executed, or no cell of the notebook saves
        the figure (the figure is stale: run ``make figures`` again).

    Examples
    --------
    >>> import json, tempfile, nbformat
    >>> from pathlib import Path
    >>> tmp = Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('fr.save_figure(fig, "size")')])
    >>> nbformat.write(nb, tmp / "01-corpus.ipynb")
    >>> _ = (tmp / "01-size.json").write_text(json.dumps({"figure": "01-size.png", "title": "Five documents",
    ...                                                     "notebook": "01-corpus.ipynb"}))
    >>> site_figures(tmp, tmp)[["figure", "cell", "anchor"]].values.tolist()
    [['01-size.png', 0, 'figure-01-size']]
    """
    import nbformat  # optional extra [notebooks]: imported on first use

    root = project_root()
    figures = Path(figures_dir) if figures_dir else root / "figures"
    executed = Path(executed_dir) if executed_dir else root / "build" / "notebooks"
    rows, notebooks, problems = [], {}, []
    for sidecar in sorted(figures.glob("[0-9][0-9]*-*.json")):
        info = json.loads(sidecar.read_text(encoding="utf-8"))
        figure, name = info.get("figure", sidecar.with_suffix(".png").name), info.get("notebook", "")
        path = executed / name
        if name not in notebooks:
            notebooks[name] = nbformat.read(path, as_version=4) if path.is_file() else None
        if notebooks[name] is None:
            problems.append(f"{sidecar.name}: its notebook {name!r} is not in {executed.name}/ (a stale figure? "
                            f"run `make figures`, and delete figures no notebook makes any more)")
            continue
        cell = _saving_cell(notebooks[name], figure)
        if cell is None:
            problems.append(f"{sidecar.name}: no cell of {name} calls save_figure(fig, {re.sub('^[0-9][0-9][a-z]?-', '', figure)[:-4]!r}) "
                            f"(a stale figure? run `make figures`; name the figure with a string literal)")
            continue
        title = " ".join(str(info.get("title") or info.get("caption") or "").split())
        rows.append({"figure": figure, "notebook": name, "title": title,
                     "caption": " ".join(str(info.get("caption") or title).split()),
                     "cell": cell, "anchor": figure_anchor(figure)})
    if problems:
        raise CorpusError(f"{figures}: {len(problems)} figure(s) cannot be placed on the site:\n  "
                          + "\n  ".join(problems))
    frame = pd.DataFrame(rows, columns=["figure", "notebook", "title", "caption", "cell", "anchor"])
    return frame.sort_values(["notebook", "cell", "figure"], kind="stable").reset_index(drop=True)


def stage_notebook(notebook: "nbformat.NotebookNode",
                   anchors: dict[int, list[str]] | None = None, alts: dict[int, str] | None = None,
                   download: str | None = None, hide_input: bool = True) -> "nbformat.NotebookNode":
    """A copy of an executed notebook ready for the site; the notebook itself is not changed.

    Every code cell gets the ``hide-input`` tag (its code is folded behind a toggle, its output
    shown); widget state and widget views are dropped (they would load require.js and the
    widget manager from a CDN); before each cell listed in ``anchors`` a markdown cell with a
    MyST target ``(anchor)=`` is inserted, so that the page has that id at the cell. The images
    a cell draws get the alt text ``alts`` gives for it (a figure's computed title), else one
    naming the notebook, never the image's hashed file name; ``download`` (a link, relative to
    the page) adds a line under the title that offers the notebook itself.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed notebook.
    anchors : dict of int to list of str, optional
        Cell index → anchors to place at that cell (:func:`site_figures`).
    alts : dict of int to str, optional
        Cell index → the alt text of the images that cell shows.
    download : str, optional
        Where the page links for the notebook's ``.ipynb`` (without outputs).
    hide_input : bool, default True
        Fold the code of every cell (False: the code is the point, as in the exercise solutions).

    Returns
    -------
    nbformat.NotebookNode
        The staged copy.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("1")])
    >>> staged = stage_notebook(nb, {1: ["figure-01-x"]})
    >>> [c.source for c in staged.cells], staged.cells[2].metadata["tags"]
    (['# T', '(figure-01-x)=', '1'], ['hide-input'])
    """

    import nbformat  # optional extra [notebooks]: imported on first use

    staged = copy.deepcopy(notebook)
    staged.metadata.pop("widgets", None)
    title = _notebook_title(notebook, "the notebook")
    for index, cell in enumerate(staged.cells):
        cell.metadata.pop("widgets", None)
        if cell.cell_type != "code":
            continue
        tags = list(cell.metadata.get("tags", []))
        if hide_input and "hide-input" not in tags:
            cell.metadata["tags"] = tags + ["hide-input"]
        if any(mime.startswith("image/") for output in cell.get("outputs", []) for mime in output.get("data", {})):
            alt = (alts or {}).get(index) or f"A chart drawn by a cell of {title}"
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None:
                for mime in [m for m in data if m.startswith("application/vnd.jupyter.widget")]:
                    del data[mime]
                if not data:
                    continue
            outputs.append(output)
        cell.outputs = outputs
    for index in sorted(anchors or {}, reverse=True):
        names = anchors[index]
        marker = nbformat.v4.new_markdown_cell("\n".join(f"({name})=" for name in names))
        marker.id = names[0][:64]  # deterministic, unlike a fresh random cell id
        staged.cells.insert(index, marker)
    if download:
        name = html.escape(Path(download).name)
        line = nbformat.v4.new_markdown_cell(
            f'<p class="notebook-download">Download <a href="{html.escape(download)}" download>{name}</a> '
            f'(the notebook without its outputs) to run it yourself.</p>')
        line.id = "notebook-download"
        first_markdown = next((i for i, c in enumerate(staged.cells) if c.cell_type == "markdown"), -1)
        staged.cells.insert(first_markdown + 1, line)
    return staged


def _notebook_title(notebook, fallback: str) -> str:
    return next((line.lstrip("# ").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                 for line in cell.source.splitlines() if line.startswith("# ")), fallback)


def _notebook_question(notebook) -> str:
    """The notebook's ``**Question.** …`` paragraph (its first cell), without the label."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for paragraph in re.split(r"\n\s*\n", cell.source):
                if paragraph.lstrip().startswith("**Question.**"):
                    return " ".join(paragraph.split()).replace("**Question.**", "").strip()
    return ""


def _project_question(root: Path) -> str:
    """The README's opening paragraphs (before its first ``##``): what the project asks, and of what."""
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    intro = re.split(r"^## ", text, maxsplit=1, flags=re.M)[0]
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", intro):
        paragraph = paragraph.strip()
        if not paragraph or paragraph.startswith(("#", "!", "<", "```", "|", ">", "[!", "    ")):
            continue  # headings, pictures, HTML, code, tables, quotes
        paragraphs.append(re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", paragraph))  # no links into the repo
    return "\n\n".join(paragraphs[:2])


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>{}|$])", r"\\\1", text)


def _thumbnail(png: Path, out: Path, width: int = 480) -> None:
    from PIL import Image  # heavy (Pillow, with matplotlib): imported on first use

    with Image.open(png) as image:
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
        if image.width > width:
            image = image.resize((width, max(1, round(image.height * width / image.width))), Image.LANCZOS)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(out, format="PNG", optimize=True)


def _api_page() -> str:
    """The API page: every name ``import framings as fr`` exports, then one generated page per module."""
    import framings  # the project root's own helpers: imported on first use

    exports = getattr(framings, "_EXPORTS", {})
    entries = "\n".join(f"   ~framings.{module}.{name}" for name, module in exports.items() if module)
    return ("# API reference\n\n"
            "Every function `import framings as fr` exposes as `fr.<name>`, with its one-line summary, in the order "
            "of an analysis (corpus, cleaning, tokens, terms, keyness, topics, frames, coding, plots). Each links "
            "to its full documentation (parameters, returns, raises, a runnable example) on its module's page; "
            "the module pages follow.\n\n"
            "```{eval-rst}\n.. autosummary::\n   :nosignatures:\n\n"
            f"{entries}\n```\n\n## Modules\n\n"
            "```{eval-rst}\n.. autosummary::\n   :toctree: generated\n   :recursive:\n\n   framings\n```\n")


def _glossary_page(text: str) -> str:
    """``docs/glossary.md`` (``**Term** — definition`` paragraphs, readable on GitHub) as a Sphinx glossary."""
    out, entries = [], []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        match = re.match(r"\*\*(.+?)\*\*\s*[—–-]\s*(.*)", paragraph, re.S)
        if match:
            definition = " ".join(match.group(2).split())
            entries.append((match.group(1).strip(), definition[:1].upper() + definition[1:]))
        elif entries:  # text after the glossary starts: close the directive first
            out.append(_glossary_block(entries))
            entries = []
            out.append(paragraph)
        else:
            out.append(paragraph)
    if entries:
        out.append(_glossary_block(entries))
    return "\n\n".join(out) + "\n"


def _glossary_block(entries) -> str:
    body = "\n".join(f"{term}\n  {definition}\n" for term, definition in entries)
    return f":::{{glossary}}\n:sorted:\n\n{body}:::"


def _stage_course(notebooks_dir: Path, out: Path) -> list[str]:
    """Copy the course (``notebooks/NN-*.ipynb`` and ``exercises/``, stored without outputs) for download,
    with one zip of it all; returns the paths written, relative to ``out``."""
    files = sorted(notebooks_dir.glob("[0-9][0-9]*-*.ipynb")) + sorted(notebooks_dir.glob("exercises/[0-9][0-9]*-*.ipynb"))
    if not files:
        return []
    names = [path.relative_to(notebooks_dir).as_posix() for path in files]
    for path, name in zip(files, names):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out / name)
    with zipfile.ZipFile(out / "framings-course.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, name in zip(files, names):  # fixed dates: the same course gives the same bytes
            info = zipfile.ZipInfo(f"framings-course/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return names


def _stage_solutions(source_dir: Path, executed_dir: Path, out: Path, course: list[str]) -> list[str]:
    """The worked exercise solutions as pages: the executed copy when ``executed_dir`` has one (code folded),
    else the stored notebook, code shown and no outputs (``make figures`` does not run them)."""
    import nbformat  # optional extra [notebooks]: imported on first use

    names = []
    for path in exercise_paths(source_dir) if source_dir.is_dir() else []:
        ran = executed_dir / path.name
        notebook = nbformat.read(ran if ran.is_file() else path, as_version=4)
        if ran.is_file() and cell_errors(notebook):
            raise CorpusError(f"{ran}: error cells: " + "; ".join(cell_errors(notebook)))
        download = f"../../course/exercises/{path.name}" if f"exercises/{path.name}" in course else None
        staged = stage_notebook(notebook, download=download, hide_input=ran.is_file())
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(staged, out / path.name)
        names.append(path.name)
    return names


def _downloads_block(course: list[str], solutions: list[str], explorer: bool) -> str:
    """The landing page's lines that offer the course to download, the solutions and the explorer."""
    lines = []
    if course:
        lines.append('- <a href="course/framings-course.zip" download>framings-course.zip</a>: every notebook and '
                     'exercise solution, without outputs (a pip install gives the same with '
                     '`framings notebooks DIR`); each notebook\'s page also links its own `.ipynb`.')
    if solutions:
        lines.append(f"- Worked solutions to the exercises: {len(solutions)} notebooks, "
                     f"[starting with the first](notebooks/exercises/{Path(solutions[0]).stem}).")
    if explorer:
        lines.append('- <a href="explorer/explorer.html">The term and topic explorer</a>: one offline page to '
                     'search a term\'s rate by framing and browse the topics (see [the explorer page](explorer.md)).')
    else:
        lines.append("- The term and topic explorer is not part of this build: `make explore` writes it, and "
                     "`make report` after it links it here (see [the explorer page](explorer.md)).")
    return "\n".join(lines)


def stage_site(executed_dir: Path | str | None = None, figures_dir: Path | str | None = None,
               stage_dir: Path | str | None = None, docs_dir: Path | str | None = None) -> Path:
    """Write the Sphinx source tree of the site: ``docs/`` plus staged notebooks and generated pages.

    Copies ``docs/`` (``conf.py``, ``_static/``, the glossary and any other page), one staged copy
    of each executed notebook (:func:`stage_notebook`) under ``notebooks/``, thumbnails of the
    figures under ``_static/thumbs/``, the landing page ``index.md`` (from
    ``docs/index.template.md``: the README's question, each notebook's question with its
    figures' computed titles, the thumbnail grid and the navigation) and ``api.md``.

    Parameters
    ----------
    executed_dir : path, optional
        The executed notebooks (default ``build/notebooks/``).
    figures_dir : path, optional
        The figures and sidecars (default ``figures/``).
    stage_dir : path, optional
        Where to write the source tree (default ``build/site-src/``; emptied first).
    docs_dir : path, optional
        The site's sources (default ``docs/``).

    Returns
    -------
    pathlib.Path
        The staged source folder.

    Raises
    ------
    CorpusError
        When there is no executed notebook, an executed notebook has an error cell, or a figure
        cannot be placed (:func:`site_figures`).

    Examples
    --------
    >>> stage_site("no-such-folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framings.errors.CorpusError: no-such-folder: no executed notebooks; run `make figures` first
    """

    import nbformat  # optional extra [notebooks]: imported on first use

    root = project_root()
    executed = Path(executed_dir) if executed_dir else root / "build" / "notebooks"
    figures = Path(figures_dir) if figures_dir else root / "figures"
    stage = Path(stage_dir) if stage_dir else root / "build" / "site-src"
    docs = Path(docs_dir) if docs_dir else root / "docs"
    pages = sorted(executed.glob("[0-9][0-9]*-*.ipynb"))
    if not pages:
        raise CorpusError(f"{executed_dir or executed}: no executed notebooks; run `make figures` first")
    notebooks = {page.name: nbformat.read(page, as_version=4) for page in pages}
    failed = {name: cell_errors(nb) for name, nb in notebooks.items() if cell_errors(nb)}
    if failed:
        raise CorpusError("error cells in the executed notebooks (fix them, then `make figures`):\n  " + "\n  ".join(
            f"{name}: {line}" for name, lines in failed.items() for line in lines))
    table = site_figures(figures, executed)

    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(docs, stage, ignore=shutil.ignore_patterns("_build", "*.pyc", "__pycache__"))

    # files served as they are (html_extra_path): the course's notebooks to download, the explorer if built
    extra = stage / "_extra"
    extra.mkdir(parents=True, exist_ok=True)  # conf.py names it: it must exist even when empty
    course = _stage_course(root / "notebooks", extra / "course")
    explorer = root / "build" / "explorer" / "explorer.html"
    if explorer.is_file():
        (extra / "explorer").mkdir(parents=True, exist_ok=True)
        shutil.copy2(explorer, extra / "explorer" / "explorer.html")

    (stage / "notebooks").mkdir()
    for name, notebook in notebooks.items():
        rows = table[table["notebook"] == name]
        anchors: dict[int, list[str]] = {}
        alts: dict[int, list[str]] = {}
        for row in rows.itertuples():
            anchors.setdefault(int(row.cell), []).append(row.anchor)
            alts.setdefault(int(row.cell), []).append(row.title)
        download = f"../course/{name}" if name in course else None
        staged = stage_notebook(notebook, anchors, {cell: "; ".join(titles) for cell, titles in alts.items()},
                                download=download)
        nbformat.write(staged, stage / "notebooks" / name)
    solutions = _stage_solutions(root / "notebooks" / "exercises", executed / "exercises",
                                 stage / "notebooks" / "exercises", course)
    for row in table.itertuples():
        _thumbnail(figures / row.figure, stage / "_static" / "thumbs" / row.figure)

    findings, cards = [], []
    for name, notebook in notebooks.items():
        stem = Path(name).stem
        findings.append(f"### [{_md_escape(_notebook_title(notebook, stem))}](notebooks/{name})\n")
        question = _notebook_question(notebook)
        if question:
            findings.append(f"**Question.** {question}\n")
        for row in table[table["notebook"] == name].itertuples():
            findings.append(f"- [{_md_escape(row.title)}](#{row.anchor})")
            cards.append(f'<a class="figure-card" href="notebooks/{stem}.html#{row.anchor}">'
                         f'<img src="_static/thumbs/{html.escape(row.figure)}" alt="{html.escape(row.title)}">'
                         f'<span class="figure-name">{html.escape(Path(row.figure).stem)}</span>'
                         f'<span class="figure-title">{html.escape(row.title)}</span></a>')
        findings.append("")
    guide = [page for page in _GUIDE_PAGES if (docs / f"{page}.md").is_file()]
    listed = {*_GUIDE_PAGES, *_REFERENCE_PAGES, "index.template"}
    # a page of docs/ not listed still gets into the navigation, after the listed ones
    reference = ([page for page in _REFERENCE_PAGES if (docs / f"{page}.md").is_file()]
                 + sorted(path.stem for path in docs.glob("*.md") if path.stem not in listed) + ["api"])
    toctree = ("```{toctree}\n:hidden:\n:caption: Notebooks\n\n"
               + "\n".join(f"notebooks/{Path(name).stem}" for name in notebooks)
               + ("\n```\n\n```{toctree}\n:hidden:\n:caption: Exercise solutions\n\n"
                  + "\n".join(f"notebooks/exercises/{Path(name).stem}" for name in solutions) if solutions else "")
               + "\n```\n\n```{toctree}\n:hidden:\n:caption: Guide\n\n" + "\n".join(guide)
               + "\n```\n\n```{toctree}\n:hidden:\n:caption: Reference\n\n" + "\n".join(reference) + "\n```\n")
    template = Template((docs / "index.template.md").read_text(encoding="utf-8"))
    index = template.substitute(
        question=_project_question(root), findings="\n".join(findings).strip() + "\n",
        n_figures=len(table), n_notebooks=len(notebooks),
        grid='<div class="figure-grid">\n' + "\n".join(cards) + "\n</div>", toctree=toctree,
        downloads=_downloads_block(course, solutions, explorer.is_file()))
    atomic_write_text(stage / "index.md", index)
    atomic_write_text(stage / "api.md", _api_page())
    if (docs / "glossary.md").is_file():
        atomic_write_text(stage / "glossary.md", _glossary_page((docs / "glossary.md").read_text(encoding="utf-8")))
    return stage


def scan_site(site_dir: Path | str) -> "pandas.DataFrame":
    """Every CDN asset, local path and error cell in a built site (``build/site/``).

    Looks at every text file of the site: in HTML, any ``<script>``, ``<link>``, ``<img>``,
    ``<iframe>``… whose ``src``/``href`` is ``http(s)://`` or ``//`` (a request leaving the site;
    links in ``<a>`` are not requests), CSS ``url()``/``@import`` of such an address; an
    absolute path of the building machine (its checkout, home, temporary folder or Python prefix, or
    the repr of a ``pathlib`` path) anywhere, and outside the API pages (whose docstring examples may
    show made-up paths) any path under the top folders ``work``, ``tmp``, ``home``, ``root``,
    ``Users``…; an error output (``traceback`` class) in a page; a markup error docutils rendered
    as a dead link (``problematic`` or ``system-message`` class: an undefined ``|substitution|``).

    Parameters
    ----------
    site_dir : path
        The built site.

    Returns
    -------
    pandas.DataFrame
        Columns ``file`` (relative to ``site_dir``), ``problem`` (``external asset``,
        ``local path``, ``error cell`` or ``markup error``) and ``match`` (the offending text, 120 characters at most);
        empty when the site is clean.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> site = Path(tempfile.mkdtemp())
    >>> _ = (site / "index.html").write_text('<script src="https://cdn.example.org/require.js"></script>')
    >>> scan_site(site)[["file", "problem"]].values.tolist()
    [['index.html', 'external asset']]
    """

    site = Path(site_dir)
    rows = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in {".html", ".htm", ".js", ".css", ".txt", ".json",
                                                              ".svg", ".xml", ".ipynb", ".md"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(site).as_posix()
        if path.suffix.lower() in {".html", ".htm", ".svg"}:
            for tag in _ASSET_TAG.finditer(text):
                for url in _ASSET_ATTR.findall(tag.group(0)):
                    rows.append((name, "external asset", tag.group(0)[:120]))
            for match in _ERROR_HTML.finditer(text):
                rows.append((name, "error cell", re.sub(r"<[^>]+>", " ", text[match.start():match.start() + 400])[:120]))
            for match in _PROBLEMATIC_HTML.finditer(text):
                rows.append((name, "markup error", re.sub(r"<[^>]+>", " ", text[match.start():match.start() + 200])[:120]))
        if path.suffix.lower() in {".html", ".htm", ".css", ".svg"}:
            for url in _CSS_URL.findall(text):
                rows.append((name, "external asset", f"url({url})"[:120]))
        if path.suffix.lower() == ".js" and path.parent.name == "_static" and name != "searchindex.js":
            continue  # third-party theme code: its requests, if any, are caught by check_report in Chromium
        for match in path_finder(name).finditer(text):
            rows.append((name, "local path", match.group(0)[:120]))
    rows = [(name, problem, " ".join(found.split())) for name, problem, found in rows]
    return pd.DataFrame(rows, columns=["file", "problem", "match"])


# what docs/conf.py loads: the docs extra of pyproject.toml
_DOCS_TOOLS = ("sphinx", "myst_nb", "sphinx_book_theme", "numpydoc", "sphinx-mathjax-offline")


def _missing_docs_tools() -> list[str]:
    """The packages of the docs extra that cannot be imported (found without importing them)."""
    missing = []
    for name in _DOCS_TOOLS:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def _progress_line(message: str) -> None:
    """One line on stderr: what ``make report`` is doing (silent with ``FRAMINGS_PROGRESS=0``)."""
    if os.environ.get("FRAMINGS_PROGRESS", "1").strip() != "0":
        print(message, file=sys.stderr, flush=True)


_SPHINX_STEP = re.compile(r"^(reading sources|writing output)\.\.\. \[\s*(\d+)%\]")


def _run_sphinx(command: list[str], stage: Path, say) -> subprocess.CompletedProcess:
    """Run Sphinx, passing on a line at every quarter of its reading and writing; its whole output kept."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "FRAMINGS_PROGRESS": "0", "NO_COLOR": "1"}
    lines, shown = [], set()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=stage,
                          env=env) as process:
        for line in process.stdout:
            lines.append(line)
            step = _SPHINX_STEP.match(line)
            if step and (step.group(1), int(step.group(2)) // 25) not in shown:
                shown.add((step.group(1), int(step.group(2)) // 25))
                say(f"  sphinx: {step.group(1)} {step.group(2)}%")
    return subprocess.CompletedProcess(command, process.returncode, "".join(lines), "")


def build_report(executed_dir: Path | str | None = None, out_dir: Path | str | None = None,
                 figures_dir: Path | str | None = None, stage_dir: Path | str | None = None,
                 progress: bool = True) -> Path:
    """Build the site: ``build/site/index.html`` with a page per notebook, glossary, API reference, search.

    Stages the sources (:func:`stage_site`), runs Sphinx (myst-nb, sphinx-book-theme; the notebooks
    are not executed again) and scans the result (:func:`scan_site`). The site loads nothing from
    outside itself, so it works offline from ``file://`` and can be copied anywhere.

    Parameters
    ----------
    executed_dir : path, optional
        The executed notebooks (default ``build/notebooks/``, written by ``make figures``).
    out_dir : path, optional
        The site (default ``build/site/``; rebuilt from scratch).
    figures_dir : path, optional
        The figures and their sidecars (default ``figures/``).
    stage_dir : path, optional
        The Sphinx source tree (default: ``site-src`` beside ``out_dir``).
    progress : bool, default True
        Print a line on stderr at each step (staging, Sphinx's reading and writing, the scan); none
        with ``FRAMINGS_PROGRESS=0``.

    Returns
    -------
    pathlib.Path
        The landing page, ``index.html``.

    Raises
    ------
    CorpusError
        When the docs extra is not installed (before any work), there is nothing to build (run
        ``make figures``), Sphinx fails or warns (``-W``), or the
        built site loads a CDN asset, shows an absolute path of this machine or an error cell.

    Examples
    --------
    >>> build_report("no-such-folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framings.errors.CorpusError: no-such-folder: no executed notebooks; run `make figures` first
    """

    missing = _missing_docs_tools()
    if missing:  # before any work: a pip install of framings alone has no Sphinx
        raise CorpusError(f"the site needs the docs extra ({', '.join(missing)} not installed): "
                          f"pip install 'framings[docs]'")
    root = project_root()
    out = Path(out_dir) if out_dir else root / "build" / "site"
    stage = Path(stage_dir) if stage_dir else out.parent / f"{out.name}-src"
    say = _progress_line if progress else (lambda message: None)
    say(f"report: staging the executed notebooks, figures and docs/ in {stage.name}/")
    stage_site(executed_dir, figures_dir, stage)
    if out.exists():
        shutil.rmtree(out)
    doctrees = out.parent / f"{out.name}-doctrees"
    shutil.rmtree(doctrees, ignore_errors=True)
    warnings_file = out.parent / f"{out.name}-warnings.txt"
    # -W: a warning (an undefined substitution in a docstring, a dead reference) fails the build;
    # --keep-going: every one of them is listed first
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-d", str(doctrees),
               "-w", str(warnings_file), str(stage), str(out)]
    say("report: running Sphinx (reading every page, then writing it; about a minute)")
    output = _run_sphinx(command, stage, say)
    shutil.rmtree(doctrees, ignore_errors=True)
    if output.returncode != 0 or not (out / "index.html").is_file():
        warned = warnings_file.read_text(encoding="utf-8").strip() if warnings_file.is_file() else ""
        raise CorpusError(f"sphinx failed (exit {output.returncode}):\n{(warned or output.stdout)[-3000:]}\n"
                          f"(a warning fails the build; the tools are in the docs extra: pip install -e '.[docs]')")
    say(f"report: checking {sum(1 for _ in out.rglob('*.html'))} pages for CDN assets, local paths and error cells")
    problems = scan_site(out)
    if not problems.empty:
        lines = [f"{row.file}: {row.problem}: {row.match}" for row in problems.head(30).itertuples()]
        raise CorpusError(f"{out}: {len(problems)} problem(s) in the built site (a cell that prints a path: end "
                          f"its last line with `;`; a CDN asset: disable it in docs/conf.py):\n  " + "\n  ".join(lines))
    return out / "index.html"
