"""``sphinx-gov-report new``: a ready-to-build report project, optionally carried over from last year's.

The files come from the Jinja2 templates in ``project_template/``; the data
file's rows and their Chinese comments are generated from
:mod:`sphinx_gov_report.template`.  Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docutils.utils import column_width
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core import schema, statute
from ..core.characters import unsafe_characters
from ..core.diagnostics import Issue, Level
from ..core.files import Unreadable, read_regular
from ..core.model import Number, Report
from ..core.paths import check_inside
from ..core.reader import CONTACT_KEYS, CONTACT_LABELS
from ..core.rules import validate_file
from ..core.statute import Column, FormatSpec, Key
from .carry import carry
from .common import SKIP_DIRS, UsageError

TEMPLATES = Path(__file__).parent / "project_template"
#: Years a report can be for (the same range as the data file's ``year``).
MIN_YEAR, MAX_YEAR = statute.YEAR_MIN, statute.YEAR_MAX
_DIRECTIVE = re.compile(
    r"^(?:\.\.\s+gov-report::|(?:```|:::)\s*\{gov-report\})\s*(\S.*?)\s*$", re.MULTILINE
)  # reST or MyST
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def check_agency(agency: str) -> None:
    """Refuse an agency name that is markup or contains invisible/control characters.

    The name goes into conf.py (``project``, ``html_title``), the title of
    index.rst and comments of the data file; themes print ``html_title`` as HTML.
    The invisible characters are those the build refuses (:mod:`..core.characters`).
    """
    bad = sorted({c for c in agency if c in "<>"} | set(unsafe_characters(agency, one_line=True)))
    if bad:
        shown = "、".join(c if c in "<>" else f"U+{ord(c):04X}" for c in bad)
        name = "".join(c if c in "<>" or c not in bad else f"\\u{ord(c):04x}" for c in agency)
        raise UsageError(
            f"机关名称「{name}」含有不允许的字符（{shown}）：机关名称不能含尖括号 < >、控制字符或不可见字符"
            " / the agency name must not contain <, > or control characters"
        )


def md_escape(text: str) -> str:
    """Text for MyST Markdown: ASCII punctuation that could start markup backslash-escaped."""
    return re.sub(r"([\\`*_\[\]{}#|~<>!$%])", r"\\\1", text)


def rst_escape(text: str) -> str:
    return re.sub(r"([\\`*_|])", r"\\\1", text)


_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,
)
_env.filters["pyrepr"] = repr
_env.filters["yaml"] = yaml_str


# -- last year's report ------------------------------------------------------
@dataclass
class LastYear:
    data: Path
    report: Report
    text: Path | None = None
    project: Path | None = None
    conf: dict[str, object] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)  #: rule errors in last year's data


def _rst_files(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS | {"previous"})
        for name in sorted(filenames):
            if name.endswith((".rst", ".md")):
                yield Path(dirpath, name)


def _documents(root: Path) -> dict[Path, Path]:
    """Report data file → the document naming it, for the documents under ``root``."""
    found: dict[Path, Path] = {}
    for rst in _rst_files(root):
        try:
            text = read_regular(str(rst)).decode("utf-8-sig")  # never a FIFO or a device named *.rst
        except (Unreadable, UnicodeDecodeError):
            continue
        for match in _DIRECTIVE.finditer(text):
            arg = match.group(1)
            target = root / arg.lstrip("/") if arg.startswith("/") else rst.parent / arg
            found.setdefault(Path(os.path.normpath(target)), rst)
    return found


def _read_text(path: Path, what: str, root: Path | None) -> str:
    """A file of last year's project: inside ``root`` (after symlinks), regular, bounded, UTF-8."""
    if root is not None and not check_inside(str(path), str(root), False):
        raise UsageError(
            f"上一年度报告的{what}「{path}」在其项目目录（{root}）之外，构建时会被拒绝读取，未作任何改动"
            f" / last year's {what} is outside its project: {path}"
        )
    try:
        return read_regular(str(path)).decode("utf-8-sig")
    except Unreadable as exc:
        raise UsageError(f"上一年度报告的{what}「{path}」{exc} / cannot read {path}") from None
    except UnicodeDecodeError:
        raise UsageError(f"上一年度报告的{what}「{path}」不是 UTF-8 编码 / not UTF-8: {path}") from None


