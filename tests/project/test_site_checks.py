"""`make check-report` (tools/check_report.py) fails on each defect a reader met on the site (issue 30).

One page built by hand with every defect: two sidebar toggles, a table word broken across lines by
``overflow-wrap: anywhere``, a formula left as raw TeX, an undefined ``|g2|`` rendered as a dead link,
an image whose alt text is its hashed file name, MathJax from a CDN, a link to a missing page; and a
site without the install / own corpus / CLI / explorer pages, solutions, course download or explorer
link. The site as built passes (tests/test_notebooks.py and `make check-report`).
"""
import shutil
import sys

import pytest

import framings as fr
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from check_report import check_report, check_structure  # noqa: E402  (a project check, not library code)

PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJ"
         "RU5ErkJggg==")
HASHED = "33e0dab15f255817dac874892b3a4705e7fbe954ff1bb9494aa7994b4b21321e.png"

BAD_PAGE = f"""<!DOCTYPE html><html><head>
<script async src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script></head><body>
<button class="primary-toggle">menu</button><button class="primary-toggle" style="display:none">menu</button>
<article class="bd-article">
<table style="width:60px"><tr><td style="overflow-wrap:anywhere">own_frame_term_in_title</td></tr></table>
<p><span class="math notranslate">\\(D_o / D_e\\)</span></p>
<p>P(chi2 &gt; <a class="problematic" href="#id1" id="id2">|g2|</a>)</p>
<img src="{PIXEL}" alt="../_images/{HASHED}">
<a href="nowhere.html">a page the site lacks</a>
</article></body></html>"""


def _chromium_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return shutil.which("chromium") is not None


def test_structure_check_names_each_missing_page_and_link(tmp_path):
    (tmp_path / "index.html").write_text("<html><body>no links</body></html>", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01-reading.html").write_text("<html><body>no download</body></html>",
                                                             encoding="utf-8")
    missing = check_structure(tmp_path)
    for page in ("install.html", "own-corpus.html", "cli.html", "explorer.html"):
        assert f"no page {page}" in missing
    assert any("exercise solution pages" in m for m in missing)
    assert any("course/framings-course.zip" in m for m in missing)
    assert "index.html does not link the explorer" in missing
    assert "notebooks/01-reading.html: no link to download the notebook" in missing


@pytest.mark.skipif(not _chromium_available(), reason="needs Debian's chromium and the playwright package")
def test_check_report_fails_on_each_defect_readers_met(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with pytest.raises(fr.CorpusError) as failure:
        check_report(site, screenshots=tmp_path / "shots")
    message = str(failure.value)
    for defect in ("2 sidebar toggles (want one)",                    # two .primary-toggle buttons
                   "2 .primary-toggle buttons (want one)",            # ... found again when clicking them
                   "the navigation sidebar is not shown on a desktop",  # 1280 px
                   "the navigation drawer does not open with its links",  # 420 px: clicked, nothing opens
                   "words broken mid-word in tables ['own_frame_term_in_title'",
                   "1 of 1 formula(s) shown as raw TeX",
                   "markup error(s) shown as dead links ['|g2|']",
                   f"images with a file name or no alt text ['../_images/{HASHED}']",
                   "links to missing files ['nowhere.html']",
                   "external asset",                                  # MathJax from a CDN, in the HTML
                   "external request(s) ['https://cdn.jsdelivr.net/",  # ... and refused when the page asks
                   "no page install.html"):
        assert defect in message, f"not reported: {defect}\n{message}"
    assert "at 1280 px" in message and "at 420 px" in message
