"""Full-text search over the models the content apps register (see search/registry.py)."""

from search.registry import Names, Rows, register

__all__ = ["Names", "Rows", "register"]
