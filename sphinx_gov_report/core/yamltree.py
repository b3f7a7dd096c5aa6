"""Reading YAML into a small tree of located nodes, safely.

PyYAML's own loaders guess types the YAML 1.1 way (``0012`` is octal 10, ``no``
is false, ``2021-01-01`` a date) and silently keep the last of duplicate keys.
We read the *event stream* instead (with libyaml when available) and build a
tree of strings that remember their line and column.  Types are decided later,
by :mod:`sphinx_gov_report.loader`, with clear messages.

The event stream is consumed without recursion, so deep nesting and alias
bombs are refused cheaply, within the limits below.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .characters import describe, unsafe_characters
from .diagnostics import Issue, Subtype, error, notice

try:  # the libyaml-backed parser, much faster; pure Python otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest data file read, in bytes.
MAX_BYTES = 1024 * 1024
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 12
#: Most nodes (scalars, mappings, sequences) in one file.
MAX_NODES = 20000
#: Longest scalar, in characters.
MAX_SCALAR = 10000


@dataclass
class YScalar:
    value: str
    plain: bool
    line: int
    column: int


@dataclass
class YSeq:
    line: int
    column: int
    items: list[YNode] = field(default_factory=list)


@dataclass
class YMap:
    line: int
    column: int
    items: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)
    #: Keys written a second time (ignored): the repeated key and the line of the first one.
    duplicates: list[tuple[YScalar, int]] = field(default_factory=list)


YNode = YScalar | YSeq | YMap


class _Abort(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


def decode(data: bytes, path: str) -> tuple[str | None, list[Issue]]:
    """Decode a data file: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030."""
    if len(data) > MAX_BYTES:
        return None, [error(Subtype.FILE, f"文件过大：超过 {MAX_BYTES // 1024} KiB 的上限，请检查是否选错了文件", path)]
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [error(Subtype.FILE, "文件不是文本文件（含有空字节），请使用 UTF-8 编码的 YAML 文件", path)]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, [error(Subtype.FILE, "文件以 UTF-16 字节序标记开头，但内容无法按 UTF-16 解码", path)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        return None, [
            error(Subtype.FILE, "文件编码无法识别：应为 UTF-8（也可读取 GBK/GB18030），请另存为 UTF-8", path, line)
        ]
    return text, [notice(Subtype.FILE, "文件不是 UTF-8 编码，已按 GBK/GB18030 读取；建议另存为 UTF-8 编码", path)]


#: Characters YAML does not allow in a file (control characters other than tab and line breaks).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

#: PyYAML/libyaml problem texts and what they mean for someone editing the file.
_PROBLEMS = (
    ("tab", "不能用 Tab 键缩进，请改用空格"),
    ("mapping values are not allowed", "此处不能出现「键: 值」：请检查缩进，或在含冒号的值两边加引号"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或数字之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 没有闭合，或各项之间缺少逗号"),
    ("unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("did not find expected key", "缩进不一致，或此行缺少「键: 值」中的冒号"),
    ("could not find expected ':'", "此行缺少冒号「:」（键和值之间应为冒号加空格）"),
    ("expected <block end>", "缩进不一致：请检查此行与上面几行的缩进"),
    ("did not find expected '-' indicator", "列表的缩进不一致：请检查以「-」开头的各行"),
    ("unknown escape character", "双引号中的反斜杠「\\」无效：请改用单引号，或写作「\\\\」"),
    ("cannot start any token", "此处的字符不能作为值的开头（如 @、`、%）：请在值两边加引号"),
    ("exceeded maximum nesting depth", f"嵌套层次过深：最多 {MAX_DEPTH} 层"),
    ("expected <document start>", "文件结构有误：一个文件只能包含一份报告，请检查缩进"),
    ("unexpected ':'", "多余的冒号：请检查此行，含冒号的值请加引号"),
    ("undefined alias", "不支持 YAML 别名（*引用），请直接写出数值"),
    ("alphabetic or numeric character", "锚点或别名（& 或 *）的写法有误；报告数据中不需要使用它们"),
)


def _explain(problem: str, tab: bool = False) -> str:
    for needle, meaning in _PROBLEMS:
        if needle in problem or (tab and needle == "tab"):
            return f"YAML 语法错误：{meaning}（解析器提示：{problem}）"
    return f"YAML 语法错误，请检查此行附近的缩进、冒号、引号和括号（解析器提示：{problem}）"


def _leading(text: str, line: int) -> str:
    """The indentation of line ``line`` (0-based) of ``text``."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return ""
    content = lines[line]
    return content[: len(content) - len(content.lstrip())]


