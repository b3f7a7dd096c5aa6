"""Import published reports (HTML pages, Word .docx, PDF, pasted text) into data and prose.

Imports no Sphinx or docutils: the readers turn a source into :class:`~.document.Document`
blocks, :mod:`.tables` maps their cells to the statute's cells by label, :mod:`.prose`
keeps the six sections, :mod:`.writer` writes the project and :mod:`.report` the
import report.  Entry point: :func:`.run.import_source`.
"""
