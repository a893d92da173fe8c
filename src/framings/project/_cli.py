"""Command line of framings: ``python -m framings COMMAND`` (``--help`` lists the commands).

The help text is built from the subcommands themselves (argparse), so it lists every one.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import textwrap
import threading
import time
import warnings
from pathlib import Path

import pandas as pd

from .._io import atomic_write_text, remove_stale_temporaries
from .._paths import checkout_root, default_corpus_path, executed_root, report_path
from .._version import __version__
from ..clean import cleaning_report
from ..coding import (
    KEY_NAME,
    agreement,
    codebook_codes,
    coding_provenance,
    coding_sample,
    confusion_table,
    consensus_codes,
    lexicon_validity,
    load_codebook,
    read_coding_sheets,
    read_key,
    write_coding_sample,
)
from ..corpus import add_document, corpus_writer, init_corpus, load_corpus, paragraphs
from ..errors import CorpusError
from ..explore import explorer
from ..plots import figures_dir
from . import _shutdown
from ._catalogue import write_catalogue
from ._run import notebook_paths, project_root, run_notebooks
from ._site import build_report
from ._starter import write_starter_frames
from ._tables import tables_dir


# --------------------------------------------------------------------------
# shared by the commands: missing extras, the corpus option, progress lines
# --------------------------------------------------------------------------
# what each optional command needs: (extra, import names, what for)
_EXTRAS = {
    "explore": ("explore", ["bokeh"], "the explorer"),
    "report": ("docs", ["sphinx", "myst_nb", "sphinx_book_theme", "numpydoc", "nbformat"], "the site"),
    "figures": ("notebooks", ["nbclient", "nbformat", "ipykernel"], "running the notebooks"),
}


def install_line(extra: str) -> str:
    """The command that installs ``extra``: the checkout's editable install, else pip from the index."""
    if checkout_root() is not None:
        return f".venv/bin/python -m pip install -e '.[{extra}]'"
    return f"pip install 'framings[{extra}]'"


def _require_extra(command: str) -> None:
    """Stop before any work when an optional package the command needs is missing (one line, exit 2)."""
    extra, modules, purpose = _EXTRAS[command]
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise CorpusError(f"{command}: {purpose} needs the [{extra}] extra ({', '.join(missing)} not installed); "
                          f"install it with: {install_line(extra)}")


def _corpus_folder(args) -> Path:
    """The corpus a command reads: ``--corpus``, else ``$FRAMINGS_CORPUS``, the checkout's or the bundled one."""
    return Path(args.corpus) if getattr(args, "corpus", None) else default_corpus_path()


def _point_kernels_at(args) -> None:
    """Make ``--corpus`` the corpus of every notebook kernel started from here (they read ``$FRAMINGS_CORPUS``)."""
    if getattr(args, "corpus", None):
        folder = Path(args.corpus)
        if not folder.is_dir():
            raise CorpusError(f"{folder}: no such corpus folder")
        os.environ["FRAMINGS_CORPUS"] = str(folder.resolve())


def _say(message: str) -> None:
    """A progress line on stderr (stdout stays the command's result, for pipes)."""
    print(message, file=sys.stderr, flush=True)


def _with_heartbeat(what: str, work, every: float = 10.0):
    """Run ``work()`` and print ``what … N s`` every ``every`` seconds until it returns: a silent step is long."""
    done = threading.Event()
    start = time.perf_counter()

    def beat():
        while not done.wait(every):
            _say(f"{what}: still working, {time.perf_counter() - start:.0f} s")

    _say(f"{what}…")
    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        return work()
    finally:
        done.set()
        thread.join()


