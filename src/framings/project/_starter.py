"""Starter frames for a new corpus: ``init --starter-frames`` writes a lexicon and a codebook to edit.

The template is ``framings/resources/starter-frames.yaml``: the fifteen issue-general frame dimensions of the
Policy Frames Codebook (Boydstun et al. 2014), defined in our own words, with a few seed terms each. Both files
it writes say at the top that they are an unvalidated starting point that notebooks 05b and 05c validate.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from .._io import atomic_write_text
from ..errors import CorpusError

TEMPLATE = "starter-frames.yaml"
WARNING = ("# UNVALIDATED STARTING POINT written by `python -m framings init --starter-frames` from\n"
           "# framings/resources/starter-frames.yaml: the issue-general frame dimensions of the Policy Frames\n"
           "# Codebook (Boydstun, Card, Gross, Resnik & Smith 2014, APSA annual meeting paper), defined in\n"
           "# framings' own words, with seed terms nobody has checked against this corpus. Edit it: keep the\n"
           "# frames your question needs, rewrite the terms after reading the texts, and validate it in\n"
           "# notebooks 05b and 05c (precision sample, blind coding, recall) before any result counts.\n")


def starter_dimensions() -> dict:
    """The template's dimensions: ``{frame: {label, definition, terms}}`` (``other`` has no terms).

    Returns
    -------
    dict

    Examples
    --------
    >>> dims = starter_dimensions()
    >>> len(dims), list(dims)[0], list(dims)[-1]
    (15, 'economic', 'other')
    """
    text = resources.files("framings").joinpath("resources", TEMPLATE).read_text(encoding="utf-8")
    return yaml.safe_load(text)["dimensions"]


def write_starter_frames(folder: Path | str) -> dict[str, Path]:
    """Write ``lexicons/frames.yaml`` and ``codebook.yaml`` of the starter frames into a corpus folder.

    Parameters
    ----------
    folder : pathlib.Path or str
        The corpus folder; neither file may exist yet (an edited lexicon is never overwritten).

    Returns
    -------
    dict
        ``{"lexicon": path, "codebook": path}``.

    Raises
    ------
    CorpusError
        When either file exists already.

    Examples
    --------
    >>> import tempfile, framings as fr
    >>> paths = write_starter_frames(tempfile.mkdtemp())
    >>> lexicon = fr.load_lexicon(paths["lexicon"])
    >>> lexicon["frame"].nunique(), "UNVALIDATED" in paths["codebook"].read_text()
    (14, True)
    """
    folder = Path(folder)
    lexicon_path, codebook_path = folder / "lexicons" / "frames.yaml", folder / "codebook.yaml"
    existing = [str(path) for path in (lexicon_path, codebook_path) if path.exists()]
    if existing:
        raise CorpusError(f"{', '.join(existing)} exist(s) already; --starter-frames never overwrites a lexicon or "
                          "codebook (move it away to start again)")
    dims = starter_dimensions()
    frames = {name: {"description": body["definition"],
                     "entries": [{"term": term, "rationale": f"seed term for {body['label'].lower()} (unvalidated)"}
                                 for term in body["terms"]]}
              for name, body in dims.items() if body.get("terms")}
    codes = {name: {"label": body["label"], "definition": body["definition"], "include": [], "exclude": [],
                    "anchors": []} for name, body in dims.items()}
    codes["none"] = {"label": "No frame", "definition": "The paragraph does not frame the subject at all.",
                     "include": [], "exclude": [], "anchors": []}
    lexicon_path.parent.mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)  # noqa: E731
    atomic_write_text(lexicon_path, WARNING + "# Schema: see the shipped corpus/lexicons/frames.yaml.\n" + dump(
        {"frames": frames, "changes": []}))
    atomic_write_text(codebook_path, WARNING + "# Every code needs one or two anchors: a quote copied verbatim from "
                      "this corpus, with why it\n# gets the code ({quote, code_because}); notebooks 05b and 05c skip "
                      "their codebook sections until they are there.\n" + dump(
                          {"version": "", "unit": "One paragraph of a document's body text, read on its own.",
                           "instructions": "Read the paragraph; code the frame its main claim makes salient; "
                                           "`none` if it frames nothing, `other` if no code fits.",
                           "codes": codes, "changes": []}))
    return {"lexicon": lexicon_path, "codebook": codebook_path}
