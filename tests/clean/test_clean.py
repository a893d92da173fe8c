"""Every defect the shared corpus README lists is repaired by rule or reported as unrepaired."""
import ast
import io
import re
import tokenize
import unicodedata
from collections import Counter

import pandas as pd
import pytest

import framings as fr

from conftest import CORPUS, ROOT, write_corpus

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@pytest.fixture(scope="module")
def report(corpus):
    return fr.cleaning_report(corpus)


@pytest.fixture(scope="module")
def text(corpus):
    return dict(zip(corpus["doc_id"], corpus["text"]))


def rows(report, doc_id, rule=None, action=None):
    selected = report[report["doc_id"] == doc_id]
    if rule is not None:
        selected = selected[selected["rule"].str.contains(rule, regex=False)]
    if action is not None:
        selected = selected[selected["action"] == action]
    return selected


def test_report_columns(report):
    assert list(report.columns) == ["doc_id", "rule", "action", "matched", "count", "words_removed"]
    assert (report["matched"].str.len() <= 60).all()


def test_report_file_is_regenerated_by_the_pipeline(report):
    on_disk = pd.read_csv(CORPUS / "cleaning-report.csv", keep_default_na=False)
    assert list(on_disk.columns) == list(report.columns)
    assert len(on_disk) == len(report)


@pytest.mark.parametrize("doc_id, rule", [
    ("turkic-integration", "heading"),
    ("heyet-2026", "citation-line"), ("heyet-2026", "title-repeated"), ("heyet-2026", "author-repeated"),
    ("heyet-2026", "abstract"), ("heyet-2026", "keywords"), ("heyet-2026", "in-text-citation"),
    ("heyet-2026", "references"), ("heyet-2026", "author-bio"),
    ("ergun-aydin-2025", "policy-brief-header"), ("ergun-aydin-2025", "title-repeated"),
    ("ergun-aydin-2025", "funding-note"), ("ergun-aydin-2025", "disclaimer"), ("ergun-aydin-2025", "author-bios"),
    ("ergun-aydin-2025", "project-blurb"),
    ("authoritarian-governance-2025", "date-line"), ("authoritarian-governance-2025", "title-repeated"),
    ("authoritarian-governance-2025", "heading"), ("authoritarian-governance-2025", "in-text-citation"),
    ("authoritarian-governance-2025", "references"), ("authoritarian-governance-2025", "newsletter-footer"),
    ("huseynov-2025", "web-navigation"), ("huseynov-2025", "news-teasers-and-footer"),
])
def test_every_listed_boilerplate_is_dropped(report, doc_id, rule):
    dropped = rows(report, doc_id, rule, "dropped")
    assert dropped["count"].sum() > 0, f"{doc_id}: rule {rule} removed nothing"


def test_project_blurb_is_the_last_five_paragraphs(report):
    assert rows(report, "ergun-aydin-2025", "project-blurb", "dropped")["count"].sum() == 5


def test_headings_of_000_are_dropped(text):
    assert "Azerbaijan’s Role in the Organization of Turkic States" not in text["turkic-integration"]
    assert "Alliance as the Driving Force of Turkic Integration" not in text["turkic-integration"]


@pytest.mark.parametrize("doc_id, wrong, right", [
    ("ergun-aydin-2025", "Türkive", "Türkiye"), ("ergun-aydin-2025", "Alivev", "Aliyev"),
    ("ergun-aydin-2025", "Azerbaiian", "Azerbaijan"), ("ergun-aydin-2025", "favorina", "favoring"),
    ("ergun-aydin-2025", "embracina", "embracing"),
    ("heyet-2026", "Azerbajjan", "Azerbaijan"), ("heyet-2026", "Çelikipala", "Çelikpala"),
])
def test_ocr_misreadings_are_repaired_and_reported(report, text, doc_id, wrong, right):
    repaired = rows(report, doc_id, "ocr-misreading", "repaired")
    assert repaired["matched"].str.startswith(f"{wrong} → {right}").any()
    assert repaired.loc[repaired["matched"].str.startswith(wrong), "count"].iloc[0] >= 1
    assert wrong not in text[doc_id]


