"""Page, fonts and paragraph styles of the Word report (GB/T 9704 as the model).

A4 portrait, margins 37/35/28/26 mm (top/bottom/left/right), body text in 三号
(16 pt) 宋体 or 仿宋_GB2312 following ``gov_report_latex_font``, lines exactly
29 pt apart, a first-line indent of two characters, 一级标题 in 黑体, 二级标题 in
楷体_GB2312, the title in 方正小标宋简体, and the page number 「— 1 —」 centred
below the text block.  Fonts are *named* (Word and WPS substitute a font the
reader's machine lacks); none is embedded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

#: Font names per role, as Word and WPS on the reader's machine know them.
FONTS: dict[str, str] = {
    "song": "宋体",
    "fangsong": "仿宋_GB2312",
    "hei": "黑体",
    "kai": "楷体_GB2312",
    "title": "方正小标宋简体",
    "mono": "等线",
    "latin": "Times New Roman",
    "latinmono": "Courier New",
}

#: Sizes: 二号 (title), 三号 (body, headings), 五号 (tables), 小五 (wide tables), 四号 (page number).
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, SMALL_TABLE_SIZE, FOOTER_SIZE = Pt(22), Pt(16), Pt(10.5), Pt(9), Pt(14)
#: Exact line pitch of the body text: 22 lines in the 225 mm text block.
LINE_PITCH = Pt(29)
#: Page geometry in millimetres.
PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26, "footer": 22}
#: Width of the text block.
TEXT_WIDTH = Mm(PAGE["width"] - PAGE["left"] - PAGE["right"])

#: The styles of the report: python-docx's built-in names (WPS and Word map them to 标题 1 …).
TITLE, HEADING, NORMAL, TABLE_TEXT, CAPTION, LITERAL = (
    "Title",
    "Heading {}",
    "Normal",
    "Gov Report Table",
    "Caption",
    "Gov Report Literal",
)


@dataclass(frozen=True)
class FontChoice:
    """The fonts of one build: the body role (song or fangsong) and the names per role."""

    body: str = "song"
    names: tuple[tuple[str, str], ...] = tuple(FONTS.items())

    def name(self, role: str) -> str:
        return dict(self.names)[role]


def set_fonts(element: object, east_asian: str, latin: str) -> None:
    """Name the fonts of a run or style (``w:rFonts``), east-Asian included; theme fonts removed."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def indent_chars(paragraph_format: object, chars: int, size: Pt) -> None:
    """First-line indent of ``chars`` characters (``w:firstLineChars``, and the length for older readers)."""
    paragraph_format.first_line_indent = Pt(size.pt * chars)  # type: ignore[attr-defined]
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def no_indent(paragraph_format: Any) -> None:
    """No first-line indent (the character-based indent inherited from 正文 is cleared too)."""
    indent_chars(paragraph_format, 0, BODY_SIZE)


def _reset(style: BaseStyle) -> None:
    """Drop the template's look of a built-in style (theme fonts, colours, borders, spacing)."""
    element = style.element
    for tag in ("w:rPr", "w:pPr"):
        for child in element.findall(qn(tag)):
            element.remove(child)


def _paragraph_style(
    document: Document, name: str, east_asian: str, latin: str, size: Pt, *, bold: bool = False
) -> BaseStyle:
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    _reset(style)
    if name != NORMAL:
        style.base_style = styles[NORMAL]
    font = style.font
    set_fonts(style.element, east_asian, latin)
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.widow_control = True
    return style


def _defaults(document: Document, fonts: FontChoice) -> None:
    """Document defaults: the body fonts by name (not the template's theme fonts), Chinese text as
    zh-CN; and no thumbnail (python-docx's template ships one of an unrelated page)."""
    for rpr in document.styles.element.iterfind(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"):
        for rfonts in rpr.findall(qn("w:rFonts")):
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                rfonts.attrib.pop(qn(f"w:{attr}"), None)
            for attr, role in (("ascii", "latin"), ("hAnsi", "latin"), ("cs", "latin"), ("eastAsia", fonts.body)):
                rfonts.set(qn(f"w:{attr}"), fonts.name(role))
        for lang in rpr.findall(qn("w:lang")):
            lang.set(qn("w:eastAsia"), "zh-CN")
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)


def set_up(document: Document, fonts: FontChoice) -> None:
    """Page geometry, the footer with the page number, and every style the writer uses."""
    _defaults(document, fonts)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.footer_distance = Mm(PAGE["footer"])
    section.header_distance = Mm(15)

    latin, body = fonts.name("latin"), fonts.name(fonts.body)
    normal = _paragraph_style(document, NORMAL, body, latin, BODY_SIZE)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # type: ignore[attr-defined]
    indent_chars(normal.paragraph_format, 2, BODY_SIZE)  # type: ignore[attr-defined]
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")

    title_font = fonts.name("title")
    # 小标宋 is a bold face of its own; any other name (e.g. 宋体) is set bold instead.
    title = _paragraph_style(document, TITLE, title_font, latin, TITLE_SIZE, bold="小标宋" not in title_font)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    title.paragraph_format.line_spacing = Pt(36)  # type: ignore[attr-defined]
    title.paragraph_format.space_after = LINE_PITCH  # type: ignore[attr-defined]
    no_indent(title.paragraph_format)  # type: ignore[attr-defined]
    title.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]

    for level, role in ((1, "hei"), (2, "kai"), (3, fonts.body), (4, fonts.body)):
        style = _paragraph_style(document, HEADING.format(level), fonts.name(role), latin, BODY_SIZE, bold=level > 2)
        style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # type: ignore[attr-defined]
        ppr = style.element.get_or_add_pPr()
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        ppr.insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")

    table = _paragraph_style(document, TABLE_TEXT, fonts.name("song"), latin, TABLE_SIZE)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # type: ignore[attr-defined]
    no_indent(table.paragraph_format)  # type: ignore[attr-defined]
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]

    caption = _paragraph_style(document, CAPTION, fonts.name("hei"), latin, Pt(14))
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    no_indent(caption.paragraph_format)  # type: ignore[attr-defined]
    caption.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]

    literal = _paragraph_style(document, LITERAL, fonts.name("mono"), fonts.name("latinmono"), Pt(10.5))
    literal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # type: ignore[attr-defined]
    no_indent(literal.paragraph_format)  # type: ignore[attr-defined]
    literal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # type: ignore[attr-defined]

    page_number(section.footer.paragraphs[0], fonts)


def page_number(paragraph: Paragraph, fonts: FontChoice) -> None:
    """「— PAGE —」 centred, 四号 宋体 (a ``PAGE`` field: Word, WPS and LibreOffice fill it in)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    no_indent(paragraph.paragraph_format)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def run(text: str = "") -> object:
        r = paragraph.add_run(text)
        r.font.size = FOOTER_SIZE
        set_fonts(r._element, fonts.name("song"), fonts.name("latin"))
        return r

    run("— ")
    for kind, code in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._element.append(char)  # type: ignore[attr-defined]
        elif code == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = code
            r._element.append(instr)  # type: ignore[attr-defined]
        else:
            r.text = code  # type: ignore[attr-defined]
    run(" —")
