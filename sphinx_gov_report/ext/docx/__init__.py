"""Word output: the ``docx`` builder, built on python-docx (see ``docs/docx.rst``)."""

from .builder import DocxBuilder

__all__ = ["DocxBuilder"]
