"""The ``docx`` builder: one Word file per report document.

The report documents are those with a ``gov-report`` directive (the records of the
``govreport`` domain); a project without any writes its root document.  Each report document is
written with the documents of its toctrees inlined (except other report documents,
which get their own file), as ``<outdir>/<docname>.docx``.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.console import darkgreen
from sphinx.util.display import status_iterator
from sphinx.util.nodes import inline_all_toctrees
from sphinx.util.osutil import ensuredir

from ...core.diagnostics import WARNING_TYPE
from ..config import settings
from ..domain import domain

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from docutils import nodes

    from .styles import FontChoice

logger = logging.getLogger(__name__)


def report_docnames(builder: Builder) -> list[str]:
    """The documents that get a Word file: those naming a report, else the root document."""
    records = domain(builder.env).records
    found = [d for d in sorted(records) if d in builder.env.found_docs]
    return found or [builder.config.root_doc]


def _font_names(config: Any) -> dict[str, str]:
    """The font names per role: the defaults, with ``gov_report_docx_fonts`` applied (bad entries warned about)."""
    from .styles import FONTS

    names = dict(FONTS)
    chosen = settings(config).docx_fonts  # a dict (checked at config-inited); its entries are checked here
    for role, name in chosen.items():
        if role not in FONTS:
            logger.warning(
                "gov_report_docx_fonts 中的字体角色「%s」未知，已忽略；可用的角色：%s",
                role,
                "、".join(FONTS),
                type=WARNING_TYPE,
                subtype="docx",
            )
        elif not isinstance(name, str) or not name.strip():
            logger.warning(
                "gov_report_docx_fonts 中「%s」的值应为字体名称（文字），实际为「%r」，已忽略",
                role,
                name,
                type=WARNING_TYPE,
                subtype="docx",
            )
        else:
            names[role] = name.strip()
    return names


def _created() -> datetime:
    """The build time, or ``SOURCE_DATE_EPOCH`` for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    return datetime.now(tz=timezone.utc).replace(tzinfo=None).replace(microsecond=0)


class DocxBuilder(Builder):
    """Writes each report as a Word (.docx) file, tables with true merged cells.

    python-docx is imported when the builder starts, not with the extension (other builds stay fast).
    """

    name = "docx"
    format = "docx"
    epilog = __("Word 文件已写入 %(outdir)s 。")
    supported_image_types = ["image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff"]
    supported_remote_images = False

    def init(self) -> None:
        from . import styles
        from .writer import DocxTranslator

        self.default_translator_class = DocxTranslator  # type: ignore[misc]  # imported late, see above
        body = settings(self.config).latex_font  # validated at config-inited (song or fangsong)
        self.fonts: FontChoice = styles.FontChoice(body=body, names=tuple(_font_names(self.config).items()))
        self.targets: list[str] = []

    def get_outdated_docs(self) -> Iterable[str]:
        return self.env.found_docs  # a Word file holds several documents: always rewritten

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        self.targets = report_docnames(self)

    def write_documents(self, docnames: Set[str]) -> None:
        """Write every report (Sphinx ≥ 8.1 calls this; each report's doctree is assembled and
        resolved once, here, so unresolved references are reported once)."""
        verbosity = self.config.verbosity if "verbosity" in self.config else 0  # a config value since Sphinx 8
        for docname in status_iterator(
            self.targets, __("writing output... "), "darkgreen", len(self.targets), verbosity
        ):
            self.write_report(docname)

    if not hasattr(Builder, "write_documents"):  # Sphinx < 8.1: the same, from ``write``

        def write(self, *ignored: Any) -> None:  # type: ignore[misc]
            self.events.emit("write-started", self)
            self.prepare_writing(set(self.env.found_docs))
            self.write_documents(set(self.env.found_docs))

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """Write ``docname``'s Word file if it is a report (``doctree`` is assembled anew)."""
        if docname in self.targets:
            self.write_report(docname)

    def write_report(self, docname: str) -> None:
        """Write the Word file of the report document ``docname``, its toctrees inlined."""
        others = [d for d in self.targets if d != docname]
        tree = inline_all_toctrees(self, set(), docname, self.env.get_doctree(docname), darkgreen, [docname, *others])
        tree["docname"] = docname
        self.env.resolve_references(tree, docname, self)
        self.post_process_images(tree)

        from docx import Document

        from . import styles

        document = Document()
        styles.set_up(document, self.fonts)
        translator = self.create_translator(tree, self, document, docname)
        tree.walkabout(translator)

        props = document.core_properties
        props.title = getattr(translator, "title", None) or self.config.project
        props.author = getattr(translator, "agency", None) or self._agency(docname) or self.config.author or ""
        props.last_modified_by = props.author
        props.language = "zh-CN"
        props.comments = ""
        props.keywords = "政府信息公开工作年度报告"
        props.revision = 1
        props.created = props.modified = _created()

        target = os.path.join(self.outdir, f"{docname}.docx")
        try:
            ensuredir(os.path.dirname(target))
            document.save(target)
        except OSError as exc:
            logger.warning(
                "无法写入 Word 文件「%s」：%s（该文件是否正在 Word 或 WPS 中打开？关闭后重新构建）",
                target,
                exc.strerror or exc,
                location=docname,
                type=WARNING_TYPE,
                subtype="docx",
            )

    def _agency(self, docname: str) -> str:
        for record in domain(self.env).records.get(docname, {}).values():
            if record.agency:
                return record.agency
        return ""

    def finish(self) -> None:
        pass
