"""Frame lexicons and actor lists: reading, checking and resolving them (path, frame or corpus default)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._check import require_columns
from .._io import contained_path
from .._paths import corpus_file, default_corpus_path
from .._schema import ACTORS_SCHEMA, LEXICON_SCHEMA, load_yaml, validate
from ..errors import CorpusError
from ..text import load_variants
from ._matcher import _compile, _split_words

LEXICON_COLUMNS = ["frame", "term", "rationale", "case_sensitive"]


ACTOR_COLUMNS = ["actor", "label", "name", "case_sensitive"]


def _lexicon_folder() -> Path:
    return default_corpus_path() / "lexicons"


def _corpus_lexicon(paras, name: str, what: str, argument: str) -> Path:
    """``<corpus>/lexicons/<name>`` of the corpus ``paras`` came from; CorpusError when it has none."""

    return corpus_file(paras, "lexicons", name, what=what,
                       hint=f"pass {argument}= (a path or a frame), e.g. {argument}='my-lexicon.yaml'")


def _variants_for(source) -> dict[str, str]:
    """The spelling variants of the corpus a frame (or a lexicon file in ``<corpus>/lexicons/``) belongs to."""
    if isinstance(source, (str, Path)):
        folder = Path(source).resolve().parent.parent
        return load_variants(folder) if (folder / "metadata.csv").exists() else load_variants()
    return load_variants(source if source is not None else None)


def _read_yaml(path: Path, what: str, schema=None, default: bool = False) -> dict:
    """Read a lexicon file safely and check it against ``schema`` (see :mod:`framings._schema`).

    ``default``: the path is the corpus's own file, which must lie inside its ``lexicons/`` folder.
    """

    if default:
        path = contained_path(path.parent, path.name, str(path), what)
    if not path.exists() and not path.is_symlink():
        raise CorpusError(f"{path}: no {what} file; pass path= or restore corpus/lexicons/{path.name}")
    data = load_yaml(path, None, what)
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping at the top level; see the schema in its header")
    return data if schema is None else _validate(data, schema, path)


def _validate(data: dict, schema, path: Path) -> dict:
    return validate(data, schema, file=path)


def load_lexicon(path: Path | str | None = None) -> pd.DataFrame:
    """The frame lexicon as a tidy frame: ``frame, term, rationale, case_sensitive``.

    ``path`` defaults to ``<corpus>/lexicons/frames.yaml`` (``<corpus>`` from
    :func:`framings._paths.default_corpus_path`). Raises :class:`~framings.CorpusError` for a
    missing or malformed file, an entry without a term or a rationale, and a term that
    appears twice (after normalisation), in one frame or in two.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The lexicon YAML file; ``None``: ``<corpus>/lexicons/frames.yaml``.

    Returns
    -------
    pandas.DataFrame
        One row per term: ``frame, term, rationale, case_sensitive``.

    Raises
    ------
    CorpusError
        For a missing or malformed file, an entry without a term or a rationale, and a term
        that appears twice (after normalisation), in one frame or in two.

    Examples
    --------
    >>> lexicon = fr.load_lexicon()
    >>> lexicon.columns.tolist()
    ['frame', 'term', 'rationale', 'case_sensitive']
    >>> sorted(lexicon["frame"].unique())
    ['alliance', 'authoritarian-survival', 'strategic-autonomy']
    """

    default = path is None
    path = Path(path) if path is not None else _lexicon_folder() / "frames.yaml"
    data = _read_yaml(path, "frame lexicon", default=default)
    frames = data.get("frames")
    if isinstance(frames, dict) and frames:
        data = _validate(data, LEXICON_SCHEMA, path)
        frames = data["frames"]
    if not isinstance(frames, dict) or not frames:
        raise CorpusError(f"{path}: no 'frames:' mapping; write frames: {{<frame>: {{entries: [...]}}}}")
    rows = []
    for frame, body in frames.items():
        entries = (body or {}).get("entries") if isinstance(body, dict) else None
        if not isinstance(entries, list) or not entries:
            raise CorpusError(f"{path}: frame {frame!r} has no 'entries:' list; add at least one term")
        for number, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not str(entry.get("term") or "").strip():
                raise CorpusError(f"{path}: frame {frame!r}, entry {number} has no 'term'; add one or delete it")
            term = str(entry["term"]).strip()
            rationale = str(entry.get("rationale") or "").strip()
            if not rationale:
                raise CorpusError(f"{path}: frame {frame!r}, term {term!r} has no rationale; "
                                  "give a one-line reason from the literature")
            rows.append((str(frame), term, rationale, bool(entry.get("case_sensitive", False))))
    lexicon = pd.DataFrame(rows, columns=LEXICON_COLUMNS)
    _compile(lexicon["frame"], lexicon["term"], lexicon["case_sensitive"], source=str(path),
             variants=_variants_for(path))
    return lexicon


def load_actors(path: Path | str | None = None) -> pd.DataFrame:
    """The actor lexicon as a tidy frame: ``actor, label, name, case_sensitive``.

    ``path`` defaults to ``<corpus>/lexicons/actors.yaml``; see that file for the schema.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The actor YAML file; ``None``: ``<corpus>/lexicons/actors.yaml``.

    Returns
    -------
    pandas.DataFrame
        One row per name: ``actor, label, name, case_sensitive``.

    Raises
    ------
    CorpusError
        For a missing or malformed file, or an actor without names.

    Examples
    --------
    >>> actors = fr.frames.load_actors()
    >>> actors.columns.tolist(), "russia" in set(actors["actor"])
    (['actor', 'label', 'name', 'case_sensitive'], True)
    """

    default = path is None
    path = Path(path) if path is not None else _lexicon_folder() / "actors.yaml"
    data = _read_yaml(path, "actor lexicon", default=default)
    actors = data.get("actors")
    if isinstance(actors, dict) and actors:
        data = _validate(data, ACTORS_SCHEMA, path)
        actors = data["actors"]
    if not isinstance(actors, dict) or not actors:
        raise CorpusError(f"{path}: no 'actors:' mapping; write actors: {{<actor>: {{names: [...]}}}}")
    rows = []
    for actor, body in actors.items():
        body = body if isinstance(body, dict) else {}
        names = [(str(n), False) for n in body.get("names") or []]
        names += [(str(n), True) for n in body.get("case_sensitive") or []]
        if not names:
            raise CorpusError(f"{path}: actor {actor!r} has no names; list them under 'names:'")
        label = str(body.get("label") or actor)
        rows.extend((str(actor), label, name.strip(), exact) for name, exact in names)
    table = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    _compile(table["actor"], table["name"], table["case_sensitive"], source=str(path),
             variants=_variants_for(path))
    return table


def _resolve_table(value, loader, required: tuple[str, str], what: str, paras=None, name: str = "",
                   argument: str = "") -> pd.DataFrame:
    """None → the file of the corpus ``paras`` came from, a path → that file, a frame → checked copy."""
    if value is None:
        return loader(_corpus_lexicon(paras, name, what, argument))
    if isinstance(value, (str, Path)):
        return loader(value)
    if isinstance(value, pd.DataFrame):
        require_columns(value, required, f"the {what} frame", f"pass fr.{loader.__name__}() or a path")
        value = value.copy()
        if "case_sensitive" not in value.columns:
            value["case_sensitive"] = False
        return value
    raise CorpusError(f"{what} must be None, a path or a frame from fr.{loader.__name__}(), "
                      f"got {type(value).__name__}")


def resolve_lexicon(lexicon, paras=None) -> pd.DataFrame:
    return _resolve_table(lexicon, load_lexicon, ("frame", "term"), "frame lexicon", paras, "frames.yaml", "lexicon")


def _resolve_actors(actors, paras=None) -> pd.DataFrame:
    return _resolve_table(actors, load_actors, ("actor", "name"), "actor lexicon", paras, "actors.yaml", "actors")


def frame_order(lexicon: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(lexicon["frame"].astype(str)))


TERM_HIT_COLUMNS = ["frame", "term", "matches"]


def terms_in_texts(texts: pd.DataFrame, lexicon: pd.DataFrame | str | Path | None = None,
                   variants: dict[str, str] | None = None) -> pd.DataFrame:
    """Which lexicon terms each text contains, every term matched on its own.

    :func:`framings.frame_scores` lets the terms compete for words (the longest match
    consumes them: "strategic autonomy" leaves no "autonomy"). Here each term is looked
    for alone, with the same normalisation, variants and wildcards, so the answer is "does
    this text spell out that term at all" — what a check of a title, a heading or a
    codebook against the lexicon needs.

    Parameters
    ----------
    texts : pandas.DataFrame
        A column ``text``; every other column is carried into the result.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`framings.frame_scores`.
    variants : dict, optional
        Spelling variants (default: those of the corpus the lexicon belongs to).

    Returns
    -------
    pandas.DataFrame
        The other columns of ``texts``, then ``frame, term, matches``: one row per text and
        term found in it (``matches`` ≥ 1).

    Examples
    --------
    >>> import pandas as pd
    >>> lexicon = pd.DataFrame({"frame": ["a", "a"], "term": ["strategic autonomy", "autonomy"],
    ...                         "rationale": ["", ""], "case_sensitive": [False, False]})
    >>> texts = pd.DataFrame({"id": [1], "text": ["Azerbaijan's Quest for Strategic Autonomy"]})
    >>> terms_in_texts(texts, lexicon, variants={})[["id", "term", "matches"]].values.tolist()
    [[1, 'strategic autonomy', 1], [1, 'autonomy', 1]]
    """
    require_columns(texts, ["text"], "terms_in_texts(): texts", "pass a frame with a 'text' column")
    table = resolve_lexicon(lexicon, None)
    if variants is None:
        variants = _variants_for(lexicon if isinstance(lexicon, (str, Path)) else None)
    carried = [c for c in texts.columns if c != "text"]
    matchers = [_compile([frame], [term], [case], source="lexicon", variants=variants)
                for frame, term, case in zip(table["frame"], table["term"], table["case_sensitive"])]
    rows, token_parts = [], {}
    for values, text in zip(texts[carried].itertuples(index=False, name=None), texts["text"].astype(str)):
        words = _split_words(text, variants, token_parts, positions=False)
        for matcher in matchers:
            found = matcher.find(words)
            if found:
                rows.append((*values, matcher.groups[0], matcher.terms[0], len(found)))
    return pd.DataFrame(rows, columns=carried + TERM_HIT_COLUMNS)
