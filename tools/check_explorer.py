"""Open the explorer offline in headless Chromium, exercise its controls, save screenshots.

Run by ``make check-explorer`` (``python tools/check_explorer.py [PAGE]``): a check of the project, not library code.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from framings.errors import CorpusError
from framings.project import project_root

# --------------------------------------------------------------------------
# browser check (make check-explorer)
# --------------------------------------------------------------------------
_BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-quic", "--no-first-run", "--disable-sync"]


_JS_MODEL = "name => Bokeh.documents[0].get_model_by_name(name)"


_JS_XY = f"() => {{ const s = ({_JS_MODEL})('terms'); return [Array.from(s.data.x), Array.from(s.data.y)]; }}"


_JS_DEEP_FOCUS = """() => { let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; }
  return a ? [a.tagName, a.getAttribute('aria-label') || '', a.id || ''] : null; }"""


def _moved(before, after) -> int:
    """How many points changed position (NaN = not drawn)."""
    a = np.array(before, dtype=float)
    b = np.array(after, dtype=float)
    both = np.isfinite(a) & np.isfinite(b)
    return int((np.abs(a[both] - b[both]) > 1e-9).sum() + (np.isfinite(a) != np.isfinite(b)).sum())


_JS_SELECTED = f"() => Array.from(({_JS_MODEL})('terms').selected.indices)"


_JS_PAGE_WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


def _possessive_probe(terms: list[str]) -> tuple[str, str]:
    """A term to search in its capitalised possessive form (``Russia’s``) and the term it must find."""
    plain = [t for t in terms if t.isalpha() and len(t) >= 4 and not t.endswith("s")]
    term = "russia" if "russia" in terms else (plain[0] if plain else terms[0])
    return term[:1].upper() + term[1:] + "\u2019s", term


def _phone_checks(chromium, path: Path, shot, problems: list[str], result: dict, width: int = 420) -> None:
    """At phone width: no page wider than the screen; search a possessive, a missing term and a stop word;
    suggestions while typing; the comparison's table downloaded as CSV."""
    import csv
    import io

    context = chromium.new_context(viewport={"width": width, "height": 900}, offline=True, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0 && Bokeh.documents[0].is_idle",
                           timeout=60_000)
    page.wait_for_timeout(600)
    result["phone_width"] = page.evaluate(_JS_PAGE_WIDTH)
    if result["phone_width"] > width + 20:
        problems.append(f"at {width} px the page is {result['phone_width']} px wide (scrolls sideways)")
    shot(page, f"terms-{width}px.png")
    terms = page.evaluate(f"() => Array.from(({_JS_MODEL})('store').data.term)")
    region = page.get_by_role("region", name="Concordance")
    box = page.get_by_label("Search terms", exact=True)

    # a possessive, typed as a reader would: found as the tokenizer counted it
    typed, term = _possessive_probe(terms)
    box.fill(typed)
    box.press("Enter")
    page.wait_for_timeout(400)
    heading = region.locator("h3").first.inner_text()
    result["possessive"] = [typed, heading]
    if heading != f"Concordance: {term}" or page.evaluate(_JS_SELECTED) != [terms.index(term)]:
        problems.append(f"searching {typed!r} at {width} px shows {heading!r}, not the term {term!r}")

    # a missing term: a clear "not found", no highlighted point, the rates panel cleared
    missing = "zzqxjv"
    box.fill(missing)
    box.press("Enter")
    page.wait_for_timeout(400)
    said = region.inner_text()
    rates = page.evaluate(f"() => ({_JS_MODEL})('rates').text")
    result["missing"] = said.splitlines()[0] if said else ""
    if "Not found" not in said or page.evaluate(_JS_SELECTED) != [] or "per 10,000" in rates:
        problems.append(f"searching the missing {missing!r} leaves {page.evaluate(_JS_SELECTED)} selected, "
                        f"the concordance {said[:80]!r}, the rates {rates[:80]!r}")
    box.fill("the")
    box.press("Enter")
    page.wait_for_timeout(300)
    said = region.inner_text()
    if "stop word" not in said or page.evaluate(_JS_SELECTED) != []:
        problems.append(f"searching 'the' does not say it is a stop word: {said[:120]!r}")
    shot(page, f"search-missing-{width}px.png")

    # suggestions as you type
    target = next((t for t in terms[:50] if t.isalpha() and len(t) >= 5), terms[0])
    box.fill("")
    box.press_sequentially(target[:3], delay=60)
    page.wait_for_timeout(400)
    offered = [t.strip() for t in page.locator(".bk-menu .bk-item, .bk-menu > div").all_inner_texts() if t.strip()]
    result["suggestions"] = offered[:12]
    if not offered or not all(target[:3] in t for t in offered):
        problems.append(f"typing {target[:3]!r} offers no suggestions from the terms ({offered[:5]})")
    else:  # choosing a suggestion chooses the term
        page.locator(".bk-menu .bk-item, .bk-menu > div").filter(has_text=offered[0]).first.click()
        page.wait_for_timeout(400)
        heading = region.locator("h3").first.inner_text()
        if heading != f"Concordance: {offered[0]}":
            problems.append(f"choosing the suggestion {offered[0]!r} shows {heading!r}")
    page.wait_for_timeout(300)

    # the comparison on show, downloaded as CSV
    with page.expect_download(timeout=10_000) as info:
        page.get_by_role("button", name="Download this comparison (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    result["csv_rows"] = len(rows) - 1
    result["csv_name"] = info.value.suggested_filename
    header = rows[0] if rows else []
    if header[:1] != ["term"] or "g2" not in header or len(rows) - 1 != len(terms):
        problems.append(f"the CSV download has header {header[:4]} and {len(rows) - 1} rows for {len(terms)} terms")
    else:
        g2 = page.evaluate(f"() => Array.from(({_JS_MODEL})('terms').data.g2)")
        first = rows[1]
        i = terms.index(first[0])
        if abs(float(first[header.index("g2")]) - g2[i]) > 1e-4 * max(1.0, abs(g2[i])):
            problems.append(f"CSV row {first[:3]} does not carry the page's G² {g2[i]}")
    if errors:
        problems.append(f"script errors at {width} px: {errors[:3]}")
    context.close()


def check_explorer(path: str | Path | None = None, screenshots: str | Path | None = None,
                   browser: str = "/usr/bin/chromium") -> dict:
    """Open the explorer in headless Chromium offline and exercise every control.

    Fails (:class:`CorpusError`) when a request leaves ``file:``/``data:``, a
    script error occurs, at 420 px the page scrolls sideways, searching a
    possessive (``Russia’s``) does not find the term the tokenizer counted
    (``russia``), searching a missing term does not say "Not found" and clear the
    highlight and the rates, typing does not offer suggestions, the CSV download
    does not hold the comparison on show, a labelled control is missing, typing a term into
    *Search terms* does not fill the *Concordance* with that term's lines,
    switching the group or the reference does not move the points, the Tab key
    does not reach the controls, Enter does not open the *Topics* tab, or moving
    λ with the arrow keys does not change the topic's term list.  Saves
    screenshots (``terms.png``, ``terms-switched.png``, ``topics.png``,
    ``topics-lambda.png``) in ``screenshots`` (default: beside the page).

    Parameters
    ----------
    path : str or Path, optional
        The page (default ``build/explorer/explorer.html``).
    screenshots : str or Path, optional
        Folder for the screenshots.
    browser : str
        The Chromium executable (the OS package; Playwright downloads nothing).

    Returns
    -------
    dict
        ``load_s`` (seconds from navigation to Bokeh's document idle),
        ``size_mb``, ``requests`` (URL schemes seen), ``term``, ``kwic_lines``,
        ``moved_group``, ``moved_reference``, ``screenshots``, ``focus`` (controls
        reached with the Tab key); at 420 px: ``phone_width`` (page width),
        ``possessive``, ``missing``, ``suggestions``, ``csv_rows``, ``csv_name``.

    Raises
    ------
    CorpusError
        When a check fails or the page is missing.

    Examples
    --------
    >>> fr.explore.check_explorer("build/explorer/explorer.html")   # doctest: +SKIP
    """
    import time

    from playwright.sync_api import sync_playwright


    path = Path(path) if path else project_root() / "build" / "explorer" / "explorer.html"
    if not path.is_file():
        raise CorpusError(f"{path}: no explorer page; run `python -m framings explore` first.")
    shots = Path(screenshots) if screenshots else path.parent
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    result: dict = {"size_mb": path.stat().st_size / 1e6, "screenshots": []}

    def shot(page, name):
        target = shots / name
        page.screenshot(path=str(target), full_page=True)
        result["screenshots"].append(str(target))

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, headless=True, args=_BROWSER_ARGS)
        context = chromium.new_context(viewport={"width": 1300, "height": 1000}, offline=True)
        page = context.new_page()
        urls, errors = [], []
        page.on("request", lambda r: urls.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0 && Bokeh.documents[0].is_idle",
                               timeout=60_000)
        result["load_s"] = round(time.perf_counter() - start, 2)
        page.wait_for_timeout(600)  # the aria-label pass runs 500 ms after document_ready

        for label in ("Group", "Reference", "Scale", "Colour", "Search terms"):
            if page.get_by_label(label, exact=True).count() != 1:
                problems.append(f"no single control labelled {label!r}")
        shot(page, "terms.png")

        # keyboard: Tab from the top of the page reaches the selectors and the search field
        reached = []
        page.locator("body").click(position={"x": 5, "y": 5})
        for _ in range(25):
            page.keyboard.press("Tab")
            focus = page.evaluate(_JS_DEEP_FOCUS)
            if focus:
                reached.append(focus[0])
        result["focus"] = sorted(set(reached))
        if "SELECT" not in reached or "INPUT" not in reached:
            problems.append(f"the Tab key does not reach the selectors and the search field (reached {reached})")

        # Search terms -> Concordance
        terms = page.evaluate(f"() => Array.from(({_JS_MODEL})('store').data.term)")
        phrases = [t for t in terms if "_" in t]
        term = phrases[0] if phrases else terms[0]
        result["term"] = term
        box = page.get_by_label("Search terms", exact=True)
        box.fill(term.replace("_", " "))
        box.press("Enter")
        region = page.get_by_role("region", name="Concordance")
        try:
            region.get_by_text(f"Concordance: {term}").wait_for(timeout=10_000)
        except Exception:  # noqa: BLE001 - reported below with what the region shows
            problems.append(f"Concordance does not show {term!r} after typing it into Search terms: "
                            f"{region.first.inner_text()[:200]!r}")
        keywords = region.locator("td.k").all_inner_texts()
        result["kwic_lines"] = len(keywords)
        words = term.replace("_", " ").casefold().split()
        wrong = [k for k in keywords if [w.removesuffix("'s").removesuffix("\u2019s") for w in
                                         re.findall(r"\w+(?:[-'\u2019]\w+)*", k.casefold())] != words]
        if not keywords or wrong:
            problems.append(f"Concordance lines for {term!r}: {len(keywords)} line(s), "
                            f"{len(wrong)} not showing the term (e.g. {wrong[:2]})")

        # group and reference selectors move the points
        groups = page.evaluate(f"() => ({_JS_MODEL})('group').options")
        before = page.evaluate(_JS_XY)
        page.get_by_label("Group", exact=True).select_option(groups[1])
        page.wait_for_timeout(300)
        after = page.evaluate(_JS_XY)
        result["moved_group"] = _moved(before[0] + before[1], after[0] + after[1])
        refs = page.evaluate(f"() => ({_JS_MODEL})('reference').options")
        page.get_by_label("Reference", exact=True).select_option(refs[-1])
        page.wait_for_timeout(300)
        after_ref = page.evaluate(_JS_XY)
        result["moved_reference"] = _moved(after[0] + after[1], after_ref[0] + after_ref[1])
        if not result["moved_group"] or not result["moved_reference"]:
            problems.append(f"points did not move: {result['moved_group']} after the group selector, "
                            f"{result['moved_reference']} after the reference selector")
        # the top-term tables follow the comparison on show
        tops = page.evaluate(f"""() => {{ const d = ({_JS_MODEL})('terms').data, t = ({_JS_MODEL})('top_group').data;
            let best = -Infinity, at = -1; d.cv.forEach((v, j) => {{ if (v > best) {{ best = v; at = j; }} }});
            return [t.term[0], d.term[at], t.term.length]; }}""")
        result["top_term"] = tops[0]
        if tops[0] != tops[1]:
            problems.append(f"after switching, the 'Top in' table starts with {tops[0]!r}, not {tops[1]!r}")

        # several terms on one point (tied ranks): listed, the most frequent shown first, each one choosable
        tie = page.evaluate(f"""() => {{ const d = ({_JS_MODEL})('terms').data, at = new Map();
            d.x.forEach((x, j) => {{ if (Number.isFinite(x) && Number.isFinite(d.y[j])) {{
              const k = x + ',' + d.y[j]; if (!at.has(k)) {{ at.set(k, []); }} at.get(k).push(j); }} }});
            let most = []; for (const v of at.values()) {{ if (v.length > most.length) {{ most = v; }} }}
            return most; }}""")
        if len(tie) > 1:
            page.evaluate(f"(idx) => {{ ({_JS_MODEL})('terms').selected.indices = idx; }}", tie)
            page.wait_for_timeout(300)
            here = page.evaluate(f"() => {{ const h = ({_JS_MODEL})('here'); return [h.visible, h.options, h.title]; }}")
            freq = page.evaluate(f"() => Array.from(({_JS_MODEL})('store').data.freq)")
            store_terms = page.evaluate(f"() => Array.from(({_JS_MODEL})('store').data.term)")
            top = sorted(tie, key=lambda j: (-freq[j], store_terms[j]))[0]
            heading = page.get_by_role("region", name="Concordance").locator("h3").first.inner_text()
            result["tied"] = len(tie)
            if not here[0] or len(here[1]) != min(len(tie), 200) or heading != f"Concordance: {store_terms[top]}":
                problems.append(f"{len(tie)} terms on one point: list shown {here[0]} with {len(here[1])} terms, "
                                f"concordance {heading!r} (expected the most frequent, {store_terms[top]!r})")
            else:
                page.get_by_label(here[2], exact=True).select_option(here[1][1])
                page.wait_for_timeout(300)
                heading = page.get_by_role("region", name="Concordance").locator("h3").first.inner_text()
                if heading != f"Concordance: {here[1][1]}":
                    problems.append(f"choosing {here[1][1]!r} among the tied terms shows {heading!r}")
        page.get_by_label("Scale", exact=True).select_option("log10 rate")
        page.wait_for_timeout(300)
        shot(page, "terms-switched.png")

        # topics, reached with the keyboard: Enter on the tab, arrow keys on the λ slider
        page.get_by_role("tab", name="Topics").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        if page.evaluate("() => Bokeh.documents[0].roots()[0].active") != 1:
            problems.append("Enter on the 'Topics' tab does not open it")
        terms_div = f"() => ({_JS_MODEL})('topic_terms').text"
        first = page.evaluate(terms_div)
        shot(page, "topics.png")
        handle = page.get_by_label("Relevance lambda", exact=True)
        if handle.count() != 1:
            problems.append("no slider handle labelled 'Relevance lambda'")
        else:
            handle.focus()
            for _ in range(6):
                page.keyboard.press("ArrowLeft")
            page.wait_for_timeout(300)
        lam = page.evaluate(f"() => ({_JS_MODEL})('lambda').value")
        second = page.evaluate(terms_div)
        visible = page.locator("table.rel caption").first.inner_text()
        result["lambda"] = lam
        if first == second or f"λ = {lam:.1f}" not in visible:
            problems.append(f"moving λ to {lam} did not change the topic's term list (caption {visible!r})")
        shot(page, "topics-lambda.png")
        topic = page.get_by_label("Topic", exact=True)
        if topic.count() != 1:
            problems.append("no control labelled 'Topic'")
        else:
            topic.select_option("1")
            page.wait_for_timeout(300)
            caption = page.locator("table.rel caption").first.inner_text()
            selected = page.evaluate(f"() => ({_JS_MODEL})('topics').selected.indices")
            if not caption.startswith("Topic 1:") or selected != [1]:
                problems.append(f"the Topic selector does not switch the topic ({caption!r}, map {selected})")
        _phone_checks(chromium, path, shot, problems, result)
        chromium.close()

    schemes = sorted({u.split(":", 1)[0] for u in urls})
    result["requests"] = schemes
    outside = [u[:80] for u in urls if u.split(":", 1)[0] not in ("file", "data")]
    if outside:
        problems.append(f"{len(outside)} request(s) left file:/data:, e.g. {outside[:3]}")
    if errors:
        problems.append(f"script errors: {errors[:3]}")
    if problems:
        raise CorpusError("explorer check failed: " + "; ".join(problems))
    return result


