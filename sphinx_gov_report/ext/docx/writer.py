"""The docutils visitor that writes a doctree into a python-docx document.

Block nodes become paragraphs in the report's styles (:mod:`.styles`), inline
markup becomes run formatting (bold, italic, literal text in the mono font,
sub- and superscript), links are written as their text followed by the URL,
footnotes as numbered paragraphs where the source puts them, images as inline
pictures no wider than the text block, and every table (the statutory ones
with their kinds) as a true Word table (:mod:`.tables`).  A node the writer
does not know is reported as a located warning (``gov-report.docx``) and its
text is written as plain text, so nothing is dropped silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Emu, Pt
from docx.text.paragraph import Paragraph
from sphinx import addnodes
from sphinx.locale import admonitionlabels

from ...core.diagnostics import Subtype, error
from ..reporting import emit
from ..tables import TABLE_CLASS, section_title
from . import styles
from .tables import spec_of, write_table

if TYPE_CHECKING:
    from docx.document import Document
    from sphinx.builders import Builder

#: Left indent of each list or quote level.
INDENT = Pt(32)
#: Nodes without printable content of their own: visited silently (children still visited).
TRANSPARENT = (
    nodes.document,
    nodes.container,
    nodes.compound,
    nodes.inline,
    nodes.generated,
    nodes.acronym,
    nodes.legend,
    nodes.definition_list_item,
    nodes.field,
    addnodes.start_of_file,
    addnodes.compact_paragraph,
    addnodes.only,
    addnodes.glossary,
    addnodes.versionmodified,
    addnodes.hlist,
    addnodes.hlistcol,
    addnodes.download_reference,
)
#: Nodes that carry nothing to print (targets, comments, metadata, messages already reported).
SKIPPED = (
    nodes.target,
    nodes.comment,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.label,
    nodes.decoration,
    nodes.meta,
    addnodes.index,
    addnodes.toctree,
    addnodes.highlightlang,
    addnodes.tabular_col_spec,
)


@dataclass(frozen=True)
class Format:
    """The formatting of the runs being written."""

    bold: bool = False
    italic: bool = False
    mono: bool = False
    superscript: bool = False
    subscript: bool = False


INLINE_FORMATS: dict[type[nodes.Node], dict[str, bool]] = {
    nodes.strong: {"bold": True},
    nodes.emphasis: {"italic": True},
    nodes.title_reference: {"italic": True},
    nodes.literal: {"mono": True},
    addnodes.literal_emphasis: {"mono": True, "italic": True},
    addnodes.literal_strong: {"mono": True, "bold": True},
    nodes.superscript: {"superscript": True},
    nodes.subscript: {"subscript": True},
}


class DocxTranslator(nodes.NodeVisitor):
    """Writes one (toctree-inlined, resolved) doctree into ``docx``."""

    def __init__(self, document: nodes.document, builder: Builder, docx: Document, docname: str) -> None:
        super().__init__(document)
        self.builder = builder
        self.docx = docx
        self.docname = docname
        self.fonts: styles.FontChoice = builder.fonts  # type: ignore[attr-defined]
        self.paragraph: Paragraph | None = None
        self.formats: list[Format] = [Format()]
        self.section_level = 0
        self.indent = 0  #: list and quote nesting
        self.lists: list[list[Any]] = []  #: [enumtype or None, counter, prefix, suffix]
        self.pending_prefix = ""  #: list marker for the next paragraph
        self.title: str | None = None  #: the report title (first top-level section title)
        self.agency: str | None = None
        self.in_literal = 0

    # ------------------------------------------------------------ helpers

    def warn(self, node: nodes.Node, message: str) -> None:
        source = node.source if node.source else None
        line = node.line
        if not source:
            parent = node.parent
            while parent is not None and not parent.source:
                parent = parent.parent
            source = parent.source if parent is not None else None
            line = line or (parent.line if parent is not None else None)
        path = source or str(self.builder.env.doc2path(self.docname))
        emit([error(Subtype.DOCX, message, path, line)])

    def new_paragraph(self, style: str = styles.NORMAL, *, indent: bool = True) -> Paragraph:
        paragraph = self.docx.add_paragraph(style=style)
        if self.indent and indent:
            paragraph.paragraph_format.left_indent = Emu(INDENT * self.indent)
        if self.pending_prefix:
            styles.no_indent(paragraph.paragraph_format)
            paragraph.add_run(self.pending_prefix)
            self.pending_prefix = ""
        self.paragraph = paragraph
        return paragraph

    def add_text(self, text: str) -> None:
        if not text:
            return
        if self.paragraph is None:
            self.new_paragraph()
        assert self.paragraph is not None
        fmt = self.formats[-1]
        run = self.paragraph.add_run(text)
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.superscript:
            run.font.superscript = True
        if fmt.subscript:
            run.font.subscript = True
        if fmt.mono:
            styles.set_fonts(run._element, self.fonts.name("mono"), self.fonts.name("latinmono"))

    def push(self, **changes: bool) -> None:
        self.formats.append(replace(self.formats[-1], **changes))

    def pop(self, node: nodes.Node | None = None) -> None:
        self.formats.pop()

    def end_paragraph(self, node: nodes.Node | None = None) -> None:
        self.paragraph = None

    # ------------------------------------------------------------ dispatch

    def dispatch_visit(self, node: nodes.Node) -> None:
        for cls, changes in INLINE_FORMATS.items():
            if type(node) is cls:
                self.push(**changes)
                return
        if isinstance(node, SKIPPED):
            raise nodes.SkipNode
        if isinstance(node, TRANSPARENT):
            return
        super().dispatch_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        if type(node) in INLINE_FORMATS:
            self.pop()
            return
        if isinstance(node, TRANSPARENT):
            return
        super().dispatch_departure(node)

    def unknown_visit(self, node: nodes.Node) -> None:
        """Not a construct the Word writer knows: warn, and write its text as plain text."""
        name = node.__class__.__name__
        text = node.astext().strip()
        self.warn(
            node, f"Word 输出不支持「{name}」元素，已按纯文字写入" if text else f"Word 输出不支持「{name}」元素，已略去"
        )
        if text:
            if isinstance(node, nodes.Inline) or isinstance(node.parent, nodes.TextElement):
                self.add_text(text)
            else:
                self.new_paragraph().add_run(text)
                self.paragraph = None
        raise nodes.SkipNode

    def unknown_departure(self, node: nodes.Node) -> None:  # pragma: no cover - unknown_visit skips
        pass

    # ------------------------------------------------------------ text and paragraphs

    def visit_Text(self, node: nodes.Text) -> None:
        text = node.astext()
        if not self.in_literal:
            text = text.replace("\n", " ")
        self.add_text(text)

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.new_paragraph()

    depart_paragraph = end_paragraph

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.table):
            raise nodes.SkipNode  # written by visit_table
        if isinstance(parent, nodes.section):
            if self.section_level <= 1 and self.title is None:
                self.title = node.astext()
                self.write_title(node.astext())
                raise nodes.SkipNode
            level = min(max(self.section_level - 1, 1), 4)
            self.new_paragraph(styles.HEADING.format(level), indent=False)
            return
        # topics, sidebars, admonitions: a bold line
        self.new_paragraph(indent=False)
        self.push(bold=True)

    def depart_title(self, node: nodes.title) -> None:
        if not isinstance(node.parent, nodes.section):
            self.pop()
        self.paragraph = None

    def write_title(self, text: str) -> None:
        """The report title, the agency on a line of its own (as in the PDF's title block)."""
        paragraph = self.docx.add_paragraph(style=styles.TITLE)
        agency = self.agency or self._agency()
        if agency and text.startswith(agency) and len(text) > len(agency):
            paragraph.add_run(agency).add_break(WD_BREAK.LINE)
            paragraph.add_run(text[len(agency) :])
        else:
            paragraph.add_run(text)
        self.paragraph = None

    def _agency(self) -> str | None:
        for container in self.document.findall(nodes.container):
            if "gov-report-preamble" in container["classes"] and container.get("gov_agency"):
                self.agency = str(container["gov_agency"])
                return self.agency
        return None

    def visit_subtitle(self, node: nodes.Element) -> None:
        self.new_paragraph(styles.TITLE, indent=False)

    depart_subtitle = end_paragraph

    def visit_rubric(self, node: nodes.Element) -> None:
        self.new_paragraph(indent=False)
        self.push(bold=True)

    def depart_rubric(self, node: nodes.Element) -> None:
        self.pop()
        self.paragraph = None

    def visit_abbreviation(self, node: nodes.Element) -> None:
        pass

    def depart_abbreviation(self, node: nodes.Element) -> None:
        if node.get("explanation"):
            self.add_text(f"（{node['explanation']}）")

    def visit_centered(self, node: nodes.Element) -> None:
        self.new_paragraph(indent=False).alignment = WD_ALIGN_PARAGRAPH.CENTER
        styles.no_indent(self.paragraph.paragraph_format)  # type: ignore[union-attr]

    depart_centered = end_paragraph

    def visit_literal_block(self, node: nodes.Element) -> None:
        for line in node.astext().split("\n"):
            paragraph = self.new_paragraph(styles.LITERAL)
            if line:
                paragraph.add_run(line)
        self.paragraph = None
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

    def visit_line_block(self, node: nodes.Element) -> None:
        pass

    def depart_line_block(self, node: nodes.Element) -> None:
        pass

    def visit_line(self, node: nodes.Element) -> None:
        self.new_paragraph()

    depart_line = end_paragraph

    def visit_block_quote(self, node: nodes.Element) -> None:
        self.indent += 1

    def depart_block_quote(self, node: nodes.Element) -> None:
        self.indent -= 1

    def visit_attribution(self, node: nodes.Element) -> None:
        self.new_paragraph().alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.add_text("——")

    depart_attribution = end_paragraph

    def visit_transition(self, node: nodes.Element) -> None:
        self.new_paragraph(indent=False).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.add_text("＊　＊　＊")
        self.paragraph = None
        raise nodes.SkipNode

    def visit_topic(self, node: nodes.Element) -> None:
        pass

    def depart_topic(self, node: nodes.Element) -> None:
        pass

    visit_sidebar, depart_sidebar = visit_topic, depart_topic

    # ------------------------------------------------------------ admonitions

    def visit_admonition(self, node: nodes.Element) -> None:
        name = node.tagname
        if name != "admonition" and name in admonitionlabels:
            self.new_paragraph(indent=False)
            self.push(bold=True)
            self.add_text(str(admonitionlabels[name]))
            self.pop()
            self.paragraph = None
        self.indent += 1

    def depart_admonition(self, node: nodes.Element) -> None:
        self.indent -= 1

    # ------------------------------------------------------------ lists

    def visit_bullet_list(self, node: nodes.Element) -> None:
        self.lists.append([None, 0, "", ""])
        self.indent += 1

    def depart_bullet_list(self, node: nodes.Element) -> None:
        self.lists.pop()
        self.indent -= 1

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        start = int(node.get("start", 1))
        self.lists.append([node.get("enumtype", "arabic"), start - 1, node.get("prefix", ""), node.get("suffix", ".")])
        self.indent += 1

    depart_enumerated_list = depart_bullet_list

    def visit_list_item(self, node: nodes.Element) -> None:
        kind, count, prefix, suffix = self.lists[-1]
        count += 1
        self.lists[-1][1] = count
        self.pending_prefix = "• " if kind is None else f"{prefix}{_enumerate(kind, count)}{suffix} "

    def depart_list_item(self, node: nodes.Element) -> None:
        self.pending_prefix = ""

    def visit_definition_list(self, node: nodes.Element) -> None:
        pass

    def depart_definition_list(self, node: nodes.Element) -> None:
        pass

    def visit_term(self, node: nodes.Element) -> None:
        self.new_paragraph()
        self.push(bold=True)

    def depart_term(self, node: nodes.Element) -> None:
        self.pop()
        self.paragraph = None

    def visit_classifier(self, node: nodes.Element) -> None:
        self.add_text("：")

    def depart_classifier(self, node: nodes.Element) -> None:
        pass

    def visit_definition(self, node: nodes.Element) -> None:
        self.indent += 1

    def depart_definition(self, node: nodes.Element) -> None:
        self.indent -= 1

    visit_field_list, depart_field_list = visit_definition_list, depart_definition_list

    def visit_field_name(self, node: nodes.Element) -> None:
        self.new_paragraph()
        self.push(bold=True)

    def depart_field_name(self, node: nodes.Element) -> None:
        self.add_text("：")
        self.pop()
        self.paragraph = None

    visit_field_body, depart_field_body = visit_definition, depart_definition
    visit_option_list, depart_option_list = visit_definition_list, depart_definition_list
    visit_option_list_item, depart_option_list_item = visit_definition_list, depart_definition_list
    visit_description, depart_description = visit_definition, depart_definition

    def visit_option_group(self, node: nodes.Element) -> None:
        self.new_paragraph()
        self.push(mono=True)
        self.add_text(node.astext())
        self.pop()
        self.paragraph = None
        raise nodes.SkipNode

    # ------------------------------------------------------------ links and notes

    def visit_reference(self, node: nodes.Element) -> None:
        pass

    def depart_reference(self, node: nodes.Element) -> None:
        uri = str(node.get("refuri", ""))
        if (
            not uri
            or node.get("internal")
            or uri.startswith("#")
            or ("://" not in uri and not uri.startswith("mailto:"))
        ):
            return
        shown = uri[len("mailto:") :] if uri.startswith("mailto:") else uri
        if shown != node.astext().strip():
            self.add_text(f"（{shown}）")

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        self.push(superscript=True)
        self.add_text(f"[{node.astext()}]")
        self.pop()
        raise nodes.SkipNode

    visit_citation_reference = visit_footnote_reference

    def visit_footnote(self, node: nodes.Element) -> None:
        labels = [child.astext() for child in node.children if isinstance(child, nodes.label)]
        self.pending_prefix = f"[{labels[0]}] " if labels else ""
        self.indent += 1

    def depart_footnote(self, node: nodes.Element) -> None:
        self.pending_prefix = ""
        self.indent -= 1

    visit_citation, depart_citation = visit_footnote, depart_footnote

    # ------------------------------------------------------------ images, figures, tables

    def visit_figure(self, node: nodes.Element) -> None:
        pass

    def depart_figure(self, node: nodes.Element) -> None:
        pass

    def visit_caption(self, node: nodes.Element) -> None:
        self.new_paragraph(styles.CAPTION, indent=False)

    depart_caption = end_paragraph

    def visit_image(self, node: nodes.Element) -> None:
        uri = str(node.get("uri", ""))
        alt = str(node.get("alt", "")) or os.path.basename(uri)
        path = os.path.join(str(self.builder.srcdir), uri)
        if "://" in uri or not os.path.isfile(path):
            self.warn(node, f"Word 输出无法嵌入图片「{uri}」（只能嵌入本项目中的图片文件），已写入其说明文字")
            self.add_text(f"［图：{alt}］")
            raise nodes.SkipNode
        inline = isinstance(node.parent, nodes.TextElement)
        paragraph = self.paragraph if inline and self.paragraph is not None else self.new_paragraph(indent=False)
        if not inline:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            styles.no_indent(paragraph.paragraph_format)
            paragraph.paragraph_format.line_spacing = None
        try:
            picture = paragraph.add_run().add_picture(path)
        except Exception as exc:  # python-docx raises its own errors for unknown image formats
            self.warn(node, f"Word 输出无法嵌入图片「{uri}」（{exc}），已写入其说明文字")
            self.add_text(f"［图：{alt}］")
            raise nodes.SkipNode from None
        if picture.width is not None and picture.width > styles.TEXT_WIDTH:
            ratio = styles.TEXT_WIDTH / picture.width
            picture.width = styles.TEXT_WIDTH
            picture.height = Emu(int(picture.height * ratio))
        if not inline:
            self.paragraph = None
        raise nodes.SkipNode

    def visit_table(self, node: nodes.table) -> None:
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        caption = title.astext() if title is not None else None
        if caption is not None and TABLE_CLASS in node["classes"] and caption == section_title(node):
            caption = None  # as in the PDF: the section heading names the statutory table
        if caption:
            self.new_paragraph(styles.CAPTION, indent=False).add_run(caption)
        self.paragraph = None
        write_table(self.docx, spec_of(node))
        raise nodes.SkipNode

    # ------------------------------------------------------------ other inline nodes

    def visit_math(self, node: nodes.Element) -> None:
        self.warn(node, "Word 输出不能排版数学公式，已按原文写入")
        self.push(italic=True)
        self.add_text(node.astext())
        self.pop()
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.Element) -> None:
        self.warn(node, "Word 输出不能排版数学公式，已按原文写入")
        self.visit_literal_block(node)

    def visit_raw(self, node: nodes.Element) -> None:
        if "docx" in str(node.get("format", "")).split():
            self.warn(node, "Word 输出不能写入 raw 内容，已略去")
        elif node.astext().strip():
            self.warn(node, f"「raw:: {node.get('format', '')}」的内容不会出现在 Word 输出中")
        raise nodes.SkipNode

    def visit_problematic(self, node: nodes.Element) -> None:
        pass  # the error was reported when the document was read; its text is written

    def depart_problematic(self, node: nodes.Element) -> None:
        pass


for _name in ("attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning", "seealso"):
    setattr(DocxTranslator, f"visit_{_name}", DocxTranslator.visit_admonition)
    setattr(DocxTranslator, f"depart_{_name}", DocxTranslator.depart_admonition)


def _enumerate(kind: str, n: int) -> str:
    if kind == "loweralpha":
        return chr(ord("a") + (n - 1) % 26)
    if kind == "upperalpha":
        return chr(ord("A") + (n - 1) % 26)
    if kind in ("lowerroman", "upperroman"):
        numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
        numerals += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, rest = "", n
        for value, digits in numerals:
            while rest >= value:
                out, rest = out + digits, rest - value
        return out.upper() if kind == "upperroman" else out
    return str(n)
