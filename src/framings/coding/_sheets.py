"""A class codes: read 2..N coders' sheets from one folder, say who (or what) coded each, and measure agreement.

Each coder drops a filled copy of the blind sheet into the coding folder (``<corpus>/coding/<name>.csv``).
:func:`read_coders` lists the sheets and says, for each, whether a **person** or a **model** coded it;
:func:`read_folder_codes` reads them into one tidy frame after checking that they code the same units; and
:func:`class_agreement` computes Krippendorff's α among the people, among the models, and for each model
against the people, so that a model's codes are a labelled second opinion, never counted as a person's.

Who coded a sheet is **declared, never guessed in the permissive direction**. In order:

1. ``coders.csv`` in the folder (columns ``coder, kind``; ``kind`` is ``person`` or ``model``), one row per
   sheet name (``coder-a.csv`` → ``coder-a``): the class register, written by the teacher;
2. a line ``kind: person`` or ``kind: model`` in the sheet's provenance note ``<name>.md``;
3. a sheet whose name starts with ``model-`` or ``ai-``, or whose note speaks of an AI assistant, a language
   model, an LLM or a "model" coder, is a model;
4. anything else is ``unknown``: it is listed, and counted neither as a person nor as a model.

Rules 3 and 4 only ever move a sheet *away* from ``person``: a person whose kind is not declared is left out
of the people's α (and the table says so), but a model is never counted as a person by accident.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .._paths import default_corpus_path, shown_path
from ..errors import CorpusError
from ._agreement import AGREEMENT_COLUMNS, agreement
from ._codebook import codebook_codes
from ._sample import _read_csv, coding_sheets, read_coding_sheets, read_sheet
from ._validity import consensus_codes

KINDS = ("person", "model")


UNKNOWN = "unknown"


CODER_COLUMNS = ["coder", "kind", "kind_from", "sheet", "n_units", "n_coded", "provenance"]


FOLDER_CODES_COLUMNS = ["unit", "coder", "kind", "code", "notes"]


CLASS_AGREEMENT_COLUMNS = ["comparison", "coders", "n_people", "n_models"] + AGREEMENT_COLUMNS


REGISTER_NAME = "coders.csv"


# Words in a provenance note that say a machine coded the sheet; matching them can only make a sheet a model.
_MODEL_WORDS = re.compile(r"\b(AI assistant|language model|LLM|GPT|Claude|chatbot|machine[- ]coded|model[- ]coded)\b",
                          re.IGNORECASE)
_KIND_LINE = re.compile(r"^\s*kind\s*:\s*(\w+)\s*$", re.IGNORECASE | re.MULTILINE)
_MODEL_PREFIXES = ("model-", "ai-")


def _folder(folder: Path | str | None) -> Path:
    return Path(folder) if folder is not None else default_corpus_path() / "coding"


def _register(folder: Path) -> dict[str, str]:
    """``coders.csv`` of the folder as coder → kind (empty without the file)."""
    path = folder / REGISTER_NAME
    if not path.exists():
        return {}
    table = _read_csv(path, "coder register")
    if not {"coder", "kind"} <= set(table.columns):
        raise CorpusError(f"{path}: a coder register has columns coder, kind (person or model); found "
                          f"{', '.join(table.columns)}")
    register = {}
    for row, (coder, kind) in enumerate(zip(table["coder"].str.strip(), table["kind"].str.strip().str.lower())):
        if kind not in KINDS:
            raise CorpusError(f"{path}, row {row + 2} (coder {coder!r}): kind must be person or model, "
                              f"found {kind!r}")
        if coder in register:
            raise CorpusError(f"{path}, row {row + 2}: coder {coder!r} is listed twice")
        register[coder] = kind
    return register


def _kind(sheet: Path, register: dict[str, str], note: str | None) -> tuple[str, str]:
    """(kind, where it came from) of one sheet, by the rules of the module docstring."""
    if sheet.stem in register:
        return register[sheet.stem], REGISTER_NAME
    if note is not None:
        declared = _KIND_LINE.search(note)
        if declared:
            kind = declared.group(1).lower()
            if kind not in KINDS:
                raise CorpusError(f"{sheet.with_suffix('.md')}: 'kind: {kind}' must be 'kind: person' or "
                                  "'kind: model'")
            return kind, f"{sheet.stem}.md (kind line)"
    if sheet.stem.lower().startswith(_MODEL_PREFIXES):
        return "model", "file name"
    if note is not None and _MODEL_WORDS.search(note):
        return "model", f"{sheet.stem}.md (names a model)"
    return UNKNOWN, "not declared"


def read_coders(folder: Path | str | None = None) -> pd.DataFrame:
    """The coded sheets of a folder and who coded each: a person, a model, or unknown.

    Parameters
    ----------
    folder : path, optional
        The coding folder (default ``<corpus>/coding``). Every CSV with an ``id, text, code`` header and at
        least one code is a coder's sheet (:func:`framings.coding.coding_sheets`); the blank sheet, the key
        and ``coders.csv`` are not.

    Returns
    -------
    pandas.DataFrame
        One row per sheet, sorted by name: ``coder`` (the file's stem), ``kind`` (``person``, ``model`` or
        ``unknown``), ``kind_from`` (``coders.csv``, the note's ``kind:`` line, the file name, the note's
        words, or ``not declared``), ``sheet`` (file name), ``n_units`` (rows), ``n_coded`` (rows with a
        code) and ``provenance`` (the note ``<coder>.md`` with whitespace collapsed, or a sentence saying
        there is none).

    Raises
    ------
    CorpusError
        A register without ``coder, kind`` columns, a kind other than person or model, a coder listed twice.

    Examples
    --------
    >>> import framings as fr
    >>> fr.coding.read_coders()[["coder", "kind"]].values.tolist()
    [['coder-a', 'model'], ['coder-b', 'model']]
    """
    folder = _folder(folder)
    register = _register(folder)
    rows = []
    for sheet in coding_sheets(folder):
        note_path = sheet.with_suffix(".md")
        note = note_path.read_text(encoding="utf-8") if note_path.is_file() else None
        kind, source = _kind(sheet, register, note)
        frame = read_sheet(sheet)
        provenance = " ".join(note.split()) if note is not None else "(no provenance note: who coded it is not recorded)"
        rows.append((sheet.stem, kind, source, sheet.name, len(frame), int(frame["code"].ne("").sum()), provenance))
    return pd.DataFrame(rows, columns=CODER_COLUMNS)


def _same_units(sheets: dict[str, pd.DataFrame], paths: dict[str, Path]) -> None:
    """Every sheet codes the units of the first, with the same text; the error names the file and row."""
    names = list(sheets)
    first = sheets[names[0]]
    reference = dict(zip(first["id"], first["text"]))
    for name in names[1:]:
        sheet, path = sheets[name], paths[name]
        extra = [(row, unit) for row, unit in enumerate(sheet["id"]) if unit not in reference]
        if extra:
            row, unit = extra[0]
            raise CorpusError(f"{path}, row {row + 2}: id {unit!r} is not on {paths[names[0]].name}; every coder "
                              "codes the same blank sheet (copy it again from sheet.csv)")
        missing = sorted(set(reference) - set(sheet["id"]))
        if missing:
            raise CorpusError(f"{path}: id(s) {', '.join(missing[:5])} of {paths[names[0]].name} are missing; "
                              "every coder codes every row of the same blank sheet")
        for row, (unit, text) in enumerate(zip(sheet["id"], sheet["text"])):
            if " ".join(text.split()) != " ".join(reference[unit].split()):
                raise CorpusError(f"{path}, row {row + 2} (id {unit}): the text differs from {paths[names[0]].name}'s "
                                  "for the same id; the sheets come from different samples, or a text was edited")


def read_folder_codes(folder: Path | str | None = None, key: pd.DataFrame | Path | str | None = None,
                      paras: pd.DataFrame | None = None, codes: list[str] | None = None) -> pd.DataFrame:
    """All coders' sheets of a folder as one tidy frame, each row marked person, model or unknown.

    Parameters
    ----------
    folder : path, optional
        The coding folder (default ``<corpus>/coding``); its sheets are found by :func:`read_coders`.
    key : frame or path, optional
        The sample's key; default the folder's ``sample-key.csv`` when it exists. With a key, every sheet is
        checked against it (:func:`framings.read_coding_sheets`); without one, against each other.
    paras : pandas.DataFrame, optional
        The corpus' paragraphs: with a key, each row's text must be its paragraph's.
    codes : list of str, optional
        Allowed codes; default the codebook beside the folder (``<folder>/../codebook.yaml``), else the
        project's.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit, coder, kind, code, notes``: one row per sheet row; ``code`` is None where the coder
        left it empty.

    Raises
    ------
    CorpusError
        Fewer than two sheets; sheets that do not code the same units or texts (the message names the file
        and the row); an unknown code; anything :func:`framings.read_coding_sheets` rejects.

    Examples
    --------
    >>> import framings as fr
    >>> codes = fr.coding.read_folder_codes()
    >>> codes.groupby("coder")["kind"].first().to_dict()
    {'coder-a': 'model', 'coder-b': 'model'}
    """
    folder = _folder(folder)
    coders = read_coders(folder)
    if len(coders) < 2:
        raise CorpusError(f"{shown_path(folder)}: {len(coders)} coded sheet(s); agreement needs at least two "
                          "coders' sheets (<name>.csv, each a filled copy of sheet.csv)")
    if codes is None:
        beside = folder.parent / "codebook.yaml"
        codes = codebook_codes(beside if beside.is_file() else None)
    paths = {row.coder: folder / row.sheet for row in coders.itertuples()}
    sheets = {name: read_sheet(path, codes=codes) for name, path in paths.items()}
    _same_units(sheets, paths)
    if key is None and (folder / "sample-key.csv").is_file():
        key = folder / "sample-key.csv"
    if key is not None:
        tidy = read_coding_sheets(list(paths.values()), key=key, paras=paras, codes=codes)
    else:
        tidy = pd.concat([pd.DataFrame({"unit": sheet["id"], "coder": name,
                                        "code": sheet["code"].where(sheet["code"].ne(""), None),
                                        "notes": sheet["notes"]}) for name, sheet in sheets.items()],
                         ignore_index=True)
    tidy["kind"] = tidy["coder"].map(dict(zip(coders["coder"], coders["kind"])))
    tidy["code"] = tidy["code"].astype(object).where(tidy["code"].notna(), None)
    return tidy[FOLDER_CODES_COLUMNS]


def class_agreement(codes: pd.DataFrame, n_boot: int = 2000, random_state: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Krippendorff's α among the people, among the models, and of each model beside the people.

    Parameters
    ----------
    codes : pandas.DataFrame
        :func:`read_folder_codes`' frame (``unit, coder, kind, code``).
    n_boot, random_state, ci : int, int, float
        The bootstrap of :func:`framings.agreement` (units resampled; 0: no interval).

    Returns
    -------
    pandas.DataFrame
        One row per comparison that has at least two coders: ``people`` (every sheet of kind person),
        ``models`` (every model), ``people + <model>`` (the people and that one model: does adding it
        change α?) and ``<model> vs people's majority`` (the model against the code most people gave each
        unit; units where the people tie are left out; when they tie on every unit, α is NaN and ``note`` says
        why). Columns ``comparison, coders`` (their names),
        ``n_people, n_models``, then :func:`framings.agreement`'s columns. Sheets of kind ``unknown`` are in
        no row. A model is never counted in ``n_people``.

    Raises
    ------
    CorpusError
        A frame without ``unit, coder, kind, code`` columns, or no comparison with two coders.

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> codes = pd.DataFrame({"unit": [1, 2, 3] * 3, "coder": ["ann"] * 3 + ["bo"] * 3 + ["gpt"] * 3,
    ...                       "kind": ["person"] * 6 + ["model"] * 3,
    ...                       "code": ["x", "y", "x", "x", "y", "y", "x", "y", "x"]})
    >>> fr.coding.class_agreement(codes, n_boot=0)["comparison"].tolist()
    ['people', 'people + gpt', "gpt vs people's majority"]
    """
    missing = [c for c in ("unit", "coder", "kind", "code") if c not in codes.columns]
    if missing:
        raise CorpusError(f"class_agreement(): missing column(s) {missing}; pass fr.coding.read_folder_codes(...)")
    people = sorted(codes.loc[codes["kind"] == "person", "coder"].unique())
    models = sorted(codes.loc[codes["kind"] == "model", "coder"].unique())
    settings = dict(n_boot=n_boot, random_state=random_state, ci=ci)
    rows = []

    def add(comparison: str, frame: pd.DataFrame, n_people: int, n_models: int) -> None:
        names = list(dict.fromkeys(frame["coder"]))
        try:
            result = agreement(frame[["unit", "coder", "code"]], **settings).iloc[0].to_dict()
        except CorpusError as error:
            # e.g. the people tie on every unit, so their majority has no code to pair with the model's
            result = {**dict.fromkeys(AGREEMENT_COLUMNS, float("nan")), "n_units": 0, "n_coders": len(names),
                      "n_values": 0, "level": "nominal", "note": str(error)}
        rows.append({"comparison": comparison, "coders": ", ".join(names), "n_people": n_people,
                     "n_models": n_models, **result})

    if len(people) >= 2:
        add("people", codes[codes["coder"].isin(people)], len(people), 0)
    if len(models) >= 2:
        add("models", codes[codes["coder"].isin(models)], 0, len(models))
    for model in models:
        if len(people) >= 2:
            add(f"people + {model}", codes[codes["coder"].isin(people + [model])], len(people), 1)
        if people:
            majority = consensus_codes(codes[codes["coder"].isin(people)])
            majority = pd.DataFrame({"unit": majority["unit"], "coder": "people's majority",
                                     "code": majority["consensus"]})
            own = codes.loc[codes["coder"] == model, ["unit", "coder", "code"]].assign(unit=lambda f: f["unit"].astype(str))
            add(f"{model} vs people's majority", pd.concat([majority, own], ignore_index=True), len(people), 1)
    if not rows:
        raise CorpusError(f"class_agreement(): no two coders to compare ({len(people)} person sheet(s), "
                          f"{len(models)} model sheet(s); sheets of unknown kind are not counted: declare them in "
                          "coders.csv or with a 'kind: person' line in <coder>.md)")
    return pd.DataFrame(rows, columns=CLASS_AGREEMENT_COLUMNS)