def test_cyrillic_homoglyphs_are_repaired(report, text):
    repaired = rows(report, "ergun-aydin-2025", "cyrillic-homoglyph", "repaired")
    assert len(repaired) == 2  # "а" (signing а negotiations) and "То" (То further emphasize)
    assert "signing a negotiations" in text["ergun-aydin-2025"]
    assert "To further emphasize" in text["ergun-aydin-2025"]


def test_no_cyrillic_letter_inside_latin_text(paras):
    for text in paras["text"]:
        assert not CYRILLIC.search(text), text[:80]


def test_split_paragraphs_are_joined(report, text):
    joined = rows(report, "ergun-aydin-2025", "split-paragraph", "joined")
    assert joined["count"].sum() >= 1
    assert "the occupation of Nagorno-Karabakh and the surrounding regions led to" in text["ergun-aydin-2025"]
    assert rows(report, "heyet-2026", "split-paragraph", "joined")["count"].sum() == 1
    assert "student admissions, cultural events" in text["heyet-2026"]


def test_scrambled_word_order_is_listed_as_unrepaired(report, text):
    unrepaired = rows(report, "ergun-aydin-2025", "scrambled-word-order", "unrepaired")
    assert unrepaired["matched"].str.contains("brokered by Azerbaijan Russia between and Armenia").any()
    assert (unrepaired["count"] >= 1).all()
    assert "brokered by Azerbaijan Russia between and Armenia" in text["ergun-aydin-2025"]


@pytest.mark.parametrize("doc_id, feature", [
    ("turkic-integration", "curly apostrophe"), ("authoritarian-governance-2025", "non-breaking hyphen U+2011"),
    ("turkic-integration", "en dash"), ("heyet-2026", "dotted capital İ"), ("heyet-2026", "guillemets"),
    ("authoritarian-governance-2025", "schwa"), ("authoritarian-governance-2025", "bullet"),
])
def test_typography_is_reported_as_kept(report, doc_id, feature):
    kept = rows(report, doc_id, f"typography: {feature}")
    assert kept["count"].sum() > 0 and kept["action"].str.startswith("kept").all()


def test_spelling_variants_are_kept_countable(report, text):
    assert rows(report, "authoritarian-governance-2025", "spelling variant: Turkey")["count"].sum() > 0
    assert rows(report, "heyet-2026", "spelling variant: Türkiye")["count"].sum() > 0
    assert "Turkey" in text["authoritarian-governance-2025"]


def test_the_spellings_counted_are_the_corpus_own():
    # the corpus' resources/spellings.csv, not the library, names what the report counts
    spellings = fr.corpus.corpus_spellings(CORPUS)
    assert list(spellings) == ["Türkiye", "Turkiye", "Turkey", "Turkish-Azerbaijani", "Türkiye-Azerbaijan"]
    text = "Turkey, Türkiye and Türkiye\u2013Azerbaijan ties."
    _, without = fr.clean.clean_text(text, doc_id="d")
    assert not without["rule"].str.startswith("spelling variant").any()
    _, counted = fr.clean.clean_text(text, doc_id="d", spellings=spellings)
    found = dict(zip(counted["matched"], counted["count"]))
    assert found["Turkey"] == 1 and found["Türkiye"] == 2 and found["Türkiye-Azerbaijan"] == 1
    _, own = fr.clean.clean_text("Colour or color? Color.", doc_id="d", spellings={"color": r"\bcolor"})
    assert own.loc[own["rule"] == "spelling variant: color", "count"].tolist() == [1]


# -- the library holds none of the shipped corpus' words ------------------------------------------

LIBRARY = ROOT / "src" / "framings"


WORD = re.compile(r"[^\W\d_]+")


