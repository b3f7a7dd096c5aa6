"""The ``govreport`` domain: what the build found for each document's report.

Per document, the report data files it uses and every finding logged for them
(:class:`Record`).  Sphinx purges a document's records before re-reading it
(:meth:`GovReportDomain.clear_doc`) and merges them from parallel readers
(:meth:`GovReportDomain.merge_domaindata`).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

from ..core.diagnostics import Issue

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


@dataclass
class Record:
    """What the build found for one report used by one document."""

    path: str
    agency: str = ""
    year: int = 0
    issues: list[Issue] = field(default_factory=list)  #: as logged (suppressed warnings left out)
    acknowledged: list[str] = field(default_factory=list)  #: summary lines of acknowledged exceptions


class GovReportDomain(Domain):
    """Per-document records of the reports and their findings (no roles or directives of its own)."""

    name = "govreport"
    label = "政府信息公开工作年度报告"
    data_version = 2
    initial_data = {"records": {}, "reading": [], "texts": {}}

    @property
    def records(self) -> dict[str, dict[str, Record]]:
        """docname → data file path → :class:`Record`."""
        return self.data.setdefault("records", {})

    @property
    def texts(self) -> dict[str, Any]:
        """docname → the report's section texts (``checks.UnitTexts``), for 雷同 between units."""
        return self.data.setdefault("texts", {})

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.texts.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, records in otherdata.get("records", {}).items():
            if docname in docnames:
                self.records[docname] = records
        for docname, texts in otherdata.get("texts", {}).items():
            if docname in docnames:
                self.texts[docname] = texts

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, Any]]:
        return []

    def note_reading(self, docnames: Iterable[str]) -> None:
        """The documents this build reads (their findings are logged as they are read)."""
        self.data["reading"] = sorted(docnames)

    def unread(self) -> list[str]:
        """Documents with records that this build did not read (their findings are logged again)."""
        reading = set(self.data.get("reading", ()))
        return sorted(set(self.records) - reading)


def domain(env: BuildEnvironment) -> GovReportDomain:
    return env.get_domain(GovReportDomain.name)  # type: ignore[return-value]