def _conf_values(conf: Path) -> dict[str, object]:
    """Literal assignments of ``conf.py`` (read, never executed)."""
    values: dict[str, object] = {}
    try:
        tree = ast.parse(read_regular(str(conf)).decode("utf-8-sig"))
    except (Unreadable, SyntaxError, UnicodeDecodeError, ValueError):
        return values
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


def find_last_year(source: str) -> LastYear:
    """Last year's data file, document and project from a project directory or a data file."""
    path = Path(source)
    if path.is_dir():
        docs = _documents(path)
        if not docs:
            raise UsageError(f"{source} 中没有找到使用 gov-report 指令的文档 / no report document found")
        if len(docs) > 1:
            names = "、".join(str(p) for p in docs)
            raise UsageError(f"{source} 中有多份报告（{names}），请用 --from 直接指定其中一个 YAML 文件")
        data, text = next(iter(docs.items()))
        project: Path | None = path
    elif path.is_file():
        data, text, project = Path(os.path.normpath(path)), None, None
        for parent in list(path.resolve().parents)[:3]:
            if (parent / "conf.py").exists():
                project = parent
                text = _documents(parent).get(data.resolve()) or _documents(parent).get(data)
                break
    else:
        raise UsageError(f"找不到上一年度报告 / no such file or directory: {source}")
    if not data.is_file():
        raise UsageError(f"上一年度报告的数据文件不存在 / data file missing: {data}")
    root = project if project is not None else data.parent
    _read_text(data, "数据文件", root)  # refuses a data file outside last year's project
    if text is not None:
        _read_text(text, "报告文档", root)
    report, issues = validate_file(str(data), str(root), False)
    if report is None:
        details = "；".join(i.format() for i in issues)
        raise UsageError(f"无法读取上一年度报告数据 / cannot read last year's data: {details}")
    conf = _conf_values(project / "conf.py") if project and (project / "conf.py").exists() else {}
    return LastYear(data, report, text, project, conf, [i for i in issues if i.level is Level.ERROR])