#: Line breaks for YAML 1.1 (and libyaml) that editors, Sphinx and ``grep`` do not count as lines.
_EXTRA_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK = re.compile("\r\n|[\r\n]")


class Lines:
    """Maps the parser's marks to the lines and columns an editor shows.

    libyaml also ends a line at U+0085, U+2028 and U+2029; only LF, CR LF and CR
    count here.  Marks carry a character index, which is mapped back.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        if _EXTRA_BREAKS.search(text):
            self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    @property
    def plain(self) -> bool:
        """Whether the parser's lines and columns are the editor's (no U+0085/U+2028/U+2029 in the text)."""
        return self._starts is None

    @property
    def count(self) -> int:
        """The number of lines (a final line break does not start another)."""
        breaks = len(_BREAK.findall(self._text))
        return max(1, breaks + (0 if self._text.endswith(("\n", "\r")) else 1))

    def hidden_break(self, index: int, line: int) -> tuple[str, int, int] | None:
        """The last U+0085/U+2028/U+2029 before ``index`` if it is on ``line`` or the line above."""
        if self._starts is None:
            return None
        last = None
        for match in _EXTRA_BREAKS.finditer(self._text, 0, index + 1):
            last = match
        if last is None:
            return None
        at = bisect.bisect_right(self._starts, last.start()) - 1
        if at + 1 < line - 1:
            return None
        return last.group(), at + 1, last.start() - self._starts[at] + 1

    def at(self, mark: Any) -> tuple[int, int]:
        """The 1-based line and column of ``mark``."""
        if self._starts is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self._starts, mark.index) - 1
        return line + 1, mark.index - self._starts[line] + 1


#: Parser contexts whose start is where the mistake was made (an unclosed quote or bracket).
_OPENING_CONTEXTS = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, lines: Lines, path: str) -> Issue:
    """The located message for a syntax error: at the opening quote or bracket when one is unclosed."""
    problem = exc.problem or exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:  # pragma: no cover - libyaml always marks its errors
        return error(Subtype.YAML, _explain(problem), path, 1)
    line, col = lines.at(mark)
    tab = "\t" in _leading(text, line - 1)
    message = _explain(problem, tab)
    hidden = lines.hidden_break(mark.index, line)
    if hidden is not None:  # the parser saw a new line where the editor shows none
        char, line, col = hidden
        return error(
            Subtype.YAML,
            f"YAML 语法错误：此行含有字符 {describe([char])}，YAML 会把它当作换行，因此下文无法解析；"
            f"请删除该字符，或给整个值加上引号（解析器提示：{problem}）",
            path,
            line,
            col,
        )
    opened = exc.context_mark
    if opened is not None and exc.context == "while scanning a simple key":  # the key without its colon
        line, col = lines.at(opened)
    elif opened is not None and exc.context in _OPENING_CONTEXTS:
        open_line, open_col = lines.at(opened)
        if (open_line, open_col) != (line, col):
            what = "引号" if "quoted" in exc.context else "括号"
            where = f"第 {line} 行" if line != open_line else f"第 {col} 列"
            message += f"；此{what}从这里开始，在{where}发现问题"
            line, col = open_line, open_col
    last = lines.count
    if line > last:  # the end of a file without a final line break: its last line
        line, col = last, 1
    return error(Subtype.YAML, message, path, line, col)


def parse(text: str, path: str) -> tuple[YNode | None, list[Issue]]:
    """Parse one YAML document into located nodes; never raises."""
    issues: list[Issue] = []
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        message = f"文件中含有不可见的控制字符（U+{ord(bad.group()):04X}），请删除它；常见于从其他软件复制粘贴的文字"
        return None, [error(Subtype.YAML, message, path, line, col)]
    lines = Lines(text)
    try:
        root = _build(text, path, issues, lines)
    except _Abort as abort:
        return None, [*issues, abort.issue]
    except yaml.MarkedYAMLError as exc:
        return None, [*issues, _syntax_error(exc, text, lines, path)]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught above
        return None, [*issues, error(Subtype.YAML, f"YAML 文件无法读取（{exc}）", path, 1)]
    if root is None:
        return None, [*issues, error(Subtype.YAML, "文件为空：没有任何报告数据（至少需要 agency 和 year）", path, 1)]
    return root, issues


_SCALAR = yaml.ScalarEvent
_MAPPING_START = yaml.MappingStartEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(text: str, path: str, issues: list[Issue], lines: Lines) -> YNode | None:
    """The tree of the event stream (one pass, no recursion; the events' order of checks is the documented one:
    document count, alias, node count, anchor, tag, then a scalar's length and characters or the depth)."""
    stack: list[YMap | YSeq] = []
    pending_key: list[YScalar | None] = []
    root: YNode | None = None
    documents = 0
    count = 0
    plain_lines = lines.plain
    loader = _Loader(text)
    try:
        while True:
            event: Any = loader.get_event()
            kind = type(event)
            if kind in _ENDS:
                stack.pop()
                pending_key.pop()
                continue
            if event is None or kind is yaml.StreamEndEvent:
                break
            mark = event.start_mark
            if plain_lines:
                line, col = mark.line + 1, mark.column + 1
            else:
                line, col = lines.at(mark)
            if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
                count += 1
                if count > MAX_NODES:
                    raise _Abort(error(Subtype.YAML, f"文件过大：数据项超过 {MAX_NODES} 个的上限", path, line, col))
                if event.anchor:
                    raise _Abort(
                        error(Subtype.YAML, "不支持 YAML 锚点和别名（&锚点），请直接写出数值", path, line, col)
                    )
                tag = event.tag
                if tag and not (kind is _SCALAR and event.implicit[0]):
                    shown = tag if len(tag) <= 40 else tag[:40] + "…"
                    raise _Abort(
                        error(
                            Subtype.YAML, f"不支持 YAML 标签「{shown}」：请删除它，直接写出数值或文字", path, line, col
                        )
                    )
                node: YNode
                if kind is _SCALAR:
                    value = event.value
                    if len(value) > MAX_SCALAR:
                        raise _Abort(
                            error(Subtype.YAML, f"文字过长：一项内容最多 {MAX_SCALAR} 个字符", path, line, col)
                        )
                    refused = unsafe_characters(value)
                    if refused:  # written as escapes ("\0", "\e", "\x9b") or as bidirectional controls
                        message = (
                            f"此项内容含有不允许的控制字符 {describe(refused)}（常由双引号中的转义序列如「\\0」「\\e」"
                            "写出，或从其他软件复制粘贴带入），请删除它"
                        )
                        raise _Abort(error(Subtype.YAML, message, path, line, col))
                    node = YScalar(value, bool(event.implicit[0]), line, col)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise _Abort(error(Subtype.YAML, f"嵌套层次过深：最多 {MAX_DEPTH} 层", path, line, col))
                    node = YMap(line, col) if kind is _MAPPING_START else YSeq(line, col)
                # attach the node to its parent
                if not stack:
                    root = node
                else:
                    parent = stack[-1]
                    if isinstance(parent, YSeq):
                        parent.items.append(node)
                    else:
                        key = pending_key[-1]
                        if key is None:
                            if not isinstance(node, YScalar):
                                raise _Abort(
                                    error(Subtype.YAML, "映射的键必须是简单文字", path, node.line, node.column)
                                )
                            pending_key[-1] = node
                        else:
                            pending_key[-1] = None
                            items = parent.items
                            if key.value in items:
                                # Reported by the loader, which knows the official labels of the place.
                                parent.duplicates.append((key, items[key.value][0].line))
                            else:
                                items[key.value] = (key, node)
                if kind is not _SCALAR:
                    stack.append(node)  # type: ignore[arg-type]  # a YMap or YSeq
                    pending_key.append(None)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Abort(error(Subtype.YAML, "一个文件只能包含一份报告（发现多个 YAML 文档）", path, line, col))
            elif kind is yaml.AliasEvent:
                raise _Abort(error(Subtype.YAML, "不支持 YAML 锚点和别名（*引用），请直接写出数值", path, line, col))
    finally:
        loader.dispose()
    return root
