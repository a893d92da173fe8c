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
    from .paths import _report_path

    report = cleaning_report(corpus)
    out = _report_path(folder)  # the bundled corpus of an installed wheel is read-only: ./cleaning-report.csv
    report.to_csv(out, index=False, lineterminator="\n")
    print(f"{folder}: {len(corpus)} documents, {int(corpus['n_words'].sum())} words after cleaning; "
          f"report: {len(report)} actions -> {out}")
    if report.empty:
        print("no cleaning action fired (the rules found nothing to drop or repair)")
        return 0
    summary = report.groupby(["doc_id", "action"], sort=True)["count"].sum().unstack(fill_value=0)
    print(summary.to_string())
    return 0


def _figures(args) -> int:
    import time

    from .reproduce import notebook_paths, project_root, run_notebooks, write_catalogue

    paths = [Path(p) for p in args.notebooks] or notebook_paths(args.notebooks_dir)
    if not paths:
        raise CorpusError(f"{args.notebooks_dir or 'notebooks/'}: no NN-*.ipynb notebooks to run")
    start = time.perf_counter()
    print(f"executing {len(paths)} notebook(s), {args.jobs} at a time: {', '.join(p.name for p in paths)}",
          flush=True)
    run_notebooks(paths, jobs=args.jobs, executed_dir=project_root() / "build" / "notebooks")
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
    from .ingest import init_corpus

    meta = init_corpus(args.folder, args.from_dir, args.metadata, framing_column=args.framing_column,
                       id_column=args.id_column, file_column=args.file_column, text_column=args.text_column)
    folder = Path(args.folder)
    labels = meta["framing"].value_counts()
    labelled = ", ".join(f"{k} {v}" for k, v in labels.items()) if meta["framing"].any() else "unlabelled"
    print(f"{folder}: {len(meta)} document(s) ({labelled}); metadata: {folder / 'metadata.csv'}; "
          f"texts: {folder / 'raw'}; corpus-wide cleaning rules: {folder / 'rules' / '_default.yaml'}")
    if (folder / "extraction-report.csv").exists():
        import pandas as pd

        report = pd.read_csv(folder / "extraction-report.csv", dtype=str, keep_default_na=False)
        print(f"extracted {len(report)} file(s) to text (originals in {folder / 'sources'}); "
              f"report: {folder / 'extraction-report.csv'}")
        for row in report[report["warnings"] != ""].itertuples():
            print(f"warning: {row.source}: {row.warnings}")
    args.corpus = str(folder)
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
    figures.add_argument("--notebooks", dest="notebooks_dir", default=None,
                         help="folder of NN-*.ipynb notebooks to run (default: the checkout's notebooks/)")
    figures.set_defaults(func=_figures)
    sub.add_parser("report", help="render the executed notebooks to build/report/ (HTML)").set_defaults(func=_report)
    sub.add_parser("check-report", help="open every report page in headless Chromium and check it"
                   ).set_defaults(func=_check_report)
    init = sub.add_parser("init", help="create a corpus folder from a folder of texts and/or a table")
    init.add_argument("folder", help="the corpus folder to create (new or empty)")
    init.add_argument("--from", dest="from_dir", help="folder of the texts (.txt; .pdf/.html/.docx with [import])")
    init.add_argument("--metadata", help="table of the documents, one row each (.csv or .xlsx)")
    init.add_argument("--framing-column", dest="framing_column", help="column of the a-priori label (-> framing)")
    init.add_argument("--id-column", dest="id_column", help="column of document ids (default: file names)")
    init.add_argument("--file-column", dest="file_column", help="column naming each row's file in --from")
    init.add_argument("--text-column", dest="text_column", help="column holding the texts themselves")
    init.set_defaults(func=_init)
    add = sub.add_parser("add", help="copy UTF-8 text files into a corpus (created if new) with metadata and checksums")
    add.add_argument("path", nargs="+", help="the text file(s) to add (UTF-8)")
    add.add_argument("--framing", default="", help="the a-priori framing label (empty: unlabelled)")
    add.add_argument("--title", default=None, help="title (default: the file name)")
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
