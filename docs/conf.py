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
    # MathJax 3 copied into the site (_static/mathjax/) from the package: math renders offline, no CDN
    "sphinx-mathjax-offline",
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

exclude_patterns = ["_build", "**.ipynb_checkpoints", "index.template.md", "_extra"]
# served as they are: the course's notebooks to download (course/), the explorer when built (explorer/)
html_extra_path = ["_extra"]
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


# MathJax's SVG output: its glyphs are drawn from the script itself, so no web font file is fetched (the site
# is opened from file:// too); the extension chose "mathjax/tex-chtml.js", this setup() runs after it
def setup(app):
    app.config.mathjax_path = "mathjax/tex-svg.js"