# -- the data file -----------------------------------------------------------
def _numbers(values: list[Number]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _row_value(values: dict[Key, Number], prefix: Key, columns: tuple[Column, ...]) -> str:
    nums = [values.get((*prefix, c.key), 0) for c in columns]
    return str(nums[0]) if len(nums) == 1 else _numbers(nums)


def _align(lines: list[tuple[str, str]]) -> list[str]:
    width = max(column_width(code) for code, _ in lines if code) + 2
    return [
        (f"{code}{' ' * (width - column_width(code))}# {comment}" if comment else code) if code else comment
        for code, comment in lines
    ]


def meta_lines(spec: FormatSpec, agency: str, year: int, website: dict[str, str], contact: list) -> str:
    """The metadata part of the data file, each key explained in a comment."""
    out: list[tuple[str, str]] = [
        (f'format: "{spec.version}"', f"格式版本：{spec.name}"),
        (f"agency: {yaml_str(agency)}", "机关名称"),
        (f"year: {year}", "年度"),
        ("# period:", "统计期限（默认为当年1月1日至12月31日）"),
        (f"#   start: {year}-01-01", "起"),
        (f"#   end: {year}-12-31", "止"),
        ("website:", "本报告电子版的下载网站"),
        (f"  name: {yaml_str(website['name'])}", "网站名称"),
        (f"  url: {yaml_str(website['url'])}", "网址"),
        ("contact:", "联系方式（如对本报告有疑问）"),
        *((f"  {key}: {yaml_str(value)}", label) for key, label, value in contact),
    ]
    return "\n".join(_align(out)) + "\n"


def table_lines(spec: FormatSpec, values: dict[Key, Number]) -> str:
    """The YAML of tables 二, 三, 四 with every row labelled in Chinese comments, in official order."""
    out: list[tuple[str, str]] = [("", f"# {statute.HEADINGS[1]}"), ("active:", "")]
    for block in spec.active:
        cols = "、".join(c.labels[-1] for c in block.columns)
        out.append(("", f"  # {block.title}（依次为：{cols}）"))
        for row in block.rows:
            out.append((f"  {row.key[0]}: {_row_value(values, ('active', *row.key), block.columns)}", row.labels[-1]))
    for name, rows, columns in (
        ("applications", spec.applications_rows, spec.applications_columns),
        ("appeals", spec.appeals_rows, spec.appeals_columns),
    ):
        heading = statute.TABLE_TITLES[next(k for k, v in statute.TABLE_KEYS.items() if v == name)]
        parts = columns[:-1]
        cols = "、".join(c.labels[-1] for c in parts)
        out += [("", ""), ("", f"# {heading}"), ("", f"# 每行依次为：{cols}；总计可省略（自动计算）"), (f"{name}:", "")]
        opened: tuple[str, ...] = ()
        for row in rows:
            groups = row.key[:-1]
            for depth in range(len(groups)):
                if groups[: depth + 1] != opened[: depth + 1]:
                    out.append((f"{'  ' * (depth + 1)}{groups[depth]}:", row.labels[depth]))
            opened = groups
            indent = "  " * (len(groups) + 1)
            code = f"{indent}{row.key[-1]}: {_row_value(values, (name, *row.key), parts)}"
            label = " / ".join(row.labels[len(groups) :]) if name == "applications" else " / ".join(row.labels)
            if row.key == ("results", "total"):
                out.append((f"{indent}# total: {_row_value({}, (), parts)}", f"{label}（自动计算，可省略）"))
            else:
                out.append((code, label))
    return "\n".join(_align(out)) + "\n"


def carry_forward(spec: FormatSpec, prev: Report, values: dict[Key, Number]) -> list[str]:
    """Fill ``values`` from last year's report by the statute's cross-year relations; what was filled.

    The carry-over (上年结转 = last year's 结转下年度) is written to this year's 结转下年度 too, so that
    the 勾稽 relation holds until the clerk updates it; a stock starts from last year's figure.
    """
    last_cells = set(statute.all_cells(prev.spec))
    said: list[str] = []
    carried_over = [r for r in spec.cross_year if r.rule == "carry-over" and set(r.last) <= last_cells]
    for relation in carried_over:
        if relation.this[-1] == "total":
            continue  # computed
        pending = sum(prev.value(k) for k in relation.last)
        values[relation.this] = pending
        values[relation.last[0]] = pending
    if carried_over:
        this, last = carried_over[0].this, carried_over[0].last[0]
        said.append(
            f"表三“{statute.row_name(spec, this[:-1])}”（= 上一年度“{statute.row_name(prev.spec, last[:-1])}”；"
            f"“{statute.row_name(spec, last[:-1])}”暂填同样的数字以满足勾稽关系，请按本年办理情况更新）"
        )
    stocks = [r for r in spec.cross_year if r.rule == "stock" and set(r.last) <= last_cells]
    for relation in stocks:
        values[relation.this] = sum(prev.value(k) for k in relation.last)
    if stocks:
        names = "、".join(dict.fromkeys(statute.column_label(spec, r.this) for r in stocks))
        said.append(f"表二“{names}”（上一年度的数字，请按本年情况更新）")
    return said


# -- the project -------------------------------------------------------------
def _relocated(text: str, last: LastYear) -> str:
    """Last year's data as copied into ``previous/``: its own ``previous`` link commented out."""
    text = _MODELINE.sub(f"# yaml-language-server: $schema=../data/{schema.SCHEMA_NAME}", text)
    line = last.report.lines.get("previous")
    lines = text.splitlines(keepends=True)
    if line and lines[line - 1].startswith("previous:"):
        end = line
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "#")):
            end += 1
        note = "# （以下为上一年度报告对其上一年度的链接，复制到本项目后已停用）\n"
        lines[line - 1 : end] = [note, *("# " + x if x.strip() else x for x in lines[line - 1 : end])]
    return "".join(lines)


