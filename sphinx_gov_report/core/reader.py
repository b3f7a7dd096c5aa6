"""Loading a report's YAML file into a :class:`~sphinx_gov_report.model.Report`.

Loading never raises: every problem becomes an :class:`~sphinx_gov_report.diagnostics.Issue`
located at the YAML line, naming the cell by its official labels.  Results are
cached per file (keyed by path, size and modification time), so the several
directives and roles of a document share one parse.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import threading
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import statute
from .characters import describe, unsafe_characters, visible
from .diagnostics import Issue, Level, Subtype, error
from .grammar import RowForm, row_form
from .model import AGENCY_KINDS, LEVELS, Acknowledgement, Cell, Contact, Number, Report
from .paths import PathPolicy
from .statute import Column, FormatSpec, Key, Row, TableSpec
from .yamltree import MAX_BYTES, YMap, YNode, YScalar, YSeq, decode, parse

#: Largest count accepted in a cell.
MAX_COUNT = 999_999_999
#: Subtypes of loading errors that leave the data unusable for tables and numbers.
DATA_ERRORS = frozenset({Subtype.FILE, Subtype.YAML, Subtype.SCHEMA, Subtype.VALUE, Subtype.FORMAT})
#: Plain scalars YAML 1.1 reads as booleans (a clerk typing "no" for "none").
_BOOLEANS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off"})
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
#: A count that passes every check of :meth:`_Builder.count` as it is (no sign, no leading zero, ≤ MAX_COUNT).
_PLAIN_COUNT = re.compile(r"0|[1-9][0-9]{0,8}")
_THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")

CONTACT_LABELS = statute.CONTACT_LABELS
CONTACT_KEYS = tuple(CONTACT_LABELS)
TOP_LABELS = {
    **statute.METADATA_LABELS,
    **{t.key: t.heading for t in statute.TABLES},
    "processing_fee": "信息处理费",
    "previous": "上一年度报告",
    "figures": "正文数字",
    "level": "层级",
    "published": "发布日期",
    "deadline": "发布期限",
    "agency_kind": "机关类别",
    "acknowledgements": "已说明的例外",
    "sum_of": "汇总范围",
}
TOP_KEYS = tuple(TOP_LABELS)


@dataclass
class Loaded:
    """A loaded report (``None`` when the file could not be read at all) and its issues."""

    report: Report | None
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        """Whether the report was read completely (tables and numbers may be shown)."""
        return self.report is not None and self.report.complete


def _shown(raw: str, limit: int = 30) -> str:
    return raw if len(raw) <= limit else raw[:limit] + "…"


_WIDE_SEPARATORS = {"，": "全角逗号「，」", "、": "顿号「、」", "；": "全角分号「；」"}


def _wide_separator(raw: str) -> str | None:
    """The full-width separator between numbers in ``raw`` (e.g. ``52，8``), if any."""
    if "，" not in raw and "、" not in raw and "；" not in raw:  # the common case, without a pattern
        return None
    if not re.search(r"[0-9０-９]", raw):
        return None
    return next((sep for sep in _WIDE_SEPARATORS if sep in raw), None)


def _wide_message(label: str, sep: str, node: YNode, need: int) -> str:
    """「…」使用了全角逗号「，」分隔数字 …, with the row written as it should be."""
    items = node.items if isinstance(node, YSeq) else [node]
    parts = []
    for item in items:
        raw = item.value if isinstance(item, YScalar) else ""
        parts += [p.strip().translate(_FULLWIDTH) for p in re.split("[，、；,]", raw) if p.strip()]
    if need == 1:  # one number: a thousands separator, or several numbers in one cell
        raw = items[0].value.strip() if isinstance(items[0], YScalar) else ""
        flat = re.sub("[，、]", ",", raw).translate(_FULLWIDTH)
        if _THOUSANDS.fullmatch(flat):
            return f"「{label}」的数字「{_shown(raw)}」请不要使用千位分隔符，写作 {flat.replace(',', '')}"
        return f"「{label}」只能填一个数字，实际为「{_shown(raw)}」（用{_WIDE_SEPARATORS[sep]}分隔了几个数字）；请只填一个数字"
    written = "[" + ", ".join(parts) + "]"
    return f"「{label}」使用了{_WIDE_SEPARATORS[sep]}分隔数字，请改为半角逗号「,」，写作 {_shown(written, 60)}"


def unknown_key(what: str, name: str, allowed: dict[str, str], kind: str = "键") -> str:
    """「…」下有未知的键「x」, with the closest valid key (and its official label) or the valid keys."""
    message = f"「{what}」下有未知的{kind}「{_shown(name)}」"
    guess = statute.did_you_mean(name, allowed)
    if guess:
        return f"{message}；{guess}"
    listed = "、".join(f"{k}（{v}）" if v else k for k, v in allowed.items())
    return f"{message}；可用的{kind}：{listed}"


_cache: dict[tuple[str, int, int, PathPolicy], Loaded] = {}
_lock = threading.Lock()


def load_report(
    path: str, root: str | None = None, allow_outside: bool = False, *, policy: PathPolicy | None = None
) -> Loaded:
    """Load ``path``; linked files must stay inside ``root`` (or as ``policy`` says)."""
    policy = policy or PathPolicy(root, allow_outside)
    try:
        st = os.stat(path)
    except ValueError:  # a NUL in the path
        return Loaded(None, [error(Subtype.FILE, "报告数据文件的路径含有空字符（NUL），不是有效的文件名", path)])
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Loaded(None, [error(Subtype.FILE, "报告数据文件是循环的符号链接（链接最终又指向自己）", path)])
        return Loaded(None, [error(Subtype.FILE, "找不到报告数据文件，请检查文件名和路径", path)])
    if os.path.isdir(path):
        return Loaded(None, [error(Subtype.FILE, "报告数据路径是一个目录，不是 YAML 文件；请写出文件名", path)])
    if not os.path.isfile(path):
        return Loaded(None, [error(Subtype.FILE, "报告数据路径不是普通文件，请指定一个 YAML 文件", path)])
    key = (path, st.st_size, st.st_mtime_ns, policy)
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    if st.st_size > MAX_BYTES:
        loaded = Loaded(None, [error(Subtype.FILE, f"文件过大：超过 {MAX_BYTES // 1024} KiB 上限", path)])
    else:
        try:
            with open(path, "rb") as fh:
                # the size just found (one byte more shows a file that grew since): a buffer of MAX_BYTES costs more
                # than reading a report; a file that grew is read on, to the limit, as by one read of MAX_BYTES + 1
                data = fh.read(st.st_size + 1)
                if len(data) > st.st_size:
                    data += fh.read(MAX_BYTES + 1 - len(data))
        except OSError:
            return Loaded(None, [error(Subtype.FILE, "无法读取文件：没有读取权限，或文件正被其他程序占用", path)])
        loaded = load_bytes(data, path, policy=policy)
    with _lock:
        if len(_cache) > 4096:
            _cache.clear()
        _cache[key] = loaded
    return loaded


def load_bytes(
    data: bytes, path: str, root: str | None = None, allow_outside: bool = False, *, policy: PathPolicy | None = None
) -> Loaded:
    """Load report data from bytes (``path`` is used for messages and relative links)."""
    policy = policy or PathPolicy(root, allow_outside)
    text, issues = decode(data, path)
    if text is None:
        return Loaded(None, issues)
    tree, more = parse(text, path)
    issues.extend(more)
    if tree is None:
        return Loaded(None, issues)
    builder = _Builder(path, policy)
    report = builder.build(tree)
    builder.report_duplicates(tree)
    issues.extend(builder.issues)
    if report is not None:
        report.complete = not any(i.level is Level.ERROR and i.subtype in DATA_ERRORS for i in issues)
    return Loaded(report, issues)


class _Builder:
    def __init__(self, path: str, policy: PathPolicy) -> None:
        self.path = path
        self.policy = policy
        self.issues: list[Issue] = []
        self._checked: set[int] = set()  # mappings whose duplicate keys were reported

    # -- helpers ---------------------------------------------------------
    def err(self, subtype: Subtype, message: str, node: YNode | None) -> None:
        line = node.line if node is not None else None
        col = node.column if node is not None else None
        self.issues.append(error(subtype, message, self.path, line, col))

    def duplicates(self, node: YMap, what: str, kind: str = "键") -> None:
        """Report the keys written twice in ``node`` (only the first one is used)."""
        if id(node) in self._checked:
            return
        self._checked.add(id(node))
        for knode, first in node.duplicates:
            self.err(
                Subtype.YAML,
                f"「{what}」下的{kind}「{_shown(knode.value)}」重复（第 {first} 行已出现）；"
                "只能保留一个，请删除或合并重复的一项",
                knode,
            )

    def report_duplicates(self, tree: YNode) -> None:
        """Report duplicate keys in mappings the report does not use (e.g. under unknown keys)."""
        # Scalars hold no keys and are not visited; a place is named (「报告数据 / a / b」) only if it has duplicates.
        stack: list[tuple[YMap | YSeq, Key]] = [(tree, ())] if isinstance(tree, (YMap, YSeq)) else []
        while stack:
            node, keys = stack.pop()
            if isinstance(node, YMap):
                if node.duplicates:
                    self.duplicates(node, " / ".join(("报告数据", *keys)))
                stack.extend(((v, (*keys, k)) for k, (_kn, v) in node.items.items() if not isinstance(v, YScalar)))
            else:
                stack.extend((v, keys) for v in node.items if not isinstance(v, YScalar))

    def mapping(self, node: YNode, what: str, allowed: dict[str, str] | None) -> YMap | None:
        """``node`` as a mapping; ``allowed`` maps each valid key to its official label."""
        if isinstance(node, YScalar) and node.plain and node.value in ("", "~", "null"):
            return None
        if not isinstance(node, YMap):
            self.err(Subtype.SCHEMA, f"「{what}」应为键值映射（每行一个「键: 值」）", node)
            return None
        self.duplicates(node, what)
        if allowed is not None:
            for name, (knode, _value) in node.items.items():
                if name not in allowed:
                    self.err(Subtype.SCHEMA, unknown_key(what, name, allowed), knode)
        return node

    def text(self, node: YNode, what: str) -> str:
        if isinstance(node, YScalar):
            return "" if node.plain and node.value in ("~", "null") else node.value.strip()
        self.err(Subtype.VALUE, f"「{what}」应为一段文字", node)
        return ""

    def count(self, node: YNode, label: str, signed: bool = False) -> int | None:
        if type(node) is YScalar and node.plain and _PLAIN_COUNT.fullmatch(node.value):
            return int(node.value)  # passes every check below as it is
        if not isinstance(node, YScalar):
            self.err(Subtype.VALUE, f"「{label}」应为一个数字，而不是列表或映射", node)
            return None
        raw = node.value.strip()
        if node.plain and raw in ("", "~", "null"):
            return None
        shown = _shown(raw)
        if node.plain and raw.lower() in _BOOLEANS:
            self.err(Subtype.VALUE, f"「{label}」应为件数，实际为「{shown}」（会被当作“是/否”）；没有请填 0", node)
            return None
        if node.plain and _DATE.fullmatch(raw):
            self.err(Subtype.VALUE, f"「{label}」应为件数，实际为日期「{shown}」", node)
            return None
        if self.miswritten(node, label, raw, "数字"):
            return None
        if not node.plain:
            self.err(Subtype.VALUE, f"「{label}」应为数字，实际是带引号的文字「{shown}」；请去掉引号", node)
            return None
        if not _INT.fullmatch(raw):
            if _DECIMAL.fullmatch(raw.lstrip("-")):
                self.err(Subtype.VALUE, f"「{label}」应为整数件数，实际为小数「{shown}」", node)
            else:
                self.err(Subtype.VALUE, f"「{label}」应为整数件数（如 0、12），实际为「{shown}」", node)
            return None
        digits = raw.lstrip("+-")
        significant = digits.lstrip("0") or "0"  # never int() a long string: Python refuses > 4300 digits
        if len(significant) > len(str(MAX_COUNT)):
            self.err(Subtype.VALUE, f"「{label}」数值过大（上限 {MAX_COUNT}）：{shown}", node)
            return None
        if len(digits) > 1 and digits.startswith("0"):
            self.err(
                Subtype.VALUE,
                f"「{label}」的数字「{shown}」以 0 开头，YAML 1.1 会把它当作八进制数；请写作 {int(significant)}",
                node,
            )
            return None
        value = int(raw)
        if value < 0 and not signed:
            self.err(Subtype.VALUE, f"「{label}」不能为负数（实际为 {value}）", node)
            return None
        if abs(value) > MAX_COUNT:
            self.err(Subtype.VALUE, f"「{label}」数值过大（上限 {MAX_COUNT}）：{shown}", node)
            return None
        return value

    def miswritten(self, node: YScalar, label: str, raw: str, noun: str) -> bool:
        """Report a number typed with a Chinese input method or with thousands separators."""
        shown = _shown(raw)
        if sep := _wide_separator(raw):
            self.err(Subtype.VALUE, _wide_message(label, sep, node, 1), node)
        elif raw != raw.translate(_FULLWIDTH):
            message = f"「{label}」使用了全角数字「{shown}」，请改为半角数字 {raw.translate(_FULLWIDTH)}"
            self.err(Subtype.VALUE, message, node)
        elif _THOUSANDS.fullmatch(raw):
            message = f"「{label}」的{noun}「{shown}」请不要使用千位分隔符，写作 {raw.replace(',', '')}"
            self.err(Subtype.VALUE, message, node)
        else:
            return False
        return True

    def wide_commas(self, node: YNode, labels: str, need: int) -> bool:
        """Report a row whose numbers are separated by 「，」 or 「、」 (a Chinese input method)."""
        items = node.items if isinstance(node, YSeq) else [node]
        for item in items:
            if isinstance(item, YScalar) and (sep := _wide_separator(item.value)):
                self.err(Subtype.VALUE, _wide_message(labels, sep, node, need), item)
                return True
        return False

    def amount(self, node: YNode, label: str) -> Decimal | None:
        if type(node) is YScalar and len(node.value) <= 24 and _DECIMAL.fullmatch(node.value):
            return Decimal(node.value)  # passes every check below as it is
        if not isinstance(node, YScalar):
            self.err(Subtype.VALUE, f"「{label}」应为一个金额，而不是列表或映射", node)
            return None
        raw = node.value.strip()
        if node.plain and raw in ("", "~", "null"):
            return None
        shown = _shown(raw)
        if self.miswritten(node, label, raw, "金额"):
            return None
        if raw.startswith("-") and _DECIMAL.fullmatch(raw[1:]):
            self.err(Subtype.VALUE, f"「{label}」不能为负数（实际为 {raw}）", node)
            return None
        if not _DECIMAL.fullmatch(raw):
            self.err(Subtype.VALUE, f"「{label}」应为金额数字（如 24252.311082），实际为「{shown}」", node)
            return None
        if len(raw) > 24:
            self.err(Subtype.VALUE, f"「{label}」数字过长（最多 24 位）：{shown}", node)
            return None
        try:
            return Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern guarantees a valid literal
            self.err(Subtype.VALUE, f"「{label}」不是有效的金额：{shown}", node)
            return None

    def date(self, node: YNode, label: str) -> dt.date | None:
        raw = self.text(node, label)
        match = _DATE.fullmatch(raw)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        self.err(Subtype.VALUE, f"「{label}」应为日期，格式如 2021-01-01，实际为「{_shown(raw)}」", node)
        return None

    # -- the report ------------------------------------------------------
    def build(self, tree: YNode) -> Report | None:
        if isinstance(tree, YScalar) and tree.plain and tree.value in ("", "~", "null"):
            # ``---``, ``~``, ``null``: a document that says "nothing", not a report
            line = tree.line if tree.value else 1
            self.issues.append(
                error(
                    Subtype.YAML,
                    "文件中没有报告数据（只有「---」「~」或「null」）：至少需要 agency 和 year",
                    self.path,
                    line,
                )
            )
            return None
        root = self.mapping(tree, "报告数据", TOP_LABELS)
        if root is None:
            return None
        report = Report(path=self.path)
        items = root.items
        for name, (knode, _v) in items.items():
            report.lines[name] = knode.line
        self.metadata(report, items)
        spec = report.spec
        for table in spec.tables:
            if table.key not in items:
                continue
            if len(table.blocks) > 1:
                self.blocks(report, spec, table, items[table.key][1])
            else:
                self.table(report, table, items[table.key][1])
        fill_defaults(report)
        return report

    def metadata(self, report: Report, items: dict[str, tuple[YScalar, YNode]]) -> None:
        if "format" in items:
            node = items["format"][1]
            value = self.text(node, "格式版本")
            if value in statute.FORMATS:
                report.format = value
            else:
                report.invalid.add(("format",))
                self.err(
                    Subtype.FORMAT,
                    f"未知的格式版本「{value}」；应为 2021（国办公开办函〔2021〕30号）或 2019（试行）",
                    node,
                )
        for name, label in (("agency", "机关名称"), ("year", "年度")):
            if name not in items:
                self.issues.append(error(Subtype.SCHEMA, f"缺少「{label}」（键 {name}）", self.path, 1, 1))
        if "agency" in items:
            agency = self.text(items["agency"][1], "机关名称")
            refused = unsafe_characters(agency, one_line=True)
            if refused:  # the agency is the title, the PDF title block and :gov:`agency`: one visible line
                report.invalid.add(("agency",))
                self.err(
                    Subtype.VALUE,
                    f"「机关名称」「{_shown(visible(agency), 40)}」含有不允许的字符 {describe(refused)}："
                    "机关名称应为一行可见文字，不能含换行、空行、控制字符或不可见字符",
                    items["agency"][1],
                )
            else:
                report.agency = agency
            if not agency:
                self.err(Subtype.VALUE, "「机关名称」不能为空", items["agency"][1])
        if "year" in items:
            node = items["year"][1]
            if isinstance(node, YScalar) and not _INT.fullmatch(node.value.strip().translate(_FULLWIDTH)):
                self.err(Subtype.VALUE, f"「年度」应为四位数字的年份，如 2021；实际为「{_shown(node.value)}」", node)
                year = None
            else:
                year = self.count(node, "年度")
            if year is not None and not statute.YEAR_MIN <= year <= statute.YEAR_MAX:
                self.err(
                    Subtype.VALUE,
                    f"「年度」应为 {statute.YEAR_MIN} 至 {statute.YEAR_MAX} 之间的年份，实际为 {year}",
                    node,
                )
            elif year is not None:
                report.year = year
            if not report.year:
                report.invalid.add(("year",))
        if "period" in items:
            period = self.mapping(items["period"][1], "统计期限", {"start": "起", "end": "止"})
            if period is not None:
                self.period(report, period)
        if "website" in items:
            site = self.mapping(items["website"][1], "网站", {"name": "名称", "url": "网址"})
            if site is not None:
                if "name" in site.items:
                    report.website_name = self.text(site.items["name"][1], "网站 / 名称")
                if "url" in site.items:
                    report.website_url = self.text(site.items["url"][1], "网站 / 网址")
        if "contact" in items:
            contact = self.mapping(items["contact"][1], "联系方式", CONTACT_LABELS)
            if contact is not None:
                values = {
                    k: self.text(contact.items[k][1], f"联系方式 / {CONTACT_LABELS[k]}")
                    for k in CONTACT_KEYS
                    if k in contact.items
                }
                report.contact = Contact(**values)
        if "processing_fee" in items:
            node = items["processing_fee"][1]
            report.processing_fee = self.amount(node, "信息处理费（元）")
            report.processing_fee_line = node.line
        if "previous" in items:
            self.previous(report, items["previous"][1])
        if "figures" in items:
            self.figures(report, items["figures"][1])
        self.publication(report, items)
        if "sum_of" in items:  # a 汇总 report: the folders or files it sums (resolved by core.rollup)
            node = items["sum_of"][1]
            entries = node.items if isinstance(node, YSeq) else [node]
            report.sum_of = [t for t in (self.text(e, "汇总范围") for e in entries) if t]
            report.sum_of_line = node.line

    def period(self, report: Report, period: YMap) -> None:
        """统计期限: dates inside the report's year, the end not before the start."""
        nodes_ = {k: period.items[k][1] for k in ("start", "end") if k in period.items}
        labels = {"start": "统计期限 / 起", "end": "统计期限 / 止"}
        dates = {k: self.date(node, labels[k]) for k, node in nodes_.items()}
        report.period_start = dates.get("start")
        report.period_end = dates.get("end")
        year = report.year
        expected = f"{year}年度报告的统计期限应为 {year}-01-01 至 {year}-12-31（在 {year} 年内）" if year else ""
        start, end = report.period_start, report.period_end
        outside = False
        for name, value in dates.items():
            if value is not None and year and value.year != year:
                outside = True
                report.invalid.add(("period",))
                self.err(
                    Subtype.VALUE,
                    f"「{labels[name]}」为 {value.isoformat()}，不在报告年度 {year} 年内；{expected}",
                    nodes_[name],
                )
        if start is not None and end is not None and end < start and not outside:
            report.invalid.add(("period",))
            hint = f"；{expected}" if year else "；请交换两个日期"
            self.err(
                Subtype.VALUE,
                f"「统计期限」的止日 {end.isoformat()} 早于起日 {start.isoformat()}{hint}",
                nodes_["end"],
            )

    def figures(self, report: Report, node: YNode) -> None:
        """Other numbers quoted in the prose (name → count or amount)."""
        mapping = self.mapping(node, "正文数字", None)
        if mapping is None:
            return
        cells = statute.reference_names(report.spec)
        for name, (knode, value) in mapping.items.items():
            label = f"正文数字 / {name}"
            shadowed = name.removeprefix("figures.")
            if shadowed in cells or shadowed in ("agency", "year", "processing_fee"):
                # :gov:`name` would show this number instead of the table's
                report.invalid.add(("figures",))
                self.err(
                    Subtype.SCHEMA,
                    f"「正文数字」下的名称「{_shown(name)}」与报告数据项「{shadowed}」"
                    f"（{cells.get(shadowed, TOP_LABELS.get(shadowed, ''))}）重名，"
                    "正文引用时会与表格中的数字混淆；请改用其他名称",
                    knode,
                )
                continue
            is_amount = isinstance(value, YScalar) and "." in value.value
            number = self.amount(value, label) if is_amount else self.count(value, label)
            if number is not None:
                report.figures[name] = Cell(number, value.line, value.column, True)

    def publication(self, report: Report, items: dict[str, tuple[YScalar, YNode]]) -> None:
        """层级, 发布日期, 发布期限, 机关类别 and the acknowledged exceptions."""
        pub = report.publication
        for name, choices in (("level", LEVELS), ("agency_kind", AGENCY_KINDS)):
            if name in items:
                node = items[name][1]
                value = self.text(node, TOP_LABELS[name])
                if value in choices:
                    setattr(pub, name, value)
                    pub.level_line = node.line if name == "level" else pub.level_line
                else:
                    self.err(
                        Subtype.VALUE,
                        f"「{TOP_LABELS[name]}」应为 {'、'.join(choices)} 之一，实际为「{_shown(value)}」",
                        node,
                    )
        for name in ("published", "deadline"):
            if name in items:
                setattr(pub, name, self.date(items[name][1], TOP_LABELS[name]))
        if "published" in items:
            pub.published_line = items["published"][1].line
        if "acknowledgements" not in items:
            return
        node = items["acknowledgements"][1]
        if not isinstance(node, YSeq):
            self.err(Subtype.SCHEMA, "「已说明的例外」应为列表，每项写明 rule、cell 和 reason", node)
            return
        fields = {"rule": "规则（子类型）", "cell": "数据项", "reason": "原因"}
        for item in node.items:
            entry = self.mapping(item, "已说明的例外", fields)
            if entry is None:
                continue
            values = {
                k: self.text(entry.items[k][1], f"已说明的例外 / {fields[k]}") for k in fields if k in entry.items
            }
            missing = [fields[k] for k in fields if not values.get(k)]
            if missing:
                self.err(Subtype.SCHEMA, f"「已说明的例外」缺少{'、'.join(missing)}", entry)
                continue
            pub.acknowledgements.append(Acknowledgement(values["rule"], values["cell"], values["reason"], entry.line))

    def previous(self, report: Report, node: YNode) -> None:
        if isinstance(node, YScalar):
            targets = {"data": node}
        else:
            prev = self.mapping(node, "上一年度报告", {"data": "上一年度数据文件", "text": "上一年度报告全文"})
            if prev is None:
                return
            targets = {k: v for k, (_kn, v) in prev.items.items()}  # type: ignore[misc]  # checked by .text()
        base = os.path.dirname(os.path.abspath(self.path))
        for kind, target in targets.items():
            rel = self.text(target, "上一年度报告")
            if not rel:
                continue
            if unsafe_characters(rel, one_line=True):
                self.err(
                    Subtype.PATH,
                    f"上一年度报告的路径「{_shown(visible(rel))}」含有控制字符或不可见字符，已拒绝读取",
                    target,
                )
                continue
            full = os.path.normpath(os.path.join(base, rel))
            if not self.policy.inside(full):
                self.err(Subtype.PATH, self.policy.refusal(f"上一年度报告的路径「{rel}」"), target)
                continue
            if kind == "data":
                report.previous.data, report.previous.data_line = full, target.line
            else:
                report.previous.text, report.previous.text_line = full, target.line

    def blocks(self, report: Report, spec: FormatSpec, table: TableSpec, node: YNode) -> None:
        """A table of blocks (表二): one entry per row, named by its key."""
        grammar = _grammar(table)
        before = len(self.issues)
        mapping = self.mapping(node, table.heading, grammar.allowed[()])
        if len(self.issues) > before:
            report.invalid.add((table.key,))
        if mapping is None:
            return
        forms = grammar.forms
        for name, (_kn, value) in mapping.items.items():
            if name not in forms:
                continue
            self.row(report, forms[name], value)

    def table(self, report: Report, table: TableSpec, node: YNode) -> None:
        """A table of one block (表三, 表四): rows nested by their keys."""
        self.walk(report, table.key, _grammar(table).tree, node, table.heading, table.columns)

    def walk(
        self,
        report: Report,
        table: str,
        tree: dict,
        node: YNode,
        what: str,
        columns: tuple[Column, ...],
        path: Key = (),
    ) -> None:
        before = len(self.issues)
        grammar = _grammar(report.spec.table(table))
        mapping = self.mapping(node, what, grammar.allowed[path])
        if len(self.issues) > before:  # a misspelt row or a wrong structure: the table is unreliable
            report.invalid.add((table,))
        if mapping is None:
            return
        for name, (knode, value) in mapping.items.items():
            entry = tree.get(name)
            if entry is None:
                continue
            report.lines[".".join((table, *(entry.key if isinstance(entry, Row) else (*path, name))))] = knode.line
            if isinstance(entry, Row):
                self.row(report, grammar.forms[entry.key], value)
            elif isinstance(value, YSeq):  # a group printed as one row (e.g. 2019's single （六）)
                self.group_as_row(report, table, (*path, name), entry, value)
            else:
                group = (*path, name)
                what_group = statute.group_label(report.spec, table, group)
                self.walk(report, table, entry, value, what_group, columns, group)

    def group_as_row(self, report: Report, table: str, group: Key, entry: dict, node: YSeq) -> None:
        """A group of rows written as one row, as an earlier format printed it (a 2021 report with the
        2019's single row for the group of other handling, 六): counted under the group's last row, with a warning that says so."""
        rows = []
        stack: list[dict | Row] = [entry]
        while stack:
            item = stack.pop(0)
            if isinstance(item, Row):
                rows.append(item)
            else:
                stack[:0] = list(item.values())
        target = rows[-1]
        spec_table = report.spec.table(table)
        self.row(report, row_form(spec_table, spec_table.blocks[0], target), node)
        group_name = statute.group_label(report.spec, table, group)
        self.issues.append(
            error(
                Subtype.OLD_ROW,
                f"「{group_name}」只写了一行（旧格式的写法）：已计入「{target.labels[-1]}」；"
                f"{report.format} 年格式此项分为 {len(rows)} 个细项，请分别填写",
                self.path,
                node.line,
                node.column,
            )
        )

    def row(self, report: Report, form: RowForm, node: YNode) -> None:
        """One table row, written as :mod:`~sphinx_gov_report.core.grammar` allows."""
        spec = report.spec
        if type(node) is YSeq and len(node.items) in form.lengths:  # most often: a list of plain counts
            money = spec.money_columns
            read: list[tuple[Key, Cell]] = []
            for key, vnode in zip(form.keys, node.items, strict=False):
                if type(vnode) is YScalar and vnode.plain and key not in money and _PLAIN_COUNT.fullmatch(vnode.value):
                    read.append((key, Cell(int(vnode.value), vnode.line, vnode.column, True)))
                else:
                    break  # anything else: read below, with every check
            else:
                report.cells.update(read)
                return
        prefix, labels, columns = form.prefix, form.path, form.columns
        values: list[tuple[Column, YNode]] = []
        before = len(self.issues)
        if self.wide_commas(node, labels, form.need):
            report.invalid.add(prefix)
            return
        if isinstance(node, YScalar):
            if node.plain and node.value in ("", "~", "null"):
                return
            if not form.scalar:
                report.invalid.add(prefix)
                example = ", ".join("0" for _ in range(form.need))
                self.err(Subtype.SCHEMA, f"「{labels}」应为一行 {form.need} 个数字，如 [{example}]", node)
                return
            values = [(columns[0], node)]
        elif isinstance(node, YSeq):
            if len(node.items) not in form.lengths:
                names = "、".join(c.labels[-1] for c in columns)
                hint = (
                    f"{form.need} 个（总计可省略，自动计算）或 {len(columns)} 个"
                    if form.total_optional
                    else f"{form.need} 个"
                )
                self.err(
                    Subtype.SCHEMA,
                    f"「{labels}」应有 {hint}数字，依次为：{names}；实际为 {len(node.items)} 个",
                    node,
                )
                report.invalid.add(prefix)
                return
            values = list(zip(columns, node.items, strict=False))
        else:
            by_key = {c.key: c for c in columns}
            self.duplicates(node, labels, "列")
            column_labels = {c.key: c.labels[-1] for c in columns}
            for name, (knode, value) in node.items.items():
                if name not in by_key:
                    self.err(Subtype.SCHEMA, unknown_key(labels, name, column_labels, "列"), knode)
                    continue
                values.append((by_key[name], value))
            if len(self.issues) > before:
                report.invalid.add(prefix)
        cells = report.cells
        money = spec.money_columns
        for column, vnode in values:
            key = form.key(column)
            if type(vnode) is YScalar:  # a plain count or amount needs none of the checks below
                raw = vnode.value
                if key in money:
                    if len(raw) <= 24 and _DECIMAL.fullmatch(raw):
                        cells[key] = Cell(Decimal(raw), vnode.line, vnode.column, True)
                        continue
                elif vnode.plain and _PLAIN_COUNT.fullmatch(raw):
                    cells[key] = Cell(int(raw), vnode.line, vnode.column, True)
                    continue
            label = statute.cell_label(spec, key)
            number: Number | None
            if isinstance(node, YSeq) and _is_blank(vnode):
                report.cells[key] = Cell(0, vnode.line, vnode.column, True, blank=True)
                self.issues.append(
                    error(
                        Subtype.BLANK,
                        f"「{label}」留空了：法定表格不得留空，没有的请填 0",
                        self.path,
                        vnode.line,
                        vnode.column,
                    )
                )
                continue
            before = len(self.issues)
            if key in spec.money_columns:
                number = self.amount(vnode, label)
            else:
                number = self.count(vnode, label, signed=key in spec.signed_columns)
            if number is not None:
                report.cells[key] = Cell(number, vnode.line, vnode.column, True)
            elif len(self.issues) > before:
                report.invalid.add(key)


