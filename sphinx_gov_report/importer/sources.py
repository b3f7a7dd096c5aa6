"""Detect the kind of a source file and read it safely.

Limits: a source is at most :data:`MAX_BYTES`; a .docx (a zip) may not unpack to more
than :data:`MAX_UNZIPPED` bytes nor compress better than :data:`MAX_RATIO`:1 (zip bombs);
XML with a DOCTYPE (external or recursive entities) is refused.  Nothing is fetched from
the network.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .document import Document, ImportFailure

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10000

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
KINDS = {"html": "HTML 网页", "docx": "Word 文档（.docx）", "pdf": "PDF 文件", "text": "纯文本"}


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refusing folders, missing and oversized files."""
    if not path.exists():
        raise ImportFailure(f"{path}：文件不存在")
    if not path.is_file():
        raise ImportFailure(f"{path}：不是文件")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailure(f"{path}：文件是空的（没有文字内容）")
    if size > MAX_BYTES:
        raise ImportFailure(f"{path}：文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"{path}：无法读取文件（{exc.strerror or exc}）") from None


def detect_kind(path: Path, data: bytes) -> str:
    """``pdf``, ``docx``, ``html`` or ``text``, from the content first and the file name second."""
    suffix = path.suffix.lower()
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and suffix == ".pdf"):
        return "pdf"
    if suffix == ".pdf":
        raise ImportFailure(f"{path}：文件名是 .pdf，但内容不是 PDF 文件")
    if data[:4] == b"PK\x03\x04" and suffix not in (HTML_SUFFIXES | TEXT_SUFFIXES) - {""}:
        return "docx"
    if suffix in {".docx", ".docm"}:
        raise ImportFailure(f"{path}：文件名是 .docx，但内容不是 Word 文档（.docx 应为 zip 格式）")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFailure(f"{path}：这是旧版 Word（.doc）或 Excel 文件，请在 Word/WPS 中另存为 .docx 后再导入")
    if suffix in HTML_SUFFIXES:
        return "html"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    if suffix in TEXT_SUFFIXES or suffix in {".csv", ".log"}:
        return "text"
    if b"\x00" in data[:4096]:
        raise ImportFailure(f"{path}：无法识别的文件类型（支持 HTML、.docx、PDF 和纯文本）")
    return "text"


def decode_text(path: Path, data: bytes) -> str:
    """Text bytes as UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailure(f"{path}：无法识别文字编码（应为 UTF-8 或 GBK/GB18030）")


def check_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    """The .docx as a zip, refused if it is not one or would unpack too large (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFailure(f"{path}：Word 文档已损坏或不是 .docx（无法作为 zip 打开）") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailure(f"{path}：Word 文档包含的部件过多（{len(members)} 个），拒绝导入")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNZIPPED or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise ImportFailure(f"{path}：Word 文档解压后过大（疑似 zip 炸弹），拒绝导入")
    names = {info.filename for info in members}
    if "word/document.xml" not in names:
        raise ImportFailure(f"{path}：不是 Word 文档（缺少 word/document.xml）")
    for name in names:
        if name.endswith((".xml", ".rels")):
            with archive.open(name) as fh:
                start = fh.read(4096)
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise ImportFailure(f"{path}：Word 文档的 {name} 含有 DOCTYPE/实体声明（可能引用外部文件），拒绝导入")
    return archive


def read_document(path: Path) -> Document:
    """Read ``path`` with the reader for its kind."""
    data = read_bytes(path)
    kind = detect_kind(path, data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, data)
    if kind == "docx":
        from .docx import read_docx

        check_zip(path, data)
        return read_docx(path, data)
    if kind == "html":
        from .html import read_html

        return read_html(path, data)
    from .text import read_text

    return read_text(path, decode_text(path, data))