def _check(args) -> int:
    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    with corpus_writer(folder, "check"):  # the report is written from the state it read: one writer at a time
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = load_corpus(folder)
        for warning in caught:
            print(f"warning: {warning.message}")

        report = cleaning_report(corpus)
        out = report_path(folder)  # the bundled corpus of an installed wheel is read-only: ./cleaning-report.csv
        atomic_write_text(out, report.to_csv(index=False, lineterminator="\n"))
    print(f"{folder}: {len(corpus)} documents, {int(corpus['n_words'].sum())} words after cleaning; "
          f"report: {len(report)} actions -> {out}")
    if report.empty:
        print("no cleaning action fired (the rules found nothing to drop or repair)")
        return 0
    summary = report.groupby(["doc_id", "action"], sort=True)["count"].sum().unstack(fill_value=0)
    if len(summary) <= SUMMARY_DOCUMENTS:
        print(summary.to_string())
        return 0
    # a large corpus: one line per action, not one per document (the report has every row)
    for action, counts in summary.items():
        print(f"  {action}: {int(counts.sum())} in {int((counts > 0).sum())} of {len(summary)} documents")
    print(f"per document: {out}")
    return 0


SUMMARY_DOCUMENTS = 20  # check prints its per-document table up to this many documents, else one line per action


def _figures(args) -> int:
    _require_extra("figures")
    _point_kernels_at(args)
    executed = executed_root()  # build/notebooks, or build/<corpus-name>/notebooks for another corpus
    # SIGTERM/SIGINT end every worker and kernel of the run; interrupted writes leave only
    # temporary files, removed then or by the next run
    _shutdown.install(cleanup=[figures_dir(), executed, tables_dir()])
    for folder in (figures_dir(), executed, tables_dir()):
        remove_stale_temporaries(folder)
    paths = [Path(p) for p in args.notebooks] or notebook_paths(args.notebooks_dir)
    if not paths:
        raise CorpusError(f"{args.notebooks_dir or 'notebooks/'}: no NN-*.ipynb notebooks to run")
    start = time.perf_counter()
    print(f"executing {len(paths)} notebook(s), {args.jobs} at a time: {', '.join(p.name for p in paths)}; "
          f"figures to {figures_dir()}, the tables they show to {tables_dir()}", flush=True)
    run_notebooks(paths, jobs=args.jobs, executed_dir=executed, progress=True, tables=tables_dir())
    catalogue = write_catalogue()
    print(f"{len(paths)} notebook(s) executed in {time.perf_counter() - start:.1f} s; catalogue: {catalogue}")
    return 0


def _report(args) -> int:
    _require_extra("report")
    _point_kernels_at(args)  # the site is built from the notebooks executed on this corpus
    index = _with_heartbeat("building the site with Sphinx (about 100 s on the shipped corpus)", build_report)
    warnings_file = index.parent.parent / f"{index.parent.name}-warnings.txt"
    count = sum(1 for line in warnings_file.read_text(encoding="utf-8").splitlines()
                if "WARNING" in line or "ERROR" in line) if warnings_file.is_file() else 0
    print(f"site: {index} ({sum(1 for _ in index.parent.rglob('*.html'))} pages; {count} Sphinx warning(s)"
          f"{', listed in ' + str(warnings_file) if count else ''})")
    return 0


def _add(args) -> int:
    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    if len(args.path) > 1 and args.doc_id:
        raise CorpusError("add: --doc-id names one document; add several files without it (ids from file names)")
    for path in args.path:
        title = args.title if args.title is not None else Path(path).stem
        row = add_document(path, framing=args.framing, title=title, authors=args.authors, date=args.date,
                           url=args.url, doc_id=args.doc_id, kind=args.kind, outlet=args.outlet, corpus_path=folder)
        print(f"added {row['doc_id']} ({row['framing'] or 'unlabelled'}): {folder / 'raw' / row['file']}, "
              f"sha256 {row['sha256'][:12]}…")
    return _check(args)


def _init(args) -> int:
    meta = init_corpus(args.folder, args.from_dir, args.metadata, framing_column=args.framing_column,
                       id_column=args.id_column, file_column=args.file_column, text_column=args.text_column)
    folder = Path(args.folder)
    labels = meta["framing"].value_counts()
    labelled = ", ".join(f"{k} {v}" for k, v in labels.items()) if meta["framing"].any() else "unlabelled"
    print(f"{folder}: {len(meta)} document(s) ({labelled}); metadata: {folder / 'metadata.csv'}; "
          f"texts: {folder / 'raw'}; corpus-wide cleaning rules: {folder / 'rules' / '_default.yaml'}")
    if (folder / "extraction-report.csv").exists():

        report = pd.read_csv(folder / "extraction-report.csv", dtype=str, keep_default_na=False)
        print(f"extracted {len(report)} file(s) to text (originals in {folder / 'sources'}); "
              f"report: {folder / 'extraction-report.csv'}")
        for row in report[report["warnings"] != ""].itertuples():
            print(f"warning: {row.source}: {row.warnings}")
    if args.starter_frames:
        written = write_starter_frames(folder)
        print(f"starter frames (unvalidated; edit them, notebooks 05b and 05c validate them): {written['lexicon']}, "
              f"{written['codebook']}")
    args.corpus = str(folder)
    return _check(args)