@dataclass
class _Grammar:
    """How the rows of one table are found in a data file (made once per table)."""

    #: The rows nested by their keys (a table of one block) → :class:`Row`.
    tree: dict
    #: The valid keys at each level (``()`` the table's own mapping) → their official labels.
    allowed: dict[Key, dict[str, str]]
    #: Each row's grammar, by its key (表二: by its one-part key, the name written in the file).
    forms: dict

    @staticmethod
    def of(table: TableSpec) -> _Grammar:
        if len(table.blocks) > 1:  # 表二: one entry per row, named by its key
            rows = {row.key[0]: (block, row) for block, row in table.rows()}
            allowed: dict[Key, dict[str, str]] = {(): {k: f"{b.title} / {r.labels[-1]}" for k, (b, r) in rows.items()}}
            return _Grammar({}, allowed, {k: row_form(table, b, r) for k, (b, r) in rows.items()})
        tree: dict = {}
        for _block, row in table.rows():
            level = tree
            for part in row.key[:-1]:
                level = level.setdefault(part, {})
            level[row.key[-1]] = row
        levels: dict[Key, dict[str, str]] = {}
        todo: list[tuple[Key, dict]] = [((), tree)]
        while todo:
            path, level = todo.pop()
            levels[path] = {k: _entry_label(e, len(path)) for k, e in level.items()}
            todo.extend(((*path, k), e) for k, e in level.items() if isinstance(e, dict))
        forms = {row.key: row_form(table, table.blocks[0], row) for _block, row in table.rows()}
        return _Grammar(tree, levels, forms)


