"""Issue 25, conclusion 4: validation named for what it is. Each number is recomputed here by a route that does not
go through the function under test (plain regular expressions over the YAML and the raw text, a hand-written
Krippendorff α, scipy's log-likelihood G² on 2 × 2 tables) and compared with the library."""
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.stats import chi2_contingency

import framings as fr

ROOT = Path(__file__).resolve().parents[2]
CODING = ROOT / "corpus" / "coding"


def term_regex(term: str) -> re.Pattern:
    """A lexicon term as a plain regular expression: words separated by anything not a letter, `*` a word tail."""
    words = [w for w in re.split(r"[\s\-]+", term.lower()) if w]
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(parts) + (r"(?!\w)" if not words[-1].endswith("*") else ""),
                      re.IGNORECASE)


def plain(text: str) -> str:
    return str(text).replace("’", "'").replace("‑", "-")


# --- who coded, and what their agreement is called ----------------------------------------------------------

def write_sheet(folder: Path, coder: str, codes: list[str], note: str | None) -> Path:
    sheet = folder / f"{coder}.csv"
    pd.DataFrame({"id": [f"S{i:02d}" for i in range(len(codes))], "code": codes}).to_csv(sheet, index=False)
    if note is not None:
        sheet.with_suffix(".md").write_text(note, encoding="utf-8")
    return sheet