def distinctive_words(corpus) -> set[str]:
    """The shipped corpus' own names: every word of its variants and spellings files, and each word of a title
    that the texts capitalise wherever they use it (Azerbaijan, Türkiye; not Policy or Strategic)."""
    words = set()
    for variant, canonical in fr.text.load_variants(CORPUS).items():
        words.update(WORD.findall(variant) + WORD.findall(canonical))
    for name in fr.corpus.corpus_spellings(CORPUS):
        words.update(WORD.findall(name))
    written = Counter(WORD.findall(unicodedata.normalize("NFC", " ".join(corpus["text"]))))
    used, capitalised = Counter(), Counter()
    for word, n in written.items():
        used[word.lower()] += n
        capitalised[word.lower()] += n if word[0].isupper() else 0
    for title in corpus["title"]:
        for word in WORD.findall(unicodedata.normalize("NFC", title).lower()):
            if used[word] >= 5 and capitalised[word] >= 0.9 * used[word]:
                words.add(word)
    return {unicodedata.normalize("NFC", w.lower()) for w in words if len(w) >= 4}


def shipped_names() -> set[str]:
    """The shipped corpus' framing labels (metadata.csv) and the names of its own rules (rules/*.yaml), lower-cased.

    A rule name of one ordinary word (references, abstract) is a word the library may use in its own sense: it
    counts only as a string of its own, ``"references"``, as a rule name would be written. The names the engine
    gives a nameless entry (ocr-misreading for a repair) are the library's own."""
    labels = {label for label in fr.corpus.read_metadata(CORPUS)["framing"] if label}
    rules = set()
    for path in sorted((CORPUS / "rules").glob("*.yaml")):
        for entries in fr.clean.load_rules(path, path.stem).values():
            if isinstance(entries, list):
                rules.update(re.sub(r"\s*\(.*\)$", "", entry["rule"]) for entry in entries if entry.get("rule"))
    _, nameless = fr.clean.clean_text("Teh end.\n", {"replace": [{"find": "Teh", "replace": "The"}],
                                                     "known_unrepaired": [{"pattern": "end"}]}, doc_id="probe")
    rules -= set(nameless["rule"])
    names = {unicodedata.normalize("NFC", label.lower()) for label in labels}
    for rule in (unicodedata.normalize("NFC", rule.lower()) for rule in rules):
        names.update([rule] if WORD.fullmatch(rule) is None else [f'"{rule}"', f"'{rule}'"])
    return names


def outside_docstrings(path):
    """(line, text) of the names, strings and comments of a Python file, its docstrings left out."""
    source = path.read_text(encoding="utf-8")
    docstrings = {node.body[0].lineno for node in ast.walk(ast.parse(source))
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and ast.get_docstring(node, clean=False) is not None}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and token.start[0] in docstrings:
            continue
        if token.type in (tokenize.NAME, tokenize.STRING, tokenize.COMMENT):
            yield token.start[0], token.string


def corpus_words_in_library(words, library=LIBRARY):
    """Every place a word of ``words`` occurs in the library outside docstrings: ``path:line: word``
    (a bundled copy of the corpus, ``_corpus/`` in a built wheel, is the corpus, not the library)."""
    found = []
    for path in sorted(p for p in library.rglob("*")
                       if p.is_file() and not {"__pycache__", "_corpus"} & set(p.relative_to(library).parts)):
        if path.suffix == ".py":
            pieces = outside_docstrings(path)
        elif path.suffix in (".pyc", ".png"):
            continue
        else:
            pieces = enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        for line, piece in pieces:
            # substrings, not whole words: r"\bTurkey" and turkiye_ascii hold the word too
            piece = unicodedata.normalize("NFC", piece).lower()
            found += [f"{path.relative_to(library)}:{line}: {w}" for w in sorted(words) if w in piece]
    return list(dict.fromkeys(found))


def test_the_library_holds_none_of_the_shipped_corpus_words(corpus):
    # spellings, phrases, variants, colours and rule categories are data of the corpus (corpus/resources/,
    # corpus/rules/), read from the folder given; docstring examples that run on the shipped corpus may name them
    words = distinctive_words(corpus)
    assert {"azerbaijan", "türkiye", "turkey", "aliyev"} <= words
    assert not words & {"policy", "strategic", "foreign", "the"}
    names = shipped_names()
    assert {"alliance", "authoritarian-survival", "strategic-autonomy", "policy-brief-header", "newsletter-footer",
            "in-text-citation", '"references"'} <= names
    assert not names & {"ocr-misreading", "known-unrepaired", "references"}
    assert corpus_words_in_library(words | names) == []


