"""A region's reports in one project: generated pages, status and index directives, the roll-up's links.

How the pages come from the files (see docs/region.rst):

* ``builder-inited`` (main process, before Sphinx looks for sources) writes the
  pages of ``region/`` — an index, one status page per year, one page per unit,
  an index by unit — like ``autosummary`` writes its stubs.  Each page is a few
  lines naming the data (``.. gov-unit:: /units/2025/县教育局.yaml``); a file is
  only rewritten when its text changes (so incremental builds stay incremental),
  and only files carrying the generated header are ever replaced or deleted.
  Nothing else in the source directory is written.
* ``gov-unit`` inserts the unit's prose (``units/<year>/<unit>.rst``, which is
  excluded from the project by ``exclude_patterns`` and read only through this
  directive) or, without prose, a page of the preamble and tables, with a notice.
* ``gov-region-status`` and ``gov-region-units`` read the unit folders when the
  page is read, note every file as a dependency, and record each folder's file
  list: ``env-get-outdated`` re-reads them (and the 汇总 page) when a unit file
  is added or removed.
"""

from __future__ import annotations

import os
from collections.abc import Set
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import column_width
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core import region, statute
from ..core.diagnostics import Issue, Level, Subtype, error, notice
from ..core.model import Report, format_number
from ..core.reader import load_report
from ..core.rollup import Rollup, resolve, summarize, unit_name
from ..core.rules import validate_file
from .config import settings
from .download import HTML_BUILDERS, target_name
from .nodes import gov_breakdown, gov_region_link, gov_report_json_link
from .reporting import emit

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

HEADER = ".. 本文件由 sphinx-gov-report 在每次构建时生成（conf.py 中的 gov_region_name），请勿修改。"
MARKER = ".sphinx-gov-report-generated"
#: Characters a unit's file name must not contain (they are reST markup in a toctree).
_BAD_NAME = set("<>`*|\\:") | {" ", "\t"}
#: Key figures of the status table: (column heading, cells summed).
KEY_FIGURES = (
    ("新收", (("applications", "new", "total"),)),
    ("予以公开", (("applications", "results", "disclosed", "total"),)),
    ("办结", (("applications", "results", "total", "total"),)),
    ("复议", (("appeals", "review", "total"),)),
    ("诉讼", (("appeals", "direct_suit", "total"), ("appeals", "suit_after_review", "total"))),
)


def pdf_name(year: int, name: str) -> str:
    return f"{year}-{name}"


# -- generated pages -----------------------------------------------------------
def _title(text: str, char: str = "=") -> list[str]:
    return [text, char * (column_width(text) + 2), ""]


def valid_units(srcdir: str, year: int) -> list[str]:
    """The unit data files of ``year`` whose names can be page names."""
    return [p for p in region.units_of(srcdir, year) if not (_BAD_NAME & set(unit_name(p)))]


def plan_pages(srcdir: str, name: str) -> dict[str, str]:
    """The generated pages (path under ``region/`` → text)."""
    years = region.years(srcdir)
    registry_path = os.path.join(srcdir, region.REGISTRY)
    has_registry = os.path.isfile(registry_path)
    pages: dict[str, str] = {}
    top = [HEADER, "", *_title(f"{name}政府信息公开工作年度报告"), ".. toctree::", "   :maxdepth: 1", ""]
    top += [f"   {y}年度 <{y}/index>" for y in reversed(years)]
    top += ["   units", ""]
    pages["index.rst"] = "\n".join(top)
    pages["units.rst"] = "\n".join([HEADER, "", *_title("按单位索引"), ".. gov-region-units::", ""])
    for year in years:
        files = valid_units(srcdir, year)
        names = [unit_name(p) for p in files]
        with_prose = [n for n, p in zip(names, files, strict=True) if os.path.isfile(region.prose_path(p))]
        lines = [HEADER, f"   (单位名单：{'有' if has_registry else '无'}；有正文的单位：{'、'.join(with_prose)})", ""]
        lines += [*_title(f"{year}年度"), f".. gov-region-status:: {year}", "", ".. toctree::", "   :hidden:", ""]
        summary = region.summary_doc(srcdir, year)
        if summary:
            lines.append(f"   /{summary}")
        lines += [f"   {n}" for n in names]
        pages[f"{year}/index.rst"] = "\n".join([*lines, ""])
        for unit, path in zip(names, files, strict=True):
            rel = Path(os.path.relpath(path, srcdir)).as_posix()
            text = [HEADER, "", f".. gov-unit:: /{rel}"]
            if unit in with_prose:
                text.append(f"   :prose: /{Path(rel).with_suffix('.rst').as_posix()}")
            pages[f"{year}/{unit}.rst"] = "\n".join([*text, ""])
    return pages