def _coding_sample(args) -> int:
    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    paras = paragraphs(load_corpus(folder))
    codebook = folder / "codebook.yaml"
    sample = coding_sample(paras, n=args.n, random_state=args.random_state, lexicon=folder / "lexicons" / "frames.yaml",
                           codebook=codebook, min_words=args.min_words)
    paths = write_coding_sample(sample, args.out, key=args.key)
    strata = sample.groupby("stratum", sort=True)[["stratum_size", "n_sampled", "weight"]].first()
    print(f"{len(sample)} paragraphs (random_state {args.random_state}) from {int(strata['stratum_size'].sum())} codable body "
          f"paragraphs of {folder}, stratified by the lexicon's dominant frame:")
    for stratum, row in strata.iterrows():
        print(f"  {stratum}: {int(row['n_sampled'])} of {int(row['stratum_size'])} (weight {row['weight']:.3f})")
    print(f"blind sheet: {paths['sheet']}  (give coders only this and {codebook})")
    print(f"key:         {paths['key']}  (keep it from the coders)")
    return 0


def _coding_score(args) -> int:
    if args.n_boot < 1:  # zero resamples would print alpha's interval as [nan, nan] and exit 0 (issue 26)
        raise CorpusError(f"coding score: --n-boot is the number of bootstrap resamples for alpha's interval, "
                          f"at least 1 (default 2000); got {args.n_boot}")
    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    sheets = [Path(s) for s in args.sheets]
    key_path = Path(args.key) if args.key else next(
        (p for p in (sheets[0].parent / KEY_NAME, folder / "coding" / KEY_NAME) if p.exists()), folder / "coding" / KEY_NAME)
    codebook = load_codebook(folder / "codebook.yaml", lexicon=folder / "lexicons" / "frames.yaml")
    codes_allowed = codebook_codes(codebook)
    paras = paragraphs(load_corpus(folder))
    key = read_key(key_path)
    codes = read_coding_sheets(sheets, key=key, paras=paras, codes=codes_allowed)
    coders = sorted(codes["coder"].unique())
    coded = codes.dropna(subset=["code"]).groupby("coder").size()
    print(f"{len(sheets)} sheet(s), key {key_path}: " +
          ", ".join(f"{c} coded {int(coded.get(c, 0))} of {len(key)}" for c in coders))
    with pd.option_context("display.width", 160, "display.max_columns", 30):
        if len(coders) >= 2:
            row = agreement(codes, n_boot=args.n_boot, random_state=args.random_state,
                            provenance=coding_provenance(sheets)).iloc[0]
            print(f"Krippendorff's alpha (nominal) = {row['krippendorff_alpha']:.3f} "
                  f"[{row['ci_low']:.3f}, {row['ci_high']:.3f}], Cohen's kappa = {row['cohen_kappa']:.3f}, "
                  f"agreement {row['percent_agreement']:.0%} on {int(row['n_units'])} units, "
                  f"{int(row['n_coders'])} coders {row['note']}".rstrip())
            print(f"this is {row['measures']} — {row['verdict']}")
            if len(coders) == 2:
                print(confusion_table(codes, labels=codes_allowed).to_string())
        else:
            print("agreement needs two coders' sheets of the same sample; scoring against the one coder only")
        consensus = consensus_codes(codes)
        print(f"consensus: {int(consensus['consensus'].notna().sum())} of {len(consensus)} units "
              f"({int((consensus['consensus'].isna()).sum())} without a majority)")
        table = lexicon_validity(codes, key, paras, lexicon=folder / "lexicons" / "frames.yaml", codebook=codebook)
        shown = table[table["reference"] == "consensus"].drop(columns="reference")
        print("lexicon against the consensus (weighted to the corpus; 95% Wilson intervals):")
        print(shown.round(3).to_string(index=False))
    if args.out:
        table.to_csv(args.out, index=False, lineterminator="\n")
        print(f"table: {args.out}")
    return 0


