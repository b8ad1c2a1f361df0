"""Greenhouse: the internal learning portal's content model, CLI and MkDocs plugins."""

__version__ = "0.1.0"
