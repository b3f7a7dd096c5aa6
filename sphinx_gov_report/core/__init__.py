"""The engine: the statute as data, the report model, the YAML reader, the rules and the grid.

Nothing in this package imports Sphinx or docutils; the CLI and other tools use it alone.
"""
