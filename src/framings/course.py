"""Teaching support for the notebooks: tables a notebook shows that take more than a few lines of pandas.

Not exported at the top level: a notebook calls ``fr.course.concordance(...)``. Each function serves one notebook
(and its worked solutions) and is built from the library's verbs. A one-line idiom (``list(dict.fromkeys(x))``, a verdict in
words, a short groupby) is not kept here: it is written in the notebook cell that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from math import factorial

import numpy as np
import pandas as pd

from ._check import require_columns
from ._paths import corpus_folder_of
from .coding import coding_sheets, load_codebook
from .errors import CorpusError
from .frames import load_lexicon
from .stats import compare_groups, permutation_test
from .text import kwic, term_counts


# What a section of a notebook may need from the corpus: the file (in the corpus folder) or the check, what it is
# called, and how to add it. One sentence each, printed by `needs` when a section is skipped.
STARTER = "a corpus made with python -m framings init --starter-frames gets a starter to edit"
REQUIREMENTS = {
    "lexicon": ("lexicons/frames.yaml", "frame lexicon",
                f"write lexicons/frames.yaml ({STARTER}; notebooks 05b and 05c validate it)"),
    "codebook": ("codebook.yaml", "codebook", f"write codebook.yaml with one code per lexicon frame ({STARTER})"),
    "actors": ("lexicons/actors.yaml", "actor list", "write lexicons/actors.yaml (the shipped corpus' file shows "
               "the form: one entry per actor with its names)"),
    "precision sample": ("lexicons/precision-sample.csv", "checked precision sample",
                         "draw one with fr.frames.precision_sample(paras), judge each match and save it as "
                         "lexicons/precision-sample.csv"),
    "coded sheets": ("coding/", "coded sheets", "draw a blind sample (python -m framings coding sample --out "
                     "CORPUS/coding), have coders fill sheet.csv and save each as coding/<coder>.csv"),
    "labels": (None, "framing labels (two or more)", "fill the framing column of metadata.csv, or rebuild the corpus "
               "with python -m framings init --framing-column COLUMN"),
    "two documents per label": (None, "second document for every label", "add documents (python -m framings add "
                                "FILE --framing LABEL) until every label has two"),
    "dates": (None, "dates (two or more distinct)", "fill the date (YYYY-MM-DD) or year column of metadata.csv"),
}


def _missing(corpus: pd.DataFrame, what: str) -> str | None:
    """Why ``corpus`` lacks requirement ``what`` (a file path or a count), or None when it has it."""
    if what not in REQUIREMENTS:
        raise CorpusError(f"unknown requirement {what!r}; use one of {', '.join(REQUIREMENTS)}")
    relative = REQUIREMENTS[what][0]
    if relative is not None:
        folder = corpus_folder_of(corpus)
        if folder is None:
            return "no corpus folder"
        if what == "coded sheets":
            return None if (folder / "coding" / "sample-key.csv").is_file() and coding_sheets(folder / "coding") \
                else "no sample-key.csv with a filled sheet in coding/"
        if not (folder / relative).exists():
            return f"no {relative}"
        return _unreadable(folder, what)
    labels = corpus["framing"].astype("string").fillna("").str.strip() if "framing" in corpus else pd.Series([""])
    counts = labels[labels.ne("")].value_counts()
    if what == "labels":
        return None if len(counts) >= 2 else f"{len(counts)} label(s)"
    if what == "two documents per label":
        single = sorted(counts[counts < 2].index)
        return None if len(counts) >= 2 and not single else (
            f"one document only: {', '.join(single[:3])}{' …' if len(single) > 3 else ''}" if single
            else f"{len(counts)} label(s)")
    dates = {str(value).strip() for column in ("date", "year") if column in corpus
             for value in corpus[column].dropna().tolist()} - {""}
    return None if len(dates) >= 2 else "no dates"


def _unreadable(folder, what: str) -> str | None:
    """Why the lexicon or codebook file of ``folder`` cannot be used (its reader's one-line error), or None."""
    try:
        if what == "lexicon":
            load_lexicon(folder / "lexicons" / "frames.yaml")
        elif what == "codebook":
            load_codebook(folder / "codebook.yaml", lexicon=folder / "lexicons" / "frames.yaml"
                          if (folder / "lexicons" / "frames.yaml").exists() else False)
    except CorpusError as err:
        return str(err).splitlines()[0]
    return None


def requirements(corpus: pd.DataFrame) -> pd.DataFrame:
    """What ``corpus`` has of what the notebooks' sections may need; in a notebook, also defines ``%%needs``.

    A code cell that starts with ``%%needs lexicon, codebook`` runs only when the corpus has every requirement
    named; otherwise it is skipped, and the first cell skipped for a requirement prints ONE sentence
    (``Skipped: …``, as :func:`needs` does) saying what is missing and how to add it. So a corpus
    without a lexicon or a codebook skips the sections that need them and runs the rest, instead of failing
    in every later cell; ``python -m framings figures`` counts the skipped sections in its summary.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (or paragraph) frame from :func:`framings.load_corpus`.

    Returns
    -------
    pandas.DataFrame
        One row per requirement (:data:`REQUIREMENTS`): ``requirement``, ``has`` and ``missing`` (why not).

    Examples
    --------
    >>> import framings as fr
    >>> corpus = fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["a b", "c d"], "framing": ["x", "y"]}))
    >>> requirements(corpus).set_index("requirement").loc[["labels", "lexicon"], "has"].tolist()
    [True, False]
    """
    table = pd.DataFrame([(what, (reason := _missing(corpus, what)) is None, reason or "")
                          for what in REQUIREMENTS], columns=["requirement", "has", "missing"])
    _define_needs_magic(corpus)
    return table


def _define_needs_magic(corpus: pd.DataFrame) -> None:
    """Register the cell magic ``%%needs`` for ``corpus`` in the running IPython (nothing outside IPython)."""
    try:
        from IPython import get_ipython  # optional: %%needs exists only inside IPython/Jupyter
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    announced: set[str] = set()

    def needs_magic(line: str, cell: str):
        wanted = [part.strip() for part in line.split(",") if part.strip()]
        for requirement in wanted:
            reason = _missing(corpus, requirement)
            if reason is not None:
                if requirement not in announced:  # one sentence per missing requirement, not one per cell
                    announced.add(requirement)
                    _, name, how = REQUIREMENTS[requirement]
                    print(f"{SKIPPED}the cells that need the {name} — this corpus has none ({reason}); {how}.")
                return None
        shell.run_cell(cell, store_history=False)  # as %%capture runs its cell: outputs and errors show as usual
        return None

    shell.register_magic_function(needs_magic, magic_kind="cell", magic_name="needs")


SKIPPED = "Skipped: "  # how a skipped section's sentence starts; python -m framings figures counts these lines


def has(corpus: pd.DataFrame, what: str) -> bool:
    """Whether ``corpus`` has requirement ``what`` (a key of :data:`REQUIREMENTS`); prints nothing.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (or paragraph) frame from :func:`framings.load_corpus`; its folder is read from its attrs.
    what : str
        ``"lexicon"``, ``"codebook"``, ``"actors"``, ``"precision sample"``, ``"coded sheets"``, ``"labels"``,
        ``"two documents per label"`` or ``"dates"``.

    Returns
    -------
    bool

    Examples
    --------
    >>> import framings as fr
    >>> corpus = fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["a b", "c d"], "framing": ["x", "y"]}))
    >>> has(corpus, "labels"), has(corpus, "two documents per label"), has(corpus, "lexicon")
    (True, False, False)
    """
    return _missing(corpus, what) is None


def needs(corpus: pd.DataFrame, *what: str, section: str) -> bool:
    """Whether a notebook section can run on ``corpus``; if not, print ONE sentence: what is missing, how to add it.

    A notebook guards a section with it (``if fr.course.needs(corpus, "codebook", section="The codebook"):``)
    so that a corpus without a lexicon, a codebook or coded sheets skips that section and runs the rest,
    instead of failing in every later cell. The sentence starts with ``Skipped:``, which is how
    ``python -m framings figures`` counts skipped sections in its summary.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus (or paragraph) frame from :func:`framings.load_corpus`.
    *what : str
        The requirements (keys of :data:`REQUIREMENTS`); the first one missing is named.
    section : str
        The section's name, as the reader sees it in the notebook.

    Returns
    -------
    bool
        True when every requirement is met.

    Examples
    --------
    >>> import framings as fr
    >>> corpus = fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["a b", "c d"], "framing": ["x", "y"]}))
    >>> needs(corpus, "labels", section="Keyness")
    True
    >>> needs(corpus, "labels", "two documents per label", section="Relabelling the documents")
    Skipped: Relabelling the documents — this corpus has no second document for every label (one document only: x, y); add documents (python -m framings add FILE --framing LABEL) until every label has two.
    False
    """
    for requirement in what:
        reason = _missing(corpus, requirement)
        if reason is not None:
            _, name, how = REQUIREMENTS[requirement]
            print(f"{SKIPPED}{section} — this corpus has no {name} ({reason}); {how}.")
            return False
    return True


def actor_frame_cells(association: pd.DataFrame, actors: pd.DataFrame, min_paragraphs: int = 5,
                      alpha: float = 0.05) -> pd.DataFrame:
    """Actor × frame pairs for a heatmap: actors named in at least ``min_paragraphs`` paragraphs, each cell's
    text (signed G², a star beyond the Bonferroni cut, the co-occurrence count) and the cut itself.

    The Bonferroni cut is the G² whose χ²(1) upper tail is ``alpha / m``, m = the number of pairs shown.

    Parameters
    ----------
    association : pandas.DataFrame
        :func:`framings.actor_frame_association` output (``actor, frame, cooccurrence, paragraphs_with_actor,
        g2`` …).
    actors : pandas.DataFrame
        :func:`framings.frames.load_actors` output (``actor, label``), for the row labels.
    min_paragraphs : int, default 5
        Actors named in fewer paragraphs are left out.
    alpha : float, default 0.05
        Family-wise error rate of the cut.

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``association`` with ``row_label`` ("<label> (<n> paragraphs)"), ``beyond_cut`` (bool)
        and ``cell_text``; ``attrs["bonferroni_g2"]`` is the cut (NaN when no row is kept).

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> association = pd.DataFrame({"actor": ["eu", "eu"], "frame": ["f1", "f2"], "cooccurrence": [6, 1],
    ...                             "paragraphs_with_actor": [8, 8], "g2": [9.5, -2.0]})
    >>> actors = pd.DataFrame({"actor": ["eu"], "label": ["European Union"]})
    >>> cells = actor_frame_cells(association, actors)
    >>> round(cells.attrs["bonferroni_g2"], 2), cells["cell_text"].tolist()
    (5.02, ['+9.5*\\n6 together', '-2.0\\n1 together'])
    """
    from scipy.stats import chi2  # heavy (scipy): imported on first use

    needed = ["actor", "frame", "cooccurrence", "paragraphs_with_actor", "g2"]
    require_columns(association, needed, "association", "pass actor_frame_association output")
    shown = association[association["paragraphs_with_actor"] >= min_paragraphs].copy()
    cut = float(chi2.isf(alpha / len(shown), df=1)) if len(shown) else float("nan")
    names = actors.drop_duplicates("actor").set_index("actor")["label"]
    shown["row_label"] = [f"{names.get(a, a)} ({n} paragraphs)" for a, n in
                          zip(shown["actor"], shown["paragraphs_with_actor"])]
    shown["beyond_cut"] = shown["g2"].abs() > cut
    shown["cell_text"] = [f"{g:+.1f}{'*' if beyond else ''}\n{int(both)} together" for g, beyond, both in
                          zip(shown["g2"], shown["beyond_cut"], shown["cooccurrence"])]
    shown.attrs["bonferroni_g2"] = cut
    return shown


def judge_provenance(checked: pd.DataFrame) -> pd.Series:
    """Who judged a precision sample: the shares of judgements by AI or software, by a judge who knew the labels,
    and recorded as blind, read from the ``checked_by`` and ``method`` columns.

    Parameters
    ----------
    checked : pandas.DataFrame
        A checked precision sample (``lexicons/precision-sample.csv``: ``checked_by`` and optionally ``method``).

    Returns
    -------
    pandas.Series
        ``by_ai, knew, blind`` (shares 0-1); ``attrs["checkers"]`` lists the distinct ``checked_by`` values.

    Raises
    ------
    CorpusError
        When ``checked_by`` is missing.

    Examples
    --------
    >>> checked = pd.DataFrame({"checked_by": ["AI assistant", "A. Reader"],
    ...                         "method": ["knew the labels", "blind to the labels"]})
    >>> judge_provenance(checked).to_dict()
    {'by_ai': 0.5, 'knew': 0.5, 'blind': 0.5}
    """
    if "checked_by" not in checked.columns:
        raise CorpusError("the precision sample lacks the column 'checked_by': say who judged each match")
    provenance = checked["checked_by"] + " " + checked.get("method", pd.Series("", index=checked.index))
    by_ai = provenance.str.contains(r"\bAI\b|assistant", case=False, regex=True)
    knew = provenance.str.contains(r"\bknew\b|knowing|not blind", case=False, regex=True)
    blind = provenance.str.contains(r"\bblind", case=False, regex=True) & ~knew
    shares = pd.Series({"by_ai": float(by_ai.mean()), "knew": float(knew.mean()), "blind": float(blind.mean())})
    shares.attrs["checkers"] = list(checked["checked_by"].unique())
    return shares


def shown_documents(corpus: pd.DataFrame, max_shown: int = 40, random_state: int = 0) -> tuple[set, str]:
    """The documents a per-document figure draws, and the note its title carries.

    A figure with a row per document is unreadable (and gigabytes) at thousands of documents: beyond
    ``max_shown`` it draws the same share of each label, seeded; every number in the notebook still counts all
    documents, and the note (``" [drawn: 40 of 2000 documents]"``, empty when all are drawn) says so.

    Parameters
    ----------
    corpus : pandas.DataFrame
        One row per document (``doc_id``, ``framing``).
    max_shown : int, default 40
        Documents drawn at most (about: the same share of each label, rounded per label).
    random_state : int, default 0
        Seed of the sample.

    Returns
    -------
    tuple of (set, str)
        The drawn ``doc_id`` values and the note for a title.

    Examples
    --------
    >>> import framings as fr
    >>> drawn, note = fr.course.shown_documents(fr.load_corpus())
    >>> len(drawn), note
    (5, '')
    """
    if len(corpus) <= max_shown:
        return set(corpus["doc_id"]), ""
    sample = corpus.groupby("framing", dropna=False).sample(frac=max_shown / len(corpus), random_state=random_state)
    drawn = set(sample["doc_id"])
    return drawn, f" [drawn: {len(drawn)} of {len(corpus)} documents]"


def document_pairs(similarity: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Every unordered pair of documents with its cosine similarity and whether the two share a label.

    Parameters
    ----------
    similarity : pandas.DataFrame
        Square documents × documents similarity (:func:`framings.similarity`).
    labels : pandas.Series
        Document → label.

    Returns
    -------
    pandas.DataFrame
        ``doc_a, doc_b, cosine, pair`` (``"same label"`` or ``"different labels"``), upper triangle only.

    Examples
    --------
    >>> sim = pd.DataFrame([[1, .5, .2], [.5, 1, .4], [.2, .4, 1]], index=list("xyz"), columns=list("xyz"))
    >>> document_pairs(sim, pd.Series({"x": "a", "y": "a", "z": "b"}))
      doc_a doc_b  cosine              pair
    0     x     y     0.5        same label
    1     x     z     0.2  different labels
    2     y     z     0.4  different labels
    """
    upper = similarity.where(np.triu(np.ones(similarity.shape, dtype=bool), k=1))
    pairs = upper.rename_axis(index="doc_a", columns="doc_b").stack().dropna().rename("cosine").reset_index()
    pairs["pair"] = np.where(pairs["doc_a"].map(labels) == pairs["doc_b"].map(labels),
                             "same label", "different labels")
    return pairs


def _check(comparisons: pd.DataFrame, columns: list[str]) -> None:
    """Raise CorpusError naming the columns of :func:`framings.compare_groups` output that are missing."""
    require_columns(comparisons, columns, "comparisons", "pass framings.compare_groups output")


def pairwise_matrix(comparisons: pd.DataFrame, n: int = 4) -> pd.DataFrame:
    """Terms × pairwise comparisons of signed G², for the ``n`` strongest terms in each direction of each pair.

    Rows are ordered by the comparison in which each term is strongest (largest ``|G²|``), then by signed G²
    within it (descending), so each comparison's terms form a block. Columns keep the order of ``comparisons``.
    A term not tested in a comparison gets 0.

    Parameters
    ----------
    comparisons : pandas.DataFrame
        :func:`framings.compare_groups` output with ``pairwise=True`` (``comparison, reference, term, g2``),
        sorted by G² within comparison, as it is returned; rows against ``"rest"`` are ignored.
    n : int, default 4
        Terms taken from the top and from the bottom of each comparison.

    Returns
    -------
    pandas.DataFrame
        Index ``term``, one column per pairwise comparison, values signed G².

    Raises
    ------
    CorpusError
        When a column is missing or there is no pairwise comparison.

    Examples
    --------
    >>> comparisons = pd.DataFrame({
    ...     "comparison": ["a vs b"] * 3 + ["a vs c"] * 3, "reference": ["b"] * 3 + ["c"] * 3,
    ...     "term": ["x", "y", "z", "y", "x", "z"], "g2": [9.0, 1.0, -4.0, 6.0, 2.0, -8.0]})
    >>> pairwise_matrix(comparisons, n=1).to_dict("index")
    {'x': {'a vs b': 9.0, 'a vs c': 2.0}, 'y': {'a vs b': 1.0, 'a vs c': 6.0}, 'z': {'a vs b': -4.0, 'a vs c': -8.0}}
    """
    _check(comparisons, ["comparison", "reference", "term", "g2"])
    pairwise = comparisons[comparisons["reference"] != "rest"]
    if pairwise.empty:
        raise CorpusError("comparisons has no pairwise rows; call compare_groups(..., pairwise=True)")
    by_pair = pairwise.groupby("comparison", sort=False)
    picked = pd.concat([by_pair.head(n), by_pair.tail(n)])["term"]
    wide = (pairwise[pairwise["term"].isin(picked)].pivot(index="term", columns="comparison", values="g2")
            .reindex(columns=list(dict.fromkeys(pairwise["comparison"]))).fillna(0.0))
    strongest = wide.columns.get_indexer(wide.abs().idxmax(axis=1))
    signed = wide.to_numpy()[np.arange(len(wide)), strongest]
    return wide.iloc[np.lexsort((-signed, strongest))]


def fdr_sensitivity(counts: pd.DataFrame, min_counts: Iterable[int], alpha: float = 0.05,
                    toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per group: terms tested and terms key at FDR ``alpha``, for each ``min_count``; and how many of the key
    terms (at the first ``min_count``) sit in one document of their group.

    Benjamini-Hochberg multiplies the k-th smallest p by m / k (m = number of tests), so dropping rare terms
    (a larger ``min_count``) lowers the adjusted p of every other term.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups × terms counts.
    min_counts : iterable of int
        Frequency thresholds compared (:func:`framings.compare_groups`' ``min_count``).
    alpha : float, default 0.05
        False discovery rate.
    toks : pandas.DataFrame, optional
        Tokens, for the ``single_document`` column; without them that column is left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``tested (min_count=m)``, ``key at FDR a (min_count=m)`` for every m, and
        ``of which in one document`` (integers).

    Raises
    ------
    CorpusError
        When ``min_counts`` is empty (and from :func:`framings.compare_groups`).

    Examples
    --------
    >>> counts = pd.DataFrame({"x": [30, 1], "y": [1, 30], "z": [1, 0], "w": [100, 100]}, index=["a", "b"])
    >>> table = fdr_sensitivity(counts, [1, 5])
    >>> table["tested (min_count=1)"].tolist(), table["tested (min_count=5)"].tolist()
    ([4, 4], [3, 3])
    >>> table["key at FDR 0.05 (min_count=5)"].tolist()
    [1, 1]
    """

    min_counts = list(min_counts)
    if not min_counts:
        raise CorpusError("min_counts is empty: give at least one frequency threshold")
    table = {}
    first = None
    for min_count in min_counts:
        tested = compare_groups(counts, pairwise=False, toks=toks, min_count=min_count)
        key = tested[(tested["g2"] > 0) & (tested["p_adjusted"] < alpha)]
        first = key if first is None else first
        table[f"tested (min_count={min_count})"] = tested.groupby("target").size()
        table[f"key at FDR {alpha} (min_count={min_count})"] = key.groupby("target").size()
    if toks is not None:
        table["of which in one document"] = first.groupby("target")["single_document"].sum()
    return pd.DataFrame(table).reindex(list(counts.index)).fillna(0).astype(int)


def variant_keyness(comparisons: pd.DataFrame, comparisons_merged: pd.DataFrame, variants: list[str],
                    canonical: str) -> pd.DataFrame:
    """Signed G² of each spelling as written beside the merged name's, per comparison: what merging changes.

    Parameters
    ----------
    comparisons : pandas.DataFrame
        :func:`framings.compare_groups` on tokens with the spellings kept apart.
    comparisons_merged : pandas.DataFrame
        The same on tokens with the variants merged into ``canonical``.
    variants : list of str
        The spellings as written.
    canonical : str
        The merged name.

    Returns
    -------
    pandas.DataFrame
        ``comparison, version, term, g2`` (``version`` = "<spelling> (as written)" or
        "<canonical> (variants merged)"), comparisons in their original order; ``attrs["moved"]`` names the
        comparison whose G² merging moves most, ``attrs["as_written"]`` and ``attrs["merged"]`` its two values.

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> written = pd.DataFrame({"comparison": ["a vs rest"] * 2, "term": ["türkiye", "turkey"], "g2": [1.0, 6.0]})
    >>> merged = pd.DataFrame({"comparison": ["a vs rest"], "term": ["türkiye"], "g2": [4.0]})
    >>> table = variant_keyness(written, merged, ["türkiye", "turkey"], "türkiye")
    >>> table["version"].tolist()
    ['türkiye (as written)', 'turkey (as written)', 'türkiye (variants merged)']
    >>> table.attrs["moved"], table.attrs["as_written"], table.attrs["merged"]
    ('a vs rest', 1.0, 4.0)
    """
    for frame in (comparisons, comparisons_merged):
        _check(frame, ["comparison", "term", "g2"])
    order = list(dict.fromkeys(comparisons["comparison"]))
    as_written = comparisons[comparisons["term"].isin(variants)]
    merged = comparisons_merged[comparisons_merged["term"] == canonical]
    table = pd.concat([as_written.assign(version=as_written["term"] + " (as written)"),
                       merged.assign(version=merged["term"] + " (variants merged)")], ignore_index=True)
    table["comparison"] = pd.Categorical(table["comparison"], order)
    table = table.sort_values("comparison", kind="stable")[["comparison", "version", "term", "g2"]]
    wide = table.pivot_table(index="comparison", columns="version", values="g2", observed=True)
    written_column, merged_column = f"{canonical} (as written)", f"{canonical} (variants merged)"
    written = wide.get(written_column, pd.Series(0.0, index=wide.index)).fillna(0.0)
    moved = (wide[merged_column] - written).abs().idxmax()
    table = table.astype({"comparison": str}).reset_index(drop=True)
    table.attrs.update(moved=str(moved), as_written=float(written[moved]), merged=float(wide.loc[moved, merged_column]))
    return table


def rate_difference_tests(toks: pd.DataFrame, tested: pd.DataFrame, *, alternative: str = "greater",
                          n_resamples: int = 9999, random_state: int | np.random.Generator | None = None
                          ) -> pd.DataFrame:
    """Document-level permutation tests of "the documents of this framing use this term more".

    For each row (``target``, ``term``) of ``tested`` the statistic is the mean rate per 10,000 words of the
    term in the target framing's documents minus its mean rate in the other documents; the framing labels are
    reassigned among the documents (:func:`permutation_test`). ``smallest_possible_p`` is the share of
    relabellings that reach the largest value of the null distribution: a one-framing-vs-rest difference depends
    only on which documents carry the framing, so when the framing's documents have the highest rates of all
    no relabelling can do better, and that share is the floor of the p-value.

    The tested terms were picked by G² on the same documents, so each p-value alone overstates the evidence.
    ``max_t_p`` is the single-step max-T adjustment (Westfall & Young 1993) over the whole family the
    selection chose from — every term of the vocabulary with every framing as target: under each relabelling
    every (framing, term) difference is standardised by its own relabelling mean and standard deviation, the
    largest of them is kept, and a tested term's adjusted p is the share of relabellings whose largest
    standardised difference reaches the term's observed one (``alternative="greater"``; "less" mirrors it,
    "two-sided" uses absolute values). It controls the chance of any false "this framing uses it more" among
    all the terms the list could have shown.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tokens (``doc_id, framing, token``).
    tested : pandas.DataFrame
        One row per test, with columns ``target`` (a framing) and ``term``; other columns are kept.
    alternative : {"greater", "less", "two-sided"}, default "greater"
        As in :func:`permutation_test`.
    n_resamples : int, default 9999
        Enumerate exactly up to this many relabellings, else sample this many.
    random_state : int or numpy.random.Generator, optional
        Seed of a sampled test.

    Returns
    -------
    pandas.DataFrame
        ``tested`` with ``rate_difference, permutation_p, smallest_possible_p, max_t_p``; ``attrs`` holds
        ``n_relabellings``, ``exact`` and ``min_pvalue`` of the design and ``max_t_family`` (the number of
        framing × term differences the max-T adjustment covers).

    Raises
    ------
    CorpusError
        When a column is missing (and from :func:`permutation_test`).

    Examples
    --------
    Four documents, two per framing, and a term only the two ``a`` documents use: of the six relabellings only
    the observed one puts both users in ``a``, so p = 1/6.

    >>> toks = pd.DataFrame({"doc_id": ["d1", "d1", "d2", "d2", "d3", "d4"],
    ...                      "framing": ["a", "a", "a", "a", "b", "b"],
    ...                      "token": ["gas", "oil", "gas", "oil", "oil", "oil"]})
    >>> result = rate_difference_tests(toks, pd.DataFrame({"target": ["a"], "term": ["gas"]}))
    >>> round(float(result["permutation_p"].iloc[0]), 4), round(float(result["smallest_possible_p"].iloc[0]), 4)
    (0.1667, 0.1667)
    >>> result.attrs["n_relabellings"], result.attrs["exact"]
    (6, True)
    """

    for frame, columns, what in ((toks, ["doc_id", "framing", "token"], "toks"),
                                 (tested, ["target", "term"], "tested")):
        require_columns(frame, columns, what, "pass the frames the docstring names")
    doc_framing = toks.drop_duplicates("doc_id").set_index("doc_id")["framing"].astype(str)
    counts = term_counts(toks, by="doc_id")
    # only the tested terms' columns: a documents × vocabulary frame is hundreds of MB at 2,000 documents
    terms = [str(term) for term in dict.fromkeys(tested["term"])]
    doc_rates = (counts.reindex(columns=terms, fill_value=0).div(counts.sum(axis=1), axis=0) * 10_000)
    doc_rates = doc_rates.rename_axis(index="doc_id").reset_index()
    doc_rates["doc_id"] = doc_rates["doc_id"].astype(str)
    doc_rates["framing"] = doc_rates["doc_id"].map(doc_framing)
    results = []
    for row in tested.itertuples():
        def statistic(d, labels, group=str(row.target), term=str(row.term)):
            # every relabelling at once (labels: relabellings × documents): mean rate in the group minus the rest
            rates = d[term].to_numpy(dtype=float)
            inside = labels == group
            with np.errstate(invalid="ignore", divide="ignore"):
                return (np.where(inside, rates, 0.0).sum(axis=1) / inside.sum(axis=1)
                        - np.where(inside, 0.0, rates).sum(axis=1) / (~inside).sum(axis=1))
        results.append(permutation_test(doc_rates, statistic, alternative=alternative, n_resamples=n_resamples,
                                        random_state=random_state, vectorized=True))
    floors = [float(np.mean(r.null_distribution >= r.null_distribution.max() - 1e-9 * abs(r.null_distribution.max())))
              for r in results]
    out = tested.assign(rate_difference=[r.statistic for r in results], permutation_p=[r.pvalue for r in results],
                        smallest_possible_p=floors)
    max_t, family = _max_t_adjusted(counts, doc_framing, tested, alternative, n_resamples, random_state)
    out["max_t_p"] = max_t
    if results:
        # the design's floor, for any statistic (one that tells every relabelling apart reaches it); each term's own
        # floor, lower bounded by it, is the column smallest_possible_p
        first = results[0]
        out.attrs.update(n_relabellings=first.n_relabellings, exact=first.exact,
                         min_pvalue=1 / first.n_relabellings if first.exact else 1 / (n_resamples + 1))
    out.attrs["max_t_family"] = family
    return out


def _distinct_orderings(labels: list):
    """Every distinct ordering of a list of labels (a multiset), depth first, trying labels in order of first
    appearance."""
    remaining = {label: labels.count(label) for label in dict.fromkeys(labels)}
    current: list = []

    def place():
        if len(current) == len(labels):
            yield list(current)
            return
        for label in remaining:
            if remaining[label]:
                remaining[label] -= 1
                current.append(label)
                yield from place()
                current.pop()
                remaining[label] += 1
    yield from place()


_MAX_T_CELLS = 4_000_000  # cells of the max-T null held at once (32 MB)


def _max_t_adjusted(counts: pd.DataFrame, doc_framing: pd.Series, tested: pd.DataFrame, alternative: str,
                    n_resamples: int, random_state) -> tuple[list[float], int]:
    """Single-step max-T adjusted p-values (Westfall & Young 1993) of the tested rows, over every framing × term."""
    docs = [str(d) for d in counts.index]
    observed = [str(doc_framing[d]) for d in docs]
    framings = list(dict.fromkeys(observed))
    # the relabellings are held as small integer codes (a framing's place in order of first appearance), not as
    # the framing names: 10,000 relabellings of 2,000 documents as lists of names were 20 million string objects,
    # 2.5 GB of notebook 03's kernel; as codes they are 20 MB. Permuting the codes draws the same random numbers
    # and gives the same relabellings as permuting the names, and a code is compared where a name was, so the
    # null and every p-value are unchanged
    code_type = np.min_scalar_type(max(len(framings) - 1, 0))
    code_of = {framing: code for code, framing in enumerate(framings)}
    observed_codes = np.array([code_of[label] for label in observed], dtype=code_type)
    sizes = pd.Series(observed).value_counts()
    n_total = factorial(len(docs)) // int(np.prod([factorial(int(k)) for k in sizes]))
    if n_total <= n_resamples:
        assignments = np.array(list(_distinct_orderings(observed_codes.tolist())), dtype=code_type)
    else:
        rng = np.random.default_rng(random_state)
        assignments = np.empty((int(n_resamples) + 1, len(docs)), dtype=code_type)
        assignments[0] = observed_codes
        for row in range(1, len(assignments)):
            assignments[row] = rng.permutation(observed_codes)
    rates = (counts.div(counts.sum(axis=1), axis=0) * 10_000).to_numpy(dtype=float)      # documents × terms

    def differences(labels: np.ndarray) -> np.ndarray:
        """(relabellings, framings × terms): mean rate of the framing's documents minus the others'."""
        blocks = []
        for code in range(len(framings)):
            inside = (labels == code).astype(float)
            blocks.append(inside @ rates / inside.sum(axis=1, keepdims=True)
                          - (1 - inside) @ rates / (1 - inside).sum(axis=1, keepdims=True))
        return np.concatenate(blocks, axis=1)

    def oriented(z: np.ndarray) -> np.ndarray:
        return -z if alternative == "less" else np.abs(z) if alternative == "two-sided" else z

    real = differences(observed_codes[None, :])[0]
    # the null is relabellings x (framings x terms): 10,000 x 45,000 doubles (3.6 GB) on a 2,000-document corpus, so
    # beyond _MAX_T_CELLS it is computed block by block, twice for the mean and spread and once for each
    # relabelling's largest z; only that column of maxima is kept (within one block: the same arithmetic as before)
    step = max(1, _MAX_T_CELLS // max(real.size, 1))
    blocks = [assignments[start:start + step] for start in range(0, len(assignments), step)]
    if len(blocks) == 1:
        null = differences(assignments)
        centre, spread = null.mean(axis=0), null.std(axis=0)
    else:
        centre = sum(differences(block).sum(axis=0) for block in blocks) / len(assignments)
        spread = np.sqrt(sum(((differences(block) - centre) ** 2).sum(axis=0) for block in blocks) / len(assignments))
    moved = spread > 1e-12  # a difference no relabelling moves has no z
    with np.errstate(invalid="ignore", divide="ignore"):
        real_z = oriented(np.where(moved, (real - centre) / spread, np.nan))
        largest = np.concatenate([
            np.nanmax(oriented(np.where(moved, ((null if len(blocks) == 1 else differences(block)) - centre) / spread,
                                        np.nan)), axis=1)
            for block in blocks])
    column = {(framing, term): k * len(counts.columns) + j for k, framing in enumerate(framings)
              for j, term in enumerate(counts.columns.astype(str))}
    adjusted = []
    for target, term in zip(tested["target"].astype(str), tested["term"].astype(str)):
        k = column.get((target, term))
        z = real_z[k] if k is not None else np.nan
        adjusted.append(float(np.mean(largest >= z - 1e-9)) if np.isfinite(z) else float("nan"))
    return adjusted, int(np.isfinite(real_z).sum())


def term_positions(toks: pd.DataFrame, paras: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """Every occurrence of ``terms``, at its word offset in its document and as a share of the document's length.

    A token's offset is the number of words (before stop-word removal) in the document's earlier paragraphs plus
    its position in its own paragraph; ``relative_position`` divides by the document's words, so 0 is the first
    word and values near 1 the last.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tokens (:func:`framings.tokens`: ``doc_id, para_id, position, token``).
    paras : pandas.DataFrame
        The paragraphs the tokens came from (``doc_id, para_id, framing, n_words``), in document order.
    terms : iterable of str
        The terms to locate (as tokens: lower case, phrases joined by ``_``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, term, word_offset, relative_position``, sorted by document and offset.

    Raises
    ------
    CorpusError
        When a column is missing or ``terms`` is empty.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["d", "d"], "para_id": ["d-p1", "d-p2"], "framing": ["a", "a"],
    ...                       "n_words": [4, 4]})
    >>> toks = pd.DataFrame({"doc_id": ["d", "d", "d"], "para_id": ["d-p1", "d-p2", "d-p2"],
    ...                      "position": [1, 0, 3], "token": ["gas", "gas", "oil"]})
    >>> term_positions(toks, paras, ["gas"])[["term", "word_offset", "relative_position"]]
      term  word_offset  relative_position
    0  gas            1              0.125
    1  gas            4              0.500
    """
    for frame, columns, what in ((toks, ["doc_id", "para_id", "position", "token"], "toks"),
                                 (paras, ["doc_id", "para_id", "framing", "n_words"], "paras")):
        require_columns(frame, columns, what, "pass the frames the docstring names")
    terms = [str(term) for term in terms]
    if not terms:
        raise CorpusError("terms is empty: name at least one term to locate")
    layout = pd.DataFrame({"doc_id": paras["doc_id"].astype(str).to_numpy(),
                           "para_id": paras["para_id"].astype(str).to_numpy(),
                           "framing": paras["framing"].astype(str).to_numpy(),
                           "n_words": paras["n_words"].to_numpy()})
    layout["start"] = layout.groupby("doc_id", sort=False)["n_words"].cumsum() - layout["n_words"]
    layout["doc_words"] = layout.groupby("doc_id", sort=False)["n_words"].transform("sum")
    found = toks[toks["token"].astype(str).isin(terms)]
    found = pd.DataFrame({"para_id": found["para_id"].astype(str).to_numpy(),
                          "term": found["token"].astype(str).to_numpy(),
                          "position": found["position"].to_numpy()}).merge(layout, on="para_id")
    found["word_offset"] = (found["start"] + found["position"]).astype(int)
    found["relative_position"] = (found["word_offset"] / found["doc_words"].clip(lower=1)).clip(upper=1.0)
    columns = ["doc_id", "framing", "term", "word_offset", "relative_position"]
    return found.sort_values(["doc_id", "word_offset"], kind="stable")[columns].reset_index(drop=True)


def concordance(paras: pd.DataFrame, terms: Iterable[str], where: Mapping[str, str] | pd.Series | None = None,
                window: int = 8, n: int = 4) -> pd.DataFrame:
    """KWIC lines for several terms, each read in the group ``where`` names for it (or in the whole corpus).

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    terms : iterable of str
        Terms as tokens (``_`` joins a phrase; it is searched as words).
    where : mapping or pandas.Series, optional
        Term → the ``framing`` whose paragraphs are searched (e.g. the framing in which each term is most key).
        Terms absent from a given mapping are skipped; ``None`` searches every paragraph.
    window : int, default 8
        Words of context either side (:func:`framings.kwic`).
    n : int, default 4
        Lines kept per term (the first in corpus order).

    Returns
    -------
    pandas.DataFrame
        ``term, doc_id, framing, left, keyword, right``.

    Raises
    ------
    CorpusError
        From :func:`framings.kwic` on a bad ``window``.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["d"], "para_id": ["d-p1"], "framing": ["a"], "kind": ["body"],
    ...                       "text": ["Gas flows west and gas flows east."], "n_words": [7]})
    >>> concordance(paras, ["gas"], window=2, n=1)[["term", "keyword", "right"]]
      term keyword       right
    0  gas     Gas  flows west
    """

    frames = []
    for term in dict.fromkeys(str(t) for t in terms):
        if where is not None and term not in where:
            continue
        searched = paras if where is None else paras[paras["framing"].astype(str) == str(where[term])]
        frames.append(kwic(searched, term.replace("_", " "), window=window).head(n).assign(term=term))
    columns = ["term", "doc_id", "framing", "left", "keyword", "right"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


def dispersion_summary(positions: pd.DataFrame, documents: Iterable[str]) -> pd.DataFrame:
    """Per term: occurrences, documents using it, and the share of its occurrences in its densest document.

    Parameters
    ----------
    positions : pandas.DataFrame
        :func:`term_positions` output.
    documents : iterable of str
        Every document of the corpus (so a document without the term counts as not using it).

    Returns
    -------
    pandas.DataFrame
        Indexed by term: ``occurrences, documents_using, documents, top_document, top_document_share``.

    Examples
    --------
    >>> positions = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "framing": ["a"] * 3, "term": ["gas"] * 3,
    ...                           "word_offset": [1, 5, 2], "relative_position": [0.1, 0.5, 0.2]})
    >>> summary = dispersion_summary(positions, ["d1", "d2", "d3"])
    >>> int(summary.loc["gas", "occurrences"]), int(summary.loc["gas", "documents_using"])
    (3, 2)
    >>> summary.loc["gas", "top_document"]
    'd1'
    >>> round(float(summary.loc["gas", "top_document_share"]), 2)
    0.67
    """
    documents = list(documents)
    rows = {}
    for term, found in positions.groupby("term", sort=False):
        per_doc = found["doc_id"].value_counts()
        rows[term] = {"occurrences": int(len(found)), "documents_using": int(per_doc.size),
                      "documents": len(documents), "top_document": str(per_doc.index[0]),
                      "top_document_share": float(per_doc.iloc[0] / len(found))}
    columns = ["occurrences", "documents_using", "documents", "top_document", "top_document_share"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns).rename_axis("term")
