"""Sphinx configuration of the framings site (``make report``).

``framings.project.build_report`` copies this folder into ``build/site-src/`` beside the
staged (already executed) notebooks, a generated landing page and API page, and builds it to
``build/site/``. Nothing here names a notebook or a figure: those are read from
``build/notebooks/`` and ``figures/*.json`` at build time.
"""
import framings

project = "framings"
author = "the framings contributors"
copyright = "the framings contributors"
release = framings.__version__
version = release

extensions = [
    "myst_nb",  # .md and executed .ipynb pages (also registers myst_parser)
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]

# the notebooks were executed by `make figures`: never run them again here
nb_execution_mode = "off"
# no require.js / ipywidgets html-manager from a CDN (the staged copies carry no widget state either)
nb_ipywidgets_js = {}
nb_output_stderr = "show"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# API reference: one page per module, generated from the docstrings
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {}  # members: set per module in _templates/autosummary/module.rst
autodoc_typehints = "signature"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

exclude_patterns = ["_build", "**.ipynb_checkpoints", "index.template.md"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["site.css"]

html_theme = "sphinx_book_theme"
html_title = "framings"
html_copy_source = False  # no _sources/ copies of the pages
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_navbar_depth": 1,
    "navigation_with_keys": False,
}


# Math without MathJax: MathJax would be loaded from a CDN, and no locked package ships a copy.
# TeX is shown as written, in a <span class="math">, with no script at all.
def _visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(self.encode(node.astext()))
    self.body.append("</span>")
    raise _skip()


def _visit_display_math(self, node):
    self.body.append(self.starttag(node, "div", "", CLASS="math notranslate"))
    self.body.append(self.encode(node.astext()))
    self.body.append("</div>")
    raise _skip()


def _skip():
    from docutils.nodes import SkipNode

    return SkipNode


def setup(app):
    app.add_html_math_renderer("plain", (_visit_math, None), (_visit_display_math, None))
    app.config.html_math_renderer = "plain"
