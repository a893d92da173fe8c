"""Open every page of the built site in headless Chromium at 1280 and 420 px; fail on any problem.

Run by ``make check-report`` (``python tools/check_report.py``): a check of the project, not library code.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from framings._io import atomic_path
from framings.errors import CorpusError
from framings.project import path_finder, project_root, scan_site

_CHECK_JS = """() => {
  const images = Array.from(document.images);
  const broken = images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute('src').slice(0, 100));
  // alt text: a sentence, not the image's (hashed) file name
  const badAlt = images.filter(img => {
      const alt = (img.getAttribute('alt') || '').trim();
      return !alt || /\\.(png|svg|jpe?g|gif|webp)$/i.test(alt) || /^[0-9a-f]{16,}/i.test(alt.split('/').pop());
  }).map(img => (img.getAttribute('alt') || '(none)').slice(0, 80));
  const errors = Array.from(document.querySelectorAll('.output.error, .traceback, [class*="traceback"], .output_error'))
      .map(e => e.textContent.trim().slice(0, 120));
  // what docutils renders for a markup error (an undefined |substitution|): a red link to a message
  const markup = Array.from(document.querySelectorAll('.problematic, .system-message'))
      .map(e => e.textContent.trim().slice(0, 80));
  const text = document.body ? document.body.innerText : '';
  const overflow = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0) - window.innerWidth;
  // a word of a table cell laid out on two lines: broken mid-word
  const midword = [];
  for (const cell of document.querySelectorAll('.bd-article td, .bd-article th')) {
    if (midword.length >= 5) break;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && midword.length < 5) {
      const word = /[\\p{L}\\p{N}_]{2,}/gu;  // letters and digits: a break at a hyphen, slash or … is fair
      let m;
      while ((m = word.exec(node.data)) && midword.length < 5) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) midword.push(m[0].slice(0, 40));
      }
    }
  }
  // math: every formula typeset by MathJax (an <mjx-container>), none left as raw TeX
  const formulas = Array.from(document.querySelectorAll('.math'));
  const rawMath = formulas.filter(f => !f.querySelector('mjx-container')).map(f => f.textContent.trim().slice(0, 60));
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href).filter(h => h.startsWith('file:'));
  const toggles = document.querySelectorAll('.primary-toggle').length;
  return {images: images.length, broken, badAlt, errors, markup, text, overflow, midword,
          formulas: formulas.length, rawMath, links, toggles};
}"""

# MathJax typesets after the page loads: wait for it (pages without math have no MathJax)
_WAIT_MATH_JS = """() => (window.MathJax && MathJax.startup && MathJax.startup.promise)
    ? MathJax.startup.promise.then(() => true) : false"""


def _visible(page, selector: str) -> bool:
    """Whether the element is on screen: displayed, not zero-sized."""
    return page.evaluate("""(sel) => { const e = document.querySelector(sel); if (!e) return false;
        const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; }""", selector)


def check_navigation(page, url: str, width: int) -> list[str]:
    """Click the sidebar toggles as a reader would; the failures, empty when the navigation works.

    At 1280 px the one visible "Toggle primary sidebar" button hides the navigation and shows it
    again. Narrower, the same button opens the navigation drawer and the contents button (on a page
    with a table of contents) opens the contents drawer; both show their links and close with Escape.
    """
    failed = []
    page.goto(url, wait_until="load")
    if page.locator(".primary-toggle").count() != 1:  # the themes' scripts bind the first one only
        failed.append(f"{page.locator('.primary-toggle').count()} .primary-toggle buttons (want one)")
    toggle = page.locator(".primary-toggle").filter(visible=True)  # the one a reader can click
    if toggle.count() != 1:
        return failed + [f"{toggle.count()} visible sidebar toggles"]
    if width >= 992:
        if not _visible(page, "#pst-primary-sidebar"):
            return failed + ["the navigation sidebar is not shown on a desktop"]
        toggle.click(timeout=3000)
        page.wait_for_timeout(400)
        if _visible(page, "#pst-primary-sidebar") and page.evaluate(
                "() => !document.querySelector('#pst-primary-sidebar').classList.contains('pst-sidebar-hidden')"):
            failed.append("clicking the sidebar toggle does not hide the navigation")
        toggle.click(timeout=3000)
        page.wait_for_timeout(400)
        if not _visible(page, "#pst-primary-sidebar"):
            failed.append("clicking the sidebar toggle again does not show the navigation")
        return failed
    drawers = [(".primary-toggle", "#pst-primary-sidebar-modal", "navigation drawer", ".bd-links a, .bd-sidenav a")]
    if page.locator(".secondary-toggle").count():
        drawers.append((".secondary-toggle", "#pst-secondary-sidebar-modal", "contents drawer", "nav.page-toc a, .bd-toc-nav a"))
    for button, dialog, name, links in drawers:
        if page.locator(button).filter(visible=True).count() != 1:
            failed.append(f"no single visible button opens the {name}")
            continue
        page.locator(button).filter(visible=True).click(timeout=3000)
        page.wait_for_timeout(400)
        opened = page.evaluate(f"() => !!document.querySelector('{dialog}') && document.querySelector('{dialog}').open")
        shown = page.evaluate(f"""() => Array.from(document.querySelectorAll('{dialog} :is({links})'))
            .filter(a => a.getBoundingClientRect().width > 0).length""") if opened else 0
        if not opened or not shown:
            failed.append(f"the {name} does not open with its links ({'open, no link shown' if opened else 'not open'})")
            continue
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        if page.evaluate(f"() => document.querySelector('{dialog}').open"):
            failed.append(f"Escape does not close the {name}")
    return failed


# the pages a reader looks for: install, own corpus, command line, the worked exercise solutions
REQUIRED_PAGES = ("install.html", "own-corpus.html", "cli.html", "explorer.html")


def check_structure(folder: Path) -> list[str]:
    """The pages and downloads the site must offer; the missing ones (no browser needed)."""
    missing = [f"no page {page}" for page in REQUIRED_PAGES if not (folder / page).is_file()]
    if not sorted(folder.glob("notebooks/exercises/*-solutions.html")):
        missing.append("no exercise solution pages (notebooks/exercises/*-solutions.html)")
    index = (folder / "index.html").read_text(encoding="utf-8") if (folder / "index.html").is_file() else ""
    if 'href="course/framings-course.zip"' not in index:
        missing.append("index.html does not offer the course to download (course/framings-course.zip)")
    if not re.search(r'href="(?:explorer/explorer|explorer)\.html', index):
        missing.append("index.html does not link the explorer")
    for page in sorted(folder.glob("notebooks/[0-9][0-9]*-*.html")):
        if 'class="notebook-download"' not in page.read_text(encoding="utf-8"):
            missing.append(f"{page.relative_to(folder).as_posix()}: no link to download the notebook")
    return missing


def check_report(site_dir: Path | str | None = None, browser: str = "/usr/bin/chromium",
                 screenshots: Path | str | None = None, pages: list[str] | None = None) -> list[dict]:
    """Open every page of the site in headless Chromium at 1280 px and 420 px; fail on any problem.

    Every request the page makes is intercepted: one whose URL is not ``file:`` (or ``data:``/
    ``blob:``) is refused and reported, so the check passes only when the site works offline.
    Fails on a broken image (``naturalWidth`` 0), an external request, an error cell, an absolute
    path of the building machine in a page's text, horizontal overflow at 420 px (a wide table or
    code block scrolls in its own box, the page does not), and a search (``search.html?q=framings``)
    that finds nothing. Also on each of the defects a reader met (issue 30): more than one sidebar
    toggle, or toggles that do nothing when clicked (:func:`check_navigation`: at 1280 px the
    sidebar hides and shows, at 420 px the navigation and contents drawers open with their links);
    a word of a table laid out across two lines (broken mid-word); a formula MathJax did not
    typeset (raw TeX); a markup error rendered as a dead link (an undefined ``|substitution|``); an
    image whose alt text is a file name; a link to a file the site lacks; a missing install, own
    corpus, CLI, explorer or exercise solution page, course download or explorer link
    (:func:`check_structure`); and whatever :func:`framings.project.scan_site` finds in the HTML.
    Saves ``<page>-desktop.png`` and ``<page>-mobile.png`` (the landing page full length, the
    others their first screen) into ``build/site-screenshots/``. Needs the OS package ``chromium``
    and the Python package ``playwright`` (the system Chromium is used: no browser download).

    Parameters
    ----------
    site_dir : path, optional
        The built site (default ``build/site/``).
    browser : str
        The Chromium executable.
    screenshots : path, optional
        Where to save the screenshots (default ``site-screenshots`` beside ``site_dir``).
    pages : list of str, optional
        Only these pages (paths relative to ``site_dir``); default every ``.html`` file.

    Returns
    -------
    list of dict
        Per page and width: ``page``, ``width``, ``images``, ``broken``, ``errors``, ``external``,
        ``local_paths``, ``overflow`` (px wider than the window), ``badAlt``, ``markup``, ``midword``,
        ``formulas`` (count), ``rawMath``, ``dead_links``, ``toggles`` and ``screenshot``.

    Raises
    ------
    CorpusError
        When the site is missing, or any page fails a check (every failure is listed).

    Examples
    --------
    >>> check_report("no-such-site")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framings.errors.CorpusError: no-such-site: no HTML pages; run `make report` first
    """
    folder = Path(site_dir) if site_dir else project_root() / "build" / "site"
    shots = Path(screenshots) if screenshots else folder.parent / f"{folder.name}-screenshots"
    files = ([folder / page for page in pages] if pages else
             sorted(p for p in folder.rglob("*.html")
                    if not {"_static", "explorer"} & set(p.relative_to(folder).parts[:-1])))
    if not files or not all(p.is_file() for p in files):
        raise CorpusError(f"{site_dir or folder}: no HTML pages; run `make report` first")
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    results, navigation = [], []
    # before any browser: what the HTML itself shows (CDN assets, local paths, markup errors) and what it lacks
    problems = [f"{row.file}: {row.problem}: {row.match}" for row in scan_site(folder).itertuples()]
    problems += check_structure(folder) if not pages else []
    widths = {"desktop": 1280, "mobile": 420}
    external: list[str] = []  # the requests of the page being checked that would leave the site

    def refuse(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            external.append(url[:120])
            route.abort()

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--allow-file-access-from-files"])
        for view, width in widths.items():
            context = chromium.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1,
                                           service_workers="block")
            context.route("**/*", refuse)
            page = context.new_page()
            for html_path in files:
                name = html_path.relative_to(folder).as_posix()
                external.clear()
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                page.evaluate("() => Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)))")
                page.evaluate(_WAIT_MATH_JS)
                found = page.evaluate(_CHECK_JS)
                text = found.pop("text")
                dead = sorted({link.split("#")[0].split("?")[0] for link in found.pop("links")
                               if not Path(url2pathname(urlparse(link).path)).exists()})
                found["dead_links"] = [Path(url2pathname(urlparse(link).path)).name for link in dead]
                found["local_paths"] = sorted({m.group(0)[:80] for m in path_finder(name).finditer(text)})
                found["external"] = sorted(set(external))
                shot = shots / (re.sub(r"[/\\]", "__", name[:-5]) + f"-{view}.png")
                with atomic_path(shot) as tmp:
                    page.screenshot(path=str(tmp), type="png", full_page=(name == "index.html"))
                if page.locator('[id^="figure-"]').count():  # a notebook page: also its first figure's cell
                    page.evaluate("() => document.querySelector('[id^=figure-]').scrollIntoView(true)")
                    with atomic_path(shot.with_name(shot.stem + "-figure.png")) as tmp:
                        page.screenshot(path=str(tmp), type="png")
                found.update(page=name, width=width, screenshot=str(shot))
                results.append(found)
                failed = [f"{len(found['broken'])} broken image(s) {found['broken'][:3]}" if found["broken"] else "",
                          f"{len(found['errors'])} error cell(s)" if found["errors"] else "",
                          f"external request(s) {found['external'][:3]}" if found["external"] else "",
                          f"local path(s) {found['local_paths'][:3]}" if found["local_paths"] else "",
                          f"{found['overflow']} px horizontal overflow"
                          if view == "mobile" and found["overflow"] > 1 else "",
                          f"images with a file name or no alt text {found['badAlt'][:3]}" if found["badAlt"] else "",
                          f"markup error(s) shown as dead links {found['markup'][:3]}" if found["markup"] else "",
                          f"words broken mid-word in tables {found['midword'][:3]}" if found["midword"] else "",
                          f"{len(found['rawMath'])} of {found['formulas']} formula(s) shown as raw TeX "
                          f"{found['rawMath'][:2]}" if found["rawMath"] else "",
                          f"links to missing files {found['dead_links'][:3]}" if found["dead_links"] else "",
                          f"{found['toggles']} sidebar toggles (want one)" if found["toggles"] > 1 else ""]
                if any(failed):
                    problems.append(f"{name} at {width} px: " + "; ".join(f for f in failed if f))
            # the drawers, clicked: on the landing page and on a notebook page (it has a table of contents)
            for nav_page in [folder / "index.html", *sorted(folder.glob("notebooks/[0-9][0-9]*-*.html"))[:1]]:
                if nav_page in files or not pages:
                    external.clear()
                    failed = check_navigation(page, nav_page.resolve().as_uri(), width)
                    if failed:
                        problems.append(f"{nav_page.relative_to(folder).as_posix()} at {width} px: navigation: "
                                        + "; ".join(failed))
                    navigation.append({"page": nav_page.relative_to(folder).as_posix(), "width": width,
                                       "failed": failed})
            if view == "desktop" and (folder / "search.html").is_file():  # the built-in search, offline
                page.goto((folder / "search.html").resolve().as_uri() + "?q=framings", wait_until="load")
                try:
                    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0",
                                           timeout=10000)
                except Exception:  # playwright's TimeoutError
                    problems.append("search.html: searching for 'framings' finds nothing (searchindex.js not loaded?)")
            context.close()
        chromium.close()
    if problems:
        raise CorpusError(f"report check failed on {len(problems)} page view(s):\n  " + "\n  ".join(problems))
    return results


def main() -> int:
    results = check_report()
    for page in results:
        wide = f"; {page['overflow']} px wider than the window" if page["overflow"] > 1 else ""
        math = f", {page['formulas']} formula(s) typeset" if page["formulas"] else ""
        print(f"{page['page']} at {page['width']} px: {page['images']} image(s), none broken, no error cell, "
              f"no external request{math}{wide}")
    pages = {page["page"] for page in results}
    print(f"{len(pages)} page(s) checked at 1280 and 420 px (sidebar toggle and drawers clicked, tables, math, alt "
          f"text, links); screenshots: {Path(results[0]['screenshot']).parent}")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except CorpusError as err:
        raise SystemExit(f"error: {err}") from None
