"""The package version (one place; pyproject.toml, CITATION and the CLI read it)."""

__version__ = "0.2.0"
