"""Command line: ``python -m framings check|figures|add``."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .errors import CorpusError


def _check(args) -> int:
    from .clean import cleaning_report
    from .corpus import default_corpus_path, load_corpus

    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(folder)
    for warning in caught:
        print(f"warning: {warning.message}")
    from ._io import atomic_write_text

    report = cleaning_report(corpus)
    atomic_write_text(folder / "cleaning-report.csv", report.to_csv(index=False, lineterminator="\n"))
    print(f"{folder}: {len(corpus)} documents, {int(corpus['n_words'].sum())} words after cleaning; "
          f"report: {len(report)} actions -> {folder / 'cleaning-report.csv'}")
    summary = report.groupby(["doc_id", "action"], sort=True)["count"].sum().unstack(fill_value=0)
    print(summary.to_string())
    return 0


def _figures(args) -> int:
    import time

    from . import _shutdown
    from ._io import remove_stale_temporaries
    from .plots import figures_dir
    from .reproduce import notebook_paths, project_root, run_notebooks, write_catalogue

    executed = project_root() / "build" / "notebooks"
    # SIGTERM/SIGINT end every worker and kernel of the run; interrupted writes leave only
    # temporary files, removed then or by the next run
    _shutdown.install(cleanup=[figures_dir(), executed])
    for folder in (figures_dir(), executed):
        remove_stale_temporaries(folder)
    paths = [Path(p) for p in args.notebooks] or notebook_paths()
    start = time.perf_counter()
    print(f"executing {len(paths)} notebook(s), {args.jobs} at a time: {', '.join(p.name for p in paths)}",
          flush=True)
    run_notebooks(paths, jobs=args.jobs, executed_dir=executed)
    catalogue = write_catalogue()
    print(f"{len(paths)} notebook(s) executed in {time.perf_counter() - start:.1f} s; catalogue: {catalogue}")
    return 0


def _report(args) -> int:
    from .reproduce import build_report

    print(f"report: {build_report()}")
    return 0


def _check_report(args) -> int:
    from .reproduce import check_report

    for page in check_report():
        print(f"{page['page']}: {page['images']} image(s), none broken, no error cell; screenshot saved")
    return 0


def _add(args) -> int:
    from .corpus import add_document, default_corpus_path

    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    row = add_document(args.path, framing=args.framing, title=args.title, authors=args.authors, date=args.date,
                       url=args.url, doc_id=args.doc_id, kind=args.kind, outlet=args.outlet, corpus_path=folder)
    print(f"added {row['doc_id']} ({row['framing']}): {folder / 'raw' / row['file']}, sha256 {row['sha256'][:12]}…; "
          f"rules: {folder / 'rules' / (row['doc_id'] + '.yaml')}")
    return _check(args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m framings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the corpus and write corpus/cleaning-report.csv")
    check.add_argument("--corpus", help="corpus folder (default: the project's corpus/)")
    check.set_defaults(func=_check)
    figures = sub.add_parser("figures", help="execute the notebooks headless and write figures/")
    figures.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/NN-*.ipynb)")
    figures.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    figures.set_defaults(func=_figures)
    sub.add_parser("report", help="render the executed notebooks to build/report/ (HTML)").set_defaults(func=_report)
    sub.add_parser("check-report", help="open every report page in headless Chromium and check it"
                   ).set_defaults(func=_check_report)
    add = sub.add_parser("add", help="copy a UTF-8 text file into the corpus with its metadata row and checksum")
    add.add_argument("path", help="the text file to add (UTF-8)")
    add.add_argument("--framing", required=True, help="the a-priori framing label")
    add.add_argument("--title", required=True)
    add.add_argument("--authors", default="", help='"Surname, Given; Surname, Given"')
    add.add_argument("--date", default="", help="YYYY-MM-DD or YYYY")
    add.add_argument("--url", default="")
    add.add_argument("--outlet", default="")
    add.add_argument("--kind", default="")
    add.add_argument("--doc-id", dest="doc_id", default=None, help="short readable id (default: from the file name)")
    add.add_argument("--corpus", help="corpus folder (default: the project's corpus/)")
    add.set_defaults(func=_add)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