#: ``id(table)`` → the table (kept alive, so its id is not reused) and its grammar.
_GRAMMARS: dict[int, tuple[TableSpec, _Grammar]] = {}


def _grammar(table: TableSpec) -> _Grammar:
    entry = _GRAMMARS.get(id(table))
    if entry is not None and entry[0] is table:
        return entry[1]
    grammar = _Grammar.of(table)
    if len(_GRAMMARS) > 64:  # tables made on the fly (tests): do not keep them all
        _GRAMMARS.clear()
    _GRAMMARS[id(table)] = (table, grammar)
    return grammar


def _entry_label(entry: dict | Row, depth: int) -> str:
    """The official label of a row, or of a group of rows, at ``depth`` in its table."""
    while isinstance(entry, dict):
        first = next(iter(entry.values()))
        if isinstance(first, Row):
            return first.labels[depth]
        entry = first
    return " / ".join(entry.labels[depth:])


#: What a printed blank may look like in a row: null, or a dash or slash as printed.
_BLANKS = frozenset({"", "~", "null", "—", "——", "－", "-", "/", "／"})


def _is_blank(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.value.strip() in _BLANKS and (node.plain or node.value.strip() != "")


#: The cell of an omitted count or amount (cells are immutable: one object serves every omitted cell).
_OMITTED_COUNT = Cell(0, None, None, False)
_OMITTED_AMOUNT = Cell(Decimal(0), None, None, False)


#: ``id(spec)`` → the spec (kept alive, so its id is not reused) and each cell key with its omitted zero, in order.
_ZEROS: dict[int, tuple[FormatSpec, tuple[tuple[Key, Cell], ...]]] = {}


def _zeros(spec: FormatSpec) -> tuple[tuple[Key, Cell], ...]:
    entry = _ZEROS.get(id(spec))
    if entry is not None and entry[0] is spec:
        return entry[1]
    money = spec.money_columns
    zeros = tuple((k, _OMITTED_AMOUNT if k in money else _OMITTED_COUNT) for k in statute.cell_keys(spec))
    if len(_ZEROS) > 64:  # formats made on the fly (tests): do not keep them all
        _ZEROS.clear()
    _ZEROS[id(spec)] = (spec, zeros)
    return zeros


def fill_defaults(report: Report) -> None:
    """Zero the omitted cells and compute the omitted totals from the statute's equations."""
    spec = report.spec
    cells = report.cells
    # the keys whose cell may not be the shared omitted zero: those written, then the totals computed
    changed = set(cells)
    cells.update({k: zero for k, zero in _zeros(spec) if k not in changed})
    if report.year and report.period_start is None:
        report.period_start = dt.date(report.year, 1, 1)
    if report.year and report.period_end is None:
        report.period_end = dt.date(report.year, 12, 31)
    for total_key, rhs, counts in statute.fillers(spec):
        current = cells[total_key]
        if current.given:
            continue
        if current is _OMITTED_COUNT and counts and changed.isdisjoint(rhs):
            continue  # a sum of omitted zero counts: the zero count it would be is already there
        parts = [cells.get(k) for k in rhs]
        # nothing is computed from a blank: the total is blank too
        blank = any(cell is not None and cell.blank for cell in parts)
        total = sum(cell.value if cell is not None else 0 for cell in parts)
        cells[total_key] = Cell(total, None, None, False, blank=blank)
        changed.add(total_key)


#: Kept for callers of the earlier module layout.
result_rows = statute.result_rows
