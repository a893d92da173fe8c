"""Command line: ``python -m framings check|figures``."""
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
    report = cleaning_report(corpus)
    report.to_csv(folder / "cleaning-report.csv", index=False, lineterminator="\n")
    print(f"{folder}: {len(corpus)} documents, {int(corpus['n_words'].sum())} words after cleaning; "
          f"report: {len(report)} actions -> {folder / 'cleaning-report.csv'}")
    summary = report.groupby(["doc_id", "action"], sort=True)["count"].sum().unstack(fill_value=0)
    print(summary.to_string())
    return 0


def _figures(args) -> int:
    from .reproduce import execute_notebook, notebook_paths

    paths = [Path(p) for p in args.notebooks] or notebook_paths()
    for path in paths:
        print(f"executing {path} ...", flush=True)
        execute_notebook(path)
    print(f"{len(paths)} notebook(s) executed")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m framings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the corpus and write corpus/cleaning-report.csv")
    check.add_argument("--corpus", help="corpus folder (default: the project's corpus/)")
    check.set_defaults(func=_check)
    figures = sub.add_parser("figures", help="execute the notebooks headless and write figures/")
    figures.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/NN-*.ipynb)")
    figures.set_defaults(func=_figures)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