def _missing_tools(browser: str = "/usr/bin/chromium") -> str | None:
    """What the check needs and lacks, as one line with the install command (None: ready)."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("playwright") is None:
        return ("check-explorer needs the Python package playwright (the [test] extra): "
                ".venv/bin/python -m pip install -e '.[test]' in a checkout, else pip install playwright")
    if not Path(browser).exists() and not shutil.which("chromium"):
        return f"check-explorer drives the system Chromium, not found at {browser}: sudo apt-get install chromium"
    return None


def main(argv: list[str]) -> int:
    path = argv[0] if argv else None
    missing = _missing_tools()
    if missing:
        raise CorpusError(missing)  # before any work: one line, exit 2
    found = check_explorer(path)
    print(f"explorer check: {path or 'build/explorer/explorer.html'} ({found['size_mb']:.1f} MB) loaded in "
          f"{found['load_s']:.2f} s, requests only {'/'.join(found['requests'])}:; Search terms '{found['term']}' -> "
          f"{found['kwic_lines']} concordance line(s); group switch moved {found['moved_group']} point(s), reference "
          f"switch {found['moved_reference']}; {found.get('tied', 0)} tied terms listed on a click; lambda -> {found['lambda']} changed the term list; at 420 px: page "
          f"{found['phone_width']} px wide, {found['possessive'][0]!r} -> {found['possessive'][1]!r}, missing term -> "
          f"{found['missing']!r}, {len(found['suggestions'])} suggestion(s), CSV {found['csv_name']} with "
          f"{found['csv_rows']} rows; screenshots: " + ", ".join(found["screenshots"]))
    return 0


if __name__ == "__main__":
    import sys

    try:
        raise SystemExit(main(sys.argv[1:]))
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(2) from None