def _generated(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readline().rstrip("\n") == HEADER
    except (OSError, UnicodeDecodeError):
        return False


def generate_pages(app: Sphinx) -> None:
    """``builder-inited``: write the pages of ``region/`` (only ours; unchanged files untouched)."""
    name = settings(app.config).region_name
    if not name:
        return
    srcdir = str(app.srcdir)
    root = Path(srcdir, region.PAGES_DIR)
    conf = os.path.join(srcdir, "conf.py")
    if root.exists() and not (root / MARKER).is_file():
        emit(
            [
                error(
                    Subtype.REGION,
                    f"目录「{region.PAGES_DIR}/」已存在且不是 sphinx-gov-report 生成的，未写入任何页面；"
                    f"请把其中的文件移到别处（该目录专用于自动生成的地区页面）",
                    conf,
                )
            ]
        )
        return
    if not any(pattern.rstrip("/*") == region.UNITS_DIR for pattern in app.config.exclude_patterns):
        message = (
            f'地区项目的 conf.py 中 exclude_patterns 应包含 "{region.UNITS_DIR}"：'
            "单位的正文由各单位页面读入，不应再单独成页"
        )
        emit([error(Subtype.REGION, message, conf)])
    pages = plan_pages(srcdir, str(name))
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("sphinx-gov-report: pages generated at build time\n", encoding="utf-8")
    for rel, text in pages.items():
        target = root / rel
        if target.exists():
            if not _generated(target):
                emit([error(Subtype.REGION, f"「{target}」不是自动生成的文件，未覆盖", conf)])
                continue
            if target.read_text(encoding="utf-8") == text:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path in sorted(root.rglob("*.rst")):
        if Path(os.path.relpath(path, root)).as_posix() not in pages and _generated(path):
            path.unlink()


# -- watching folders ----------------------------------------------------------
def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(n for n in os.listdir(folder) if n.endswith((".yaml", ".yml", ".rst"))))
    except OSError:
        return ()


class GovRegionDomain(Domain):
    """Per document, the unit folders it lists and their files when it was read (see :func:`get_outdated`)."""

    name = "govregion"
    label = "地区年度报告"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"watched": {}}

    @property
    def watched(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """docname → folder → the file names listed."""
        return self.data.setdefault("watched", {})

    def clear_doc(self, docname: str) -> None:
        self.watched.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, folders in otherdata.get("watched", {}).items():
            if docname in docnames:
                self.watched[docname] = folders

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, Any]]:
        return []


def _domain(env: BuildEnvironment) -> GovRegionDomain:
    return env.get_domain(GovRegionDomain.name)  # type: ignore[return-value]


def watch(env: BuildEnvironment, docname: str, folder: str) -> None:
    """Re-read ``docname`` when a file is added to or removed from ``folder``."""
    _domain(env).watched.setdefault(docname, {})[folder] = _listing(folder)