def plan(args: argparse.Namespace, last: LastYear | None) -> dict[str, str | bytes]:
    """Every file of the new project (relative path → content), before anything is written."""
    prev = last.report if last else None
    agency = args.agency or (prev.agency if prev else None)
    if not agency:
        raise UsageError("请用 --agency 指定机关名称（或用 --from 沿用上一年度报告）/ --agency is required")
    check_agency(agency)
    year = args.year if args.year is not None else (prev.year + 1 if prev and prev.year else dt.date.today().year - 1)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份，实际为 {year} / --year out of range: {year}")
    fmt = args.fmt or statute.expected_format(year)
    if fmt != statute.expected_format(year):
        raise UsageError(f"{year}年度报告应使用 {statute.expected_format(year)} 格式，而不是 {fmt}")
    spec = statute.FORMATS[fmt]
    website = {
        "name": args.website_name or (prev.website_name if prev else ""),
        "url": args.website_url or (prev.website_url if prev else ""),
    }
    contact = [
        (k, CONTACT_LABELS[k], getattr(args, f"contact_{k}") or (getattr(prev.contact, k) if prev else ""))
        for k in CONTACT_KEYS
    ]
    values: dict[Key, Number] = {}
    carried: list[str] = []
    files: dict[str, str | bytes] = {}
    previous_data = previous_text = None
    if last is not None and prev is not None:
        carried += carry_forward(spec, prev, values)
        root = last.project or last.data.parent
        name = last.data.name
        files[f"previous/{name}"] = _relocated(_read_text(last.data, "数据文件", root), last)
        previous_data = f"../previous/{name}"
        if last.text is not None:
            files[f"previous/{last.text.name}"] = _read_text(last.text, "报告文档", root)
            previous_text = f"../previous/{last.text.name}"
    title = f"{agency}{year}年度政府信息公开工作年度报告"
    preamble_template = None
    if last is not None and last.project is not None:
        template_name = last.conf.get("gov_report_preamble_template")
        if isinstance(template_name, str) and template_name.strip() and (last.project / template_name).is_file():
            # Always a file of the new project: a template from a shared folder is copied into _templates/.
            source = last.project / template_name
            inside = not os.path.isabs(template_name) and check_inside(str(source), str(last.project), False)
            relative = Path(os.path.normpath(template_name)).as_posix() if inside else f"_templates/{source.name}"
            preamble_template = relative
            files[relative] = _read_text(source, "前言模板", None)
    data_path = f"data/{year}.yaml"
    markup = getattr(args, "markup", None) or (
        "md" if last is not None and last.text is not None and last.text.suffix == ".md" else "rst"
    )
    index_name = "index.md" if markup == "md" else "index.rst"
    prose = None
    if last is not None and prev is not None and last.text is not None and last.text.suffix == f".{markup}":
        last_text = _read_text(last.text, "报告文档", root).replace("\r\n", "\n")
        prose = carry(last_text, prev, year, data_path, markup == "md")
    figures = [(name, cell.value) for name, cell in prev.figures.items()] if prev and prose else []
    context = {
        "markup": markup,
        "figures": [(yaml_str(name), value) for name, value in figures],
        "title_md": md_escape(title),
        "agency_md": md_escape(agency),
        "agency": agency,
        "agency_rst": rst_escape(agency),
        "year": year,
        "format": fmt,
        "format_name": spec.name,
        "title": title,
        "title_rst": rst_escape(title),
        "rule": "=" * (column_width(rst_escape(title)) + 2),
        "copyright": f"{year + 1}，{agency}",
        "data_path": data_path,
        "data_dir": "data",
        "schema_path": schema.SCHEMA_NAME,
        "website": website,
        "contact": contact,
        "meta": meta_lines(spec, agency, year, website, contact),
        "tables": table_lines(spec, values),
        "carried": "；".join(carried),
        "previous_data": previous_data,
        "previous_text": previous_text,
        "preamble_template": preamble_template,
        "preamble": last.conf.get("gov_report_preamble", True) if last else True,
    }
    files.update(
        {
            "conf.py": _env.get_template("conf.py.jinja").render(context),
            index_name: prose.text if prose else _env.get_template(f"{index_name}.jinja").render(context),
            data_path: _env.get_template("data.yaml.jinja").render(context),
            f"data/{schema.SCHEMA_NAME}": schema.schema_text(),
            "Makefile": _env.get_template("Makefile.jinja").render(context),
            "make.bat": _env.get_template("make.bat.jinja").render(context).replace("\n", "\r\n").encode("ascii"),
            ".gitignore": _env.get_template("gitignore.jinja").render(context),
        }
    )
    return files