def tidy(codes_by_coder: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame([(unit, coder, code) for coder, codes in codes_by_coder.items()
                         for unit, code in enumerate(codes)], columns=["unit", "coder", "code"])


def test_the_shipped_coders_are_recorded_as_runs_of_one_ai_model():
    table = fr.coding.coding_provenance(fr.coding.coding_sheets(CODING))
    assert table["coder_kind"].tolist() == ["model", "model"]
    assert table["model"].tolist() == ["Claude", "Claude"]


@pytest.mark.parametrize("notes, measures, verdict_starts", [
    (["Coder A: a student of the course, coded by hand.", "Coder B: a researcher, coded blind by hand."],
     "inter-coder reliability", "reliable"),
    (["An AI assistant (Claude), not a human.", "An AI assistant (Claude) instance, not a human."],
     "model self-consistency", "no reliability verdict"),
    (["An AI assistant (Claude).", "ChatGPT (GPT-4o), a language model."], "agreement between AI models",
     "no reliability verdict"),
    (["A student, coded by hand.", "An AI assistant (Claude)."], "agreement between people and AI models",
     "no reliability verdict"),
    (["A student, coded by hand.", None], "agreement between coders of unrecorded provenance",
     "no reliability verdict"),
    (["coder_kind: person\nCoded on paper.", "coder_kind: person\nCoded on paper."], "inter-coder reliability",
     "reliable"),
    (["kind: person\nCoded on paper.", "kind: model\nA script."], "agreement between people and AI models",
     "no reliability verdict"),
])
def test_a_threshold_verdict_needs_coders_recorded_as_people(tmp_path, notes, measures, verdict_starts):
    codes = {"a": ["x", "y", "x", "y", "x", "y", "x", "y", "x", "x"],
             "b": ["x", "y", "x", "y", "x", "y", "x", "y", "x", "x"]}
    sheets = [write_sheet(tmp_path, coder, codes[coder], note) for coder, note in zip(codes, notes)]
    provenance = fr.coding.coding_provenance(sheets)
    row = fr.agreement(tidy(codes), n_boot=0, provenance=provenance).iloc[0]
    assert row["krippendorff_alpha"] == 1.0
    assert row["measures"] == measures
    assert row["verdict"].startswith(verdict_starts)
    if measures != "inter-coder reliability":
        assert "reliable" not in row["verdict"].replace("no reliability verdict", "")


def test_without_provenance_there_is_no_verdict():
    codes = {"a": ["x", "y", "x", "y"], "b": ["x", "y", "x", "x"]}
    row = fr.agreement(tidy(codes), n_boot=0).iloc[0]
    assert row["measures"] == "agreement between coders of unrecorded provenance"
    assert "reliable" not in row["verdict"].replace("no reliability verdict", "")


def hand_alpha(first: list[str], second: list[str]) -> float:
    """Nominal α for two coders and no missing codes (Krippendorff 2011, section C): 1 − (n − 1) D_o / D_e."""
    values = first + second
    n = len(values)
    disagreeing_pairs = 2 * sum(a != b for a, b in zip(first, second))
    counts = pd.Series(values).value_counts()
    expected = (n * n - (counts ** 2).sum())
    return 1 - (n - 1) * disagreeing_pairs / expected


def test_the_shipped_agreement_is_model_self_consistency_with_alpha_recomputed(paras):
    sheets = fr.coding.coding_sheets(CODING)
    key = fr.coding.read_key(CODING / "sample-key.csv")
    codes = fr.read_coding_sheets(sheets, key=key, paras=paras, codes=fr.coding.codebook_codes())
    wide = codes.pivot(index="unit", columns="coder", values="code")
    alpha = hand_alpha(list(wide["coder-a"]), list(wide["coder-b"]))
    row = fr.agreement(codes, n_boot=0, provenance=fr.coding.coding_provenance(sheets)).iloc[0]
    assert row["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-12)
    assert round(alpha, 3) == 0.915
    assert row["measures"] == "model self-consistency"
    assert "runs of Claude" in row["verdict"]


# --- the codebook spells out the lexicon --------------------------------------------------------------------

def codebook_texts() -> str:
    data = yaml.safe_load((ROOT / "corpus" / "codebook.yaml").read_text(encoding="utf-8"))
    texts = [data.get("unit", ""), data.get("instructions", "")]
    for body in data["codes"].values():
        for field in ("label", "definition"):
            texts.append(body.get(field, ""))
        for field in ("include", "exclude"):
            texts += list(body.get(field) or [])
        for anchor in body.get("anchors") or []:
            texts += [anchor.get("quote", ""), anchor.get("code_because", "")]
    return "\n".join(plain(t) for t in texts)


def test_codebook_lexicon_overlap_agrees_with_a_plain_search():
    lexicon = fr.load_lexicon()
    text = codebook_texts()
    expected = {term for term in lexicon["term"] if term_regex(term).search(text)}
    overlap = fr.coding.codebook_lexicon_overlap()
    assert set(overlap.loc[overlap["in_codebook"], "term"]) == expected
    assert overlap.attrs["n_terms"] == len(lexicon) == 78
    assert overlap.attrs["n_in_codebook"] == len(expected) == 40


# --- the own-label verdict without the documents' title and heading words ------------------------------------

def own_margins(scores: pd.DataFrame) -> pd.Series:
    """Own frame's matches per 100 body words minus the best other frame's, per document (pandas only)."""
    words = scores.drop_duplicates("para_id").groupby("doc_id")["n_words"].sum()
    rate = scores.groupby(["doc_id", "frame"])["matches"].sum().unstack().div(words, axis=0) * 100
    label = scores.drop_duplicates("doc_id").set_index("doc_id")["framing"]
    return pd.Series({doc: rate.loc[doc, label[doc]] - rate.loc[doc].drop(label[doc]).max() for doc in rate.index})


def title_and_heading_lines(corpus: pd.DataFrame) -> dict[str, list[str]]:
    """Each document's metadata title and the raw lines the cleaning report lists as dropped headings."""
    report = pd.read_csv(ROOT / "corpus" / "cleaning-report.csv")
    lines = {doc: [plain(title)] if isinstance(title, str) else [] for doc, title in
             zip(corpus["doc_id"], corpus["title"])}
    for doc, shown in report.loc[report["rule"] == "heading", ["doc_id", "matched"]].itertuples(index=False):
        raw = (ROOT / "corpus" / "raw" / f"{doc}.txt").read_text(encoding="utf-8").splitlines()
        prefix = shown.rstrip("…")
        lines[doc].append(plain(next(line.strip() for line in raw if line.strip().startswith(prefix))))
    return lines


def test_own_label_verdict_without_title_and_heading_terms(corpus, paras):
    lexicon = fr.load_lexicon()
    lines = "\n".join(line for doc_lines in title_and_heading_lines(corpus).values() for line in doc_lines)
    expected = {term for term in lexicon["term"] if term_regex(term).search(lines)}
    found = fr.frames.title_heading_terms(corpus, paras, lexicon)
    assert set(found["term"]) == expected
    assert len(expected) == 10
    with_terms = own_margins(fr.frame_scores(paras, lexicon=lexicon, kinds=("body",)))
    without = own_margins(fr.frame_scores(paras, lexicon=lexicon[~lexicon["term"].isin(expected)], kinds=("body",)))
    assert (with_terms > 0).all() and (without > 0).all(), "every document keeps its own label on top"
    assert round(with_terms.mean(), 2) == 1.69 and round(without.mean(), 2) == 0.88
    verdict = fr.frames.own_label_verdict(
        fr.frame_scores(paras, lexicon=lexicon[~lexicon["term"].isin(expected)], kinds=("body",)))
    assert verdict.attrs["mean_margin"] == pytest.approx(without.mean())
    assert verdict.attrs["n_own_top"] == 5


# --- actors: names the frame lexicon matches ------------------------------------------------------------------

def test_actor_names_inside_frame_terms_are_left_out_and_g2_recomputed(paras):
    lexicon, actors = fr.load_lexicon(), fr.frames.load_actors()
    # a name inside a term, read off the two lexicons with plain regular expressions
    inside = {name for name in actors["name"] for term in lexicon["term"]
              if term_regex(name).search(term.replace("*", ""))}
    assert inside == {"turkic states"}
    assert set(fr.frames.names_matching_frames(actors, lexicon)["name"]) == inside
    names = actors.loc[(actors["actor"] == "central-asia") & ~actors["name"].isin(inside), "name"]
    pattern = re.compile("|".join(term_regex(n).pattern for n in names), re.IGNORECASE)
    with_actor = paras["text"].map(lambda t: bool(pattern.search(plain(t)))).to_numpy()
    scores = fr.frame_scores(paras, lexicon=lexicon, kinds=None)
    with_frame = (scores[scores["frame"] == "alliance"].set_index("para_id")["matches"]
                  .reindex(paras["para_id"]).to_numpy() > 0)
    table = np.array([[np.sum(with_actor & with_frame), np.sum(with_actor & ~with_frame)],
                      [np.sum(~with_actor & with_frame), np.sum(~with_actor & ~with_frame)]])
    g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    association = fr.actor_frame_association(paras, actors=actors, lexicon=lexicon)
    row = association[(association["actor"] == "central-asia") & (association["frame"] == "alliance")].iloc[0]
    assert row["paragraphs_with_actor"] == with_actor.sum() == 21
    assert row["g2"] == pytest.approx(g2, rel=1e-9)
    assert round(g2, 1) == 4.8
    kept = fr.actor_frame_association(paras, actors=actors, lexicon=lexicon, exclude_frame_names=False)
    assert round(kept.query("actor == 'central-asia' and frame == 'alliance'")["g2"].iloc[0], 1) == 13.0
    assert [r["name"] for r in association.attrs["excluded_names"]] == ["turkic states"]
    assert len(pd.concat([association, kept])) == 2 * len(association), "attrs do not break pandas.concat"


# --- what notebooks 05a-05c print (their shipped tables and figure sidecars) agrees with the recomputations above

def shipped_table(columns: set[str]) -> pd.DataFrame:
    """The table notebooks 05a-05d displayed with these columns (figures/tables/05?-*.csv, found by its header)."""
    for path in sorted((ROOT / "figures" / "tables").glob("05[a-d]-*-cell*.csv")):
        table = pd.read_csv(path, encoding="utf-8-sig")
        if columns <= set(table.columns):
            return table
    raise AssertionError(f"no notebook 05a-05d shows a table with columns {sorted(columns)}; run their figures")


def sidecar_title(slug: str) -> str:
    import json
    found = sorted((ROOT / "figures").glob(f"05[a-d]-{slug}.json"))  # 05a-profile, 05c-agreement, …
    assert len(found) == 1, f"figures/05?-{slug}.json: {found}"
    return json.loads(found[0].read_text(encoding="utf-8"))["title"]


def test_notebooks_05_print_the_recomputed_validation(corpus, paras):
    lexicon = fr.load_lexicon()
    lines = "\n".join(line for doc_lines in title_and_heading_lines(corpus).values() for line in doc_lines)
    dropped = {term for term in lexicon["term"] if term_regex(term).search(lines)}
    without = own_margins(fr.frame_scores(paras, lexicon=lexicon[~lexicon["term"].isin(dropped)], kinds=("body",)))
    with_terms = own_margins(fr.frame_scores(paras, lexicon=lexicon, kinds=("body",)))
    margins = shipped_table({"margin", "margin without title and heading terms"}).set_index("doc_id")
    assert np.allclose(margins["margin without title and heading terms"], without.reindex(margins.index), atol=0.005)
    assert np.allclose(margins["margin"], with_terms.reindex(margins.index), atol=0.005)
    assert f"mean margin {with_terms.mean():.2f}" in sidecar_title("profile")
    assert f"{without.mean():.2f} without" in sidecar_title("profile")

    overlap = shipped_table({"frame", "terms", "in_codebook"})
    assert overlap["in_codebook"].sum() == len({t for t in lexicon["term"] if term_regex(t).search(codebook_texts())})

    agreement = shipped_table({"krippendorff_alpha", "measures", "verdict"}).iloc[0]
    assert agreement["measures"] == "model self-consistency"
    assert "reliable" not in agreement["verdict"].replace("no reliability verdict", "")
    assert "runs of Claude" in sidecar_title("agreement") and "reliab" not in sidecar_title("agreement")

    actors = shipped_table({"actor", "frame", "g2", "paragraphs_with_actor"})
    assert "central-asia" not in set(actors["actor"]), "beyond the Bonferroni cut only without the names: it is not"
    assert "Central Asia" not in sidecar_title("actors")


def test_no_sentence_of_notebooks_05_calls_model_coded_data_reliable():
    import nbformat
    paths = sorted((ROOT / "notebooks").glob("05[a-d]-*.ipynb"))
    assert len(paths) == 4
    for c in (cell for path in paths for cell in nbformat.read(path, as_version=4).cells):
        for sentence in re.split(r"(?<=[.!?;])\s+|\n- |\n\n", c.source):
            if re.search(r"\breliabl[ey]\b", sentence) and re.search(r"\b(model|AI|Claude|coder-[ab])\b", sentence):
                assert re.search(r"\b(not|no|only|nothing)\b", sentence), sentence


def test_a_kind_column_in_the_codes_names_the_agreement():
    codes = tidy({"a": ["x", "y", "x", "y"], "b": ["x", "y", "x", "x"]})
    codes["kind"] = codes["coder"].map({"a": "model", "b": "model"})
    assert fr.agreement(codes, n_boot=0).iloc[0]["measures"] == "model self-consistency"
    codes["kind"] = "person"
    row = fr.agreement(codes, n_boot=0).iloc[0]
    assert row["measures"] == "inter-coder reliability" and row["verdict"].startswith("too low")