def get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the documents whose watched folders gained or lost a file."""
    stale = []
    for docname, folders in _domain(env).watched.items():
        if docname in removed or docname not in env.found_docs:
            continue
        if any(_listing(folder) != names for folder, names in folders.items()):
            stale.append(docname)
    return sorted(stale)


# -- hooks for the gov-report directive ----------------------------------------
def previous_for(env: BuildEnvironment, path: str) -> str | None:
    """In a region project, a unit's previous year: ``units/<year-1>/<same name>.yaml``."""
    if not settings(env.config).region_name:
        return None
    return region.previous_of(str(env.srcdir), path)


def note_rollup(env: BuildEnvironment, rollup: Rollup, root: str, allow: bool) -> None:
    """The 汇总 page depends on each unit file and on the folders it sums."""
    files, _issues = resolve(rollup.report, root, allow)
    for file in files:
        env.note_dependency(file)
    base = os.path.dirname(os.path.abspath(rollup.report.path))
    for entry in rollup.report.sum_of:
        folder = os.path.normpath(os.path.join(base, entry))
        if os.path.isdir(folder):
            watch(env, env.docname, folder)


# -- nodes helpers -------------------------------------------------------------
def _para(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


def doc_link(env: BuildEnvironment, docname: str, text: str) -> addnodes.pending_xref:
    """A link to a document (resolved, and checked, by Sphinx's ``std:doc``)."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=True, refdoc=env.docname
    )
    ref += nodes.inline(text, text)
    return ref


def simple_table(header: list[str], body: list[list[nodes.Node | str]], classes: list[str]) -> nodes.table:
    table = nodes.table(classes=["gov-region-table", "longtable", *classes])
    tgroup = nodes.tgroup(cols=len(header))
    table += tgroup
    for _ in header:
        tgroup += nodes.colspec(colwidth=10)
    thead = nodes.thead()
    tgroup += thead
    row = nodes.row()
    for text in header:
        row += nodes.entry("", nodes.paragraph(text, text))
    thead += row
    tbody = nodes.tbody()
    tgroup += tbody
    for cells in body:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += _para(cell) if isinstance(cell, str) or not isinstance(cell, nodes.paragraph) else cell
            row += entry
        tbody += row
    return table


def key_figure(report: Report, keys: tuple[tuple[str, ...], ...]) -> str:
    return format_number(sum(report.value(k) for k in keys))


def _registry(srcdir: str, env: BuildEnvironment) -> region.Registry | None:
    path = os.path.join(srcdir, region.REGISTRY)
    registry = region.load_registry(path)
    if registry is not None:
        env.note_dependency(path)
    return registry


# -- directives ----------------------------------------------------------------
class GovUnitDirective(SphinxDirective):
    """A unit's report page: its prose (``:prose:``) or, without prose, its preamble and tables."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"prose": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        from .directives import parse_state

        _rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        source, _line = self.get_source_info()
        prose = self.options.get("prose")
        if prose:
            _prel, prose_path = self.env.relfn2path(prose, self.env.docname)
            self.env.note_dependency(prose_path)
            try:
                with open(prose_path, encoding="utf-8-sig") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                emit([error(Subtype.FILE, "无法读取单位的正文文件（应为 UTF-8 编码的 reST）", prose_path)])
            else:
                if ".. gov-report::" not in text:
                    emit(
                        [
                            error(
                                Subtype.REFERENCE,
                                f"正文中没有 gov-report 指令；请在标题下写「.. gov-report:: {os.path.basename(path)}」",
                                prose_path,
                                1,
                            )
                        ]
                    )
                parse_state(self.env).prose = prose_path  # where the document checks point
                self.state_machine.insert_input(text.splitlines(), prose_path)
                return []
        report = load_report(path, str(self.env.srcdir), settings(self.config).allow_outside_srcdir).report
        name = unit_name(path)
        agency = report.agency if report is not None and report.agency else name
        year = report.year if report is not None and report.year else ""
        emit(
            [
                notice(
                    Subtype.CONTENT,
                    f"单位「{name}」没有正文文件（{os.path.basename(region.prose_path(path))}），本页只有前言和表格；"
                    "请补写正文（与单份报告的 reST 相同）",
                    path,
                    1,
                )
            ]
        )
        parse_state(self.env).no_prose = True
        lines = [*_title(f"{agency}{year}年度政府信息公开工作年度报告"), f".. gov-report:: {self.arguments[0]}", ""]
        for heading, table in zip(statute.HEADINGS[1:4], ("二", "三", "四"), strict=True):
            lines += [*_title(heading), f".. gov-table:: {table}", ""]
        self.state_machine.insert_input(lines, source or "<unknown>")
        return []


class GovRegionStatusDirective(SphinxDirective):
    """``.. gov-region-status:: 2025``: every unit of the year, missing units, 雷同 between units."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from .checks import previous_section_five

        env = self.env
        srcdir = str(env.srcdir)
        allow = settings(self.config).allow_outside_srcdir
        source, line = self.get_source_info()
        try:
            year = int(self.arguments[0])
        except ValueError:
            emit([error(Subtype.REFERENCE, f"年度应为四位数字，实际为「{self.arguments[0]}」", source, line)])
            return []
        folder = region.year_folder(srcdir, year)
        watch(env, env.docname, folder)
        registry = _registry(srcdir, env)
        files = valid_units(srcdir, year)
        for path in region.units_of(srcdir, year):
            if path not in files:
                emit([error(Subtype.REGION, "单位数据文件名不能含空格或 < > ` * | \\ : 等符号，已跳过", path, 1)])
        issues: list[Issue] = []
        rows: list[list[nodes.Node | str]] = []
        reports: list[tuple[str, Report]] = []
        texts: list[tuple[str, str]] = []
        names = [unit_name(p) for p in files]
        order = sorted(range(len(files)), key=lambda i: registry.sort_key(names[i]) if registry else (0, 0, names[i]))
        missing: list[region.Entry] = []
        if registry is not None:
            present = set(names)
            missing = [e for e in registry.due(year) if e.name not in present]
        for i in order:
            path, name = files[i], names[i]
            env.note_dependency(path)
            prose = region.prose_path(path)
            has_prose = os.path.isfile(prose)
            if has_prose:
                env.note_dependency(prose)
                try:
                    text = Path(prose).read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    text = ""
                five = previous_section_five(text)
                if five:
                    texts.append((name, five))
            report, found = validate_file(path, srcdir, allow, region.previous_of(srcdir, path))
            errors = sum(1 for x in found if x.level is Level.ERROR)
            notices = sum(1 for x in found if x.level is Level.NOTICE) + (0 if has_prose else 1)
            entry = registry.get(name) if registry else None
            if registry is not None and entry is None:
                issues.append(notice(Subtype.REGION, f"单位「{name}」不在单位名单 {region.REGISTRY} 中", path, 1))
            ok = report is not None and report.complete
            if ok and report is not None:
                reports.append((name, report))
            figures = [key_figure(report, keys) if ok and report else "—" for _label, keys in KEY_FIGURES]
            links = nodes.paragraph()
            links += doc_link(env, region.unit_docname(year, name), "报告")
            links += nodes.Text(" · ")
            links += gov_region_link("", "PDF", target=f"pdf/{pdf_name(year, name)}.pdf")
            if ok:
                links += nodes.Text(" · ")
                links += gov_region_link("", "JSON", target=target_name(srcdir, path))
            kind = entry.kind if entry else ""
            rows.append([name, kind, "已报送", "有" if has_prose else "无", str(errors), str(notices), *figures, links])
        for entry in missing:
            deadline = f"（报送期限 {entry.deadline.isoformat()}）" if entry.deadline else ""
            issues.append(
                error(
                    Subtype.REGION,
                    f"单位名单中的「{entry.name}」尚未报送 {year} 年度报告{deadline}："
                    f"没有文件 {region.UNITS_DIR}/{year}/{entry.name}.yaml",
                    registry.path if registry else source,
                    entry.line,
                )
            )
            rows.append([entry.name, entry.kind, "缺报", "—", "—", "—", *("—" for _ in KEY_FIGURES), ""])
        by_name = dict(zip(names, files, strict=True))
        for first, later in region.same_numbers(reports):
            issues.append(
                error(
                    Subtype.REGION,
                    f"「{later}」的表三、表四数字与「{first}」的逐行完全相同（雷同）；请核对是否误用了其他单位的数据",
                    by_name[later],
                    1,
                )
            )
        for first, later, share in region.similar_texts(texts):
            issues.append(
                error(
                    Subtype.REGION,
                    f"「{later}」的“{statute.HEADINGS[4]}”与「{first}」的几乎相同（相似度 {share:.0%}，雷同）",
                    region.prose_path(by_name[later]),
                    1,
                )
            )
        emit(issues)
        out: list[nodes.Node] = []
        head = f"{year}年度共 {len(files)} 个单位报送"
        if registry is not None:
            head += f"，单位名单中应报 {len(registry.due(year))} 个，缺报 {len(missing)} 个"
        para = _para(head + "。")
        summary = region.summary_doc(srcdir, year)
        if summary:
            para += nodes.Text(" 汇总：")
            para += doc_link(env, summary, f"{year}年度汇总")
        out.append(para)
        header = ["单位", "类别", "报告", "正文", "数据错误", "提示", *(label for label, _k in KEY_FIGURES), "链接"]
        out.append(simple_table(header, rows, ["gov-region-status"]))
        return out


class GovRegionUnitsDirective(SphinxDirective):
    """``.. gov-region-units::``: one row per unit, one column per year, linking each year's report."""

    def run(self) -> list[nodes.Node]:
        env = self.env
        srcdir = str(env.srcdir)
        registry = _registry(srcdir, env)
        if registry is not None:
            emit(registry.issues)
        watch(env, env.docname, os.path.join(srcdir, region.UNITS_DIR))
        years = list(reversed(region.years(srcdir)))
        present: dict[int, set[str]] = {}
        for year in years:
            watch(env, env.docname, region.year_folder(srcdir, year))
            present[year] = {unit_name(p) for p in valid_units(srcdir, year)}
        names = sorted(
            set().union(*present.values(), (e.name for e in (registry.entries if registry else []))),
            key=lambda n: registry.sort_key(n) if registry else (0, 0, n),
        )
        rows: list[list[nodes.Node | str]] = []
        for name in names:
            entry = registry.get(name) if registry else None
            cells: list[nodes.Node | str] = [name, entry.kind if entry else ""]
            for year in years:
                if name in present[year]:
                    cells.append(_para(doc_link(env, region.unit_docname(year, name), f"{year}年度")))
                elif entry is not None and (entry.since is None or entry.since <= year):
                    cells.append("缺报")
                else:
                    cells.append("—")
            rows.append(cells)
        return [simple_table(["单位", "类别", *(f"{y}年度" for y in years)], rows, ["gov-region-units"])]


class GovBreakdownDirective(SphinxDirective):
    """``.. gov-breakdown::`` on a 汇总 page: for each row, the units' figures and a link to each unit."""

    option_spec: ClassVar[dict[str, Any]] = {"tables": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from .directives import parse_state

        source, line = self.get_source_info()
        path = parse_state(self.env).report
        srcdir = str(self.env.srcdir)
        allow = settings(self.config).allow_outside_srcdir
        rolled = summarize(path, srcdir, allow)[0] if path else None
        if rolled is None or not rolled.provenance:
            if path:
                emit([error(Subtype.REFERENCE, "gov-breakdown 只能用于汇总报告（数据文件中有 sum_of）", source, line)])
            return []
        wanted = (self.options.get("tables") or "二 三 四").replace(",", " ").split()
        spec = rolled.report.spec
        out: list[nodes.Node] = []
        listing = nodes.paragraph()
        listing += nodes.Text(f"本汇总由 {len(rolled.units)} 个单位的报告逐项相加：")
        for i, unit in enumerate(rolled.units):
            if i:
                listing += nodes.Text("、")
            listing += self.unit_link(unit.name, unit.path)
        out.append(listing)
        groups: list[tuple[str, list[tuple[str, list[tuple[str, ...]], list[str]]]]] = []
        if "二" in wanted:
            groups.append(
                (
                    statute.HEADINGS[1],
                    [
                        (
                            f"{block.title} / {row.labels[-1]}",
                            [("active", *row.key, c.key) for c in block.columns],
                            [c.labels[-1] for c in block.columns],
                        )
                        for block, row in statute.active_rows(spec)
                    ],
                )
            )
        for table, name, rows, columns in (
            ("三", "applications", spec.applications_rows, spec.applications_columns),
            ("四", "appeals", spec.appeals_rows, spec.appeals_columns),
        ):
            if table in wanted:
                groups.append(
                    (
                        statute.TABLE_TITLES[table],
                        [
                            (
                                " / ".join(row.labels),
                                [(name, *row.key, c.key) for c in columns],
                                [c.labels[-1] for c in columns],
                            )
                            for row in rows
                        ],
                    )
                )
        for heading, rows_ in groups:
            out.append(nodes.rubric(f"各单位明细：{heading}", f"各单位明细：{heading}"))
            for label, keys, labels in rows_:
                body: list[list[str]] = []
                for index, unit in enumerate(rolled.units):
                    values = [rolled.provenance[k][index][1] for k in keys]
                    if any(values):
                        body.append([unit.name, self.unit_doc(unit.path), *map(format_number, values)])
                body.append(["合计", "", *(format_number(rolled.report.value(k)) for k in keys)])
                out.append(gov_breakdown("", label=label, headers=["单位", *labels], rows=body))
        return out

    def unit_doc(self, path: str) -> str:
        """The page of the unit whose data is ``path`` (``""`` outside a region's ``units/``)."""
        found = region.unit_of(str(self.env.srcdir), path) if settings(self.config).region_name else None
        return region.unit_docname(*found) if found is not None else ""

    def unit_link(self, name: str, path: str) -> nodes.Node:
        docname = self.unit_doc(path)
        return doc_link(self.env, docname, name) if docname else nodes.Text(name)


def visit_breakdown_html(self: Any, node: gov_breakdown) -> None:
    builder = self.builder
    out = [f'<details class="gov-breakdown"><summary>{escape(node["label"])}</summary>']
    out.append('<table class="docutils gov-breakdown-table"><thead><tr>')
    out += [f"<th>{escape(h)}</th>" for h in node["headers"]]
    out.append("</tr></thead><tbody>")
    for name, docname, *values in node["rows"]:
        if docname:
            uri = builder.get_relative_uri(builder.current_docname, docname)
            first = f'<a class="reference internal" href="{escape(uri)}">{escape(name)}</a>'
        else:
            first = escape(name)
        out.append(f"<tr><td>{first}</td>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>")
    out.append("</tbody></table></details>\n")
    self.body.append("".join(out))
    raise nodes.SkipNode


class LinkFiles(SphinxPostTransform):
    """HTML builders: the links of the status pages to the PDF and JSON files."""

    default_priority = 189
    builders = tuple(sorted(HTML_BUILDERS))

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(gov_region_link)):
            node.replace_self(gov_report_json_link("", node.astext(), target=node["target"]))


def doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (after every post-transform): the breakdowns only in HTML, and the
    status pages' PDF/JSON links as plain text where no HTML page links them."""
    if app.builder.format != "html":
        for node in list(doctree.findall(gov_breakdown)):
            node.parent.remove(node)
    for link in list(doctree.findall(gov_region_link)):
        link.replace_self(nodes.Text(link.astext()))
