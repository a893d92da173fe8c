"""Command line: ``python -m framings check|figures|add|explore``."""
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
    import time

    from .reproduce import notebook_paths, project_root, run_notebooks, write_catalogue

    paths = [Path(p) for p in args.notebooks] or notebook_paths()
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
    row = add_document(args.path, framing=args.framing, title=args.title, authors=args.authors, date=args.date,
                       url=args.url, doc_id=args.doc_id, kind=args.kind, outlet=args.outlet, corpus_path=folder)
    print(f"added {row['doc_id']} ({row['framing']}): {folder / 'raw' / row['file']}, sha256 {row['sha256'][:12]}…; "
          f"rules: {folder / 'rules' / (row['doc_id'] + '.yaml')}")
    return _check(args)


def _explore(args) -> int:
    import time

    from .corpus import default_corpus_path, load_corpus, paragraphs
    from .explore import explorer
    from .reproduce import project_root

    start = time.perf_counter()
    folder = Path(args.corpus) if args.corpus else default_corpus_path()
    out = Path(args.out) if args.out else project_root() / "build" / "explorer" / "explorer.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paras = paragraphs(load_corpus(folder))
    page = explorer(paras, title=args.title or f"framings explorer: {folder.name}", k=args.k,
                    random_state=args.seed, n_boot=args.n_boot, max_terms=args.max_terms, max_kwic=args.max_kwic)
    page.save(out)
    print(f"explorer: {out} ({page.size_mb:.1f} MB, {len(page.tables['terms'])} terms, "
          f"{paras['doc_id'].nunique()} documents) in {time.perf_counter() - start:.1f} s")
    return 0


def _check_explorer(args) -> int:
    from .explore import check_explorer

    found = check_explorer(args.path)
    print(f"explorer check: {args.path or 'build/explorer/explorer.html'} ({found['size_mb']:.1f} MB) loaded in "
          f"{found['load_s']:.2f} s, requests only {'/'.join(found['requests'])}:; Search terms '{found['term']}' -> "
          f"{found['kwic_lines']} concordance line(s); group switch moved {found['moved_group']} point(s), reference "
          f"switch {found['moved_reference']}; lambda -> {found['lambda']} changed the term list; screenshots: "
          + ", ".join(found["screenshots"]))
    return 0


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
    explore = sub.add_parser("explore", help="write the interactive term and topic explorer (one offline HTML file)")
    explore.add_argument("--out", help="HTML file to write (default: build/explorer/explorer.html)")
    explore.add_argument("--corpus", help="corpus folder (default: the project's corpus/)")
    explore.add_argument("--title", default=None, help="page title")
    explore.add_argument("--k", type=int, default=3, help="topics in the topic view (default 3, as notebook 03)")
    explore.add_argument("--seed", type=int, default=0, help="seed of the topic model and the bootstraps (default 0)")
    explore.add_argument("--n-boot", dest="n_boot", type=int, default=1000, help="bootstrap replicates (default 1000)")
    explore.add_argument("--max-terms", dest="max_terms", type=int, default=3000,
                         help="terms drawn, the most frequent (default 3000)")
    explore.add_argument("--max-kwic", dest="max_kwic", type=int, default=20,
                         help="concordance lines embedded per term (default 20)")
    explore.set_defaults(func=_explore)
    check_explorer = sub.add_parser("check-explorer", help="open the explorer offline in headless Chromium and check it")
    check_explorer.add_argument("path", nargs="?", default=None, help="the page (default: build/explorer/explorer.html)")
    check_explorer.set_defaults(func=_check_explorer)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
