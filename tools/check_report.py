"""Open every page of the built site in headless Chromium at 1280 and 420 px; fail on any problem.

Run by ``make check-report`` (``python tools/check_report.py``): a check of the project, not library code.
"""

from __future__ import annotations

import re
from pathlib import Path

from framings._io import atomic_path
from framings.errors import CorpusError
from framings.project import path_finder, project_root

_CHECK_JS = """() => {
  const images = Array.from(document.images);
  const broken = images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute('src').slice(0, 100));
  const errors = Array.from(document.querySelectorAll('.output.error, .traceback, [class*="traceback"], .output_error'))
      .map(e => e.textContent.trim().slice(0, 120));
  const text = document.body ? document.body.innerText : '';
  const overflow = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0) - window.innerWidth;
  return {images: images.length, broken, errors, text, overflow};
}"""


def check_report(site_dir: Path | str | None = None, browser: str = "/usr/bin/chromium",
                 screenshots: Path | str | None = None, pages: list[str] | None = None) -> list[dict]:
    """Open every page of the site in headless Chromium at 1280 px and 420 px; fail on any problem.

    Every request the page makes is intercepted: one whose URL is not ``file:`` (or ``data:``/
    ``blob:``) is refused and reported, so the check passes only when the site works offline.
    Fails on a broken image (``naturalWidth`` 0), an external request, an error cell, an absolute
    path of the building machine in a page's text, horizontal overflow at 420 px (a wide table or
    code block scrolls in its own box, the page does not), and a search (``search.html?q=framings``)
    that finds nothing.
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
        ``local_paths``, ``overflow`` (px wider than the window) and ``screenshot``.

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
             sorted(p for p in folder.rglob("*.html") if "_static" not in p.relative_to(folder).parts))
    if not files or not all(p.is_file() for p in files):
        raise CorpusError(f"{site_dir or folder}: no HTML pages; run `make report` first")
    from playwright.sync_api import sync_playwright


    shots.mkdir(parents=True, exist_ok=True)
    results, problems = [], []
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
                found = page.evaluate(_CHECK_JS)
                text = found.pop("text")
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
                          if view == "mobile" and found["overflow"] > 1 else ""]
                if any(failed):
                    problems.append(f"{name} at {width} px: " + "; ".join(f for f in failed if f))
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
        print(f"{page['page']} at {page['width']} px: {page['images']} image(s), none broken, no error cell, "
              f"no external request{wide}")
    pages = {page["page"] for page in results}
    print(f"{len(pages)} page(s) checked at 1280 and 420 px; screenshots: {Path(results[0]['screenshot']).parent}")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except CorpusError as err:
        raise SystemExit(f"error: {err}") from None