def _write_all(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` under ``root``; on any error remove what was written, so no partial project is left."""
    made: list[Path] = []  # files and directories created, in order
    try:
        for name, content in files.items():
            target = root / name
            missing = [p for p in (target.parent, *target.parent.parents) if not os.path.lexists(p)]
            for directory in reversed(missing):
                directory.mkdir()
                made.append(directory)
            with open(target, "xb") as fh:
                made.append(target)
                fh.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    except BaseException:
        for path in reversed(made):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise


def plan_region(args: argparse.Namespace) -> dict[str, str | bytes]:
    """A region project (``new --region``): conf.py, index, a sample unit, the registry and the 汇总."""
    name = args.region.strip()
    check_agency(name)
    if not name:
        raise UsageError("请用 --region 指定地区名称，如“某某县” / --region needs a name")
    if args.source:
        raise UsageError("--region 不能与 --from 同时使用 / --region cannot be combined with --from")
    year = args.year or dt.date.today().year - 1
    fmt = args.fmt or statute.expected_format(year)
    spec = statute.FORMATS[fmt]
    level = name[-1] if name[-1] in "县区市省旗州盟" else "地区"
    unit = "示例部门"
    agency = args.agency or f"{name}{unit}"
    website = {"name": args.website_name or "", "url": args.website_url or ""}
    contact = [(k, CONTACT_LABELS[k], getattr(args, f"contact_{k}") or "") for k in CONTACT_KEYS]
    title = f"{name}政府信息公开工作年度报告"
    unit_title = f"{agency}{year}年度政府信息公开工作年度报告"
    summary_title = f"{name}{year}年度政府信息公开工作年度报告（汇总）"
    context = {
        "region": name,
        "region_rst": rst_escape(name),
        "level": level,
        "year": year,
        "unit": unit,
        "agency": agency,
        "agency_rst": rst_escape(agency),
        "format": fmt,
        "format_name": spec.name,
        "title": unit_title,
        "title_rst": rst_escape(unit_title),
        "rule": "=" * (column_width(rst_escape(unit_title)) + 2),
        "copyright": f"{year + 1}，{name}",
        "data_path": f"{unit}.yaml",
        "data_dir": f"units/{year}",
        "schema_path": f"../{schema.SCHEMA_NAME}",
        "website": website,
        "contact": contact,
        "meta": meta_lines(spec, agency, year, website, contact),
        "tables": table_lines(spec, {}),
        "carried": "",
        "previous_data": None,
        "previous_text": None,
        "preamble_template": None,
        "preamble": True,
        "summary_title_rst": rst_escape(summary_title),
        "summary_rule": "=" * (column_width(rst_escape(summary_title)) + 2),
    }
    top = dict(context, title_rst=rst_escape(title), rule="=" * (column_width(rst_escape(title)) + 2))
    return {
        "conf.py": _env.get_template("region/conf.py.jinja").render(context),
        "index.rst": _env.get_template("region/index.rst.jinja").render(top),
        "units.yaml": _env.get_template("region/units.yaml.jinja").render(context),
        f"units/{schema.SCHEMA_NAME}": schema.schema_text(),
        f"units/{year}/{unit}.yaml": _env.get_template("data.yaml.jinja").render(context),
        f"units/{year}/{unit}.rst": _env.get_template("index.rst.jinja").render(context),
        f"summary/{year}.yaml": _env.get_template("region/summary.yaml.jinja").render(context),
        f"summary/{year}.rst": _env.get_template("region/summary.rst.jinja").render(context),
        "Makefile": _env.get_template("region/Makefile.jinja").render(context),
        "make.bat": _env.get_template("make.bat.jinja").render(context).replace("\n", "\r\n").encode("ascii"),
        ".gitignore": _env.get_template("region/gitignore.jinja").render(context),
    }


def create(args: argparse.Namespace) -> list[str]:
    """Write the project; refuses (naming the files) if any of them exists.  Returns messages."""
    root = Path(args.directory)
    if getattr(args, "region", None) is not None:
        return _write_project(root, plan_region(args), None, [], region=True)
    published = getattr(args, "published", None)
    if published and args.source:
        raise UsageError("--from 与 --from-published 只能用一个 / use either --from or --from-published")
    if published:
        from .importcmd import last_year_from_published

        with last_year_from_published(published) as (source, notes):
            imported = find_last_year(source)
            files = plan(args, imported)
        messages = _write_project(root, files, imported, notes)
        return [m for m in messages if not m.startswith("已从上一年度报告结转")]
    last = find_last_year(args.source) if args.source else None
    files = plan(args, last)
    return _write_project(root, files, last, [])


def _write_project(
    root: Path, files: dict[str, str | bytes], last: LastYear | None, notes: list[str], region: bool = False
) -> list[str]:
    existing = [str(root / name) for name in files if os.path.lexists(root / name)]
    if existing:
        raise UsageError(f"文件已存在，未作任何改动 / refusing to overwrite: {'、'.join(existing)}")
    blocked = sorted(
        {
            str(parent)
            for name in files
            for parent in (root / name).parents
            if os.path.lexists(parent) and not parent.is_dir()
        }
    )
    if blocked:
        raise UsageError(
            f"以下路径已存在但不是目录（可能是文件或失效的符号链接），未作任何改动 / not a directory: {'、'.join(blocked)}"
        )
    try:
        _write_all(root, files)
    except OSError as exc:
        raise UsageError(
            f"无法写入「{exc.filename or root}」：{exc.strerror or exc}；已删除本次写入的文件，未留下不完整的项目"
            f" / cannot write, nothing left behind"
        ) from None
    messages = [f"已创建报告项目 / created: {root}", *(f"  {name}" for name in files)]
    if last is not None:
        messages.append(f"已从上一年度报告结转 / carried over from: {last.data}")
        if last.errors:
            messages.append(
                f"注意：上一年度报告数据有 {len(last.errors)} 个错误，结转的数字请核对 / last year's data has errors:"
            )
            messages += [f"  {issue.format()}" for issue in last.errors]
    messages += notes
    if last is not None and last.text is not None and any(name.startswith("index.") for name in files):
        messages.append(
            f"正文沿用上一年度报告（{last.text.name}）：与上一年度表格数字相符的数字已改为引用本年数据，"
            "需要改写之处标有「【待修改】」/ last year's text carried over; places to rewrite are marked 【待修改】"
        )
    if region:
        messages.append(
            f"下一步 / next: 把各单位的 <单位>.yaml、<单位>.rst 放入 {root / 'units'} 下的年度目录，然后运行 make html"
        )
    else:
        messages.append(f"下一步 / next: 填写 {root / 'data'}，然后在 {root} 中运行 make html")
    return messages