def test_a_corpus_word_planted_in_the_library_is_found(corpus, tmp_path):
    planted = tmp_path / "framings"
    planted.mkdir()
    (planted / "ok.py").write_text('"""About Türkiye, in a docstring."""\n\ndef f():\n    """Turkey too."""\n',
                                   encoding="utf-8")
    (planted / "bad.py").write_text('NAMES = {"Turkey": r"\\bTurkey"}  # planted\n', encoding="utf-8")
    assert corpus_words_in_library(distinctive_words(corpus), planted) == ["bad.py:1: turkey"]


def test_a_shipped_label_or_rule_name_planted_in_the_library_is_found(tmp_path):
    planted = tmp_path / "framings"
    planted.mkdir()
    (planted / "ok.py").write_text('"""Colours: {"alliance": "#D55E00"}."""\n\n# the references of a log-odds target\n'
                                   'references = ["a"]\n', encoding="utf-8")
    (planted / "bad.py").write_text('COLORS = {"alliance": "#D55E00"}\nKINDS = ("newsletter-footer", "references")\n',
                                    encoding="utf-8")
    assert corpus_words_in_library(shipped_names(), planted) == [
        'bad.py:1: alliance', 'bad.py:2: newsletter-footer', 'bad.py:2: "references"']


@pytest.mark.parametrize("needle", ["References", "Keywords", "POLICY BRIEF", "Subscribe", "http", "www.",
                                    "@", "[at]", "Bell icon", "Русская"])
def test_no_boilerplate_left_in_any_paragraph(paras, needle):
    hits = paras[paras["text"].str.contains(needle, regex=False)]
    assert hits.empty, hits[["para_id", "text"]].to_string()[:300]


def test_no_in_text_citations_left(paras):
    citation = re.compile(r"\([A-ZÇŞÖÜİƏ][^()]*\b(19|20)\d\d[a-z]?(, p+\. ?\d+)?\)")
    hits = [t for t in paras["text"] if citation.search(t) and "November 9, 1991" not in t]
    assert hits == []


def test_documents_keep_their_article_text(corpus):
    words = dict(zip(corpus["doc_id"], corpus["n_words"]))
    assert words["turkic-integration"] > 1100
    assert words["heyet-2026"] > 5000
    assert words["ergun-aydin-2025"] > 1800
    assert words["authoritarian-governance-2025"] > 5500
    assert 150 <= words["huseynov-2025"] <= 220  # title + byline + abstract only


def test_huseynov_keeps_title_byline_and_abstract_only(text):
    lines = text["huseynov-2025"].splitlines()
    assert lines[0] == "Azerbaijan’s Quest for Strategic Autonomy"
    assert lines[1].startswith("Tabib HUSEYNOV")
    assert lines[2].startswith("This article explores")
    assert len(lines) == 3


def test_clean_text_defaults_and_order():
    raw = ("Title\nThe body of this text is long enough not to be a heading, and it ends without closing\n"
           "punctuation here. See https://x.org and a@b.com today.")
    cleaned, report = fr.clean.clean_text(raw, doc_id="t")
    assert cleaned == ("The body of this text is long enough not to be a heading, and it ends without closing "
                       "punctuation here. See and today.")
    assert set(report["rule"]) >= {"heading", "split-paragraph", "url", "e-mail address"}


# -- the audit adds up: raw words = kept + removed ------------------------------------------------

def count(text):
    # the word count of n_words, computed directly: tokens of each normalised whitespace-delimited chunk
    from framings._words import TOKEN_PATTERN, normalize_text

    return sum(len(TOKEN_PATTERN.findall(normalize_text(chunk))) for chunk in text.split())