def _explore(args) -> int:
    _require_extra("explore")  # before reading anything: the explorer is written by Bokeh
    start = time.perf_counter()
    folder = _corpus_folder(args)
    out = Path(args.out) if args.out else project_root() / "build" / "explorer" / "explorer.html"
    _say(f"explorer: reading {folder}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paras = paragraphs(load_corpus(folder))
    # a line per step, and a heartbeat inside a long one (the topic model on a large corpus)
    page = _with_heartbeat("explorer: computing", lambda: explorer(
        paras, title=args.title or f"framings explorer: {folder.name}", k=args.k, random_state=args.random_state,
        n_boot=args.n_boot, max_terms=args.max_terms, max_kwic=args.max_kwic, progress=_say))
    page.save(out)
    print(f"explorer: {out} ({page.size_mb:.1f} MB, {len(page.tables['terms'])} terms, "
          f"{paras['doc_id'].nunique()} documents) in {time.perf_counter() - start:.1f} s")
    return 0


def course_notebooks() -> list[Path]:
    """The course notebooks to copy: the checkout's ``notebooks/`` (with ``exercises/``), else the wheel's copy.

    Returns
    -------
    list of pathlib.Path
        The ``NN-*.ipynb`` files, then the exercise solutions, in reading order; empty when neither
        a checkout nor the package data (``framings/course_notebooks/``) holds them.

    Examples
    --------
    >>> from framings.project._cli import course_notebooks
    >>> all(p.suffix == ".ipynb" for p in course_notebooks())
    True
    """
    root = checkout_root()
    candidates = [root / "notebooks"] if root is not None else []
    candidates.append(Path(__file__).resolve().parent.parent / "course_notebooks")  # package data of the wheel
    for folder in candidates:
        found = notebook_paths(folder) if any(folder.glob("[0-9][0-9]*-*.ipynb")) else []
        if found:
            return found + sorted((folder / "exercises").glob("[0-9][0-9]*-*.ipynb"))
    return []


def _notebooks(args) -> int:
    sources = course_notebooks()
    if not sources:
        raise CorpusError("notebooks: this installation carries no course notebooks (neither a checkout's "
                          "notebooks/ nor the package's course_notebooks/)")
    out = Path(args.folder)
    base = sources[0].parent
    targets = [out / p.relative_to(base) for p in sources]
    clash = [t for t in targets if t.exists()]
    if clash and not args.force:
        raise CorpusError(f"{out}: {len(clash)} notebook(s) exist already (e.g. {clash[0].name}); "
                          "choose an empty folder or pass --force to overwrite them")
    for source, target in zip(sources, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    print(f"{len(targets)} notebook(s) copied to {out} (from {base}): open them with `jupyter lab {out}`; "
          "they read the corpus named by FRAMINGS_CORPUS, else the bundled one")
    return 0


def _prog() -> str:
    """How the user called us: ``framings`` (the console script) or ``python -m framings``."""
    return "python -m framings" if Path(sys.argv[0]).name in ("__main__.py", "-m", "-c", "") else "framings"


def _command(sub, name: str, summary: str, details: str = ""):
    """A subcommand whose ``--help`` starts with a description line (the summary, then any details)."""
    description = summary[0].upper() + summary[1:] + "." + (" " + details if details else "")
    return sub.add_parser(name, help=summary, description=textwrap.fill(description, width=88),
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _add_corpus(command, what: str = "corpus folder") -> None:
    command.add_argument("--corpus", help=f"{what} (default: $FRAMINGS_CORPUS, else the checkout's corpus/, "
                                          "else the corpus bundled with the package)")


def _parser() -> argparse.ArgumentParser:
    prog = _prog()
    parser = argparse.ArgumentParser(
        prog=prog, formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill("framings: compare how sources frame the same subject. Check and grow a corpus, "
                                  "run the notebooks, build the report and the explorer, draw and score blind "
                                  "coding samples.", width=88))
    parser.add_argument("--version", action="version", version=f"framings {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands",
                                help="the command to run (COMMAND --help for its options)")
    check = _command(sub, "check", "validate the corpus and write corpus/cleaning-report.csv",
                     "Loads every document, applies the cleaning rules and prints what they did per document.")
    _add_corpus(check)
    check.set_defaults(func=_check)
    figures = _command(sub, "figures", "execute the notebooks headless and write figures/",
                       "Each notebook runs in a fresh kernel; progress is printed per notebook.")
    figures.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/NN-*.ipynb)")
    figures.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    figures.add_argument("--notebooks", dest="notebooks_dir", default=None,
                         help="folder of NN-*.ipynb notebooks to run (default: the checkout's notebooks/)")
    _add_corpus(figures, "corpus the notebooks read (sets FRAMINGS_CORPUS for their kernels)")
    figures.set_defaults(func=_figures)
    report = _command(sub, "report", "build the site of the executed notebooks, build/site/index.html (Sphinx)",
                      "Needs the [docs] extra and the notebooks executed by the figures command.")
    _add_corpus(report, "corpus whose executed notebooks the site shows")
    report.set_defaults(func=_report)
    init = _command(sub, "init", "create a corpus folder from a folder of texts and/or a table",
                    "Writes metadata.csv, raw/ and the corpus-wide cleaning rules, then checks the new corpus.")
    init.add_argument("folder", help="the corpus folder to create (new or empty)")
    init.add_argument("--from", dest="from_dir", help="folder of the texts (.txt; .pdf/.html/.docx with [import])")
    init.add_argument("--metadata", help="table of the documents, one row each (.csv or .xlsx)")
    init.add_argument("--framing-column", dest="framing_column", help="column of the a-priori label (-> framing)")
    init.add_argument("--id-column", dest="id_column", help="column of document ids (default: file names)")
    init.add_argument("--file-column", dest="file_column", help="column naming each row's file in --from")
    init.add_argument("--text-column", dest="text_column", help="column holding the texts themselves")
    init.add_argument("--starter-frames", dest="starter_frames", action="store_true",
                      help="also write lexicons/frames.yaml and codebook.yaml: the 15 Policy Frames Codebook "
                           "dimensions with seed terms, an unvalidated start (default: no lexicon, no codebook)")
    init.set_defaults(func=_init)
    add = _command(sub, "add", "copy UTF-8 text files into a corpus (created if new) with metadata and checksums",
                   "Each file becomes one document; the corpus is checked afterwards.")
    add.add_argument("path", nargs="+", help="the text file(s) to add (UTF-8)")
    add.add_argument("--framing", default="", help="the a-priori framing label (empty: unlabelled)")
    add.add_argument("--title", default=None, help="title (default: the file name)")
    add.add_argument("--authors", default="", help='"Surname, Given; Surname, Given"')
    add.add_argument("--date", default="", help="YYYY-MM-DD or YYYY")
    add.add_argument("--url", default="", help="where the text was published (recorded in metadata.csv)")
    add.add_argument("--outlet", default="", help="publisher, journal or outlet (recorded in metadata.csv)")
    add.add_argument("--kind", default="", help="kind of document, e.g. article, speech, report (metadata.csv)")
    add.add_argument("--doc-id", dest="doc_id", default=None, help="short readable id (default: from the file name)")
    _add_corpus(add)
    add.set_defaults(func=_add)
    coding = _command(sub, "coding", "blind coding: draw a sample to code, score coded sheets",
                      "Two steps: 'coding sample' writes a blind sheet and its key; 'coding score' reads the "
                      "coded sheets back.")
    coding_sub = coding.add_subparsers(dest="coding_command", required=True, metavar="STEP", title="steps",
                                       help="the step to run (STEP --help for its options)")
    sample = _command(coding_sub, "sample", "write a blind coding sheet (DIR/sheet.csv) and its key",
                      "Paragraphs are stratified by the lexicon's dominant frame; the key stays with you.")
    sample.add_argument("--n", type=int, default=60, help="paragraphs to sample (default 60, ~20 min per coder)")
    sample.add_argument("--random-state", dest="random_state", type=int, default=20261202,
                        help="seed of the sample (default 20261202)")
    sample.add_argument("--out", required=True, help="folder for sheet.csv")
    sample.add_argument("--key", default=None, help="where the key goes (default DIR/sample-key.csv)")
    sample.add_argument("--min-words", dest="min_words", type=int, default=12,
                        help="shortest paragraph to sample, in words (default 12)")
    _add_corpus(sample)
    sample.set_defaults(func=_coding_sample)
    score = _command(coding_sub, "score", "agreement between coded sheets and the lexicon's precision/recall",
                     "Krippendorff's alpha and Cohen's kappa between coders, then the lexicon against their "
                     "consensus.")
    score.add_argument("sheets", nargs="+", help="coded sheets of one sample (file name = coder)")
    score.add_argument("--key", default=None, help="the sample key (default: sample-key.csv beside the first sheet, "
                       "else corpus/coding/sample-key.csv)")
    score.add_argument("--random-state", dest="random_state", type=int, default=0, help="bootstrap seed (default 0)")
    score.add_argument("--n-boot", dest="n_boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    score.add_argument("--out", default=None, help="also write the precision/recall table to this CSV")
    _add_corpus(score)
    score.set_defaults(func=_coding_score)
    explore = _command(sub, "explore", "write the interactive term and topic explorer (one offline HTML file)",
                       "Needs the [explore] extra (Bokeh); prints a line per step while it computes.")
    explore.add_argument("--out", help="HTML file to write (default: build/explorer/explorer.html)")
    _add_corpus(explore)
    explore.add_argument("--title", default=None, help="page title")
    explore.add_argument("--k", type=int, default=3, help="topics in the topic view (default 3, as notebook 04)")
    explore.add_argument("--random-state", dest="random_state", type=int, default=0,
                         help="seed of the topic model and the bootstraps (default 0)")
    explore.add_argument("--n-boot", dest="n_boot", type=int, default=1000, help="bootstrap replicates (default 1000)")
    explore.add_argument("--max-terms", dest="max_terms", type=int, default=3000,
                         help="terms drawn, the most frequent (default 3000)")
    explore.add_argument("--max-kwic", dest="max_kwic", type=int, default=20,
                         help="concordance lines embedded per term (default 20)")
    explore.set_defaults(func=_explore)
    notebooks = _command(sub, "notebooks", "copy the course notebooks (and exercise solutions) to a folder",
                         "For a pip install: the notebooks come with the package; open the folder in JupyterLab.")
    notebooks.add_argument("folder", help="where to copy them (created if new)")
    notebooks.add_argument("--force", action="store_true", help="overwrite notebooks already in the folder")
    notebooks.set_defaults(func=_notebooks)
    parser.epilog = _epilog(sub, prog)
    return parser


def _epilog(sub, prog: str = "python -m framings") -> str:
    """Usage lines of the commands that have their own subcommands (``coding sample|score``), from the parsers."""
    lines = []
    for name, command in sub.choices.items():
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        for action in nested:
            for child, parser in action.choices.items():
                help_text = next((c.help for c in getattr(action, "_choices_actions", []) if c.dest == child), "") or ""
                lines.append(f"  {name} {child:<14} {help_text}")
    text = "subcommands:\n" + "\n".join(lines) + "\n\n" if lines else ""
    return text + f"Run '{prog} COMMAND --help' for a command's options."


def main(argv: list[str] | None = None) -> int:
    """Run one command of ``python -m framings`` and return its exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``python -m framings`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for a problem with the corpus or the arguments (printed as one ``error:`` line).

    Examples
    --------
    >>> from framings.project import main
    >>> main(["check", "--corpus", "no/such/folder"])  # doctest: +SKIP
    2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # inside the try: a reader that stopped early (| head) is not an error to report
        return code
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader closed the pipe (python -m framings check | head -1): stop quietly, as the
        # Python documentation advises (point stdout at devnull so the exit flush does not fail again)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