def test_audit_adds_up_for_every_shipped_document(corpus, raw_corpus):
    audit = fr.corpus.cleaning_audit(corpus, raw=raw_corpus)
    assert list(audit.columns) == ["doc_id", "raw_words", "kept", "removed", "unaccounted"]
    assert audit["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert (audit["unaccounted"] == 0).all(), audit
    # the three counts, recomputed independently of the audit
    raw_words = {d: count(t) for d, t in zip(raw_corpus["doc_id"], raw_corpus["text"])}
    kept = {d: count(t) for d, t in zip(corpus["doc_id"], corpus["text"])}
    removed = fr.cleaning_report(corpus).groupby("doc_id")["words_removed"].sum()
    for doc_id in corpus["doc_id"]:
        assert raw_words[doc_id] == kept[doc_id] + removed[doc_id], doc_id
    # huseynov-2025 (saved web page): 523 raw words, not the 568 whitespace chunks bullets and dashes made
    assert raw_words["huseynov-2025"] == 523
    # the words_removed table agrees: kept + the removed categories = raw
    table = fr.clean.words_removed(corpus)
    assert (table.sum(axis=1) == pd.Series(raw_words)[table.index]).all()
    assert fr.corpus.cleaning_audit(corpus).equals(audit)  # reads the raw texts itself when not given


# -- words removed by kind of boilerplate: the corpus names its kinds (rules/categories.csv) ------

def test_words_removed_groups_the_rules_by_the_corpus_categories(corpus):
    categories = fr.corpus.corpus_rule_categories(CORPUS)
    assert corpus.attrs["rule_categories"] == categories
    assert categories == fr.clean.load_rule_categories(CORPUS / "rules" / "categories.csv")
    table = fr.clean.words_removed(corpus)
    assert table.columns.tolist() == ["kept", "front matter", "section headings", "in-text citations",
                                      "reference lists", "biographies and project blurb", "web navigation and footers"]
    assert table.loc["heyet-2026"].tolist() == [5765, 282, 50, 259, 799, 183, 0]
    assert table.loc["huseynov-2025", "web navigation and footers"] == 340
    # without the corpus' categories only the engine's own rules have one; the words all land somewhere
    plain = fr.clean.words_removed(corpus, categories={})
    assert plain.columns.tolist() == ["kept", "section headings", "other"]
    assert plain.sum(axis=1).equals(table.sum(axis=1))


def test_a_corpus_without_a_categories_file_counts_its_rules_as_other(tmp_path):
    rules = ("drop_lines:\n  - {rule: footer, pattern: '^Subscribe now$'}\n"
             "drop_inline:\n  - {rule: cite (short), pattern: ' \\(Ann 2001\\)'}\nheadings: false\n")
    text = "The claim (Ann 2001) holds, it is said here.\nSubscribe now\nSee www.example.org today.\n"
    folder = write_corpus(tmp_path / "c", {"d1": ("a", text)}, rules={"d1": rules})
    corpus = fr.load_corpus(folder)
    assert corpus.attrs["rule_categories"] == {}
    table = fr.clean.words_removed(corpus)
    assert table.columns.tolist() == ["kept", "URLs and e-mails", "other"]
    assert table.loc["d1", "other"] == 4  # "Subscribe now" and "(Ann 2001)"
    (folder / "rules" / "categories.csv").write_text(
        "# kinds\nrule,category\nfooter,footers\ncite,citations\nurl,links\n", encoding="utf-8")
    table = fr.clean.words_removed(fr.load_corpus(folder))
    assert table.loc["d1"].to_dict() == {"kept": 9, "footers": 2, "citations": 2, "links": 3}  # www example org
    # a full name beats its base name
    table = fr.clean.words_removed(corpus, categories={"cite": "citations", "cite (short)": "short citations"})
    assert table.columns.tolist() == ["kept", "short citations", "URLs and e-mails", "other"]


@pytest.mark.parametrize("content, message", [
    ("name,category\nfooter,footers\n", "line 1: needs the header 'rule,category'"),
    ("rule,category\nfooter,footers\nfooter,web\n", "line 3: the rule 'footer' is listed twice"),
    ("rule,category\nfooter\n", "line 2: expected rule,category"),
])
def test_a_malformed_categories_file_names_its_line(tmp_path, content, message):
    folder = write_corpus(tmp_path / "c", {"d1": ("a", "One text that is long enough to keep.\n")})
    (folder / "rules" / "categories.csv").write_text(content, encoding="utf-8")
    with pytest.raises(fr.CorpusError, match=message) as caught:
        fr.load_corpus(folder)
    assert "categories.csv" in str(caught.value)


@pytest.mark.parametrize("raw, rules", [
    # dropped lines full of bullets and dashes: chunks that are not words
    ("• Home | News – Contact —\nThe argument starts here and goes on.\n", {"drop_spans": [
        {"rule": "web-navigation", "end": "^The argument"}]}),
    # an inline removal that cuts through a word: alpha(beta)gamma -> alphagamma (3 words become 1)
    ("The claim alpha(beta)gamma is made here, and it holds.\n",
     {"drop_inline": [{"rule": "in-text-citation", "pattern": r"\(beta\)"}]}),
    # a repair that adds words: USA -> United States of America (1 word becomes 4)
    ("The USA and its allies agreed on that, in the end.\n",
     {"replace": [{"rule": "expand", "find": "USA", "replace": "United States of America"}]}),
    # decomposed accents: e + U+0301 splits a word in two until NFC composes it
    ("The e\u0301te\u0301 of the argument is long enough to stay.\n", {}),
    # headings, repeated title lines, URLs and e-mails, a page break
    ("Title – Part 1\nIntroduction\nSee https://example.org/a-b for it, or write to a@b.org now.\n"
     "This sentence runs over a page\nbreak and continues.\nTitle – Part 1\n",
     {"drop_lines": [{"rule": "title-repeated", "pattern": "^Title – Part 1$"}]}),
    # Cyrillic homoglyphs inside Latin words
    ("The Аzerbaijani stаte said so, clearly and at length.\n", {}),
])
def test_audit_adds_up_on_synthetic_documents(raw, rules):
    cleaned, report = fr.clean.clean_text(raw, rules)
    assert count(raw) == count(cleaned) + int(report["words_removed"].sum()), report


def test_a_repair_that_changes_the_word_count_reports_it():
    _, report = fr.clean.clean_text("The USA agreed, in the end.\n",
                              {"replace": [{"rule": "expand", "find": "USA", "replace": "United States of America"}]})
    row = report[report["rule"] == "expand"].iloc[0]
    assert row["count"] == 1 and row["words_removed"] == -3  # three words added


def test_words_lost_counts_only_the_changed_chunks_yet_equals_a_full_recount():
    # an inline removal's word delta is counted on the neighbourhood of the edit (speed); it must equal
    # the words of the whole line before minus after, whatever the edit and the guesses
    import random

    from framings.clean._engine import _changed_window
    from framings._words import count_words_many

    rng = random.Random(3)
    alphabet = ["a", "b", "1", " ", "  ", "\t", ".", ",", "-", "'", "ü", "\u00a0", "(", ")"]
    for case in range(3000):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        at, size = rng.randrange(len(old) + 1), rng.randrange(0, 8)
        new = old[:at] + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 4))) + old[at + size:]
        if rng.random() < 0.3:
            new = re.sub(r"\s+([.,])", r"\1", re.sub(r"[ \t]{2,}", " ", new))
        guesses = (rng.randrange(-2, len(old) + 3), rng.randrange(-2, len(old) + 3))
        part_old, part_new = _changed_window(old, new, *guesses)
        full = count_words_many([old, new])
        part = count_words_many([part_old, part_new])
        assert full[0] - full[1] == part[0] - part[1], (case, old, new, guesses)
        assert len(part_old) <= len(old) and part_old in old and part_new in new


@pytest.mark.parametrize("pattern", [r"\bcats?", r"\bcolou?r", r"\bwords*", r"\bgo{2}d", r"\bplain"])
def test_literal_first_keeps_the_matches_when_a_quantifier_follows_the_word(pattern):
    # the rewrite jumps between occurrences of the leading word; a quantifier on its last letter must stop it
    from framings.clean._prefilter import _literal_first

    text = "cat cats concat color colour word words wordss good god plain explain"
    assert [m.span() for m in re.finditer(_literal_first(pattern), text)] == \
        [m.span() for m in re.finditer(pattern, text)]
